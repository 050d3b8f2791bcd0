"""Crash test for members' "Remind me" subscriptions: SIGKILL at random moments, each
subscription delivered exactly once, by direct message or (DMs closed) in the fallback channel.

Unlike channel posts, the DM path gets no help from Discord's nonce here: the fake "Discord"
(a SQLite file) accepts every message, a resend included, as a real DM would once the nonce's
few minutes have passed. What prevents doubles is the bot's own design: a subscription is
committed as "sending" (with its marker) before the message is attempted, and a row found
"sending" after a restart is first looked for in the recipient's recent messages by its marker
(the same ``find_marker`` the cog uses), and only then sent. One member in five has closed DMs.

    python benchmarks/subscription_crash.py                 # 100 subscriptions over 4 s
    python benchmarks/subscription_crash.py --no-history    # the control: doubles appear
    python benchmarks/subscription_crash.py --subscriptions 60 --span 2 --json

Exit status 0 when exactly-once held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "src"))

from talkbot.knowledge.models import Schedule, Talk  # noqa: E402
from talkbot.reminders import DeliveryFailed, ReminderScheduler, ReminderStore  # noqa: E402
from talkbot.reminders.subscriptions import Subscription, find_marker, marker  # noqa: E402

sys.path.insert(0, str(HERE.parent))
from reminder_crash import kill_until_done  # noqa: E402  (the same kill-and-restart driver)

BOT_ID = 1
DISCORD_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    author INTEGER NOT NULL,
    footer TEXT NOT NULL,
    sub_id INTEGER NOT NULL,
    posted_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (sub_id INTEGER NOT NULL, found_in_history INTEGER NOT NULL);
"""


def discord_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(DISCORD_SCHEMA)
    return conn


def dms_closed(user_id: int) -> bool:
    return user_id % 5 == 0


def history(conn: sqlite3.Connection, channel: str, limit: int = 50) -> list[tuple[int, int, list[str]]]:
    rows = conn.execute(
        "SELECT id, author, footer FROM messages WHERE channel = ? ORDER BY id DESC LIMIT ?", (channel, limit)
    )
    return [(mid, author, [footer]) for mid, author, footer in rows]


# -- the worker: the bot's side ---------------------------------------------------------------


async def worker(db: Path, discord_db: Path, ack_delay: float, use_history: bool) -> int:
    store = ReminderStore.open(db)
    discord = discord_connect(discord_db)

    async def deliver_reminder(reminder, late):  # no moderator reminders in this run
        raise DeliveryFailed("unexpected")

    async def deliver(sub: Subscription, late: bool) -> int:
        dm, fallback = f"dm:{sub.user_id}", "channel:reminders"
        if sub.resend and use_history:
            for channel in (dm, fallback):
                found = find_marker(history(discord, channel), sub, BOT_ID)
                if found is not None:
                    discord.execute("INSERT INTO attempts VALUES (?, 1)", (sub.id,))
                    return found
        channel = fallback if dms_closed(sub.user_id) else dm
        discord.execute("INSERT INTO attempts VALUES (?, 0)", (sub.id,))
        message_id = discord.execute(
            "INSERT INTO messages (channel, author, footer, sub_id, posted_at) VALUES (?, ?, ?, ?, ?)",
            (channel, BOT_ID, f"Your reminder · {marker(sub)}", sub.id, time.time()),
        ).lastrowid
        # Discord's answer takes a while to come back: a kill here is the dangerous one.
        await asyncio.sleep(ack_delay * random.random())
        return message_id

    scheduler = ReminderScheduler(
        store, deliver_reminder, grace=timedelta(hours=1), deliver_subscription=deliver
    )
    task = scheduler.start()
    while store.next_subscription() is not None:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    await scheduler.stop()
    return 0


# -- the driver -------------------------------------------------------------------------------


def setup(db: Path, count: int, span: float, rng: random.Random) -> list[int]:
    """``count`` subscriptions of as many members, due over ``span`` seconds (lead: 1 hour)."""
    store = ReminderStore.open(db)
    now = datetime.now(UTC)
    ids = []
    for i in range(count):
        start = now + timedelta(hours=1, seconds=0.3 + rng.random() * span)
        talk = Talk(
            id=f"talk-{i}",
            title=f"Talk {i}",
            schedule=Schedule(
                date(start.year, start.month, start.day), start_time=start.time(), timezone="UTC"
            ),
            summary="",
        )
        [sub] = store.subscribe(1, 100 + i, talk, [timedelta(hours=1)], now)
        ids.append(sub.id)
    store.close()
    return ids


def run(count: int, span: float, seed: int, workdir: Path, kill_min: float, kill_max: float,
        ack_delay: float, use_history: bool) -> dict:  # fmt: skip
    rng = random.Random(seed)
    db, discord_db = workdir / "talkbot.sqlite3", workdir / "discord.sqlite3"
    for path in workdir.glob("*.sqlite3*"):
        path.unlink()
    ids = setup(db, count, span, rng)
    discord_connect(discord_db).close()
    started = time.monotonic()
    args = [sys.executable, str(HERE), "worker", "--db", str(db), "--discord", str(discord_db),
            "--ack-delay", str(ack_delay)] + ([] if use_history else ["--no-history"])  # fmt: skip
    starts, kills = kill_until_done(args, rng, kill_min, kill_max)
    elapsed = time.monotonic() - started

    store = ReminderStore.open(db)
    left = store.subscriptions()
    discord = discord_connect(discord_db)
    per_sub: dict[int, int] = {}
    for (sub_id,) in discord.execute("SELECT sub_id FROM messages"):
        per_sub[sub_id] = per_sub.get(sub_id, 0) + 1
    found = discord.execute("SELECT COALESCE(SUM(found_in_history), 0) FROM attempts").fetchone()[0]
    in_channel = discord.execute("SELECT COUNT(*) FROM messages WHERE channel LIKE 'channel:%'").fetchone()[0]
    lost = [i for i in ids if per_sub.get(i, 0) == 0]
    twice = [i for i in ids if per_sub.get(i, 0) > 1]
    user_ids_left = store.conn.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0]
    return {
        "subscriptions": len(ids),
        "span_seconds": span,
        "worker_starts": starts,
        "sigkills": kills,
        "messages": sum(per_sub.values()),
        "in_fallback_channel": in_channel,
        "resends_found_in_history": found,
        "lost": len(lost),
        "duplicated": len(twice),
        "rows_left": len(left),
        "user_ids_left": user_ids_left,
        "wall_seconds": round(elapsed, 2),
        "exactly_once": not (lost or twice or left) and len(ids) == count,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode")
    w = sub.add_parser("worker")
    w.add_argument("--db", type=Path, required=True)
    w.add_argument("--discord", type=Path, required=True)
    w.add_argument("--ack-delay", type=float, default=0.02)
    w.add_argument("--no-history", action="store_true")
    parser.add_argument("--subscriptions", type=int, default=100)
    parser.add_argument("--span", type=float, default=4.0, help="due times spread over this many seconds")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--kill-after", type=float, nargs=2, default=(0.15, 0.7), metavar=("MIN", "MAX"),
                        help="kill each worker after a random time in this range (seconds)")  # fmt: skip
    parser.add_argument("--ack-delay", type=float, default=0.02,
                        help="up to this many seconds between Discord accepting and the bot hearing it")  # fmt: skip
    parser.add_argument("--no-history", action="store_true", help="control run: resend without looking first")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.mode == "worker":
        return asyncio.run(worker(args.db, args.discord, args.ack_delay, not args.no_history))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        result = run(args.subscriptions, args.span, args.seed, workdir, *args.kill_after, args.ack_delay,
                     not args.no_history)  # fmt: skip
    if args.json:
        print(json.dumps(result))
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
    return 0 if result["exactly_once"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
