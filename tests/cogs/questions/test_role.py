"""/role and its pager, as a member sees them.

Expectations come from the catalogue in roles/ and the issues' specs; answers to free questions
are compared with what the matcher says, never hard-coded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import simcord
import yaml
from conftest import (
    OOPS,
    POST_COUNT,
    assert_within_limits,
    field_text,
    role_pages,
    source_line,
)

from bot.answers import local_label
from bot.catalogue import ROLES_DIR, Catalogue, Duty, load_catalogue
from bot.ui import Pager, post_pages

CATALOGUE = load_catalogue()


# -- /role -------------------------------------------------------------------------------------


async def test_role_shows_summary_duties_sources_and_checklist(server) -> None:
    post = CATALOGUE.posts["treasurer"]
    result, pages = await role_pages(server.alice, server.channel, "Treasurer")
    assert result.ephemeral
    embed = pages[0]
    assert embed.title == "Treasurer"
    assert post.summary in embed.description
    text = field_text(embed)
    for duty in post.duties:
        assert duty.text in text
        assert source_line(CATALOGUE, duty.source) in text
    checklist = [f for f in embed.fields if "checklist" in f.name.lower()]
    assert checklist, [f.name for f in embed.fields]
    for number, step in enumerate(post.checklist, start=1):
        assert f"{number}. {step.text}" in checklist[0].value


async def test_role_every_post_groups_duties_as_the_documents_do(server) -> None:
    """Every duty of every post sits in a field named after its document heading, in a group
    that names its source document; the checklist follows; every page is within limits."""
    assert len(CATALOGUE.posts) == POST_COUNT
    for post in CATALOGUE.posts.values():
        _, pages = await role_pages(server.alice, server.channel, post.title)
        assert pages[0].title.startswith(post.title)
        assert post.summary in pages[0].description
        for page in pages:
            assert_within_limits(page)
        fields = [f for page in pages for f in page.fields]
        position = 0
        for duty in post.duties:
            # duties appear in document order, each in a field for its heading and source
            bullet = f"• {local_label(duty)}{duty.text}"  # "In North West Durham: ..." when local
            while position < len(fields) and bullet not in fields[position].value:
                position += 1
            assert position < len(fields), (post.id, duty.id)
            group = fields[position]
            heading = duty.heading or "Duties"
            assert group.name.startswith(heading[:200]), (post.id, group.name, heading)
            # the group's first field (the one before "(continued)") names the source
            first = position
            while "(continued)" in fields[first].name:
                first -= 1
            assert fields[first].value.startswith(source_line(CATALOGUE, duty.source)), post.id
        steps = "\n".join(f.value for f in fields if "checklist" in f.name.lower())
        for step in post.checklist:
            assert step.text in steps, (post.id, step.id)


async def test_role_shows_notes_such_as_non_voting_member(server) -> None:
    post = CATALOGUE.posts["it-officer"]
    assert any("non voting member of exec" in n.text.lower() for n in post.notes)
    _, pages = await role_pages(server.alice, server.channel, "IT Officer")
    description = pages[0].description
    assert "non voting member of exec" in description.lower()
    for note in post.notes:
        assert note.text in description
        assert CATALOGUE.source_title(note.source) in description


async def test_role_longest_post_stays_within_embed_limits(server) -> None:
    longest = max(CATALOGUE.posts.values(), key=lambda p: sum(len(d.text) for d in p.duties))
    result, pages = await role_pages(server.alice, server.channel, longest.title)
    assert result.acknowledged and not result.followups
    for page in pages:
        assert_within_limits(page)
    shown = "\n".join(field_text(p) for p in pages)
    for duty in longest.duties:
        assert duty.text in shown


async def test_role_undocumented_posts_say_the_documents_give_no_duties(server) -> None:
    undocumented = [p for p in CATALOGUE.posts.values() if not p.duties]
    assert "deputy-chair" in {p.id for p in undocumented}
    for post in undocumented:
        _, pages = await role_pages(server.alice, server.channel, post.title)
        embed = pages[0]
        assert "give it no specific duties" in embed.description, post.id
        assert not any(f.value.startswith("*From:") for f in embed.fields), post.id
        for step in post.checklist:
            assert step.text in field_text(embed)


@pytest.mark.parametrize("typed", ["tres", "tresurer", "Treasurer", "TREASURER"])
async def test_role_autocomplete_offers_treasurer_despite_typos(server, typed: str) -> None:
    choices = await server.alice.autocomplete(server.channel, "role", "name", typed)
    assert choices[0] == {"name": "Treasurer", "value": "treasurer"}
    assert len(choices) <= 25


async def test_role_autocomplete_knows_aliases(server) -> None:
    post = CATALOGUE.posts["trade-union-liaison-officer"]
    assert "TULO" in post.aliases
    choices = await server.alice.autocomplete(server.channel, "role", "name", "tulo")
    assert choices and choices[0]["name"] == post.title


async def test_role_autocomplete_lists_every_post_before_typing(server) -> None:
    choices = await server.alice.autocomplete(server.channel, "role", "name", "")
    assert {c["name"] for c in choices} == {p.title for p in CATALOGUE.posts.values()}
    assert len(choices) <= 25


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tresurer", "Treasurer"),
        ("treasurer", "Treasurer"),
        ("tulo", "Trade Union Liaison Officer"),
        ("CLP Secretary", "Secretary"),
    ],
)
async def test_role_accepts_typos_and_aliases(server, typed: str, expected: str) -> None:
    _, pages = await role_pages(server.alice, server.channel, typed)
    assert pages[0].title == expected


@pytest.mark.parametrize("typed", ["Chief Whip", "president", "🦄", "x" * 300])
async def test_role_unknown_name_is_a_helpful_private_reply(server, typed: str) -> None:
    result = await server.alice.slash(server.channel, "role", name=typed)
    assert result.acknowledged
    assert result.ephemeral
    response = result.response
    assert not response.embeds
    assert "don't know a post called" in response.content
    assert "/roles" in response.content
    assert OOPS not in response.content
    assert len(response.content) <= 2000


async def test_role_unknown_officer_title_is_not_swapped_for_another_post(server) -> None:
    result = await server.alice.slash(server.channel, "role", name="Wizard Officer")
    assert not result.response.embeds
    assert "don't know a post called" in result.response.content
    assert "Did you mean" in result.response.content


async def test_role_is_private_by_default_and_public_on_request(server) -> None:
    private = await server.alice.slash(server.channel, "role", name="Chair")
    assert private.ephemeral
    assert all(m.id != private.response.id for m in server.channel.history(viewer=server.bob))

    public = await server.alice.slash(server.channel, "role", name="Chair", public=True)
    assert public.ephemeral is False
    seen_by_bob = server.channel.history(viewer=server.bob)[-1]
    assert seen_by_bob.id == public.response.id
    assert seen_by_bob.embeds[0].title == "Chair"


# -- the pager -----------------------------------------------------------------------------------


def long_post(catalogue: Catalogue, duties: int = 90):
    """The secretary with many long synthetic duties under several headings."""
    post = catalogue.posts["secretary"]
    extra = [
        Duty(
            id=f"extra-{n}",
            text=f"Synthetic duty {n}: " + "keep the constituency papers in good order " * 5,
            source="lp-secretary",
            heading=f"Synthetic heading {n // 15}",
        )
        for n in range(duties)
    ]
    return post.model_copy(update={"duties": [*post.duties, *extra]})


def test_post_pages_split_a_long_post_within_limits() -> None:
    post = long_post(CATALOGUE)
    pages = post_pages(post, CATALOGUE)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert_within_limits(page)
        assert page.title == f"{post.title} ({number}/{len(pages)})"
    assert pages[0].description and not any(p.description for p in pages[1:])
    shown = "\n".join(field_text(p) for p in pages)
    positions = [shown.index(f"• {local_label(d)}{d.text}") for d in post.duties]
    assert positions == sorted(positions)  # document order across pages
    for step in post.checklist:
        assert step.text in shown


def test_post_pages_clip_oversized_text() -> None:
    post = CATALOGUE.posts["treasurer"]
    huge = post.model_copy(
        update={
            "summary": "Very long summary. " * 400,
            "duties": [
                Duty(
                    id="huge",
                    text="A single enormous duty " * 100,
                    source="nw-durham-2017",
                    heading="H" * 400,
                )
            ],
        }
    )
    for page in post_pages(huge, CATALOGUE):
        assert_within_limits(page)


async def test_pager_starts_on_the_first_page() -> None:
    pages = post_pages(long_post(CATALOGUE), CATALOGUE)
    pager = Pager(pages, owner_id=1)
    assert pager.previous.disabled and not pager.next.disabled


@pytest.fixture
def long_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of roles/ whose secretary needs several pages; the bot reads it via CATALOGUE_DIR."""
    directory = tmp_path / "roles"
    shutil.copytree(ROLES_DIR, directory)
    path = directory / "secretary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["duties"] += [
        d.model_dump(exclude_defaults=True) for d in long_post(CATALOGUE).duties[len(data["duties"]) :]
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CATALOGUE_DIR", str(directory))
    return directory


async def test_pager_turns_pages_and_expires(long_catalogue: Path, bot_factory) -> None:
    bot = bot_factory()
    async with simcord.run(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        bob = guild.add_member(env.create_user("bob"))

        result = await alice.slash(channel, "role", name="Secretary", public=True)
        first = result.response.embeds[0]
        total = int(first.title.rsplit("/", 1)[1].rstrip(")"))
        assert total > 1 and first.title == f"Secretary (1/{total})"
        message = channel.history(viewer=bob)[-1]

        def buttons() -> dict[str, bool]:
            latest = next(m for m in channel.history() if m.id == message.id)
            return {c.label: c.disabled for row in latest.components for c in row.children}

        assert buttons() == {"Previous": True, "Next": False}
        for number in range(2, total + 1):
            click = await alice.click(message, label="Next")
            assert click.acknowledged
            page = click.response.embeds[0]
            assert page.title == f"Secretary ({number}/{total})"
            assert_within_limits(page)
        assert buttons() == {"Previous": False, "Next": True}
        back = await alice.click(message, label="Previous")
        assert back.response.embeds[0].title == f"Secretary ({total - 1}/{total})"

        # someone else's pages: a private note, the page does not move
        other = await bob.click(message, label="Previous")
        assert other.ephemeral
        assert "belong to someone else" in other.response.content
        latest = next(m for m in channel.history() if m.id == message.id)
        assert latest.embeds[0].title == f"Secretary ({total - 1}/{total})"

        # after the timeout the buttons are greyed out rather than failing when clicked
        await env.advance_time(601)
        assert buttons() == {"Previous": True, "Next": True}


async def test_pager_private_pages_expire_too(long_catalogue: Path, bot_factory) -> None:
    bot = bot_factory()
    async with simcord.run(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        result = await alice.slash(channel, "role", name="Secretary")
        assert result.ephemeral
        click = await alice.click(result.response, label="Next")
        assert click.response.embeds[0].title.startswith("Secretary (2/")
        await env.advance_time(601)
        disabled = [c.get("disabled") for row in result.response.components for c in row["components"]]
        assert disabled == [True, True]
