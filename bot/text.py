"""Reading text as the matcher does: lower-casing, joins and phrases, tokens, stop words, stems.

The words come from the lexicon (``roles/lexicon.yaml``); the stemmer is the same for the
documents and the questions.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from .lexicon import Lexicon

_WORD = re.compile(r"[A-Za-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word (books/booking -> book)."""
    if word[:1].isdigit():
        return word.rstrip("s")  # "27s" -> "27"
    return _STEMMER.stemWord(word)


class TextReader:
    """Normalises and tokenises text with one lexicon's joins, phrases and stop words."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.stop_words = frozenset(lexicon.stop_words)
        self._replacement: dict[str, str] = {}
        # joins are word beginnings ("co ord"), phrases whole words ("make sure")
        parts = [r"[\s-]+".join(map(re.escape, join.split())) for join in lexicon.joins]
        for word, phrases in lexicon.phrases.items():
            for phrase in phrases:
                self._replacement[phrase] = word
                parts.append(r"\s+".join(map(re.escape, phrase.split())) + r"\b")
        parts.sort(key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(parts) + ")", re.I) if parts else None
        self._joined = lru_cache(maxsize=8)(self._join)  # one question is read several ways

    def _join(self, text: str) -> str:
        text = _APOSTROPHES.sub("", text)
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        key = " ".join(found.lower().split())
        if key in self._replacement:
            return self._replacement[key]
        return re.sub(r"[\s-]+", "", found)  # a join: the words as one

    def normalise(self, text: str) -> str:
        """Lower-case, drop apostrophes, join words people write both ways (co-ordinator)."""
        return self._joined(text).lower()

    def words(self, text: str) -> list[str]:
        """All word tokens of ``text`` after normalisation, stop words included."""
        return _WORD.findall(self.normalise(text))

    def cased_words(self, text: str) -> list[str]:
        """The same tokens as :meth:`words`, in their original case ("IT" vs "it")."""
        return _WORD.findall(self._joined(text))

    def content_stems(self, text: str) -> list[str]:
        """The stems of the content words of ``text``, in order, without stop words."""
        return [stem(w) for w in self.words(text) if w not in self.stop_words]
