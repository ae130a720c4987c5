"""An officer's checklist state, computed from the catalogue and the store (no Discord)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .catalogue import Catalogue, ChecklistStep, Post
from .store import Officer, Store


@dataclass(frozen=True)
class ChecklistState:
    """What an officer has done: current steps with their ticks, and retired steps."""

    officer: Officer
    post: Post
    done: frozenset[str]  # ids of current steps that are ticked
    retired: tuple[str, ...]  # ticked step ids no longer in the catalogue (history kept)
    last_tick: dict[str, datetime]

    @property
    def steps(self) -> list[ChecklistStep]:
        return list(self.post.checklist)

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def total(self) -> int:
        return len(self.post.checklist)

    @property
    def open_steps(self) -> list[ChecklistStep]:
        return [s for s in self.post.checklist if s.id not in self.done]

    def progress_text(self) -> str:
        return f"{self.done_count} of {self.total} done"


async def checklist_state(store: Store, catalogue: Catalogue, officer: Officer) -> ChecklistState | None:
    """The officer's checklist, or None if their post has left the catalogue."""
    post = catalogue.get(officer.post_id)
    if post is None:
        return None
    ticks = await store.ticks(officer.id)
    current = {s.id for s in post.checklist}
    done = frozenset(sid for sid, t in ticks.items() if t.done and sid in current)
    retired = tuple(sorted(sid for sid, t in ticks.items() if t.done and sid not in current))
    return ChecklistState(officer, post, done, retired, {sid: t.changed_at for sid, t in ticks.items()})
