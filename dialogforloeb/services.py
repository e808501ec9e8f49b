"""Every write of the dialogforløb. Each service checks the actor's permission, locks the forløb row
(select_for_update) inside one transaction, runs the FSM transitions with their legal guards, and writes
the timeline row, the frister (through the frister engine) and the letters (through dokumenter)
together. A refusal raises DomainError with the rule in Danish (all problems of the input at once), and
nothing is saved.

Every service takes an explicit ``dato`` (default today): the demo loader builds a back-dated history
through these same services by passing it; guards read the date the action happens on from the forløb
(``guards.handlingsdato``).

Letters (agterskrivelse, påbud, skærpet tilsyn, forlængelser, ophør) and decisions share one four-eyes
life (``udkast_*``): written by a konsulent or leder, approved by a jurist of the same socialtilsyn who
neither wrote nor changed the text (the approval carries the fingerprint of the text the jurist read),
and only then sent or issued.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django_fsm import can_proceed

from dokumenter.pdf import render_pdf
from dokumenter.services import dokument_create
from frister import services as frister_services
from frister.selectors import aabne_frister_for_owner, aabne_frister_for_sag
from risiko.services import revurdering_foreslaa
from tilsyn import dates
from tilsyn.errors import Checks, DomainError, Forbidden
from tilsyn.models import Enhed, Godkendelsesstatus, User
from tilsyn.services import godkendelse_aendr, write

from . import guards
from .models import (
    Afgoerelse,
    Agterskrivelse,
    Aktivitet,
    Dialogforloeb,
    Haendelse,
    Udkast,
)
from .selectors import indstillinger_for
from .vocabulary import (
    DIALOG_ARTER,
    HOERINGSFRIST_ANBEFALET_DAGE,
    HOERINGSFRIST_MAKS_DAGE,
    AfgoerelseArt,
    Afgoerelsestype,
    AktivitetArt,
    Alvor,
    Dialogform,
    Form,
    Formaal,
    Kilde,
    Status,
    Udfald,
    UdkastStatus,
)

FRISTER_VALG = ("annuller", "opfyld")
AABNE_FRISTER_VALG = "Forløbet har åbne frister. Vælg om de skal annulleres eller markeres som opfyldt."
FINGERAFTRYK_MANGLER = ("Godkendelsen mangler fingeraftrykket af den tekst, du har læst. Genindlæs siden, læs "
                        "teksten og godkend igen.")
TEKST_AENDRET = "Teksten er ændret, siden du åbnede den. Læs den igen, før du godkender."
add_months = guards.add_months


def _today(dato: dt.date | None = None) -> dt.date:
    return dato or dates.today()


def _require(actor, perm: str, obj, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise Forbidden(message)


def _log(forloeb, actor, titel: str, tekst: str = "", *, dato=None, url: str = "", fra: str = "", til: str = ""):
    return Haendelse.objects.create(forloeb=forloeb, actor=actor, titel=titel[:200], tekst=tekst, url=url,
                                    dato=_today(dato), fra_status=fra, til_status=til)


def _lock(forloeb: Dialogforloeb, dato: dt.date | None = None) -> Dialogforloeb:
    """Lock the row and refuse if someone changed the state since the caller read it."""
    # of=self: lock the forløb only, not the joined unit row (that would serialise unrelated unit edits).
    locked = Dialogforloeb.objects.select_for_update(of=("self",)).select_related(
        "enhed__socialtilsyn").get(pk=forloeb.pk)
    if locked.status != forloeb.status:
        raise DomainError(
            f"Forløbet er ændret af en anden i mellemtiden: det står nu som »{locked.get_status_display()}«. "
            "Genindlæs siden og prøv igen.", rule="stale")
    locked.handlingsdato = _today(dato)
    return locked


def _lock_udkast(udkast: Udkast, dato: dt.date | None = None) -> tuple[Dialogforloeb, Udkast]:
    """Lock the forløb, then the draft (always in that order, like every other service), and refuse if the
    draft changed state since the caller read it."""
    locked = _lock(udkast.forloeb, dato)
    fresh = type(udkast).objects.select_for_update(of=("self",)).select_related(
        "forfatter", "godkendt_af").get(pk=udkast.pk)
    if fresh.status != udkast.status:
        raise DomainError(f"{fresh.BESTEMT.capitalize()} er ændret af en anden i mellemtiden: den står nu som "
                          f"»{fresh.get_status_display()}«. Genindlæs siden og prøv igen.", rule="stale")
    fresh.forloeb = locked
    return locked, fresh


def _tilstand_afvisning(obj) -> str:
    """Why no transition of that name leaves the object's current state."""
    if isinstance(obj, Udkast):
        if obj.status == UdkastStatus.SENDT:
            return f"{obj.BESTEMT.capitalize()} er allerede sendt."
        if obj.status == UdkastStatus.UDSTEDT:
            return f"{obj.BESTEMT.capitalize()} er allerede udstedt."
        if obj.status == UdkastStatus.OPGIVET:
            return f"{obj.BESTEMT.capitalize()} er opgivet."
        return f"Det er ikke muligt, mens {obj.BESTEMT} står som »{obj.get_status_display().lower()}«."
    return f"Handlingen er ikke mulig, når forløbet står som »{obj.get_status_display()}«."


def blocking_messages(obj, name: str) -> list[str]:
    """The Danish reasons why transition ``name`` of a forløb, agterskrivelse or afgørelse is not allowed
    now (empty if it is). Pages show them on the disabled button; services raise them."""
    meta = getattr(obj, name)._django_fsm
    trans = meta.get_transition(obj.status)
    if trans is None:
        return [_tilstand_afvisning(obj)]
    return [getattr(cond, "message", "Betingelsen er ikke opfyldt.") for cond in trans.conditions if not cond(obj)]


def _check(obj, name: str) -> None:
    """Refuse with the guards' Danish messages if transition ``name`` is not allowed now."""
    if not can_proceed(getattr(obj, name)):
        raise DomainError(" ".join(blocking_messages(obj, name)), rule=name)


def _run(forloeb: Dialogforloeb, name: str, actor, *, titel: str, tekst: str = "", dato=None, url: str = ""):
    """Run a transition on a locked forløb, save it and write its timeline row."""
    _check(forloeb, name)
    fra = forloeb.status
    getattr(forloeb, name)()
    forloeb.save()
    _log(forloeb, actor, titel, tekst, dato=dato, url=url, fra=fra, til=forloeb.status)


def _step(udkast: Udkast, name: str) -> None:
    """Run a transition of a locked agterskrivelse or afgørelse (saved by the caller)."""
    _check(udkast, name)
    getattr(udkast, name)()


def _touch(forloeb: Dialogforloeb, dato: dt.date) -> None:
    if dato > forloeb.sidste_aktivitet:
        Dialogforloeb.objects.filter(pk=forloeb.pk).update(sidste_aktivitet=dato)
        forloeb.sidste_aktivitet = dato


def _notify(user, titel: str, tekst: str, url: str) -> None:
    frister_services.notifikation_create(user=user, titel=titel, tekst=tekst, url=url)


def _letter_context(forloeb, **extra) -> dict:
    return {"socialtilsyn": forloeb.enhed.socialtilsyn, "forloeb": forloeb, "enhed": forloeb.enhed, **extra}


def _letter(*, actor, forloeb, owner, art: str, titel: str, template: str, context: dict, sendt: dt.date):
    """Render and store one letter, once. Callers run every check that can refuse first: a stored file is
    not rolled back with the transaction."""
    pdf = render_pdf(template, _letter_context(forloeb, **context))
    return dokument_create(actor=actor, enhed=forloeb.enhed, art=art, titel=titel, pdf=pdf, owner=owner, sendt=sendt)


def _valid_text(checks: Checks, data: dict, felt: str, besked: str) -> None:
    checks.require(bool((data.get(felt) or "").strip()), felt, besked)


# --- Opening and describing the concern ----------------------------------------------------------

def forloeb_create(*, actor: User, enhed: Enhed, kilde: str, beskrivelse: str, temaer: str, alvor: str,
                   formaal: str = Formaal.AFKLARE, planlagt_dialogform: str = Dialogform.MOEDE,
                   forventet_varighed_uger: int = 12, ansvarlig: User | None = None,
                   dato: dt.date | None = None) -> Dialogforloeb:
    _require(actor, "dialogforloeb.add_dialogforloeb", enhed, "Kun konsulenter og ledere kan registrere en bekymring.")
    dato = _today(dato)
    ansvarlig = ansvarlig or actor
    checks = Checks()
    checks.require(kilde in Kilde.values, "kilde", "Vælg kilden til bekymringen.")
    checks.require(alvor in Alvor.values, "alvor", "Vælg bekymringens alvor.")
    checks.require(bool((beskrivelse or "").strip()), "beskrivelse", "Beskriv hvad der er set.")
    checks.require(bool((temaer or "").strip()), "temaer", "Angiv hvilke temaer eller kriterier bekymringen angår.")
    checks.add("dato", dates.sket(dato, hvad="Datoen for bekymringen", tidligst=enhed.ansoegt_dato,
                                  tidligst_hvad="enhedens ansøgning"))
    checks.require(formaal in Formaal.values, "formaal", "Vælg formålet med dialogen.")
    checks.require(planlagt_dialogform in Dialogform.values, "planlagt_dialogform", "Vælg den planlagte dialogform.")
    checks.require(isinstance(forventet_varighed_uger, int) and 1 <= forventet_varighed_uger <= 104,
                   "forventet_varighed_uger", "Angiv den forventede varighed som 1 til 104 uger.")
    checks.require(ansvarlig.socialtilsyn_id == enhed.socialtilsyn_id, "ansvarlig",
                   "Den ansvarlige skal høre til samme socialtilsyn som enheden.")
    checks.raise_if_any()
    with write(actor):
        forloeb = Dialogforloeb.objects.create(
            enhed=enhed, kilde=kilde, beskrivelse=beskrivelse.strip(), temaer=temaer.strip(), alvor=alvor,
            formaal=formaal, planlagt_dialogform=planlagt_dialogform, forventet_varighed_uger=forventet_varighed_uger,
            ansvarlig=ansvarlig, oprettet_af=actor, aabnet=dato, sidste_aktivitet=dato,
        )
        _log(forloeb, actor, "Bekymring registreret",
             f"Kilde: {forloeb.get_kilde_display()}. Alvor: {forloeb.get_alvor_display()}. {forloeb.beskrivelse}\n"
             f"Plan: {forloeb.get_formaal_display().lower()}; {forloeb.get_planlagt_dialogform_display().lower()}; "
             f"forventet varighed {forventet_varighed_uger} uger.", dato=dato, til=Status.AABNET)
        # Opening a forløb suggests revisiting the unit's risk category (never changes it).
        revurdering_foreslaa(enhed=enhed, kilde="dialogforloeb",
                             grund=f"Dialogforløb åbnet {dato:%d.%m.%Y} ({forloeb.get_alvor_display().lower()} "
                                   f"alvor): {forloeb.temaer[:150]}")
    return forloeb


def forloeb_alvor_revise(*, actor: User, forloeb: Dialogforloeb, alvor: str, begrundelse: str,
                         dato: dt.date | None = None) -> Dialogforloeb:
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke ændre dette forløb.")
    checks = Checks()
    checks.require(alvor in Alvor.values, "alvor", "Vælg bekymringens alvor.")
    checks.require(bool((begrundelse or "").strip()), "begrundelse", "Angiv en begrundelse for den ændrede alvor.")
    checks.raise_if_any()
    with write(actor):
        locked = _lock(forloeb, dato)
        if locked.alvor == alvor:
            raise DomainError("Alvoren er allerede sat til det valgte.", field="alvor")
        gammel = locked.get_alvor_display()
        locked.alvor = alvor
        locked.save(update_fields=["alvor", "opdateret"])
        _log(locked, actor, f"Alvor ændret fra {gammel.lower()} til {locked.get_alvor_display().lower()}", begrundelse,
             dato=dato)
    return locked


# --- Activities -----------------------------------------------------------------------------------

def aktivitet_create(*, actor: User, forloeb: Dialogforloeb, art: str, dato: dt.date, form: str,
                     deltagere: str = "", referat: str = "", oplyst_bekymring: bool = False,
                     oplyst_formaal: bool = False, oplyst_reaktioner: bool = False,
                     frist: dt.date | None = None) -> Aktivitet:
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke registrere aktiviteter i dette forløb.")
    checks = Checks()
    checks.require(art in AktivitetArt.values, "art", "Vælg aktivitetens art.")
    checks.require(form in Form.values, "form", "Vælg om aktiviteten var et møde, telefonisk eller skriftlig.")
    checks.require(dato is not None, "dato", "Angiv datoen.")
    checks.add("dato", dates.sket(dato, hvad="En aktivitet registreres, når den har fundet sted: datoen",
                                  tidligst=forloeb.runde_start or forloeb.aabnet,
                                  tidligst_hvad="forløbets nuværende runde" if forloeb.runde_start
                                  else "forløbet blev åbnet"))
    checks.require(len(deltagere or "") <= 300, "deltagere", "Deltagere kan højst fylde 300 tegn.")
    if art == AktivitetArt.ANMODNING_REDEGOERELSE:
        checks.require(frist is not None, "frist", "En anmodning om redegørelse skal have en frist.")
        if frist is not None and dato is not None:
            checks.add("frist", dates.frem(frist, hvad="Fristen for redegørelsen", fra=dato,
                                           fra_hvad="anmodningens dato"))
    checks.raise_if_any()
    with write(actor):
        locked = _lock(forloeb, dato)
        if locked.status == Status.AFSLUTTET:
            raise DomainError("Forløbet er afsluttet. En leder kan genåbne det med en begrundelse.")
        agter = None
        if art == AktivitetArt.HOERINGSSVAR:
            agter = guards.afventer_hoeringssvar(locked)
            if agter is None:
                raise DomainError("Der er ingen sendt agterskrivelse, som afventer høringssvar.", field="art")
            if dato < agter.sendt:
                raise DomainError("Høringssvaret kan ikke være modtaget før agterskrivelsen blev sendt.", field="dato")
        aktivitet = Aktivitet.objects.create(
            forloeb=locked, runde=locked.runde, art=art, dato=dato, form=form, deltagere=deltagere, referat=referat,
            oplyst_bekymring=oplyst_bekymring, oplyst_formaal=oplyst_formaal, oplyst_reaktioner=oplyst_reaktioner,
            frist=frist, oprettet_af=actor,
        )
        titel = aktivitet.get_art_display()
        if locked.status == Status.AABNET:
            _run(locked, "orienter", actor, titel="Dialogen er indledt", dato=dato,
                 tekst="Ledelsen er orienteret om bekymringen." if art == AktivitetArt.ORIENTERING_LEDELSE
                 else f"Første aktivitet: {titel.lower()}.")
        _log(locked, actor, titel, referat, dato=dato)
        if art == AktivitetArt.ANMODNING_REDEGOERELSE:
            frister_services.frist_create(owner=aktivitet, sag=locked, enhed=locked.enhed, art="redegoerelse", due=frist,
                                          responsible=locked.ansvarlig, titel=f"Redegørelse fra {locked.enhed.navn}",
                                          actor=actor)
            _log(locked, actor, f"Frist oprettet: redegørelse senest {frist:%d.%m.%Y}", dato=dato)
        elif art == AktivitetArt.REDEGOERELSE_MODTAGET:
            for anmodning in locked.aktiviteter.filter(art=AktivitetArt.ANMODNING_REDEGOERELSE):
                frister_services.frister_fulfil_for(owner=anmodning, actor=actor, note="Redegørelsen er modtaget.")
        elif agter is not None:
            agter.hoeringssvar = dato
            agter.save(update_fields=["hoeringssvar"])
            frister_services.frister_fulfil_for(owner=agter, actor=actor, note="Høringssvar modtaget.")
        _touch(locked, dato)
    return aktivitet


# --- Agterskrivelse: draft ------------------------------------------------------------------------

AGTER_FELTER = ("paataenkt", "sagsfremstilling", "begrundelse", "mulige_reaktioner", "hoeringsfrist_dage",
                "invitation_dialogmoede", "dialog_aktiviteter")


def dialog_valg(forloeb) -> list[Aktivitet]:
    """The activities an agterskrivelse may name as the dialog it rests on: dialog (BEK § 9, two-way) of the
    forløb's current round."""
    return list(forloeb.aktiviteter.filter(art__in=DIALOG_ARTER, runde=forloeb.runde).order_by("dato", "pk"))


def hoeringsfrist_advarsel(dage: int | None) -> str:
    if dage and dage < HOERINGSFRIST_ANBEFALET_DAGE:
        return (f"Høringsfristen er kortere end {HOERINGSFRIST_ANBEFALET_DAGE} dage. Sørg for, at enheden har "
                "rimelig tid til at svare (forvaltningslovens § 19).")
    return ""


def _check_agter_data(data: dict, forloeb: Dialogforloeb, dato: dt.date) -> None:
    """Every problem of an agterskrivelse's content at once (the form shows each next to its field)."""
    checks = Checks()
    paataenkt = data.get("paataenkt")
    checks.require(paataenkt in Afgoerelsestype.values, "paataenkt", "Vælg den påtænkte afgørelse.")
    if paataenkt == Afgoerelsestype.FORNYELSE:
        checks.require(guards.har_skaerpet_tilsyn(forloeb), "paataenkt", guards.har_skaerpet_tilsyn.message)
    for felt, tekst in (("sagsfremstilling", "Beskriv de faktiske forhold og bekymringer pr. tema/kriterium."),
                        ("begrundelse", "Begrund den påtænkte afgørelse."),
                        ("mulige_reaktioner", "Beskriv enhedens mulige reaktioner.")):
        _valid_text(checks, data, felt, tekst)
    dage = data.get("hoeringsfrist_dage")
    mindst = indstillinger_for(forloeb.enhed.socialtilsyn_id).hoeringsfrist_min_dage
    if not isinstance(dage, int) or not mindst <= dage <= HOERINGSFRIST_MAKS_DAGE:
        checks.add("hoeringsfrist_dage", f"Høringsfristen skal være mellem {mindst} og {HOERINGSFRIST_MAKS_DAGE} dage.")
    checks.add("invitation_dialogmoede", dates.frem(data.get("invitation_dialogmoede"),
                                                    hvad="Dialogmødet, der inviteres til,", fra=dato,
                                                    fra_hvad="i dag", inklusiv=True))
    valg = {a.pk for a in dialog_valg(forloeb)}
    checks.require({a if isinstance(a, int) else a.pk for a in data.get("dialog_aktiviteter") or []} <= valg,
                   "dialog_aktiviteter", "Vælg kun dialogaktiviteter fra forløbets nuværende runde.")
    checks.raise_if_any()


def _agter_values(data: dict) -> tuple[dict, list | None]:
    values = {k: data[k] for k in AGTER_FELTER if k in data and k != "dialog_aktiviteter"}
    return values, (list(data["dialog_aktiviteter"]) if "dialog_aktiviteter" in data else None)


def agterskrivelse_create(*, actor: User, forloeb: Dialogforloeb, data: dict,
                          dato: dt.date | None = None) -> Agterskrivelse:
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Kun konsulenter og ledere kan skrive agterskrivelser.")
    dato = _today(dato)
    data = {k: data.get(k) for k in AGTER_FELTER if k in data}
    data.setdefault("hoeringsfrist_dage", indstillinger_for(forloeb.enhed.socialtilsyn_id).hoeringsfrist_dage)
    _check_agter_data(data, forloeb, dato)
    values, dialog = _agter_values(data)
    with write(actor):
        locked = _lock(forloeb, dato)
        _run(locked, "start_varsling", actor, titel="Varsling påbegyndt", dato=dato,
             tekst=f"Påtænkt afgørelse: {Afgoerelsestype(values['paataenkt']).label.lower()}.")
        agter = Agterskrivelse.objects.create(forloeb=locked, runde=locked.runde, forfatter=actor, **values)
        if dialog:
            agter.dialog_aktiviteter.set(dialog)
        _touch(locked, dato)
    return agter


def agterskrivelse_update(*, actor: User, agterskrivelse: Agterskrivelse, data: dict,
                          dato: dt.date | None = None) -> Agterskrivelse:
    forloeb = agterskrivelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke ændre denne agterskrivelse.")
    data = {k: data.get(k) for k in AGTER_FELTER if k in data}
    current = {k: getattr(agterskrivelse, k) for k in AGTER_FELTER if k != "dialog_aktiviteter"}
    current["dialog_aktiviteter"] = list(agterskrivelse.dialog_aktiviteter.all())
    _check_agter_data({**current, **data}, forloeb, _today(dato))
    values, dialog = _agter_values(data)

    def apply(agter):
        for key, value in values.items():
            setattr(agter, key, value)
        if dialog is not None:
            agter.dialog_aktiviteter.set(dialog)

    return _udkast_update(actor, agterskrivelse, apply, dato)


# --- Four eyes: submit, approve, return, abandon (agterskrivelser and afgørelser alike) -------------

def _udkast_update(actor, udkast: Udkast, apply, dato) -> Udkast:
    """Change a draft's text: whoever changes it becomes a co-author (four eyes: they cannot approve it),
    and a change after approval voids the approval."""
    with write(actor):
        locked, fresh = _lock_udkast(udkast, dato)
        if fresh.status not in (UdkastStatus.KLADDE, UdkastStatus.TIL_GODKENDELSE, UdkastStatus.TILBAGESENDT,
                                UdkastStatus.GODKENDT):
            raise DomainError(f"{_tilstand_afvisning(fresh)} Den kan ikke ændres.")
        foer = fresh.tekst_hash()
        apply(fresh)
        aendret = fresh.tekst_hash() != foer
        if aendret and actor.pk != fresh.forfatter_id and actor.pk not in fresh.medforfattere:
            fresh.medforfattere = [*fresh.medforfattere, actor.pk]
        if fresh.status == UdkastStatus.GODKENDT and aendret:
            fresh.bortfald_godkendelse()
            fresh.godkendt_af = None
            fresh.godkendt = None
            fresh.godkendt_hash = ""
            _log(locked, actor, "Godkendelsen bortfaldt", f"Teksten i {fresh.BESTEMT} blev ændret efter juristens "
                 "godkendelse og skal godkendes igen.", dato=dato)
        else:
            _log(locked, actor, f"{fresh.BESTEMT.capitalize()} er redigeret", dato=dato)
        fresh.save()
    return fresh


def udkast_submit(*, actor: User, udkast: Udkast, dato: dt.date | None = None) -> Udkast:
    """The author sends the text to the socialtilsyn's jurists for approval."""
    _require(actor, "dialogforloeb.change_dialogforloeb", udkast.forloeb, f"Du kan ikke indsende {udkast.BESTEMT}.")
    with write(actor):
        locked, fresh = _lock_udkast(udkast, dato)
        _step(fresh, "indsend")
        fresh.indsendt = dates.now_at(_today(dato))
        fresh.save()
        _log(locked, actor, f"{fresh.BESTEMT.capitalize()} sendt til godkendelse hos jurist", dato=dato)
        jurister = User.objects.filter(socialtilsyn_id=locked.enhed.socialtilsyn_id, is_jurist=True, is_active=True)
        for jurist in jurister.exclude(pk=fresh.forfatter_id):
            _notify(jurist, f"{fresh.NAVN.capitalize()} til godkendelse: {locked.enhed.navn}",
                    f"{actor} har sendt {fresh} til godkendelse.", fresh.get_absolute_url())
    return fresh


def udkast_approve(*, actor: User, udkast: Udkast, tekst_hash: str | None,
                   dato: dt.date | None = None) -> Udkast:
    """The jurist approves the exact text they read: ``tekst_hash`` is its fingerprint (required). If the
    author changed the text since, the approval is refused, so no one approves a text they have not read."""
    if not actor.has_perm("dialogforloeb.approve_agterskrivelse", udkast.forloeb):
        raise Forbidden(guards.godkender_afvisning(actor, udkast))
    if guards.er_fire_oejne_afvisning(actor, udkast):
        raise Forbidden(guards.godkender_afvisning(actor, udkast))
    if not tekst_hash:
        raise DomainError(FINGERAFTRYK_MANGLER, rule="fingeraftryk")
    with write(actor):
        locked, fresh = _lock_udkast(udkast, dato)
        if refusal := guards.godkender_afvisning(actor, fresh):
            raise DomainError(refusal, rule="fire_oejne")
        if tekst_hash != fresh.tekst_hash():
            raise DomainError(TEKST_AENDRET, rule="stale")
        _step(fresh, "godkend")
        fresh.godkendt_af = actor
        fresh.godkendt = dates.now_at(_today(dato))
        fresh.godkendt_hash = fresh.tekst_hash()
        fresh.kommentar = ""
        fresh.save()
        _log(locked, actor, f"{fresh.BESTEMT.capitalize()} godkendt af jurist", dato=dato)
        _notify(fresh.forfatter, f"{fresh.NAVN.capitalize()} godkendt: {locked.enhed.navn}",
                f"{actor} har godkendt {fresh.BESTEMT}. Den kan nu {'sendes' if fresh.NAVN == 'agterskrivelse' else 'udstedes'}.",
                fresh.get_absolute_url())
    return fresh


def udkast_return(*, actor: User, udkast: Udkast, kommentar: str, dato: dt.date | None = None) -> Udkast:
    _require(actor, "dialogforloeb.approve_agterskrivelse", udkast.forloeb,
             f"Kun en jurist fra samme socialtilsyn kan sende {udkast.BESTEMT} tilbage.")
    if not (kommentar or "").strip():
        raise DomainError("Skriv en kommentar til konsulenten.", field="kommentar")
    with write(actor):
        locked, fresh = _lock_udkast(udkast, dato)
        _step(fresh, "tilbagesend")
        fresh.kommentar = kommentar.strip()
        fresh.tilbagesendt_tekst = fresh.indhold()  # so the resubmission shows what changed since
        fresh.save()
        _log(locked, actor, f"{fresh.BESTEMT.capitalize()} sendt tilbage af jurist", fresh.kommentar, dato=dato)
        _notify(fresh.forfatter, f"{fresh.NAVN.capitalize()} sendt tilbage: {locked.enhed.navn}", fresh.kommentar,
                fresh.get_absolute_url())
    return fresh


def udkast_abandon(*, actor: User, udkast: Udkast, begrundelse: str, dato: dt.date | None = None) -> Udkast:
    """Abandon a draft (kept, never sent). An abandoned agterskrivelse takes the forløb back to dialog (or to
    the påbud in force)."""
    _require(actor, "dialogforloeb.change_dialogforloeb", udkast.forloeb, f"Du kan ikke opgive {udkast.BESTEMT}.")
    if not (begrundelse or "").strip():
        raise DomainError(f"Angiv hvorfor {udkast.BESTEMT} opgives.", field="begrundelse")
    with write(actor):
        locked, fresh = _lock_udkast(udkast, dato)
        _step(fresh, "opgiv")
        fresh.save()
        if isinstance(fresh, Agterskrivelse):
            _run(locked, "opgiv_varsling", actor, titel="Varslingen er opgivet", tekst=begrundelse, dato=dato)
        else:
            _log(locked, actor, f"Udkast til {fresh.get_art_display().lower()} opgivet", begrundelse, dato=dato)
    return fresh


# --- Agterskrivelse: send and the hearing ---------------------------------------------------------

def _agter_letter(actor, forloeb, agter):
    return _letter(actor=actor, forloeb=forloeb, owner=agter, art="agterskrivelse", sendt=agter.sendt,
                   titel=f"Agterskrivelse: varsel om {agter.get_paataenkt_display().lower()} ({forloeb.enhed.navn})",
                   template="dialogforloeb/pdf/agterskrivelse.html",
                   context={"agter": agter, "dato": agter.sendt, "dialog": list(agter.dialog_aktiviteter.all()),
                            "paabud": guards.gaeldende_paabud(forloeb)})


def _agter_preview(agter: Agterskrivelse, today: dt.date) -> tuple[str, dict]:
    """The template and context of the draft as it would be sent today (marked UDKAST)."""
    agter.hoeringsfrist = today + dt.timedelta(days=agter.hoeringsfrist_dage)  # on this instance only
    return "dialogforloeb/pdf/agterskrivelse.html", _letter_context(
        agter.forloeb, agter=agter, dato=today, udkast=True, dialog=list(agter.dialog_aktiviteter.all()),
        paabud=guards.gaeldende_paabud(agter.forloeb))


def agterskrivelse_preview_pdf(agter: Agterskrivelse, *, today: dt.date) -> bytes:
    """The draft as it would be sent today, marked UDKAST. Rendered only, never stored or saved."""
    return render_pdf(*_agter_preview(agter, today))


def agterskrivelse_preview_html(agter: Agterskrivelse, *, today: dt.date) -> str:
    """The same letter as HTML, for the editor's preview beside the text (no PDF round trip per keystroke)."""
    return render_to_string(*_agter_preview(agter, today))


def agterskrivelse_udkast_tekst(forloeb: Dialogforloeb) -> str:
    """A first draft of the facts, from the concern, the dialog activities and the unit's recent visits, so the
    konsulent edits rather than retypes what the case already holds."""
    linjer = [forloeb.beskrivelse, "", f"Temaer og kriterier: {forloeb.temaer}", "", "Forløbet:"]
    for a in forloeb.aktiviteter.filter(runde=forloeb.runde).order_by("dato", "pk"):
        linjer.append(f"- {a.dato:%d.%m.%Y}: {a.get_art_display()}" + (f". {a.referat}" if a.referat else ""))
    besoeg = forloeb.enhed.besoeg.filter(dato__gte=forloeb.aabnet - dt.timedelta(days=180),
                                         dato__lte=dates.today()).order_by("dato")[:10]
    if besoeg:
        linjer += ["", "Tilsynsbesøg:"]
        linjer += [f"- {b.dato:%d.%m.%Y}: {b.get_besoegstype_display().lower()} tilsynsbesøg" for b in besoeg]
    return "\n".join(linjer)


def agterskrivelse_send(*, actor: User, agterskrivelse: Agterskrivelse, sendt: dt.date | None = None) -> Agterskrivelse:
    """Render the approved text to PDF once, store it (sha256, send date), create the høringsfrist."""
    _require(actor, "dialogforloeb.change_dialogforloeb", agterskrivelse.forloeb,
             "Kun konsulenter og ledere kan sende agterskrivelser.")
    sendt = _today(sendt)
    with write(actor):
        locked, agter = _lock_udkast(agterskrivelse, sendt)
        # Refuse before the letter is rendered and stored: a stored file is not rolled back with the transaction.
        _check(agter, "send")
        _check(locked, "send_varsling")
        agter.send()
        agter.sendt = sendt
        agter.hoeringsfrist = sendt + dt.timedelta(days=agter.hoeringsfrist_dage)
        agter.dokument = _agter_letter(actor, locked, agter)
        _run(locked, "send_varsling", actor, titel="Agterskrivelse sendt", dato=sendt, url=agter.dokument.get_absolute_url(),
             tekst=f"Varsel om {agter.get_paataenkt_display().lower()}. Høringsfrist {agter.hoeringsfrist:%d.%m.%Y}."
             + (f" Invitation til dialogmøde {agter.invitation_dialogmoede:%d.%m.%Y}." if agter.invitation_dialogmoede
                else ""))
        agter.save()
        frister_services.frist_create(owner=agter, sag=locked, enhed=locked.enhed, art="hoering", due=agter.hoeringsfrist,
                                      responsible=locked.ansvarlig, actor=actor,
                                      titel=f"Høringsfrist for agterskrivelse til {locked.enhed.navn}")
        _touch(locked, sendt)
    return agter


def hoeringsfrist_extend(*, actor: User, agterskrivelse: Agterskrivelse, ny_frist: dt.date, begrundelse: str,
                         dato: dt.date | None = None) -> Agterskrivelse:
    """FVL § 19: the hearing may be given more time (never less): the høringsfrist moves forward on the
    agterskrivelse and its frist row together, so there is one date."""
    _require(actor, "dialogforloeb.change_dialogforloeb", agterskrivelse.forloeb, "Du kan ikke forlænge høringsfristen.")
    dato = _today(dato)
    checks = Checks()
    checks.require(bool((begrundelse or "").strip()), "begrundelse", "Angiv begrundelsen for forlængelsen.")
    checks.require(ny_frist is not None, "ny_frist", "Angiv den nye høringsfrist.")
    checks.raise_if_any()
    with write(actor):
        locked, agter = _lock_udkast(agterskrivelse, dato)
        if agter.status != UdkastStatus.SENDT or agter.hoeringssvar is not None or locked.status != Status.VARSLET:
            raise DomainError("Kun høringsfristen for en sendt agterskrivelse, der afventer høringssvar, kan forlænges.")
        if ny_frist <= agter.hoeringsfrist:
            raise DomainError(f"En høringsfrist kan kun forlænges: den nye frist skal ligge efter "
                              f"{agter.hoeringsfrist:%d.%m.%Y}.", field="ny_frist")
        if grund := dates.frem(ny_frist, hvad="Den nye høringsfrist", fra=dato):
            raise DomainError(grund, field="ny_frist")
        gammel = agter.hoeringsfrist
        agter.hoeringsfrist = ny_frist
        agter.save(update_fields=["hoeringsfrist"])
        for frist in aabne_frister_for_owner(actor, agter).filter(art="hoering"):
            frister_services.frist_extend(frist=frist, new_due=ny_frist, reason=begrundelse, actor=actor, today=dato,
                                          af_sagen=True)
        _log(locked, actor, f"Høringsfristen forlænget fra {gammel:%d.%m.%Y} til {ny_frist:%d.%m.%Y}", begrundelse,
             dato=dato)
        _touch(locked, dato)
    return agter


# --- Decisions: draft → approval → issue ------------------------------------------------------------

AFG_FELTER = ("tekst", "opfyldelseskriterium", "begrundelse", "hoeringssvar_vurdering", "frist", "skaerpet_til")

# The forløb transition each kind of decision takes when it is issued (none: the forløb stays as it is).
UDSTED_TRANSITION = {AfgoerelseArt.PAABUD: "udsted_paabud", AfgoerelseArt.OPHOER: "ophoer_godkendelse",
                     AfgoerelseArt.FORNYELSE: "forny_skaerpet", AfgoerelseArt.FRISTFORLAENGELSE: None}
# Which decisions may be drafted now: the guards of the transition the decision will take, less four eyes.
_FOR_UDKAST = {
    AfgoerelseArt.PAABUD: [guards.varsling_sendt, guards.varslet_paabud, guards.forudgaaende_dialog,
                           guards.hoering_afsluttet],
    AfgoerelseArt.OPHOER: [guards.varsling_sendt, guards.varslet_ophoer, guards.hoering_afsluttet],
    AfgoerelseArt.FORNYELSE: [guards.varsling_sendt, guards.varslet_fornyelse, guards.har_skaerpet_tilsyn,
                              guards.hoering_afsluttet],
}


def afgoerelse_udkast_afvisning(forloeb: Dialogforloeb, art: str) -> list[str]:
    """Why a decision of kind ``art`` cannot be drafted now (empty if it can). One rule for page and service."""
    if (udkast := guards.aabent_udkast(forloeb)) is not None:
        return [f"Der er allerede et udkast til {udkast.get_art_display().lower()} i forløbet."]
    if art == AfgoerelseArt.FRISTFORLAENGELSE:
        if forloeb.status != Status.PAABUD or guards.gaeldende_paabud(forloeb) is None:
            return ["Kun fristen for et udstedt påbud, der ikke er opfyldt, kan forlænges."]
        return []
    if forloeb.status != Status.VARSLET:
        return [_tilstand_afvisning(forloeb)]
    return [cond.message for cond in _FOR_UDKAST[art] if not cond(forloeb)]


def _check_afg_data(checks: Checks, art: str, data: dict, forloeb: Dialogforloeb, dato: dt.date) -> None:
    """Every problem of a decision's content at once. The dates are checked again when it is issued."""
    agter = guards.seneste_sendte(forloeb)
    _valid_text(checks, data, "begrundelse", "Afgørelsen skal begrundes (forvaltningslovens §§ 22-24).")
    if art != AfgoerelseArt.FRISTFORLAENGELSE and agter is not None and agter.hoeringssvar is not None:
        _valid_text(checks, data, "hoeringssvar_vurdering",
                    "Enheden har afgivet høringssvar: gengiv dets hovedpunkter og socialtilsynets vurdering af dem "
                    "(forvaltningslovens § 24).")
    if art == AfgoerelseArt.PAABUD:
        _valid_text(checks, data, "tekst", "Beskriv hvad påbuddet pålægger enheden.")
        _valid_text(checks, data, "opfyldelseskriterium",
                    "Et påbud skal have et konkret opfyldelseskriterium: der udstedes ikke løbende påbud.")
        checks.require(data.get("frist") is not None, "frist",
                       "Socialtilsynet skal fastsætte en frist for påbuddet (LOST § 8, stk. 2).")
        checks.add("frist", dates.frem(data.get("frist"), hvad="Påbuddets frist", fra=dato))
        if data.get("skaerpet_til") is not None:
            if agter is None or agter.paataenkt != Afgoerelsestype.SKAERPET_TILSYN:
                checks.add("skaerpet_til", "Skærpet tilsyn er ikke varslet i agterskrivelsen. Afgørelsen skal være den, "
                                           "der er varslet (forvaltningslovens § 19).")
            else:
                _check_periode(checks, dato, data["skaerpet_til"])
    elif art == AfgoerelseArt.FORNYELSE:
        paabud = guards.gaeldende_paabud(forloeb)
        if paabud is not None and paabud.skaerpet_til is not None:
            checks.require(data.get("skaerpet_til") is not None, "skaerpet_til",
                           "Angiv, til og med hvilken dag det skærpede tilsyn forlænges.")
            if data.get("skaerpet_til") is not None:
                _check_periode(checks, paabud.skaerpet_til + dt.timedelta(days=1), data["skaerpet_til"])
    elif art == AfgoerelseArt.FRISTFORLAENGELSE:
        paabud = guards.gaeldende_paabud(forloeb)
        ny = data.get("frist")
        checks.require(ny is not None, "frist", "Angiv den nye frist.")
        if ny is not None and paabud is not None:
            if ny <= paabud.frist:
                checks.add("frist", f"En frist kan kun forlænges: den nye frist skal ligge efter {paabud.frist:%d.%m.%Y}.")
            else:
                checks.add("frist", dates.frem(ny, hvad="Den nye frist", fra=dato))


def _check_periode(checks: Checks, fra: dt.date, til: dt.date) -> None:
    """LOST § 8, stk. 1: skærpet tilsyn from ``fra`` to and including ``til``, at most 6 months."""
    senest = guards.skaerpet_senest_til(fra)
    if til < fra:
        checks.add("skaerpet_til", f"Perioden for skærpet tilsyn begynder {fra:%d.%m.%Y} og skal slutte samme dag "
                                   "eller senere.")
    elif til > senest:
        checks.add("skaerpet_til", f"Skærpet tilsyn træffes for højst 6 måneder ad gangen (LOST § 8, stk. 1): fra "
                                   f"{fra:%d.%m.%Y} højst til og med {senest:%d.%m.%Y}.")


def afgoerelse_create(*, actor: User, forloeb: Dialogforloeb, art: str, data: dict,
                      dato: dt.date | None = None) -> Afgoerelse:
    """Draft a decision (påbud, ophør, forlængelse af skærpet tilsyn or of a påbud's frist). It is issued
    only after a jurist has approved the exact text (``udkast_*``, then ``afgoerelse_issue``)."""
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Kun konsulenter og ledere kan skrive afgørelser.")
    if art not in AfgoerelseArt.values:
        raise DomainError("Vælg hvilken afgørelse der skal træffes.", field="art")
    dato = _today(dato)
    data = {k: data.get(k) for k in AFG_FELTER if k in data}
    with write(actor):
        locked = _lock(forloeb, dato)
        if refusal := afgoerelse_udkast_afvisning(locked, art):
            raise DomainError(" ".join(refusal), rule="afgoerelse_udkast")
        checks = Checks()
        _check_afg_data(checks, art, data, locked, dato)
        checks.raise_if_any()
        paabud = guards.gaeldende_paabud(locked) if art in (AfgoerelseArt.FORNYELSE,
                                                            AfgoerelseArt.FRISTFORLAENGELSE) else None
        afg = Afgoerelse.objects.create(
            forloeb=locked, art=art, forfatter=actor, paabud=paabud,
            agterskrivelse=None if art == AfgoerelseArt.FRISTFORLAENGELSE else guards.seneste_sendte(locked),
            tekst=(data.get("tekst") or "").strip(), opfyldelseskriterium=(data.get("opfyldelseskriterium") or "").strip(),
            begrundelse=data["begrundelse"].strip(), hoeringssvar_vurdering=(data.get("hoeringssvar_vurdering") or "").strip(),
            frist=data.get("frist") if art in (AfgoerelseArt.PAABUD, AfgoerelseArt.FRISTFORLAENGELSE) else None,
            tidligere_frist=paabud.frist if art == AfgoerelseArt.FRISTFORLAENGELSE else None,
            skaerpet_fra=paabud.skaerpet_til + dt.timedelta(days=1) if art == AfgoerelseArt.FORNYELSE else None,
            skaerpet_til=data.get("skaerpet_til") if art in (AfgoerelseArt.PAABUD, AfgoerelseArt.FORNYELSE) else None,
        )
        _log(locked, actor, f"Udkast til afgørelse: {afg.get_art_display().lower()}", dato=dato,
             url=afg.get_absolute_url())
        _touch(locked, dato)
    return afg


def afgoerelse_update(*, actor: User, afgoerelse: Afgoerelse, data: dict, dato: dt.date | None = None) -> Afgoerelse:
    forloeb = afgoerelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke ændre denne afgørelse.")
    data = {k: data.get(k) for k in AFG_FELTER if k in data}
    merged = {**{k: getattr(afgoerelse, k) for k in AFG_FELTER}, **data}
    checks = Checks()
    _check_afg_data(checks, afgoerelse.art, merged, forloeb, _today(dato))
    checks.raise_if_any()

    def apply(afg):
        for key, value in data.items():
            setattr(afg, key, value.strip() if isinstance(value, str) else value)

    return _udkast_update(actor, afgoerelse, apply, dato)


def afgoerelse_preview_pdf(afg: Afgoerelse, *, today: dt.date) -> bytes:
    """The draft decision as it would be issued today, marked UDKAST. Never stored."""
    template, context = _afg_letter_parts(afg, today)
    return render_pdf(template, _letter_context(afg.forloeb, **context, udkast=True))


def _afg_letter_parts(afg: Afgoerelse, dato: dt.date) -> tuple[str, dict]:
    context = {"afg": afg, "agter": afg.agterskrivelse, "dato": dato}
    if afg.art == AfgoerelseArt.PAABUD:
        return "dialogforloeb/pdf/paabud.html", context
    if afg.art == AfgoerelseArt.OPHOER:
        return "dialogforloeb/pdf/ophoer.html", context
    if afg.art == AfgoerelseArt.FORNYELSE:
        return "dialogforloeb/pdf/skaerpet.html", {**context, "fra": afg.skaerpet_fra, "til": afg.skaerpet_til,
                                                   "fornyelse": True}
    return "dialogforloeb/pdf/fristforlaengelse.html", context


LETTER_ART = {AfgoerelseArt.PAABUD: "paabud", AfgoerelseArt.OPHOER: "afgoerelse",
              AfgoerelseArt.FORNYELSE: "skaerpet_tilsyn", AfgoerelseArt.FRISTFORLAENGELSE: "afgoerelse"}
LETTER_TITEL = {AfgoerelseArt.PAABUD: "Påbud til {}", AfgoerelseArt.OPHOER: "Afgørelse om ophør af godkendelse: {}",
                AfgoerelseArt.FORNYELSE: "Forlængelse af skærpet tilsyn med {}",
                AfgoerelseArt.FRISTFORLAENGELSE: "Forlængelse af påbuddets frist: {}"}


def afgoerelse_issue(*, actor: User, afgoerelse: Afgoerelse, frister: str | None = None,
                     dato: dt.date | None = None) -> Afgoerelse:
    """Issue an approved decision: the forløb takes its transition (with every legal guard), the letter is
    rendered and stored once, and the frister and the unit's approval follow, all in one transaction."""
    forloeb = afgoerelse.forloeb
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Kun konsulenter og ledere kan udstede afgørelser.")
    dato = _today(dato)
    with write(actor):
        locked, afg = _lock_udkast(afgoerelse, dato)
        # Every refusal before the letter is rendered: a stored file is not rolled back.
        _check(afg, "udsted")
        name = UDSTED_TRANSITION[afg.art]
        if name is not None:
            _check(locked, name)
        else:
            afvisning = afgoerelse_udkast_afvisning_for_issue(locked, afg)
            if afvisning:
                raise DomainError(afvisning, rule="fristforlaengelse")
        checks = Checks()
        _check_afg_data(checks, afg.art, {k: getattr(afg, k) for k in AFG_FELTER}, locked, dato)
        if afg.art == AfgoerelseArt.OPHOER:
            _check_frister_valg(checks, actor, locked, frister)
        checks.raise_if_any(rule="afgoerelse_data")
        afg.udsted()
        afg.udstedt = dato
        afg.udstedt_af = actor
        if afg.art == AfgoerelseArt.PAABUD and afg.skaerpet_til:
            afg.skaerpet_fra = dato
        template, context = _afg_letter_parts(afg, dato)
        afg.dokument = _letter(actor=actor, forloeb=locked, owner=afg, art=LETTER_ART[afg.art], sendt=dato,
                               titel=LETTER_TITEL[afg.art].format(locked.enhed.navn), template=template, context=context)
        url = afg.dokument.get_absolute_url()
        _ISSUE[afg.art](actor, locked, afg, dato, url, frister)
        afg.save()
        _touch(locked, dato)
    return afg


def afgoerelse_udkast_afvisning_for_issue(locked: Dialogforloeb, afg: Afgoerelse) -> str:
    """A frist extension is issued only while its påbud is in force and not met."""
    paabud = guards.gaeldende_paabud(locked)
    if locked.status != Status.PAABUD or paabud is None or paabud.pk != afg.paabud_id:
        return "Påbuddet, fristforlængelsen angår, er ikke længere i kraft."
    return ""


def _check_frister_valg(checks: Checks, actor, locked, frister) -> None:
    if aabne_frister_for_sag(actor, locked).exclude(art="hoering").exists() and frister not in FRISTER_VALG:
        checks.add("frister", AABNE_FRISTER_VALG)


def _issue_paabud(actor, locked, afg, dato, url, frister):
    agter = afg.agterskrivelse
    _run(locked, "udsted_paabud", actor, titel="Påbud udstedt" + (" med skærpet tilsyn" if afg.skaerpet_til else ""),
         tekst=f"Frist {afg.frist:%d.%m.%Y}. Opfyldt når: {afg.opfyldelseskriterium}", dato=dato, url=url)
    locked.afgoerelse_dato = dato
    locked.save(update_fields=["afgoerelse_dato", "opdateret"])
    frister_services.frister_fulfil_for(owner=agter, actor=actor, note="Afgørelse truffet.")
    frister_services.frist_create(owner=afg, sag=locked, enhed=locked.enhed, art="paabud", due=afg.frist, actor=actor,
                                  responsible=locked.ansvarlig, titel=f"Påbudsfrist for {locked.enhed.navn}", today=dato)
    if afg.skaerpet_til:
        afg.skaerpet_dokument = _letter(
            actor=actor, forloeb=locked, owner=afg, art="skaerpet_tilsyn", sendt=dato,
            titel=f"Skærpet tilsyn med {locked.enhed.navn}", template="dialogforloeb/pdf/skaerpet.html",
            context={"afg": afg, "agter": agter, "dato": dato, "fra": afg.skaerpet_fra, "til": afg.skaerpet_til})
        _log(locked, actor, "Afgørelse om skærpet tilsyn sendt som brev",
             f"Skærpet tilsyn {afg.skaerpet_fra:%d.%m.%Y} til og med {afg.skaerpet_til:%d.%m.%Y}.", dato=dato,
             url=afg.skaerpet_dokument.get_absolute_url())
        frister_services.frist_create(owner=afg, sag=locked, enhed=locked.enhed, art="skaerpet_tilsyn",
                                      due=afg.skaerpet_til, actor=actor, responsible=locked.ansvarlig, today=dato,
                                      titel=f"Skærpet tilsyn med {locked.enhed.navn} udløber")


def _issue_ophoer(actor, locked, afg, dato, url, frister):
    frister_services.frister_fulfil_for(owner=afg.agterskrivelse, actor=actor, note="Afgørelse truffet.")
    _handle_open_frister(locked, actor, frister, "Godkendelsen er ophørt.", dato)
    locked.udfald = Udfald.GODKENDELSE_OPHOERT
    locked.udfald_begrundelse = afg.begrundelse
    locked.afsluttet = dato
    locked.afgoerelse_dato = dato
    _run(locked, "ophoer_godkendelse", actor, titel="Afgørelse: godkendelsen er ophørt", tekst=afg.begrundelse,
         dato=dato, url=url)
    # The unit's approval ends by this decision (and by no other path): the register records which one.
    godkendelse_aendr(actor=actor, enhed=locked.enhed, status=Godkendelsesstatus.OPHOERT, dato=dato,
                      grundlag=afg.begrundelse, afgoerelse=afg)


def _issue_fornyelse(actor, locked, afg, dato, url, frister):
    paabud = Afgoerelse.objects.select_for_update().get(pk=afg.paabud_id)
    _run(locked, "forny_skaerpet", actor, titel=f"Skærpet tilsyn forlænget til og med {afg.skaerpet_til:%d.%m.%Y}",
         tekst=afg.begrundelse, dato=dato, url=url)
    frister_services.frister_fulfil_for(owner=afg.agterskrivelse, actor=actor, note="Afgørelse truffet.")
    Afgoerelse.objects.filter(pk=paabud.pk).update(skaerpet_til=afg.skaerpet_til)
    for frist in aabne_frister_for_owner(actor, paabud).filter(art="skaerpet_tilsyn"):
        frister_services.frist_extend(frist=frist, new_due=afg.skaerpet_til, reason=afg.begrundelse, actor=actor,
                                      today=dato, af_sagen=True)
    locked.afgoerelse_dato = dato
    locked.save(update_fields=["afgoerelse_dato", "opdateret"])


def _issue_fristforlaengelse(actor, locked, afg, dato, url, frister):
    paabud = Afgoerelse.objects.select_for_update().get(pk=afg.paabud_id)
    Afgoerelse.objects.filter(pk=paabud.pk).update(frist=afg.frist)
    for frist in aabne_frister_for_owner(actor, paabud).filter(art="paabud"):
        frister_services.frist_extend(frist=frist, new_due=afg.frist, reason=afg.begrundelse, actor=actor, today=dato,
                                      af_sagen=True)
    _log(locked, actor, f"Påbuddets frist forlænget fra {afg.tidligere_frist:%d.%m.%Y} til {afg.frist:%d.%m.%Y}",
         afg.begrundelse, dato=dato, url=url)


_ISSUE = {AfgoerelseArt.PAABUD: _issue_paabud, AfgoerelseArt.OPHOER: _issue_ophoer,
          AfgoerelseArt.FORNYELSE: _issue_fornyelse, AfgoerelseArt.FRISTFORLAENGELSE: _issue_fristforlaengelse}


# --- Closing and reopening ------------------------------------------------------------------------

def _handle_open_frister(locked: Dialogforloeb, actor, frister: str | None, reason: str, dato) -> None:
    """Closing with open frister asks what happens to them: cancel or mark them met."""
    if not aabne_frister_for_sag(actor, locked).exists():
        return
    if frister not in FRISTER_VALG:
        raise DomainError(AABNE_FRISTER_VALG, field="frister")
    if frister == "annuller":
        n = frister_services.frister_cancel_for(sag=locked, actor=actor, reason=reason)
        _log(locked, actor, f"{n} åbne frister annulleret", reason, dato=dato)
    else:
        n = frister_services.frister_fulfil_for(sag=locked, actor=actor, note=reason)
        _log(locked, actor, f"{n} åbne frister markeret som opfyldt", reason, dato=dato)


LUK = {
    Udfald.BEKYMRING_OPHOERT: ("afslut_bekymring_ophoert", "Angiv hvorfor bekymringen er ophørt."),
    Udfald.VARSLING_BORTFALDET: ("afslut_varsling_bortfaldet",
                                 "Beskriv konkret hvordan enheden vil rette op på forholdene."),
    Udfald.PAABUD_OPFYLDT: ("afslut_paabud_opfyldt", "Angiv dokumentationen for at påbuddet er opfyldt."),
}


def forloeb_close(*, actor: User, forloeb: Dialogforloeb, udfald: str, begrundelse: str, frister: str | None = None,
                  dato: dt.date | None = None) -> Dialogforloeb:
    """Close the forløb with an outcome. A lapsed varsling of a renewal does not close it: the påbud in force
    continues (the forløb returns to it)."""
    _require(actor, "dialogforloeb.change_dialogforloeb", forloeb, "Du kan ikke afslutte dette forløb.")
    if udfald not in LUK:
        raise DomainError("Vælg forløbets udfald.", field="udfald")
    name, mangler = LUK[udfald]
    if not (begrundelse or "").strip():
        raise DomainError(mangler, field="begrundelse")
    dato = _today(dato)
    with write(actor):
        locked = _lock(forloeb, dato)
        _check(locked, name)
        if guards.aabent_udkast(locked) is not None:
            raise DomainError("Der er et udkast til en afgørelse i forløbet. Opgiv det, før forløbet afsluttes.")
        fortsaetter = udfald == Udfald.VARSLING_BORTFALDET and guards.gaeldende_paabud(locked) is not None
        if udfald == Udfald.PAABUD_OPFYLDT:
            afg = guards.gaeldende_paabud(locked)
            if afg is not None:
                Afgoerelse.objects.filter(pk=afg.pk).update(opfyldt=dato)
                frister_services.frister_fulfil_for(owner=afg, actor=actor, note=begrundelse)
        if udfald == Udfald.VARSLING_BORTFALDET:
            agter = guards.seneste_sendte(locked)
            if agter is not None:
                frister_services.frister_fulfil_for(owner=agter, actor=actor, note="Varslingen er bortfaldet.")
        if fortsaetter:
            _run(locked, name, actor, titel="Varslingen af forlængelsen er bortfaldet", tekst=begrundelse, dato=dato)
            return locked
        _handle_open_frister(locked, actor, frister, f"Forløbet er afsluttet: {Udfald(udfald).label.lower()}.", dato)
        locked.udfald = udfald
        locked.udfald_begrundelse = begrundelse.strip()
        locked.afsluttet = dato
        _run(locked, name, actor, titel=f"Forløbet er afsluttet: {Udfald(udfald).label.lower()}", tekst=begrundelse,
             dato=dato)
    return locked


def forloeb_reopen(*, actor: User, forloeb: Dialogforloeb, begrundelse: str, dato: dt.date | None = None) -> Dialogforloeb:
    """A leader reopens a closed forløb: a new round begins, in which BEK § 9's dialog must be held anew."""
    # django-fsm does not check a transition's permission when it runs: the service does (first, so
    # someone without access learns nothing about the forløb's state).
    if not actor.has_perm("dialogforloeb.genaabn_dialogforloeb", forloeb):
        raise Forbidden("Kun en leder fra samme socialtilsyn kan genåbne et afsluttet forløb.")
    if forloeb.status != Status.AFSLUTTET:
        raise DomainError(" ".join(blocking_messages(forloeb, "genaabn")))
    if not (begrundelse or "").strip():
        raise DomainError("Angiv hvorfor forløbet genåbnes.", field="begrundelse")
    dato = _today(dato)
    with write(actor):
        locked = _lock(forloeb, dato)
        gammelt = locked.get_udfald_display()
        locked.udfald = ""
        locked.afsluttet = None
        locked.runde += 1
        locked.runde_start = dato
        _run(locked, "genaabn", actor, titel=f"Forløbet er genåbnet (runde {locked.runde})",
             tekst=f"Tidligere udfald: {gammelt}. {begrundelse}", dato=dato)
        _touch(locked, dato)
    return locked
