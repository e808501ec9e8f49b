"""Retention: the access log is deleted after ADGANGSLOG_DAGE days; closed cases are anonymised
ANONYMISERING_DAGE days after they closed, by every anonymiser the apps registered."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tilsyn.dates import today as i_dag

from .models import AdgangsLog
from .registry import ANONYMISERS

log = logging.getLogger(__name__)


def adgangslog_purge(*, dage: int | None = None) -> int:
    """Delete access-log rows, and axes' log of logins and failed logins (username, IP, browser),
    older than ``dage`` (default ADGANGSLOG_DAGE). Returns how many access-log rows went."""
    from axes.models import AccessFailureLog, AccessLog

    dage = settings.ADGANGSLOG_DAGE if dage is None else dage
    before = timezone.now() - dt.timedelta(days=dage)
    count, _ = AdgangsLog.objects.filter(tidspunkt__lt=before).delete()
    AccessLog.objects.filter(attempt_time__lt=before).delete()
    AccessFailureLog.objects.filter(attempt_time__lt=before).delete()
    return count


def udbakke_purge(*, dage: int | None = None) -> int:
    """Delete sent e-mails older than ``dage`` (default UDBAKKE_DAGE); waiting ones always stay."""
    from frister.models import Email, EmailStatus

    dage = settings.UDBAKKE_DAGE if dage is None else dage
    count, _ = Email.objects.filter(status=EmailStatus.SENDT, sendt__lt=timezone.now() - dt.timedelta(days=dage)).delete()
    return count


def anonymise_closed(*, dage: int | None = None, today: dt.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Run every registered anonymiser for cases closed more than ``dage`` days ago (default
    ANONYMISERING_DAGE), all in one transaction: either everything due is anonymised or nothing.
    Returns {anonymiser: how many objects}. ``dry_run`` rolls it back (to see what would happen)."""
    dage = settings.ANONYMISERING_DAGE if dage is None else dage
    cutoff = (today or i_dag()) - dt.timedelta(days=dage)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for name, fn in sorted(ANONYMISERS.items()):
            counts[name] = len(fn(cutoff=cutoff))
        if dry_run:
            transaction.set_rollback(True)
    if any(counts.values()) and not dry_run:
        log.info("Anonymisering (lukket før %s): %s", cutoff.isoformat(), counts)
    return counts
