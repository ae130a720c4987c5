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

Before that, rules about kinds of question (every one reads word lists from ``roles/``):
small talk and personal questions (no topic word at all), glossary terms asked about ("what
is PPERA?"), people and topics the documents do not cover (``not-covered.yaml``), and
who-questions about a named post ("who checks the treasurer's figures?"), answered from the
duties that act on that post. Each answer says which ``kind`` it is.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from .catalogue import TEAM_ID, Catalogue, Duty, Post
from .glossary import Term
from .text import Phrases, Question, TextReader, stem
from .uncovered import Uncovered

KINDS = ("post", "holder", "glossary", "personal", "smalltalk", "not_covered", "unknown")

# Question shapes that ask for a person by duty rather than about a named post.
_WHO = re.compile(
    r"\b(who|whos|whom|whose|which (officer|post|role|person|one)|"
    r"ask about|talk to about|speak to about|contact about|"
    r"is there (an? )?(anyone|someone|somebody|officer|post|role|person)|"
    r"(does|do|should|can|will) (anyone|someone|somebody) (from|at|in|on)|sends? anyone)\b"
)
_FIRST_PERSON = frozenset("i im ive id my me myself mine".split())
_DEFINING = frozenset("stand stands mean means meaning define definition acronym".split())
_ARTICLES = frozenset("a an the our your".split())
_DETERMINERS = frozenset("the our your their my his her".split())
_ASKS_ABOUT = frozenset("who which whom".split())  # "who does the treasurer report to": the post acts
_AUXILIARY = frozenset("does do did should would will can could".split())
_WHO_IS = {("who", "is"), ("whos",), ("who", "are"), ("who", "s"), ("who", "was")}
_WHO_HOLDS = {("who", "holds"), ("who", "has")}
_NOW_WORDS = frozenset(
    "current currently now present new this year here at the moment in our clp constituency".split()
)
_POST_WORDS = frozenset("post role job position for us".split())
_WHAT_IS = {("what", "is"), ("whats",), ("what", "are"), ("what", "s"), ("wat", "is"), ("explain",)}

NAME_TOKEN_CUTOFF = 80.0  # per-token rapidfuzz ratio for typo-tolerant names
VOCAB_TOKEN_CUTOFF = 85.0  # per-token ratio for typo-tolerant duty words
ANSWER_THRESHOLD = 0.3  # below this the bot says it does not know
UNKNOWN_WEIGHT = 0.5  # a word the documents never use counts half as much as the rarest word
TITLE_BONUS = 0.15  # a question that uses a post's title words leans towards that post
SUGGEST_CUTOFF = 70  # WRatio for a post name to be offered at all
RESOLVE_CUTOFF = 88  # WRatio a typed post name needs to open that post without asking
SUGGEST_THRESHOLD = 0.18  # above this, near misses are offered as "did you mean"
CONTEXT_WEIGHT = 0.5  # words outside the clause that asks (greetings, the story first) count less
HOLDER_THRESHOLD = 0.2  # a duty that acts on the post a who-question names needs less
OBJECT_BONUS = 0.3  # a duty that acts on the post a who-question names ("audit ... the Treasurer")
TOPIC_THRESHOLD = 0.75  # what a question that is not "who" and mentions an uncovered topic needs
TOPIC_THRESHOLD_WHO = 0.4  # ...and what a who-question needs
MENTION_THRESHOLD = 0.4  # a duty that names the uncovered thing, for the whole question
CLOSE_CALL = 0.9  # a second post this close to the first is offered too ("Probably X ... or Y")


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


@dataclass(frozen=True)
class _Doc:
    post_id: str
    duty: Duty | None  # None for a keyword/summary document
    stems: frozenset[str]
    weight: float  # sum of IDF over its stems
    factor: float  # documents other than duties count a little less
    words: tuple[str, ...] = ()  # its words as a question would show them
    names: frozenset[str] = frozenset()  # posts it names or is shared with, itself excluded


class Matcher:
    """Fuzzy matcher over a catalogue's titles, aliases, keywords and duties."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.posts: dict[str, Post] = {**catalogue.posts, TEAM_ID: catalogue.team}
        self.text = TextReader(catalogue.lexicon)
        self._build_names()
        self._build_terms()
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
        self._one_word_names = frozenset(
            words[0]
            for p in self.posts.values()
            for a in (p.title, *p.aliases)
            if len(words := self.text.words(a)) == 1
        )
        self._title_stems = {p.id: frozenset(self.text.content_stems(p.title)) for p in self.posts.values()}
        self._topic_stems = frozenset(
            s
            for p in self.posts.values()
            for text in (p.title, *p.aliases, *p.keywords)
            for s in self.text.content_stems(text)
        )

    def _build_terms(self) -> None:
        """Phrases for glossary terms and for what the documents do not cover."""
        self.glossary_phrases = Phrases(
            {self.text.phrase(name): term for term in self.catalogue.glossary for name in term.names}
        )
        self.uncovered_phrases = Phrases(
            {self.text.phrase(word): item for item in self.catalogue.not_covered for word in item.words}
        )
        # posts ambiguous by a shorter name: "vice chair" begins "vice chair (membership)"
        self._longer_names: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for aliases in self._aliases_by_first.values():
            for post_id, stems in aliases:
                for k in range(1, len(stems)):
                    self._longer_names[stems[:k]].add(post_id)

    def _doc_names(self, post_id: str, duty: Duty | None, text: str) -> frozenset[str]:
        """Posts a document names (titles, aliases, glossary terms that are posts) or shares."""
        question = self.text.read(text)
        named = {n[0] for n in self._names(question) if self._written_as_name(question, n[2])}
        named |= {t.post for t, _, _ in question.find(self.glossary_phrases) if t.post}
        if duty is not None:
            named |= set(duty.shared_with)
        named.discard(post_id)
        return frozenset(named)

    def _build_docs(self) -> None:
        raw: list[tuple[str, Duty | None, list[str], float, str]] = []
        for post in self.posts.values():
            for duty in post.duties:
                stems = self.text.content_stems(duty.text)
                raw.append((post.id, duty, stems, 1.0, duty.text))
            for keyword in post.keywords:
                raw.append((post.id, None, self.text.content_stems(keyword), 0.97, keyword))
            for note in post.notes:
                raw.append((post.id, None, self.text.content_stems(note.text), 0.9, note.text))
        n = len(raw)
        df: dict[str, int] = defaultdict(int)
        for _, _, stems, _, _ in raw:
            for s in set(stems):
                df[s] += 1
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self.unknown_idf = math.log(1 + n)
        self.docs: list[_Doc] = []
        self._index: dict[str, list[int]] = defaultdict(list)
        texts_of_docs: list[str] = []
        for post_id, duty, stems, factor, text in raw:
            unique = frozenset(stems)
            if not unique:
                continue
            weight = sum(self.idf[s] for s in unique)
            self._index_doc(len(self.docs), unique)
            self.docs.append(_Doc(post_id, duty, unique, weight, factor, self.text.phrase(text)))
            texts_of_docs.append(text)
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
        self.docs = [
            replace(doc, names=self._doc_names(doc.post_id, doc.duty, text))
            for doc, text in zip(self.docs, texts_of_docs, strict=True)
        ]
        # documents that mention each thing the documents do not cover ("the MP")
        self._uncovered_docs: dict[str, list[int]] = defaultdict(list)
        for doc_id, doc in enumerate(self.docs):
            if doc.duty is None:
                continue
            mentioned = Question("", "", doc.words, doc.words, (), (), ()).find(self.uncovered_phrases)
            for item in {m[0].id for m in mentioned}:
                self._uncovered_docs[item].append(doc_id)
        # posts whose duties use each glossary term
        self._term_posts: dict[str, list[str]] = defaultdict(list)
        for doc in self.docs:
            if doc.duty is None:
                continue
            used = Question("", "", doc.words, doc.words, (), (), ()).find(self.glossary_phrases)
            for term in {t.term for t, _, _ in used}:
                if doc.post_id not in self._term_posts[term]:
                    self._term_posts[term].append(doc.post_id)

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

    def named_posts(self, text: str) -> list[tuple[str, float, tuple[int, int]]]:
        """Posts ``text`` names: (post id, similarity 0-1, token span), longest first."""
        return self._names(self.text.read(text))

    def _names(self, question: Question) -> list[tuple[str, float, tuple[int, int]]]:
        toks = question.words
        sims = [self._name_sims(t) for t in toks]
        hits: list[tuple[str, float, tuple[int, int]]] = []
        for i, first in enumerate(sims):
            for start in first:
                for post_id, alias in self._aliases_by_first.get(start, ()):
                    k = len(alias)
                    if i + k > len(toks):
                        continue
                    scores = [sims[i + j].get(alias[j], 0.0) for j in range(k)]
                    if k == 1 and scores[0] < 1.0 and question.stems[i] in self._vocab_set:
                        continue  # "audit" is a word of the documents, not a typo of "auditor"
                    if all(scores):
                        hits.append((post_id, sum(scores) / k, (i, i + k)))
        raw_tokens = question.cased
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
    def _query_terms(
        self, question: Question, skip: frozenset[int] = frozenset()
    ) -> list[tuple[dict[str, float], float]]:
        """Each content word of the question: the stems it matches, and its weight. Words in
        ``skip`` (by position) are left out; words outside the asking clause count less."""
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
            matches = self._similar(token, word)
            for syn in self._synonyms.get(token, ()):
                if syn in self.idf:
                    matches.setdefault(syn, 0.95)
            if matches:
                weight = max(self.idf.get(m, self.unknown_idf) for m in matches)
            else:
                weight = self.unknown_idf * UNKNOWN_WEIGHT
            if not question.asking[i]:
                weight *= CONTEXT_WEIGHT
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

    # -- answer ---------------------------------------------------------------------
    def answer(self, question: str, holds: Sequence[str] = ()) -> Answer:
        """The answer to ``question``: a post, or an honest reply of another kind.

        ``holds`` are the posts the asking member holds (for "what are my duties?")."""
        text = question.strip()
        q = self.text.read(text)
        if not q.words:
            return Answer(text, None, 0.0)
        # what the documents don't cover counts where the question asks, not in the story around it
        topics = [t for t in q.find(self.uncovered_phrases) if q.asking[t[1]]]
        terms_found = q.find(self.glossary_phrases)
        in_topic = {i for _, s, e in topics for i in range(s, e)}
        names = [n for n in self._names(q) if not set(range(*n[2])) <= in_topic]
        asks_who = bool(_WHO.search(q.normalised))
        if self._is_task(q):
            return Answer(text, None, 0.0, kind="smalltalk")
        if not names and not topics and not terms_found:
            chat = self._chat_kind(q)
            if chat == "personal":
                return Answer(text, holds[0] if holds else None, 100.0 if holds else 0.0,
                              alternatives=list(holds[1:]), kind="personal")
            if chat == "smalltalk":
                return Answer(text, None, 0.0, kind="smalltalk")
        if terms_found and not asks_who:
            term, start, end = terms_found[0]
            if self._defines(q, start, end):
                return self._glossary_answer(text, term)
        exclusive = [t for t in topics if t[0].exclusive]
        if exclusive:
            return self._not_covered(text, q, self._first(exclusive))
        ranking = self._rank(q, frozenset(), asks_who)
        if asks_who:  # "who organises fundraising": verbs that share a stem with a name don't count
            names = [n for n in names if n[1] < 1.0 or self._written_as_name(q, n[2])]
        if names and names[0][0] != TEAM_ID and self._asks_holder(q, names[0][2]):
            post_id, sim, _ = names[0]  # "who is our treasurer?": the person in post
            return Answer(text, post_id, 100 * sim, None, "name", [], [], kind="holder")
        if names and (not asks_who or not self._rest_of_question(q, names)):
            return self._name_answer(text, q, names, ranking)
        # a thing the documents define ("the county council Labour Group") keeps a question in scope
        defined = [t for t in terms_found if t[1] not in in_topic and t[0].post is None]
        rest_skip = frozenset(in_topic | {i for _, _, (s, e) in names for i in range(s, e)})
        identity = any(self._asks_identity(q, start) for _, start, _ in topics)  # "who is our MP?"
        if topics and (identity or not defined and not self._covers_the_rest(q, topics, rest_skip, asks_who)):
            return self._not_covered(text, q, self._first(topics))
        written = [
            n for n in names
            if n[0] != TEAM_ID and self._written_as_name(q, n[2]) and self._refers_to_post(q, n[2][0])
        ]
        if written:
            held = self._holder_answer(text, q, written)
            if held is not None:
                return held
        return self._duty_answer(text, names, ranking)

    @staticmethod
    def _is_subject(q: Question, start: int) -> bool:
        """Whether the post named at ``start`` is the one acting: "who does the treasurer
        report to", "which officer does the secretary plan the agenda with"."""
        before = [w for w in q.words[:start] if w not in _ARTICLES]
        return len(before) >= 2 and before[-1] in _AUXILIARY and (
            before[-2] in _ASKS_ABOUT or (len(before) >= 3 and before[-3] in _ASKS_ABOUT)
        )

    @staticmethod
    def _asks_identity(q: Question, start: int) -> bool:
        """"who is the election agent?": who someone is, which the documents never say."""
        before = [w for w in q.words[:start] if w not in _ARTICLES]
        return tuple(before[-2:]) in _WHO_IS or tuple(before[-1:]) in _WHO_IS

    @staticmethod
    def _asks_holder(q: Question, span: tuple[int, int]) -> bool:
        """"who is our treasurer", "who's the current TULO here", "who holds the chair": the
        person in a post, asked with nothing else after the name."""
        before = [w for w in q.words[: span[0]] if w not in _ARTICLES and w not in _NOW_WORDS]
        after = [w for w in q.words[span[1] :] if w not in _NOW_WORDS]
        last_two, last = tuple(before[-2:]), tuple(before[-1:])
        asks = last_two in _WHO_IS or last in _WHO_IS or last_two in _WHO_HOLDS
        return asks and len(before) <= 3 and all(w in _POST_WORDS for w in after)

    @staticmethod
    def _refers_to_post(q: Question, start: int) -> bool:
        """Whether a name refers to the post ("the treasurer", "our chair"), not to a thing or
        an action ("a fundraiser", "who chairs")."""
        return start > 0 and q.words[start - 1] in _DETERMINERS

    def _written_as_name(self, q: Question, span: tuple[int, int]) -> bool:
        """Whether the words are a post's name as written ("the treasurer's"), not a word that
        shares its stem ("organises" and "organiser")."""
        words = q.words[span[0] : span[1]]
        known = self._name_words if len(words) > 1 else self._one_word_names
        return all(w in known or (w.endswith("s") and w[:-1] in known) for w in words) or any(
            q.cased[span[0]] == token for _, token in self._cased
        )

    def _covers_the_rest(self, q: Question, topics, skip: frozenset[int], asks_who: bool) -> bool:
        """A question that mentions something not covered is still answered when the rest of
        it is covered: by a duty that mentions that thing ("who liaises with the MP?"), or well
        covered by one duty ("who sits in on the councillors' group meetings at county hall?")."""
        terms = self._query_terms(q, skip)
        scored = self._score(terms)[0]
        if not scored:
            return False
        mentioning = [self.docs[i] for item, _, _ in topics for i in self._uncovered_docs.get(item.id, ())]
        if mentioning:  # a duty that names the thing and covers more of the question
            full = self._score(self._query_terms(q))[0]
            for score, doc in full:
                if any(doc is d for d in mentioning):
                    rest = sum(1 for matches, _ in terms if doc.stems & matches.keys())
                    if score >= MENTION_THRESHOLD and rest >= (1 if asks_who else 2):
                        return True
                    break
        score, doc = scored[0]
        matched = sum(1 for matches, _ in terms if doc.stems & matches.keys())
        return score >= (TOPIC_THRESHOLD_WHO if asks_who else TOPIC_THRESHOLD) and matched >= 2

    def _first(self, topics) -> Uncovered:
        """Of several uncovered things in one question, the first in the file (the most specific)."""
        order = self.catalogue.not_covered
        return min((t[0] for t in topics), key=order.index)

    def _is_task(self, q: Question) -> bool:
        """A task for the bot, not a question: "can you write me a leaflet?"."""
        words = [w for w in q.words if w not in self.text.chat_words and w != "please"]
        return (
            len(words) >= 3
            and words[0] in _AUXILIARY
            and words[1] == "you"
            and words[2] in self.catalogue.lexicon.task_words
        )

    def _chat_kind(self, q: Question) -> str | None:
        """"personal" or "smalltalk" for a message with no topic word at all, else None."""
        personal = self.catalogue.lexicon.personal_words
        content = [w for w, c in zip(q.words, q.content, strict=True) if c]
        if any(w not in personal for w in content):
            return None
        cues = self.catalogue.lexicon.personal_cues
        if any(w in _FIRST_PERSON or w in cues for w in q.words):
            return "personal"
        return None if content else "smalltalk"

    def _defines(self, q: Question, start: int, end: int) -> bool:
        """Whether the question asks what a term is ("what is PPERA", "what does TULO stand for")."""
        if any(w in _DEFINING for w in q.words):
            return True
        before = [w for w in q.words[:start] if w not in _ARTICLES]
        if tuple(before[-2:]) not in _WHAT_IS and tuple(before[-1:]) not in _WHAT_IS:
            return False
        after = q.words[end] if end < len(q.words) else None
        return after is None or not q.content[end]  # "what is the CLP organiser" is not about the CLP

    def _glossary_answer(self, text: str, term: Term) -> Answer:
        using = [p for p in self._term_posts[term.term] if p != term.post]
        return Answer(text, term.post, 100.0, None, "none", using[:3], kind="glossary", term=term)

    def _rank(self, q: Question, skip: frozenset[int], asks_who: bool) -> _Ranking:
        """Every post scored for the question (words in ``skip`` left out)."""
        terms = self._query_terms(q, skip)
        scored, coverage, matched = self._score(terms)
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
            for post_id, title in self._title_stems.items():
                # "who audits": a title word the question's word begins ("auditor")
                shared = {t for t in title if any(t.startswith(a) for a in asked if len(a) >= 4)}
                shared |= title & asked
                if post_id in post_scores and shared:
                    post_scores[post_id] += TITLE_BONUS * len(shared) / len(title)
        ranked = sorted(post_scores, key=lambda p: -post_scores[p])
        asking_terms = len(
            {s for i, s in enumerate(q.stems) if q.content[i] and q.asking[i] and i not in skip}
        )
        return _Ranking(post_scores, best_duty, ranked, matched, terms, asking_terms)

    def _name_answer(self, text: str, q: Question, names, ranking: _Ranking) -> Answer:
        post_id, sim, (start, end) = names[0]
        others = [n[0] for n in names[1:]] + [p for p in ranking.ranked if p != post_id]
        score = ranking.post_scores.get(post_id, 0)
        duty = ranking.best_duty.get(post_id) if score >= 0.5 else None
        # a name that begins longer names ("vice chair"): offer every post it may mean
        longer = self._longer_names.get(q.stems[start:end], set()) - {post_id}
        choices = [post_id, *sorted(longer, key=list(self.posts).index)] if longer else []
        others = choices[1:] + others if choices else others
        return Answer(text, post_id, 100 * sim, duty, "name", _unique(others)[:3], [], choices=choices)

    def _holder_answer(self, text: str, q: Question, names) -> Answer | None:
        """A who-question about a named post: the duty that acts on it ("who audits the
        treasurer's accounts"), or the partner in its own shared duty ("who does the
        secretary plan the agenda with"); None when no duty does."""
        named = {n[0] for n in names}
        skip = frozenset(i for _, _, (s, e) in names for i in range(s, e))
        terms = self._query_terms(q, skip)
        subject = any(self._is_subject(q, start) for _, _, (start, _) in names)
        if not terms and subject:  # "who does the fundraiser work with": its usual partner
            return self._usual_partner(text, named)
        scored = self._score(terms)[0]
        best = self._best_holder(scored, named, own_only=subject)
        if subject and (best is None or best[0] < HOLDER_THRESHOLD):
            best = self._best_holder(scored, named, own_only=False)  # "...work with" goes both ways
        if best is None or best[0] < HOLDER_THRESHOLD:
            return None
        return self._holder(text, *best)

    def _best_holder(self, scored, named: set[str], own_only: bool) -> tuple[float, str, _Doc] | None:
        best: tuple[float, str, _Doc] | None = None
        for score, doc in scored:
            if doc.duty is None or (own_only and doc.post_id not in named):
                continue
            if doc.post_id in named:
                shared = [p for p in doc.duty.shared_with if p not in named]
                others = shared or sorted(p for p in doc.names if p not in named)
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

    def _usual_partner(self, text: str, named: set[str]) -> Answer | None:
        """The post the named post's duties name most often, with the first such duty."""
        counts: dict[str, list[_Doc]] = defaultdict(list)
        for doc in self.docs:
            if doc.duty is not None and doc.post_id in named:
                for other in doc.names - named - {TEAM_ID}:
                    counts[other].append(doc)
        if not counts:
            return None
        post_id = max(counts, key=lambda p: (len(counts[p]), -list(self.posts).index(p)))
        return self._holder(text, ANSWER_THRESHOLD, post_id, counts[post_id][0])

    def _holder(self, text: str, score: float, post_id: str, doc: _Doc) -> Answer:
        assert doc.duty is not None
        if doc.post_id != post_id:  # the partner in the named post's own duty
            return Answer(text, post_id, min(100.0, 100 * score), doc.duty, "duty", [doc.post_id], [],
                          owner=doc.post_id)
        partners = [p for p in doc.duty.shared_with if p != post_id]
        return Answer(text, post_id, min(100.0, 100 * score), doc.duty, "duty", partners, partners,
                      owner=post_id)

    def _not_covered(self, text: str, q: Question, item: Uncovered) -> Answer:
        """The documents do not cover ``item``; a duty that mentions it comes as related."""
        related = [self.docs[i] for i in self._uncovered_docs.get(item.id, ())]
        doc = None
        if related:
            scored = self._score(self._query_terms(q))[0]
            rank = {id(d): n for n, (_, d) in enumerate(scored)}
            doc = min(related, key=lambda d: rank.get(id(d), len(rank)))
        return Answer(text, None, 0.0, doc.duty if doc else None, "none",
                      [doc.post_id] if doc else [], kind="not_covered", topic=item,
                      owner=doc.post_id if doc else None)

    def _duty_answer(self, text: str, names, ranking: _Ranking) -> Answer:
        post_scores, ranked, matched = ranking.post_scores, ranking.ranked, ranking.matched
        # one everyday word in common ("book", "team") is not enough, unless it is a word
        # the catalogue lists as a topic (a keyword or a title word) or all the question has
        thin = bool(ranked) and len(matched[ranked[0]]) < 2 and ranking.asking_terms > 1
        if thin and not matched[ranked[0]] & self._topic_stems:
            post_scores[ranked[0]] = min(post_scores[ranked[0]], ANSWER_THRESHOLD - 0.01)
        if not ranked or post_scores[ranked[0]] < ANSWER_THRESHOLD:
            near = [p for p in ranked if post_scores[p] >= SUGGEST_THRESHOLD]
            near += [n[0] for n in names]
            score = 100 * post_scores[ranked[0]] if ranked else 0.0
            return Answer(text, None, score, None, "none", _unique(near)[:3], [])

        top = ranked[0]
        duty = ranking.best_duty.get(top)
        partners = list(duty.shared_with) if duty and post_scores.get(top) else []
        # a shared duty: name both (partners first, then runners-up close behind)
        close = [p for p in ranked[1:] if post_scores[p] >= CLOSE_CALL * post_scores[top]]
        alternatives = _unique(partners + close + ranked[1:])
        alternatives = [p for p in alternatives if p != top][:3]
        runner_up = None
        rivals = [p for p in close if p not in partners and ranking.best_duty.get(p) is not None]
        if rivals and duty is not None:
            runner_up = (rivals[0], ranking.best_duty[rivals[0]])
        return Answer(text, top, min(100.0, 100 * post_scores[top]), duty, "duty", alternatives,
                      partners, runner_up=runner_up)

    def _rest_of_question(self, q: Question, names) -> list[str]:
        """Content words of the question outside the named post's span."""
        span = set()
        for _, _, (s, e) in names:
            span.update(range(s, e))
        return [t for i, t in enumerate(q.words) if i not in span and q.content[i]]


@dataclass
class _Ranking:
    """Posts scored for one question."""

    post_scores: dict[str, float]
    best_duty: dict[str, Duty]
    ranked: list[str]
    matched: dict[str, set[str]]
    terms: list
    asking_terms: int  # content words in the clause that asks


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
