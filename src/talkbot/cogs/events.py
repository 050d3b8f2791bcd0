"""/next, /events list and /sync-events: what's on, in every reader's own time zone.

The choice of items comes from talkbot.agenda, which uses the same KnowledgeBase.upcoming and
.past as the answering engine, so "/next" and "when is the next talk?" agree.
"""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from talkbot.agenda import (
    Card,
    ScheduledEventSpec,
    card,
    events_page,
    line_of,
    next_item,
    scheduled_event_specs,
)
from talkbot.bot import no_mentions, tell
from talkbot.calendar import ics_filename, item_ics
from talkbot.cogs.common import OwnerPager
from talkbot.cogs.reminders import current_kb, may_moderate, moderators_only, reminder_store
from talkbot.cogs.remindme import remind_view, remindable

log = logging.getLogger(__name__)

PAGER_TIMEOUT = 300.0
COLOR_EVENT = 0x2B6CB0
COLOR_PAST = 0x4A5568


def card_embed(c: Card, colour: int = COLOR_EVENT) -> discord.Embed:
    embed = discord.Embed(title=c.title[:256], url=c.url or None, colour=colour)
    if c.description:
        embed.description = c.description[:1500]
    embed.add_field(name="When", value=c.when, inline=False)
    if c.where:
        embed.add_field(name="Where / how to join", value=c.where[:1024], inline=False)
    if c.speakers:
        embed.add_field(name="Speakers", value="\n".join(c.speakers)[:1024], inline=False)
    embed.set_footer(text=c.kind)
    return embed


def now_of(bot: Any) -> datetime:
    utcnow = getattr(bot, "utcnow", None)
    return utcnow() if utcnow else datetime.now(UTC)


class EventsPager(OwnerPager):
    """◀ ▶ through upcoming (or past) events; reads the knowledge afresh on every page."""

    refusal = "Only the person who ran `/events list` can turn these pages."
    command = "events list"

    def __init__(self, bot: Any, owner_id: int, past: bool, timeout: float = PAGER_TIMEOUT,
                 counts_of: int | None = None):  # fmt: skip
        super().__init__(owner_id, timeout)
        self.bot = bot
        self.past = past
        self.counts_of = counts_of  # a guild id: a moderator sees how many subscribed (never who)

    def render(self) -> discord.Embed:
        kb, now = current_kb(self.bot), now_of(self.bot)
        page = events_page(kb, now, self.page, past=self.past)
        self.page, self.pages = page.number, page.count
        title = "Past talks and events" if self.past else "Upcoming talks and events"
        counts = reminder_store(self.bot).subscriber_counts(self.counts_of) if self.counts_of else {}

        def line(item: Any) -> str:
            n = counts.get(item.id, 0)
            return line_of(item) + (f" · 🔔 {n} subscribed" if n else "")

        body = "\n\n".join(line(i) for i in page.items) or "Nothing here."
        # 🔔 Remind me for each upcoming item on the page. Plain buttons carrying the Remind me
        # custom id (the RemindMe cog's dynamic item answers them): a DynamicItem inside a view
        # that stops would unregister the button everywhere when the pager times out.
        for child in [c for c in self.children if str(getattr(c, "custom_id", "")).startswith("tb:remindme:")]:
            self.remove_item(child)
        if not self.past:
            for item in page.items:
                if remindable(kb, item.id, now) is not None:
                    self.add_item(discord.ui.Button(label=item.title[:80], emoji="🔔", row=1,
                                                    style=discord.ButtonStyle.secondary,
                                                    custom_id=f"tb:remindme:{item.id}"))  # fmt: skip
        embed = discord.Embed(title=title, description=body, colour=COLOR_PAST if self.past else COLOR_EVENT)
        embed.set_footer(text=f"Page {page.number + 1} of {page.count} · {page.total} in all · times in your time zone")
        return embed


def _matches(event: Any, spec: ScheduledEventSpec) -> bool:
    return (
        event.name == spec.name
        and event.start_time == spec.start
        and event.end_time == spec.end
        and (event.location or "") == spec.location
        and (event.description or "") == spec.description
    )


class Events(commands.Cog):
    """What's next, the list of events, and Discord's native Scheduled Events."""

    events = app_commands.Group(name="events", description="Upcoming EU Clusters Talks and events")

    def __init__(self, bot: Any):
        self.bot = bot

    @app_commands.command(name="next")
    async def next_event(self, interaction: discord.Interaction) -> None:
        """The next EU Clusters Talk or event, in your own time zone, with a calendar file."""
        kb = current_kb(self.bot)
        result = next_item(kb, now_of(self.bot))
        if result.item is None:
            await tell(interaction, "No talks or events are in my knowledge yet.")
            return
        c = card(result.item, kb)
        if not result.upcoming:
            await interaction.response.send_message(
                content="Nothing is scheduled yet. The latest was:",
                embed=card_embed(c, COLOR_PAST),
                allowed_mentions=no_mentions(),
            )
            return
        file = discord.File(io.BytesIO(item_ics(result.item, kb)), filename=ics_filename(result.item))
        kwargs: dict[str, Any] = {}
        view = remind_view(kb, now_of(self.bot), [result.item.id])
        if view is not None:
            kwargs["view"] = view
        await interaction.response.send_message(
            content="Next up:", embed=card_embed(c), file=file, allowed_mentions=no_mentions(), **kwargs
        )

    @events.command(name="list")
    @app_commands.describe(past="Show past talks and events instead, most recent first")
    async def events_list(self, interaction: discord.Interaction, past: bool = False) -> None:
        """Upcoming talks and events (or past ones), page by page."""
        kb = current_kb(self.bot)
        now = now_of(self.bot)
        if not past and not kb.upcoming(now):
            latest = next_item(kb, now).item
            text = "Nothing is scheduled yet."
            if latest is not None:
                text += f" The latest was:\n\n{line_of(latest)}"
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=no_mentions())
            return
        moderator = interaction.guild is not None and may_moderate(interaction)
        view = EventsPager(self.bot, interaction.user.id, past, counts_of=interaction.guild.id if moderator else None)
        await interaction.response.send_message(
            embed=view.embed(), view=view, ephemeral=True, allowed_mentions=no_mentions()
        )
        view.interaction = interaction

    # a command of its own, not "/events sync": Discord hides commands from members per top-level
    # command, and "/events list" is for everyone
    @app_commands.command(name="sync-events")
    @app_commands.default_permissions(manage_events=True)
    @app_commands.guild_only()
    @moderators_only()
    async def events_sync(self, interaction: discord.Interaction) -> None:
        """Create or update Discord's Scheduled Events for upcoming talks and events (moderators)."""
        guild = interaction.guild
        assert guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            created, updated, unchanged = await self.sync_guild(guild)
        except discord.Forbidden:
            await interaction.followup.send(
                "I need the Manage Events permission to create scheduled events.", ephemeral=True
            )
            return
        await interaction.followup.send(
            f"Scheduled events: {created} created, {updated} updated, {unchanged} unchanged.",
            ephemeral=True,
            allowed_mentions=no_mentions(),
        )

    async def sync_guild(self, guild: discord.Guild) -> tuple[int, int, int]:
        """Idempotent: the knowledge id → event id mapping is kept in SQLite, and an event with
        the same name and start is adopted rather than duplicated."""
        store = reminder_store(self.bot)
        now = now_of(self.bot)
        existing = {e.id: e for e in await guild.fetch_scheduled_events()}
        created = updated = unchanged = 0
        for spec in scheduled_event_specs(current_kb(self.bot), now):
            link = store.scheduled_event(guild.id, spec.knowledge_id)
            event = existing.get(link.discord_event_id) if link else None
            if event is not None and event.status not in (discord.EventStatus.scheduled, discord.EventStatus.active):
                event = None  # ended or cancelled in Discord: make a fresh one
            if event is None:
                event = next(
                    (e for e in existing.values() if e.name == spec.name and e.start_time == spec.start), None
                )
            fields: dict[str, Any] = {
                "name": spec.name,
                "start_time": spec.start,
                "end_time": spec.end,
                "description": spec.description,
                "location": spec.location,
                "entity_type": discord.EntityType.external,
                "privacy_level": discord.PrivacyLevel.guild_only,
            }
            if event is None:
                event = await guild.create_scheduled_event(**fields)
                created += 1
            elif not _matches(event, spec):
                event = await event.edit(**fields) or event
                updated += 1
            else:
                unchanged += 1
            store.link_scheduled_event(guild.id, spec.knowledge_id, event.id, spec.fingerprint, now)
        log.info("scheduled events in guild %s: %d created, %d updated, %d unchanged", guild.id, created, updated,
                 unchanged)  # fmt: skip
        return created, updated, unchanged


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Events(bot))
