from __future__ import annotations

import pytest

from fakes import FakeClock
from talkbot.asking import QuestionDesk, drop_mentions, normalise, strip_mentions_of
from talkbot.ratelimit import RateLimiter


def desk(count: int = 2, max_chars: int = 50) -> QuestionDesk:
    return QuestionDesk(max_chars, RateLimiter(count, 60, FakeClock()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@42> who presented I3?", "who presented I3?"),
        ("<@!42>   who\npresented I3?", "who presented I3?"),
        ("who is <@7>? <@42>", "who is <@7>?"),
        ("<@&9> hello", "hello"),
    ],
)
def test_strip_own_mention_only(text: str, expected: str) -> None:
    assert normalise(strip_mentions_of(text, 42, 9)) == expected


def test_admits_a_normal_question() -> None:
    admission = desk().admit(1, "  who presented\tI3? ")
    assert admission.admitted and admission.question == "who presented I3?"


def test_empty_question_gets_a_hint() -> None:
    admission = desk().admit(1, "   ")
    assert not admission.admitted and "/help" in admission.notice


def test_too_long_question_is_refused_with_the_limit() -> None:
    admission = desk(max_chars=10).admit(1, "x" * 11)
    assert not admission.admitted and "11 characters" in admission.notice and "10" in admission.notice


def test_too_long_does_not_use_up_the_rate_limit() -> None:
    d = desk(count=1, max_chars=10)
    d.admit(1, "x" * 11)
    assert d.admit(1, "fine").admitted


def test_rate_limited_with_friendly_notice() -> None:
    d = desk(count=2)
    assert d.admit(1, "a").admitted and d.admit(1, "b").admitted
    refused = d.admit(1, "c")
    assert not refused.admitted and "try again in 60 s" in refused.notice
    assert d.admit(2, "d").admitted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@everyone who presented I3?", "who presented I3?"),
        ("@here <@123> <@!123> <@&456> <#789> who?", "who?"),
        ("mail me at a@everyonemail.org", "mail me at a@everyonemail.org"),
    ],
)
def test_mentions_mean_nothing_to_the_engine(text: str, expected: str) -> None:
    assert normalise(drop_mentions(text)) == expected


def test_a_question_of_only_mentions_is_empty() -> None:
    assert not desk().admit(1, "@everyone <@1>").admitted
