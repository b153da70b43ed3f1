"""Puente's one settings module: what differs between machines comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# openpyxl reads uploaded workbooks through defusedxml (puente/core/spreadsheets.py), unless lxml
# is installed, when it switches to lxml's parser, which accepts a document type with entities.
# lxml is installed for the IATI schema's validation in the tests: keep openpyxl on defusedxml.
# Read by openpyxl when it is first imported, which is after the settings.
os.environ.setdefault("OPENPYXL_LXML", "False")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A development key is only accepted when DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = env("SECRET_KEY") or ("dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The Jitsi Meet server of the meetings' generated video rooms (a program setting chooses them):
# the public one by default, or an organization's own.
JITSI_URL = env("JITSI_URL", "https://meet.jit.si").rstrip("/")
# The name emails sign with (allauth's emails included).
SITE_NAME = env("SITE_NAME", "Puente")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The form widgets' templates, for core.forms.FormRenderer (the project's template engine).
    "django.forms",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "axes",
    "auditlog",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "puente.core",
    "puente.accounts",
    "puente.programs",
    "puente.instruments",
    "puente.library",
    "puente.recruitment",
    "puente.matching",
    "puente.mentoring",
    "puente.events",
    "puente.plans",
    "puente.feedback",
    "puente.monitoring",
    "puente.notifications",
    "puente.community",
    "puente.conversations",
    "puente.waves",
    "puente.reports",
    "puente.privacy",
    "puente.api",
    "puente.demo",
]

MIDDLEWARE = [
    # First: answers /healthz and /readyz before the host check, the HTTPS redirect, sessions and
    # everything else (puente/core/health.py).
    "puente.core.health.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records the signed-in person as the actor of every audited change.
    "auditlog.middleware.AuditlogMiddleware",
    "puente.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lockout flagged during the request into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "puente.urls"
WSGI_APPLICATION = "puente.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "puente" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "puente.library.context_processors.onboarding",
            ],
            "builtins": ["puente.core.templatetags.access", "puente.core.templatetags.forms"],
        },
    },
]
# Every form is drawn through one template, with its error summary at the top
# (includes/form_fields.html): ``{{ form }}`` as well as the templates that include it.
FORM_RENDERER = "puente.core.forms.FormRenderer"

# SQLite (WAL, see puente/core/apps.py) is the embedded default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'puente.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out email + address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "programs:my-programs"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email as the login, no public sign-up (people join a program by invitation or,
# later, by applying to a call).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "puente.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Puente] "
# django-axes locks an email + address after repeated failures (LOCKOUT_* below); allauth keeps only
# its per-address throttle, so one lock with one page and one `axes_reset` governs sign-in.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# The catalogs of a checkout (locale/, compiled by `make run`/`make test`); an installed wheel
# carries them compiled inside the package (setup.py).
LOCALE_PATHS = [
    BASE_DIR / "locale" if (BASE_DIR / "locale").is_dir() else BASE_DIR / "puente" / "locale"
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "America/Bogota")

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "puente" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

# Email: console in development, SMTP when EMAIL_HOST is set, or any backend named explicitly.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Seconds an SMTP conversation may wait for the server before giving up (Django's default waits
# for ever, which would hang the worker on a stuck relay).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Seconds a sender holds an outbox email (puente.core.outbox) before the sweep may send it again.
EMAIL_OUTBOX_LEASE_SECONDS = env_int("EMAIL_OUTBOX_LEASE_SECONDS", 300)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Puente <puente@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: a database queue worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# The cache is shared by every web process and machine: a table in the database
# (`puente_cache`, made by core's migration 0003), unless CACHE_BACKEND names another.
CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("CACHE_LOCATION", "puente_cache"),
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)},
    }
}
# Seconds the M&E indicators' figures are kept (puente.monitoring.indicators.program_results);
# answers and rounds opening or closing refresh them at once. 0 computes them on every visit.
INDICATORS_CACHE_SECONDS = env_int("INDICATORS_CACHE_SECONDS", 120)

# The IATI file of a program (puente.monitoring.iati): the reporting organisation's registered
# identifier (org-id.guide, e.g. "CO-RUT-900123456"; empty: "XI-PUENTE-<organization's short
# name>", to be replaced before publishing), its type (IATI OrganisationType: 22 national NGO)
# and, optionally, the funder named as funding participating organisation.
IATI_REPORTING_ORG_REF = env("IATI_REPORTING_ORG_REF")
IATI_REPORTING_ORG_TYPE = env("IATI_REPORTING_ORG_TYPE", "22")
IATI_FUNDING_ORG_REF = env("IATI_FUNDING_ORG_REF")
IATI_FUNDING_ORG_NAME = env("IATI_FUNDING_ORG_NAME")

# Content-Security-Policy: no inline script, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# /readyz (puente/core/health.py) answers 503 when the oldest task waiting in the database queue
# has waited longer than this (the worker is down or cannot keep up); 0 leaves the queue unchecked.
HEALTH_MAX_TASK_AGE_SECONDS = env_int("HEALTH_MAX_TASK_AGE_SECONDS", 900)

# Text similarity for matching: "semantic" (the multilingual sentence encoder shipped in a PyPI
# package, the `semantic` extra) or "tfidf" (hashed TF-IDF, no model). Falls back to tfidf if
# the package is not installed.
TEXT_ENCODER = env("TEXT_ENCODER", "semantic")

# How long invitations and one-time sign-in links stay valid.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
SIGNIN_LINK_MINUTES = env_int("SIGNIN_LINK_MINUTES", 15)
# Link emails to an address someone typed in (application links, sign-in links, password resets,
# invitations; puente/core/email_limits.py): at most this many per recipient address and per
# client address in each window of LINK_EMAIL_WINDOW_MINUTES. Past that nothing is sent and the
# page answers as if it had been. The client limit is higher: many people may share an office's
# address.
LINK_EMAILS_PER_ADDRESS = env_int("LINK_EMAILS_PER_ADDRESS", 3)
LINK_EMAILS_PER_CLIENT = env_int("LINK_EMAILS_PER_CLIENT", 10)
LINK_EMAIL_WINDOW_MINUTES = env_int("LINK_EMAIL_WINDOW_MINUTES", 60)

# Brute-force lockout (django-axes, see puente/accounts/lockout.py): 5 failures for one email from
# one address lock that pair for LOCKOUT_MINUTES; operators lift locks with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = "puente.accounts.lockout.failure_limit"
LOCKOUT_FAILURES = env_int("LOCKOUT_FAILURES", 5)
# Unknown calendar-feed tokens from one address (calendar apps keep polling a revoked address, and
# many people can share one office address, so a little more room than for passwords).
LOCKOUT_FEED_FAILURES = env_int("LOCKOUT_FEED_FAILURES", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "puente.accounts.lockout.attempt_subject"
AXES_CLIENT_IP_CALLABLE = "puente.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "puente.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The lock lifts LOCKOUT_MINUTES after it began, however often someone keeps trying meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful sign-ins are not kept (only failures are needed to lock).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# How many reverse proxies append to X-Forwarded-For in front of Puente; the client address is the
# entry that many places from the right (0: trust only the connection's own address).
PROXY_COUNT = env_int("PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", not DEBUG) else 0)
ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT

# The REST API (puente/api, docs/api.md): personal tokens, or the session for the browsable docs.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "puente.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "puente.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Filters are django-filter FilterSets (puente/api/filters.py), strict: 400 on bad input.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's, noting why a 403 was given for the one-line denial log (puente/core/log.py).
    "EXCEPTION_HANDLER": "puente.api.errors.exception_handler",
    # No OPTIONS descriptions: the OpenAPI schema documents the API.
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Puente API",
    "DESCRIPTION": "Read programs, relationships and indicators; log meetings; receive webhooks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "puente.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "puente.core.permissions.Role",
        "RelationshipStatusEnum": "puente.mentoring.models.Relationship.Status",
        "MentorOrMenteeEnum": "puente.recruitment.models.APPLICANT_ROLES",
    },
}
# Webhook addresses must be public https hosts; development and tests may point at this machine.
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", DEBUG)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
# People's own calendar addresses, read for their busy times (puente/mentoring/busy.py): through
# the same outbound guard as webhooks (public https hosts only; private hosts only where this is
# turned on, as in the one test that serves a calendar on this machine), every few hours, for
# the days ahead, within a time limit for the whole download and a size limit.
BUSY_CALENDAR_ALLOW_PRIVATE = env_bool("BUSY_CALENDAR_ALLOW_PRIVATE", False)
BUSY_CALENDAR_REFRESH_HOURS = env_int("BUSY_CALENDAR_REFRESH_HOURS", 4)
BUSY_CALENDAR_DAYS = env_int("BUSY_CALENDAR_DAYS", 120)
BUSY_CALENDAR_TIMEOUT_SECONDS = env_int("BUSY_CALENDAR_TIMEOUT_SECONDS", 20)
BUSY_CALENDAR_MAX_BYTES = env_int("BUSY_CALENDAR_MAX_BYTES", 5 * 1024 * 1024)
# Unknown API tokens from one address before it is refused with 429 for LOCKOUT_MINUTES.
LOCKOUT_API_TOKEN_FAILURES = env_int("LOCKOUT_API_TOKEN_FAILURES", 10)

# Audit trail (django-auditlog): which models and fields are listed in each app's apps.py.
# Restoring a backup loads rows "raw" and must not log them again.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each 403 is one WARNING line (method, path, user id or anonymous, reason), never a
    # traceback (puente/core/log.py); 404s keep Django's one "Not Found" line.
    "filters": {"denials": {"()": "puente.core.log.OneLineDenials"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes logs every attempt at INFO; failures and lockouts are WARNINGs.
        "axes": {"level": env("AXES_LOG_LEVEL", "WARNING")},
        "django.request": {"filters": ["denials"]},
        "django.security.csrf": {"filters": ["denials"]},
    },
}
