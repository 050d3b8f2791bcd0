"""The knowledge base as plain, frozen records. No I/O here: see ``loader``.

Records have slots: a knowledge base of 10,000 talks holds half a million of them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record's facts come from (a page, a summary, a recording)."""

    title: str
    url: str = ""
    file: str = ""


@dataclass(frozen=True, slots=True)
class Point:
    """One statement inside a section; ``by`` names the people it is attributed to."""

    text: str
    by: tuple[str, ...] = ()
    line: int = 0
    questions: tuple[str, ...] = ()  # other ways people ask for it (docs/knowledge.md)


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    points: tuple[Point, ...]
    speakers: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Appearance:
    """A person's part in one talk: their role and organisation at that time."""

    person: str
    role: str = ""
    organisation: str = ""
    part: str = ""
    line: int = 0

    @property
    def affiliation(self) -> str:
        return ", ".join(x for x in (self.role, self.organisation) if x)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: str
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    line: int = 0
    path: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: an abbreviation or name the community uses."""

    term: str
    stands_for: str = ""
    description: str = ""
    aliases: tuple[str, ...] = ()
    line: int = 0
    path: str = ""
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """When something happens: a date, optionally a time span in an IANA time zone."""

    start_date: date
    end_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    timezone: str = "Europe/Brussels"

    # cached: schedules are frozen, and sorting thousands of talks by start must not rebuild
    # an aware datetime at every comparison
    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def start(self) -> datetime:
        """Aware start; midnight local time when no time is known."""
        return datetime.combine(self.start_date, self.start_time or time(0), self.zone)

    @cached_property
    def end(self) -> datetime:
        """Aware end; the end of the last day when no end time is known."""
        last = self.end_date or self.start_date
        if self.end_time is not None:
            return datetime.combine(last, self.end_time, self.zone)
        if self.start_time is not None and self.end_date is None:
            return self.start + timedelta(hours=1)
        return datetime.combine(last + timedelta(days=1), time(0), self.zone)

    @property
    def has_time(self) -> bool:
        return self.start_time is not None


@dataclass(frozen=True, slots=True)
class Talk:
    id: str
    title: str
    schedule: Schedule
    summary: str
    speakers: tuple[Appearance, ...] = ()
    moderators: tuple[Appearance, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    key_messages: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    organiser: str = ""
    format: str = ""
    announced_time: str = ""
    registration: str = ""
    recording: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    path: str = ""
    line: int = 0
    questions: tuple[str, ...] = ()
    status: str = "scheduled"  # or "cancelled", "postponed" (knowledge.schema.TALK_STATUSES)
    status_reason: str = ""

    @property
    def called_off(self) -> bool:
        """Cancelled or postponed: it will not take place as dated."""
        return self.status != "scheduled"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def status_note(self) -> str:
        """'Cancelled: the speaker fell ill.' for a talk called off; '' when it is on."""
        if not self.called_off:
            return ""
        reason = self.status_reason.rstrip()
        if reason and reason[-1] not in ".!?":
            reason += "."
        return f"{self.status.capitalize()}: {reason}" if reason else f"{self.status.capitalize()}."

    @property
    def date(self) -> date:
        return self.schedule.start_date

    @property
    def people(self) -> tuple[Appearance, ...]:
        return self.moderators + self.speakers


@dataclass(frozen=True, slots=True)
class Event:
    """Something announced to the community: a conference, a matchmaking event, a deadline."""

    id: str
    title: str
    kind: str
    schedule: Schedule
    description: str = ""
    location: str = ""
    online: bool = False
    announced_in: tuple[str, ...] = ()
    url: str = ""
    aliases: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    questions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Series:
    """The EU Clusters Talks series itself: rhythm, format, audience, registration."""

    id: str
    name: str
    summary: str
    sections: tuple[Section, ...] = ()
    organiser: str = ""
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Check:
    """A question with what a right answer must contain (knowledge/checks.yaml): the quality gate."""

    question: str
    must: tuple[tuple[str, ...], ...] = ()  # every group needs one of its alternatives
    answerable: bool = True  # False: the right reply declines
    now: datetime | None = None  # when it is asked (for "next talk" questions)
    id: str = ""
    path: str = ""
    line: int = 0

    @property
    def name(self) -> str:
        return self.id or self.question


@dataclass(frozen=True)
class KnowledgeBase:
    series: tuple[Series, ...] = ()
    talks: tuple[Talk, ...] = ()
    people: tuple[Person, ...] = ()
    events: tuple[Event, ...] = ()
    terms: tuple[Term, ...] = ()
    files: tuple[str, ...] = field(default=(), compare=False)
    checks: tuple[Check, ...] = field(default=(), compare=False)

    def talk(self, talk_id: str) -> Talk | None:
        return next((t for t in self.talks if t.id == talk_id), None)

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)

    @cached_property
    def talks_by_start(self) -> tuple[Talk, ...]:
        """Every talk, oldest first: sorted once per knowledge base."""
        return tuple(sorted(self.talks, key=lambda t: t.schedule.start))

    @cached_property
    def _appearances(self) -> dict[str, list[tuple[Talk, Appearance]]]:
        found: dict[str, list[tuple[Talk, Appearance]]] = {}
        for talk in self.talks_by_start:
            for appearance in talk.people:
                found.setdefault(appearance.person, []).append((talk, appearance))
        return found

    def talks_of(self, person_id: str) -> list[tuple[Talk, Appearance]]:
        """Every talk the person took part in, oldest first, with their part in it."""
        return list(self._appearances.get(person_id, ()))

    @cached_property
    def _timeline(self) -> tuple[list[Talk | Event], list[float], float]:
        """Talks and events by start, their start times, and the longest duration."""
        items: list[Talk | Event] = sorted([*self.talks, *self.events], key=lambda i: i.schedule.start)
        starts = [i.schedule.start.timestamp() for i in items]
        longest = max((i.schedule.end.timestamp() - s for i, s in zip(items, starts, strict=True)), default=0.0)
        return items, starts, longest

    def _split(self, now: datetime) -> tuple[list[Talk | Event], list[Talk | Event]]:
        """(ended, not ended) at ``now``, both by start; only the last few can still be running."""
        items, starts, longest = self._timeline
        cut = bisect_right(starts, now.timestamp())
        recent = bisect_left(starts, now.timestamp() - longest, 0, cut)
        running = [i for i in items[recent:cut] if i.schedule.end > now]
        ended = items[:recent] + [i for i in items[recent:cut] if i.schedule.end <= now]
        return ended, running + items[cut:]

    def upcoming(self, now: datetime) -> list[Talk | Event]:
        """Talks and events that have not ended yet, soonest first."""
        return self._split(now)[1]

    def past(self, now: datetime) -> list[Talk | Event]:
        """Talks and events that have ended, most recent first."""
        return self._split(now)[0][::-1]

    def summary(self) -> str:
        return (
            f"{len(self.talks)} talks, {len(self.people)} people, {len(self.events)} events, "
            f"{len(self.terms)} glossary terms in {len(self.files)} files"
        )
