"""🔔 Remind me: members subscribe to the talks they care about and get a direct message.

The core (``talkbot.reminders.subscriptions``) keeps the subscriptions; the reminders cog's
scheduler delivers them with :func:`deliver`. The buttons are dynamic items (their custom ids
carry the talk's id), so a "Remind me" pressed days after the message was posted, across
restarts, still works.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from talkbot.agenda import Item, anchor, autocomplete, card, discord_time, find_item
from talkbot.bot import SORRY, no_mentions, tell
from talkbot.calendar import ics_filename, item_ics
from talkbot.cogs.reminders import current_kb, reminder_store
from talkbot.ratelimit import RateLimiter
from talkbot.reminders import DeliveryFailed
from talkbot.reminders.subscriptions import (
    DEFAULT_LEADS,
    LEAD_LABELS,
    LEADS,
    MAX_ACTIVE,
    Kind,
    Source,
    Subscription,
    find_marker,
    is_cancelled,
    lead_text,
    marker,
    sync_interested,
    user_hash,
)

log = logging.getLogger(__name__)

COLOR_REMINDER = 0x2B6CB0
COLOR_LATE = 0xD69E2E
COLOR_GONE = 0x718096
# Presses of Remind me / lead choices / cancels per member: enough for real use, not for a script.
PRESS_COUNT = 8
PRESS_SECONDS = 60
# Looking back this far for a reminder an interrupted attempt may already have sent.
HISTORY_LOOKBACK = 50
# How often "Interested" members of the synced Discord events are read.
INTERESTED_SECONDS = 300.0
# Discord's custom ids are at most 100 characters.
_ID = r"(?P<item>[A-Za-z0-9_.-]{1,80})"

NOT_UPCOMING = (
    "That talk or event is over or no longer in the programme, so there is nothing to remind you of."
)
AT_LIMIT = (
    f"You already have reminders for {MAX_ACTIVE} talks and events: cancel one with `/remindme cancel` first."
)
TOO_FAST = "You're pressing too fast: try again in a minute."
ALL = "all"


def remindable(kb: Any, item_id: str | None, now: datetime) -> Item | None:
    """The item when a Remind me makes sense for it: known, not cancelled, not started."""
    item = find_item(kb, item_id) if item_id else None
    if item is None or is_cancelled(item) or anchor(item) <= now or not re.fullmatch(_ID, item.id):
        return None
    return item


class RemindButton(discord.ui.DynamicItem[discord.ui.Button], template=r"tb:remindme:" + _ID):
    """🔔 Remind me under a card, an answer or a reminder about an upcoming talk or event."""

    def __init__(self, item_id: str, label: str = "Remind me"):
        super().__init__(
            discord.ui.Button(
                label=label[:80],
                emoji="🔔",
                style=discord.ButtonStyle.secondary,
                custom_id=f"tb:remindme:{item_id}",
            )
        )
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ):
        return cls(match["item"], item.label or "Remind me")

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await _with_cog(interaction, lambda cog: cog.press(interaction, self.item_id))


class LeadSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"tb:remindme-lead:" + _ID):
    """When to be reminded: 1 day and 1 hour before (the default), 1 day, 1 hour, 15 minutes."""

    def __init__(self, item_id: str, chosen: str = DEFAULT_LEADS):
        options = [
            discord.SelectOption(label=label, value=key, default=key == chosen)
            for key, label in LEAD_LABELS.items()
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=f"tb:remindme-lead:{item_id}", options=options, placeholder="When to remind me"
            )
        )
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Select, match: re.Match[str], /
    ):
        return cls(match["item"])

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        values = (interaction.data or {}).get("values") or [DEFAULT_LEADS]
        await _with_cog(interaction, lambda cog: cog.choose(interaction, self.item_id, str(values[0])))


class CancelButton(discord.ui.DynamicItem[discord.ui.Button], template=r"tb:remindme-cancel:" + _ID):
    def __init__(self, item_id: str):
        super().__init__(
            discord.ui.Button(label="Cancel my reminder", style=discord.ButtonStyle.danger,
                              custom_id=f"tb:remindme-cancel:{item_id}")
        )  # fmt: skip
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ):
        return cls(match["item"])

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await _with_cog(interaction, lambda cog: cog.cancel_one(interaction, self.item_id))


async def _with_cog(interaction: discord.Interaction, action) -> None:
    cog = interaction.client.get_cog("RemindMe")  # type: ignore[attr-defined]
    try:
        if cog is None:
            await tell(interaction, "Reminders are not available right now, sorry.")
            return
        await action(cog)
    except Exception:
        log.exception("a Remind me control failed")
        await tell(interaction, SORRY)


def add_remind_buttons(view: discord.ui.View, kb: Any, now: datetime, item_ids: Sequence[str], *,
                       labelled: bool = False) -> None:  # fmt: skip
    """A 🔔 Remind me for each upcoming item (at most five: one row of buttons)."""
    seen: set[str] = set()
    for item_id in item_ids:
        item = remindable(kb, item_id, now)
        if item is None or item.id in seen or len(seen) >= 5:
            continue
        seen.add(item.id)
        view.add_item(RemindButton(item.id, item.title if labelled else "Remind me"))


def remind_view(kb: Any, now: datetime, item_ids: Sequence[str], **kwargs: Any) -> discord.ui.View | None:
    view = discord.ui.View(timeout=None)
    add_remind_buttons(view, kb, now, item_ids, **kwargs)
    return view if view.children else None


def _now(bot: Any) -> datetime:
    clock = getattr(bot, "reminder_clock", None)
    if clock is not None:
        return clock.now()
    utcnow = getattr(bot, "utcnow", None)
    return utcnow() if utcnow else datetime.now(UTC)


def fallback_channel_id(bot: Any) -> int | None:
    settings = bot.settings
    return getattr(settings, "remindme_channel_id", None) or settings.announce_channel_id


def leads_of(subs: Sequence[Subscription]) -> str:
    leads = sorted({s.lead for s in subs if s.kind == Kind.REMIND}, reverse=True)
    return " and ".join(lead_text(lead) for lead in leads) + " before" if leads else "at once"


# -- delivery (called by the reminders cog's scheduler) -----------------------------------------


def subscription_message(sub: Subscription, kb: Any, late: bool) -> tuple[discord.Embed, discord.File | None]:
    """The reminder a member gets: title, start (full and relative), how to join, speakers,
    an .ics; or, for a talk cancelled or removed since, one message saying so."""
    item = find_item(kb, sub.item_id)
    if sub.kind == Kind.GONE or item is None or is_cancelled(item):
        title = item.title if item is not None else sub.title or sub.item_id
        note = getattr(item, "status_note", "") if item is not None else ""
        what = note.split(":")[0].rstrip(".").lower() if note else "cancelled or removed from the programme"
        embed = discord.Embed(
            title=f"{what.split()[0].capitalize()}: {title}"[:256],
            colour=COLOR_GONE,
            description=(
                f"“{title[:200]}”, which you asked to be reminded about ({discord_time(sub.start, 'F')}), "
                f"has been {what}. Your reminders for it are cancelled."
                + (f"\n{note}" if note else "")
            )[:4096],
        )
        embed.set_footer(text=f"EU Clusters Talks · {marker(sub)}")
        return embed, None
    c = card(item, kb)
    embed = discord.Embed(
        title=c.title[:256], url=c.url or None, colour=COLOR_LATE if late else COLOR_REMINDER
    )
    embed.description = f"🔔 Starts {c.when}"
    if c.where:
        embed.add_field(name="Where / how to join", value=c.where[:1024], inline=False)
    if c.speakers:
        embed.add_field(name="Speakers", value="\n".join(c.speakers)[:1024], inline=False)
    if late:
        embed.set_author(name="Late: the bot was offline when this reminder was due")
    embed.set_footer(
        text=f"You asked to be reminded {lead_text(sub.lead)} before · /remindme list · 📅 the .ics adds it to "
        f"your calendar · {marker(sub)}"
    )
    file = discord.File(
        io.BytesIO(item_ics(item, kb)), filename=ics_filename(item), description="Add to calendar"
    )
    return embed, file


async def _find_in(channel: Any, sub: Subscription, bot_id: int, after: datetime | None) -> int | None:
    try:
        kwargs: dict[str, Any] = {"limit": HISTORY_LOOKBACK}
        if after is not None:
            kwargs["after"] = after
        seen = [
            (m.id, m.author.id, [e.footer.text or "" for e in m.embeds])
            async for m in channel.history(**kwargs)
        ]
    except discord.HTTPException:
        log.debug("subscription %s: cannot read the history of %s", sub.id, getattr(channel, "id", "?"))
        return None
    return find_marker(seen, sub, bot_id)


async def deliver(bot: Any, sub: Subscription, late: bool) -> int:
    """Send one member's reminder by DM, or (DMs closed) in the reminders channel mentioning
    only them; return the message id once Discord accepted it."""
    await bot.wait_until_ready()
    me = bot.user
    try:
        user = bot.get_user(sub.user_id) or await bot.fetch_user(sub.user_id)
    except discord.NotFound:
        raise DeliveryFailed("the member's account no longer exists") from None
    except discord.HTTPException as exc:
        raise DeliveryFailed(f"Discord error {exc.status} looking up the member") from None
    fallback_id = fallback_channel_id(bot)
    fallback = None
    if fallback_id:
        fallback = bot.get_channel(fallback_id)
        if fallback is None:
            with contextlib.suppress(discord.HTTPException):
                fallback = await bot.fetch_channel(fallback_id)
    dm = None
    try:
        dm = user.dm_channel or await user.create_dm()
    except discord.HTTPException:
        log.debug("subscription %s: cannot open a DM channel", sub.id)
    if sub.resend and me is not None:
        # The last attempt may have reached the member before the bot died: look first.
        for channel, after in ((dm, None), (fallback, sub.due - timedelta(minutes=1))):
            if channel is not None:
                found = await _find_in(channel, sub, me.id, after)
                if found is not None:
                    log.info("subscription %s was already delivered as message %s", sub.id, found)
                    return found
    kb = current_kb(bot)
    if dm is not None:
        embed, file = subscription_message(sub, kb, late)
        kwargs: dict[str, Any] = {"embed": embed, "allowed_mentions": no_mentions(), "nonce": sub.nonce}
        if file is not None:
            kwargs["file"] = file
        try:
            return (await dm.send(**kwargs)).id
        except discord.Forbidden:
            log.info("subscription %s: the member's DMs are closed; using the reminders channel", sub.id)
        except discord.HTTPException as exc:
            raise DeliveryFailed(f"Discord error {exc.status} sending the DM") from None
    if fallback is None:
        raise DeliveryFailed("the member's DMs are closed and no reminders channel is set")
    embed, file = subscription_message(sub, kb, late)
    kwargs = {
        "content": f"<@{sub.user_id}>",
        "embed": embed,
        # The one mention this message may make: the member who asked.
        "allowed_mentions": discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                                    users=[discord.Object(id=sub.user_id)]),
        "nonce": sub.nonce,
    }  # fmt: skip
    if file is not None:
        kwargs["file"] = file
    try:
        return (await fallback.send(**kwargs)).id
    except discord.HTTPException as exc:
        raise DeliveryFailed(f"DMs closed, and the reminders channel refused: {exc.status}") from None


# -- the cog -------------------------------------------------------------------------------------


LEAD_CHOICES = [app_commands.Choice(name=label, value=key) for key, label in LEAD_LABELS.items()]


class RemindMe(commands.Cog):
    """Members' own reminders: the 🔔 button, /remindme, and "Interested" on Discord events."""

    remindme = app_commands.Group(name="remindme", description="Your own reminders for talks and events")

    def __init__(self, bot: Any):
        self.bot = bot
        self.store = reminder_store(bot)
        self.presses = RateLimiter(PRESS_COUNT, PRESS_SECONDS, getattr(bot, "clock", None) or time.monotonic)
        self._task: asyncio.Task | None = None

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(RemindButton, LeadSelect, CancelButton)
        self._task = asyncio.create_task(self._interested_loop(), name="talkbot-interested")

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(RemindButton, LeadSelect, CancelButton)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def wake(self) -> None:
        scheduler = getattr(self.bot, "reminder_scheduler", None)
        if scheduler is not None:
            scheduler.wake()  # saved first, then wake

    def _throttled(self, user_id: int) -> bool:
        return self.presses.hit(user_id) > 0

    def _where(self) -> str:
        channel_id = fallback_channel_id(self.bot)
        if channel_id:
            return (
                f"by direct message (if your DMs are closed, in <#{channel_id}> instead, mentioning only you)"
            )
        return "by direct message (keep your DMs open for this server, or it cannot reach you)"

    def confirmation(self, item: Item, subs: Sequence[Subscription]) -> str:
        start = anchor(item)
        return (
            f"🔔 I'll remind you about **{discord.utils.escape_markdown(item.title[:150])}**, "
            f"{discord_time(start, 'F')} ({discord_time(start, 'R')}): {leads_of(subs)}, {self._where()}."
        )

    async def subscribe(self, interaction: discord.Interaction, item_id: str, leads_key: str,
                        source: Source) -> list[Subscription] | None:  # fmt: skip
        """Save (first) and wake the scheduler; None after telling the member why not."""
        now = _now(self.bot)
        item = remindable(current_kb(self.bot), item_id, now)
        if item is None:
            await tell(interaction, NOT_UPCOMING)
            return None
        user_id = interaction.user.id
        active = self.store.active_items(user_id)
        if item.id not in active and len(active) >= MAX_ACTIVE:
            await tell(interaction, AT_LIMIT)
            return None
        subs = self.store.subscribe(
            interaction.guild.id if interaction.guild else 0,
            user_id,
            item,
            LEADS[leads_key],
            now,
            source=source,
        )
        self.wake()
        return subs

    async def press(self, interaction: discord.Interaction, item_id: str) -> None:
        """The button: subscribe with the default lead times, or offer to cancel."""
        if self._throttled(interaction.user.id):
            await tell(interaction, TOO_FAST)
            return
        mine = [s for s in self.store.subscriptions(interaction.user.id, item_id) if s.kind == Kind.REMIND]
        if mine:
            item = find_item(current_kb(self.bot), item_id)
            title = item.title if item else mine[0].title
            view = discord.ui.View(timeout=None)
            view.add_item(CancelButton(item_id))
            await interaction.response.send_message(
                f"You already have a reminder for **{discord.utils.escape_markdown(title[:150])}** "
                f"({leads_of(mine)}). Cancel it?",
                view=view, ephemeral=True, allowed_mentions=no_mentions(),
            )  # fmt: skip
            return
        subs = await self.subscribe(interaction, item_id, DEFAULT_LEADS, Source.BUTTON)
        if subs is None:
            return
        item = find_item(current_kb(self.bot), item_id)
        view = discord.ui.View(timeout=None)
        view.add_item(LeadSelect(item_id))
        await interaction.response.send_message(
            self.confirmation(item, subs) + " Change when below.",  # type: ignore[arg-type]
            view=view, ephemeral=True, allowed_mentions=no_mentions(),
        )  # fmt: skip

    async def choose(self, interaction: discord.Interaction, item_id: str, leads_key: str) -> None:
        """The lead-time menu under the confirmation."""
        if self._throttled(interaction.user.id):
            await tell(interaction, TOO_FAST)
            return
        if leads_key not in LEADS:
            leads_key = DEFAULT_LEADS
        subs = await self.subscribe(interaction, item_id, leads_key, Source.BUTTON)
        if subs is None:
            return
        item = find_item(current_kb(self.bot), item_id)
        view = discord.ui.View(timeout=None)
        view.add_item(LeadSelect(item_id, leads_key))
        await interaction.response.edit_message(
            content=self.confirmation(item, subs),
            view=view,
            allowed_mentions=no_mentions(),  # type: ignore[arg-type]
        )

    async def cancel_one(self, interaction: discord.Interaction, item_id: str) -> None:
        if self._throttled(interaction.user.id):
            await tell(interaction, TOO_FAST)
            return
        gone = self.store.unsubscribe(interaction.user.id, item_id)
        self.wake()
        text = "Your reminder is cancelled." if gone else "You have no reminder for that talk any more."
        if interaction.type is discord.InteractionType.component and not interaction.response.is_done():
            await interaction.response.edit_message(content=text, view=None, allowed_mentions=no_mentions())
        else:
            await tell(interaction, text)

    # -- commands --------------------------------------------------------------------------------

    async def _upcoming_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        kb = current_kb(self.bot)
        now = _now(self.bot)
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in autocomplete(kb, now, current)
            if remindable(kb, value, now) is not None
        ]

    async def _own_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Only the member's own subscriptions: never anyone else's.
        kb = current_kb(self.bot)
        needle = current.strip().lower()
        choices = (
            [app_commands.Choice(name="All my reminders", value=ALL)] if needle in "all my reminders" else []
        )
        for item_id in self.store.active_items(interaction.user.id):
            item = find_item(kb, item_id)
            label = f"{item.schedule.start_date:%Y-%m-%d} {item.title}" if item else item_id
            if not needle or needle in label.lower():
                choices.append(app_commands.Choice(name=label[:100], value=item_id))
        return choices[:25]

    @remindme.command(name="add")
    @app_commands.describe(talk="The talk or event (start typing its title)", before="When to remind you")
    @app_commands.autocomplete(talk=_upcoming_autocomplete)
    @app_commands.choices(before=LEAD_CHOICES)
    async def remindme_add(self, interaction: discord.Interaction, talk: str,
                           before: app_commands.Choice[str] | None = None) -> None:  # fmt: skip
        """Get a direct message before a talk or event."""
        if self._throttled(interaction.user.id):
            await tell(interaction, TOO_FAST)
            return
        key = before.value if before is not None else DEFAULT_LEADS
        subs = await self.subscribe(interaction, talk, key, Source.COMMAND)
        if subs is None:
            return
        await tell(interaction, self.confirmation(find_item(current_kb(self.bot), talk), subs))  # type: ignore[arg-type]

    @remindme.command(name="list")
    async def remindme_list(self, interaction: discord.Interaction) -> None:
        """Your reminders (only you see them)."""
        kb = current_kb(self.bot)
        mine: dict[str, list[Subscription]] = {}
        for sub in self.store.subscriptions(interaction.user.id):
            if sub.kind == Kind.REMIND:
                mine.setdefault(sub.item_id, []).append(sub)
        if not mine:
            await tell(
                interaction, "You have no reminders. Press 🔔 Remind me under a talk, or use `/remindme add`."
            )
            return
        lines = []
        for item_id, subs in sorted(mine.items(), key=lambda kv: kv[1][0].start):
            item = find_item(kb, item_id)
            title = discord.utils.escape_markdown((item.title if item else subs[0].title)[:100])
            via = " · from “Interested”" if all(s.source == Source.INTERESTED for s in subs) else ""
            lines.append(f"🔔 **{title}** {discord_time(subs[0].start, 'F')}: {leads_of(subs)}{via}")
        lines.append(f"\n{len(mine)} of {MAX_ACTIVE}. `/remindme cancel` cancels one, or all.")
        await tell(interaction, "\n".join(lines)[:1900])

    @remindme.command(name="cancel")
    @app_commands.describe(talk="The reminder to cancel, or “All my reminders”")
    @app_commands.autocomplete(talk=_own_autocomplete)
    async def remindme_cancel(self, interaction: discord.Interaction, talk: str) -> None:
        """Cancel one of your reminders, or all of them."""
        if talk.strip().lower() in (ALL, "all my reminders"):
            gone = self.store.unsubscribe(interaction.user.id)
            self.wake()
            await tell(
                interaction,
                f"All your reminders are cancelled ({gone})." if gone else "You have no reminders.",
            )
            return
        await self.cancel_one(interaction, talk)

    @remindme.command(name="settings")
    @app_commands.describe(
        interested="Remind me of the events I mark “Interested” in this server's Events list"
    )
    async def remindme_settings(
        self, interaction: discord.Interaction, interested: bool | None = None
    ) -> None:
        """Whether pressing "Interested" on a server event also reminds you."""
        hashed = user_hash(interaction.user.id, self.bot.settings.hash_salt)
        if interested is not None:
            self.store.set_optout(hashed, not interested)
            if not interested:
                self.store.unsubscribe(interaction.user.id, source=Source.INTERESTED)
                self.wake()
        on = self.bot.settings.interested_reminders and not self.store.opted_out(hashed)
        if not self.bot.settings.interested_reminders:
            text = "This server does not turn “Interested” into reminders."
        elif on:
            text = (
                "Events you mark “Interested” in the server's Events list remind you 1 day and 1 hour before."
            )
        else:
            text = "Events you mark “Interested” do not remind you. `/remindme settings interested:True` turns it on."
        await tell(interaction, text)

    # -- "Interested" on the Discord scheduled events ---------------------------------------------

    async def sync_interested(self, guild: Any) -> tuple[int, int]:
        """Read who is interested in each event /sync-events created, and follow it."""
        if not self.bot.settings.interested_reminders:
            return 0, 0
        kb = current_kb(self.bot)
        now = _now(self.bot)
        added = removed = 0
        for knowledge_id, event_id in self.store.linked_events(guild.id):
            item = remindable(kb, knowledge_id, now)
            if item is None:
                continue
            try:
                event = await guild.fetch_scheduled_event(event_id)
                users = [u.id async for u in event.users() if not getattr(u, "bot", False)]
            except discord.HTTPException as exc:
                log.info("cannot read who is interested in event %s: %s", event_id, exc.status)
                continue
            a, r = sync_interested(self.store, guild.id, item, users, now, leads=LEADS[DEFAULT_LEADS],
                                   salt=self.bot.settings.hash_salt)  # fmt: skip
            added, removed = added + a, removed + r
        if added or removed:
            self.wake()
            log.info("interested members in guild %s: %d added, %d removed", guild.id, added, removed)
        return added, removed

    async def _interested_loop(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            for guild in list(getattr(self.bot, "guilds", ())):
                try:
                    await self.sync_interested(guild)
                except Exception:
                    log.exception("interested members: sync failed in guild %s", guild.id)
            await asyncio.sleep(INTERESTED_SECONDS)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(RemindMe(bot))
