"""Which post a Discord role's name stands for, strictly: what ``/onboarding setup`` proposes.

A role is proposed for a post only when its name, ignoring case, punctuation, emoji and the
words "CLP" and "constituency", is exactly the post's title or one of its aliases; a typo in
a word of six or more letters is allowed. "Branch Secretary", "Former Chair", "Treasurer
(outgoing)" or "Assistant Treasurer" are never a post: the extra word changes who it is.
A name that fits two posts equally is not proposed either.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from .catalogue import Catalogue
from .text import TextReader

IGNORED_WORDS = frozenset({"clp", "constituency"})
TYPO_MIN_LETTERS = 6  # a word this long may carry one typo (a letter wrong, missing, extra or swapped)
_WORD = re.compile(r"[a-z0-9]+")


def name_words(reader: TextReader, name: str) -> tuple[str, ...]:
    """The words of a name, lower-cased, without punctuation, emoji or "CLP"/"constituency"."""
    return tuple(w for w in _WORD.findall(reader.normalise(name)) if w not in IGNORED_WORDS)


def _same_word(written: str, known: str) -> bool:
    if written == known:
        return True
    return min(len(written), len(known)) >= TYPO_MIN_LETTERS and OSA.distance(written, known) <= 1


class RoleNames:
    """Every post's names as words, to match role names against."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._reader = TextReader(catalogue.lexicon)
        self._names: list[tuple[tuple[str, ...], str]] = []
        for post in catalogue.posts.values():
            for name in {name_words(self._reader, n) for n in (post.title, *post.aliases)}:
                if name:
                    self._names.append((name, post.id))

    def post_for(self, role_name: str) -> str | None:
        """The post whose title or alias the role's name is, if exactly one is."""
        words = name_words(self._reader, role_name)
        if not words:
            return None
        found = {
            post_id
            for name, post_id in self._names
            if len(name) == len(words) and all(_same_word(w, k) for w, k in zip(words, name, strict=True))
        }
        return found.pop() if len(found) == 1 else None
