"""Answer a volunteer's question with the right post and duty.

Two passes over the catalogue, both plain Python:

1. **Names** (``names.py``): does the question name a post ("tresurer", "TULO", "the women's
   officer")? Aliases are matched token by token with rapidfuzz, so typos still count.
2. **Duties** (``duties.py``, ``ranking.py``): for "who books rooms?" or "money", every duty
   (and each post's keywords) is scored by how much of the question's rare words it covers
   (IDF weighting), with typo-tolerant token matching. Words of the clause that asks count
   more than the story around it (and the story's words the documents never use, hardly at
   all); a duty that names its own post's group ("Welcome new women members") fits a question
   that does not name that group less well.

A question that names a post and does not ask *who* gets that post. Otherwise the best
duty wins, and posts the duty names as partners ("with the Chair") come along. When
nothing covers enough of the question, the answer says it does not know.

Before that, rules about kinds of question (``shapes.py``; every one reads word lists from
``roles/``): small talk and personal questions (no topic word at all), glossary terms asked
about ("what is PPERA?"), people and topics the documents do not cover (``not-covered.yaml``),
and who-questions about a named post ("who checks the treasurer's figures?", ``holders.py``),
answered from the duties that act on that post. Each answer (``answer.py``) says which
``kind`` it is; ``answering.py`` decides which. ``post_lookup.py`` finds a post typed in a
command, and ``thresholds.py`` holds every tuned number.
"""

from .answer import KINDS, Answer
from .answering import Matcher
from .post_lookup import resolve_post, suggest_posts
from .thresholds import (
    ANSWER_THRESHOLD,
    CLOSE_CALL,
    CONTEXT_UNKNOWN,
    CONTEXT_WEIGHT,
    HOLDER_THRESHOLD,
    KEYWORD_ORDER,
    MENTION_THRESHOLD,
    NAME_TOKEN_CUTOFF,
    OBJECT_BONUS,
    QUALIFIER_FACTOR,
    RESOLVE_CUTOFF,
    SUGGEST_CUTOFF,
    SUGGEST_THRESHOLD,
    SWAP_SIMILARITY,
    SYNONYM_TITLE_BONUS,
    TITLE_BONUS,
    TOPIC_THRESHOLD,
    TOPIC_THRESHOLD_WHO,
    UNKNOWN_WEIGHT,
    VOCAB_TOKEN_CUTOFF,
)

__all__ = [
    "ANSWER_THRESHOLD",
    "CLOSE_CALL",
    "CONTEXT_UNKNOWN",
    "CONTEXT_WEIGHT",
    "HOLDER_THRESHOLD",
    "KEYWORD_ORDER",
    "KINDS",
    "MENTION_THRESHOLD",
    "NAME_TOKEN_CUTOFF",
    "OBJECT_BONUS",
    "QUALIFIER_FACTOR",
    "RESOLVE_CUTOFF",
    "SUGGEST_CUTOFF",
    "SUGGEST_THRESHOLD",
    "SWAP_SIMILARITY",
    "SYNONYM_TITLE_BONUS",
    "TITLE_BONUS",
    "TOPIC_THRESHOLD",
    "TOPIC_THRESHOLD_WHO",
    "UNKNOWN_WEIGHT",
    "VOCAB_TOKEN_CUTOFF",
    "Answer",
    "Matcher",
    "resolve_post",
    "suggest_posts",
]
