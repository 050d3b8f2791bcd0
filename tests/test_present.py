from __future__ import annotations

import re
from datetime import date

import pytest

from fakes import FakeEngine
from talkbot.answer.reply import Citation, Reply
from talkbot.knowledge.models import Person, Schedule, Talk
from talkbot.present import (
    CONTENT_LIMIT,
    EMBED_TOTAL_LIMIT,
    Card,
    Field,
    date_stamp,
    escape_text,
    help_card,
    not_covered_card,
    page_count,
    person_choices,
    reply_card,
    speaker_card,
    suggestion_labels,
    talk_card,
    talk_choices,
    talks_page,
    truncate,
    when,
)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("a fairly long sentence here", 15, "a fairly long…"),
        ("x" * 20, 10, "x" * 9 + "…"),
    ],
)
def test_truncate(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected
    assert len(truncate(text, limit)) <= limit


@pytest.mark.parametrize(
    "text",
    [
        "@everyone look",
        "hi @here",
        "<@123456789012345678>",
        "<@!123456789012345678>",
        "<@&123456789012345678>",
    ],
)
def test_escape_text_breaks_every_mention(text: str) -> None:
    escaped = escape_text(text)
    assert not re.search(r"(?<!\\)<@[!&]?\d+>", escaped)
    assert not re.search(r"@(everyone|here)", escaped)


def test_escape_text_shows_markdown_literally() -> None:
    assert escape_text("**bold** _it_ `code` [x](http://e.vil) > q") == (
        r"\*\*bold\*\* \_it\_ \`code\` \[x\](http://e.vil) \> q"
    )


def test_fitted_respects_every_embed_limit() -> None:
    card = Card(
        title="t" * 400,
        description="d " * 3000,
        fields=tuple(Field("n" * 300, "v " * 800) for _ in range(40)),
        footer="f" * 3000,
        author="a" * 300,
    ).fitted()
    assert len(card.title) <= 256 and len(card.description) <= 4096 and len(card.author) <= 256
    assert len(card.fields) <= 25 and all(len(f.name) <= 256 and len(f.value) <= 1024 for f in card.fields)
    assert card.size() <= EMBED_TOTAL_LIMIT
    assert len(card.as_text()) <= CONTENT_LIMIT


def test_date_only_talk_is_shown_at_noon_so_the_day_is_right_everywhere() -> None:
    schedule = Schedule(start_date=date(2024, 4, 24))
    assert when(schedule) == "<t:1713952800:D>"  # 2024-04-24 12:00 Brussels (UTC+2)


def test_dated_citation_without_known_talk() -> None:
    assert date_stamp("2024-04-24") == "<t:1713960000:D>"
    assert date_stamp("") == ""


def test_reply_card_has_answer_then_cited_snippets(kb) -> None:
    reply = FakeEngine(kb).answer("who presented the I3 instrument? @everyone")
    card = reply_card(reply, kb)
    assert card.description.startswith("Eric Koch")
    assert card.author.startswith("❓ who presented")
    [field] = card.fields
    assert field.name.startswith("1. Innovation through integration")
    assert "· Interregional" in field.name
    assert field.value.startswith("📅 <t:1713940200:D>\n> Eric Koch")  # the talk's real start, 08:30 Brussels


def test_snippets_of_one_section_share_a_field(kb) -> None:
    def cite(section: str, snippet: str) -> Citation:
        return Citation("2024-04-24-meta-cluster", "Meta-cluster talk", "2024-04-24", section, snippet)

    reply = Reply(
        question="q",
        answered=True,
        text="",
        answer="a",
        citations=(cite("I3", "one"), cite("I3", "two"), cite("Panel", "three"), cite("", "four")),
    )
    card = reply_card(reply, kb)
    assert [f.name for f in card.fields] == [
        "1. Meta-cluster talk · I3",
        "2. Meta-cluster talk · Panel",
        "3. Meta-cluster talk",
    ]
    assert card.fields[0].value.endswith("> one\n> two")


def test_reply_card_does_not_quote_what_the_answer_says(kb) -> None:
    said = "The I3 Instrument is built on three pillars: Interregional, Innovation and Investments."
    added = "I3 project sizes can vary between 2-10 million EUR."
    reply = Reply(
        question="q", answered=True, text="", answer=f"{said} Also good to know.",
        citations=(Citation("2024-04-24-meta-cluster", "Meta", "2024-04-24", "I3", said),
                   Citation("2024-04-24-meta-cluster", "Meta", "2024-04-24", "Funding", added)),
    )
    first, second = reply_card(reply, kb).fields
    assert said not in first.value and first.value.startswith("📅")
    assert second.value.endswith(f"> {added}")


def test_not_covered_card_escapes_the_question() -> None:
    reply = Reply(
        question="**hi** @everyone <@&1234567890123456>", answered=False, text="", suggestions=("a?",)
    )
    card = not_covered_card(reply)
    assert "\\*\\*hi\\*\\*" in card.description
    assert "@everyone" not in card.description and "Did you mean" in card.description


def test_suggestion_labels_at_most_three_and_short() -> None:
    reply = Reply(
        question="q", answered=False, text="", suggestions=tuple("x" * 100 + str(i) for i in range(5))
    )
    labels = suggestion_labels(reply)
    assert len(labels) == 3 and all(len(label) <= 80 for label in labels)


def test_talk_card(kb) -> None:
    talk = kb.talk("2024-04-24-meta-cluster")
    card = talk_card(talk, kb)
    names = [f.name for f in card.fields]
    assert card.title == talk.title
    assert names[0] == "When" and "<t:1713940200:F>" in card.fields[0].value
    assert "Speakers" in names and "Key messages" in names and "Sources" in names
    speakers = next(f.value for f in card.fields if f.name == "Speakers")
    assert "**Eric Koch** — Head of Sector for I3, EISMEA, European Commission" in speakers
    assert card.size() <= EMBED_TOTAL_LIMIT


def test_talk_card_of_a_cancelled_talk_says_why(announced_kb) -> None:
    card = talk_card(announced_kb.talk("2030-01-23-circular-textiles"), announced_kb)
    assert card.fields[0].name == "When"
    assert card.fields[0].value.endswith("**Cancelled: The organisers could not confirm the panel in time.**")
    no_speakers = talk_card(announced_kb.talk("2030-02-06-hydrogen-valleys"), announced_kb)
    assert "Speakers" not in [f.name for f in no_speakers.fields]


def test_speaker_card_lists_roles_and_talks(kb) -> None:
    person = kb.person("marek-przeor")
    card = speaker_card(person, kb)
    talks = "\n".join(f.value for f in card.fields if f.name.startswith("Talks"))
    assert card.title == "Marek Przeor"
    assert talks.count("\n") + 1 == len(kb.talks_of("marek-przeor"))
    assert any(f.name == "Roles and organisations" for f in card.fields)


def test_speaker_without_talks() -> None:
    from talkbot.knowledge.models import KnowledgeBase

    person = Person(id="x", name="X")
    card = speaker_card(person, KnowledgeBase(people=(person,)))
    assert card.fields[-1].value == "No talks recorded yet."


def test_talks_pages_cover_every_talk(kb) -> None:
    talks = sorted(kb.talks, key=lambda t: t.schedule.start, reverse=True)
    pages = page_count(len(talks), 2)
    titles = [f.name for p in range(pages) for f in talks_page(talks, kb, p, per_page=2).fields]
    assert titles == [t.title[:256] for t in talks]
    assert talks_page(talks, kb, 99, per_page=2).footer.startswith(f"Page {pages} of {pages}")


def test_choices_fit_discords_limits(kb) -> None:
    long = Talk(id="t" * 120, title="T" * 150, schedule=Schedule(start_date=date(2024, 1, 1)), summary="")
    choices = talk_choices([long] * 30)
    assert len(choices) == 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
    assert choices[0].name.endswith("(2024-01-01)")
    assert len(person_choices(kb.people * 3)) <= 25


def test_help_mentions_every_command() -> None:
    text = help_card("4 talks", ask_channels=(42,)).as_text()
    for command in ("/ask", "/talk", "/speaker", "/talks", "<#42>"):
        assert command in text


MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")


@pytest.mark.parametrize(
    "typed",
    [
        "see [the official page](https://evil.example/x)",
        "**urgent** ||secret|| `code` # title > quote",
        "ping <@&123> and @everyone",
    ],
)
def test_an_answer_that_echoes_the_question_shows_the_echo_as_typed(typed):
    from talkbot.knowledge.models import KnowledgeBase
    from talkbot.present import escape_echoes, reply_card

    question = f"who presented the I3 instrument, and {typed}"
    reply = Reply(
        question=question,
        answered=True,
        text="",
        answer=f'Eric Koch presented the I3 instrument. (Not covered: "{typed}".)',
    )
    description = reply_card(reply, KnowledgeBase()).description
    assert not MASKED_LINK.search(description)
    assert "**urgent**" not in description and "||secret||" not in description
    assert "<@&123>" not in description and "@everyone" not in description
    # Knowledge keeps its own markdown when nothing of it was typed.
    assert escape_echoes("Visit the **[ECCP](https://eccp.eu)** page", "who presented the I3 instrument?") == (
        "Visit the **[ECCP](https://eccp.eu)** page"
    )


def test_a_schedule_known_only_by_its_month_shows_the_month_not_a_made_up_day() -> None:
    month = Schedule(start_date=date(2024, 11, 1), end_date=date(2024, 11, 30))
    assert when(month) == "November 2024"
    days = Schedule(start_date=date(2024, 11, 1), end_date=date(2024, 11, 29))  # a real span is still shown as one
    assert "<t:" in when(days) and "November" not in when(days)
