"""``python -m bot backup FILE``: taken while the bot writes, restored as the README says, opened."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from test_settings import start

from bot.preflight import known_schema_version
from bot.store import Store

# A stand-in for the running bot: WAL mode like the Store, one transaction per change, each
# change two rows that only make sense together, as fast as it can until told to stop.
WRITER = """
import sqlite3, sys, pathlib
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("PRAGMA journal_mode = WAL")
stop = pathlib.Path(sys.argv[2])
n = 0
while not stop.exists():
    n += 1
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO pairs VALUES (?, 'debit')", (n,))
    db.execute("INSERT INTO pairs VALUES (?, 'credit')", (n,))
    db.execute("COMMIT")
print(n)
"""

VERSION = known_schema_version()


async def make_database(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


async def reopen(path: Path) -> tuple[int, int]:
    """Open with the bot's own Store (as the bot does at start); schema version and pair count."""
    store = await Store.open(path)
    try:
        async with store.db.execute("SELECT count(*) FROM pairs") as cursor:
            (count,) = await cursor.fetchone()
        return await store.schema_version(), count
    finally:
        await store.close()


def pair_count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM pairs").fetchone()[0]


def test_backup_while_writing_restore_and_open(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    asyncio.run(make_database(database))
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE pairs (n INTEGER, side TEXT)")
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database), str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        reader = sqlite3.connect(database, timeout=30)
        deadline = time.perf_counter() + 30
        while pair_count(reader) < 2000 and time.perf_counter() < deadline:
            time.sleep(0.02)
        reader.close()
        result = start(tmp_path, "backup", "copy.sqlite3")  # a path relative to the current folder
    finally:
        stop.touch()
        written, _ = writer.communicate(timeout=30)
    assert result.returncode == 0, result.stderr
    backup = tmp_path / "copy.sqlite3"
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"Backed up {database} to {backup} (schema version {VERSION}")
    assert "Traceback" not in result.stderr

    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
        rows = copy.execute("SELECT n, count(*), group_concat(side) FROM pairs GROUP BY n").fetchall()
    copied = len(rows)
    assert copied >= 1000
    assert copied < int(written), (copied, written)  # the writer went on after the snapshot
    assert [n for n, _, _ in rows] == list(range(1, copied + 1))  # a prefix: no change half-copied
    assert all(count == 2 for _, count, _ in rows)
    assert not list(tmp_path.glob(".copy.sqlite3.part-*"))

    # restore as the README says: stop the bot, remove the database and its -wal/-shm, copy back
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(backup, restored / "bot.sqlite3")
    assert asyncio.run(reopen(restored / "bot.sqlite3")) == (VERSION, 2 * copied)
    doctor = start(tmp_path, "doctor", DATA_DIR=str(restored))
    assert doctor.returncode == 0, doctor.stdout
    assert f"schema version {VERSION} of {VERSION}" in doctor.stdout


def test_backup_never_overwrites(tmp_path: Path) -> None:
    asyncio.run(make_database(tmp_path / "data" / "bot.sqlite3"))
    (tmp_path / "old.sqlite3").write_text("keep me", encoding="utf-8")
    result = start(tmp_path, "backup", str(tmp_path / "old.sqlite3"))
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "already exists" in line
    assert (tmp_path / "old.sqlite3").read_text(encoding="utf-8") == "keep me"


def test_backup_without_a_database(tmp_path: Path) -> None:
    result = start(tmp_path, "backup", "copy.sqlite3")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("DATA_DIR: there is no database at") and "Traceback" not in result.stderr
    assert not (tmp_path / "copy.sqlite3").exists() and not (tmp_path / "data").exists()


def test_backup_of_a_corrupt_database_leaves_no_file(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    database.write_bytes(b"garbage " * 1000)
    result = start(tmp_path, "backup", "copy.sqlite3", DATABASE_PATH=str(database))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("DATABASE_PATH: could not back up") and "doctor" in line
    assert list(tmp_path.glob("*copy*")) == []


def test_backup_into_a_missing_folder(tmp_path: Path) -> None:
    asyncio.run(make_database(tmp_path / "data" / "bot.sqlite3"))
    result = start(tmp_path, "backup", "~/nowhere/copy.sqlite3", HOME=str(tmp_path / "home"))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert f"{tmp_path / 'home' / 'nowhere'} is not a folder" in line
