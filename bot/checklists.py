"""An officer's checklist state, computed from the catalogue and their ticks (no Discord)."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue, ChecklistStep, Post
from .store import Officer


@dataclass(frozen=True)
class ChecklistState:
    """What an officer has done: current steps with their ticks, and retired steps."""

    officer: Officer
    post: Post
    done: frozenset[str]  # ids of current steps that are ticked
    retired: tuple[str, ...]  # ticked step ids no longer in the catalogue (history kept)

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


def checklist_state(catalogue: Catalogue, officer: Officer, ticked: frozenset[str]) -> ChecklistState | None:
    """The officer's checklist given the ids of the steps they ticked; None if their post has
    left the catalogue."""
    post = catalogue.get(officer.post_id)
    if post is None:
        return None
    current = {s.id for s in post.checklist}
    return ChecklistState(officer, post, frozenset(ticked & current), tuple(sorted(ticked - current)))
