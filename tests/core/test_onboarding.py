"""The onboarding service without Discord: set-based reads, writes only when something changed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.catalogue import load_catalogue
from bot.onboarding import EXPORT_FIELDS, OnboardingService, StepOutcome
from bot.store import RecordChanges, Store

NOW = datetime(2026, 1, 1, tzinfo=UTC)
GUILD, OTHER_GUILD = 10, 20
TREASURER_ROLE, MEMBERS_ROLE = 100, 101
CATALOGUE = load_catalogue()
STEPS = [s.id for s in CATALOGUE.get("treasurer").checklist]


@pytest.fixture
async def service(tmp_path):
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        await store.count_statements()
        service = OnboardingService(store, CATALOGUE)
        await service.load()
        await service.link(GUILD, TREASURER_ROLE, "treasurer", 1, NOW, {})
        yield service
    finally:
        await store.close()


async def holders_of(service: OnboardingService, count: int, guild: int = GUILD) -> dict[int, list[int]]:
    """``count`` members holding the Treasurer role, recorded; each ticked a few steps."""
    holders = {1000 + n: [TREASURER_ROLE, MEMBERS_ROLE] for n in range(count)}
    claimed = (await service.sync(guild, holders, NOW)).claimed
    assert len(claimed) == count
    for n, officer in enumerate(claimed):
        for step in STEPS[: n % 4]:
            await service.store.set_step(officer.id, step, True, officer.user_id, NOW)
    return holders


class Counter:
    """Statements and write transactions that a block of code runs."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Counter:
        self.start = (self.store.statements, self.store.transactions)
        return self

    def __exit__(self, *exc) -> None:
        self.statements = self.store.statements - self.start[0]
        self.transactions = self.store.transactions - self.start[1]


async def test_views_over_many_officers_run_a_constant_number_of_statements(service):
    counts = []
    for size in (3, 30):  # each size in its own server
        await service.link(GUILD + size, TREASURER_ROLE, "treasurer", 1, NOW, {})
        await holders_of(service, size, guild=GUILD + size)
    for size in (3, 30):
        guild = GUILD + size
        await service.sync(guild, {1000 + n: [TREASURER_ROLE] for n in range(size)}, NOW)
        with Counter(service.store) as progress:
            states = await service.states(guild)
        with Counter(service.store) as export:
            count, _ = await service.export_csv(guild, lambda user_id: f"member {user_id}")
        later = NOW + timedelta(days=30)
        with Counter(service.store) as reminders:
            due = await service.claim_reminders([guild], later, 7, reachable=lambda officer: True)
        assert len(states) == count == size
        assert len(due) == size - len([n for n in range(size) if n % 4 >= len(STEPS)])
        counts.append((progress.statements, export.statements, reminders.statements, reminders.transactions))
    assert counts[0] == counts[1]  # the same for 3 and for 30 officers
    progress, export, reminders, transactions = counts[0]
    assert progress <= 5 and export <= 5 and reminders <= 5 and transactions == 1


async def test_a_restart_with_nothing_changed_writes_nothing(service):
    holders = await holders_of(service, 20)
    with Counter(service.store) as restart:
        change = await service.sync(GUILD, holders, NOW + timedelta(hours=1))
    assert change.claimed == change.ended == []
    assert restart.transactions == 0 and restart.statements == 1  # one read


async def test_sync_claims_reopens_and_ends_in_one_transaction(service):
    holders = await holders_of(service, 3)
    alice, bob, carol = sorted(holders)
    await service.member_left(GUILD, bob, NOW)
    holders = {alice: [MEMBERS_ROLE], bob: [TREASURER_ROLE], carol: [TREASURER_ROLE], 2000: [TREASURER_ROLE]}

    with Counter(service.store) as sync:
        change = await service.sync(GUILD, holders, NOW + timedelta(days=1))

    assert [o.user_id for o in change.claimed] == [2000]
    assert [o.user_id for o in change.ended] == [alice] and change.ended[0].end_reason == "role"
    assert sync.transactions == 1
    records = {o.user_id: o for o in await service.store.officers(GUILD)}
    assert not records[alice].active and records[bob].active and records[carol].active
    assert await service.store.done_steps(records[bob].id) == set(STEPS[:1])  # progress kept


async def test_role_changes_on_roles_that_are_not_linked_touch_no_database(service):
    with Counter(service.store) as change:
        one = await service.role_change(GUILD, 5, [MEMBERS_ROLE], [MEMBERS_ROLE, 999], NOW)
        other = await service.role_change(OTHER_GUILD, 5, [], [TREASURER_ROLE], NOW)
    assert one.claimed == one.ended == other.claimed == [] and change.statements == 0


async def test_links_are_cached_and_refreshed_on_every_change(service, tmp_path):
    await service.link(GUILD, 200, "secretary", 1, NOW, {})
    assert service.links(GUILD) == {TREASURER_ROLE: "treasurer", 200: "secretary"}
    removed, _ = await service.unlink(GUILD, 200, {}, NOW)
    removed_again, _ = await service.unlink(GUILD, 200, {}, NOW)
    assert removed and not removed_again
    assert service.links(GUILD) == {TREASURER_ROLE: "treasurer"} == await service.store.links(GUILD)
    assert service.links(OTHER_GUILD) == {}
    fresh = OnboardingService(service.store, CATALOGUE)
    await fresh.load()  # what a restart reads
    assert fresh.links(GUILD) == {TREASURER_ROLE: "treasurer"}


async def test_setting_a_step_to_the_state_it_has_writes_nothing(service):
    (officer,) = (await service.role_change(GUILD, 5, [], [TREASURER_ROLE], NOW)).claimed
    later = NOW + timedelta(hours=1)
    first = await service.set_step(officer.id, 5, STEPS[0], True, later)
    with Counter(service.store) as again:
        second = await service.set_step(officer.id, 5, STEPS[0], True, later + timedelta(hours=1))
        untouched = await service.set_step(officer.id, 5, STEPS[1], False, later + timedelta(hours=1))
    assert first.outcome is StepOutcome.CHANGED
    assert second.outcome is untouched.outcome is StepOutcome.UNCHANGED
    assert again.transactions == 2  # two transactions that changed no row
    assert (await service.store.ticks(officer.id))[STEPS[0]].changed_at == later
    assert (await service.store.officer(officer.id)).last_activity_at == later
    assert (await service.set_step(officer.id, 6, STEPS[0], False, later)).outcome is StepOutcome.NOT_YOURS
    assert (await service.set_step(officer.id, 5, "no-such-step", True, later)).outcome is StepOutcome.RETIRED
    assert (await service.set_step(2**70, 5, STEPS[0], True, later)).outcome is StepOutcome.NOT_YOURS


async def test_a_failed_transaction_is_rolled_back_whole(service):
    store = service.store
    with pytest.raises(RuntimeError):
        async with store.transaction() as db:
            await db.execute(
                "INSERT INTO role_links (guild_id, role_id, post_id, created_at) VALUES (1, 2, 'chair', 'x')"
            )
            raise RuntimeError("something failed half-way")
    assert await store.links(1) == {}
    await store.apply(RecordChanges(claim=((1, 2, "chair"),)), NOW)  # the connection still works
    assert len(await store.officers(1)) == 1


async def test_reminders_wait_for_the_earliest_due_time_without_reading(service):
    await holders_of(service, 2)
    assert await service.claim_reminders([GUILD], NOW + timedelta(days=1), 7, lambda o: True) == []
    with Counter(service.store) as idle:  # nobody can be due before day 7: no statement at all
        assert await service.claim_reminders([GUILD], NOW + timedelta(days=6), 7, lambda o: True) == []
    assert idle.statements == 0
    due = await service.claim_reminders([GUILD], NOW + timedelta(days=7), 7, lambda o: True)
    assert len(due) == 2
    assert await service.claim_reminders([GUILD], NOW + timedelta(days=7), 0, lambda o: True) == []


async def test_export_has_one_row_per_record_with_the_documented_fields(service):
    await holders_of(service, 5)
    count, text = await service.export_csv(GUILD, lambda user_id: None if user_id == 1001 else "x")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 5 and tuple(rows[0]) == EXPORT_FIELDS
    assert rows[1]["member"] == "(left the server)" and rows[1]["done_steps"] == STEPS[0]


async def test_reminders_read_only_the_servers_the_bot_is_in(service):
    await service.link(OTHER_GUILD, TREASURER_ROLE, "treasurer", 1, NOW, {})
    await holders_of(service, 3, guild=OTHER_GUILD)  # a server the bot has left
    later = NOW + timedelta(days=30)
    assert await service.claim_reminders([GUILD], later, 7, lambda o: True) == []
    assert await service.claim_reminders([], later, 7, lambda o: True) == []
    with Counter(service.store) as idle:  # and it does not rescan them every tick
        assert await service.claim_reminders([GUILD], later + timedelta(hours=1), 7, lambda o: True) == []
    assert idle.statements == 0
