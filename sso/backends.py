"""Authentication backends: local passwords (switchable) and OpenID Connect per socialtilsyn."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class LocalPasswordBackend(ModelBackend):
    """Django's username/password login, unless LOCAL_LOGIN is off (then only single sign-on logs in).
    Permissions are still answered here either way."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not getattr(settings, "LOCAL_LOGIN", True):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class SocialtilsynOIDCBackend(ModelBackend):
    def authenticate(self, request, **kwargs):
        return None
