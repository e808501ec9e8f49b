"""Personal data in the register (persondata/registry.py): a plejefamilie is a family's home and
names, so every view of one is logged, and a ceased family is anonymised after the retention period."""

from persondata.registry import anonymiser, blank, log_views, not_yet_anonymised, record

from .models import Godkendelsesstatus, Plejefamilie, Tilsynsbesoeg

log_views("tilsyn.Plejefamilie", "plejefamilie_detail", "plejefamilie_tab", "plejefamilie_edit")

# A plejefamilie's case is closed when its approval has ceased; the date is when it ceased.
LUKKET = (Godkendelsesstatus.OPHOERT, Godkendelsesstatus.BORTFALDET)
ANONYM = "Anonymiseret"


def lukkede_plejefamilier(cutoff):
    """Plejefamilier whose approval ceased before ``cutoff`` (one rule for every app's anonymiser)."""
    return Plejefamilie.objects.filter(godkendelsesstatus__in=LUKKET, ophoert_dato__lt=cutoff)


@anonymiser("plejefamilie")
def anonymise_plejefamilier(*, cutoff):
    """Names and address go; type, kommune, postnummer, dates, status and numbers stay."""
    ids = list(not_yet_anonymised(lukkede_plejefamilier(cutoff)).values_list("pk", flat=True))
    blank(Plejefamilie, ids, {"navn": f"{ANONYM} plejefamilie", "adresse": "", "plejeforaelder_1": ANONYM,
                              "plejeforaelder_2": ""})
    besoeg = list(Tilsynsbesoeg.objects.filter(enhed_id__in=ids).values_list("pk", flat=True))
    blank(Tilsynsbesoeg, besoeg, {"noter": ""})
    return record(Plejefamilie, ids, "plejefamilie")
