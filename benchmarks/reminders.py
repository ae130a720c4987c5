"""One reminder tick over many officers in many servers: SQL statements, transactions, time.

Run from the repository root:  python benchmarks/reminders.py

A tick is what ``Reminders.send_due()`` (cogs/onboarding/reminders.py) does, minus Discord:
``PartyYear.new_years``, ``PartyYear.claim_dated_reminders`` and
``OnboardingService.claim_reminders`` (every 7 days), every officer reachable. It is measured
over 1,000 officers in 5 servers, 2,500 in 50 and 10,000 in 50 (200 a server).

Data, per size, in a temporary SQLite file filled in one transaction (executemany through
``store.db``): every server has an AGM date (stored in 2025 or 2026) and the AGM whose new year
was announced. "Now" is Friday 26 June 2026, 12:00 UTC, the week before the end of June (a
month and a quarter end), so monthly and quarterly duties are due. In every size, servers 0 and
1 had their AGM this week, not yet announced (two new years, whatever the number of servers),
server 2's AGM is on 30 June ("before the AGM" duties due) and server 3's was on 29 May ("after
the AGM" duties due four weeks on); the rest are spread over the year. Officers hold a
weighted mix of posts (some members two), a seeded random mix of ticked steps (some all done);
about 7% of records ended, welcomes delivered, failed, pending or not sent, 0-3 nudges sent, 5%
with reminders off, 6% snoozed (some snoozes over). Of each recurring duty, past periods are
mostly done and reminded; the period due now rarely done, its reminder sent for about 30%.

Figures: statements are all SQLite runs (``store.count_statements()``, a trace callback; BEGIN
and COMMIT included), tx the change in ``store.transactions`` (committed write transactions). A
tick writes, so each run gets a fresh copy of the file and a fresh ``PartyYear`` (its dated scan
runs once a day) and ``OnboardingService``; the copy and ``PartyYear.load()`` are untimed. Times
are ``time.perf_counter`` medians of RUNS runs after one untimed warm-up, this bot and the
baseline alternating; both must claim exactly the same reminders.

Baseline: the per-officer pattern, in raw SQL on the same database: for every server read its
AGM row and its active officers' ids, then for every active officer read its record, its ticks,
its recurring ticks and its reminder markers (one query each); the same decisions in Python;
then each claimed reminder (and each announced new year) is written as its own transaction.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bot.calendar import agm_around, occurrences, reminder_due  # noqa: E402
from bot.catalogue import Catalogue, load_catalogue  # noqa: E402
from bot.checklists import checklist_state  # noqa: E402
from bot.onboarding import OnboardingService  # noqa: E402
from bot.store import MAX_NUDGES, Officer, Store  # noqa: E402
from bot.store.records import _officer, _ts  # noqa: E402
from bot.year import PartyYear  # noqa: E402

SIZES = ((1_000, 5), (2_500, 50), (10_000, 50))  # (officers, servers)
RUNS = 5
REMINDER_DAYS = 7
NOW = datetime(2026, 6, 26, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
FIRST_GUILD_ID = 111_000_000_000_000_000
FIRST_USER_ID = 400_000_000_000_000_000
TICK_TARGET_MS = 1000.0
DAY, BEFORE = timedelta(days=1), timedelta(days=40)  # duties kept from 40 days before a record
POST_WEIGHTS = {
    "treasurer": 12, "secretary": 12, "campaign-coordinator": 10, "group-observer": 8,
    "membership-secretary": 10, "youth-officer": 6, "chair": 8, "vice-chair": 4, "auditor": 4,
    "fundraiser": 4, "vice-chair-membership": 4, "womens-officer": 4, "equalities-officer": 3,
    "political-education-officer": 3, "trade-union-liaison-officer": 3, "it-officer": 3,
}  # fmt: skip
# The first servers' AGMs (stored date, announced AGM): two new years now, one before, one after.
FIXED_YEARS = [
    (date(2026, 6, 22), date(2025, 6, 22)), (date(2025, 6, 25), date(2024, 6, 25)),
    (date(2026, 6, 30), date(2025, 6, 30)), (date(2026, 5, 29), date(2026, 5, 29)),
]  # fmt: skip
OFFICER_COLUMNS = (
    "id, guild_id, user_id, post_id, started_at, ended_at, end_reason, welcome_status, welcome_error, "
    "welcome_at, last_activity_at, reminded_at, farewell_at, nudges, snoozed_until, reminders_off"
)

Answer = tuple[tuple[tuple[int, tuple[int, ...]], ...], tuple[tuple[int, str, str], ...], tuple[int, ...]]


@dataclass
class Figure:
    statements: int
    transactions: int
    ms: float


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


# -- the data ---------------------------------------------------------------------------------------
async def build(path: Path, catalogue: Catalogue, size: int, servers: int, seed: int) -> dict[str, Any]:
    """``size`` records over ``servers`` servers, in one transaction; returns what was built."""
    rng = random.Random(seed)
    posts, weights = list(POST_WEIGHTS), list(POST_WEIGHTS.values())
    guilds, officers, ticks, done_rows, sent_rows = [], [], [], [], []
    n = 0
    for g in range(servers):
        guild_id = FIRST_GUILD_ID + g
        if g < len(FIXED_YEARS):
            agm, announced = FIXED_YEARS[g]
        else:
            agm = date(2025, 7, 1) + timedelta(days=rng.randrange(355))
            agm = agm.replace(year=agm.year - 1) if rng.random() < 0.3 and agm.year == 2026 else agm
            announced = agm_around(agm, TODAY)[0]
        guilds.append((guild_id, _ts(NOW - timedelta(days=200)), agm.isoformat(), announced.isoformat()))
        held: set[tuple[int, str]] = set()
        for _ in range(size // servers):
            n += 1
            post_id = rng.choices(posts, weights)[0]
            user_id = FIRST_USER_ID + n
            if officers and rng.random() < 0.1 and officers[-1][1] == guild_id:  # a second post
                user_id = officers[-1][2]
            if (user_id, post_id) in held:
                user_id = FIRST_USER_ID + n
            held.add((user_id, post_id))
            started = NOW - timedelta(days=rng.uniform(1, 500))
            ended = between(rng, started, NOW) if rng.random() < 0.07 else None
            end_reason = rng.choice(("role", "role", "hand", "left")) if ended else None
            farewell = ended + timedelta(seconds=3) if ended and end_reason != "left" else None
            welcome = rng.choices(("delivered", "failed", "pending", "not_sent"), (85, 5, 2, 8))[0]
            error = "HTTP 403, code 50007: Cannot send messages to this user" if welcome == "failed" else None
            welcome_at = started + timedelta(seconds=2) if welcome in ("delivered", "failed") else None
            idle = welcome == "not_sent" and rng.random() < 0.5
            last = started if idle else between(rng, started, ended or NOW)
            nudges = rng.choices((0, 1, 2, 3), (50, 20, 15, 15))[0]
            reminded = between(rng, last, ended or NOW) if nudges else None
            off = int(rng.random() < 0.05)
            snoozed = NOW + timedelta(days=rng.uniform(-10, 14)) if rng.random() < 0.06 else None
            officers.append(
                (n, guild_id, user_id, post_id, _ts(started), _ts(ended), end_reason, welcome, error,
                 _ts(welcome_at), _ts(last), _ts(reminded), _ts(farewell), nudges, _ts(snoozed), off)
            )  # fmt: skip
            post = catalogue.get(post_id)
            step_ids = [s.id for s in post.checklist]
            done = step_ids if rng.random() < 0.1 else rng.sample(step_ids, rng.randint(0, len(step_ids)))
            for step_id in done:
                ticks.append((n, step_id, 1, _ts(between(rng, started, last)), user_id))
            undone = [s for s in step_ids if s not in done]
            if undone and rng.random() < 0.15:  # ticked, then unticked
                ticks.append((n, rng.choice(undone), 0, _ts(last), user_id))
            for item in post.recurring:
                for due in occurrences(post, item, agm, TODAY):
                    now_due = reminder_due(due, TODAY)
                    if not now_due and (due.due is None or not started.date() - BEFORE < due.due < TODAY):
                        continue  # not due yet, or long before the record
                    roll, p_done = rng.random(), 0.01 if now_due else 0.7
                    if roll < p_done + 0.03:  # marked done (or marked, then unmarked)
                        done_rows.append((n, item.id, due.period, int(roll < p_done), _ts(last), user_id))
                    if rng.random() < (0.3 if now_due else 0.8):
                        sent = datetime.combine(due.due - timedelta(days=7), clock(9), tzinfo=UTC)
                        sent_rows.append((n, item.id, due.period, _ts(NOW - DAY if now_due else sent)))
    inserts = {
        "guild_settings (guild_id, updated_at, agm_date, year_announced)": guilds,
        f"officers ({OFFICER_COLUMNS})": officers,
        "ticks": ticks,
        "recurring_ticks": done_rows,
        "recurring_reminders (officer_id, item_id, period, sent_at)": sent_rows,
    }
    store = await Store.open(path)
    try:
        async with store.transaction() as db:
            for table, rows in inserts.items():
                await db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    finally:
        await store.close()
    active = sum(o[5] is None for o in officers)
    counts = {"active": active, "ended": len(officers) - active, "ticks": len(ticks)}
    return {
        **counts,
        "recurring": len(done_rows),
        "sent": len(sent_rows),
        "guild_ids": [g[0] for g in guilds],
    }


# -- this bot ---------------------------------------------------------------------------------------
async def bot_tick(
    store: Store, catalogue: Catalogue, guild_ids: list[int]
) -> Callable[[], Awaitable[Answer]]:
    year = PartyYear(store, catalogue)
    await year.load()  # at start-up, untimed
    onboarding = OnboardingService(store, catalogue)

    async def tick() -> Answer:
        new_years = await year.new_years(guild_ids, NOW)
        dated = await year.claim_dated_reminders(guild_ids, NOW, lambda o: True)
        nudges = await onboarding.claim_reminders(guild_ids, NOW, REMINDER_DAYS, lambda o: True)
        return (
            tuple((y.guild_id, tuple(o.id for o in y.officers)) for y in new_years),
            tuple(sorted((o.id, due.item.id, due.period) for o, due in dated)),
            tuple(sorted(s.officer.id for s in nudges)),
        )

    return tick


# -- the baseline: the per-officer pattern ----------------------------------------------------------
async def baseline_tick(
    store: Store, catalogue: Catalogue, guild_ids: list[int]
) -> Callable[[], Awaitable[Answer]]:
    db = store.db

    async def rows(sql: str, params: tuple) -> list[Any]:
        async with db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    def wants(officer: Officer) -> bool:
        return not officer.reminders_off and (officer.snoozed_until is None or officer.snoozed_until <= NOW)

    async def tick() -> Answer:
        new_years, dated, nudged = [], {}, []
        done: set[tuple[int, str, str]] = set()
        reminded: set[tuple[int, str, str]] = set()
        steps: dict[int, frozenset[str]] = {}
        by_post: dict[tuple[int, str], list[Officer]] = {}
        years: dict[int, date | None] = {}
        everyone: list[Officer] = []
        for guild_id in guild_ids:
            (year,) = await rows(
                "SELECT agm_date, year_announced FROM guild_settings WHERE guild_id = ?", (guild_id,)
            )
            years[guild_id] = date.fromisoformat(year["agm_date"]) if year["agm_date"] else None
            ids = "SELECT id FROM officers WHERE guild_id = ? AND ended_at IS NULL ORDER BY id"
            officers = []
            for (officer_id,) in await rows(ids, (guild_id,)):
                (row,) = await rows("SELECT * FROM officers WHERE id = ?", (officer_id,))
                officer = _officer(row)
                officers.append(officer)
                by_post.setdefault((guild_id, officer.post_id), []).append(officer)
                ticked = await rows("SELECT step_id, done FROM ticks WHERE officer_id = ?", (officer_id,))
                steps[officer_id] = frozenset(t["step_id"] for t in ticked if t["done"])
                sql = "SELECT item_id, period, done FROM recurring_ticks WHERE officer_id = ?"
                done |= {(officer_id, *r[:2]) for r in await rows(sql, (officer_id,)) if r["done"]}
                sql = "SELECT item_id, period FROM recurring_reminders WHERE officer_id = ?"
                reminded |= {(officer_id, *r) for r in await rows(sql, (officer_id,))}
            everyone.extend(officers)
            last, _ = agm_around(years[guild_id], TODAY)
            if last is not None and year["year_announced"] != last.isoformat():
                async with store.transaction() as tx:
                    await tx.execute(
                        "UPDATE guild_settings SET year_announced = ? WHERE guild_id = ?",
                        (last.isoformat(), guild_id),
                    )
                start = datetime.combine(last, clock.min, tzinfo=UTC)
                new_years.append((guild_id, tuple(o.id for o in officers if o.started_at < start)))
        for (guild_id, post_id), holders in by_post.items():
            post = catalogue.get(post_id)
            for item in post.recurring if post else []:
                for due in occurrences(post, item, years[guild_id], TODAY):
                    finished = any((o.id, item.id, due.period) in done for o in holders)
                    if not reminder_due(due, TODAY) or finished:
                        continue
                    for officer in holders:
                        key = (officer.id, item.id, due.period)
                        if key not in reminded and wants(officer):
                            dated[key] = officer
        for key in sorted(dated):
            async with store.transaction() as tx:
                await tx.execute(
                    "INSERT INTO recurring_reminders (officer_id, item_id, period, sent_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (*key, _ts(NOW)),
                )
        cutoff = NOW - timedelta(days=REMINDER_DAYS)
        for officer in sorted(everyone, key=lambda o: o.id):
            stale = max(officer.last_activity_at, officer.reminded_at or officer.last_activity_at) <= cutoff
            idle = officer.welcome_status == "not_sent" and officer.last_activity_at <= officer.started_at
            if not stale or idle or officer.nudges >= MAX_NUDGES or not wants(officer):
                continue
            if not (state := checklist_state(catalogue, officer, steps[officer.id])) or not state.open_steps:
                continue
            async with store.transaction() as tx:
                await tx.execute(
                    "UPDATE officers SET reminded_at = ?, nudges = nudges + 1 WHERE id = ?",
                    (_ts(NOW), officer.id),
                )
            nudged.append(officer.id)
        return tuple(new_years), tuple(sorted(dated)), tuple(nudged)

    return tick


# -- one size ---------------------------------------------------------------------------------------
Prepare = Callable[[Store, Catalogue, list[int]], Awaitable[Callable[[], Awaitable[Answer]]]]


async def run_once(master: Path, work: Path, catalogue: Catalogue, guild_ids: list[int], prepare: Prepare):
    """One tick on a fresh copy of the database: (figure, answer)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(master, work)
    store = await Store.open(work)
    try:
        await store.count_statements()
        tick = await prepare(store, catalogue, guild_ids)
        statements, transactions = store.statements, store.transactions
        start = time.perf_counter()
        answer = await tick()
        ms = (time.perf_counter() - start) * 1000
        return Figure(store.statements - statements, store.transactions - transactions, ms), answer
    finally:
        await store.close()


async def measure_size(
    size: int, servers: int, directory: Path, catalogue: Catalogue
) -> tuple[dict[str, Any], dict[str, Figure]]:
    master = directory / f"officers-{size}-{servers}.sqlite3"
    data = await build(master, catalogue, size, servers, seed=size + servers)
    assert not Path(f"{master}-wal").exists()
    results: dict[str, list[Figure]] = {"new": [], "old": []}
    answers: dict[str, Answer] = {}
    for run in range(RUNS + 1):  # run 0: warm-up, untimed
        for side, prepare in (("new", bot_tick), ("old", baseline_tick)):
            figure, answers[side] = await run_once(
                master, directory / "run.sqlite3", catalogue, data["guild_ids"], prepare
            )
            if run:
                results[side].append(figure)
    assert answers["new"] == answers["old"], "this bot and the baseline claim different reminders"
    new_years, dated, nudges = answers["new"]
    data.update(new_years=len(new_years), dated=len(dated), nudges=len(nudges))
    data["new_year_dms"] = sum(len(ids) for _, ids in new_years)
    for figures in results.values():
        assert len({(f.statements, f.transactions) for f in figures}) == 1, "counts vary between runs"
    figures = {
        side: Figure(runs[0].statements, runs[0].transactions, statistics.median(f.ms for f in runs))
        for side, runs in results.items()
    }
    return data, figures


# -- report -----------------------------------------------------------------------------------------
def cells(figure: Figure) -> str:
    return f"{figure.statements:>10,}  {figure.transactions:>6,}  {figure.ms:>9.1f}"


async def main() -> int:
    catalogue = load_catalogue()
    results: dict[tuple[int, int], tuple[dict[str, Any], dict[str, Figure]]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for size, servers in SIZES:
            results[size, servers] = await measure_size(size, servers, Path(tmp), catalogue)
    total = time.perf_counter() - started

    print(
        f"One reminder tick at {NOW:%a %d %b %Y %H:%M} UTC, nudges every {REMINDER_DAYS} days, all reachable"
    )
    for (size, servers), (d, _) in results.items():
        print(
            f"  {size:>6,} officers in {servers:>2} servers: {d['active']:,} active, {d['ended']:,} ended, "
            f"{d['ticks']:,} ticks, {d['recurring']:,} recurring ticks, {d['sent']:,} dated sent before\n"
            f"  {'':>30}claimed: {d['nudges']:,} nudges, {d['dated']:,} dated reminders, "
            f"{d['new_year_dms']:,} new-year DMs ({d['new_years']} servers' new year)"
        )
    print()
    side = f"{'statements':>10}  {'tx':>6}  {'median ms':>9}"
    print(f"{'':>8}  {'':>7}  {'this bot':^{len(side)}}    {'baseline (per officer)':^{len(side)}}")
    print(f"{'officers':>8}  {'servers':>7}  {side}    {side}")
    print(f"{'-' * 8}  {'-' * 7}  {'-' * len(side)}    {'-' * len(side)}")
    for (size, servers), (_, figures) in results.items():
        print(f"{size:>8,}  {servers:>7}  {cells(figures['new'])}    {cells(figures['old'])}")
    print()
    print(
        "statements: every SQL statement SQLite ran in the tick (trace callback); tx: committed write\n"
        f"  transactions; median of {RUNS} runs, each on a fresh copy of the database; "
        f"whole run {total:.1f} s"
    )
    print()
    print("targets (this bot):")
    counts = [figures["new"].statements for _, figures in results.values()]
    ok = len(set(counts)) == 1
    shown = ", ".join(str(c) for c in counts)
    print(f"  statements per tick constant in the number of officers: {shown} {'met' if ok else 'MISSED'}")
    largest = results[SIZES[-1]][1]["new"].ms
    ok = largest < TICK_TARGET_MS
    print(
        f"  one tick over {SIZES[-1][0]:,} officers < {TICK_TARGET_MS:g} ms: {largest:.1f} ms "
        f"{'met' if ok else 'not met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
