"""Every post scored for one question: its best document, the share of the question its
duties cover together, and a lean towards posts whose title the question uses."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import Duty
from ..text import Question
from . import shapes
from .duties import Doc, DutyIndex, QueryTerm
from .thresholds import QUALIFIER_FACTOR, SYNONYM_TITLE_BONUS, TITLE_BONUS


@dataclass
class Ranking:
    """Posts scored for one question."""

    post_scores: dict[str, float]
    best_duty: dict[str, Duty]
    ranked: list[str]
    matched: dict[str, set[str]]
    terms: list[QueryTerm]
    asking_terms: int  # content words in the clause that asks
    lexical_top: float = 0.0  # the best lexical score, set when meaning is blended in
    words: int = 0  # how many words the question has


def rank(
    duties: DutyIndex,
    title_stems: dict[str, frozenset[str]],
    q: Question,
    skip: frozenset[int],
    asks_who: bool,
    own_stems: dict[str, frozenset[str]] | None = None,
) -> Ranking:
    """Every post scored for the question (words in ``skip`` left out)."""
    terms = duties.query_terms(q, skip, shapes.action_word(q) if asks_who else None)
    # "welcome new women members" is about women: a duty that names its own post's group
    # ("women", "youth") fits a question that does not name that group less well
    asked_stems = {s for t in terms for s in t.matches}

    def fit(doc: Doc) -> float:
        unasked = _unasked_title(doc.stems, (own_stems or title_stems).get(doc.post_id), asked_stems)
        return QUALIFIER_FACTOR if unasked else 1.0

    scored, coverage, matched = duties.score(terms, fit)
    post_scores: dict[str, float] = {}
    best_duty: dict[str, Duty] = {}
    for score, doc in scored:
        post_scores.setdefault(doc.post_id, score)
        if doc.duty is not None and doc.post_id not in best_duty:
            best_duty[doc.post_id] = doc.duty
    # a post whose duties together cover the question beats one that covers part of it
    for post_id, share in coverage.items():
        post_scores[post_id] = 0.7 * post_scores.get(post_id, 0.0) + 0.3 * share
    # "who organises youth events?": the title's own words point at the post
    if post_scores and asks_who:
        asked = {s for i, s in enumerate(q.stems) if q.content[i] and q.asking[i] and i not in skip}
        stands_for = {x for a in asked for x in duties.synonyms_of(a)}
        for post_id, title in title_stems.items():
            # "who audits": a title word the question's word begins ("auditor")
            shared = {t for t in title if any(t.startswith(a) for a in asked if len(a) >= 4)}
            shared |= title & asked
            if post_id in post_scores and shared:
                post_scores[post_id] += TITLE_BONUS * len(shared) / len(title)
            # "who checks the accounts": a word the question's word stands for ("audit")
            meant = {t for t in title - shared if any(t.startswith(a) for a in stands_for if len(a) >= 4)}
            if post_id in post_scores and meant:
                post_scores[post_id] += SYNONYM_TITLE_BONUS * len(meant) / len(title)
    ranked = sorted(post_scores, key=lambda p: -post_scores[p])
    asking_terms = len({s for i, s in enumerate(q.stems) if q.content[i] and q.asking[i] and i not in skip})
    return Ranking(post_scores, best_duty, ranked, matched, terms, asking_terms, words=len(q.words))


def _unasked_title(doc_stems: frozenset[str], title: frozenset[str] | None, asked: set[str]) -> bool:
    """Whether a document names its own post's title words, none of which the question asks
    about (as a word, or a word they begin with: "audit" for "auditors")."""
    own = doc_stems & title if title else None
    return bool(own) and not any(t.startswith(a) for t in own for a in asked if len(a) >= 4 or a == t)
