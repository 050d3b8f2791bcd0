"""The events cog with specced mocks: /next, /events list and an idempotent /sync-events."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import discord
import pytest
from discord import app_commands

from cogs.reminder_mocks import FakeBot, http_error, make_interaction, make_member, said
from reminder_fixtures import NOW
from talkbot.cogs.events import Events, EventsPager
from talkbot.cogs.reminders import REFUSED
from talkbot.knowledge.models import KnowledgeBase


@pytest.fixture
def env(tmp_path):
    bot = FakeBot(tmp_path)
    yield bot, Events(bot)
    if getattr(bot, "reminder_store", None):
        bot.reminder_store.close()


async def test_next_shows_the_first_upcoming_with_a_calendar_file(env):
    bot, cog = env
    interaction = make_interaction(bot)
    await cog.next_event.callback(cog, interaction)
    kwargs = interaction.response.send_message.call_args.kwargs
    first = bot.kb.upcoming(NOW)[0]
    assert kwargs["embed"].title == first.title
    assert f"<t:{int(first.schedule.start.timestamp())}:F>" in kwargs["embed"].fields[0].value
    assert kwargs["file"].filename == f"{first.id}.ics"
    assert kwargs["allowed_mentions"].everyone is False


async def test_next_with_nothing_upcoming_shows_the_latest_past(env):
    bot, cog = env
    bot.reminder_clock._now = datetime(2030, 1, 1, tzinfo=UTC)
    interaction = make_interaction(bot)
    await cog.next_event.callback(cog, interaction)
    kwargs = interaction.response.send_message.call_args.kwargs
    assert kwargs["content"] == "Nothing is scheduled yet. The latest was:"
    assert kwargs["embed"].title == "European Cluster Conference 2027"


async def test_next_reads_the_knowledge_afresh(env):
    bot, cog = env
    bot.engine.kb = KnowledgeBase()  # a reload swapped it
    interaction = make_interaction(bot)
    await cog.next_event.callback(cog, interaction)
    assert "No talks or events" in said(interaction)


async def test_events_list_pages(env):
    bot, cog = env
    interaction = make_interaction(bot)
    await cog.events_list.callback(cog, interaction)
    kwargs = interaction.response.send_message.call_args.kwargs
    view: EventsPager = kwargs["view"]
    assert kwargs["ephemeral"] is True
    assert "Page 1 of 1" in kwargs["embed"].footer.text
    assert view.previous.disabled and view.next.disabled
    past = make_interaction(bot)
    await cog.events_list.callback(cog, past, past=True)
    assert "A past talk" in past.response.send_message.call_args.kwargs["embed"].description


async def test_events_list_with_nothing_upcoming(env):
    bot, cog = env
    bot.reminder_clock._now = datetime(2030, 1, 1, tzinfo=UTC)
    interaction = make_interaction(bot)
    await cog.events_list.callback(cog, interaction)
    assert said(interaction).startswith("Nothing is scheduled yet. The latest was:")


async def test_sync_is_for_moderators(env):
    bot, cog = env
    with pytest.raises(app_commands.CheckFailure, match=re.escape(REFUSED)):
        for check in cog.events_sync.checks:
            await check(make_interaction(bot, user=make_member()))


class FakeEvents:
    """The guild's scheduled events, as Discord would keep them."""

    def __init__(self, guild):
        self.events: dict[int, object] = {}
        self.created = 0
        guild.fetch_scheduled_events = self.fetch
        guild.create_scheduled_event = self.create

    async def fetch(self, **kwargs):
        return list(self.events.values())

    async def create(self, **fields):
        self.created += 1
        event = type("ScheduledEvent", (), {})()
        event.id = 5000 + self.created
        event.status = discord.EventStatus.scheduled
        self._apply(event, fields)

        async def edit(**changes):
            self._apply(event, changes)
            return event

        event.edit = edit
        self.events[event.id] = event
        return event

    @staticmethod
    def _apply(event, fields):
        event.name = fields["name"]
        event.start_time = fields["start_time"].astimezone(UTC)
        event.end_time = fields["end_time"].astimezone(UTC)
        event.location = fields["location"]
        event.description = fields["description"]


async def sync(cog, bot) -> str:
    interaction = make_interaction(bot)
    await cog.events_sync.callback(cog, interaction)
    interaction.response.defer.assert_awaited_once()
    return said(interaction)


async def test_sync_creates_once_then_updates_moved_events(env):
    bot, cog = env
    discord_side = FakeEvents(bot.guild)
    upcoming = len(bot.kb.upcoming(NOW))
    assert await sync(cog, bot) == f"Scheduled events: {upcoming} created, 0 updated, 0 unchanged."
    assert await sync(cog, bot) == f"Scheduled events: 0 created, 0 updated, {upcoming} unchanged."
    assert discord_side.created == upcoming

    talk = bot.kb.talk("2026-12-09-meta-cluster")
    moved = replace(talk, schedule=replace(talk.schedule, start_date=date(2026, 12, 16)))
    bot.engine.kb = replace(bot.kb, talks=tuple(moved if t.id == talk.id else t for t in bot.kb.talks))
    assert await sync(cog, bot) == f"Scheduled events: 0 created, 1 updated, {upcoming - 1} unchanged."
    assert discord_side.created == upcoming
    event_id = bot.reminder_store.scheduled_event(bot.guild.id, talk.id).discord_event_id
    assert discord_side.events[event_id].start_time == moved.schedule.start


async def test_sync_adopts_an_existing_event_instead_of_duplicating(env):
    bot, cog = env
    discord_side = FakeEvents(bot.guild)
    await sync(cog, bot)
    bot.reminder_store.conn.execute("DELETE FROM scheduled_events")  # the mapping is lost
    await sync(cog, bot)
    assert discord_side.created == len(bot.kb.upcoming(NOW))


async def test_sync_without_manage_events_says_so(env):
    bot, cog = env
    bot.guild.fetch_scheduled_events = lambda **kw: _raise(http_error(discord.Forbidden, 403, "Missing Permissions"))
    assert "Manage Events" in await sync(cog, bot)


async def _raise(exc):
    raise exc
