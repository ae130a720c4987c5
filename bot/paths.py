"""Where things live: the project root, the ``.env`` files read, and paths from settings.

Every path a setting names is made absolute here, so the bot finds the same data folder and
database whatever folder it is started from: ``~`` is expanded, and a relative path is taken
from the project root (the folder holding ``bot/`` and ``roles/``), never the current folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOTENV = ".env"


def resolve(raw: str | os.PathLike[str], base: Path = PROJECT_ROOT) -> Path:
    """``raw`` as an absolute path: ``~`` expanded, relative to ``base`` (the project root)."""
    path = Path(raw).expanduser()
    return Path(os.path.abspath(base / path))


def dotenv_files(cwd: Path | None = None) -> list[Path]:
    """The ``.env`` files to read, in order of precedence: the current folder's, the project's."""
    found: list[Path] = []
    for folder in (cwd or Path.cwd(), PROJECT_ROOT):
        candidate = Path(os.path.abspath(folder / DOTENV))
        if candidate.is_file() and candidate not in found:
            found.append(candidate)
    return found


def load_dotenv_files(cwd: Path | None = None) -> tuple[Path, ...]:
    """Read the ``.env`` files into the environment without overriding what is already set.

    Variables set in the environment win over the current folder's ``.env``, which wins over
    the project root's. Returns the files read.
    """
    from dotenv import load_dotenv

    files = dotenv_files(cwd)
    for path in files:
        load_dotenv(path, override=False)
    return tuple(files)


def existing_ancestor(path: Path) -> Path:
    """The nearest of ``path`` and its parents that exists (a file or a folder)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or "/")
