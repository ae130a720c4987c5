"""Questions by mention or DM: answered like /ask, never pinging anyone, awkward text, bursts.

Expectations come from the catalogue in roles/ and the issues' specs; answers to free questions
are compared with what the matcher says, never hard-coded.
"""

from __future__ import annotations

import discord
import pytest
from conftest import (
    MESSAGE_LIMIT,
    OOPS,
    SLOW_DOWN,
    assert_pings_nobody,
    bot_sends,
    mention,
    role_pages,
)

from bot.answers import MAX_QUESTION_CHARS
from bot.catalogue import load_catalogue
from cogs.questions import QUESTION_PER, QUESTION_RATE

CATALOGUE = load_catalogue()


# -- mentions and DMs ----------------------------------------------------------------------------


async def test_mention_in_a_server_is_answered_like_ask(server) -> None:
    question = "who books rooms for meetings?"
    asked = await server.bob.slash(server.channel, "ask", question=question)
    sent = await server.alice.send(server.channel, mention(server.env, question))
    reply = server.channel.last_message
    assert reply.author.id == server.env.bot.user.id
    assert reply.content == asked.response.content
    assert reply.reference is not None and reply.reference.message_id == sent.id


async def test_mention_in_the_middle_of_a_message(server) -> None:
    bot = server.env.bot.user.mention
    await server.alice.send(server.channel, f"hey {bot}, what does the treasurer do?")
    reply = server.channel.last_message
    assert reply.author.id == server.env.bot.user.id
    assert "**Treasurer**" in reply.content


async def test_dm_is_answered_like_ask(server) -> None:
    question = "what does the treasurer do"
    asked = await server.bob.slash(server.channel, "ask", question=question)
    await server.alice.send_dm(question)
    reply = server.alice.user.dm_channel.last_message
    assert reply.author.id == server.env.bot.user.id
    assert reply.content == asked.response.content


async def test_dm_with_a_mention_is_answered_once(server) -> None:
    await server.alice.send_dm(mention(server.env, "what does the treasurer do"))
    history = server.alice.user.dm_channel.history()
    assert [m.author.id == server.env.bot.user.id for m in history] == [False, True]
    assert "**Treasurer**" in history[-1].content


@pytest.mark.parametrize(
    "text", ["what does the treasurer do", "hello {bob}, who books rooms?", "@everyone who books rooms?"]
)
async def test_messages_without_a_bot_mention_are_ignored(server, text: str) -> None:
    before = len(server.env.http_requests)
    sent = await server.alice.send(server.channel, text.format(bob=server.bob.mention))
    assert server.channel.last_message.id == sent.id
    assert bot_sends(server.env, before) == []


async def test_bot_ignores_other_bots(server) -> None:
    other_bot = server.guild.add_member(server.env.create_user("helper", bot=True))
    before = len(server.env.http_requests)
    await other_bot.send(server.channel, mention(server.env, "what does the treasurer do"))
    assert bot_sends(server.env, before) == []


async def test_reply_falls_back_to_a_plain_message_when_replying_fails(server) -> None:
    server.env.inject_error(
        "POST",
        f"/channels/{server.channel.id}/messages",
        status=403,
        code=50013,
        message="Missing Permissions",
        times=1,
    )
    await server.alice.send(server.channel, mention(server.env, "what does the treasurer do"))
    reply = server.channel.last_message
    assert reply.author.id == server.env.bot.user.id
    assert "**Treasurer**" in reply.content
    assert reply.reference is None


# -- never pings ---------------------------------------------------------------------------------


@pytest.fixture
async def pingable(server, grant):
    """The bot may mention everyone and a mentionable role exists: only allowed_mentions stops a ping."""
    loud = server.guild.create_role("Loud", permissions=discord.Permissions(mention_everyone=True))
    await grant(server.guild, server.env.bot.user, loud)
    officers = server.guild.create_role("Officers", mentionable=True)
    server.officers = officers
    return server


async def test_mention_with_everyone_pings_nobody(pingable) -> None:
    s = pingable
    before = len(s.env.http_requests)
    text = f"@everyone {s.env.bot.user.mention} what does the chair do"
    await s.alice.send(s.channel, text)
    reply = s.channel.last_message
    assert reply.author.id == s.env.bot.user.id
    assert "**Chair**" in reply.content
    assert reply.mention_everyone is False
    assert reply.mentions == [] and reply.role_mentions == []
    (request,) = bot_sends(s.env, before)
    assert_pings_nobody(request)


async def test_echoed_names_ping_nobody(pingable) -> None:
    """/role echoes an unknown name back: @everyone, @here, users and roles stay inert."""
    s = pingable
    name = f"@everyone @here {s.bob.mention} <@&{s.officers.id}>"
    before = len(s.env.http_requests)
    result = await s.alice.slash(s.channel, "role", name=name)
    assert "don't know a post called" in result.response.content
    assert result.response.message.mention_everyone is False
    for request in bot_sends(s.env, before):
        assert_pings_nobody(request)


@pytest.mark.parametrize("command", ["ask", "roles", "role"])
async def test_public_answers_ping_nobody(pingable, command: str) -> None:
    s = pingable
    options = {
        "ask": {"question": f"@everyone {s.bob.mention} who books rooms?"},
        "roles": {},
        "role": {"name": "Chair"},
    }[command]
    before = len(s.env.http_requests)
    result = await s.alice.slash(s.channel, command, public=True, **options)
    assert result.ephemeral is False
    assert result.response.message.mention_everyone is False
    requests = bot_sends(s.env, before)
    assert requests
    for request in requests:
        assert_pings_nobody(request)


# -- awkward questions -----------------------------------------------------------------------------

AWKWARD = {
    "empty": "",
    "blank": "   \n\t ",
    "very long": ("who looks after the money and the bank account of the constituency? " * 60)[:4000],
    "emoji only": "🤔🙏🌹",
    "french": "Que fait le trésorier de la section ?",
    "welsh": "Beth mae'r ysgrifennydd yn ei wneud?",
    "markdown": "**what** does the _treasurer_ do? `rm -rf` > quote ||spoiler|| [link](https://x.test)",
    "punctuation": "???!!!...",
}


assert len(AWKWARD["very long"]) == 4000


def assert_helpful(content: str) -> None:
    assert content and content.strip()
    assert len(content) <= 2000
    assert OOPS not in content
    # it either answers with a post or says how to ask (and points at /roles)
    assert "/role" in content


@pytest.mark.parametrize("kind", list(AWKWARD))
async def test_awkward_question_by_ask(server, kind: str) -> None:
    question = AWKWARD[kind]
    result = await server.alice.slash(server.channel, "ask", question=question)
    assert result.acknowledged and result.ephemeral
    assert_helpful(result.response.content)
    if kind == "very long":
        assert f"first {MAX_QUESTION_CHARS} characters" in result.response.content


@pytest.mark.parametrize("kind", list(AWKWARD))
async def test_awkward_question_by_mention(server, kind: str) -> None:
    # a message holds at most 2,000 characters (a slash option 6,000): the long one is cut
    await server.alice.send(server.channel, mention(server.env, AWKWARD[kind])[:MESSAGE_LIMIT])
    reply = server.channel.last_message
    assert reply.author.id == server.env.bot.user.id
    assert_helpful(reply.content)


@pytest.mark.parametrize("kind", ["empty-ish", "emoji only", "welsh", "very long"])
async def test_awkward_question_by_dm(server, kind: str) -> None:
    text = {"empty-ish": "?", **AWKWARD}[kind]
    await server.alice.send_dm(text[:MESSAGE_LIMIT])
    reply = server.alice.user.dm_channel.last_message
    assert reply.author.id == server.env.bot.user.id
    assert_helpful(reply.content)


async def test_a_bare_mention_explains_how_to_ask(server) -> None:
    await server.alice.send(server.channel, server.env.bot.user.mention)
    reply = server.channel.last_message
    assert reply.author.id == server.env.bot.user.id
    assert "Ask me about" in reply.content


# -- bursts --------------------------------------------------------------------------------------

QUESTION = "who books rooms for meetings?"


async def test_burst_of_asks_is_slowed_with_a_message(server) -> None:
    env, alice, channel = server.env, server.alice, server.channel
    assert QUESTION_RATE == 8 and QUESTION_PER == 60
    for _ in range(QUESTION_RATE):
        result = await alice.slash(channel, "ask", question=QUESTION)
        assert SLOW_DOWN not in result.response.content
        assert "To book rooms for meetings" in result.response.content
    slowed = await alice.slash(channel, "ask", question=QUESTION)
    assert slowed.acknowledged and slowed.ephemeral
    assert SLOW_DOWN in slowed.response.content
    assert "seconds" in slowed.response.content

    # other members and /role are not held up meanwhile
    bob = await server.bob.slash(channel, "ask", question=QUESTION)
    assert SLOW_DOWN not in bob.response.content
    _, pages = await role_pages(alice, channel, "Secretary")
    assert pages[0].title == "Secretary"

    await env.advance_time(61)
    again = await alice.slash(channel, "ask", question=QUESTION)
    assert SLOW_DOWN not in again.response.content
    assert "To book rooms for meetings" in again.response.content


async def test_burst_of_mentions_is_slowed_with_a_message(server) -> None:
    env, alice, channel = server.env, server.alice, server.channel
    bot_id = env.bot.user.id
    for _ in range(QUESTION_RATE):
        await alice.send(channel, mention(env, QUESTION))
        reply = channel.last_message
        assert reply.author.id == bot_id
        assert SLOW_DOWN not in reply.content
    sent = await alice.send(channel, mention(env, QUESTION))
    warning = channel.last_message
    assert warning.author.id == bot_id
    assert SLOW_DOWN in warning.content
    assert warning.reference is not None and warning.reference.message_id == sent.id

    # one warning per pause, so a burst cannot make the bot flood the channel
    before = len(env.http_requests)
    await alice.send(channel, mention(env, QUESTION))
    assert bot_sends(env, before) == []

    await env.advance_time(61)
    await alice.send(channel, mention(env, QUESTION))
    reply = channel.last_message
    assert reply.author.id == bot_id
    assert "To book rooms for meetings" in reply.content


async def test_burst_of_dms_is_slowed_with_a_message(server) -> None:
    env, alice = server.env, server.alice
    for _ in range(QUESTION_RATE):
        await alice.send_dm(QUESTION)
    await alice.send_dm(QUESTION)
    assert SLOW_DOWN in alice.user.dm_channel.last_message.content
    await env.advance_time(61)
    await alice.send_dm(QUESTION)
    assert "To book rooms for meetings" in alice.user.dm_channel.last_message.content


async def test_asks_and_mentions_share_one_allowance(server) -> None:
    env, alice, channel = server.env, server.alice, server.channel
    for _ in range(QUESTION_RATE // 2):
        await alice.send(channel, mention(env, QUESTION))
    for _ in range(QUESTION_RATE - QUESTION_RATE // 2):
        result = await alice.slash(channel, "ask", question=QUESTION)
        assert SLOW_DOWN not in result.response.content
    slowed = await alice.slash(channel, "ask", question=QUESTION)
    assert SLOW_DOWN in slowed.response.content


async def test_role_for_the_officer_team_shows_the_team_text(server) -> None:
    result = await server.alice.slash(server.channel, "role", name="ECC")
    embed = result.response.embeds[0]
    assert embed.title == "The officer team"
    text = " ".join(f.value for f in embed.fields)
    assert "at least four of these must be women" in text
    assert "Executive and Campaign Committee (ECC)" in text
