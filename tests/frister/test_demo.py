import random
import time

import pytest
from django.utils import timezone

from frister import demo as frister_demo
from frister import services
from frister.models import AendringArt, Frist, FristAendring, FristArt, FristStatus, Notifikation
from tilsyn import demo


@pytest.mark.django_db
def test_demo_shows_frister_in_every_status_for_all_five():
    ctx = demo.DemoContext(rng=random.Random(2026), today=timezone.localdate())
    demo.seed(ctx)
    start = time.perf_counter()
    frister_demo.seed(ctx)
    elapsed = time.perf_counter() - start
    assert elapsed < 10, elapsed
    for st in ctx.socialtilsyn:
        qs = Frist.objects.filter(enhed__socialtilsyn=st)
        assert set(qs.values_list("status", flat=True)) == set(FristStatus.values), st.slug
        assert set(qs.values_list("art", flat=True)) >= {FristArt.BESOEG, FristArt.HOERING, FristArt.PAABUD,
                                                          FristArt.REDEGOERELSE, FristArt.SKAERPET_TILSYN}
        assert qs.filter(status=FristStatus.AABEN, frist__gte=ctx.today).exists()
        users = ctx.users[st.slug]
        assert Frist.objects.filter(ansvarlig=users["konsulent"], status=FristStatus.AABEN).count() >= 4
        assert Notifikation.objects.filter(user=users["konsulent"], laest__isnull=True).exists()
        assert Notifikation.objects.filter(user=users["leder"], titel__startswith="Overskredet").exists()
        assert FristAendring.objects.filter(frist__enhed__socialtilsyn=st, kind=AendringArt.FORLAENGET).exists()
    assert not Notifikation.objects.filter(email_sendt__isnull=True).exists()
    # Already swept: a second sweep or visit check finds nothing new.
    assert services.frister_sweep(today=ctx.today).fired == 0
    assert services.besoegsfrister_check(today=ctx.today)["oprettet"] == 0
