"""The legal guards of the dialogforløb: each a small named condition on a transition.

Every guard's docstring cites the rule, and its ``message`` is the Danish refusal shown to the user
(on the disabled button and in the service's DomainError). Guards read related rows; they never write.
"""

from __future__ import annotations

from django.utils import timezone

from .vocabulary import AGTER_AABNE, DIALOG_ARTER, PAABUD_VARSLINGER, Afgoerelsestype, AgterskrivelseStatus, Status


def guard(message: str):
    def decorate(fn):
        fn.message = message
        return fn

    return decorate


def seneste_sendte(forloeb):
    """The most recently sent agterskrivelse, or None."""
    return forloeb.agterskrivelser.filter(status=AgterskrivelseStatus.SENDT).order_by("-sendt", "-pk").first()


def afventer_hoeringssvar(forloeb):
    """The sent agterskrivelse whose høringssvar can be logged now, or None."""
    if forloeb.status != Status.VARSLET:
        return None
    agter = seneste_sendte(forloeb)
    return agter if agter is not None and agter.hoeringssvar is None else None


def aaben_kladde(forloeb):
    """The agterskrivelse being drafted or approved (not yet sent or abandoned), or None."""
    return forloeb.agterskrivelser.filter(status__in=AGTER_AABNE).first()


@guard("Påbud kræver forudgående dialog med tilbuddet om forholdene (bekendtgørelsens § 9, stk. 1). "
       "Registrér en dialogaktivitet, hvor enheden er oplyst om bekymringens karakter.")
def forudgaaende_dialog(forloeb) -> bool:
    """BEK om socialtilsyn § 9, stk. 1: påbud and skærpet tilsyn only after prior dialogue with the unit
    about the matters behind them. Here: a dialogue activity in which the unit was told the nature of
    the concern (audit 19.2's transparency (a))."""
    return forloeb.aktiviteter.filter(art__in=DIALOG_ARTER, oplyst_bekymring=True).exists()


@guard("Der er ikke sendt en agterskrivelse, som varsler afgørelsen (forvaltningslovens § 19, partshøring).")
def varsling_sendt(forloeb) -> bool:
    """FVL § 19: the party is heard before a decision to its disadvantage. A sent, approved agterskrivelse
    that no decision has yet been based on must exist."""
    agter = seneste_sendte(forloeb)
    return agter is not None and not agter.afgoerelser.exists()


@guard("Høringsfristen er ikke udløbet, og der er ikke modtaget høringssvar (forvaltningslovens § 19).")
def hoering_afsluttet(forloeb) -> bool:
    """FVL § 19: decide only when the høringsfrist has passed or the høringssvar has been received.
    The frist row is the truth once it exists: an extension granted on it (frister app) moves the end
    of the hearing too, so the later of the two dates counts."""
    agter = seneste_sendte(forloeb)
    if agter is None:
        return False
    if agter.hoeringssvar is not None:
        return True
    return gaeldende_hoeringsfrist(agter) < timezone.localdate()


def gaeldende_hoeringsfrist(agter):
    """The høringsfrist in force: the agterskrivelse's date or, if later, its extended frist row."""
    from django.contrib.contenttypes.models import ContentType

    from frister.models import Frist

    extended = (
        Frist.objects.filter(owner_ct=ContentType.objects.get_for_model(agter), owner_id=agter.pk, art="hoering")
        .order_by("-frist").values_list("frist", flat=True).first()
    )
    return max(agter.hoeringsfrist, extended) if extended else agter.hoeringsfrist


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


@guard("Agterskrivelsen skal være godkendt af en jurist fra samme socialtilsyn, som ikke er forfatteren, "
       "og teksten må ikke være ændret efter godkendelsen.")
def agterskrivelse_godkendt(forloeb) -> bool:
    """Four eyes (organisational practice, domain.md §10): the exact text is approved by a jurist of the
    same socialtilsyn who neither wrote nor changed it; a change after approval voids the approval."""
    agter = aaben_kladde(forloeb)
    if agter is None or not agter.godkendelse_gyldig or agter.godkendt_af_id is None:
        return False
    jurist = agter.godkendt_af
    return (jurist.is_jurist and jurist.pk != agter.forfatter_id and jurist.pk not in agter.medforfattere
            and jurist.socialtilsyn_id == forloeb.enhed.socialtilsyn_id)


@guard("Der er allerede en agterskrivelse under udarbejdelse i forløbet.")
def ingen_aaben_kladde(forloeb) -> bool:
    """One agterskrivelse at a time: a new draft only when no other is being drafted or approved."""
    return aaben_kladde(forloeb) is None
