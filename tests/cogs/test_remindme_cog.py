"""🔔 Remind me with specced mocks: pressing, choosing, cancelling, /remindme, limits, and the
direct message (or the fallback channel) the scheduler sends."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from cogs.reminder_mocks import (
    ANNOUNCE_ID,
    BOT_ID,
    GUILD_ID,
    FakeBot,
    http_error,
    make_interaction,
    make_member,
    said,
)
from reminder_fixtures import NOW
from talkbot.cogs import remindme
from talkbot.cogs.events import Events
from talkbot.cogs.remindme import (
    AT_LIMIT,
    NOT_UPCOMING,
    TOO_FAST,
    CancelButton,
    LeadSelect,
    RemindButton,
    RemindMe,
)
from talkbot.reminders.subscriptions import LEADS, MAX_ACTIVE, Kind, Source, marker

TALK = "2026-12-09-meta-cluster"


@pytest.fixture
async def env(tmp_path):
    bot = FakeBot(tmp_path)
    bot.add_dynamic_items = MagicMock()
    bot.remove_dynamic_items = MagicMock()
    bot.guilds = []
    cog = RemindMe(bot)
    yield bot, cog
    cog.store.close()


def member(member_id: int = 42):
    return make_member(member_id)


def view_items(interaction):
    view = interaction.response.send_message.call_args.kwargs.get("view")
    return [] if view is None else list(view.children)


async def test_a_press_subscribes_one_day_and_one_hour_before_with_a_discord_timestamp(env):
    bot, cog = env
    interaction = make_interaction(bot, user=member())
    await cog.press(interaction, TALK)
    start = bot.kb.talk(TALK).schedule.start
    subs = cog.store.subscriptions(42, TALK)
    assert sorted(s.due for s in subs) == [start - timedelta(days=1), start - timedelta(hours=1)]
    text = said(interaction)
    assert f"<t:{int(start.timestamp())}:F>" in text and f"<t:{int(start.timestamp())}:R>" in text
    assert "1 day and 1 hour before" in text
    assert f"<#{ANNOUNCE_ID}>" in text and "DMs are closed" in text  # said when they subscribe
    assert interaction.response.send_message.call_args.kwargs["ephemeral"] is True
    [select] = view_items(interaction)
    assert select.custom_id == f"tb:remindme-lead:{TALK}"
    assert [o.value for o in select.item.options] == ["1d+1h", "1d", "1h", "15m"]


async def test_choosing_a_lead_time_replaces_the_default(env):
    bot, cog = env
    await cog.press(make_interaction(bot, user=member()), TALK)
    choice = make_interaction(bot, user=member())
    await cog.choose(choice, TALK, "15m")
    start = bot.kb.talk(TALK).schedule.start
    assert [s.due for s in cog.store.subscriptions(42, TALK)] == [start - timedelta(minutes=15)]
    assert "15 minutes before" in choice.response.edit_message.call_args.kwargs["content"]


async def test_a_second_press_offers_to_cancel_and_cancelling_removes_it(env):
    bot, cog = env
    await cog.press(make_interaction(bot, user=member()), TALK)
    again = make_interaction(bot, user=member())
    await cog.press(again, TALK)
    assert "already have a reminder" in said(again) and "Cancel it?" in said(again)
    [cancel] = view_items(again)
    assert cancel.custom_id == f"tb:remindme-cancel:{TALK}"
    press = make_interaction(bot, user=member())
    press.type = discord.InteractionType.component
    await cog.cancel_one(press, TALK)
    assert press.response.edit_message.call_args.kwargs["content"] == "Your reminder is cancelled."
    assert cog.store.subscriptions(42) == []


async def test_past_or_unknown_talks_are_refused_politely(env):
    bot, cog = env
    for item in ("2026-10-14-past-talk", "no-such-talk"):
        interaction = make_interaction(bot, user=member())
        await cog.press(interaction, item)
        assert said(interaction) == NOT_UPCOMING
    assert cog.store.subscriptions() == []


async def test_presses_are_rate_limited_per_member(env):
    bot, cog = env
    for _ in range(remindme.PRESS_COUNT):
        await cog.press(make_interaction(bot, user=member()), TALK)
    interaction = make_interaction(bot, user=member())
    await cog.press(interaction, TALK)
    assert said(interaction) == TOO_FAST
    other = make_interaction(bot, user=member(43))
    await cog.press(other, TALK)
    assert "I'll remind you" in said(other)


async def test_at_most_25_talks_per_member(env):
    bot, cog = env
    talk = bot.kb.talk(TALK)
    from dataclasses import replace

    for n in range(MAX_ACTIVE):
        cog.store.subscribe(GUILD_ID, 42, replace(talk, id=f"x-{n}"), LEADS["1h"], NOW)
    interaction = make_interaction(bot, user=member())
    await cog.remindme_add.callback(cog, interaction, talk=TALK)
    assert said(interaction) == AT_LIMIT
    assert cog.store.subscriptions(42, TALK) == []


async def test_remindme_add_list_and_cancel_all_touch_only_the_members_own(env):
    bot, cog = env
    add = make_interaction(bot, user=member())
    await cog.remindme_add.callback(
        cog, add, talk=TALK, before=discord.app_commands.Choice(name="1h", value="1h")
    )
    assert "1 hour before" in said(add)
    await cog.remindme_add.callback(cog, make_interaction(bot, user=member(43)), talk="2027-01-13-i3")
    listing = make_interaction(bot, user=member())
    await cog.remindme_list.callback(cog, listing)
    assert "Meta-clusters in practice" in said(listing) and "I3" not in said(listing)
    choices = await cog._own_autocomplete(make_interaction(bot, user=member()), "")
    assert [c.value for c in choices] == ["all", TALK]  # never another member's
    cancel = make_interaction(bot, user=member())
    await cog.remindme_cancel.callback(cog, cancel, talk="all")
    assert said(cancel) == "All your reminders are cancelled (1)."
    assert {s.user_id for s in cog.store.subscriptions()} == {43}


async def test_settings_opt_out_of_interested_drops_those_reminders_only(env):
    bot, cog = env
    talk = bot.kb.talk(TALK)
    cog.store.subscribe(GUILD_ID, 42, talk, LEADS["1h"], NOW, source=Source.INTERESTED)
    cog.store.subscribe(GUILD_ID, 42, bot.kb.talk("2027-01-13-i3"), LEADS["1h"], NOW)
    interaction = make_interaction(bot, user=member())
    await cog.remindme_settings.callback(cog, interaction, interested=False)
    assert "do not remind you" in said(interaction)
    assert [s.item_id for s in cog.store.subscriptions(42)] == ["2027-01-13-i3"]


async def test_moderators_see_how_many_subscribed_in_events_list_and_members_do_not(env):
    bot, cog = env
    for user_id in (42, 43):
        await cog.press(make_interaction(bot, user=member(user_id)), TALK)
    events = Events(bot)
    for moderator in (True, False):
        interaction = make_interaction(bot, user=make_member(7, manage_events=moderator))
        await events.events_list.callback(events, interaction, past=False)
        kwargs = interaction.response.send_message.call_args.kwargs
        assert ("🔔 2 subscribed" in kwargs["embed"].description) is moderator
        assert "<@42>" not in kwargs["embed"].description
        ids = [getattr(c, "custom_id", "") for c in kwargs["view"].children]
        assert f"tb:remindme:{TALK}" in ids


async def test_the_controls_rebuild_from_their_custom_ids():
    for cls, custom_id in (
        (RemindButton, f"tb:remindme:{TALK}"),
        (LeadSelect, f"tb:remindme-lead:{TALK}"),
        (CancelButton, f"tb:remindme-cancel:{TALK}"),
    ):
        match = cls.__discord_ui_compiled_template__.fullmatch(custom_id)
        item = await cls.from_custom_id(MagicMock(), MagicMock(label="Remind me"), match)
        assert item.item_id == TALK and item.item.custom_id == custom_id


# -- delivery ---------------------------------------------------------------------------------


def dm_user(bot, *, closed: bool = False, history=()):
    dm = MagicMock(spec=discord.DMChannel)
    sent = MagicMock(spec=discord.Message)
    sent.id = 777
    dm.send = AsyncMock(side_effect=http_error(discord.Forbidden, 403, "Cannot send messages to this user")
                        if closed else None, return_value=sent)  # fmt: skip

    async def past(**kwargs):
        for message in history:
            yield message

    dm.history = MagicMock(side_effect=lambda **kw: past(**kw))
    user = MagicMock(spec=discord.User)
    user.id = 42
    user.dm_channel = dm
    bot.get_user = MagicMock(return_value=user)
    return dm


def claimed(bot, cog, leads="1h"):
    [sub] = cog.store.subscribe(GUILD_ID, 42, bot.kb.talk(TALK), LEADS[leads], NOW)
    return cog.store.claim_subscription(sub.id)


async def test_the_dm_has_title_start_join_speakers_and_an_ics(env):
    bot, cog = env
    dm = dm_user(bot)
    sub = claimed(bot, cog)
    assert await remindme.deliver(bot, sub, False) == 777
    kwargs = dm.send.call_args.kwargs
    embed = kwargs["embed"]
    start = int(bot.kb.talk(TALK).schedule.start.timestamp())
    assert embed.title == "Meta-clusters in practice"
    assert f"<t:{start}:F>" in embed.description and f"<t:{start}:R>" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert "Online webinar" in fields["Where / how to join"] and "Register" in fields["Where / how to join"]
    assert "Jane Doe" in fields["Speakers"]
    assert kwargs["file"].filename == f"{TALK}.ics"
    assert marker(sub) in embed.footer.text and kwargs["nonce"] == sub.nonce
    assert kwargs["allowed_mentions"].users is False


async def test_closed_dms_fall_back_to_the_channel_mentioning_only_the_member(env):
    bot, cog = env
    dm_user(bot, closed=True)
    sub = claimed(bot, cog)
    assert await remindme.deliver(bot, sub, False) == 555
    channel = bot.channels[ANNOUNCE_ID]
    kwargs = channel.send.call_args.kwargs
    assert kwargs["content"] == "<@42>"
    mentions = kwargs["allowed_mentions"]
    assert [u.id for u in mentions.users] == [42] and mentions.everyone is False and mentions.roles is False


async def test_after_a_crash_a_dm_already_sent_is_found_by_its_marker_not_sent_again(env):
    bot, cog = env
    sub = claimed(bot, cog)
    sub = cog.store.claim_subscription(sub.id)  # found "sending" after a restart
    ours = MagicMock(
        id=999, author=MagicMock(id=BOT_ID), embeds=[MagicMock(footer=MagicMock(text=f"x · {marker(sub)}"))]
    )
    dm = dm_user(bot, history=[ours])
    assert sub.resend and await remindme.deliver(bot, sub, False) == 999
    dm.send.assert_not_called()


async def test_a_cancelled_talk_gets_one_notice_without_a_calendar_file(env):
    bot, cog = env
    dm = dm_user(bot)
    sub = claimed(bot, cog).with_(kind=Kind.GONE)
    await remindme.deliver(bot, sub, False)
    kwargs = dm.send.call_args.kwargs
    assert kwargs["embed"].title.startswith("Cancelled: Meta-clusters") and "file" not in kwargs


async def test_a_postponed_talk_says_so_with_its_reason(env):
    bot, cog = env
    dm = dm_user(bot)
    sub = claimed(bot, cog).with_(kind=Kind.GONE)
    talk = bot.engine.kb.talk(sub.item_id)
    kb = replace(bot.engine.kb, talks=tuple(
        replace(t, status="postponed", status_reason="the venue is closed") if t is talk else t
        for t in bot.engine.kb.talks))
    bot.engine.kb = kb
    await remindme.deliver(bot, sub, False)
    embed = dm.send.call_args.kwargs["embed"]
    assert embed.title.startswith("Postponed:") and "the venue is closed" in embed.description


# -- where the button appears ------------------------------------------------------------------


def remind_ids(view) -> list[str]:
    return (
        [] if view is None else [c.custom_id for c in view.children if c.custom_id.startswith("tb:remindme:")]
    )


async def test_next_carries_remind_me_for_the_upcoming_item(env):
    bot, _ = env
    events = Events(bot)
    interaction = make_interaction(bot)
    await events.next_event.callback(events, interaction)
    first = bot.kb.upcoming(NOW)[0]
    assert remind_ids(interaction.response.send_message.call_args.kwargs["view"]) == [
        f"tb:remindme:{first.id}"
    ]


async def test_a_moderators_event_reminder_carries_remind_me_and_a_free_one_does_not(env):
    bot, _ = env
    from talkbot.cogs.reminders import Reminders
    from talkbot.reminders import Reminder

    reminders = Reminders(bot)
    channel = bot.channels[ANNOUNCE_ID]
    start = bot.kb.talk(TALK).schedule.start
    event = reminders.store.add(
        Reminder(None, GUILD_ID, ANNOUNCE_ID, 1, start - timedelta(days=1), event_id=TALK)
    )
    free = reminders.store.add(Reminder(None, GUILD_ID, ANNOUNCE_ID, 1, start, text="coffee"))
    for reminder, expected in ((event, [f"tb:remindme:{TALK}"]), (free, [])):
        await reminders.deliver(reminders.store.get(reminder.id).with_(nonce="n"), False)
        assert remind_ids(channel.send.call_args.kwargs.get("view")) == expected
    reminders.scheduler.close()


async def test_a_knowledge_reload_moves_subscriptions_with_their_talk(env):
    bot, cog = env
    from dataclasses import replace
    from datetime import date

    from talkbot.cogs.reminders import Reminders

    await cog.press(make_interaction(bot, user=member()), TALK)
    talk = bot.kb.talk(TALK)
    moved = replace(talk, schedule=replace(talk.schedule, start_date=date(2026, 12, 16)))
    bot.engine.kb = replace(bot.kb, talks=tuple(moved if t.id == TALK else t for t in bot.kb.talks))
    reminders = Reminders(bot)
    assert reminders.sync_auto() >= 2
    dues = sorted(s.due for s in cog.store.subscriptions(42))
    assert dues == [moved.schedule.start - timedelta(days=1), moved.schedule.start - timedelta(hours=1)]
    reminders.scheduler.close()
