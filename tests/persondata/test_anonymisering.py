"""Closed cases past the retention period lose their personal data (names, addresses, free text,
also in the field history); everything the statistics need stays; open and recent cases are
untouched. Run by the management command that Celery beat runs nightly."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from dialogforloeb import services as dialog_services
from dialogforloeb.models import Aktivitet, Dialogforloeb, Haendelse
from dialogforloeb.vocabulary import Status, Udfald
from frister.models import Email, Notifikation
from frister.services import notifikation_create
from kvalitetsmodel.models import Bedoemmelse, Kvalitetsvurdering
from persondata.models import Anonymisering
from persondata.registry import ANONYMISERS
from tests import factories
from tests.dialogforloeb import factories as df
from tests.frister.factories import frist as make_frist
from tests.kvalitetsmodel import factories as kf
from tilsyn.dates import today
from tilsyn.models import Enhed, Godkendelsesstatus, Plejefamilie, Tilsynsbesoeg

pytestmark = pytest.mark.django_db


def _history_text(model, pk) -> str:
    """Everything pghistory kept about the object, as one string."""
    return " ".join(str(row) for m in model.pgh_event_models.values() for row in m.objects.filter(pgh_obj_id=pk).values())


@pytest.fixture
def families(settings, konsulent_hovedstaden):
    dage = settings.ANONYMISERING_DAGE
    old = factories.PlejefamilieFactory(navn="Familien Ærø", plejeforaelder_1="Mette Ærø", plejeforaelder_2="Søren Ærø",
                                        adresse="Bøgevej 7", godkendelsesstatus=Godkendelsesstatus.OPHOERT,
                                        ophoert_dato=today() - dt.timedelta(days=dage + 10))
    recent = factories.PlejefamilieFactory(navn="Familien Bregnø", plejeforaelder_1="Anne Bregnø",
                                           godkendelsesstatus=Godkendelsesstatus.OPHOERT,
                                           ophoert_dato=today() - dt.timedelta(days=dage - 10))
    active = factories.PlejefamilieFactory(navn="Familien Lindø", plejeforaelder_1="Ida Lindø")
    for fam in (old, recent, active):
        factories.TilsynsbesoegFactory(enhed=fam, noter=f"Samtale med {fam.plejeforaelder_1} om barnets trivsel.")
        kf.fill(kf.start(konsulent_hovedstaden, fam))
        f = make_frist(enhed=fam, responsible=konsulent_hovedstaden)
        notifikation_create(user=konsulent_hovedstaden, titel=f"Påmindelse: frist for {fam.navn}", frist=f)
    return old, recent, active


def _stats():
    """What statistics are built from: counts, dates, states, categories, scores."""
    return (
        list(Plejefamilie.objects.order_by("pk").values_list("godkendelsesstatus", "ophoert_dato", "godkendt_dato",
                                                              "plejefamilietype", "kommune_id", "postnummer",
                                                              "godkendt_antal_boern")),
        list(Dialogforloeb.objects.order_by("pk").values_list("status", "aabnet", "afsluttet", "alvor", "kilde",
                                                               "udfald", "temaer")),
        list(Bedoemmelse.objects.order_by("pk").values_list("score", "forventes_opfyldt")),
        list(Tilsynsbesoeg.objects.order_by("pk").values_list("dato", "besoegstype", "status")),
        Notifikation.objects.count(), Email.objects.count(), Aktivitet.objects.aggregate(n=Count("pk"))["n"],
    )


def test_a_ceased_family_past_its_period_is_anonymised_and_the_others_are_untouched(families):
    old, recent, active = families
    stats = _stats()
    out = StringIO()
    call_command("anonymiser", stdout=out)
    assert "plejefamilie: 1" in out.getvalue() and "kvalitetsvurdering: 1" in out.getvalue()

    old.refresh_from_db()
    assert (old.navn, old.adresse, old.plejeforaelder_1, old.plejeforaelder_2) == ("Anonymiseret plejefamilie", "",
                                                                                    "Anonymiseret", "")
    assert not Tilsynsbesoeg.objects.get(enhed=old).noter
    vurdering = Kvalitetsvurdering.objects.get(enhed=old)
    assert vurdering.samlet_vurdering == "" and vurdering.oekonomi_tekst == ""
    assert not Bedoemmelse.objects.filter(vurdering=vurdering).exclude(begrundelse="").exists()
    assert not Notifikation.objects.filter(frist__enhed=old, titel__contains="Ærø").exists()
    assert not Email.objects.filter(notifikation__frist__enhed=old, tekst__contains="Ærø").exists()
    # Nothing survives in the field history either.
    assert "Ærø" not in _history_text(Plejefamilie, old.pk) + _history_text(Enhed, old.pk)
    assert "Mette" not in _history_text(Tilsynsbesoeg, Tilsynsbesoeg.objects.get(enhed=old).pk)

    for fam, name in ((recent, "Anne Bregnø"), (active, "Ida Lindø")):
        fam.refresh_from_db()
        assert fam.plejeforaelder_1 == name
        assert name in Tilsynsbesoeg.objects.get(enhed=fam).noter
        assert Kvalitetsvurdering.objects.get(enhed=fam).samlet_vurdering
        assert fam.navn in Notifikation.objects.get(frist__enhed=fam).titel
    assert _stats() == stats  # the statistics are intact

    # Done once: a second run finds nothing, and the record says what was done.
    out = StringIO()
    call_command("anonymiser", stdout=out)
    assert "plejefamilie: 0" in out.getvalue()
    assert Anonymisering.objects.filter(regel="plejefamilie").count() == 1


def test_the_period_is_configurable_and_dry_run_changes_nothing(families, settings):
    old, recent, _ = families
    out = StringIO()
    call_command("anonymiser", "--dage", "30", "--dry-run", stdout=out)
    assert "Ville anonymisere" in out.getvalue() and "plejefamilie: 2" in out.getvalue()
    recent.refresh_from_db()
    assert recent.plejeforaelder_1 == "Anne Bregnø" and not Anonymisering.objects.exists()
    settings.ANONYMISERING_DAGE = 30
    call_command("anonymiser", stdout=StringIO())
    recent.refresh_from_db()
    assert recent.plejeforaelder_1 == "Anonymiseret"


def test_a_closed_dialogforloeb_past_its_period_is_anonymised(settings, konsulent_hovedstaden):
    dage = settings.ANONYMISERING_DAGE
    closed_old = df.forloeb(konsulent_hovedstaden, factories.TilbudFactory())
    closed_recent = df.forloeb(konsulent_hovedstaden, factories.TilbudFactory())
    open_old = df.i_dialog(konsulent_hovedstaden, factories.TilbudFactory())
    for f in (closed_old, closed_recent):
        dialog_services.forloeb_close(actor=konsulent_hovedstaden, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT,
                                      begrundelse="Lederen Hanne Holm har rettet op på medicinhåndteringen.")
    Dialogforloeb.objects.filter(pk=closed_old.pk).update(afsluttet=today() - dt.timedelta(days=dage + 1))
    Dialogforloeb.objects.filter(pk=open_old.pk).update(aabnet=today() - dt.timedelta(days=dage + 400))
    stats = _stats()

    call_command("anonymiser", stdout=StringIO())

    f = Dialogforloeb.objects.get(pk=closed_old.pk)
    assert f.beskrivelse == "Anonymiseret." and f.udfald_begrundelse == ""
    assert f.status == Status.AFSLUTTET and f.udfald == Udfald.BEKYMRING_OPHOERT
    assert "Hanne Holm" not in _history_text(Dialogforloeb, f.pk)
    assert not Haendelse.objects.filter(forloeb=f).exclude(tekst="").exists()
    for other in (closed_recent, open_old):
        other = Dialogforloeb.objects.get(pk=other.pk)
        assert other.beskrivelse == "Manglende dokumentation af medicinhåndtering."
    assert Aktivitet.objects.filter(forloeb=open_old).exclude(referat="").exists()
    assert _stats() == stats


def test_every_app_with_personal_data_registered_an_anonymiser():
    assert {"plejefamilie", "kvalitetsvurdering", "notifikation", "dialogforloeb"} <= set(ANONYMISERS)
