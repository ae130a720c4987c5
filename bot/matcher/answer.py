"""The matcher's answer to one question, and the kinds of answer there are."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalogue import Duty
from ..glossary import Term
from ..uncovered import Uncovered

KINDS = ("post", "holder", "glossary", "personal", "smalltalk", "not_covered", "unknown")


@dataclass(frozen=True)
class Answer:
    """The matcher's answer to one question."""

    question: str
    role: str | None  # best post id, None when the bot does not know
    score: float  # 0-100
    duty: Duty | None = None  # the duty that matched (for "who" questions)
    via: str = "none"  # "name", "duty" or "none"
    alternatives: list[str] = field(default_factory=list)  # runner-up or partner posts
    partners: list[str] = field(default_factory=list)  # posts the duty is shared with
    kind: str = ""  # one of KINDS; by default "post" when there is a role, else "unknown"
    term: Term | None = None  # glossary: the term asked about
    topic: Uncovered | None = None  # not_covered: what the documents do not cover
    choices: list[str] = field(default_factory=list)  # posts to choose from ("vice chair")
    runner_up: tuple[str, Duty] | None = None  # a close second post and its duty
    owner: str | None = None  # whose duty ``duty`` is, when not the role's (related, holder)
    about: str | None = None  # unknown: the post asked a fact its documents don't give ("its pay")

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", "post" if self.role is not None else "unknown")
        if self.kind not in KINDS:
            raise ValueError(f"unknown answer kind {self.kind!r}")

    @property
    def known(self) -> bool:
        return self.role is not None

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "role": self.role,
            "alternatives": self.alternatives,
            "duty": self.duty.text if self.duty else None,
            "score": round(self.score, 1),
            "kind": self.kind,
        }
