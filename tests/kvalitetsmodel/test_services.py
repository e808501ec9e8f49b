from decimal import Decimal

import pytest

from kvalitetsmodel import selectors, services
from kvalitetsmodel.models import (
    Bedoemmelse,
    Kvalitetsflag,
    Kvalitetsmodel,
    Kvalitetsvurdering,
    VurderingStatus,
)
from tests import factories
from tests.kvalitetsmodel.factories import completed, fill, start
from tilsyn.errors import DomainError, Forbidden
from tilsyn.models import Tilbudstype

pytestmark = pytest.mark.django_db


def typer(*koder):
    return list(Tilbudstype.objects.filter(kode__in=koder))


def rows(vurdering):
    return {b.label: b for b in vurdering.bedoemmelser.select_related("indikator", "kriterium")}


def test_start_creates_a_row_per_indicator_with_ikke_relevant_from_the_types(konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    assert vurdering.model.version == "2017" and vurdering.status == VurderingStatus.KLADDE
    b = rows(vurdering)
    assert len(b) == 29
    # SEL § 108 (adults, residential): 2d is for children's units only; the rest applies.
    assert [label for label, row in b.items() if row.ikke_relevant] == ["Indikator 2d"]
    assert vurdering.temavurderinger.count() == 7 and vurdering.kriterievurderinger.count() == 11


@pytest.mark.parametrize(("koder", "ikke_relevante"), [
    (["SEL_110"], {"Indikator 2d", "Indikator 6a", "Indikator 6b", "Indikator 11c"}),
    (["SUL_141"], {"Indikator 2b", "Indikator 2d", "Indikator 6a", "Indikator 6b", "Indikator 11c"}),
    (["BL_43_6"], set()),
    # LOST § 6, stk. 3: no organisation (theme 5) for efterskoler and frie skoler.
    (["BL_43_7"], {"Indikator 8a", "Indikator 8b", "Indikator 8c", "Indikator 9a", "Indikator 9b", "Indikator 9c"}),
    # A unit with several types: excepted only when every one of its types is excepted.
    (["SEL_110", "SEL_107"], {"Indikator 2d"}),
])
def test_ikke_relevant_rules_follow_tilbudstyper(konsulent_hovedstaden, koder, ikke_relevante):
    enhed = factories.TilbudFactory(tilbudstyper=typer(*koder))
    b = rows(start(konsulent_hovedstaden, enhed))
    assert {label for label, row in b.items() if row.ikke_relevant} == ikke_relevante


def test_plejefamilie_uses_its_own_model_and_skips_removed_indicators(konsulent_hovedstaden, plejefamilie):
    vurdering = start(konsulent_hovedstaden, plejefamilie)
    assert vurdering.model.omraade == "plejefamilie"
    labels = set(rows(vurdering))
    assert len(labels) == 18 and "Indikator 2b" not in labels and "Indikator 2d" in labels


def test_means_leave_out_ikke_relevant_indicators(konsulent_hovedstaden):
    enhed = factories.TilbudFactory(tilbudstyper=typer("SEL_110"))
    vurdering = fill(start(konsulent_hovedstaden, enhed), 4, scores={
        "Indikator 4a": 5, "Indikator 4b": 2,  # kriterium 4 = 3,5
        "Indikator 5a": 1, "Indikator 5b": 2, "Indikator 5c": 2,  # kriterium 5 = 1,666…
        "Indikator 7a": 5,  # kriterium 7 = 5; kriterium 6 is not relevant for forsorgshjem
        "Indikator 11a": 3, "Indikator 11b": 4,  # 11c not relevant: 3,5
    })
    # An ikke-relevant row that somehow has a score must still be left out.
    Bedoemmelse.objects.filter(vurdering=vurdering, indikator__kriterium__nummer=6).update(score=1)
    skema = selectors.skema(vurdering)
    tema4 = next(t for t in skema.temaer if t.tema.nummer == 4)
    k = {r.kriterium.nummer: r for r in tema4.kriterier}
    assert k[4].score == Decimal("3.50")
    assert k[5].score == Decimal("1.67")
    assert k[6].score is None
    # theme = mean of criteria with a score: (3.5 + 1.6667 + 5) / 3 = 3.3889
    assert tema4.score == Decimal("3.39")
    tema7 = next(t for t in skema.temaer if t.tema.nummer == 7)
    assert tema7.score == Decimal("3.50")


def test_completing_with_a_missing_score_is_refused_naming_the_indicator(konsulent_hovedstaden, tilbud):
    vurdering = fill(start(konsulent_hovedstaden, tilbud), 4)
    Bedoemmelse.objects.filter(vurdering=vurdering, indikator__kriterium__nummer=4, indikator__bogstav="a").update(score=None)
    Bedoemmelse.objects.filter(vurdering=vurdering, indikator__kriterium__nummer=9, indikator__bogstav="c").update(begrundelse="")
    with pytest.raises(DomainError) as exc:
        services.vurdering_afslut(actor=konsulent_hovedstaden, vurdering=vurdering)
    assert "Vurderingen kan ikke afsluttes" in exc.value.message
    assert "Indikator 4a (score)" in exc.value.message
    assert "Indikator 9c (begrundelse)" in exc.value.message
    vurdering.refresh_from_db()
    assert vurdering.status == VurderingStatus.KLADDE and vurdering.afsluttet is None
    assert not vurdering.temavurderinger.exclude(score=None).exists()
    assert not Kvalitetsflag.objects.exists()


def test_no_text_needed_where_nothing_applies(konsulent_hovedstaden):
    enhed = factories.TilbudFactory(tilbudstyper=typer("BL_43_7"))
    missing = selectors.skema(start(konsulent_hovedstaden, enhed)).mangler()
    assert "Tema 5 Organisation og ledelse (skriftlig vurdering)" not in missing
    assert "Kriterium 8 (skriftlig vurdering)" not in missing
    assert "Tema 4 Sundhed og trivsel (skriftlig vurdering)" in missing


def test_missing_texts_and_economy_are_named(konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    missing = selectors.skema(vurdering).mangler()
    assert "Indikator 1a (score, begrundelse, datakilder)" in missing
    assert "Indikator 2d (score, begrundelse, datakilder)" not in missing  # ikke relevant
    assert "Kriterium 1 (skriftlig vurdering)" in missing
    assert "Tema 7 Fysiske rammer (skriftlig vurdering)" in missing
    assert "Økonomi (de tre spørgsmål)" in missing and "Samlet vurdering" in missing


def test_complete_locks_snapshots_scores_and_refuses_edits(konsulent_hovedstaden, tilbud):
    vurdering = completed(konsulent_hovedstaden, tilbud, 4, scores={"Indikator 1a": 2})
    assert vurdering.status == VurderingStatus.AFSLUTTET and vurdering.afsluttet_af == konsulent_hovedstaden
    tema1 = vurdering.temavurderinger.get(tema__nummer=1)
    assert tema1.score == Decimal("3.33")
    b = vurdering.bedoemmelser.first()
    with pytest.raises(DomainError, match="afsluttet og kan ikke ændres"):
        services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=b, score=1)
    b.refresh_from_db()
    assert b.score != 1
    with pytest.raises(DomainError):
        services.vurdering_update(actor=konsulent_hovedstaden, vurdering=vurdering, data={"samlet_vurdering": "x"})


def test_flags_low_scores_and_drops_and_suggests_risk_reassessment(konsulent_hovedstaden, tilbud, monkeypatch):
    import datetime as dt

    calls = []
    monkeypatch.setattr("kvalitetsmodel.services._revurdering", lambda enhed, grund: calls.append((enhed.pk, grund)))
    first = completed(konsulent_hovedstaden, tilbud, 4, dato=dt.date(2025, 5, 1))
    assert not first.flag.exists() and calls == []
    low = {f"Indikator 11{x}": 2 for x in "abc"} | {f"Indikator 5{x}": 1 for x in "abc"}
    second = completed(konsulent_hovedstaden, tilbud, 4, dato=dt.date(2026, 5, 1), scores=low)
    texts = {f.tekst for f in second.flag.all()}
    assert "Tema 7: Fysiske rammer: score 2,00 (2 eller derunder)" in texts
    assert "Kriterium 5: score 1,00 (2 eller derunder)" in texts
    assert "Tema 7: Fysiske rammer: faldet 2,00 point til 2,00" in texts
    assert "Kriterium 5: faldet 3,00 point til 1,00" in texts
    # Tema 4 fell from 4 to 3.25: less than 1.5, not flagged as a drop.
    assert not any(t.startswith("Tema 4") for t in texts)
    assert calls and calls[0][0] == tilbud.pk and "flag" in calls[0][1]
    # Scores never decide: no colour is set.
    tilbud.refresh_from_db()
    assert tilbud.risikokategori == ""


def test_godkendelse_uses_expected_to_meet_and_refuses_scores(konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud, art="godkendelse")
    b = vurdering.bedoemmelser.exclude(ikke_relevant=True).first()
    with pytest.raises(DomainError, match="En godkendelse scores ikke"):
        services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=b, score=3)
    services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=b, forventes_opfyldt=False)
    fill(vurdering)
    done = services.vurdering_afslut(actor=konsulent_hovedstaden, vurdering=vurdering)
    assert done.status == "afsluttet" and not done.flag.exists()


def test_ikke_relevant_indicator_cannot_be_scored(konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    b = vurdering.bedoemmelser.get(ikke_relevant=True)
    with pytest.raises(DomainError, match="ikke relevant"):
        services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=b, score=4)
    b.refresh_from_db()
    assert b.score is None


@pytest.mark.parametrize("score", [0, 6, "4"])
def test_score_outside_scale_is_refused(konsulent_hovedstaden, tilbud, score):
    b = start(konsulent_hovedstaden, tilbud).bedoemmelser.exclude(ikke_relevant=True).first()
    with pytest.raises(DomainError, match="fra 1 til 5"):
        services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=b, score=score)


def test_roles_and_socialtilsyn_are_enforced(konsulent_syd, jurist_hovedstaden, leder_hovedstaden, tilbud):
    with pytest.raises(Forbidden):
        services.vurdering_start(actor=jurist_hovedstaden, enhed=tilbud)
    with pytest.raises(Forbidden):
        services.vurdering_start(actor=konsulent_syd, enhed=tilbud)
    assert not Kvalitetsvurdering.objects.exists()
    vurdering = start(factories.konsulent("hovedstaden"), tilbud)
    b = vurdering.bedoemmelser.first()
    with pytest.raises(Forbidden):
        services.bedoemmelse_save(actor=konsulent_syd, bedoemmelse=b, begrundelse="x")
    with pytest.raises(Forbidden):
        services.bedoemmelse_save(actor=leder_hovedstaden, bedoemmelse=b, begrundelse="x")


def test_correction_is_a_new_version_with_reason_and_replaces_when_completed(konsulent_hovedstaden, tilbud):
    original = completed(konsulent_hovedstaden, tilbud, 4)
    with pytest.raises(DomainError, match="hvorfor"):
        services.vurdering_ret(actor=konsulent_hovedstaden, vurdering=original, grund="  ")
    ny = services.vurdering_ret(actor=konsulent_hovedstaden, vurdering=original, grund="Forkert score på 4a.")
    assert ny.version == 2 and ny.retter == original and ny.status == "kladde"
    assert ny.bedoemmelser.count() == original.bedoemmelser.count()
    assert ny.temavurderinger.get(tema__nummer=1).tekst == original.temavurderinger.get(tema__nummer=1).tekst
    with pytest.raises(DomainError, match="allerede en rettelse"):
        services.vurdering_ret(actor=konsulent_hovedstaden, vurdering=original, grund="igen")
    original.refresh_from_db()
    assert not original.erstattet  # still the valid one until the correction is completed
    b = ny.bedoemmelser.get(indikator__kriterium__nummer=4, indikator__bogstav="a")
    services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=b, score=3)
    services.vurdering_afslut(actor=konsulent_hovedstaden, vurdering=ny)
    original.refresh_from_db()
    assert original.erstattet and original.status == "afsluttet"
    assert original.bedoemmelser.get(indikator__kriterium__nummer=4, indikator__bogstav="a").score == 4
    assert selectors.seneste_afsluttede(konsulent_hovedstaden, tilbud) == ny
    # The correction compares with what came before the original, not with the original itself.
    assert selectors.forrige(ny) is None


def test_l200_model_without_criteria_cannot_be_used(konsulent_hovedstaden, tilbud):
    l200 = Kvalitetsmodel.objects.get(omraade="tilbud", version="L200")
    with pytest.raises(DomainError, match="ingen kriterier"):
        services.vurdering_start(actor=konsulent_hovedstaden, enhed=tilbud, model=l200)
    pleje = Kvalitetsmodel.objects.get(omraade="plejefamilie", version="2017")
    with pytest.raises(DomainError, match="passer ikke"):
        services.vurdering_start(actor=konsulent_hovedstaden, enhed=tilbud, model=pleje)


def test_l200_model_is_assessed_at_criterion_level(konsulent_hovedstaden, tilbud):
    from kvalitetsmodel.loader import load_data

    load_data({"modeller": [{"omraade": "tilbud", "version": "L200", "temaer": [
        {"nummer": n, "navn": "x", "kriterier": [{"nummer": n, "tekst": f"Kriterium nr. {n}"}]} for n in range(1, 7)
    ]}]})
    l200 = Kvalitetsmodel.objects.get(omraade="tilbud", version="L200")
    vurdering = services.vurdering_start(actor=konsulent_hovedstaden, enhed=tilbud, model=l200)
    labels = sorted(b.label for b in vurdering.bedoemmelser.select_related("kriterium", "indikator"))
    assert labels == [f"Kriterium {n}" for n in range(1, 7)]
    fill(vurdering, 3)
    done = services.vurdering_afslut(actor=konsulent_hovedstaden, vurdering=vurdering)
    assert done.temavurderinger.get(tema__navn="Økonomi").score == Decimal("3.00")
    assert done.model.version == "L200"


def test_start_from_visit_copies_its_data_sources(konsulent_hovedstaden, tilbud):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, datakilder=["ledelse", "medarbejdere"])
    vurdering = start(konsulent_hovedstaden, tilbud, besoeg=besoeg)
    assert vurdering.dato == besoeg.dato
    kilder = list(vurdering.bedoemmelser.values_list("datakilder", flat=True))
    assert len(kilder) == 29 and all(d == ["ledelse", "medarbejdere"] for d in kilder)
    other = factories.TilsynsbesoegFactory()
    with pytest.raises(DomainError, match="hører ikke til"):
        start(konsulent_hovedstaden, tilbud, besoeg=other)
