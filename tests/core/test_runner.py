"""``python -m bot run`` and ``python -m bot invite``: clear one-line messages, never a traceback."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import pytest
from conftest import run_bot

from bot import client, config, runner

REPO = Path(__file__).resolve().parents[2]
PORTAL = "discord.com/developers"
APP_ID = "123456789012345678"
# shaped like a bot token (base64 of a numeric id, a timestamp, a secret); not a real one
FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.not-a-real-secret-but-long-enough_x"


def assert_one_line_no_traceback(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def invite_params(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "discord.com", url
    assert parts.path == "/oauth2/authorize", url
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def repo_dotenv_has_token() -> bool:
    dotenv = REPO / ".env"
    if not dotenv.exists():
        return False
    for line in dotenv.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.strip().removeprefix("export ").strip() == "DISCORD_TOKEN" and value.strip(" '\""):
            return True
    return False


# -- run ---------------------------------------------------------------------------------------


def test_run_without_token_explains_in_one_line(tmp_path: Path) -> None:
    if repo_dotenv_has_token():
        # bot.config's load_dotenv() finds .env next to the code, whatever the cwd
        pytest.skip("the .env next to the code has a DISCORD_TOKEN: the real bot would start")
    result = run_bot("run", cwd=tmp_path)
    assert result.returncode != 0
    line = assert_one_line_no_traceback(result)
    assert "DISCORD_TOKEN" in line
    assert PORTAL in line
    assert result.stdout == ""
    assert not (tmp_path / "data").exists()  # no database created for a bot that cannot start


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (discord.LoginFailure("Improper token has been passed."), ["DISCORD_TOKEN", PORTAL]),
        (discord.PrivilegedIntentsRequired(shard_id=None), ["INTENT", PORTAL]),
        (OSError("Cannot connect to host discord.com:443"), ["Could not reach Discord"]),
    ],
    ids=["bad token", "intents off", "no network"],
)
def test_run_failures_explain_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    expected: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    tokens: list[str] = []

    def failing_run(bot, token: str, **kwargs) -> None:  # stands in for discord.Client.run
        tokens.append(token)
        raise error

    monkeypatch.setattr(config, "load_dotenv_files", lambda: ())  # read no .env into this process
    monkeypatch.setattr(client.OfficerBot, "run", failing_run)
    assert runner.run() != 0
    assert tokens == [FAKE_TOKEN]
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for word in expected:
        assert word in lines[0]
    assert FAKE_TOKEN not in err and FAKE_TOKEN.split(".")[2] not in err  # never echo the secret


@pytest.fixture
def root_logging():
    """Put the root logger back as it was after a test that configures it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize(("level", "shown"), [("INFO", True), ("warning", False)])
def test_log_level_sets_the_root_logger_for_the_bots_own_lines(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    root_logging,
    level: str,
    shown: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setenv("LOG_LEVEL", level)

    def logging_run(bot, token: str, **kwargs) -> None:  # stands in for discord.Client.run
        logging.getLogger("cogs.onboarding.welcomes").info("an info line from the bot's own code")

    monkeypatch.setattr(config, "load_dotenv_files", lambda: ())
    monkeypatch.setattr(client.OfficerBot, "run", logging_run)
    assert runner.run() == 0
    assert ("an info line from the bot's own code" in capsys.readouterr().err) is shown
    assert root_logging.level == getattr(logging, level.upper())


@pytest.mark.parametrize("command", ["run", "check"])
def test_an_unknown_log_level_is_refused_in_one_line(tmp_path: Path, command: str) -> None:
    result = run_bot(command, cwd=tmp_path, LOG_LEVEL="loud", DISCORD_TOKEN=FAKE_TOKEN)
    assert result.returncode != 0
    line = assert_one_line_no_traceback(result)
    assert line.startswith("LOG_LEVEL must be one of DEBUG, INFO") and "'loud'" in line


# -- invite ------------------------------------------------------------------------------------


def test_invite_prints_the_oauth_url(tmp_path: Path) -> None:
    result = run_bot("invite", APP_ID, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert "\n" not in url
    params = invite_params(url)
    assert params["client_id"] == APP_ID
    assert set(params["scope"].split()) >= {"bot", "applications.commands"}
    permissions = discord.Permissions(int(params["permissions"]))
    assert permissions.send_messages
    assert permissions.embed_links
    assert permissions.view_channel
    assert not permissions.administrator
    assert not permissions.manage_guild and not permissions.manage_roles
    assert not permissions.mention_everyone


def test_invite_permissions_are_what_the_bot_uses() -> None:
    permissions = runner.bot_permissions()
    needed = discord.Permissions(
        view_channel=True, send_messages=True, embed_links=True, read_message_history=True
    )
    assert needed <= permissions
    assert not permissions.administrator
    assert permissions.value == int(invite_params(runner.invite_url(APP_ID))["permissions"])


def test_invite_trims_spaces() -> None:
    assert invite_params(runner.invite_url(f"  {APP_ID}\n"))["client_id"] == APP_ID


@pytest.mark.parametrize("bad", ["my-bot", "12ab", "-5", "0", "1_000", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨", "1" * 25])
def test_invite_rejects_what_is_not_an_application_id(tmp_path: Path, bad: str) -> None:
    result = run_bot("invite", "--", bad, cwd=tmp_path)
    assert result.returncode != 0
    line = assert_one_line_no_traceback(result)
    assert "not an application id" in line
    assert "Application ID" in line and PORTAL in line
    assert result.stdout == ""


def test_invite_without_an_id_shows_usage(tmp_path: Path) -> None:
    result = run_bot("invite", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "application_id" in result.stderr
