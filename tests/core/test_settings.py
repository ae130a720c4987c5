"""Settings: where things live, and every setting checked before connecting, one line each."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import run_bot

from bot import config, paths, preflight
from bot.config import Settings, SettingsError

REPO = Path(__file__).resolve().parents[2]
FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.not-a-real-secret-but-long-enough_x"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETTINGS = (
    "DISCORD_TOKEN", "DATA_DIR", "DATABASE_PATH", "CATALOGUE_DIR",
    "REMINDER_DAYS", "LOG_LEVEL", "RETENTION_DAYS", "SEMANTIC", "EMBEDDING_MODEL_DIR",
)


def start(tmp_path: Path, *args: str, cwd: Path | None = None, **settings: str | None):
    """``python -m bot ARGS`` (default ``run``) with a shaped token and a data folder under tmp;
    the other settings empty (so no .env sets them) unless given, or left unset if given None."""
    env: dict[str, str | None] = {
        "DISCORD_TOKEN": FAKE_TOKEN, "DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "", "REMINDER_DAYS": "",
        "RETENTION_DAYS": "",
    }
    env.update(settings)
    given = {name: value for name, value in env.items() if value is not None}
    return run_bot(*(args or ("run",)), cwd=cwd or tmp_path, **given)


def problem_lines(result: subprocess.CompletedProcess[str], count: int = 1) -> list[str]:
    """The run failed before connecting: exit 2, ``count`` lines on stderr, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == count, result.stderr
    assert FAKE_TOKEN.split(".")[2] not in result.stderr
    return lines


def clear_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset every setting; what a .env read in this test sets is undone afterwards too."""
    for name in SETTINGS:
        monkeypatch.setenv(name, "")  # records the value before the test, to put back
        monkeypatch.delenv(name)


# -- where things live -------------------------------------------------------------------------


def test_paths_are_absolute_and_the_same_from_any_folder(monkeypatch, tmp_path: Path) -> None:
    clear_settings(monkeypatch)
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env(load_dotenv=False)
    assert settings.data_dir == REPO / "data"
    assert settings.database == REPO / "data" / "bot.sqlite3"
    assert settings.catalogue_dir == REPO / "roles"
    monkeypatch.setenv("DATA_DIR", "var/bot")
    monkeypatch.setenv("CATALOGUE_DIR", "roles")
    settings = Settings.from_env(load_dotenv=False)
    assert settings.data_dir == REPO / "var" / "bot"  # relative to the project, not the cwd
    assert settings.database == REPO / "var" / "bot" / "bot.sqlite3"
    assert settings.catalogue_dir == REPO / "roles"
    monkeypatch.setenv("DATABASE_PATH", "data/bot.sqlite3")  # an older .env.example's value
    assert Settings.from_env(load_dotenv=False).database == REPO / "data" / "bot.sqlite3"


def test_tilde_is_expanded_and_no_folder_called_tilde_is_made(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = start(tmp_path, "doctor", HOME=str(home), DATABASE_PATH="~/x.sqlite3", DATA_DIR="~/botdata")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{home / 'x.sqlite3'} (new;" in result.stdout
    assert str(home / "botdata") in result.stdout
    assert not (tmp_path / "~").exists() and not (REPO / "~").exists()
    assert not (home / "botdata").exists()  # doctor creates nothing


def test_the_same_database_from_the_project_and_from_another_folder(tmp_path: Path) -> None:
    elsewhere = start(tmp_path, "doctor", cwd=tmp_path)
    at_home = start(tmp_path, "doctor", cwd=REPO)
    database_row = [line for line in elsewhere.stdout.splitlines() if line.startswith("database")]
    assert database_row and database_row == [
        line for line in at_home.stdout.splitlines() if line.startswith("database")
    ]


def test_dotenv_from_the_current_folder_then_the_project_root(monkeypatch, tmp_path: Path) -> None:
    clear_settings(monkeypatch)
    root, cwd = tmp_path / "project", tmp_path / "elsewhere"
    root.mkdir()
    cwd.mkdir()
    (root / ".env").write_text("REMINDER_DAYS=3\nLOG_LEVEL=DEBUG\nDATA_DIR=here\n", encoding="utf-8")
    (cwd / ".env").write_text("REMINDER_DAYS=5\n", encoding="utf-8")
    monkeypatch.setattr(paths, "PROJECT_ROOT", root)
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")  # the environment wins over both files
    settings = Settings.from_env()
    assert settings.env_files == (cwd / ".env", root / ".env")
    assert settings.reminder_days == 5  # the current folder's .env wins over the project's
    assert settings.log_level == "WARNING"
    assert settings.dotenv_note() == f".env {cwd / '.env'} + {root / '.env'}"


def test_the_dotenv_used_is_named(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("REMINDER_DAYS=4\n", encoding="utf-8")
    result = start(tmp_path, "doctor", REMINDER_DAYS=None)
    assert f"REMINDER_DAYS 4, .env {tmp_path / '.env'}" in result.stdout, result.stdout
    assert Settings(None, Path("x"), Path("y"), 7, "INFO").dotenv_note() == "no .env"


# -- start-up errors: one line each, exit 2, nothing created -----------------------------------


@pytest.mark.parametrize("days", ["-1", "366", "3000000", "soon", "7.5"])
def test_reminder_days_out_of_range_is_refused(tmp_path: Path, days: str) -> None:
    (line,) = problem_lines(start(tmp_path, REMINDER_DAYS=days))
    assert line.startswith("REMINDER_DAYS") and "from 0 (reminders off) to 365" in line
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(("days", "expected"), [("0", 0), (" 365 ", 365), ("", 7)])
def test_reminder_days_in_range(monkeypatch, days: str, expected: int) -> None:
    clear_settings(monkeypatch)
    monkeypatch.setenv("REMINDER_DAYS", days)
    assert Settings.from_env(load_dotenv=False).reminder_days == expected


@pytest.mark.parametrize("days", ["-1", "3651", "a year", "1.5"])
def test_retention_days_out_of_range_is_refused(tmp_path: Path, days: str) -> None:
    (line,) = problem_lines(start(tmp_path, RETENTION_DAYS=days))
    assert line.startswith("RETENTION_DAYS") and "from 0 (keep ended records) to 3650" in line
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(("days", "expected"), [("0", 0), (" 30 ", 30), ("", 400)])
def test_retention_days_in_range(monkeypatch, days: str, expected: int) -> None:
    clear_settings(monkeypatch)
    monkeypatch.setenv("RETENTION_DAYS", days)
    assert Settings.from_env(load_dotenv=False).retention_days == expected


def test_every_problem_is_one_line(monkeypatch) -> None:
    clear_settings(monkeypatch)
    monkeypatch.setenv("REMINDER_DAYS", "-1")
    monkeypatch.setenv("LOG_LEVEL", "loud")
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(load_dotenv=False)
    assert [p.split()[0] for p in caught.value.problems] == ["REMINDER_DAYS", "LOG_LEVEL"]
    assert str(caught.value.code).count("\n") == 1


def test_several_problems_at_once(tmp_path: Path) -> None:
    lines = problem_lines(start(tmp_path, REMINDER_DAYS="-1", DISCORD_TOKEN="abc"), count=2)
    assert lines[0].startswith("REMINDER_DAYS") and lines[1].startswith("DISCORD_TOKEN")


def test_database_that_is_not_sqlite(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    database.write_bytes(b"this is a spreadsheet, not a database\n" * 50)
    (line,) = problem_lines(start(tmp_path, DATABASE_PATH=str(database)))
    assert line.startswith("DATABASE_PATH") and str(database) in line
    assert "not a sound SQLite database" in line and "Back up and restore" in line
    assert database.read_bytes().startswith(b"this is a spreadsheet")  # left as it was


def test_database_with_a_damaged_page(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    db = sqlite3.connect(database)
    db.execute("CREATE TABLE t (x TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    db.commit()
    db.close()
    data = bytearray(database.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200  # scribble over a page of the table
    database.write_bytes(bytes(data))
    (line,) = problem_lines(start(tmp_path, DATABASE_PATH=str(database)))
    assert line.startswith("DATABASE_PATH") and "not a sound SQLite database" in line


def test_database_that_is_a_folder(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    database.mkdir()
    (line,) = problem_lines(start(tmp_path, DATABASE_PATH=str(database)))
    assert line.startswith("DATABASE_PATH") and "is a folder, not a file" in line


def test_database_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    database = tmp_path / "notes.txt" / "db" / "bot.sqlite3"
    (line,) = problem_lines(start(tmp_path, DATABASE_PATH=str(database)))
    assert line.startswith("DATABASE_PATH") and "which is a file, not a folder" in line
    assert str(tmp_path / "notes.txt") in line


def test_data_dir_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("oops", encoding="utf-8")
    (line,) = problem_lines(start(tmp_path))
    assert line.startswith("DATA_DIR") and "is a file, not a folder" in line


@pytest.mark.skipif(AS_ROOT, reason="root can write whatever the permissions say")
def test_database_that_cannot_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    database = folder / "bot.sqlite3"
    sqlite3.connect(database).close()
    database.chmod(0o444)
    folder.chmod(0o555)
    try:
        (line,) = problem_lines(start(tmp_path, DATABASE_PATH=str(database)))
        assert line.startswith("DATABASE_PATH") and "not writable" in line
        (line,) = problem_lines(start(tmp_path, DATABASE_PATH=str(folder / "new" / "bot.sqlite3")))
        assert "cannot be created" in line
    finally:
        folder.chmod(0o755)


def test_database_from_a_newer_bot(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    db = sqlite3.connect(database)
    db.execute("PRAGMA user_version = 999")
    db.close()
    (line,) = problem_lines(start(tmp_path, DATABASE_PATH=str(database)))
    assert "schema version 999, newer than this bot's" in line


def test_unloadable_catalogue_is_one_line(tmp_path: Path) -> None:
    (line,) = problem_lines(start(tmp_path, CATALOGUE_DIR=str(tmp_path / "nowhere")))
    assert line.startswith("CATALOGUE_DIR")


# -- the token's shape -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "hint"),
    [
        ("not-a-real-token", "three parts"),
        (f"Bot {FAKE_TOKEN}", "remove the word before it"),
        ("123456789012345678", "Application ID"),
        ("AbCdEfGhIjKlMnOpQrStUvWxYz012345", "Client Secret"),
        ("MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE", "three parts"),
        ("bm90IGFuIGlkIGF0IGFsbA.GAbCdE.not-a-real-secret-but-long-enough_x", "numeric id"),
        ("MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.short", "numeric id"),
        ("MTIzNDU2Nzg5MDEyMzQ1Njc4.GAb CdE.not-a-real-secret-but-long-enough_x", "three parts"),
    ],
)
def test_token_that_cannot_be_a_bot_token(token: str, hint: str) -> None:
    problem = preflight.token_problem(token)
    assert problem is not None and problem.startswith("DISCORD_TOKEN does not look like a bot token")
    assert hint in problem and "Reset Token" in problem
    for part in token.replace(" ", ".").split("."):
        assert len(part) < 8 or part not in problem  # never echoed


def test_token_shaped_like_a_bot_token() -> None:
    assert preflight.token_problem(FAKE_TOKEN) is None
    other = "MTA1NjM0NTY3ODkwMTIzNDU2Nw.Gx1y2Z.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
    assert preflight.token_problem(other) is None


def test_malformed_token_stops_the_run_in_one_line(tmp_path: Path) -> None:
    (line,) = problem_lines(start(tmp_path, DISCORD_TOKEN=FAKE_TOKEN.replace(".", "", 1)))
    assert line.startswith("DISCORD_TOKEN does not look like a bot token")


def test_settings_read_gives_defaults_with_the_problems(monkeypatch) -> None:
    clear_settings(monkeypatch)
    monkeypatch.setenv("REMINDER_DAYS", "400")
    settings, problems = config.Settings.read(load_dotenv=False)
    assert settings.reminder_days == 7 and len(problems) == 1


def test_every_setting_is_documented() -> None:
    names = set(re.findall(r'_env\("([A-Z_]+)"\)', (REPO / "bot" / "config.py").read_text(encoding="utf-8")))
    assert names == set(SETTINGS)
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings (`.env`)", 1)[1].split("\n## ", 1)[0]
    for name in names:
        assert re.search(rf"(?m)^{name}=", example), name
        assert f"| `{name}` |" in table, name


def test_unwritable_database_even_as_root(monkeypatch, tmp_path: Path) -> None:
    """The same check in-process, with the permission answer forced (root may write anything)."""
    database = tmp_path / "bot.sqlite3"
    sqlite3.connect(database).close()
    monkeypatch.setattr(preflight.os, "access", lambda path, mode: Path(path) != database)
    settings = Settings(None, database, REPO / "roles", 7, "INFO", data_dir=tmp_path)
    check = preflight.check_database(settings, 2)
    assert not check.ok and check.detail.startswith("DATA_DIR: the database")  # its default file
    assert "is not writable by" in check.detail and "chown/chmod" in check.detail
    monkeypatch.setattr(preflight.os, "access", lambda path, mode: Path(path) != tmp_path)
    settings = Settings(None, tmp_path / "new" / "bot.sqlite3", REPO / "roles", 7, "INFO", data_dir=tmp_path)
    assert "cannot be created" in preflight.check_database(settings, 2).detail
