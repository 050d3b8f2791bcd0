from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from reminder_fixtures import NOW, make_kb
from talkbot import agenda
from talkbot.calendar import feed_ics, ics_filename, item_ics
from talkbot.cli import main
from talkbot.config import default_knowledge_dir
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.models import KnowledgeBase, Schedule


def test_next_is_the_first_upcoming_like_the_engine():
    kb = make_kb()
    result = agenda.next_item(kb, NOW)
    assert result.upcoming and result.item is kb.upcoming(NOW)[0]
    assert result.item.id == "i3-call-deadline"


def test_nothing_upcoming_gives_the_latest_past_one():
    kb = make_kb()
    later = datetime(2030, 1, 1, tzinfo=UTC)
    result = agenda.next_item(kb, later)
    assert not result.upcoming and result.item.id == "cluster-conference-2027"
    assert agenda.next_item(KnowledgeBase(), NOW) == agenda.NextResult(None, False)


def test_discord_timestamps_are_unix_seconds():
    moment = datetime(2026, 12, 9, 7, 30, tzinfo=UTC)
    assert agenda.discord_time(moment) == f"<t:{int(moment.timestamp())}:F>"
    kb = make_kb()
    text = agenda.when_text(kb.talk("2026-12-09-meta-cluster"))
    assert text == f"<t:{int(moment.timestamp())}:F> (<t:{int(moment.timestamp())}:R>)"


def test_card_has_speakers_where_and_link():
    kb = make_kb()
    c = agenda.card(kb.talk("2026-12-09-meta-cluster"), kb)
    assert c.speakers == ("Jane Doe (Cluster manager, Example Cluster)", "John Roe")
    assert "Online webinar" in c.where and "Register" in c.where
    assert c.url == "https://example.org/talk" and c.kind == "talk"


def test_pages_of_upcoming_and_past():
    kb = make_kb()
    first = agenda.events_page(kb, NOW, 0, per_page=2)
    assert (first.count, first.total, [i.id for i in first.items]) == (2, 4, ["i3-call-deadline", "2026-12-09-meta-cluster"])
    assert agenda.events_page(kb, NOW, 99, per_page=2).number == 1
    past = agenda.events_page(kb, NOW, past=True)
    assert [i.id for i in past.items] == ["2026-10-14-past-talk"]
    assert agenda.events_page(KnowledgeBase(), NOW).count == 1


def test_autocomplete_matches_upcoming_titles():
    kb = make_kb()
    assert [v for _, v in agenda.autocomplete(kb, NOW, "i3")] == ["i3-call-deadline", "2027-01-13-i3"]
    assert len(agenda.autocomplete(kb, NOW, "")) == 4


def test_scheduled_event_specs_change_fingerprint_when_the_date_moves():
    kb = make_kb()
    specs = {s.knowledge_id: s for s in agenda.scheduled_event_specs(kb, NOW)}
    assert set(specs) == {"i3-call-deadline", "2026-12-09-meta-cluster", "2027-01-13-i3", "cluster-conference-2027"}
    talk = kb.talk("2026-12-09-meta-cluster")
    moved = replace(kb, talks=(replace(talk, schedule=replace(talk.schedule, start_date=date(2026, 12, 16))),))
    again = {s.knowledge_id: s for s in agenda.scheduled_event_specs(moved, NOW)}
    assert again[talk.id].fingerprint != specs[talk.id].fingerprint
    assert again[talk.id].start - specs[talk.id].start == timedelta(days=7)


def test_item_ics_keeps_the_brussels_zone():
    kb = make_kb()
    cal = Calendar.from_ical(item_ics(kb.talk("2026-12-09-meta-cluster"), kb, NOW))
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Brussels" and (start.hour, start.minute) == (8, 30)
    assert event["uid"] == "2026-12-09-meta-cluster@talkbot.eu-clusters-talks"
    assert "Jane Doe" in event["description"]
    assert cal.walk("VTIMEZONE")


def test_date_only_events_are_all_day():
    kb = make_kb()
    cal = Calendar.from_ical(item_ics(kb.event("cluster-conference-2027"), kb, NOW))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 2, 3)
    assert event.decoded("dtend") == date(2027, 2, 5)


def test_feed_has_every_item_once():
    kb = make_kb()
    cal = Calendar.from_ical(feed_ics(kb, NOW))
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(kb.talks) + len(kb.events)
    assert ics_filename(kb.talks[0]) == "2026-10-14-past-talk.ics"


def test_schedule_start_is_in_local_time_everywhere():
    winter = Schedule(date(2026, 12, 9), start_time=datetime(2000, 1, 1, 8, 30).time())
    summer = Schedule(date(2027, 6, 9), start_time=datetime(2000, 1, 1, 8, 30).time())
    assert winter.start.astimezone(UTC).hour == 7 and summer.start.astimezone(UTC).hour == 6


def test_cli_ics_writes_the_shipped_knowledge(tmp_path, capsys):
    out = tmp_path / "feed" / "talks.ics"
    assert main(["ics", "--out", str(out)]) == 0
    cal = Calendar.from_ical(out.read_bytes())
    kb = load_dir(default_knowledge_dir())
    assert len(cal.walk("VEVENT")) == len(kb.talks) + len(kb.events)


def test_cli_ics_to_standard_output(capsys):
    assert main(["ics"]) == 0
    assert capsys.readouterr().out.startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize("when", [NOW, datetime(2026, 12, 5, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)])
def test_next_agrees_with_the_answering_engine(when):
    from talkbot.answer.engine import Engine

    kb = make_kb()
    result = agenda.next_item(kb, when)
    answer = Engine(kb).answer("What is next?", now=when).answer
    assert result.item.title in answer
    if result.upcoming:
        assert answer.startswith(f"Next: {result.item.title}")


def test_scheduled_events_say_where_it_happens_and_span_date_only_days():
    """Registration rules went into the location (cut at 100); a 2-day conference showed 09:00-10:00."""
    from zoneinfo import ZoneInfo

    kb = make_kb()
    specs = {s.knowledge_id: s for s in agenda.scheduled_event_specs(kb, NOW)}
    talk = specs["2026-12-09-meta-cluster"]
    assert talk.location == "Online webinar" and "Registration: Register on the ECCP page" in talk.description
    conference = specs["cluster-conference-2027"]
    brussels = ZoneInfo("Europe/Brussels")
    assert conference.location == "Brussels"
    assert conference.start == datetime(2027, 2, 3, tzinfo=brussels)
    assert conference.end == datetime(2027, 2, 5, tzinfo=brussels)  # both days, to midnight after the last
    assert specs["i3-call-deadline"].location == "Online"


def test_next_skips_a_cancelled_talk_and_the_card_shows_a_postponed_ones_reason():
    kb = make_kb()
    kb = replace(kb, events=())  # talks only: the first upcoming one is a talk
    first = agenda.next_item(kb, NOW).item
    cancelled = replace(first, status="cancelled", status_reason="The room is not available")
    kb_off = replace(kb, talks=tuple(cancelled if t.id == first.id else t for t in kb.talks))
    assert agenda.next_item(kb_off, NOW).item.id != first.id
    assert first.id not in {s.knowledge_id for s in agenda.scheduled_event_specs(kb_off, NOW)}
    postponed = replace(first, status="postponed", status_reason="A new date follows")
    kb_later = replace(kb, talks=tuple(postponed if t.id == first.id else t for t in kb.talks))
    assert agenda.next_item(kb_later, NOW).item.id == first.id
    assert agenda.card(postponed, kb_later).when.endswith("\nPostponed: A new date follows.")


def test_the_feed_shows_talks_called_off_and_invents_no_end(announced_kb):
    cal = Calendar.from_ical(feed_ics(announced_kb))
    events = {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    cancelled = events["2030-01-23-circular-textiles"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["description"]).startswith("Cancelled: The organisers could not confirm the panel in time.")
    assert str(events["2030-03-06-space-clusters"]["status"]) == "TENTATIVE"
    no_end = events["2030-02-06-hydrogen-valleys"]
    assert "dtend" not in no_end and "status" not in no_end
    assert "dtend" in events["2024-04-24-meta-cluster"]
