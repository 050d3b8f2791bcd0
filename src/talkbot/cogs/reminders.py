"""/remind: moderators schedule reminders; the scheduler posts them, never twice, never lost.

The core (talkbot.reminders) decides when; this cog only turns a due reminder into an embed
with an "Add to calendar" file and posts it. A role ping is the only mention a reminder may
make, and only the role the moderator chose.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from talkbot.agenda import anchor, autocomplete, card, discord_time, find_item
from talkbot.bot import no_mentions, tell
from talkbot.calendar import ics_filename, item_ics
from talkbot.config import parse_duration
from talkbot.errors import ConfigError, ReminderError
from talkbot.knowledge.models import KnowledgeBase
from talkbot.reminders import DeliveryFailed, Reminder, ReminderScheduler, ReminderStore, Status
from talkbot.reminders.auto import sync_event_reminders
from talkbot.reminders.subscriptions import Subscription, sync_subscriptions
from talkbot.reminders.when import first_occurrence, parse_recurrence, parse_when

log = logging.getLogger(__name__)

REFUSED = "Only moderators (members with Manage Events or the moderator role) can use this command."
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
# How often the automatic reminders are compared with the knowledge (a reload swaps the kb).
AUTO_SYNC_SECONDS = 60.0
# Looking back this far for a message an interrupted attempt may already have posted.
HISTORY_LOOKBACK = 50
COLOR_REMINDER = 0x2B6CB0
COLOR_LATE = 0xD69E2E


def role_only(role_id: int | None) -> discord.AllowedMentions:
    """Only the chosen role may be pinged: no @everyone, no users, no other role."""
    roles: list[discord.abc.Snowflake] = [discord.Object(id=role_id)] if role_id else []
    return discord.AllowedMentions(everyone=False, users=False, roles=roles, replied_user=False)


def is_moderator(member: Any, moderator_role_id: int | None) -> bool:
    perms = getattr(member, "guild_permissions", None)
    if perms is not None and (perms.manage_events or perms.administrator):
        return True
    return bool(moderator_role_id) and any(r.id == moderator_role_id for r in getattr(member, "roles", ()))


def may_moderate(interaction: discord.Interaction) -> bool:
    """Manage Events (as Discord resolved it for this channel), Administrator, or the role."""
    if interaction.guild is None:
        return False
    perms = interaction.permissions
    if perms.manage_events or perms.administrator:
        return True
    return is_moderator(interaction.user, interaction.client.settings.moderator_role_id)  # type: ignore[attr-defined]


def is_moderator_by_role(member: Any, moderator_role_id: int | None) -> bool:
    return bool(moderator_role_id) and any(r.id == moderator_role_id for r in getattr(member, "roles", ()))


def moderators_only():
    """A slash-command check: others get a short ephemeral refusal."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage("Reminders are managed inside a server, not in DMs.")
        if may_moderate(interaction):
            return True
        raise app_commands.CheckFailure(REFUSED)

    return app_commands.check(predicate)


def reminder_store(bot: Any) -> ReminderStore:
    """One store (one writer connection) per bot, shared by the reminders and events cogs."""
    store = getattr(bot, "reminder_store", None)
    if store is None:
        store = ReminderStore.open(bot.settings.database)
        bot.reminder_store = store
    return store


def current_kb(bot: Any) -> KnowledgeBase:
    """Read fresh every time: a reload swaps the engine and its knowledge."""
    return bot.engine.kb


class BotClock:
    """The bot's clock for the scheduler; tests give the bot a ``reminder_clock`` instead."""

    def __init__(self, bot: Any):
        self.bot = bot

    def now(self) -> datetime:
        utcnow = getattr(self.bot, "utcnow", None)
        return utcnow() if utcnow else datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def footer_of(reminder: Reminder) -> str:
    # The occurrence is in the footer: the cog recognises its own earlier post by it.
    return f"Reminder #{reminder.id} · {reminder.due:%Y-%m-%d %H:%M} UTC"


def reminder_embed(reminder: Reminder, kb: KnowledgeBase, late: bool) -> tuple[discord.Embed, discord.File | None]:
    item = find_item(kb, reminder.event_id) if reminder.event_id else None
    colour = COLOR_LATE if late else COLOR_REMINDER
    if item is not None:
        c = card(item, kb)
        embed = discord.Embed(title=c.title[:256], url=c.url or None, colour=colour, description=reminder.text[:4000] or None)
        embed.add_field(name="When", value=c.when, inline=False)
        if c.where:
            embed.add_field(name="Where / how to join", value=c.where[:1024], inline=False)
        if c.speakers:
            embed.add_field(name="Speakers", value="\n".join(c.speakers)[:1024], inline=False)
        file = discord.File(io.BytesIO(item_ics(item, kb)), filename=ics_filename(item), description="Add to calendar")
    else:
        embed = discord.Embed(title="Reminder", colour=colour, description=reminder.text[:4000] or None)
        if reminder.event_id:
            embed.add_field(name="Event", value="This event is no longer in the knowledge base.", inline=False)
        file = None
    if reminder.note:
        embed.add_field(name="Note", value=reminder.note[:1024], inline=False)
    if late:
        embed.set_author(name="Late: the bot was offline when this reminder was due")
    embed.set_footer(text=footer_of(reminder) + (" · 📅 Add to calendar: open the attached .ics" if file else ""))
    return embed, file


def describe(reminder: Reminder, kb: KnowledgeBase) -> str:
    """One line of /remind list."""
    item = find_item(kb, reminder.event_id) if reminder.event_id else None
    what = item.title if item else (reminder.text or reminder.event_id or "reminder")
    parts = [f"**#{reminder.id}** {discord_time(reminder.due, 'f')} ({discord_time(reminder.due, 'R')}) in <#{reminder.channel_id}>"]
    parts.append(f"— {what[:80]}")
    if reminder.role_id:
        parts.append(f"· pings <@&{reminder.role_id}>")
    if reminder.recurrence:
        parts.append(f"· {reminder.recurrence.describe()}")
    if reminder.auto:
        parts.append("· automatic")
    if reminder.status != Status.PENDING:
        parts.append(f"· **{reminder.status.value}**")
    if reminder.last_error:
        parts.append(f"\n  ⚠️ {reminder.last_error[:150]}")
    return " ".join(parts)


def _remind_view(bot: Any, reminder: Reminder) -> discord.ui.View | None:
    """🔔 Remind me under a reminder about an upcoming talk or event."""
    if not reminder.event_id:
        return None
    from talkbot.cogs import remindme

    return remindme.remind_view(current_kb(bot), BotClock(bot).now(), [reminder.event_id])


class Reminders(commands.Cog):
    """Moderators' reminders, automatic event reminders, and the scheduler that posts them."""

    # Hidden from members who lack Manage Events (server admins can grant the moderator role
    # access under Server Settings → Integrations); the check below still runs on every call.
    remind = app_commands.Group(
        name="remind",
        description="Reminders for talks and events (moderators)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_events=True),
    )

    def __init__(self, bot: Any, *, clock: Any = None):
        self.bot = bot
        self.clock = clock or getattr(bot, "reminder_clock", None) or BotClock(bot)
        self.store = reminder_store(bot)
        self.scheduler = ReminderScheduler(
            self.store,
            self.deliver,
            clock=self.clock,
            grace=bot.settings.reminder_grace,
            on_missed=self.report_missed,
            on_health=self.report_health,
            # Tests run the store calls inline (their clock is moved by hand); the bot uses a thread.
            run_db=getattr(bot, "reminder_run_db", None),
            deliver_subscription=self.deliver_subscription,
        )
        bot.reminder_scheduler = self.scheduler  # members' "Remind me" saves, then wakes it
        self._auto_task: asyncio.Task | None = None
        self._synced_kb: KnowledgeBase | None = None

    async def cog_load(self) -> None:
        self.scheduler.start()
        self._auto_task = asyncio.create_task(self._auto_loop(), name="talkbot-auto-reminders")

    async def cog_unload(self) -> None:
        if self._auto_task is not None:
            self._auto_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._auto_task
        await self.scheduler.stop()
        self.scheduler.close()

    # -- posting -----------------------------------------------------------------------------

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is not None:
            return channel
        try:
            return await self.bot.fetch_channel(channel_id)
        except discord.NotFound:
            raise DeliveryFailed("the channel no longer exists") from None
        except discord.Forbidden:
            raise DeliveryFailed("the bot cannot see the channel any more") from None
        except discord.HTTPException as exc:
            raise DeliveryFailed(f"Discord error {exc.status} looking up the channel") from None

    async def _already_posted(self, channel: Any, reminder: Reminder) -> int | None:
        """After an interrupted attempt, find the post Discord may have accepted (nonces expire)."""
        me = getattr(self.bot, "user", None)
        if me is None:
            return None
        footer = footer_of(reminder)
        try:
            async for message in channel.history(limit=HISTORY_LOOKBACK, after=reminder.due - timedelta(minutes=1)):
                if message.author.id == me.id and any(
                    (e.footer.text or "").startswith(footer) for e in message.embeds
                ):
                    return message.id
        except (discord.Forbidden, discord.HTTPException):
            log.debug("reminder %s: cannot read the history of channel %s", reminder.id, reminder.channel_id)
        return None

    async def deliver(self, reminder: Reminder, late: bool) -> int:
        """Post one reminder; return the message id once Discord accepted it."""
        await self.bot.wait_until_ready()
        channel = await self._channel(reminder.channel_id)
        if reminder.resend:
            found = await self._already_posted(channel, reminder)
            if found is not None:
                log.info("reminder %s was already posted as message %s", reminder.id, found)
                return found
        embed, file = reminder_embed(reminder, current_kb(self.bot), late)
        content = f"<@&{reminder.role_id}>" if reminder.role_id else None
        kwargs: dict[str, Any] = {
            "content": content,
            "embed": embed,
            "allowed_mentions": role_only(reminder.role_id),
            # Committed before the first attempt: Discord (enforce_nonce) answers a resend
            # with the message it already created instead of posting it twice.
            "nonce": reminder.nonce,
        }
        if file is not None:
            kwargs["file"] = file
        view = _remind_view(self.bot, reminder)
        if view is not None:
            kwargs["view"] = view
        try:
            message = await channel.send(**kwargs)
        except discord.Forbidden as exc:
            raise DeliveryFailed(f"no permission to post in the channel ({exc.text or exc.status})") from None
        except discord.NotFound:
            raise DeliveryFailed("the channel no longer exists") from None
        except discord.HTTPException as exc:
            raise DeliveryFailed(f"Discord error {exc.status}: {exc.text}"[:200]) from None
        return message.id

    async def deliver_subscription(self, sub: Subscription, late: bool) -> int:
        """A member's own reminder: by DM (see talkbot.cogs.remindme)."""
        from talkbot.cogs import remindme  # the two cogs import each other's helpers

        return await remindme.deliver(self.bot, sub, late)

    async def report_health(self, error: str | None) -> None:
        """Tell the admin channel once when reminders stop for a database failure, once when they resume."""
        if error is None:
            text = "✅ Reminders resumed: the database works again. Reminders held back are being posted now."
        else:
            text = (
                "⚠️ Reminders are paused: the bot cannot write its database "
                f"(`{error[:300]}`). Free disk space or release the lock; every reminder due meanwhile "
                "is posted (marked late) once it works again."
            )
        await self._post_admin(text)

    async def _post_admin(self, text: str) -> None:
        channel_id = self.bot.settings.admin_channel_id
        if not channel_id:
            return
        await self.bot.wait_until_ready()
        try:
            channel = await self._channel(channel_id)
            await channel.send(text[:2000], allowed_mentions=no_mentions())
        except (DeliveryFailed, discord.HTTPException):
            log.warning("could not post to the admin channel %s", channel_id)

    async def report_missed(self, reminder: Reminder, reason: str) -> None:
        """Tell the moderators instead of posting a reminder that is too late to help."""
        channel_id = self.bot.settings.admin_channel_id
        kb = current_kb(self.bot)
        text = f"Missed reminder: {describe(reminder, kb)}\nReason: {reason}. It was not posted."
        log.warning("reminder %s missed: %s", reminder.id, reason)
        if not channel_id:
            return
        await self.bot.wait_until_ready()  # at start-up the channel cache fills only then
        try:
            channel = await self._channel(channel_id)
            await channel.send(text[:2000], allowed_mentions=no_mentions())
        except (DeliveryFailed, discord.HTTPException):
            log.warning("could not report missed reminder %s in the admin channel", reminder.id)

    # -- automatic reminders -----------------------------------------------------------------

    def sync_auto(self) -> int:
        """Compare automatic and event-linked reminders with the knowledge; return changes."""
        settings = self.bot.settings
        kb = current_kb(self.bot)
        now = self.clock.now()
        # Members' own reminders follow a moved talk; a cancelled or removed one tells them once.
        subs = sync_subscriptions(self.store, kb, now)
        if subs.changed:
            self.scheduler.wake()
        channel_id = settings.announce_channel_id
        guilds: dict[int, int | None] = {r.guild_id: None for r in self.store.pending()}
        if channel_id:
            channel = self.bot.get_channel(channel_id)
            if channel is None or getattr(channel, "guild", None) is None:
                # Not in the cache (yet, or any more): try again later rather than read it as
                # "automatic reminders off" and cancel them all.
                log.warning("announcement channel %s not found: automatic reminders not synced", channel_id)
                return 0
            guilds[channel.guild.id] = channel_id
        me = getattr(self.bot, "user", None)
        changes = subs.moved + subs.gone + subs.dropped
        for guild_id, announce in guilds.items():
            report = sync_event_reminders(
                self.store, kb, now, guild_id=guild_id, channel_id=announce,
                leads=settings.auto_reminder_leads, bot_user_id=me.id if me else 0,
            )  # fmt: skip
            changes += report.added + report.cancelled + report.moved
        self._synced_kb = kb
        if changes:
            self.scheduler.wake()  # saved first, then wake
        return changes

    @commands.Cog.listener()
    async def on_knowledge_reloaded(self, *_: Any) -> None:
        """Whoever reloads the knowledge may ``bot.dispatch("knowledge_reloaded")``: sync at once
        instead of within AUTO_SYNC_SECONDS."""
        try:
            self.sync_auto()
        except Exception:
            log.exception("automatic reminders: sync after a reload failed")

    async def _auto_loop(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                if current_kb(self.bot) is not self._synced_kb:
                    self.sync_auto()
            except Exception:
                log.exception("automatic reminders: sync failed")
            await asyncio.sleep(AUTO_SYNC_SECONDS)

    # -- commands ----------------------------------------------------------------------------

    # discord.py runs no command checks on autocomplete: each callback checks for itself.
    async def _event_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if not may_moderate(interaction):
            return []
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in autocomplete(current_kb(self.bot), self.clock.now(), current)
        ]

    async def _reminder_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild is None or not may_moderate(interaction):
            return []
        kb = current_kb(self.bot)
        choices = []
        for r in self.store.list(interaction.guild.id):
            item = find_item(kb, r.event_id) if r.event_id else None
            label = f"#{r.id} {r.due:%Y-%m-%d %H:%M} UTC {item.title if item else r.text}"
            if current.strip().lower() in label.lower():
                choices.append(app_commands.Choice(name=label[:100], value=r.id))
        return choices[:25]

    def _check_author(self, interaction: discord.Interaction, channel: Any, role: discord.Role | None) -> str | None:
        """The moderator's own rights where the reminder will post: Manage Events in one channel
        must not reach into another, nor ping a role the member could not ping there."""
        member = interaction.user
        if channel is None or not hasattr(channel, "permissions_for") or not isinstance(member, discord.Member):
            return None
        same = interaction.channel is not None and getattr(interaction.channel, "id", None) == getattr(channel, "id", 0)
        # Here Discord already resolved the member's rights; elsewhere compute them from the cache.
        perms = interaction.permissions if same else channel.permissions_for(member)
        if perms.administrator:
            return None
        where = getattr(channel, "mention", "that channel")
        if not (perms.view_channel and perms.send_messages):
            return f"You cannot post in {where} yourself, so you cannot schedule reminders there."
        moderator_role = self.bot.settings.moderator_role_id
        if not perms.manage_events and not is_moderator_by_role(member, moderator_role):
            return f"You need Manage Events in {where} to schedule reminders there."
        if role is not None and not role.mentionable and not perms.mention_everyone:
            return f"You cannot ping {role.mention} in {where} yourself, so a reminder cannot either."
        return None

    def _check_channel(self, channel: Any, guild: discord.Guild) -> str | None:
        me = guild.me
        if me is None or not hasattr(channel, "permissions_for"):
            return None
        perms = channel.permissions_for(me)
        missing = [
            name for name, ok in (
                ("View Channel", perms.view_channel), ("Send Messages", perms.send_messages),
                ("Embed Links", perms.embed_links), ("Attach Files", perms.attach_files),
            ) if not ok
        ]  # fmt: skip
        if missing:
            return f"I cannot post reminders in {channel.mention}: give me {', '.join(missing)} there first."
        return None

    @remind.command(name="add")
    @app_commands.describe(
        when="1d, 2h or 30m before the event (or from now), or a date-time: 2026-12-02 08:00 Europe/Brussels",
        event="The talk or event to remind about (start typing its title)",
        text="What to say, for a reminder that is not about a listed event",
        channel="Where to post it (default: this channel)",
        role="A role to ping; nobody else is mentioned",
        note="An extra line under the reminder",
        repeat="Repeat it: weekly, every 2 weeks, every second wednesday, second wednesday of the month",
    )
    @app_commands.autocomplete(event=_event_autocomplete)
    @moderators_only()
    async def remind_add(
        self,
        interaction: discord.Interaction,
        when: str,
        event: str | None = None,
        text: str | None = None,
        channel: discord.TextChannel | None = None,
        role: discord.Role | None = None,
        note: str | None = None,
        repeat: str | None = None,
    ) -> None:
        """Schedule a reminder for a talk or event, or a free reminder."""
        guild = interaction.guild
        assert guild is not None
        target = channel or interaction.channel
        if not event and not text:
            await tell(interaction, "Pick an `event` or write a `text` for the reminder.")
            return
        kb = current_kb(self.bot)
        now = self.clock.now()
        item = find_item(kb, event) if event else None
        if event and item is None:
            await tell(interaction, "I don't know that event: pick one from the list as you type.")
            return
        if item is not None and repeat:
            # An event happens once; its reminder follows the event's date instead.
            await tell(interaction, "`repeat` is for free reminders (with a `text`), not for an event.")
            return
        if role is not None and role.is_default():
            await tell(interaction, "Reminders never ping @everyone: pick a role.")
            return
        problem = self._check_author(interaction, target, role) or self._check_channel(target, guild)
        if problem:
            await tell(interaction, problem)
            return
        try:
            parsed = parse_when(when, now=now, event_start=anchor(item) if item else None)
            rule = parse_recurrence(repeat, parsed.due.astimezone(ZoneInfo(parsed.zone)).replace(tzinfo=None)) if repeat else None
            due = first_occurrence(parsed.due, rule, parsed.zone)
        except ReminderError as exc:
            await tell(interaction, str(exc))
            return
        saved = self.store.add(
            Reminder(
                id=None, guild_id=guild.id, channel_id=target.id, author_id=interaction.user.id, due=due,
                text=(text or "").strip()[:1500], event_id=item.id if item else None,
                lead=parsed.lead if item else None, role_id=role.id if role else None,
                note=(note or "").strip()[:1000], recurrence=rule, timezone=parsed.zone,
            ),
            now,
        )  # fmt: skip
        self.scheduler.wake()  # saved first, then wake
        extra = f", {rule.describe()}" if rule else ""
        ping = f", pinging {role.mention}" if role else ""
        hint = ""
        if role is not None and not role.mentionable and not (guild.me and guild.me.guild_permissions.mention_everyone):
            hint = "\nNote: this role is not mentionable and I lack Mention Everyone, so the ping will not notify."
        await tell(
            interaction,
            f"Reminder #{saved.id} set for {discord_time(due, 'F')} ({discord_time(due, 'R')}) "
            f"in {getattr(target, 'mention', target)}{ping}{extra}.{hint}",
        )

    @remind.command(name="list")
    @app_commands.describe(everything="Also show sent, missed and cancelled reminders")
    @moderators_only()
    async def remind_list(self, interaction: discord.Interaction, everything: bool = False) -> None:
        """List the reminders of this server, with any delivery problem."""
        assert interaction.guild is not None
        reminders = self.store.list(interaction.guild.id, include_done=everything, limit=50)
        if not reminders:
            await tell(interaction, "No reminders are scheduled. `/remind add` creates one.")
            return
        kb = current_kb(self.bot)
        lines, size = [], 0
        for r in reminders:
            line = describe(r, kb)
            if size + len(line) > 3900:
                lines.append(f"… and {len(reminders) - len(lines)} more")
                break
            lines.append(line)
            size += len(line) + 1
        embed = discord.Embed(title="Reminders", description="\n".join(lines), colour=COLOR_REMINDER)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=no_mentions())

    def _own(self, interaction: discord.Interaction, reminder_id: int) -> Reminder | None:
        r = self.store.get(reminder_id)
        if r is None or interaction.guild is None or r.guild_id != interaction.guild.id:
            return None
        return r

    @remind.command(name="cancel")
    @app_commands.describe(reminder="The reminder to cancel")
    @app_commands.autocomplete(reminder=_reminder_autocomplete)
    @moderators_only()
    async def remind_cancel(self, interaction: discord.Interaction, reminder: int) -> None:
        """Cancel a reminder."""
        r = self._own(interaction, reminder)
        if r is None or not self.store.cancel(r.id):  # type: ignore[arg-type]
            await tell(interaction, f"No pending reminder #{reminder} here.")
            return
        self.scheduler.wake()
        await tell(interaction, f"Reminder #{reminder} cancelled.")

    @remind.command(name="edit")
    @app_commands.describe(
        reminder="The reminder to change",
        when="New time: a lead time (1d, 2h, 30m) or a date-time with a zone",
        text="New text",
        note="New note",
    )
    @app_commands.autocomplete(reminder=_reminder_autocomplete)
    @moderators_only()
    async def remind_edit(
        self, interaction: discord.Interaction, reminder: int, when: str | None = None,
        text: str | None = None, note: str | None = None,
    ) -> None:  # fmt: skip
        """Change the time or the text of a reminder."""
        r = self._own(interaction, reminder)
        if r is None or r.status not in (Status.PENDING, Status.MISSED):
            await tell(interaction, f"No pending reminder #{reminder} here.")
            return
        if when is None and text is None and note is None:
            await tell(interaction, "Give a new `when`, `text` or `note`.")
            return
        if when is not None:
            item = find_item(current_kb(self.bot), r.event_id) if r.event_id else None
            try:
                parsed = parse_when(when, now=self.clock.now(), event_start=anchor(item) if item else None)
            except ReminderError as exc:
                await tell(interaction, str(exc))
                return
            self.store.reschedule(r.id, first_occurrence(parsed.due, r.recurrence, r.timezone))  # type: ignore[arg-type]
            if r.event_id:
                # A lead time keeps following the event; a date-time pins the reminder there.
                self.store.set_lead(r.id, parsed.lead)  # type: ignore[arg-type]
        if text is not None or note is not None:
            self.store.edit_text(r.id, text.strip()[:1500] if text else None, note.strip()[:1000] if note else None)  # type: ignore[arg-type]
        self.scheduler.wake()
        after = self.store.get(r.id)
        assert after is not None
        await tell(interaction, f"Reminder #{r.id} now due {discord_time(after.due, 'F')} ({discord_time(after.due, 'R')}).")

    @remind.command(name="snooze")
    @app_commands.describe(reminder="A free reminder (not tied to an event)", delay="How long: 10m, 1h, 1d")
    @app_commands.autocomplete(reminder=_reminder_autocomplete)
    @moderators_only()
    async def remind_snooze(self, interaction: discord.Interaction, reminder: int, delay: str) -> None:
        """Push a free reminder later (or post a sent one again later)."""
        r = self._own(interaction, reminder)
        if r is None or r.status == Status.CANCELLED:
            await tell(interaction, f"No reminder #{reminder} here.")
            return
        if r.event_id:
            await tell(interaction, "Snooze is for free reminders; use `/remind edit` to move an event reminder.")
            return
        try:
            step = parse_duration(delay)
        except ConfigError as exc:
            await tell(interaction, str(exc))
            return
        now = self.clock.now()
        base = r.due if r.status == Status.PENDING and r.due > now else now
        self.store.reschedule(r.id, base + step, revive=True)  # type: ignore[arg-type]
        self.scheduler.wake()
        await tell(interaction, f"Reminder #{r.id} snoozed to {discord_time(base + step, 'F')} ({discord_time(base + step, 'R')}).")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Reminders(bot))
