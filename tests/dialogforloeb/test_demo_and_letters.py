"""The demo data covers every state and outcome everywhere, through the legal paths (four eyes on every
decision), with every letter stored."""

import random

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from dialogforloeb.models import Afgoerelse, Agterskrivelse, Dialogforloeb
from dialogforloeb.vocabulary import AfgoerelseArt, AfgoerelseStatus, AgterskrivelseStatus, Status, Udfald

pytestmark = pytest.mark.django_db


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
        afg = Afgoerelse.objects.filter(forloeb__enhed__socialtilsyn=st)
        # Every decision was approved by a jurist who did not write it, and issued with its letter.
        assert set(afg.filter(status=AfgoerelseStatus.UDSTEDT).values_list("art", flat=True)) >= {
            AfgoerelseArt.PAABUD, AfgoerelseArt.FORNYELSE, AfgoerelseArt.FRISTFORLAENGELSE}
        for a in afg.filter(status=AfgoerelseStatus.UDSTEDT):
            assert a.godkendt_af.is_jurist and a.godkendt_af_id != a.forfatter_id and a.dokument_id, a
        assert Agterskrivelse.objects.filter(forloeb__enhed__socialtilsyn=st, paataenkt="fornyelse",
                                             status=AgterskrivelseStatus.SENDT).exists()
    assert Dialogforloeb.objects.filter(udfald=Udfald.GODKENDELSE_OPHOERT).exists()
    # Every sent letter is stored (no deferred rendering).
    assert not Agterskrivelse.objects.filter(status=AgterskrivelseStatus.SENDT, dokument__isnull=True).exists()
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
