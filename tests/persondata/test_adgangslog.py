"""Every view of a plejefamilie, a dialogforløb, a letter or a quality assessment is written to the
access log (who, when, what, from which IP), searchable by an administrator, kept for a period."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from dialogforloeb.models import Dialogforloeb
from dokumenter.models import Dokument, DokumentArt
from dokumenter.services import dokument_create
from kvalitetsmodel.models import Kvalitetsvurdering
from persondata import services
from persondata.models import AdgangsLog
from persondata.registry import LOGGED_VIEWS
from tests.dialogforloeb import factories as df
from tests.kvalitetsmodel import factories as kf
from tilsyn.models import Plejefamilie, User

pytestmark = pytest.mark.django_db


def _only_row(model, pk) -> AdgangsLog:
    (row,) = AdgangsLog.objects.filter(objekt_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
                                       objekt_id=pk)
    return row


def test_viewing_a_plejefamilie_is_logged(client_konsulent, konsulent_hovedstaden, plejefamilie):
    before = timezone.now()
    r = client_konsulent.get(plejefamilie.get_absolute_url(), REMOTE_ADDR="192.0.2.17")
    assert r.status_code == 200
    row = _only_row(Plejefamilie, plejefamilie.pk)
    assert row.bruger == konsulent_hovedstaden and row.brugernavn == konsulent_hovedstaden.username
    assert row.ip == "192.0.2.17" and row.visning == "plejefamilie_detail"
    assert row.sti == plejefamilie.get_absolute_url() and row.tidspunkt >= before


def test_tabs_and_edit_form_are_logged_but_not_tilbud_lists_or_posts(client_konsulent, plejefamilie, tilbud):
    client_konsulent.get(reverse("plejefamilie_tab", args=[plejefamilie.pk, "frister"]))
    client_konsulent.get(reverse("plejefamilie_edit", args=[plejefamilie.pk]))
    assert set(AdgangsLog.objects.values_list("visning", flat=True)) == {"plejefamilie_tab", "plejefamilie_edit"}
    client_konsulent.get(tilbud.get_absolute_url())
    client_konsulent.get(reverse("plejefamilie_list"))
    client_konsulent.post(reverse("plejefamilie_edit", args=[plejefamilie.pk]), {})
    assert AdgangsLog.objects.count() == 2


def test_a_refused_view_is_not_a_view(client, konsulent_syd, plejefamilie):
    client.force_login(konsulent_syd)
    assert client.get(plejefamilie.get_absolute_url()).status_code == 404
    assert not AdgangsLog.objects.exists()
    assert Client().get(plejefamilie.get_absolute_url()).status_code == 302  # anonymous: to login
    assert not AdgangsLog.objects.exists()


def test_dialogforloeb_letter_and_quality_assessment_views_are_logged(
        client_konsulent, konsulent_hovedstaden, tilbud, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forloeb = df.forloeb(konsulent_hovedstaden, tilbud)
    vurdering = kf.start(konsulent_hovedstaden, tilbud)
    dok = dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.ANDET, titel="Brev",
                          pdf=b"%PDF-1.4 brev")
    for url in (forloeb.get_absolute_url(), vurdering.get_absolute_url(), dok.get_absolute_url()):
        assert client_konsulent.get(url).status_code == 200, url
    assert _only_row(Dialogforloeb, forloeb.pk).visning == "dialogforloeb:detail"
    assert _only_row(Kvalitetsvurdering, vurdering.pk).visning == "kvalitetsmodel:detail"
    assert _only_row(Dokument, dok.pk).visning == "dokumenter:download"


def test_every_registered_view_exists():
    """A renamed URL would silently stop logging: every name in the registry must still resolve."""
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    assert set(LOGGED_VIEWS) - names == set()
    assert {"plejefamilie_detail", "dialogforloeb:detail", "dokumenter:download", "kvalitetsmodel:detail"} <= set(LOGGED_VIEWS)


def test_administrator_searches_the_log_and_cannot_change_it(client_konsulent, konsulent_hovedstaden, plejefamilie):
    client_konsulent.get(plejefamilie.get_absolute_url())
    admin = User.objects.create_superuser("admin-test", "admin@example.org", "x")
    client = Client()
    client.force_login(admin)
    url = reverse("admin:persondata_adgangslog_changelist")
    html = client.get(url, {"q": konsulent_hovedstaden.username}).content.decode()
    assert "plejefamilie_detail" in html and "1 resultat" in html
    html = client.get(url, {"q": "ingen-saadan-bruger"}).content.decode()
    assert "0 resultater" in html
    assert client.get(url, {"q": str(plejefamilie.pk)}).status_code == 200  # by object id
    row = AdgangsLog.objects.get()
    assert client.get(reverse("admin:persondata_adgangslog_change", args=[row.pk])).status_code == 200
    assert client.post(reverse("admin:persondata_adgangslog_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:persondata_adgangslog_add")).status_code == 403
    # Nobody else reaches it.
    assert client_konsulent.get(url).status_code == 302


def test_the_log_is_kept_for_a_configurable_period(settings, konsulent_hovedstaden, plejefamilie):
    ct = ContentType.objects.get_for_model(Plejefamilie)
    now = timezone.now()

    def row(days_ago):
        return AdgangsLog.objects.create(tidspunkt=now - dt.timedelta(days=days_ago), bruger=konsulent_hovedstaden,
                                         brugernavn="k", objekt_type=ct, objekt_id=plejefamilie.pk, visning="x", sti="/")

    old, recent = row(400), row(10)
    settings.ADGANGSLOG_DAGE = 365
    assert services.adgangslog_purge() == 1
    assert list(AdgangsLog.objects.all()) == [recent]
    settings.ADGANGSLOG_DAGE = 5
    assert services.adgangslog_purge() == 1 and not AdgangsLog.objects.exists()
    assert old.pk != recent.pk


def test_nightly_task_purges_anonymises_and_records_its_run(settings, konsulent_hovedstaden, plejefamilie):
    from celery import current_app

    from frister.models import Koersel
    from persondata.tasks import oprydning

    ct = ContentType.objects.get_for_model(Plejefamilie)
    AdgangsLog.objects.create(tidspunkt=timezone.now() - dt.timedelta(days=settings.ADGANGSLOG_DAGE + 1),
                              brugernavn="k", objekt_type=ct, objekt_id=plejefamilie.pk, visning="x", sti="/")
    from axes.models import AccessLog

    from frister.models import Email, EmailStatus

    old = timezone.now() - dt.timedelta(days=400)
    for _ in range(2):
        AccessLog.objects.create(username="k", ip_address="192.0.2.1", user_agent="x", http_accept="x", path_info="/")
    AccessLog.objects.filter(pk=AccessLog.objects.order_by("pk").first().pk).update(attempt_time=old)  # auto_now_add
    Email.objects.create(modtager="k@example.org", emne="Gammel", tekst="x", status=EmailStatus.SENDT, sendt=old)
    Email.objects.create(modtager="k@example.org", emne="Venter", tekst="x", oprettet=old)
    assert oprydning.apply().get() == {"adgangslog_slettet": 1, "emails_slettet": 1}
    assert AccessLog.objects.count() == 1 and list(Email.objects.values_list("emne", flat=True)) == ["Venter"]
    assert Koersel.objects.filter(navn="persondata.oprydning").exists()
    assert "persondata-oprydning" in current_app.conf.beat_schedule
