"""SQLite store (aiosqlite): role links, officers, ticks, the party year, handover notes.

Plain Python, no Discord. ``base.py`` holds the connection (open, migrations, transactions),
``records.py`` the records as values, ``officers.py`` links, records, reminders and ticks,
``year.py`` AGM dates, recurring duties and handover notes, ``local.py`` each server's
own settings and steps, ``privacy.py`` members' data (export, deletion, retention);
:class:`Store` is all of them.

Every change is one transaction (:meth:`Store.transaction`), committed before the caller
touches Discord; a change that changes nothing writes nothing. Views over many officers are
one statement each. Times are passed in by the caller (the bot uses
``discord.utils.utcnow()``) and stored as ISO text. The schema is the ``.sql`` files in
``bot/migrations``, applied in order and counted with ``PRAGMA user_version``. The SQL itself
is named in :mod:`bot.queries`.
"""

from __future__ import annotations

from .base import MAX_SQLITE_INT, MIGRATIONS, MIGRATIONS_DIR, migrations
from .local import GuildSettings, LocalStep, LocalStore
from .officers import MAX_NUDGES, OfficerStore
from .privacy import PrivacyStore
from .records import HandoverNotes, Officer, PeriodKey, RecordChanges, Tick
from .year import YearStore

__all__ = [
    "MAX_NUDGES",
    "MAX_SQLITE_INT",
    "MIGRATIONS",
    "MIGRATIONS_DIR",
    "GuildSettings",
    "HandoverNotes",
    "LocalStep",
    "Officer",
    "PeriodKey",
    "RecordChanges",
    "Store",
    "Tick",
    "migrations",
]


class Store(OfficerStore, YearStore, LocalStore, PrivacyStore):
    """The bot's SQLite database. Open with :meth:`open`, close with :meth:`close`."""
