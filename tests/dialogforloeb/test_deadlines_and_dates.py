"""One date per deadline, moved only forward and only by the decision that moves it; plausible dates in the
services (the forms show the same messages); skærpet tilsyn at most 6 months, renewed only as a decision."""

import datetime as dt

import pytest
from django.urls import reverse

from dialogforloeb import guards, services
from dialogforloeb.models import Afgoerelse, Dialogforloeb
from dialogforloeb.vocabulary import AfgoerelseArt, Afgoerelsestype, AktivitetArt, Status
from dokumenter.models import Dokument
from frister import services as frister_services
from frister.models import Frist
from tests import factories
from tests.dialogforloeb import factories as df
from tilsyn.errors import DomainError
from tilsyn.templatetags.tilsyn_tags import dato

pytestmark = pytest.mark.django_db


# --- Høringsfrist ------------------------------------------------------------------------------------

def test_hoeringsfrist_extends_forward_only_and_frist_row_follows(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, agter = df.varslet(k, jurist_hovedstaden, tilbud, sendt=df.days_ago(5))
    row = Frist.objects.get(owner_id=agter.pk, art="hoering")
    with pytest.raises(DomainError) as exc:
        services.hoeringsfrist_extend(actor=k, agterskrivelse=agter, ny_frist=agter.hoeringsfrist - dt.timedelta(days=3),
                                      begrundelse="Fejl")
    assert exc.value.message == (f"En høringsfrist kan kun forlænges: den nye frist skal ligge efter "
                                 f"{agter.hoeringsfrist:%d.%m.%Y}.")
    ny = agter.hoeringsfrist + dt.timedelta(days=7)
    services.hoeringsfrist_extend(actor=k, agterskrivelse=agter, ny_frist=ny, begrundelse="Tilbuddet bad om en uge.")
    assert df.refresh(agter).hoeringsfrist == ny == Frist.objects.get(pk=row.pk).frist
    assert guards.gaeldende_hoeringsfrist(df.refresh(agter)) == ny


def test_the_frister_pages_cannot_move_a_case_deadline(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    """The høringsfrist could be 'extended' to an earlier date in the Frister pages, and a påbud frist moved there
    left the påbud and its letter on the old date: both are refused now."""
    k = konsulent_hovedstaden
    f, agter = df.varslet(k, jurist_hovedstaden, tilbud, sendt=df.days_ago(5))
    row = Frist.objects.get(owner_id=agter.pk, art="hoering")
    for new_due in (row.frist - dt.timedelta(days=2), row.frist + dt.timedelta(days=10)):
        with pytest.raises(DomainError) as exc:
            frister_services.frist_extend(frist=row, new_due=new_due, reason="Anmodning", actor=k)
        assert exc.value.message.startswith("Fristen hører til et dialogforløb og flyttes kun dér")
    with pytest.raises(DomainError, match="Fristen hører til et dialogforløb"):
        frister_services.frist_suspend(frist=row, reason="Afventer", actor=k)
    assert Frist.objects.get(pk=row.pk).frist == agter.hoeringsfrist


def test_no_frist_is_ever_shortened_in_the_frister_engine(konsulent_hovedstaden, tilbud):
    frist = frister_services.frist_create(owner=tilbud, enhed=tilbud, art="andet", actor=konsulent_hovedstaden,
                                          due=df.today() + dt.timedelta(days=20), responsible=konsulent_hovedstaden)
    with pytest.raises(DomainError, match="En frist kan kun forlænges, ikke forkortes"):
        frister_services.frist_extend(frist=frist, new_due=df.today() + dt.timedelta(days=5), reason="x",
                                      actor=konsulent_hovedstaden)


def test_hoeringsfrist_minimum_per_socialtilsyn(konsulent_hovedstaden, tilbud):
    cfg = services.indstillinger_for(tilbud.socialtilsyn_id)
    cfg.hoeringsfrist_min_dage = 10
    cfg.save()
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    with pytest.raises(DomainError) as exc:
        df.draft_agter(konsulent_hovedstaden, f, hoeringsfrist_dage=9)
    assert exc.value.errors == {"hoeringsfrist_dage": ["Høringsfristen skal være mellem 10 og 90 dage."]}
    assert df.draft_agter(konsulent_hovedstaden, f, hoeringsfrist_dage=10).hoeringsfrist_dage == 10


def test_the_guard_uses_the_extended_hoeringsfrist(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, agter = df.varslet(k, jurist_hovedstaden, tilbud, sendt=df.days_ago(20))
    assert guards.hoering_afsluttet(f)
    services.hoeringsfrist_extend(actor=k, agterskrivelse=agter, ny_frist=df.today() + dt.timedelta(days=3),
                                  begrundelse="Anmodning fra tilbuddet.")
    assert not guards.hoering_afsluttet(df.refresh(f))


# --- Påbud frist ------------------------------------------------------------------------------------

def test_paabud_frist_extended_by_decision_with_letter_and_one_date(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f, _ = df.varslet(k, j, tilbud)
    paabud = df.paabud(k, j, f, frist=df.today() + dt.timedelta(days=30))
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=k, forloeb=df.refresh(f), art=AfgoerelseArt.FRISTFORLAENGELSE,
                                   data={"frist": paabud.frist - dt.timedelta(days=1), "begrundelse": "x"})
    assert exc.value.errors["frist"] == [f"En frist kan kun forlænges: den nye frist skal ligge efter "
                                         f"{paabud.frist:%d.%m.%Y}."]
    ny = paabud.frist + dt.timedelta(days=21)
    forl = df.decide(k, j, df.refresh(f), AfgoerelseArt.FRISTFORLAENGELSE, {"frist": ny, "begrundelse": "Anmodning."})
    assert df.refresh(paabud).frist == ny
    assert Frist.objects.get(owner_id=paabud.pk, art="paabud").frist == ny
    letter = Dokument.objects.get(pk=forl.dokument_id)
    from tests.dialogforloeb.test_services import pdf_text

    text = pdf_text(letter)
    assert "Påbuddet skal nu være opfyldt senest" in text and dato(ny) in text and dato(paabud.frist) in text
    assert "Forlængelse af påbuddets frist" in letter.titel


# --- Plausible dates --------------------------------------------------------------------------------

def test_bekymring_before_2014_or_in_the_future_is_refused(konsulent_hovedstaden, tilbud):
    for dag, message in ((dt.date(1990, 5, 1), "Datoen for bekymringen kan ikke ligge før 01.01.2014, da lov om "
                                               "socialtilsyn trådte i kraft."),
                         (df.today() + dt.timedelta(days=1), "Datoen for bekymringen kan ikke ligge i fremtiden.")):
        with pytest.raises(DomainError) as exc:
            df.forloeb(konsulent_hovedstaden, tilbud, dato=dag)
        assert exc.value.errors == {"dato": [message]}
    assert not Dialogforloeb.objects.exists()


def test_activity_dates_are_plausible_and_reported_together(konsulent_hovedstaden, tilbud):
    f = df.forloeb(konsulent_hovedstaden, tilbud, dato=df.days_ago(10))
    with pytest.raises(DomainError) as exc:
        services.aktivitet_create(actor=konsulent_hovedstaden, forloeb=f, art=AktivitetArt.ANMODNING_REDEGOERELSE,
                                  dato=df.days_ago(20), form="", frist=df.days_ago(25), deltagere="x" * 301)
    assert exc.value.errors == {
        "form": ["Vælg om aktiviteten var et møde, telefonisk eller skriftlig."],
        "dato": [f"En aktivitet registreres, når den har fundet sted: datoen kan ikke ligge før forløbet blev åbnet "
                 f"({df.days_ago(10):%d.%m.%Y})."],
        "deltagere": ["Deltagere kan højst fylde 300 tegn."],
        "frist": [f"Fristen for redegørelsen skal ligge efter anmodningens dato ({df.days_ago(20):%d.%m.%Y})."],
    }
    with pytest.raises(DomainError, match="kan ikke ligge i fremtiden"):
        df.aktivitet(konsulent_hovedstaden, f, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=df.today() + dt.timedelta(1))
    assert not f.aktiviteter.exists()


def test_invitation_to_a_meeting_in_the_past_is_refused(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    with pytest.raises(DomainError) as exc:
        df.draft_agter(konsulent_hovedstaden, f, invitation_dialogmoede=df.days_ago(1))
    assert exc.value.errors == {"invitation_dialogmoede": ["Dialogmødet, der inviteres til, skal ligge tidligst i dag."]}
    assert df.draft_agter(konsulent_hovedstaden, f, invitation_dialogmoede=df.today()).invitation_dialogmoede


def test_paabud_frist_in_year_9999_is_a_danish_error_not_a_crash(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud)
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=konsulent_hovedstaden, forloeb=f, art=AfgoerelseArt.PAABUD,
                                   data={**df.PAABUD, "frist": dt.date(9999, 12, 31)})
    assert exc.value.errors["frist"][0].startswith("Påbuddets frist kan højst ligge 3 år frem")
    assert not Afgoerelse.objects.exists() and not Dokument.objects.filter(art="paabud").exists()


def test_activity_form_shows_every_error_next_to_its_field(client_konsulent, konsulent_hovedstaden, tilbud):
    f = df.forloeb(konsulent_hovedstaden, tilbud, dato=df.days_ago(10))
    r = client_konsulent.post(reverse("dialogforloeb:action", args=[f.pk, "aktivitet"]), {
        "art": AktivitetArt.ANMODNING_REDEGOERELSE, "dato": df.days_ago(20).isoformat(), "form": "skriftlig",
        "frist": df.days_ago(25).isoformat()})
    html = r.content.decode()
    assert r.status_code == 200
    assert "datoen kan ikke ligge før forløbet blev åbnet" in html and "Fristen for redegørelsen skal ligge efter" in html
    assert 'id="id_dato-error"' in html and 'id="id_frist-error"' in html


# --- Skærpet tilsyn: 6 months, renewal as a decision --------------------------------------------------

def test_six_months_means_to_and_including_fra_plus_six_months_minus_one_day():
    assert guards.skaerpet_senest_til(dt.date(2026, 11, 26)) == dt.date(2027, 5, 25)
    assert guards.skaerpet_senest_til(dt.date(2026, 8, 31)) == dt.date(2027, 2, 27)


def test_skaerpet_tilsyn_of_six_months_and_a_day_is_refused(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    senest = guards.skaerpet_senest_til(df.today())
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=konsulent_hovedstaden, forloeb=f, art=AfgoerelseArt.PAABUD, data={
            **df.PAABUD, "frist": df.today() + dt.timedelta(days=30), "skaerpet_til": senest + dt.timedelta(days=1)})
    assert exc.value.errors["skaerpet_til"] == [
        f"Skærpet tilsyn træffes for højst 6 måneder ad gangen (LOST § 8, stk. 1): fra {df.today():%d.%m.%Y} højst "
        f"til og med {senest:%d.%m.%Y}."]
    afg = df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f, skaerpet_til=senest)
    assert (afg.skaerpet_fra, afg.skaerpet_til) == (df.today(), senest)


def test_renewal_needs_its_own_varsling_hearing_and_jurist(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    """'Forny' pressed twice on the day of the decision gave 18 months without a hearing: now a renewal is an
    announced, heard, approved decision, in the current period's last month, for at most 6 months."""
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f, paabud = df.skaerpet_forloeb(k, j, tilbud, udstedt_dage_siden=10)
    # The old 'forny' page is gone: there is no path around the decision.
    assert df.refresh(f).status == Status.PAABUD
    assert services.afgoerelse_udkast_afvisning(df.refresh(f), AfgoerelseArt.FORNYELSE) == [
        "Handlingen er ikke mulig, når forløbet står som »Påbud udstedt«."]
    # The varsling can be sent any time; the decision only in the period's last month.
    df.send_agter(k, j, df.refresh(f), paataenkt=Afgoerelsestype.FORNYELSE, sendt=df.days_ago(8))
    df.aktivitet(k, df.refresh(f), AktivitetArt.HOERINGSSVAR, dato=df.days_ago(5))
    f = df.refresh(f)
    assert guards.fornyelse_rettidig(f) is False
    fra = paabud.skaerpet_til + dt.timedelta(days=1)
    with pytest.raises(DomainError) as exc:  # the unit answered: the decision must address it (FVL § 24)
        services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.FORNYELSE, data={
            "skaerpet_til": guards.skaerpet_senest_til(fra), "begrundelse": "Fortsat bekymring."})
    assert list(exc.value.errors) == ["hoeringssvar_vurdering"]
    afg = df.approved(k, j, f, AfgoerelseArt.FORNYELSE, {"skaerpet_til": guards.skaerpet_senest_til(fra),
                                                          "begrundelse": "Fortsat bekymring.",
                                                          "hoeringssvar_vurdering": "Svaret ændrer ikke vurderingen."})
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_issue(actor=k, afgoerelse=df.refresh(afg))
    assert exc.value.message == guards.fornyelse_rettidig.message
    assert df.refresh(paabud).skaerpet_til == paabud.skaerpet_til


def test_renewal_in_the_last_month_continues_the_period(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f, paabud = df.skaerpet_forloeb(k, j, tilbud, udstedt_dage_siden=170)
    df.send_agter(k, j, df.refresh(f), paataenkt=Afgoerelsestype.FORNYELSE, sendt=df.days_ago(20))
    f = df.refresh(f)
    assert guards.fornyelse_rettidig(f) is True
    fra = paabud.skaerpet_til + dt.timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.FORNYELSE, data={
            "skaerpet_til": guards.skaerpet_senest_til(fra) + dt.timedelta(days=1), "begrundelse": "x"})
    assert "højst 6 måneder ad gangen" in exc.value.errors["skaerpet_til"][0]
    afg = df.decide(k, j, f, AfgoerelseArt.FORNYELSE, {"skaerpet_til": guards.skaerpet_senest_til(fra),
                                                        "begrundelse": "Forholdene er endnu ikke rettet."})
    assert (afg.skaerpet_fra, afg.skaerpet_til) == (fra, guards.skaerpet_senest_til(fra))
    assert afg.paabud_id == paabud.pk and afg.godkendt_af == j and afg.dokument_id
    assert df.refresh(paabud).skaerpet_til == afg.skaerpet_til
    assert Frist.objects.get(owner_id=paabud.pk, art="skaerpet_tilsyn").frist == afg.skaerpet_til
    f = df.refresh(f)
    assert f.status == Status.PAABUD and guards.varsling_sendt(f) is False
    # A second renewal needs a new varsling: the first one is used.
    assert guards.varsling_sendt.message in services.blocking_messages(f, "forny_skaerpet") or \
        "Handlingen er ikke mulig" in services.blocking_messages(f, "forny_skaerpet")[0]


def test_a_lapsed_renewal_varsling_leaves_the_paabud_in_force(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f, paabud = df.skaerpet_forloeb(k, j, tilbud, udstedt_dage_siden=170)
    df.send_agter(k, j, df.refresh(f), paataenkt=Afgoerelsestype.FORNYELSE, sendt=df.days_ago(20))
    f = services.forloeb_close(actor=k, forloeb=df.refresh(f), udfald="varsling_bortfaldet",
                               begrundelse="Forholdene er rettet; forlængelsen er ikke nødvendig.")
    assert f.status == Status.PAABUD and f.udfald == "" and df.refresh(paabud).opfyldt is None


def test_other_socialtilsyn_sees_no_renewal_form(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, _ = df.skaerpet_forloeb(konsulent_hovedstaden, jurist_hovedstaden, tilbud, udstedt_dage_siden=10)
    client.force_login(factories.konsulent("syd"))
    assert client.get(reverse("dialogforloeb:action", args=[f.pk, "fornyelse"])).status_code == 404
