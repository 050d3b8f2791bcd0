"""Reload the knowledge when its files change on disk, and tell the admins how it went.

``watchfiles.awatch`` does the watching (inotify / FSEvents / ReadDirectoryChangesW, polling as
a fallback) and already debounces: a burst of writes (an editor saving, ``git pull``, a
rollback rewriting several files) arrives as one batch, so one reload follows. The reload goes
through :class:`KnowledgeService`, which validates first and swaps only when everything is
valid; an invalid edit leaves the last good knowledge serving.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from talkbot.knowledge.service import KnowledgeService, ReloadResult, fingerprint

log = logging.getLogger(__name__)

#: milliseconds of quiet before a batch of changes is handed over (watchfiles' own debounce)
DEBOUNCE_MS = 800
YAML_SUFFIXES = (".yaml", ".yml")

#: seconds after a refused reload before the folder is looked at once more: a file caught
#: half-written may be completed without a further event (a polling watcher compares times,
#: and two writes within the file system's timestamp tick look like one)
RECHECK_SECONDS = 1.0
#: seconds before a watcher that failed is started again (growing, capped)
RESTART_DELAYS = (1.0, 5.0, 30.0, 60.0)

Notify = Callable[[ReloadResult], Awaitable[None]]
OnCrash = Callable[[BaseException], Awaitable[None]]
ChangeSource = Callable[..., AsyncIterator[set[tuple[Any, str]]]]


def is_knowledge_file(path: str) -> bool:
    """Only YAML files count; editors' swap files and our own ``.name.tmp`` files do not."""
    p = Path(path)
    return p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith(".")


def is_relevant(path: str) -> bool:
    """A knowledge file, or a folder: a folder moved in or out of the knowledge arrives as one
    event for the folder itself, never for the files inside it."""
    p = Path(path)
    if p.name.startswith("."):
        return False
    return is_knowledge_file(path) or not p.suffix or p.is_dir()


def _watch_filter(_change: Any, path: str) -> bool:
    return is_relevant(path)


class KnowledgeWatcher:
    """Watch ``service.folder``; on a change reload and ``await notify(result)``.

    ``notify`` is called when the knowledge in use changed (a new version) and when a reload
    was refused with problems different from the ones already reported, so admins are told
    once per mistake, and once when it is fixed. ``changes`` replaces ``watchfiles.awatch`` in
    tests.
    """

    def __init__(
        self,
        service: KnowledgeService,
        notify: Notify,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        changes: ChangeSource | None = None,
        force_polling: bool | None = None,
        on_crash: OnCrash | None = None,
        restart_delays: tuple[float, ...] = RESTART_DELAYS,
        poll_delay_ms: int | None = None,
        recheck_seconds: float = RECHECK_SECONDS,
    ):
        self.service = service
        self.notify = notify
        self.debounce_ms = debounce_ms
        self._changes = changes
        self._force_polling = force_polling
        self._stop = asyncio.Event()
        self._reported: tuple[Any, ...] = ()
        self.reloads = 0
        self.on_crash = on_crash
        self.restart_delays = restart_delays
        self.restarts = 0
        self._poll_delay_ms = poll_delay_ms
        self.recheck_seconds = recheck_seconds
        self._recheck: asyncio.Task[None] | None = None
        self._refused = ""  # the fingerprint of the files last refused

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Watch until :meth:`stop` (or task cancellation). Never raises: if watching itself
        fails (a bug, the OS watch limit, the folder gone), it is reported and started again,
        so live reload never stays off until a restart."""
        while not self._stop.is_set():
            try:
                await self._watch()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                delays = self.restart_delays or (1.0,)
                delay = delays[min(self.restarts, len(delays) - 1)]
                self.restarts += 1
                log.exception("the knowledge watcher failed; starting it again in %.0f s", delay)
                if self.on_crash is not None:
                    try:
                        await self.on_crash(exc)
                    except Exception:
                        log.exception("could not report the watcher failure")
                try:
                    await asyncio.wait_for(self._stop.wait(), delay)
                except TimeoutError:
                    pass
                else:
                    return
                await self.check()  # whatever changed while it was down

    async def _watch(self) -> None:
        source = self._changes
        if source is None:
            from watchfiles import awatch

            source = awatch
        log.info("watching %s for knowledge changes", self.service.folder)
        self._reported = ("ok", self.service.version) if self.service.kb is not None else ()
        try:
            await self._follow(source)
        finally:
            if self._recheck is not None:
                self._recheck.cancel()

    async def _follow(self, source: ChangeSource) -> None:
        async for batch in source(
            self.service.folder,
            watch_filter=_watch_filter,
            debounce=self.debounce_ms,
            stop_event=self._stop,
            **({"force_polling": self._force_polling} if self._force_polling is not None else {}),
            **({"poll_delay_ms": self._poll_delay_ms} if self._poll_delay_ms is not None else {}),
        ):
            if self._stop.is_set():
                break
            paths = sorted({p for _, p in batch if is_relevant(p)})
            if not paths:
                continue
            log.info("knowledge changed: %s", ", ".join(Path(p).name for p in paths))
            if self._recheck is not None:
                self._recheck.cancel()
            result = await self.check()
            if result is not None and not result.ok:
                self._recheck = asyncio.create_task(self._check_again())

    async def _check_again(self) -> None:
        await asyncio.sleep(self.recheck_seconds)
        try:
            await self.check(unless_refused=True)
        except Exception:
            log.exception("could not look at the knowledge folder again")

    async def check(self, *, unless_refused: bool = False) -> ReloadResult | None:
        """Reload if the files differ from the version in use; notify when there is news.

        ``unless_refused``: not when the files are exactly the ones last refused."""
        try:
            current = await asyncio.to_thread(fingerprint, self.service.folder)
        except OSError:
            current = ""  # a file vanished mid-scan: let the reload report it
        if current and current == self.service.version and not self.service.pending:
            return None  # e.g. an upload already reloaded this exact content
        if unless_refused and current and current == self._refused:
            return None
        result = await asyncio.to_thread(self.service.reload)  # never raises: problems come back
        self.reloads += 1
        self._refused = "" if result.ok else current
        if result.ok:
            news = self._reported != ("ok", result.version)
            self._reported = ("ok", result.version)
        else:
            news = self._reported != result.problems
            self._reported = result.problems
        if news:
            try:
                await self.notify(result)
            except Exception:
                log.exception("could not report the knowledge reload")
        return result
