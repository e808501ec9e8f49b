"""Helpers to create frister through the real service (so rungs exist as in production)."""

import datetime as dt

from frister import services
from frister.models import FristArt
from tests import factories


def frist(*, enhed=None, due=dt.date(2026, 12, 1), art=FristArt.PAABUD, responsible=None, today=None, owner=None,
          sag=None, titel="", **kw):
    enhed = enhed or factories.TilbudFactory()
    responsible = responsible if responsible is not None else factories.konsulent(enhed.socialtilsyn.slug)
    return services.frist_create(owner=owner or enhed, enhed=enhed, art=art, due=due, responsible=responsible,
                                 titel=titel, sag=sag, today=today or dt.date(2026, 11, 1), **kw)
