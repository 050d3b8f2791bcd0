"""Specced mocks of Discord objects for the cog tests."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest.mock import AsyncMock, MagicMock

import discord

from talkbot.bot import TalkBot

BOT_ID = 4242
ASK_CHANNEL = 777


class WallClock:
    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make_interaction(bot: TalkBot, user_id: int = 1, *, done: bool = False) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.client = bot
    interaction.user = MagicMock(spec=discord.Member, id=user_id)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.is_done.return_value = done
    interaction.followup = MagicMock(spec=discord.Webhook)
    return interaction


def make_message(
    content: str,
    *,
    author_id: int = 1,
    channel_id: int = 100,
    dm: bool = False,
    mentions_bot: bool | None = None,
    perms: discord.Permissions | None = None,
) -> MagicMock:
    message = MagicMock(spec=discord.Message)
    message.id = 9000
    message.content = content
    message.author = MagicMock(spec=discord.Member, id=author_id, bot=False)
    message.webhook_id = None
    message.type = discord.MessageType.default
    message.role_mentions = []
    mentioned = mentions_bot if mentions_bot is not None else f"<@{BOT_ID}>" in content
    message.mentions = [MagicMock(spec=discord.User, id=BOT_ID)] if mentioned else []
    if dm:
        message.guild = None
        message.channel = MagicMock(spec=discord.DMChannel, id=channel_id)
    else:
        message.guild = MagicMock(spec=discord.Guild, self_role=None, me=MagicMock(spec=discord.Member))
        message.channel = MagicMock(spec=discord.TextChannel, id=channel_id, parent_id=None)
        message.channel.name = "general"
        message.channel.permissions_for.return_value = perms or discord.Permissions.text()
    message.reply = AsyncMock()
    message.channel.send = AsyncMock()
    return message


def sent_embed(mock: AsyncMock) -> discord.Embed:
    return mock.await_args.kwargs["embed"]


def assert_no_mentions(mock: AsyncMock) -> None:
    allowed = mock.await_args.kwargs["allowed_mentions"]
    assert allowed.to_dict() in ({"parse": []}, {"parse": [], "replied_user": False})
