"""The party year's dates, from the calendar and the AGM."""

from __future__ import annotations

from datetime import date

import pytest

from bot.calendar import agm_around, check_agm_date, current, occurrences, party_year, reminder_due
from bot.catalogue import load_catalogue

CATALOGUE = load_catalogue()
TREASURER = CATALOGUE.get("treasurer")
SECRETARY = CATALOGUE.get("secretary")
QUARTERLY = TREASURER.item("quarterly-donations-report")
ACCOUNTS = TREASURER.item("annual-accounts")
MAILING = SECRETARY.item("monthly-branch-mailing")
PLAN = SECRETARY.item("development-plan")
AGM = date(2026, 3, 14)


def test_the_agm_recurs_a_year_after_the_date_recorded() -> None:
    assert agm_around(AGM, date(2026, 1, 1)) == (date(2025, 3, 14), date(2026, 3, 14))
    assert agm_around(AGM, date(2026, 3, 14)) == (date(2026, 3, 14), date(2027, 3, 14))
    assert agm_around(AGM, date(2028, 6, 1)) == (date(2028, 3, 14), date(2029, 3, 14))
    assert agm_around(None, date(2026, 1, 1)) == (None, None)
    assert party_year(AGM, date(2026, 5, 1)) == "year-from-2026-03-14"
    assert party_year(None, date(2026, 5, 1)) == "year-undated"


def test_monthly_and_quarterly_items_fall_due_at_the_end_of_the_period() -> None:
    today = date(2026, 2, 10)
    assert current(SECRETARY, MAILING, None, today).due == date(2026, 2, 28)
    assert current(SECRETARY, MAILING, None, today).period == "2026-02"
    quarter = current(TREASURER, QUARTERLY, None, today)
    assert (quarter.period, quarter.due) == ("2026-q1", date(2026, 3, 31))
    later = current(TREASURER, QUARTERLY, None, date(2026, 11, 24))
    assert (later.period, later.due) == ("2026-q4", date(2026, 12, 31))


def test_yearly_items_hang_on_the_agm() -> None:
    before = current(TREASURER, ACCOUNTS, AGM, date(2026, 1, 1))
    assert (before.period, before.due) == ("year-from-2025-03-14", date(2026, 3, 14))
    after_agm = current(TREASURER, ACCOUNTS, AGM, date(2026, 3, 15))
    assert (after_agm.period, after_agm.due) == ("year-from-2026-03-14", date(2027, 3, 14))
    plan = current(SECRETARY, PLAN, AGM, date(2026, 3, 20))
    assert (plan.period, plan.due) == ("year-from-2026-03-14", date(2026, 4, 11))
    undated = current(TREASURER, ACCOUNTS, None, date(2026, 1, 1))
    assert (undated.period, undated.due) == ("year-undated", None)


def test_the_one_reminder_falls_in_the_week_before() -> None:
    q1 = current(TREASURER, QUARTERLY, None, date(2026, 3, 1))
    assert not reminder_due(q1, date(2026, 3, 23))
    assert reminder_due(q1, date(2026, 3, 24)) and reminder_due(q1, date(2026, 3, 31))
    assert not reminder_due(current(TREASURER, ACCOUNTS, None, date(2026, 3, 1)), date(2026, 3, 10))


def test_occurrences_cover_the_previous_period_and_90_days_ahead() -> None:
    months = [d.period for d in occurrences(SECRETARY, MAILING, None, date(2026, 5, 10))]
    assert months[0] == "2026-04" and "2026-08" in months


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("14/03/2026", "is not a date: write it as YYYY-MM-DD"),
        ("next march", "is not a date"),
        ("2028-03-14", "more than 18 months from today"),
        ("2024-03-14", "more than 18 months from today"),
    ],
)
def test_an_agm_date_that_is_wrong_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        check_agm_date(text, date(2026, 1, 1))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_a_sensible_agm_date_is_accepted() -> None:
    assert check_agm_date(" 2026-03-14 ", date(2026, 1, 1)) == AGM
    assert check_agm_date("2025-03-14", date(2026, 1, 1)) == date(2025, 3, 14)
