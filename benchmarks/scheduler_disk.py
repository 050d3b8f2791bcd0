"""The reminder scheduler on a database that cannot be written, then recovers.

Two scenarios, each with N reminders falling due while the database is unusable:

- ``locked``: another process holds the write lock (BEGIN EXCLUSIVE) for a few seconds;
- ``full``: the database lives on a tiny tmpfs that is then filled up (needs root to mount;
  skipped otherwise), and space is freed after a few seconds.

A ticker measures how late the event loop turns (it must never block for more than 100 ms),
a handler counts the scheduler's log lines (a few per state change, not one per attempt), and
a Discord stand-in that dedupes by nonce counts messages: every reminder exactly once.

    python benchmarks/scheduler_disk.py                 # 40 reminders, both scenarios
    python benchmarks/scheduler_disk.py --reminders 100 --outage 10

Exit status 0 when every property held.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "src"))

from talkbot.reminders import Reminder, ReminderScheduler, ReminderStore, Status  # noqa: E402

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


class Discord:
    def __init__(self) -> None:
        self.by_nonce: dict[str, int] = {}
        self.posts: dict[int, int] = {}

    async def deliver(self, reminder: Reminder, late: bool) -> int:
        self.posts[reminder.id] = self.posts.get(reminder.id, 0) + 1
        return self.by_nonce.setdefault(reminder.nonce, 1000 + len(self.by_nonce))


class Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.lines.append(record.getMessage()[:160])


async def scenario(kind: str, folder: Path, n: int, outage: float) -> dict:
    path = folder / "talkbot.sqlite3"
    store = ReminderStore.open(path)
    now = datetime.now(UTC)
    reminders = [store.add(Reminder(None, 1, 10, 7, now + timedelta(seconds=0.5 + 2.5 * i / n), text=f"r{i}"))
                 for i in range(n)]  # fmt: skip
    discord = Discord()
    counter = Counter()
    logging.getLogger("talkbot.reminders").addHandler(counter)
    health: list[str | None] = []

    async def on_health(error):
        health.append(error)

    filler = folder / "filler"
    holder = None
    if kind == "locked":
        holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(outage)], stdout=subprocess.PIPE)
        holder.stdout.readline()
    else:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no WAL space left to reuse
        with open(filler, "wb") as out:
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError:
                pass
    scheduler = ReminderScheduler(store, discord.deliver, on_health=on_health)
    lags: list[float] = []
    stop = asyncio.Event()

    async def ticker():
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            before = loop.time()
            await asyncio.sleep(0.01)
            lags.append(loop.time() - before - 0.01)

    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    scheduler.start()
    await asyncio.sleep(outage if kind == "full" else 0)
    if kind == "full":
        filler.unlink()
    elif holder is not None:
        await asyncio.to_thread(holder.wait)
    recovered_at = time.perf_counter() - started
    deadline = time.perf_counter() + 90
    while time.perf_counter() < deadline and not all(store.get(r.id).status == Status.SENT for r in reminders):
        await asyncio.sleep(0.05)
    done_at = time.perf_counter() - started
    await asyncio.sleep(0.5)
    stop.set()
    await tick
    await scheduler.stop()
    scheduler.close()
    store.close()
    logging.getLogger("talkbot.reminders").removeHandler(counter)
    once = all(discord.posts.get(r.id) == 1 for r in reminders) and len(discord.by_nonce) == n
    return {
        "scenario": kind,
        "reminders": n,
        "outage_s": round(recovered_at, 1),
        "all_sent_after_s": round(done_at, 1),
        "delivered_exactly_once": once,
        "max_loop_lag_ms": round(max(lags) * 1000, 1),
        "log_lines": len(counter.lines),
        "admin_reports": health,
    }


def _tmpfs(size: str) -> Path | None:
    mount = Path(tempfile.mkdtemp(prefix="talkbot-full-"))
    if shutil.which("mount") and os.geteuid() == 0:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
        if done.returncode == 0:
            return mount
    mount.rmdir()
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=40)
    parser.add_argument("--outage", type=float, default=6.0, help="seconds the database stays unusable")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(asyncio.run(scenario("locked", Path(tmp), args.reminders, args.outage)))
    mount = _tmpfs("2m")
    if mount is None:
        results.append({"scenario": "full", "skipped": "cannot mount a tmpfs (needs root)"})
    else:
        try:
            results.append(asyncio.run(scenario("full", mount, args.reminders, args.outage)))
        finally:
            subprocess.run(["umount", str(mount)], check=False)
            mount.rmdir()
    print(json.dumps(results, indent=2))
    ok = all(
        r.get("skipped") or (r["delivered_exactly_once"] and r["max_loop_lag_ms"] < 100 and r["log_lines"] <= 6)
        for r in results
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
