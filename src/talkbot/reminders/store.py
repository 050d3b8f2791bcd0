"""SQLite store of reminders, deliveries and the knowledge-id → Scheduled Event mapping.

One connection, one writer (the bot's event loop); every change is committed before the
scheduler is woken, and a reminder is marked sent only with the message id Discord returned.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from talkbot.db import LOOP_BUSY_MS as db_LOOP_BUSY_MS
from talkbot.db import connect, migrate
from talkbot.reminders.models import Delivery, Recurrence, Reminder, Status, next_occurrence
from talkbot.reminders.subscriptions import SubscriptionQueries

COMPONENT = "reminders"

# How long a call waits for a write lock another process holds. The bot's own connection is
# used on the event loop, so it gives up quickly (the command answers "try again"); the
# scheduler's connection lives in a worker thread and can afford to wait.
LOOP_BUSY_MS = db_LOOP_BUSY_MS
WORKER_BUSY_MS = 5000

# Append only: a release adds steps, never edits shipped ones (db.migrate keeps the version).
MIGRATIONS: list[str] = [
    """
    CREATE TABLE reminders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        author_id INTEGER NOT NULL,
        due TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        event_id TEXT,
        lead_seconds INTEGER,
        role_id INTEGER,
        note TEXT NOT NULL DEFAULT '',
        recurrence TEXT,
        timezone TEXT NOT NULL DEFAULT 'Europe/Brussels',
        status TEXT NOT NULL DEFAULT 'pending',
        nonce TEXT,
        retry_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        message_id INTEGER,
        sent_at TEXT,
        late INTEGER NOT NULL DEFAULT 0,
        auto_key TEXT UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE INDEX reminders_pending ON reminders (status, due);
    CREATE TABLE reminder_deliveries (
        reminder_id INTEGER NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
        due TEXT NOT NULL,
        nonce TEXT NOT NULL UNIQUE,
        message_id INTEGER NOT NULL,
        sent_at TEXT NOT NULL,
        late INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE scheduled_events (
        guild_id INTEGER NOT NULL,
        knowledge_id TEXT NOT NULL,
        discord_event_id INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        synced_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, knowledge_id)
    )
    """,
    # Members' own reminders ("Remind me"): one row per member, talk and lead time, deleted
    # once delivered or cancelled, so a user id lives only as long as its subscription.
    """
    CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        lead_seconds INTEGER NOT NULL,
        due TEXT NOT NULL,
        start TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'remind',
        source TEXT NOT NULL DEFAULT 'button',
        status TEXT NOT NULL DEFAULT 'pending',
        nonce TEXT,
        retry_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (guild_id, user_id, item_id, lead_seconds)
    );
    CREATE INDEX subscriptions_due ON subscriptions (due);
    CREATE INDEX subscriptions_user ON subscriptions (user_id);
    CREATE TABLE subscription_optouts (
        user_hash TEXT PRIMARY KEY
    )
    """,
]

_ORDER = "ORDER BY COALESCE(retry_at, due), id"


def _iso(moment: datetime | None) -> str | None:
    # Fixed-width UTC text sorts like time, so SQLite can order and compare it.
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def new_nonce() -> str:
    """24 characters: Discord accepts nonces of at most 25."""
    return secrets.token_hex(12)


def _row(row: sqlite3.Row) -> Reminder:
    return Reminder(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        author_id=row["author_id"],
        due=_time(row["due"]),
        text=row["text"],
        event_id=row["event_id"],
        lead=None if row["lead_seconds"] is None else timedelta(seconds=row["lead_seconds"]),
        role_id=row["role_id"],
        note=row["note"],
        recurrence=Recurrence.decode(row["recurrence"]) if row["recurrence"] else None,
        timezone=row["timezone"],
        status=Status(row["status"]),
        nonce=row["nonce"],
        retry_at=_time(row["retry_at"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        message_id=row["message_id"],
        sent_at=_time(row["sent_at"]),
        late=bool(row["late"]),
        auto_key=row["auto_key"],
        created_at=_time(row["created_at"]),
    )


@dataclass(frozen=True)
class ScheduledEventLink:
    guild_id: int
    knowledge_id: str
    discord_event_id: int
    fingerprint: str


class ReminderStore(SubscriptionQueries):
    """Reminders in SQLite. Every method is one committed transaction."""

    def __init__(self, conn: sqlite3.Connection, *, busy_ms: int = LOOP_BUSY_MS):
        self.conn = conn
        migrate(conn, COMPONENT, MIGRATIONS)  # with connect()'s long timeout: start-up may wait
        conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")

    @classmethod
    def open(cls, path: str | Path) -> ReminderStore:
        return cls(connect(path))

    def close(self) -> None:
        self.conn.close()

    def path(self) -> str:
        """The database file ('' for an in-memory database)."""
        return self.conn.execute("PRAGMA database_list").fetchone()[2] or ""

    def worker(self) -> ReminderStore:
        """A second connection to the same file, for a worker thread (WAL: both see each other's
        commits). An in-memory database cannot be shared: the store itself is returned."""
        path = self.path()
        if not path:
            return self
        return ReminderStore(connect(path), busy_ms=WORKER_BUSY_MS)

    def _write(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        with self._tx():
            return self.conn.execute(sql, tuple(params))

    @contextmanager
    def _tx(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- reading -----------------------------------------------------------------------------

    def get(self, reminder_id: int) -> Reminder | None:
        row = self.conn.execute("SELECT * FROM reminders WHERE id = ?", (reminder_id,)).fetchone()
        return _row(row) if row else None

    def next_pending(self) -> Reminder | None:
        """The pending reminder to attempt first (the one the single sleeper waits for)."""
        row = self.conn.execute(f"SELECT * FROM reminders WHERE status = 'pending' {_ORDER} LIMIT 1").fetchone()
        return _row(row) if row else None

    def pending(self, guild_id: int | None = None) -> list[Reminder]:
        sql, params = "SELECT * FROM reminders WHERE status = 'pending'", []
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params.append(guild_id)
        return [_row(r) for r in self.conn.execute(f"{sql} {_ORDER}", params)]

    def list(self, guild_id: int, *, include_done: bool = False, limit: int = 100) -> list[Reminder]:
        where = "" if include_done else "AND status = 'pending'"
        rows = self.conn.execute(
            f"SELECT * FROM reminders WHERE guild_id = ? {where} {_ORDER} LIMIT ?", (guild_id, limit)
        )
        return [_row(r) for r in rows]

    def deliveries(self, reminder_id: int | None = None) -> list[Delivery]:
        sql, params = "SELECT * FROM reminder_deliveries", ()
        if reminder_id is not None:
            sql, params = sql + " WHERE reminder_id = ?", (reminder_id,)
        return [
            Delivery(r["reminder_id"], _time(r["due"]), r["nonce"], r["message_id"], _time(r["sent_at"]), bool(r["late"]))
            for r in self.conn.execute(sql + " ORDER BY rowid", params)
        ]

    def by_auto_key(self, key: str) -> Reminder | None:
        row = self.conn.execute("SELECT * FROM reminders WHERE auto_key = ?", (key,)).fetchone()
        return _row(row) if row else None

    def auto_pending(self) -> list[Reminder]:
        rows = self.conn.execute(f"SELECT * FROM reminders WHERE auto_key IS NOT NULL AND status = 'pending' {_ORDER}")
        return [_row(r) for r in rows]

    # -- writing -----------------------------------------------------------------------------

    def add(self, reminder: Reminder, now: datetime | None = None) -> Reminder:
        """Save a new reminder; the caller wakes the scheduler afterwards."""
        created = now or datetime.now(UTC)
        r = reminder
        cur = self._write(
            "INSERT INTO reminders (guild_id, channel_id, author_id, due, text, event_id, lead_seconds, role_id, "
            "note, recurrence, timezone, status, auto_key, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                r.guild_id,
                r.channel_id,
                r.author_id,
                _iso(r.due),
                r.text,
                r.event_id,
                None if r.lead is None else int(r.lead.total_seconds()),
                r.role_id,
                r.note,
                r.recurrence.encode() if r.recurrence else None,
                r.timezone,
                r.status.value,
                r.auto_key,
                _iso(created),
            ),
        )
        return self.get(cur.lastrowid)  # type: ignore[return-value]

    def reschedule(self, reminder_id: int, due: datetime, *, revive: bool = False) -> bool:
        """A new time: clears retries, errors and the nonce of the occurrence not sent yet.

        Missed reminders come back to pending; sent or cancelled ones only with ``revive``.
        """
        statuses = "('pending', 'missed', 'cancelled', 'sent')" if revive else "('pending', 'missed')"
        cur = self._write(
            "UPDATE reminders SET due = ?, retry_at = NULL, attempts = 0, "
            f"last_error = '', nonce = NULL, status = 'pending' WHERE id = ? AND status IN {statuses}",
            (_iso(due), reminder_id),
        )
        return cur.rowcount == 1

    def set_lead(self, reminder_id: int, lead: timedelta | None) -> None:
        """Tie the reminder to its event's start (``lead``), or pin it to its time (``None``)."""
        self._write(
            "UPDATE reminders SET lead_seconds = ? WHERE id = ?",
            (None if lead is None else int(lead.total_seconds()), reminder_id),
        )

    def edit_text(self, reminder_id: int, text: str | None = None, note: str | None = None) -> None:
        self._write(
            "UPDATE reminders SET text = COALESCE(?, text), note = COALESCE(?, note) WHERE id = ?",
            (text, note, reminder_id),
        )

    def cancel(self, reminder_id: int, reason: str = "") -> bool:
        cur = self._write(
            "UPDATE reminders SET status = 'cancelled', last_error = ? WHERE id = ? AND status IN ('pending', 'missed')",
            (reason, reminder_id),
        )
        return cur.rowcount == 1

    def ensure_nonce(self, reminder_id: int) -> str:
        """The nonce of the current occurrence, created and committed before the first send."""
        with self._tx():
            row = self.conn.execute("SELECT nonce FROM reminders WHERE id = ?", (reminder_id,)).fetchone()
            if row["nonce"]:
                return row["nonce"]
            nonce = new_nonce()
            self.conn.execute("UPDATE reminders SET nonce = ? WHERE id = ?", (nonce, reminder_id))
            return nonce

    def mark_sent(self, reminder: Reminder, message_id: int, sent_at: datetime, *, late: bool) -> Reminder:
        """Record what Discord accepted; a recurring reminder moves on to its next occurrence."""
        assert reminder.id is not None and reminder.nonce
        with self._tx():
            self.conn.execute(
                "INSERT OR IGNORE INTO reminder_deliveries (reminder_id, due, nonce, message_id, sent_at, late) "
                "VALUES (?,?,?,?,?,?)",
                (reminder.id, _iso(reminder.due), reminder.nonce, message_id, _iso(sent_at), int(late)),
            )
            if reminder.recurrence is None:
                self.conn.execute(
                    "UPDATE reminders SET status = 'sent', message_id = ?, sent_at = ?, late = ?, retry_at = NULL, "
                    "last_error = '' WHERE id = ? AND nonce = ?",
                    (message_id, _iso(sent_at), int(late), reminder.id, reminder.nonce),
                )
            else:
                following = next_occurrence(reminder.due, reminder.recurrence, reminder.timezone, sent_at)
                self.conn.execute(
                    "UPDATE reminders SET due = ?, nonce = NULL, message_id = ?, sent_at = ?, late = ?, "
                    "retry_at = NULL, attempts = 0, last_error = '' WHERE id = ? AND nonce = ?",
                    (_iso(following), message_id, _iso(sent_at), int(late), reminder.id, reminder.nonce),
                )
        return self.get(reminder.id)  # type: ignore[return-value]

    def mark_failed(self, reminder_id: int, error: str, retry_at: datetime) -> None:
        """Keep the reminder and its nonce; show the error in /remind list; try again later."""
        self._write(
            "UPDATE reminders SET attempts = attempts + 1, last_error = ?, retry_at = ? WHERE id = ?",
            (error[:300], _iso(retry_at), reminder_id),
        )

    def mark_missed(self, reminder: Reminder, reason: str, now: datetime) -> Reminder:
        """Too late to post: one-offs become ``missed``; a recurring one skips to its next time."""
        assert reminder.id is not None
        if reminder.recurrence is None:
            self._write(
                "UPDATE reminders SET status = 'missed', last_error = ?, retry_at = NULL WHERE id = ?",
                (reason[:300], reminder.id),
            )
        else:
            following = next_occurrence(reminder.due, reminder.recurrence, reminder.timezone, now)
            self._write(
                "UPDATE reminders SET due = ?, nonce = NULL, retry_at = NULL, attempts = 0, last_error = ? WHERE id = ?",
                (_iso(following), reason[:300], reminder.id),
            )
        return self.get(reminder.id)  # type: ignore[return-value]

    # -- Discord Scheduled Events ------------------------------------------------------------

    def scheduled_event(self, guild_id: int, knowledge_id: str) -> ScheduledEventLink | None:
        row = self.conn.execute(
            "SELECT * FROM scheduled_events WHERE guild_id = ? AND knowledge_id = ?", (guild_id, knowledge_id)
        ).fetchone()
        if not row:
            return None
        return ScheduledEventLink(row["guild_id"], row["knowledge_id"], row["discord_event_id"], row["fingerprint"])

    def link_scheduled_event(
        self, guild_id: int, knowledge_id: str, discord_event_id: int, fingerprint: str, now: datetime
    ) -> None:
        self._write(
            "INSERT INTO scheduled_events (guild_id, knowledge_id, discord_event_id, fingerprint, synced_at) "
            "VALUES (?,?,?,?,?) ON CONFLICT (guild_id, knowledge_id) DO UPDATE SET "
            "discord_event_id = excluded.discord_event_id, fingerprint = excluded.fingerprint, "
            "synced_at = excluded.synced_at",
            (guild_id, knowledge_id, discord_event_id, fingerprint, _iso(now)),
        )
