"""Personal data in quality assessments (persondata/registry.py): every view of an assessment is
logged; the assessments of a ceased plejefamilie lose their free text after the retention period
(scores, dates and states stay for the statistics)."""

from persondata.registry import anonymiser, blank, log_views, not_yet_anonymised, record

from .models import Bedoemmelse, KriterieVurdering, Kvalitetsvurdering, TemaVurdering

log_views("kvalitetsmodel.Kvalitetsvurdering", "kvalitetsmodel:detail", "kvalitetsmodel:udfyld")


@anonymiser("kvalitetsvurdering")
def anonymise_vurderinger(*, cutoff):
    from tilsyn.persondata import lukkede_plejefamilier

    ids = list(not_yet_anonymised(Kvalitetsvurdering.objects.filter(enhed__in=lukkede_plejefamilier(cutoff)))
               .values_list("pk", flat=True))
    blank(Kvalitetsvurdering, ids, {"samlet_vurdering": "", "udviklingspunkter": "", "opmaerksomhedspunkter": "",
                                    "oekonomi_tekst": "", "rettelse_grund": ""})
    blank(Bedoemmelse, ids, {"begrundelse": ""}, fk="vurdering")
    blank(KriterieVurdering, ids, {"tekst": ""}, fk="vurdering")
    blank(TemaVurdering, ids, {"tekst": ""}, fk="vurdering")
    return record(Kvalitetsvurdering, ids, "kvalitetsvurdering")
