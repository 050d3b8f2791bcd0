"""Reminder records and recurrence rules: plain values, no I/O."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


class Status(StrEnum):
    PENDING = "pending"  # waiting for its time (or for a retry after a failed delivery)
    SENT = "sent"  # Discord accepted the message (one-off reminders only; recurring ones stay pending)
    MISSED = "missed"  # too late to post after downtime, or failing past the grace period: reported
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Recurrence:
    """A repeating rhythm kept in local wall time, so 8:00 Brussels stays 8:00 across DST.

    ``daily``: every ``interval`` days.
    ``weekly``: every ``interval`` weeks (on ``weekday`` when given: 0 = Monday).
    ``monthly``: the ``nth`` ``weekday`` of every ``interval`` months (``nth=-1``: the last one).
    """

    freq: str
    interval: int = 1
    weekday: int | None = None
    nth: int = 0

    def __post_init__(self) -> None:
        if self.freq not in {"daily", "weekly", "monthly"}:
            raise ValueError(f"unknown frequency {self.freq!r}")
        if not 1 <= self.interval <= 52:
            raise ValueError("the interval must be between 1 and 52")
        if self.freq == "monthly" and (self.nth not in ORDINALS or self.weekday is None):
            raise ValueError("a monthly rhythm needs a weekday and which one (1 to 4, or -1 for the last)")

    def encode(self) -> str:
        """Compact text kept in SQLite: ``daily/1``, ``weekly/2``, ``weekly/2/WE``, ``monthly/1/2WE``."""
        if self.freq == "monthly":
            return f"monthly/{self.interval}/{self.nth}{WEEKDAYS[self.weekday]}"  # type: ignore[index]
        if self.weekday is not None:
            return f"{self.freq}/{self.interval}/{WEEKDAYS[self.weekday]}"
        return f"{self.freq}/{self.interval}"

    @classmethod
    def decode(cls, text: str) -> Recurrence:
        freq, interval, *rest = text.split("/")
        if not rest:
            return cls(freq, int(interval))
        rule = rest[0]
        nth = int(rule[:-2]) if rule[:-2] else 0
        return cls(freq, int(interval), weekday=WEEKDAYS.index(rule[-2:]), nth=nth)

    def describe(self) -> str:
        if self.freq == "daily":
            return "every day" if self.interval == 1 else f"every {self.interval} days"
        if self.freq == "weekly":
            unit = WEEKDAY_NAMES[self.weekday] if self.weekday is not None else "week"
            if self.interval == 1:
                return f"every {unit}"
            if self.interval == 2:
                return f"every second {unit}"
            return f"every {self.interval} weeks" + (f" on {unit}" if self.weekday is not None else "")
        months = "month" if self.interval == 1 else f"{self.interval} months"
        return f"the {ORDINALS[self.nth]} {WEEKDAY_NAMES[self.weekday]} of every {months}"  # type: ignore[index]

    def align(self, local: datetime) -> datetime:
        """The first occurrence at or after ``local`` (moves to the rule's weekday)."""
        if self.weekday is None:
            return local
        if self.freq == "weekly":
            return local + timedelta(days=(self.weekday - local.weekday()) % 7)
        if self.freq == "daily":
            return local
        day = nth_weekday(local.year, local.month, self.nth, self.weekday)
        if day < local.date():
            year, month = _add_months(local.year, local.month, 1)
            day = nth_weekday(year, month, self.nth, self.weekday)
        return datetime.combine(day, local.timetz())

    def following(self, local: datetime) -> datetime:
        """The occurrence after ``local`` (wall time kept)."""
        if self.freq == "daily":
            return local + timedelta(days=self.interval)
        if self.freq == "weekly":
            return local + timedelta(weeks=self.interval)
        year, month = _add_months(local.year, local.month, self.interval)
        return datetime.combine(nth_weekday(year, month, self.nth, self.weekday), local.timetz())  # type: ignore[arg-type]


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> date:
    """The ``nth`` given weekday of a month (``nth=-1``: the last one)."""
    if nth == -1:
        last = calendar.monthrange(year, month)[1]
        day = date(year, month, last)
        return day - timedelta(days=(day.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def next_occurrence(due: datetime, rule: Recurrence, zone: str, after: datetime) -> datetime:
    """The first occurrence of ``rule`` strictly after ``after``, following ``due`` (aware UTC)."""
    tz = ZoneInfo(zone)
    local = due.astimezone(tz).replace(tzinfo=None)  # wall time, so DST shifts keep 8:00 at 8:00
    while True:
        local = rule.following(local)
        moment = local.replace(tzinfo=tz).astimezone(UTC)
        if moment > after:
            return moment


@dataclass(frozen=True)
class Reminder:
    """One reminder. ``due`` is aware UTC; ``retry_at`` postpones it after a failed delivery."""

    id: int | None
    guild_id: int
    channel_id: int
    author_id: int
    due: datetime
    text: str = ""
    event_id: str | None = None  # a knowledge-base talk or event id
    lead: timedelta | None = None  # due = event start - lead, recomputed when the event moves
    role_id: int | None = None
    note: str = ""
    recurrence: Recurrence | None = None
    timezone: str = "Europe/Brussels"  # wall-time zone of the recurrence
    status: Status = Status.PENDING
    nonce: str | None = None  # persisted before sending: a resend after a crash is deduplicated
    retry_at: datetime | None = None
    attempts: int = 0
    last_error: str = ""
    message_id: int | None = None
    sent_at: datetime | None = None
    late: bool = False
    auto_key: str | None = None  # set on automatic reminders: one per event and lead time
    created_at: datetime | None = None
    # Not stored: set by the scheduler when a nonce already existed, i.e. an earlier attempt
    # may have reached Discord (crash or timeout) and the cog should look before resending.
    resend: bool = False

    @property
    def next_attempt(self) -> datetime:
        return self.retry_at or self.due

    @property
    def auto(self) -> bool:
        return self.auto_key is not None

    def with_(self, **changes) -> Reminder:
        return replace(self, **changes)


@dataclass(frozen=True)
class Delivery:
    """One message Discord accepted for a reminder (a recurring one has many)."""

    reminder_id: int
    due: datetime
    nonce: str
    message_id: int
    sent_at: datetime
    late: bool


def to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times inside talkbot are aware")
    return moment.astimezone(UTC)


def combine(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, ZoneInfo(zone)).astimezone(UTC)
