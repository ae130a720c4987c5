"""Answer a volunteer's question with the right post and duty.

Two passes over the catalogue, both plain Python:

1. **Names**: does the question name a post ("tresurer", "TULO", "the women's officer")?
   Aliases are matched token by token with rapidfuzz, so typos still count.
2. **Duties**: for "who books rooms?" or "money", every duty (and each post's keywords)
   is scored by how much of the question's rare words it covers (IDF weighting), with
   typo-tolerant token matching.

A question that names a post and does not ask *who* gets that post. Otherwise the best
duty wins, and posts the duty names as partners ("with the Chair") come along. When
nothing covers enough of the question, the answer says it does not know.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .catalogue import TEAM_ID, Catalogue, Duty, Post
from .text import TextReader, stem

# Question shapes that ask for a person by duty rather than about a named post.
_WHO = re.compile(
    r"\b(who|whos|whom|whose|which (officer|post|role|person|one)|"
    r"ask about|talk to about|speak to about|contact about)\b"
)

# Other parties: their officers are not in these documents, whatever the question's words.
_ELSEWHERE = re.compile(
    r"\b(conservatives?|tory|tories|lib ?dems?|liberal democrats?|reform uk|green party|snp|"
    r"plaid cymru|ukip)\b"
)

NAME_TOKEN_CUTOFF = 80.0  # per-token rapidfuzz ratio for typo-tolerant names
VOCAB_TOKEN_CUTOFF = 85.0  # per-token ratio for typo-tolerant duty words
ANSWER_THRESHOLD = 0.3  # below this the bot says it does not know
UNKNOWN_WEIGHT = 0.5  # a word the documents never use counts half as much as the rarest word
TITLE_BONUS = 0.15  # a question that uses a post's title words leans towards that post
SUGGEST_CUTOFF = 70  # WRatio for a post name to be offered at all
RESOLVE_CUTOFF = 88  # WRatio a typed post name needs to open that post without asking
SUGGEST_THRESHOLD = 0.18  # above this, near misses are offered as "did you mean"


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
        }


@dataclass(frozen=True)
class _Doc:
    post_id: str
    duty: Duty | None  # None for a keyword/summary document
    stems: frozenset[str]
    weight: float  # sum of IDF over its stems
    factor: float  # documents other than duties count a little less


class Matcher:
    """Fuzzy matcher over a catalogue's titles, aliases, keywords and duties."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.posts: dict[str, Post] = {**catalogue.posts, TEAM_ID: catalogue.team}
        self.text = TextReader(catalogue.lexicon)
        self._build_names()
        self._build_docs()

    # -- index building -------------------------------------------------------------
    def _build_names(self) -> None:
        # alias stems per post, indexed by their first stem; a one-word alias that is also a
        # stop word ("IT") only counts when written as in the catalogue, in capitals
        self._aliases_by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._cased: list[tuple[str, str]] = []  # (post, exact upper-case token)
        self._name_words: dict[str, str] = {}  # alias word as written -> its stem
        for post in self.posts.values():
            for alias in dict.fromkeys((post.title, *post.aliases)):
                self._name_words.update((w, stem(w)) for w in self.text.words(alias))
                toks = [w for w in self.text.words(alias) if w not in ("clp", "the", "a")]
                if len(toks) == 1 and toks[0] in self.text.stop_words:
                    if alias.strip().isupper():
                        self._cased.append((post.id, alias.strip()))
                elif toks:
                    stems = tuple(stem(t) for t in toks)
                    self._aliases_by_first[stems[0]].append((post.id, stems))
        self._name_vocab_set = frozenset(
            s for aliases in self._aliases_by_first.values() for _, stems in aliases for s in stems
        )
        self._name_word_list = sorted(self._name_words)
        self._title_stems = {p.id: frozenset(self.text.content_stems(p.title)) for p in self.posts.values()}
        self._topic_stems = frozenset(
            s
            for p in self.posts.values()
            for text in (p.title, *p.aliases, *p.keywords)
            for s in self.text.content_stems(text)
        )

    def _build_docs(self) -> None:
        raw: list[tuple[str, Duty | None, list[str], float]] = []
        for post in self.posts.values():
            for duty in post.duties:
                stems = self.text.content_stems(duty.text)
                raw.append((post.id, duty, stems, 1.0))
            for keyword in post.keywords:
                raw.append((post.id, None, self.text.content_stems(keyword), 0.97))
            for note in post.notes:
                raw.append((post.id, None, self.text.content_stems(note.text), 0.9))
        n = len(raw)
        df: dict[str, int] = defaultdict(int)
        for _, _, stems, _ in raw:
            for s in set(stems):
                df[s] += 1
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self.unknown_idf = math.log(1 + n)
        self.docs: list[_Doc] = []
        self._index: dict[str, list[int]] = defaultdict(list)
        for post_id, duty, stems, factor in raw:
            unique = frozenset(stems)
            if not unique:
                continue
            weight = sum(self.idf[s] for s in unique)
            self._index_doc(len(self.docs), unique)
            self.docs.append(_Doc(post_id, duty, unique, weight, factor))
        self._vocab = sorted(self.idf)
        self._vocab_set = frozenset(self._vocab)
        texts = [d.text for p in self.posts.values() for d in p.duties]
        texts += [t for p in self.posts.values() for t in (*p.keywords, *(n.text for n in p.notes))]
        self._doc_word_stems = {
            w: stem(w)
            for text in texts
            for w in self.text.words(text)
            if len(w) >= 5 and stem(w) in self._vocab_set
        }
        self._doc_words = sorted(self._doc_word_stems)
        self._synonyms = {
            stem(word): tuple(stem(w) for w in targets)
            for word, targets in self.catalogue.lexicon.synonyms.items()
        }

    def _index_doc(self, doc_id: int, stems: frozenset[str]) -> None:
        for s in stems:
            self._index[s].append(doc_id)

    # -- names ----------------------------------------------------------------------
    def _similar(self, token: str, word: str) -> dict[str, float]:
        """Document stems like a question word: exact always, typos of longer words too
        (compared as written: "meetngs" ~ "meetings")."""
        if token in self._vocab_set:
            return {token: 1.0}  # spelled as in the documents: no need to guess
        found: dict[str, float] = {}
        if len(word) >= 5:
            for cand, score, _ in process.extract(
                word, self._doc_words, scorer=fuzz.ratio, score_cutoff=VOCAB_TOKEN_CUTOFF, limit=3
            ):
                found.setdefault(self._doc_word_stems[cand], score / 100)
        return found

    def _name_sims(self, word: str) -> dict[str, float]:
        """Alias stems a question word may stand for: exact, typo or a clear prefix."""
        found: dict[str, float] = {}
        if stem(word) in self._name_vocab_set:
            found[stem(word)] = 1.0
        if word in self._name_words or word in self.text.stop_words:
            return found  # a real word: not a typo of another
        if len(word) >= 4:
            for cand, score, _ in process.extract(
                word, self._name_word_list, scorer=fuzz.ratio,
                score_cutoff=NAME_TOKEN_CUTOFF, limit=3,
            ):
                if len(cand) >= 4:
                    found.setdefault(self._name_words[cand], score / 100)
            for cand in self._name_word_list:
                if len(cand) >= len(word) + 2 and cand.startswith(word):
                    found.setdefault(self._name_words[cand], 0.85)
        return found

    def named_posts(self, question: str) -> list[tuple[str, float, tuple[int, int]]]:
        """Posts the question names: (post id, similarity 0-1, token span), longest first."""
        toks = self.text.words(question)
        sims = [self._name_sims(t) for t in toks]
        hits: list[tuple[str, float, tuple[int, int]]] = []
        for i, first in enumerate(sims):
            for start in first:
                for post_id, alias in self._aliases_by_first.get(start, ()):
                    k = len(alias)
                    if i + k > len(toks):
                        continue
                    scores = [sims[i + j].get(alias[j], 0.0) for j in range(k)]
                    if k == 1 and scores[0] < 1.0 and stem(toks[i]) in self._vocab_set:
                        continue  # "audit" is a word of the documents, not a typo of "auditor"
                    if all(scores):
                        hits.append((post_id, sum(scores) / k, (i, i + k)))
        raw_tokens = self.text.cased_words(question)
        for post_id, token in self._cased:
            if token in raw_tokens:
                i = raw_tokens.index(token)
                hits.append((post_id, 1.0, (i, i + 1)))
        # keep the longest match over any span ("membership secretary" beats "secretary");
        # posts sharing the very same words ("membership officer") are all kept
        hits.sort(key=lambda h: (-(h[2][1] - h[2][0]), -h[1]))
        kept: list[tuple[str, float, tuple[int, int]]] = []
        for hit in hits:
            s, e = hit[2]
            inside = any(s >= ks and e <= ke and (s, e) != (ks, ke) for _, _, (ks, ke) in kept)
            if not inside and not any(k[0] == hit[0] for k in kept):
                kept.append(hit)
        return kept

    # -- duties ---------------------------------------------------------------------
    def _query_terms(self, question: str) -> list[tuple[dict[str, float], float]]:
        """Each content word of the question: the stems it matches, and its weight."""
        terms = []
        seen: set[str] = set()
        for word in self.text.words(question):
            if word in self.text.stop_words:
                continue
            token = stem(word)
            if token in seen:
                continue
            seen.add(token)
            matches = self._similar(token, word)
            for syn in self._synonyms.get(token, ()):
                if syn in self.idf:
                    matches.setdefault(syn, 0.95)
            if matches:
                weight = max(self.idf.get(m, self.unknown_idf) for m in matches)
            else:
                weight = self.unknown_idf * UNKNOWN_WEIGHT
            terms.append((matches, weight))
        return terms

    def _score(self, terms) -> tuple[list[tuple[float, _Doc]], dict[str, float], dict[str, set[str]]]:
        """One pass over the index for the question's terms. Returns every document that
        shares a word with the question, best first; and for each post, the share of the
        question's weight its documents cover together, and the document words that matched."""
        total = sum(w for _, w in terms)
        coverage: dict[str, float] = defaultdict(float)
        matched: dict[str, set[str]] = defaultdict(set)
        if not total:
            return [], coverage, matched
        gained: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        for matches, weight in terms:
            best: dict[int, tuple[float, str]] = {}
            post_best: dict[str, tuple[float, str]] = {}
            for stem_, sim in matches.items():
                for doc_id in self._index.get(stem_, ()):
                    if sim > best.get(doc_id, (0.0, ""))[0]:
                        best[doc_id] = (sim, stem_)
                    post_id = self.docs[doc_id].post_id
                    if sim > post_best.get(post_id, (0.0, ""))[0]:
                        post_best[post_id] = (sim, stem_)
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
            scored.append((qcov * (0.75 + 0.25 * math.sqrt(dcov)) * doc.factor, doc))
        scored.sort(key=lambda x: -x[0])
        return scored, coverage, matched

    def score_docs(self, question: str) -> list[tuple[float, _Doc]]:
        """Every document that shares a word with the question, best first."""
        return self._score(self._query_terms(question))[0]

    # -- answer ---------------------------------------------------------------------
    def answer(self, question: str) -> Answer:
        """The best post for ``question``, or an answer that says it does not know."""
        question = question.strip()
        if _ELSEWHERE.search(self.text.normalise(question)):
            return Answer(question, None, 0.0)
        names = self.named_posts(question)
        asks_who = bool(_WHO.search(self.text.normalise(question)))
        terms = self._query_terms(question)
        scored, coverage, matched = self._score(terms)

        post_scores: dict[str, float] = {}
        best_duty: dict[str, Duty] = {}
        for score, doc in scored:
            post_scores.setdefault(doc.post_id, score)
            if doc.duty is not None and doc.post_id not in best_duty:
                best_duty[doc.post_id] = doc.duty
        # a post whose duties together cover the question beats one that covers part of it
        for post_id, share in coverage.items():
            post_scores[post_id] = 0.6 * post_scores.get(post_id, 0.0) + 0.4 * share
        # "who organises youth events?": the title's own words point at the post
        if post_scores and asks_who:
            asked = set(self.text.content_stems(question))
            for post_id, title in self._title_stems.items():
                if post_id in post_scores and title and title & asked:
                    post_scores[post_id] += TITLE_BONUS * len(title & asked) / len(title)
        ranked = sorted(post_scores, key=lambda p: -post_scores[p])

        if names and (not asks_who or not self._rest_of_question(question, names)):
            post_id, sim, _ = names[0]
            others = [n[0] for n in names[1:]] + [p for p in ranked if p != post_id]
            duty = best_duty.get(post_id) if post_scores.get(post_id, 0) >= 0.5 else None
            return Answer(question, post_id, 100 * sim, duty, "name", _unique(others)[:3], [])

        # one everyday word in common ("book", "team") is not enough, unless it is a word
        # the catalogue lists as a topic (a keyword or a title word) or all the question has
        thin = bool(ranked) and len(matched[ranked[0]]) < 2 and len(terms) > 1
        if thin and not matched[ranked[0]] & self._topic_stems:
            post_scores[ranked[0]] = min(post_scores[ranked[0]], ANSWER_THRESHOLD - 0.01)
        if not ranked or post_scores[ranked[0]] < ANSWER_THRESHOLD:
            near = [p for p in ranked if post_scores[p] >= SUGGEST_THRESHOLD]
            near += [n[0] for n in names]
            score = 100 * post_scores[ranked[0]] if ranked else 0.0
            return Answer(question, None, score, None, "none", _unique(near)[:3], [])

        top = ranked[0]
        duty = best_duty.get(top)
        partners = list(duty.shared_with) if duty and post_scores.get(top) else []
        # a shared duty: name both (partners first, then runners-up close behind)
        close = [p for p in ranked[1:] if post_scores[p] >= 0.9 * post_scores[top]]
        alternatives = _unique(partners + close + ranked[1:])
        alternatives = [p for p in alternatives if p != top][:3]
        return Answer(
            question, top, min(100.0, 100 * post_scores[top]), duty, "duty", alternatives, partners
        )

    def _rest_of_question(self, question: str, names) -> list[str]:
        """Content words of the question outside the named post's span."""
        toks = self.text.words(question)
        span = set()
        for _, _, (s, e) in names:
            span.update(range(s, e))
        return [t for i, t in enumerate(toks) if i not in span and t not in self.text.stop_words]


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def resolve_post(matcher: Matcher, text: str) -> Post | None:
    """The post a member means by ``text`` (an id, a title, an alias or a typo of one)."""
    text = text.strip()
    if not text:
        return None
    posts = matcher.catalogue.posts
    if text in posts:
        return posts[text]
    folded = matcher.text.normalise(text).strip()
    for post in posts.values():
        if folded in (matcher.text.normalise(n).strip() for n in (post.title, *post.aliases)):
            return post
    for post_id, _, _ in matcher.named_posts(text):
        if post_id in posts:
            return posts[post_id]
    # a clear prefix or typo of one post's name ("tres"); an ambiguous one ("vice") is not
    prefixed = {
        post.id
        for post in posts.values()
        for name in (post.title, *post.aliases)
        if len(folded) >= 3 and matcher.text.normalise(name).startswith(folded)
    }
    if len(prefixed) == 1:
        return posts[prefixed.pop()]
    for cutoff in (SUGGEST_CUTOFF, RESOLVE_CUTOFF):
        scored = suggest_posts(matcher, text, limit=2, cutoff=cutoff)
        if len(scored) == 1:
            return scored[0]
    return None


def suggest_posts(
    matcher: Matcher, text: str, limit: int = 25, cutoff: float = SUGGEST_CUTOFF
) -> list[Post]:
    """Posts whose title or alias looks like ``text``, best first (for autocomplete)."""
    posts = matcher.catalogue.posts
    folded = matcher.text.normalise(text).strip()
    if not folded:
        return sorted(posts.values(), key=lambda p: p.title)[:limit]
    names = {}
    for post in posts.values():
        for name in (post.title, *post.aliases):
            names[matcher.text.normalise(name)] = post.id
    found: list[Post] = []
    hits = process.extract(folded, list(names), scorer=fuzz.WRatio, limit=None, score_cutoff=cutoff)
    hits.sort(key=lambda hit: (not hit[0].startswith(folded), -hit[1]))
    for name, _score, _ in hits:
        post = posts[names[name]]
        if post not in found:
            found.append(post)
    return found[:limit]
