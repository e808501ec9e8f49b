"""Set up the stand-in IdP: a signing key, the Tilsyn client and the users (idempotent).

    manage.py idp_setup --client-id tilsyn --client-secret s3cret --redirect-uri http://127.0.0.1:8000/sso/callback/ \
        --users '[{"username": "karen", "password": "...", "email": "...", "first_name": "Karen",
                   "last_name": "Holm", "groups": ["tilsyn-konsulent"]}]'
"""

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from oidc_provider.models import Client, ResponseType, RSAKey


class Command(BaseCommand):
    help = "Opretter nøgle, klient og brugere i demo-identitetsudbyderen."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)
        parser.add_argument("--users", default="[]", help="JSON-liste med brugere")

    @transaction.atomic
    def handle(self, *args, **o):
        if not RSAKey.objects.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            RSAKey.objects.create(key=key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.TraditionalOpenSSL,
                                                        serialization.NoEncryption()).decode())
        code, _ = ResponseType.objects.get_or_create(value="code", defaults={"description": "code (Authorization Code Flow)"})
        client, _ = Client.objects.update_or_create(client_id=o["client_id"], defaults={
            "name": "Tilsyn", "client_type": "confidential", "client_secret": o["client_secret"], "jwt_alg": "RS256",
            "require_consent": False, "reuse_consent": True})
        client.redirect_uris = o["redirect_uri"]
        client.scope = ["openid", "email", "profile", "groups"]
        client.save()
        client.response_types.set([code])
        for spec in json.loads(o["users"]):
            user, _ = User.objects.get_or_create(username=spec["username"])
            for key in ("email", "first_name", "last_name"):
                setattr(user, key, spec.get(key, ""))
            user.set_password(spec["password"])
            user.save()
            user.groups.set([Group.objects.get_or_create(name=name)[0] for name in spec.get("groups", [])])
        self.stdout.write(f"Identitetsudbyder klar: klient {client.client_id}, {User.objects.count()} brugere.")
