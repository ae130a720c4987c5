"""The bot client: the one log line that says it is up."""

from __future__ import annotations

import logging


async def test_start_up_logs_one_line_with_account_servers_database_and_catalogue(
    simcord_env, restart, caplog
):
    simcord_env.create_guild("North CLP")
    simcord_env.create_guild("South CLP")
    caplog.set_level(logging.INFO, logger="bot.client")

    bot = await restart()

    lines = [r.getMessage() for r in caplog.records if r.name == "bot.client"]
    lines = [line for line in lines if "Ready as" in line]
    assert len(lines) == 1, lines
    line = lines[0]
    assert f"Ready as {bot.user} (id {bot.user.id})" in line
    assert "in 2 server(s)" in line
    assert f"database {bot.database.resolve()}; no .env; " in line  # the bots here read no .env
    assert line.endswith(bot.catalogue.summary_line())
