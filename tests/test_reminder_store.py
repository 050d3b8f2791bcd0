from __future__ import annotations

from datetime import timedelta

import pytest

from reminder_fixtures import NOW
from talkbot.db import connect
from talkbot.reminders.models import Recurrence, Reminder, Status
from talkbot.reminders.store import COMPONENT, MIGRATIONS, ReminderStore


@pytest.fixture
def store(tmp_path):
    s = ReminderStore.open(tmp_path / "talkbot.sqlite3")
    yield s
    s.close()


def reminder(minutes: int = 60, **kw) -> Reminder:
    base = {"id": None, "guild_id": 1, "channel_id": 10, "author_id": 7, "due": NOW + timedelta(minutes=minutes)}
    return Reminder(**(base | kw))


def test_schema_is_versioned_and_the_file_is_in_wal(tmp_path):
    path = tmp_path / "talkbot.sqlite3"
    ReminderStore.open(path).close()
    conn = connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    version = conn.execute("SELECT version FROM schema_version WHERE component = ?", (COMPONENT,)).fetchone()[0]
    assert version == len(MIGRATIONS)


def test_round_trip_survives_reopening(tmp_path):
    path = tmp_path / "talkbot.sqlite3"
    store = ReminderStore.open(path)
    rule = Recurrence("weekly", 2, weekday=2)
    saved = store.add(reminder(text="Talk soon", role_id=55, note="Bring questions", recurrence=rule, lead=timedelta(hours=2)), NOW)
    store.close()
    again = ReminderStore.open(path).get(saved.id)
    assert again == saved
    assert (again.text, again.role_id, again.recurrence, again.lead, again.due) == (
        "Talk soon", 55, rule, timedelta(hours=2), NOW + timedelta(minutes=60)
    )


def test_next_pending_is_the_earliest_attempt(store):
    late = store.add(reminder(120))
    early = store.add(reminder(30))
    assert store.next_pending().id == early.id
    store.mark_failed(early.id, "Missing Access", NOW + timedelta(hours=5))
    assert store.next_pending().id == late.id
    store.cancel(late.id)
    assert store.next_pending().id == early.id
    assert [r.id for r in store.list(1)] == [early.id]


def test_nonce_is_committed_once_and_kept_until_sent(store):
    r = store.add(reminder())
    nonce = store.ensure_nonce(r.id)
    assert len(nonce) <= 25
    assert store.ensure_nonce(r.id) == nonce
    store.mark_failed(r.id, "Missing Permissions", NOW)
    assert store.get(r.id).nonce == nonce  # a retry reuses it: Discord dedupes the resend
    sent = store.mark_sent(store.get(r.id), 999, NOW, late=False)
    assert (sent.status, sent.message_id, sent.last_error) == (Status.SENT, 999, "")
    assert [d.message_id for d in store.deliveries(r.id)] == [999]
    assert store.next_pending() is None


def test_marking_twice_records_one_delivery(store):
    r = store.add(reminder())
    r = r.with_(nonce=store.ensure_nonce(r.id))
    store.mark_sent(r, 1, NOW, late=False)
    store.mark_sent(r, 1, NOW, late=False)
    assert len(store.deliveries()) == 1


def test_recurring_reminder_moves_to_its_next_occurrence(store):
    r = store.add(reminder(0, recurrence=Recurrence("weekly")))
    r = r.with_(nonce=store.ensure_nonce(r.id))
    after = store.mark_sent(r, 5, NOW, late=False)
    assert after.status == Status.PENDING
    assert after.due == NOW + timedelta(weeks=1)
    assert after.nonce is None


def test_reschedule_clears_the_nonce_and_errors(store):
    r = store.add(reminder())
    store.ensure_nonce(r.id)
    store.mark_failed(r.id, "Unknown Channel", NOW)
    store.reschedule(r.id, NOW + timedelta(days=1))
    again = store.get(r.id)
    assert (again.nonce, again.last_error, again.retry_at, again.due) == (None, "", None, NOW + timedelta(days=1))


def test_a_sent_nonce_cannot_mark_a_rescheduled_reminder(store):
    r = store.add(reminder())
    in_flight = r.with_(nonce=store.ensure_nonce(r.id))
    store.reschedule(r.id, NOW + timedelta(days=1))  # edited while Discord was answering
    store.mark_sent(in_flight, 1, NOW, late=False)
    assert store.get(r.id).status == Status.PENDING


def test_missed_and_cancelled(store):
    one = store.add(reminder())
    assert store.mark_missed(one, "too late", NOW).status == Status.MISSED
    weekly = store.add(reminder(-60 * 24 * 3, recurrence=Recurrence("weekly")))
    skipped = store.mark_missed(weekly, "too late", NOW)
    assert skipped.status == Status.PENDING and skipped.due > NOW
    assert store.cancel(weekly.id)
    assert not store.cancel(weekly.id)
    assert {r.id for r in store.list(1, include_done=True)} == {one.id, weekly.id}


def test_scheduled_event_links(store):
    assert store.scheduled_event(1, "talk") is None
    store.link_scheduled_event(1, "talk", 42, "abc", NOW)
    store.link_scheduled_event(1, "talk", 42, "def", NOW)
    link = store.scheduled_event(1, "talk")
    assert (link.discord_event_id, link.fingerprint) == (42, "def")
