"""The role catalogue: every CLP officer post and duty, loaded from ``roles/*.yaml``.

Plain Python, no Discord. ``load_catalogue()`` validates every file with pydantic and
raises :class:`CatalogueError` naming the file and the field on the first problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from .glossary import GLOSSARY_FILE, Term, load_glossary
from .lexicon import LEXICON_FILE, Lexicon, load_lexicon
from .uncovered import NOT_COVERED_FILE, Uncovered, load_not_covered
from .validation import CatalogueError, Model, parse, read_yaml

ROLES_DIR = Path(__file__).resolve().parent.parent / "roles"
SOURCES_FILE = "sources.yaml"
TEAM_FILE = "team.yaml"
TEAM_ID = "team"
WORD_FILES = (LEXICON_FILE, GLOSSARY_FILE, NOT_COVERED_FILE)  # not posts: the matcher's words
Slug = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Source(Model):
    """One source document in ``shared/seeds/``."""

    key: str = Slug
    title: str = Field(min_length=1)
    file: str = Field(min_length=1)


class Duty(Model):
    """One duty (a bullet or duty sentence) in the document's own words."""

    id: str = Slug
    text: str = Field(min_length=1)
    source: str
    heading: str | None = None  # the grouping heading the bullet sits under, verbatim
    local: bool = False  # a fact local to its source (Birmingham, Durham...)
    place: str | None = None  # where it is local practice ("North West Durham"); set when local
    shared_with: list[str] = []  # other post ids the document names as doing it together
    also_in: list[str] = []  # other sources that carry the same text word for word


class Note(Model):
    """Text around the bullets: introductions, "non voting member of exec", local facts."""

    text: str = Field(min_length=1)
    source: str
    kind: Literal["introduction", "note"] = "note"
    local: bool = False
    place: str | None = None  # where it is local practice; set when local


class ChecklistStep(Model):
    """A first step for a newly elected officer, citing the duties it comes from."""

    id: str = Slug
    text: str = Field(min_length=1, max_length=80)
    duties: list[str] = Field(min_length=1)  # duty ids of this post, or "team:<id>"


class Recurring(Model):
    """A duty that comes round through the party year, on a cadence the documents state.

    ``anchor`` is what the date hangs on: ``month-end`` (each calendar month's last day),
    ``quarter-end`` (31 March, 30 June, 30 September, 31 December), ``before-agm`` (due at the
    AGM) or ``after-agm`` (due four weeks after the AGM, at the start of the party year).
    """

    id: str = Slug
    text: str = Field(min_length=1, max_length=80)
    every: Literal["monthly", "quarterly", "yearly"]
    anchor: Literal["month-end", "quarter-end", "before-agm", "after-agm"]
    duties: list[str] = Field(min_length=1)  # the duty ids of this post whose words state the cadence

    @field_validator("anchor")
    @classmethod
    def _anchor_fits(cls, anchor: str, info) -> str:
        every = info.data.get("every")
        fits = {"monthly": {"month-end"}, "quarterly": {"quarter-end"}, "yearly": {"before-agm", "after-agm"}}
        if every in fits and anchor not in fits[every]:
            raise ValueError(
                f"a {every} item can't hang on {anchor!r}: use {' or '.join(sorted(fits[every]))}"
            )
        return anchor


class Post(Model):
    """One officer post (or, with id ``team``, the team-wide text)."""

    id: str = Slug
    title: str = Field(min_length=1)
    group: Literal["key", "functional", "other", "team"]
    aliases: list[str] = []
    keywords: list[str] = []  # words people use for this post's work, from the documents
    summary: str = Field(min_length=1)
    notes: list[Note] = []
    duties: list[Duty] = []
    checklist: list[ChecklistStep] = []
    recurring: list[Recurring] = []

    @field_validator("duties")
    @classmethod
    def _unique_duty_ids(cls, duties: list[Duty]) -> list[Duty]:
        _check_unique([d.id for d in duties], "duty id")
        return duties

    @field_validator("checklist")
    @classmethod
    def _unique_step_ids(cls, steps: list[ChecklistStep]) -> list[ChecklistStep]:
        _check_unique([s.id for s in steps], "checklist step id")
        return steps

    @field_validator("recurring")
    @classmethod
    def _unique_recurring_ids(cls, items: list[Recurring]) -> list[Recurring]:
        _check_unique([i.id for i in items], "recurring item id")
        return items

    @property
    def documented(self) -> bool:
        """Whether any source document gives this post duties."""
        return bool(self.duties)

    def duty(self, duty_id: str) -> Duty | None:
        return next((d for d in self.duties if d.id == duty_id), None)

    def step(self, step_id: str) -> ChecklistStep | None:
        return next((s for s in self.checklist if s.id == step_id), None)

    def item(self, item_id: str) -> Recurring | None:
        return next((i for i in self.recurring if i.id == item_id), None)


def _check_places(post: Post, filename: str) -> None:
    for kind, items in (("duties", post.duties), ("notes", post.notes)):
        for index, item in enumerate(items):
            if item.local and not item.place:
                raise CatalogueError(
                    f"{filename}: field '{kind}.{index}.place': "
                    "a local entry needs the place where it is local practice"
                )


def _check_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} {item!r}")
        seen.add(item)


@dataclass(frozen=True)
class Catalogue:
    """Every post, the team text and the sources, validated together."""

    posts: dict[str, Post]
    team: Post
    sources: dict[str, Source]
    lexicon: Lexicon  # the words the matcher reads questions with
    glossary: list[Term]  # terms the documents use, in their words
    not_covered: list[Uncovered]  # what the documents do not cover
    directory: Path = field(default=ROLES_DIR)

    def get(self, post_id: str) -> Post | None:
        if post_id == TEAM_ID:
            return self.team
        return self.posts.get(post_id)

    @property
    def duty_count(self) -> int:
        return sum(len(p.duties) for p in self.posts.values()) + len(self.team.duties)

    @property
    def step_count(self) -> int:
        return sum(len(p.checklist) for p in self.posts.values())

    @property
    def recurring_count(self) -> int:
        return sum(len(p.recurring) for p in self.posts.values())

    def summary_line(self) -> str:
        return (
            f"catalogue OK: {len(self.posts)} posts, {self.duty_count} duties "
            f"({len(self.team.duties)} team-wide), {self.step_count} checklist steps, "
            f"{self.recurring_count} recurring duties, {len(self.sources)} sources, "
            f"{len(self.glossary)} glossary terms, {len(self.not_covered)} topics not covered"
        )

    def source_title(self, key: str) -> str:
        return self.sources[key].title


def load_sources(directory: Path) -> dict[str, Source]:
    path = directory / SOURCES_FILE
    data = read_yaml(path)
    if not isinstance(data, list):
        raise CatalogueError(f"{path.name}: field '(top level)': expected a list of sources")
    sources: dict[str, Source] = {}
    for index, item in enumerate(data):
        try:
            source = Source.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in (index, *err["loc"]))
            raise CatalogueError(f"{path.name}: field '{loc}': {err['msg']}") from exc
        if source.key in sources:
            raise CatalogueError(f"{path.name}: field '{index}.key': duplicate key {source.key!r}")
        sources[source.key] = source
    return sources


def _load_post(path: Path, sources: dict[str, Source]) -> Post:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: field '(top level)': expected a mapping")
    post = parse(Post, data, path.name)
    expected_id = TEAM_ID if path.name == TEAM_FILE else path.stem
    if post.id != expected_id:
        raise CatalogueError(
            f"{path.name}: field 'id': {post.id!r} does not match the file name {expected_id!r}"
        )
    for kind, items in (("duties", post.duties), ("notes", post.notes)):
        for index, item in enumerate(items):
            keys = [("source", item.source)]
            keys += [(f"also_in.{i}", k) for i, k in enumerate(getattr(item, "also_in", []))]
            for name, key in keys:
                if key not in sources:
                    raise CatalogueError(
                        f"{path.name}: field '{kind}.{index}.{name}': unknown source {key!r} "
                        f"(not in {SOURCES_FILE})"
                    )
    return post


def _check_references(post: Post, posts: dict[str, Post], team: Post, filename: str) -> None:
    _check_places(post, filename)
    for index, duty in enumerate(post.duties):
        for other in duty.shared_with:
            if other not in posts or other == post.id:
                raise CatalogueError(
                    f"{filename}: field 'duties.{index}.shared_with': unknown post {other!r}"
                )
    for index, step in enumerate(post.checklist):
        for ref in step.duties:
            owner, _, duty_id = ref.rpartition(":") if ref.startswith("team:") else ("", "", ref)
            target = team if owner == TEAM_ID else post
            if target.duty(duty_id) is None:
                raise CatalogueError(
                    f"{filename}: field 'checklist.{index}.duties': "
                    f"no duty {ref!r} in {'team.yaml' if owner else filename}"
                )
    for index, item in enumerate(post.recurring):
        for duty_id in item.duties:
            if post.duty(duty_id) is None:
                raise CatalogueError(
                    f"{filename}: field 'recurring.{index}.duties': no duty {duty_id!r} in {filename}"
                )
    if post.group != TEAM_ID and post.documented and not 4 <= len(post.checklist) <= 10:
        raise CatalogueError(
            f"{filename}: field 'checklist': a documented post needs 4 to 10 steps, "
            f"found {len(post.checklist)}"
        )


def load_catalogue(directory: Path | str = ROLES_DIR) -> Catalogue:
    """Load and validate every file in ``directory``; raise CatalogueError on the first problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CatalogueError(f"{directory}: catalogue directory not found")
    sources = load_sources(directory)
    team_path = directory / TEAM_FILE
    if not team_path.exists():
        raise CatalogueError(f"{TEAM_FILE}: file is missing")
    team = _load_post(team_path, sources)
    posts: dict[str, Post] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name in (SOURCES_FILE, TEAM_FILE, *WORD_FILES):
            continue
        post = _load_post(path, sources)
        if post.group == TEAM_ID:
            raise CatalogueError(f"{path.name}: field 'group': 'team' is only for {TEAM_FILE}")
        posts[post.id] = post
    if not posts:
        raise CatalogueError(f"{directory}: no post files found")
    _check_references(team, posts, team, TEAM_FILE)
    for post in posts.values():
        _check_references(post, posts, team, f"{post.id}.yaml")
    glossary = load_glossary(directory)
    for index, term in enumerate(glossary):
        if term.source not in sources:
            raise CatalogueError(
                f"{GLOSSARY_FILE}: field '{index}.source': unknown source {term.source!r} "
                f"(not in {SOURCES_FILE})"
            )
        if term.post is not None and term.post != TEAM_ID and term.post not in posts:
            raise CatalogueError(f"{GLOSSARY_FILE}: field '{index}.post': unknown post {term.post!r}")
    return Catalogue(
        posts=posts,
        team=team,
        sources=sources,
        lexicon=load_lexicon(directory),
        glossary=glossary,
        not_covered=load_not_covered(directory),
        directory=directory,
    )
