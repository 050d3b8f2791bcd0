"""Specced stand-ins for the reminders and events cog tests: a duck-typed bot with a hand-moved
clock, members with or without Manage Events, channels that accept or refuse."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

import discord

from reminder_fixtures import NOW, FakeClock, inline_db, make_kb
from talkbot.config import Settings

GUILD_ID = 1000
CHANNEL_ID = 2000
ANNOUNCE_ID = 2001
ADMIN_CHANNEL_ID = 2002
MOD_ROLE_ID = 3000
PING_ROLE_ID = 3001
BOT_ID = 9000


class Engine:
    def __init__(self, kb):
        self.kb = kb


def http_error(cls, status: int, text: str):
    response = MagicMock(status=status, reason=text)
    return cls(response, {"code": 50001, "message": text})


def make_channel(channel_id: int = CHANNEL_ID, *, can_send: bool = True):
    channel = MagicMock(spec=discord.TextChannel)
    channel.id = channel_id
    channel.mention = f"<#{channel_id}>"
    sent = MagicMock(spec=discord.Message)
    sent.id = 555
    channel.send = AsyncMock(return_value=sent)
    bot_perms = discord.Permissions(
        view_channel=True, send_messages=can_send, embed_links=True, attach_files=True, read_message_history=True
    )
    # Members: everyone may talk here, plus what their roles give them server-wide; a test
    # sets ``channel.member_overwrites[member_id]`` to model a channel that denies or allows more.
    channel.member_overwrites = {}

    def permissions_for(member):
        if member.id == BOT_ID:
            return bot_perms
        if member.id in channel.member_overwrites:
            return channel.member_overwrites[member.id]
        base = discord.Permissions(view_channel=True, send_messages=True)
        return discord.Permissions(base.value | member.guild_permissions.value)

    channel.permissions_for = MagicMock(side_effect=permissions_for)

    async def no_history(**kwargs):
        for message in channel.history_messages:
            yield message

    channel.history_messages = []
    channel.history = MagicMock(side_effect=lambda **kw: no_history(**kw))
    return channel


def make_member(member_id: int = 42, *, manage_events: bool = False, role_ids: tuple[int, ...] = ()):
    member = MagicMock(spec=discord.Member)
    member.id = member_id
    member.guild_permissions = discord.Permissions(manage_events=manage_events)
    member.roles = [SimpleNamespace(id=r) for r in role_ids]
    return member


def make_role(role_id: int = PING_ROLE_ID, *, default: bool = False):
    role = MagicMock(spec=discord.Role)
    role.id = role_id
    role.mention = f"<@&{role_id}>"
    role.mentionable = True
    role.is_default = MagicMock(return_value=default)
    return role


class FakeBot:
    def __init__(self, tmp_path, kb=None, **settings):
        base = Settings(
            data_dir=tmp_path,
            moderator_role_id=MOD_ROLE_ID,
            announce_channel_id=ANNOUNCE_ID,
            admin_channel_id=ADMIN_CHANNEL_ID,
        )
        self.settings = replace(base, **settings)
        self.engine = Engine(kb or make_kb())
        self.reminder_clock = FakeClock(NOW)
        self.reminder_run_db = inline_db
        self.utcnow = self.reminder_clock.now
        self.user = SimpleNamespace(id=BOT_ID)
        self.guild = make_guild()
        self.channels = {
            CHANNEL_ID: make_channel(CHANNEL_ID),
            ANNOUNCE_ID: make_channel(ANNOUNCE_ID),
            ADMIN_CHANNEL_ID: make_channel(ADMIN_CHANNEL_ID),
        }
        for channel in self.channels.values():
            channel.guild = self.guild
        self.fetch_channel = AsyncMock(side_effect=http_error(discord.NotFound, 404, "Unknown Channel"))

    def get_channel(self, channel_id):
        return self.channels.get(channel_id)

    async def wait_until_ready(self):
        return None

    @property
    def kb(self):
        return self.engine.kb


def make_guild():
    guild = MagicMock(spec=discord.Guild)
    guild.id = GUILD_ID
    guild.me = make_member(BOT_ID)
    return guild


def make_interaction(bot: FakeBot, user=None, channel=None):
    interaction = MagicMock(spec=discord.Interaction)
    interaction.client = bot
    interaction.guild = bot.guild
    interaction.user = user or make_member(manage_events=True)
    # What Discord resolves for the member in this channel: a member can talk where they ask.
    interaction.permissions = discord.Permissions(
        view_channel=True, send_messages=True, manage_events=interaction.user.guild_permissions.manage_events
    )
    interaction.channel = channel or bot.channels[CHANNEL_ID]
    interaction.response = MagicMock()
    interaction.response.is_done = MagicMock(return_value=False)
    interaction.response.send_message = AsyncMock()
    interaction.response.defer = AsyncMock()
    interaction.response.edit_message = AsyncMock()
    interaction.followup = MagicMock()
    interaction.followup.send = AsyncMock()
    return interaction


def said(interaction) -> str:
    """The text of the (ephemeral) reply."""
    calls = interaction.response.send_message.call_args_list + interaction.followup.send.call_args_list
    assert calls, "nothing was sent"
    args, kwargs = calls[-1]
    return args[0] if args else kwargs.get("content") or ""
