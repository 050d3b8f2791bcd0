"""The Discord client: intents, command sync, error handling, start-up and graceful shutdown.

Only this module and ``talkbot.cogs`` import discord. The bot reads the engine from a
holder each time (``bot.engine``) because the knowledge can be reloaded while it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TextIO

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from talkbot.asking import QuestionDesk
from talkbot.config import Settings
from talkbot.errors import ConfigError
from talkbot.feedback import FeedbackStore
from talkbot.gaps import GapStore
from talkbot.ratelimit import RateLimiter

if TYPE_CHECKING:  # pragma: no cover - typing only
    from talkbot.answer.reply import Reply

log = logging.getLogger(__name__)

# Cogs loaded at start-up; the reminders and admin cogs add themselves here.
EXTENSIONS: tuple[str, ...] = (
    "talkbot.cogs.ask",
    "talkbot.cogs.browse",
    "talkbot.cogs.events",
    "talkbot.cogs.reminders",
    "talkbot.cogs.remindme",
    "talkbot.cogs.admin",
)

# What the bot needs to answer, post reminders with their calendar file and keep Discord's
# scheduled events in step with the knowledge, and nothing more: see docs/deploying.md.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
    attach_files=True,
    manage_events=True,
)
INVITE_SCOPES = ("bot", "applications.commands")

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."

# Answering is CPU-bound Python: more threads add no throughput, they only take the GIL from
# the event loop and delay the acknowledgements Discord wants within 3 seconds.
ENGINE_THREADS = 2


class EngineSource(Protocol):
    """Anything with the engine currently in force (``talkbot.knowledge.service.KnowledgeService``)."""

    engine: Any


def make_intents(settings: Settings) -> discord.Intents:
    """The fewest intents that work.

    Discord delivers the text of DMs and of messages that mention the bot without the
    privileged message content intent; only the ask channels need it.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = bool(settings.ask_channel_ids)
    return intents


def invite_url(application_id: int | str) -> str:
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES)


def no_mentions() -> discord.AllowedMentions:
    """Every message the bot sends passes this: nothing it echoes may ping anyone."""
    return discord.AllowedMentions.none()


async def tell(interaction: discord.Interaction, text: str) -> None:
    """A short message for the person who interacted only, whatever state the interaction is in."""
    with contextlib.suppress(discord.NotFound):  # the interaction expired: nobody to tell
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=no_mentions())
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=no_mentions())


class TalkTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CheckFailure):
            await tell(interaction, str(error) or "You cannot use this command here.")
            return
        name = interaction.command.qualified_name if interaction.command else "?"
        log.exception("/%s failed", name, exc_info=error)
        try:
            await tell(interaction, SORRY)
        except discord.HTTPException:
            log.warning("could not tell the user that /%s failed", name)


class TalkBot(commands.Bot):
    """The community's question-answering bot."""

    def __init__(
        self,
        settings: Settings,
        knowledge: EngineSource,
        feedback: FeedbackStore,
        *,
        extensions: Sequence[str] = EXTENSIONS,
        clock: Callable[[], float] = time.monotonic,
        utcnow: Callable[[], datetime] = lambda: datetime.now(UTC),
        **options: Any,
    ):
        options.setdefault("intents", make_intents(settings))
        # A text-only bot: discord.py's "voice will NOT be supported" warnings are noise.
        for flag in ("warn_nacl", "warn_dave"):
            if hasattr(discord.VoiceClient, flag):
                setattr(discord.VoiceClient, flag, False)
        super().__init__(
            command_prefix=commands.when_mentioned,  # required by commands.Bot; no prefix commands exist
            help_command=None,
            allowed_mentions=no_mentions(),
            tree_cls=TalkTree,
            **options,
        )
        self.settings = settings
        self.knowledge = knowledge
        self.feedback = feedback
        # Questions nobody answered well, for /kb gaps; same database, its own table.
        self.gaps = GapStore(feedback.conn, settings.hash_salt, settings.gaps_retention_days)
        self.clock = clock
        self.utcnow = utcnow
        self.desk = QuestionDesk(
            settings.max_question_chars,
            RateLimiter(settings.rate_limit_count, settings.rate_limit_seconds, clock),
        )
        self._extensions = tuple(extensions)
        self._engine_slots = asyncio.Semaphore(ENGINE_THREADS)

    @property
    def engine(self) -> Any:
        """The engine in force now; never keep it beyond one question."""
        return self.knowledge.engine

    async def ask(self, question: str) -> Reply:
        """Answer off the event loop, so 200 questions at once do not delay acknowledgements."""
        async with self._engine_slots:
            engine = self.engine
            return await asyncio.to_thread(engine.answer, question)

    async def setup_hook(self) -> None:
        for extension in self._extensions:
            await self.load_extension(extension)
        retention = timedelta(days=self.settings.gaps_retention_days)
        pruned = self.feedback.prune(self.utcnow() - retention)
        if pruned:
            log.info("forgot %d answer(s) older than %d days", pruned, self.settings.gaps_retention_days)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Guild sync shows commands at once (for testing servers); global sync can take an hour."""
        if not self.settings.guild_ids:
            synced = await self.tree.sync()
            log.info("synced %d global command(s)", len(synced))
            return
        for guild_id in self.settings.guild_ids:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.Forbidden:
                log.error(
                    "cannot sync commands to guild %s: invite the bot with the applications.commands scope",
                    guild_id,
                )
            else:
                log.info("synced %d command(s) to guild %s", len(synced), guild_id)

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info("connected as %s (id %s) in %d server(s)", self.user, self.user.id, len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """Questions are handled by the Ask cog's listener; there are no prefix commands to run."""


def _fail(err: TextIO, message: str) -> int:
    err.write(f"talkbot: {message}\n")
    err.flush()
    return 1


async def serve(bot: TalkBot, token: str, err: TextIO | None = None) -> int:
    """Run until SIGTERM/SIGINT or a fatal error; return the process exit status."""
    err = err or sys.stderr
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []  # kept so the close task is not garbage-collected

    def stop(signame: str) -> None:
        if not closing:
            log.info("%s received: shutting down", signame)
            closing.append(loop.create_task(bot.close()))

    installed = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop, sig.name)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows, or not the main thread
            pass
    try:
        async with bot:
            await bot.start(token)
    except discord.LoginFailure:
        return _fail(
            err,
            "Discord rejected the token. Reset it in the developer portal (Bot > Reset Token) "
            "and put the new one in DISCORD_TOKEN.",
        )
    except discord.PrivilegedIntentsRequired:
        return _fail(
            err,
            "the Message Content intent is off: enable it in the developer portal "
            "(Bot > Privileged Gateway Intents) or leave TALKBOT_ASK_CHANNEL_IDS empty.",
        )
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound, OSError) as exc:
        return _fail(
            err, f"cannot reach Discord ({exc.__class__.__name__}); check the network and try again."
        )
    except discord.HTTPException as exc:
        return _fail(err, f"Discord refused to start the bot (HTTP {exc.status}).")
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
    return 0


def run_bot(settings: Settings) -> int:
    """``talkbot run``: load the knowledge, open the store, serve until told to stop."""
    from talkbot.knowledge.service import KnowledgeService

    knowledge = KnowledgeService(settings.knowledge_dir)
    kb = knowledge.load()  # a KnowledgeError is reported by cli.main, file:line by file:line
    log.info("knowledge loaded: %s", kb.summary())
    try:
        store = FeedbackStore.open(settings.database, settings.hash_salt)
    except (sqlite3.Error, OSError) as exc:
        raise ConfigError(f"cannot open the bot's database {settings.database}: {exc}") from exc
    try:
        bot = TalkBot(settings, knowledge, store)
        return asyncio.run(serve(bot, settings.token))
    finally:
        store.close()
