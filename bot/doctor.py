"""``python -m bot doctor``: a short table of what can be checked without Discord.

Settings, the data folder, the database (version), the catalogue (counts) and the token's
shape. Nothing is created or changed and Discord is not contacted; exits 1 on any problem.
"""

from __future__ import annotations

from . import preflight
from .config import Settings
from .preflight import Check


def settings_check(settings: Settings, problems: list[str]) -> list[Check]:
    """The plain settings: one failed row per problem, or one row saying what is in force."""
    if problems:
        return [Check("settings", False, problem) for problem in problems]
    detail = (
        f"RETENTION_DAYS {settings.retention_days}, LOG_LEVEL {settings.log_level}, "
        f"REMINDER_DAYS {settings.reminder_days}, {settings.dotenv_note()}"
    )
    return [Check("settings", True, detail)]


def table(rows: list[Check]) -> str:
    """Rows as aligned text: what, ``ok`` or ``FAIL``, the detail."""
    width = max(len(row.name) for row in rows)
    return "\n".join(
        f"{row.name.ljust(width)}  {'ok  ' if row.ok else 'FAIL'}  {row.detail}" for row in rows
    )


def doctor() -> int:
    """Print the table and a verdict; 0 when the bot can start, 1 otherwise."""
    settings, problems = Settings.read()
    rows = settings_check(settings, problems) + preflight.checks(settings)
    print(table(rows))
    failed = sum(not row.ok and row.reported for row in rows)
    if failed:
        print(f"{failed} problem(s): fix them, then run `python -m bot doctor` again.")
        return 1
    print("All checks passed (Discord itself was not contacted).")
    return 0
