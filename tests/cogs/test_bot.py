from __future__ import annotations

import logging
import re
from pathlib import Path

import discord
from discord import app_commands

from cogs.discord_mocks import make_interaction
from talkbot.bot import INVITE_PERMISSIONS, SORRY, TalkTree, invite_url, make_intents
from talkbot.config import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_intents_are_minimal() -> None:
    intents = make_intents(Settings())
    assert intents.guilds and intents.guild_messages and intents.dm_messages
    assert not intents.message_content and not intents.members and not intents.presences
    assert make_intents(Settings(ask_channel_ids=(1,))).message_content


def test_invite_permissions_match_the_deployment_doc() -> None:
    text = (DOCS / "deploying.md").read_text(encoding="utf-8")
    assert str(INVITE_PERMISSIONS.value) in text
    assert f"permissions={INVITE_PERMISSIONS.value}" in invite_url(123)
    assert "scope=bot+applications.commands" in invite_url(123)
    assert not INVITE_PERMISSIONS.mention_everyone and not INVITE_PERMISSIONS.administrator


def test_client_allows_no_mentions_by_default(bot) -> None:
    allowed = bot.allowed_mentions
    assert (allowed.everyone, allowed.users, allowed.roles, allowed.replied_user) == (
        False,
        False,
        False,
        False,
    )


def test_commands_have_user_facing_descriptions(bot) -> None:
    for command in bot.tree.get_commands():
        assert command.description and not command.description.startswith("…")
        assert re.fullmatch(r"[a-z]+", command.name)


async def test_tree_errors_become_a_polite_line(bot, caplog) -> None:
    interaction = make_interaction(bot)
    interaction.command = None
    tree = bot.tree
    assert isinstance(tree, TalkTree)
    error = app_commands.CommandInvokeError(bot.tree.get_command("ask"), RuntimeError("boom"))
    with caplog.at_level(logging.ERROR):
        await tree.on_error(interaction, error)
    assert interaction.response.send_message.await_args.args[0] == SORRY
    assert interaction.response.send_message.await_args.kwargs["ephemeral"] is True
    assert caplog.records[-1].exc_info is not None


async def test_tree_error_after_deferral_uses_the_followup(bot) -> None:
    interaction = make_interaction(bot, done=True)
    interaction.command = None
    await bot.tree.on_error(interaction, app_commands.AppCommandError("x"))
    interaction.followup.send.assert_awaited_once()


async def test_an_expired_interaction_is_not_an_error(bot) -> None:
    from unittest.mock import AsyncMock

    interaction = make_interaction(bot)
    interaction.command = None
    response = AsyncMock(status=404, reason="Not Found")
    interaction.response.send_message.side_effect = discord.NotFound(
        response, {"code": 10062, "message": "Unknown interaction"}
    )
    await bot.tree.on_error(interaction, app_commands.AppCommandError("x"))


def test_unwritable_data_folder_is_a_one_line_error(tmp_path, monkeypatch, capsys) -> None:
    from talkbot.cli import main

    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "x")
    monkeypatch.setenv("TALKBOT_DATA", str(blocker))
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("talkbot: cannot open the bot's database") and "Traceback" not in err
