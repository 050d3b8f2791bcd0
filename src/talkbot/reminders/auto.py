"""Keep knowledge-linked reminders in step with the knowledge base.

Automatic reminders: one per upcoming item and lead time, posted in the announcements
channel. Their key includes the item's start, so a moved event gets fresh reminders and the
old pending ones are cancelled; a second sync adds nothing. Reminders a moderator tied to an
event with a lead time follow the event when it moves.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from talkbot.agenda import anchor, called_off, find_item
from talkbot.knowledge.models import KnowledgeBase
from talkbot.reminders.models import Reminder
from talkbot.reminders.store import ReminderStore

log = logging.getLogger(__name__)

# Why a sync cancelled an automatic reminder; only those are revived, never a moderator's cancel.
SYNC_CANCELLED = "cancelled by the knowledge sync"


@dataclass(frozen=True)
class SyncReport:
    added: int = 0
    cancelled: int = 0
    moved: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.cancelled or self.moved)


def auto_key(guild_id: int, channel_id: int, item_id: str, lead: timedelta, start: datetime) -> str:
    return f"auto:{guild_id}:{channel_id}:{item_id}:{int(lead.total_seconds())}:{int(start.timestamp())}"


def sync_event_reminders(
    store: ReminderStore,
    kb: KnowledgeBase,
    now: datetime,
    *,
    guild_id: int,
    channel_id: int | None,
    leads: Sequence[timedelta],
    bot_user_id: int = 0,
) -> SyncReport:
    """Bring automatic and event-linked reminders of one guild in line with ``kb``."""
    planned: dict[str, Reminder] = {}
    if channel_id:
        for item in kb.upcoming(now):
            if called_off(item):
                continue  # nobody is reminded of a talk that will not take place then
            start = anchor(item)
            for lead in leads:
                key = auto_key(guild_id, channel_id, item.id, lead, start)
                planned[key] = Reminder(
                    id=None,
                    guild_id=guild_id,
                    channel_id=channel_id,
                    author_id=bot_user_id,
                    due=(start - lead).astimezone(UTC),
                    event_id=item.id,
                    lead=lead,
                    auto_key=key,
                )
    added = cancelled = moved = 0
    for reminder in store.auto_pending():
        if reminder.guild_id != guild_id:
            continue
        if reminder.auto_key not in planned:
            store.cancel(reminder.id, SYNC_CANCELLED)  # type: ignore[arg-type]
            cancelled += 1
    for key, reminder in planned.items():
        existing = store.by_auto_key(key)
        if existing is not None:
            # Cancelled by an earlier sync (the channel was switched away and back): revive it.
            if existing.status == "cancelled" and existing.last_error == SYNC_CANCELLED and reminder.due > now:
                store.reschedule(existing.id, reminder.due, revive=True)  # type: ignore[arg-type]
                added += 1
            continue
        if reminder.due > now:  # a newly announced item gets no late reminders for past lead times
            store.add(reminder, now)
            added += 1
    for reminder in store.pending(guild_id):
        if reminder.auto or not reminder.event_id or reminder.lead is None or reminder.nonce:
            continue
        item = find_item(kb, reminder.event_id)
        if item is None:
            continue
        due = (anchor(item) - reminder.lead).astimezone(UTC)
        if due != reminder.due and due > now:
            store.reschedule(reminder.id, due)  # type: ignore[arg-type]
            moved += 1
    report = SyncReport(added, cancelled, moved)
    if report.changed:
        log.info("event reminders for guild %s: %s added, %s cancelled, %s moved", guild_id, added, cancelled, moved)
    return report
