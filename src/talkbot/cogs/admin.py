"""/kb: the admins keep the knowledge alive from Discord.

status, reload, upload, history, rollback, download and gaps. Admins are members with the
Manage Server permission, or with the role ``TALKBOT_ADMIN_ROLE_ID``. Reload results (from
these commands and from the folder watcher) go to ``TALKBOT_ADMIN_CHANNEL_ID`` as well.
The work itself is done by the core (KnowledgeService, KnowledgeStore, GapStore); this cog
only checks who asks and turns results into messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
from datetime import UTC, datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from talkbot.config import Settings
from talkbot.db import connect
from talkbot.errors import ChecksFailed, TalkbotError, UploadError
from talkbot.gaps import GapGroup, GapStore, format_groups
from talkbot.knowledge import link
from talkbot.knowledge.checks import failure_lines
from talkbot.knowledge.report import problem_lines, reload_report, status_report
from talkbot.knowledge.service import KnowledgeService, ReloadResult
from talkbot.knowledge.store import HISTORY_DIR, KnowledgeStore
from talkbot.knowledge.watcher import KnowledgeWatcher
from talkbot.present import escape_text

log = logging.getLogger(__name__)

NOT_ADMIN = "Only the server's admins can manage the knowledge (Manage Server permission or the admin role)."
GUILD_ONLY = "Use /kb in the server, not in a direct message."
GAPS_SHOWN = 10
#: how long the select menus under /kb gaps keep working
GAPS_VIEW_SECONDS = 15 * 60
#: Discord's limits on a select menu: 25 options, labels and values of 100 characters
SELECT_OPTIONS = 25
SELECT_TEXT = 100


def _mentions() -> discord.AllowedMentions:
    return discord.AllowedMentions.none()


def is_admin(user: discord.abc.User, settings: Settings, permissions: discord.Permissions | None = None) -> bool:
    """Manage Server (in this channel's resolved permissions or the member's) or the admin role."""
    if not isinstance(user, discord.Member):
        return False
    perms = permissions if permissions is not None else user.guild_permissions
    if perms.manage_guild or perms.administrator or user.guild_permissions.manage_guild:
        return True
    role_id = settings.admin_role_id
    if role_id is None:
        return False
    return any(role.id == role_id for role in user.roles) or role_id in getattr(user, "_roles", ())



_BY = re.compile(r"^(?P<name>.*) \((?P<id>\d{1,20})\)$")


def shown_by(by: str) -> str:
    """Who made a version: stored as "name (id)"; shown as a mention, which Discord draws as
    the member's current name (the replies allow no mentions, so nobody is pinged)."""
    match = _BY.match(by)
    return f"<@{match['id']}>" if match else escape_text(by)


def _refusal(exc: UploadError) -> str:
    """Why an upload or rollback was refused, with the problems (or the checks it breaks) as
    file:line lines."""
    text = f"❌ {exc}"
    if isinstance(exc, ChecksFailed):
        # members' words may be in a reply: a ``` in one must not close the block
        lines = failure_lines(exc.failures, 1500 - len(text)).replace("```", "`\u200b`\u200b`")
        text += "\n```\n" + lines + "\n```\nIf that is what you want, press the button to go ahead all the same."
    elif exc.problems:
        text += "\n```\n" + problem_lines(exc.problems, 1800 - len(text)) + "\n```"
    return text

def _option_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SELECT_TEXT else text[: SELECT_TEXT - 1] + "…"


class _AdminView(discord.ui.View):
    """Menus under an admin's ephemeral reply: only admins may use them (checked again here)."""

    def __init__(self, cog: KnowledgeAdmin):
        super().__init__(timeout=GAPS_VIEW_SECONDS)
        self.cog = cog

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        if interaction.guild is not None and is_admin(interaction.user, self.cog.settings, interaction.permissions):
            return True
        await interaction.response.send_message(NOT_ADMIN if interaction.guild else GUILD_ONLY, ephemeral=True,
                                                allowed_mentions=_mentions())
        return False

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        log.exception("/kb gaps menu failed", exc_info=error)
        with contextlib.suppress(discord.HTTPException):
            await self.cog._say(interaction, "Sorry, something went wrong on my side; the knowledge was not changed.")


class ConfirmView(_AdminView):
    """Under a change refused for breaking checks: make it all the same, or leave it."""

    def __init__(self, cog: KnowledgeAdmin, label: str, action):
        super().__init__(cog)
        self.action = action
        go = discord.ui.Button(label=label, style=discord.ButtonStyle.danger)
        go.callback = self.on_confirm  # type: ignore[method-assign]
        cancel = discord.ui.Button(label="Cancel", style=discord.ButtonStyle.secondary)
        cancel.callback = self.on_cancel  # type: ignore[method-assign]
        self.add_item(go)
        self.add_item(cancel)

    async def on_confirm(self, interaction: discord.Interaction) -> None:
        self.stop()  # one confirmation makes one change
        await self.action(interaction)

    async def on_cancel(self, interaction: discord.Interaction) -> None:
        self.stop()
        await self.cog._say(interaction, "Nothing was changed.")


class GapsView(_AdminView):
    """Under /kb gaps: pick a group to link to the knowledge or dismiss."""

    def __init__(self, cog: KnowledgeAdmin, groups: list[GapGroup]):
        super().__init__(cog)
        self.groups = discord.ui.Select(
            placeholder="Link a group to the record that answers it, or dismiss it…",
            options=[discord.SelectOption(label=_option_text(f"#{g.id} ×{g.count}: {g.question}"), value=str(g.id))
                     for g in groups[:SELECT_OPTIONS]],
        )
        self.groups.callback = self.on_group  # type: ignore[method-assign]
        self.add_item(self.groups)

    async def on_group(self, interaction: discord.Interaction) -> None:
        await self.cog.show_group(interaction, int(self.groups.values[0]))


class LinkView(_AdminView):
    """Under one group: the records likely to answer it, and a button to dismiss it."""

    def __init__(self, cog: KnowledgeAdmin, group_id: int, targets: list[link.Target]):
        super().__init__(cog)
        self.group_id = group_id
        usable = [t for t in targets if len(t.ref) <= SELECT_TEXT][:SELECT_OPTIONS]
        if usable:
            self.records = discord.ui.Select(
                placeholder=f"Add the questions of #{group_id} to…",
                options=[discord.SelectOption(label=_option_text(t.label), value=t.ref,
                                              description=_option_text(t.ref)) for t in usable],
            )
            self.records.callback = self.on_record  # type: ignore[method-assign]
            self.add_item(self.records)
        dismiss = discord.ui.Button(label=f"Dismiss #{group_id}", style=discord.ButtonStyle.secondary)
        dismiss.callback = self.on_dismiss  # type: ignore[method-assign]
        self.add_item(dismiss)

    async def on_record(self, interaction: discord.Interaction) -> None:
        await self.cog.link_group(interaction, self.group_id, self.records.values[0])

    async def on_dismiss(self, interaction: discord.Interaction) -> None:
        n = await asyncio.to_thread(self.cog.gaps.dismiss, self.group_id)
        text = f"Dismissed group #{self.group_id} ({n} question(s))." if n else f"No open group #{self.group_id}."
        await self.cog._say(interaction, text)


class KnowledgeAdmin(commands.Cog):
    """Knowledge administration for the server's admins."""

    # Hidden from members without Manage Server (admins can add the admin role under Server
    # Settings → Integrations); interaction_check still runs on every call.
    kb = app_commands.Group(
        name="kb",
        description="Manage the bot's knowledge (admins only)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: commands.Bot, settings: Settings, service: KnowledgeService, store: KnowledgeStore,
                 gaps: GapStore, *, watch: bool | None = None):
        self.bot = bot
        self.settings = settings
        self.service = service
        self.store = store
        self.gaps = gaps
        self.watch = settings.watch_knowledge if watch is None else watch
        self.watcher: KnowledgeWatcher | None = None
        self._watch_task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        if self.service.kb is not None:
            await asyncio.to_thread(self.store.archive, "in use at start-up")
        if self.watch:
            self.watcher = KnowledgeWatcher(self.service, self.on_reload, on_crash=self.on_watcher_crash)
            self._watch_task = asyncio.create_task(self._run_watcher(), name="talkbot-knowledge-watcher")

    async def cog_unload(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        if self._watch_task is not None:
            self._watch_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._watch_task

    async def _run_watcher(self) -> None:
        assert self.watcher is not None
        try:
            await self.watcher.run()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the knowledge watcher stopped; use /kb reload after editing files")

    # --- reporting -----------------------------------------------------------------------------

    async def on_reload(self, result: ReloadResult) -> None:
        """Called by the watcher: log, archive the new version, tell the admin channel."""
        if result.ok:
            log.info("knowledge reloaded after a change on disk: version %s, %s", result.version, result.summary)
            await asyncio.to_thread(self.store.archive, "edited on the server")
            self.bot.dispatch("knowledge_reloaded")  # reminders follow the new dates at once
        else:
            log.warning("knowledge change refused:\n%s", "\n".join(str(p) for p in result.problems))
        await self.post_admin(reload_report(result, "Knowledge files changed on the server"))

    async def on_watcher_crash(self, exc: BaseException) -> None:
        await self.post_admin(
            f"⚠️ The knowledge watcher failed ({type(exc).__name__}) and is being started again; "
            "if edits are not picked up, use `/kb reload`."
        )

    async def post_admin(self, text: str, file: discord.File | None = None) -> bool:
        """Post to the admin channel when one is configured; never raises."""
        channel_id = self.settings.admin_channel_id
        if not channel_id:
            return False
        try:
            channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
            kwargs: dict[str, Any] = {"allowed_mentions": _mentions()}
            if file is not None:
                kwargs["file"] = file
            await channel.send(text[:2000], **kwargs)  # type: ignore[union-attr]
            return True
        except (discord.HTTPException, AttributeError):
            log.warning("could not post to the admin channel %s", channel_id, exc_info=True)
            return False

    async def interaction_check(self, interaction: discord.Interaction) -> bool:  # type: ignore[override]
        if interaction.guild is None:
            raise app_commands.CheckFailure(GUILD_ONLY)
        if not is_admin(interaction.user, self.settings, interaction.permissions):
            log.info("refused /kb for non-admin %s", interaction.user.id)
            raise app_commands.CheckFailure(NOT_ADMIN)
        return True

    async def cog_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        # The bot's tree answers check failures; this keeps the cog usable on a plain commands.Bot too.
        if isinstance(error, app_commands.CheckFailure) and not interaction.response.is_done():
            with contextlib.suppress(discord.HTTPException):
                await interaction.response.send_message(str(error), ephemeral=True, allowed_mentions=_mentions())

    @staticmethod
    def _who(interaction: discord.Interaction) -> str:
        return f"{interaction.user} ({interaction.user.id})"

    async def _say(self, interaction: discord.Interaction, text: str, **kwargs: Any) -> None:
        kwargs.setdefault("allowed_mentions", _mentions())
        if interaction.response.is_done():
            await interaction.followup.send(text[:2000], ephemeral=True, **kwargs)
        else:
            await interaction.response.send_message(text[:2000], ephemeral=True, **kwargs)

    # --- commands --------------------------------------------------------------------------------

    @kb.command(name="status")
    async def kb_status(self, interaction: discord.Interaction) -> None:
        """Show the knowledge in use: counts, version, last reload and pending errors."""
        watching = self._watch_task is not None and not self._watch_task.done()
        await self._say(interaction, status_report(self.service, watching))

    @kb.command(name="reload")
    async def kb_reload(self, interaction: discord.Interaction) -> None:
        """Reload the knowledge files now; errors are listed and the previous knowledge stays in use."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await asyncio.to_thread(self.service.reload)
        if result.ok:
            self.bot.dispatch("knowledge_reloaded")
        if result.ok:
            await asyncio.to_thread(self.store.archive, "reloaded with /kb reload", self._who(interaction))
        text = reload_report(result, f"/kb reload by {interaction.user}")
        await self._say(interaction, text)
        await self.post_admin(text)

    @kb.command(name="upload")
    @app_commands.describe(file="A .yaml knowledge file: a talk (knowledge/talks/) or a shared file such as people.yaml")
    async def kb_upload(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Add or replace a knowledge file; it is checked with all the rest before anything changes."""
        limit = self.settings.upload_max_bytes
        if file.size > limit:
            await self._say(interaction, f"❌ `{file.filename}` is {file.size} bytes; the limit is {limit} bytes.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            data = await file.read()
        except discord.HTTPException:
            await self._say(interaction, "❌ Could not download the attachment from Discord; please try again.")
            return
        await self._upload(interaction, file.filename, data)

    async def _upload(self, interaction: discord.Interaction, filename: str, data: bytes, confirm: bool = False) -> None:
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            change = await asyncio.to_thread(self.store.upload, filename, data, self._who(interaction), confirm)
        except ChecksFailed as exc:
            async def again(it: discord.Interaction) -> None:
                await self._upload(it, filename, data, confirm=True)

            await self._say(interaction, _refusal(exc), view=ConfirmView(self, "Upload anyway", again))
            return
        except UploadError as exc:
            await self._say(interaction, _refusal(exc))
            return
        verb = "Replaced" if change.replaced else "Added"
        if change.result.ok:
            self.bot.dispatch("knowledge_reloaded")
        text = reload_report(change.result, f"{verb} `{change.path}`")  # one ✅ or ❌, not two
        await self._say(interaction, text)
        note = " despite the failing checks" if confirm else ""
        await self.post_admin(f"{verb} `{change.path}` (upload by {interaction.user}{note}). "
                              f"{reload_report(change.result)}")

    @kb.command(name="history")
    async def kb_history(self, interaction: discord.Interaction) -> None:
        """The last versions of the knowledge, newest first (give one to /kb rollback)."""
        versions = await asyncio.to_thread(self.store.history, 10)
        if not versions:
            await self._say(interaction, "No versions archived yet.")
            return
        lines = []
        for v in versions:
            mark = " ← in use" if v.version == self.service.version else ""
            by = f" by {shown_by(v.by)}" if v.by else ""
            lines.append(f"`{v.version}` <t:{int(v.at.timestamp())}:f> {v.note}{by}{mark}")
        await self._say(interaction, "**Knowledge versions** (newest first)\n" + "\n".join(lines))

    @kb.command(name="rollback")
    @app_commands.describe(version="The version to go back to, as shown by /kb history")
    async def kb_rollback(self, interaction: discord.Interaction, version: str) -> None:
        """Go back to an earlier version of the knowledge (the current one stays in the history)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            change = await asyncio.to_thread(self.store.rollback, version, self._who(interaction))
        except UploadError as exc:
            await self._say(interaction, _refusal(exc))
            return
        if change.result.ok:
            self.bot.dispatch("knowledge_reloaded")
        text = reload_report(change.result, f"Rollback to `{version}`")
        await self._say(interaction, text)
        await self.post_admin(f"{text} (by {interaction.user})")

    @kb_rollback.autocomplete("version")
    async def kb_rollback_version(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        # discord.py runs neither checks nor interaction_check on autocomplete.
        if interaction.guild is None or not is_admin(interaction.user, self.settings, interaction.permissions):
            return []
        versions = await asyncio.to_thread(self.store.history, 25)
        return [
            app_commands.Choice(name=f"{v.version} · {v.at:%Y-%m-%d %H:%M} · {v.note}"[:100], value=v.version)
            for v in versions
            if v.version.startswith(current.strip().lower())
        ][:25]

    @kb.command(name="download")
    async def kb_download(self, interaction: discord.Interaction) -> None:
        """Download the current knowledge as a zip, to edit offline and upload again."""
        data = await asyncio.to_thread(self.store.download)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        name = f"talkbot-knowledge-{stamp}-{self.service.version or 'current'}.zip"
        await self._say(interaction, f"The knowledge in use (version `{self.service.version}`).",
                        file=discord.File(io.BytesIO(data), filename=name))

    @kb.command(name="gaps")
    @app_commands.describe(
        dismiss="Dismiss the group with this number (shown as #N) once it is handled",
        link="Link the group with this number (#N) to the record that answers it",
        record="With link: the record, e.g. a talk id, TALK/SECTION/N, event:ID or term:NAME (autocompletes)",
    )
    async def kb_gaps(self, interaction: discord.Interaction, dismiss: int | None = None, link: int | None = None,
                      record: str | None = None) -> None:
        """Questions the bot declined, was unsure about, or got 👎 for, grouped; link them to an answer."""
        if link is not None:
            if record:
                await self.link_group(interaction, link, record)
            else:
                await self.show_group(interaction, link)
            return
        if dismiss is not None:
            n = await asyncio.to_thread(self.gaps.dismiss, dismiss)
            text = f"Dismissed group #{dismiss} ({n} question(s))." if n else f"No open group #{dismiss}."
            await self._say(interaction, text)
            return
        groups = await asyncio.to_thread(self.gaps.groups, None, GAPS_SHOWN)
        if not groups:
            await self._say(interaction, "No unanswered questions right now. 🎉")
            return
        # Members' questions, shown in a code block: a ``` typed in one must not close it.
        body = "\n".join(format_groups(groups)).replace("```", "`\u200b`\u200b`")
        if len(body) > 1800:
            body = body[:1790] + "\n..."
        await self._say(interaction, "**Questions to add to the knowledge** (most asked first)\n```\n" + body + "\n```",
                        view=GapsView(self, groups))

    @kb_gaps.autocomplete("record")
    async def kb_gaps_record(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        # discord.py runs neither checks nor interaction_check on autocomplete.
        if interaction.guild is None or not is_admin(interaction.user, self.settings, interaction.permissions):
            return []
        kb = self.service.kb
        if kb is None:
            return []
        found = await asyncio.to_thread(link.search, kb, current, SELECT_OPTIONS)
        return [app_commands.Choice(name=_option_text(f"{t.ref} · {t.label}"), value=t.ref)
                for t in found if len(t.ref) <= SELECT_TEXT]

    async def show_group(self, interaction: discord.Interaction, group_id: int) -> None:
        """One group's wordings, with the records likely to answer it and a dismiss button."""
        # ranking the records reads every one of them once per reload: seconds on a large knowledge
        await interaction.response.defer(ephemeral=True, thinking=True)
        group = await asyncio.to_thread(self.gaps.group, group_id)
        kb = self.service.kb
        if group is None or kb is None:
            await self._say(interaction, f"No open group #{group_id}." if group is None else "The knowledge is not loaded.")
            return
        wordings = await asyncio.to_thread(self.gaps.wordings, group)
        targets = await asyncio.to_thread(link.candidates, kb, wordings, SELECT_OPTIONS)
        shown = "\n".join(f"• {w}" for w in wordings[: link.MAX_LINKED]).replace("```", "`\u200b`\u200b`")
        text = (f"**Group #{group.id}** ({group.count} question(s)):\n```\n{shown[:1200]}\n```"
                "Pick the record that answers them: they are added to its `questions:` (validated, reloaded, "
                "kept in /kb history)." if targets else
                f"**Group #{group.id}**:\n```\n{shown[:1200]}\n```No record shares a word with these questions: "
                f"use `/kb gaps link:{group.id} record:` and type the record, or add the answer first.")
        await self._say(interaction, text, view=LinkView(self, group.id, targets))

    async def link_group(self, interaction: discord.Interaction, group_id: int, ref: str,
                         confirm: bool = False) -> None:
        """Add the group's wordings to ``ref``'s questions through the validated edit path."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            linked = await asyncio.to_thread(link.link_group, self.gaps, self.store, group_id, ref,
                                             self._who(interaction), confirm)
        except ChecksFailed as exc:
            async def again(it: discord.Interaction) -> None:
                await self.link_group(it, group_id, ref, confirm=True)

            await self._say(interaction, _refusal(exc), view=ConfirmView(self, "Link anyway", again))
            return
        except UploadError as exc:
            await self._say(interaction, _refusal(exc))
            return
        except TalkbotError as exc:
            await self._say(interaction, f"❌ {exc}")
            return
        if linked.change.result.ok:
            self.bot.dispatch("knowledge_reloaded")
        text = ("✅ " if linked.change.result.ok else "❌ ") + link.linked_report(linked)
        await self._say(interaction, text)
        await self.post_admin(f"{text} (by {interaction.user})")


def gap_store_for(bot: commands.Bot, settings: Settings) -> GapStore:
    """The bot's gap store (shared with the answering path), created on first use."""
    gaps = getattr(bot, "gaps", None)
    if gaps is None:
        gaps = GapStore(connect(settings.database), settings.hash_salt, settings.gaps_retention_days)
        bot.gaps = gaps  # type: ignore[attr-defined]
    return gaps


async def setup(bot: commands.Bot) -> None:
    settings: Settings = bot.settings  # type: ignore[attr-defined]
    service = bot.knowledge  # type: ignore[attr-defined]
    if not isinstance(service, KnowledgeService):
        # e.g. a bot serving a fixed engine in tests: there is no folder to administer
        log.warning("no knowledge folder service: /kb is not available")
        return
    store = KnowledgeStore(service, settings.data_dir / HISTORY_DIR, settings.upload_max_bytes)
    await bot.add_cog(KnowledgeAdmin(bot, settings, service, store, gap_store_for(bot, settings)))
