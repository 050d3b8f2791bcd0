"""The clock a question asks for (answer/zones.py), read from the tzdata package's tables."""

from __future__ import annotations

from datetime import datetime

import pytest

from talkbot.answer.engine import Engine
from talkbot.answer.zones import asked_clock


@pytest.mark.parametrize(("question", "zone"), [
    ("what time is the ukraine talk in kyiv time?", "Europe/Kyiv"),
    ("what time was it in japanese time?", "Asia/Tokyo"),  # a country's adjective
    ("when does it start for me in helsinki", "Europe/Helsinki"),
    ("i'm in lisbon, when do i connect?", "Europe/Lisbon"),
    ("start time in new york time?", "America/New_York"),  # two words
    ("a quelle heure, heure de tokyo ?", "Asia/Tokyo"),
    ("swedish time please", "Europe/Stockholm"),  # the country's own zone, not a zone it shares
    ("the cairo time talk, what time in brussels?", "Europe/Brussels"),  # the clock asked, not the talk's
])
def test_the_clock_a_question_asks_for(question: str, zone: str) -> None:
    clock = asked_clock(question)
    assert clock is not None and clock.zone.key == zone


@pytest.mark.parametrize("question", [
    "what time is it?", "at the same time", "real time data from satellites", "around christmas time",
    "when does it end local time?",  # the item's own clock: nothing to convert
])
def test_no_clock_where_none_is_named(question: str) -> None:
    assert asked_clock(question) is None


def test_times_are_given_on_the_clock_asked_for(engine: Engine) -> None:
    now = datetime.fromisoformat("2024-04-20T10:00:00+02:00")
    reply = engine.answer("what time does the 24 april talk start for me in helsinki?", now=now)
    assert reply.answered and "08:30" in reply.answer and "In Helsinki time that is 09:30–10:45" in reply.answer, reply.text
    reply = engine.answer("when is the meta-cluster talk in new york time?", now=now)
    assert "02:30–03:45" in reply.answer, reply.text
