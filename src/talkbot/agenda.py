"""What's on: the next talk or event, pages of events, and how to show them. No Discord here.

Uses ``KnowledgeBase.upcoming`` / ``.past`` like the answering engine, so ``/next`` and
"when is the next talk?" always agree. Times become Discord timestamps (``<t:UNIX:F>``), which
every reader sees in their own time zone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from talkbot.knowledge.models import Event, KnowledgeBase, Talk

Item = Talk | Event

EVENTS_PER_PAGE = 5
# Items known only by their date are reminded about as if they started at 9:00 local time:
# "1h before" a deadline day should not fire at 23:00 the evening before.
DATE_ONLY_ANCHOR = time(9, 0)


def discord_time(moment: datetime, style: str = "F") -> str:
    """``<t:UNIX:STYLE>``: F full date-time, R relative, D date, t short time."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def find_item(kb: KnowledgeBase, item_id: str) -> Item | None:
    return kb.talk(item_id) or kb.event(item_id)


def kind_of(item: Item) -> str:
    return "talk" if isinstance(item, Talk) else (item.kind or "event")


def anchor(item: Item) -> datetime:
    """The moment lead times count back from."""
    schedule = item.schedule
    if schedule.has_time:
        return schedule.start
    return datetime.combine(schedule.start_date, DATE_ONLY_ANCHOR, schedule.zone)


def when_text(item: Item) -> str:
    note = f"\n{status_of(item)}" if status_of(item) else ""
    schedule = item.schedule
    if schedule.has_time:
        return f"{discord_time(schedule.start, 'F')} ({discord_time(schedule.start, 'R')}){note}"
    start = anchor(item)
    if schedule.end_date and schedule.end_date != schedule.start_date:
        last = datetime.combine(schedule.end_date, DATE_ONLY_ANCHOR, schedule.zone)
        return f"{discord_time(start, 'D')} – {discord_time(last, 'D')} ({discord_time(start, 'R')}){note}"
    return f"{discord_time(start, 'D')} ({discord_time(start, 'R')}){note}"


def status_of(item: Item) -> str:
    """'Cancelled: reason.' for a talk called off, '' otherwise (events have no status)."""
    return item.status_note if isinstance(item, Talk) else ""


def called_off(item: Item) -> bool:
    """A talk cancelled or postponed: no reminders and no Discord event for its old date."""
    return isinstance(item, Talk) and item.called_off


def where_text(item: Item) -> str:
    if isinstance(item, Talk):
        parts = [item.format or "Online webinar"]
        if item.registration:
            parts.append(f"Registration: {item.registration}")
        return "\n".join(parts)
    parts = []
    if item.location:
        parts.append(item.location)
    if item.online:
        parts.append("Online")
    if item.url:
        parts.append(item.url)
    return "\n".join(parts)


def speaker_names(item: Item, kb: KnowledgeBase) -> list[str]:
    if not isinstance(item, Talk):
        return []
    names = []
    for appearance in item.speakers:
        person = kb.person(appearance.person)
        name = person.name if person else appearance.person
        names.append(f"{name} ({appearance.affiliation})" if appearance.affiliation else name)
    return names


def description_of(item: Item) -> str:
    return item.summary if isinstance(item, Talk) else item.description


def link_of(item: Item) -> str:
    if isinstance(item, Event):
        return item.url
    return next((s.url for s in item.sources if s.url), "")


@dataclass(frozen=True)
class Card:
    """Everything a cog needs to show one talk or event."""

    id: str
    title: str
    kind: str
    when: str
    where: str
    speakers: tuple[str, ...]
    description: str
    url: str
    start: datetime
    end: datetime


def card(item: Item, kb: KnowledgeBase) -> Card:
    return Card(
        id=item.id,
        title=item.title,
        kind=kind_of(item),
        when=when_text(item),
        where=where_text(item),
        speakers=tuple(speaker_names(item, kb)),
        description=description_of(item),
        url=link_of(item),
        start=item.schedule.start,
        end=item.schedule.end,
    )


@dataclass(frozen=True)
class NextResult:
    item: Item | None
    upcoming: bool


def next_item(kb: KnowledgeBase, now: datetime) -> NextResult:
    """The next talk or event; with nothing upcoming, the latest past one (``upcoming=False``)."""
    # a cancelled talk is not the next one; a postponed one is shown with its status
    upcoming = [i for i in kb.upcoming(now) if not (isinstance(i, Talk) and i.cancelled)]
    if upcoming:
        return NextResult(upcoming[0], True)
    past = kb.past(now)
    return NextResult(past[0] if past else None, False)


@dataclass(frozen=True)
class Page:
    items: tuple[Item, ...]
    number: int  # 0-based
    count: int  # at least 1
    total: int


def events_page(kb: KnowledgeBase, now: datetime, number: int = 0, *, past: bool = False,
                per_page: int = EVENTS_PER_PAGE) -> Page:
    """Upcoming items soonest first, or past ones most recent first."""
    items = kb.past(now) if past else kb.upcoming(now)
    count = max(1, -(-len(items) // per_page))
    number = min(max(number, 0), count - 1)
    return Page(tuple(items[number * per_page:(number + 1) * per_page]), number, count, len(items))


def line_of(item: Item) -> str:
    """One line of /events: title, kind and when."""
    return f"**{item.title}** · {kind_of(item)}\n{when_text(item)}"


def autocomplete(kb: KnowledgeBase, now: datetime, typed: str, limit: int = 25) -> list[tuple[str, str]]:
    """(label, id) of upcoming items matching what the user typed, for slash-command choices."""
    needle = typed.strip().lower()
    found = []
    for item in kb.upcoming(now):
        label = f"{item.schedule.start_date:%Y-%m-%d} {item.title}"
        if not needle or needle in label.lower() or needle in item.id:
            found.append((label[:100], item.id))
        if len(found) >= limit:
            break
    return found


# -- Discord Scheduled Events -----------------------------------------------------------------

@dataclass(frozen=True)
class ScheduledEventSpec:
    """What a Discord Scheduled Event for a knowledge item should say."""

    knowledge_id: str
    name: str
    start: datetime
    end: datetime
    description: str
    location: str

    @property
    def fingerprint(self) -> str:
        text = "\x1f".join([self.name, self.start.isoformat(), self.end.isoformat(), self.description, self.location])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def location_of(item: Item) -> str:
    """Where it happens, for a Discord Scheduled Event: the place, or "Online". Registration
    rules are not a place (they go into the description)."""
    if isinstance(item, Talk):
        return item.format or "Online"
    if item.location:
        return f"{item.location} and online" if item.online else item.location
    return "Online" if item.online else (item.url or "See the description")


def scheduled_event_specs(kb: KnowledgeBase, now: datetime) -> list[ScheduledEventSpec]:
    """Specs for items that have not started yet (Discord refuses start times in the past).

    A date-only item spans its days (midnight to midnight, local time), not 09:00-10:00.
    """
    specs = []
    for item in kb.upcoming(now):
        schedule = item.schedule
        start, end = schedule.start, schedule.end
        if start <= now or called_off(item):
            continue
        description = description_of(item) or item.title
        if isinstance(item, Talk) and item.registration:
            description += f"\n\nRegistration: {item.registration}"
        if isinstance(item, Event) and item.url:
            description += f"\n\n{item.url}"
        specs.append(
            ScheduledEventSpec(
                knowledge_id=item.id,
                name=item.title[:100],
                start=start,
                end=max(end, start + timedelta(minutes=15)),
                description=description[:1000],
                location=location_of(item)[:100],
            )
        )
    return specs
