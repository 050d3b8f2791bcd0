"""The scheduler with a clock moved by hand: no real sleeps."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

import talkbot.reminders.store as reminder_store_module
from reminder_fixtures import NOW, FakeClock, inline_db, settle
from talkbot.db import connect
from talkbot.reminders import DeliveryFailed, Recurrence, Reminder, ReminderScheduler, ReminderStore, Status

GRACE = timedelta(hours=6)


class FakeDiscord:
    """Accepts messages, dedupes by nonce like enforce_nonce, can be told to refuse."""

    def __init__(self):
        self.messages: dict[str, int] = {}
        self.posts: list[tuple[int, bool]] = []
        self.refuse: str | None = None

    async def deliver(self, reminder: Reminder, late: bool) -> int:
        if self.refuse:
            raise DeliveryFailed(self.refuse)
        self.posts.append((reminder.id, late))
        return self.messages.setdefault(reminder.nonce, 1000 + len(self.messages))


@pytest.fixture
async def setup(tmp_path):
    store = ReminderStore.open(tmp_path / "db.sqlite3")
    clock = FakeClock()
    discord = FakeDiscord()
    missed: list[tuple[int, str]] = []

    async def on_missed(reminder, reason):
        missed.append((reminder.id, reason))

    scheduler = ReminderScheduler(
        store, discord.deliver, clock=clock, grace=GRACE, on_missed=on_missed, run_db=inline_db
    )
    yield store, clock, discord, scheduler, missed
    await scheduler.stop()
    store.close()


def add(store, minutes, **kw):
    return store.add(Reminder(None, 1, 10, 7, NOW + timedelta(minutes=minutes), **kw), NOW)


async def test_delivers_at_its_time_not_before(setup):
    store, clock, discord, scheduler, _ = setup
    r = add(store, 60)
    scheduler.start()
    await settle()
    assert clock.sleeping == 1 and discord.posts == []
    await clock.advance(timedelta(minutes=59))
    assert discord.posts == []
    await clock.advance(timedelta(minutes=1))
    assert discord.posts == [(r.id, False)]
    assert store.get(r.id).status == Status.SENT


async def test_an_earlier_reminder_wakes_the_single_sleeper(setup):
    store, clock, discord, scheduler, _ = setup
    later = add(store, 120)
    scheduler.start()
    await settle()
    earlier = add(store, 10)  # save first ...
    scheduler.wake()  # ... then wake
    await settle()
    assert clock.sleeping == 1  # still one sleeper, now for the earlier one
    await clock.advance(timedelta(minutes=10))
    assert discord.posts == [(earlier.id, False)]
    await clock.advance(timedelta(minutes=110))
    assert discord.posts == [(earlier.id, False), (later.id, False)]


async def test_idle_scheduler_waits_for_a_wake(setup):
    store, clock, discord, scheduler, _ = setup
    scheduler.start()
    await settle()
    assert clock.sleeping == 0
    r = add(store, 0)
    scheduler.wake()
    await settle()
    assert discord.posts == [(r.id, False)]


async def test_after_downtime_overdue_reminders_are_late_or_missed(setup):
    store, _, discord, scheduler, missed = setup
    recent = add(store, -60)  # an hour overdue: within the grace
    old = add(store, -60 * 24)  # a day overdue: reported, not posted
    scheduler.start()
    await settle()
    assert discord.posts == [(recent.id, True)]
    assert store.get(recent.id).late
    assert store.get(old.id).status == Status.MISSED
    assert [m[0] for m in missed] == [old.id]


async def test_failed_delivery_is_kept_with_its_error_and_retried(setup):
    store, clock, discord, scheduler, missed = setup
    r = add(store, 0)
    discord.refuse = "Missing Access"
    scheduler.start()
    await settle()
    kept = store.get(r.id)
    assert (kept.status, kept.last_error, kept.attempts) == (Status.PENDING, "Missing Access", 1)
    nonce = kept.nonce
    discord.refuse = None
    await clock.advance(timedelta(minutes=1))
    done = store.get(r.id)
    assert done.status == Status.SENT and done.nonce == nonce
    assert missed == []


async def test_delivery_failing_past_the_grace_is_reported_as_missed(setup):
    store, clock, discord, scheduler, missed = setup
    r = add(store, 0)
    discord.refuse = "Unknown Channel"
    scheduler.start()
    for _ in range(12):
        await clock.advance(timedelta(hours=1))
    assert store.get(r.id).status == Status.MISSED
    assert "Unknown Channel" in store.get(r.id).last_error
    assert [m[0] for m in missed] == [r.id]
    assert discord.posts == []


async def test_unexpected_errors_do_not_stop_the_loop(setup):
    store, _, _, scheduler, _ = setup
    calls = []

    async def flaky(reminder, late):
        calls.append(reminder.id)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return 1

    scheduler.deliver = flaky
    bad = add(store, 0)
    good = add(store, 0)
    scheduler.start()
    await settle()
    assert store.get(good.id).status == Status.SENT
    assert store.get(bad.id).status == Status.PENDING and "RuntimeError" in store.get(bad.id).last_error


async def test_recurring_reminder_fires_every_time(setup):
    store, clock, discord, scheduler, _ = setup
    r = add(store, 10, recurrence=Recurrence("daily"))
    scheduler.start()
    await clock.advance(timedelta(minutes=10))
    for _ in range(2):
        await clock.advance(timedelta(days=1))
    assert [p[0] for p in discord.posts] == [r.id] * 3
    assert len(store.deliveries(r.id)) == 3
    assert len({d.nonce for d in store.deliveries(r.id)}) == 3


async def test_a_crash_between_send_and_mark_reuses_the_nonce(setup, tmp_path):
    store, clock, discord, scheduler, _ = setup
    r = add(store, 0)

    async def crash(reminder, late):
        await discord.deliver(reminder, late)  # Discord accepted ...
        raise SystemExit  # ... and the process died before marking

    scheduler.deliver = crash
    with pytest.raises(SystemExit):
        await scheduler.attempt(store.next_pending())
    # Restart: a new scheduler on the same database resends with the same nonce.
    again = ReminderScheduler(store, discord.deliver, clock=clock, grace=GRACE, run_db=inline_db)
    await again.attempt(store.next_pending())
    assert len(discord.messages) == 1 and len(discord.posts) == 2
    assert store.get(r.id).message_id == next(iter(discord.messages.values()))


async def test_recurring_reminder_missed_during_downtime_skips_to_the_next(setup):
    store, clock, discord, scheduler, missed = setup
    r = add(store, 10, recurrence=Recurrence("daily"))
    await clock.advance(timedelta(days=1))  # the bot was down
    scheduler.start()
    await settle()
    assert discord.posts == [] and [m[0] for m in missed] == [r.id]
    assert store.get(r.id).status == Status.PENDING
    assert store.get(r.id).due == NOW + timedelta(days=1, minutes=10)


async def test_stop_and_restart(setup):
    store, _, discord, scheduler, _ = setup
    scheduler.start()
    await settle()
    await scheduler.stop()
    r = add(store, 0)
    scheduler.start()
    await settle()
    assert discord.posts == [(r.id, False)]


# -- a database that cannot be written (disk full, read-only file, a lock held elsewhere) ------


class BrokenDisk(ReminderStore):
    """Writes fail like a full disk while ``full`` is set; reads still work, as they do then."""

    full = False

    @contextmanager
    def _tx(self):
        if self.full:
            raise sqlite3.OperationalError("database or disk is full")
        with super()._tx():
            yield


async def test_a_full_disk_backs_off_reports_once_and_delivers_after_recovery(tmp_path, caplog):
    store = BrokenDisk(connect(tmp_path / "db.sqlite3"))
    clock, discord, health = FakeClock(), FakeDiscord(), []

    async def on_health(error):
        health.append(error)

    scheduler = ReminderScheduler(store, discord.deliver, clock=clock, grace=GRACE, on_health=on_health, run_db=inline_db)
    due = [add(store, 0), add(store, 0), add(store, 5)]
    BrokenDisk.full = True
    try:
        with caplog.at_level(logging.INFO, logger="talkbot.reminders"):
            scheduler.start()
            await settle()
            # Waiting, not spinning: one sleeper (the back-off), and the loop turns.
            assert clock.sleeping == 1 and discord.posts == []
            for _ in range(30):  # 30 minutes of a full disk
                await clock.advance(timedelta(minutes=1))
            assert discord.posts == []
            assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
            assert health == ["OperationalError: database or disk is full"]
            BrokenDisk.full = False
            await clock.advance(timedelta(minutes=1))  # the longest back-off
            await settle()
        assert sorted(p[0] for p in discord.posts) == sorted(r.id for r in due)  # each exactly once
        assert all(store.get(r.id).status == Status.SENT for r in due)
        assert health == ["OperationalError: database or disk is full", None]
        assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 2
    finally:
        BrokenDisk.full = False
        await scheduler.stop()
        store.close()


async def test_a_crash_of_the_disk_after_discord_accepted_posts_once(tmp_path):
    store = BrokenDisk(connect(tmp_path / "db.sqlite3"))
    clock, discord = FakeClock(), FakeDiscord()
    scheduler = ReminderScheduler(store, discord.deliver, clock=clock, grace=GRACE, run_db=inline_db)
    r = add(store, 0)

    async def accepted_then_disk_full(reminder, late):
        message = await discord.deliver(reminder, late)
        BrokenDisk.full = True  # mark_sent will fail
        return message

    scheduler.deliver = accepted_then_disk_full
    try:
        scheduler.start()
        await settle()
        assert store.get(r.id).status == Status.PENDING
        BrokenDisk.full = False
        scheduler.deliver = discord.deliver
        await clock.advance(timedelta(seconds=1))
        assert store.get(r.id).status == Status.SENT
        assert len(discord.messages) == 1  # the resend reused the nonce: Discord kept one message
    finally:
        BrokenDisk.full = False
        await scheduler.stop()
        store.close()


async def test_a_held_lock_never_blocks_the_event_loop(tmp_path, monkeypatch):
    """Real threads and a real clock: another process holds the write lock for a second."""
    monkeypatch.setattr(reminder_store_module, "WORKER_BUSY_MS", 200)
    path = tmp_path / "db.sqlite3"
    store = ReminderStore.open(path)
    r = store.add(Reminder(None, 1, 10, 7, datetime.now(UTC) - timedelta(seconds=1)))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    discord = FakeDiscord()
    backoff = [timedelta(milliseconds=100)]
    scheduler = ReminderScheduler(store, discord.deliver, grace=GRACE, db_backoff=backoff)
    lags: list[float] = []

    async def ticker():
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.01)
            lags.append(loop.time() - before - 0.01)

    tick = asyncio.create_task(ticker())
    try:
        scheduler.start()
        await asyncio.sleep(1.0)
        assert discord.posts == [] and scheduler.db_error is not None
        other.execute("ROLLBACK")
        for _ in range(100):
            if discord.posts:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        assert discord.posts == [(r.id, False)]
        assert max(lags) < 0.1
    finally:
        tick.cancel()
        await scheduler.stop()
        scheduler.close()
        other.close()
        store.close()
