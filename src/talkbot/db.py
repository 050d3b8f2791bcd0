"""The bot's own state lives in one SQLite file; each component owns its tables.

Components (feedback, reminders, gaps...) call :func:`migrate` with their ordered list of
migrations; the applied version per component is kept in ``schema_version`` so later
releases can add steps without losing data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

#: How long a connection used on the event loop waits for a lock another process holds: a
#: locked or failing database must cost a command an error, never freeze the bot.
LOOP_BUSY_MS = 50


def storable(text: str) -> str:
    """``text`` as SQLite (UTF-8) can store it: a lone surrogate (JSON from Discord may carry
    ``"\\ud800"``) becomes U+FFFD instead of raising UnicodeEncodeError; valid pairs join."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def connect(path: str | Path) -> sqlite3.Connection:
    """Open the database in WAL mode (readers never block the single writer)."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    return conn


def migrate(conn: sqlite3.Connection, component: str, migrations: Sequence[str]) -> int:
    """Apply the migrations of ``component`` not applied yet; return the version now in force."""
    row = conn.execute("SELECT version FROM schema_version WHERE component = ?", (component,)).fetchone()
    current = row[0] if row else 0
    for version, script in enumerate(migrations[current:], start=current + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in script.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (component, version) VALUES (?, ?) "
                "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                (component, version),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return max(current, len(migrations))
