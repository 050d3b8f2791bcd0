"""How answers, talks and people look in a chat: plain cards that cogs turn into embeds.

Everything Discord limits (embed sizes, 25 fields, 2,000-character messages) is enforced
here, without importing discord, so it is tested like any other core code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from talkbot.answer.index import whole_month
from talkbot.answer.reply import Citation, Reply
from talkbot.knowledge.models import Event, KnowledgeBase, Person, Schedule, Talk

# Discord's documented limits.
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
BUTTON_LABEL_LIMIT = 80
CHOICE_NAME_LIMIT = 100
CHOICE_LIMIT = 25

# Our own choices, for readability rather than limits.
MAX_CITATIONS = 5
MAX_SUGGESTIONS = 3
TALKS_PER_PAGE = 6
ANSWER_LIMIT = 3000  # an answer longer than this is a wall of text on a phone

COLOR_ANSWER = 0x2B6CB0
COLOR_UNSURE = 0xD69E2E
COLOR_INFO = 0x4A5568

ELLIPSIS = "…"


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, at a word boundary when one is near."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + ELLIPSIS


_MARKDOWN = re.compile(r"([\\*_~`|\[\]>#])")
_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")


def neutralise_mentions(text: str) -> str:
    """For trusted text (the knowledge): keep its markdown, but never let it mention anyone.

    A zero-width space after the @ breaks @everyone/@here; an escaped "<" breaks <@id>.
    """
    return _MENTION.sub(
        lambda m: f"@\u200b{m.group(1)}" if m.group(1) else f"\\<{m.group(2)}{m.group(3)}>", text
    )


def escape_text(text: str) -> str:
    """Make user-typed text show as typed: no markdown, no mentions, no masked links."""
    text = _MARKDOWN.sub(r"\\\1", text)
    if text.startswith("-"):
        text = "\\" + text
    return neutralise_mentions(text)


#: a piece of an answer at least this long that also occurs in the question is an echo
_ECHO_GRAM = 6


def escape_echoes(text: str, typed: str) -> str:
    """Escape, in trusted ``text``, every piece copied from what a user ``typed``.

    An answer is knowledge (its markdown is kept), but it may repeat part of the question
    ("(Not covered: "...")"): a masked link or markdown typed there must show as typed.
    Linear: the question's 6-character pieces in a set, the answer marked where they occur.
    """
    k = _ECHO_GRAM
    if len(typed) < k or len(text) < k:
        return escape_text(text) if text and text in typed else neutralise_mentions(text)
    grams = {typed[i : i + k] for i in range(len(typed) - k + 1)}
    echoed = [False] * len(text)
    for i in range(len(text) - k + 1):
        if text[i : i + k] in grams:
            echoed[i : i + k] = [True] * k
    out, at = [], 0
    while at < len(text):
        end = at
        while end < len(text) and echoed[end] == echoed[at]:
            end += 1
        piece = text[at:end]
        out.append(escape_text(piece) if echoed[at] else neutralise_mentions(piece))
        at = end
    return "".join(out)


def discord_timestamp(moment: datetime, style: str = "F") -> str:
    """``<t:UNIX:STYLE>``: every reader sees the time in their own zone and language."""
    return f"<t:{math.floor(moment.timestamp())}:{style}>"


def when(schedule: Schedule) -> str:
    """A talk's or event's time as Discord timestamps; a date alone when no time is known."""
    if schedule.has_time:
        return f"{discord_timestamp(schedule.start, 'F')} ({discord_timestamp(schedule.start, 'R')})"
    if whole_month(schedule):
        return f"{schedule.start_date:%B %Y}"  # only the month was announced: no day made up
    # Noon, not midnight: midnight in Brussels is still the previous day in the Americas.
    noon = datetime.combine(schedule.start_date, time(12), schedule.zone)
    text = discord_timestamp(noon, "D")
    if schedule.end_date and schedule.end_date != schedule.start_date:
        end_noon = datetime.combine(schedule.end_date, time(12), schedule.zone)
        text += f" – {discord_timestamp(end_noon, 'D')}"
    return text


def day(schedule: Schedule) -> str:
    """Just the date of a talk or event, as a Discord timestamp."""
    return discord_timestamp(schedule.start, "D") if schedule.has_time else when(schedule)


def date_stamp(value: str) -> str:
    """A citation's ``YYYY-MM-DD`` as a Discord date; empty when there is no usable date."""
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    return discord_timestamp(datetime.combine(day, time(12), UTC), "D")


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Card:
    """An embed, as plain data."""

    title: str = ""
    description: str = ""
    fields: tuple[Field, ...] = ()
    footer: str = ""
    author: str = ""
    url: str = ""
    color: int = COLOR_INFO

    def size(self) -> int:
        return (
            len(self.title)
            + len(self.description)
            + len(self.footer)
            + len(self.author)
            + sum(len(f.name) + len(f.value) for f in self.fields)
        )

    def fitted(self) -> Card:
        """The same card within every embed limit (fields dropped from the end, then text cut)."""
        fields = tuple(
            Field(
                truncate(f.name, FIELD_NAME_LIMIT) or "\u200b",
                truncate(f.value, FIELD_VALUE_LIMIT) or "\u200b",
                f.inline,
            )
            for f in self.fields[:FIELD_COUNT_LIMIT]
        )
        card = replace(
            self,
            title=truncate(self.title, TITLE_LIMIT),
            description=truncate(self.description, DESCRIPTION_LIMIT),
            footer=truncate(self.footer, FOOTER_LIMIT),
            author=truncate(self.author, AUTHOR_LIMIT),
            fields=fields,
        )
        while card.size() > EMBED_TOTAL_LIMIT and card.fields:
            card = replace(card, fields=card.fields[:-1])
        if card.size() > EMBED_TOTAL_LIMIT:
            room = EMBED_TOTAL_LIMIT - (card.size() - len(card.description))
            card = replace(card, description=truncate(card.description, max(room, 1)))
        return card

    def as_text(self) -> str:
        """A plain message for channels where the bot may not embed, within 2,000 characters."""
        parts = []
        if self.author:
            parts.append(self.author)
        if self.title:
            parts.append(f"**{self.title}**")
        if self.description:
            parts.append(self.description)
        for f in self.fields:
            parts.append(f"**{f.name}**\n{f.value}")
        if self.footer:
            parts.append(f"-# {self.footer}")
        return truncate("\n\n".join(parts), CONTENT_LIMIT)


def chunk_lines(lines: Iterable[str], limit: int = FIELD_VALUE_LIMIT) -> list[str]:
    """Group lines into blocks of at most ``limit`` characters (long lines are cut)."""
    blocks: list[str] = []
    current = ""
    for line in lines:
        line = truncate(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            blocks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(current)
    return blocks


def _fields(name: str, lines: Sequence[str]) -> list[Field]:
    blocks = chunk_lines(lines)
    return [Field(name if i == 0 else f"{name} (continued)", block) for i, block in enumerate(blocks)]


def _person_name(kb: KnowledgeBase, person_id: str) -> str:
    person = kb.person(person_id)
    return person.name if person else person_id


def _citation_day(kb: KnowledgeBase, talk_id: str, fallback: str) -> str:
    item: Talk | Event | None = kb.talk(talk_id) or kb.event(talk_id)
    return day(item.schedule) if item is not None else date_stamp(fallback)


# --- answers ---------------------------------------------------------------------------------


def _adds(snippet: str, answer: str) -> bool:
    """True when the snippet adds to the answer: not when the answer already contains it."""
    plain = snippet.removesuffix(" …").strip()
    return " ".join(plain.split()) not in " ".join(answer.split())


def reply_card(reply: Reply, kb: KnowledgeBase) -> Card:
    """An answered question: the answer, then the cited snippets with their talk, date and section.

    Snippets from the same section of the same talk share one field, so a talk is named once.
    """
    answer = reply.answer or reply.text
    groups: dict[tuple[str, str], list[Citation]] = {}
    for citation in reply.citations:
        groups.setdefault((citation.talk_id, citation.section), []).append(citation)
    fields = []
    for number, citations in enumerate(list(groups.values())[:MAX_CITATIONS], start=1):
        first = citations[0]
        name = f"{number}. {first.title}"
        if first.section:
            name += f" · {first.section}"
        lines = []
        stamp = _citation_day(kb, first.talk_id, first.date)
        if stamp:
            lines.append(f"📅 {stamp}")
        # a snippet the answer already says is not quoted again: the field just names the source
        lines += [f"> {neutralise_mentions(truncate(c.snippet, 400))}" for c in citations
                  if _adds(c.snippet, answer)]
        fields.append(Field(name, "\n".join(lines)))
    return Card(
        author=f"❓ {reply.question}",
        description=escape_echoes(truncate(answer, ANSWER_LIMIT), reply.question),
        fields=tuple(fields),
        footer="Was this helpful? Tell us with 👍 or 👎 below.",
        color=COLOR_ANSWER,
    ).fitted()


def not_covered_card(reply: Reply) -> Card:
    """A question the knowledge does not cover: say so plainly, offer what the bot can answer."""
    lines = [
        f"I could not find an answer to “{escape_text(truncate(reply.question, 300))}” "
        "in what I know about the EU Clusters Talks."
    ]
    if reply.suggestions:
        lines.append("Did you mean one of these? Press a button below.")
    else:
        lines.append("Try `/talks` to browse the talks, `/speaker` for a person, or `/help`.")
    return Card(title="Not covered", description="\n\n".join(lines), color=COLOR_UNSURE).fitted()


def suggestion_labels(reply: Reply) -> list[str]:
    """Button labels for the "Did you mean" buttons (at most three, within Discord's 80)."""
    return [truncate(s, BUTTON_LABEL_LIMIT) for s in reply.suggestions[:MAX_SUGGESTIONS]]


# --- browsing --------------------------------------------------------------------------------


def _appearance_line(kb: KnowledgeBase, appearance) -> str:
    line = f"**{_person_name(kb, appearance.person)}**"
    if appearance.affiliation:
        line += f" — {appearance.affiliation}"
    if appearance.part:
        line += f" ({appearance.part})"
    return line


def _source_line(source) -> str:
    if source.url:
        return f"[{source.title.replace(']', ')')}]({source.url})"
    return source.title or source.file


def talk_card(talk: Talk, kb: KnowledgeBase) -> Card:
    """Everything about one talk: when, who, key messages, where the facts come from."""
    when_text = when(talk.schedule)
    if talk.status_note:
        when_text += f"\n**{neutralise_mentions(talk.status_note)}**"
    fields = [Field("When", when_text)]
    if talk.format or talk.organiser:
        fields.append(Field("Format", " · ".join(x for x in (talk.format, talk.organiser) if x), inline=True))
    if talk.speakers:
        fields += _fields("Speakers", [_appearance_line(kb, a) for a in talk.speakers])
    if talk.moderators:
        fields += _fields("Moderation", [_appearance_line(kb, a) for a in talk.moderators])
    if talk.key_messages:
        fields += _fields("Key messages", [f"• {m}" for m in talk.key_messages])
    if talk.recording:
        fields.append(Field("Recording", talk.recording))
    if talk.registration:
        fields.append(Field("Registration", talk.registration))
    if talk.sources:
        fields += _fields("Sources", [_source_line(s) for s in talk.sources])
    url = next((s.url for s in talk.sources if s.url), "")
    return Card(
        title=talk.title,
        url=url,
        description=neutralise_mentions(truncate(talk.summary, 1500)),
        fields=tuple(fields),
        footer=f"talk: {talk.id}",
        color=COLOR_ANSWER,
    ).fitted()


def speaker_card(person: Person, kb: KnowledgeBase) -> Card:
    """A person: their roles and organisations, and every talk they took part in."""
    appearances = kb.talks_of(person.id)
    roles: list[str] = []
    for _talk, appearance in reversed(appearances):  # newest role first
        if appearance.affiliation and appearance.affiliation not in roles:
            roles.append(appearance.affiliation)
    description = []
    if person.aliases:
        description.append("Also known as " + ", ".join(person.aliases))
    if person.note:
        description.append(person.note)
    fields = []
    if roles:
        fields += _fields("Roles and organisations", [f"• {r}" for r in roles])
    talk_lines = []
    for talk, appearance in reversed(appearances):
        line = f"{day(talk.schedule)} — {talk.title}"
        if appearance.part:
            line += f" ({appearance.part})"
        talk_lines.append(line)
    fields += _fields("Talks", talk_lines or ["No talks recorded yet."])
    return Card(
        title=person.name,
        description=neutralise_mentions("\n".join(description)),
        fields=tuple(fields),
        footer=f"{len(appearances)} talk(s) · use /talk for the details of one",
        color=COLOR_ANSWER,
    ).fitted()


def page_count(total: int, per_page: int = TALKS_PER_PAGE) -> int:
    return max(1, math.ceil(total / per_page))


def talks_page(talks: Sequence[Talk], kb: KnowledgeBase, page: int, per_page: int = TALKS_PER_PAGE) -> Card:
    """One page of the talk list (``page`` counts from 0)."""
    pages = page_count(len(talks), per_page)
    page = min(max(page, 0), pages - 1)
    fields = []
    for talk in talks[page * per_page : (page + 1) * per_page]:
        names = ", ".join(_person_name(kb, a.person) for a in talk.speakers)
        value = day(talk.schedule)
        if names:
            value += f"\n{names}"
        fields.append(Field(talk.title, value))
    return Card(
        title="EU Clusters Talks",
        description="Newest first. Use `/talk` for the full card of one talk." if talks else "No talks yet.",
        fields=tuple(fields),
        footer=f"Page {page + 1} of {pages} · {len(talks)} talks",
        color=COLOR_INFO,
    ).fitted()


def help_card(summary: str = "", ask_channels: Sequence[int] = ()) -> Card:
    """What the bot can do, for /help."""
    asking = [
        "• Mention me with your question, e.g. `@talkbot who presented the I3 instrument?`",
        "• Send me a direct message",
        "• Use `/ask question:`",
    ]
    if ask_channels:
        asking.append("• Or just write in " + ", ".join(f"<#{c}>" for c in ask_channels))
    fields = [
        Field("Ask a question", "\n".join(asking)),
        Field(
            "Browse",
            "`/talk` a talk's card: date, speakers, key messages, sources\n"
            "`/speaker` a person's roles and talks\n"
            "`/talks` every talk, newest first",
        ),
        Field(
            "Good to know",
            "Answers cite the talks they come from. When I am not sure I say so and offer up to three "
            "questions I can answer. 👍/👎 under an answer help the admins improve me.",
        ),
    ]
    return Card(
        title="talkbot: questions about the EU Clusters Talks",
        description=f"I know {summary}." if summary else "",
        fields=tuple(fields),
        color=COLOR_INFO,
    ).fitted()


@dataclass(frozen=True)
class Choice:
    """An autocomplete choice: what the user sees and the value the command receives."""

    name: str
    value: str


def talk_choices(talks: Iterable[Talk], limit: int = CHOICE_LIMIT) -> list[Choice]:
    out = []
    for talk in talks:
        label = f"{talk.title} ({talk.date.isoformat()})"
        if len(label) > CHOICE_NAME_LIMIT:
            label = f"{truncate(talk.title, CHOICE_NAME_LIMIT - 13)} ({talk.date.isoformat()})"
        out.append(Choice(label, talk.id[:CHOICE_NAME_LIMIT]))
    return out[: min(limit, CHOICE_LIMIT)]


def person_choices(people: Iterable[Person], limit: int = CHOICE_LIMIT) -> list[Choice]:
    return [Choice(truncate(p.name, CHOICE_NAME_LIMIT), p.id[:CHOICE_NAME_LIMIT]) for p in people][
        : min(limit, CHOICE_LIMIT)
    ]


def too_long_notice(length: int, limit: int) -> str:
    return f"That question is {length} characters long; please keep it under {limit} characters."


def rate_limited_notice(retry_after: float) -> str:
    seconds = max(1, math.ceil(retry_after))
    return f"You are asking faster than I can keep up with. Please try again in {seconds} s."
