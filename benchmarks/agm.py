"""After the AGM: 150 members given an officer role at once, inside SimCord.

Run from the repository root:  python benchmarks/agm.py

For each run, a fresh bot on a fresh temporary SQLite file is started with ``simcord.run``;
one admin links the "Treasurer" role with ``/onboarding link``; 150 members join; then all
150 are given the role at once (``env.backend.add_member_role`` for each, then a single
``await env.settle(timeout=60)``), and every member's DMs are checked: exactly one welcome each.

Figures (all measured over the burst only, i.e. from the first grant to the end of the settle):
  * wall time: ``time.perf_counter`` on the test side (SimCord replaces ``time.monotonic``
    inside the bot with virtual time), from the first grant until the settle returns with
    every handler finished. It includes SimCord's in-memory Discord and its settling, and
    no network: it measures the bot's own work, not Discord's latency or rate limits (which
    SimCord does not simulate).
  * Discord HTTP requests per welcome, from ``env.http_requests``, by kind:
    DM channel opens (POST /users/@me/channels), message sends (POST /channels/*/messages),
    and everything else.
  * SQLite write transactions per welcome: ``bot.store.transactions`` after minus before.

Baseline: a bare ``commands.Bot`` with the same intents whose ``on_member_update`` sends one
plain-text DM (the same welcome sentence, no checklist embed, no buttons) when the linked role
appears, with no database at all. It is the floor for "a DM per new officer" in SimCord:
what the real bot adds on top is its SQLite claim and record, the embed and the buttons.
The two alternate, RUNS times each, after one untimed warm-up of each; medians are shown.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import discord  # noqa: E402
import simcord  # noqa: E402
from discord.ext import commands  # noqa: E402

from bot import create_bot  # noqa: E402
from bot.client import bot_intents  # noqa: E402

MEMBERS = 150
RUNS = 3


class NaiveBot(commands.Bot):
    """The baseline: a plain DM when a member gains the linked role, nothing stored."""

    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=bot_intents(), help_command=None)
        self.linked_role_id: int | None = None

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if self.linked_role_id is None or after.bot:
            return
        had = any(r.id == self.linked_role_id for r in before.roles)
        has = any(r.id == self.linked_role_id for r in after.roles)
        if has and not had:
            try:
                await after.send(
                    f"Welcome, {after.display_name}: you are now **Treasurer** in **{after.guild.name}**.",
                    allowed_mentions=discord.AllowedMentions.none(),
                )
            except discord.HTTPException:
                pass


def kind(method: str, path: str) -> str:
    if method == "POST" and path == "/users/@me/channels":
        return "dm_open"
    if method == "POST" and fnmatch(path, "/channels/*/messages"):
        return "message_send"
    return "other"


async def run_once(naive: bool, database: Path) -> dict:
    bot = NaiveBot() if naive else create_bot(database=database)
    try:
        async with simcord.run(bot, settle_timeout=60) as env:
            guild = env.create_guild("Anytown CLP")
            general = guild.create_text_channel("general")
            admins = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
            treasurer = guild.create_role("Treasurer")
            admin = guild.add_member(env.create_user("admin"), roles=[admins])
            if naive:
                bot.linked_role_id = treasurer.id
            else:
                result = await admin.slash(general, "onboarding link", role=treasurer, post="treasurer")
                assert result.response.content.startswith("Linked"), result.response.content
            members = [guild.add_member(env.create_user(f"member{i:03d}")) for i in range(MEMBERS)]
            await env.settle()

            requests_before = len(env.http_requests)
            transactions_before = 0 if naive else bot.store.transactions
            started = time.perf_counter()
            for member in members:
                env.backend.add_member_role(guild.id, member.id, treasurer.id)
            await env.settle(timeout=60)
            elapsed = time.perf_counter() - started

            requests = env.http_requests[requests_before:]
            transactions = 0 if naive else bot.store.transactions - transactions_before
            per_member = [len(m.user.dm_channel.history()) for m in members]
            welcomes = sum(per_member)
            assert per_member == [1] * MEMBERS, Counter(per_member)
            if not naive:
                officers = await bot.store.officers(guild.id)
                assert len(officers) == MEMBERS
                assert all(o.welcome_status == "delivered" for o in officers)
            return {
                "seconds": elapsed,
                "welcomes": welcomes,
                "requests": Counter(kind(r.method, r.path) for r in requests),
                "transactions": transactions,
            }
    finally:
        if not naive:
            await bot.close_store()


def report(name: str, runs: list[dict]) -> None:
    seconds = statistics.median(r["seconds"] for r in runs)
    welcomes = runs[-1]["welcomes"]
    requests = runs[-1]["requests"]
    total = sum(requests.values())
    each = ", ".join(f"{r['seconds'] * 1000:.0f}" for r in runs)
    print(f"{name}")
    print(
        f"  wall time for {welcomes} welcomes: median {seconds * 1000:.0f} ms (runs: {each} ms), "
        f"{seconds / welcomes * 1000:.2f} ms per welcome"
    )
    print(
        f"  HTTP requests per welcome: {total / welcomes:.2f} "
        f"(DM opens {requests['dm_open'] / welcomes:.2f}, message sends "
        f"{requests['message_send'] / welcomes:.2f}, other {requests['other'] / welcomes:.2f})"
    )
    print(f"  SQLite write transactions per welcome: {runs[-1]['transactions'] / welcomes:.2f}")


async def main() -> None:
    results: dict[bool, list[dict]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        for naive in (True, False):  # warm-up, untimed
            await run_once(naive, Path(tmp) / f"warmup-{naive}.sqlite3")
        for run in range(RUNS):
            for naive in (True, False):
                results[naive].append(await run_once(naive, Path(tmp) / f"run{run}-{naive}.sqlite3"))
    print(f"AGM burst: {MEMBERS} members given a linked role at once (SimCord {simcord.__version__})")
    report("baseline: plain-text DM, no database", results[True])
    report("officer bot: claim + record in SQLite, welcome with checklist embed and buttons", results[False])


if __name__ == "__main__":
    asyncio.run(main())
