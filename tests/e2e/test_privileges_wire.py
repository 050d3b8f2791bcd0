"""A plain member tries every privileged command and autocomplete on the wire: each is refused,
nothing private is shown, and Discord is told to hide the privileged groups from members."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from e2e import test_admin_wire as admin_wire
from e2e.fake_discord import FakeDiscord
from talkbot.bot import TalkBot
from talkbot.cogs.admin import NOT_ADMIN
from talkbot.cogs.reminders import REFUSED
from talkbot.reminders import Reminder

# The /kb wire tests' fixtures and people: pytest finds fixtures by their name in the module.
admin_bot, admin_settings, folder = admin_wire.admin_bot, admin_wire.admin_settings, admin_wire.folder
ADA, ANN, MANAGE = admin_wire.ADA, admin_wire.ANN, admin_wire.MANAGE

SECRET = "Board meeting: layoffs to announce"
MOD = discord.Permissions(manage_events=True, view_channel=True, send_messages=True)


async def _answer(fake: FakeDiscord, name: str, options: dict, **who) -> str:
    mark = fake.mark()
    payload = await fake.slash(name, options, user=who.pop("user", ANN), **who)
    callback = await fake.callback_of(payload, after=mark, timeout=15)
    data = callback.json.get("data") or {}
    if callback.json["type"] == 5:
        data = (await fake.followup_of(payload, after=mark, timeout=15)).json
    return data.get("content") or ""


async def test_privileged_groups_are_hidden_from_members(fake_discord: FakeDiscord, admin_bot: TalkBot) -> None:
    [sync] = fake_discord.requests_to("PUT", "/applications/{app_id}/commands")
    by_name = {c["name"]: c for c in sync.json}
    assert int(by_name["kb"]["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert int(by_name["remind"]["default_member_permissions"]) == discord.Permissions(manage_events=True).value
    assert int(by_name["sync-events"]["default_member_permissions"]) == discord.Permissions(manage_events=True).value
    assert by_name["ask"].get("default_member_permissions") is None  # members' commands stay visible


@pytest.mark.parametrize(
    ("name", "options", "refusal"),
    [
        ("remind add", {"when": "2h", "text": "hi"}, REFUSED),
        ("remind list", {}, REFUSED),
        ("remind cancel", {"reminder": 1}, REFUSED),
        ("remind edit", {"reminder": 1, "text": "x"}, REFUSED),
        ("remind snooze", {"reminder": 1, "delay": "1h"}, REFUSED),
        ("sync-events", {}, REFUSED),
        ("kb status", {}, NOT_ADMIN),
        ("kb reload", {}, NOT_ADMIN),
        ("kb history", {}, NOT_ADMIN),
        ("kb rollback", {"version": "abc"}, NOT_ADMIN),
        ("kb download", {}, NOT_ADMIN),
        ("kb gaps", {}, NOT_ADMIN),
    ],
)
async def test_a_plain_member_is_refused(fake_discord: FakeDiscord, admin_bot: TalkBot, name, options, refusal) -> None:
    store = admin_bot.reminder_store
    store.add(Reminder(None, fake_discord.guild_id, fake_discord.channel_id, 1, admin_bot.utcnow() + timedelta(days=1), text=SECRET))
    text = await _answer(fake_discord, name, options)
    assert refusal in text and SECRET not in text
    assert [r.text for r in store.pending()] == [SECRET]  # nothing changed


@pytest.mark.parametrize(
    ("name", "option", "other"),
    [
        ("remind cancel", "reminder", {}),
        ("remind edit", "reminder", {}),
        ("remind snooze", "reminder", {"delay": "1h"}),
        ("remind add", "event", {"when": "1d"}),
        ("kb rollback", "version", {}),
    ],
)
async def test_autocomplete_shows_a_plain_member_nothing(fake_discord: FakeDiscord, admin_bot: TalkBot, name, option, other) -> None:
    store = admin_bot.reminder_store
    store.add(Reminder(None, fake_discord.guild_id, fake_discord.channel_id, 1, admin_bot.utcnow() + timedelta(days=1), text=SECRET))
    assert await fake_discord.autocomplete(name, option, "", user=ANN, **other) == []
    if option == "event":
        return  # the shipped knowledge may have no upcoming event to offer
    # The same request from a moderator and admin does list things.
    assert await fake_discord.autocomplete(name, option, "", user=ADA, permissions=MANAGE | MOD, **other) != []
