"""Settings from the environment (and ``.env``); every one is documented in ``.env.example``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .catalogue import ROLES_DIR

DEFAULT_DATABASE = Path("data/bot.sqlite3")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level() -> str:
    raw = os.environ.get("LOG_LEVEL", "")
    level = raw.strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise SystemExit(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; got {raw.strip()!r}")
    return level


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    token: str | None
    database: Path
    catalogue_dir: Path
    reminder_days: int
    log_level: str

    @classmethod
    def from_env(cls, load_dotenv: bool = True) -> Settings:
        if load_dotenv:
            try:
                from dotenv import find_dotenv
                from dotenv import load_dotenv as _load

                _load(find_dotenv(usecwd=True), override=False)
            except ImportError:  # pragma: no cover - python-dotenv is a dependency
                pass
        return cls(
            token=os.environ.get("DISCORD_TOKEN", "").strip() or None,
            database=Path(os.environ.get("DATABASE_PATH", "").strip() or DEFAULT_DATABASE),
            catalogue_dir=Path(os.environ.get("CATALOGUE_DIR", "").strip() or ROLES_DIR),
            reminder_days=max(0, _int("REMINDER_DAYS", 7)),
            log_level=_log_level(),
        )
