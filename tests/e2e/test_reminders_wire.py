"""Reminders and events on the wire: the real discord.py client against the fake Discord.

The scheduler's clock is injected (``bot.reminder_clock``): time moves only when a test says.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import discord
import pytest

from e2e.fake_discord import FAST, FakeDiscord, embeds_text
from fakes import Holder
from reminder_fixtures import NOW, FakeClock, inline_db, make_kb
from talkbot.agenda import scheduled_event_specs
from talkbot.answer.engine import Engine
from talkbot.bot import EXTENSIONS, TalkBot
from talkbot.cogs.reminders import REFUSED
from talkbot.config import Settings
from talkbot.feedback import FeedbackStore
from talkbot.reminders import Reminder, ReminderStore, Status

MOD = {"id": "555000000000000011", "username": "mod", "global_name": "Mod", "discriminator": "0", "avatar": None}
ANN = {"id": "555000000000000012", "username": "ann", "global_name": "Ann", "discriminator": "0", "avatar": None}
MOD_ROLE = 777000000000000001
FANS_ROLE = 777000000000000002
TALK = "2026-12-09-meta-cluster"
OUR_COGS = ("talkbot.cogs.reminders", "talkbot.cogs.events")


def role(role_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(role_id), "name": name, "permissions": "0", "position": 1, "color": 0, "hoist": False,
        "managed": False, "mentionable": True, "flags": 0,
    }  # fmt: skip


@pytest.fixture
async def rbot(fake_discord: FakeDiscord, tmp_path) -> AsyncIterator[TalkBot]:
    fake_discord.guilds[fake_discord.guild_id]["roles"] += [role(MOD_ROLE, "moderators"), role(FANS_ROLE, "talk fans")]
    settings = Settings(token=fake_discord.token, data_dir=tmp_path, moderator_role_id=MOD_ROLE)
    clock = FakeClock(NOW)
    store = FeedbackStore.open(settings.database, settings.hash_salt)
    assert set(OUR_COGS) <= set(EXTENSIONS)
    client = TalkBot(settings, Holder(Engine(make_kb())), store, utcnow=clock.now, **FAST)
    client.reminder_clock = clock
    client.reminder_run_db = inline_db
    async with fake_discord.running(client):
        yield client
    store.close()


ROLE = 8


async def test_a_moderators_reminder_is_posted_at_its_time_pinging_only_its_role(fake_discord, rbot):
    fake = fake_discord
    options = {"when": "2h", "event": TALK, "role": {"type": ROLE, "value": str(FANS_ROLE)},
               "note": "Bring your questions"}  # fmt: skip
    resolved = {"roles": {str(FANS_ROLE): role(FANS_ROLE, "talk fans")}}
    mark = fake.mark()
    asked = await fake.slash("remind add", options, user=MOD, roles=(MOD_ROLE,), resolved=resolved)
    answer = await fake.callback_of(asked, after=mark)
    assert answer.json["data"]["flags"] == 64 and answer.json["data"]["content"].startswith("Reminder #1 set for")

    store = rbot.reminder_store
    (saved,) = store.pending()
    start = rbot.engine.kb.talk(TALK).schedule.start
    assert saved.due == start - timedelta(hours=2)

    mark = fake.mark()
    await rbot.reminder_clock.set(saved.due - timedelta(seconds=1))
    await asyncio.sleep(0.05)
    assert fake.requests_to("POST", f"/channels/{fake.channel_id}/messages", after=mark) == []
    await rbot.reminder_clock.advance(timedelta(seconds=1))
    sent = await fake.wait_for_request("POST", f"/channels/{fake.channel_id}/messages", after=mark)
    body = sent.json
    assert body["content"] == f"<@&{FANS_ROLE}>"
    assert body["allowed_mentions"] == {"parse": [], "roles": [FANS_ROLE]}  # no everyone, no users
    assert body["nonce"] and body["enforce_nonce"] is True
    text = embeds_text(body)
    assert "Meta-clusters in practice" in text and "Jane Doe" in text and "Bring your questions" in text
    assert [f[1] for f in sent.files] == [f"{TALK}.ics"]
    for _ in range(50):
        if store.get(saved.id).status == Status.SENT:
            break
        await asyncio.sleep(0.01)
    done = store.get(saved.id)
    assert done.status == Status.SENT and done.nonce == body["nonce"]


async def test_a_member_without_manage_events_or_the_role_is_refused(fake_discord, rbot):
    fake = fake_discord
    mark = fake.mark()
    asked = await fake.slash("remind add", {"when": "2h", "text": "hi"}, user=ANN)
    answer = await fake.callback_of(asked, after=mark)
    assert answer.json["type"] == 4 and answer.json["data"]["flags"] == 64
    assert answer.json["data"]["content"] == REFUSED
    assert rbot.reminder_store.pending() == []


async def test_events_sync_creates_the_scheduled_events_once(fake_discord, rbot):
    fake = fake_discord
    expected = len(scheduled_event_specs(rbot.engine.kb, rbot.utcnow()))
    for run in range(2):
        mark = fake.mark()
        asked = await fake.slash("sync-events", {}, user=MOD, roles=(MOD_ROLE,))
        reply = await fake.followup_of(asked, after=mark)
        created = fake.requests_to("POST", "/guilds/{guild_id}/scheduled-events", after=mark)
        assert len(created) == (expected if run == 0 else 0), reply.json
    assert len(fake.scheduled_events) == expected
    assert "0 created, 0 updated" in reply.json["content"]
    names = {e["name"] for e in fake.scheduled_events.values()}
    assert "Meta-clusters in practice" in names


async def test_next_shows_discord_timestamps_and_a_calendar_file(fake_discord, rbot):
    fake = fake_discord
    mark = fake.mark()
    asked = await fake.slash("next", {}, user=ANN)
    answer = await fake.callback_of(asked, after=mark)
    first = rbot.engine.kb.upcoming(NOW)[0]
    assert f"<t:{int(first.schedule.start.timestamp())}:F>" in embeds_text(answer.json["data"])
    assert [f[1] for f in answer.files] == [f"{first.id}.ics"]
    assert discord.AllowedMentions.none().to_dict() == answer.json["data"]["allowed_mentions"]


async def test_manage_events_is_enough_and_a_free_reminder_pings_nobody(fake_discord, rbot):
    fake = fake_discord
    mark = fake.mark()
    asked = await fake.slash(
        "remind add", {"when": "in 30m", "text": "@everyone coffee break"}, user=ANN,
        permissions=discord.Permissions(manage_events=True, view_channel=True, send_messages=True),
    )  # fmt: skip
    assert (await fake.callback_of(asked, after=mark)).json["data"]["content"].startswith("Reminder #")
    mark = fake.mark()
    await rbot.reminder_clock.advance(timedelta(minutes=30))
    sent = await fake.wait_for_request("POST", f"/channels/{fake.channel_id}/messages", after=mark)
    assert sent.json["allowed_mentions"] == {"parse": [], "roles": []}
    assert not sent.json.get("content")
    assert "@everyone coffee break" in embeds_text(sent.json)


@pytest.fixture
async def restarted(fake_discord: FakeDiscord, tmp_path) -> AsyncIterator[tuple[TalkBot, int, int, int]]:
    """The bot comes back after downtime: one reminder 1 h overdue, one 2 days overdue."""
    admin = fake_discord.snowflake()
    fake_discord.guilds[fake_discord.guild_id]["channels"].append(fake_discord.text_channel(admin, "mods"))
    settings = Settings(token=fake_discord.token, data_dir=tmp_path, admin_channel_id=admin)
    store = ReminderStore.open(settings.database)
    recent = store.add(Reminder(None, fake_discord.guild_id, fake_discord.channel_id, 1, NOW - timedelta(hours=1), text="Recent"))
    old = store.add(Reminder(None, fake_discord.guild_id, fake_discord.channel_id, 1, NOW - timedelta(days=2), text="Old"))
    store.close()
    feedback = FeedbackStore.open(settings.database, settings.hash_salt)
    clock = FakeClock(NOW)
    client = TalkBot(settings, Holder(Engine(make_kb())), feedback, utcnow=clock.now, **FAST)
    client.reminder_clock = clock
    client.reminder_run_db = inline_db
    async with fake_discord.running(client):
        yield client, recent.id, old.id, admin
    feedback.close()


async def test_after_a_restart_overdue_reminders_are_late_or_reported_missed(fake_discord, restarted):
    bot, recent, old, admin = restarted
    fake = fake_discord
    posted = await fake.wait_for_request("POST", f"/channels/{fake.channel_id}/messages")
    assert "Late" in embeds_text(posted.json) and "Recent" in embeds_text(posted.json)
    report = await fake.wait_for_request("POST", f"/channels/{admin}/messages")
    assert "Missed reminder" in report.json["content"] and f"#{old}" in report.json["content"]
    await asyncio.sleep(0.05)
    assert len(fake.requests_to("POST", f"/channels/{fake.channel_id}/messages")) == 1
    store = bot.reminder_store
    assert store.get(recent).late and store.get(old).status == Status.MISSED
