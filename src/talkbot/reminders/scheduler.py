"""One sleeper task waits for the earliest due reminder; an asyncio.Event wakes it early.

The clock and the ``deliver`` callback are injected: tests drive time by hand, the cog posts
to Discord. ``deliver`` returns the id of the message Discord accepted; only then is the
reminder marked sent. The nonce is committed before the first attempt, so a resend after a
crash between "Discord accepted" and "marked sent" is deduplicated by Discord (enforce_nonce).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Protocol

from talkbot.reminders.models import Reminder
from talkbot.reminders.store import ReminderStore
from talkbot.reminders.subscriptions import Kind, Subscription

log = logging.getLogger(__name__)

# Posted more than this after its time, a reminder says it is late.
LATE_AFTER = timedelta(minutes=1)
# Waits after a failed delivery: the channel may come back or the permission be restored.
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
)
# The sleeper re-reads the clock at least this often (suspended machines, clock changes).
MAX_SLEEP = timedelta(hours=1)
# Waits while the database cannot be used (disk full, read-only file, a lock held by another
# process): growing, so a broken disk costs a few log lines and no CPU, and capped, so delivery
# resumes within a minute of the disk recovering.
DB_BACKOFF: tuple[timedelta, ...] = (
    timedelta(seconds=1),
    timedelta(seconds=2),
    timedelta(seconds=5),
    timedelta(seconds=15),
    timedelta(seconds=30),
    timedelta(seconds=60),
)


class Clock(Protocol):
    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class DeliveryFailed(Exception):
    """Discord did not take the message (channel gone, permission lost...): keep and retry."""


Deliver = Callable[[Reminder, bool], Awaitable[int]]
# Sends a member's own reminder (a direct message, or the fallback channel); returns the message id.
DeliverSubscription = Callable[[Subscription, bool], Awaitable[int]]
OnMissed = Callable[[Reminder, str], Awaitable[None]]
# Told once when the database starts failing (the error) and once when it works again (None).
OnHealth = Callable[[str | None], Awaitable[None]]
# Runs one blocking store call and returns its result.
RunDb = Callable[..., Awaitable]

_DB_ERRORS = (sqlite3.Error, OSError)


class _WorkerThread:
    """Every store call of the scheduler on one worker thread: SQLite can block for seconds
    (a lock held elsewhere, a slow disk) and the event loop must keep answering questions."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkbot-reminders-db")

    async def __call__(self, fn: Callable, *args, **kwargs):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    def close(self, last: Callable[[], object]) -> None:
        self._pool.submit(last)
        self._pool.shutdown(wait=False)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkbot-reminders-db")


class ReminderScheduler:
    def __init__(
        self,
        store: ReminderStore,
        deliver: Deliver,
        *,
        clock: Clock | None = None,
        grace: timedelta = timedelta(hours=6),
        on_missed: OnMissed | None = None,
        retry_delays: Sequence[timedelta] = RETRY_DELAYS,
        on_health: OnHealth | None = None,
        run_db: RunDb | None = None,
        db_backoff: Sequence[timedelta] = DB_BACKOFF,
        deliver_subscription: DeliverSubscription | None = None,
    ):
        self.store = store
        # Members' subscriptions share this sleeper: whichever of the two is due first goes first.
        self.deliver_subscription = deliver_subscription
        # Off the loop by default, on a connection of its own (one connection must not be
        # used by two threads at once); tests pass an inline runner to keep time in hand.
        self.run_db: RunDb = run_db or _WorkerThread()
        self._own_db = run_db is None
        self._db: ReminderStore | None = None
        self.on_health = on_health
        self.db_backoff = tuple(db_backoff)
        self.db_error: str | None = None  # set while the database keeps failing
        self.db_failures = 0
        self.deliver = deliver
        self.clock = clock or SystemClock()
        self.grace = grace
        self.on_missed = on_missed
        self.retry_delays = tuple(retry_delays)
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.delivered = 0
        self.missed = 0
        self.failed = 0

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> asyncio.Task:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self.run(), name="talkbot-reminders")
        return self._task

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    @property
    def db(self) -> ReminderStore:
        if self._db is None:
            self._db = self.store.worker() if self._own_db else self.store
        return self._db

    def close(self) -> None:
        """Close the scheduler's own connection (after stop()). Queued behind any call still
        running on the worker thread (a cancelled wait leaves it running), never beside it."""
        if self._db is not None and self._db is not self.store:
            if isinstance(self.run_db, _WorkerThread):
                self.run_db.close(self._db.close)
            else:
                self._db.close()
        self._db = None

    def wake(self) -> None:
        """Call after saving a change: the sleeper re-reads the earliest due reminder."""
        self._wake.set()

    # -- the loop ----------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            # Cleared before reading: a save + wake() after this line is never lost.
            self._wake.clear()
            reminder: Reminder | Subscription | None = None
            try:
                reminder = await self.run_db(self.db.next_pending)
                if self.deliver_subscription is not None:
                    sub = await self.run_db(self.db.next_subscription)
                    if sub is not None and (reminder is None or sub.next_attempt < reminder.next_attempt):
                        reminder = sub
                if reminder is None:
                    await self._healthy()
                    await self._wake.wait()
                    continue
                delay = (reminder.next_attempt - self.clock.now()).total_seconds()
                if delay > 0:
                    await self._sleep_or_wake(min(delay, MAX_SLEEP.total_seconds()))
                    continue
                if isinstance(reminder, Subscription):
                    await self.attempt_subscription(reminder)
                else:
                    await self.attempt(reminder)
                await self._healthy()
            except asyncio.CancelledError:
                raise
            except _DB_ERRORS as exc:
                await self._db_failed(exc)
            except Exception as exc:  # the loop must survive anything, or every reminder stops
                log.exception("reminder %s: unexpected error in the scheduler", getattr(reminder, "id", None))
                if reminder is None or not await self._park(reminder):
                    await self._db_failed(exc)

    async def _park(self, reminder: Reminder | Subscription) -> bool:
        """Set a reminder that broke the scheduler aside, so the others still go out."""
        retry_at = self.clock.now() + self.retry_delays[-1]
        mark = self.db.subscription_failed if isinstance(reminder, Subscription) else self.db.mark_failed
        try:
            await self.run_db(mark, reminder.id, "internal error", retry_at)
        except Exception:
            return False
        return True

    async def _db_failed(self, exc: BaseException) -> None:
        """Back off with growing delays; log and report once when the failing starts."""
        error = f"{type(exc).__name__}: {exc}"[:300]
        self.db_failures += 1
        delay = self.db_backoff[min(self.db_failures - 1, len(self.db_backoff) - 1)]
        if self.db_error is None:
            self.db_error = error
            log.error(
                "reminders paused: the database cannot be used (%s); retrying with growing delays up to %s",
                error,
                self.db_backoff[-1],
            )
            await self._report_health(error)
        else:
            log.debug("reminders still paused (%s); next try in %s", error, delay)
        await self.clock.sleep(delay.total_seconds())

    async def _healthy(self) -> None:
        if self.db_error is None:
            return
        log.warning("reminders resumed: the database works again after %s failed tries", self.db_failures)
        self.db_error, self.db_failures = None, 0
        await self._report_health(None)

    async def _report_health(self, error: str | None) -> None:
        if self.on_health is None:
            return
        try:
            await self.on_health(error)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("could not report the reminders' database state", exc_info=True)

    async def _sleep_or_wake(self, seconds: float) -> None:
        sleeper = asyncio.ensure_future(self.clock.sleep(seconds))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()

    async def attempt(self, reminder: Reminder) -> None:
        """Deliver one due reminder, or report it missed when it is past the grace period."""
        assert reminder.id is not None
        now = self.clock.now()
        overdue = now - reminder.due
        if overdue > self.grace:
            await self._miss(reminder, f"not posted in time (due {reminder.due:%Y-%m-%d %H:%M} UTC)", now)
            return
        late = overdue > LATE_AFTER
        resend = reminder.nonce is not None
        nonce = await self.run_db(self.db.ensure_nonce, reminder.id)  # committed first
        reminder = reminder.with_(nonce=nonce, resend=resend)
        message_id = await self._guarded(f"reminder {reminder.id}", lambda: self.deliver(reminder, late),
                                         lambda error: self._failed(reminder, error, now))
        if message_id is None:
            return
        await self.run_db(self.db.mark_sent, reminder, message_id, self.clock.now(), late=late)
        self.delivered += 1
        log.info("reminder %s delivered%s as message %s", reminder.id, " late" if late else "", message_id)

    async def _guarded(self, what: str, send: Callable[[], Awaitable[int]],
                       failed: Callable[[str], Awaitable[None]]) -> int | None:
        """The message id of a delivery, or None after handing its error to ``failed``: a refusal
        by Discord (DeliveryFailed) or any other error, logged; never a crash of the loop."""
        try:
            return await send()
        except DeliveryFailed as exc:
            await failed(str(exc) or type(exc).__name__)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("%s: delivery raised", what)
            await failed(f"unexpected error: {type(exc).__name__}")
        return None

    async def _failed(self, reminder: Reminder, error: str, now: datetime) -> None:
        self.failed += 1
        delay = self.retry_delays[min(reminder.attempts, len(self.retry_delays) - 1)]
        retry_at = now + delay
        log.warning("reminder %s: delivery failed (%s); next try at %s", reminder.id, error, retry_at)
        if retry_at - reminder.due > self.grace:
            # Kept as missed, with the error, and reported: never silently dropped.
            await self._miss(reminder, f"delivery kept failing: {error}", now)
            return
        await self.run_db(self.db.mark_failed, reminder.id, error, retry_at)

    async def _miss(self, reminder: Reminder, reason: str, now: datetime) -> None:
        self.missed += 1
        updated = await self.run_db(self.db.mark_missed, reminder, reason, now)
        log.warning("reminder %s missed: %s", reminder.id, reason)
        if self.on_missed is not None:
            try:
                await self.on_missed(updated, reason)
            except Exception:
                log.exception("reminder %s: could not report the missed reminder", reminder.id)

    # -- members' subscriptions ----------------------------------------------------------------

    async def attempt_subscription(self, sub: Subscription) -> None:
        """Send one member's reminder: claimed ("sending", with its nonce) first, forgotten once
        Discord accepted it. Past the grace period it is dropped (a late reminder helps nobody)."""
        assert sub.id is not None and self.deliver_subscription is not None
        now = self.clock.now()
        overdue = now - sub.due
        if sub.kind == Kind.REMIND and overdue > self.grace:
            self.missed += 1
            log.warning("subscription %s for %s missed (due %s)", sub.id, sub.item_id, sub.due)
            await self.run_db(self.db.drop_subscription, sub.id)
            return
        late = sub.kind == Kind.REMIND and overdue > LATE_AFTER
        claimed = await self.run_db(self.db.claim_subscription, sub.id)  # committed first
        if claimed is None:  # cancelled meanwhile
            return
        message_id = await self._guarded(f"subscription {sub.id}", lambda: self.deliver_subscription(claimed, late),
                                         lambda error: self._subscription_failed(claimed, error, now))
        if message_id is None:
            return
        await self.run_db(self.db.subscription_sent, claimed)
        self.delivered += 1
        log.info("subscription %s delivered%s as message %s", sub.id, " late" if late else "", message_id)

    async def _subscription_failed(self, sub: Subscription, error: str, now: datetime) -> None:
        self.failed += 1
        retry_at = now + self.retry_delays[min(sub.attempts, len(self.retry_delays) - 1)]
        log.warning("subscription %s: delivery failed (%s); next try at %s", sub.id, error, retry_at)
        if retry_at - sub.due > self.grace:
            self.missed += 1
            await self.run_db(self.db.drop_subscription, sub.id)
            return
        await self.run_db(self.db.subscription_failed, sub.id, error, retry_at)
