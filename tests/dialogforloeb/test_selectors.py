"""Proportionality flags (flag, never forbid): each one, configurable thresholds, and the SQL filter
agreeing with the displayed flags."""

import datetime as dt

import pytest
from django.urls import reverse

from dialogforloeb import selectors, services
from dialogforloeb.models import AktivitetArt, Indstillinger
from dialogforloeb.vocabulary import AfgoerelseArt
from tests import factories
from tests.dialogforloeb import factories as df

pytestmark = pytest.mark.django_db


def _flags(user, f):
    today = df.today()
    row = selectors.with_queue_data(selectors.forloeb_for(user).filter(pk=f.pk), today).get()
    return selectors.flags(row, selectors.indstillinger_for(user.socialtilsyn_id), today)


def test_each_flag(konsulent_hovedstaden, jurist_hovedstaden):
    k = konsulent_hovedstaden
    # High severity, opened 20 days ago, no dialogmøde.
    hoej = df.forloeb(k, factories.TilbudFactory(), alvor="hoej", dato=df.days_ago(20))
    assert "Høj alvor uden dialogmøde inden for 14 dage" in _flags(k, hoej)
    # Redegørelse as the very first step.
    red = df.forloeb(k, factories.TilbudFactory(), dato=df.days_ago(5))
    df.aktivitet(k, red, AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(4), frist=df.today())
    assert _flags(k, red) == ["Redegørelse som første skridt"]
    # Agterskrivelse before any dialogmøde.
    agter = df.forloeb(k, factories.TilbudFactory(), dato=df.days_ago(5))
    df.aktivitet(k, agter, AktivitetArt.SKRIFTLIG_KORRESPONDANCE, dato=df.days_ago(4))
    services.agterskrivelse_create(actor=k, forloeb=df.refresh(agter), data=df.AGTER)
    assert _flags(k, agter) == ["Agterskrivelse før noget dialogmøde"]
    # No activity for 30 days, and 120 days without a decision.
    gammel = df.forloeb(k, factories.TilbudFactory(), dato=df.days_ago(130))
    df.aktivitet(k, gammel, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=df.days_ago(125))
    assert _flags(k, gammel) == ["Ingen aktivitet i over 30 dage", "Over 120 dage uden afgørelse"]
    # A proportionate forløb has no flags.
    ok = df.i_dialog(k, factories.TilbudFactory(), dato=df.days_ago(60))
    df.aktivitet(k, ok, AktivitetArt.SKRIFTLIG_KORRESPONDANCE, dato=df.days_ago(3))
    assert _flags(k, ok) == []

    # The SQL filter of the queue selects exactly the flagged ones.
    flagged = set(selectors.forloeb_list(k, {"flag": "1"}).values_list("pk", flat=True))
    assert flagged == {hoej.pk, red.pk, agter.pk, gammel.pk}


def test_thresholds_are_configurable(konsulent_hovedstaden):
    k = konsulent_hovedstaden
    f = df.forloeb(k, factories.TilbudFactory(), alvor="hoej", dato=df.days_ago(20))
    cfg = Indstillinger.objects.get_or_create(socialtilsyn_id=k.socialtilsyn_id)[0]
    cfg.hoej_uden_dialogmoede_dage = 30
    cfg.save()
    assert _flags(k, f) == []
    assert not selectors.forloeb_list(k, {"flag": "1"}).exists()


def test_lists_are_scoped(konsulent_hovedstaden, konsulent_syd):
    df.forloeb(konsulent_hovedstaden, factories.TilbudFactory())
    assert selectors.forloeb_list(konsulent_syd, {}).count() == 0
    assert selectors.forloeb_list(konsulent_hovedstaden, {}, kun_egne=True).count() == 1


def test_next_step_follows_the_case(konsulent_hovedstaden, jurist_hovedstaden):
    k = konsulent_hovedstaden

    def naeste(f):
        today = df.today()
        row = selectors.with_queue_data(selectors.forloeb_for(k).filter(pk=f.pk), today).get()
        return selectors.naeste_skridt(row, today)

    f = df.forloeb(k, factories.TilbudFactory())
    assert naeste(f) == "Orientér ledelsen og indled dialogen"
    f = df.i_dialog(k, factories.TilbudFactory())
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)
    assert naeste(f) == "Afventer juristens godkendelse"
    f2, sent = df.varslet(k, jurist_hovedstaden, factories.TilbudFactory(), sendt=df.days_ago(3))
    assert naeste(f2) == f"Afvent høringssvar (frist {sent.hoeringsfrist:%d.%m.%Y})"
    f3, _ = df.varslet(k, jurist_hovedstaden, factories.TilbudFactory(), sendt=df.days_ago(30))
    assert naeste(f3) == "Skriv afgørelsen (til godkendelse hos en jurist), eller lad varslingen bortfalde"
    afg = services.afgoerelse_create(actor=k, forloeb=f3, art=AfgoerelseArt.PAABUD,
                                     data={**df.PAABUD, "frist": df.today() + dt.timedelta(days=30)})
    assert naeste(f3) == "Gør afgørelsen færdig og send den til godkendelse"
    services.udkast_submit(actor=k, udkast=afg)
    assert naeste(f3) == "Afgørelsen afventer juristens godkendelse"
    df.approve(jurist_hovedstaden, afg)
    assert naeste(f3) == "Udsted den godkendte afgørelse"


def test_plan_flags_link_severity_and_plan_to_the_reaction(konsulent_hovedstaden, jurist_hovedstaden,
                                                           leder_hovedstaden, client):
    """Audit 19.2, anbefaling 2: a heavy reaction in a forløb of low severity, or far from its plan, is flagged
    (never forbidden) and reaches the leader's Eskaleringskø."""
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    lav, _ = df.varslet(k, j, factories.TilbudFactory(navn="Bostedet Lavbo"), alvor="lav", paataenkt="skaerpet_tilsyn")
    assert "Skærpet tilsyn eller ophør varslet i et forløb med lav alvor" in _flags(k, lav)
    plan, _ = df.varslet(k, j, factories.TilbudFactory(navn="Bostedet Planbo"), alvor="middel", paataenkt="ophoer",
                         formaal="afklare")
    assert "Skærpet tilsyn eller ophør varslet, selv om planen var at afklare bekymringen" in _flags(k, plan)
    ok, _ = df.varslet(k, j, factories.TilbudFactory(), alvor="middel", paataenkt="ophoer",
                       formaal="paataenkt_afgoerelse")
    assert _flags(k, ok) == []
    lang = df.forloeb(k, factories.TilbudFactory(navn="Bostedet Langbo"), dato=df.days_ago(30),
                      forventet_varighed_uger=2)
    df.aktivitet(k, lang, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=df.days_ago(2))
    assert _flags(k, lang) == ["Forløbet har varet over dobbelt så længe som planlagt (2 uger)"]
    flagged = set(selectors.forloeb_list(k, {"flag": "1"}).values_list("pk", flat=True))
    assert flagged == {lav.pk, plan.pk, lang.pk}
    client.force_login(leder_hovedstaden)
    html = client.get(reverse("dialogforloeb:eskalering") + "?flag=1").content.decode()
    assert "Bostedet Lavbo" in html and "Skærpet tilsyn eller ophør varslet i et forløb med lav alvor" in html
    page = client.get(lav.get_absolute_url()).content.decode()
    assert "Afklare om bekymringen er begrundet · Dialogmøder · forventet 12 uger" in page
