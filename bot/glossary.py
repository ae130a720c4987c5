"""The glossary: terms the documents use and what they say about each (``roles/glossary.yaml``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, RootModel, field_validator

from .validation import Model, load_list

GLOSSARY_FILE = "glossary.yaml"


class Term(Model):
    """One term, quoted from its source document."""

    term: str = Field(min_length=1)
    names: list[str] = Field(min_length=1)  # how people write it
    source: str  # a key of sources.yaml
    says: str = Field(min_length=1)  # the document's own words
    post: str | None = None  # the post (or "team") the term is, if it is one
    body: bool = False  # a body the CLP sends someone to, with business of its own (the Labour Group)

    @field_validator("names")
    @classmethod
    def _names(cls, names: list[str]) -> list[str]:
        if any(not n.strip() for n in names):
            raise ValueError("a name is empty")
        return names


class Glossary(RootModel[list[Term]]):
    model_config = {"frozen": True}

    @field_validator("root")
    @classmethod
    def _unique(cls, terms: list[Term]) -> list[Term]:
        seen: set[str] = set()
        for term in terms:
            for name in term.names:
                if name.lower() in seen:
                    raise ValueError(f"the name {name!r} is given to two terms")
                seen.add(name.lower())
        return terms


def load_glossary(directory: Path) -> list[Term]:
    """Read and validate ``glossary.yaml`` in ``directory``."""
    return load_list(Glossary, directory / GLOSSARY_FILE).root
