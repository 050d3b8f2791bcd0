"""Reading what moderators type: "when" (a lead time or a date-time) and "repeat" (a rhythm)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from talkbot.config import parse_duration
from talkbot.errors import ConfigError, ReminderError
from talkbot.reminders.models import WEEKDAY_NAMES, Recurrence

DEFAULT_ZONE = "Europe/Brussels"  # the Talks' own zone: a time without a zone is Brussels time
MAX_AHEAD = timedelta(days=3 * 365)

_DURATION = re.compile(r"^(?:in\s+)?((?:\d+\s*[smhdw]\s*)+)(?:\s*before)?$", re.I)
_DATETIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2}|today|tomorrow)[ t]+(?P<time>\d{1,2}[:h.]\d{2})(?::(?P<sec>\d{2}))?"
    r"\s*(?P<zone>z|utc|[+-]\d{2}:?\d{2}|[a-z_]+(?:/[a-z0-9_+-]+){1,2})?$",
    re.I,
)
_ZONE_ALIASES = {"brussels": DEFAULT_ZONE, "utc": "UTC", "z": "UTC", "gmt": "UTC"}


@dataclass(frozen=True)
class When:
    """A parsed "when": the due time (aware UTC) and the lead before the event, if any."""

    due: datetime
    lead: timedelta | None = None
    zone: str = DEFAULT_ZONE


def parse_zone(name: str | None) -> tuple[str, timezone | ZoneInfo]:
    if not name:
        return DEFAULT_ZONE, ZoneInfo(DEFAULT_ZONE)
    key = name.strip()
    if key.lower() in _ZONE_ALIASES:
        key = _ZONE_ALIASES[key.lower()]
        return key, ZoneInfo(key)
    if key[0] in "+-":
        digits = key[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return DEFAULT_ZONE, timezone(-offset if key[0] == "-" else offset)
    if key.upper() in {"CET", "CEST"}:
        raise ReminderError("write the zone as Europe/Brussels (it switches between CET and CEST by itself)")
    try:
        # Accept any capitalisation (europe/brussels) by matching the canonical name.
        canonical = "/".join(part[:1].upper() + part[1:] for part in key.split("/"))
        return canonical, ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError):
        try:
            return key, ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            raise ReminderError(f"unknown time zone {name!r}: use an IANA name like Europe/Brussels") from None


def parse_when(text: str, *, now: datetime, event_start: datetime | None = None) -> When:
    """``1d``, ``2h``, ``30m``, ``1h30m`` before the event (or from now without an event),
    or an absolute ``2026-12-02 08:00 Europe/Brussels`` / ``2026-12-02T07:00Z`` / ``tomorrow 8:00``.
    """
    value = " ".join(text.strip().split())
    if not value:
        raise ReminderError("say when: a lead time like 1d, 2h, 30m or a date-time like 2026-12-02 08:00")
    match = _DURATION.match(value)
    if match:
        try:
            lead = parse_duration(match.group(1))
        except ConfigError as exc:
            raise ReminderError(str(exc)) from None
        if event_start is not None:
            result = When(event_start.astimezone(UTC) - lead, lead)
        else:
            result = When(now.astimezone(UTC) + lead)
    else:
        result = _absolute(value, now)
    if result.due <= now:
        raise ReminderError(f"that time has already passed ({result.due:%Y-%m-%d %H:%M} UTC)")
    if result.due - now > MAX_AHEAD:
        raise ReminderError("that is more than three years away")
    return result


def _absolute(value: str, now: datetime) -> When:
    iso = value.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        moment = None
    if moment is not None and moment.tzinfo is not None:
        return When(moment.astimezone(UTC), zone=DEFAULT_ZONE)
    match = _DATETIME.match(value)
    if not match:
        raise ReminderError(
            f"not a time I understand: {value!r}. Use a lead time (1d, 2h, 30m) or a date-time with a zone "
            "(2026-12-02 08:00 Europe/Brussels)"
        )
    zone_name, tz = parse_zone(match.group("zone"))
    hour, minute = (int(p) for p in re.split(r"[:h.]", match.group("time")))
    if hour > 23 or minute > 59:
        raise ReminderError(f"not a time of day: {match.group('time')}")
    local_today = now.astimezone(tz).date()
    day_text = match.group("date").lower()
    if day_text == "today":
        day = local_today
    elif day_text == "tomorrow":
        day = local_today + timedelta(days=1)
    else:
        try:
            day = datetime.strptime(day_text, "%Y-%m-%d").date()
        except ValueError:
            raise ReminderError(f"not a date: {day_text}") from None
    moment = datetime.combine(day, time(hour, minute, int(match.group("sec") or 0)), tz)
    return When(moment.astimezone(UTC), zone=zone_name)


_ORDINAL_WORDS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "other": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "last": -1,
}  # fmt: skip
_DAY_WORDS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)} | {
    name.lower()[:3]: i for i, name in enumerate(WEEKDAY_NAMES)
}


def parse_recurrence(text: str | None, first: datetime | None = None) -> Recurrence | None:
    """``daily``, ``weekly``, ``every 2 weeks``, ``every second wednesday`` (every two weeks),
    ``monthly`` (same weekday of the month as ``first``), ``second wednesday of the month``.
    """
    value = " ".join((text or "").lower().replace(",", " ").split())
    if value in {"", "none", "no", "never", "once"}:
        return None
    words = [w for w in value.split() if w not in {"every", "on", "the", "at", "of", "each", "a"}]
    day = next((_DAY_WORDS[w.rstrip("s")] for w in words if w.rstrip("s") in _DAY_WORDS), None)
    ordinal = next((_ORDINAL_WORDS[w] for w in words if w in _ORDINAL_WORDS), None)
    number = next((int(w) for w in words if w.isdigit()), None)
    try:
        if "month" in value or "monthly" in words:
            if day is None or ordinal is None:
                if first is None:
                    raise ReminderError("say which weekday of the month, e.g. 'second wednesday of the month'")
                day = first.weekday() if day is None else day
                ordinal = (first.day - 1) // 7 + 1 if ordinal is None else ordinal
                if ordinal == 5:
                    ordinal = -1
            return Recurrence("monthly", number or 1, weekday=day, nth=ordinal)
        if value in {"daily", "every day"} or "day" in words or "days" in words:
            return Recurrence("daily", number or 1)
        if {"biweekly", "fortnightly", "fortnight"} & set(words):
            return Recurrence("weekly", 2, weekday=day)
        if "weekly" in words or "week" in words or "weeks" in words or day is not None:
            interval = number or (2 if ordinal == 2 else 1)
            if ordinal not in (None, 2) and number is None:
                raise ReminderError("for a monthly rhythm say 'of the month', e.g. 'first monday of the month'")
            return Recurrence("weekly", interval, weekday=day)
    except ValueError as exc:
        raise ReminderError(str(exc)) from None
    raise ReminderError(
        f"not a rhythm I understand: {text!r}. Try 'weekly', 'every 2 weeks', 'every second wednesday' "
        "or 'second wednesday of the month'"
    )


def first_occurrence(due: datetime, rule: Recurrence | None, zone: str) -> datetime:
    """Move a recurring reminder's first time onto the rhythm's weekday (wall time kept)."""
    if rule is None:
        return due
    tz = ZoneInfo(zone)
    local = due.astimezone(tz).replace(tzinfo=None)
    return rule.align(local).replace(tzinfo=tz).astimezone(UTC)
