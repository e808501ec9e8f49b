"""Writes to the core register. Each service checks the actor's permission, runs in one
transaction and records the actor on the field history (pghistory context), so the UI, the API
and Celery tasks all leave the same trace.

Approval status is not stamdata: a unit is registered with its status (an application or an
existing approval), and every later change is made by ``godkendelse_aendr`` from a decision.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable

import pghistory
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from . import dates
from .errors import Checks, Forbidden
from .models import (
    AKTIVE_STATUSSER,
    ANMELDT_KRAEVER_VARSEL,
    GODKENDT_KRAEVER_DATO,
    MAX_VARSEL_DAGE,
    OPHOERTE_STATUSSER,
    PLADSER_FEJL,
    PLADSER_MAX,
    PLADSER_MIN,
    REGISTRERINGS_STATUSSER,
    UANMELDT_UDEN_VARSEL,
    VARSEL_FOER_BESOEG,
    Afdeling,
    Besoegsstatus,
    Besoegstype,
    Enhed,
    Godkendelsesaendring,
    Godkendelsesstatus,
    Plejefamilie,
    Tilbud,
    Tilsynsbesoeg,
    User,
)
from .signals import besoegsgrundlag_changed


def require_perm(actor: User, perm: str, obj=None, message: str = "Du har ikke adgang til denne handling.") -> None:
    if not actor.has_perm(perm, obj):
        raise Forbidden(message)


@contextlib.contextmanager
def write(actor: User, **context):
    """One transaction with the actor recorded on every history row written inside it."""
    with transaction.atomic(), pghistory.context(user=actor.pk, **context):
        yield


def full_clean(obj, *, exclude=None) -> None:
    """The model's own validation (fields, validators, constraints) as a DomainError with every message
    next to its field, so a form shows it like any other refusal."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        checks = Checks()
        for field, messages in exc.message_dict.items():
            for message in messages:
                checks.add(None if field == NON_FIELD_ERRORS else field, message)
        checks.raise_if_any()


# ---------------------------------------------------------------------------------------------
# Approval status: registered with the unit, changed only by a decision.

STATUS_FELTER = ("godkendelsesstatus", "godkendt_dato", "ophoert_dato")
STATUS_KUN_VED_AFGOERELSE = (
    "Godkendelsesstatus ændres kun ved en afgørelse (fx ophør af godkendelse i et dialogforløb), "
    "ikke ved redigering af stamdata."
)
GRUNDLAG_REGISTRERET = "Registreret i Tilsyn"
REGISTRERING_STATUS_FEJL = ("En enhed registreres som ansøgt, godkendt eller godkendt med vilkår. "
                            "Senere ændringer af godkendelsesstatus sker ved en afgørelse.")
ANSOEGT_UDEN_GODKENDELSESDATO = "En ansøgt enhed har ingen godkendelsesdato. Fjern datoen, eller vælg Godkendt."

DATO_HVAD = {
    Godkendelsesstatus.ANSOEGT: "Ansøgningsdatoen",
    Godkendelsesstatus.GODKENDT: "Godkendelsesdatoen",
    Godkendelsesstatus.GODKENDT_MED_VILKAAR: "Godkendelsesdatoen",
    Godkendelsesstatus.OPHOERT: "Ophørsdatoen",
    Godkendelsesstatus.BORTFALDET: "Datoen for bortfald",
}


def _senest(*candidates: tuple[dt.date | None, str]) -> tuple[dt.date | None, str]:
    """The latest of (date, what) pairs that are set: the earliest a following date may lie."""
    known = [c for c in candidates if c[0] is not None]
    return max(known, key=lambda c: c[0]) if known else (None, "")


def registrering_checks(*, status: str, godkendt_dato: dt.date | None, ansoegt_dato: dt.date | None) -> Checks:
    """A unit's status when it is registered: an application, or an existing approval with its date."""
    checks = Checks()
    if status not in REGISTRERINGS_STATUSSER:
        checks.add("godkendelsesstatus", REGISTRERING_STATUS_FEJL)
    elif status in AKTIVE_STATUSSER and godkendt_dato is None:
        checks.add("godkendt_dato", GODKENDT_KRAEVER_DATO)
    elif status == Godkendelsesstatus.ANSOEGT and godkendt_dato is not None:
        checks.add("godkendt_dato", ANSOEGT_UDEN_GODKENDELSESDATO)
    checks.add("ansoegt_dato", dates.sket(ansoegt_dato, hvad="Ansøgningsdatoen"))
    checks.add("godkendt_dato", dates.sket(godkendt_dato, hvad="Godkendelsesdatoen", tidligst=ansoegt_dato,
                                           tidligst_hvad="ansøgningsdatoen"))
    return checks


def _apply_status(enhed: Enhed, status: str, dato: dt.date) -> None:
    enhed.godkendelsesstatus = status
    if status in AKTIVE_STATUSSER:
        enhed.godkendt_dato = dato
        enhed.ophoert_dato = None
    elif status in OPHOERTE_STATUSSER:
        enhed.ophoert_dato = dato
    else:
        enhed.ophoert_dato = None


def _aendring_write(enhed: Enhed, *, actor: User, fra: str, til: str, dato: dt.date, grundlag: str,
                    afgoerelse=None) -> Godkendelsesaendring:
    """The one writer of Godkendelsesaendring rows (registration and decisions)."""
    return Godkendelsesaendring.objects.create(
        enhed=enhed, fra=fra, til=til, dato=dato, grundlag=grundlag, actor=actor,
        afgoerelse_ct=ContentType.objects.get_for_model(afgoerelse) if afgoerelse is not None else None,
        afgoerelse_id=afgoerelse.pk if afgoerelse is not None else None,
        afgoerelse_url=afgoerelse.get_absolute_url()[:500] if afgoerelse is not None else "",
        afgoerelse_titel=str(afgoerelse)[:200] if afgoerelse is not None else "",
    )


def godkendelse_aendr(*, actor: User, enhed: Enhed, status: str, dato: dt.date, grundlag: str,
                      afgoerelse=None) -> Godkendelsesaendring:
    """Change a unit's approval status by a decision (ophør af godkendelse today; the approval
    decisions of a godkendelsessag later), and record the change with the decision it rests on.

    ``afgoerelse`` is the deciding record (any model instance with ``get_absolute_url`` and a
    ``str`` that names it, e.g. "Ophør af godkendelse udstedt 12.03.2026"); its URL and title are
    stored so the unit page can say which decision set the status. Call it inside the decision's own
    transaction (it is atomic and joins it). Refusals carry every problem at once, keyed ``status``,
    ``dato``, ``grundlag`` and ``afgoerelse``.
    """
    require_perm(actor, "tilsyn.aendr_godkendelse", enhed, "Du kan ikke ændre godkendelsesstatus for denne enhed.")
    with write(actor):
        locked = Enhed.objects.select_for_update().get(pk=enhed.pk)
        seneste = locked.godkendelsesaendringer.order_by("-pk").first()
        checks = Checks()
        checks.require(afgoerelse is not None and afgoerelse.pk is not None, "afgoerelse", STATUS_KUN_VED_AFGOERELSE)
        if status not in Godkendelsesstatus.values:
            checks.add("status", "Vælg en gyldig godkendelsesstatus.")
        elif status == locked.godkendelsesstatus:
            checks.add("status", f"Enheden er allerede {Godkendelsesstatus(status).label.lower()}.")
        checks.require(bool((grundlag or "").strip()), "grundlag", "Angiv grundlaget for ændringen.")
        if dato is None:
            checks.add("dato", "Angiv fra hvilken dato ændringen gælder.")
        else:
            tidligst, tidligst_hvad = _senest(
                (locked.ansoegt_dato, "enhedens ansøgningsdato"),
                (seneste.dato if seneste else None, "seneste ændring af godkendelsesstatus"),
            )
            checks.add("dato", dates.sket(dato, hvad=DATO_HVAD.get(status, "Datoen"), tidligst=tidligst,
                                          tidligst_hvad=tidligst_hvad))
        checks.raise_if_any(rule="godkendelse_aendr")
        aendring = _aendring_write(locked, actor=actor, fra=locked.godkendelsesstatus, til=status, dato=dato,
                                   grundlag=grundlag.strip(), afgoerelse=afgoerelse)
        _apply_status(locked, status, dato)
        locked.save(update_fields=["godkendelsesstatus", "godkendt_dato", "ophoert_dato", "opdateret"])
        besoegsgrundlag_changed([locked.pk])
    enhed.godkendelsesstatus, enhed.godkendt_dato, enhed.ophoert_dato = (
        locked.godkendelsesstatus, locked.godkendt_dato, locked.ophoert_dato)
    return aendring


# ---------------------------------------------------------------------------------------------
# Units


def enhed_checks(data: dict, *, enhed: Enhed | None = None) -> Checks:
    """Date rules of stamdata: the application date has happened, and lies before the approval."""
    checks = Checks()
    for field in STATUS_FELTER:
        if enhed is not None and field in data:
            checks.add(field, STATUS_KUN_VED_AFGOERELSE)
    ansoegt = data.get("ansoegt_dato")
    if enhed is not None and "ansoegt_dato" in data:
        checks.add("ansoegt_dato", dates.sket(ansoegt, hvad="Ansøgningsdatoen"))
        if ansoegt and enhed.godkendt_dato and ansoegt > enhed.godkendt_dato:
            checks.add("ansoegt_dato", f"Ansøgningsdatoen kan ikke ligge efter godkendelsesdatoen "
                                       f"({enhed.godkendt_dato:%d.%m.%Y}).")
    return checks


def _registrer(data: dict, checks: Checks) -> tuple[str, dt.date | None]:
    """Take the registration status out of ``data`` and check it; returns (status, godkendt_dato)."""
    status = data.pop("godkendelsesstatus", None) or Godkendelsesstatus.ANSOEGT
    godkendt_dato = data.pop("godkendt_dato", None)
    data.pop("ophoert_dato", None)
    for field, messages in registrering_checks(status=status, godkendt_dato=godkendt_dato,
                                                ansoegt_dato=data.get("ansoegt_dato")).errors.items():
        for message in messages:
            checks.add(field, message)
    return status, godkendt_dato


def _create_enhed(actor: User, enhed: Enhed, status: str, godkendt_dato: dt.date | None) -> None:
    # The first row: an existing approval from its date, or an application from its date (today if
    # none is given).
    dato = godkendt_dato or enhed.ansoegt_dato or dates.today()
    _apply_status(enhed, status, dato)
    full_clean(enhed)
    enhed.save()
    _aendring_write(enhed, actor=actor, fra="", til=status, dato=dato, grundlag=GRUNDLAG_REGISTRERET)


def _afdeling_checks(afdelinger: list[dict] | None, checks: Checks) -> None:
    for data in afdelinger or []:
        pladser = data.get("pladser")
        if pladser is None or not PLADSER_MIN <= pladser <= PLADSER_MAX:
            checks.add("afdelinger", PLADSER_FEJL)
        if not (data.get("navn") or "").strip():
            checks.add("afdelinger", "Angiv afdelingens navn.")


def _save_afdelinger(tilbud: Tilbud, afdelinger: Iterable[dict] | None) -> None:
    if afdelinger is None:
        return
    keep = []
    for data in afdelinger:
        data = dict(data)
        pk = data.pop("id", None)
        if pk:
            Afdeling.objects.filter(pk=pk, tilbud=tilbud).update(**data)
            keep.append(pk)
        else:
            keep.append(Afdeling.objects.create(tilbud=tilbud, **data).pk)
    # Afdelinger are stamdata, not case records: a removed one is deleted (its history keeps it).
    tilbud.afdelinger.exclude(pk__in=keep).delete()


def tilbud_create(*, actor: User, data: dict, tilbudstyper, afdelinger: Iterable[dict] | None = None) -> Tilbud:
    require_perm(actor, "tilsyn.add_enhed", None, "Kun konsulenter og ledere kan oprette tilbud.")
    data, afdelinger = dict(data), list(afdelinger) if afdelinger is not None else None
    checks = enhed_checks(data)
    status, godkendt_dato = _registrer(data, checks)
    checks.require(bool(tilbudstyper), "tilbudstyper", "Vælg mindst én tilbudstype.")
    _afdeling_checks(afdelinger, checks)
    checks.raise_if_any()
    with write(actor):
        tilbud = Tilbud(socialtilsyn_id=actor.socialtilsyn_id, **data)
        _create_enhed(actor, tilbud, status, godkendt_dato)
        tilbud.tilbudstyper.set(tilbudstyper)
        _save_afdelinger(tilbud, afdelinger)
    return tilbud


def tilbud_update(*, actor: User, tilbud: Tilbud, data: dict, tilbudstyper=None,
                  afdelinger: Iterable[dict] | None = None) -> Tilbud:
    require_perm(actor, "tilsyn.change_enhed", tilbud, "Du kan ikke redigere dette tilbud.")
    afdelinger = list(afdelinger) if afdelinger is not None else None
    with write(actor):
        locked = Tilbud.objects.select_for_update().get(pk=tilbud.pk)
        checks = enhed_checks(data, enhed=locked)
        if tilbudstyper is not None:
            checks.require(bool(tilbudstyper), "tilbudstyper", "Vælg mindst én tilbudstype.")
        _afdeling_checks(afdelinger, checks)
        checks.raise_if_any()
        for key, value in data.items():
            setattr(locked, key, value)
        full_clean(locked)
        locked.save()
        if tilbudstyper is not None:
            locked.tilbudstyper.set(tilbudstyper)
        _save_afdelinger(locked, afdelinger)
    return locked


def plejefamilie_create(*, actor: User, data: dict) -> Plejefamilie:
    require_perm(actor, "tilsyn.add_enhed", None, "Kun konsulenter og ledere kan oprette plejefamilier.")
    data = dict(data)
    checks = enhed_checks(data)
    status, godkendt_dato = _registrer(data, checks)
    checks.raise_if_any()
    with write(actor):
        familie = Plejefamilie(socialtilsyn_id=actor.socialtilsyn_id, **data)
        _create_enhed(actor, familie, status, godkendt_dato)
    return familie


def plejefamilie_update(*, actor: User, plejefamilie: Plejefamilie, data: dict) -> Plejefamilie:
    require_perm(actor, "tilsyn.change_enhed", plejefamilie, "Du kan ikke redigere denne plejefamilie.")
    with write(actor):
        locked = Plejefamilie.objects.select_for_update().get(pk=plejefamilie.pk)
        enhed_checks(data, enhed=locked).raise_if_any()
        for key, value in data.items():
            setattr(locked, key, value)
        full_clean(locked)
        locked.save()
    return locked


# ---------------------------------------------------------------------------------------------
# Visits


def varsel_advarsel(besoegstype: str, varslet_dato: dt.date | None, dato: dt.date | None) -> str | None:
    """L 200: an announced visit is notified at most 4 weeks ahead. A warning, not a refusal."""
    if besoegstype == Besoegstype.ANMELDT and varslet_dato and dato and (dato - varslet_dato).days > MAX_VARSEL_DAGE:
        return (
            f"Besøget er varslet {(dato - varslet_dato).days} dage før. Efter L 200 varsles anmeldte "
            "tilsynsbesøg højst 4 uger før."
        )
    return None


def besoeg_checks(*, enhed: Enhed, data: dict, ny: bool = False) -> Checks:
    """Every rule of a visit's type and dates, collected at once (keys are the visit's field names).

    Forms ask this and show the messages next to their fields; the services refuse with it. A
    completed visit has happened (not in the future, not before LOST or the unit's application);
    a planned one lies at most three years ahead (a new one not in the past); an announced visit
    has a notice date, no later than the visit; an unannounced one has none.
    """
    checks = Checks()
    besoegstype, status = data.get("besoegstype"), data.get("status") or Besoegsstatus.GENNEMFOERT
    dato, varslet = data.get("dato"), data.get("varslet_dato")
    if besoegstype is not None and besoegstype not in Besoegstype.values:
        checks.add("besoegstype", "Vælg om besøget er anmeldt eller uanmeldt.")
    if status not in Besoegsstatus.values:
        checks.add("status", "Vælg besøgets status.")
    if dato is not None:
        if status == Besoegsstatus.GENNEMFOERT:
            checks.add("dato", dates.sket(dato, hvad="Et gennemført besøg", tidligst=enhed.ansoegt_dato,
                                          tidligst_hvad="enhedens ansøgningsdato"))
        else:
            fejl = dates.plausibel(dato, hvad="Besøgsdatoen")
            if fejl is None and ny and status == Besoegsstatus.PLANLAGT:
                fejl = dates.frem(dato, hvad="Et planlagt besøg", inklusiv=True)
            if fejl is None and enhed.ansoegt_dato and dato < enhed.ansoegt_dato:
                fejl = f"Besøgsdatoen kan ikke ligge før enhedens ansøgningsdato ({enhed.ansoegt_dato:%d.%m.%Y})."
            checks.add("dato", fejl)
    if besoegstype == Besoegstype.UANMELDT and varslet:
        checks.add("varslet_dato", UANMELDT_UDEN_VARSEL)
    elif besoegstype == Besoegstype.ANMELDT and not varslet:
        checks.add("varslet_dato", ANMELDT_KRAEVER_VARSEL)
    elif varslet:
        fejl = dates.plausibel(varslet, hvad="Varslingsdatoen")
        if fejl is None and dato and varslet > dato:
            fejl = VARSEL_FOER_BESOEG
        checks.add("varslet_dato", fejl)
    return checks


def _check_konsulenter(checks: Checks, enhed, konsulenter: list[User]) -> None:
    if any(k.socialtilsyn_id != enhed.socialtilsyn_id for k in konsulenter):
        checks.add("konsulenter", "Konsulenterne skal høre til samme socialtilsyn som enheden.")


def tilsynsbesoeg_create(*, actor: User, enhed, data: dict, konsulenter: Iterable[User]) -> Tilsynsbesoeg:
    require_perm(actor, "tilsyn.add_tilsynsbesoeg", enhed, "Kun konsulenter kan registrere tilsynsbesøg.")
    konsulenter = list(konsulenter) or [actor]
    checks = besoeg_checks(enhed=enhed, data=data, ny=True)
    _check_konsulenter(checks, enhed, konsulenter)
    checks.raise_if_any()
    with write(actor):
        besoeg = Tilsynsbesoeg(enhed=enhed, oprettet_af=actor, **data)
        full_clean(besoeg)
        besoeg.save()
        besoeg.konsulenter.set(konsulenter)
        besoegsgrundlag_changed([enhed.pk])
    return besoeg


def tilsynsbesoeg_update(*, actor: User, besoeg: Tilsynsbesoeg, data: dict,
                         konsulenter: Iterable[User] | None = None) -> Tilsynsbesoeg:
    require_perm(actor, "tilsyn.change_tilsynsbesoeg", besoeg.enhed, "Du kan ikke redigere dette besøg.")
    with write(actor):
        locked = Tilsynsbesoeg.objects.select_for_update().select_related("enhed").get(pk=besoeg.pk)
        merged = {f: getattr(locked, f) for f in ("besoegstype", "status", "dato", "varslet_dato")} | data
        checks = besoeg_checks(enhed=locked.enhed, data=merged)
        if konsulenter is not None:
            _check_konsulenter(checks, locked.enhed, list(konsulenter))
        checks.raise_if_any()
        for key, value in data.items():
            setattr(locked, key, value)
        full_clean(locked)
        locked.save()
        if konsulenter is not None:
            locked.konsulenter.set(list(konsulenter) or [actor])
        besoegsgrundlag_changed([locked.enhed_id])
    return locked
