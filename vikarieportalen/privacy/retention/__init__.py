"""Retention: how long the portal keeps each kind of personal data, and the daily purge.

``policy.RULES`` is the list (kind, setting, reason, what has expired, how it goes);
``services.purge_expired_data`` applies it; ``manage.py purge_expired_data`` runs it by hand.
docs/privacy.md explains each period.
"""
