"""Crash test: reminders survive SIGKILL at random moments, each delivered exactly once.

A worker process runs the real ReminderScheduler on a SQLite store holding N reminders due
over a short span. "Discord" is another SQLite file that accepts a message atomically and
dedupes by nonce, like Discord's ``enforce_nonce``. The driver kills the worker with SIGKILL at
random moments and restarts it until every reminder is delivered, then checks that every
reminder produced exactly one message, none lost, none twice, and prints its figures.

    python benchmarks/reminder_crash.py                  # 200 reminders over 6 s
    python benchmarks/reminder_crash.py --no-nonce       # the control: duplicates appear
    python benchmarks/reminder_crash.py --reminders 60 --span 2 --json

Exit status 0 when exactly-once held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "src"))

from talkbot.reminders import Reminder, ReminderScheduler, ReminderStore, Status  # noqa: E402
from talkbot.reminders.store import new_nonce  # noqa: E402

DISCORD_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    nonce TEXT NOT NULL UNIQUE,
    reminder_id INTEGER NOT NULL,
    posted_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS posts (nonce TEXT NOT NULL, reminder_id INTEGER NOT NULL, deduped INTEGER NOT NULL);
"""


def discord_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(DISCORD_SCHEMA)
    return conn


def discord_post(conn: sqlite3.Connection, nonce: str, reminder_id: int) -> int:
    """Accept a message atomically; the same nonce returns the message already created."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT id FROM messages WHERE nonce = ?", (nonce,)).fetchone()
        if row is None:
            message_id = conn.execute(
                "INSERT INTO messages (nonce, reminder_id, posted_at) VALUES (?, ?, ?)",
                (nonce, reminder_id, time.time()),
            ).lastrowid
        else:
            message_id = row[0]
        conn.execute("INSERT INTO posts VALUES (?, ?, ?)", (nonce, reminder_id, int(row is not None)))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return message_id


# -- the worker: the bot's side ---------------------------------------------------------------


async def worker(db: Path, discord_db: Path, ack_delay: float, use_nonce: bool) -> int:
    store = ReminderStore.open(db)
    discord = discord_connect(discord_db)

    async def deliver(reminder: Reminder, late: bool) -> int:
        nonce = reminder.nonce if use_nonce else new_nonce()
        message_id = discord_post(discord, nonce, reminder.id)
        # Discord's answer takes a while to come back: a kill here is the dangerous one.
        await asyncio.sleep(ack_delay * random.random())
        return message_id

    scheduler = ReminderScheduler(store, deliver, grace=timedelta(hours=1))
    task = scheduler.start()
    while store.next_pending() is not None:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    await scheduler.stop()
    return 0


# -- the driver -------------------------------------------------------------------------------


def setup(db: Path, count: int, span: float, rng: random.Random) -> None:
    store = ReminderStore.open(db)
    now = datetime.now(UTC)
    for i in range(count):
        due = now + timedelta(seconds=0.3 + rng.random() * span)
        store.add(Reminder(None, 1, 10, 7, due, text=f"reminder {i}"), now)
    store.close()


def kill_until_done(args: list[str], rng: random.Random, kill_min: float, kill_max: float) -> tuple[int, int]:
    """Start the worker, SIGKILL it after a random while, and again, until it finishes its work:
    how many times it was started and killed. Shared by subscription_crash.py."""
    starts = kills = 0
    while True:
        starts += 1
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        try:
            code = proc.wait(timeout=rng.uniform(kill_min, kill_max))
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
            continue
        if code != 0:
            raise SystemExit(f"worker failed with exit status {code}")
        return starts, kills


def run(
    count: int,
    span: float,
    seed: int,
    workdir: Path,
    kill_min: float,
    kill_max: float,
    ack_delay: float,
    use_nonce: bool,
) -> dict:
    rng = random.Random(seed)
    db, discord_db = workdir / "talkbot.sqlite3", workdir / "discord.sqlite3"
    for path in workdir.glob("*.sqlite3*"):
        path.unlink()
    setup(db, count, span, rng)
    discord_connect(discord_db).close()
    started = time.monotonic()
    args = [
        sys.executable,
        str(HERE),
        "worker",
        "--db",
        str(db),
        "--discord",
        str(discord_db),
        "--ack-delay",
        str(ack_delay),
    ] + ([] if use_nonce else ["--no-nonce"])
    starts, kills = kill_until_done(args, rng, kill_min, kill_max)
    elapsed = time.monotonic() - started

    store = ReminderStore.open(db)
    reminders = store.list(1, include_done=True, limit=count + 1)
    discord = discord_connect(discord_db)
    per_reminder: dict[int, int] = {}
    for (reminder_id,) in discord.execute("SELECT reminder_id FROM messages"):
        per_reminder[reminder_id] = per_reminder.get(reminder_id, 0) + 1
    posts, deduped = discord.execute("SELECT COUNT(*), COALESCE(SUM(deduped), 0) FROM posts").fetchone()
    ids = [r.id for r in reminders]
    lost = [i for i in ids if per_reminder.get(i, 0) == 0]
    twice = [i for i in ids if per_reminder.get(i, 0) > 1]
    unmarked = [r.id for r in reminders if r.status != Status.SENT]
    message_ids = dict(discord.execute("SELECT reminder_id, id FROM messages").fetchall())
    mismatched = [
        r.id for r in reminders if r.status == Status.SENT and message_ids.get(r.id) != r.message_id
    ]
    lateness = [(r.sent_at - r.due).total_seconds() for r in reminders if r.sent_at is not None]
    return {
        "reminders": len(reminders),
        "span_seconds": span,
        "worker_starts": starts,
        "sigkills": kills,
        "discord_posts": posts,
        "resends_deduplicated_by_nonce": deduped,
        "messages": sum(per_reminder.values()),
        "lost": len(lost),
        "duplicated": len(twice),
        "not_marked_sent": len(unmarked),
        "marked_with_wrong_message": len(mismatched),
        "max_delay_seconds": round(max(lateness, default=0.0), 2),
        "wall_seconds": round(elapsed, 2),
        "exactly_once": not (lost or twice or unmarked or mismatched) and len(reminders) == count,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode")
    w = sub.add_parser("worker")
    w.add_argument("--db", type=Path, required=True)
    w.add_argument("--discord", type=Path, required=True)
    w.add_argument("--ack-delay", type=float, default=0.02)
    w.add_argument("--no-nonce", action="store_true")
    parser.add_argument("--reminders", type=int, default=200)
    parser.add_argument("--span", type=float, default=6.0, help="due times spread over this many seconds")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--kill-after",
        type=float,
        nargs=2,
        default=(0.15, 0.7),
        metavar=("MIN", "MAX"),
        help="kill each worker after a random time in this range (seconds)",
    )
    parser.add_argument(
        "--ack-delay",
        type=float,
        default=0.02,
        help="up to this many seconds between Discord accepting and the bot hearing it",
    )
    parser.add_argument("--no-nonce", action="store_true", help="control run: a fresh nonce per attempt")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.mode == "worker":
        return asyncio.run(worker(args.db, args.discord, args.ack_delay, not args.no_nonce))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        result = run(
            args.reminders, args.span, args.seed, workdir, *args.kill_after, args.ack_delay, not args.no_nonce
        )
    if args.json:
        print(json.dumps(result))
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
    return 0 if result["exactly_once"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
