"""Members' data over many officers: /mydata, Delete my data, retention and forgetting a server.

Run from the repository root:  python benchmarks/privacy.py

For 1,000 and 10,000 officers per server in two servers, a fresh temporary SQLite file is filled
in one transaction: each officer holds the Treasurer post with 3 ticked steps, one recurring tick
and one dated reminder; 10% of the records have ended (half of those more than 400 days ago), each
ended record with handover notes. Statements are counted with the connection's trace callback
(``store.count_statements()``); times are ``time.perf_counter`` medians of 5 runs, on a fresh copy
of the database for each deleting run.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bot.store import Store  # noqa: E402
from bot.store.records import _ts  # noqa: E402

SIZES = (1_000, 10_000)
RUNS = 5
GUILDS = (111, 222)
NOW = datetime(2026, 6, 1, tzinfo=UTC)
STEPS = ("bank-access", "accounts", "auditors")


async def fill(path: Path, size: int) -> None:
    store = await Store.open(path)
    officers, ticks, recurring, reminders, notes = [], [], [], [], []
    oid = 0
    for guild in GUILDS:
        for user in range(size):
            oid += 1
            ended = None
            if user % 10 == 0:
                ended = _ts(NOW - timedelta(days=500 if user % 20 == 0 else 30))
                notes.append((guild, "treasurer", oid, user, "in progress", "", "", ended))
            officers.append((oid, guild, user, "treasurer", _ts(NOW), ended, _ts(NOW)))
            ticks += [(oid, step, 1, _ts(NOW), user) for step in STEPS]
            recurring.append((oid, "accounts", "2026", 1, _ts(NOW), user))
            reminders.append((oid, "accounts", "2026", _ts(NOW)))
    async with store.transaction() as db:
        await db.executemany(
            "INSERT INTO officers (id, guild_id, user_id, post_id, started_at, ended_at, last_activity_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            officers,
        )
        await db.executemany("INSERT INTO ticks VALUES (?, ?, ?, ?, ?)", ticks)
        await db.executemany("INSERT INTO recurring_ticks VALUES (?, ?, ?, ?, ?, ?)", recurring)
        await db.executemany(
            "INSERT INTO recurring_reminders (officer_id, item_id, period, sent_at) VALUES (?, ?, ?, ?)",
            reminders,
        )
        await db.executemany(
            "INSERT INTO handover_notes (guild_id, post_id, officer_id, author_id, in_progress, contacts,"
            " anything_else, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            notes,
        )
    await store.close()


async def measure(source: Path, work: str, call) -> tuple[int, float]:
    """(statements, median ms) of ``call(store)`` on a fresh copy of the database each run."""
    times, statements = [], 0
    for run in range(RUNS):
        copy = source.with_name(f"{work}-{run}.sqlite3")
        shutil.copy(source, copy)
        store = await Store.open(copy)
        await store.count_statements()
        store.statements = 0
        start = time.perf_counter()
        await call(store)
        times.append((time.perf_counter() - start) * 1000)
        statements = store.statements
        await store.close()
    return statements, statistics.median(times)


async def main() -> None:
    print("| officers per server | call | statements | time |")
    print("| --- | --- | --- | --- |")
    cutoff = NOW - timedelta(days=400)
    calls = {
        "`/mydata` (one member's rows)": lambda s: s.member_data(GUILDS[0], 20),
        "Delete my data": lambda s: s.delete_member(GUILDS[0], 20),
        "retention run (5% of records past 400 days)": lambda s: s.delete_ended_before(cutoff),
        "forget a server": lambda s: s.forget_guild(GUILDS[0]),
    }
    for size in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "bot.sqlite3"
            await fill(source, size)
            for number, (name, call) in enumerate(calls.items()):
                statements, ms = await measure(source, f"w{number}", call)
                print(f"| {size:,} | {name} | {statements} | {ms:.1f} ms |")


if __name__ == "__main__":
    asyncio.run(main())
