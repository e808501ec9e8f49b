"""Case records are permanent (journaliseringspligt): PostgreSQL refuses deleting them or changing what was
sent or decided, whatever path tries (ORM, raw SQL, admin); the legal paths still write what they must."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory

from dialogforloeb import services
from dialogforloeb.models import NEVER_DELETED, Afgoerelse, Agterskrivelse, Aktivitet, Dialogforloeb, Haendelse
from dialogforloeb.vocabulary import AfgoerelseArt, AktivitetArt
from tests import factories
from tests.dialogforloeb import factories as df

pytestmark = pytest.mark.django_db


@pytest.fixture
def sag(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud)
    afg = df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f)
    return df.refresh(f), df.refresh(agter), df.refresh(afg)


def _refused(fn, message):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        fn()
    assert message in str(exc.value)


@pytest.mark.parametrize("model", [Dialogforloeb, Aktivitet, Agterskrivelse, Afgoerelse, Haendelse])
def test_no_case_record_can_be_deleted_by_orm_or_sql(sag, model):
    obj = model.objects.order_by("pk").first()
    # Through the ORM, Django's PROTECT or the trigger refuses (whichever comes first); in SQL, the trigger.
    with pytest.raises((IntegrityError, ProtectedError)), transaction.atomic():
        model.objects.filter(pk=obj.pk).delete()

    def raw():
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {model._meta.db_table} WHERE id = %s", [obj.pk])

    _refused(raw, NEVER_DELETED)
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_sent_agterskrivelse_cannot_be_changed_but_its_hearing_is_recorded(sag, konsulent_hovedstaden):
    f, agter, _ = sag
    msg = "En sendt eller opgivet agterskrivelse ændres ikke"
    _refused(lambda: Agterskrivelse.objects.filter(pk=agter.pk).update(begrundelse="Omskrevet bagefter."), msg)
    _refused(lambda: Agterskrivelse.objects.filter(pk=agter.pk).update(paataenkt="ophoer"), msg)
    _refused(lambda: Agterskrivelse.objects.filter(pk=agter.pk).update(
        hoeringsfrist=agter.hoeringsfrist - dt.timedelta(days=1)), msg)  # never shortened
    # The legal later writes: the høringssvar once, the høringsfrist forward.
    Agterskrivelse.objects.filter(pk=agter.pk).update(hoeringsfrist=agter.hoeringsfrist + dt.timedelta(days=1))
    Agterskrivelse.objects.filter(pk=agter.pk).update(hoeringssvar=df.today())
    _refused(lambda: Agterskrivelse.objects.filter(pk=agter.pk).update(hoeringssvar=df.days_ago(1)), msg)


def test_an_issued_decision_cannot_be_changed_except_forward_by_a_linked_decision(sag):
    _, _, afg = sag
    msg = "En udstedt afgørelse ændres ikke"
    _refused(lambda: Afgoerelse.objects.filter(pk=afg.pk).update(tekst="Et andet påbud."), msg)
    _refused(lambda: Afgoerelse.objects.filter(pk=afg.pk).update(frist=afg.frist - dt.timedelta(days=1)), msg)
    _refused(lambda: Afgoerelse.objects.filter(pk=afg.pk).update(begrundelse="Ny begrundelse."), msg)
    Afgoerelse.objects.filter(pk=afg.pk).update(frist=afg.frist + dt.timedelta(days=5))  # forward is allowed
    Afgoerelse.objects.filter(pk=afg.pk).update(opfyldt=df.today())
    _refused(lambda: Afgoerelse.objects.filter(pk=afg.pk).update(opfyldt=df.days_ago(3)), msg)


def test_activities_and_timeline_rows_never_change(sag):
    f, _, _ = sag
    _refused(lambda: Aktivitet.objects.filter(forloeb=f).update(referat="Omskrevet."),
             "En registreret aktivitet ændres ikke")
    _refused(lambda: Haendelse.objects.filter(forloeb=f).update(titel="Omskrevet."), "Tidslinjen ændres ikke")


def test_a_draft_can_still_be_edited_and_abandoned_but_not_deleted(konsulent_hovedstaden, tilbud):
    f = df.i_dialog(konsulent_hovedstaden, tilbud)
    agter = df.draft_agter(konsulent_hovedstaden, f)
    services.agterskrivelse_update(actor=konsulent_hovedstaden, agterskrivelse=agter, data={"begrundelse": "Bedre."})
    services.udkast_abandon(actor=konsulent_hovedstaden, udkast=df.refresh(agter), begrundelse="Ikke længere aktuel.")
    _refused(lambda: Agterskrivelse.objects.filter(pk=agter.pk).delete(), NEVER_DELETED)
    _refused(lambda: Agterskrivelse.objects.filter(pk=agter.pk).update(begrundelse="Igen."),
             "En sendt eller opgivet agterskrivelse ændres ikke")


@pytest.mark.parametrize("model", [Dialogforloeb, Aktivitet, Agterskrivelse, Afgoerelse, Haendelse])
def test_the_admin_shows_case_records_read_only(sag, model):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    obj = model.objects.first()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    assert model_admin.has_view_permission(request, obj)


def test_admin_delete_page_is_refused(client, sag):
    f, agter, _ = sag
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    for obj in (f, agter):
        url = f"/admin/dialogforloeb/{obj._meta.model_name}/{obj.pk}/delete/"
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_fulfilled_paabud_records_its_date_through_the_service(sag, konsulent_hovedstaden):
    f, _, afg = sag
    services.forloeb_close(actor=konsulent_hovedstaden, forloeb=f, udfald="paabud_opfyldt",
                           begrundelse="Dokumentation modtaget.")
    assert df.refresh(afg).opfyldt == df.today()
    assert Afgoerelse.objects.filter(forloeb=f, art=AfgoerelseArt.PAABUD).count() == 1
    assert Aktivitet.objects.filter(forloeb=f, art=AktivitetArt.DIALOGMOEDE_AFKLARENDE).count() == 1
