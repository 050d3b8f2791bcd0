"""The knowledge in use: load, validate, then swap atomically; the last good one keeps serving.

The bot, the reload watcher and the admin commands all go through one ``KnowledgeService`` so
that "what users see" changes in exactly one place.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from talkbot.errors import KnowledgeError, Problem
from talkbot.knowledge.checks import CheckFailure, run_checks
from talkbot.knowledge.loader import is_inside, load_dir
from talkbot.knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)


def fingerprint(folder: Path) -> str:
    """A short hash of every knowledge file's name and bytes: the version in use."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")):
        digest.update(str(path.relative_to(folder)).encode())
        # A link out of the folder counts by its name only: its target is never read.
        digest.update(path.read_bytes() if is_inside(path, folder) else b"\0outside")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    summary: str
    problems: tuple[Problem, ...] = ()
    version: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: checks of checks.yaml the new knowledge fails (reported; the knowledge is in use all the same)
    failed_checks: tuple[CheckFailure, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """Knowledge already loaded, its engine built and its checks run (by an upload's gate):
    the reload after writing it swaps these in instead of building them again."""

    kb: KnowledgeBase
    engine: Any
    failed_checks: tuple[CheckFailure, ...]


class KnowledgeService:
    """Holds the current knowledge and engine; ``reload`` swaps them only when all is valid."""

    def __init__(self, folder: str | Path, engine_factory: Callable[[KnowledgeBase], Any] | None = None):
        self.folder = Path(folder)
        if engine_factory is None:
            from talkbot.answer.engine import Engine

            engine_factory = Engine
        self._factory = engine_factory
        self._lock = threading.Lock()
        self.kb: KnowledgeBase | None = None
        self.engine: Any = None
        self.version = ""
        self.loaded_at: datetime | None = None
        self.pending: tuple[Problem, ...] = ()
        self.failed_checks: tuple[CheckFailure, ...] = ()

    def prepare(self, kb: KnowledgeBase) -> Prepared:
        """Build the engine for ``kb`` and run its checks, without putting it in use."""
        engine = self._factory(kb)
        return Prepared(kb, engine, run_checks(engine, kb.checks))

    def load(self) -> KnowledgeBase:
        """First load: raises KnowledgeError when the folder is invalid (nothing to fall back on)."""
        result = self.reload()
        if not result.ok:
            raise KnowledgeError(list(result.problems))
        assert self.kb is not None
        return self.kb

    def reload(self, prepared: Prepared | None = None) -> ReloadResult:
        """Load the folder, build the engine, run the checks; swap them in only when all is valid.

        ``prepared``: what was built from exactly the folder's content (an upload validated it
        before writing it), used instead of loading and building again.
        """
        with self._lock:
            try:
                if prepared is None:
                    kb = load_dir(self.folder)
                    prepared = self.prepare(kb)
                kb, engine, failed = prepared.kb, prepared.engine, prepared.failed_checks
                version = fingerprint(self.folder) if self.folder.is_dir() else ""
            except KnowledgeError as exc:
                self.pending = tuple(exc.problems)
                log.warning("knowledge reload refused, %d problem(s); still serving version %s",
                            len(exc.problems), self.version or "none")
                return ReloadResult(False, f"{len(exc.problems)} problem(s); the previous knowledge stays in use",
                                    self.pending, self.version)
            except Exception as exc:  # a reload must never take the watcher or a command down
                log.exception("knowledge reload failed unexpectedly; still serving version %s", self.version or "none")
                self.pending = (Problem(str(self.folder), 0, f"could not read the knowledge: {type(exc).__name__}"),)
                return ReloadResult(False, "the knowledge could not be read; the previous knowledge stays in use",
                                    self.pending, self.version)
            # Swap both references together: readers take ``self.engine`` once per question.
            self.kb, self.engine, self.version = kb, engine, version
            self.loaded_at = datetime.now(UTC)
            self.pending = ()
            self.failed_checks = failed
            if failed:
                log.warning("%d check(s) of the knowledge fail:\n%s", len(failed), "\n".join(map(str, failed)))
            return ReloadResult(True, kb.summary(), (), version, self.loaded_at, failed)
