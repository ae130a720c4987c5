"""The duty index: every duty, keyword and note of every post as a document, its words
weighted by IDF, and a question scored by how much of its rare words each document covers
(typo-tolerant)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from ..catalogue import Duty, Post
from ..text import Phrases, Question, TextReader, stem
from .thresholds import (
    CONTEXT_UNKNOWN,
    CONTEXT_WEIGHT,
    KEYWORD_ORDER,
    SWAP_SIMILARITY,
    UNKNOWN_WEIGHT,
    VOCAB_TOKEN_CUTOFF,
)

# a word right after one of these is a thing, not an action ("arrange *the* audit")
_BEFORE_THINGS = frozenset("the a an any their its his her our this".split())


class QueryTerm(NamedTuple):
    """A question word: the document stems it matches, and its weight."""

    matches: dict[str, float]
    weight: float
    acts: bool = False  # the action a who-question asks about ("who *checks* the books")


@dataclass(frozen=True)
class Doc:
    post_id: str
    duty: Duty | None  # None for a keyword/summary document
    stems: frozenset[str]
    weight: float  # sum of IDF over its stems
    factor: float  # documents other than duties count a little less
    words: tuple[str, ...] = ()  # its words as a question would show them
    names: frozenset[str] = frozenset()  # posts it names or is shared with, itself excluded
    things: frozenset[str] = frozenset()  # stems a duty uses only after an article ("arrange the audit")


Scored = list[tuple[float, Doc]]


class DutyIndex:
    """Documents by stem, with IDF weights and the documents' own spellings for typos."""

    def __init__(self, posts: dict[str, Post], text: TextReader, synonyms: Mapping[str, list[str]]) -> None:
        self.text = text
        raw: list[tuple[str, Duty | None, list[str], float, str]] = []
        for post in posts.values():
            for duty in post.duties:
                stems = text.content_stems(duty.text)
                raw.append((post.id, duty, stems, 1.0, duty.text))
            for k, keyword in enumerate(post.keywords):  # a post's keywords come most central first
                factor = 0.97 * (1 - KEYWORD_ORDER * k / len(post.keywords))
                raw.append((post.id, None, text.content_stems(keyword), factor, keyword))
            for note in post.notes:
                raw.append((post.id, None, text.content_stems(note.text), 0.9, note.text))
        n = len(raw)
        df: dict[str, int] = defaultdict(int)
        for _, _, stems, _, _ in raw:
            for s in set(stems):
                df[s] += 1
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self.unknown_idf = math.log(1 + n)
        self.docs: list[Doc] = []
        self._index: dict[str, list[int]] = defaultdict(list)
        self._texts: list[str] = []  # each document's text as written
        for post_id, duty, stems, factor, doc_text in raw:
            unique = frozenset(stems)
            if not unique:
                continue
            weight = sum(self.idf[s] for s in unique)
            for s in unique:
                self._index[s].append(len(self.docs))
            words = text.phrase(doc_text)
            things = _things(words, text) if duty is not None else frozenset()
            self.docs.append(Doc(post_id, duty, unique, weight, factor, words, things=things))
            self._texts.append(doc_text)
        self.vocab = frozenset(self.idf)
        texts = [d.text for p in posts.values() for d in p.duties]
        texts += [t for p in posts.values() for t in (*p.keywords, *(n.text for n in p.notes))]
        self._doc_word_stems = {
            w: stem(w)
            for t in texts
            for w in text.words(t)
            if len(w) >= 5 and stem(w) in self.vocab
        }
        self._doc_words = sorted(self._doc_word_stems)
        self._synonyms = {
            stem(word): tuple(stem(w) for w in targets) for word, targets in synonyms.items()
        }

    def synonyms_of(self, token: str) -> tuple[str, ...]:
        """The document stems a question's stem stands for (lexicon synonyms)."""
        return self._synonyms.get(token, ())

    def name_docs(self, names_of: Callable[[str, Duty | None, str], frozenset[str]]) -> None:
        """Fill in the posts each document names: ``names_of(post id, duty, text)``."""
        self.docs = [
            replace(doc, names=names_of(doc.post_id, doc.duty, t))
            for doc, t in zip(self.docs, self._texts, strict=True)
        ]

    def mentioning(self, phrases: Phrases, key: Callable[[Any], str]) -> dict[str, list[int]]:
        """The duties (by position in ``docs``) that use each phrase, by ``key`` of its value."""
        found: dict[str, list[int]] = defaultdict(list)
        for doc_id, doc in enumerate(self.docs):
            if doc.duty is None:
                continue
            used = Question("", "", doc.words, doc.words, (), (), ()).find(phrases)
            for k in {key(value) for value, _, _ in used}:
                found[k].append(doc_id)
        return found

    def similar(self, token: str, word: str) -> dict[str, float]:
        """Document stems like a question word: exact always, typos of longer words too
        (compared as written: "meetngs" ~ "meetings")."""
        if token in self.vocab:
            return {token: 1.0}  # spelled as in the documents: no need to guess
        found: dict[str, float] = {}
        if len(word) >= 5:
            for cand, score, _ in process.extract(
                word, self._doc_words, scorer=fuzz.ratio, score_cutoff=VOCAB_TOKEN_CUTOFF, limit=3
            ):
                found.setdefault(self._doc_word_stems[cand], score / 100)
            if not found:  # two letters swapped ("yuoth"), which the ratio scores low in short words
                for i in range(len(word) - 1):
                    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
                    if swapped in self._doc_word_stems:
                        found.setdefault(self._doc_word_stems[swapped], SWAP_SIMILARITY)
        return found

    def query_terms(
        self, question: Question, skip: frozenset[int] = frozenset(), action: int | None = None
    ) -> list[QueryTerm]:
        """Each content word of the question: the stems it matches, and its weight. Words in
        ``skip`` (by position) are left out; words outside the asking clause count less. The
        word at ``action`` is the action a who-question asks about."""
        terms = []
        seen: set[str] = set()
        order = sorted(range(len(question.words)), key=lambda i: not question.asking[i])
        for i in order:
            if not question.content[i] or i in skip:
                continue
            word, token = question.words[i], question.stems[i]
            if token in seen or (word.isdigit() and (len(word) < 2 or token not in self.idf)):
                continue  # a number the documents don't use says nothing ("200 quid", "6 people")
            seen.add(token)
            matches = self.similar(token, word)
            for syn in self._synonyms.get(token, ()):
                if syn in self.idf:
                    matches.setdefault(syn, 0.95)
            if matches:
                weight = max(self.idf.get(m, self.unknown_idf) for m in matches)
            else:  # a word the documents never use; in a story that asks only at its end ("...a
                # note in the bucket. who deals with that?") it counts as little as context does
                weight = self.unknown_idf * (CONTEXT_UNKNOWN if question.story_asks else UNKNOWN_WEIGHT)
            if not question.asking[i]:
                weight *= CONTEXT_WEIGHT if matches else CONTEXT_UNKNOWN
            terms.append(QueryTerm(matches, weight, i == action))
        return terms

    def score(
        self, terms: list[QueryTerm], fit: Callable[[Doc], float] | None = None
    ) -> tuple[Scored, dict[str, float], dict[str, set[str]]]:
        """One pass over the index for the question's terms. Returns every document that
        shares a word with the question, best first; and for each post, the share of the
        question's weight its documents cover together, and the document words that matched.
        ``fit`` (0-1) scales a document that fits the question less, in both. The action a
        who-question asks about matches only a duty that uses it as an action: "who audits the
        accounts" is the one who audits, not the one who arranges the audit."""
        fits: dict[int, float] = {}
        total = sum(t.weight for t in terms)
        coverage: dict[str, float] = defaultdict(float)
        matched: dict[str, set[str]] = defaultdict(set)
        if not total:
            return [], coverage, matched
        gained: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        for matches, weight, acts in terms:
            best: dict[int, tuple[float, str]] = {}
            post_best: dict[str, tuple[float, str]] = {}
            for stem_, sim in matches.items():
                for doc_id in self._index.get(stem_, ()):
                    if acts and stem_ in self.docs[doc_id].things:
                        continue
                    if sim > best.get(doc_id, (0.0, ""))[0]:
                        best[doc_id] = (sim, stem_)
                    if fit is not None and doc_id not in fits:
                        fits[doc_id] = fit(self.docs[doc_id])
                    post_id, doc_sim = self.docs[doc_id].post_id, sim * fits.get(doc_id, 1.0)
                    if doc_sim > post_best.get(post_id, (0.0, ""))[0]:
                        post_best[post_id] = (doc_sim, stem_)
            for doc_id, (sim, stem_) in best.items():
                gained[doc_id] += weight * sim
                covered[doc_id] += self.idf[stem_] * sim
            for post_id, (sim, stem_) in post_best.items():
                coverage[post_id] += weight * sim / total
                matched[post_id].add(stem_)
        scored = []
        for doc_id, gain in gained.items():
            doc = self.docs[doc_id]
            qcov = gain / total
            dcov = min(1.0, covered[doc_id] / doc.weight)
            scored.append((qcov * (0.75 + 0.25 * math.sqrt(dcov)) * doc.factor * fits.get(doc_id, 1.0), doc))
        scored.sort(key=lambda x: -x[0])
        return scored, coverage, matched


def _things(words: tuple[str, ...], text: TextReader) -> frozenset[str]:
    """The stems a duty's words use only right after an article, as things and never as
    actions: "audit" in "arrange the audit", not in "audit the accounts"."""
    things: set[str] = set()
    actions: set[str] = set()
    for i, word in enumerate(words):
        if not text.is_stop(word):
            (things if i and words[i - 1] in _BEFORE_THINGS else actions).add(stem(word))
    return frozenset(things - actions)
