"""Checks made before connecting to Discord: the token's shape, the data folder, the database.

Each check gives a :class:`Check`; a failed one carries one line naming the setting and the fix.
Nothing here creates, changes or contacts anything; the token is never echoed.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .config import DATABASE_NAME, Settings
from .paths import existing_ancestor
from .semantic.model_files import status as model_status

PORTAL = "https://discord.com/developers/applications"
TOKEN_HELP = (
    f"Copy the bot token from {PORTAL} -> your application -> Bot -> Reset Token, "
    "and put DISCORD_TOKEN=... in .env (see README.md)."
)
SQLITE_HEADER = b"SQLite format 3\x00"
_PART = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Check:
    """One line of ``doctor``'s table: what was checked, whether it is fine, what was found."""

    name: str
    ok: bool
    detail: str
    reported: bool = True  # False when another check's line already covers the cause
    stops: bool = True  # False for a problem the bot starts with (it answers by words only)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return f"uid {os.getuid()}"


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK | os.X_OK if path.is_dir() else os.W_OK)


def _made(path: Path) -> str:
    return "writable" if path.exists() else "writable; made at the first run"


def _token_hint(token: str) -> str:
    if token.lower().startswith(("bot ", "bearer ")):
        return "remove the word before it: DISCORD_TOKEN= takes the token alone"
    if token.isdigit():
        return "that looks like the Application ID, not the token"
    if "." not in token and len(token) == 32:
        return "that looks like the OAuth2 Client Secret, not the bot token"
    parts = token.split(".")
    if len(parts) != 3 or not all(_PART.fullmatch(part) for part in parts):
        return f"a bot token is three parts joined by dots, about 70 characters; got {len(token)}"
    first = parts[0]
    try:
        user_id = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        user_id = ""
    if not re.fullmatch(r"[0-9]{17,20}", user_id) or len(parts[1]) < 4 or len(parts[2]) < 20:
        return "its first part should encode the bot's numeric id, its last be the long secret"
    return ""


def token_problem(token: str | None) -> str | None:
    """One line if DISCORD_TOKEN is missing or cannot be a bot token by its shape."""
    if not token:
        return f"DISCORD_TOKEN is not set. {TOKEN_HELP}"
    hint = _token_hint(token)
    if hint:
        return f"DISCORD_TOKEN does not look like a bot token ({hint}). {TOKEN_HELP}"
    return None


def folder_problem(setting: str, path: Path, shown: Path | None = None) -> str | None:
    """One line if ``path`` cannot be (or become) a folder the bot can write in; the line names
    ``setting`` and ``shown`` (default ``path``), the file or folder the setting gives."""
    shown = shown or path
    if path.exists():
        if not path.is_dir():
            return f"{setting}: {path} is a file, not a folder: move the file or set {setting} elsewhere"
        if not _writable(path):
            return (
                f"{setting}: {path} is not writable by {_user()}: give that user write access "
                f"(chown/chmod), or set {setting} to somewhere it can write"
            )
        return None
    ancestor = existing_ancestor(path)
    if not ancestor.is_dir():
        return (
            f"{setting}: {shown} is under {ancestor}, which is a file, not a folder: "
            f"move that file or set {setting} elsewhere"
        )
    if not _writable(ancestor):
        return (
            f"{setting}: {shown} cannot be created: {ancestor} is not writable by {_user()}; "
            f"give that user write access (chown/chmod), or set {setting} elsewhere"
        )
    return None


def database_version(path: Path) -> int:
    """The schema version (``PRAGMA user_version``) after a quick integrity check; raises
    :class:`sqlite3.DatabaseError` for a file that is not a sound SQLite database."""
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        return 0  # SQLite treats an empty file as a new database
    if header != SQLITE_HEADER:
        raise sqlite3.DatabaseError("file is not a database")
    db = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True)
    try:
        result = db.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {result[0] if result else 'no answer'}")
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def database_setting(settings: Settings) -> str:
    """The setting that names the database file: DATA_DIR when it is DATA_DIR's default file."""
    return "DATA_DIR" if settings.database == settings.data_dir / DATABASE_NAME else "DATABASE_PATH"


def check_database(settings: Settings, known_version: int) -> Check:
    """The database file: usable (or creatable), a sound SQLite file, a version this bot knows."""
    path, setting = settings.database, database_setting(settings)
    name = "database"
    if path.is_dir():
        return Check(name, False, (
            f"{setting}: the database {path} is a folder, not a file: remove the folder, "
            f"or set DATABASE_PATH to a file such as {path / DATABASE_NAME}"
        ))
    if not path.exists():
        problem = folder_problem(setting, path.parent, shown=path)
        if problem:
            return Check(name, False, problem)
        return Check(name, True, f"{path} (new; {_made(path)})")
    if not _writable(path) or not _writable(path.parent):
        return Check(name, False, (
            f"{setting}: the database {path} is not writable by {_user()}: give that user write "
            "access to the file and its folder (chown/chmod), or set DATABASE_PATH elsewhere"
        ))
    try:
        version = database_version(path)
    except sqlite3.DatabaseError as exc:
        return Check(name, False, (
            f"{setting}: {path} is not a sound SQLite database ({exc}): restore a backup "
            "(README, 'Back up and restore') or move the file aside to start afresh"
        ))
    except OSError as exc:
        return Check(name, False, (
            f"{setting}: the database {path} cannot be read ({exc.strerror or exc}): give {_user()} "
            "read and write access to it (chown/chmod), or set DATABASE_PATH elsewhere"
        ))
    if version > known_version:
        return Check(name, False, (
            f"{setting}: {path} is at schema version {version}, newer than this bot's "
            f"{known_version}: update the bot's code, or restore a backup taken with this version"
        ))
    return Check(name, True, f"{path}, schema version {version} of {known_version}")


def known_schema_version() -> int:
    """The schema version this bot's code brings a database to (its migrations, in memory)."""
    import asyncio

    from .store import Store

    async def migrated() -> int:
        store = await Store.open(":memory:")
        try:
            return await store.schema_version()
        finally:
            await store.close()

    return asyncio.run(migrated())


def checks(settings: Settings) -> list[Check]:
    """Everything that can be checked before connecting: data folder, database, catalogue, token."""
    folder = folder_problem("DATA_DIR", settings.data_dir)
    token = token_problem(settings.token)
    database = check_database(settings, known_schema_version())
    if folder and not database.ok and settings.database.is_relative_to(settings.data_dir):
        database = Check(database.name, False, "in the data folder: fix DATA_DIR first", reported=False)
    return [
        Check("data folder", folder is None, folder or f"{settings.data_dir} ({_made(settings.data_dir)})"),
        database,
        check_catalogue(settings),
        Check(
            "semantic model",
            *model_status(settings.semantic, settings.embedding_model_dir, settings.data_dir),
            stops=False,
        ),
        Check("token", token is None, token or "present and shaped like a bot token"),
    ]


def check_catalogue(settings: Settings) -> Check:
    """The role catalogue loads and validates; its counts."""
    from .catalogue import CatalogueError, load_catalogue

    try:
        return Check("catalogue", True, load_catalogue(settings.catalogue_dir).summary_line())
    except CatalogueError as exc:
        return Check("catalogue", False, "CATALOGUE_DIR: " + " ".join(str(exc).split()))


def problems(settings: Settings) -> list[str]:
    """One line per problem found by :func:`checks`; empty when the bot can start."""
    return [check.detail for check in checks(settings) if not check.ok and check.reported and check.stops]
