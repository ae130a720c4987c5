"""Members' data in the store: one member's rows, deleting them, retention, forgetting a server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import RecordChanges, Store

NOW = datetime(2026, 1, 1, tzinfo=UTC)
HERE, ELSEWHERE = 10, 20
ALICE, BOB = 1, 2


async def _records(store: Store):
    """Alice and Bob in post here, Alice also elsewhere; ticks, a recurring tick and notes."""
    claims = ((HERE, ALICE, "treasurer"), (HERE, BOB, "chair"), (ELSEWHERE, ALICE, "treasurer"))
    claimed, _ = await store.apply(RecordChanges(claim=claims), NOW)
    mine, bobs, other = claimed
    for officer in claimed:
        await store.set_step(officer.id, "bank-access", True, officer.user_id, NOW)
    await store.set_recurring(mine.id, "accounts", "2026", True, ALICE, NOW)
    await store.claim_recurring_reminders([(mine.id, "accounts", "2026")], NOW)
    await store.add_handover_notes(mine, ALICE, {"in_progress": "the audit"}, NOW)
    await store.add_handover_notes(other, ALICE, {"in_progress": "elsewhere"}, NOW)
    return mine, bobs, other


async def test_member_data_lists_only_that_member_in_that_server(tmp_path):
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        mine, _, _ = await _records(store)
        data = await store.member_data(HERE, ALICE)
        assert [r["id"] for r in data["officer_records"]] == [mine.id]
        assert [r["step_id"] for r in data["checklist_ticks"]] == ["bank-access"]
        assert len(data["recurring_ticks"]) == len(data["recurring_reminders"]) == 1
        assert [n["in_progress"] for n in data["handover_notes"]] == ["the audit"]
    finally:
        await store.close()


async def test_deleting_a_member_leaves_others_and_other_servers(tmp_path):
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        mine, bobs, other = await _records(store)
        assert await store.delete_member(HERE, ALICE) == 1
        assert all(rows == [] for rows in (await store.member_data(HERE, ALICE)).values())
        assert await store.officer(mine.id) is None and await store.ticks(mine.id) == {}
        assert await store.officer(bobs.id) is not None and await store.done_steps(bobs.id)
        assert await store.officer(other.id) is not None
        assert (await store.latest_handover_notes(ELSEWHERE, "treasurer")).in_progress == "elsewhere"
        assert await store.delete_member(HERE, ALICE) == 0  # twice deletes nothing more
    finally:
        await store.close()


async def test_retention_deletes_only_records_that_ended_before_the_cutoff(tmp_path):
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        mine, bobs, other = await _records(store)
        await store.apply(RecordChanges(end=(mine.id,)), NOW)
        await store.apply(RecordChanges(end=(bobs.id,)), NOW + timedelta(days=10))
        assert await store.delete_ended_before(NOW + timedelta(days=5)) == 1
        assert await store.officer(mine.id) is None
        assert await store.latest_handover_notes(HERE, "treasurer") is None
        assert await store.officer(bobs.id) is not None and await store.officer(other.id) is not None
    finally:
        await store.close()


async def test_forgetting_a_server_and_departures(tmp_path):
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        await _records(store)
        await store.link_role(HERE, 99, "treasurer", None, NOW)
        await store.set_fallback_channel(HERE, 5, NOW)
        assert await store.known_guilds() == {HERE, ELSEWHERE}
        await store.record_departures([HERE], NOW)
        await store.record_departures([HERE], NOW + timedelta(days=3))  # the first departure stands
        assert await store.departed_before(NOW + timedelta(days=1)) == [HERE]
        await store.clear_departure(HERE)
        assert await store.departed_before(NOW + timedelta(days=1)) == []
        await store.record_departures([HERE], NOW)
        await store.forget_guild(HERE)
        assert await store.known_guilds() == {ELSEWHERE}
        assert await store.departed_before(NOW + timedelta(days=99)) == []
        assert await store.officers(HERE) == [] and await store.links(HERE) == {}
        assert await store.fallback_channel(HERE) is None
        assert len(await store.officers(ELSEWHERE)) == 1
    finally:
        await store.close()
