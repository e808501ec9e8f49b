"""Every legal guard, tested directly (exact Danish message, true and false) and through the service that
relies on it, by the path that used to let an illegal step through."""

import datetime as dt

import pgtrigger
import pytest

from dialogforloeb import guards, services
from dialogforloeb.models import Afgoerelse, Agterskrivelse, Dialogforloeb
from dialogforloeb.vocabulary import AfgoerelseArt, AgterskrivelseStatus, AktivitetArt, Status, Udfald
from tests import factories
from tests.dialogforloeb import factories as df
from tilsyn.errors import DomainError, Forbidden

pytestmark = pytest.mark.django_db


def test_every_guard_message_is_the_one_the_service_raises():
    """The messages are part of the rule: a change must be deliberate (and the docs and pages follow)."""
    assert guards.varsling_sendt.message == ("Der er ikke sendt en agterskrivelse, som varsler afgørelsen "
                                             "(forvaltningslovens § 19, partshøring).")
    assert guards.hoering_afsluttet.message == ("Høringsfristen er ikke udløbet, og der er ikke modtaget høringssvar "
                                                "(forvaltningslovens § 19).")
    assert guards.varslet_paabud.message == ("Den sendte agterskrivelse varsler ikke påbud. Afgørelsen skal være den, "
                                             "der er varslet (forvaltningslovens § 19).")
    assert guards.forudgaaende_dialog.message == guards.BEK9 and "§ 9, stk. 1" in guards.BEK9
    assert guards.agterskrivelse_godkendt.message.startswith("Agterskrivelsen skal være godkendt af en jurist fra "
                                                             "samme socialtilsyn")
    assert guards.afgoerelse_godkendt.message.startswith("Afgørelsen skal være godkendt af en jurist fra samme "
                                                         "socialtilsyn, som hverken har skrevet eller ændret den")
    assert guards.fornyelse_rettidig.message == ("Skærpet tilsyn kan først forlænges i den nuværende periodes sidste "
                                                 "måned og senest på periodens sidste dag (LOST § 8, stk. 1).")
    assert guards.uden_jurist_tilladt.message == ("Afgørelsen skal godkendes af en jurist fra samme socialtilsyn "
                                                  "(fire øjne), før den kan udstedes.")


# --- BEK § 9: dialog before påbud --------------------------------------------------------------------

def _sent_on(k, j, f, days):
    return df.send_agter(k, j, f, sendt=df.days_ago(days))


def test_forudgaaende_dialog_true_with_two_way_dialog_before_sending(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud)
    assert guards.forudgaaende_dialog(f) is True
    assert [a.art for a in guards.dialog_grundlag(agter)] == [AktivitetArt.DIALOGMOEDE_AFKLARENDE]


@pytest.mark.parametrize("art", [AktivitetArt.ORIENTERING_LEDELSE, AktivitetArt.UDVIKLINGSPUNKTER,
                                 AktivitetArt.SKRIFTLIG_HENVENDELSE, AktivitetArt.EKSTRA_TILSYNSBESOEG])
def test_one_way_activities_are_not_dialog(konsulent_hovedstaden, jurist_hovedstaden, tilbud, art):
    k = konsulent_hovedstaden
    f = df.forloeb(k, tilbud)
    a = df.aktivitet(k, f, art, dato=df.days_ago(40))
    f = df.refresh(f)
    assert a not in services.dialog_valg(f)
    # Naming it as the basis anyway is refused (only dialog of the current round can be named).
    with pytest.raises(DomainError) as exc:
        services.agterskrivelse_create(actor=k, forloeb=f, data={**df.AGTER, "dialog_aktiviteter": [a]})
    assert exc.value.errors == {"dialog_aktiviteter": ["Vælg kun dialogaktiviteter fra forløbets nuværende runde."]}


def test_an_unanswered_request_for_a_redegoerelse_is_not_dialog(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f = df.forloeb(k, tilbud)
    df.aktivitet(k, f, AktivitetArt.ANMODNING_REDEGOERELSE, dato=df.days_ago(40), frist=df.days_ago(25))
    f = df.refresh(f)
    assert services.dialog_valg(f) == []
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(jurist_hovedstaden, agter)
    assert guards.dialog_foer_varsling(df.refresh(f)) is False
    assert services.blocking_messages(df.refresh(f), "send_varsling") == [guards.BEK9]
    with pytest.raises(DomainError) as exc:
        services.agterskrivelse_send(actor=k, agterskrivelse=df.refresh(agter))
    assert exc.value.message == guards.BEK9 and df.refresh(f).status == Status.VARSLING


def test_dialog_logged_after_the_agterskrivelse_was_sent_does_not_count(konsulent_hovedstaden, jurist_hovedstaden,
                                                                         tilbud):
    """An e-mail answered after the høringssvar does not make up for missing dialog before the varsling."""
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f = df.forloeb(k, tilbud)
    df.aktivitet(k, f, AktivitetArt.ORIENTERING_LEDELSE, dato=df.days_ago(50))
    f = df.refresh(f)
    agter = services.agterskrivelse_create(actor=k, forloeb=f, data={**df.AGTER, "paataenkt": "ophoer"})
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(j, agter)
    agter = services.agterskrivelse_send(actor=k, agterskrivelse=df.refresh(agter), sendt=df.days_ago(30))
    df.aktivitet(k, df.refresh(f), AktivitetArt.HOERINGSSVAR, dato=df.days_ago(20))
    df.aktivitet(k, df.refresh(f), AktivitetArt.SKRIFTLIG_KORRESPONDANCE, dato=df.days_ago(10))
    # Even named as the basis (by a raw write), a dialog after sending does not count.
    later = df.refresh(f).aktiviteter.get(art=AktivitetArt.SKRIFTLIG_KORRESPONDANCE)
    agter.dialog_aktiviteter.add(later)
    assert not guards.dialog_grundlag(agter).exists()
    agter.paataenkt = "paabud"  # as if it had announced a påbud: BEK § 9 still refuses
    assert guards.dialog_grundlag(agter).count() == 0


def test_dialog_from_an_earlier_round_does_not_count(konsulent_hovedstaden, jurist_hovedstaden, leder_hovedstaden,
                                                      tilbud):
    k = konsulent_hovedstaden
    f = df.i_dialog(k, tilbud)  # dialogmøde 50 days ago, round 1
    f = services.forloeb_close(actor=k, forloeb=f, udfald=Udfald.BEKYMRING_OPHOERT, begrundelse="Rettet.",
                               dato=df.days_ago(40))
    f = services.forloeb_reopen(actor=leder_hovedstaden, forloeb=f, begrundelse="Ny bekymring om andre forhold.",
                                dato=df.days_ago(30))
    assert f.runde == 2 and services.dialog_valg(f) == []
    old = f.aktiviteter.get(art=AktivitetArt.DIALOGMOEDE_AFKLARENDE)
    with pytest.raises(DomainError, match="nuværende runde"):
        services.agterskrivelse_create(actor=k, forloeb=f, data={**df.AGTER, "dialog_aktiviteter": [old]})
    # An activity of the new round cannot be back-dated into the old one.
    with pytest.raises(DomainError) as exc:
        df.aktivitet(k, df.refresh(f), AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=df.days_ago(35))
    assert exc.value.errors["dato"] == [f"En aktivitet registreres, når den har fundet sted: datoen kan ikke ligge før "
                                        f"forløbets nuværende runde ({df.days_ago(30):%d.%m.%Y})."]
    new = df.aktivitet(k, df.refresh(f), AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=df.days_ago(25))
    assert new.runde == 2 and services.dialog_valg(df.refresh(f)) == [new]


def test_dialog_without_telling_the_unit_of_the_concern_does_not_count(konsulent_hovedstaden, jurist_hovedstaden,
                                                                        tilbud):
    k = konsulent_hovedstaden
    f = df.forloeb(k, tilbud)
    moede = df.aktivitet(k, f, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=df.days_ago(40), oplyst=False)
    f = df.refresh(f)
    agter = services.agterskrivelse_create(actor=k, forloeb=f, data={**df.AGTER, "dialog_aktiviteter": [moede]})
    assert not guards.dialog_grundlag(agter).exists()


def test_paabud_refused_when_the_agterskrivelse_names_no_dialog(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    """The guard on the decision itself (not only at sending): a varsling that names no dialog leads to no påbud."""
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f = df.i_dialog(k, tilbud)
    agter = services.agterskrivelse_create(actor=k, forloeb=f, data={**df.AGTER, "paataenkt": "ophoer"})
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(j, agter)
    services.agterskrivelse_send(actor=k, agterskrivelse=df.refresh(agter), sendt=df.days_ago(20))
    # A row from before the rule (or written around the service): the decision's own guard still refuses.
    with pgtrigger.ignore("dialogforloeb.Agterskrivelse:agterskrivelse_sendt_uforanderlig"):
        Agterskrivelse.objects.filter(pk=agter.pk).update(paataenkt="paabud")
    f = df.refresh(f)
    assert guards.forudgaaende_dialog(f) is False
    assert guards.BEK9 in services.afgoerelse_udkast_afvisning(f, AfgoerelseArt.PAABUD)
    assert guards.BEK9 in services.blocking_messages(f, "udsted_paabud")
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.PAABUD,
                                   data={**df.PAABUD, "frist": df.today() + dt.timedelta(days=20)})
    assert exc.value.message == guards.BEK9


# --- FVL § 19 ----------------------------------------------------------------------------------------

def test_varsling_sendt_is_false_once_a_decision_was_issued_on_it(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud)
    assert guards.varsling_sendt(f) is True
    df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f)
    assert guards.varsling_sendt(df.refresh(f)) is False
    assert guards.varsling_sendt(df.i_dialog(konsulent_hovedstaden, factories.TilbudFactory())) is False


def test_hoering_afsluttet_boundaries(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, sendt=df.days_ago(14))
    assert agter.hoeringsfrist == df.today()
    assert guards.hoering_afsluttet(f) is False  # the last day of the hearing is the unit's
    f.handlingsdato = df.today() + dt.timedelta(days=1)
    assert guards.hoering_afsluttet(f) is True
    f = df.refresh(f)
    df.aktivitet(konsulent_hovedstaden, f, AktivitetArt.HOERINGSSVAR, dato=df.today())
    assert guards.hoering_afsluttet(df.refresh(f)) is True


def test_varslet_guards_match_the_announcement(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, paataenkt="ophoer")
    assert (guards.varslet_ophoer(f), guards.varslet_paabud(f), guards.varslet_fornyelse(f)) == (True, False, False)
    f2, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, factories.TilbudFactory(), paataenkt="skaerpet_tilsyn")
    assert (guards.varslet_ophoer(f2), guards.varslet_paabud(f2)) == (False, True)


# --- Four eyes ---------------------------------------------------------------------------------------

def test_agterskrivelse_godkendt_checks_author_coauthor_socialtilsyn_and_role(konsulent_hovedstaden,
                                                                              jurist_hovedstaden, tilbud):
    """The guard itself refuses, even if another layer (the service) were bypassed by a raw write."""
    k, j = konsulent_hovedstaden, jurist_hovedstaden
    f = df.i_dialog(k, tilbud)
    agter = df.draft_agter(k, f)
    services.udkast_submit(actor=k, udkast=agter)
    df.approve(j, agter)
    f = df.refresh(f)
    assert guards.agterskrivelse_godkendt(f) is True

    def approved_by(user, **extra):
        Agterskrivelse.objects.filter(pk=agter.pk).update(godkendt_af=user, **extra)
        return guards.agterskrivelse_godkendt(df.refresh(f))

    both = factories.UserFactory(is_konsulent=True, is_jurist=True)
    assert approved_by(factories.jurist("syd")) is False  # another socialtilsyn
    assert approved_by(factories.konsulent("hovedstaden")) is False  # not a jurist
    assert approved_by(both, medforfattere=[both.pk]) is False  # changed the text
    assert approved_by(j, medforfattere=[]) is True
    Agterskrivelse.objects.filter(pk=agter.pk).update(begrundelse="Ændret uden om tjenesten.")
    assert guards.agterskrivelse_godkendt(df.refresh(f)) is False  # the text is not the approved one


def test_a_konsulent_alone_cannot_issue_any_decision(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
    afg = services.afgoerelse_create(actor=k, forloeb=f, art=AfgoerelseArt.PAABUD, data={
        **df.PAABUD, "frist": df.today() + dt.timedelta(days=30), "skaerpet_til": df.today() + dt.timedelta(days=60)})
    for status in ("kladde", "til_godkendelse"):
        if status == "til_godkendelse":
            services.udkast_submit(actor=k, udkast=afg)
        with pytest.raises(DomainError) as exc:
            services.afgoerelse_issue(actor=k, afgoerelse=df.refresh(afg))
        assert exc.value.message == guards.uden_jurist_tilladt.message if status == "kladde" else \
            "Det er ikke muligt, mens afgørelsen står som »til godkendelse«."
    assert guards.afgoerelse_godkendt(df.refresh(f)) is False
    assert guards.afgoerelse_godkendt.message in services.blocking_messages(df.refresh(f), "udsted_paabud")
    assert df.refresh(f).status == Status.VARSLET and not df.refresh(afg).dokument_id
    with pytest.raises(Forbidden) as exc:
        df.approve(k, afg)
    assert exc.value.message == "Kun en jurist fra samme socialtilsyn kan godkende afgørelsen."
    df.approve(jurist_hovedstaden, afg)
    issued = services.afgoerelse_issue(actor=k, afgoerelse=df.refresh(afg))
    assert issued.er_udstedt and df.refresh(f).status == Status.PAABUD


def test_a_jurist_cannot_approve_a_decision_they_wrote_or_changed(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    both = factories.UserFactory(is_konsulent=True, is_jurist=True)
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud, paataenkt="ophoer")
    afg = services.afgoerelse_create(actor=both, forloeb=f, art=AfgoerelseArt.OPHOER, data={"begrundelse": "Ophør."})
    services.udkast_submit(actor=both, udkast=afg)
    with pytest.raises(Forbidden) as exc:
        df.approve(both, afg)
    assert exc.value.message == ("Du kan ikke godkende din egen afgørelse. Den skal godkendes af en anden jurist "
                                 "(fire øjne).")
    other = factories.UserFactory(is_konsulent=True, is_jurist=True)
    services.afgoerelse_update(actor=other, afgoerelse=df.refresh(afg), data={"begrundelse": "Ophør, uddybet."})
    with pytest.raises(Forbidden, match="Du har selv ændret i afgørelsens tekst"):
        df.approve(other, afg)
    df.approve(jurist_hovedstaden, afg)
    assert df.refresh(afg).godkendelse_gyldig


def test_decision_approval_voided_by_an_edit(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud)
    afg = df.approved(k, jurist_hovedstaden, f, AfgoerelseArt.PAABUD,
                      {**df.PAABUD, "frist": df.today() + dt.timedelta(days=30)})
    services.afgoerelse_update(actor=k, afgoerelse=df.refresh(afg), data={"frist": df.today() + dt.timedelta(days=45)})
    afg = df.refresh(afg)
    assert afg.status == AgterskrivelseStatus.KLADDE and afg.godkendt_af is None
    assert guards.godkendelse_gyldig(afg) is False
    with pytest.raises(DomainError, match="skal godkendes af en jurist"):
        services.afgoerelse_issue(actor=k, afgoerelse=afg)


def test_frist_extension_without_jurist_only_when_the_socialtilsyn_turned_it_off(konsulent_hovedstaden,
                                                                                 jurist_hovedstaden, tilbud):
    k = konsulent_hovedstaden
    f, _ = df.varslet(k, jurist_hovedstaden, tilbud)
    paabud = df.paabud(k, jurist_hovedstaden, f)
    data = {"frist": paabud.frist + dt.timedelta(days=14), "begrundelse": "Tilbuddet har bedt om to uger mere."}
    forl = services.afgoerelse_create(actor=k, forloeb=df.refresh(f), art=AfgoerelseArt.FRISTFORLAENGELSE, data=data)
    assert guards.uden_jurist_tilladt(forl) is False
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_issue(actor=k, afgoerelse=forl)
    assert exc.value.message == guards.uden_jurist_tilladt.message
    cfg = services.indstillinger_for(tilbud.socialtilsyn_id)
    cfg.fire_oejne_fristforlaengelse = False
    cfg.save()
    forl = df.refresh(forl)
    assert guards.uden_jurist_tilladt(forl) is True
    issued = services.afgoerelse_issue(actor=k, afgoerelse=forl)
    assert issued.er_udstedt and issued.godkendt_af is None and df.refresh(paabud).frist == data["frist"]
    # Only extensions: every other decision still needs a jurist.
    forl.art = AfgoerelseArt.PAABUD
    assert guards.uden_jurist_tilladt(forl) is False


def test_one_agterskrivelse_at_a_time(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    assert guards.ingen_aaben_kladde(f) is True
    df.draft_agter(konsulent_hovedstaden, f)
    f = df.refresh(f)
    assert guards.ingen_aaben_kladde(f) is False
    Dialogforloeb.objects.filter(pk=f.pk).update(status=Status.I_DIALOG)  # as if a second tab were open
    with pytest.raises(DomainError) as exc:
        df.draft_agter(konsulent_hovedstaden, df.refresh(f))
    assert exc.value.message == guards.ingen_aaben_kladde.message


def test_responsible_konsulent_of_another_socialtilsyn_is_refused(konsulent_hovedstaden, konsulent_syd, tilbud):
    with pytest.raises(DomainError) as exc:
        df.forloeb(konsulent_hovedstaden, tilbud, ansvarlig=konsulent_syd)
    assert exc.value.errors == {"ansvarlig": ["Den ansvarlige skal høre til samme socialtilsyn som enheden."]}
    assert not Dialogforloeb.objects.exists()


def test_double_send_says_already_sent(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud)
    with pytest.raises(DomainError) as exc:
        services.agterskrivelse_send(actor=konsulent_hovedstaden, agterskrivelse=df.refresh(agter))
    assert exc.value.message == "Agterskrivelsen er allerede sendt."
    afg = df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f)
    with pytest.raises(DomainError) as exc:
        services.afgoerelse_issue(actor=konsulent_hovedstaden, afgoerelse=df.refresh(afg))
    assert exc.value.message == "Afgørelsen er allerede udstedt."
    assert Afgoerelse.objects.filter(forloeb=f).count() == 1
