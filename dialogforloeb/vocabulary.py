"""The dialogforløb's vocabulary: every choice and constant that guards, services, selectors, forms,
templates (and the Praksis figures) share. No value of these enums is written as a literal elsewhere.

"Dialog" is defined here as data (audit 19.2, anbefaling 1: a shared understanding of dialog): each
activity type says whether it counts as dialog under BEK § 9, stk. 1, and why. The BEK § 9 guard, the
activity form's legend, the forløb page and the Praksis figures all read ``DIALOGDEFINITION``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    AABNET = "aabnet", "Åbnet"
    I_DIALOG = "i_dialog", "I dialog"
    VARSLING = "varsling", "Varsling under udarbejdelse"
    VARSLET = "varslet", "Varslet"
    PAABUD = "paabud", "Påbud udstedt"
    AFSLUTTET = "afsluttet", "Afsluttet"


# The step indicator (ui.md): Åbnet → I dialog → Varsling → Varslet → Afgørelse → Afsluttet.
TRIN = [
    (Status.AABNET, "Åbnet"), (Status.I_DIALOG, "I dialog"), (Status.VARSLING, "Varsling"),
    (Status.VARSLET, "Varslet"), (Status.PAABUD, "Afgørelse"), (Status.AFSLUTTET, "Afsluttet"),
]
AABNE_STATUSSER = [s for s in Status.values if s != Status.AFSLUTTET]


class Kilde(models.TextChoices):
    TILSYNSBESOEG = "tilsynsbesoeg", "Tilsynsbesøg"
    WHISTLEBLOWER = "whistleblower", "Whistleblower-henvendelse"
    MAGTANVENDELSE = "magtanvendelse", "Magtanvendelse"
    KOMMUNE = "kommune", "Kommune"
    PAAROERENDE = "paaroerende", "Pårørende"
    ANDET = "andet", "Andet"


class Alvor(models.TextChoices):
    LAV = "lav", "Lav"
    MIDDEL = "middel", "Middel"
    HOEJ = "hoej", "Høj"


class Udfald(models.TextChoices):
    BEKYMRING_OPHOERT = "bekymring_ophoert", "Bekymring ophørt"
    VARSLING_BORTFALDET = "varsling_bortfaldet", "Varsling bortfaldet"
    PAABUD_OPFYLDT = "paabud_opfyldt", "Påbud opfyldt"
    GODKENDELSE_OPHOERT = "godkendelse_ophoert", "Godkendelse ophørt"


class AktivitetArt(models.TextChoices):
    ORIENTERING_LEDELSE = "orientering", "Orientering af ledelsen"
    DIALOGMOEDE_AFKLARENDE = "dialogmoede_afklarende", "Afklarende dialogmøde"
    ANMODNING_REDEGOERELSE = "anmodning_redegoerelse", "Anmodning om redegørelse"
    REDEGOERELSE_MODTAGET = "redegoerelse_modtaget", "Redegørelse modtaget"
    SKRIFTLIG_KORRESPONDANCE = "korrespondance", "Skriftlig korrespondance besvaret af enheden"
    SKRIFTLIG_HENVENDELSE = "henvendelse", "Skriftlig henvendelse til enheden"
    EKSTRA_TILSYNSBESOEG = "ekstra_besoeg", "Ekstra (uanmeldt) tilsynsbesøg"
    UDVIKLINGSPUNKTER = "udviklingspunkter", "Udviklingspunkter i tilsynsrapport"
    DIALOGMOEDE_PAATAENKT = "dialogmoede_paataenkt", "Dialogmøde vedr. påtænkt afgørelse"
    HOERINGSSVAR = "hoeringssvar", "Høringssvar modtaget"


@dataclass(frozen=True)
class Dialogregel:
    """Whether an activity type is dialog under BEK § 9, stk. 1, and why (shown in the legend)."""

    dialog: bool
    hvorfor: str


# Dialog is two-way: the unit was told the nature of the concern and had a real chance to give its view.
DIALOGDEFINITION: dict[str, Dialogregel] = {
    AktivitetArt.ORIENTERING_LEDELSE: Dialogregel(
        False, "Envejs: ledelsen får besked om bekymringen, men har endnu ikke haft lejlighed til at svare."),
    AktivitetArt.DIALOGMOEDE_AFKLARENDE: Dialogregel(
        True, "Tovejs: et afholdt møde, hvor enheden hører om bekymringen og giver sin forklaring."),
    AktivitetArt.ANMODNING_REDEGOERELSE: Dialogregel(
        False, "Envejs: en anmodning er først dialog, når redegørelsen er modtaget."),
    AktivitetArt.REDEGOERELSE_MODTAGET: Dialogregel(
        True, "Tovejs: enheden har skriftligt givet sin redegørelse for forholdene."),
    AktivitetArt.SKRIFTLIG_KORRESPONDANCE: Dialogregel(
        True, "Tovejs: en skriftlig henvendelse om bekymringen, som enheden har besvaret."),
    AktivitetArt.SKRIFTLIG_HENVENDELSE: Dialogregel(
        False, "Envejs: en skriftlig henvendelse, som enheden (endnu) ikke har besvaret."),
    AktivitetArt.EKSTRA_TILSYNSBESOEG: Dialogregel(
        False, "Et besøg belyser forholdene, men er ikke i sig selv dialog om bekymringen."),
    AktivitetArt.UDVIKLINGSPUNKTER: Dialogregel(
        False, "Envejs: udviklingspunkter i en rapport giver ikke enheden lejlighed til at svare."),
    AktivitetArt.DIALOGMOEDE_PAATAENKT: Dialogregel(
        True, "Tovejs: et afholdt møde om den påtænkte afgørelse, hvor enheden giver sit syn."),
    AktivitetArt.HOERINGSSVAR: Dialogregel(
        False, "Partshøring efter forvaltningslovens § 19, ikke den forudgående dialog efter BEK § 9."),
}

# The activity types that count as dialog under BEK § 9, stk. 1 (derived from the definition above).
DIALOG_ARTER = tuple(art for art, regel in DIALOGDEFINITION.items() if regel.dialog)
DIALOGMOEDE_ARTER = (AktivitetArt.DIALOGMOEDE_AFKLARENDE, AktivitetArt.DIALOGMOEDE_PAATAENKT)


class Form(models.TextChoices):
    MOEDE = "moede", "Møde"
    TELEFON = "telefon", "Telefon"
    SKRIFTLIG = "skriftlig", "Skriftlig"


class Formaal(models.TextChoices):
    """The purpose of the dialog, planned when the forløb opens (audit 19.2, anbefaling 2)."""

    AFKLARE = "afklare", "Afklare om bekymringen er begrundet"
    PAATAENKT_AFGOERELSE = "paataenkt_afgoerelse", "Dialog med henblik på en påtænkt afgørelse"


class Dialogform(models.TextChoices):
    """The dialog form planned when the forløb opens."""

    MOEDE = "moede", "Dialogmøder"
    SKRIFTLIG = "skriftlig", "Skriftlig dialog"
    BLANDET = "blandet", "Møder og skriftlig dialog"


class Afgoerelsestype(models.TextChoices):
    """What an agterskrivelse announces (påtænkt afgørelse)."""

    PAABUD = "paabud", "Påbud"
    SKAERPET_TILSYN = "skaerpet_tilsyn", "Skærpet tilsyn med påbud"
    OPHOER = "ophoer", "Ophør af godkendelse"
    FORNYELSE = "fornyelse", "Forlængelse af skærpet tilsyn"


# Agterskrivelser that announce a påbud (with or without skærpet tilsyn).
PAABUD_VARSLINGER = (Afgoerelsestype.PAABUD, Afgoerelsestype.SKAERPET_TILSYN)
# Reactions that weigh heavily on the unit: a forløb of low severity that reaches them is flagged.
TUNGE_REAKTIONER = (Afgoerelsestype.SKAERPET_TILSYN, Afgoerelsestype.OPHOER, Afgoerelsestype.FORNYELSE)


class AfgoerelseArt(models.TextChoices):
    """The kinds of decision (afgørelse) a forløb can lead to."""

    PAABUD = "paabud", "Påbud"
    OPHOER = "ophoer", "Ophør af godkendelse"
    FORNYELSE = "fornyelse", "Forlængelse af skærpet tilsyn"
    FRISTFORLAENGELSE = "fristforlaengelse", "Forlængelse af påbuddets frist"


# Which decision an agterskrivelse's announcement leads to (FVL § 19: the decision is the one announced).
VARSLET_AFGOERELSE = {
    Afgoerelsestype.PAABUD: AfgoerelseArt.PAABUD,
    Afgoerelsestype.SKAERPET_TILSYN: AfgoerelseArt.PAABUD,
    Afgoerelsestype.OPHOER: AfgoerelseArt.OPHOER,
    Afgoerelsestype.FORNYELSE: AfgoerelseArt.FORNYELSE,
}


class UdkastStatus(models.TextChoices):
    """The life of a letter that needs four eyes: an agterskrivelse is sent, an afgørelse issued."""

    KLADDE = "kladde", "Kladde"
    TIL_GODKENDELSE = "til_godkendelse", "Til godkendelse"
    TILBAGESENDT = "tilbagesendt", "Sendt tilbage"
    GODKENDT = "godkendt", "Godkendt"
    SENDT = "sendt", "Sendt"
    UDSTEDT = "udstedt", "Udstedt"
    OPGIVET = "opgivet", "Opgivet"


AgterskrivelseStatus = UdkastStatus
AfgoerelseStatus = UdkastStatus

# A draft being written or approved: not yet sent/issued or abandoned.
UDKAST_AABNE = (UdkastStatus.KLADDE, UdkastStatus.TIL_GODKENDELSE, UdkastStatus.TILBAGESENDT, UdkastStatus.GODKENDT)
UDKAST_LUKKEDE = (UdkastStatus.SENDT, UdkastStatus.UDSTEDT, UdkastStatus.OPGIVET)
AGTER_AABNE = UDKAST_AABNE
AGTER_LUKKEDE = (UdkastStatus.SENDT, UdkastStatus.OPGIVET)

# The longest høringsfrist an agterskrivelse may give (model validators and service alike), the default
# shortest (each socialtilsyn may set its own, never below 1) and the length below which the form warns.
HOERINGSFRIST_MAKS_DAGE = 90
HOERINGSFRIST_MIN_DAGE = 7
HOERINGSFRIST_ANBEFALET_DAGE = 14
# Skærpet tilsyn is decided for at most this many months at a time (LOST § 8, stk. 1).
SKAERPET_MAKS_MAANEDER = 6
