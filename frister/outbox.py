"""The outbox: what must reach a person by e-mail is an ``Email`` row, written in the transaction of
the event that causes it (never a Celery message sent from the request). The beat-driven sweep
``deliver()`` sends the due rows:

- claim: one row at a time, ``SELECT ... FOR UPDATE SKIP LOCKED`` - two sweepers never take the
  same row, and neither waits for the other;
- send: while the row stays locked (the mail server's timeout, EMAIL_TIMEOUT, bounds the wait);
- mark: ``status=sendt`` in the same transaction, committed right after the server accepted it.

A worker killed, a lost broker or a crashed database before the commit rolls the claim back: the row
is still waiting and the next tick sends it - a retry of an unsent e-mail, never a loss. A failure
of the mail server is recorded on the row and retried with backoff (1, 2, 4 ... 60 minutes) until
it is accepted. What remains: if the process dies in the moment between the server accepting
the e-mail and the commit, it is sent again; each row keeps one Message-ID across attempts so a
receiving system can recognise the repeat.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from .models import Email, EmailStatus, Koersel, Notifikation

log = logging.getLogger(__name__)

BACKOFF_FIRST_SECONDS = 60
BACKOFF_MAX_SECONDS = 3600


def backoff(forsoeg: int) -> dt.timedelta:
    """Wait after the ``forsoeg``-th failed attempt: 1, 2, 4 ... minutes, at most an hour."""
    return dt.timedelta(seconds=min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** min(max(forsoeg - 1, 0), 20)))


def _domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.rsplit("@", 1)[-1].strip("> ") or "tilsyn.localhost"


def message_id(email: Email) -> str:
    """The same on every attempt, so a repeated delivery is recognisable as the same e-mail."""
    return f"<tilsyn.email.{email.pk}@{_domain()}>"


# ---------------------------------------------------------------------------------------------
# Writing


def email_body(n: Notifikation) -> str:
    lines = [f"Hej {n.user.first_name or n.user.username}", "", n.titel]
    if n.tekst:
        lines += ["", n.tekst]
    if n.url:
        url = n.url if n.url.startswith("http") else f"{settings.TILSYN_BASE_URL}{n.url}"
        lines += ["", f"Se mere: {url}"]
    lines += ["", "Venlig hilsen", "Tilsyn", "", "Du får denne e-mail, fordi du har en notifikation i Tilsyn."]
    return "\n".join(lines)


def emails_for(notifikationer: list[Notifikation]) -> list[Email]:
    """Outbox rows for notifications whose user has an e-mail address (inside the caller's
    transaction; the notifications must be saved and have their user loaded)."""
    rows = [
        Email(notifikation=n, modtager=n.user.email, emne=n.titel[:200], tekst=email_body(n))
        for n in notifikationer if n.user.email
    ]
    return Email.objects.bulk_create(rows) if rows else []


# ---------------------------------------------------------------------------------------------
# Delivering


@dataclass
class DeliveryResult:
    sendt: int = 0
    fejlet: int = 0


def _claim_next(now) -> Email | None:
    return (Email.objects.select_for_update(skip_locked=True)
            .filter(status=EmailStatus.VENTER, naeste_forsoeg__lte=now)
            .order_by("naeste_forsoeg", "id").first())


def deliver(*, limit: int = 500) -> DeliveryResult:
    """Send up to ``limit`` due e-mails, one transaction each (see the module docstring).

    A failure of the mail server ends the run after recording it on the row: the other rows wait
    for the next tick instead of each waiting for the same timeout now."""
    result = DeliveryResult()
    connection = get_connection(fail_silently=False)
    try:
        for _ in range(limit):
            with transaction.atomic():
                now = timezone.now()
                email = _claim_next(now)
                if email is None:
                    break
                message = EmailMessage(email.emne, email.tekst, None, [email.modtager], connection=connection,
                                       headers={"Message-ID": message_id(email)})
                email.forsoeg += 1
                try:
                    message.send()
                except Exception as exc:  # noqa: BLE001 - any failure to hand over is a retry later
                    email.naeste_forsoeg = now + backoff(email.forsoeg)
                    email.sidste_fejl = f"{timezone.localtime(now):%d.%m.%Y %H:%M}: {type(exc).__name__}: {exc}"[:1000]
                    email.save(update_fields=["forsoeg", "naeste_forsoeg", "sidste_fejl"])
                    result.fejlet += 1
                    log.warning("E-mail %s kunne ikke sendes (forsøg %s): %s", email.pk, email.forsoeg, exc)
                    break
                email.status = EmailStatus.SENDT
                email.sendt = now
                email.save(update_fields=["status", "sendt", "forsoeg"])
                if email.notifikation_id:
                    Notifikation.objects.filter(pk=email.notifikation_id).update(email_sendt=now)
                result.sendt += 1
    finally:
        with contextlib.suppress(Exception):  # closing a broken SMTP connection may fail too
            connection.close()
    if result.sendt or result.fejlet:
        log.info("Udbakke: %s sendt, %s fejlet", result.sendt, result.fejlet)
    return result


def backlog() -> dict:
    """For /healthz: how many e-mails wait, and how long the oldest has waited (no content)."""
    row = Email.objects.filter(status=EmailStatus.VENTER).aggregate(n=Count("id"), oldest=Min("oprettet"))
    age = None if row["oldest"] is None else round((timezone.now() - row["oldest"]).total_seconds())
    return {"ventende": row["n"], "aeldste_sekunder": age}


def record_run(name: str) -> None:
    """Note that beat task ``name`` completed now (an upsert: safe when two workers finish at once)."""
    Koersel.objects.bulk_create([Koersel(navn=name, seneste=timezone.now())], update_conflicts=True,
                                unique_fields=["navn"], update_fields=["seneste"])
