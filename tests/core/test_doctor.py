"""``python -m bot doctor``: a table of what was checked; non-zero exit on a problem."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from test_settings import FAKE_TOKEN, start

from bot.preflight import known_schema_version
from bot.store import Store


def rows(stdout: str) -> dict[str, tuple[str, str]]:
    """The table as {what: (ok|FAIL, detail)}."""
    table: dict[str, tuple[str, str]] = {}
    for line in stdout.splitlines():
        for name in ("settings", "data folder", "database", "catalogue", "token"):
            if line.startswith(name + " "):
                status, _, detail = line[len(name) :].strip().partition(" ")
                table[name] = (status, detail.strip())
    return table

VERSION = known_schema_version()


async def make_database(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


def test_doctor_all_good(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    asyncio.run(make_database(database))
    result = start(tmp_path, "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    table = rows(result.stdout)
    assert set(table) == {"settings", "data folder", "database", "catalogue", "token"}
    assert all(status == "ok" for status, _ in table.values()), result.stdout
    assert "LOG_LEVEL INFO, REMINDER_DAYS 7" in table["settings"][1]
    assert table["data folder"][1] == f"{tmp_path / 'data'} (writable)"
    version = VERSION
    assert table["database"][1] == f"{database}, schema version {version} of {version}"
    assert table["catalogue"][1].startswith("catalogue OK: 20 posts")
    assert table["token"][1] == "present and shaped like a bot token"
    assert FAKE_TOKEN.split(".")[2] not in result.stdout + result.stderr
    assert "All checks passed" in result.stdout
    assert result.stderr == ""


def test_doctor_reports_every_problem_and_fails(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    database.write_bytes(b"not a database" * 20)
    result = start(
        tmp_path, "doctor", DATABASE_PATH=str(database), DISCORD_TOKEN="oops", REMINDER_DAYS="-1"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    table = rows(result.stdout)
    assert table["settings"][0] == "FAIL" and table["settings"][1].startswith("REMINDER_DAYS")
    assert table["database"][0] == "FAIL" and "not a sound SQLite database" in table["database"][1]
    assert table["token"][0] == "FAIL" and table["token"][1].startswith("DISCORD_TOKEN does not look")
    assert table["catalogue"][0] == "ok" and table["data folder"][0] == "ok"
    assert "3 problem(s)" in result.stdout


def test_doctor_changes_nothing(tmp_path: Path) -> None:
    result = start(tmp_path, "doctor", DISCORD_TOKEN="")
    assert result.returncode == 1
    status, detail = rows(result.stdout)["token"]
    assert status == "FAIL" and detail.startswith("DISCORD_TOKEN is not set")
    assert not (tmp_path / "data").exists()


def test_doctor_reads_a_database_in_use(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    asyncio.run(make_database(database))
    writer = sqlite3.connect(database)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
    writer.execute("BEGIN IMMEDIATE")  # the bot is in the middle of a write
    writer.execute("INSERT INTO scratch VALUES (1)")
    try:
        result = start(tmp_path, "doctor")
    finally:
        writer.rollback()
        writer.close()
    assert result.returncode == 0, result.stdout
    assert rows(result.stdout)["database"][0] == "ok"
