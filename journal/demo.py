"""Demo: the letters the demo data sent are journalised when a delivery channel is configured (the demo's
default is the drop folder var/journal), back-dated to shortly after they were sent; letters sent today
wait for the worker, so the documents tab shows both states."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from . import services
from .models import Journalpost, JournalStatus


def seed(ctx) -> None:
    """Nothing to seed: every sent demo letter got its entry when it was stored."""


def finalize(ctx) -> None:
    if not settings.JOURNAL_MODE:
        return
    waiting = Journalpost.objects.filter(status=JournalStatus.AFVENTER)
    waiting.filter(sendt__gte=ctx.today).update(naeste_forsoeg=timezone.now() + dt.timedelta(minutes=2))
    services.journal_sweep(limit=10_000)
    for post in Journalpost.objects.filter(status=JournalStatus.JOURNALISERET, sendt__lt=ctx.today):
        sent = timezone.make_aware(dt.datetime.combine(post.sendt, dt.time(14, 0)))
        Journalpost.objects.filter(pk=post.pk).update(
            journaliseret=sent + dt.timedelta(minutes=ctx.rng.randint(2, 55)))
