"""The quality gate: the admins' questions of ``knowledge/checks.yaml`` asked of an engine.

A check is a question with what a right answer must contain, judged the way
``../shared/eval/score.py`` judges its question sets: an answerable question is right when the
reply is answered, at most 1,500 characters long, and holds, for every group of ``must``, one of
the group's alternatives (case, accents, curly quotes and dashes aside); an unanswerable one is
right when the bot declines. Every reload, upload and ``talkbot validate`` runs them on the
engine it builds anyway, so a change that makes the bot answer worse is seen at once.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from talkbot.knowledge.models import Check

log = logging.getLogger(__name__)

#: the longest reply a check accepts (score.py's MAX_CHARS)
MAX_CHARS = 1500
#: how much of a failing reply a report quotes
SHOWN_REPLY = 160


def fold(text: str) -> str:
    """Lower-case, no accents, straight quotes and dashes, single spaces: as score.py compares."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u2013", "-"), ("\u2014", "-"), ("\u00a0", " ")):
        text = text.replace(a, b)
    return " ".join(text.casefold().split())


def judge(check: Check, answered: bool, text: str) -> str:
    """Why the reply fails the check; '' when it passes."""
    if not check.answerable:
        return "answered a question it should decline" if answered else ""
    if not answered:
        return "declined"
    if len(text) > MAX_CHARS:
        return f"reply too long ({len(text)} > {MAX_CHARS} characters)"
    body = fold(text)
    missing = [group for group in check.must if not any(fold(alt) in body for alt in group)]
    if missing:
        return "missing " + " and ".join(" or ".join(f"'{alt}'" for alt in group) for group in missing)
    return ""


@dataclass(frozen=True)
class CheckFailure:
    """A check the engine fails: which question, why, and what it answered."""

    check: Check
    reason: str
    reply: str

    def __str__(self) -> str:
        reply = " ".join(self.reply.split())
        if len(reply) > SHOWN_REPLY:
            reply = reply[: SHOWN_REPLY - 1] + "…"
        return f"{self.check.path}:{self.check.line}: check \"{self.check.name}\": {self.reason}; it answered: {reply}"


def run_checks(engine: Any, checks: Iterable[Check]) -> tuple[CheckFailure, ...]:
    """Ask every check's question; the ones whose reply fails, in the file's order."""
    ask = getattr(engine, "answer", None)
    if ask is None:  # a service built without an answering engine (tests of the admin paths)
        return ()
    failures = []
    for check in checks:
        try:
            reply = ask(check.question, now=check.now)
        except Exception as exc:  # a check must report, never take a reload down
            log.exception("check %r raised", check.name)
            failures.append(CheckFailure(check, f"the engine failed ({type(exc).__name__})", ""))
            continue
        reason = judge(check, reply.answered, reply.text)
        if reason:
            failures.append(CheckFailure(check, reason, reply.text))
    return tuple(failures)


def newly_failing(failures: Sequence[CheckFailure], before: Sequence[CheckFailure]) -> list[CheckFailure]:
    """The failures that were not failing already: what a change breaks."""
    known = {(f.check.question, f.check.must, f.check.answerable) for f in before}
    return [f for f in failures if (f.check.question, f.check.must, f.check.answerable) not in known]


def fit_lines(lines: Sequence[str], limit: int, more: str) -> str:
    """``lines`` joined, cut to ``limit`` characters with "... and N more {more}" for the rest."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        if used + len(line) + 1 > limit - 40:
            out.append(f"... and {len(lines) - i} more {more}")
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


def failure_lines(failures: Sequence[CheckFailure], limit: int = 1200) -> str:
    """One line per failing check, cut to ``limit`` characters with a count of the rest."""
    return fit_lines([str(f) for f in failures], limit, "failing check(s)")
