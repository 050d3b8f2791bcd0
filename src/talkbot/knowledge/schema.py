"""The shape of every knowledge record, declared once.

The loader validates against these declarations, and the JSON Schema that editors use is
generated from them, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Field kinds: a plain name, ("list", kind), ("ref", what), ("record", Record) or ("text|record", Record)
ID = "id"
STR = "str"
TEXT = "text"
DATE = "date"
TIME = "time"
TIMEZONE = "timezone"
BOOL = "bool"
URL = "url"
EVENT_KINDS = ("conference", "matchmaking", "webinar", "trade-fair", "deadline", "call", "launch", "other")
#: a talk as announced, or called off (with ``status_reason`` saying why)
SCHEDULED = "scheduled"
CANCELLED = "cancelled"
POSTPONED = "postponed"
TALK_STATUSES = (SCHEDULED, CANCELLED, POSTPONED)


@dataclass(frozen=True)
class Field:
    kind: object
    required: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()
    #: what to do when the source does not give a required field (said when it is missing)
    missing: str = ""


@dataclass(frozen=True)
class Record:
    name: str
    fields: dict[str, Field] = field(default_factory=dict)
    doc: str = ""
    #: when the YAML holds a plain string instead of a mapping, it fills this field
    shorthand: str = ""


def listof(kind: object) -> tuple[str, object]:
    return ("list", kind)


def ref(what: str) -> tuple[str, str]:
    return ("ref", what)


def rec(record: Record) -> tuple[str, Record]:
    return ("record", record)


SOURCE = Record(
    "source",
    {
        "title": Field(STR, True, "What the source is, e.g. 'Announcement page'",
                       missing="say what it is, e.g. Announcement page or Summary page"),
        "url": Field(URL, False, "Web address"),
        "file": Field(STR, False, "Name of the source document"),
    },
    "Where the facts come from",
)

POINT = Record(
    "point",
    {
        "text": Field(TEXT, True, "One self-contained statement: it is cited as a snippet"),
        "by": Field(listof(ref("person")), False, "Ids of the people the statement is attributed to"),
        "questions": Field(listof(STR), False, "Other ways people ask for this, answered with it"),
    },
    "A statement; a plain string or {by, text, questions}",
    shorthand="text",
)

SECTION = Record(
    "section",
    {
        "id": Field(ID, True, "Slug of the section, unique in the talk"),
        "title": Field(STR, True, "Heading of the section"),
        "speakers": Field(listof(ref("person")), False, "Who presented this section"),
        "points": Field(listof(rec(POINT)), True, "The statements of the section"),
    },
    "One part of a talk's summary",
)

APPEARANCE = Record(
    "appearance",
    {
        "person": Field(ref("person"), True, "Id of the person in people.yaml",
                        missing="add the person to people.yaml first and write their id here"),
        "role": Field(STR, False, "Their role at the time of the talk"),
        "organisation": Field(STR, False, "Their organisation at the time of the talk"),
        "part": Field(STR, False, "What they did in the talk"),
    },
    "A person's part in one talk",
)

AGENDA_ITEM = Record(
    "agenda item",
    {
        "title": Field(STR, True, "The agenda point"),
        "speakers": Field(listof(ref("person")), False, "Who speaks in it"),
    },
    "A point of the agenda; a plain string or {title, speakers}",
    shorthand="title",
)

TALK = Record(
    "talk",
    {
        "id": Field(ID, True, "Slug, by convention the file name without .yaml",
                    missing="write the file name without .yaml, e.g. 2024-06-05-hydrogen-valleys"),
        "title": Field(STR, True, "The exact title",
                       missing="copy it from the page; a page without a title is not enough to add the talk yet"),
        "date": Field(DATE, True, "Day of the talk, YYYY-MM-DD",
                      missing="if the page gives no day yet, keep the file in drafts/ until it does"),
        "start": Field(TIME, True, "Local start time, \"HH:MM\"",
                       missing="if the page gives only the day, keep the talk in drafts/ until the time is "
                       "announced, or add it to events.yaml, where times are optional"),
        "end": Field(TIME, False, "Local end time, \"HH:MM\"; leave it out when the page gives only the start"),
        "timezone": Field(TIMEZONE, True, "IANA time zone of start and end, e.g. Europe/Brussels",
                          missing="write Europe/Brussels when the page says CET or CEST, or gives no zone "
                          "for an EU Clusters Talk"),
        "status": Field(STR, False, "scheduled (the default), cancelled or postponed", TALK_STATUSES),
        "status_reason": Field(TEXT, False, "Why the talk was cancelled or postponed, as announced"),
        "announced_time": Field(STR, False, "The time as the source wrote it, e.g. '8:30 – 9:45 CET'"),
        "summary": Field(TEXT, True, "What the talk was about",
                         missing="for a talk only announced so far, say in a sentence or two what it will be about"),
        "format": Field(STR, False, "e.g. Online webinar"),
        "organiser": Field(STR, False, "Who organised it"),
        "registration": Field(TEXT, False, "Registration rules"),
        "moderators": Field(listof(rec(APPEARANCE)), False, "Who moderated"),
        "speakers": Field(listof(rec(APPEARANCE)), False, "Who spoke; leave it out until the speakers are announced"),
        "agenda": Field(listof(rec(AGENDA_ITEM)), False, "The agenda"),
        "key_messages": Field(listof(TEXT), False, "The key messages"),
        "sections": Field(listof(rec(SECTION)), False, "The parts of the summary"),
        "recording": Field(TEXT, False, "Where the recording and slides are"),
        "tags": Field(listof(STR), False, "Topic words people may use"),
        "sources": Field(listof(rec(SOURCE)), True, "Where the facts come from",
                         missing="name the page you took the facts from: - title: Announcement page, url: ..."),
        "questions": Field(listof(STR), False, "Other ways people ask for this, answered with the summary"),
    },
    "One EU Clusters Talk",
)

PERSON = Record(
    "person",
    {
        "id": Field(ID, True, "Slug, e.g. marek-przeor",
                    missing="the name in lower case, without accents, words joined by '-', e.g. marek-przeor"),
        "name": Field(STR, True, "Full name with accents", missing="write the name as the page spells it"),
        "aliases": Field(listof(STR), False, "Other spellings of the name"),
        "note": Field(TEXT, False, "Anything worth knowing that is not a role in a talk"),
    },
    "A person; roles and organisations are on each talk",
)

EVENT = Record(
    "event",
    {
        "id": Field(ID, True, "Slug"),
        "title": Field(STR, True, "Name of the event"),
        "kind": Field(STR, True, "What sort of event", EVENT_KINDS, missing="when none fits, write other"),
        "start_date": Field(DATE, True, "First day, YYYY-MM-DD",
                            missing="for a call or deadline, the day it opens or closes; with no day known "
                            "yet, leave the event out"),
        "end_date": Field(DATE, False, "Last day, for events spanning several days"),
        "start_time": Field(TIME, False, "Local start time, \"HH:MM\""),
        "end_time": Field(TIME, False, "Local end time, \"HH:MM\""),
        "timezone": Field(TIMEZONE, False, "IANA time zone (default Europe/Brussels)"),
        "location": Field(STR, False, "City and country, or 'online'"),
        "online": Field(BOOL, False, "true when it happens online"),
        "description": Field(TEXT, True, "What it is and who it is for",
                             missing="say in a sentence what it is, in your own words"),
        "announced_in": Field(listof(ref("talk")), False, "Ids of the talks that announced it"),
        "aliases": Field(listof(STR), False, "Other names people use"),
        "url": Field(URL, False, "Web address"),
        "questions": Field(listof(STR), False, "Other ways people ask for this, answered with it"),
    },
    "A conference, matchmaking event, call or deadline announced to the community",
)

TERM = Record(
    "term",
    {
        "term": Field(STR, True, "The abbreviation or name, e.g. CEBR"),
        "stands_for": Field(STR, False, "What the abbreviation stands for"),
        "description": Field(TEXT, False, "What it is, in a sentence or two"),
        "aliases": Field(listof(STR), False, "Other ways of writing it"),
        "questions": Field(listof(STR), False, "Other ways people ask for this, answered with it"),
    },
    "A glossary entry",
)

SERIES = Record(
    "series",
    {
        "id": Field(ID, True, "Slug"),
        "name": Field(STR, True, "Name of the series"),
        "organiser": Field(STR, False, "Who runs it"),
        "summary": Field(TEXT, True, "What the series is"),
        "sections": Field(listof(rec(SECTION)), False, "Facts about the series"),
    },
    "The talk series itself",
)

CHECK = Record(
    "check",
    {
        "id": Field(STR, False, "A short name for the check, shown when it fails"),
        "question": Field(STR, True, "A question as members ask it",
                          missing="write the question a member would ask"),
        "must": Field(listof(listof(STR)), False,
                      "What a right answer contains: a list of groups, each a list of alternatives, e.g. "
                      "[[Eric Koch], [I3, Interregional Innovation Investments]]; each group needs one of its "
                      "alternatives (case and accents aside)"),
        "answerable": Field(BOOL, False, "false when the right reply is to decline (default true)"),
        "now": Field(STR, False, "The moment the question is asked, for questions about the next talk: "
                     "2024-04-20T10:00+02:00"),
    },
    "A question with what a right answer must contain: checked on every reload, upload and validate",
)

#: top-level keys of a shared file and the record each list holds
COLLECTIONS: dict[str, Record] = {
    "series": SERIES,
    "people": PERSON,
    "events": EVENT,
    "terms": TERM,
    "talks": TALK,
    "checks": CHECK,
}
