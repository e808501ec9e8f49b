import datetime as dt

import pytest

from frister.workdays import add_working_days, holiday_name, is_working_day, next_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize("day,expected", [
    (D(2027, 3, 24), True),    # onsdag før påske
    (D(2027, 3, 25), False),   # skærtorsdag
    (D(2027, 3, 26), False),   # langfredag
    (D(2027, 3, 29), False),   # 2. påskedag
    (D(2027, 3, 30), True),
    (D(2026, 6, 5), False),    # grundlovsdag (fredag)
    (D(2026, 6, 4), True),
    (D(2026, 12, 24), False),  # juleaftensdag
    (D(2026, 12, 25), False),
    (D(2026, 12, 28), True),
    (D(2026, 12, 31), False),  # nytårsaftensdag
    (D(2027, 1, 1), False),
    (D(2026, 5, 1), True),     # 1. maj is a working day for the state
    (D(2024, 4, 26), True),    # store bededag abolished from 2024
    (D(2023, 5, 5), False),    # ... but it was a holiday in 2023
    (D(2026, 11, 21), False),  # saturday
])
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_easter_skipped_forwards_and_backwards():
    # Onsdag 24/3-2027 + 1 arbejdsdag: skærtorsdag, langfredag, weekend, 2. påskedag skipped.
    assert add_working_days(D(2027, 3, 24), 1) == D(2027, 3, 30)
    assert add_working_days(D(2027, 3, 30), -1) == D(2027, 3, 24)
    assert add_working_days(D(2027, 3, 22), 5) == D(2027, 4, 1)


def test_christmas_and_new_year():
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    # 28, 29, 30 dec, then 31 dec and 1 jan closed, 2-3 jan weekend.
    assert add_working_days(D(2026, 12, 23), 4) == D(2027, 1, 4)
    assert working_days_between(D(2026, 12, 23), D(2027, 1, 4)) == 4


def test_grundlovsdag():
    # Torsdag 4/6-2026 + 1 arbejdsdag: grundlovsdag fredag and the weekend are skipped.
    assert add_working_days(D(2026, 6, 4), 1) == D(2026, 6, 8)
    assert add_working_days(D(2026, 6, 8), -1) == D(2026, 6, 4)
    assert holiday_name(D(2026, 6, 5)) == "grundlovsdag"


def test_zero_days_rolls_to_next_working_day():
    assert add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 23)
    assert next_working_day(D(2026, 11, 23)) == D(2026, 11, 23)
    assert holiday_name(D(2027, 3, 26)) == "langfredag"
    assert working_days_between(D(2026, 11, 27), D(2026, 11, 23)) == -4
