"""Personal data in dialogforløb (persondata/registry.py).

This belongs in dialogforloeb/persondata.py; it is kept here only while dialogforloeb/ is being
rewritten, written against the fields as they are now. Move it there (autodiscovered) and adjust
the field lists to the new models.
"""

from dialogforloeb.models import Afgoerelse, Agterskrivelse, Aktivitet, Dialogforloeb, Haendelse
from dialogforloeb.vocabulary import Status
from persondata.registry import anonymiser, blank, log_views, not_yet_anonymised, record

log_views("dialogforloeb.Dialogforloeb", "dialogforloeb:detail")
log_views("dialogforloeb.Agterskrivelse", "dialogforloeb:agterskrivelse")
log_views("dialogforloeb.Afgoerelse", "dialogforloeb:afgoerelse")
# The four-eyes pages' draft letter (PDF and HTML preview) of either kind.
log_views({"agterskrivelse": "dialogforloeb.Agterskrivelse", "afgoerelse": "dialogforloeb.Afgoerelse"},
          "dialogforloeb:udkast_pdf", "dialogforloeb:udkast_html", by="kind")

ANONYM = "Anonymiseret."


@anonymiser("dialogforloeb")
def anonymise_dialogforloeb(*, cutoff):
    """A forløb closed before ``cutoff`` keeps its states, dates, kind, severity, outcome and
    letters' dates; its descriptions, minutes, participants and reasons are blanked."""
    ids = list(not_yet_anonymised(Dialogforloeb.objects.filter(status=Status.AFSLUTTET, afsluttet__lt=cutoff))
               .values_list("pk", flat=True))
    blank(Dialogforloeb, ids, {"beskrivelse": ANONYM, "udfald_begrundelse": ""})
    blank(Aktivitet, ids, {"referat": "", "deltagere": ""}, fk="forloeb")
    blank(Agterskrivelse, ids, {"sagsfremstilling": ANONYM, "begrundelse": ANONYM, "kommentar": "",
                                "tilbagesendt_tekst": {}}, fk="forloeb")
    blank(Afgoerelse, ids, {"tekst": "", "opfyldelseskriterium": "", "begrundelse": ANONYM, "kommentar": "",
                            "tilbagesendt_tekst": {}}, fk="forloeb")
    blank(Haendelse, ids, {"tekst": ""}, fk="forloeb")
    return record(Dialogforloeb, ids, "dialogforloeb")
