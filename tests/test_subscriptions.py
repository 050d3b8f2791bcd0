"""Members' subscriptions: the store, keeping them in step with the knowledge, "Interested",
and their delivery by the one reminder scheduler on a clock moved by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from reminder_fixtures import NOW, FakeClock, inline_db, make_kb, settle
from talkbot.reminders import DeliveryFailed, ReminderScheduler, ReminderStore
from talkbot.reminders.subscriptions import (
    LEADS,
    MAX_ACTIVE,
    Kind,
    Source,
    find_marker,
    marker,
    sync_interested,
    sync_subscriptions,
    user_hash,
)

TALK = "2026-12-09-meta-cluster"
GUILD, ANN, BOB = 1, 42, 43


@pytest.fixture
def store(tmp_path):
    s = ReminderStore.open(tmp_path / "db.sqlite3")
    yield s
    s.close()


@pytest.fixture
def kb():
    return make_kb()


def test_the_default_is_one_day_and_one_hour_before_and_a_second_choice_replaces_it(store, kb):
    talk = kb.talk(TALK)
    start = talk.schedule.start
    subs = store.subscribe(GUILD, ANN, talk, LEADS["1d+1h"], NOW)
    assert sorted(s.due for s in subs) == [start - timedelta(days=1), start - timedelta(hours=1)]
    assert {s.start for s in subs} == {start} and {s.title for s in subs} == {talk.title}
    subs = store.subscribe(GUILD, ANN, talk, LEADS["15m"], NOW)
    assert [s.due for s in subs] == [start - timedelta(minutes=15)]


def test_too_late_for_every_lead_time_reminds_at_once_and_a_started_talk_not_at_all(store, kb):
    talk = kb.talk(TALK)
    just_before = talk.schedule.start - timedelta(minutes=30)
    [sub] = store.subscribe(GUILD, ANN, talk, LEADS["1d+1h"], just_before)
    assert sub.due == just_before
    assert store.subscribe(GUILD, BOB, talk, LEADS["1d"], talk.schedule.start) == []


def test_counts_per_talk_never_names_and_cancel_only_touches_ones_own(store, kb):
    store.subscribe(GUILD, ANN, kb.talk(TALK), LEADS["1d+1h"], NOW)
    store.subscribe(GUILD, BOB, kb.talk(TALK), LEADS["1h"], NOW)
    store.subscribe(GUILD, BOB, kb.talk("2027-01-13-i3"), LEADS["1h"], NOW)
    assert store.subscriber_counts(GUILD) == {TALK: 2, "2027-01-13-i3": 1}
    assert store.active_items(BOB) == [TALK, "2027-01-13-i3"]
    assert store.unsubscribe(ANN, TALK) == 2
    assert store.subscriber_counts(GUILD) == {TALK: 1, "2027-01-13-i3": 1}
    assert store.unsubscribe(BOB) == 2  # "cancel all"
    assert store.conn.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0] == 0


def test_claimed_rows_are_sending_with_a_nonce_and_a_delivered_row_is_forgotten(store, kb):
    [sub] = store.subscribe(GUILD, ANN, kb.talk(TALK), LEADS["1h"], NOW)
    first = store.claim_subscription(sub.id)
    assert (first.status, first.resend, len(first.nonce)) == ("sending", False, 24)
    again = store.claim_subscription(sub.id)  # after a crash: the same nonce, and look first
    assert (again.nonce, again.resend) == (first.nonce, True)
    assert store.unsubscribe(ANN, TALK) == 0  # being sent: left to finish
    assert store.subscription_sent(again)
    assert store.subscription(sub.id) is None  # no user id left behind


def test_the_marker_finds_only_the_bots_own_message_for_that_subscription(store, kb):
    [sub] = store.subscribe(GUILD, ANN, kb.talk(TALK), LEADS["1h"], NOW)
    sub = store.claim_subscription(sub.id)
    seen = [(1, 99, ["x " + marker(sub)]), (2, 7, ["nothing"]), (3, 7, [f"Your reminder · {marker(sub)}"])]
    assert find_marker(seen, sub, bot_id=7) == 3
    assert find_marker(seen[:2], sub, bot_id=7) is None


def test_a_moved_talk_moves_its_reminders_and_a_removed_one_tells_once(store, kb):
    talk = kb.talk(TALK)
    store.subscribe(GUILD, ANN, talk, LEADS["1d+1h"], NOW)
    moved_talk = replace(talk, schedule=replace(talk.schedule, start_date=date(2026, 12, 16)))
    moved_kb = replace(kb, talks=tuple(moved_talk if t.id == TALK else t for t in kb.talks))
    report = sync_subscriptions(store, moved_kb, NOW)
    assert report.moved == 2
    assert sorted(s.due for s in store.subscriptions(ANN)) == [
        moved_talk.schedule.start - timedelta(days=1), moved_talk.schedule.start - timedelta(hours=1)
    ]  # fmt: skip
    assert not sync_subscriptions(store, moved_kb, NOW).changed  # a second sync changes nothing

    gone_kb = replace(kb, talks=tuple(t for t in kb.talks if t.id != TALK))
    assert sync_subscriptions(store, gone_kb, NOW).gone == 1
    [notice] = store.subscriptions(ANN)
    assert (notice.kind, notice.due, notice.title) == (Kind.GONE, NOW, talk.title)
    assert not sync_subscriptions(store, gone_kb, NOW).changed


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_a_talk_called_off_in_the_knowledge_tells_its_subscribers_once(store, kb, status):
    talk = kb.talk(TALK)
    store.subscribe(GUILD, ANN, talk, LEADS["1h"], NOW)
    called_off = replace(
        kb, talks=tuple(replace(t, status=status, status_reason="the speaker is ill") if t.id == TALK else t
                        for t in kb.talks)
    )
    assert sync_subscriptions(store, called_off, NOW).gone == 1
    assert not sync_subscriptions(store, called_off, NOW).changed


def test_a_title_with_cancelled_in_it_is_not_a_called_off_talk(store, kb):
    talk = kb.talk(TALK)
    store.subscribe(GUILD, ANN, talk, LEADS["1h"], NOW)
    renamed = replace(kb, talks=tuple(replace(t, title="Cancelled flights and clusters") if t.id == TALK else t
                                      for t in kb.talks))
    assert sync_subscriptions(store, renamed, NOW).gone == 0


def test_interested_members_are_subscribed_unless_opted_out_and_leave_with_their_interest(store, kb):
    talk = kb.talk(TALK)
    store.subscribe(GUILD, BOB, talk, LEADS["15m"], NOW)  # pressed the button himself
    store.set_optout(user_hash(44, "salt"), True)
    added, removed = sync_interested(
        store, GUILD, talk, [ANN, BOB, 44], NOW, leads=LEADS["1d+1h"], salt="salt"
    )
    assert (added, removed) == (1, 0)
    assert {s.source for s in store.subscriptions(ANN)} == {Source.INTERESTED}
    assert store.subscriptions(44) == []
    assert [s.lead for s in store.subscriptions(BOB)] == [timedelta(minutes=15)]  # his choice kept
    added, removed = sync_interested(store, GUILD, talk, [], NOW, leads=LEADS["1d+1h"], salt="salt")
    assert (added, removed) == (0, 1)
    assert store.subscriptions(ANN) == [] and len(store.subscriptions(BOB)) == 1  # a press is not an interest
    [(kept,)] = store.conn.execute("SELECT user_hash FROM subscription_optouts").fetchall()
    assert kept == user_hash(44, "salt") and "44" not in kept  # the opt-out keeps no user id


def test_interested_respects_the_limit(store, kb):
    talk = kb.talk(TALK)
    for n in range(MAX_ACTIVE):
        other = replace(talk, id=f"x-{n}", title=f"Talk {n}")
        store.subscribe(GUILD, ANN, other, LEADS["1h"], NOW)
    assert sync_interested(store, GUILD, talk, [ANN], NOW, leads=LEADS["1h"], salt="s") == (0, 0)


class Inbox:
    def __init__(self, fail: int = 0):
        self.sent: list[tuple[int, str, bool, bool]] = []
        self.fail = fail

    async def deliver(self, sub, late):
        if self.fail:
            self.fail -= 1
            raise DeliveryFailed("DMs closed and no channel")
        self.sent.append((sub.id, sub.item_id, late, sub.resend))
        return 1000 + len(self.sent)


async def never(reminder, late):  # no moderator reminders here
    raise AssertionError("no moderator reminder expected")


async def start(store, inbox, clock):
    scheduler = ReminderScheduler(
        store, never, clock=clock, run_db=inline_db, deliver_subscription=inbox.deliver
    )
    scheduler.start()
    await settle()
    return scheduler


async def test_the_scheduler_delivers_each_subscription_on_time_and_forgets_it(store, kb):
    clock, inbox = FakeClock(NOW), Inbox()
    talk = kb.talk(TALK)
    store.subscribe(GUILD, ANN, talk, LEADS["1d+1h"], NOW)
    scheduler = await start(store, inbox, clock)
    await clock.set(talk.schedule.start - timedelta(days=1, seconds=1))
    assert inbox.sent == []
    await clock.advance(timedelta(seconds=1))
    assert [(item, late) for _, item, late, _ in inbox.sent] == [(TALK, False)]
    await clock.set(talk.schedule.start - timedelta(hours=1))
    assert len(inbox.sent) == 2 and store.subscriptions() == []
    await scheduler.stop()


async def test_a_row_left_sending_by_a_crash_is_retried_as_a_resend(store, kb):
    clock, inbox = FakeClock(NOW), Inbox()
    [sub] = store.subscribe(GUILD, ANN, kb.talk(TALK), LEADS["1h"], NOW)
    clock = FakeClock(sub.due)
    store.claim_subscription(sub.id)  # the bot died after this, maybe after Discord took it
    scheduler = await start(store, inbox, clock)
    assert inbox.sent == [(sub.id, TALK, False, True)]
    await scheduler.stop()


async def test_a_failing_delivery_is_retried_then_dropped_after_the_grace_period(store, kb):
    inbox = Inbox(fail=1)
    [sub] = store.subscribe(GUILD, ANN, kb.talk(TALK), LEADS["1h"], NOW)
    clock = FakeClock(sub.due)
    scheduler = await start(store, inbox, clock)
    assert inbox.sent == [] and store.subscription(sub.id).last_error
    await clock.advance(timedelta(minutes=1))
    assert [s[0] for s in inbox.sent] == [sub.id]
    await scheduler.stop()

    [late] = store.subscribe(GUILD, BOB, kb.talk("2027-01-13-i3"), LEADS["1h"], NOW)
    clock = FakeClock(late.due + timedelta(hours=7))  # the bot was down for longer than the grace
    scheduler = await start(store, Inbox(), clock)
    assert store.subscription(late.id) is None and scheduler.missed == 1
    await scheduler.stop()


async def test_a_removed_talk_is_told_at_once_even_long_after(store, kb):
    inbox = Inbox()
    store.subscribe(GUILD, ANN, kb.talk(TALK), LEADS["1d+1h"], NOW)
    sync_subscriptions(store, replace(kb, talks=()), NOW)
    scheduler = await start(store, inbox, FakeClock(NOW))
    assert [(item, late) for _, item, late, _ in inbox.sent] == [(TALK, False)]
    assert store.subscriptions() == []
    await scheduler.stop()
