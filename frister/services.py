"""Writes to the deadline engine. Every function is keyword-only and safe to call inside the
caller's transaction (it opens a savepoint, never commits on its own), so a frist is created,
fulfilled or cancelled together with the change that caused it.

System calls (the sweeper, the nightly visit check, other apps' services that have already checked
their own permission) pass ``actor=None``; calls on a user's behalf pass the user and are checked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field

import pghistory
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from tilsyn import dates
from tilsyn.errors import Checks, DomainError, Forbidden
from tilsyn.models import AKTIVE_STATUSSER as AKTIVE_ENHEDER
from tilsyn.models import Besoegsstatus, Enhed, Socialtilsyn, Tilsynsbesoeg
from tilsyn.selectors import forfalder_horisont, indstillinger_for, with_besoegsstatus

from .models import (
    AKTIVE_STATUSSER,
    DEFAULT_PAAMINDELSER,
    AendringArt,
    Dagtype,
    Frist,
    FristAendring,
    FristArt,
    FristRegel,
    FristStatus,
    FristTrin,
    Notifikation,
    TrinArt,
    TrinStatus,
)
from .outbox import emails_for
from .workdays import add_working_days, working_days_between

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _write(actor):
    """Atomic (a savepoint inside the caller's transaction), with the actor on pghistory rows."""
    if actor is None:
        with transaction.atomic():
            yield
    else:
        with transaction.atomic(), pghistory.context(user=actor.pk):
            yield


def content_type_of(obj) -> ContentType:
    """The owner/sag content type; a Tilbud or Plejefamilie is stored as its Enhed (one relation)."""
    return ContentType.objects.get_for_model(Enhed if isinstance(obj, Enhed) else obj)


def _require(actor, perm: str, obj, message: str) -> None:
    if actor is not None and not actor.has_perm(perm, obj):
        raise Forbidden(message)


# ---------------------------------------------------------------------------------------------
# Rungs


def regel_for(art: str) -> tuple[list[int], bool]:
    """(reminder days before, escalate?) for a kind: the admin's FristRegel, else the default."""
    regel = FristRegel.objects.filter(art=art).first()
    if regel is not None:
        return sorted(set(regel.paamindelser), reverse=True), regel.eskaler
    return list(DEFAULT_PAAMINDELSER.get(art, DEFAULT_PAAMINDELSER[FristArt.ANDET])), True


def build_trin(frist: Frist, *, today: dt.date, regel: tuple[list[int], bool] | None = None) -> list[FristTrin]:
    """The waiting rungs for ``frist``'s current due date (unsaved). Reminders whose day has
    already passed are left out (the latest passed one is kept, so a short frist still gets one)."""
    dage, eskaler = regel or regel_for(frist.art)
    trin: list[FristTrin] = []
    passed: FristTrin | None = None
    for n in sorted(set(dage), reverse=True):
        when = add_working_days(frist.frist, -n) if n else frist.frist
        rung = FristTrin(frist=frist, kind=TrinArt.PAAMINDELSE, dage_foer=n, forfalder=when)
        if when < today:
            passed = rung
        else:
            trin.append(rung)
    if passed is not None and frist.frist >= today and not any(t.forfalder == today for t in trin):
        passed.forfalder = today
        trin.insert(0, passed)
    if eskaler:
        trin.append(FristTrin(frist=frist, kind=TrinArt.ESKALERING, forfalder=frist.frist + dt.timedelta(days=1)))
    return trin


def _cancel_waiting_trin(frister) -> int:
    return FristTrin.objects.filter(frist__in=frister, status=TrinStatus.VENTER).update(status=TrinStatus.ANNULLERET)


# ---------------------------------------------------------------------------------------------
# Frister


def frist_create(*, owner, enhed, art, due: dt.date, responsible, titel: str = "", sag=None, actor=None,
                 dagtype: str = Dagtype.KALENDER, today: dt.date | None = None) -> Frist:
    """Create a frist with its reminder and escalation rungs. Call inside the causing change's transaction."""
    if art not in FristArt.values:
        raise DomainError(f"Ukendt fristtype: {art}.")
    if dagtype not in Dagtype.values:
        raise DomainError(f"Ukendt dagtype: {dagtype}.")
    if due is None:
        raise DomainError("Angiv en frist.", field="frist")
    if fejl := dates.plausibel(due, hvad="Fristen"):
        raise DomainError(fejl, field="frist")
    _require(actor, "frister.add_frist", enhed, "Du kan ikke oprette frister for denne enhed.")
    if responsible is not None and responsible.socialtilsyn_id != enhed.socialtilsyn_id:
        raise DomainError("Den ansvarlige skal høre til samme socialtilsyn som enheden.", field="ansvarlig")
    today = today or timezone.localdate()
    with _write(actor):
        frist = Frist.objects.create(
            enhed=enhed,
            owner_ct=content_type_of(owner),
            owner_id=owner.pk,
            sag_ct=content_type_of(sag) if sag is not None else None,
            sag_id=sag.pk if sag is not None else None,
            art=art,
            titel=titel[:200],
            frist=due,
            oprindelig_frist=due,
            dagtype=dagtype,
            ansvarlig=responsible,
        )
        FristTrin.objects.bulk_create(build_trin(frist, today=today))
    return frist


def _lock(frist: Frist) -> Frist:
    return Frist.objects.select_for_update().get(pk=frist.pk)


def opfyldes_andetsteds(frist: Frist) -> str | None:
    """Why a user cannot mark this frist as met by hand, or None. A besøgsfrist is met by the visit
    (the nightly check closes it); a frist that belongs to a step of a case (an agterskrivelse's
    høringsfrist, a påbud's frist) is met by that step, so the case and its frist never disagree."""
    if frist.art == FristArt.BESOEG:
        return "En besøgsfrist opfyldes, når tilsynsbesøget er gennemført og registreret."
    if frist.owner_ct_id != ContentType.objects.get_for_model(Enhed).pk:
        return "Fristen hører til et dialogforløb og opfyldes dér, når det, fristen gælder, er registreret."
    return None


BESOEGSFRIST_FOELGER_INTERVALLET = (
    "En besøgsfrist følger besøgsintervallet: den flytter sig, når et tilsynsbesøg registreres, eller "
    "risikokategorien ændres, og kan ikke forlænges eller suspenderes her."
)


def aendres_andetsteds(frist: Frist) -> str | None:
    """Why this frist's date cannot be moved in the frister pages, or None. A høringsfrist or a påbud's
    frist lives on its case step (one date): it moves only by the decision that extends it there."""
    if frist.art == FristArt.BESOEG:
        return BESOEGSFRIST_FOELGER_INTERVALLET
    if frist.owner_ct_id != ContentType.objects.get_for_model(Enhed).pk:
        return ("Fristen hører til et dialogforløb og flyttes kun dér, ved den afgørelse eller forlængelse, der "
                "ændrer den, så sagen, brevene og fristen har samme dato.")
    return None


def _close(frist: Frist, *, status: str, actor, note: str, refuse) -> Frist:
    """Close one frist as ``status`` and cancel its waiting rungs. Idempotent for a frist already so
    closed; ``refuse(locked)`` may return the Danish reason it cannot be."""
    with _write(actor):
        locked = _lock(frist)
        if locked.status == status:
            return locked
        if grund := refuse(locked):
            raise DomainError(grund)
        locked.status = status
        locked.afsluttet = timezone.now()
        locked.afsluttet_af = actor
        locked.afsluttet_note = note
        locked.save()
        _cancel_waiting_trin([locked])
    return locked


def frist_fulfil(*, frist: Frist, actor, note: str = "") -> Frist:
    """Mark a frist as met (opfyldt) by hand; its waiting rungs are cancelled. Idempotent for a met frist."""
    _require(actor, "frister.change_frist", frist, "Du kan ikke ændre denne frist.")

    def refuse(locked):
        if locked.status not in AKTIVE_STATUSSER:
            return "Fristen er annulleret og kan ikke opfyldes."
        return opfyldes_andetsteds(locked)

    return _close(frist, status=FristStatus.OPFYLDT, actor=actor, note=note, refuse=refuse)


def frist_cancel(*, frist: Frist, actor, reason: str) -> Frist:
    """Cancel a frist (what it belongs to was closed or withdrawn); its waiting rungs are cancelled."""
    _require(actor, "frister.change_frist", frist, "Du kan ikke ændre denne frist.")
    if not (reason or "").strip():
        raise DomainError("Angiv en begrundelse for annulleringen.", field="begrundelse")

    def refuse(locked):
        return None if locked.status in AKTIVE_STATUSSER else "Fristen er allerede opfyldt og kan ikke annulleres."

    return _close(frist, status=FristStatus.ANNULLERET, actor=actor, note=reason, refuse=refuse)


def frist_extend_checks(*, frist: Frist, new_due: dt.date | None, reason: str, today: dt.date | None = None,
                        af_sagen: bool = False) -> Checks:
    """The rules of an extension, all at once (the form asks this; the service refuses with it): a frist
    that lives elsewhere is not moved here at all; any other only forward, to a date no later than the
    bound for dates ahead, and with a reason."""
    today = today or dates.today()
    checks = Checks()
    if not af_sagen and (grund := aendres_andetsteds(frist)):
        checks.add(None, grund)
        return checks
    if new_due is None:
        checks.add("ny_frist", "Angiv den nye frist.")
    elif new_due < today:
        checks.add("ny_frist", "Den nye frist kan ikke ligge før i dag.")
    elif new_due == frist.frist:
        checks.add("ny_frist", "Den nye frist er den samme som den nuværende.")
    elif new_due < frist.frist:
        checks.add("ny_frist", f"En frist kan kun forlænges, ikke forkortes: den nye frist skal ligge efter "
                               f"{frist.frist:%d.%m.%Y}.")
    else:
        checks.add("ny_frist", dates.frem(new_due, hvad="Den nye frist", fra=today, inklusiv=True))
    checks.require(bool((reason or "").strip()), "begrundelse", "Angiv en begrundelse for ændringen.")
    return checks


def frist_extend(*, frist: Frist, new_due: dt.date, reason: str, actor, today: dt.date | None = None,
                 kind: str = AendringArt.FORLAENGET, af_sagen: bool = False) -> Frist:
    """Move a frist's due date forward (LOST § 8, stk. 2), recording who decided and why. Never earlier.
    A frist owned by a case step moves only when that case's service asks (``af_sagen``).

    Waiting rungs are cancelled and new ones written for the new date, so a frist extended after
    its first reminder is reminded again. An overdue frist extended into the future is open again.
    """
    if actor is None:
        raise Forbidden("En forlængelse skal besluttes af en bruger.")
    _require(actor, "frister.change_frist", frist, "Du kan ikke forlænge denne frist.")
    today = today or timezone.localdate()
    with _write(actor):
        locked = _lock(frist)
        if locked.status not in AKTIVE_STATUSSER:
            raise DomainError(f"Fristen er {locked.get_status_display().lower()} og kan ikke ændres.")
        if locked.suspenderet:
            raise DomainError("Fristen er suspenderet. Genoptag den, før den forlænges.")
        frist_extend_checks(frist=locked, new_due=new_due, reason=reason, today=today,
                            af_sagen=af_sagen).raise_if_any()
        FristAendring.objects.create(frist=locked, kind=kind, gammel_frist=locked.frist, ny_frist=new_due,
                                     begrundelse=reason.strip(), actor=actor)
        locked.frist = new_due
        locked.status = FristStatus.AABEN
        locked.overskredet = None
        locked.save()
        _cancel_waiting_trin([locked])
        FristTrin.objects.bulk_create(build_trin(locked, today=today))
    return locked


def frist_suspend(*, frist: Frist, reason: str, actor, today: dt.date | None = None) -> Frist:
    """Suspend a frist (e.g. while the case waits for something outside the unit's control).

    Its waiting rungs are cancelled; nothing reminds or escalates until it is resumed."""
    if actor is None:
        raise Forbidden("En suspension skal besluttes af en bruger.")
    _require(actor, "frister.change_frist", frist, "Du kan ikke suspendere denne frist.")
    if not (reason or "").strip():
        raise DomainError("Angiv en begrundelse for suspensionen.", field="begrundelse")
    today = today or timezone.localdate()
    with _write(actor):
        locked = _lock(frist)
        if locked.status not in AKTIVE_STATUSSER:
            raise DomainError(f"Fristen er {locked.get_status_display().lower()} og kan ikke suspenderes.")
        if locked.suspenderet:
            raise DomainError("Fristen er allerede suspenderet.")
        if grund := aendres_andetsteds(locked):
            raise DomainError(grund)
        FristAendring.objects.create(frist=locked, kind=AendringArt.SUSPENDERET, gammel_frist=locked.frist,
                                     ny_frist=locked.frist, begrundelse=reason.strip(), actor=actor)
        locked.suspenderet = today
        locked.save()
        _cancel_waiting_trin([locked])
    return locked


def frist_resume(*, frist: Frist, reason: str, actor, today: dt.date | None = None) -> Frist:
    """Resume a suspended frist: the due date moves on by the time it was suspended (in the frist's
    own kind of days), and new rungs are written for it."""
    if actor is None:
        raise Forbidden("En genoptagelse skal besluttes af en bruger.")
    _require(actor, "frister.change_frist", frist, "Du kan ikke genoptage denne frist.")
    if not (reason or "").strip():
        raise DomainError("Angiv en begrundelse for genoptagelsen.", field="begrundelse")
    today = today or timezone.localdate()
    with _write(actor):
        locked = _lock(frist)
        if not locked.suspenderet or locked.status not in AKTIVE_STATUSSER:
            raise DomainError("Fristen er ikke suspenderet.")
        if locked.dagtype == Dagtype.ARBEJDSDAGE:
            new_due = add_working_days(locked.frist, max(0, working_days_between(locked.suspenderet, today)))
        else:
            new_due = locked.frist + (today - locked.suspenderet)
        new_due = max(new_due, today)
        FristAendring.objects.create(frist=locked, kind=AendringArt.GENOPTAGET, gammel_frist=locked.frist,
                                     ny_frist=new_due, begrundelse=reason.strip(), actor=actor)
        locked.frist = new_due
        locked.suspenderet = None
        locked.status = FristStatus.AABEN
        locked.overskredet = None
        locked.save()
        FristTrin.objects.bulk_create(build_trin(locked, today=today))
    return locked


def _owner_filter(*, owner=None, sag=None) -> dict:
    if (owner is None) == (sag is None):
        raise ValueError("Pass exactly one of owner or sag.")
    obj = owner if owner is not None else sag
    prefix = "owner" if owner is not None else "sag"
    return {f"{prefix}_ct": content_type_of(obj), f"{prefix}_id": obj.pk}


def _lock_open_for(*, owner, sag) -> list[Frist]:
    """The open frister of an owner (or sag), locked, with their unit loaded: the permission check
    per frist reads ``frist.enhed``, which must not cost a query per row."""
    return list(
        Frist.objects.select_for_update(of=("self",)).select_related("enhed")
        .filter(status__in=AKTIVE_STATUSSER, **_owner_filter(owner=owner, sag=sag))
    )


def _close_open_for(*, owner, sag, status: str, actor, note: str) -> int:
    with _write(actor):
        frister = _lock_open_for(owner=owner, sag=sag)
        for frist in frister:
            _require(actor, "frister.change_frist", frist, "Du kan ikke ændre disse frister.")
        if not frister:
            return 0
        now = timezone.now()
        Frist.objects.filter(pk__in=[f.pk for f in frister]).update(
            status=status, afsluttet=now, afsluttet_af=actor, afsluttet_note=note, opdateret=now,
        )
        _cancel_waiting_trin(frister)
    return len(frister)


def frister_cancel_for(*, owner=None, sag=None, actor, reason: str) -> int:
    """Cancel every open frist of an owner (or of a sag) and their waiting rungs. Returns how many."""
    return _close_open_for(owner=owner, sag=sag, status=FristStatus.ANNULLERET, actor=actor, note=reason)


def frister_fulfil_for(*, owner=None, sag=None, actor, note: str = "") -> int:
    """Mark every open frist of an owner (or sag) as met, e.g. when the requested redegørelse arrived."""
    return _close_open_for(owner=owner, sag=sag, status=FristStatus.OPFYLDT, actor=actor, note=note)


# ---------------------------------------------------------------------------------------------
# Notifications


def notifikation_create(*, user, titel: str, tekst: str = "", url: str = "", frist: Frist | None = None) -> Notifikation:
    """An in-app notification for ``user`` and, if they have an address, its e-mail in the outbox -
    both written in the caller's transaction (nothing is sent from here; the outbox sweep sends it)."""
    with transaction.atomic():
        notifikation = Notifikation.objects.create(user=user, titel=titel[:200], tekst=tekst, url=url[:500], frist=frist)
        emails_for([notifikation])
    return notifikation


def notifikation_mark_read(*, actor, notifikation: Notifikation) -> Notifikation:
    if notifikation.user_id != actor.pk:
        raise Forbidden("Du kan kun markere dine egne notifikationer som læst.")
    if notifikation.laest is None:
        Notifikation.objects.filter(pk=notifikation.pk, laest__isnull=True).update(laest=timezone.now())
        notifikation.refresh_from_db(fields=["laest"])
    return notifikation


def notifikationer_mark_all_read(*, actor) -> int:
    return Notifikation.objects.filter(user=actor, laest__isnull=True).update(laest=timezone.now())


# ---------------------------------------------------------------------------------------------
# The sweeper


@dataclass
class SweepResult:
    paamindelser: int = 0
    eskaleringer: int = 0
    sprunget_over: int = 0
    notifikationer: int = 0
    batches: int = 0
    notifikation_ids: list[int] = field(default_factory=list)

    @property
    def fired(self) -> int:
        return self.paamindelser + self.eskaleringer


def _leaders_by_socialtilsyn(sids: set[int]) -> dict[int, list]:
    from tilsyn.models import User

    leaders: dict[int, list] = {}
    for user in User.objects.filter(socialtilsyn_id__in=sids, is_leder=True, is_active=True).order_by("pk"):
        leaders.setdefault(user.socialtilsyn_id, []).append(user)
    return leaders


def _reminder_text(frist: Frist, today: dt.date) -> tuple[str, str]:
    days = (frist.frist - today).days
    naar = "i dag" if days == 0 else "i morgen" if days == 1 else f"om {days} dage"
    from tilsyn.templatetags.tilsyn_tags import dato

    return (
        f"Påmindelse: {frist.visningstitel} for {frist.enhed.navn} udløber {naar}",
        f"{frist.get_art_display()} for {frist.enhed.navn} udløber {dato(frist.frist)}.",
    )


def _escalation_text(frist: Frist) -> tuple[str, str]:
    from tilsyn.templatetags.tilsyn_tags import dato

    ansvarlig = str(frist.ansvarlig) if frist.ansvarlig else "ingen ansvarlig"
    return (
        f"Overskredet: {frist.visningstitel} for {frist.enhed.navn}",
        f"{frist.get_art_display()} for {frist.enhed.navn} udløb {dato(frist.frist)} ({ansvarlig}).",
    )


def sweep_batch(*, today: dt.date, batch_size: int = 500, send_email: bool = True) -> SweepResult:
    """Claim up to ``batch_size`` due rungs and fire them, in one transaction. Constant query count."""
    result = SweepResult(batches=1)
    now = timezone.now()
    with transaction.atomic():
        # Claim: rows another sweeper holds are skipped, not waited for; a crashed sweeper's
        # transaction rolls back and its rungs are waiting again for the next run.
        trin = list(
            FristTrin.objects.select_for_update(skip_locked=True)
            .filter(status=TrinStatus.VENTER, forfalder__lte=today)
            .order_by("forfalder", "id")[:batch_size]
        )
        if not trin:
            result.batches = 0
            return result
        # Lock the frister too (skip those a user is changing right now: their rungs wait for the next run).
        frister = {
            f.pk: f for f in Frist.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in={t.frist_id for t in trin}).select_related("enhed", "ansvarlig")
        }
        leaders = _leaders_by_socialtilsyn({f.enhed.socialtilsyn_id for f in frister.values()})
        notifikationer: list[Notifikation] = []
        fired, skipped, escalated = [], [], []
        for t in trin:
            frist = frister.get(t.frist_id)
            if frist is None:
                continue
            if t.kind == TrinArt.PAAMINDELSE:
                if frist.status != FristStatus.AABEN or frist.frist < today:
                    skipped.append(t.pk)
                    continue
                fired.append(t.pk)
                result.paamindelser += 1
                # No (active) responsible user: the leaders are reminded instead, so nothing is lost.
                if frist.ansvarlig_id and frist.ansvarlig.is_active:
                    modtagere = [frist.ansvarlig]
                else:
                    modtagere = leaders.get(frist.enhed.socialtilsyn_id, [])
                titel, tekst = _reminder_text(frist, today)
                notifikationer.extend(
                    Notifikation(user=u, titel=titel, tekst=tekst, url=frist.get_absolute_url(), frist=frist, trin=t)
                    for u in modtagere
                )
            else:
                if frist.status != FristStatus.AABEN or frist.frist >= today:
                    skipped.append(t.pk)
                    continue
                fired.append(t.pk)
                escalated.append(frist.pk)
                result.eskaleringer += 1
                titel, tekst = _escalation_text(frist)
                modtagere = {u.pk: u for u in leaders.get(frist.enhed.socialtilsyn_id, [])}
                if frist.ansvarlig_id and frist.ansvarlig.is_active:
                    modtagere.setdefault(frist.ansvarlig_id, frist.ansvarlig)
                notifikationer.extend(
                    Notifikation(user=u, titel=titel, tekst=tekst, url=frist.get_absolute_url(), frist=frist, trin=t)
                    for u in modtagere.values()
                )
        if fired:
            FristTrin.objects.filter(pk__in=fired).update(status=TrinStatus.UDFOERT, udfoert=now)
        if skipped:
            FristTrin.objects.filter(pk__in=skipped).update(status=TrinStatus.SPRUNGET_OVER, udfoert=now)
        if escalated:
            Frist.objects.filter(pk__in=escalated).update(status=FristStatus.OVERSKREDET, overskredet=now, opdateret=now)
        if notifikationer:
            created = Notifikation.objects.bulk_create(notifikationer)
            result.notifikation_ids = [n.pk for n in created]
            if send_email:
                # In the same transaction as the rung: the e-mails exist exactly when it has fired.
                emails_for(created)
        result.sprunget_over = len(skipped)
        result.notifikationer = len(notifikationer)
    return result


def frister_sweep(*, today: dt.date | None = None, batch_size: int = 500, max_batches: int = 1000,
                  send_email: bool = True) -> SweepResult:
    """Fire every due rung, batch by batch, each batch in its own transaction (a savepoint if the
    caller holds one). ``send_email=False`` (demo data) writes the in-app notifications only."""
    today = today or timezone.localdate()
    total = SweepResult()
    for _ in range(max_batches):
        r = sweep_batch(today=today, batch_size=batch_size, send_email=send_email)
        if not r.batches or not (r.fired or r.sprunget_over):
            break  # nothing due, or only rungs whose frist a user holds locked right now
        total.paamindelser += r.paamindelser
        total.eskaleringer += r.eskaleringer
        total.sprunget_over += r.sprunget_over
        total.notifikationer += r.notifikationer
        total.batches += 1
        total.notifikation_ids.extend(r.notifikation_ids)
    if total.fired:
        log.info("Frister sweep: %s påmindelser, %s eskaleringer", total.paamindelser, total.eskaleringer)
    return total


# ---------------------------------------------------------------------------------------------
# The nightly visit-interval check


def _besoegsfrist_titel(due: dt.date) -> str:
    return f"Tilsynsbesøg senest {due:%d.%m.%Y}"


def _seneste_registrering():
    """When the latest completed visit was registered (a visit registered after a besøgsfrist was set
    meets it, even if it is dated a little before)."""
    return Subquery(
        Tilsynsbesoeg.objects.filter(enhed_id=OuterRef("pk"), status=Besoegsstatus.GENNEMFOERT)
        .values("enhed_id").annotate(m=Max("oprettet")).values("m")[:1]
    )


def _besoegsfrister_for(sid: int, *, today: dt.date, enhed_ids=None, regel, enhed_ct, now) -> tuple[int, int, int]:
    """Keep one socialtilsyn's besøgsfrister (or those of ``enhed_ids``) on the date the visit rule gives."""
    ind = indstillinger_for(sid)
    horizon = forfalder_horisont(ind, today)
    aktive = Enhed.objects.filter(socialtilsyn_id=sid, godkendelsesstatus__in=AKTIVE_ENHEDER)
    if enhed_ids is not None:
        aktive = aktive.filter(pk__in=enhed_ids)
    fields = ("pk", "navn", "ansvarlig_konsulent_id", "oprettet", "godkendt_dato", "risikokategori")
    with transaction.atomic():
        aabne_qs = Frist.objects.select_for_update(of=("self",)).filter(
            enhed__socialtilsyn_id=sid, art=FristArt.BESOEG, owner_ct=enhed_ct, status__in=AKTIVE_STATUSSER)
        if enhed_ids is not None:
            aabne_qs = aabne_qs.filter(enhed_id__in=enhed_ids)
        aabne = {f.enhed_id: f for f in aabne_qs}
        enheder = {
            e.pk: e for e in with_besoegsstatus(aktive, ind, today=today).annotate(
                seneste_registreret=_seneste_registrering()).filter(pk__in=list(aabne)).only(*fields)
        } if aabne else {}
        done, gone, moved = [], [], []
        for enhed_id, frist in aabne.items():
            enhed = enheder.get(enhed_id)
            if enhed is None:
                gone.append(frist)
            elif (enhed.seneste_besoeg and enhed.seneste_besoeg >= timezone.localdate(frist.oprettet)) or (
                    enhed.seneste_registreret and enhed.seneste_registreret >= frist.oprettet):
                done.append(frist)  # a visit since the frist was set has met it
            elif enhed.naeste_besoeg != frist.frist:
                moved.append((frist, enhed.naeste_besoeg))  # the interval changed (colour, settings)
        if done:
            Frist.objects.filter(pk__in=[f.pk for f in done]).update(
                status=FristStatus.OPFYLDT, afsluttet=now, afsluttet_note="Tilsynsbesøg gennemført.", opdateret=now)
        if gone:
            Frist.objects.filter(pk__in=[f.pk for f in gone]).update(
                status=FristStatus.ANNULLERET, afsluttet=now, afsluttet_note="Enheden er ikke længere aktiv.",
                opdateret=now)
        if done or gone or moved:
            _cancel_waiting_trin(done + gone + [f for f, _ in moved])
        for frist, due in moved:
            frist.frist, frist.titel, frist.status, frist.overskredet = due, _besoegsfrist_titel(due), FristStatus.AABEN, None
            frist.save(update_fields=["frist", "titel", "status", "overskredet", "opdateret"])
        if moved:
            FristTrin.objects.bulk_create([t for f, _ in moved for t in build_trin(f, today=today, regel=regel)])
        still_open = set(aabne) - {f.enhed_id for f in done + gone}
        due = with_besoegsstatus(aktive, ind, today=today).filter(naeste_besoeg__lte=horizon).exclude(
            pk__in=still_open).only(*fields)
        new = [
            Frist(enhed_id=e.pk, owner_ct=enhed_ct, owner_id=e.pk, art=FristArt.BESOEG,
                  titel=_besoegsfrist_titel(e.naeste_besoeg), frist=e.naeste_besoeg,
                  oprindelig_frist=e.naeste_besoeg, ansvarlig_id=e.ansvarlig_konsulent_id)
            for e in due
        ]
        if new:
            Frist.objects.bulk_create(new)
            FristTrin.objects.bulk_create([t for f in new for t in build_trin(f, today=today, regel=regel)])
    return len(new), len(done), len(gone)


def besoegsfrister_check(*, today: dt.date | None = None, enhed_ids=None, socialtilsyn_id: int | None = None) -> dict:
    """Keep the besøgsfrister on the one visit rule (tilsyn.selectors.with_besoegsstatus): create one
    for each active unit whose next visit falls due within the socialtilsyn's horizon, close those a
    visit has met (or whose unit is no longer active), and move an open one whose unit's next visit
    date changed (a new risk colour or interval), so Mine frister and the visit plan show one date.

    Runs nightly for every unit, and for ``enhed_ids`` whenever the register says their visit basis
    changed (tilsyn.signals). Idempotent: a unit has at most one open besøgsfrist.
    """
    today = today or timezone.localdate()
    enhed_ct = ContentType.objects.get_for_model(Enhed)
    regel = regel_for(FristArt.BESOEG)
    created = fulfilled = cancelled = 0
    now = timezone.now()
    if enhed_ids is not None:
        sids = Enhed.objects.filter(pk__in=enhed_ids).values_list("socialtilsyn_id", flat=True).distinct()
    else:
        sids = [socialtilsyn_id] if socialtilsyn_id else Socialtilsyn.objects.values_list("pk", flat=True)
    for sid in list(sids):
        c, f, g = _besoegsfrister_for(sid, today=today, enhed_ids=enhed_ids, regel=regel, enhed_ct=enhed_ct, now=now)
        created, fulfilled, cancelled = created + c, fulfilled + f, cancelled + g
    return {"oprettet": created, "opfyldt": fulfilled, "annulleret": cancelled}
