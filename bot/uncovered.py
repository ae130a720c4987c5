"""People, bodies and topics the documents do not cover (``roles/not-covered.yaml``)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, RootModel, field_validator

from .validation import Model, load_list

NOT_COVERED_FILE = "not-covered.yaml"


class Uncovered(Model):
    """One thing the documents do not describe, with the words people use for it."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    about: str = Field(min_length=1)  # "who your MP is or what they do"
    words: list[str] = Field(min_length=1)
    exclusive: bool = False  # a question that mentions it is never answered with a post
    # words that make a post's name this body's officer: just before the name ("shadow
    # secretary", "unite's regional secretary") or after "of" ("the treasurer of my union branch")
    qualifies: list[str] = []

    @field_validator("words")
    @classmethod
    def _words(cls, words: list[str]) -> list[str]:
        if any(not w.strip() for w in words):
            raise ValueError("a word is empty")
        return words

    @field_validator("qualifies")
    @classmethod
    def _qualifiers(cls, words: list[str]) -> list[str]:
        for word in words:
            if not re.fullmatch(r"[a-z0-9]+", word):
                raise ValueError(f"qualifier {word!r} is not one plain lower-case word")
        if len(set(words)) < len(words):
            raise ValueError("a qualifier is listed twice")
        return words


class NotCovered(RootModel[list[Uncovered]]):
    model_config = {"frozen": True}

    @field_validator("root")
    @classmethod
    def _unique(cls, items: list[Uncovered]) -> list[Uncovered]:
        ids: set[str] = set()
        words: set[str] = set()
        for item in items:
            if item.id in ids:
                raise ValueError(f"duplicate id {item.id!r}")
            ids.add(item.id)
            for word in item.words:
                if word.lower() in words:
                    raise ValueError(f"the word {word!r} is listed twice")
                words.add(word.lower())
        return items


def load_not_covered(directory: Path) -> list[Uncovered]:
    """Read and validate ``not-covered.yaml`` in ``directory``."""
    return load_list(NotCovered, directory / NOT_COVERED_FILE).root
