"""🔔 Remind me on the wire: the real discord.py client against the fake Discord.

A member presses Remind me under an answer, the DM arrives on time with the .ics, a second
press offers to cancel and cancelling works, closed DMs fall back to the reminders channel,
and a member "Interested" in a synced Discord event gets the DM. The clock is moved by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import discord
import pytest

from e2e.fake_discord import FAST, FakeDiscord, Respond, buttons, embeds_text
from fakes import Holder
from reminder_fixtures import NOW, FakeClock, inline_db, make_kb
from talkbot.answer.engine import Engine
from talkbot.bot import TalkBot
from talkbot.config import Settings
from talkbot.feedback import FeedbackStore

ANN = {
    "id": "555000000000000021",
    "username": "ann",
    "global_name": "Ann",
    "discriminator": "0",
    "avatar": None,
}
MOD = {
    "id": "555000000000000022",
    "username": "mod",
    "global_name": "Mod",
    "discriminator": "0",
    "avatar": None,
}
TALK = "2026-12-09-meta-cluster"
DM_CHANNEL = 888000000000000001
COMPONENT_EPHEMERAL = 64


class Env:
    def __init__(self, fake: FakeDiscord, bot: TalkBot, fallback: int):
        self.fake, self.bot, self.fallback = fake, bot, fallback
        self.dms_closed = False

    @property
    def store(self):
        return self.bot.reminder_store


@pytest.fixture
async def env(fake_discord: FakeDiscord, tmp_path) -> AsyncIterator[Env]:
    fake = fake_discord
    fallback = fake.snowflake()
    fake.guilds[fake.guild_id]["channels"].append(fake.text_channel(fallback, "reminders"))
    settings = Settings(token=fake.token, data_dir=tmp_path, remindme_channel_id=fallback)
    clock = FakeClock(NOW)
    feedback = FeedbackStore.open(settings.database, settings.hash_salt)
    client = TalkBot(settings, Holder(Engine(make_kb())), feedback, utcnow=clock.now, **FAST)
    client.reminder_clock = clock
    client.reminder_run_db = inline_db
    state = Env(fake, client, fallback)

    @fake.route("POST", "/users/@me/channels")
    def open_dm(req) -> dict[str, Any]:
        return {"id": str(DM_CHANNEL), "type": 1, "recipients": [ANN]}

    @fake.route("GET", "/users/{user_id}")
    def get_user(req) -> dict[str, Any]:
        return ANN if req.params["user_id"] == ANN["id"] else MOD

    @fake.route("POST", "/channels/{channel_id}/messages")
    def create(req) -> Any:
        if int(req.params["channel_id"]) == DM_CHANNEL and state.dms_closed:
            return Respond(403, {"message": "Cannot send messages to this user", "code": 50007})
        return fake._create_message(req)

    async with fake.running(client):
        yield state
    feedback.close()


async def ask_and_press(env: Env) -> tuple[dict[str, Any], Any]:
    """Ann asks in chat; presses 🔔 Remind me under the answer; returns the answer and the reply."""
    fake = env.fake
    mark = fake.mark()
    await fake.send_message(f"{fake.mention()} who speaks at the meta-clusters in practice talk?", author=ANN)
    posted = await fake.wait_for_request("POST", f"/channels/{fake.channel_id}/messages", after=mark)
    answer = fake.messages[max(fake.messages)]
    ids = [b.get("custom_id") for b in buttons(posted.json)]
    assert f"tb:remindme:{TALK}" in ids, ids
    mark = fake.mark()
    pressed = await fake.press(answer, f"tb:remindme:{TALK}", user=ANN)
    return answer, await fake.callback_of(pressed, after=mark)


async def wait_for(predicate, rounds: int = 100) -> None:
    for _ in range(rounds):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


async def test_remind_me_under_an_answer_delivers_a_dm_on_time_with_the_ics(env):
    fake, bot = env.fake, env.bot
    answer, reply = await ask_and_press(env)
    data = reply.json["data"]
    start = bot.engine.kb.talk(TALK).schedule.start
    assert data["flags"] & COMPONENT_EPHEMERAL
    assert (
        f"<t:{int(start.timestamp())}:F>" in data["content"] and "1 day and 1 hour before" in data["content"]
    )
    assert f"<#{env.fallback}>" in data["content"]  # where it goes if the DMs are closed

    mark = fake.mark()
    await bot.reminder_clock.set(start - timedelta(days=1, seconds=1))
    await asyncio.sleep(0.05)
    assert fake.requests_to("POST", f"/channels/{DM_CHANNEL}/messages", after=mark) == []
    await bot.reminder_clock.advance(timedelta(seconds=1))
    dm = await fake.wait_for_request("POST", f"/channels/{DM_CHANNEL}/messages", after=mark)
    text = embeds_text(dm.json)
    assert "Meta-clusters in practice" in text and f"<t:{int(start.timestamp())}:R>" in text
    assert "Jane Doe" in text and "Register on the ECCP page" in text
    assert [f[1] for f in dm.files] == [f"{TALK}.ics"]
    assert dm.json["allowed_mentions"] == {"parse": []}
    await wait_for(lambda: len(env.store.subscriptions()) == 1)  # the 1-hour one is left

    # A second press offers to cancel; cancelling removes the one left.
    mark = fake.mark()
    again = await fake.callback_of(await fake.press(answer, f"tb:remindme:{TALK}", user=ANN), after=mark)
    assert "Cancel it?" in again.json["data"]["content"]
    offer = {
        "id": str(fake.snowflake()), "channel_id": str(fake.channel_id), "guild_id": str(fake.guild_id),
        "author": fake.bot_user, "content": again.json["data"]["content"], "flags": 64,
        "components": again.json["data"]["components"], "embeds": [], "attachments": [],
        "mentions": [], "mention_roles": [], "pinned": False, "tts": False, "type": 0,
        "timestamp": answer["timestamp"], "edited_timestamp": None, "mention_everyone": False,
    }  # fmt: skip
    mark = fake.mark()
    cancelled = await fake.callback_of(
        await fake.press(offer, f"tb:remindme-cancel:{TALK}", user=ANN), after=mark
    )
    assert cancelled.json["data"]["content"] == "Your reminder is cancelled."
    assert env.store.subscriptions() == []


async def test_closed_dms_fall_back_to_the_reminders_channel_pinging_only_the_member(env):
    fake, bot = env.fake, env.bot
    await ask_and_press(env)
    env.dms_closed = True
    start = bot.engine.kb.talk(TALK).schedule.start
    mark = fake.mark()
    await bot.reminder_clock.set(start - timedelta(days=1))
    posted = await fake.wait_for_request("POST", f"/channels/{env.fallback}/messages", after=mark)
    assert posted.json["content"] == f"<@{ANN['id']}>"
    assert posted.json["allowed_mentions"] == {"parse": [], "users": [int(ANN["id"])]}
    assert "Meta-clusters in practice" in embeds_text(posted.json)
    assert [f[1] for f in posted.files] == [f"{TALK}.ics"]
    assert len(fake.requests_to("POST", f"/channels/{env.fallback}/messages", after=mark)) == 1


async def test_a_member_interested_in_the_synced_event_gets_the_dm(env):
    fake, bot = env.fake, env.bot

    @fake.route("GET", "/guilds/{guild_id}/scheduled-events/{event_id}")
    def get_event(req) -> Any:
        return fake.scheduled_events.get(int(req.params["event_id"])) or Respond(
            404, {"message": "?", "code": 10070}
        )

    @fake.route("GET", "/guilds/{guild_id}/scheduled-events/{event_id}/users")
    def interested(req) -> list[dict[str, Any]]:
        if req.query.get("after"):
            return []  # one page
        event = fake.scheduled_events[int(req.params["event_id"])]
        if event["name"] != "Meta-clusters in practice":
            return []
        return [{"guild_scheduled_event_id": str(event["id"]), "user": ANN}]

    mark = fake.mark()
    asked = await fake.slash(
        "sync-events", {}, user=MOD,
        permissions=discord.Permissions(manage_events=True, view_channel=True, send_messages=True),
    )  # fmt: skip
    await fake.followup_of(asked, after=mark)
    added, _ = await bot.get_cog("RemindMe").sync_interested(bot.get_guild(fake.guild_id))
    assert added == 1
    [first, _] = env.store.subscriptions(int(ANN["id"]))
    assert first.source == "interested"

    start = bot.engine.kb.talk(TALK).schedule.start
    mark = fake.mark()
    await bot.reminder_clock.set(start - timedelta(days=1))
    dm = await fake.wait_for_request("POST", f"/channels/{DM_CHANNEL}/messages", after=mark)
    assert "Meta-clusters in practice" in embeds_text(dm.json)
