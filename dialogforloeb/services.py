"""Every write of the dialogforløb. Each service checks the actor's permission, locks the forløb row
(select_for_update) inside one transaction, runs the FSM transition with its legal guards, and writes
the timeline row, the frister (through the frister engine) and the letters (through dokumenter)
together. A refusal raises DomainError with the rule in Danish, and nothing is saved."""

from __future__ import annotations

import calendar
import contextlib
import contextvars
import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from tilsyn.errors import DomainError, Forbidden
from tilsyn.models import Enhed, Godkendelsesstatus, User
from tilsyn.services import write

from . import guards
from .models import (
    HOERINGSFRIST_MAKS_DAGE,
    Afgoerelse,
    Afgoerelsestype,
    Agterskrivelse,
    AgterskrivelseStatus,
    Aktivitet,
    AktivitetArt,
    Alvor,
    Dialogforloeb,
    Form,
    Haendelse,
    Kilde,
    Status,
    Udfald,
)
from .selectors import indstillinger_for

SKAERPET_MAKS_MAANEDER = 6
FRISTER_VALG = ("annuller", "opfyld")
AABNE_FRISTER_VALG = "Forløbet har åbne frister. Vælg om de skal annulleres eller markeres som opfyldt."


def add_months(d: dt.date, months: int) -> dt.date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


_as_of: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("as_of", default=None)


@contextlib.contextmanager
def as_of(day: dt.date):
    """Record what happens inside the block as happening on ``day`` (timeline dates, default dates).
    Used by the demo loader to build a back-dated history through the ordinary services."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def _today(today: dt.date | None = None) -> dt.date:
    return today or _as_of.get() or timezone.localdate()


def _require(actor, perm: str, obj, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise Forbidden(message)


def _log(forloeb, actor, titel: str, tekst: str = "", *, dato=None, url: str = "", fra: str = "", til: str = ""):
    return Haendelse.objects.create(forloeb=forloeb, actor=actor, titel=titel, tekst=tekst, url=url,
                                    dato=dato or _today(), fra_status=fra, til_status=til)


def _lock(forloeb: Dialogforloeb) -> Dialogforloeb:
    """Lock the row and refuse if someone changed the state since the caller read it."""
    # of=self: lock the forløb only, not the joined unit row (that would serialise unrelated unit edits).
    locked = Dialogforloeb.objects.select_for_update(of=("self",)).select_related("enhed").get(pk=forloeb.pk)
    if locked.status != forloeb.status:
        raise DomainError(
            f"Forløbet er ændret af en anden i mellemtiden: det står nu som »{locked.get_status_display()}«. "
            "Genindlæs siden og prøv igen.", rule="stale")
    return locked


def blocking_messages(forloeb: Dialogforloeb, name: str) -> list[str]:
    """The Danish reasons why transition ``name`` is not allowed now (empty if it is)."""
    method = getattr(forloeb, name)
    meta = method._django_fsm
    trans = meta.get_transition(forloeb.status)
    if trans is None:
        return [f"Handlingen er ikke mulig, når forløbet står som »{forloeb.get_status_display()}«."]
    return [getattr(cond, "message", "Betingelsen er ikke opfyldt.") for cond in trans.conditions if not cond(forloeb)]


def _check(forloeb: Dialogforloeb, name: str) -> None:
    """Refuse with the guards' Danish messages if transition ``name`` is not allowed now."""
    if not can_proceed(getattr(forloeb, name)):
        raise DomainError(" ".join(blocking_messages(forloeb, name)), rule=name)


def _run(forloeb: Dialogforloeb, name: str, actor, *, titel: str, tekst: str = "", dato=None, url: str = ""):
    """Run a transition on a locked forløb, save it and write its timeline row."""
    method = getattr(forloeb, name)
    _check(forloeb, name)
    fra = forloeb.status
    try:
        method()
    except TransitionNotAllowed as exc:  # pragma: no cover - can_proceed checked the same
        raise DomainError(" ".join(blocking_messages(forloeb, name))) from exc
    forloeb.save()
    _log(forloeb, actor, titel, tekst, dato=dato, url=url, fra=fra, til=forloeb.status)


def _touch(forloeb: Dialogforloeb, dato: dt.date) -> None:
    if dato > forloeb.sidste_aktivitet:
        Dialogforloeb.objects.filter(pk=forloeb.pk).update(sidste_aktivitet=dato)
        forloeb.sidste_aktivitet = dato


def _frister():
    from frister import services as frister_services

    return frister_services


def _notify(user, titel: str, tekst: str, url: str) -> None:
    _frister().notifikation_create(user=user, titel=titel, tekst=tekst, url=url)


def _pdf(template: str, context: dict) -> bytes:
    from dokumenter.pdf import render_pdf

    return render_pdf(template, context)


def _store(*, actor, enhed, art: str, titel: str, pdf: bytes, owner, sendt: dt.date):
    from dokumenter.services import dokument_create

    return dokument_create(actor=actor, enhed=enhed, art=art, titel=titel, pdf=pdf, owner=owner, sendt=sendt)


def _letter_context(forloeb, **extra) -> dict:
    return {"socialtilsyn": forloeb.enhed.socialtilsyn, "forloeb": forloeb, "enhed": forloeb.enhed, **extra}


_defer_letters: contextvars.ContextVar[bool] = contextvars.ContextVar("defer_letters", default=False)


@contextlib.contextmanager
def letters_deferred():
    """Inside this block, letters are not rendered at send time but left for ``letters_render_pending``
    (used by the demo loader so it stays fast; the approved text cannot change after sending, so the
    letter rendered later is the letter that was sent)."""
    token = _defer_letters.set(True)
    try:
        yield
    finally:
        _defer_letters.reset(token)


def _letter(*, actor, forloeb, owner, art: str, titel: str, template: str, context: dict, sendt: dt.date):
    """Render and store one letter (once); None when rendering is deferred."""
    if _defer_letters.get():
        return None
    pdf = _pdf(template, _letter_context(forloeb, **context))
    return _store(actor=actor, enhed=forloeb.enhed, art=art, titel=titel, pdf=pdf, owner=owner, sendt=sendt)


def _agter_letter(actor, forloeb, agter):
    return _letter(actor=actor, forloeb=forloeb, owner=agter, art="agterskrivelse", sendt=agter.sendt,
                   titel=f"Agterskrivelse: varsel om {agter.get_paataenkt_display().lower()} ({forloeb.enhed.navn})",
                   template="dialogforloeb/pdf/agterskrivelse.html", context={"agter": agter, "dato": agter.sendt})


def agterskrivelse_preview_pdf(agter: Agterskrivelse, *, today: dt.date) -> bytes:
    """The draft as it would be sent today, marked UDKAST. Rendered only, never stored or saved."""
    agter.hoeringsfrist = agter.forventet_hoeringsfrist(today)  # on this instance only
    return _pdf("dialogforloeb/pdf/agterskrivelse.html", _letter_context(agter.forloeb, agter=agter, dato=today,
                                                                          udkast=True))


def _paabud_letter(actor, forloeb, afg):
    return _letter(actor=actor, forloeb=forloeb, owner=afg, art="paabud", sendt=afg.udstedt,
                   titel=f"Påbud til {forloeb.enhed.navn}", template="dialogforloeb/pdf/paabud.html",
                   context={"afg": afg, "agter": afg.agterskrivelse, "dato": afg.udstedt})


def _skaerpet_letter(actor, forloeb, afg, *, fra, til, dato, **extra):
    return _letter(actor=actor, forloeb=forloeb, owner=afg, art="skaerpet_tilsyn", sendt=dato,
                   titel=("Forlængelse af skærpet tilsyn" if extra.get("fornyelse") else "Skærpet tilsyn")
                   + f" med {forloeb.enhed.navn}", template="dialogforloeb/pdf/skaerpet.html",
                   context={"afg": afg, "agter": afg.agterskrivelse, "dato": dato, "fra": fra, "til": til, **extra})


def _ophoer_letter(actor, forloeb, afg):
    return _letter(actor=actor, forloeb=forloeb, owner=afg, art="afgoerelse", sendt=afg.udstedt,
                   titel=f"Afgørelse om ophør af godkendelse: {forloeb.enhed.navn}",
                   template="dialogforloeb/pdf/ophoer.html",
                   context={"afg": afg, "agter": afg.agterskrivelse, "dato": afg.udstedt})


def _url(dok, fallback: str) -> str:
    return dok.get_absolute_url() if dok is not None else fallback


# --- Opening and describing the concern ----------------------------------------------------------

def forloeb_create(*, actor: User, enhed: Enhed, kilde: str, beskrivelse: str, temaer: str, alvor: str,
                   ansvarlig: User | None = None, dato: dt.date | None = None) -> Dialogforloeb:
    _require(actor, "dialogforloeb.add_dialogforloeb", enhed, "Kun konsulenter og ledere kan registrere en bekymring.")
    dato = _today(dato)
    if kilde not in Kilde.values:
        raise DomainError("Vælg kilden til bekymringen.", field="kilde")
    if alvor not in Alvor.values:
        raise DomainError("Vælg bekymringens alvor.", field="alvor")
    if not (beskrivelse or "").strip():
        raise DomainError("Beskriv hvad der er set.", field="beskrivelse")
    if not (temaer or "").strip():
        raise DomainError("Angiv hvilke temaer eller kriterier bekymringen angår.", field="temaer")
    if dato > timezone.localdate():
        raise DomainError("Datoen kan ikke ligge i fremtiden.", field="dato")
    ansvarlig = ansvarlig or actor
    if ansvarlig.socialtilsyn_id != enhed.socialtilsyn_id:
        raise DomainError("Den ansvarlige skal høre til samme socialtilsyn som enheden.", field="ansvarlig")
    with write(actor):
        forloeb = Dialogforloeb.objects.create(
            enhed=enhed, kilde=kilde, beskrivelse=beskrivelse.strip(), temaer=temaer.strip(), alvor=alvor,
            ansvarlig=ansvarlig, oprettet_af=actor, aabnet=dato, sidste_aktivitet=dato,
        )
        _log(forloeb, actor, "Bekymring registreret",
             f"Kilde: {forloeb.get_kilde_display()}. Alvor: {forloeb.get_alvor_display()}. {forloeb.beskrivelse}",
             dato=dato, til=Status.AABNET)
        from risiko.services import revurdering_foreslaa

        # Opening a forløb suggests revisiting the unit's risk category (never changes it).
        revurdering_foreslaa(enhed=enhed, kilde="dialogforloeb",
                             grund=f"Dialogforløb åbnet {dato:%d.%m.%Y} ({forloeb.get_alvor_display().lower()} "
                                   f"alvor): {forloeb.temaer[:150]}")
    return forloeb


def forloeb_alvor_revise(*, actor: User, forloeb: Dialogforloeb, alvor: str, begrundelse: str) -> Dialogforloeb:
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke ændre dette forløb.")
    if alvor not in Alvor.values:
        raise DomainError("Vælg bekymringens alvor.", field="alvor")
    if not (begrundelse or "").strip():
        raise DomainError("Angiv en begrundelse for den ændrede alvor.", field="begrundelse")
    with write(actor):
        locked = _lock(forloeb)
        if locked.alvor == alvor:
            raise DomainError("Alvoren er allerede sat til det valgte.", field="alvor")
        gammel = locked.get_alvor_display()
        locked.alvor = alvor
        locked.save(update_fields=["alvor", "opdateret"])
        _log(locked, actor, f"Alvor ændret fra {gammel.lower()} til {locked.get_alvor_display().lower()}", begrundelse)
    return locked


# --- Activities -----------------------------------------------------------------------------------

def aktivitet_create(*, actor: User, forloeb: Dialogforloeb, art: str, dato: dt.date, form: str,
                     deltagere: str = "", referat: str = "", oplyst_bekymring: bool = False,
                     oplyst_formaal: bool = False, oplyst_reaktioner: bool = False,
                     frist: dt.date | None = None) -> Aktivitet:
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke registrere aktiviteter i dette forløb.")
    if art not in AktivitetArt.values:
        raise DomainError("Vælg aktivitetens art.", field="art")
    if form not in Form.values:
        raise DomainError("Vælg om aktiviteten var et møde, telefonisk eller skriftlig.", field="form")
    if dato is None:
        raise DomainError("Angiv datoen.", field="dato")
    if dato > timezone.localdate():
        raise DomainError("En aktivitet registreres, når den har fundet sted: datoen kan ikke ligge i fremtiden.",
                          field="dato")
    if art == AktivitetArt.ANMODNING_REDEGOERELSE and (frist is None or frist <= dato):
        raise DomainError("En anmodning om redegørelse skal have en frist efter anmodningens dato.", field="frist")
    with write(actor):
        locked = _lock(forloeb)
        if locked.status == Status.AFSLUTTET:
            raise DomainError("Forløbet er afsluttet. En leder kan genåbne det med en begrundelse.")
        if dato < locked.aabnet:
            raise DomainError("Aktiviteten kan ikke ligge før forløbet blev åbnet.", field="dato")
        agter = None
        if art == AktivitetArt.HOERINGSSVAR:
            agter = guards.afventer_hoeringssvar(locked)
            if agter is None:
                raise DomainError("Der er ingen sendt agterskrivelse, som afventer høringssvar.", field="art")
            if dato < agter.sendt:
                raise DomainError("Høringssvaret kan ikke være modtaget før agterskrivelsen blev sendt.", field="dato")
        aktivitet = Aktivitet.objects.create(
            forloeb=locked, art=art, dato=dato, form=form, deltagere=deltagere, referat=referat,
            oplyst_bekymring=oplyst_bekymring, oplyst_formaal=oplyst_formaal, oplyst_reaktioner=oplyst_reaktioner,
            frist=frist, oprettet_af=actor,
        )
        titel = aktivitet.get_art_display()
        if locked.status == Status.AABNET:
            _run(locked, "orienter", actor, titel="Dialogen er indledt", dato=dato,
                 tekst="Ledelsen er orienteret om bekymringen." if art == AktivitetArt.ORIENTERING_LEDELSE
                 else f"Første aktivitet: {titel.lower()}.")
        _log(locked, actor, titel, referat, dato=dato)
        fs = _frister()
        if art == AktivitetArt.ANMODNING_REDEGOERELSE:
            fs.frist_create(owner=aktivitet, sag=locked, enhed=locked.enhed, art="redegoerelse", due=frist,
                            responsible=locked.ansvarlig, titel=f"Redegørelse fra {locked.enhed.navn}", actor=actor)
            _log(locked, actor, f"Frist oprettet: redegørelse senest {frist:%d.%m.%Y}", dato=dato)
        elif art == AktivitetArt.REDEGOERELSE_MODTAGET:
            for anmodning in locked.aktiviteter.filter(art=AktivitetArt.ANMODNING_REDEGOERELSE):
                fs.frister_fulfil_for(owner=anmodning, actor=actor, note="Redegørelsen er modtaget.")
        elif agter is not None:
            agter.hoeringssvar = dato
            agter.save(update_fields=["hoeringssvar"])
            fs.frister_fulfil_for(owner=agter, actor=actor, note="Høringssvar modtaget.")
        _touch(locked, dato)
    return aktivitet


# --- Agterskrivelse: draft, approval (four eyes), send --------------------------------------------

AGTER_FELTER = ("paataenkt", "sagsfremstilling", "begrundelse", "mulige_reaktioner", "hoeringsfrist_dage",
                "invitation_dialogmoede")


def _check_agter_data(data: dict) -> None:
    if data.get("paataenkt") not in Afgoerelsestype.values:
        raise DomainError("Vælg den påtænkte afgørelse.", field="paataenkt")
    for felt, tekst in (("sagsfremstilling", "Beskriv de faktiske forhold og bekymringer pr. tema/kriterium."),
                        ("begrundelse", "Begrund den påtænkte afgørelse."),
                        ("mulige_reaktioner", "Beskriv enhedens mulige reaktioner.")):
        if not (data.get(felt) or "").strip():
            raise DomainError(tekst, field=felt)
    dage = data.get("hoeringsfrist_dage")
    if not dage or dage < 1:
        raise DomainError("Angiv høringsfristen i dage.", field="hoeringsfrist_dage")
    if dage > HOERINGSFRIST_MAKS_DAGE:
        raise DomainError(f"Høringsfristen kan højst være {HOERINGSFRIST_MAKS_DAGE} dage.", field="hoeringsfrist_dage")


def agterskrivelse_create(*, actor: User, forloeb: Dialogforloeb, data: dict) -> Agterskrivelse:
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Kun konsulenter og ledere kan skrive agterskrivelser.")
    data = {k: data.get(k) for k in AGTER_FELTER if k in data}
    data.setdefault("hoeringsfrist_dage", indstillinger_for(forloeb.enhed.socialtilsyn_id).hoeringsfrist_dage)
    _check_agter_data(data)
    with write(actor):
        locked = _lock(forloeb)
        _run(locked, "start_varsling", actor, titel="Varsling påbegyndt",
             tekst=f"Påtænkt afgørelse: {Afgoerelsestype(data['paataenkt']).label.lower()}.")
        agter = Agterskrivelse.objects.create(forloeb=locked, forfatter=actor, **data)
        _touch(locked, _today())
    return agter


def agterskrivelse_update(*, actor: User, agterskrivelse: Agterskrivelse, data: dict) -> Agterskrivelse:
    forloeb = agterskrivelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke ændre denne agterskrivelse.")
    data = {k: data.get(k) for k in AGTER_FELTER if k in data}
    _check_agter_data({**{k: getattr(agterskrivelse, k) for k in AGTER_FELTER}, **data})
    with write(actor):
        _lock(forloeb)
        agter = Agterskrivelse.objects.select_for_update().get(pk=agterskrivelse.pk)
        if agter.status in (AgterskrivelseStatus.SENDT, AgterskrivelseStatus.OPGIVET):
            raise DomainError("En sendt eller opgivet agterskrivelse kan ikke ændres. Skriv en ny.")
        foer = agter.tekst_hash()
        for key, value in data.items():
            setattr(agter, key, value)
        if agter.tekst_hash() != foer and actor.pk != agter.forfatter_id and actor.pk not in agter.medforfattere:
            agter.medforfattere = [*agter.medforfattere, actor.pk]  # four eyes: who wrote it cannot approve it
        if agter.status == AgterskrivelseStatus.GODKENDT and agter.tekst_hash() != agter.godkendt_hash:
            agter.status = AgterskrivelseStatus.KLADDE
            agter.godkendt_af = None
            agter.godkendt = None
            agter.godkendt_hash = ""
            _log(forloeb, actor, "Godkendelsen bortfaldt", "Teksten blev ændret efter juristens godkendelse og "
                 "skal godkendes igen.")
        else:
            _log(forloeb, actor, "Agterskrivelsen er redigeret")
        agter.save()
    return agter


def agterskrivelse_submit(*, actor: User, agterskrivelse: Agterskrivelse) -> Agterskrivelse:
    forloeb = agterskrivelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke indsende denne agterskrivelse.")
    with write(actor):
        _lock(forloeb)
        agter = Agterskrivelse.objects.select_for_update().get(pk=agterskrivelse.pk)
        if agter.status not in (AgterskrivelseStatus.KLADDE, AgterskrivelseStatus.TILBAGESENDT):
            raise DomainError(f"Agterskrivelsen er {agter.get_status_display().lower()} og kan ikke indsendes.")
        agter.status = AgterskrivelseStatus.TIL_GODKENDELSE
        agter.indsendt = timezone.now()
        agter.save()
        _log(forloeb, actor, "Agterskrivelse sendt til godkendelse hos jurist")
        url = agter.get_absolute_url()
        jurister = User.objects.filter(socialtilsyn_id=forloeb.enhed.socialtilsyn_id, is_jurist=True, is_active=True)
        for jurist in jurister.exclude(pk=agter.forfatter_id):
            _notify(jurist, f"Agterskrivelse til godkendelse: {forloeb.enhed.navn}",
                    f"{actor} har sendt en agterskrivelse om {agter.get_paataenkt_display().lower()} til godkendelse.",
                    url)
    return agter


EGEN_GODKENDELSE = "Du kan ikke godkende din egen agterskrivelse. Den skal godkendes af en anden jurist (fire øjne)."
MEDFORFATTER_GODKENDELSE = ("Du har selv ændret i agterskrivelsens tekst og kan derfor ikke godkende den. Den skal "
                            "godkendes af en anden jurist (fire øjne).")
FIRE_OEJNE = (EGEN_GODKENDELSE, MEDFORFATTER_GODKENDELSE)


def approval_refusal(actor: User, agterskrivelse: Agterskrivelse) -> str | None:
    """Why ``actor`` may not approve the agterskrivelse now (None if they may). The one rule for the
    service and for the page that shows the button."""
    if not actor.has_perm("dialogforloeb.approve_agterskrivelse", agterskrivelse.forloeb):
        return "Kun en jurist fra samme socialtilsyn kan godkende agterskrivelsen."
    if actor.pk == agterskrivelse.forfatter_id:
        return EGEN_GODKENDELSE
    if actor.pk in agterskrivelse.medforfattere:
        return MEDFORFATTER_GODKENDELSE
    if agterskrivelse.status != AgterskrivelseStatus.TIL_GODKENDELSE:
        return f"Agterskrivelsen er {agterskrivelse.get_status_display().lower()} og kan ikke godkendes nu."
    return None


def agterskrivelse_approve(*, actor: User, agterskrivelse: Agterskrivelse, tekst_hash: str | None = None) -> Agterskrivelse:
    """The jurist approves the exact text. ``tekst_hash`` is the text the jurist was shown: if the author
    changed it since, the approval is refused, so no one approves a text they have not read."""
    forloeb = agterskrivelse.forloeb
    if not actor.has_perm("dialogforloeb.approve_agterskrivelse", forloeb):
        raise Forbidden(approval_refusal(actor, agterskrivelse))
    if actor.pk == agterskrivelse.forfatter_id:
        raise Forbidden(EGEN_GODKENDELSE)
    with write(actor):
        _lock(forloeb)
        agter = Agterskrivelse.objects.select_for_update().get(pk=agterskrivelse.pk)
        if refusal := approval_refusal(actor, agter):
            raise DomainError(refusal)
        if tekst_hash is not None and tekst_hash != agter.tekst_hash():
            raise DomainError("Teksten er ændret, siden du åbnede agterskrivelsen. Læs den igen, før du godkender.",
                              rule="stale")
        agter.status = AgterskrivelseStatus.GODKENDT
        agter.godkendt_af = actor
        agter.godkendt = timezone.now()
        agter.godkendt_hash = agter.tekst_hash()
        agter.kommentar = ""
        agter.save()
        _log(forloeb, actor, "Agterskrivelse godkendt af jurist")
        _notify(agter.forfatter, f"Agterskrivelse godkendt: {forloeb.enhed.navn}",
                f"{actor} har godkendt agterskrivelsen. Den kan nu sendes.", forloeb.get_absolute_url())
    return agter


def agterskrivelse_return(*, actor: User, agterskrivelse: Agterskrivelse, kommentar: str) -> Agterskrivelse:
    forloeb = agterskrivelse.forloeb
    _require(actor, "dialogforloeb.approve_agterskrivelse", forloeb,
             "Kun en jurist fra samme socialtilsyn kan sende agterskrivelsen tilbage.")
    if not (kommentar or "").strip():
        raise DomainError("Skriv en kommentar til konsulenten.", field="kommentar")
    with write(actor):
        _lock(forloeb)
        agter = Agterskrivelse.objects.select_for_update().get(pk=agterskrivelse.pk)
        if agter.status != AgterskrivelseStatus.TIL_GODKENDELSE:
            raise DomainError(f"Agterskrivelsen er {agter.get_status_display().lower()} og kan ikke sendes tilbage.")
        agter.status = AgterskrivelseStatus.TILBAGESENDT
        agter.kommentar = kommentar.strip()
        agter.save()
        _log(forloeb, actor, "Agterskrivelse sendt tilbage af jurist", agter.kommentar)
        _notify(agter.forfatter, f"Agterskrivelse sendt tilbage: {forloeb.enhed.navn}", agter.kommentar,
                agter.get_absolute_url())
    return agter


def agterskrivelse_abandon(*, actor: User, agterskrivelse: Agterskrivelse, begrundelse: str) -> Agterskrivelse:
    forloeb = agterskrivelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke opgive denne agterskrivelse.")
    if not (begrundelse or "").strip():
        raise DomainError("Angiv hvorfor varslingen opgives.", field="begrundelse")
    with write(actor):
        locked = _lock(forloeb)
        agter = Agterskrivelse.objects.select_for_update().get(pk=agterskrivelse.pk)
        if agter.status in (AgterskrivelseStatus.SENDT, AgterskrivelseStatus.OPGIVET):
            raise DomainError("Agterskrivelsen er allerede sendt eller opgivet.")
        agter.status = AgterskrivelseStatus.OPGIVET
        agter.save()
        _run(locked, "opgiv_varsling", actor, titel="Varslingen er opgivet", tekst=begrundelse)
    return agter


def agterskrivelse_send(*, actor: User, agterskrivelse: Agterskrivelse, sendt: dt.date | None = None) -> Agterskrivelse:
    """Render the approved text to PDF once, store it (sha256, send date), create the høringsfrist."""
    forloeb = agterskrivelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Kun konsulenter og ledere kan sende agterskrivelser.")
    sendt = _today(sendt)
    with write(actor):
        locked = _lock(forloeb)
        agter = Agterskrivelse.objects.select_for_update(of=("self",)).select_related(
            "forfatter", "godkendt_af").get(pk=agterskrivelse.pk)
        if agter.status != AgterskrivelseStatus.GODKENDT:
            raise DomainError(guards.agterskrivelse_godkendt.message)
        # Refuse before the letter is rendered and stored: a stored file is not rolled back with the transaction.
        _check(locked, "send_varsling")
        agter.sendt = sendt
        agter.hoeringsfrist = sendt + dt.timedelta(days=agter.hoeringsfrist_dage)
        agter.status = AgterskrivelseStatus.SENDT
        dok = _agter_letter(actor, locked, agter)
        agter.dokument_id = dok.pk if dok else None
        _run(locked, "send_varsling", actor, titel="Agterskrivelse sendt", dato=sendt,
             url=_url(dok, agter.get_absolute_url()),
             tekst=f"Varsel om {agter.get_paataenkt_display().lower()}. Høringsfrist {agter.hoeringsfrist:%d.%m.%Y}."
             + (f" Invitation til dialogmøde {agter.invitation_dialogmoede:%d.%m.%Y}." if agter.invitation_dialogmoede
                else ""))
        agter.save()
        _frister().frist_create(owner=agter, sag=locked, enhed=locked.enhed, art="hoering", due=agter.hoeringsfrist,
                                responsible=locked.ansvarlig, actor=actor,
                                titel=f"Høringsfrist for agterskrivelse til {locked.enhed.navn}")
        _touch(locked, sendt)
    return agter


# --- Decisions --------------------------------------------------------------------------------------

def paabud_issue(*, actor: User, forloeb: Dialogforloeb, tekst: str, opfyldelseskriterium: str, begrundelse: str,
                 frist: dt.date, skaerpet_til: dt.date | None = None, dato: dt.date | None = None) -> Afgoerelse:
    """Påbud (LOST § 8, stk. 2) with a frist and a fulfilment criterion, optionally with skærpet tilsyn
    (§ 8, stk. 1) for at most 6 months: only together with the påbud, and only if it was announced."""
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Kun konsulenter og ledere kan udstede påbud.")
    dato = _today(dato)
    if not (tekst or "").strip():
        raise DomainError("Beskriv hvad påbuddet pålægger enheden.", field="tekst")
    if not (opfyldelseskriterium or "").strip():
        raise DomainError("Et påbud skal have et konkret opfyldelseskriterium: der udstedes ikke løbende påbud.",
                          field="opfyldelseskriterium")
    if not (begrundelse or "").strip():
        raise DomainError("Afgørelsen skal begrundes (forvaltningslovens kapitel 6).", field="begrundelse")
    if frist is None or frist <= dato:
        raise DomainError("Socialtilsynet skal fastsætte en frist for påbuddet efter i dag (LOST § 8, stk. 2).",
                          field="frist")
    if skaerpet_til is not None:
        if skaerpet_til <= dato:
            raise DomainError("Perioden for skærpet tilsyn skal slutte efter i dag.", field="skaerpet_til")
        if skaerpet_til > add_months(dato, SKAERPET_MAKS_MAANEDER):
            raise DomainError("Skærpet tilsyn træffes for højst 6 måneder ad gangen (LOST § 8, stk. 1).",
                              field="skaerpet_til")
    with write(actor):
        locked = _lock(forloeb)
        agter = guards.seneste_sendte(locked)
        if skaerpet_til is not None and (agter is None or agter.paataenkt != Afgoerelsestype.SKAERPET_TILSYN):
            raise DomainError("Skærpet tilsyn er ikke varslet i agterskrivelsen. Afgørelsen skal være den, der er "
                              "varslet (forvaltningslovens § 19).", field="skaerpet_til")
        _run(locked, "udsted_paabud", actor, titel="Påbud udstedt" + (" med skærpet tilsyn" if skaerpet_til else ""),
             tekst=f"Frist {frist:%d.%m.%Y}. Opfyldt når: {opfyldelseskriterium}", dato=dato)
        afg = Afgoerelse.objects.create(
            forloeb=locked, agterskrivelse=agter, art=Afgoerelsestype.PAABUD, tekst=tekst.strip(),
            opfyldelseskriterium=opfyldelseskriterium.strip(), begrundelse=begrundelse.strip(), frist=frist,
            skaerpet_fra=dato if skaerpet_til else None, skaerpet_til=skaerpet_til, udstedt=dato, udstedt_af=actor,
        )
        locked.afgoerelse_dato = dato
        locked.save(update_fields=["afgoerelse_dato", "opdateret"])
        fs = _frister()
        fs.frister_fulfil_for(owner=agter, actor=actor, note="Afgørelse truffet.")
        dok = _paabud_letter(actor, locked, afg)
        afg.dokument_id = dok.pk if dok else None
        _log(locked, actor, "Påbud sendt som brev", dato=dato, url=_url(dok, ""))
        fs.frist_create(owner=afg, sag=locked, enhed=locked.enhed, art="paabud", due=frist, actor=actor,
                        responsible=locked.ansvarlig, titel=f"Påbudsfrist for {locked.enhed.navn}")
        if skaerpet_til:
            dok2 = _skaerpet_letter(actor, locked, afg, fra=dato, til=skaerpet_til, dato=dato)
            afg.skaerpet_dokument_id = dok2.pk if dok2 else None
            _log(locked, actor, "Afgørelse om skærpet tilsyn sendt som brev",
                 f"Skærpet tilsyn til og med {skaerpet_til:%d.%m.%Y}.", dato=dato, url=_url(dok2, ""))
            fs.frist_create(owner=afg, sag=locked, enhed=locked.enhed, art="skaerpet_tilsyn", due=skaerpet_til,
                            actor=actor, responsible=locked.ansvarlig,
                            titel=f"Skærpet tilsyn med {locked.enhed.navn} udløber")
        afg.save()
        _touch(locked, dato)
    return afg


def _lock_afgoerelse(afgoerelse: Afgoerelse) -> tuple[Dialogforloeb, Afgoerelse]:
    """Lock the forløb, then the decision (always in that order, like every other service)."""
    locked = _lock(afgoerelse.forloeb)
    return locked, Afgoerelse.objects.select_for_update().get(pk=afgoerelse.pk)


def _extend_frist(afg: Afgoerelse, art: str, *, new_due: dt.date, reason: str, actor) -> None:
    """Move the decision's open frist of kind ``art`` (if any) to ``new_due``."""
    from frister.selectors import aabne_frister_for_owner

    frist = aabne_frister_for_owner(actor, afg).filter(art=art).first()
    if frist is not None:
        _frister().frist_extend(frist=frist, new_due=new_due, reason=reason, actor=actor)


def paabud_extend(*, actor: User, afgoerelse: Afgoerelse, ny_frist: dt.date, begrundelse: str) -> Afgoerelse:
    """LOST § 8, stk. 2: the frist can be extended on the unit's request, with a reason."""
    forloeb = afgoerelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke forlænge påbuddets frist.")
    if not (begrundelse or "").strip():
        raise DomainError("Angiv enhedens anmodning og begrundelsen for forlængelsen.", field="begrundelse")
    with write(actor):
        locked, afg = _lock_afgoerelse(afgoerelse)
        if locked.status != Status.PAABUD or afg.art != Afgoerelsestype.PAABUD or afg.opfyldt:
            raise DomainError("Kun fristen for et udstedt, ikke opfyldt påbud kan forlænges.")
        if ny_frist is None or ny_frist <= afg.frist:
            raise DomainError("Den nye frist skal ligge efter den nuværende frist.", field="ny_frist")
        _extend_frist(afg, "paabud", new_due=ny_frist, reason=begrundelse, actor=actor)
        gammel = afg.frist
        afg.frist = ny_frist
        afg.save(update_fields=["frist"])
        _log(locked, actor, f"Påbuddets frist forlænget fra {gammel:%d.%m.%Y} til {ny_frist:%d.%m.%Y}", begrundelse)
        _touch(locked, _today())
    return afg


def skaerpet_renew(*, actor: User, afgoerelse: Afgoerelse, ny_til: dt.date, begrundelse: str) -> Afgoerelse:
    """LOST § 8, stk. 1: skærpet tilsyn for at most 6 months at a time; a renewal is a new decision."""
    forloeb = afgoerelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke forny det skærpede tilsyn.")
    if not (begrundelse or "").strip():
        raise DomainError("Begrund fornyelsen af det skærpede tilsyn.", field="begrundelse")
    with write(actor):
        locked, afg = _lock_afgoerelse(afgoerelse)
        if locked.status != Status.PAABUD or not afg.har_skaerpet:
            raise DomainError("Der er intet skærpet tilsyn i dette forløb at forny.")
        if ny_til is None or ny_til <= afg.skaerpet_til:
            raise DomainError("Den nye slutdato skal ligge efter den nuværende.", field="ny_til")
        if ny_til > add_months(afg.skaerpet_til, SKAERPET_MAKS_MAANEDER):
            raise DomainError("Skærpet tilsyn kan højst forlænges med 6 måneder ad gangen (LOST § 8, stk. 1).",
                              field="ny_til")
        fra = afg.skaerpet_til + dt.timedelta(days=1)
        _extend_frist(afg, "skaerpet_tilsyn", new_due=ny_til, reason=begrundelse, actor=actor)
        # The letter last: a stored file is not rolled back if something above refuses.
        dok = _skaerpet_letter(actor, locked, afg, fra=fra, til=ny_til, dato=_today(), fornyelse=True,
                               fornyelse_begrundelse=begrundelse)
        afg.skaerpet_til = ny_til
        afg.save(update_fields=["skaerpet_til"])
        _log(locked, actor, f"Skærpet tilsyn fornyet til og med {ny_til:%d.%m.%Y}", begrundelse, url=_url(dok, ""))
        _touch(locked, _today())
    return afg


def _handle_open_frister(locked: Dialogforloeb, actor, frister: str | None, reason: str) -> None:
    """Closing with open frister asks what happens to them: cancel or mark them met."""
    from frister.selectors import aabne_frister_for_sag

    if not aabne_frister_for_sag(actor, locked).exists():
        return
    if frister not in FRISTER_VALG:
        raise DomainError(AABNE_FRISTER_VALG, field="frister")
    fs = _frister()
    if frister == "annuller":
        n = fs.frister_cancel_for(sag=locked, actor=actor, reason=reason)
        _log(locked, actor, f"{n} åbne frister annulleret", reason)
    else:
        n = fs.frister_fulfil_for(sag=locked, actor=actor, note=reason)
        _log(locked, actor, f"{n} åbne frister markeret som opfyldt", reason)


LUK = {
    Udfald.BEKYMRING_OPHOERT: ("afslut_bekymring_ophoert", "Angiv hvorfor bekymringen er ophørt."),
    Udfald.VARSLING_BORTFALDET: ("afslut_varsling_bortfaldet",
                                 "Beskriv konkret hvordan enheden vil rette op på forholdene."),
    Udfald.PAABUD_OPFYLDT: ("afslut_paabud_opfyldt", "Angiv dokumentationen for at påbuddet er opfyldt."),
}


def forloeb_close(*, actor: User, forloeb: Dialogforloeb, udfald: str, begrundelse: str, frister: str | None = None,
                  dato: dt.date | None = None) -> Dialogforloeb:
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke afslutte dette forløb.")
    if udfald not in LUK:
        raise DomainError("Vælg forløbets udfald.", field="udfald")
    name, mangler = LUK[udfald]
    if not (begrundelse or "").strip():
        raise DomainError(mangler, field="begrundelse")
    dato = _today(dato)
    with write(actor):
        locked = _lock(forloeb)
        _check(locked, name)
        if udfald == Udfald.PAABUD_OPFYLDT:
            afg = locked.afgoerelser.filter(art=Afgoerelsestype.PAABUD, opfyldt__isnull=True).first()
            if afg is not None:
                afg.opfyldt = dato
                afg.save(update_fields=["opfyldt"])
                _frister().frister_fulfil_for(owner=afg, actor=actor, note=begrundelse)
        if udfald == Udfald.VARSLING_BORTFALDET:
            agter = guards.seneste_sendte(locked)
            if agter is not None:
                _frister().frister_fulfil_for(owner=agter, actor=actor, note="Varslingen er bortfaldet.")
        _handle_open_frister(locked, actor, frister, f"Forløbet er afsluttet: {Udfald(udfald).label.lower()}.")
        locked.udfald = udfald
        locked.udfald_begrundelse = begrundelse.strip()
        locked.afsluttet = dato
        _run(locked, name, actor, titel=f"Forløbet er afsluttet: {Udfald(udfald).label.lower()}", tekst=begrundelse,
             dato=dato)
    return locked


def ophoer_issue(*, actor: User, forloeb: Dialogforloeb, begrundelse: str, frister: str | None = None,
                 dato: dt.date | None = None) -> Afgoerelse:
    """Ophør af godkendelse (LOST § 5, stk. 6) after an agterskrivelse announcing it (FVL § 19)."""
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Kun konsulenter og ledere kan træffe afgørelse.")
    if not (begrundelse or "").strip():
        raise DomainError("Afgørelsen skal begrundes (forvaltningslovens kapitel 6).", field="begrundelse")
    dato = _today(dato)
    with write(actor):
        locked = _lock(forloeb)
        _check(locked, "ophoer_godkendelse")
        agter = guards.seneste_sendte(locked)
        _frister().frister_fulfil_for(owner=agter, actor=actor, note="Afgørelse truffet.")
        _handle_open_frister(locked, actor, frister, "Godkendelsen er ophørt.")
        locked.udfald = Udfald.GODKENDELSE_OPHOERT
        locked.udfald_begrundelse = begrundelse.strip()
        locked.afsluttet = dato
        locked.afgoerelse_dato = dato
        _run(locked, "ophoer_godkendelse", actor, titel="Afgørelse: godkendelsen er ophørt", tekst=begrundelse,
             dato=dato)
        afg = Afgoerelse.objects.create(forloeb=locked, agterskrivelse=agter, art=Afgoerelsestype.OPHOER,
                                        begrundelse=begrundelse.strip(), udstedt=dato, udstedt_af=actor)
        dok = _ophoer_letter(actor, locked, afg)
        afg.dokument_id = dok.pk if dok else None
        afg.save(update_fields=["dokument_id"])
        _log(locked, actor, "Afgørelse om ophør sendt som brev", dato=dato, url=_url(dok, ""))
        Enhed.objects.filter(pk=locked.enhed_id).update(godkendelsesstatus=Godkendelsesstatus.OPHOERT, ophoert_dato=dato)
    return afg


def forloeb_reopen(*, actor: User, forloeb: Dialogforloeb, begrundelse: str) -> Dialogforloeb:
    # django-fsm does not check a transition's permission when it runs: the service does (first, so
    # someone without access learns nothing about the forløb's state).
    if not actor.has_perm("dialogforloeb.genaabn_dialogforloeb", forloeb):
        raise Forbidden("Kun en leder fra samme socialtilsyn kan genåbne et afsluttet forløb.")
    if forloeb.status != Status.AFSLUTTET:
        raise DomainError(" ".join(blocking_messages(forloeb, "genaabn")))
    if not (begrundelse or "").strip():
        raise DomainError("Angiv hvorfor forløbet genåbnes.", field="begrundelse")
    with write(actor):
        locked = _lock(forloeb)
        gammelt = locked.get_udfald_display()
        if locked.status != Status.AFSLUTTET:
            raise DomainError(" ".join(blocking_messages(locked, "genaabn")))
        locked.udfald = ""
        locked.afsluttet = None
        _run(locked, "genaabn", actor, titel="Forløbet er genåbnet", tekst=f"Tidligere udfald: {gammelt}. {begrundelse}")
        _touch(locked, _today())
    return locked


def letters_render_pending(*, limit: int = 500) -> int:
    """Render and store every sent letter whose PDF was deferred. Idempotent: each row is claimed under
    a row lock and gets its document once. Returns how many letters were stored."""
    done = 0
    pending = list(Agterskrivelse.objects.filter(status=AgterskrivelseStatus.SENDT, dokument_id__isnull=True)
                   .values_list("pk", flat=True)[:limit])
    for pk in pending:
        with transaction.atomic():
            agter = (Agterskrivelse.objects.select_for_update(skip_locked=True, of=("self",))
                     .select_related("forloeb__enhed__socialtilsyn", "forfatter", "godkendt_af")
                     .filter(pk=pk, dokument_id__isnull=True).first())
            if agter is None:
                continue
            dok = _agter_letter(agter.forfatter, agter.forloeb, agter)
            Agterskrivelse.objects.filter(pk=pk).update(dokument_id=dok.pk)
            done += 1
    pending = list(Afgoerelse.objects.filter(Q(dokument_id__isnull=True)
                                             | Q(skaerpet_til__isnull=False, skaerpet_dokument_id__isnull=True))
                   .values_list("pk", flat=True)[:limit])
    for pk in pending:
        with transaction.atomic():
            afg = (Afgoerelse.objects.select_for_update(skip_locked=True, of=("self",))
                   .select_related("forloeb__enhed__socialtilsyn", "agterskrivelse", "udstedt_af").filter(pk=pk).first())
            if afg is None:
                continue
            if afg.dokument_id is None:
                render = _ophoer_letter if afg.art == Afgoerelsestype.OPHOER else _paabud_letter
                afg.dokument_id = render(afg.udstedt_af, afg.forloeb, afg).pk
                done += 1
            if afg.har_skaerpet and afg.skaerpet_dokument_id is None:
                afg.skaerpet_dokument_id = _skaerpet_letter(afg.udstedt_af, afg.forloeb, afg, fra=afg.skaerpet_fra,
                                                            til=afg.skaerpet_til, dato=afg.udstedt).pk
                done += 1
            Afgoerelse.objects.filter(pk=pk).update(dokument_id=afg.dokument_id,
                                                    skaerpet_dokument_id=afg.skaerpet_dokument_id)
    return done
