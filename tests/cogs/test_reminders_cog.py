"""The reminders cog with specced mocks: who may, what is stored, what is posted."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import discord
import pytest
from discord import app_commands

from cogs.reminder_mocks import (
    ADMIN_CHANNEL_ID,
    ANNOUNCE_ID,
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    MOD_ROLE_ID,
    PING_ROLE_ID,
    FakeBot,
    http_error,
    make_interaction,
    make_member,
    make_role,
    said,
)
from reminder_fixtures import NOW, settle
from talkbot.cogs.reminders import REFUSED, Reminders
from talkbot.reminders import Reminder, Status

TALK = "2026-12-09-meta-cluster"


@pytest.fixture
async def env(tmp_path):
    bot = FakeBot(tmp_path, announce_channel_id=None)  # automatic reminders: their own test
    cog = Reminders(bot)
    await cog.cog_load()
    yield bot, cog
    await cog.cog_unload()
    cog.store.close()


async def run_checks(command, interaction) -> None:
    for check in command.checks:
        await check(interaction)


@pytest.mark.parametrize("name", ["remind_add", "remind_list", "remind_cancel", "remind_edit", "remind_snooze"])
async def test_non_moderators_are_refused(env, name):
    bot, cog = env
    interaction = make_interaction(bot, user=make_member(manage_events=False))
    with pytest.raises(app_commands.CheckFailure) as info:
        await run_checks(getattr(cog, name), interaction)
    assert str(info.value) == REFUSED


@pytest.mark.parametrize(
    "member", [make_member(manage_events=True), make_member(role_ids=(MOD_ROLE_ID,))], ids=["manage-events", "role"]
)
async def test_moderators_pass(env, member):
    bot, cog = env
    await run_checks(cog.remind_add, make_interaction(bot, user=member))


async def add(cog, interaction, **options):
    await cog.remind_add.callback(cog, interaction, **options)


async def test_add_for_an_event_counts_back_from_its_start(env):
    bot, cog = env
    interaction = make_interaction(bot)
    await add(cog, interaction, when="1d", event=TALK, role=make_role(), note="Bring questions")
    (saved,) = cog.store.pending(GUILD_ID)
    start = bot.kb.talk(TALK).schedule.start
    assert (saved.due, saved.lead, saved.role_id, saved.channel_id) == (
        start - timedelta(days=1), timedelta(days=1), PING_ROLE_ID, CHANNEL_ID,
    )  # fmt: skip
    assert said(interaction).startswith(f"Reminder #{saved.id} set for <t:{int(saved.due.timestamp())}:F>")
    assert interaction.response.send_message.call_args.kwargs["ephemeral"] is True


@pytest.mark.parametrize(
    ("options", "answer"),
    [
        ({"when": "1d"}, "Pick an `event` or write a `text`"),
        ({"when": "1d", "event": "no-such-event"}, "I don't know that event"),
        ({"when": "whenever", "text": "Hi"}, "not a time I understand"),
        ({"when": "2020-01-01 08:00", "text": "Hi"}, "already passed"),
        ({"when": "2h", "text": "Hi", "role": make_role(GUILD_ID, default=True)}, "never ping @everyone"),
        ({"when": "2h", "text": "Hi", "repeat": "when it rains"}, "not a rhythm"),
        ({"when": "1d", "event": TALK, "repeat": "weekly"}, "for free reminders"),
    ],
)
async def test_add_refuses_what_it_cannot_do(env, options, answer):
    bot, cog = env
    interaction = make_interaction(bot)
    await add(cog, interaction, **options)
    assert answer in said(interaction)
    assert cog.store.pending(GUILD_ID) == []


async def test_add_refuses_a_channel_where_the_bot_cannot_post(env):
    bot, cog = env
    interaction = make_interaction(bot)
    bot.channels[CHANNEL_ID].permissions_for.side_effect = None
    bot.channels[CHANNEL_ID].permissions_for.return_value = discord.Permissions(view_channel=True)
    await add(cog, interaction, when="2h", text="Hi")
    assert "Send Messages" in said(interaction)


async def test_recurring_free_reminder(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="2026-11-23 08:00 Europe/Brussels", text="Talk on Wednesday!",
              repeat="every second wednesday")  # fmt: skip
    (saved,) = cog.store.pending(GUILD_ID)
    assert saved.due.isoformat() == "2026-11-25T07:00:00+00:00"  # moved to the Wednesday, 8:00 CET
    assert saved.recurrence.describe() == "every second Wednesday"


async def test_the_reminder_is_posted_at_its_time_pinging_only_its_role(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="2h", text="Webinar soon", event=TALK, role=make_role())
    channel = bot.channels[CHANNEL_ID]
    await bot.reminder_clock.set(bot.kb.talk(TALK).schedule.start - timedelta(hours=2, seconds=1))
    channel.send.assert_not_called()
    await bot.reminder_clock.advance(timedelta(seconds=1))
    channel.send.assert_awaited_once()
    kwargs = channel.send.call_args.kwargs
    assert kwargs["content"] == f"<@&{PING_ROLE_ID}>"
    mentions = kwargs["allowed_mentions"]
    assert mentions.everyone is False and mentions.users is False and mentions.replied_user is False
    assert [r.id for r in mentions.roles] == [PING_ROLE_ID]
    (saved,) = cog.store.list(GUILD_ID, include_done=True)
    assert kwargs["nonce"] == saved.nonce and saved.status == Status.SENT and saved.message_id == 555
    embed = kwargs["embed"]
    assert embed.title == "Meta-clusters in practice"
    assert {f.name for f in embed.fields} >= {"When", "Where / how to join", "Speakers"}
    assert kwargs["file"].filename.endswith(".ics")


async def test_no_role_means_no_mentions_at_all(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="in 1m", text="<@&123> @everyone hello")
    await bot.reminder_clock.advance(timedelta(minutes=1))
    kwargs = bot.channels[CHANNEL_ID].send.call_args.kwargs
    assert kwargs["content"] is None
    mentions = kwargs["allowed_mentions"]
    assert (mentions.everyone, mentions.users, mentions.roles) == (False, False, [])


async def test_a_lost_permission_keeps_the_reminder_and_shows_the_error(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="in 1m", text="Hello")
    bot.channels[CHANNEL_ID].send.side_effect = http_error(discord.Forbidden, 403, "Missing Permissions")
    await bot.reminder_clock.advance(timedelta(minutes=1))
    (kept,) = cog.store.pending(GUILD_ID)
    assert "no permission" in kept.last_error
    listing = make_interaction(bot)
    await cog.remind_list.callback(cog, listing)
    assert "no permission" in listing.response.send_message.call_args.kwargs["embed"].description


async def test_a_deleted_channel_keeps_the_reminder(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="in 1m", text="Hello")
    del bot.channels[CHANNEL_ID]
    await bot.reminder_clock.advance(timedelta(minutes=1))
    (kept,) = cog.store.pending(GUILD_ID)
    assert kept.last_error == "the channel no longer exists"


async def test_missed_reminders_are_reported_to_moderators_not_posted(env):
    bot, cog = env
    cog.store.add(Reminder(None, GUILD_ID, CHANNEL_ID, 42, NOW - timedelta(days=1), text="Old"))
    cog.scheduler.wake()
    await settle()
    bot.channels[CHANNEL_ID].send.assert_not_called()
    report = bot.channels[ADMIN_CHANNEL_ID].send.call_args
    assert "Missed reminder" in report.args[0]
    assert report.kwargs["allowed_mentions"].roles is False or report.kwargs["allowed_mentions"].roles == []


async def test_a_resend_finds_the_post_an_interrupted_attempt_made(env):
    bot, cog = env
    saved = cog.store.add(Reminder(None, GUILD_ID, CHANNEL_ID, 42, NOW + timedelta(minutes=1), text="Hi"))
    nonce = cog.store.ensure_nonce(saved.id)  # an earlier attempt got this far, then the bot died
    earlier = discord.Embed(title="Reminder").set_footer(text=f"Reminder #{saved.id} · {saved.due:%Y-%m-%d %H:%M} UTC")
    post = type("Post", (), {"id": 777, "author": type("A", (), {"id": BOT_ID})(), "embeds": [earlier]})()
    bot.channels[CHANNEL_ID].history_messages = [post]
    cog.scheduler.wake()
    await bot.reminder_clock.advance(timedelta(minutes=1))
    bot.channels[CHANNEL_ID].send.assert_not_called()
    done = cog.store.get(saved.id)
    assert (done.status, done.message_id, done.nonce) == (Status.SENT, 777, nonce)


async def test_list_cancel_edit_snooze(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="2h", text="First")
    await add(cog, make_interaction(bot), when="3h", text="Second")
    first, second = cog.store.pending(GUILD_ID)

    listing = make_interaction(bot)
    await cog.remind_list.callback(cog, listing)
    text = listing.response.send_message.call_args.kwargs["embed"].description
    assert f"**#{first.id}**" in text and "Second" in text

    cancel = make_interaction(bot)
    await cog.remind_cancel.callback(cog, cancel, first.id)
    assert said(cancel) == f"Reminder #{first.id} cancelled."
    assert cog.store.get(first.id).status == Status.CANCELLED

    edit = make_interaction(bot)
    await cog.remind_edit.callback(cog, edit, second.id, when="5h", text="Second, later")
    after = cog.store.get(second.id)
    assert (after.due, after.text) == (NOW + timedelta(hours=5), "Second, later")

    snooze = make_interaction(bot)
    await cog.remind_snooze.callback(cog, snooze, second.id, "30m")
    assert cog.store.get(second.id).due == NOW + timedelta(hours=5, minutes=30)
    assert "snoozed" in said(snooze)


async def test_snooze_is_for_free_reminders(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="1d", event=TALK)
    (saved,) = cog.store.pending(GUILD_ID)
    snooze = make_interaction(bot)
    await cog.remind_snooze.callback(cog, snooze, saved.id, "30m")
    assert "free reminders" in said(snooze)


async def test_another_servers_reminder_is_not_yours(env):
    bot, cog = env
    other = cog.store.add(Reminder(None, 1, CHANNEL_ID, 42, NOW + timedelta(hours=1), text="x"))
    cancel = make_interaction(bot)
    await cog.remind_cancel.callback(cog, cancel, other.id)
    assert "No pending reminder" in said(cancel)
    assert cog.store.get(other.id).status == Status.PENDING


async def test_automatic_reminders_are_posted_in_the_announcements_channel(env):
    bot, cog = env
    bot.settings = replace(bot.settings, announce_channel_id=ANNOUNCE_ID)
    assert cog.sync_auto() == 2 * len(bot.kb.upcoming(NOW))
    assert cog.sync_auto() == 0
    talk = bot.kb.talk(TALK)
    await bot.reminder_clock.set(talk.schedule.start - timedelta(hours=24))
    sends = bot.channels[ANNOUNCE_ID].send.call_args_list
    assert [c.kwargs["embed"].title for c in sends][-1] == talk.title
    assert sends[-1].kwargs["allowed_mentions"].roles == []


async def test_autocomplete_offers_upcoming_events_and_own_reminders(env):
    bot, cog = env
    choices = await cog._event_autocomplete(make_interaction(bot), "meta")
    assert [c.value for c in choices] == [TALK]
    await add(cog, make_interaction(bot), when="2h", text="Coffee")
    choices = await cog._reminder_autocomplete(make_interaction(bot), "coffee")
    assert len(choices) == 1 and choices[0].name.startswith("#")


async def test_an_unknown_announcement_channel_cancels_nothing(env):
    bot, cog = env
    bot.settings = replace(bot.settings, announce_channel_id=ANNOUNCE_ID)
    cog.sync_auto()
    before = len(cog.store.pending(GUILD_ID))
    del bot.channels[ANNOUNCE_ID]  # not in the cache for a moment
    assert cog.sync_auto() == 0
    assert len(cog.store.pending(GUILD_ID)) == before


async def test_channel_permissions_resolved_by_discord_count(env):
    bot, cog = env
    interaction = make_interaction(bot, user=make_member())
    interaction.permissions = discord.Permissions(administrator=True)
    await run_checks(cog.remind_add, interaction)


async def test_editing_an_event_reminder_to_a_date_time_pins_it(env):
    bot, cog = env
    await add(cog, make_interaction(bot), when="1d", event=TALK)
    (saved,) = cog.store.pending(GUILD_ID)
    await cog.remind_edit.callback(cog, make_interaction(bot), saved.id, when="2026-12-01 10:00 Europe/Brussels")
    pinned = cog.store.get(saved.id)
    assert pinned.lead is None and pinned.due.isoformat() == "2026-12-01T09:00:00+00:00"
    bot.settings = replace(bot.settings, announce_channel_id=None)
    cog.sync_auto()  # the knowledge sync leaves a pinned reminder where the moderator put it
    assert cog.store.get(saved.id).due == pinned.due
    await cog.remind_edit.callback(cog, make_interaction(bot), saved.id, when="3h")
    assert cog.store.get(saved.id).lead == timedelta(hours=3)


async def test_a_knowledge_reload_event_syncs_at_once(env):
    bot, cog = env
    bot.settings = replace(bot.settings, announce_channel_id=ANNOUNCE_ID)
    await cog.on_knowledge_reloaded(object())
    assert len([r for r in cog.store.pending(GUILD_ID) if r.auto]) == 2 * len(bot.kb.upcoming(NOW))


async def test_manage_events_in_one_channel_does_not_reach_another(env):
    """The moderator's own rights in the target channel count, not only the bot's."""
    bot, cog = env
    member = make_member(77)
    interaction = make_interaction(bot, user=member)
    interaction.permissions = discord.Permissions(view_channel=True, send_messages=True, manage_events=True)
    other = bot.channels[ANNOUNCE_ID]
    other.member_overwrites[77] = discord.Permissions(view_channel=True, send_messages=True)
    await add(cog, interaction, when="2h", text="Hi", channel=other, role=make_role())
    assert "Manage Events in <#2001>" in said(interaction)
    other.member_overwrites[77] = discord.Permissions(view_channel=False)
    await add(cog, interaction, when="2h", text="Hi", channel=other)
    assert "cannot post in <#2001> yourself" in said(interaction)
    assert cog.store.pending(GUILD_ID) == []


async def test_a_role_the_moderator_cannot_ping_is_refused(env):
    bot, cog = env
    role = make_role()
    role.mentionable = False
    interaction = make_interaction(bot)
    await add(cog, interaction, when="2h", text="Hi", role=role)
    assert f"cannot ping {role.mention}" in said(interaction)
    interaction = make_interaction(bot)
    interaction.permissions = discord.Permissions(view_channel=True, send_messages=True, manage_events=True, mention_everyone=True)
    await add(cog, interaction, when="2h", text="Hi", role=role)
    assert said(interaction).startswith("Reminder #")


async def test_a_failing_database_is_reported_to_the_admin_channel_once_each_way(env):
    bot, cog = env
    admin = bot.channels[ADMIN_CHANNEL_ID]
    await cog.report_health("OperationalError: database or disk is full")
    await cog.report_health(None)
    texts = [c.args[0] for c in admin.send.await_args_list]
    assert texts[0].startswith("⚠️ Reminders are paused") and "disk is full" in texts[0]
    assert texts[1].startswith("✅ Reminders resumed")
    assert all(c.kwargs["allowed_mentions"].to_dict()["parse"] == [] for c in admin.send.await_args_list)
