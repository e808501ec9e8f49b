"""The legal guards of the dialogforløb: each a small named condition on a transition.

Every guard's docstring cites the rule, and its ``message`` is the Danish refusal shown to the user
(on the disabled button and in the service's DomainError). Guards read related rows; they never write.
The transitions live on the models (``models.py``); the services run them with the row locked.

A guard that depends on the day of the action reads ``handlingsdato(obj)``: the date the service is
acting on (set by the service from its explicit ``dato``), else today.
"""

from __future__ import annotations

import calendar
import datetime as dt

from tilsyn import dates

from .vocabulary import (
    AGTER_AABNE,
    DIALOG_ARTER,
    PAABUD_VARSLINGER,
    SKAERPET_MAKS_MAANEDER,
    UDKAST_AABNE,
    AfgoerelseArt,
    Afgoerelsestype,
    Status,
    UdkastStatus,
)


def guard(message: str):
    def decorate(fn):
        fn.message = message
        return fn

    return decorate


def handlingsdato(obj):
    """The day the current action happens on (the service sets it; pages ask about today)."""
    return getattr(obj, "handlingsdato", None) or dates.today()


def add_months(d, months: int):
    """``d`` plus whole months, clamped to the month's last day (31.01 + 1 month = 28/29.02)."""
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def skaerpet_senest_til(fra):
    """LOST § 8, stk. 1: skærpet tilsyn for at most 6 months: to and including fra + 6 months − 1 day."""
    return add_months(fra, SKAERPET_MAKS_MAANEDER) - dt.timedelta(days=1)


# --- Reads the guards share -----------------------------------------------------------------------

def seneste_sendte(forloeb):
    """The most recently sent agterskrivelse, or None."""
    return forloeb.agterskrivelser.filter(status=UdkastStatus.SENDT).order_by("-sendt", "-pk").first()


def afventer_hoeringssvar(forloeb):
    """The sent agterskrivelse whose høringssvar can be logged now, or None."""
    if forloeb.status != Status.VARSLET:
        return None
    agter = seneste_sendte(forloeb)
    return agter if agter is not None and agter.hoeringssvar is None else None


def aaben_kladde(forloeb):
    """The agterskrivelse being drafted or approved (not yet sent or abandoned), or None."""
    return forloeb.agterskrivelser.filter(status__in=AGTER_AABNE).first()


def aabent_udkast(forloeb, arter=None):
    """The afgørelse being drafted or approved in the forløb (of one of ``arter``), or None."""
    qs = forloeb.afgoerelser.filter(status__in=UDKAST_AABNE)
    if arter is not None:
        qs = qs.filter(art__in=arter)
    return qs.order_by("-pk").first()


def gaeldende_paabud(forloeb):
    """The issued påbud that is not yet met (the one a renewal or a frist extension concerns), or None."""
    return (forloeb.afgoerelser.filter(art=AfgoerelseArt.PAABUD, status=UdkastStatus.UDSTEDT, opfyldt__isnull=True)
            .order_by("-udstedt", "-pk").first())


def dialog_grundlag(agter):
    """The dialog activities the agterskrivelse rests on that count under BEK § 9, stk. 1: dialog (two-way)
    in the forløb's current round, in which the unit was told the nature of the concern, held no later
    than the agterskrivelse was sent (or, for a draft, than the day of the action)."""
    senest = agter.sendt or handlingsdato(agter.forloeb)
    return agter.dialog_aktiviteter.filter(art__in=DIALOG_ARTER, oplyst_bekymring=True, runde=agter.forloeb.runde,
                                           dato__lte=senest)


def gaeldende_hoeringsfrist(agter):
    """The høringsfrist in force. It lives on the agterskrivelse; an extension moves it there and on the
    frist row together (``services.hoeringsfrist_extend``), so there is one date."""
    return agter.hoeringsfrist


# --- Forløb transitions ---------------------------------------------------------------------------

BEK9 = ("Påbud kræver forudgående dialog med tilbuddet om forholdene (bekendtgørelsens § 9, stk. 1). "
        "Agterskrivelsen skal bygge på mindst én dialogaktivitet i forløbets nuværende runde før afsendelsen "
        "(fx et afholdt dialogmøde, en modtaget redegørelse eller besvaret korrespondance), hvor enheden er "
        "oplyst om bekymringens karakter.")


@guard(BEK9)
def forudgaaende_dialog(forloeb) -> bool:
    """BEK om socialtilsyn § 9, stk. 1: påbud and skærpet tilsyn only after prior dialogue with the unit
    about the matters behind them. Dialog is defined as data (vocabulary.DIALOGDEFINITION: two-way); it
    must lie in the current round (after the latest reopening), before the agterskrivelse was sent, and
    be among the activities the agterskrivelse names as its basis (the matters the decision rests on)."""
    agter = seneste_sendte(forloeb)
    return agter is not None and dialog_grundlag(agter).exists()


@guard(BEK9)
def dialog_foer_varsling(forloeb) -> bool:
    """BEK § 9, stk. 1 at the moment of sending: an agterskrivelse announcing a påbud (or skærpet tilsyn)
    is sent only when the dialog it rests on has taken place (a påbud could never follow otherwise)."""
    agter = aaben_kladde(forloeb)
    if agter is None or agter.paataenkt not in PAABUD_VARSLINGER:
        return True
    return dialog_grundlag(agter).exists()


@guard("Der er ikke sendt en agterskrivelse, som varsler afgørelsen (forvaltningslovens § 19, partshøring).")
def varsling_sendt(forloeb) -> bool:
    """FVL § 19: the party is heard before a decision to its disadvantage. A sent, approved agterskrivelse
    that no issued decision has yet been based on must exist."""
    agter = seneste_sendte(forloeb)
    return agter is not None and not agter.afgoerelser.filter(status=UdkastStatus.UDSTEDT).exists()


@guard("Høringsfristen er ikke udløbet, og der er ikke modtaget høringssvar (forvaltningslovens § 19).")
def hoering_afsluttet(forloeb) -> bool:
    """FVL § 19: decide only when the høringsfrist has passed or the høringssvar has been received."""
    agter = seneste_sendte(forloeb)
    if agter is None:
        return False
    if agter.hoeringssvar is not None:
        return True
    return gaeldende_hoeringsfrist(agter) < handlingsdato(forloeb)


@guard("Den sendte agterskrivelse varsler ikke påbud. Afgørelsen skal være den, der er varslet "
       "(forvaltningslovens § 19).")
def varslet_paabud(forloeb) -> bool:
    """FVL § 19: the decision taken must be the one announced. Påbud (with or without skærpet tilsyn)
    requires an agterskrivelse announcing påbud or skærpet tilsyn med påbud."""
    agter = seneste_sendte(forloeb)
    return agter is not None and agter.paataenkt in PAABUD_VARSLINGER


@guard("Den sendte agterskrivelse varsler ikke ophør af godkendelsen. Afgørelsen skal være den, der er "
       "varslet (forvaltningslovens § 19).")
def varslet_ophoer(forloeb) -> bool:
    """FVL § 19 and LOST § 5, stk. 6: ophør af godkendelse only when that decision was announced."""
    agter = seneste_sendte(forloeb)
    return agter is not None and agter.paataenkt == Afgoerelsestype.OPHOER


@guard("Den sendte agterskrivelse varsler ikke en forlængelse af det skærpede tilsyn. En forlængelse er en ny "
       "afgørelse, som skal varsles (forvaltningslovens § 19).")
def varslet_fornyelse(forloeb) -> bool:
    """FVL § 19: renewing skærpet tilsyn is a new decision to the unit's disadvantage: it must be announced
    in an agterskrivelse of its own."""
    agter = seneste_sendte(forloeb)
    return agter is not None and agter.paataenkt == Afgoerelsestype.FORNYELSE


@guard("Agterskrivelsen skal være godkendt af en jurist fra samme socialtilsyn, som ikke er forfatteren, "
       "og teksten må ikke være ændret efter godkendelsen.")
def agterskrivelse_godkendt(forloeb) -> bool:
    """Four eyes (organisational practice, domain.md §10): the exact text is approved by a jurist of the
    same socialtilsyn who neither wrote nor changed it; a change after approval voids the approval."""
    agter = aaben_kladde(forloeb)
    return agter is not None and godkendelse_gyldig(agter)


@guard("Afgørelsen skal være godkendt af en jurist fra samme socialtilsyn, som hverken har skrevet eller ændret "
       "den, og teksten må ikke være ændret efter godkendelsen.")
def afgoerelse_godkendt(forloeb) -> bool:
    """Four eyes on decisions: påbud, skærpet tilsyn and its renewal, and ophør are drafted, approved by a
    jurist of the same socialtilsyn who did not write or change the draft, and only then issued."""
    udkast = aabent_udkast(forloeb, [AfgoerelseArt.PAABUD, AfgoerelseArt.OPHOER, AfgoerelseArt.FORNYELSE])
    return udkast is not None and godkendelse_gyldig(udkast)


@guard("Der er intet skærpet tilsyn i forløbet at forlænge.")
def har_skaerpet_tilsyn(forloeb) -> bool:
    """A renewal continues a period of skærpet tilsyn that an issued, unmet påbud carries."""
    paabud = gaeldende_paabud(forloeb)
    return paabud is not None and paabud.skaerpet_til is not None


@guard("Skærpet tilsyn kan først forlænges i den nuværende periodes sidste måned og senest på periodens "
       "sidste dag (LOST § 8, stk. 1).")
def fornyelse_rettidig(forloeb) -> bool:
    """LOST § 8, stk. 1: skærpet tilsyn runs for at most 6 months at a time. A renewal continues the
    current period: it is decided in the period's last month, not earlier, and not after it has ended."""
    paabud = gaeldende_paabud(forloeb)
    if paabud is None or paabud.skaerpet_til is None:
        return False
    dag = handlingsdato(forloeb)
    return add_months(paabud.skaerpet_til, -1) < dag <= paabud.skaerpet_til


@guard("Der er allerede en agterskrivelse under udarbejdelse i forløbet.")
def ingen_aaben_kladde(forloeb) -> bool:
    """One agterskrivelse at a time: a new draft only when no other is being drafted or approved."""
    return aaben_kladde(forloeb) is None


# --- Drafts that need four eyes (Agterskrivelse and Afgørelse) ------------------------------------

@guard("Godkendelsen gælder ikke: teksten skal være godkendt af en jurist fra samme socialtilsyn, som hverken "
       "har skrevet eller ændret den, og må ikke være ændret siden.")
def godkendelse_gyldig(udkast) -> bool:
    """Four eyes: the draft is approved, the approved text is the text now, and the approver is a jurist of
    the unit's socialtilsyn who neither wrote nor changed it."""
    if udkast.status != UdkastStatus.GODKENDT or udkast.godkendt_af_id is None:
        return False
    if udkast.godkendt_hash != udkast.tekst_hash():
        return False
    jurist = udkast.godkendt_af
    return (jurist.is_jurist and jurist.pk != udkast.forfatter_id and jurist.pk not in udkast.medforfattere
            and jurist.socialtilsyn_id == udkast.forloeb.enhed.socialtilsyn_id)


def egen_godkendelse(udkast) -> str:
    return f"Du kan ikke godkende din egen {udkast.NAVN}. Den skal godkendes af en anden jurist (fire øjne)."


def medforfatter_godkendelse(udkast) -> str:
    return (f"Du har selv ændret i {udkast.BESTEMT}s tekst og kan derfor ikke godkende den. Den skal godkendes af "
            "en anden jurist (fire øjne).")


def godkender_afvisning(actor, udkast) -> str | None:
    """Why ``actor`` may not approve the draft now (None if they may): four eyes, the actor's side.
    The one rule for the service and for the page that shows the button."""
    if not (actor.is_jurist and actor.socialtilsyn_id == udkast.forloeb.enhed.socialtilsyn_id):
        return f"Kun en jurist fra samme socialtilsyn kan godkende {udkast.BESTEMT}."
    if actor.pk == udkast.forfatter_id:
        return egen_godkendelse(udkast)
    if actor.pk in udkast.medforfattere:
        return medforfatter_godkendelse(udkast)
    if udkast.status != UdkastStatus.TIL_GODKENDELSE:
        return f"{udkast.BESTEMT.capitalize()} er {udkast.get_status_display().lower()} og kan ikke godkendes nu."
    return None


def er_fire_oejne_afvisning(actor, udkast) -> bool:
    """The refusal is four eyes (the author or a co-author): the page shows the button disabled with it."""
    return actor.pk == udkast.forfatter_id or actor.pk in udkast.medforfattere


@guard("Afgørelsen skal godkendes af en jurist fra samme socialtilsyn (fire øjne), før den kan udstedes.")
def uden_jurist_tilladt(udkast) -> bool:
    """A socialtilsyn may turn four eyes off for påbud-frist extensions only (a decision in the unit's
    favour, on its own request); every other decision needs a jurist's approval."""
    if udkast.art != AfgoerelseArt.FRISTFORLAENGELSE:
        return False
    # The reverse one-to-one raises an AttributeError subclass when the row is missing: defaults apply.
    cfg = getattr(udkast.forloeb.enhed.socialtilsyn, "dialog_indstillinger", None)
    return cfg is not None and not cfg.fire_oejne_fristforlaengelse
