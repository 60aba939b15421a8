"""Production: refuses to start without a real secret key; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import _smtp_options, env_bool, env_int, env_str

DEBUG = False
# Turns on the production checks (vikarieportalen/core/ops/checks.py, notifications/checks.py): errors that
# stop every manage.py command and the WSGI/ASGI start-up on unsafe configuration.
PRODUCTION = True
# true only when exactly one web process serves the portal (gunicorn --workers 1): then a
# per-process cache is accepted without REDIS_URL (check core.E002).
SINGLE_PROCESS = env_bool("SINGLE_PROCESS", False)
# The intranet's caches need a cache every web process shares (Redis), or a single process.
INTRANET_CACHE_SECONDS = env_int("INTRANET_CACHE_SECONDS", 300 if REDIS_URL or SINGLE_PROCESS else 0)

_WEAK_KEY_MARKERS = ("dev-only", "test-only", "change-me", "insecure", "secret")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or any(marker in SECRET_KEY.lower() for marker in _WEAK_KEY_MARKERS)
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading binds the municipality's whole domain; it is opted into, not a deploy warning.
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Real mail over SMTP (EMAIL_HOST …) unless EMAIL_BACKEND names another backend; never the console.
if not env_str("EMAIL_BACKEND"):
    MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": _smtp_options}
    }

# Staff pages with other people's personal data need a strong login; only a demo may relax that.
if STAFF_PERSONAL_DATA_ASSURANCE != "high":
    raise ImproperlyConfigured(
        "STAFF_PERSONAL_DATA_ASSURANCE must be 'high' in production: staff who read other people's "
        "personal data log in with password + SMS code, e-ID or staff card. 'low' is for a demo only."
    )

# ----------------------------------------------------------------------------------------------
# Security headers and cookies (docs/deployment.md). The __Host- prefix makes the browser refuse
# the cookie unless it is Secure, for the whole site (Path=/) and bound to this host (no Domain):
# a sibling subdomain cannot set or overwrite it.
# ----------------------------------------------------------------------------------------------
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
