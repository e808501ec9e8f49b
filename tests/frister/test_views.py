import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frister.models import FristAendring, FristArt, FristStatus, Notifikation
from tests import factories

from .factories import frist as make_frist

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def frist(konsulent_hovedstaden):
    enhed = factories.TilbudFactory(navn="Bostedet Kløvermarken", ansvarlig_konsulent=konsulent_hovedstaden)
    return make_frist(enhed=enhed, due=D(2029, 6, 1), responsible=konsulent_hovedstaden, titel="Påbud om medicinhåndtering")


def test_mine_frister_overdue_on_top(client_konsulent, konsulent_hovedstaden):
    enhed = factories.TilbudFactory()
    later = make_frist(enhed=enhed, due=D(2029, 9, 10), responsible=konsulent_hovedstaden, titel="Senere")
    soon = make_frist(enhed=enhed, due=D(2029, 1, 10), responsible=konsulent_hovedstaden, titel="Snart")
    overdue = make_frist(enhed=enhed, due=D(2020, 1, 10), responsible=konsulent_hovedstaden, titel="Gammel")
    make_frist(enhed=enhed, due=D(2028, 1, 10), titel="En andens")
    html = client_konsulent.get(reverse("frister:mine")).content.decode()
    assert html.index("Gammel") < html.index("Snart") < html.index("Senere")
    assert "En andens" not in html
    assert "Overskredet" in html and "badge-error" in html
    assert {later.pk, soon.pk, overdue.pk}


def test_frister_menu_and_bell(client_konsulent, konsulent_hovedstaden):
    Notifikation.objects.create(user=konsulent_hovedstaden, titel="Påmindelse")
    html = client_konsulent.get(reverse("overblik")).content.decode()
    assert f'href="{reverse("frister:mine")}"' in html
    assert 'data-testid="bell-count">1<' in html
    assert "Mine frister" in html


def test_detail_404_across_socialtilsyn(client, konsulent_syd, frist):
    client.force_login(konsulent_syd)
    assert client.get(reverse("frister:detail", args=[frist.pk])).status_code == 404
    assert client.post(reverse("frister:fulfil", args=[frist.pk])).status_code == 404
    data = {"ny_frist": "2029-07-02", "begrundelse": "x"}
    assert client.post(reverse("frister:extend", args=[frist.pk]), data).status_code == 404
    frist.refresh_from_db()
    assert frist.status == FristStatus.AABEN and frist.frist == D(2029, 6, 1)


def test_detail_shows_history_and_rungs(client_konsulent, frist):
    html = client_konsulent.get(reverse("frister:detail", args=[frist.pk])).content.decode()
    assert "Påbud om medicinhåndtering" in html and "1. juni 2029" in html
    assert "Påmindelse (7 arbejdsdage før)" in html and "Eskalering til leder" in html
    assert "Forlæng frist" in html


def test_extend_warns_on_non_working_day_and_saves_nothing(client_konsulent, frist):
    url = reverse("frister:extend", args=[frist.pk])
    r = client_konsulent.post(url, {"ny_frist": "2029-06-05", "begrundelse": "Tilbuddet har bedt om mere tid"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "5. juni 2029 er grundlovsdag og ikke en arbejdsdag" in html
    assert "Første arbejdsdag derefter er 6. juni 2029" in html
    assert "Der er fejl i formularen" in html
    frist.refresh_from_db()
    assert frist.frist == D(2029, 6, 1) and not FristAendring.objects.exists()
    r = client_konsulent.post(url, {"ny_frist": "2029-06-05", "begrundelse": "Tilbuddet har bedt om mere tid",
                                    "bekraeft_ikke_arbejdsdag": "on"})
    assert r.status_code == 302
    frist.refresh_from_db()
    assert frist.frist == D(2029, 6, 5)
    assert FristAendring.objects.get().begrundelse == "Tilbuddet har bedt om mere tid"


def test_extend_requires_reason(client_konsulent, frist):
    r = client_konsulent.post(reverse("frister:extend", args=[frist.pk]), {"ny_frist": "2029-06-11", "begrundelse": ""})
    assert r.status_code == 400
    assert "Angiv en begrundelse for forlængelsen." in r.content.decode()
    assert not FristAendring.objects.exists()


def test_extend_saturday_htmx_warning(client_konsulent):
    r = client_konsulent.get(reverse("frister:arbejdsdag"), {"ny_frist": "2029-06-09"})
    assert "9. juni 2029 er en lørdag" in r.content.decode()
    assert client_konsulent.get(reverse("frister:arbejdsdag"), {"ny_frist": "2029-06-08"}).content == b""


def test_fulfil(client_konsulent, frist):
    assert 'name="note"' in client_konsulent.get(reverse("frister:detail", args=[frist.pk])).content.decode()
    r = client_konsulent.post(reverse("frister:fulfil", args=[frist.pk]), {"note": "Redegørelsen er modtaget."})
    assert r.status_code == 302
    frist.refresh_from_db()
    assert frist.status == FristStatus.OPFYLDT and frist.afsluttet_note == "Redegørelsen er modtaget."


def test_detail_offers_fulfil_only_where_a_user_may_mark_it(client_konsulent, frist):
    url = reverse("frister:detail", args=[frist.pk])
    assert "Markér som opfyldt" in client_konsulent.get(url).content.decode()
    besoegsfrist = make_frist(enhed=frist.enhed, art=FristArt.BESOEG)
    html = client_konsulent.get(reverse("frister:detail", args=[besoegsfrist.pk])).content.decode()
    assert "Markér som opfyldt" not in html and "tilsynsbesøget er gennemført" in html
    r = client_konsulent.post(reverse("frister:fulfil", args=[besoegsfrist.pk]))
    assert r.status_code == 302
    besoegsfrist.refresh_from_db()
    assert besoegsfrist.status == FristStatus.AABEN


def test_overskredne_only_for_leader(client, client_konsulent, leder_hovedstaden, frist):
    assert client_konsulent.get(reverse("frister:overskredne")).status_code == 403
    old = make_frist(enhed=frist.enhed, due=D(2021, 1, 4), titel="Gammel redegørelse")
    make_frist(enhed=factories.TilbudFactory(socialtilsyn=factories.socialtilsyn("syd")), due=D(2021, 1, 4),
               titel="Syds frist")
    client.force_login(leder_hovedstaden)
    html = client.get(reverse("frister:overskredne")).content.decode()
    assert old.titel in html and "Syds frist" not in html and frist.titel not in html
    assert "Overskredne frister" in client.get(reverse("overblik")).content.decode()


def test_notifikationer_mark_read(client_konsulent, konsulent_hovedstaden, leder_hovedstaden):
    mine = Notifikation.objects.create(user=konsulent_hovedstaden, titel="Min")
    others = Notifikation.objects.create(user=leder_hovedstaden, titel="Lederens")
    html = client_konsulent.get(reverse("frister:notifikationer")).content.decode()
    assert "Min" in html and "Lederens" not in html and "Ulæst" in html
    assert client_konsulent.post(reverse("frister:notifikation_laest", args=[others.pk])).status_code == 404
    client_konsulent.post(reverse("frister:notifikation_laest", args=[mine.pk]))
    mine.refresh_from_db()
    others.refresh_from_db()
    assert mine.laest is not None and others.laest is None
    Notifikation.objects.create(user=konsulent_hovedstaden, titel="To")
    client_konsulent.post(reverse("frister:notifikationer_alle_laest"))
    assert not Notifikation.objects.filter(user=konsulent_hovedstaden, laest__isnull=True).exists()


def test_unit_tab_and_overblik(client_konsulent, frist):
    enhed = frist.enhed
    html = client_konsulent.get(enhed.get_absolute_url()).content.decode()
    assert "Åbne frister" in html and frist.titel in html
    html = client_konsulent.get(reverse("tilbud_tab", args=[enhed.pk, "frister"])).content.decode()
    assert frist.titel in html and "Åben" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_constant(client_konsulent, konsulent_hovedstaden, leder_hovedstaden, client):
    enhed = factories.TilbudFactory(ansvarlig_konsulent=konsulent_hovedstaden)
    urls = [reverse("frister:mine"), reverse("frister:notifikationer"), reverse("overblik"),
            reverse("tilbud_tab", args=[enhed.pk, "frister"]), enhed.get_absolute_url()]

    def grow(n):
        for i in range(n):
            f = make_frist(enhed=enhed if i % 2 else factories.TilbudFactory(), due=D(2021 + i % 9, 3, 1),
                           responsible=konsulent_hovedstaden)
            Notifikation.objects.create(user=konsulent_hovedstaden, titel=f"N{i}", frist=f)

    grow(2)
    [_count(client_konsulent, u) for u in urls]  # warm caches (content types, per-socialtilsyn settings rows)
    small = [_count(client_konsulent, u) for u in urls]
    grow(12)
    large = [_count(client_konsulent, u) for u in urls]
    assert small == large
    client.force_login(leder_hovedstaden)
    assert _count(client, reverse("frister:overskredne")) == _count(client, reverse("frister:overskredne") + "?page=1")


def test_suspend_and_resume_pages(client_konsulent, frist):
    url = reverse("frister:suspend", args=[frist.pk])
    r = client_konsulent.post(url, {"begrundelse": ""})
    assert r.status_code == 400 and "Angiv en begrundelse." in r.content.decode()
    frist.refresh_from_db()
    assert frist.suspenderet is None
    assert client_konsulent.post(url, {"begrundelse": "Afventer"}).status_code == 302
    html = client_konsulent.get(frist.get_absolute_url()).content.decode()
    assert "Suspenderet" in html and "Genoptag frist" in html
    assert client_konsulent.post(reverse("frister:resume", args=[frist.pk]), {"begrundelse": "Videre"}).status_code == 302
    frist.refresh_from_db()
    assert frist.suspenderet is None


def test_opening_a_notification_marks_it_read(client_konsulent, konsulent_hovedstaden, leder_hovedstaden, frist):
    n = Notifikation.objects.create(user=konsulent_hovedstaden, titel="Påmindelse", url=frist.get_absolute_url())
    url = reverse("frister:notifikation_aabn", args=[n.pk])
    # A GET changes nothing (a link prefetcher or crawler must not mark notifications read).
    assert client_konsulent.get(url).status_code == 405
    n.refresh_from_db()
    assert n.laest is None
    html = client_konsulent.get(reverse("frister:notifikationer")).content.decode()
    assert f'<form method="post" action="{url}"' in html
    r = client_konsulent.post(url)
    assert r.status_code == 302 and r["Location"] == frist.get_absolute_url()
    n.refresh_from_db()
    assert n.laest is not None
    evil = Notifikation.objects.create(user=konsulent_hovedstaden, titel="x", url="https://evil.example/")
    assert client_konsulent.post(reverse("frister:notifikation_aabn", args=[evil.pk]))["Location"] == reverse(
        "frister:notifikationer")
    other = Notifikation.objects.create(user=leder_hovedstaden, titel="y")
    assert client_konsulent.post(reverse("frister:notifikation_aabn", args=[other.pk])).status_code == 404


def test_leader_queue_filters_and_sorts(client, leder_hovedstaden, konsulent_hovedstaden):
    a = factories.TilbudFactory(navn="A-huset")
    b = factories.TilbudFactory(navn="B-huset")
    make_frist(enhed=b, due=D(2021, 1, 4), art="hoering", titel="Høring B", responsible=konsulent_hovedstaden)
    make_frist(enhed=a, due=D(2022, 1, 4), art="paabud", titel="Påbud A")
    client.force_login(leder_hovedstaden)
    url = reverse("frister:overskredne")
    html = client.get(url).content.decode()
    assert html.index("Høring B") < html.index("Påbud A")  # oldest first
    html = client.get(url, {"sort": "enhed"}).content.decode()
    assert html.index("Påbud A") < html.index("Høring B")
    html = client.get(url, {"art": "paabud"}).content.decode()
    assert "Påbud A" in html and "Høring B" not in html
    html = client.get(url, {"ansvarlig": konsulent_hovedstaden.pk}).content.decode()
    assert "Høring B" in html and "Påbud A" not in html


def test_start_page_lists_unread_notifications_for_every_role(client, jurist_hovedstaden):
    from frister.services import notifikation_create

    notifikation_create(user=jurist_hovedstaden, titel="Agterskrivelse til godkendelse: Bostedet Ærtebjerg", url="/x/")
    read = notifikation_create(user=jurist_hovedstaden, titel="Gammel og læst")
    Notifikation.objects.filter(pk=read.pk).update(laest=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    client.force_login(jurist_hovedstaden)
    html = client.get(reverse("overblik")).content.decode()
    assert "Agterskrivelse til godkendelse: Bostedet Ærtebjerg" in html
    assert "Gammel og læst" not in html


def test_admin_shows_frister_read_only(admin_client, frist):
    """A frist changes only through the services (rungs and history); the admin lists and shows it."""
    assert admin_client.get(reverse("admin:frister_frist_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:frister_frist_change", args=[frist.pk])).status_code == 200
    assert admin_client.get(reverse("admin:frister_frist_add")).status_code == 403
    admin_client.post(reverse("admin:frister_frist_change", args=[frist.pk]), {"frist": "2031-01-01"})
    frist.refresh_from_db()
    assert frist.frist == D(2029, 6, 1)
