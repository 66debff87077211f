"""Settings shared by every environment. Every value can be set from the environment;
`.env.example` and the README's configuration table document each one."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "activering",
    "clients",
    "partners",
    "trajecten",
    "rapportering",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "activering.security.middleware.SessieVerlengenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor: `user.is_verified()`; beheerders must pass the TOTP step (beveiliging.md).
    "django_otp.middleware.OTPMiddleware",
    "activering.security.middleware.TweedeFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # "Achtergrondtaken wachten: …" on every page while the Celery broker is unreachable.
    "activering.achtergrond.AchtergrondMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: lockout after repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "activering.urls"
WSGI_APPLICATION = "activering.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database: DATABASE_URL, or an embedded PostgreSQL when it is not set -----------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from activering.embedded import postgres_settings

    DATABASES = {"default": postgres_settings()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A process (the test suite's Celery worker) can be pointed at another database on the same server.
if env.str("DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env.str("DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: REDIS_URL, or an embedded Redis when it is not set ----------------------------
if env.str("REDIS_URL", default=""):
    REDIS_URL = env.str("REDIS_URL")
else:
    from activering.embedded import redis_url

    REDIS_URL = redis_url()

# Fault tolerant: with Redis down a cache read returns its default and a write is dropped,
# so no page view fails because of the cache (activering/cache.py, docs/backup.md).
CACHES = {
    "default": {
        "BACKEND": "activering.cache.FoutTolerantRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="activering"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first; the others only verify (and upgrade) older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first (it refuses a locked-out user before the password is checked), then the
# model backend, loading the staff profile together with the user (one query per request).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "activering.permissions.MedewerkerBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout (django-axes): 5 failed logins for one username from one address lock that
# combination for 15 minutes (a Dutch page, HTTP 429). A success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_CLIENT_IP_CALLABLE = "activering.permissions.client_ip"
AXES_VERBOSE = False  # axes' own log lines name the username; the failures are in its table
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none; the address
# the web server sees is the client's). Used for the audit log and the login lockout.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-factor login (django-otp, TOTP): required for beheerders and admin users.
OTP_TOTP_ISSUER = "Activering"

# Sessions end after 30 minutes without a request; the cookie is never readable by scripts.
SESSION_COOKIE_AGE = 30 * 60
# Idle expiry: the session is renewed (saved) at most once a minute while the user works,
# see activering.security.middleware.SessieVerlengenMiddleware.
SESSION_SAVE_EVERY_REQUEST = False
SESSIE_VERLENGEN_NA = env.int("SESSIE_VERLENGEN_NA", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- Security headers (docs/beveiliging.md) ---------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): only our own files; no inline scripts or styles,
# no eval. Templates must not use <script> blocks, style="" or on*="" attributes
# (tests/security/test_headers.py scans them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy: the browser features this application never uses are switched off.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# nl-BE writes 31/12/2025; English pages use British day-month order (activering/formats).
FORMAT_MODULE_PATH = ["activering.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Django REST framework ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # One error shape for every 4xx: {"fouten": [{"veld", "code", "bericht"}]} (ADR 0010).
    "EXCEPTION_HANDLER": "activering.exceptions.exception_handler",
    # Partner API: requests per minute per API key (429 with Retry-After above it).
    "DEFAULT_THROTTLE_RATES": {"partner": env.str("PARTNER_API_RATE", default="600/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Activering API",
    "DESCRIPTION": "API van Activering, het opvolgingssysteem voor activering van leefloners.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the package, not a CDN (the CSP allows only 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "TrajectSoortEnum": "trajecten.constants.TrajectSoort",
        "MeldingSoortEnum": "partners.constants.MeldingSoort",
    },
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL",
    default=REDIS_URL.replace("unix://", "redis+socket://", 1),
)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="activering")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "activering.tasks.worker_heartbeat",
        "schedule": timedelta(seconds=30),
    },
    # Indicator snapshots (rapportering.tasks): last month's final figures on the 1st,
    # the running month's provisional figures every night.
    "indicatoren-vorige-maand": {
        "task": "rapportering.tasks.bereken_indicatoren_vorige_maand",
        "schedule": crontab(minute=30, hour=1, day_of_month=1),
    },
    "indicatoren-huidige-maand": {
        "task": "rapportering.tasks.bereken_indicatoren_huidige_maand",
        "schedule": crontab(minute=0, hour=2),
    },
    # Partner API: forget Idempotency-Keys older than the retention (≥ 24 h), every night.
    "partner-idempotente-verzoeken-opruimen": {
        "task": "partners.idempotent_verzoek_cleanup",
        "schedule": crontab(minute=15, hour=3),
    },
    # Referrals not started 30 days after they were made: notify the social worker and the
    # team lead once (trajecten.tasks), every morning before the working day.
    "trajecten-aanmeldingen-niet-gestart": {
        "task": "trajecten.tasks.aanmeldingen_niet_gestart_melden",
        "schedule": crontab(minute=0, hour=6),
    },
    # Exports older than EXPORT_BEWAARDAGEN: file and row deleted, every night.
    "rapportering-exports-opruimen": {
        "task": "rapportering.tasks.exports_opruimen",
        "schedule": crontab(minute=30, hour=3),
    },
    # GDPR: anonymise the dossiers whose retention term is over, monthly (clients.tasks).
    "clients-anonimiseren-na-bewaartermijn": {
        "task": "clients.tasks.clients_anonimiseren_na_bewaartermijn",
        "schedule": crontab(minute=45, hour=3, day_of_month=2),
    },
}
# Worker heartbeat older than this makes /health/ report the worker as down.
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=120)

# --- Logging: ids only, never names or rijksregisternummers ----------------------------------
# Every handler carries the `persoonsgegevens` filter (rijksregisternummers masked in the
# message and the traceback); error reports hide personal fields (activering/security).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "persoonsgegevens": {"()": "activering.security.logging.PersoonsgegevensFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["persoonsgegevens"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "persoonsgegevens"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own loggers get these handlers instead of its defaults (which have no filter).
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}
DEFAULT_EXCEPTION_REPORTER = "activering.security.rapport.PersoonsgegevensExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "activering.security.rapport.PersoonsgegevensReporterFilter"

# --- Domain settings (see docs/indicatoren.md and ../shared/spec/indicatoren.md) ------------
EPISODE_GAP_DAYS = env.int("EPISODE_GAP_DAYS", default=31)
LAP_LEEFLOON_LOOKBACK_MONTHS = env.int("LAP_LEEFLOON_LOOKBACK_MONTHS", default=3)
LAP_WORKED_DAYS = env.int("LAP_WORKED_DAYS", default=90)
LAP_WINDOW_MONTHS = env.int("LAP_WINDOW_MONTHS", default=4)
LAP_EXCLUDED_CONTRACT_TYPES = env.list("LAP_EXCLUDED_CONTRACT_TYPES", default=[])
LAP_BASE_RATE = Decimal(env.str("LAP_BASE_RATE", default="0.20"))
LAP_EUR_PER_EXTRA = Decimal(env.str("LAP_EUR_PER_EXTRA", default="1000"))
# (threshold % of the extra commitment reached, % of the subsidy paid), highest first.
LAP_PAYOUT_TIERS = [(Decimal("100"), 100), (None, 50)]
CASELOAD_TARGET = env.int("CASELOAD_TARGET", default=75)
# Documents uploaded to a dossier: size limit (bytes) and page size of the caseload list.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
CASELOAD_PAGE_SIZE = env.int("CASELOAD_PAGE_SIZE", default=25)
# CSV import uploaded in the browser (/beheer/import/): size limit of one upload (bytes, the
# CSV files together, a ZIP's content unpacked) and the job's hard time limit (seconds).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
IMPORT_TIME_LIMIT = env.int("IMPORT_TIME_LIMIT", default=60 * 60)

# GDPR retention term (years after a dossier's last activity) before it is anonimised; the
# choice and why it has no legal source yet: docs/adr/0020-bewaartermijn.md.
BEWAARTERMIJN_JAREN = env.int("BEWAARTERMIJN_JAREN", default=10)
# Days a finished dashboard export or council report stays downloadable before the nightly
# job deletes the file and its row (the caseload table names staff members).
EXPORT_BEWAARDAGEN = env.int("EXPORT_BEWAARDAGEN", default=30)

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="activering-demo")
