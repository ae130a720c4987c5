"""The matcher's words as data: ``roles/lexicon.yaml`` (joins, phrases, synonyms, stop words)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationInfo, field_validator, model_validator

from .validation import Model, load_file

LEXICON_FILE = "lexicon.yaml"
_PLAIN_WORD = re.compile(r"^[a-z0-9]+$")
_PHRASE = re.compile(r"^[a-z0-9]+( [a-z0-9]+)+$")
_CAPITALS = re.compile(r"^[A-Z][A-Z0-9]+$")
MAX_OPENER_WORDS = 8  # a fact opener is compared with this many words of a question


def _plain(word: str, what: str) -> str:
    if not _PLAIN_WORD.match(word):
        raise ValueError(f"{what} {word!r} is not one plain lower-case word")
    return word


def _phrase(text: str, what: str) -> str:
    if not _PHRASE.match(text):
        raise ValueError(f"{what} {text!r} is not two or more plain lower-case words")
    return text


class Lexicon(Model):
    """Plain words, not stems; the matcher stems them with the same stemmer as the documents."""

    joins: list[str] = []  # "co ordinator": written apart or hyphenated, read as one word
    phrases: dict[str, list[str]] = {}  # a word -> phrases read as that word ("make sure")
    capitals: dict[str, str] = {}  # a word in capitals -> the word it is read as ("WI": women)
    synonyms: dict[str, list[str]] = {}  # a question's word -> document words it stands for
    stop_words: list[str] = []  # words that carry no topic
    chat_words: list[str] = []  # greetings, thanks, feelings: read as stop words; alone, small talk
    personal_words: list[str] = []  # with "I"/"my" and nothing else, a question about one's own post
    personal_cues: list[str] = []  # with nothing else, these ask about one's own post ("what now?")
    task_words: list[str] = []  # after "can you": a task for the bot ("can you write me a leaflet")
    fact_openers: list[str] = []  # a question opening so asks for a fact, not a post ("how much")

    @field_validator("joins")
    @classmethod
    def _joins(cls, joins: list[str]) -> list[str]:
        _no_duplicates(joins, "join")
        return [_phrase(j, "join") for j in joins]

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, phrases: dict[str, list[str]]) -> dict[str, list[str]]:
        seen: list[str] = []
        for word, texts in phrases.items():
            _plain(word, "phrase word")
            if not texts:
                raise ValueError(f"phrase word {word!r} has no phrases")
            seen += [_phrase(t, f"phrase for {word!r}") for t in texts]
        _no_duplicates(seen, "phrase")
        return phrases

    @field_validator("capitals")
    @classmethod
    def _capitals(cls, capitals: dict[str, str]) -> dict[str, str]:
        for word, meaning in capitals.items():
            if not _CAPITALS.match(word):
                raise ValueError(f"capitals word {word!r} is not one word in capitals")
            _plain(meaning, f"word for {word!r}")
        return capitals

    @field_validator("fact_openers")
    @classmethod
    def _openers(cls, openers: list[str]) -> list[str]:
        _no_duplicates(openers, "fact opener")
        for opener in openers:
            if len(opener.split(" ")) > MAX_OPENER_WORDS:
                raise ValueError(f"fact opener {opener!r} is longer than {MAX_OPENER_WORDS} words")
            for word in opener.split(" "):
                _plain(word, f"word of fact opener {opener!r}")
        return openers

    @field_validator("synonyms")
    @classmethod
    def _synonyms(cls, synonyms: dict[str, list[str]]) -> dict[str, list[str]]:
        for word, targets in synonyms.items():
            _plain(word, "synonym")
            if not targets:
                raise ValueError(f"synonym {word!r} stands for no words")
            for target in targets:
                _plain(target, f"word for {word!r}")
            _no_duplicates(targets, f"word for {word!r}")
        return synonyms

    @field_validator(
        "stop_words", "chat_words", "personal_words", "personal_cues", "task_words", mode="before"
    )
    @classmethod
    def _split(cls, value: object) -> object:
        return value.split() if isinstance(value, str) else value

    @field_validator("stop_words", "chat_words", "personal_words", "personal_cues", "task_words")
    @classmethod
    def _word_list(cls, words: list[str]) -> list[str]:
        _no_duplicates(words, "word")
        return [_plain(w, "word") for w in words]

    @field_validator("chat_words")
    @classmethod
    def _chat_not_stop(cls, words: list[str], info: ValidationInfo) -> list[str]:
        stops = set(info.data.get("stop_words", ()))
        for word in words:
            if word in stops:
                raise ValueError(f"chat word {word!r} is already a stop word")
        return words

    @model_validator(mode="after")
    def _synonym_not_stop_word(self) -> Lexicon:
        stops = set(self.stop_words) | set(self.chat_words)
        for word in self.synonyms:
            if word in stops:
                raise ValueError(f"synonym {word!r} is a stop word, so it is never read")

        return self


def _no_duplicates(items: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"duplicate {what} {item!r}")
        seen.add(item)


def load_lexicon(directory: Path) -> Lexicon:
    """Read and validate ``lexicon.yaml`` in ``directory``."""
    return load_file(Lexicon, directory / LEXICON_FILE)
