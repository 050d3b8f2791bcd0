"""End-to-end fixtures: a fake Discord on loopback and the real bot logged in to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from fake_discord import FAST, FakeDiscord

from fakes import FakeEngine, Holder
from talkbot.bot import TalkBot
from talkbot.config import Settings
from talkbot.feedback import FeedbackStore


def make_engine(kb):
    """The real engine once it exists on main; the contract-following fake before that."""
    try:
        from talkbot.answer.engine import Engine
    except ImportError:
        return FakeEngine(kb)
    return Engine(kb)


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
def engine(kb):
    return make_engine(kb)


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
