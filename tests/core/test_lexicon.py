"""The matcher's words (roles/lexicon.yaml): every entry does something."""

from __future__ import annotations

import pytest

from bot.catalogue import Catalogue, load_catalogue
from bot.matcher import Matcher
from bot.text import stem


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def matcher(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


def _known_words(matcher: Matcher) -> set[str]:
    """Stems the matcher can use: the documents' words, post names and synonym words."""
    synonyms = {stem(w) for w in matcher.catalogue.lexicon.synonyms}
    return set(matcher.idf) | set(matcher._name_vocab_set) | synonyms


def test_every_synonym_reaches_a_document_word(matcher: Matcher, catalogue: Catalogue) -> None:
    dead: list[str] = []
    seen: dict[str, str] = {}
    for word, targets in catalogue.lexicon.synonyms.items():
        key = stem(word)
        if key in seen:
            dead.append(f"{word}: reads as {key!r}, like {seen[key]!r}, so one of them is never used")
        seen[key] = word
        if word in matcher.text.stop_words:
            dead.append(f"{word}: a stop word, never read")
        for target in targets:
            if stem(target) not in matcher.idf:
                dead.append(f"{word} -> {target}: {stem(target)!r} is in no document")
            elif stem(target) == key:
                dead.append(f"{word} -> {target}: the word itself, already matched")
    assert not dead, "\n".join(dead)


def test_every_join_and_phrase_makes_a_known_word(matcher: Matcher, catalogue: Catalogue) -> None:
    known = _known_words(matcher)
    dead: list[str] = []
    for join in catalogue.lexicon.joins:
        joined = join.replace(" ", "")
        if not any(k.startswith(joined) or joined.startswith(k) and len(k) >= 4 for k in known):
            dead.append(f"join {join!r}: {joined!r} begins no known word")
    for word in catalogue.lexicon.phrases:
        if stem(word) not in known and word not in matcher.text.stop_words:
            dead.append(f"phrase word {word!r} is in no document and no synonym")
    for word, meaning in catalogue.lexicon.capitals.items():
        if stem(meaning) not in known:
            dead.append(f"capitals {word!r}: {meaning!r} is in no document and no synonym")
    assert not dead, "\n".join(dead)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Campaign Co-ordinator", ["campaign", "coordinator"]),
        ("the web site", ["the", "website"]),
        ("make sure the money is raised", ["ensure", "the", "money", "is", "raised"]),
        ("who will stand in for the chair", ["who", "will", "deputise", "for", "the", "chair"]),
        # a word that means something else in capitals: the WI is the Women's Institute
        ("a joint event wi the WI", ["a", "joint", "event", "wi", "the", "women"]),
        # letters with dots between are one word; a last dot before a capital ends the sentence
        ("ask the I.T. officer", ["ask", "the", "it", "officer"]),
        # "new member" is one word in the documents and the questions; "just joined" is read as it
        ("to welcome new members", ["to", "welcome", "newmembers"]),
        ("folk who have just joined", ["folk", "newmembers"]),
        ("I work in I.T. Who do I ask", ["i", "work", "in", "it", "who", "do", "i", "ask"]),
        # letters spelt one by one are one word, but "a" or "I" before two or more stays a word
        ("is there a p e o", ["is", "there", "a", "peo"]),
        ("whats the I T officer for", ["whats", "the", "it", "officer", "for"]),
        # someone's age from 14 to 26 is young; other numbers stay numbers
        ("my daughter's 16 and I'm twenty-two", ["my", "daughters", "young", "and", "im", "young"]),
        ("whats 17 times 23", ["whats", "17", "times", "23"]),
        ("member 20 years, meeting is 16 march", ["member", "20", "years", "meeting", "is", "16", "march"]),
        # every form of "go over" is checking
        ("who is going over the books", ["who", "is", "check", "accounts"]),
        # "t'" is Yorkshire for "the"
        ("who keeps t'party's books", ["who", "keeps", "the", "partys", "books"]),
    ],
)
def test_joins_and_phrases_read_as_one_word(matcher: Matcher, text: str, expected: list[str]) -> None:
    assert matcher.text.words(text) == expected


def test_personal_words_are_read(matcher: Matcher, catalogue: Catalogue) -> None:
    """A personal word that is a stop word already counts for nothing: the entry does nothing."""
    for word in catalogue.lexicon.personal_words:
        assert not matcher.text.is_stop(word), word
