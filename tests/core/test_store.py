"""The SQLite store on its own: migrations, pragmas, and nothing lost across a reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import MIGRATIONS, Store

NOW = datetime(2026, 1, 1, tzinfo=UTC)


async def test_migrations_run_once_and_pragmas_are_set(tmp_path):
    path = tmp_path / "sub" / "bot.sqlite3"  # the folder is created too
    store = await Store.open(path)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
        async with store.db.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        async with store.db.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1
    finally:
        await store.close()
    reopened = await Store.open(path)  # a second open finds the schema current
    try:
        assert await reopened.schema_version() == len(MIGRATIONS)
    finally:
        await reopened.close()


async def test_ticks_and_records_survive_a_reopen(tmp_path):
    path = tmp_path / "bot.sqlite3"
    store = await Store.open(path)
    officer, needs_welcome = await store.start_officer(1, 2, "treasurer", NOW)
    assert needs_welcome
    assert await store.set_step(officer.id, "bank-access", True, 2, NOW + timedelta(hours=1))
    await store.close()  # as if the process died right after the tick was stored

    store = await Store.open(path)
    try:
        ticks = await store.ticks(officer.id)
        assert ticks["bank-access"].done and ticks["bank-access"].changed_by == 2
        assert ticks["bank-access"].changed_at == NOW + timedelta(hours=1)
        again, needs_welcome = await store.start_officer(1, 2, "treasurer", NOW)
        assert not needs_welcome and again.id == officer.id
        assert (await store.officer(officer.id)).last_activity_at == NOW + timedelta(hours=1)
    finally:
        await store.close()


async def test_servers_are_kept_apart(tmp_path):
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        await store.link_role(10, 100, "treasurer", 1, NOW)
        await store.link_role(20, 200, "secretary", 1, NOW)
        await store.start_officer(10, 5, "treasurer", NOW)
        assert await store.links(10) == {100: "treasurer"}
        assert await store.links(20) == {200: "secretary"}
        assert await store.officers(guild_id=20) == []
    finally:
        await store.close()


async def test_a_version_1_database_is_migrated_with_nothing_lost(tmp_path):
    import sqlite3

    from bot.store import MIGRATIONS_DIR

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # the database as the first release left it
        db.executescript((MIGRATIONS_DIR / "0001_initial.sql").read_text() + "PRAGMA user_version = 1;")
        db.execute(
            "INSERT INTO officers (guild_id, user_id, post_id, started_at, ended_at, welcome_status, "
            "last_activity_at) VALUES (1, 2, 'treasurer', ?, ?, 'delivered', ?)",
            (NOW.isoformat(), (NOW + timedelta(days=1)).isoformat(), NOW.isoformat()),
        )
        db.execute("INSERT INTO ticks VALUES (1, 'bank-access', 1, ?, 2)", (NOW.isoformat(),))

    store = await Store.open(path)
    try:
        assert await store.schema_version() == len(MIGRATIONS) >= 2
        officer = await store.officer(1)
        assert officer.welcome_status == "delivered" and officer.end_reason == "role"
        assert officer.ended_at == NOW + timedelta(days=1) and officer.farewell_at is None
        assert await store.done_steps(1) == {"bank-access"}
        async with store.db.execute("PRAGMA foreign_key_check") as cur:
            assert await cur.fetchall() == []
    finally:
        await store.close()
