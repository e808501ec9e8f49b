"""Deferred letters are rendered once, and the demo data covers every state and outcome everywhere."""

import random

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from dialogforloeb import services
from dialogforloeb.models import Afgoerelse, Agterskrivelse, AgterskrivelseStatus, Dialogforloeb, Status, Udfald
from dokumenter.models import Dokument
from tests.dialogforloeb import factories as df

pytestmark = pytest.mark.django_db


def test_deferred_letters_are_rendered_once(konsulent_hovedstaden, jurist_hovedstaden, tilbud):
    with services.letters_deferred():
        f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, tilbud, paataenkt="skaerpet_tilsyn")
        afg = services.paabud_issue(actor=konsulent_hovedstaden, forloeb=f, tekst="x", opfyldelseskriterium="y",
                                    begrundelse="z", frist=df.today() + timezone.timedelta(days=20),
                                    skaerpet_til=df.today() + timezone.timedelta(days=60))
    assert agter.dokument_id is None and not Dokument.objects.exists()
    assert services.letters_render_pending() == 3
    assert services.letters_render_pending() == 0
    agter, afg = Agterskrivelse.objects.get(pk=agter.pk), Afgoerelse.objects.get(pk=afg.pk)
    assert Dokument.objects.get(pk=agter.dokument_id).sendt == agter.sendt
    assert {Dokument.objects.get(pk=afg.dokument_id).art, Dokument.objects.get(pk=afg.skaerpet_dokument_id).art} == {
        "paabud", "skaerpet_tilsyn"}
    assert Dokument.objects.count() == 3


def test_demo_covers_every_state_and_outcome_in_all_five(client):
    from dialogforloeb import demo
    from tilsyn import demo as core_demo

    ctx = core_demo.DemoContext(rng=random.Random(7), today=timezone.localdate())
    core_demo.seed(ctx)
    demo.seed(ctx)
    for st in ctx.socialtilsyn:
        qs = Dialogforloeb.objects.filter(enhed__socialtilsyn=st)
        assert set(qs.values_list("status", flat=True)) == set(Status.values), st.slug
        udfald = set(qs.exclude(udfald="").values_list("udfald", flat=True))
        assert udfald >= {Udfald.BEKYMRING_OPHOERT, Udfald.VARSLING_BORTFALDET, Udfald.PAABUD_OPFYLDT}, st.slug
        pending = Agterskrivelse.objects.filter(forloeb__enhed__socialtilsyn=st,
                                                status=AgterskrivelseStatus.TIL_GODKENDELSE)
        assert pending.count() >= 2 and {a.forfatter.username for a in pending} == {f"konsulent-{st.slug}"}
        assert qs.filter(afgoerelser__skaerpet_til__isnull=False).exists()
    assert Dialogforloeb.objects.filter(udfald=Udfald.GODKENDELSE_OPHOERT).exists()
    # Letters of the first socialtilsyn are rendered at once; the rest after commit by the task.
    assert Dokument.objects.filter(enhed__socialtilsyn=ctx.socialtilsyn[0]).count() > 5
    counts = dict(Dialogforloeb.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert sum(counts.values()) >= 100
    # Every page renders with the demo data, for a forløb in each state.
    client.force_login(ctx.users["syd"]["leder"])
    for status in Status.values:
        f = Dialogforloeb.objects.filter(enhed__socialtilsyn__slug="syd", status=status).first()
        html = client.get(f.get_absolute_url()).content.decode()
        assert f.get_status_display() in html and "Tidslinje" in html
    for name in ("dialogforloeb:list", "dialogforloeb:eskalering", "dialogforloeb:godkendelser", "overblik"):
        assert client.get(reverse(name)).status_code == 200
