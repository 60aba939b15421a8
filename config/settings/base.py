"""One settings base, read from the environment. Every variable is listed in docs/settings.md."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, cast

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Lets the classes django-stubs makes generic (ModelAdmin[Shift], ModelForm[Workplace], Feed[…]) be
# subscripted at runtime too, before any app module is imported.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "vikarieportalen.core.views.csrf_failure"

INSTALLED_APPS = [
    "vikarieportalen.core",
    "vikarieportalen.audit",
    "vikarieportalen.accounts",
    "vikarieportalen.notifications",
    "vikarieportalen.staffing",
    "vikarieportalen.intranet",
    "vikarieportalen.trainings",
    "vikarieportalen.feedback",
    "vikarieportalen.support",
    "vikarieportalen.payroll",
    "vikarieportalen.certificates",
    "vikarieportalen.statistics",
    "vikarieportalen.privacy",
    "vikarieportalen.demo",
    # Only the Wagtail apps a feature uses: no form pages, site settings or embeds (oEmbed would
    # frame other sites, which the CSP refuses). routable_page serves the news feed (Atom).
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_htmx",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Anonymous readers' intranet pages from the cache (intranet/serving/caching.py); before the language
    # middleware so that its process_view (which routes the page) runs first.
    "vikarieportalen.intranet.serving.middleware.PageCacheMiddleware",
    # Django's LocaleMiddleware, except that the language cookie still counts on addresses without
    # a language prefix (English intranet pages live under /en/; see intranet/serving/middleware.py).
    "vikarieportalen.intranet.serving.middleware.ContentLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vikarieportalen.accounts.middleware.PasswordExpiryMiddleware",
    "vikarieportalen.accounts.middleware.ClientNetworkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vikarieportalen.accounts.sessions.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vikarieportalen.intranet.serving.middleware.RedirectMiddleware",  # Wagtail's, ignoring letter case
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vikarieportalen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vikarieportalen.core.web.context_processors.portal",
                "vikarieportalen.intranet.context_processors.footer",
            ],
        },
    },
]

# Database: a SQLite file by default, PostgreSQL in production (DATABASE_URL=postgres://…).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
SILENCED_SYSTEM_CHECKS: list[str] = []  # the settings modules above this one add to it
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An index's covering columns (INCLUDE) are PostgreSQL's; SQLite builds the index without them.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
    # WAL and a busy timeout let the web server and the worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text fields and GIN indexes there.
    INSTALLED_APPS.append("django.contrib.postgres")
    # Fail fast instead of hanging: a server that accepts and never answers is given up after the
    # connect timeout (psycopg waits at least 2 s), and a query is cancelled by the server after the
    # statement timeout (0: none; `DB_STATEMENT_TIMEOUT_SECONDS=0 manage.py migrate` for long migrations).
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT_SECONDS", 5))
    _statement_timeout_ms = env_int("DB_STATEMENT_TIMEOUT_SECONDS", 30) * 1000
    _pg_options["options"] = (
        f"{_pg_options.get('options', '')} -c statement_timeout={_statement_timeout_ms}".strip()
    )
    # Behind PgBouncer in transaction mode, .iterator() (the payroll export) must not use server-side cursors.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False)
    # Django's psycopg connection pool (needs the psycopg_pool package: `psycopg[pool]`); it replaces
    # DB_CONN_MAX_AGE, which must then stay 0. Behind PgBouncer leave it off (docs/deployment.md).
    if env_bool("DB_POOL", False):
        if DATABASES["default"]["CONN_MAX_AGE"]:
            raise ImproperlyConfigured("DB_POOL=true needs DB_CONN_MAX_AGE=0: the pool keeps the connections")
        _pg_options["pool"] = {
            "min_size": env_int("DB_POOL_MIN_SIZE", 2),
            "max_size": env_int("DB_POOL_MAX_SIZE", 10),
            "timeout": env_int("DB_POOL_TIMEOUT_SECONDS", 10),  # wait for a free connection
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: optional. When set, it carries the cache, sessions and the task queues.
REDIS_URL = env_str("REDIS_URL")
# A Redis that is down or hangs costs a request at most these many seconds, not a worker.
REDIS_CONNECT_TIMEOUT_SECONDS = env_int("REDIS_CONNECT_TIMEOUT_SECONDS", 2)
REDIS_SOCKET_TIMEOUT_SECONDS = env_int("REDIS_SOCKET_TIMEOUT_SECONDS", 2)
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "vp"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_SOCKET_TIMEOUT_SECONDS,
            },
        }
    }
    # Sessions are written to the database and read through the cache: a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Intranet pages and the start page's shared parts are cached this many seconds at most, and out
# of date at once when content changes (intranet/serving/caching.py, docs/operations.md). Needs a cache all
# web processes share, so it is on with Redis; with one process, set it without Redis too. 0: off.
INTRANET_CACHE_SECONDS = env_int("INTRANET_CACHE_SECONDS", 300 if REDIS_URL else 0)

# Background work: Django's task API. Database-backed worker by default, RQ on Redis at scale.
TASK_BACKEND = env_str("TASK_BACKEND", "database")
if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
elif TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL")
    TASKS = {"default": {"BACKEND": "vikarieportalen.notifications.jobs.task_backends.RQBackend"}}
else:
    raise ImproperlyConfigured(f"TASK_BACKEND must be 'database', 'rq' or 'immediate', not {TASK_BACKEND!r}")

# /health/ready and `manage.py health` (core.ops.health): a check fails when the oldest task waiting
# for a worker, or the oldest due message in the outbox, is older than this; the scheduler's
# heartbeat is stale after HEALTH_SCHEDULER_MAX_AGE_SECONDS (default: three scheduler intervals).
HEALTH_TASK_MAX_AGE_SECONDS = env_int("HEALTH_TASK_MAX_AGE_SECONDS", 300)
HEALTH_OUTBOX_MAX_AGE_SECONDS = env_int("HEALTH_OUTBOX_MAX_AGE_SECONDS", 600)
HEALTH_SCHEDULER_MAX_AGE_SECONDS = env_int(
    "HEALTH_SCHEDULER_MAX_AGE_SECONDS", 3 * env_int("SCHEDULER_INTERVAL_SECONDS", 30)
)

AUTH_USER_MODEL = "accounts.User"
# The session's user with its roles in one query (accounts/login/backends.py); Django's own backend
# after it checks the admin login form's password and keeps sessions made before it working.
AUTHENTICATION_BACKENDS = [
    "vikarieportalen.accounts.login.backends.PortalBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Argon2id at OWASP's minimum cost (see accounts/hashers.py); PBKDF2 kept so older hashes verify and upgrade.
PASSWORD_HASHERS = [
    "vikarieportalen.accounts.passwords.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# Password policy (vikarieportalen.accounts.passwords.rules): "municipal" (the municipality's rule:
# 12 characters, 3 of 4 character classes, no å/ä/ö, not your name; expires) or "nist"
# (NIST SP 800-63B-4: 15 characters, no composition rules, no expiry). Both refuse common passwords,
# the user's names and username, and the last PASSWORD_HISTORY_COUNT passwords.
PASSWORD_PROFILE = env_str("PASSWORD_PROFILE", "municipal")
if PASSWORD_PROFILE not in {"municipal", "nist"}:
    raise ImproperlyConfigured(f"PASSWORD_PROFILE must be 'municipal' or 'nist', not {PASSWORD_PROFILE!r}")
PASSWORD_HISTORY_COUNT = env_int("PASSWORD_HISTORY_COUNT", 5)
_municipal_profile = PASSWORD_PROFILE == "municipal"  # noqa: S105 - a profile name, no secret
_validators = "vikarieportalen.accounts.passwords.validators."
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": _validators + "PasswordLengthValidator",
        "OPTIONS": {"min_length": 12 if _municipal_profile else 15},
    },
    *(
        [
            {"NAME": _validators + "CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
            {"NAME": _validators + "NoSwedishLettersValidator"},
        ]
        if _municipal_profile
        else []
    ),
    {"NAME": _validators + "PersonalNameValidator"},
    {"NAME": _validators + "CommonPasswordValidator"},
    {"NAME": _validators + "CommonWordValidator"},
    {"NAME": _validators + "PasswordHistoryValidator"},
]
# Days a password lasts (0: never; the nist profile never expires), and the SMS warning before.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
PASSWORD_EXPIRY_WARNING_DAYS = env_int("PASSWORD_EXPIRY_WARNING_DAYS", 5)

# The municipal network: addresses from which intranet pages may be read without logging in.
MUNICIPAL_NETWORKS = env_list("MUNICIPAL_NETWORKS")
# Reverse proxies whose X-Forwarded-For header is believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Internationalisation: Swedish first, English complete.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "vp_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# "9 dec", "13.30" in Swedish; "9 Dec", "13:30" in English (core/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["vikarieportalen.core.formats"]
# Intranet pages in Swedish and, where editors translate them, English under /en/.
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Wagtail's images under MEDIA_URL served by the portal itself (core/web/media.py), for a set-up where
# no web server in front serves MEDIA_ROOT (the container on its own). Off: nginx serves them.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Vikarieportalen"
WAGTAILADMIN_BASE_URL = env_str("PUBLIC_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Swedish stemming and stop words ("bokningar" finds "bokning"); SQLite searches without stemming.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "swedish"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "txt"]
# Rich text without "embed" (no frames or players from other sites: no third-party content by
# default). Fields that need less name their own features; none may add "embed".
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "h2",
                "h3",
                "h4",
                "bold",
                "italic",
                "ol",
                "ul",
                "hr",
                "link",
                "document-link",
                "image",
            ]
        },
    }
}

# Mail (Django's MAILERS). The environment keeps the familiar EMAIL_* names.
_smtp_options = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 587),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_str("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", True),
    "timeout": env_int("EMAIL_TIMEOUT", 10),
}
_mail_backend = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": _smtp_options if _mail_backend.endswith(".smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "vikarieportalen@example.se")

# The municipality this instance serves (shown in the footer and in messages).
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "Kristinehamns kommun")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# A logged-in session with no request for this long is logged out (accounts.session_middleware).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
# Password guessing (accounts.throttle_rules): failures allowed per account-and-address and per
# address before each further failure doubles the wait, from the base delay up to the maximum.
# The counters live in the cache: production with several processes needs REDIS_URL.
LOGIN_THROTTLE_ACCOUNT_FAILURES = env_int("LOGIN_THROTTLE_ACCOUNT_FAILURES", 5)
LOGIN_THROTTLE_ADDRESS_FAILURES = env_int("LOGIN_THROTTLE_ADDRESS_FAILURES", 30)
LOGIN_THROTTLE_BASE_DELAY_SECONDS = env_int("LOGIN_THROTTLE_BASE_DELAY_SECONDS", 60)
LOGIN_THROTTLE_MAX_DELAY_SECONDS = env_int("LOGIN_THROTTLE_MAX_DELAY_SECONDS", 60 * 60)
# Self-service password reset (accounts.reset_rules): reset requests per address and per username
# within an hour.
PASSWORD_RESET_REQUESTS_PER_ADDRESS = env_int("PASSWORD_RESET_REQUESTS_PER_ADDRESS", 10)
PASSWORD_RESET_REQUESTS_PER_ACCOUNT = env_int("PASSWORD_RESET_REQUESTS_PER_ACCOUNT", 3)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # httpx logs every request's URL at INFO (one line per SMS in a burst): only its warnings.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}

if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and DATABASES["default"]["NAME"] != ":memory:"
):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)


# ----------------------------------------------------------------------------------------------
# Notifications and background work (vikarieportalen.notifications). Listed in docs/settings.md.
# ----------------------------------------------------------------------------------------------
INSTALLED_APPS += ["django_rq"]
# RQ queues for TASK_BACKEND=rq; workers: `manage.py rqworker default --job-class django_tasks_rq.Job`.
# The socket timeouts ride in the URL (django-rq passes only the URL on); an RQ worker raises its
# own read timeout above its blocking wait for jobs, so they bound the web processes' enqueueing.
_rq_url = REDIS_URL or "redis://127.0.0.1:6379/0"
_rq_url += ("&" if "?" in _rq_url else "?") + (
    f"socket_connect_timeout={REDIS_CONNECT_TIMEOUT_SECONDS}&socket_timeout={REDIS_SOCKET_TIMEOUT_SECONDS}"
)
RQ_QUEUES = {"default": {"URL": _rq_url, "DEFAULT_TIMEOUT": 300}}
PUBLIC_URL = env_str("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# Which SMS backend sends: console (default), locmem (tests), filebased, or elks (46elks gateway).
SMS_BACKEND = env_str("SMS_BACKEND", "vikarieportalen.notifications.sms_backends.console.SmsBackend")
SMS_SENDER = env_str("SMS_SENDER", "Vikarie")  # alphanumeric sender: at most 11 characters
SMS_MAX_SEGMENTS = env_int("SMS_MAX_SEGMENTS", 3)
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10)  # seconds to wait for the gateway
# A delivery task sends up to SMS_BURST_BATCH SMS, SMS_CONCURRENCY at a time (1: one at a time); SMS
# recorded together are enqueued SMS_BURST_BATCH to a task.
SMS_CONCURRENCY = env_int("SMS_CONCURRENCY", 8)
SMS_BURST_BATCH = env_int("SMS_BURST_BATCH", 50)
SMS_FILE_PATH = Path(env_str("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms")))
# Secret path part of the delivery-report URL given to the gateway; empty: no delivery reports.
SMS_CALLBACK_SECRET = env_str("SMS_CALLBACK_SECRET")
# Development only (`make run`): the outbox offers a form that hands a typed reply to the same
# inbound-SMS handling as the gateway's callback. Works only with DEBUG on; refused in production.
SMS_SIMULATE_REPLIES = env_bool("SMS_SIMULATE_REPLIES", False)
ELKS_API_URL = env_str("ELKS_API_URL", "https://api.46elks.com")
ELKS_API_USERNAME = env_str("ELKS_API_USERNAME")
ELKS_API_PASSWORD = env_str("ELKS_API_PASSWORD")

# Web Push (docs/phone.md): the portal's VAPID key (raw, base64url; `manage.py push_vapid_keys`
# makes a pair) and its contact (mailto: or https:). Without both, every notice goes as SMS.
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT")
# The push services a browser's subscription may point to (host, or *.domain for its subdomains):
# the portal posts to these addresses and to no other (no server-side request forgery).
PUSH_ALLOWED_SERVICES = env_list(
    "PUSH_ALLOWED_SERVICES",
    "fcm.googleapis.com,updates.push.services.mozilla.com,*.push.apple.com,*.notify.windows.com",
)
# An offer sent as a push notice and not opened within this many minutes also goes as SMS.
PUSH_FALLBACK_MINUTES = env_int("PUSH_FALLBACK_MINUTES", 10)
PUSH_TIMEOUT = env_int("PUSH_TIMEOUT", 10)  # seconds to wait for a push service
PUSH_TTL_SECONDS = env_int("PUSH_TTL_SECONDS", 12 * 60 * 60)  # how long a push service keeps a notice
# Post to push addresses that resolve to private, loopback or link-local addresses: for the tests'
# local push service on 127.0.0.1 only. Off, every send resolves the host and connects only to
# public addresses (no server-side request forgery); refused in production (notifications.E004).
PUSH_ALLOW_PRIVATE_ADDRESSES = env_bool("PUSH_ALLOW_PRIVATE_ADDRESSES", False)

# Non-urgent SMS wait through quiet hours (local time, TIME_ZONE); "off" sends at any hour.
NOTIFICATIONS_QUIET_HOURS = env_str("NOTIFICATIONS_QUIET_HOURS", "21:00-07:00")
# A message about a shift that starts within this many hours is urgent: sent even in quiet hours.
NOTIFICATIONS_URGENT_WINDOW_HOURS = env_int("NOTIFICATIONS_URGENT_WINDOW_HOURS", 12)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
NOTIFICATIONS_RETRY_MAX_SECONDS = env_int("NOTIFICATIONS_RETRY_MAX_SECONDS", 30 * 60)
# A task in the database queue still "running" after this many seconds is taken to have lost its
# worker (killed, machine gone) and is put back in the queue (notifications.jobs.task_recovery).
TASKS_RUNNING_LEASE_SECONDS = env_int("TASKS_RUNNING_LEASE_SECONDS", 30 * 60)
# Finished tasks are kept this many days in the database queue, then deleted (failed ones too) by
# the daily retention purge (privacy.retention).
TASKS_KEEP_FINISHED_DAYS = env_int("TASKS_KEEP_FINISHED_DAYS", 30)
# A send not finished after this many seconds is taken to have crashed and may be tried again.
NOTIFICATIONS_SEND_LEASE_SECONDS = env_int("NOTIFICATIONS_SEND_LEASE_SECONDS", 120)
# The scheduler (`manage.py run_scheduler`) wakes this often.
SCHEDULER_INTERVAL_SECONDS = env_int("SCHEDULER_INTERVAL_SECONDS", 30)
# ----------------------------------------------------------------------------------------------

# ----------------------------------------------------------------------------------------------
# Login methods and assurance (vikarieportalen.accounts: login_methods, oidc, assurance).
# ----------------------------------------------------------------------------------------------
# Swedish e-ID (BankID, Freja) through the municipality's OpenID Connect identity broker.
# The e-ID button shows only when OIDC_ISSUER is set (discovery: <issuer>/.well-known/openid-configuration).
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_SCOPES = env_list("OIDC_SCOPES", "openid")
# acr values accepted as high assurance (e.g. LoA3 URIs); empty refuses every e-ID login.
OIDC_ACCEPTED_ACR = env_list("OIDC_ACCEPTED_ACR", "http://id.elegnamnden.se/loa/1.0/loa3")
# The ID-token claim that carries the personal identity number.
OIDC_PIN_CLAIM = env_str("OIDC_PIN_CLAIM", "personal_identity_number")
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)  # seconds to wait for the broker
# Staff card (SITHS/Efos): the reverse proxy that verified the client certificate passes the holder's
# personal identity number in this header; it is believed only from these addresses/networks.
STAFF_CARD_HEADER = env_str("STAFF_CARD_HEADER", "X-Client-Cert-Subject-Serial")
STAFF_CARD_PROXIES = env_list("STAFF_CARD_PROXIES")
# `make run` only: the demo e-ID provider and card reader (`manage.py demo_login_services`) may run
# against this portal; anyone may then log in as a demo person. Refused in production (demo.E001).
DEMO_IDENTITY_PROVIDER = env_bool("DEMO_IDENTITY_PROVIDER", False)
# SMS login codes are valid this many seconds.
LOGIN_CODE_VALID_SECONDS = env_int("LOGIN_CODE_VALID_SECONDS", 5 * 60)
# Every SMS code (login, step-up, password reset, new mobile number) shares one policy
# (accounts.login.sms_codes): codes sent per account and per client address, and codes typed per
# account whatever code they were typed for, in clock windows of 15 minutes and of a day. Kept in the
# cache: production with several processes needs REDIS_URL.
SMS_CODES_PER_ACCOUNT_15_MIN = env_int("SMS_CODES_PER_ACCOUNT_15_MIN", 3)
SMS_CODES_PER_ACCOUNT_DAY = env_int("SMS_CODES_PER_ACCOUNT_DAY", 10)
SMS_CODES_PER_ADDRESS_15_MIN = env_int("SMS_CODES_PER_ADDRESS_15_MIN", 10)
SMS_CODES_PER_ADDRESS_DAY = env_int("SMS_CODES_PER_ADDRESS_DAY", 50)
SMS_CODE_WRONG_PER_ACCOUNT_15_MIN = env_int("SMS_CODE_WRONG_PER_ACCOUNT_15_MIN", 5)
SMS_CODE_WRONG_PER_ACCOUNT_DAY = env_int("SMS_CODE_WRONG_PER_ACCOUNT_DAY", 20)

# ----------------------------------------------------------------------------------------------
# HR registration and My details (accounts: registration, details).
# ----------------------------------------------------------------------------------------------
# Days an activation link (SMS to a substitute HR registered) stays valid.
ACCOUNT_ACTIVATION_DAYS = env_int("ACCOUNT_ACTIVATION_DAYS", 7)
# Hours a link confirming a new e-mail address stays valid.
ACCOUNT_EMAIL_CONFIRM_HOURS = env_int("ACCOUNT_EMAIL_CONFIRM_HOURS", 48)
# The staffing centre's phone, given in the SMS that tells an old number it was replaced.
STAFFING_CENTRE_PHONE = env_str("STAFFING_CENTRE_PHONE", "0550-858 89")
# The staffing centre's shared mailbox: told when a substitute cancels and a shift is reopened. When
# empty, every active staffing-centre user with an address is e-mailed.
STAFFING_CENTRE_EMAIL = env_str("STAFFING_CENTRE_EMAIL")

# ----------------------------------------------------------------------------------------------
# Leavers (vikarieportalen.privacy.leavers). Listed in docs/leavers.md.
# ----------------------------------------------------------------------------------------------
# Whole years after an engagement ended before the person's name, identity number and contact
# details are anonymised (the pay lines stay, under the employee number).
RETENTION_LEAVER_YEARS = env_int("RETENTION_LEAVER_YEARS", 2)

# ----------------------------------------------------------------------------------------------
# Payroll support, Fråga lönesupport (vikarieportalen.support). Listed in docs/settings.md.
# ----------------------------------------------------------------------------------------------
# Files that only some people may see (support attachments): a folder no web server serves.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES["private"] = {"BACKEND": "vikarieportalen.support.storage.PrivateFileStorage"}
# Business hours (weekdays 08-16, Swedish holidays off) within which payroll answers a case.
SUPPORT_DUE_BUSINESS_HOURS = env_int("SUPPORT_DUE_BUSINESS_HOURS", 16)
# A substitute's answer reopens a solved case within this many days; after it the case is closed.
SUPPORT_REOPEN_DAYS = env_int("SUPPORT_REOPEN_DAYS", 14)
SUPPORT_MAX_ATTACHMENTS = env_int("SUPPORT_MAX_ATTACHMENTS", 5)
SUPPORT_MAX_ATTACHMENT_MB = env_int("SUPPORT_MAX_ATTACHMENT_MB", 10)
# The contact card (intranet) whose phone hours the support pages show.
SUPPORT_CONTACT_NAME = env_str("SUPPORT_CONTACT_NAME", "Lönecentrum")

# Page feedback (vikarieportalen.feedback): at most this many answers per reader in each window.
FEEDBACK_THROTTLE_POSTS = env_int("FEEDBACK_THROTTLE_POSTS", 20)
FEEDBACK_THROTTLE_WINDOW_SECONDS = env_int("FEEDBACK_THROTTLE_WINDOW_SECONDS", 600)

# ----------------------------------------------------------------------------------------------
# Certificates, intyg (vikarieportalen.certificates). Listed in docs/certificates.md.
# ----------------------------------------------------------------------------------------------
# Who issues the certificates: printed in each PDF's header and footer.
CERTIFICATE_ISSUER_NAME = env_str("CERTIFICATE_ISSUER_NAME", "Medarbetarservice")
CERTIFICATE_ISSUER_PHONE = env_str("CERTIFICATE_ISSUER_PHONE", "0550-880 00")
CERTIFICATE_EMPLOYER_ORG_NUMBER = env_str("CERTIFICATE_EMPLOYER_ORG_NUMBER")  # empty: not printed
# A new order waiting for HR is e-mailed here (a shared mailbox); empty: to every HR user with an address.
CERTIFICATE_NEW_ORDER_EMAIL = env_str("CERTIFICATE_NEW_ORDER_EMAIL")
# Kinds released at once, without HR, when the machine can fill in everything (comma-separated:
# service, lost_earnings, annual_income; the employer certificate always needs HR). Empty: none.
CERTIFICATE_AUTO_RELEASE_KINDS = env_list("CERTIFICATE_AUTO_RELEASE_KINDS")
# Lost earnings: percent deducted from the lost pay (karensavdrag model), then holiday pay added.
CERTIFICATE_LOST_EARNINGS_DEDUCTION_PERCENT = env_str("CERTIFICATE_LOST_EARNINGS_DEDUCTION_PERCENT", "20")
CERTIFICATE_HOLIDAY_PAY_PERCENT = env_str("CERTIFICATE_HOLIDAY_PAY_PERCENT", "12")
# A booking cancelled at most this many days before it started counts as lost (e.g. illness).
CERTIFICATE_LOST_EARNINGS_CANCEL_DAYS = env_int("CERTIFICATE_LOST_EARNINGS_CANCEL_DAYS", 1)
# Time codes (of ordinary lines) that are overtime or additional hours on the employer certificate.
CERTIFICATE_OVERTIME_TIME_CODES = env_list("CERTIFICATE_OVERTIME_TIME_CODES", "OVT,MER")
# Longest period one order may cover, and how far back it may start (months).
CERTIFICATE_MAX_PERIOD_MONTHS = env_int("CERTIFICATE_MAX_PERIOD_MONTHS", 60)
# The public verification page: at most this many look-ups per visitor and window.
CERTIFICATE_VERIFY_THROTTLE_LOOKUPS = env_int("CERTIFICATE_VERIFY_THROTTLE_LOOKUPS", 20)
CERTIFICATE_VERIFY_THROTTLE_WINDOW_SECONDS = env_int("CERTIFICATE_VERIFY_THROTTLE_WINDOW_SECONDS", 600)

# ----------------------------------------------------------------------------------------------
# LAS days (vikarieportalen.staffing: las, las_selectors). Listed in docs/las.md.
# ----------------------------------------------------------------------------------------------
# Employment days (a day with a booking is a day, a month is 30 days) after which a right arises:
# more than this many days of SÄV, or of vikariat, within the conversion window → permanent
# employment (LAS 5 a §); more than this many days of either within the priority window → priority
# for re-employment (LAS 25 §).
LAS_SAV_CONVERSION_DAYS = env_int("LAS_SAV_CONVERSION_DAYS", 360)
LAS_VIKARIAT_CONVERSION_DAYS = env_int("LAS_VIKARIAT_CONVERSION_DAYS", 720)
LAS_CONVERSION_WINDOW_YEARS = env_int("LAS_CONVERSION_WINDOW_YEARS", 5)
LAS_PRIORITY_DAYS = env_int("LAS_PRIORITY_DAYS", 360)
LAS_PRIORITY_WINDOW_YEARS = env_int("LAS_PRIORITY_WINDOW_YEARS", 3)
# Warn this many days before a threshold (nearing: more than threshold − this).
LAS_WARNING_DAYS = env_int("LAS_WARNING_DAYS", 30)
# Candidate ranking: prefer_furthest (fewest days of the shift's form first, after month hours),
# avoid_conversion (and those the shift would take over a conversion threshold last), or ignore.
LAS_RANKING_POLICY = env_str("LAS_RANKING_POLICY", "prefer_furthest")
# On weekdays from this local time (HH:MM; empty: never) the staffing centre is e-mailed how many
# substitutes have newly come near or passed a limit; to LAS_WARNING_EMAIL (a shared mailbox) when
# set, otherwise to every staffing-centre user with an address.
LAS_WARNING_TIME = env_str("LAS_WARNING_TIME", "07:00")
LAS_WARNING_EMAIL = env_str("LAS_WARNING_EMAIL")

# ----------------------------------------------------------------------------------------------
# Approval of worked hours and pay lines (staffing.hours, payroll.transactions). See docs/hours.md.
# ----------------------------------------------------------------------------------------------
# Time code of the ordinary hours line in the payroll system (supplement bands carry their own).
PAYROLL_ORDINARY_TIME_CODE = env_str("PAYROLL_ORDINARY_TIME_CODE", "TIM")
# Managers with shifts waiting for approval are reminded on weekdays from this local time (HH:MM),
# once a day, about shifts that ended more than PAYROLL_REMINDER_AFTER_HOURS ago.
PAYROLL_REMINDER_TIME = env_str("PAYROLL_REMINDER_TIME", "08:00")
PAYROLL_REMINDER_AFTER_HOURS = env_int("PAYROLL_REMINDER_AFTER_HOURS", 24)
# Sanity limits for approved times: at most this long, and start and end within this many hours
# of the booked times.
PAYROLL_MAX_WORK_HOURS = env_int("PAYROLL_MAX_WORK_HOURS", 16)
PAYROLL_MAX_DEVIATION_HOURS = env_int("PAYROLL_MAX_DEVIATION_HOURS", 12)

# ----------------------------------------------------------------------------------------------
# Payroll export, PAXml and CSV (vikarieportalen.payroll, export). Listed in docs/payroll.md.
# ----------------------------------------------------------------------------------------------
# Our time codes → PAXml 2.0 time codes (tidkoder), "OUR=PAXML" comma-separated. A code that PAXml
# itself allows (ARB, OB1, ÖT1 …) needs no entry; lines whose code maps to none are held back.
PAYROLL_PAXML_TIME_CODE_MAP = env_str("PAYROLL_PAXML_TIME_CODE_MAP", "TIM=ARB,OVT=ÖT1")
# The employer in the PAXml header (foretagnamn, foretagorgnr); empty: left out.
PAYROLL_PAXML_EMPLOYER_NAME = env_str("PAYROLL_PAXML_EMPLOYER_NAME", "Kristinehamns kommun")
PAYROLL_PAXML_ORGANISATION_NUMBER = env_str("PAYROLL_PAXML_ORGANISATION_NUMBER")
# An export still "running" after this many minutes whose process is gone (its row no longer
# locked) is marked failed by the next export, so a crash cannot block exports for ever.
PAYROLL_EXPORT_ABANDONED_MINUTES = env_int("PAYROLL_EXPORT_ABANDONED_MINUTES", 15)
# Pay periods (payroll/periods.py). Only "monthly" (the calendar month) is supported. Hours of a
# month approved up to and including the cut-off day of the next month are paid in that month's
# period; approved later (or once the period is locked) they go to the next open period, marked
# late. The pay day (in the month after the period) is shown to payroll and substitutes. Days past
# a month's end mean its last day.
PAYROLL_PERIOD_LENGTH = env_str("PAYROLL_PERIOD_LENGTH", "monthly")
PAYROLL_PERIOD_CUTOFF_DAY = env_int("PAYROLL_PERIOD_CUTOFF_DAY", 5)
PAYROLL_PERIOD_PAY_DAY = env_int("PAYROLL_PERIOD_PAY_DAY", 25)
# Mina timmar (payroll/my_hours/): show the substitute the kronor of each line. Off by default: the
# page shows hours and time codes; the pay slip from the payroll system is the record of pay.
PAYROLL_MY_HOURS_SHOW_AMOUNTS = env_bool("PAYROLL_MY_HOURS_SHOW_AMOUNTS", False)

# ----------------------------------------------------------------------------------------------
# Offers, förfrågan (vikarieportalen/staffing/offers/). See docs/offers.md.
# ----------------------------------------------------------------------------------------------
# The rule of thumb shown when a shift is staffed: same-day shifts go as offers ...
OFFER_SAME_DAY_AS_OFFER = env_bool("OFFER_SAME_DAY_AS_OFFER", True)
# ... and so do shifts shorter than this many minutes (0: no such rule); others are booked directly.
OFFER_SHORT_SHIFT_MINUTES = env_int("OFFER_SHORT_SHIFT_MINUTES", 240)
# Defaults on the send page: how many top candidates, and automatic rounds (how many, minutes).
OFFER_DEFAULT_TOP_N = env_int("OFFER_DEFAULT_TOP_N", 5)
OFFER_DEFAULT_ROUND_SIZE = env_int("OFFER_DEFAULT_ROUND_SIZE", 5)
OFFER_DEFAULT_ROUND_MINUTES = env_int("OFFER_DEFAULT_ROUND_MINUTES", 30)
# Tell the others by SMS when a shift they were offered is filled or the offer withdrawn.
OFFER_TELL_WHEN_CLOSED = env_bool("OFFER_TELL_WHEN_CLOSED", True)

# ----------------------------------------------------------------------------------------------
# Group messages, utskick (vikarieportalen/staffing/messages/). See docs/group-messages.md.
# ----------------------------------------------------------------------------------------------
# What one SMS part costs, in öre (shown before sending; the gateway's price list decides the bill).
SMS_PRICE_PER_SEGMENT_ORE = env_int("SMS_PRICE_PER_SEGMENT_ORE", 45)
# At most this many recipients per message, and per local day over all group messages.
GROUP_MESSAGE_MAX_RECIPIENTS = env_int("GROUP_MESSAGE_MAX_RECIPIENTS", 500)
GROUP_MESSAGE_MAX_RECIPIENTS_PER_DAY = env_int("GROUP_MESSAGE_MAX_RECIPIENTS_PER_DAY", 2000)
# Above this many recipients, sending needs a ticked confirmation.
GROUP_MESSAGE_CONFIRM_ABOVE = env_int("GROUP_MESSAGE_CONFIRM_ABOVE", 50)
# An SMS from someone who got a group message this many days ago or less is a reply to it.
GROUP_MESSAGE_REPLY_DAYS = env_int("GROUP_MESSAGE_REPLY_DAYS", 7)

# ----------------------------------------------------------------------------------------------
# Staff reading other people's personal data (accounts/login/personal_data.py). In docs/settings.md.
# ----------------------------------------------------------------------------------------------
# "high": staff step up (password + SMS code, e-ID or staff card) before the payroll queue, the
# certificate queue, the payroll export, the audit log, HR registration, the pool and the admin
# sites. "low" lets a password do, for a demo only: the production settings refuse it.
STAFF_PERSONAL_DATA_ASSURANCE = env_str("STAFF_PERSONAL_DATA_ASSURANCE", "high").strip().lower()
if STAFF_PERSONAL_DATA_ASSURANCE not in {"high", "low"}:
    raise ImproperlyConfigured(
        f"STAFF_PERSONAL_DATA_ASSURANCE must be 'high' or 'low', not {STAFF_PERSONAL_DATA_ASSURANCE!r}"
    )
MIDDLEWARE.insert(
    MIDDLEWARE.index("vikarieportalen.accounts.middleware.PasswordExpiryMiddleware") + 1,
    "vikarieportalen.accounts.middleware.StaffAssuranceMiddleware",
)

# ----------------------------------------------------------------------------------------------
# Retention of personal data (vikarieportalen/privacy/retention/). See docs/privacy.md.
# ----------------------------------------------------------------------------------------------
# Days each kind is kept; the daily job privacy.purge_expired_data deletes it after (bodies of
# messages are blanked, the outbox row stays). Finished tasks: TASKS_KEEP_FINISHED_DAYS above.
# Sessions and one-time codes: days after they expired.
RETENTION_EXPIRED_SESSIONS_AND_CODES_DAYS = env_int("RETENTION_EXPIRED_SESSIONS_AND_CODES_DAYS", 1)
RETENTION_MESSAGE_BODIES_DAYS = env_int("RETENTION_MESSAGE_BODIES_DAYS", 90)
# A device's push subscription not used (delivered to) for this many days is deleted.
RETENTION_PUSH_SUBSCRIPTIONS_DAYS = env_int("RETENTION_PUSH_SUBSCRIPTIONS_DAYS", 180)
RETENTION_OFFERS_DAYS = env_int("RETENTION_OFFERS_DAYS", 2 * 365)
# Staffing proposals (issue 18): a working document; what was confirmed lives on as bookings/offers.
RETENTION_STAFFING_PROPOSALS_DAYS = env_int("RETENTION_STAFFING_PROPOSALS_DAYS", 90)
RETENTION_WORKPLACE_REQUESTS_DAYS = env_int("RETENTION_WORKPLACE_REQUESTS_DAYS", 2 * 365)
# Incoming SMS in the staffing centre's inbox: the text is blanked like the outbox's, the row goes.
RETENTION_INBOUND_TEXTS_DAYS = env_int("RETENTION_INBOUND_TEXTS_DAYS", 90)
RETENTION_INBOUND_MESSAGES_DAYS = env_int("RETENTION_INBOUND_MESSAGES_DAYS", 2 * 365)
# Counted from when a case was closed.
RETENTION_SUPPORT_CASES_DAYS = env_int("RETENTION_SUPPORT_CASES_DAYS", 2 * 365)
# An event is kept longer while the thing it tells of (a booking, a case …) is kept.
RETENTION_AUDIT_EVENTS_DAYS = env_int("RETENTION_AUDIT_EVENTS_DAYS", 2 * 365)
# Pay lines, exports, approved hours, bookings and certificates: days after the end of their
# calendar year (bokföringslagen: seven years, 7 × 365 + 2 leap days).
RETENTION_ACCOUNTING_DAYS = env_int("RETENTION_ACCOUNTING_DAYS", 7 * 365 + 2)

# ----------------------------------------------------------------------------------------------
# Security headers and logs (vikarieportalen.core.web.security_headers, core.ops.logredact). See
# docs/deployment.md, "Security headers and cookies".
# ----------------------------------------------------------------------------------------------
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csp.ContentSecurityPolicyMiddleware") + 1,
    "vikarieportalen.core.web.security_headers.SecurityHeadersMiddleware",
)
# Every page: our own scripts and stylesheets only (no inline <script>, <style> or style=""),
# nothing embedded in other sites' frames, forms post only to us.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Wagtail's editor (/cms/) writes inline <script> elements (date pickers, inline panels, the page
# editor) and its editor scripts insert <style> elements; it also frames its own page previews.
# Under these paths CSP_ADMIN_UI is enforced and SECURE_CSP only reported (Report-Only), so the
# browser console lists what Wagtail still needs. Django's admin (/admin/) keeps SECURE_CSP.
CSP_ADMIN_UI_PATHS = ["/cms/"]
CSP_ADMIN_UI = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "frame-ancestors": [CSP.SELF],
}
# Browser features no page of the portal uses, switched off for it and any frame it would embed.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
]
# Wagtail's editor shows no Gravatar images: they would tell gravatar.com who edits the intranet,
# and img-src allows only our own images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Secret tokens in URLs (offer links, activation, calendar feeds, SMS callbacks) are redacted from
# every log line by core.ops.logredact: on the console handler every logger ends in, and on runserver's
# request log (django.server). Django's own "django" handlers are dropped so that its records (404s,
# errors, CSRF refusals) reach the console only, once, through the filter. gunicorn's access log:
# config/gunicorn.conf.py.
_logging = cast("dict[str, Any]", LOGGING)  # the same dict, typed for the changes below
_logging["filters"] = {"redact_secrets": {"()": "vikarieportalen.core.ops.logredact.RedactSecretsFilter"}}
_logging["formatters"]["django.server"] = {
    "()": "django.utils.log.ServerFormatter",
    "format": "[{server_time}] {message}",
    "style": "{",
}
_logging["handlers"]["console"]["filters"] = ["redact_secrets"]
_logging["handlers"]["django.server"] = {
    "class": "logging.StreamHandler",
    "formatter": "django.server",
    "filters": ["redact_secrets"],
}
_logging["loggers"]["django"] = {"handlers": [], "level": _logging["root"]["level"], "propagate": True}
_logging["loggers"]["django.server"] = {"handlers": ["django.server"], "level": "INFO", "propagate": False}

# ----------------------------------------------------------------------------------------------
# Logs and error reports (vikarieportalen.core.web.request_log, core.web.error_reports). See
# docs/operations.md, "Logs and errors", and docs/settings.md.
# ----------------------------------------------------------------------------------------------
# Every request gets an id (X-Request-ID from a trusted proxy, or a new one), sent back in the
# response and put on every record logged while it runs.
MIDDLEWARE.insert(0, "vikarieportalen.core.web.request_log.RequestLogMiddleware")
# "plain" (default): one text line per record. "json": one JSON object per line for a log
# collector, and one line per request (request id, user id, route, status, duration; no names).
LOG_FORMAT = env_str("LOG_FORMAT", "plain").strip().lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}")
_logging["filters"]["request_id"] = {"()": "vikarieportalen.core.web.request_log.RequestIdFilter"}
_logging["formatters"]["json"] = {"()": "vikarieportalen.core.web.request_log.JsonFormatter"}
_logging["handlers"]["console"]["filters"] = ["redact_secrets", "request_id"]
if LOG_FORMAT == "json":
    _logging["handlers"]["console"]["formatter"] = "json"
    # runserver's request lines say less than ours; they go to the console in JSON too.
    _logging["handlers"]["django.server"]["formatter"] = "json"
    _logging["handlers"]["django.server"]["filters"] = ["redact_secrets", "request_id"]
    _logging["loggers"]["vikarieportalen.requests"] = {"level": "INFO"}
else:
    # Plain logs: gunicorn's and runserver's access logs already have a line per request.
    _logging["loggers"]["vikarieportalen.requests"] = {"level": "WARNING"}
# Errors by e-mail to ADMINS (comma-separated addresses) when set and DEBUG is off: the report
# hides form fields, local variables, cookies and headers (core.web.error_reports.AdminMailReporter).
ADMINS = env_list("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if ADMINS:
    _logging["filters"]["require_debug_false"] = {"()": "django.utils.log.RequireDebugFalse"}
    _logging["handlers"]["mail_admins"] = {
        "level": "ERROR",
        "class": "django.utils.log.AdminEmailHandler",
        "filters": ["require_debug_false", "redact_secrets", "request_id"],
        "reporter_class": "vikarieportalen.core.web.error_reports.AdminMailReporter",
    }
    _logging["root"]["handlers"] = [*_logging["root"]["handlers"], "mail_admins"]
# Errors to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set; needs the
# optional extra: `uv sync --extra sentry`. No personal data is sent (core.web.error_reports).
SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
SENTRY_RELEASE = env_str("SENTRY_RELEASE")
if SENTRY_DSN:
    from vikarieportalen.core.web.error_reports import sentry_init

    sentry_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=SENTRY_RELEASE)
