"""Small helpers for writing English: counts, lists of names, dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime


def plural(count: int, noun: str) -> str:
    """A count with its noun: "1 role", "3 roles"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def human_join(items: Iterable[str], last: str = "and") -> str:
    """Items joined as "A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def day(value: date | datetime | None) -> str:
    """A date as people write it: "1 March 2026"."""
    return value.strftime("%d %B %Y").lstrip("0") if value else "an unknown date"
