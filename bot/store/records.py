"""The store's records as Python values, and how rows and times convert to them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

PeriodKey = tuple[int, str, str]  # (officer id, recurring item id, period)


@dataclass(frozen=True)
class Officer:
    """One person's record in one post in one server."""

    id: int
    guild_id: int
    user_id: int
    post_id: str
    started_at: datetime
    ended_at: datetime | None
    welcome_status: str
    welcome_error: str | None
    welcome_at: datetime | None
    last_activity_at: datetime
    reminded_at: datetime | None
    end_reason: str | None = None  # 'role' (lost or unlinked), 'hand' (/onboarding end), 'left'
    farewell_at: datetime | None = None  # when the one farewell DM was claimed
    nudges: int = 0  # first-step reminders sent
    snoozed_until: datetime | None = None
    reminders_off: bool = False
    reminder_error: str | None = None

    @property
    def active(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class HandoverNotes:
    """What an outgoing officer wrote for whoever comes next in their post."""

    id: int
    guild_id: int
    post_id: str
    officer_id: int
    author_id: int
    in_progress: str
    contacts: str
    anything_else: str
    written_at: datetime


@dataclass(frozen=True)
class Tick:
    step_id: str
    done: bool
    changed_at: datetime
    changed_by: int


@dataclass(frozen=True)
class RecordChanges:
    """What one change to the officer records does: claims, re-opens and endings."""

    claim: tuple[tuple[int, int, str], ...] = ()  # (guild_id, user_id, post_id) to insert
    reopen: tuple[int, ...] = ()  # officer ids whose ended record starts again
    end: tuple[int, ...] = ()  # officer ids whose record ends
    welcome: bool = True  # whether the records claimed are owed a welcome
    end_reason: str = "role"

    def __bool__(self) -> bool:
        return bool(self.claim or self.reopen or self.end)


def _ts(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value is not None else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _officer(row: Mapping[str, Any]) -> Officer:
    return Officer(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        post_id=row["post_id"],
        started_at=_dt(row["started_at"]),
        ended_at=_dt(row["ended_at"]),
        welcome_status=row["welcome_status"],
        welcome_error=row["welcome_error"],
        welcome_at=_dt(row["welcome_at"]),
        last_activity_at=_dt(row["last_activity_at"]),
        reminded_at=_dt(row["reminded_at"]),
        end_reason=row["end_reason"],
        farewell_at=_dt(row["farewell_at"]),
        nudges=row["nudges"],
        snoozed_until=_dt(row["snoozed_until"]),
        reminders_off=bool(row["reminders_off"]),
        reminder_error=row["reminder_error"],
    )


def _notes(row: Mapping[str, Any]) -> HandoverNotes:
    return HandoverNotes(**{**dict(row), "written_at": _dt(row["written_at"])})


def _by_id(rows: Iterable[Mapping[str, Any]]) -> list[Officer]:
    return sorted((_officer(row) for row in rows), key=lambda o: o.id)


def _with_steps(row: Mapping[str, Any]) -> tuple[Officer, frozenset[str]]:
    return _officer(row), frozenset((row["done_steps"] or "").split())
