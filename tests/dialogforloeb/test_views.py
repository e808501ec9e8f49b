"""Pages: scoping (404 across socialtilsyn), forms (Danish errors, nothing saved), disabled actions with the
rule, panels, and constant query counts at two data sizes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogforloeb import services
from dialogforloeb.models import Dialogforloeb
from dialogforloeb.vocabulary import AgterskrivelseStatus, AktivitetArt, Status
from tests import factories
from tests.dialogforloeb import factories as df

pytestmark = pytest.mark.django_db


def test_register_bekymring_form_errors_and_success(client_konsulent, konsulent_hovedstaden, tilbud):
    url = reverse("dialogforloeb:create", args=[tilbud.pk])
    page = client_konsulent.get(tilbud.get_absolute_url())
    assert url in page.content.decode()  # the unit action 'Registrér bekymring'
    r = client_konsulent.post(url, {"kilde": "", "alvor": "hoej", "beskrivelse": "", "temaer": "Tema 6",
                                     "dato": df.today().isoformat(), "ansvarlig": konsulent_hovedstaden.pk})
    html = r.content.decode()
    assert r.status_code == 200 and "Der er fejl i formularen" in html and "Feltet skal udfyldes." in html
    assert not Dialogforloeb.objects.exists()
    r = client_konsulent.post(url, {"kilde": "whistleblower", "alvor": "hoej", "beskrivelse": "Nattevagt alene.",
                                     "temaer": "Tema 6", "dato": df.today().isoformat(),
                                     "ansvarlig": konsulent_hovedstaden.pk, "formaal": "afklare",
                                     "planlagt_dialogform": "moede", "forventet_varighed_uger": 8})
    f = Dialogforloeb.objects.get()
    assert r.status_code == 302 and r["Location"] == f.get_absolute_url()
    assert f.status == Status.AABNET and f.alvor == "hoej" and f.forventet_varighed_uger == 8


def test_detail_shows_disabled_actions_with_the_rule(client_konsulent, konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    html = client_konsulent.get(f.get_absolute_url()).content.decode()
    assert "Skriv afgørelse: påbud" in html and 'aria-disabled="true"' in html
    assert "Handlingen er ikke mulig, når forløbet står som »I dialog«." in html
    assert "Afklarende dialogmøde" in html and "Leder, konsulent" in html  # the activity and its participants
    assert 'aria-current="step"' in html


def test_detail_404_across_socialtilsyn(client, konsulent_hovedstaden, tilbud):
    f = df.forloeb(konsulent_hovedstaden, tilbud)
    client.force_login(factories.konsulent("syd"))
    assert client.get(f.get_absolute_url()).status_code == 404
    assert client.get(reverse("dialogforloeb:action", args=[f.pk, "aktivitet"])).status_code == 404
    assert client.get(reverse("dialogforloeb:create", args=[tilbud.pk])).status_code == 404


def test_letters_and_decisions_404_across_socialtilsyn(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    afg = df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f, skaerpet_til=df.today() + dt.timedelta(days=60))
    client.force_login(factories.leder("syd"))
    for url in (agter.get_absolute_url(), afg.get_absolute_url(),
                reverse("dialogforloeb:udkast_action", args=["agterskrivelse", agter.pk, "rediger"]),
                reverse("dialogforloeb:udkast_action", args=["afgoerelse", afg.pk, "rediger"]),
                reverse("dialogforloeb:action", args=[f.pk, "fristforlaengelse"]),
                reverse("dokumenter:download", args=[agter.dokument_id])):
        assert client.get(url).status_code == 404, url
    for kind, obj in (("agterskrivelse", agter), ("afgoerelse", afg)):
        r = client.post(reverse("dialogforloeb:udkast_post", args=[kind, obj.pk, "godkend"]))
        assert r.status_code == 404
    assert tilbud.navn not in client.get(reverse("dialogforloeb:eskalering")).content.decode()


def test_activity_form_refusal_shows_message_and_saves_nothing(client_konsulent, konsulent_hovedstaden, tilbud):
    f = df.forloeb(konsulent_hovedstaden, tilbud)
    url = reverse("dialogforloeb:action", args=[f.pk, "aktivitet"])
    r = client_konsulent.post(url, {"art": AktivitetArt.HOERINGSSVAR, "dato": df.today().isoformat(),
                                     "form": "skriftlig"})
    assert "Der er ingen sendt agterskrivelse, som afventer høringssvar." in r.content.decode()
    assert f.aktiviteter.count() == 0 and df.refresh(f).status == Status.AABNET
    r = client_konsulent.post(url, {"art": AktivitetArt.ANMODNING_REDEGOERELSE, "dato": df.today().isoformat(),
                                     "form": "skriftlig"})
    assert "En anmodning om redegørelse skal have en frist." in r.content.decode()
    r = client_konsulent.post(url, {"art": AktivitetArt.ORIENTERING_LEDELSE, "dato": df.today().isoformat(),
                                     "form": "telefon", "oplyst_bekymring": "on"})
    assert r.status_code == 302 and df.refresh(f).status == Status.I_DIALOG


def test_jurist_queue_and_approval_via_pages(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    agter = df.draft_agter(konsulent_hovedstaden, f)
    services.udkast_submit(actor=konsulent_hovedstaden, udkast=agter)
    client.force_login(jurist_hovedstaden)
    html = client.get(reverse("dialogforloeb:godkendelser")).content.decode()
    assert tilbud.navn in html and agter.get_absolute_url() in html
    assert "Godkendelser" in client.get("/").content.decode()
    url = reverse("dialogforloeb:udkast_post", args=["agterskrivelse", agter.pk, "godkend"])
    r = client.post(url, follow=True)  # no fingerprint: refused
    assert services.FINGERAFTRYK_MANGLER in r.content.decode()
    assert df.refresh(agter).status == AgterskrivelseStatus.TIL_GODKENDELSE
    r = client.post(url, {"tekst_hash": df.refresh(agter).tekst_hash()})
    assert r.status_code == 302 and df.refresh(agter).status == AgterskrivelseStatus.GODKENDT


def test_konsulent_cannot_see_jurist_or_leader_queues(client_konsulent):
    assert client_konsulent.get(reverse("dialogforloeb:godkendelser")).status_code == 403
    assert client_konsulent.get(reverse("dialogforloeb:eskalering")).status_code == 403


def test_leader_queue_filters_and_flags(client, konsulent_hovedstaden, leder_hovedstaden, tilbud):
    hoej = df.forloeb(konsulent_hovedstaden, tilbud, alvor="hoej", dato=df.days_ago(40))
    # A redegørelse as the very first step: allowed, but flagged.
    df.aktivitet(konsulent_hovedstaden, hoej, AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(39),
                 frist=df.days_ago(20))
    lav = df.i_dialog(konsulent_hovedstaden, factories.TilbudFactory(navn="Opholdsstedet Lærkereden"), alvor="lav")
    client.force_login(leder_hovedstaden)
    html = client.get(reverse("dialogforloeb:eskalering")).content.decode()
    assert "Redegørelse som første skridt" in html and "Høj alvor uden dialogmøde inden for 14 dage" in html
    assert "1 overskredet" in html
    html = client.get(reverse("dialogforloeb:eskalering") + "?alvor=lav").content.decode()
    assert lav.enhed.navn in html and tilbud.navn not in html
    html = client.get(reverse("dialogforloeb:eskalering") + "?flag=1").content.decode()
    assert tilbud.navn in html
    html = client.get(reverse("dialogforloeb:eskalering") + "?sort=-alvor").content.decode()
    assert html.index(tilbud.navn) < html.index(lav.enhed.navn)
    overblik = client.get("/").content.decode()
    assert "Eskaleringskø" in overblik and tilbud.navn in overblik


def test_unit_tab_lists_forloeb(client_konsulent, konsulent_hovedstaden, tilbud):
    f = df.forloeb(konsulent_hovedstaden, tilbud)
    html = client_konsulent.get(reverse("tilbud_tab", args=[tilbud.pk, "dialogforloeb"])).content.decode()
    assert f.get_absolute_url() in html and "Registrér bekymring" in html


def _make(n, konsulent, jurist):
    for i in range(n):
        t = factories.TilbudFactory(navn=f"Bostedet Kildevang {i}-{factories.UserFactory._meta.model.objects.count()}")
        f, _ = df.varslet(konsulent, jurist, t, sendt=df.days_ago(30))


@pytest.mark.parametrize("url_name", ["dialogforloeb:eskalering", "dialogforloeb:list"])
def test_queue_query_count_is_constant(client, konsulent_hovedstaden, jurist_hovedstaden, leder_hovedstaden, url_name):
    client.force_login(leder_hovedstaden)
    url = reverse(url_name)
    _make(2, konsulent_hovedstaden, jurist_hovedstaden)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _make(6, konsulent_hovedstaden, jurist_hovedstaden)
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert html.count('data-testid="forloeb-table"') == 1 and html.count("Bostedet Kildevang") == 8
    assert len(large) == len(small)


def test_detail_query_count_is_constant(client_konsulent, konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    client_konsulent.get(f.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client_konsulent.get(f.get_absolute_url())
    for i in range(8):
        df.aktivitet(konsulent_hovedstaden, df.refresh(f), AktivitetArt.SKRIFTLIG_KORRESPONDANCE,
                     dato=df.days_ago(40 - i))
    with CaptureQueriesContext(connection) as large:
        client_konsulent.get(f.get_absolute_url())
    assert len(large) == len(small)


def test_overblik_sections_per_role(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    df.forloeb(konsulent_hovedstaden, tilbud)
    client.force_login(konsulent_hovedstaden)
    html = client.get("/").content.decode()
    assert "Mine dialogforløb" in html and tilbud.navn in html
    client.force_login(jurist_hovedstaden)
    html = client.get("/").content.decode()
    assert "Til godkendelse" in html and "Ingen agterskrivelser eller afgørelser venter på godkendelse." in html
    assert "Senest godkendt af dig" in html


def test_paabud_form_names_the_rule(client_konsulent, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, sendt=df.days_ago(2))
    r = client_konsulent.post(reverse("dialogforloeb:action", args=[f.pk, "paabud"]), {
        "tekst": "Dokumentér medicin.", "opfyldelseskriterium": "Alle skemaer udfyldt.", "begrundelse": "Mangler.",
        "frist": (df.today() + dt.timedelta(days=30)).isoformat()})
    assert "Høringsfristen er ikke udløbet" in r.content.decode()
    assert df.refresh(f).status == Status.VARSLET and not f.afgoerelser.exists()


def test_jurist_sees_hjemmel_and_a_draft_pdf_that_is_not_stored(client, konsulent_hovedstaden, jurist_hovedstaden,
                                                                 tilbud):
    from dokumenter.models import Dokument

    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    agter = df.draft_agter(konsulent_hovedstaden, f)
    services.udkast_submit(actor=konsulent_hovedstaden, udkast=agter)
    client.force_login(jurist_hovedstaden)
    html = client.get(agter.get_absolute_url()).content.decode()
    assert "Lov om socialtilsyn § 8, stk. 2" in html and "Godkend teksten" in html
    pdf_url = reverse("dialogforloeb:udkast_pdf", args=["agterskrivelse", agter.pk])
    r = client.get(pdf_url)
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert not Dokument.objects.exists() and df.refresh(agter).hoeringsfrist is None
    client.force_login(factories.jurist("syd"))
    assert client.get(pdf_url).status_code == 404


def test_close_form_asks_about_open_frister(client_konsulent, konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    url = reverse("dialogforloeb:action", args=[f.pk, "afslut-bekymring_ophoert"])
    assert "Åbne frister i forløbet" not in client_konsulent.get(url).content.decode()
    df.aktivitet(konsulent_hovedstaden, f, AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(2),
                 frist=df.today() + dt.timedelta(days=10))
    html = client_konsulent.get(url).content.decode()
    assert "Åbne frister: Redegørelsesfrist" in html
    r = client_konsulent.post(url, {"udfald": "bekymring_ophoert", "begrundelse": "Rettet."})
    assert "Vælg om de skal annulleres eller markeres som opfyldt." in r.content.decode()
    assert df.refresh(f).status == Status.I_DIALOG
    r = client_konsulent.post(url, {"udfald": "bekymring_ophoert", "begrundelse": "Rettet.", "frister": "annuller"})
    assert r.status_code == 302 and df.refresh(f).status == Status.AFSLUTTET


def test_unit_overview_shows_open_forloeb_and_skaerpet_tilsyn(client_konsulent, konsulent_hovedstaden,
                                                             jurist_hovedstaden, tilbud):
    f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f, skaerpet_til=df.today() + dt.timedelta(days=90))
    html = client_konsulent.get(tilbud.get_absolute_url()).content.decode()
    assert "Åbne dialogforløb" in html and "Påbud udstedt" in html and "Skærpet tilsyn til og med" in html


def test_unit_tab_and_overblik_query_counts_are_constant(client_konsulent, konsulent_hovedstaden, tilbud):
    tab = reverse("tilbud_tab", args=[tilbud.pk, "dialogforloeb"])

    def counts():
        client_konsulent.get(tab)
        client_konsulent.get("/")
        with CaptureQueriesContext(connection) as q1:
            client_konsulent.get(tab)
        with CaptureQueriesContext(connection) as q2:
            client_konsulent.get("/")
        return len(q1), len(q2)

    df.forloeb(konsulent_hovedstaden, tilbud)
    small = counts()
    for i in range(5):
        f = df.i_dialog(konsulent_hovedstaden, tilbud, dato=df.days_ago(60 + i))
        df.aktivitet(konsulent_hovedstaden, f, AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(40),
                     frist=df.days_ago(30))
    assert counts() == small


def test_forms_answer_403_to_roles_that_cannot_submit_them(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    """No form is shown to a role whose submission the service would refuse."""
    f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    afg = df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f, skaerpet_til=df.today() + dt.timedelta(days=60))
    client.force_login(jurist_hovedstaden)
    for url in [reverse("dialogforloeb:udkast_action", args=["agterskrivelse", agter.pk, a])
                for a in ("rediger", "opgiv", "send")] + [
            reverse("dialogforloeb:udkast_action", args=["afgoerelse", afg.pk, a]) for a in ("rediger", "udsted")] + [
            reverse("dialogforloeb:action", args=[f.pk, a]) for a in ("aktivitet", "fristforlaengelse", "paabud")]:
        assert client.get(url).status_code == 403, url
    client.force_login(konsulent_hovedstaden)
    assert client.get(reverse("dialogforloeb:udkast_action", args=["agterskrivelse", agter.pk, "tilbagesend"])
                      ).status_code == 403
    assert client.get(reverse("dialogforloeb:action", args=[f.pk, "genaabn"])).status_code == 403


def test_approve_page_posts_the_text_shown(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    agter = df.draft_agter(k, df.i_dialog(k, tilbud))
    services.udkast_submit(actor=k, udkast=agter)
    client.force_login(jurist_hovedstaden)
    shown = df.refresh(agter).tekst_hash()
    assert f'name="tekst_hash" value="{shown}"' in client.get(agter.get_absolute_url()).content.decode()
    services.agterskrivelse_update(actor=k, agterskrivelse=df.refresh(agter), data={"begrundelse": "Ændret."})
    r = client.post(reverse("dialogforloeb:udkast_post", args=["agterskrivelse", agter.pk, "godkend"]),
                    {"tekst_hash": shown}, follow=True)
    html = r.content.decode()
    assert services.TEKST_AENDRET in html
    # Resubmitted after being sent back: the jurist sees what changed.
    assert "Ændret siden teksten blev sendt tilbage" not in html
    assert df.refresh(agter).status == AgterskrivelseStatus.TIL_GODKENDELSE


def test_leader_sees_the_approval_queue_without_a_jurist_only_list(client, konsulent_hovedstaden, leder_hovedstaden,
                                                                    tilbud):
    k = konsulent_hovedstaden
    agter = df.draft_agter(k, df.i_dialog(k, tilbud))
    services.udkast_submit(actor=k, udkast=agter)
    client.force_login(leder_hovedstaden)
    html = client.get(reverse("dialogforloeb:godkendelser")).content.decode()
    assert agter.get_absolute_url() in html and "Senest godkendt af dig" not in html
    assert "Godkend teksten" not in client.get(agter.get_absolute_url()).content.decode()


def test_forloeb_page_links_the_decision_letters(client_konsulent, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    afg = df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f, skaerpet_til=df.today() + dt.timedelta(days=60))
    html = client_konsulent.get(f.get_absolute_url()).content.decode()
    for pk in (afg.dokument_id, afg.skaerpet_dokument_id):
        assert reverse("dokumenter:download", args=[pk]) in html
    assert "Skærpet tilsyn (PDF)" in html and afg.get_absolute_url() in html


def _queue(n, k, j):
    """n agterskrivelser and n afgørelser waiting for the jurist."""
    for i in range(n):
        f = df.i_dialog(k, factories.TilbudFactory(navn=f"Bostedet Kø {Dialogforloeb.objects.count()}-{i}"))
        services.udkast_submit(actor=k, udkast=df.draft_agter(k, f))
        f2, _ = df.varslet(k, j, factories.TilbudFactory(navn=f"Bostedet Afg {Dialogforloeb.objects.count()}-{i}"))
        afg = services.afgoerelse_create(actor=k, forloeb=f2, art="paabud",
                                         data={**df.PAABUD, "frist": df.today() + dt.timedelta(days=30)})
        services.udkast_submit(actor=k, udkast=afg)


@pytest.mark.parametrize("url", ["/dialogforloeb/godkendelser/", "/"])
def test_approval_queue_query_count_is_constant(client, konsulent_hovedstaden, jurist_hovedstaden, url):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    client.force_login(j)
    _queue(1, k, j)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _queue(4, k, j)
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert html.count("Afgørelse: påbud") >= 5 and html.count("Agterskrivelse: påbud") >= 5
    assert len(large) == len(small)


def test_jurist_sees_the_diff_after_a_resubmission(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    agter = df.draft_agter(k, df.i_dialog(k, tilbud))
    services.udkast_submit(actor=k, udkast=agter)
    services.udkast_return(actor=j, udkast=df.refresh(agter), kommentar="Uddyb begrundelsen.")
    client.force_login(k)
    edit = client.get(reverse("dialogforloeb:udkast_action", args=["agterskrivelse", agter.pk, "rediger"]))
    assert "Uddyb begrundelsen." in edit.content.decode()  # the comment is pinned while editing
    services.agterskrivelse_update(actor=k, agterskrivelse=df.refresh(agter),
                                   data={"begrundelse": "Borgernes sikkerhed er ikke sikret om natten."})
    services.udkast_submit(actor=k, udkast=df.refresh(agter))
    client.force_login(j)
    html = client.get(agter.get_absolute_url()).content.decode()
    assert 'data-testid="diff"' in html and "+Borgernes sikkerhed er ikke sikret om natten." in html
    assert "-" + df.AGTER["begrundelse"] in html and "<h3>Begrundelse for den påtænkte afgørelse</h3>" in html


def test_decision_pages_for_konsulent_and_jurist(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f, _ = df.varslet(k, j, tilbud)
    client.force_login(k)
    url = reverse("dialogforloeb:action", args=[f.pk, "paabud"])
    r = client.post(url, {**df.PAABUD, "frist": (df.today() + dt.timedelta(days=30)).isoformat()})
    afg = f.afgoerelser.get()
    assert r.status_code == 302 and r["Location"] == afg.get_absolute_url()
    html = client.get(afg.get_absolute_url()).content.decode()
    assert "Send til godkendelse" in html and "Udsted afgørelsen" in html and 'id="why-final"' in html
    client.post(reverse("dialogforloeb:udkast_post", args=["afgoerelse", afg.pk, "indsend"]))
    client.force_login(j)
    assert afg.get_absolute_url() in client.get(reverse("dialogforloeb:godkendelser")).content.decode()
    client.post(reverse("dialogforloeb:udkast_post", args=["afgoerelse", afg.pk, "godkend"]),
                {"tekst_hash": df.refresh(afg).tekst_hash()})
    client.force_login(k)
    udsted = reverse("dialogforloeb:udkast_action", args=["afgoerelse", afg.pk, "udsted"])
    r = client.post(udsted, {})
    assert "Bekræft at afgørelsen skal udstedes." in r.content.decode() and not df.refresh(afg).er_udstedt
    r = client.post(udsted, {"bekraeft": "on"})
    assert r.status_code == 302 and df.refresh(afg).er_udstedt and df.refresh(f).status == Status.PAABUD


def test_agterskrivelse_editor_prefills_autosaves_and_previews(client_konsulent, konsulent_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f = df.i_dialog(k, tilbud)
    html = client_konsulent.get(reverse("dialogforloeb:action", args=[f.pk, "agterskrivelse"])).content.decode()
    # Pre-filled from the concern and the dialog activities; the dialog it rests on is pre-selected.
    assert "Manglende dokumentation af medicinhåndtering." in html and "Temaer og kriterier: Tema 6" in html
    assert f"{df.days_ago(50):%d.%m.%Y}: Afklarende dialogmøde" in html and "checked" in html
    agter = df.draft_agter(k, f)
    edit = client_konsulent.get(reverse("dialogforloeb:udkast_action", args=["agterskrivelse", agter.pk, "rediger"]))
    assert f'hx-post="/dialogforloeb/agterskrivelse/{agter.pk}/autosave/"' in edit.content.decode()
    autosave = reverse("dialogforloeb:agterskrivelse_autosave", args=[agter.pk])
    data = {**df.AGTER, "begrundelse": "Autogemt begrundelse.",
            "dialog_aktiviteter": [a.pk for a in agter.dialog_aktiviteter.all()]}
    r = client_konsulent.post(autosave, data)
    assert "Gemt kl." in r.content.decode() and df.refresh(agter).begrundelse == "Autogemt begrundelse."
    assert 'id="preview" hx-swap-oob="true"' in r.content.decode()
    r = client_konsulent.post(autosave, {**data, "begrundelse": "", "hoeringsfrist_dage": 3})
    body = r.content.decode()
    assert "Ikke gemt" in body and "Høringsfristen skal være mellem 7 og 90 dage." in body
    assert df.refresh(agter).begrundelse == "Autogemt begrundelse."
    preview = client_konsulent.get(reverse("dialogforloeb:udkast_html", args=["agterskrivelse", agter.pk]))
    assert preview["X-Frame-Options"] == "SAMEORIGIN" and "UDKAST" in preview.content.decode()
    assert "Autogemt begrundelse." in preview.content.decode()


def test_autosave_is_scoped_and_gated(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    agter = df.draft_agter(konsulent_hovedstaden, df.i_dialog(konsulent_hovedstaden, tilbud))
    url = reverse("dialogforloeb:agterskrivelse_autosave", args=[agter.pk])
    client.force_login(jurist_hovedstaden)
    assert client.post(url, df.AGTER).status_code == 403
    client.force_login(factories.konsulent("syd"))
    assert client.post(url, df.AGTER).status_code == 404
    assert client.get(reverse("dialogforloeb:udkast_html", args=["agterskrivelse", agter.pk])).status_code == 404
    assert df.refresh(agter).begrundelse == df.AGTER["begrundelse"]


def test_jurist_reviews_with_the_facts_beside_the_text(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    from tests.kvalitetsmodel import factories as kf

    k = konsulent_hovedstaden
    kf.completed(k, tilbud, score=2, dato=df.days_ago(70))
    f = df.i_dialog(k, tilbud, alvor="lav")
    agter = df.draft_agter(k, f, paataenkt="skaerpet_tilsyn")
    services.udkast_submit(actor=k, udkast=agter)
    client.force_login(jurist_hovedstaden)
    html = client.get(agter.get_absolute_url()).content.decode()
    assert 'data-testid="tema-scorer"' in html and "Tema 4: Sundhed og trivsel" in html and "2,0" in html
    assert "Afklarende dialogmøde <strong>(dialog)</strong>" in html
    assert "Oplyst om: bekymringens karakter, formålet med dialogen, mulige reaktioner" in html


def test_jurist_menu_has_dialogforloeb_and_sees_every_forloeb(client, konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    df.forloeb(konsulent_hovedstaden, tilbud)
    client.force_login(jurist_hovedstaden)
    assert 'href="/dialogforloeb/"' in client.get("/").content.decode()
    html = client.get(reverse("dialogforloeb:list")).content.decode()
    assert "Dialogforløb i socialtilsynet" in html and tilbud.navn in html
