"""Notifications and their e-mails name the unit they concern: those about a ceased plejefamilie
are anonymised with it (persondata/registry.py)."""

from persondata.registry import anonymiser, blank, not_yet_anonymised, record

from .models import Email, Notifikation


@anonymiser("notifikation")
def anonymise_notifikationer(*, cutoff):
    from tilsyn.persondata import ANONYM, lukkede_plejefamilier

    ids = list(not_yet_anonymised(Notifikation.objects.filter(frist__enhed__in=lukkede_plejefamilier(cutoff)))
               .values_list("pk", flat=True))
    blank(Notifikation, ids, {"titel": f"{ANONYM} notifikation", "tekst": ""})
    blank(Email, ids, {"emne": f"{ANONYM} notifikation", "tekst": ""}, fk="notifikation")
    return record(Notifikation, ids, "notifikation")
