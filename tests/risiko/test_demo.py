import random
import time

import pytest
from django.db.models import F
from django.utils import timezone

from risiko.models import Revurderingsforslag, Risikovurdering
from tilsyn.models import AKTIVE_STATUSSER, Enhed

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_every_socialtilsyn_realistic_risk_histories():
    from risiko import demo as risiko_demo
    from tilsyn import demo

    ctx = demo.DemoContext(rng=random.Random(7), today=timezone.localdate())
    demo.seed(ctx)
    start = time.perf_counter()
    risiko_demo.seed(ctx)
    print(f"risiko demo seed: {time.perf_counter() - start:.2f} s, {Risikovurdering.objects.count()} vurderinger")
    for st in ctx.socialtilsyn:
        aktive = Enhed.objects.filter(socialtilsyn=st, godkendelsesstatus__in=AKTIVE_STATUSSER)
        vurderet = aktive.exclude(risikokategori="")
        assert vurderet.count() >= 0.85 * aktive.count(), st.slug
        share = {k: vurderet.filter(risikokategori=k).count() / vurderet.count() for k in ("groen", "gul", "roed")}
        assert 0.55 < share["groen"] < 0.85 and 0.1 < share["gul"] < 0.35 and 0.02 < share["roed"] < 0.16, share
        assert Risikovurdering.objects.filter(enhed__socialtilsyn=st).values("enhed").distinct().count() == vurderet.count()
    # the current colour equals each unit's latest assessment, and changes are recorded
    for enhed in Enhed.objects.exclude(risikokategori="")[:200]:
        latest = Risikovurdering.objects.filter(enhed=enhed).order_by("-dato", "-pk").first()
        assert latest.kategori == enhed.risikokategori
        assert enhed.risikokategori_siden <= latest.dato
    assert Risikovurdering.objects.exclude(forrige_kategori="").exclude(kategori=F("forrige_kategori")).exists()
    assert Risikovurdering.objects.filter(tilsynsbesoeg__isnull=False).exists()
    assert Revurderingsforslag.objects.exists()

