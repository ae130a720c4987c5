"""Settings from the environment (and ``.env``); every one is documented in ``.env.example``.

:meth:`Settings.from_env` refuses a setting it cannot use with one line per problem, naming the
setting and the fix (a :class:`SettingsError`, which exits like ``SystemExit``). Checks that
touch the disk or the token are in :mod:`bot.preflight`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import ROLES_DIR
from .paths import PROJECT_ROOT, load_dotenv_files, resolve

DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DATABASE_NAME = "bot.sqlite3"
DEFAULT_DATABASE = DEFAULT_DATA_DIR / DATABASE_NAME
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MAX_REMINDER_DAYS = 365
DEFAULT_RETENTION_DAYS = 400
MAX_RETENTION_DAYS = 3650


class SettingsError(SystemExit):
    """One or more settings cannot be used; ``problems`` holds one line for each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def _log_level(problems: list[str]) -> str:
    raw = _env("LOG_LEVEL")
    level = raw.upper() or "INFO"
    if level not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; got {raw!r}")
        return "INFO"
    return level


def _reminder_days(problems: list[str]) -> int:
    raw = _env("REMINDER_DAYS")
    if not raw:
        return 7
    fix = f"set it to a whole number of days from 0 (reminders off) to {MAX_REMINDER_DAYS}"
    try:
        days = int(raw)
    except ValueError:
        problems.append(f"REMINDER_DAYS must be a whole number, got {raw!r}: {fix}")
        return 7
    if not 0 <= days <= MAX_REMINDER_DAYS:
        problems.append(f"REMINDER_DAYS is {days}: {fix}")
        return 7
    return days


def _retention_days(problems: list[str]) -> int:
    raw = _env("RETENTION_DAYS")
    if not raw:
        return DEFAULT_RETENTION_DAYS
    fix = f"set it to a whole number of days from 0 (keep ended records) to {MAX_RETENTION_DAYS}"
    try:
        days = int(raw)
    except ValueError:
        problems.append(f"RETENTION_DAYS must be a whole number, got {raw!r}: {fix}")
        return DEFAULT_RETENTION_DAYS
    if not 0 <= days <= MAX_RETENTION_DAYS:
        problems.append(f"RETENTION_DAYS is {days}: {fix}")
        return DEFAULT_RETENTION_DAYS
    return days


def _semantic(problems: list[str]) -> bool:
    raw = _env("SEMANTIC")
    if raw.lower() in ("", "on"):
        return True
    if raw.lower() == "off":
        return False
    problems.append(f"SEMANTIC must be on or off, got {raw!r}")
    return True


@dataclass(frozen=True)
class Settings:
    """Every setting, paths absolute; ``env_files`` are the ``.env`` files that were read."""

    token: str | None
    database: Path
    catalogue_dir: Path
    reminder_days: int
    log_level: str
    data_dir: Path = DEFAULT_DATA_DIR
    retention_days: int = DEFAULT_RETENTION_DAYS  # ended records are deleted this long after; 0 keeps them
    semantic: bool = True  # the semantic layer (bot/semantic/) beside the lexical matcher
    embedding_model_dir: Path | None = None  # a local copy of its model; None downloads it once
    env_files: tuple[Path, ...] = field(default=())

    @classmethod
    def from_env(cls, load_dotenv: bool = True) -> Settings:
        """The settings (the ``.env`` files read first unless ``load_dotenv`` is false), or
        :class:`SettingsError` with one line for each setting that cannot be used."""
        settings, problems = cls.read(load_dotenv)
        if problems:
            raise SettingsError(problems)
        return settings

    @classmethod
    def read(cls, load_dotenv: bool = True) -> tuple[Settings, list[str]]:
        """The settings, with defaults in place of unusable values, and one line per problem."""
        env_files = load_dotenv_files() if load_dotenv else ()
        problems: list[str] = []
        data_dir = resolve(_env("DATA_DIR") or DEFAULT_DATA_DIR)
        database = resolve(_env("DATABASE_PATH") or data_dir / DATABASE_NAME)
        settings = cls(
            token=_env("DISCORD_TOKEN") or None,
            database=database,
            catalogue_dir=resolve(_env("CATALOGUE_DIR") or ROLES_DIR),
            reminder_days=_reminder_days(problems),
            log_level=_log_level(problems),
            data_dir=data_dir,
            retention_days=_retention_days(problems),
            semantic=_semantic(problems),
            embedding_model_dir=resolve(_env("EMBEDDING_MODEL_DIR")) if _env("EMBEDDING_MODEL_DIR") else None,
            env_files=env_files,
        )
        return settings, problems

    def dotenv_note(self) -> str:
        """For the start-up line: which ``.env`` files were read, or ``no .env``."""
        if not self.env_files:
            return "no .env"
        return ".env " + " + ".join(str(path) for path in self.env_files)
