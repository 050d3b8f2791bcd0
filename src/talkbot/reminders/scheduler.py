"""One sleeper task waits for the earliest due reminder; an asyncio.Event wakes it early.

The clock and the ``deliver`` callback are injected: tests drive time by hand, the cog posts
to Discord. ``deliver`` returns the id of the message Discord accepted; only then is the
reminder marked sent. The nonce is committed before the first attempt, so a resend after a
crash between "Discord accepted" and "marked sent" is deduplicated by Discord (enforce_nonce).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from talkbot.reminders.models import Reminder
from talkbot.reminders.store import ReminderStore

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
OnMissed = Callable[[Reminder, str], Awaitable[None]]


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
    ):
        self.store = store
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

    def wake(self) -> None:
        """Call after saving a change: the sleeper re-reads the earliest due reminder."""
        self._wake.set()

    # -- the loop ----------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            # Cleared before reading: a save + wake() after this line is never lost.
            self._wake.clear()
            reminder = self.store.next_pending()
            if reminder is None:
                await self._wake.wait()
                continue
            delay = (reminder.next_attempt - self.clock.now()).total_seconds()
            if delay > 0:
                await self._sleep_or_wake(min(delay, MAX_SLEEP.total_seconds()))
                continue
            try:
                await self.attempt(reminder)
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must survive anything, or every reminder stops
                log.exception("reminder %s: unexpected error in the scheduler", reminder.id)
                with contextlib.suppress(Exception):
                    self.store.mark_failed(reminder.id, "internal error", self.clock.now() + self.retry_delays[-1])

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
        reminder = reminder.with_(nonce=self.store.ensure_nonce(reminder.id), resend=resend)  # committed first
        try:
            message_id = await self.deliver(reminder, late)
        except DeliveryFailed as exc:
            await self._failed(reminder, str(exc) or type(exc).__name__, now)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("reminder %s: delivery raised", reminder.id)
            await self._failed(reminder, f"unexpected error: {type(exc).__name__}", now)
            return
        self.store.mark_sent(reminder, message_id, self.clock.now(), late=late)
        self.delivered += 1
        log.info("reminder %s delivered%s as message %s", reminder.id, " late" if late else "", message_id)

    async def _failed(self, reminder: Reminder, error: str, now: datetime) -> None:
        self.failed += 1
        delay = self.retry_delays[min(reminder.attempts, len(self.retry_delays) - 1)]
        retry_at = now + delay
        log.warning("reminder %s: delivery failed (%s); next try at %s", reminder.id, error, retry_at)
        if retry_at - reminder.due > self.grace:
            # Kept as missed, with the error, and reported: never silently dropped.
            await self._miss(reminder, f"delivery kept failing: {error}", now)
            return
        self.store.mark_failed(reminder.id, error, retry_at)  # type: ignore[arg-type]

    async def _miss(self, reminder: Reminder, reason: str, now: datetime) -> None:
        self.missed += 1
        updated = self.store.mark_missed(reminder, reason, now)
        log.warning("reminder %s missed: %s", reminder.id, reason)
        if self.on_missed is not None:
            try:
                await self.on_missed(updated, reason)
            except Exception:
                log.exception("reminder %s: could not report the missed reminder", reminder.id)
