"""``python -m bot backup FILE``: a consistent copy of the database, safe while the bot runs.

SQLite's online backup copies one snapshot of the database (in WAL mode the bot keeps
writing meanwhile). The copy is written beside FILE, checked, switched to a single-file
journal, then renamed into place, so FILE is either a whole sound database or absent.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from urllib.parse import quote

from .config import Settings
from .preflight import database_setting


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def copy_database(source: Path, target: Path) -> int:
    """Copy ``source`` to a new file ``target``; return the copy's schema version."""
    part = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        src = sqlite3.connect(f"file:{quote(str(source))}?mode=rw", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)  # all pages in one step: one consistent snapshot
                dst.execute("PRAGMA journal_mode = DELETE")  # the copy is one self-contained file
                (check,) = dst.execute("PRAGMA integrity_check").fetchone()
                if check != "ok":
                    raise sqlite3.DatabaseError(f"the copy failed its integrity check: {check}")
                (version,) = dst.execute("PRAGMA user_version").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return int(version)


def backup(file: str) -> int:
    """Back up the bot's database to ``file`` (relative to the current folder); one line out."""
    settings, _ = Settings.read()  # only the database's path matters here
    source, setting = settings.database, database_setting(settings)
    target = Path(os.path.abspath(Path(file).expanduser()))
    if not source.is_file():
        return _fail(f"{setting}: there is no database at {source} to back up; check {setting}.")
    if target.exists() or target.is_symlink():
        return _fail(f"{target} already exists: give the backup a new file name, or remove that file.")
    if not target.parent.is_dir():
        return _fail(f"Cannot write the backup: {target.parent} is not a folder; create it first.")
    try:
        version = copy_database(source, target)
    except sqlite3.DatabaseError as exc:
        return _fail(f"{setting}: could not back up {source} ({exc}); run `python -m bot doctor`.")
    except OSError as exc:
        return _fail(f"Cannot write the backup {target} ({exc.strerror or exc}); choose another place.")
    size = target.stat().st_size
    print(f"Backed up {source} to {target} (schema version {version}, {size:,} bytes).")
    return 0
