"""End-to-end fixtures: a fake Discord on loopback and the real bot, with the real engine on the
shipped knowledge (the session ``engine`` fixture of tests/conftest.py), logged in to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from e2e.fake_discord import FAST, FakeDiscord
from fakes import Holder
from talkbot.bot import TalkBot
from talkbot.config import Settings
from talkbot.feedback import FeedbackStore


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    async with fake.serving():
        yield fake


@pytest.fixture
def settings(fake_discord: FakeDiscord, tmp_path) -> Settings:
    return Settings(
        token=fake_discord.token,
        data_dir=tmp_path,
        ask_channel_ids=(fake_discord.ask_channel_id,),
        rate_limit_count=5,
        rate_limit_seconds=60,
    )


@pytest.fixture
async def bot(fake_discord: FakeDiscord, settings: Settings, engine) -> AsyncIterator[TalkBot]:
    store = FeedbackStore.open(settings.database, settings.hash_salt)
    client = TalkBot(settings, Holder(engine), store, **FAST)
    async with fake_discord.running(client):
        yield client
    store.close()


@pytest.fixture
def guild_settings(settings: Settings, fake_discord: FakeDiscord) -> Settings:
    return replace(settings, guild_ids=(fake_discord.guild_id,))
