"""The role catalogue: every CLP officer post and duty, loaded from ``roles/*.yaml``.

Plain Python, no Discord. ``load_catalogue()`` validates every file with pydantic and
raises :class:`CatalogueError` naming the file and the field on the first problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
ROLES_DIR = Path(__file__).resolve().parent.parent / "roles"
SOURCES_FILE = "sources.yaml"
TEAM_FILE = "team.yaml"
TEAM_ID = "team"
Slug = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogueError(Exception):
    """A catalogue file is malformed; the message names the file and the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Source(_Model):
    """One source document in ``shared/seeds/``."""

    key: str = Slug
    title: str = Field(min_length=1)
    file: str = Field(min_length=1)


class Duty(_Model):
    """One duty (a bullet or duty sentence) in the document's own words."""

    id: str = Slug
    text: str = Field(min_length=1)
    source: str
    heading: str | None = None  # the grouping heading the bullet sits under, verbatim
    local: bool = False  # a fact local to its source (Birmingham, Durham...)
    shared_with: list[str] = []  # other post ids the document names as doing it together
    also_in: list[str] = []  # other sources that carry the same text word for word


class Note(_Model):
    """Text around the bullets: introductions, "non voting member of exec", local facts."""

    text: str = Field(min_length=1)
    source: str
    kind: Literal["introduction", "note"] = "note"
    local: bool = False


class ChecklistStep(_Model):
    """A first step for a newly elected officer, citing the duties it comes from."""

    id: str = Slug
    text: str = Field(min_length=1, max_length=80)
    duties: list[str] = Field(min_length=1)  # duty ids of this post, or "team:<id>"


class Recurring(_Model):
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


class Post(_Model):
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
            f"{self.recurring_count} recurring duties, {len(self.sources)} sources"
        )

    def source_title(self, key: str) -> str:
        return self.sources[key].title


def _read_yaml(path: Path) -> object:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueError(f"{path.name}: invalid YAML{where}: {problem}") from exc
    except OSError as exc:
        raise CatalogueError(f"{path.name}: cannot read file: {exc.strerror}") from exc


def _describe(exc: ValidationError, filename: str) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(part) for part in err["loc"]) or "(top level)"
    msg = err["msg"]
    if err["type"] == "missing":
        msg = "field is required"
    elif err["type"] == "extra_forbidden":
        msg = "unknown field"
    return f"{filename}: field '{loc}': {msg}"


def _parse(model: type[_Model], data: object, filename: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(_describe(exc, filename)) from exc


def load_sources(directory: Path) -> dict[str, Source]:
    path = directory / SOURCES_FILE
    data = _read_yaml(path)
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
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: field '(top level)': expected a mapping")
    post = _parse(Post, data, path.name)
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
        if path.name in (SOURCES_FILE, TEAM_FILE):
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
    return Catalogue(posts=posts, team=team, sources=sources, directory=directory)
