"""Browsing the knowledge: /talk, /speaker, /talks and /help."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from talkbot.bot import no_mentions, tell
from talkbot.cogs.common import OwnerPager, answer_expired_pager, expired_pager_command, to_embed
from talkbot.cogs.remindme import remind_view
from talkbot.knowledge.models import KnowledgeBase, Talk
from talkbot.present import (
    CHOICE_NAME_LIMIT,
    escape_text,
    help_card,
    page_count,
    person_choices,
    speaker_card,
    talk_card,
    talk_choices,
    talks_page,
    truncate,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from talkbot.bot import TalkBot

log = logging.getLogger(__name__)

PAGER_TIMEOUT = 300.0
NOT_YOUR_PAGES = "Only the person who ran `/talks` can turn these pages. Run `/talks` yourself to browse."


class TalksPager(OwnerPager):
    """The talks, newest first, a page at a time."""

    refusal = NOT_YOUR_PAGES

    def __init__(
        self, owner_id: int, talks: Sequence[Talk], kb: KnowledgeBase, timeout: float = PAGER_TIMEOUT
    ):
        super().__init__(owner_id, timeout)
        self.talks = list(talks)
        self.kb = kb
        self.pages = page_count(len(self.talks))
        self.embed()  # sets the buttons for the first page

    def render(self) -> discord.Embed:
        return to_embed(talks_page(self.talks, self.kb, self.page))


class Browse(commands.Cog):
    """Talk cards, speaker cards, the talk list and help."""

    def __init__(self, bot: TalkBot):
        self.bot = bot

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Page buttons of a list sent before a restart: no view holds them any more."""
        command = expired_pager_command(interaction)
        if command is not None:
            await answer_expired_pager(interaction, command)

    # --- /talk -------------------------------------------------------------------------------

    @app_commands.command(name="talk")
    @app_commands.describe(talk="Start typing a title or topic, then pick a talk from the list")
    async def talk(self, interaction: discord.Interaction, talk: str) -> None:
        """Show a talk: date and time, speakers and their roles, key messages and sources."""
        engine = self.bot.engine
        found = engine.kb.talk(talk) or engine.find_talk(talk)
        if found is None:
            await tell(
                interaction, f"No talk matches “{escape_text(truncate(talk, 100))}”. `/talks` lists them all."
            )
            return
        kwargs: dict = {"embed": to_embed(talk_card(found, engine.kb)), "allowed_mentions": no_mentions()}
        view = remind_view(engine.kb, self.bot.utcnow(), [found.id])
        if view is not None:
            kwargs["view"] = view  # 🔔 Remind me, for a talk still ahead
        await interaction.response.send_message(**kwargs)

    @talk.autocomplete("talk")
    async def talk_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            talks = self.bot.engine.search_talks(current[:CHOICE_NAME_LIMIT], limit=25)
            return [app_commands.Choice(name=c.name, value=c.value) for c in talk_choices(talks)]
        except Exception:
            log.exception("talk autocomplete failed for %r", current)
            return []

    # --- /speaker ----------------------------------------------------------------------------

    @app_commands.command(name="speaker")
    @app_commands.describe(name="Start typing a name (accents and typos are fine), then pick a person")
    async def speaker(self, interaction: discord.Interaction, name: str) -> None:
        """Show a speaker or moderator: roles, organisations and all their talks."""
        engine = self.bot.engine
        person = engine.kb.person(name) or engine.find_person(name)
        if person is None:
            await tell(interaction, f"I know nobody called “{escape_text(truncate(name, 100))}”.")
            return
        await interaction.response.send_message(
            embed=to_embed(speaker_card(person, engine.kb)), allowed_mentions=no_mentions()
        )

    @speaker.autocomplete("name")
    async def speaker_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            engine = self.bot.engine
            if current.strip():
                people = engine.search_people(current[:CHOICE_NAME_LIMIT], limit=25)
            else:  # nothing typed yet: everyone, alphabetically
                people = sorted(engine.kb.people, key=lambda p: p.name.casefold())
            return [app_commands.Choice(name=c.name, value=c.value) for c in person_choices(people)]
        except Exception:
            log.exception("speaker autocomplete failed for %r", current)
            return []

    # --- /talks and /help --------------------------------------------------------------------

    @app_commands.command(name="talks")
    async def talks(self, interaction: discord.Interaction) -> None:
        """List the EU Clusters Talks, newest first."""
        kb = self.bot.engine.kb
        ordered = sorted(kb.talks, key=lambda t: t.schedule.start, reverse=True)
        pager = TalksPager(interaction.user.id, ordered, kb)
        if pager.pages == 1:
            await interaction.response.send_message(embed=pager.embed(), allowed_mentions=no_mentions())
            pager.stop()
            return
        await interaction.response.send_message(
            embed=pager.embed(), view=pager, allowed_mentions=no_mentions()
        )
        pager.interaction = interaction

    @app_commands.command(name="help")
    async def help_(self, interaction: discord.Interaction) -> None:
        """What I can do and how to ask."""
        kb = self.bot.engine.kb
        card = help_card(kb.summary(), self.bot.settings.ask_channel_ids)
        await interaction.response.send_message(
            embed=to_embed(card), ephemeral=True, allowed_mentions=no_mentions()
        )


async def setup(bot: TalkBot) -> None:
    await bot.add_cog(Browse(bot))
