#!/usr/bin/env python
"""A small OpenID Connect identity provider (django-oidc-provider) for the SSO tests and the demo.

    IDP_DATABASE_URL=postgresql://... IDP_URL=http://127.0.0.1:8001 python scripts/oidc_idp/manage.py migrate
    python scripts/oidc_idp/manage.py idp_setup --client-id tilsyn --client-secret ... --redirect-uri ... --users users.json
    python scripts/oidc_idp/manage.py runserver 127.0.0.1:8001 --noreload

It is a separate Django project with its own database, never part of Tilsyn itself: it stands in for the
host kommune's Entra ID or a NemLog-in broker."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "idp.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
