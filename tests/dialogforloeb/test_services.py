"""Full journeys and legal guards of the dialogforløb on PostgreSQL."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from dialogforloeb import guards, services
from dialogforloeb.models import Afgoerelse, Agterskrivelse, Dialogforloeb, Haendelse
from dialogforloeb.vocabulary import (
    AfgoerelseArt,
    AfgoerelseStatus,
    AgterskrivelseStatus,
    AktivitetArt,
    Status,
    Udfald,
)
from dokumenter.models import Dokument
from dokumenter.services import dokument_bytes
from frister.models import Frist
from tests import factories
from tests.dialogforloeb import factories as df
from tilsyn.errors import DomainError, Forbidden

pytestmark = pytest.mark.django_db


def Client_for(user):  # noqa: N802 - reads as a constructor
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def pdf_text(dokument) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(dokument_bytes(dokument))).pages)


def frister(f, **kw):
    return Frist.objects.filter(sag_id=f.pk, sag_ct__model="dialogforloeb", **kw)


def test_journey_1_paabud_extended_and_fulfilled(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f = df.forloeb(k, tilbud, alvor="hoej")
    assert f.status == Status.AABNET
    from risiko.models import Revurderingsforslag
    assert Revurderingsforslag.objects.filter(enhed_id=tilbud.pk, kilde="dialogforloeb").exists()

    df.aktivitet(k, f, AktivitetArt.ORIENTERING_LEDELSE, dato=df.days_ago(58), oplyst=False)
    f = df.refresh(f)
    assert f.status == Status.I_DIALOG
    df.aktivitet(k, f, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=df.days_ago(50))
    df.aktivitet(k, f, AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(45), frist=df.days_ago(30))
    assert frister(f, art="redegoerelse", status="aaben").count() == 1
    df.aktivitet(k, f, AktivitetArt.REDEGOERELSE_MODTAGET, dato=df.days_ago(32))
    assert frister(f, art="redegoerelse", status="opfyldt").count() == 1

    agter = df.draft_agter(k, f)
    assert df.refresh(f).status == Status.VARSLING
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(j, agter)
    agter = services.agterskrivelse_send(actor=k, agterskrivelse=df.refresh(agter), sendt=df.days_ago(10))
    f = df.refresh(f)
    assert f.status == Status.VARSLET
    assert agter.hoeringsfrist == df.days_ago(10) + dt.timedelta(days=14)
    assert frister(f, art="hoering", status="aaben").get().frist == agter.hoeringsfrist
    dok = Dokument.objects.get(pk=agter.dokument_id)
    assert dok.sendt == df.days_ago(10) and len(dok.sha256) == 64

    services.aktivitet_create(actor=k, forloeb=f, art=AktivitetArt.HOERINGSSVAR, dato=df.days_ago(3), form="skriftlig")
    assert df.refresh(agter).hoeringssvar == df.days_ago(3)
    assert frister(f, art="hoering", status="opfyldt").count() == 1

    f = df.refresh(f)
    frist = df.today() + dt.timedelta(days=30)
    afg = df.paabud(k, j, f, frist=frist, hoeringssvar_vurdering="Tilbuddet bestrider ikke forholdene.")
    f = df.refresh(f)
    assert f.status == Status.PAABUD and f.afgoerelse_dato == df.today()
    assert afg.status == AfgoerelseStatus.UDSTEDT and afg.godkendt_af == j and afg.udstedt_af == k
    assert frister(f, art="paabud", status="aaben").get().frist == frist

    ny = frist + dt.timedelta(days=14)
    forl = df.decide(k, j, f, AfgoerelseArt.FRISTFORLAENGELSE, {"frist": ny, "begrundelse": "Tilbuddet har anmodet "
                                                                                          "om mere tid."})
    assert forl.paabud_id == afg.pk and forl.tidligere_frist == frist and forl.dokument_id
    assert df.refresh(afg).frist == ny
    assert frister(f, art="paabud", status="aaben").get().frist == ny

    f = services.forloeb_close(actor=k, forloeb=df.refresh(f), udfald=Udfald.PAABUD_OPFYLDT,
                               begrundelse="Medicinskemaer gennemgået ved besøg: alle udfyldt.")
    assert f.status == Status.AFSLUTTET and f.udfald == Udfald.PAABUD_OPFYLDT
    assert df.refresh(afg).opfyldt == df.today()
    assert not frister(f, status__in=["aaben", "overskredet"]).exists()
    titles = list(Haendelse.objects.filter(forloeb=f).values_list("titel", flat=True))
    for t in ("Bekymring registreret", "Agterskrivelsen godkendt af jurist", "Agterskrivelse sendt",
              "Afgørelsen godkendt af jurist", "Påbud udstedt"):
        assert t in titles


def test_journey_2_bekymring_ophoert(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    f = services.forloeb_close(actor=konsulent_hovedstaden, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT,
                               begrundelse="Ny leder har rettet op; bekræftet ved uanmeldt besøg.")
    assert f.status == Status.AFSLUTTET and f.afsluttet == df.today()


def test_journey_3_varsling_with_invitation_then_bortfaldet(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f = df.i_dialog(k, tilbud, alvor="hoej")
    agter = df.send_agter(k, jurist_hovedstaden, f, sendt=df.today(),
                          invitation_dialogmoede=df.today() + dt.timedelta(days=7))
    assert "dialogmøde" in pdf_text(Dokument.objects.get(pk=agter.dokument_id))
    f = df.refresh(f)
    df.aktivitet(k, f, AktivitetArt.DIALOGMOEDE_PAATAENKT, dato=df.today())
    f = services.forloeb_close(actor=k, forloeb=df.refresh(f), udfald=Udfald.VARSLING_BORTFALDET,
                               begrundelse="Tilbuddet har fremlagt en konkret plan med ny medicinansvarlig.")
    assert f.udfald == Udfald.VARSLING_BORTFALDET
    assert frister(f, art="hoering", status="opfyldt").count() == 1


def test_journey_4_paabud_not_met_then_ophoer(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f, agter = df.varslet(k, j, tilbud, paataenkt="skaerpet_tilsyn")
    til = guards.skaerpet_senest_til(df.today())
    afg = df.paabud(k, j, f, frist=df.today() + dt.timedelta(days=20), skaerpet_til=til)
    assert afg.skaerpet_fra == df.today()
    assert Dokument.objects.filter(art="skaerpet_tilsyn", pk=afg.skaerpet_dokument_id).exists()
    assert frister(f, art="skaerpet_tilsyn", status="aaben").get().frist == til
    f = df.refresh(f)
    df.send_agter(k, j, f, paataenkt="ophoer", sendt=df.days_ago(15))
    f = df.refresh(f)
    ophoer = df.approved(k, j, f, AfgoerelseArt.OPHOER, {"begrundelse": "Påbuddet er ikke opfyldt."})
    with pytest.raises(DomainError, match="åbne frister"):
        services.afgoerelse_issue(actor=k, afgoerelse=df.refresh(ophoer))
    afg2 = services.afgoerelse_issue(actor=k, afgoerelse=df.refresh(ophoer), frister="annuller")
    f = df.refresh(f)
    assert f.status == Status.AFSLUTTET and f.udfald == Udfald.GODKENDELSE_OPHOERT
    tilbud.refresh_from_db()
    assert tilbud.godkendelsesstatus == "ophoert" and tilbud.ophoert_dato == df.today()
    aendring = tilbud.godkendelsesaendringer.order_by("-pk").first()
    assert aendring.til == "ophoert" and aendring.afgoerelse_url == afg2.get_absolute_url()
    html = Client_for(k).get(tilbud.get_absolute_url()).content.decode()
    assert f'Ophørt ved <a href="{afg2.get_absolute_url()}"' in html and f"afgørelse af {df.today():%d.%m.%Y}" in html
    text = pdf_text(Dokument.objects.get(pk=afg2.dokument_id))
    assert "§ 5, stk. 6" in text and "Klagevejledning" in text and "Ankestyrelsen" in text


# --- Guards: refused, with the rule in Danish, and nothing changed ---------------------------------

def _snapshot(f):
    return (Dialogforloeb.objects.get(pk=f.pk).status, Haendelse.objects.count(), Afgoerelse.objects.count(),
            Frist.objects.count(), Dokument.objects.count())


def test_guard_no_paabud_without_prior_dialog(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    """BEK § 9: one-way steps (orientering, an unanswered request for a redegørelse) are not dialog: the
    påbud varsling cannot be sent, and no påbud can be drafted or issued."""
    k = konsulent_hovedstaden
    f = df.forloeb(k, tilbud)
    df.aktivitet(k, f, AktivitetArt.ORIENTERING_LEDELSE, oplyst=True)
    df.aktivitet(df.refresh(f).ansvarlig, df.refresh(f), AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(40),
                 frist=df.days_ago(30))
    f = df.refresh(f)
    assert services.dialog_valg(f) == []
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(jurist_hovedstaden, agter)
    before = _snapshot(f)
    with pytest.raises(DomainError) as exc:
        services.agterskrivelse_send(actor=k, agterskrivelse=df.refresh(agter), sendt=df.days_ago(20))
    assert exc.value.message == guards.BEK9
    assert _snapshot(df.refresh(f)) == before


def test_guard_hoeringsfrist_not_passed(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud, sendt=df.days_ago(2))
    before = _snapshot(f)
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.PAABUD,
                                   data={**df.PAABUD, "frist": df.today() + dt.timedelta(days=10)})
    assert exc.value.message == guards.hoering_afsluttet.message
    assert _snapshot(f) == before


def test_guard_decision_must_be_the_announced_one(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud, paataenkt="paabud")
    before = _snapshot(f)
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.OPHOER, data={"begrundelse": "x"})
    assert exc.value.message == guards.varslet_ophoer.message
    with pytest.raises(DomainError, match="Skærpet tilsyn er ikke varslet") as exc:
        services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.PAABUD, data={
            **df.PAABUD, "frist": df.today() + dt.timedelta(days=10), "skaerpet_til": df.today() + dt.timedelta(days=60)})
    assert exc.value.field == "skaerpet_til"
    assert _snapshot(f) == before


def test_paabud_needs_frist_and_criterion_and_all_problems_are_reported_at_once(konsulent_hovedstaden,
                                                                                jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    before = _snapshot(f)
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.PAABUD, data={
            "tekst": "x", "opfyldelseskriterium": " ", "begrundelse": "", "frist": None,
            "skaerpet_til": guards.skaerpet_senest_til(df.today()) + dt.timedelta(days=1)})
    errors = exc.value.errors
    assert errors["opfyldelseskriterium"] == ["Et påbud skal have et konkret opfyldelseskriterium: der udstedes ikke "
                                              "løbende påbud."]
    assert errors["frist"] == ["Socialtilsynet skal fastsætte en frist for påbuddet (LOST § 8, stk. 2)."]
    assert errors["begrundelse"] == ["Afgørelsen skal begrundes (forvaltningslovens §§ 22-24)."]
    assert "højst 6 måneder ad gangen" in errors["skaerpet_til"][0]
    assert _snapshot(f) == before


def test_no_decision_without_sent_agterskrivelse(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    assert services.afgoerelse_udkast_afvisning(f, AfgoerelseArt.PAABUD) == [
        "Handlingen er ikke mulig, når forløbet står som »I dialog«."]
    assert services.blocking_messages(f, "udsted_paabud") == [
        "Handlingen er ikke mulig, når forløbet står som »I dialog«."]
    before = _snapshot(f)
    with pytest.raises(DomainError, match="ikke mulig, når forløbet står som »I dialog«"):
        services.afgoerelse_create(actor=konsulent_hovedstaden, forloeb=f, art=AfgoerelseArt.PAABUD,
                                   data={**df.PAABUD, "frist": df.today() + dt.timedelta(days=10)})
    assert _snapshot(f) == before


def test_four_eyes_author_cannot_approve_and_other_socialtilsyn_cannot(tilbud):
    both = factories.UserFactory(is_konsulent=True, is_jurist=True)
    f = df.i_dialog(both, tilbud)
    agter = df.draft_agter(both, f)
    services.udkast_submit(actor=both, udkast=agter)
    with pytest.raises(Forbidden) as exc:
        df.approve(both, agter)
    assert exc.value.message == ("Du kan ikke godkende din egen agterskrivelse. Den skal godkendes af en anden jurist "
                                 "(fire øjne).")
    with pytest.raises(Forbidden) as exc:
        df.approve(factories.jurist("syd"), agter)
    assert exc.value.message == "Kun en jurist fra samme socialtilsyn kan godkende agterskrivelsen."
    assert df.refresh(agter).status == AgterskrivelseStatus.TIL_GODKENDELSE
    with pytest.raises(DomainError, match="Det er ikke muligt, mens agterskrivelsen står som »til godkendelse«"):
        services.agterskrivelse_send(actor=both, agterskrivelse=df.refresh(agter))
    assert df.refresh(f).status == Status.VARSLING and not Dokument.objects.exists()


def test_changing_text_after_approval_voids_it(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f = df.i_dialog(k, tilbud)
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(jurist_hovedstaden, agter)
    services.agterskrivelse_update(actor=k, agterskrivelse=df.refresh(agter), data={"begrundelse": "Ny tekst."})
    agter = df.refresh(agter)
    assert agter.status == AgterskrivelseStatus.KLADDE and agter.godkendt_af is None
    with pytest.raises(DomainError, match="Det er ikke muligt, mens agterskrivelsen står som »kladde«"):
        services.agterskrivelse_send(actor=k, agterskrivelse=agter)
    assert Haendelse.objects.filter(forloeb=f, titel="Godkendelsen bortfaldt").exists()


def test_jurist_sends_back_with_comment_and_author_is_notified(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    from frister.models import Notifikation

    k = konsulent_hovedstaden
    f = df.i_dialog(k, tilbud)
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)
    assert Notifikation.objects.filter(user=jurist_hovedstaden, titel__startswith="Agterskrivelse til godkendelse").exists()
    with pytest.raises(DomainError, match="Skriv en kommentar"):
        services.udkast_return(actor=jurist_hovedstaden, udkast=df.refresh(agter), kommentar="")
    services.udkast_return(actor=jurist_hovedstaden, udkast=df.refresh(agter), kommentar="Hjemmel mangler for 6b.")
    agter = df.refresh(agter)
    assert agter.status == AgterskrivelseStatus.TILBAGESENDT and agter.tilbagesendt_tekst == agter.indhold()
    assert Notifikation.objects.filter(user=k, titel__startswith="Agterskrivelse sendt tilbage").exists()


def test_closing_with_open_frister_asks(konsulent_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f = df.i_dialog(k, tilbud)
    df.aktivitet(k, f, AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(5), frist=df.today() + dt.timedelta(days=9))
    f = df.refresh(f)
    before = _snapshot(f)
    with pytest.raises(DomainError, match="åbne frister") as exc:
        services.forloeb_close(actor=k, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT, begrundelse="Rettet.")
    assert exc.value.field == "frister" and _snapshot(f) == before
    services.forloeb_close(actor=k, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT, begrundelse="Rettet.",
                           frister="annuller")
    assert frister(f, status="annulleret").count() == 1


def test_reopen_only_by_leader_with_reason_and_starts_a_new_round(konsulent_hovedstaden, leder_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    f = services.forloeb_close(actor=konsulent_hovedstaden, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT,
                               begrundelse="Rettet.")
    with pytest.raises(Forbidden, match="Kun en leder"):
        services.forloeb_reopen(actor=konsulent_hovedstaden, forloeb=f, begrundelse="Ny henvendelse")
    with pytest.raises(DomainError, match="hvorfor forløbet genåbnes"):
        services.forloeb_reopen(actor=leder_hovedstaden, forloeb=f, begrundelse="")
    f = services.forloeb_reopen(actor=leder_hovedstaden, forloeb=f, begrundelse="Ny whistleblower-henvendelse.")
    assert f.status == Status.I_DIALOG and f.udfald == "" and f.afsluttet is None
    assert f.runde == 2 and f.runde_start == df.today()


def test_stale_state_is_refused(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    stale = df.refresh(f)
    services.forloeb_close(actor=konsulent_hovedstaden, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT, begrundelse="Ok")
    with pytest.raises(DomainError, match="ændret af en anden"):
        services.forloeb_close(actor=konsulent_hovedstaden, forloeb=stale, udfald=Udfald.BEKYMRING_OPHOERT,
                               begrundelse="Ok")


def test_other_socialtilsyn_cannot_open(konsulent_syd, tilbud):
    with pytest.raises(Forbidden):
        df.forloeb(konsulent_syd, tilbud)
    assert not Dialogforloeb.objects.exists()


def test_letters_have_mandatory_sections_and_bytes_never_change(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, agter = df.varslet(k, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    dok = Dokument.objects.get(pk=agter.dokument_id)
    text = pdf_text(dok)
    for part in ("Hjemmel", "Begrundelse", "Høringsfrist", "§ 8", "Mulige reaktioner", "Forudgående dialog"):
        assert part in text, part
    assert "Godkendt af jurist" not in text  # an internal line never reaches the outgoing letter
    sha = dok.sha256
    afg = df.paabud(k, jurist_hovedstaden, f, skaerpet_til=df.today() + dt.timedelta(days=90))
    for pk in (afg.dokument_id, afg.skaerpet_dokument_id):
        text = pdf_text(Dokument.objects.get(pk=pk))
        for part in ("Hjemmel", "Begrundelse", "Klagevejledning", "Ankestyrelsen"):
            assert part in text, (pk, part)
    # Editing the sent agterskrivelse is refused, and the stored letter is unchanged.
    with pytest.raises(DomainError, match="Agterskrivelsen er allerede sendt. Den kan ikke ændres."):
        services.agterskrivelse_update(actor=k, agterskrivelse=df.refresh(agter), data={"begrundelse": "Ændret"})
    dok = Dokument.objects.get(pk=dok.pk)
    assert dok.sha256 == sha and dokument_bytes(dok)
    assert Agterskrivelse.objects.get(pk=agter.pk).begrundelse == df.AGTER["begrundelse"]


def test_abandoning_a_new_varsling_after_paabud_returns_to_paabud(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud)
    df.paabud(k, jurist_hovedstaden, f)
    agter = df.draft_agter(k, df.refresh(f), paataenkt="ophoer")
    assert df.refresh(f).status == Status.VARSLING
    with pytest.raises(DomainError, match="hvorfor agterskrivelsen opgives"):
        services.udkast_abandon(actor=k, udkast=agter, begrundelse="")
    services.udkast_abandon(actor=k, udkast=agter, begrundelse="Påbuddet er alligevel opfyldt.")
    assert df.refresh(f).status == Status.PAABUD
    assert df.refresh(agter).status == AgterskrivelseStatus.OPGIVET


def test_alvor_revision_needs_reason_and_is_on_the_timeline(konsulent_hovedstaden, tilbud):
    f = df.forloeb(konsulent_hovedstaden, tilbud)
    with pytest.raises(DomainError, match="begrundelse"):
        services.forloeb_alvor_revise(actor=konsulent_hovedstaden, forloeb=f, alvor="hoej", begrundelse=" ")
    services.forloeb_alvor_revise(actor=konsulent_hovedstaden, forloeb=f, alvor="hoej", begrundelse="Ny henvendelse.")
    assert df.refresh(f).alvor == "hoej"
    assert Haendelse.objects.filter(forloeb=f, titel="Alvor ændret fra middel til høj", tekst="Ny henvendelse.").exists()


def test_step_indicator_marks_skipped_steps_of_a_closed_forloeb(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    assert [t["label"] for t in f.trin if t["current"]] == ["I dialog"]
    f = services.forloeb_close(actor=konsulent_hovedstaden, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT,
                               begrundelse="Rettet.")
    trin = {t["label"]: t for t in f.trin}
    assert trin["I dialog"]["done"] and trin["Varsling"]["skipped"] and trin["Afgørelse"]["skipped"]
    assert trin["Afsluttet"]["current"]


def test_jurist_approves_only_the_text_they_read(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    """Four eyes on the exact text: an edit while the jurist reads the draft makes the approval refuse."""
    k = konsulent_hovedstaden
    agter = df.draft_agter(k, df.i_dialog(k, tilbud))
    services.udkast_submit(actor=k, udkast=agter)
    shown = df.refresh(agter).tekst_hash()
    services.agterskrivelse_update(actor=k, agterskrivelse=df.refresh(agter), data={"begrundelse": "Skærpet tekst."})
    with pytest.raises(DomainError) as exc:
        services.udkast_approve(actor=jurist_hovedstaden, udkast=df.refresh(agter), tekst_hash=shown)
    assert exc.value.message == services.TEKST_AENDRET
    assert df.refresh(agter).status == AgterskrivelseStatus.TIL_GODKENDELSE and df.refresh(agter).godkendt_af is None
    df.approve(jurist_hovedstaden, agter)
    assert df.refresh(agter).godkendelse_gyldig


def test_approval_without_the_fingerprint_is_refused(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    agter = df.draft_agter(k, df.i_dialog(k, tilbud))
    services.udkast_submit(actor=k, udkast=agter)
    for missing in (None, ""):
        with pytest.raises(DomainError) as exc:
            services.udkast_approve(actor=jurist_hovedstaden, udkast=df.refresh(agter), tekst_hash=missing)
        assert exc.value.message == services.FINGERAFTRYK_MANGLER
    assert df.refresh(agter).status == AgterskrivelseStatus.TIL_GODKENDELSE


def test_refused_send_stores_no_letter(konsulent_hovedstaden, jurist_hovedstaden, tilbud, settings, tmp_path):
    """The guard is checked before the PDF is rendered: a refused send leaves no document and no file."""
    settings.MEDIA_ROOT = tmp_path
    k = konsulent_hovedstaden
    f = df.i_dialog(k, tilbud)
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(jurist_hovedstaden, agter)
    jurist_hovedstaden.is_jurist = False  # the approver is no longer a jurist
    jurist_hovedstaden.save()
    with pytest.raises(DomainError, match="godkendt af en jurist fra samme socialtilsyn"):
        services.agterskrivelse_send(actor=k, agterskrivelse=df.refresh(agter))
    assert df.refresh(f).status == Status.VARSLING and df.refresh(agter).status == AgterskrivelseStatus.GODKENDT
    assert not Dokument.objects.exists() and not any(p.is_file() for p in tmp_path.rglob("*"))


def test_hoeringsfrist_bounds_in_the_service_as_in_the_form(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    for dage in (365, 1, 6):
        with pytest.raises(DomainError) as exc:
            services.agterskrivelse_create(actor=konsulent_hovedstaden, forloeb=f, data=df.agter_data(
                f, hoeringsfrist_dage=dage))
        assert exc.value.errors == {"hoeringsfrist_dage": ["Høringsfristen skal være mellem 7 og 90 dage."]}
    assert df.refresh(f).status == Status.I_DIALOG and not Agterskrivelse.objects.exists()
    assert services.hoeringsfrist_advarsel(7).startswith("Høringsfristen er kortere end 14 dage")
    assert services.hoeringsfrist_advarsel(14) == ""


def test_a_jurist_who_changed_the_text_cannot_approve_it(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    """Four eyes: whoever wrote part of the text (not only the author) cannot approve it."""
    k = konsulent_hovedstaden
    both = factories.UserFactory(is_konsulent=True, is_jurist=True)  # a colleague with both roles
    agter = df.draft_agter(k, df.i_dialog(k, tilbud))
    services.udkast_submit(actor=k, udkast=agter)
    services.agterskrivelse_update(actor=both, agterskrivelse=df.refresh(agter), data={"begrundelse": "Min tekst."})
    assert guards.godkender_afvisning(both, df.refresh(agter)) == guards.medforfatter_godkendelse(df.refresh(agter))
    with pytest.raises(Forbidden, match="Du har selv ændret i agterskrivelsens tekst"):
        df.approve(both, agter)
    assert df.refresh(agter).status == AgterskrivelseStatus.TIL_GODKENDELSE
    df.approve(jurist_hovedstaden, agter)
    assert df.refresh(agter).godkendelse_gyldig
