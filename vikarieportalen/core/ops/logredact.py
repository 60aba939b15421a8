"""Secret tokens in URLs never reach a log: the one list of them, and the filter that hides them.

A link in an SMS or e-mail (an offer, an activation, a new e-mail address), a calendar feed, the
SMS gateway's callbacks and django-rq's monitoring URL carry their secret in the path; a
certificate check can carry its code in the query (``?kod=``). Whoever reads a request line in an
access log could use it, so every log record passes ``RedactSecretsFilter``: Django's own loggers
(``django.server`` under runserver, ``django.request`` for 404s and errors, ``django.security``
for CSRF refusals) through the handlers
in ``LOGGING``, and gunicorn's access and error logs through ``config/gunicorn.conf.py``.

``core/tests/ops/test_logredact.py`` checks that every URL pattern with a ``token`` or ``secret`` in it
is covered: a new one must be added here.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# A path begins at the start of the text, after a space, a quote, "=" or "(", or after a scheme
# and host (a referer: "https://vikarie.example.se/f/…").
_PATH_START = r"(?<![^\s\"'=(])(?:https?://[^/\s\"']+)?"
_SEGMENT = r"[^/?#\s\"'.]+"  # a token has no dot: /bemanning/kalender/[redacted].ics

_SECRET_PATHS = (
    "f",  # offer short link: /f/<token>/
    "konto/aktivera",  # account activation: /konto/aktivera/<token>/
    "konto/mina-uppgifter/e-post",  # confirm a new e-mail address: …/e-post/<token>/
    "konto/mina-uppgifter/aviseringar/oppnad",  # a push notice opened: …/oppnad/<token>/
    "bemanning/kalender",  # calendar feed: /bemanning/kalender/<token>.ics
    "notifications/sms",  # SMS gateway callbacks: /notifications/sms/<secret>/delivered/
    "admin/django_rq/dashboard/stats.json",  # django-rq's statistics for monitoring: …/<token>/
)
_ONE_SEGMENT = re.compile(
    rf"(?P<keep>{_PATH_START}/(?:{'|'.join(re.escape(p) for p in _SECRET_PATHS)})/){_SEGMENT}"
)
# Wagtail's editor password reset: /cms/password_reset/confirm/<uidb64>/<token>/
_TWO_SEGMENTS = re.compile(rf"(?P<keep>{_PATH_START}/cms/password_reset/confirm/){_SEGMENT}/{_SEGMENT}")
# The certificate check's code, /intyg/kontroll/?nummer=…&kod=… (the link printed on a certificate).
_SECRET_QUERY = re.compile(r"(?P<keep>[?&](?:amp;)?kod=)[^&#\s\"']+")


def redact(text: str) -> str:
    """``text`` with every secret URL part replaced by ``[redacted]``."""
    text = _ONE_SEGMENT.sub(rf"\g<keep>{REDACTED}", text)
    text = _TWO_SEGMENTS.sub(rf"\g<keep>{REDACTED}/{REDACTED}", text)
    return _SECRET_QUERY.sub(rf"\g<keep>{REDACTED}", text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record's message without its secrets; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: left for the handler to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
