"""What the bot answered and what people thought of it, kept in the bot's SQLite store.

Every answer the bot posts gets a row (so the 👍/👎 and "Did you mean" buttons can refer to
it by a short id that survives restarts); votes refer to answers. User ids are never stored:
only a salted hash, enough to tell "the same person" apart without identifying anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from talkbot import db

if TYPE_CHECKING:  # pragma: no cover - typing only
    from talkbot.answer.reply import Reply

COMPONENT = "feedback"
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        asked_at TEXT NOT NULL,
        asker TEXT NOT NULL,
        question TEXT NOT NULL,
        reply TEXT NOT NULL,
        answered INTEGER NOT NULL,
        confidence REAL NOT NULL,
        suggestions TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX answers_asked_at ON answers (asked_at);
    CREATE TABLE votes (
        answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        voter TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, voter)
    );
    CREATE INDEX votes_voted_at ON votes (voted_at)
    """,
)


def hash_user(user_id: int | str, salt: str) -> str:
    """A stable pseudonym for a Discord user: HMAC-SHA256 of the id keyed by the salt."""
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class LoggedAnswer:
    """An answer as the bot posted it."""

    id: int
    asked_at: datetime
    asker: str
    question: str
    reply: str
    answered: bool
    confidence: float
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class Feedback:
    """One vote on one answer, with what was asked and answered, for the admins."""

    answer_id: int
    question: str
    reply: str
    vote: int  # +1 (👍) or -1 (👎)
    voted_at: datetime
    voter: str


class FeedbackStore:
    """Answers and votes in SQLite (``talkbot.db``); cheap synchronous calls, one writer."""

    def __init__(self, conn: sqlite3.Connection, salt: str, clock: Callable[[], datetime] = _utc_now):
        self.conn = conn
        self.salt = salt
        self._clock = clock
        db.migrate(conn, COMPONENT, MIGRATIONS)
        conn.execute(f"PRAGMA busy_timeout = {db.LOOP_BUSY_MS}")  # used on the event loop

    @classmethod
    def open(cls, path: str | Path, salt: str, clock: Callable[[], datetime] = _utc_now) -> FeedbackStore:
        return cls(db.connect(path), salt, clock)

    def close(self) -> None:
        self.conn.close()

    def user_hash(self, user_id: int | str) -> str:
        return hash_user(user_id, self.salt)

    def log_answer(self, reply: Reply, user_id: int | str) -> int:
        """Keep the answer the bot is about to post; the id goes into its buttons."""
        cur = self.conn.execute(
            "INSERT INTO answers (asked_at, asker, question, reply, answered, confidence, suggestions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                _iso(self._clock()),
                self.user_hash(user_id),
                db.storable(reply.question),
                db.storable(reply.text),
                int(reply.answered),
                float(reply.confidence),
                json.dumps(list(reply.suggestions)),  # \u escapes: any string is storable
            ),
        )
        return int(cur.lastrowid or 0)

    def answer(self, answer_id: int) -> LoggedAnswer | None:
        row = self.conn.execute("SELECT * FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None:
            return None
        return LoggedAnswer(
            id=row["id"],
            asked_at=datetime.fromisoformat(row["asked_at"]),
            asker=row["asker"],
            question=row["question"],
            reply=row["reply"],
            answered=bool(row["answered"]),
            confidence=row["confidence"],
            suggestions=tuple(json.loads(row["suggestions"])),
        )

    def is_asker(self, answer: LoggedAnswer, user_id: int | str) -> bool:
        return hmac.compare_digest(answer.asker, self.user_hash(user_id))

    def vote(self, answer_id: int, user_id: int | str, up: bool) -> bool:
        """Record a 👍 or 👎; a second vote by the same person replaces the first.

        Returns False when the answer is unknown (pruned, or from another database).
        """
        if self.conn.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
            return False
        self.conn.execute(
            "INSERT INTO votes (answer_id, voter, vote, voted_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
            (answer_id, self.user_hash(user_id), 1 if up else -1, _iso(self._clock())),
        )
        return True

    def feedback(
        self, since: datetime | None = None, vote: int | None = None, limit: int = 100
    ) -> list[Feedback]:
        """Votes, newest first; ``vote=-1`` gives the down-voted answers for the admins."""
        sql = (
            "SELECT v.answer_id, a.question, a.reply, v.vote, v.voted_at, v.voter "
            "FROM votes v JOIN answers a ON a.id = v.answer_id WHERE 1 = 1"
        )
        params: list[object] = []
        if since is not None:
            sql += " AND v.voted_at >= ?"
            params.append(_iso(since))
        if vote is not None:
            sql += " AND v.vote = ?"
            params.append(vote)
        sql += " ORDER BY v.voted_at DESC, v.answer_id DESC LIMIT ?"
        params.append(limit)
        return [
            Feedback(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5])
            for r in self.conn.execute(sql, params)
        ]

    def tally(self) -> tuple[int, int]:
        """(👍 count, 👎 count) over all votes."""
        row = self.conn.execute(
            "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes"
        ).fetchone()
        return int(row[0]), int(row[1])

    def prune(self, before: datetime) -> int:
        """Forget answers asked before ``before`` (and their votes); returns how many."""
        cur = self.conn.execute("DELETE FROM answers WHERE asked_at < ?", (_iso(before),))
        return cur.rowcount
