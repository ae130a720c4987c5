"""Reading text as the matcher does: lower-casing, joins and phrases, tokens, stop words, stems.

The words come from the lexicon (``roles/lexicon.yaml``); the stemmer is the same for the
documents and the questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .lexicon import Lexicon

_WORD = re.compile(r"[A-Za-z0-9]+")
# a clause ends at . ! ? ; : a newline, an emoji, a dash between spaces, "...", or a comma before "who"
_CLAUSE_END = re.compile(
    r"[.!?;:\n\u2600-\u27bf\U0001f300-\U0001faff]+|\s[-\u2013\u2014]+\s|\.\.\."
    r"|,(?=\s*(?:who|whos|whose|whom|which)\b)"
)
# a who-question inside a sentence ("I'm wondering who...", "can you tell me which..."): the
# clause that asks begins at "who"
_EMBEDDED_WHO = re.compile(
    r"\b(?:wondering|wonder|know|find out|tell me|tell us)\s+(?=(?:who|whos|whose|which)\b)"
)
_ASKING_START = frozenset(
    "who whos whose whom which what whats how where when is are does do can could should any anyone".split()
)
# ", like design or driving", ", such as...": the asker's examples, read as context
_EXAMPLES = re.compile(r",\s*(?:like|such as|eg|e g|for example|for instance)\b")
# "t'" is "the" in Yorkshire and Lancashire ("t'party's books", "on t'stall")
_DIALECT_THE = re.compile(r"\b[tT]['\u2019](?=[A-Za-z])")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
# letters with dots between ("I.T.", "T.U.L.O", "e.g."): one word; a last dot before a capital
# still ends the sentence
_DOTTED = re.compile(r"\b[A-Za-z](?:\.[A-Za-z])+\b\.?(?!\s+[A-Z])")
# letters spelt one by one ("p e o", "I T", "t u l o"): one word, but not "a" or "I" before
# two letters or more ("is there a p e o")
_SPELT = re.compile(r"\b[A-Za-z](?: [A-Za-z])+\b")
# someone's age from 14 to 26 after "is", "I'm", "aged"... or a possessive ("my daughter's 16",
# "I'm 19", "a lad of 16"): young, the Youth Officer's members, whatever the number
_AGED = re.compile(
    r"\b([a-z]+)\s+(1[4-9]|2[0-6]|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|twenty(?:[\s-](?:one|two|three|four|five|six))?)\b"
    r"(?!\s*(?:%|percent|pounds|quid|minutes|mins|hours|days|weeks|months|years|jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|oct|nov|dec))",
    re.I,
)
_BEFORE_AGE = frozenset("is im am are were of at aged turned turns".split())
_NOT_POSSESSIVE = frozenset(
    "whats thats its lets theres heres hes shes was has his this as us yes plus times".split()
)
# "-shun" written for "-tion" ("elecshun", "nashunal", "donashuns")
_SHUN = re.compile(r"(?<=[a-z]{2})shun(?=s?\b|al)", re.I)
SPELL_MIN_LETTERS = 6  # a phrase word this long is still found with one letter wrong ("oficer")...
SURE_SPELLING_LETTERS = 8  # ...and on its own, a word this long ("councilor", "conferance")

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word (books/booking -> book)."""
    if word[:1].isdigit():
        return word.rstrip("s")  # "27s" -> "27"
    return _STEMMER.stemWord(word)


@dataclass(frozen=True)
class Question:
    """A question read once: its words, their stems, and which words sit in an asking clause."""

    raw: str
    normalised: str
    words: tuple[str, ...]
    cased: tuple[str, ...]  # the same tokens in their original case ("IT" vs "it")
    stems: tuple[str, ...]
    content: tuple[bool, ...]  # not a stop word
    asking: tuple[bool, ...]  # in a clause that asks (ends with "?" or opens with who/what...)
    story_asks: bool = False  # the clause that asks has no topic word ("...who should I talk to?")
    asks: bool = True  # some clause asks (ends with "?" or opens with who/what...): not a remark
    clauses: tuple[int, ...] = ()  # which clause of the message each word is in (0, 1, ...)

    def content_stems(self) -> list[str]:
        return [s for s, c in zip(self.stems, self.content, strict=True) if c]

    def find(self, phrases: Phrases) -> list[tuple[object, int, int]]:
        """(value, start, end) for each phrase found whole, the longest at each position; a
        word the phrases' reader does not know may be a typo of a phrase's word."""
        found: list[tuple[object, int, int]] = []
        words = tuple(phrases.spelled(w) for w in self.words)
        for i, word in enumerate(words):
            for phrase, value in phrases.by_first.get(word, ()):
                end = i + len(phrase)
                found_words = words[i:end]
                if (found_words == phrase or (  # a plural or possessive last word ("agent's")
                    found_words[:-1] == phrase[:-1] and found_words[-1:] == (phrase[-1] + "s",)
                )) and self._spelled_surely(words, i, end):
                    found.append((value, i, end))
                    break
        return found

    def _spelled_surely(self, spelled: tuple[str, ...], start: int, end: int) -> bool:
        """Whether the words from ``start`` to ``end``, read with typos put right, are surely
        the phrase: beside words written right ("returning oficer"), or a long word alone
        ("councilor") that does not end like a verb ("designing" is not "resigning")."""
        fixed = [self.words[i] for i in range(start, end) if spelled[i] != self.words[i]]
        return len(fixed) < end - start or all(
            len(w) >= SURE_SPELLING_LETTERS and not w.endswith(("ing", "ed")) for w in fixed
        )


class Phrases:
    """Phrases (tuples of words) with a value each, indexed by first word, longest first.

    With ``known`` (the words a reader knows as written), a word it does not know that is one
    letter away from exactly one of the phrases' longer words is read as that word: "returning
    oficer", "councilor"."""

    def __init__(self, items: dict[tuple[str, ...], object], known: frozenset[str] | None = None) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for phrase, value in sorted(items.items(), key=lambda kv: -len(kv[0])):
            if phrase:
                self.by_first.setdefault(phrase[0], []).append((phrase, value))
        words = {w for phrase in items for w in phrase}
        self._known = None if known is None else known | words
        self._long = sorted(w for w in words if len(w) >= SPELL_MIN_LETTERS)
        self._spelled: dict[str, str] = {}

    def spelled(self, word: str) -> str:
        """``word``, or the phrase word it is a typo of."""
        if self._known is None or word in self._known or len(word) < SPELL_MIN_LETTERS:
            return word
        if word not in self._spelled:
            near = process.extract(word, self._long, scorer=OSA.distance, score_cutoff=1, limit=2)
            # one word only, with the same first letter ("turned" is not "burned"), and not the
            # same word with an ending ("nominated", not "nominate")
            sure = (
                len(near) == 1 and near[0][0][0] == word[0]
                and not (word.startswith(near[0][0]) or near[0][0].startswith(word))
            )
            self._spelled[word] = near[0][0] if sure else word
        return self._spelled[word]


def _age_as_young(match: re.Match[str]) -> str:
    before = match.group(1).lower()
    if before in _BEFORE_AGE or (before.endswith("s") and before not in _NOT_POSSESSIVE):
        return f"{match.group(1)} young"
    return match.group(0)


def _spelt_as_one(match: re.Match[str]) -> str:
    letters = match.group(0).split()
    if len(letters) > 2 and letters[0] in "aAiI":
        return letters[0] + " " + "".join(letters[1:])
    return "".join(letters)


class TextReader:
    """Normalises and tokenises text with one lexicon's joins, phrases and stop words."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.chat_words = frozenset(lexicon.chat_words)
        self.stop_words = frozenset(lexicon.stop_words) | self.chat_words
        self._replacement: dict[str, str] = {}
        # joins are word beginnings ("co ord"), phrases whole words ("make sure")
        parts = [r"[\s-]+".join(map(re.escape, join.split())) for join in lexicon.joins]
        for word, phrases in lexicon.phrases.items():
            for phrase in phrases:
                self._replacement[phrase] = word
                parts.append(r"[\s-]+".join(map(re.escape, phrase.split())) + r"\b")
        parts.sort(key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(parts) + ")", re.I) if parts else None
        # words that mean something else in lower case ("WI", the Women's Institute; "wi", with)
        self._capitals = lexicon.capitals
        capitals = "|".join(map(re.escape, lexicon.capitals))
        self._capitals_pattern = re.compile(rf"\b(?:{capitals})\b") if capitals else None
        self._joined = lru_cache(maxsize=8)(self._join)  # one question is read several ways

    def _join(self, text: str) -> str:
        text = _APOSTROPHES.sub("", _DIALECT_THE.sub("the ", text))
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
        text = _SHUN.sub("tion", text)
        text = _SPELT.sub(_spelt_as_one, text)
        text = _AGED.sub(_age_as_young, text)
        if self._capitals_pattern is not None:
            text = self._capitals_pattern.sub(lambda m: self._capitals[m.group(0)], text)
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        key = re.sub(r"[\s-]+", " ", found.lower())
        if key in self._replacement:
            return self._replacement[key]
        return re.sub(r"[\s-]+", "", found)  # a join: the words as one

    def normalise(self, text: str) -> str:
        """Lower-case, drop apostrophes, join words people write both ways (co-ordinator)."""
        return self._joined(text).lower()

    def words(self, text: str) -> list[str]:
        """All word tokens of ``text`` after normalisation, stop words included."""
        return _WORD.findall(self.normalise(text))

    def phrase(self, text: str) -> tuple[str, ...]:
        """A phrase of a word list (a name, a term) as the words a question would show."""
        return tuple(self.words(text))

    def read(self, text: str) -> Question:
        """Tokenise ``text`` once: words, case, stems, stop words and asking clauses."""
        normalised = self.normalise(text)
        words: list[str] = []
        asking: list[bool] = []
        pieces = _CLAUSE_END.split(normalised)
        ends = [m.group(0) for m in _CLAUSE_END.finditer(normalised)] + [""]
        clauses = []
        before = ""  # what ended the piece before: after a comma, "who" may begin a relative clause
        for piece, end in zip(pieces, ends, strict=True):
            found = _EXAMPLES.search(piece)
            examples = _WORD.findall(piece[found.end() :]) if found else []
            asked = piece[: found.start()] if found else piece
            embedded = _EMBEDDED_WHO.search(asked)
            if embedded:  # the story before it is context, unless it asks itself ("does anyone know")
                head = _WORD.findall(asked[: embedded.end()])
                clauses.append((head, head[0] in _ASKING_START and before != ","))
                asked = asked[embedded.end() :]
            toks = _WORD.findall(asked)
            opens = bool(toks) and toks[0] in _ASKING_START and (before != "," or not end or bool(embedded))
            if toks:
                clauses.append((toks, "?" in end or opens))
            if examples:
                clauses.append((examples, False))
            before = end
        # no clause asks, or the one that asks has no topic word ("who should I talk to?"):
        # the whole message is the question
        story_asks = False
        asks = any(ask for _, ask in clauses)
        if not any(ask and any(not self.is_stop(t) for t in toks) for toks, ask in clauses):
            story_asks = asks and len(clauses) > 1
            clauses = [(toks, True) for toks, _ in clauses]
        clause_of: list[int] = []
        for number, (toks, ask) in enumerate(clauses):
            words += toks
            asking += [ask] * len(toks)
            clause_of += [number] * len(toks)
        cased = _WORD.findall(self._joined(text))
        if len(cased) != len(words):
            cased = words
        return Question(
            raw=text,
            normalised=normalised,
            words=tuple(words),
            cased=tuple(cased),
            stems=tuple(stem(w) for w in words),
            content=tuple(not self.is_stop(w) for w in words),
            asking=tuple(asking),
            story_asks=story_asks,
            asks=asks,
            clauses=tuple(clause_of),
        )

    def is_stop(self, word: str) -> bool:
        """A stop word, or the possessive or plural of one ("partys", "officers")."""
        stops = self.stop_words
        return word in stops or (len(word) > 3 and word.endswith("s") and word[:-1] in stops)

    def content_stems(self, text: str) -> list[str]:
        """The stems of the content words of ``text``, in order, without stop words."""
        return [stem(w) for w in self.words(text) if not self.is_stop(w)]
