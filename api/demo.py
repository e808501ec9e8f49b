"""Demo data for the API: konsulent-hovedstaden has a working token (printed by
``manage.py demo_data --print-logins``), one revoked and one expired, so the token page shows each state.

The demo token is a fixed, published value: it exists only in the demo database."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tilsyn.models import User

from .models import ApiToken
from .services import hash_token

DEMO_TOKEN = "tls_demo-konsulent-hovedstaden-0000000000000000"


def seed(ctx) -> None:
    user = User.objects.get(username="konsulent-hovedstaden")
    now = timezone.now()
    rows = [
        ("Statistik til ledelsesinformation", DEMO_TOKEN, ctx.today + dt.timedelta(days=90), None),
        ("ESDH-integration (test)", "tls_demo-tilbagekaldt-0000000000000000000000",
         ctx.today + dt.timedelta(days=30), now - dt.timedelta(days=3)),
        ("Gammelt udtræk", "tls_demo-udloebet-000000000000000000000000000", ctx.today - dt.timedelta(days=2), None),
    ]
    for navn, raw, udloeber, tilbagekaldt in rows:
        ApiToken.objects.create(user=user, navn=navn, praefiks=raw[:12], noegle_hash=hash_token(raw),
                                oprettet=now - dt.timedelta(days=40), oprettet_af=user, udloeber=udloeber,
                                tilbagekaldt=tilbagekaldt, tilbagekaldt_af=user if tilbagekaldt else None,
                                sidst_brugt=now - dt.timedelta(hours=5) if tilbagekaldt is None else None)


def logins(port: str) -> str:
    return (f"API-nøgle (konsulent-hovedstaden, kun demo): {DEMO_TOKEN}\n"
            f"  curl -H 'Authorization: Bearer {DEMO_TOKEN}' http://127.0.0.1:{port}/api/v1/tilbud\n"
            f"  Dokumentation (efter login): http://127.0.0.1:{port}/api/v1/docs\n")
