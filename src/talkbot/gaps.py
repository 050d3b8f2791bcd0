"""The questions nobody answered: kept for curators, grouped by similarity.

Declined questions, low-confidence answers and answers voted 👎 are recorded with the reply
and a salted hash of the user id (never the id itself). ``groups`` clusters them so that the
same question asked in different words is one line, most asked first: what to add next.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz
from snowballstemmer import stemmer

from talkbot.db import LOOP_BUSY_MS, migrate, storable

log = logging.getLogger(__name__)

COMPONENT = "gaps"
MIGRATIONS = [
    """
    CREATE TABLE gaps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        asked_at TEXT NOT NULL,
        question TEXT NOT NULL,
        reply TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        confidence REAL NOT NULL DEFAULT 0,
        user_hash TEXT NOT NULL DEFAULT '',
        dismissed_at TEXT
    );
    CREATE INDEX gaps_asked_at ON gaps (asked_at)
    """,
]

DECLINED = "declined"
LOW_CONFIDENCE = "low-confidence"
DOWNVOTED = "downvoted"
REASONS = (DECLINED, LOW_CONFIDENCE, DOWNVOTED)

#: below this confidence an answered reply counts as a gap. The engine answers from 0.6
#: (answer.engine.ANSWER_THRESHOLD); answers in the band just above it deserve a curator's look.
LOW_CONFIDENCE_THRESHOLD = 0.7
#: two questions whose weighted content-word overlap scores at least this (0..100) are one group
SIMILARITY_CUTOFF = 75
#: two stems are the same word when rapidfuzz's ratio reaches this ('regist' / 'registr')
TOKEN_CUTOFF = 85
#: words nearly every question here contains: they count, but little
WEAK_WEIGHT = 0.1
_WEAK = {"cluster", "eu", "europ", "talk", "webinar", "session", "event", "meet", "ecccp", "eccp"}
MAX_QUESTION_CHARS = 500
MAX_REPLY_CHARS = 1500

_STOP = set(
    "a an the is are was were be been am do does did of for to in on at by with about from and or what "
    "who whom whose which when where why how can could would should will shall may might i me my we our "
    "you your it its this that these those there here any some please tell know anyone hi hello hey "
    "thanks thank bot talkbot s t have has much many get find there any does did".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_stem = stemmer("english")


def content_key(question: str) -> str:
    """Lower-cased, stemmed content words, sorted: 'How do I register?' -> 'regist'."""
    words = [w for w in _WORD.findall(question.casefold()) if w not in _STOP]
    stems = sorted({_stem.stemWord(w) for w in words})
    return " ".join(stems)


def _weight(token: str) -> float:
    return WEAK_WEIGHT if token in _WEAK else 1.0


def similar(a: str, b: str) -> float:
    """Weighted Dice overlap of two content keys, 0..100, with fuzzy word matching.

    A plain token-set ratio says 'when is the next talk' and 'register for the next talk' are
    the same question (one is a subset of the other); counting the words on both sides does
    not, while still matching 'register' with 'registration' and tolerating typos.
    """
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 0.0
    matched = 0.0
    used: set[int] = set()
    for tok in ta:
        best, best_j = 0.0, -1
        for j, other in enumerate(tb):
            if j in used:
                continue
            score = 100.0 if tok == other else (fuzz.ratio(tok, other) if min(len(tok), len(other)) >= 4 else 0.0)
            if score > best:
                best, best_j = score, j
        if best >= TOKEN_CUTOFF:
            used.add(best_j)
            matched += (_weight(tok) + _weight(tb[best_j])) / 2
    total = sum(map(_weight, ta)) + sum(map(_weight, tb))
    return 200.0 * matched / total


@dataclass(frozen=True)
class Gap:
    id: int
    asked_at: datetime
    question: str
    reply: str
    reason: str
    confidence: float
    user_hash: str


@dataclass(frozen=True)
class GapGroup:
    id: int  # the id of its oldest question: stable while the group exists
    question: str  # the most recent wording
    count: int
    users: int
    last_asked: datetime
    reasons: tuple[str, ...]
    examples: tuple[str, ...]  # other wordings, most recent first
    last_reply: str
    member_ids: tuple[int, ...]


def hash_user(user_id: int | str, salt: str) -> str:
    """A salted, keyed hash: lets 'asked by 3 people' be counted without keeping who."""
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


def reason_for(answered: bool, confidence: float, threshold: float = LOW_CONFIDENCE_THRESHOLD) -> str | None:
    """Whether a reply is a gap, and why (None when it is a confident answer)."""
    if not answered:
        return DECLINED
    if confidence < threshold:
        return LOW_CONFIDENCE
    return None


class GapStore:
    """SQLite-backed; ``now`` can be injected for tests."""

    def __init__(self, conn: sqlite3.Connection, salt: str = "talkbot", retention_days: int = 180):
        self.conn = conn
        self.salt = salt
        self.retention = timedelta(days=max(1, retention_days))
        migrate(conn, COMPONENT, MIGRATIONS)
        conn.execute(f"PRAGMA busy_timeout = {LOOP_BUSY_MS}")  # used on the event loop

    def record(self, question: str, reply: str, reason: str, *, user_id: int | str | None = None,
               confidence: float = 0.0, now: datetime | None = None) -> int | None:
        """Keep one gap; return its id (None for an empty question)."""
        if reason not in REASONS:
            raise ValueError(f"unknown gap reason {reason!r}")
        question = storable(" ".join(question.split())[:MAX_QUESTION_CHARS])
        reply = storable(reply)
        if not question:
            return None
        now = now or datetime.now(UTC)
        self.purge(now)
        cur = self.conn.execute(
            "INSERT INTO gaps (asked_at, question, reply, reason, confidence, user_hash) VALUES (?, ?, ?, ?, ?, ?)",
            (now.astimezone(UTC).isoformat(), question, reply[:MAX_REPLY_CHARS], reason, float(confidence),
             hash_user(user_id, self.salt) if user_id is not None else ""),
        )
        return cur.lastrowid

    def record_reply(self, reply, *, user_id: int | str | None = None, now: datetime | None = None) -> int | None:
        """Record a :class:`talkbot.answer.reply.Reply` if it declined or was unsure."""
        reason = reason_for(reply.answered, reply.confidence)
        if reason is None or not content_key(reply.question):
            return None  # a confident answer, or small talk ('hi', 'thanks') with nothing to add
        return self.record(reply.question, reply.text, reason, user_id=user_id, confidence=reply.confidence, now=now)

    def record_downvote(self, question: str, reply_text: str, *, user_id: int | str | None = None,
                        confidence: float = 0.0, now: datetime | None = None) -> int | None:
        return self.record(question, reply_text, DOWNVOTED, user_id=user_id, confidence=confidence, now=now)

    def purge(self, now: datetime | None = None) -> int:
        """Forget gaps older than the retention period; return how many were deleted."""
        cutoff = ((now or datetime.now(UTC)) - self.retention).astimezone(UTC).isoformat()
        return self.conn.execute("DELETE FROM gaps WHERE asked_at < ?", (cutoff,)).rowcount

    def open_gaps(self, now: datetime | None = None) -> list[Gap]:
        self.purge(now)
        rows = self.conn.execute(
            "SELECT id, asked_at, question, reply, reason, confidence, user_hash FROM gaps "
            "WHERE dismissed_at IS NULL ORDER BY id"
        ).fetchall()
        return [Gap(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def groups(self, now: datetime | None = None, limit: int | None = None) -> list[GapGroup]:
        """Open gaps grouped by similarity; most asked first, then most recent."""
        groups = [_summarise(members) for members in cluster(self.open_gaps(now))]
        groups.sort(key=lambda g: (-g.count, -g.last_asked.timestamp(), g.id))
        return groups[:limit] if limit else groups

    def group(self, group_id: int, now: datetime | None = None) -> GapGroup | None:
        """The open group holding gap ``group_id`` (its #number, or any of its questions)."""
        return next((g for g in self.groups(now) if group_id in g.member_ids), None)

    def wordings(self, group: GapGroup) -> list[str]:
        """Every distinct wording of the group's questions, most recent first."""
        marks = ",".join("?" * len(group.member_ids))
        rows = self.conn.execute(
            f"SELECT question FROM gaps WHERE id IN ({marks}) ORDER BY asked_at DESC, id DESC", group.member_ids
        ).fetchall()
        out: list[str] = []
        for (question,) in rows:
            if question.casefold() not in (q.casefold() for q in out):
                out.append(question)
        return out

    def dismiss(self, group_id: int, now: datetime | None = None) -> int:
        """Dismiss the group containing gap ``group_id``; return how many questions it held."""
        for group in self.groups(now):
            if group_id in group.member_ids:
                stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat()
                marks = ",".join("?" * len(group.member_ids))
                self.conn.execute(f"UPDATE gaps SET dismissed_at = ? WHERE id IN ({marks})", (stamp, *group.member_ids))
                return len(group.member_ids)
        return 0


def cluster(gaps: Iterable[Gap]) -> list[list[Gap]]:
    """Greedy single pass: each question joins the most similar group (by any member) above the cutoff."""
    groups: list[tuple[list[str], list[Gap]]] = []
    for gap in gaps:
        key = content_key(gap.question) or gap.question.casefold()
        best, best_score = None, 0.0
        for keys, members in groups:
            score = max(similar(key, k) for k in keys)
            if score > best_score:
                best, best_score = (keys, members), score
        if best is not None and best_score >= SIMILARITY_CUTOFF:
            if key not in best[0]:
                best[0].append(key)
            best[1].append(gap)
        else:
            groups.append(([key], [gap]))
    return [members for _, members in groups]


def _summarise(members: list[Gap]) -> GapGroup:
    latest = max(members, key=lambda g: (g.asked_at, g.id))
    wordings: list[str] = []
    for g in sorted(members, key=lambda g: (g.asked_at, g.id), reverse=True):
        if g.question.casefold() not in (w.casefold() for w in wordings):
            wordings.append(g.question)
    return GapGroup(
        id=min(g.id for g in members),
        question=latest.question,
        count=len(members),
        users=len({g.user_hash for g in members if g.user_hash}),
        last_asked=latest.asked_at,
        reasons=tuple(sorted({g.reason for g in members})),
        examples=tuple(wordings[1:4]),
        last_reply=latest.reply,
        member_ids=tuple(sorted(g.id for g in members)),
    )


def format_groups(groups: list[GapGroup], now: datetime | None = None) -> list[str]:
    """Plain-text lines for the CLI and the admin cog."""
    lines = []
    for g in groups:
        when = g.last_asked.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines.append(f"#{g.id} ×{g.count} (last {when}; {', '.join(g.reasons)}): {g.question}")
        for example in g.examples:
            lines.append(f"    also: {example}")
    return lines
