"""An officer's checklist state, from their server's steps and their ticks (no Discord)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .catalogue import Catalogue, Post
from .store import Officer


@dataclass(frozen=True)
class Step:
    """One step of a checklist as a server shows it: a catalogue step, or the server's own."""

    id: str
    text: str
    local: bool = False


def catalogue_steps(post: Post) -> tuple[Step, ...]:
    return tuple(Step(s.id, s.text) for s in post.checklist)


@dataclass(frozen=True)
class ChecklistState:
    """What an officer has done: the current steps with their ticks, and retired steps."""

    officer: Officer
    post: Post
    steps: tuple[Step, ...]  # the post's steps in this server (hidden ones left out, local ones in)
    done: frozenset[str]  # ids of current steps that are ticked
    retired: tuple[str, ...]  # ticked step ids no longer on the checklist (history kept)

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def open_steps(self) -> list[Step]:
        return [s for s in self.steps if s.id not in self.done]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def progress_text(self) -> str:
        return f"{self.done_count} of {self.total} done"


def checklist_state(
    catalogue: Catalogue,
    officer: Officer,
    ticked: frozenset[str],
    steps: Iterable[Step] | None = None,
    hidden: frozenset[str] = frozenset(),
) -> ChecklistState | None:
    """The officer's checklist given the ids of the steps they ticked and their server's steps
    (default: the catalogue's); None if their post has left the catalogue. Ticks of hidden
    steps are kept but not shown; ticks of steps gone from the checklist show as retired."""
    post = catalogue.get(officer.post_id)
    if post is None:
        return None
    steps = tuple(steps) if steps is not None else catalogue_steps(post)
    current = {s.id for s in steps}
    return ChecklistState(
        officer,
        post,
        steps,
        frozenset(ticked & current),
        tuple(sorted(ticked - current - hidden)),
    )
