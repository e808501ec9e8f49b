"""Browser tests for the dialogforløb, one per role: the consultant registers a concern and drafts an
agterskrivelse, the jurist approves (and cannot approve an own draft), the leader sees the case in the
escalation queue."""

import re

import pytest
from playwright.sync_api import expect

from dialogforloeb import services
from tests import factories
from tests.dialogforloeb import factories as df
from tests.e2e.test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_konsulent_registers_concern_and_drafts_agterskrivelse(login, live_server):
    k = factories.konsulent("hovedstaden", username="k-e2e", first_name="Karen", last_name="Holm")
    tilbud = factories.TilbudFactory(navn="Bostedet Engbo", ansvarlig_konsulent=k)
    page = login(k)
    page.goto(f"{live_server.url}{tilbud.get_absolute_url()}")
    page.get_by_role("link", name="Registrér bekymring").click()
    page.get_by_role("button", name="Åbn dialogforløb").click()
    expect(page.locator("#error-summary")).to_contain_text("Kilde: Feltet skal udfyldes.")
    assert _violations(page) == []
    page.get_by_label("Kilde").select_option("whistleblower")
    page.get_by_label("Hvad blev set").fill("Nattevagten var alene med 12 borgere.")
    page.get_by_label("Temaer og kriterier").fill("Tema 5 Organisation og ledelse")
    page.get_by_role("button", name="Åbn dialogforløb").click()
    expect(page.get_by_test_id("status")).to_have_text("Åbnet")
    expect(page.get_by_test_id("timeline")).to_contain_text("Bekymring registreret")

    page.get_by_role("link", name="Registrér aktivitet").click()
    page.get_by_label("Aktivitet").select_option("dialogmoede_afklarende")
    page.get_by_label("Enheden er oplyst om bekymringens karakter").check()
    page.get_by_role("button", name="Gem aktivitet").click()
    expect(page.get_by_test_id("status")).to_have_text("I dialog")
    # A disallowed action is shown disabled, with the rule that blocks it.
    expect(page.locator("button[data-action='paabud']")).to_be_disabled()
    expect(page.locator("#why-paabud")).to_contain_text("ikke mulig, når forløbet står som »I dialog«")
    assert _violations(page) == []

    page.get_by_role("link", name="Skriv agterskrivelse").click()
    page.get_by_label("Påtænkt afgørelse").select_option("paabud")
    page.get_by_label("Faktiske forhold og bekymringer pr. tema/kriterium").fill("Nattevagter dækkes af én vikar.")
    page.get_by_label("Begrundelse for den påtænkte afgørelse").fill("Borgernes sikkerhed er ikke sikret.")
    # The dialog the varsling rests on is pre-selected (BEK § 9), and the legend says what counts as dialog.
    expect(page.get_by_label("Afklarende dialogmøde", exact=False)).to_be_checked()
    expect(page.get_by_test_id("dialogdefinition")).to_contain_text("Hvad tæller som dialog?")
    page.get_by_role("button", name="Gem kladde").click()
    # The draft is saved and stays in the editor, which now saves as the konsulent types.
    expect(page.locator("#autosave")).to_contain_text("Ændringer gemmes automatisk")
    page.get_by_role("link", name="Tilbage til agterskrivelsen").click()
    expect(page.get_by_test_id("udkast-status")).to_have_text("Kladde")
    page.get_by_role("button", name="Send til godkendelse").click()
    expect(page.get_by_test_id("udkast-status")).to_have_text("Til godkendelse")


def test_jurist_approves_but_not_own_draft(login, live_server):
    k = factories.konsulent("hovedstaden", username="k-e2e2")
    j = factories.jurist("hovedstaden", username="j-e2e", first_name="Jonas", last_name="Bech")
    tilbud = factories.TilbudFactory(navn="Opholdsstedet Granly")
    f = df.i_dialog(k, tilbud)
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)

    both = factories.UserFactory(username="kj-e2e", is_konsulent=True, is_jurist=True)
    own_f = df.i_dialog(both, factories.TilbudFactory(navn="Bostedet Hyldebo"))
    own = df.draft_agter(both, own_f)
    services.udkast_submit(actor=both, udkast=own)

    page = login(j)
    page.get_by_role("link", name="Godkendelser").first.click()
    expect(page.get_by_test_id("godkendelser")).to_contain_text("Opholdsstedet Granly")
    page.get_by_test_id("godkendelser").get_by_role("link", name="Opholdsstedet Granly").click()
    page.get_by_role("button", name="Godkend teksten").click()
    expect(page.get_by_test_id("udkast-status")).to_have_text("Godkendt")
    assert _violations(page) == []
    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text("godkendt")

    page.context.clear_cookies()
    page = login(both)
    page.goto(f"{live_server.url}{own.get_absolute_url()}")
    expect(page.get_by_role("button", name="Godkend teksten")).to_be_disabled()
    expect(page.locator("#why-godkend")).to_contain_text("Du kan ikke godkende din egen agterskrivelse")


def test_leder_sees_case_in_escalation_queue(login, live_server):
    k = factories.konsulent("hovedstaden", username="k-e2e3")
    leder = factories.leder("hovedstaden", username="l-e2e")
    hoej = factories.TilbudFactory(navn="Krisecentret Fuglsang")
    df.forloeb(k, hoej, alvor="hoej", dato=df.days_ago(30))
    df.forloeb(k, factories.TilbudFactory(navn="Bostedet Østerbo"), alvor="lav", dato=df.days_ago(3))
    page = login(leder)
    expect(page.locator("main")).to_contain_text("Eskaleringskø")
    page.get_by_role("link", name="Eskalering").first.click()
    table = page.get_by_test_id("forloeb-table")
    expect(table).to_contain_text("Krisecentret Fuglsang")
    expect(table).to_contain_text("Høj alvor uden dialogmøde inden for 14 dage")
    assert _violations(page) == []
    # Filters apply at once (htmx swaps the list and keeps the filter in the URL).
    page.get_by_label("Alvor").select_option("lav")
    expect(table).not_to_contain_text("Krisecentret Fuglsang")
    expect(table).to_contain_text("Bostedet Østerbo")
    assert "alvor=lav" in page.url


def test_paabud_is_drafted_by_konsulent_approved_by_jurist_and_issued(login, live_server, page):
    """Four eyes on a decision, in the browser: the konsulent drafts the påbud, cannot issue it alone, the
    jurist approves the exact text, and the konsulent issues it as a letter."""
    k = factories.konsulent("hovedstaden", username="k-e2e4", first_name="Karen", last_name="Holm")
    j = factories.jurist("hovedstaden", username="j-e2e4", first_name="Jonas", last_name="Bech")
    tilbud = factories.TilbudFactory(navn="Bostedet Solsikken")
    f, _ = df.varslet(k, j, tilbud, sendt=df.days_ago(20))

    page = login(k)
    page.goto(f"{live_server.url}{f.get_absolute_url()}")
    page.get_by_role("link", name="Skriv afgørelse: påbud").click()
    page.get_by_label("Påbuddets indhold").fill("Dokumentér al medicinhåndtering.")
    page.get_by_label("Hvornår er påbuddet opfyldt").fill("Alle medicinskemaer er udfyldt og kontrolleret.")
    page.get_by_label("Begrundelse").fill("Forholdene er ikke rettet trods dialog.")
    page.get_by_role("button", name="Gem udkast").click()
    expect(page.get_by_test_id("udkast-status")).to_have_text("Kladde")
    expect(page.locator("#why-final")).to_contain_text("skal godkendes af en jurist")
    assert _violations(page) == []
    page.get_by_role("button", name="Send til godkendelse").click()
    expect(page.get_by_test_id("udkast-status")).to_have_text("Til godkendelse")

    page.context.clear_cookies()
    page = login(j)
    page.get_by_role("link", name="Godkendelser").first.click()
    page.get_by_test_id("godkendelser").get_by_role("link", name="Bostedet Solsikken").click()
    expect(page.locator("h1")).to_have_text("Afgørelse: påbud")
    page.get_by_role("button", name="Godkend teksten").click()
    expect(page.get_by_test_id("udkast-status")).to_have_text("Godkendt")

    page.context.clear_cookies()
    page = login(k)
    page.goto(f"{live_server.url}{f.get_absolute_url()}")
    page.get_by_role("link", name="Afgørelse: påbud (godkendt)").click()
    page.get_by_role("link", name="Udsted afgørelsen").click()
    page.get_by_label("Jeg bekræfter, at afgørelsen udstedes nu som brev").check()
    page.get_by_role("button", name="Udsted afgørelsen").click()
    expect(page.get_by_test_id("status")).to_have_text("Påbud udstedt")
    expect(page.get_by_test_id("afgoerelse-breve").first).to_contain_text("Påbuddet (PDF)")
    assert _violations(page) == []


def test_agterskrivelse_editor_prefills_and_autosaves(login, live_server, page):
    k = factories.konsulent("hovedstaden", username="k-e2e5", first_name="Karen", last_name="Holm")
    tilbud = factories.TilbudFactory(navn="Bostedet Havbrisen")
    f = df.i_dialog(k, tilbud)
    page = login(k)
    page.goto(f"{live_server.url}{f.get_absolute_url()}")
    page.get_by_role("link", name="Skriv agterskrivelse").click()
    expect(page.get_by_label("Faktiske forhold og bekymringer pr. tema/kriterium")).to_have_value(
        re.compile("Manglende dokumentation af medicinhåndtering.*Afklarende dialogmøde", re.S))
    page.get_by_label("Påtænkt afgørelse").select_option("paabud")
    page.get_by_label("Begrundelse for den påtænkte afgørelse").fill("Borgernes sikkerhed er ikke sikret.")
    page.get_by_role("button", name="Gem kladde").click()
    expect(page.locator("#autosave")).to_contain_text("Ændringer gemmes automatisk")
    page.get_by_label("Begrundelse for den påtænkte afgørelse").fill("Borgernes sikkerhed er ikke sikret om natten.")
    expect(page.locator("#autosave")).to_contain_text("Gemt kl.", timeout=10_000)
    expect(page.frame_locator("#preview").locator("body")).to_contain_text("ikke sikret om natten")
    assert _violations(page) == []
    page.reload()
    expect(page.get_by_label("Begrundelse for den påtænkte afgørelse")).to_have_value(
        "Borgernes sikkerhed er ikke sikret om natten.")
