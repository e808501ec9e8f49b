"""Settings of the stand-in identity provider. Everything comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DEBUG = True
SECRET_KEY = os.environ.get("IDP_SECRET_KEY", "idp-demo-only-not-a-secret-0123456789abcdefghijklmnop")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ.get("IDP_URL", "http://127.0.0.1:8001").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
    "idp",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "idp.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth"]},
}]
_db = dj_database_url.parse(os.environ["IDP_DATABASE_URL"], conn_max_age=0)
if not _db["HOST"] and "host" in _db.get("OPTIONS", {}):
    _db["HOST"] = _db["OPTIONS"].pop("host")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Its own session cookie: the IdP and Tilsyn both run on 127.0.0.1, and cookies do not tell ports apart.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
LOGIN_URL = "/login/"
LANGUAGE_CODE = "da"
USE_TZ = True
TIME_ZONE = "Europe/Copenhagen"

OIDC_USERINFO = "idp.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "idp.claims.TilsynClaims"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
OIDC_SKIP_CONSENT_EXPIRE = 3650
