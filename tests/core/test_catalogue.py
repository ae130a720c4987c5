"""The role catalogue: the real files load, cover the source documents, and bad files fail well."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import run_bot
from rapidfuzz import fuzz

from bot.catalogue import ROLES_DIR, Catalogue, CatalogueError, load_catalogue

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"

POST_IDS = {
    "chair",
    "deputy-chair",
    "vice-chair",
    "secretary",
    "treasurer",
    "vice-chair-membership",
    "vice-chair-policy",
    "membership-secretary",
    "womens-officer",
    "youth-officer",
    "campaign-coordinator",
    "trade-union-liaison-officer",
    "political-education-officer",
    "it-officer",
    "equalities-officer",
    "ethnic-minority-officer",
    "disability-officer",
    "fundraiser",
    "auditor",
    "group-observer",
}

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is absent")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


# -- the real catalogue ---------------------------------------------------------------------


def test_every_post_and_the_team_exist(catalogue: Catalogue) -> None:
    assert set(catalogue.posts) == POST_IDS
    assert catalogue.team.id == "team"
    assert catalogue.get("team") is catalogue.team
    for post_id in POST_IDS:
        post = catalogue.get(post_id)
        assert post is not None and post.id == post_id
        assert post.title and post.summary


def test_summary_line_counts(catalogue: Catalogue) -> None:
    line = catalogue.summary_line()
    assert "\n" not in line
    assert line.startswith("catalogue OK: 20 posts, ")
    assert f"{len(catalogue.sources)} sources" in line


def test_undocumented_posts_say_so(catalogue: Catalogue) -> None:
    undocumented = [p for p in catalogue.posts.values() if not p.documented]
    assert undocumented, "expected some posts the documents name without duties"
    for post in undocumented:
        assert post.duties == []
        assert "no specific duties" in post.summary.lower(), post.id


def test_duties_cite_known_sources(catalogue: Catalogue) -> None:
    for post in [*catalogue.posts.values(), catalogue.team]:
        for duty in post.duties:
            assert duty.source in catalogue.sources, (post.id, duty.id)
            assert all(k in catalogue.sources for k in duty.also_in), (post.id, duty.id)
        for note in post.notes:
            assert note.source in catalogue.sources, post.id


@needs_seeds
def test_every_source_file_exists(catalogue: Catalogue) -> None:
    missing = [s.file for s in catalogue.sources.values() if not (SEEDS / s.file).is_file()]
    assert not missing, f"source files not in {SEEDS}: {missing}"


# -- coverage of the source documents --------------------------------------------------------

_TOC_BULLET = re.compile(r"^\*\*[^*]+\*\*$")  # "- **CLP SECRETARY**": NW Durham's contents list


def _norm(text: str) -> str:
    text = re.sub(r"['\u2019\u2018`]", "", text.lower())
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _bullets(path: Path) -> list[str]:
    bullets = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line.startswith("- "):
            continue
        body = line[2:].strip()
        if body and not _TOC_BULLET.match(body):
            bullets.append(body)
    return bullets


def _texts_by_post(catalogue: Catalogue, key: str) -> dict[str, list[str]]:
    """Per post, the normalised duty and note texts whose source is ``key`` (duties first)."""
    found: dict[str, list[str]] = {}
    for post in [*catalogue.posts.values(), catalogue.team]:
        texts = [_norm(d.text) for d in post.duties if key in (d.source, *d.also_in)]
        texts += [_norm(n.text) for n in post.notes if n.source == key]
        if texts:
            found[post.id] = texts
    return found


def _covered(bullet: str, texts: list[str]) -> bool:
    """Whether one post's texts carry ``bullet`` (all normalised).

    Against the concatenation only ``partial_ratio`` counts (it catches one bullet split into
    several duties); ``token_set_ratio`` is 100 whenever one side's words are a subset of the
    other's, so against a whole post's text it would pass almost any bullet.
    """
    if fuzz.partial_ratio(bullet, " ".join(texts)) >= 90:
        return True
    return any(
        fuzz.partial_ratio(bullet, text) >= 90 or fuzz.token_set_ratio(bullet, text) >= 90
        for text in texts
    )


@needs_seeds
def test_every_bullet_of_every_source_is_in_the_catalogue(catalogue: Catalogue) -> None:
    missing: list[str] = []
    checked = 0
    for source in catalogue.sources.values():
        path = SEEDS / source.file
        if not path.is_file():
            missing.append(f"{source.file}: file is missing")
            continue
        by_post = _texts_by_post(catalogue, source.key)
        for bullet in _bullets(path):
            checked += 1
            want = _norm(bullet)
            if not any(_covered(want, texts) for texts in by_post.values()):
                missing.append(f"{source.file} ({source.key}): {bullet}")
    assert checked > 100, f"only {checked} bullets found; is the extraction right?"
    assert not missing, "bullets with no duty in the catalogue:\n" + "\n".join(missing)


@needs_seeds
def test_every_duty_is_in_its_sources_own_words(catalogue: Catalogue) -> None:
    documents = {
        key: _norm((SEEDS / source.file).read_text(encoding="utf-8"))
        for key, source in catalogue.sources.items()
        if (SEEDS / source.file).is_file()
    }
    wrong = [
        f"{post.id}/{duty.id} not in {key}: {duty.text}"
        for post in [*catalogue.posts.values(), catalogue.team]
        for duty in post.duties
        for key in (duty.source, *duty.also_in)
        if key in documents and fuzz.partial_ratio(_norm(duty.text), documents[key]) < 90
    ]
    assert not wrong, "\n".join(wrong)


@needs_seeds
def test_every_source_is_used(catalogue: Catalogue) -> None:
    for key in catalogue.sources:
        assert _texts_by_post(catalogue, key), f"no duty or note cites source {key!r}"


# -- malformed catalogues --------------------------------------------------------------------


CADENCE_WORDS = {"monthly": r"\bmonth", "quarterly": r"\bquarter", "yearly": r"\bannual|\byear\b|\bAGM\b"}


def test_every_recurring_item_cites_a_duty_that_states_its_cadence(catalogue: Catalogue) -> None:
    items = [(post, item) for post in catalogue.posts.values() for item in post.recurring]
    assert len(items) >= 8
    for post, item in items:
        texts = [post.duty(d).text for d in item.duties]
        assert any(re.search(CADENCE_WORDS[item.every], t, re.I) for t in texts), (post.id, item.id, texts)
        if item.anchor.endswith("agm") and item.every == "yearly":
            assert post.group != "team"


def _copy_roles(tmp_path: Path) -> Path:
    target = tmp_path / "roles"
    shutil.copytree(ROLES_DIR, target)
    return target


def _edit(directory: Path, filename: str, change: Callable[[dict], None]) -> None:
    path = directory / filename
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _del_summary(d: dict) -> None:
    del d["summary"]


def _add_unknown(d: dict) -> None:
    d["colour"] = "red"


def _dup_duty(d: dict) -> None:
    d["duties"][2]["id"] = d["duties"][0]["id"]


def _dup_step(d: dict) -> None:
    d["checklist"][1]["id"] = d["checklist"][0]["id"]


def _missing_duty(d: dict) -> None:
    d["checklist"][0]["duties"] = ["no-such-duty"]


def _unknown_source(d: dict) -> None:
    d["duties"][3]["source"] = "no-such-source"


def _wrong_id(d: dict) -> None:
    d["id"] = "treasurer-2"


def _recurring_without_duty(d: dict) -> None:
    d["recurring"][0]["duties"] = []


def _recurring_unknown_duty(d: dict) -> None:
    d["recurring"][0]["duties"] = ["no-such-duty"]


def _recurring_wrong_anchor(d: dict) -> None:
    d["recurring"][0]["anchor"] = "before-agm"  # a quarterly item hangs on quarter ends


def _bad_synonym(d: dict) -> None:
    d["synonyms"]["the books"] = ["accounts"]


def _no_joins_list(d: dict) -> None:
    d["joins"] = "co ord"


BROKEN = [
    # (name, file, change, field the message must name)
    ("missing-summary", "treasurer.yaml", _del_summary, "summary"),
    ("unknown-field", "treasurer.yaml", _add_unknown, "colour"),
    ("duplicate-duty-id", "treasurer.yaml", _dup_duty, "duties"),
    ("duplicate-step-id", "secretary.yaml", _dup_step, "checklist"),
    ("checklist-missing-duty", "treasurer.yaml", _missing_duty, "checklist.0.duties"),
    ("unknown-source", "treasurer.yaml", _unknown_source, "duties.3.source"),
    ("id-not-file-name", "treasurer.yaml", _wrong_id, "id"),
    ("recurring-without-duty", "treasurer.yaml", _recurring_without_duty, "recurring.0.duties"),
    ("recurring-unknown-duty", "treasurer.yaml", _recurring_unknown_duty, "recurring.0.duties"),
    ("recurring-wrong-anchor", "treasurer.yaml", _recurring_wrong_anchor, "recurring.0.anchor"),
    ("lexicon-synonym-not-a-word", "lexicon.yaml", _bad_synonym, "synonyms"),
    ("lexicon-joins-not-a-list", "lexicon.yaml", _no_joins_list, "joins"),
]


@pytest.mark.parametrize(
    ("filename", "change", "fieldname"),
    [pytest.param(f, c, fld, id=name) for name, f, c, fld in BROKEN],
)
def test_malformed_file_names_file_and_field(
    tmp_path: Path, filename: str, change: Callable[[dict], None], fieldname: str
) -> None:
    directory = _copy_roles(tmp_path)
    _edit(directory, filename, change)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(directory)
    message = str(info.value)
    assert message.startswith(f"{filename}: "), message
    assert f"field '{fieldname}'" in message, message


def test_duplicate_ids_are_named(tmp_path: Path) -> None:
    directory = _copy_roles(tmp_path)
    _edit(directory, "treasurer.yaml", _dup_duty)
    with pytest.raises(CatalogueError, match="duplicate duty id 'financial-records'"):
        load_catalogue(directory)


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    directory = _copy_roles(tmp_path)
    path = directory / "treasurer.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "group: [key")  # an unclosed flow sequence on line 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(directory)
    message = str(info.value)
    assert message.startswith("treasurer.yaml: invalid YAML"), message
    assert re.search(r"at line \d+", message), message


def test_source_key_not_in_sources_yaml(tmp_path: Path) -> None:
    directory = _copy_roles(tmp_path)
    _edit(directory, "treasurer.yaml", _unknown_source)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(directory)
    assert "'no-such-source'" in str(info.value)
    assert "sources.yaml" in str(info.value)


# -- python -m bot check -----------------------------------------------------------------------


def _run_check(catalogue_dir: Path | None) -> subprocess.CompletedProcess[str]:
    settings = {"CATALOGUE_DIR": str(catalogue_dir)} if catalogue_dir is not None else {}
    return run_bot("check", **settings)


def test_cli_check_real_catalogue() -> None:
    result = _run_check(None)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("catalogue OK: 20 posts, "), lines[0]


def test_cli_check_broken_copy(tmp_path: Path) -> None:
    directory = _copy_roles(tmp_path)
    _edit(directory, "treasurer.yaml", _del_summary)
    result = _run_check(directory)
    assert result.returncode != 0
    assert "treasurer.yaml" in result.stderr, result.stderr
    assert "field 'summary'" in result.stderr, result.stderr
    assert "catalogue OK" not in result.stdout


def test_audit_corrections_hold(catalogue: Catalogue) -> None:
    """The line-by-line audit: local things marked local, steps that say no more than their duty."""
    for post in catalogue.posts.values():
        for step in post.checklist:
            assert "National Builder" not in step.text, (post.id, step.id)
            assert "Member Centre" not in step.text, (post.id, step.id)
        for note in post.notes:
            if "non voting member of exec" in note.text.lower():
                assert note.local and note.place == "North West Durham", post.id
        if post.duties and {d.source for d in post.duties} == {"nw-durham-2017"}:
            assert post.summary.startswith("In North West Durham, "), post.id
    womens = catalogue.get("womens-officer")
    assert "The women's officer must be a woman." in [n.text for n in womens.notes]
    assert catalogue.get("auditor").duty("two-posts").local
    assert catalogue.get("vice-chair").notes[0].local
    assert catalogue.get("auditor").step("access") is None  # a right, not a step
