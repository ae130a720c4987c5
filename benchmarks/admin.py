"""Admin views, the reminder tick and the restart catch-up over many officers, in SQL statements.

Run from the repository root:  python benchmarks/admin.py.
For 200, 1,000 and 5,000 officers in one server (each a member holding Treasurer through one
linked role), a temporary SQLite file is filled in one transaction with a seeded mix of 0-5
ticked steps, ~5 % ended records, delivered/failed/pending welcomes, and activity and
reminder times over the last 90 days so that some officers are due a reminder.

Figures, for each size. Statements: every statement SQLite runs (``store.count_statements()``,
the connection's trace callback; BEGIN, COMMIT and each executemany row count). Calls:
``/onboarding progress`` = ``service.states(guild)`` + ``progress_pages``; ``/onboarding
export`` = ``service.export_csv``; one reminder tick = ``service.claim_reminders`` on a fresh
service (the reminders it records are put back, untimed, between runs); restart with nothing
changed = ``service.sync`` with exactly the current holders. "writes" are INSERT, UPDATE and
DELETE statements, "tx" the change in ``store.transactions``. Times are ``time.perf_counter``
medians after one untimed warm-up, this bot and the baseline alternating. Baseline: the
per-officer pattern the bot used before, in raw SQL on the same database: one
read per officer for progress, export and reminders, one transaction per reminder, and per
holder an insert, a re-open and a read on restart.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bot.catalogue import Catalogue, load_catalogue  # noqa: E402
from bot.checklists import checklist_state  # noqa: E402
from bot.onboarding import OnboardingService  # noqa: E402
from bot.store import Officer, Store  # noqa: E402
from bot.store.records import _officer, _ts  # noqa: E402
from cogs.onboarding.render import progress_pages  # noqa: E402

SIZES = (200, 1_000, 5_000)
RUNS = 5
RESTART_RUNS = 3
GUILD_ID = 111_111_111_111_111_111
ROLE_ID = 222_222_222_222_222_222
ADMIN_ID = 333_333_333_333_333_333
FIRST_USER_ID = 400_000_000_000_000_000
POST_ID = "treasurer"
REMINDER_DAYS = 7
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
MAX_STATEMENTS = 5
PROGRESS_TARGET_MS = 100.0
WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@dataclass
class Figure:
    statements: int
    writes: int
    transactions: int
    ms: float


class StatementLog:
    """Every statement the store's connection runs, counted in ``store.statements`` as
    :meth:`Store.count_statements` counts them (a trace callback), and kept by its text."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sql: list[str] = []

    async def install(self) -> None:
        store, sql = self.store, self.sql

        def trace(text: str) -> None:
            store.statements += 1
            sql.append(text)

        await self.store.db.set_trace_callback(trace)

    async def measure(self, call: Callable[[], Awaitable[object]]) -> tuple[Figure, object]:
        statements, transactions, seen = self.store.statements, self.store.transactions, len(self.sql)
        start = time.perf_counter()
        result = await call()
        ms = (time.perf_counter() - start) * 1000
        writes = sum(1 for s in self.sql[seen:] if s.lstrip().upper().startswith(WRITE_PREFIXES))
        figure = Figure(
            self.store.statements - statements, writes, self.store.transactions - transactions, ms
        )
        return figure, result


# -- the data ---------------------------------------------------------------------------------------
OFFICER_COLUMNS = (
    "INSERT INTO officers (id, guild_id, user_id, post_id, started_at, ended_at, welcome_status, "
    "welcome_error, welcome_at, last_activity_at, reminded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


async def build(store: Store, catalogue: Catalogue, size: int, seed: int) -> dict[str, Any]:
    """``size`` Treasurer records with ticks, in one transaction; returns what was built."""
    rng = random.Random(seed)
    step_ids = [s.id for s in catalogue.get(POST_ID).checklist]
    await store.link_role(GUILD_ID, ROLE_ID, POST_ID, ADMIN_ID, NOW - timedelta(days=120))
    officers, ticks = [], []
    for n in range(1, size + 1):
        started = NOW - timedelta(days=rng.uniform(1, 90))
        last = started + (NOW - started) * rng.random()
        reminded = last + (NOW - last) * rng.random() if rng.random() < 0.4 else None
        ended = started + (NOW - started) * rng.random() if rng.random() < 0.05 else None
        roll = rng.random()
        if roll < 0.9:
            welcome = ("delivered", None, started + timedelta(seconds=2))
        elif roll < 0.97:
            welcome = ("failed", "HTTP 403, code 50007: Cannot send messages to this user", started)
        else:
            welcome = ("pending", None, None)
        officers.append(
            (
                n,
                GUILD_ID,
                FIRST_USER_ID + n,
                POST_ID,
                _ts(started),
                _ts(ended),
                welcome[0],
                welcome[1],
                _ts(welcome[2]),
                _ts(last),
                _ts(reminded),
            )
        )
        done = step_ids if rng.random() < 0.05 else rng.sample(step_ids, rng.randint(0, 5))
        for step_id in done:
            ticks.append((n, step_id, 1, _ts(started + (last - started) * rng.random()), FIRST_USER_ID + n))
        undone = [s for s in step_ids if s not in done]
        if undone and rng.random() < 0.2:  # ticked, then unticked
            ticks.append((n, rng.choice(undone), 0, _ts(last), FIRST_USER_ID + n))
    async with store.transaction() as db:
        await db.executemany(OFFICER_COLUMNS, officers)
        await db.executemany("INSERT INTO ticks VALUES (?, ?, ?, ?, ?)", ticks)
    active = [row for row in officers if row[5] is None]
    cutoff = _ts(NOW - timedelta(days=REMINDER_DAYS))
    due = [row for row in active if max(row[9], row[10] or row[9]) <= cutoff]
    return {
        "active": len(active),
        "ended": size - len(active),
        "ticks": len(ticks),
        "due": len(due),
        "holders": {row[2]: [ROLE_ID] for row in active},
        "names": {row[2]: f"Member {row[0]}" for row in officers if row[5] is None or row[0] % 2},
    }


async def reminders_snapshot(store: Store) -> list[tuple[str | None, int, int]]:
    async with store.db.execute("SELECT reminded_at, nudges, id FROM officers") as cur:
        return [tuple(row) for row in await cur.fetchall()]


async def restore_reminders(store: Store, snapshot: list[tuple[str | None, int, int]]) -> None:
    async with store.transaction() as db:
        await db.executemany("UPDATE officers SET reminded_at = ?, nudges = ? WHERE id = ?", snapshot)


# -- the baseline: the per-officer pattern ----------------------------------------------------------
class PerOfficerReads:
    """The reads the bot used before: the officers, then each officer's ticks."""

    def __init__(self, store: Store) -> None:
        self.db = store.db

    async def ticks(self, officer_id: int) -> list[Any]:
        async with self.db.execute("SELECT * FROM ticks WHERE officer_id = ?", (officer_id,)) as cur:
            return list(await cur.fetchall())

    async def done_steps(self, officer_id: int) -> frozenset[str]:
        return frozenset(t["step_id"] for t in await self.ticks(officer_id) if t["done"])

    async def officers_with_steps(
        self, guild_id: int | None = None, user_id: int | None = None, active_only: bool = False
    ) -> list[tuple[Officer, frozenset[str]]]:
        assert guild_id is not None and user_id is None and not active_only
        async with self.db.execute(
            "SELECT * FROM officers WHERE guild_id = ? ORDER BY id", (guild_id,)
        ) as cur:
            officers = [_officer(row) for row in await cur.fetchall()]
        return [(o, await self.done_steps(o.id)) for o in officers]


async def baseline_reminder_tick(
    store: Store, catalogue: Catalogue, now: datetime, days: int, reachable: Callable[[Officer], bool]
) -> list[int]:
    reads = PerOfficerReads(store)
    period = timedelta(days=days)
    async with store.db.execute("SELECT * FROM officers WHERE ended_at IS NULL ORDER BY id") as cur:
        officers = [_officer(row) for row in await cur.fetchall()]
    reminded = []
    for officer in officers:
        if now < max(officer.last_activity_at, officer.reminded_at or officer.last_activity_at) + period:
            continue
        state = checklist_state(catalogue, officer, await reads.done_steps(officer.id))
        if state is None or not state.open_steps or not reachable(officer):
            continue
        async with store.transaction() as db:
            await db.execute("UPDATE officers SET reminded_at = ? WHERE id = ?", (_ts(now), officer.id))
        reminded.append(officer.id)
    return reminded


async def baseline_restart(store: Store, guild_id: int, holders: dict[int, list[int]], now: datetime) -> int:
    claimed = 0
    for user_id, role_ids in holders.items():
        if ROLE_ID not in role_ids:
            continue
        key = (guild_id, user_id, POST_ID)
        async with (
            store.transaction() as db,
            db.execute(
                "INSERT INTO officers (guild_id, user_id, post_id, started_at, last_activity_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, post_id) DO NOTHING",
                (*key, _ts(now), _ts(now)),
            ) as cur,
        ):
            inserted = cur.rowcount > 0
        claimed += inserted
        if not inserted:
            async with store.transaction() as db:
                await db.execute(
                    "UPDATE officers SET ended_at = NULL WHERE guild_id = ? AND user_id = ? "
                    "AND post_id = ? AND ended_at IS NOT NULL",
                    key,
                )
        async with store.db.execute(
            "SELECT * FROM officers WHERE guild_id = ? AND user_id = ? AND post_id = ?", key
        ) as cur:
            assert await cur.fetchone() is not None
    async with store.db.execute(
        "SELECT * FROM officers WHERE guild_id = ? AND ended_at IS NULL ORDER BY id", (guild_id,)
    ) as cur:
        active = await cur.fetchall()
    assert len(active) == len(holders)  # nothing to end
    return claimed


# -- one size ---------------------------------------------------------------------------------------
async def measure_size(
    size: int, directory: Path, catalogue: Catalogue
) -> tuple[dict[str, Any], dict[str, dict[str, Figure]]]:
    store = await Store.open(directory / f"officers-{size}.sqlite3")
    try:
        data = await build(store, catalogue, size, seed=size)
        counter = StatementLog(store)
        await counter.install()
        service = OnboardingService(store, catalogue)
        await service.load()
        baseline = OnboardingService(PerOfficerReads(store), catalogue)  # type: ignore[arg-type]
        snapshot = await reminders_snapshot(store)
        holders = data["holders"]

        def member_name(user_id: int) -> str | None:
            return data["names"].get(user_id)

        async def progress(svc: OnboardingService) -> int:
            return len(progress_pages(await svc.states(GUILD_ID)))

        async def reminder_tick() -> list[int]:
            fresh = OnboardingService(store, catalogue)
            due = await fresh.claim_reminders([GUILD_ID], NOW, REMINDER_DAYS, reachable=lambda o: True)
            return [s.officer.id for s in due]

        async def old_reminder_tick() -> list[int]:
            return await baseline_reminder_tick(store, catalogue, NOW, REMINDER_DAYS, lambda o: True)

        calls: dict[str, tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[object]], int]] = {
            "progress": (lambda: progress(service), lambda: progress(baseline), RUNS),
            "export": (
                lambda: service.export_csv(GUILD_ID, member_name),
                lambda: baseline.export_csv(GUILD_ID, member_name),
                RUNS,
            ),
            "reminders": (reminder_tick, old_reminder_tick, RUNS),
            "restart": (
                lambda: service.sync(GUILD_ID, holders, NOW),
                lambda: baseline_restart(store, GUILD_ID, holders, NOW),
                RESTART_RUNS,
            ),
        }
        figures: dict[str, dict[str, Figure]] = {}
        for name, (new, old, runs) in calls.items():
            results: dict[str, list[Figure]] = {"new": [], "old": []}
            answers: dict[str, object] = {}
            for run in range(runs + 1):  # run 0: warm-up, untimed
                for side, call in (("new", new), ("old", old)):
                    figure, answers[side] = await counter.measure(call)
                    if name == "reminders":
                        await restore_reminders(store, snapshot)
                    if run:
                        results[side].append(figure)
            if name == "restart":
                change = answers["new"]
                assert not change.claimed and not change.ended and answers["old"] == 0, answers
            else:
                assert answers["new"] == answers["old"], f"{name}: this bot and the baseline disagree"
            if name == "reminders":
                data["reminded"] = len(answers["new"])
            figures[name] = {
                side: Figure(
                    runs_[0].statements,
                    runs_[0].writes,
                    runs_[0].transactions,
                    statistics.median(f.ms for f in runs_),
                )
                for side, runs_ in results.items()
            }
        return data, figures
    finally:
        await store.close()


# -- report -----------------------------------------------------------------------------------------
LABELS = {
    "progress": "/onboarding progress",
    "export": "/onboarding export",
    "reminders": "one reminder tick",
    "restart": "restart, nothing changed",
}


def cells(figure: Figure) -> str:
    return f"{figure.statements:>10}  {f'{figure.writes}+{figure.transactions}':>9}  {figure.ms:>9.2f}"


async def main() -> int:
    catalogue = load_catalogue()
    results: dict[int, tuple[dict[str, Any], dict[str, dict[str, Figure]]]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            results[size] = await measure_size(size, Path(tmp), catalogue)
    total = time.perf_counter() - started

    print(
        f"One server, every officer a distinct member holding Treasurer through one linked role; "
        f"reminders every {REMINDER_DAYS} days"
    )
    for size, (data, _) in results.items():
        print(
            f"  {size:>5,} officers: {data['active']:,} active, {data['ended']:,} ended, "
            f"{data['ticks']:,} tick rows, {data['due']:,} due a reminder "
            f"({data['reminded']:,} with open steps)"
        )
    print()
    label_width = max(len(label) for label in LABELS.values())
    side = f"{'statements':>10}  {'writes+tx':>9}  {'median ms':>9}"
    print(
        f"{'':>8}  {'':<{label_width}}  {'this bot':^{len(side)}}    {'baseline (per officer)':^{len(side)}}"
    )
    print(f"{'officers':>8}  {'call':<{label_width}}  {side}    {side}")
    print(f"{'-' * 8}  {'-' * label_width}  {'-' * len(side)}    {'-' * len(side)}")
    for size, (_, figures) in results.items():
        for name, label in LABELS.items():
            new, old = cells(figures[name]["new"]), cells(figures[name]["old"])
            print(f"{size:>8,}  {label:<{label_width}}  {new}    {old}")
    print()
    print(
        "statements: every SQL statement SQLite ran (trace callback), BEGIN/COMMIT and each\n"
        "  executemany row included; writes+tx: INSERT/UPDATE/DELETE statements + committed write\n"
        f"  transactions; median of {RUNS} runs ({RESTART_RUNS} for the restart); whole run {total:.1f} s"
    )
    print()
    print("targets (this bot):")
    for name in ("progress", "export", "reminders"):
        counts = [results[size][1][name]["new"].statements for size in SIZES]
        ok = len(set(counts)) == 1 and max(counts) <= MAX_STATEMENTS
        shown = ", ".join(str(c) for c in counts)
        print(
            f"  {LABELS[name]}: statements per call constant in officers and <= {MAX_STATEMENTS}: "
            f"{shown} {'met' if ok else 'MISSED'}"
        )
    restarts = [results[size][1]["restart"]["new"] for size in SIZES]
    ok = all(f.writes == 0 and f.transactions == 0 for f in restarts)
    shown = ", ".join(f"{f.writes}+{f.transactions}" for f in restarts)
    print(f"  restart with nothing to do: 0 writes: {shown} {'met' if ok else 'MISSED'}")
    largest = results[SIZES[-1]][1]["progress"]["new"].ms
    ok = largest < PROGRESS_TARGET_MS
    print(
        f"  /onboarding progress at {SIZES[-1]:,} officers < {PROGRESS_TARGET_MS:g} ms: {largest:.1f} ms "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
