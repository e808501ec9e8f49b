"""Writes to the core register. Each service checks the actor's permission, runs in one
transaction and records the actor on the field history (pghistory context), so the UI, the API
and Celery tasks all leave the same trace."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable

import pghistory
from django.db import transaction

from .errors import DomainError, Forbidden
from .models import (
    AKTIVE_STATUSSER,
    MAX_VARSEL_DAGE,
    Afdeling,
    Besoegstype,
    Godkendelsesstatus,
    Plejefamilie,
    Tilbud,
    Tilsynsbesoeg,
    User,
)


def require_perm(actor: User, perm: str, obj=None, message: str = "Du har ikke adgang til denne handling.") -> None:
    if not actor.has_perm(perm, obj):
        raise Forbidden(message)


@contextlib.contextmanager
def write(actor: User, **context):
    """One transaction with the actor recorded on every history row written inside it."""
    with transaction.atomic(), pghistory.context(user=actor.pk, **context):
        yield


def _status_dates(enhed, today: dt.date) -> None:
    if enhed.godkendelsesstatus in AKTIVE_STATUSSER and enhed.godkendt_dato is None:
        enhed.godkendt_dato = today
    if enhed.godkendelsesstatus in (Godkendelsesstatus.OPHOERT, Godkendelsesstatus.BORTFALDET):
        enhed.ophoert_dato = enhed.ophoert_dato or today
    else:
        enhed.ophoert_dato = None


def _save_afdelinger(tilbud: Tilbud, afdelinger: Iterable[dict] | None) -> None:
    if afdelinger is None:
        return
    keep = []
    for data in afdelinger:
        pk = data.pop("id", None)
        if pk:
            Afdeling.objects.filter(pk=pk, tilbud=tilbud).update(**data)
            keep.append(pk)
        else:
            keep.append(Afdeling.objects.create(tilbud=tilbud, **data).pk)
    tilbud.afdelinger.exclude(pk__in=keep).delete()


def tilbud_create(*, actor: User, data: dict, tilbudstyper, afdelinger: Iterable[dict] | None = None,
                  today: dt.date | None = None) -> Tilbud:
    require_perm(actor, "tilsyn.add_enhed", None, "Kun konsulenter og ledere kan oprette tilbud.")
    if not tilbudstyper:
        raise DomainError("Vælg mindst én tilbudstype.", field="tilbudstyper")
    with write(actor):
        tilbud = Tilbud(socialtilsyn_id=actor.socialtilsyn_id, **data)
        _status_dates(tilbud, today or dt.date.today())
        tilbud.full_clean()
        tilbud.save()
        tilbud.tilbudstyper.set(tilbudstyper)
        _save_afdelinger(tilbud, afdelinger)
    return tilbud


def tilbud_update(*, actor: User, tilbud: Tilbud, data: dict, tilbudstyper=None,
                  afdelinger: Iterable[dict] | None = None, today: dt.date | None = None) -> Tilbud:
    require_perm(actor, "tilsyn.change_enhed", tilbud, "Du kan ikke redigere dette tilbud.")
    if tilbudstyper is not None and not tilbudstyper:
        raise DomainError("Vælg mindst én tilbudstype.", field="tilbudstyper")
    with write(actor):
        locked = Tilbud.objects.select_for_update().get(pk=tilbud.pk)
        for key, value in data.items():
            setattr(locked, key, value)
        _status_dates(locked, today or dt.date.today())
        locked.full_clean()
        locked.save()
        if tilbudstyper is not None:
            locked.tilbudstyper.set(tilbudstyper)
        _save_afdelinger(locked, afdelinger)
    return locked


def plejefamilie_create(*, actor: User, data: dict, today: dt.date | None = None) -> Plejefamilie:
    require_perm(actor, "tilsyn.add_enhed", None, "Kun konsulenter og ledere kan oprette plejefamilier.")
    with write(actor):
        familie = Plejefamilie(socialtilsyn_id=actor.socialtilsyn_id, **data)
        _status_dates(familie, today or dt.date.today())
        familie.full_clean()
        familie.save()
    return familie


def plejefamilie_update(*, actor: User, plejefamilie: Plejefamilie, data: dict,
                        today: dt.date | None = None) -> Plejefamilie:
    require_perm(actor, "tilsyn.change_enhed", plejefamilie, "Du kan ikke redigere denne plejefamilie.")
    with write(actor):
        locked = Plejefamilie.objects.select_for_update().get(pk=plejefamilie.pk)
        for key, value in data.items():
            setattr(locked, key, value)
        _status_dates(locked, today or dt.date.today())
        locked.full_clean()
        locked.save()
    return locked


def varsel_advarsel(besoegstype: str, varslet_dato: dt.date | None, dato: dt.date | None) -> str | None:
    """L 200: an announced visit is notified at most 4 weeks ahead. A warning, not a refusal."""
    if besoegstype == Besoegstype.ANMELDT and varslet_dato and dato and (dato - varslet_dato).days > MAX_VARSEL_DAGE:
        return (
            f"Besøget er varslet {(dato - varslet_dato).days} dage før. Efter L 200 varsles anmeldte "
            "tilsynsbesøg højst 4 uger før."
        )
    return None


def tilsynsbesoeg_create(*, actor: User, enhed, data: dict, konsulenter: Iterable[User]) -> Tilsynsbesoeg:
    require_perm(actor, "tilsyn.add_tilsynsbesoeg", enhed, "Kun konsulenter kan registrere tilsynsbesøg.")
    konsulenter = list(konsulenter) or [actor]
    if any(k.socialtilsyn_id != enhed.socialtilsyn_id for k in konsulenter):
        raise DomainError("Konsulenterne skal høre til samme socialtilsyn som enheden.", field="konsulenter")
    with write(actor):
        besoeg = Tilsynsbesoeg(enhed=enhed, oprettet_af=actor, **data)
        besoeg.full_clean()
        besoeg.save()
        besoeg.konsulenter.set(konsulenter)
    return besoeg


def tilsynsbesoeg_update(*, actor: User, besoeg: Tilsynsbesoeg, data: dict,
                         konsulenter: Iterable[User] | None = None) -> Tilsynsbesoeg:
    require_perm(actor, "tilsyn.change_tilsynsbesoeg", besoeg.enhed, "Du kan ikke redigere dette besøg.")
    with write(actor):
        locked = Tilsynsbesoeg.objects.select_for_update().get(pk=besoeg.pk)
        for key, value in data.items():
            setattr(locked, key, value)
        locked.full_clean()
        locked.save()
        if konsulenter is not None:
            locked.konsulenter.set(list(konsulenter) or [actor])
    return locked
