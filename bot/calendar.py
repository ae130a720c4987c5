"""The party year: when each recurring duty is due, from the calendar and the CLP's AGM date.

Plain Python, no Discord, no database. A recurring item is due once per *period*: a calendar
month (``2026-03``), a calendar quarter (``2026-q1``) or a party year, which runs from one
AGM to the next and is named by the AGM that starts it (``year-from-2026-03-14``;
``year-undated`` while no AGM date is known). The AGM recurs a year after the date recorded
unless another is set.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .catalogue import Post, Recurring

AFTER_AGM_DAYS = 28  # an "after the AGM" item is due four weeks into the party year
REMIND_DAYS_BEFORE = 7  # a dated item's one reminder goes out this many days before it is due
HORIZON_DAYS = 90  # what /calendar shows ahead
OVERDUE_DAYS = 45  # how far back an undone item still shows as overdue
MAX_AGM_DAYS = 548  # an AGM date more than 18 months from today is refused


@dataclass(frozen=True)
class Due:
    """One occurrence of a recurring item: its period and due date (None: no AGM date yet)."""

    post: Post
    item: Recurring
    period: str
    due: date | None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def agm_around(agm: date | None, today: date) -> tuple[date | None, date | None]:
    """(the last AGM on or before today, the next one after today), a year apart."""
    if agm is None:
        return None, None
    last = _shift_years(agm, today.year - agm.year)
    if last > today:
        last = _shift_years(last, -1)
    return last, _shift_years(last, 1)


def party_year(agm: date | None, today: date) -> str:
    """The name of the party year ``today`` is in."""
    last, _ = agm_around(agm, today)
    return f"year-from-{last.isoformat()}" if last else "year-undated"


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _months(today: date, back: int, ahead: int) -> list[tuple[int, int]]:
    index = today.year * 12 + today.month - 1
    return [divmod(i, 12) for i in range(index - back, index + ahead + 1)]


def occurrences(post: Post, item: Recurring, agm: date | None, today: date) -> list[Due]:
    """The item's occurrences from the previous one to HORIZON_DAYS ahead, oldest first."""
    if item.every == "monthly":
        return [
            Due(post, item, f"{y}-{m + 1:02d}", _month_end(y, m + 1))
            for y, m in _months(today, 1, HORIZON_DAYS // 28)
        ]
    if item.every == "quarterly":
        found = []
        for y, m in _months(today, 3, HORIZON_DAYS // 28 + 2):
            if (m + 1) % 3 == 0:
                found.append(Due(post, item, f"{y}-q{(m + 1) // 3}", _month_end(y, m + 1)))
        return found
    last, upcoming = agm_around(agm, today)
    if last is None:
        return [Due(post, item, "year-undated", None)]
    years = [(_shift_years(last, -1), last), (last, upcoming)]
    found = []
    for start, end in years:
        due = end if item.anchor == "before-agm" else start + timedelta(days=AFTER_AGM_DAYS)
        found.append(Due(post, item, f"year-from-{start.isoformat()}", due))
    return found


def current(post: Post, item: Recurring, agm: date | None, today: date) -> Due:
    """The occurrence an officer works on now: the earliest not yet past, else the latest."""
    found = occurrences(post, item, agm, today)
    return next((d for d in found if d.due is None or d.due >= today), found[-1])


def window(found: list[Due], today: date) -> list[Due]:
    """What /calendar shows: undone overdue items are filtered by the caller; here, every
    occurrence due within OVERDUE_DAYS back and HORIZON_DAYS ahead, or undated."""
    return [
        d
        for d in found
        if d.due is None
        or today - timedelta(days=OVERDUE_DAYS) <= d.due <= today + timedelta(days=HORIZON_DAYS)
    ]


def reminder_due(occurrence: Due, today: date) -> bool:
    """Whether today is in the week before the occurrence is due (its one reminder)."""
    due = occurrence.due
    return due is not None and due - timedelta(days=REMIND_DAYS_BEFORE) <= today <= due


_WHATS_DUE = re.compile(
    r"\b(what|whats|anything|is there anything)\b.{0,40}\b(due|coming up|deadlines?)\b"
    r"|\bdeadlines?\b.{0,30}\b(this|next) (week|month|quarter)\b"
    r"|\b(due|deadlines?) (this|next) (week|month|quarter)\b",
    re.I,
)


def asks_whats_due(text: str) -> bool:
    """Whether a member asks what is due ("what's due this month?", "anything coming up?")."""
    return bool(_WHATS_DUE.search(text.replace("'", "").replace("\u2019", "")))


def check_agm_date(text: str, today: date) -> date:
    """The AGM date an admin typed (YYYY-MM-DD), or ValueError with a one-line reason."""
    try:
        agm = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-14."
        ) from None
    if abs((agm - today).days) > MAX_AGM_DAYS:
        raise ValueError(
            f"{agm.isoformat()} is more than 18 months from today: "
            "give this year's AGM (the last one or the next)."
        )
    return agm
