"""Plausible dates: one rule for every form and service (and the API).

Nothing a socialtilsyn records lies before LOST came into force, a thing that has happened does not
lie in the future, and a date set ahead (a frist, a planned meeting) lies within a few years. Each
function returns the Danish refusal, or None when the date is plausible, so services collect them
(``tilsyn.errors.Checks``) and forms show them next to the field.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

# LOST (lov om socialtilsyn) came into force 1 January 2014: no supervision record is older.
LOST_I_KRAFT = dt.date(2014, 1, 1)
# Frister and planned dates lie at most this many years ahead (a påbud frist, a meeting, a visit plan).
FREMTID_MAKS_AAR = 3


def today() -> dt.date:
    """Today in Copenhagen: the one definition of "today" in the product."""
    return timezone.localdate()


def now_at(day: dt.date) -> dt.datetime:
    """The moment of an action on ``day``: now if it is today, else midday of that (back-dated) day."""
    if day == today():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _fmt(d: dt.date) -> str:
    return f"{d:%d.%m.%Y}"


def sket(value: dt.date | None, *, hvad: str = "Datoen", tidligst: dt.date | None = None,
         tidligst_hvad: str = "") -> str | None:
    """A date on which something has happened: not in the future, not before LOST (or ``tidligst``)."""
    if value is None:
        return None
    if value > today():
        return f"{hvad} kan ikke ligge i fremtiden."
    if value < LOST_I_KRAFT:
        return f"{hvad} kan ikke ligge før {_fmt(LOST_I_KRAFT)}, da lov om socialtilsyn trådte i kraft."
    if tidligst is not None and value < tidligst:
        return f"{hvad} kan ikke ligge før {tidligst_hvad} ({_fmt(tidligst)})."
    return None


def frem(value: dt.date | None, *, hvad: str = "Datoen", fra: dt.date | None = None, fra_hvad: str = "i dag",
         inklusiv: bool = False) -> str | None:
    """A date set ahead (a frist, a planned meeting): after ``fra`` (default today; on it if ``inklusiv``)
    and at most ``FREMTID_MAKS_AAR`` years ahead."""
    if value is None:
        return None
    fra = fra or today()
    if value < fra or (value == fra and not inklusiv):
        return f"{hvad} skal ligge {'tidligst' if inklusiv else 'efter'} {fra_hvad}" + (
            "." if fra_hvad == "i dag" else f" ({_fmt(fra)}).")
    senest = add_years(today(), FREMTID_MAKS_AAR)
    if value > senest:
        return f"{hvad} kan højst ligge {FREMTID_MAKS_AAR} år frem ({_fmt(senest)})."
    return None


def plausibel(value: dt.date | None, *, hvad: str = "Datoen") -> str | None:
    """Any recorded date (past or planned): between LOST's start and a few years ahead."""
    if value is None:
        return None
    if value < LOST_I_KRAFT:
        return f"{hvad} kan ikke ligge før {_fmt(LOST_I_KRAFT)}, da lov om socialtilsyn trådte i kraft."
    senest = add_years(today(), FREMTID_MAKS_AAR)
    if value > senest:
        return f"{hvad} kan højst ligge {FREMTID_MAKS_AAR} år frem ({_fmt(senest)})."
    return None
