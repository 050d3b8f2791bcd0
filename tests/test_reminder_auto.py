from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from reminder_fixtures import NOW, make_kb
from talkbot.agenda import anchor
from talkbot.reminders import Reminder, ReminderStore, Status
from talkbot.reminders.auto import sync_event_reminders

LEADS = (timedelta(hours=24), timedelta(hours=1))


@pytest.fixture
def store(tmp_path):
    s = ReminderStore.open(tmp_path / "db.sqlite3")
    yield s
    s.close()


def sync(store, kb, channel=500, now=NOW):
    return sync_event_reminders(store, kb, now, guild_id=1, channel_id=channel, leads=LEADS)


def test_two_reminders_per_upcoming_item_and_none_twice(store):
    kb = make_kb()
    first = sync(store, kb)
    assert first.added == 2 * len(kb.upcoming(NOW))
    assert sync(store, kb).changed is False
    talk = kb.talk("2026-12-09-meta-cluster")
    dues = sorted(r.due for r in store.pending(1) if r.event_id == talk.id)
    assert dues == [talk.schedule.start - timedelta(hours=24), talk.schedule.start - timedelta(hours=1)]


def test_lead_times_already_past_are_not_created(store):
    kb = make_kb()
    deadline = kb.event("i3-call-deadline")
    now = anchor(deadline) - timedelta(hours=3)
    sync(store, kb, now=now)
    assert [r.lead for r in store.pending(1) if r.event_id == deadline.id] == [timedelta(hours=1)]


def test_a_moved_event_gets_new_reminders_and_the_old_are_cancelled(store):
    kb = make_kb()
    sync(store, kb)
    talk = kb.talk("2026-12-09-meta-cluster")
    moved_talk = replace(talk, schedule=replace(talk.schedule, start_date=date(2026, 12, 16)))
    moved = replace(kb, talks=tuple(moved_talk if t.id == talk.id else t for t in kb.talks))
    report = sync(store, moved)
    assert (report.added, report.cancelled) == (2, 2)
    dues = sorted(r.due for r in store.pending(1) if r.event_id == talk.id)
    assert dues[0] == moved_talk.schedule.start - timedelta(hours=24)


def test_turning_the_channel_off_cancels_pending_automatic_reminders(store):
    kb = make_kb()
    sync(store, kb)
    assert sync(store, kb, channel=None).cancelled == 8
    assert store.pending(1) == []
    assert sync(store, kb).added == 8  # and back on


def test_a_moderator_reminder_tied_to_an_event_follows_it(store):
    kb = make_kb()
    talk = kb.talk("2026-12-09-meta-cluster")
    mine = store.add(Reminder(None, 1, 10, 7, talk.schedule.start - timedelta(hours=2), event_id=talk.id,
                              lead=timedelta(hours=2)))
    moved_talk = replace(talk, schedule=replace(talk.schedule, start_date=date(2026, 12, 16)))
    moved = replace(kb, talks=tuple(moved_talk if t.id == talk.id else t for t in kb.talks))
    assert sync(store, moved, channel=None).moved == 1
    assert store.get(mine.id).due == moved_talk.schedule.start - timedelta(hours=2)
    assert store.get(mine.id).status == Status.PENDING


def test_a_moderator_cancel_of_an_automatic_reminder_sticks(store):
    kb = make_kb()
    sync(store, kb)
    victim = store.pending(1)[0]
    store.cancel(victim.id)
    assert sync(store, kb).changed is False
    assert store.get(victim.id).status == Status.CANCELLED


def test_a_talk_called_off_gets_no_reminders_and_loses_its_own(store):
    kb = make_kb()
    sync(store, kb)
    talk = kb.talk("2026-12-09-meta-cluster")
    assert any(r.event_id == talk.id for r in store.pending(1))
    off = replace(talk, status="cancelled", status_reason="No speakers")
    kb_off = replace(kb, talks=tuple(off if t.id == talk.id else t for t in kb.talks))
    report = sync(store, kb_off)
    assert report.cancelled == 2
    assert not any(r.event_id == talk.id for r in store.pending(1))
