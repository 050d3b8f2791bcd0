from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reminder_fixtures import NOW
from talkbot.errors import ReminderError
from talkbot.reminders.models import Recurrence, next_occurrence
from talkbot.reminders.when import first_occurrence, parse_recurrence, parse_when

EVENT = datetime(2026, 12, 9, 7, 30, tzinfo=UTC)  # 8:30 Brussels (CET)


@pytest.mark.parametrize(
    ("text", "due", "lead"),
    [
        ("1d", EVENT - timedelta(days=1), timedelta(days=1)),
        ("2h", EVENT - timedelta(hours=2), timedelta(hours=2)),
        ("30m", EVENT - timedelta(minutes=30), timedelta(minutes=30)),
        ("1h30m before", EVENT - timedelta(minutes=90), timedelta(minutes=90)),
        ("2026-12-08 18:00", datetime(2026, 12, 8, 17, 0, tzinfo=UTC), None),
    ],
)
def test_lead_times_count_back_from_the_event(text, due, lead):
    when = parse_when(text, now=NOW, event_start=EVENT)
    assert (when.due, when.lead) == (due, lead)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2h", NOW + timedelta(hours=2)),
        ("in 30m", NOW + timedelta(minutes=30)),
        ("2026-12-02 08:00", datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),  # Brussels by default, CET
        ("2027-06-02 08:00 Europe/Brussels", datetime(2027, 6, 2, 6, 0, tzinfo=UTC)),  # CEST
        ("2026-12-02 08:00 europe/brussels", datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),
        ("2026-12-02 08:00 America/New_York", datetime(2026, 12, 2, 13, 0, tzinfo=UTC)),
        ("2026-12-02 08:00 UTC", datetime(2026, 12, 2, 8, 0, tzinfo=UTC)),
        ("2026-12-02T08:00+02:00", datetime(2026, 12, 2, 6, 0, tzinfo=UTC)),
        ("2026-12-02T07:00Z", datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),
        ("tomorrow 8:30", datetime(2026, 11, 22, 7, 30, tzinfo=UTC)),
        ("2026-12-02 8h30", datetime(2026, 12, 2, 7, 30, tzinfo=UTC)),
    ],
)
def test_free_reminders_take_a_delay_or_a_date_time(text, due):
    assert parse_when(text, now=NOW).due == due


@pytest.mark.parametrize(
    "text",
    ["", "soon", "2026-11-20 08:00", "2026-12-02 08:00 CET", "2026-12-02 08:00 Mars/Olympus", "2026-12-02 25:00", "1x"],
)
def test_bad_or_past_times_are_refused_with_a_message(text):
    with pytest.raises(ReminderError) as info:
        parse_when(text, now=NOW)
    assert str(info.value)


def test_a_lead_time_that_already_passed_is_refused():
    with pytest.raises(ReminderError, match="passed"):
        parse_when("30d", now=NOW, event_start=EVENT)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("daily", Recurrence("daily")),
        ("weekly", Recurrence("weekly")),
        ("every 2 weeks", Recurrence("weekly", 2)),
        ("biweekly", Recurrence("weekly", 2)),
        ("every second Wednesday", Recurrence("weekly", 2, weekday=2)),
        ("every other tuesday", Recurrence("weekly", 2, weekday=1)),
        ("second wednesday of the month", Recurrence("monthly", 1, weekday=2, nth=2)),
        ("last friday of every month", Recurrence("monthly", 1, weekday=4, nth=-1)),
        ("monthly", Recurrence("monthly", 1, weekday=2, nth=2)),  # like the first: 2026-12-09
        ("", None),
        ("none", None),
    ],
)
def test_recurrence_phrases(text, rule):
    assert parse_recurrence(text, datetime(2026, 12, 9, 8, 0)) == rule
    if rule:
        assert Recurrence.decode(rule.encode()) == rule
        assert rule.describe()


def test_unknown_rhythm_is_refused():
    with pytest.raises(ReminderError):
        parse_recurrence("whenever it rains")


def test_every_second_wednesday_at_8_brussels_keeps_wall_time_across_dst():
    rule = parse_recurrence("every second wednesday")
    # Asked for a Monday: the first occurrence moves to that week's Wednesday.
    first = first_occurrence(datetime(2027, 3, 15, 7, 0, tzinfo=UTC), rule, "Europe/Brussels")
    assert first == datetime(2027, 3, 17, 7, 0, tzinfo=UTC)  # 8:00 CET
    second = next_occurrence(first, rule, "Europe/Brussels", first)
    assert second == datetime(2027, 3, 31, 6, 0, tzinfo=UTC)  # 8:00 CEST, after the March switch


def test_monthly_nth_weekday():
    rule = Recurrence("monthly", 1, weekday=2, nth=2)
    due = datetime(2026, 12, 9, 7, 0, tzinfo=UTC)
    assert next_occurrence(due, rule, "Europe/Brussels", due) == datetime(2027, 1, 13, 7, 0, tzinfo=UTC)


def test_next_occurrence_skips_occurrences_already_past():
    rule = Recurrence("daily")
    due = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    assert next_occurrence(due, rule, "UTC", NOW) == datetime(2026, 11, 22, 7, 0, tzinfo=UTC)


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31)),
    rule=st.sampled_from(
        [Recurrence("daily"), Recurrence("weekly", 2), Recurrence("monthly", 1, weekday=2, nth=2),
         Recurrence("monthly", 1, weekday=4, nth=-1)]
    ),
    zone=st.sampled_from(["Europe/Brussels", "America/New_York", "UTC"]),
)
def test_occurrences_move_forward_and_keep_the_wall_clock(start, rule, zone):
    tz = ZoneInfo(zone)
    local = start.replace(hour=8, minute=0, second=0, microsecond=0)
    due = local.replace(tzinfo=tz).astimezone(UTC)
    following = next_occurrence(due, rule, zone, due)
    assert following > due
    assert following.astimezone(tz).time() == local.time()
    if rule.freq == "monthly":
        assert following.astimezone(tz).weekday() == rule.weekday
