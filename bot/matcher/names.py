"""Post names in a question ("tresurer", "TULO", "the women's officer"): titles and aliases
matched token by token with rapidfuzz, so typos still count."""

from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import fuzz, process

from ..catalogue import Post
from ..text import Question, TextReader, stem
from .thresholds import NAME_TOKEN_CUTOFF

NameHit = tuple[str, float, tuple[int, int]]  # (post id, similarity 0-1, token span)
_FILLERS = ("clp", "the", "a")  # words an alias is indexed without


class PostNames:
    """Every post's title and aliases, indexed to be found in a question."""

    def __init__(
        self, posts: dict[str, Post], text: TextReader, doc_vocab: frozenset[str] = frozenset()
    ) -> None:
        self.text = text
        self.doc_vocab = doc_vocab  # the documents' stems: their words are not typos of names
        # alias stems per post, indexed by their first stem; a one-word alias that is also a
        # stop word ("IT") only counts when written as in the catalogue, in capitals
        self._aliases_by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._cased: list[tuple[str, str]] = []  # (post, exact upper-case token)
        self.words: dict[str, str] = {}  # alias word as written -> its stem
        for post in posts.values():
            for alias in dict.fromkeys((post.title, *post.aliases)):
                self.words.update((w, stem(w)) for w in text.words(alias))
                toks = [w for w in text.words(alias) if w not in _FILLERS]
                while len(toks) > 1 and toks[-1] in ("of", "for"):  # "chair of the CLP": chair
                    toks.pop()
                if len(toks) == 1 and toks[0] in text.stop_words:
                    if alias.strip().isupper():
                        self._cased.append((post.id, alias.strip()))
                elif toks:
                    stems = tuple(stem(t) for t in toks)
                    self._aliases_by_first[stems[0]].append((post.id, stems))
        self.vocab = frozenset(
            s for aliases in self._aliases_by_first.values() for _, stems in aliases for s in stems
        )
        self._word_list = sorted(self.words)
        self._one_word_names = frozenset(
            words[0]
            for p in posts.values()
            for a in (p.title, *p.aliases)
            if len(words := [w for w in text.words(a) if w not in _FILLERS]) == 1
        )
        self.title_stems = {p.id: frozenset(text.content_stems(p.title)) for p in posts.values()}
        # the title words no other title shares ("women", not "chair"): a post's own group or work
        counts = Counter(s for stems in self.title_stems.values() for s in stems)
        self.own_stems = {p: frozenset(s for s in t if counts[s] == 1) for p, t in self.title_stems.items()}
        self.topic_stems = frozenset(
            s
            for p in posts.values()
            for t in (p.title, *p.aliases, *p.keywords)
            for s in text.content_stems(t)
        )
        # posts ambiguous by a shorter name: "vice chair" begins "vice chair (membership)"
        self.longer: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for aliases in self._aliases_by_first.values():
            for post_id, stems in aliases:
                for k in range(1, len(stems)):
                    self.longer[stems[:k]].add(post_id)

    def similar(self, word: str) -> dict[str, float]:
        """Alias stems a question word may stand for: exact, typo or a clear prefix."""
        found: dict[str, float] = {}
        if stem(word) in self.vocab:
            found[stem(word)] = 1.0
        if word in self.words or word in self.text.stop_words:
            return found  # a real word: not a typo of another
        if len(word) >= 4:
            # a possessive or plural typo is compared without its "s" too ("cheirs": chair)
            plain = [word[:-1]] if word.endswith("s") and len(word) > 4 else []
            for probe in (word, *plain):
                for cand, score, _ in process.extract(
                    probe, self._word_list, scorer=fuzz.ratio,
                    score_cutoff=NAME_TOKEN_CUTOFF, limit=3,
                ):
                    if len(cand) >= 4:
                        found.setdefault(self.words[cand], score / 100)
            for cand in self._word_list:
                if any(len(cand) >= len(p) + 2 and cand.startswith(p) for p in (word, *plain)):
                    found.setdefault(self.words[cand], 0.85)  # "coord", "coords": coordinator
        return found

    def find(self, question: Question, doc_vocab: frozenset[str]) -> list[NameHit]:
        """Posts the question names, longest first; ``doc_vocab`` are the documents' stems
        (a one-word name needs an exact match when its word is one of them)."""
        toks = question.words
        sims = [self.similar(t) for t in toks]
        hits: list[NameHit] = []
        for i, first in enumerate(sims):
            for start in first:
                for post_id, alias in self._aliases_by_first.get(start, ()):
                    k = len(alias)
                    scores, end = self._match(alias, sims, toks, i)
                    if len(scores) < k:
                        continue
                    if k == 1 and scores[0] < 1.0 and question.stems[i] in doc_vocab and not _doer(toks[i]):
                        continue  # "audit" is a word of the documents, not a typo of "auditor"
                    if all(scores):
                        hits.append((post_id, sum(scores) / k, (i, end)))
        raw_tokens = question.cased
        for post_id, token in self._cased:
            if token in raw_tokens:
                i = raw_tokens.index(token)
                hits.append((post_id, 1.0, (i, i + 1)))
        # keep the longest match over any span ("membership secretary" beats "secretary"), and
        # of one post's, the one written as its name ("the fundraiser", not "fundraising");
        # posts sharing the very same words ("membership officer") are all kept
        hits.sort(key=lambda h: (-(h[2][1] - h[2][0]), -h[1], not self.written_as_name(question, h[2])))
        kept: list[NameHit] = []
        for hit in hits:
            s, e = hit[2]
            inside = any(s >= ks and e <= ke and (s, e) != (ks, ke) for _, _, (ks, ke) in kept)
            if not inside and not any(k[0] == hit[0] for k in kept):
                kept.append(hit)
        return kept

    @staticmethod
    def _match(
        alias: tuple[str, ...], sims: list[dict[str, float]], toks: tuple[str, ...], i: int
    ) -> tuple[list[float], int]:
        """How well the words from ``i`` match an alias's stems, passing over the fillers the
        alias leaves out ("observer to the Labour Group"); and where the match ends."""
        scores: list[float] = []
        pos = i
        for j, alias_stem in enumerate(alias):
            while j and pos < len(toks) and toks[pos] in _FILLERS:
                pos += 1
            if pos >= len(toks):
                break
            scores.append(sims[pos].get(alias_stem, 0.0))
            pos += 1
        return scores, pos

    def written_as_name(self, q: Question, span: tuple[int, int]) -> bool:
        """Whether the words are a post's name as written ("the treasurer's"), not a word that
        shares its stem ("organises" and "organiser")."""
        words = q.words[span[0] : span[1]]
        known = self.words if len(words) > 1 else self._one_word_names
        return all(
            w in known or (w.endswith("s") and w[:-1] in known) or self._typo_of(w) in known for w in words
        ) or any(q.cased[span[0]] == token for _, token in self._cased)

    def _typo_of(self, word: str) -> str | None:
        """The name word a misspelt word is closest to as written ("secatary": secretary;
        "fundrasing" is "fundraising", not the name "fundraiser")."""
        if word in self.words or len(word) < 4 or stem(word) in self.doc_vocab:
            return None
        best = process.extractOne(word, self._word_list, scorer=fuzz.ratio, score_cutoff=NAME_TOKEN_CUTOFF)
        return best[0] if best else None


def _doer(word: str) -> bool:
    """A word that names someone who does a thing ("auditer", "auditers"), not the thing."""
    return word.removesuffix("s").endswith(("er", "or"))
