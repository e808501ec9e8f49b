"""Working-day arithmetic for deadlines counted in arbejdsdage.

A working day is Monday to Friday and not a Danish public holiday (the ``holidays`` package, which
follows the abolition of store bededag from 2024). The state's offices are also closed on
grundlovsdag (5 June), juleaftensdag (24 December) and nytårsaftensdag (31 December), so those
count as non-working days too (the package lists them as "optional"; 1 May is not included).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

EXTRA_CLOSED = ((6, 5), (12, 24), (12, 31))


@lru_cache(maxsize=64)
def _closed_days(year: int) -> frozenset[dt.date]:
    days = set(holidays.Denmark(years=year).keys())
    days.update(dt.date(year, m, d) for m, d in EXTRA_CLOSED)
    return frozenset(days)


def is_working_day(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in _closed_days(d.year)


def holiday_name(d: dt.date) -> str | None:
    """The Danish name of the holiday on ``d`` (for warnings), or None."""
    if d.month == 6 and d.day == 5:
        return "grundlovsdag"
    if d.month == 12 and d.day == 24:
        return "juleaftensdag"
    if d.month == 12 and d.day == 31:
        return "nytårsaftensdag"
    name = holidays.Denmark(years=d.year, language="da").get(d)
    return name.lower() if name else None


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``d`` (before it if n is negative); ``d`` itself is not counted.

    ``add_working_days(d, 0)`` is ``d`` if that is a working day, else the next working day.
    """
    step = 1 if n >= 0 else -1
    if n == 0:
        while not is_working_day(d):
            d += dt.timedelta(days=1)
        return d
    remaining = abs(n)
    while remaining:
        d += dt.timedelta(days=step)
        if is_working_day(d):
            remaining -= 1
    return d


def next_working_day(d: dt.date) -> dt.date:
    """``d`` if it is a working day, else the first working day after it."""
    return add_working_days(d, 0)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is before start)."""
    if end < start:
        return -working_days_between(end, start)
    count, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            count += 1
    return count
