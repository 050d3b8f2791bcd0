"""Asking: mentions, DMs, ask channels and /ask; "Did you mean" and 👍/👎 buttons.

The buttons are dynamic items: their custom ids carry the id of the logged answer, so they
keep working after a restart and the bot keeps no per-message state in memory.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from talkbot.answer.reply import Reply
from talkbot.asking import drop_mentions, strip_mentions_of
from talkbot.bot import SORRY, no_mentions, tell
from talkbot.cogs.common import ChannelSender, to_embed
from talkbot.cogs.remindme import add_remind_buttons
from talkbot.present import Card, help_card, not_covered_card, reply_card, suggestion_labels

if TYPE_CHECKING:  # pragma: no cover - typing only
    from talkbot.bot import TalkBot

log = logging.getLogger(__name__)

# How long "Did you mean" buttons stay usable: long enough to read, short enough to stay
# relevant, and shorter than the 15 minutes an interaction token lasts (to remove them).
SUGGESTION_TTL = timedelta(minutes=10)
# A notice in a channel (rate limit, too long) disappears after this many seconds.
NOTICE_SECONDS = 20.0

EXPIRED = "These suggestions have expired. Ask again with `/ask` or mention me."
NOT_YOURS = "Only the person who asked can use these buttons. Ask your own question with `/ask`."
THANKS_UP = "Thanks! Glad it helped."
THANKS_DOWN = "Thanks for telling us. The admins review answers marked 👎 to improve the knowledge."
VOTE_GONE = "This answer is too old to rate, sorry."


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"tb:vote:(?P<vote>[ud]):(?P<answer>[0-9]+)"
):
    """👍 or 👎 under an answer; anyone may vote, once per answer (a new vote replaces the old)."""

    def __init__(self, answer_id: int, up: bool):
        super().__init__(
            discord.ui.Button(
                emoji="👍" if up else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"tb:vote:{'u' if up else 'd'}:{answer_id}",
            )
        )
        self.answer_id = answer_id
        self.up = up

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> VoteButton:
        return cls(int(match["answer"]), match["vote"] == "u")

    async def callback(self, interaction: discord.Interaction[TalkBot]) -> None:  # type: ignore[override]
        try:
            recorded = interaction.client.feedback.vote(self.answer_id, interaction.user.id, self.up)
            if recorded and not self.up:
                keep_downvote(interaction.client, self.answer_id, interaction.user.id)
            await tell(interaction, (THANKS_UP if self.up else THANKS_DOWN) if recorded else VOTE_GONE)
        except Exception:
            log.exception("vote on answer %s failed", self.answer_id)
            await tell(interaction, SORRY)


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"tb:dym:(?P<answer>[0-9]+):(?P<index>[0-9])"
):
    """One "Did you mean" suggestion; pressing it answers that question in place."""

    def __init__(self, answer_id: int, index: int, label: str = "?"):
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary,
                custom_id=f"tb:dym:{answer_id}:{index}",
            )
        )
        self.answer_id = answer_id
        self.index = index

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> SuggestionButton:
        return cls(int(match["answer"]), int(match["index"]), item.label or "?")

    async def callback(self, interaction: discord.Interaction[TalkBot]) -> None:  # type: ignore[override]
        bot = interaction.client
        try:
            logged = bot.feedback.answer(self.answer_id)
            if logged is None or self.index >= len(logged.suggestions):
                await interaction.response.edit_message(view=None, allowed_mentions=no_mentions())
                await tell(interaction, EXPIRED)
                return
            if not bot.feedback.is_asker(logged, interaction.user.id):
                await tell(interaction, NOT_YOURS)
                return
            if bot.utcnow() - logged.asked_at > SUGGESTION_TTL:
                await interaction.response.edit_message(view=None, allowed_mentions=no_mentions())
                await tell(interaction, EXPIRED)
                return
            admission = bot.desk.admit(interaction.user.id, logged.suggestions[self.index])
            if not admission.admitted:
                await tell(interaction, admission.notice)
                return
            await interaction.response.defer()  # the answer replaces the "not covered" message
            # The buttons go away with the answer. (Duck-typed: load_extension imports the cog's
            # module afresh, so isinstance against this module's Ask may not hold.)
            cancel_expiry = getattr(bot.get_cog("Ask"), "cancel_expiry", None)
            if cancel_expiry is not None:
                cancel_expiry(self.answer_id)
            reply = await bot.ask(admission.question)
            post = render(bot, reply, interaction.user.id)
            await interaction.edit_original_response(
                content=None, embed=to_embed(post.card), view=post.view, allowed_mentions=no_mentions()
            )
        except Exception:
            log.exception("suggestion %s of answer %s failed", self.index, self.answer_id)
            await tell(interaction, SORRY)


@dataclass
class Post:
    """What is posted for a reply: the card, its buttons, the id of the logged answer."""

    card: Card
    view: discord.ui.View | None
    answer_id: int
    suggests: bool


def keep_gap(bot: TalkBot, reply: Reply, asker_id: int) -> None:
    """Declined and unsure replies go to the curators' list (/kb gaps); never fails the answer."""
    gaps = getattr(bot, "gaps", None)
    if gaps is None:
        return
    try:
        gaps.record_reply(reply, user_id=asker_id)
    except sqlite3.Error as exc:
        log.warning("could not keep the unanswered question: %s", exc)
    except Exception:
        log.exception("could not keep the unanswered question")


def keep_downvote(bot: TalkBot, answer_id: int, voter_id: int) -> None:
    gaps = getattr(bot, "gaps", None)
    logged = bot.feedback.answer(answer_id)
    if gaps is None or logged is None:
        return
    try:
        gaps.record_downvote(logged.question, logged.reply, user_id=voter_id, confidence=logged.confidence)
    except Exception:
        log.exception("could not keep the down-voted answer %s", answer_id)


def render(bot: TalkBot, reply: Reply, asker_id: int) -> Post:
    """Log the reply and build what is posted."""
    try:
        answer_id = bot.feedback.log_answer(reply, asker_id)
    except sqlite3.Error as exc:
        # A full disk or a lock held elsewhere must not cost the asker the answer: it goes out
        # without the buttons that need the logged answer.
        log.warning("could not log an answer (%s); answering without buttons", exc)
        answer_id = 0
    keep_gap(bot, reply, asker_id)
    view = discord.ui.View(timeout=None)
    if reply.decision.get("route") == "help":
        # "hi", "what can you do?": the help card, with the questions it suggests as buttons
        card = help_card(bot.engine.kb.summary(), bot.settings.ask_channel_ids)
        if answer_id:
            for index, label in enumerate(suggestion_labels(reply)):
                view.add_item(SuggestionButton(answer_id, index, label))
        return Post(card, view if view.children else None, answer_id, bool(view.children))
    if reply.answered:
        card = reply_card(reply, bot.engine.kb)
        if answer_id:  # votes need the logged answer
            view.add_item(VoteButton(answer_id, up=True))
            view.add_item(VoteButton(answer_id, up=False))
        # 🔔 Remind me when the answer is about an upcoming talk or event (the first one cited).
        cited = [c.talk_id for c in reply.citations][:1]
        add_remind_buttons(view, bot.engine.kb, bot.utcnow(), cited)
    else:
        card = not_covered_card(reply)
        if answer_id:  # so do the suggestions
            for index, label in enumerate(suggestion_labels(reply)):
                view.add_item(SuggestionButton(answer_id, index, label))
    suggests = not reply.answered and bool(view.children)
    return Post(card, view if view.children else None, answer_id, suggests)


class Ask(commands.Cog):
    """Questions in chat and with /ask."""

    def __init__(self, bot: TalkBot):
        self.bot = bot
        self.sender = ChannelSender()
        self._told_until: dict[int, float] = {}
        self._expiries: dict[int, asyncio.Task[None]] = {}  # answer id -> removal of its suggestions
        self.suggestion_ttl = SUGGESTION_TTL.total_seconds()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(VoteButton, SuggestionButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(VoteButton, SuggestionButton)
        for task in self._expiries.values():
            task.cancel()

    # --- "Did you mean" expiry -----------------------------------------------------------------

    def expire_later(self, answer_id: int, message: discord.Message | discord.WebhookMessage | None) -> None:
        """Remove the suggestion buttons when they expire, so nobody presses a dead button.

        In memory only: after a restart, pressing an expired button removes it instead.
        """
        if message is not None:
            self._expiries[answer_id] = asyncio.create_task(self._expire(answer_id, message))

    def cancel_expiry(self, answer_id: int) -> None:
        task = self._expiries.pop(answer_id, None)
        if task is not None:
            task.cancel()

    async def _expire(self, answer_id: int, message: discord.Message | discord.WebhookMessage) -> None:
        try:
            await asyncio.sleep(self.suggestion_ttl)
            await message.edit(view=None, allowed_mentions=no_mentions())
        except discord.HTTPException as exc:
            log.debug("could not remove expired suggestions of answer %s: %s", answer_id, exc)
        finally:
            self._expiries.pop(answer_id, None)

    # --- messages ----------------------------------------------------------------------------

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot, or None when it is not addressed to the bot."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return None
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return None
        role = message.guild.self_role if message.guild is not None else None
        ask_channels = self.bot.settings.ask_channel_ids
        addressed = (
            message.guild is None  # a DM
            or any(user.id == me.id for user in message.mentions)
            or (role is not None and any(r.id == role.id for r in message.role_mentions))
            or message.channel.id in ask_channels
            or getattr(message.channel, "parent_id", None) in ask_channels  # a thread of an ask channel
        )
        if not addressed:
            return None
        text = strip_mentions_of(message.content, me.id, role.id if role else None)
        # other mentions (users, roles, channels) address people; they are not part of the
        # question ("<@&fans> who presented I3?" is not about "Talk fans")
        return drop_mentions(text)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        text = self.question_in(message)
        if text is None:
            return
        try:
            await self.answer_message(message, text)
        except Exception:
            log.exception("answering message %s failed", message.id)
            try:
                await self.sender.reply(message, Card(description=SORRY))
            except Exception:
                log.warning("could not tell the asker of message %s that answering failed", message.id)

    async def answer_message(self, message: discord.Message, text: str) -> None:
        admission = self.bot.desk.admit(message.author.id, text)
        if not admission.admitted:
            # A notice per refused message would be spam of its own: one per window is enough.
            now = self.bot.clock()
            if self._told_until.get(message.author.id, 0.0) > now:
                return
            self._told_until[message.author.id] = now + self.bot.settings.rate_limit_seconds
            await self.sender.reply(message, Card(description=admission.notice), delete_after=NOTICE_SECONDS)
            return
        self._told_until.pop(message.author.id, None)
        reply = await self.bot.ask(admission.question)
        post = render(self.bot, reply, message.author.id)
        sent = await self.sender.reply(message, post.card, post.view)
        if post.suggests:
            self.expire_later(post.answer_id, sent)

    # --- /ask --------------------------------------------------------------------------------

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question about the EU Clusters Talks, e.g. who presented the I3 instrument?"
    )
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """Ask a question about the EU Clusters Talks; the answer cites the talks it comes from."""
        admission = self.bot.desk.admit(interaction.user.id, question)
        if not admission.admitted:
            await tell(interaction, admission.notice)
            return
        await interaction.response.defer(thinking=True)
        reply = await self.bot.ask(admission.question)
        post = render(self.bot, reply, interaction.user.id)
        kwargs: dict[str, Any] = {
            "embed": to_embed(post.card),
            "allowed_mentions": no_mentions(),
            "wait": True,
        }
        if post.view is not None:
            kwargs["view"] = post.view
        sent = await interaction.followup.send(**kwargs)
        if post.suggests:
            self.expire_later(post.answer_id, sent)


async def setup(bot: TalkBot) -> None:
    await bot.add_cog(Ask(bot))
