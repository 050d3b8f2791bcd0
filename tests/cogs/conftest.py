"""Cog tests: real cogs on an unconnected TalkBot, with specced mocks for Discord objects."""

from __future__ import annotations

from unittest.mock import MagicMock

import discord
import pytest

from cogs.discord_mocks import ASK_CHANNEL, BOT_ID, WallClock
from fakes import FakeClock, FakeEngine, Holder
from talkbot.bot import TalkBot
from talkbot.config import Settings
from talkbot.feedback import FeedbackStore


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def bot(kb, tmp_path, clock, wall) -> TalkBot:
    settings = Settings(token="t", data_dir=tmp_path, ask_channel_ids=(ASK_CHANNEL,), rate_limit_count=3)
    store = FeedbackStore.open(settings.database, settings.hash_salt, wall)
    client = TalkBot(settings, Holder(FakeEngine(kb)), store, clock=clock, utcnow=wall)
    client._connection.user = MagicMock(spec=discord.ClientUser, id=BOT_ID)
    for extension in ("talkbot.cogs.ask", "talkbot.cogs.browse"):
        await client.load_extension(extension)
    yield client
    store.close()
