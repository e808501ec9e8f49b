import json

import pytest
from django.core.management import call_command

from kvalitetsmodel.loader import DEFAULT_FILE, load_data, load_file, read
from kvalitetsmodel.models import Indikator, Kriterium, Kvalitetsmodel, Tema

pytestmark = pytest.mark.django_db

EXPECTED = {
    # (område, version): (temaer, kriterier, indikatorer incl. udgåede)
    ("tilbud", "2017"): (7, 11, 29),
    ("plejefamilie", "2017"): (7, 10, 20),
    ("tilbud", "L200"): (6, 0, 0),
    ("plejefamilie", "L200"): (6, 0, 0),
}


def counts():
    out = {}
    for m in Kvalitetsmodel.objects.all():
        out[(m.omraade, m.version)] = (
            Tema.objects.filter(model=m).count(),
            Kriterium.objects.filter(tema__model=m).count(),
            Indikator.objects.filter(kriterium__tema__model=m).count(),
        )
    return out


def test_migration_loaded_both_models_with_expected_counts():
    assert counts() == EXPECTED


def test_loading_from_scratch_gives_expected_counts_and_twice_changes_nothing():
    Kvalitetsmodel.objects.all().delete()
    first = load_file()
    assert (first.modeller, first.temaer, first.kriterier, first.indikatorer) == (4, 26, 21, 49)
    assert counts() == EXPECTED
    snapshot = list(Indikator.objects.order_by("pk").values())
    second = load_file()
    assert (second.modeller, second.temaer, second.kriterier, second.indikatorer, second.opdateret) == (0, 0, 0, 0, 0)
    assert list(Indikator.objects.order_by("pk").values()) == snapshot


def test_themes_numbering_and_theme_5_differs():
    tilbud = Kvalitetsmodel.objects.get(omraade="tilbud", version="2017")
    pleje = Kvalitetsmodel.objects.get(omraade="plejefamilie", version="2017")
    assert tilbud.temaer.get(nummer=5).navn == "Organisation og ledelse"
    assert pleje.temaer.get(nummer=5).navn == "Familiestruktur og familiedynamik"
    # Criteria are numbered across themes; indicators lettered within a criterion.
    assert list(tilbud.temaer.get(nummer=4).kriterier.values_list("nummer", flat=True)) == [4, 5, 6, 7]
    assert str(Indikator.objects.get(kriterium__tema__model=tilbud, kriterium__nummer=4, bogstav="a")) == "Indikator 4a"


def test_l200_shape_six_themes_economy_a_theme_no_indicators():
    l200 = Kvalitetsmodel.objects.get(omraade="tilbud", version="L200")
    navne = list(l200.temaer.values_list("navn", flat=True))
    assert navne == ["Målgrupper, metoder og resultater", "Sundhed og trivsel", "Organisation og ledelse",
                     "Kompetencer", "Økonomi", "Fysiske rammer"]
    assert "Uddannelse og beskæftigelse" not in navne and "Selvstændighed og relationer" not in navne
    assert l200.niveau == "kriterium" and not l200.aktiv
    assert l200.temaer.get(navn="Økonomi").er_oekonomi


def test_reconstructed_texts_are_marked_not_verified():
    tilbud = Kvalitetsmodel.objects.get(omraade="tilbud", version="2017")
    ind = {i.label: i for i in Indikator.objects.filter(kriterium__tema__model=tilbud).select_related("kriterium")}
    assert ind["Indikator 1a"].tekst_ikke_verificeret  # [I] in domain.md
    assert ind["Indikator 8b"].tekst_ikke_verificeret
    assert not ind["Indikator 2a"].tekst_ikke_verificeret  # verbatim (Blå Kors)
    assert not ind["Indikator 11a"].tekst_ikke_verificeret
    assert ind["Indikator 2d"].kun_for_boern
    assert ind["Indikator 6a"].ikke_for_ambulant and "SEL_110" in ind["Indikator 6b"].undtagne_tilbudstyper


def test_reload_keeps_admin_corrections_unless_opdater():
    i = Indikator.objects.get(kriterium__tema__model__omraade="tilbud", kriterium__tema__model__version="2017",
                              kriterium__nummer=1, bogstav="a")
    i.tekst, i.tekst_ikke_verificeret = "Rettet tekst fra bekendtgørelsen.", False
    i.save()
    load_file()
    i.refresh_from_db()
    assert i.tekst == "Rettet tekst fra bekendtgørelsen." and not i.tekst_ikke_verificeret
    result = load_file(opdater=True)
    i.refresh_from_db()
    assert result.opdateret >= 1 and i.tekst_ikke_verificeret


def test_l200_criteria_can_be_loaded_later_from_a_file(tmp_path):
    fil = tmp_path / "l200.json"
    fil.write_text(json.dumps({"modeller": [{"omraade": "tilbud", "version": "L200", "temaer": [
        {"nummer": 1, "navn": "Målgrupper, metoder og resultater",
         "kriterier": [{"nummer": 1, "tekst": "Tilbuddet anvender relevante metoder.", "indikatorer": []}]},
    ]}]}, ensure_ascii=False), encoding="utf-8")
    call_command("load_kvalitetsmodel", str(fil))
    l200 = Kvalitetsmodel.objects.get(omraade="tilbud", version="L200")
    assert Kriterium.objects.filter(tema__model=l200).count() == 1
    assert l200.temaer.count() == 6  # existing themes untouched


def test_bad_file_is_refused(tmp_path):
    fil = tmp_path / "bad.json"
    fil.write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError):
        read(fil)
    assert read(DEFAULT_FILE)["modeller"]
    with pytest.raises(KeyError):
        load_data({"modeller": [{"version": "x"}]})
