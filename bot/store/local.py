"""Each server's own settings: welcome text, contact person, local and hidden checklist steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import queries as q
from .base import StoreBase
from .records import _ts


@dataclass(frozen=True)
class LocalStep:
    """A checklist step a server added for one post (its step id is ``local-<id>``)."""

    id: int
    guild_id: int
    post_id: str
    text: str

    @property
    def step_id(self) -> str:
        return f"local-{self.id}"


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    welcome_text: str | None = None
    contact_id: int | None = None


class LocalStore(StoreBase):
    """Per-server customisation (see :class:`bot.store.Store`)."""

    async def all_settings(self) -> dict[int, GuildSettings]:
        rows = await self._rows(q.GUILD_SETTINGS)
        return {r["guild_id"]: GuildSettings(r["guild_id"], r["welcome_text"], r["contact_id"]) for r in rows}

    async def set_welcome_text(self, guild_id: int, text: str | None, now: datetime) -> None:
        await self._write(q.SET_WELCOME_TEXT, {"guild_id": guild_id, "text": text, "now": _ts(now)})

    async def set_contact(self, guild_id: int, contact_id: int | None, now: datetime) -> None:
        await self._write(q.SET_CONTACT, {"guild_id": guild_id, "contact_id": contact_id, "now": _ts(now)})

    async def all_local_steps(self) -> list[LocalStep]:
        rows = await self._rows(q.ALL_LOCAL_STEPS)
        return [LocalStep(r["id"], r["guild_id"], r["post_id"], r["text"]) for r in rows]

    async def add_local_step(
        self, guild_id: int, post_id: str, text: str, by: int, now: datetime
    ) -> LocalStep:
        params = {"guild_id": guild_id, "post_id": post_id, "text": text, "by": by, "now": _ts(now)}
        async with self._lock, self.db.execute(q.ADD_LOCAL_STEP, params) as cur:
            row = await cur.fetchone()
        self.transactions += 1
        return LocalStep(row["id"], row["guild_id"], row["post_id"], row["text"])

    async def remove_local_step(self, guild_id: int, post_id: str, local_id: int, now: datetime) -> bool:
        params = {"id": local_id, "guild_id": guild_id, "post_id": post_id, "now": _ts(now)}
        return bool(await self._write(q.REMOVE_LOCAL_STEP, params))

    async def all_hidden_steps(self) -> set[tuple[int, str, str]]:
        return {(r["guild_id"], r["post_id"], r["step_id"]) for r in await self._rows(q.ALL_HIDDEN_STEPS)}

    async def hide_step(self, guild_id: int, post_id: str, step_id: str, by: int, now: datetime) -> bool:
        params = {"guild_id": guild_id, "post_id": post_id, "step_id": step_id, "by": by, "now": _ts(now)}
        return bool(await self._write(q.HIDE_STEP, params))

    async def show_step(self, guild_id: int, post_id: str, step_id: str) -> bool:
        params = {"guild_id": guild_id, "post_id": post_id, "step_id": step_id}
        return bool(await self._write(q.SHOW_STEP, params))
