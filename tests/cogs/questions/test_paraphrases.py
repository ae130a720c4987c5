"""The semantic layer in the running bot: /ask, a mention and a DM understand a paraphrase
once the model has loaded; a model that cannot be used leaves the bot answering by words."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import DONT_KNOW, mention

from bot.catalogue import load_catalogue

CATALOGUE = load_catalogue()
PARAPHRASE = "who do i ask to hire a hall"  # no word it shares with a duty is enough on its own


@pytest.fixture
def model_setting(model_dir: Path) -> Path:
    return model_dir


@pytest.fixture
async def simcord_bot(bot_factory, model_setting: Path, monkeypatch):
    """The bot as production starts it, with SEMANTIC=on and a local copy of the model."""
    monkeypatch.setenv("SEMANTIC", "on")
    monkeypatch.setenv("EMBEDDING_MODEL_DIR", str(model_setting))
    return bot_factory()


async def test_ask_understands_a_paraphrase(server) -> None:
    assert await server.env.bot.meaning_loaded()
    result = await server.alice.slash(server.channel, "ask", question=PARAPHRASE)
    content = result.response.content
    assert result.ephemeral
    assert "**Secretary**" in content
    assert DONT_KNOW not in content
    answer = server.env.bot.matcher.answer(PARAPHRASE)
    assert answer.duty is not None and answer.duty.text in content


async def test_a_mention_and_a_dm_use_it_too(server) -> None:
    bot = server.env.bot
    assert await bot.meaning_loaded()
    await server.alice.send(server.channel, mention(server.env, PARAPHRASE))
    reply = server.channel.last_message
    assert reply.author == bot.user and "**Secretary**" in reply.content
    await server.bob.send_dm(PARAPHRASE)
    assert "**Secretary**" in server.bob.user.dm_channel.last_message.content


class TestWithoutAModel:
    """EMBEDDING_MODEL_DIR names a folder without the model: one log line, answers by words."""

    @pytest.fixture
    def model_setting(self, tmp_path: Path) -> Path:
        return tmp_path / "empty"

    async def test_the_bot_answers_by_words_and_says_why(self, server, caplog) -> None:
        assert not await server.env.bot.meaning_loaded()
        records = caplog.get_records("setup") + caplog.get_records("call")  # it loads as the bot starts
        warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
        semantic = [w for w in warnings if w.startswith("Semantic layer off")]
        assert len(semantic) == 1, warnings
        assert "EMBEDDING_MODEL_DIR=" in semantic[0] and "model.safetensors is missing" in semantic[0]
        known = await server.alice.slash(server.channel, "ask", question="who books rooms for meetings?")
        assert "**Secretary**" in known.response.content
        unknown = await server.alice.slash(server.channel, "ask", question=PARAPHRASE)
        assert DONT_KNOW in unknown.response.content
