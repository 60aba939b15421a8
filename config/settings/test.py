"""Defaults for the test suite: fast hashing, tasks run at once, the same database rules."""

from .base import *
from .base import env_str

SECRET_KEY = env_str("SECRET_KEY", "test-only-not-secret-vikarieportalen")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STORAGES["private"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # support attachments
MUNICIPAL_NETWORKS = ["10.20.0.0/16", "2001:db8:20::/48"]
TRUSTED_PROXIES = ["10.99.0.1"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SMS_BACKEND = "vikarieportalen.notifications.sms_backends.locmem.SmsBackend"
NOTIFICATIONS_QUIET_HOURS = "off"
# Tasks run inline, inside the test's transaction, where a burst's threads (connections of their
# own) could not see the messages: one at a time here; notifications/tests/test_burst.py turns the
# burst on against committed rows.
SMS_CONCURRENCY = 1
# Each test process gets its own cache keys on a shared Redis, so parallel runs do not meet.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    import os as _os

    CACHES["default"]["KEY_PREFIX"] = f"vp-test-{_os.getpid()}"
# The intranet's caches are off, as without Redis; the tests of caching switch them on
# (vikarieportalen/intranet/tests/test_caching.py).
INTRANET_CACHE_SECONDS = 0
# Web Push on, with a key for tests only (push notices go nowhere unless a test adds a device).
VAPID_PRIVATE_KEY = "ek-qO_jayR4axURG_Ida6Y_wHlB9Zc5ilVOB-zfPLfc"
VAPID_SUBJECT = "mailto:test@example.se"
# The push tests talk to a local push service on 127.0.0.1; the tests of the address checks turn
# this off (notifications/push/tests/test_addresses.py).
PUSH_ALLOW_PRIVATE_ADDRESSES = True
