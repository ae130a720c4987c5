"""The SQLite connection under the store: open, migrate, one transaction at a time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Self

import aiosqlite

from .. import queries as q

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
MAX_SQLITE_INT = 2**63 - 1


def migrations() -> list[str]:
    """The schema scripts, in the order they are applied (``0001_initial.sql``, ...)."""
    return [path.read_text(encoding="utf-8") for path in sorted(MIGRATIONS_DIR.glob("[0-9]*.sql"))]


MIGRATIONS = migrations()


class StoreBase:
    """The connection: opening, migrations, transactions and the two ways to run SQL."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.transactions = 0  # committed write transactions, for benchmarks
        self.statements = 0  # SQL statements run, for benchmarks (with :meth:`count_statements`)
        self._lock = asyncio.Lock()  # one connection: one transaction at a time

    @classmethod
    async def open(cls, path: Path | str) -> Self:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit: every transaction is an explicit BEGIN ... COMMIT (see transaction())
        db = await aiosqlite.connect(path, isolation_level=None)
        db.row_factory = aiosqlite.Row
        store = cls(db, path)
        try:
            for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL"):
                await store._rows(f"PRAGMA {pragma}")
            await store._migrate()
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self.db.close()

    async def count_statements(self) -> None:
        """Count every statement SQLite runs in :attr:`statements` (benchmarks)."""

        def trace(sql: str) -> None:
            self.statements += 1

        await self.db.set_trace_callback(trace)

    async def _migrate(self) -> None:
        version = await self.schema_version()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # foreign keys are off while a script rebuilds a table (SQLite's documented way)
            await self.db.executescript(
                f"PRAGMA foreign_keys = OFF;\nBEGIN;\n{script}\nPRAGMA user_version = {number};\n"
                "COMMIT;\nPRAGMA foreign_keys = ON;"
            )
            problems = await self._rows("PRAGMA foreign_key_check")
            if problems:
                raise RuntimeError(f"migration {number} left {len(problems)} broken references")

    async def schema_version(self) -> int:
        return (await self._rows("PRAGMA user_version"))[0][0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One ``BEGIN IMMEDIATE ... COMMIT``; rolled back if anything inside raises."""
        async with self._lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.rollback()
                raise
            await self.db.commit()
            self.transactions += 1

    async def _write(self, sql: str, params: Mapping[str, Any]) -> int:
        """One statement, which SQLite runs as a transaction of its own (autocommit); never inside
        another's transaction. Returns the number of rows changed."""
        async with self._lock, self.db.execute(sql, params) as cur:
            changed = cur.rowcount
        self.transactions += 1
        return changed

    async def _officer_acted(self, sql: str, params: Mapping[str, Any]) -> bool:
        """Run a change an officer made (``:officer_id``, ``:now``) and, if it changed a row,
        mark them active, in one transaction; False when it changed nothing."""
        async with self.transaction() as db:
            async with db.execute(sql, params) as cur:
                changed = cur.rowcount > 0
            if changed:
                await db.execute(q.TOUCH_OFFICER, params)
        return changed

    async def _rows(self, sql: str, params: Mapping[str, Any] | Iterable = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, params) as cur:
            return list(await cur.fetchall())
