"""Calendar files: one event for "Add to calendar", or a feed of all of them (``talkbot ics``).

Built with the icalendar library so escaping, folding and VTIMEZONE components are right;
times stay in their IANA zone (8:30 Europe/Brussels) so calendar apps follow DST themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from talkbot.agenda import Item, description_of, kind_of, link_of, speaker_names, where_text
from talkbot.knowledge.models import KnowledgeBase, Talk

PRODID = "-//EU Clusters Talks//talkbot//EN"
UID_DOMAIN = "talkbot.eu-clusters-talks"
FEED_NAME = "EU Clusters Talks and events"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def vevent(item: Item, kb: KnowledgeBase, stamp: datetime) -> VEvent:
    schedule = item.schedule
    event = VEvent()
    event.add("uid", f"{item.id}@{UID_DOMAIN}")  # stable: re-importing updates, not duplicates
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", item.title)
    if schedule.has_time:
        event.add("dtstart", schedule.start)
        if schedule.end_time is not None or schedule.end_date is not None:
            event.add("dtend", schedule.end)  # a talk announced with its start only: no end invented
    else:
        last = schedule.end_date or schedule.start_date
        event.add("dtstart", schedule.start_date)
        event.add("dtend", last + timedelta(days=1))  # all-day events end exclusively
    if isinstance(item, Talk) and item.called_off:
        # calendars that subscribed to the feed show the talk called off, with why
        event.add("status", "CANCELLED" if item.cancelled else "TENTATIVE")
    lines = [item.status_note if isinstance(item, Talk) else "", description_of(item)]
    speakers = speaker_names(item, kb)
    if speakers:
        lines.append("Speakers: " + "; ".join(speakers))
    where = where_text(item)
    if where:
        lines.append(where)
    event.add("description", "\n\n".join(x for x in lines if x))
    location = item.location if not isinstance(item, Talk) else (item.format or "Online webinar")
    if location:
        event.add("location", location)
    url = link_of(item)
    if url:
        event.add("url", url)
    event.add("categories", [kind_of(item)])
    return event


def item_ics(item: Item, kb: KnowledgeBase, now: datetime | None = None) -> bytes:
    """One event as an ``.ics`` file."""
    cal = _calendar(item.title)
    cal.add_component(vevent(item, kb, now or datetime.now(UTC)))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(kb: KnowledgeBase, now: datetime | None = None, items: Iterable[Item] | None = None) -> bytes:
    """Every talk and event, oldest first: a feed to subscribe to."""
    stamp = now or datetime.now(UTC)
    cal = _calendar(FEED_NAME)
    chosen = list(items) if items is not None else [*kb.talks, *kb.events]
    for item in sorted(chosen, key=lambda i: (i.schedule.start, i.id)):
        cal.add_component(vevent(item, kb, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_filename(item: Item) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", item.id.lower()).strip("-")[:60] + ".ics"
