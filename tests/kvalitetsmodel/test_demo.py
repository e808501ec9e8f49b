import random
import time

import pytest
from django.utils import timezone

from kvalitetsmodel import demo
from kvalitetsmodel.models import Kvalitetsflag, Kvalitetsvurdering
from tilsyn import demo as core_demo

pytestmark = pytest.mark.django_db


def test_demo_seed_populates_every_socialtilsyn(capsys):
    ctx = core_demo.DemoContext(rng=random.Random(2026), today=timezone.localdate())
    core_demo.seed(ctx)
    started = time.perf_counter()
    demo.seed(ctx)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nkvalitetsmodel demo seed: {elapsed:.2f} s, {Kvalitetsvurdering.objects.count()} vurderinger")
    for st in ctx.socialtilsyn:
        qs = Kvalitetsvurdering.objects.filter(enhed__socialtilsyn=st)
        assert qs.filter(status="afsluttet").count() > 100, st.slug
        assert qs.filter(status="kladde", oprettet_af=ctx.users[st.slug]["konsulent"]).exists(), st.slug
        # Many units have two completed assessments (comparison and spider chart show both).
        to = qs.filter(status="afsluttet").values("enhed").annotate(n=__import__("django").db.models.Count("pk"))
        assert sum(1 for r in to if r["n"] >= 2) > 25
        assert Kvalitetsflag.objects.filter(enhed__socialtilsyn=st, grund="fald").exists(), st.slug
        assert Kvalitetsflag.objects.filter(enhed__socialtilsyn=st, grund="lav").exists(), st.slug
    done = Kvalitetsvurdering.objects.filter(status="afsluttet").first()
    assert done.temavurderinger.exclude(score=None).count() == 7
