"""Helpers every cog uses: cards to embeds, and sending to a channel that may refuse."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

import discord

from talkbot.bot import SORRY, no_mentions, tell
from talkbot.present import Card

log = logging.getLogger(__name__)


def to_embed(card: Card) -> discord.Embed:
    embed = discord.Embed(
        title=card.title or None,
        description=card.description or None,
        url=card.url or None,
        colour=card.color,
    )
    if card.author:
        embed.set_author(name=card.author)
    for field in card.fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed


class ChannelSender:
    """Sends to channels, degrading instead of failing when permissions are missing.

    Each missing permission is logged once per channel, not once per message.
    """

    def __init__(self) -> None:
        self._warned: set[tuple[int, str]] = set()

    def warn_once(self, channel: Any, problem: str) -> None:
        key = (getattr(channel, "id", 0), problem)
        if key not in self._warned:
            self._warned.add(key)
            log.warning(
                "channel %s (%s): %s", getattr(channel, "id", "?"), getattr(channel, "name", "DM"), problem
            )

    async def reply(
        self,
        message: discord.Message,
        card: Card,
        view: discord.ui.View | None = None,
        delete_after: float | None = None,
    ) -> discord.Message | None:
        """Answer ``message``: as a reply with an embed when allowed; plainer otherwise."""
        channel = message.channel
        guild = message.guild
        perms = channel.permissions_for(guild.me) if guild is not None and guild.me is not None else None
        if perms is not None:
            in_thread = isinstance(channel, discord.Thread)
            if not (perms.send_messages_in_threads if in_thread else perms.send_messages):
                self.warn_once(channel, "cannot send messages here; questions asked here go unanswered")
                return None
        embed_ok = perms is None or perms.embed_links
        reference = message if perms is None or perms.read_message_history else None
        if perms is not None and not embed_ok:
            self.warn_once(channel, "cannot embed links; answering in plain text")
        if reference is None:
            self.warn_once(channel, "cannot read message history; answering without replying")

        async def send(as_embed: bool, ref: discord.Message | None) -> discord.Message:
            kwargs: dict[str, Any] = {"allowed_mentions": no_mentions(), "delete_after": delete_after}
            if as_embed:
                kwargs["embed"] = to_embed(card)
            else:
                kwargs["content"] = card.as_text()
            if view is not None:
                kwargs["view"] = view
            if ref is not None:
                return await ref.reply(mention_author=False, **kwargs)
            return await channel.send(**kwargs)

        try:
            try:
                return await send(embed_ok, reference)
            except discord.HTTPException as exc:
                # e.g. the question was deleted meanwhile: a reply needs its message to exist
                if reference is None or isinstance(exc, discord.Forbidden):
                    raise
                log.info(
                    "replying to message %s failed (%s); sending without the reply", message.id, exc.status
                )
                return await send(embed_ok, None)
        except discord.Forbidden as exc:
            self.warn_once(
                channel, f"Discord refused the answer ({exc.text or exc.status}); trying plain text"
            )
            try:
                return await send(False, None)
            except discord.HTTPException:
                self.warn_once(channel, "plain text refused too; giving up in this channel")
                return None



#: the pagers alive in this process, by the nonce in their buttons' custom ids
_LIVE_PAGERS: dict[str, OwnerPager] = {}
_PAGER_ID = re.compile(r"^tb:page:(?P<command>[a-z ]+):(?P<nonce>[0-9a-f]+):(?:prev|next)$")


def expired_pager_command(interaction: discord.Interaction) -> str | None:
    """For a press on the page buttons of a pager this process does not hold (it was sent
    before a restart, or timed out without its buttons being removed): the command to run
    again. None for anything else, including a live pager, which answers by itself."""
    if interaction.type is not discord.InteractionType.component:
        return None
    match = _PAGER_ID.match(str((interaction.data or {}).get("custom_id", "")))
    if match is None or match["nonce"] in _LIVE_PAGERS:
        return None
    return match["command"]


async def answer_expired_pager(interaction: discord.Interaction, command: str) -> None:
    """Remove the dead buttons and say what to do, instead of "This interaction failed"."""
    try:
        await interaction.response.edit_message(view=None, allowed_mentions=no_mentions())
        await interaction.followup.send(
            f"This list has expired: run `/{command}` again.", ephemeral=True, allowed_mentions=no_mentions()
        )
    except discord.HTTPException:
        log.debug("could not answer a press on an expired pager", exc_info=True)


class OwnerPager(discord.ui.View):
    """◀ ▶ pages that only the person who ran the command may turn; the buttons go away at the
    timeout. Subclasses draw a page in ``render``, set ``pages`` and name their ``command``.

    The buttons' custom ids carry the command and a nonce, so a press after a restart (when no
    view holds them any more) is recognised and answered by :func:`answer_expired_pager`."""

    refusal = "Only the person who ran the command can turn these pages."
    command = "talks"

    def __init__(self, owner_id: int, timeout: float):
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.page = 0
        self.pages = 1
        self.interaction: discord.Interaction | None = None
        self.nonce = secrets.token_hex(8)
        self.previous.custom_id = f"tb:page:{self.command}:{self.nonce}:prev"
        self.next.custom_id = f"tb:page:{self.command}:{self.nonce}:next"
        _LIVE_PAGERS[self.nonce] = self

    def stop(self) -> None:
        _LIVE_PAGERS.pop(self.nonce, None)
        super().stop()

    def render(self) -> discord.Embed:
        raise NotImplementedError

    def embed(self) -> discord.Embed:
        embed = self.render()
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1
        return embed

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await tell(interaction, self.refusal)
        return False

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.page = min(max(self.page + step, 0), max(self.pages - 1, 0))
        await interaction.response.edit_message(embed=self.embed(), view=self, allowed_mentions=no_mentions())

    @discord.ui.button(label="Previous", emoji="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", emoji="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, +1)

    async def on_timeout(self) -> None:
        _LIVE_PAGERS.pop(self.nonce, None)
        # Remove the buttons rather than leave ones that no longer answer.
        if self.interaction is not None:
            try:
                await self.interaction.edit_original_response(view=None, allowed_mentions=no_mentions())
            except discord.HTTPException:
                log.debug("could not remove the page buttons", exc_info=True)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        log.exception("a pager failed", exc_info=error)
        await tell(interaction, SORRY)
