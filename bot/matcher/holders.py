"""Who-questions about a named post ("who audits the treasurer's accounts?", "who does the
secretary plan the agenda with?"), answered from the duties that act on that post."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection

from ..catalogue import TEAM_ID, Post
from ..text import Question
from ..uncovered import Uncovered
from .answer import Answer
from .duties import Doc, DutyIndex, Scored
from .names import NameHit
from .shapes import ends_with_partner, is_subject, speaks_as, works_alongside
from .thresholds import ANSWER_THRESHOLD, HOLDER_THRESHOLD, MENTION_THRESHOLD, OBJECT_BONUS


def holder_answer(
    duties: DutyIndex, posts: dict[str, Post], text: str, q: Question, names: list[NameHit],
    chat_words: Collection[str], uncovered_in: Callable[[Doc], Uncovered | None],
) -> Answer | None:
    """The duty that acts on a named post, or the partner in its own shared duty; None when
    no duty does. The post is the subject in "who does the X ... with" and when the asker
    speaks as it ("As treasurer, who do I ... with?"). When the post's own duty that fits
    best works with someone the documents do not cover (``uncovered_in``: "Liaise with agent on
    election strategy"), that is the answer: not covered, with the duty as related."""
    named = {n[0] for n in names}
    skip = frozenset(i for _, _, (s, e) in names for i in range(s, e))
    terms = duties.query_terms(q, skip)
    subject = any(
        is_subject(q, start) or speaks_as(q, start, chat_words, acting=True) or works_alongside(q, start)
        for _, _, (start, _) in names
    )
    if not terms and subject:  # "who does the fundraiser work with": its usual partner
        return _usual_partner(duties, posts, text, named)
    scored = duties.score(terms)[0]
    if subject:
        own = next(((score, doc) for score, doc in scored if doc.post_id in named and doc.duty), None)
        item = uncovered_in(own[1]) if own and own[0] >= MENTION_THRESHOLD else None
        if own and item is not None and not (own[1].names - named - {TEAM_ID}):
            doc = own[1]
            return Answer(text, None, 0.0, doc.duty, "none", [doc.post_id], kind="not_covered",
                          topic=item, owner=doc.post_id)
    partner = subject and ends_with_partner(q)  # "who does the treasurer draw up the budget with"
    best = _best_holder(scored, named, own_only=subject, partner=partner)
    if subject and (best is None or best[0] < HOLDER_THRESHOLD):
        best = _best_holder(scored, named, own_only=False)  # "...work with" goes both ways
    if best is None or best[0] < HOLDER_THRESHOLD:
        return None
    return _holder(text, *best)


def _best_holder(
    scored: Scored, named: set[str], own_only: bool, partner: bool = False
) -> tuple[float, str, Doc] | None:
    """The best duty that acts on a named post, or of its own that names another; asked for a
    partner ("...with"), the team as a whole is none."""
    best: tuple[float, str, Doc] | None = None
    unlike = (named | {TEAM_ID}) if partner else named  # the team as a whole is no partner
    for score, doc in scored:
        if doc.duty is None or (own_only and doc.post_id not in named):
            continue
        if doc.post_id in named:
            shared = [p for p in doc.duty.shared_with if p not in named]
            others = shared or sorted(doc.names - unlike)
            if not others:
                continue
            candidate = (score, others[0], doc)
        elif doc.names & named:
            candidate = (score * (1 + OBJECT_BONUS), doc.post_id, doc)
        else:
            continue
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best


def _usual_partner(duties: DutyIndex, posts: dict[str, Post], text: str, named: set[str]) -> Answer | None:
    """The post the named post's duties name most often, with the first such duty."""
    counts: dict[str, list[Doc]] = defaultdict(list)
    for doc in duties.docs:
        if doc.duty is not None and doc.post_id in named:
            for other in doc.names - named - {TEAM_ID}:
                counts[other].append(doc)
    if not counts:
        return None
    post_id = max(counts, key=lambda p: (len(counts[p]), -list(posts).index(p)))
    return _holder(text, ANSWER_THRESHOLD, post_id, counts[post_id][0])


def _holder(text: str, score: float, post_id: str, doc: Doc) -> Answer:
    assert doc.duty is not None
    if doc.post_id != post_id:  # the partner in the named post's own duty
        return Answer(text, post_id, min(100.0, 100 * score), doc.duty, "duty", [doc.post_id], [],
                      owner=doc.post_id)
    partners = [p for p in doc.duty.shared_with if p != post_id]
    return Answer(text, post_id, min(100.0, 100 * score), doc.duty, "duty", partners, partners,
                  owner=post_id)
