"""How the semantic layer's closeness in meaning joins the lexical post scores.

A post's score becomes its lexical score plus ``weight`` times the cosine between the
question and the post's closest document (``bot/semantic/``). A lexical score that answers
on its own still answers; below it, the blended score must reach ``answer_threshold``. The
weight and threshold were chosen on the project's own question sets only, never on a set then
reported as blind (``benchmarks/tune_blend.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..catalogue import TEAM_ID, Duty
from .ranking import Ranking
from .thresholds import (
    ANSWER_THRESHOLD,
    LEXICAL_ANSWER_THRESHOLD,
    LEXICAL_LONG_THRESHOLD,
    LONG_QUESTION,
    SUGGEST_THRESHOLD,
)

SEMANTIC_WEIGHT = 2.5  # cosine's weight beside the lexical score
BLENDED_ANSWER_THRESHOLD = 1.3  # a blended score this high answers, whatever the lexical score
BLENDED_SUGGEST_THRESHOLD = 1.1  # above this, near misses are offered
BLENDED_LONG_THRESHOLD = 1.1  # what a message of more than LONG_QUESTION words needs to answer
LEXICAL_LEAD_SCORE = 0.5  # a post the words point at this clearly...
LEXICAL_LEAD_MARGIN = 0.4  # ...keeps first place when the blend puts it no further than this behind
# The team page's text (who sits on the ECC, the officers as a whole) is close in meaning to
# any question about officers or committees, so its closeness counts for less than a post's.
TEAM_COSINE_FACTOR = 0.85


@dataclass(frozen=True)
class Closeness:
    """A question's cosine to each post's closest document, and that document's duty."""

    cosine: dict[str, float]
    duty: dict[str, Duty | None]


class Meaning(Protocol):
    """What the matcher needs of the semantic layer."""

    def closeness(self, question: str) -> Closeness: ...


@dataclass(frozen=True)
class Blend:
    """The weight of meaning beside words, and the thresholds for the blended score."""

    weight: float = SEMANTIC_WEIGHT
    answer_threshold: float = BLENDED_ANSWER_THRESHOLD
    suggest_threshold: float = BLENDED_SUGGEST_THRESHOLD
    lexical_floor: float | None = ANSWER_THRESHOLD  # a lexical score this high answers whatever the blend
    lead_score: float = LEXICAL_LEAD_SCORE
    lead_margin: float = LEXICAL_LEAD_MARGIN
    long_threshold: float = BLENDED_LONG_THRESHOLD

    def answers(self, ranking: Ranking) -> bool:
        """Whether the best post's score is enough to answer with it. A long message spreads
        its weight over greetings and the story, and the model's closeness over more words: it
        needs less."""
        if self.lexical_floor is not None and ranking.lexical_top >= self.lexical_floor:
            return True
        threshold = self.long_threshold if ranking.words > LONG_QUESTION else self.answer_threshold
        return ranking.post_scores[ranking.ranked[0]] >= threshold

    def confidence(self, score: float) -> float:
        """A post score as the 0-100 confidence an answer shows."""
        return min(100.0, 100 * score / (1 + self.weight))

    def mix(self, ranking: Ranking, closeness: Closeness) -> None:
        """Add ``weight`` × cosine to every post's score and rank again (in place). A post the
        words point at clearly keeps first place when meaning puts another only a little ahead."""
        scores = ranking.post_scores
        lead = max(scores, key=scores.__getitem__, default=None)
        ranking.lexical_top = scores[lead] if lead is not None else 0.0
        for post_id, cosine in closeness.cosine.items():
            if post_id == TEAM_ID:
                cosine *= TEAM_COSINE_FACTOR
            scores[post_id] = scores.get(post_id, 0.0) + self.weight * cosine
            if ranking.best_duty.get(post_id) is None and closeness.duty.get(post_id) is not None:
                ranking.best_duty[post_id] = closeness.duty[post_id]
            ranking.matched.setdefault(post_id, set())
        best = max(scores.values(), default=0.0)
        clear = lead is not None and ranking.lexical_top >= self.lead_score
        if clear and best - scores[lead] < self.lead_margin:
            scores[lead] = best + 1e-6
        ranking.ranked = sorted(scores, key=lambda p: -scores[p])


LEXICAL_ONLY = Blend(
    0.0, LEXICAL_ANSWER_THRESHOLD, SUGGEST_THRESHOLD, None, long_threshold=LEXICAL_LONG_THRESHOLD
)
