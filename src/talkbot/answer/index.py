"""Snippets built from the knowledge, and an inverted index to pre-select them (BM25).

Every fact the bot can cite is a :class:`Snippet`: a point of a section, a key message, a
speaker's appearance, a talk's date line, an event, a glossary entry... Each carries its
body words and its *context* words (talk title, section, who said it, the talk's month)
so that "what did Daban say in the April 2024 talk" finds her points.
"""

from __future__ import annotations

import ctypes
import math
import re
import sys
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain, repeat
from zoneinfo import ZoneInfo

import numpy as np

from talkbot.answer.lexicon import STOPWORDS
from talkbot.answer.text import _IN_WORD_DOT, content_terms, fold, stem, words
from talkbot.knowledge.models import Event, KnowledgeBase, Person, Schedule, Series, Talk, Term

K1 = 1.2
B = 0.6
CONTEXT_WEIGHT = 0.35
#: a word in so many snippets that it selects nothing (idf below this) is left to the rescoring
MIN_SELECT_IDF = 0.3
_EMPTY: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def format_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


#: the time zone the series runs on, which answers also give for talks held elsewhere
BRUSSELS = ZoneInfo("Europe/Brussels")


def whole_month(s: Schedule) -> bool:
    """Whether a schedule is a whole month with no time: only the month was announced."""
    return bool(s.end_date and s.start_date.day == 1 and (s.end_date + timedelta(days=1)).day == 1
                and not s.start_time and (s.start_date.year, s.start_date.month) == (s.end_date.year, s.end_date.month))


def format_day(item: Talk | Event) -> str:
    """'24 April 2024', or 'November 2024' for something known only by its month."""
    s = item.schedule
    return f"{s.start_date:%B %Y}" if whole_month(s) else format_date(s.start_date)


def format_when(item: Talk | Event) -> str:
    """'24 April 2024, 08:30–09:45 CET (Brussels time)' or '10–12 June 2024'."""
    s = item.schedule
    if whole_month(s):
        return f"{s.start_date:%B %Y}"  # a whole month: only the month is known
    if s.end_date and s.end_date != s.start_date:
        if (s.start_date.year, s.start_date.month) == (s.end_date.year, s.end_date.month):
            days = f"{s.start_date.day}–{format_date(s.end_date)}"
        else:
            days = f"{format_date(s.start_date)} – {format_date(s.end_date)}"
    else:
        days = format_date(s.start_date)
    if not s.start_time:
        return days
    start = s.start
    span = f"{start:%H:%M}"
    if s.end_time:
        span += f"–{s.end_time:%H:%M}"
    city = s.timezone.split("/")[-1].replace("_", " ")
    when = f"{days}, {span} {start.tzname()} ({city} time)"
    there = brussels_span(item)
    return f"{when}, {there} in Brussels" if there else when


def brussels_span(item: Talk | Event) -> str:
    """'09:00–10:15 CET': an item's times on Brussels time, where the community lives, when it is
    held on another clock; '' when it is on Brussels time already or has no time."""
    s = item.schedule
    if s.timezone == BRUSSELS.key or not s.start_time:
        return ""
    here = s.start.astimezone(BRUSSELS)
    return f"{here:%H:%M}" + (f"–{s.end.astimezone(BRUSSELS):%H:%M}" if s.end_time else "") + f" {here.tzname()}"


class Parts:
    """Context words as a few shared sets (the talk's, the section's, the speaker's), not a copy each."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[frozenset[str], ...]):
        self.parts = parts

    def __contains__(self, term: object) -> bool:
        for part in self.parts:  # noqa: SIM110 (a loop: any() with a generator costs more than the lookups)
            if term in part:
                return True
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(frozenset().union(*self.parts))


class Snippet:
    """One citable fact. Built when a question needs it; its words and what its text contains (an
    amount, a number, a date, a duration) are worked out on first use, each on its own: most
    candidates are asked only one or two of them."""

    __slots__ = ("_body", "_flags", "_lead", "_named", "context", "day", "event", "id", "items", "kind",
                 "named_extra", "people", "section", "talk", "text")

    def __init__(self, sid: int, kind: str, text: str, section: str, talk: Talk | None, event: Event | None,
                 people: tuple[str, ...], day: date | None, context: Parts, named_extra: frozenset[str],
                 items: tuple[frozenset[str], ...]):
        self.id, self.kind, self.text, self.section = sid, kind, text, section
        self.talk, self.event, self.people, self.day = talk, event, people, day
        self.context, self.named_extra, self.items = context, named_extra, items
        self._body: frozenset[str] | None = None
        self._lead: frozenset[str] | None = None
        self._named: frozenset[str] | None = None
        self._flags: dict[str, bool] = {}

    @property
    def body(self) -> frozenset[str]:
        if self._body is None:
            self._body = frozenset(content_terms(self.text))
        return self._body

    @property
    def lead(self) -> frozenset[str]:
        """The words of its first dozen words: what it is about."""
        if self._lead is None:
            self._lead = frozenset(content_terms(" ".join(self.text.split()[:12])))
        return self._lead

    @property
    def named(self) -> frozenset[str]:
        """What the snippet names: its words, its talk's title, for glossary and events their aliases."""
        if self._named is None:
            self._named = self.body | self.named_extra
        return self._named

    def _flag(self, name: str) -> bool:
        found = self._flags.get(name)
        if found is None:
            if name == "number":
                # a count, not a year, a day of the month or a clock time
                found = bool(_NUMBER.search(_YEARS_AND_DAYS.sub(" ", self.text)))
            else:
                found = bool(_FLAGS[name].search(self.text))
            self._flags[name] = found
        return found

    has_money = property(lambda self: self._flag("money"))
    has_number = property(lambda self: self._flag("number"))
    has_date = property(lambda self: self._flag("date"))
    has_duration = property(lambda self: self._flag("duration"))
    has_time = property(lambda self: self._flag("time"))  # a time of day: "09:00 – 09:20 Lignin"

    @property
    def source_id(self) -> str:
        if self.talk:
            return self.talk.id
        if self.event:
            return self.event.id
        return ""

    @property
    def source_title(self) -> str:
        if self.talk:
            return self.talk.title
        if self.event:
            return self.event.title
        return ""


_MONEY = re.compile(r"(€|\beur\b|\beuros?\b|\bmillion\b|\bbillion\b|\d\s?%|\bper ?cent|\bfree of charge\b)", re.I)
_NUMBER = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\b", re.I
)
DURATION = re.compile(
    r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few)[\s-]+(years?|months?|weeks?|days?|"
    r"hours?|minutes?)\b|\b\d{1,2}[:.]\d\d\s*[-–]\s*\d{1,2}[:.]\d\d\b",
    re.I,
)
_YEARS_AND_DAYS = re.compile(
    r"\b(19|20)\d\d(-(19|20)\d\d)?\b|\b\d{1,2}(st|nd|rd|th)?(\s*[-–]\s*\d{1,2})?\s+(january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b|\b\d{1,2}:\d\d\b",
    re.I,
)
_MONTHS = "january february march april may june july august september october november december".split()
_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b|\b(19|20)\d\d\b", re.I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\b")  # a time of day in a snippet: "09:00", "7.30"
_FLAGS = {"money": _MONEY, "date": _DATE, "duration": DURATION, "time": _TIME}


def _date_words(day: date | None) -> list[str]:
    if day is None:
        return []
    return [_MONTHS[day.month - 1], str(day.year)]


#: the kinds of snippets, stored as one small code per snippet
KINDS = ("overview", "when", "registration", "key_message", "speakers", "moderator", "appearance", "agenda_list",
         "announced", "agenda", "point", "recording", "event", "term", "series", "person")
_CODE = {kind: code for code, kind in enumerate(KINDS)}
_TALK_KINDS = frozenset(KINDS[:12])
#: words a snippet of each kind is found by besides its own ("who moderated" finds the moderator)
KIND_CONTEXT = {
    "when": "date time when schedule",
    "registration": "register",
    "speakers": "speaker spoke presented who",
    "moderator": "moderator moderated host",
    "appearance": "speaker spoke presented represented",
    "agenda_list": "agenda programme items",
    "announced": "news announced announcement events",
    "agenda": "agenda presented presentation",
    "recording": "recording video slides watch",
    "person": "who works role organisation job profile",
}
#: the section a talk's snippet of each kind is cited from (points: their section's title)
TALK_SECTIONS = {
    "overview": "Overview", "when": "Date and time", "registration": "Registration", "key_message": "Key messages",
    "speakers": "Speakers", "moderator": "Moderation", "appearance": "Speakers", "agenda_list": "Agenda",
    "announced": "News and announcements", "agenda": "Agenda", "recording": "Recording",
}
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_END, _STOP, _MAY = -2, -1, -3
#: bytes of a word stay, a line break (between texts) becomes "|", the end of a text; every other
#: byte (punctuation, UTF-8 of letters fold() could not make ASCII) separates words
_WORD_BYTES = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789" else 124 if c == 10 else 32 for c in range(256))
_COMPOUND_OR_END = re.compile(r"[a-z0-9]+(?:[/.][a-z0-9]+)+|\n")

try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL("libc.so.6") if sys.platform.startswith("linux") else None
    if _LIBC is not None and not hasattr(_LIBC, "malloc_trim"):
        _LIBC = None
except OSError:  # musl, or no libc by that name
    _LIBC = None
#: text tokenised at a time while building: big enough for numpy to pay, small enough to stay in cache
CHUNK_CHARS = 1 << 20
#: postings turned into (term, snippet) keys at a time when counting document frequencies
DF_BATCH = 1 << 20
#: context bonuses are summed as integers in units of 1/65536
_FIXED = 1 << 16
#: snippets (and talk layouts, word sets) kept built between questions: enough for the
#: candidates of the last few questions. Kept small on purpose: every cached object is one more
#: for each full run of the cyclic garbage collector (4,096 snippets cost 15 ms a run)
SNIPPET_CACHE = 512


def _release_freed_memory() -> None:
    """Give memory freed by the build back to the operating system (glibc keeps freed heap pages
    of many mid-sized arrays otherwise, and they add up to the peak). A no-op elsewhere."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _norm(text: str) -> str:
    return " ".join(text.split()) if "  " in text or "\n" in text else text


class _TokenIds(dict[bytes, int]):
    """Folded token (ASCII bytes) -> term id, filled on first sight: -1 a stop word, -2 the end
    of a snippet, -3 'may' (a month next to a number, a modal verb elsewhere: settled with its
    neighbours)."""

    def __init__(self, term_id):
        super().__init__({b"|": _END, b"may": _MAY})
        self._term_id = term_id

    def __missing__(self, token: bytes) -> int:
        word = token.decode()
        tid = _STOP if word in STOPWORDS else self._term_id(stem(word))
        self[token] = tid
        return tid


class _Snippets:
    """The index's snippets as a read-only sequence, each built when asked for."""

    def __init__(self, index: Index):
        self._index = index

    def __len__(self) -> int:
        return self._index.n

    def __getitem__(self, sid: int) -> Snippet:
        if not 0 <= sid < self._index.n:
            raise IndexError(sid)
        return self._index.snippet(sid)

    def __iter__(self) -> Iterator[Snippet]:
        return map(self._index.snippet, range(self._index.n))


class Index:
    """Snippets plus an inverted index from stemmed term to snippet ids with BM25 weights.

    A talk's snippet is known by its place in the talk's layout (events, glossary entries, series
    and people by four small numbers); its text and words are built again when a question needs
    it, so an index of half a million snippets costs a few arrays rather than millions of
    objects. The build tokenises texts a megabyte at a time (bytes split in C, one dict lookup
    per word) and lays postings out as CSR arrays with one byte for each posting's BM25
    term-frequency part, so a question costs a few vectorised additions. Context words (a talk's
    title, tags and month; a section's title; the words of a snippet's kind) are posted once per
    run of consecutive snippets.
    """

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.people: dict[str, Person] = {p.id: p for p in kb.people}
        self._person_no = {p.id: n for n, p in enumerate(kb.people)}
        self._announced: dict[str, list[Event]] = defaultdict(list)
        for event in kb.events:
            for tid in event.announced_in:
                self._announced[tid].append(event)
        self.term_ids: dict[str, int] = {}
        self._digit_terms = bytearray()  # per term id: 1 for a number
        self._tokens = _TokenIds(self._term_id)
        # a talk's snippets are numbered in the order of its layout (see _layout) from its first;
        # the snippets after the talks' (events, glossary, series, people) have their kind, owner
        # (index in the knowledge) and place in the owner stored
        self.n = 0
        self._talk_first = array("i")  # per talk: its first snippet (and, last, the end of all talks')
        self._kind = array("B")
        self._owner = array("i")
        self._a = array("i")
        self._b = array("i")
        self._people_of: list[tuple[str, ...]] = []  # per snippet, the people it names, until the build
        self._texts: list[str] = []  # texts waiting to be tokenised
        self._pending = 0
        self._done = 0  # snippets tokenised
        # per chunk, its postings until the build puts them in place: (first snippet, terms,
        # snippets per term, snippets counted from the first, term frequencies), ~3 bytes a posting
        self._chunks: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._lengths: list[np.ndarray] = []
        # context: texts met many times (a kind's words) as cached term ids; texts of one talk or
        # section (its title) kept as documents with their run of snippets, tokenised in bulk
        self._ctx_ids: dict[str, list[int]] = {}
        self._run_term, self._run_start, self._run_end = array("i"), array("i"), array("i")
        self._docs: list[str] = []
        self._doc_start, self._doc_end = array("i"), array("i")
        self._talk_doc = array("i")  # per talk, its first document: one per section, then its context
        self._cache: dict[int, Snippet] = {}
        self._sets: dict[str, frozenset[str]] = {}
        self._people_sets: dict[tuple[str, ...], frozenset[str]] = {}
        self._layouts: dict[int, list[tuple[str, int, int]]] = {}
        self._talk_sets: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        self.series_ids: list[int] = []
        for n, talk in enumerate(kb.talks):
            self._add_talk(n, talk)
        self._talk_first.append(self.n)
        self._talks_end = self.n
        for n, event in enumerate(kb.events):
            self._push("event", n, 0, 0, self._event_text(event), self._event_context(event))
        for n, term in enumerate(kb.terms):
            text, context = self._term_text(term)
            self._push("term", n, 0, 0, text, context)
        for n, series in enumerate(kb.series):
            for a, b in [(-1, 0)] + [(a, b) for a, section in enumerate(series.sections) for b in range(len(section.points))]:
                text, _, context = self._series_part(series, a, b)
                self.series_ids.append(self.n)
                self._push("series", n, a, b, text, context)
        for n, person in enumerate(kb.people):
            text = self._person_text(person)
            if text:
                self._push("person", n, 0, 0, text, KIND_CONTEXT["person"], (person.id,))
        self._flush()
        self._build()

    @property
    def snippets(self) -> _Snippets:
        return _Snippets(self)

    @property
    def series(self) -> list[Snippet]:
        return [self.snippet(sid) for sid in self.series_ids]

    # -- the texts of snippets (the same code builds the index and, later, a snippet) ---------
    def _names(self, ids: tuple[str, ...]) -> str:
        return " ".join(" ".join(self.people[i].names) for i in ids if i in self.people)

    def _whos(self, talk: Talk) -> dict[str, str]:
        """How the talk names each of its people: 'Name (Role, Organisation)', by their first appearance."""
        found: dict[str, str] = {}
        for appearance in talk.people:
            if appearance.person not in found:
                person = self.people.get(appearance.person)
                name = person.name if person else appearance.person
                affiliation = appearance.affiliation
                found[appearance.person] = f"{name} ({affiliation})" if affiliation else name
        return found

    def _who(self, whos: dict[str, str], person_id: str) -> str:
        found = whos.get(person_id)
        if found is None:
            person = self.people.get(person_id)
            return person.name if person else person_id
        return found

    def _talk_part(self, talk: Talk, kind: str, a: int, b: int,
                   whos: dict[str, str] | None = None) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        """(text, section, people, list items) of one snippet of a talk; ``whos`` is ``_whos(talk)``."""
        if kind == "point":
            section = talk.sections[a]
            point = section.points[b]
            return point.text, section.title, point.by or section.speakers, ()
        title = TALK_SECTIONS[kind]
        if kind == "overview":
            return f"{talk.title}: {talk.summary}", title, (), ()
        if kind == "when":
            how = f", {talk.format.lower()}" if talk.format else ""
            org = f" Organised by {talk.organiser}." if talk.organiser else ""
            status = f" {talk.status_note}" if talk.called_off else ""
            # no tense: the same snippet serves before and after the day
            return f"The talk \"{talk.title}\" is dated {format_when(talk)}{how}.{status}{org}", title, (), ()
        if kind == "registration":
            return talk.registration, title, (), ()
        if kind == "key_message":
            return talk.key_messages[a], title, (), ()
        if kind == "recording":
            return talk.recording, title, (), ()
        if kind == "agenda_list":
            lines = tuple(f"{n}. {item.title}" for n, item in enumerate(talk.agenda, start=1))
            return "Agenda: " + "; ".join(lines) + ".", title, (), lines
        if kind == "announced":
            lines = tuple(self.event_line(e) for e in self._announced.get(talk.id, ()))
            return f"Announced at the talk of {format_date(talk.date)}: " + "; ".join(lines) + ".", title, (), lines
        whos = self._whos(talk) if whos is None else whos
        if kind == "speakers":
            who = tuple(self._who(whos, s.person) for s in talk.speakers)
            return f"Speakers: {'; '.join(who)}.", title, tuple(s.person for s in talk.speakers), who
        if kind == "moderator":
            person = talk.moderators[a].person
            return f"{self._who(whos, person)} moderated the talk.", title, (person,), ()
        if kind == "appearance":
            appearance = talk.speakers[a]
            part = f": {appearance.part}" if appearance.part else ""
            return f"{self._who(whos, appearance.person)}{part}.", title, (appearance.person,), ()
        item = talk.agenda[a]  # agenda
        who = [self._who(whos, p) for p in item.speakers]
        ordinal = _ORDINALS[a] if a < len(_ORDINALS) else f"number {a + 1}"
        text = f"The {ordinal} item on the agenda was {item.title}" + (f", with {'; '.join(who)}" if who else "") + "."
        items = tuple(f"{item.title} {w}" for w in who) if len(who) > 1 else ()
        return text, title, item.speakers, items

    def _layout(self, talk: Talk) -> list[tuple[str, int, int]]:
        """A talk's snippets in order, as (kind, a, count) groups; ``a`` is the section of a group of
        points. A snippet is known by its place: the i-th of a group is (kind, i, 0), or
        (point, a, i) in a section."""
        groups = [("overview", 0, 1), ("when", 0, 1)]
        if talk.registration:
            groups.append(("registration", 0, 1))
        groups.append(("key_message", 0, len(talk.key_messages)))
        if talk.speakers:
            groups.append(("speakers", 0, 1))
        groups += [("moderator", 0, len(talk.moderators)), ("appearance", 0, len(talk.speakers))]
        if len(talk.agenda) > 1:
            groups.append(("agenda_list", 0, 1))
        if talk.id in self._announced:
            groups.append(("announced", 0, 1))
        groups.append(("agenda", 0, len(talk.agenda)))
        groups += [("point", a, len(section.points)) for a, section in enumerate(talk.sections)]
        if talk.recording:
            groups.append(("recording", 0, 1))
        return groups

    def _locate(self, sid: int) -> tuple[str, int, int, int]:
        """(kind, owner, a, b) of a snippet."""
        if sid >= self._talks_end:
            i = sid - self._talks_end
            return KINDS[self._kind[i]], self._owner[i], self._a[i], self._b[i]
        n = bisect_right(self._talk_first, sid) - 1
        offset = sid - self._talk_first[n]
        for kind, a, count in self._layout_of(n):
            if offset < count:
                return (kind, n, a, offset) if kind == "point" else (kind, n, offset, 0)
            offset -= count
        raise IndexError(sid)

    def _layout_of(self, n: int) -> list[tuple[str, int, int]]:
        """The layout of the n-th talk, remembered for the talks questions come back to."""
        found = self._layouts.get(n)
        if found is None:
            if len(self._layouts) >= SNIPPET_CACHE:
                self._layouts.clear()
            found = self._layouts[n] = self._layout(self.kb.talks[n])
        return found

    @staticmethod
    def _talk_context(talk: Talk) -> str:
        return " ".join([talk.title, *talk.tags, "talk", *_date_words(talk.date)])

    @staticmethod
    def event_line(event: Event) -> str:
        """'EU – Taiwan Matchmaking Event: 10–12 June 2024, in Germany (online)'."""
        where = f", in {event.location}" if event.location else ""
        online = " (online)" if event.online and "online" not in event.location.lower() else ""
        return f"{event.title}: {format_when(event)}{where}{online}"

    def _event_text(self, event: Event) -> str:
        return f"{self.event_line(event)}. {event.description}"

    @staticmethod
    def _event_context(event: Event) -> str:
        return " ".join([*event.aliases, event.kind, "event date when", *_date_words(event.schedule.start_date)])

    @staticmethod
    def _term_text(term: Term) -> tuple[str, str]:
        """(text, context) of a glossary entry."""
        text = term.term
        if term.stands_for:
            text += f" stands for {term.stands_for}."
        if term.description:
            text += f" {term.description}" if term.stands_for else f": {term.description}"
        return text, " ".join(term.aliases) + " glossary abbreviation stands for meaning"

    @staticmethod
    def _series_part(series: Series, a: int, b: int) -> tuple[str, str, str]:
        """(text, section, context) of the series' summary (a = -1) or of one of its points."""
        if a < 0:
            return f"{series.name}: {series.summary}", "About the series", series.name
        section = series.sections[a]
        return section.points[b].text, section.title, f"{series.name} {section.title}"

    def _person_text(self, person: Person) -> str:
        talks = self.kb.talks_of(person.id)
        if not talks:
            return ""
        roles: list[str] = []
        for talk, appearance in talks:
            moderated = any(m is appearance for m in talk.moderators)
            what = "moderator" if moderated else (appearance.part or "speaker")
            role = f"{appearance.affiliation} — " if appearance.affiliation else ""
            roles.append(f"{role}{what} at \"{talk.title}\" ({format_date(talk.date)})")
        also = f" (also written {', '.join(person.aliases)})" if person.aliases else ""
        text = f"{person.name}{also}: " + "; ".join(roles) + "."
        return f"{text} {person.note}" if person.note else text

    # -- one snippet, built when asked for ----------------------------------------------------
    def snippet(self, sid: int) -> Snippet:
        found = self._cache.get(sid)
        if found is not None:
            return found
        kind, owner, a, b = self._locate(sid)
        talk = event = None
        day: date | None = None
        talk_ctx = named_extra = _EMPTY
        people: tuple[str, ...] = ()
        items: tuple[str, ...] = ()
        if kind in _TALK_KINDS:
            talk = self.kb.talks[owner]
            text, section, people, items = self._talk_part(talk, kind, a, b)
            context = KIND_CONTEXT.get(kind, "")
            talk_ctx, named_extra = self._talk_sets_of(owner)
            day = talk.date
        elif kind == "event":
            event = self.kb.events[owner]
            text, section, context = self._event_text(event), "Events", self._event_context(event)
            day = event.schedule.start_date
        elif kind == "term":
            text, context = self._term_text(self.kb.terms[owner])
            section = "Glossary"
        elif kind == "series":
            text, section, context = self._series_part(self.kb.series[owner], a, b)
        else:
            person = self.kb.people[owner]
            text, section, people, context = self._person_text(person), "People", (person.id,), KIND_CONTEXT["person"]
        extra = self._set(context) if context else _EMPTY
        if kind in {"term", "event"}:
            named_extra = extra
        names = self._people_set(people) if people else _EMPTY
        # a section's title words were kept by the build; other sections are a few fixed names
        section_set = self._doc_set(self._talk_doc[owner] + a) if kind == "point" else self._set(section)
        parts = tuple(p for p in (talk_ctx, section_set, names, extra) if p)
        item_sets: tuple[frozenset[str], ...] = ()
        text = _norm(text)
        if items:
            item_terms = [frozenset(content_terms(item)) for item in items]
            # words outside the items ("Agenda:", "Speakers:") belong to every item
            header = frozenset(content_terms(text)).difference(*item_terms)
            item_sets = tuple(t | header for t in item_terms)
        built = Snippet(sid, kind, text, section, talk, event, people, day, Parts(parts), named_extra, item_sets)
        if len(self._cache) >= SNIPPET_CACHE:
            self._cache.clear()
        self._cache[sid] = built
        return built

    def _talk_sets_of(self, n: int) -> tuple[frozenset[str], frozenset[str]]:
        """The words of the n-th talk's context (title, tags, month) and of its title."""
        found = self._talk_sets.get(n)
        if found is None:
            if len(self._talk_sets) >= SNIPPET_CACHE:
                self._talk_sets.clear()
            talk = self.kb.talks[n]
            found = self._talk_sets[n] = (self._doc_set(self._talk_doc[n] + len(talk.sections)), self._set(talk.title))
        return found

    def section_title_set(self, talk: int, section: int) -> frozenset[str]:
        """The words of the title of a talk's section, as the build read them."""
        return self._doc_set(self._talk_doc[talk] + section)

    def title_set(self, talk: int) -> frozenset[str]:
        """The words of a talk's title."""
        return self._set(self.kb.talks[talk].title)

    def _doc_set(self, doc: int) -> frozenset[str]:
        """The words of a title posted as context (tokenised once, by the build)."""
        ids = self._doc_terms[self._doc_ptr[doc]:self._doc_ptr[doc + 1]].tolist()
        return frozenset(map(self._term_names.__getitem__, ids))

    def _set(self, text: str) -> frozenset[str]:
        """Content words of a text that many snippets share, analysed once."""
        found = self._sets.get(text)
        if found is None:
            if len(self._sets) >= 4 * SNIPPET_CACHE:
                self._sets.clear()
            found = self._sets[text] = frozenset(content_terms(text))
        return found

    def _people_set(self, people: tuple[str, ...]) -> frozenset[str]:
        found = self._people_sets.get(people)
        if found is None:
            if len(self._people_sets) >= SNIPPET_CACHE:
                self._people_sets.clear()
            found = self._people_sets[people] = frozenset(content_terms(self._names(people)))
        return found

    # -- building -------------------------------------------------------------------------
    def _term_id(self, term: str) -> int:
        tid = self.term_ids.get(term)
        if tid is None:
            tid = self.term_ids[term] = len(self.term_ids)
            self._digit_terms.append(term.isdigit())
        return tid

    def _kind_run(self, text: str, start: int) -> None:
        """Post the words of a kind ('moderator moderated host') or of an item's context once for
        the snippets since ``start``."""
        end = self.n
        if start < end:
            ids = self._ctx_ids.get(text)
            if ids is None:
                ids = self._ctx_ids[text] = [self._term_id(t) for t in set(content_terms(text))]
            self._run_term.extend(ids)
            self._run_start.extend([start] * len(ids))
            self._run_end.extend([end] * len(ids))

    def _doc_run(self, text: str, start: int) -> None:
        """Post the words of ``text`` (a title) once for the snippets since ``start``, tokenised later in bulk."""
        self._docs.append(text)
        self._doc_start.append(start)
        self._doc_end.append(self.n)

    def _push(self, kind: str, owner: int, a: int, b: int, text: str, context: str = "",
              people: tuple[str, ...] = ()) -> None:
        """Add a snippet that belongs to no talk."""
        start = self.n
        self._people_of.append(people)
        self._kind.append(_CODE[kind])
        self._owner.append(owner)
        self._a.append(a)
        self._b.append(b)
        self._texts.append(text)
        self._pending += len(text)
        self.n += 1
        if context:
            self._kind_run(context, start)
        if self._pending >= CHUNK_CHARS:
            self._flush()

    def _add_talk(self, n: int, talk: Talk) -> None:
        first = self.n
        self._talk_first.append(first)
        self._talk_doc.append(len(self._docs))
        whos = self._whos(talk)
        texts = self._texts
        for kind, a, count in self._layout(talk):
            start = self.n
            if kind == "point":
                # the bulk of a talk, added without a call per point
                section = talk.sections[a]
                texts.extend([p.text for p in section.points])
                self._people_of.extend([p.by or section.speakers for p in section.points])
                self.n += count
                self._doc_run(section.title, start)
                continue
            for i in range(count):
                text, _, people, _ = self._talk_part(talk, kind, i, 0, whos)
                texts.append(text)
                self._people_of.append(people)
            self.n += count
            if kind in KIND_CONTEXT:
                self._kind_run(KIND_CONTEXT[kind], start)
            elif kind == "key_message":
                self._kind_run(TALK_SECTIONS[kind], start)  # "what were the key messages" finds them all
        self._doc_run(self._talk_context(talk), first)
        self._pending += sum(map(len, texts[first - self._done:]))
        if self._pending >= CHUNK_CHARS:
            self._flush()

    def _tokenise(self, texts: list[str]) -> np.ndarray:
        """Term ids of the words of ``texts``, each text's ended by -2 (stop words -1)."""
        joined = " \n ".join(texts)
        if joined.count("\n") != len(texts) - 1:
            texts = [_norm(t) for t in texts]  # a line break inside a text
            joined = " \n ".join(texts)
        if not joined.isascii():
            # fold() only the texts that need it: a dash in one text must not slow the whole chunk
            joined = " \n ".join(t if t.isascii() else fold(t) for t in texts)
        folded = joined.lower().replace("'s ", " ")
        # the same words as text.words(), as bytes: splitting bytes is twice as fast as re.findall;
        # each line break between texts becomes a "|" token
        tokens = folded.encode().translate(_WORD_BYTES).split()
        tokens.append(b"|")
        ids = np.fromiter(map(self._tokens.__getitem__, tokens), dtype=np.int32, count=len(tokens))
        del tokens
        may = np.flatnonzero(ids == _MAY)
        if len(may):
            number = np.frombuffer(bytes(self._digit_terms), dtype=np.uint8).astype(bool)

            def is_number(pos: np.ndarray) -> np.ndarray:
                tid = ids[pos]
                return (tid >= 0) & number[np.maximum(tid, 0)]

            near = ((may > 0) & is_number(np.maximum(may - 1, 0))) | is_number(may + 1)
            ids[may] = np.where(near, self._term_id("may"), _STOP)
        if "/" in folded or _IN_WORD_DOT.search(folded):
            # "1/2a", "d.2", "2.5": whole as well as in parts, added at the end of their text
            found: list[list[int]] = [[] for _ in texts]
            k = 0
            for token in _COMPOUND_OR_END.findall(folded):
                if token == "\n":
                    k += 1
                else:
                    found[k].append(self._tokens[token.encode()])
            if any(found):
                ends = np.flatnonzero(ids == _END)
                ids = np.insert(ids, np.repeat(ends, [len(f) for f in found]),
                                np.array([t for f in found for t in f], np.int32))
        return ids

    def _pairs(self, ids: np.ndarray, n: int, base: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(term, text, count) of each distinct word of each text, sorted by term then text, and
        each text's length in words; from ``_tokenise``'s output for ``n`` texts."""
        end = ids == _END
        sid = np.cumsum(end, dtype=np.int32) - end  # each token's text, counted from the first
        keep = ids >= 0
        tid, sid = ids[keep], sid[keep]
        lengths = np.bincount(sid, minlength=n).astype(np.int32)
        # distinct (term, text) pairs and their counts: a sort and a diff (np.unique is 4x slower here)
        key = tid.astype(np.int32 if len(self.term_ids) * n < 1 << 31 else np.int64) * n + sid
        key.sort()
        first = np.flatnonzero(np.diff(key, prepend=-1))
        tf = np.diff(first, append=len(key))
        key = key[first]
        return (key // n).astype(np.int32), (key % n + base).astype(np.int32), tf, lengths

    def _flush(self) -> None:
        """Tokenise the waiting texts at once and count their postings."""
        texts = self._texts
        if not texts:
            return
        n = len(texts)
        tid, sid, tf, lengths = self._pairs(self._tokenise(texts), n, 0)
        first = np.flatnonzero(np.diff(tid, prepend=-1))
        self._chunks.append((self._done, tid[first], np.diff(first, append=len(tid)).astype(np.int32),
                             sid.astype(np.uint16 if n <= 1 << 16 else np.int32), np.minimum(tf, 255).astype(np.uint8)))
        self._lengths.append(lengths)
        self._done += len(texts)
        self._texts, self._pending = [], 0

    def _context_runs(self) -> None:
        """Tokenise the titles posted as context, a chunk at a time, into runs of their words; keep
        each title's words (CSR by document) for the snippets built later."""
        start, end = np.frombuffer(self._doc_start, np.int32), np.frombuffer(self._doc_end, np.int32)
        step = 20_000
        terms, docs = [], []
        for lo in range(0, len(self._docs), step):
            chunk = self._docs[lo:lo + step]
            tid, doc, _, _ = self._pairs(self._tokenise(chunk), len(chunk), lo)
            terms.append(tid)
            docs.append(doc)
            used = start[doc] < end[doc]  # a section without points has no run
            self._run_term.extend(tid[used].tolist())
            self._run_start.extend(start[doc[used]].tolist())
            self._run_end.extend(end[doc[used]].tolist())
        tid = np.concatenate(terms) if terms else np.zeros(0, np.int32)
        doc = np.concatenate(docs) if docs else np.zeros(0, np.int32)
        order = np.argsort(doc, kind="stable")
        self._doc_terms = tid[order]
        self._doc_ptr = np.searchsorted(doc[order], np.arange(len(self._docs) + 1))
        del self._docs, self._doc_start, self._doc_end

    def _build(self) -> None:
        n = self.n
        self._context_runs()
        n_terms = len(self.term_ids)
        lengths = np.concatenate(self._lengths).astype(np.float32) if self._lengths else np.zeros(0, np.float32)
        del self._lengths
        self.avg_len = float(lengths.mean()) if n else 1.0
        # postings in CSR form: each term's snippets, ascending, scattered chunk by chunk into place
        df = np.zeros(n_terms, np.int64)
        for _, terms, counts, _, _ in self._chunks:
            df[terms] += counts
        self.p_start = np.zeros(n_terms + 1, np.int64)
        np.cumsum(df, out=self.p_start[1:])
        self.p_sid = np.empty(int(self.p_start[-1]), np.int32)
        # BM25's term-frequency part of each posting, tf * (k1 + 1) / (tf + norm), between 0 and
        # k1 + 1: times the term's idf and weight in the question, it is the posting's score. One
        # byte is enough (steps of 0.4% of the largest)
        norm = (K1 * (1 - B + B * lengths / max(self.avg_len, 1e-9))).astype(np.float32)
        self.p_tfn = np.empty(len(self.p_sid), np.uint8)
        cursor = self.p_start[:-1].copy()
        _release_freed_memory()  # what tokenising left
        done = 0
        while self._chunks:
            base, terms, counts, local, tf = self._chunks.pop(0)  # sorted by term, then snippet
            done += 1
            if done % 16 == 0:
                _release_freed_memory()  # the chunks placed so far: their pages go back to the system
            offset = np.cumsum(counts) - counts
            pos = np.repeat(cursor[terms] - offset, counts) + np.arange(len(local))
            sids = local.astype(np.int32) + base
            self.p_sid[pos] = sids
            tf = tf.astype(np.float32)
            self.p_tfn[pos] = np.rint(tf * (255 / (tf + norm[sids])))
            cursor[terms] += counts
            del terms, counts, local, tf, offset, pos, sids
        # context runs in CSR form too; a run of one snippet is a single, added without a loop
        term = np.frombuffer(self._run_term, np.int32)
        start = np.frombuffer(self._run_start, np.int32)
        end = np.frombuffer(self._run_end, np.int32)
        order = np.lexsort((start, term))  # by term, then position
        term, start, end = term[order], start[order], end[order]
        del self._run_term, self._run_start, self._run_end, self._ctx_ids, order
        one = end - start == 1
        self.run_ptr = np.searchsorted(term[~one], np.arange(n_terms + 1)).astype(np.int64)
        self.run_starts, self.run_ends = start[~one], end[~one]
        self.single_ptr = np.searchsorted(term[one], np.arange(n_terms + 1)).astype(np.int64)
        self.singles = start[one]
        del term, start, end, one
        df += self._context_df(n_terms)
        df = np.minimum(df, max(1, n))
        self.idf_by_id = np.log(1 + (max(1, n) - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.idf = dict(zip(self.term_ids, self.idf_by_id.tolist(), strict=True))
        self._term_names = list(self.term_ids)  # term id -> term
        self.max_idf = float(self.idf_by_id.max()) if n_terms else 1.0
        del lengths, norm
        # people postings, CSR by person: each person's snippets, ascending
        people_of = self._people_of
        del self._people_of
        counts = np.fromiter(map(len, people_of), np.int32, len(people_of))
        nos = np.fromiter(map(self._person_no.get, chain.from_iterable(people_of), repeat(-1)), np.int32,
                          int(counts.sum()))
        sids = np.repeat(np.arange(len(people_of), dtype=np.int32), counts)[nos >= 0]
        nos = nos[nos >= 0]
        order = np.argsort(nos, kind="stable")
        self._person_sids = sids[order]
        self._person_ptr = np.searchsorted(nos[order], np.arange(len(self.kb.people) + 1))
        del people_of, counts, nos, sids, order
        # talk titles and tags, for telling which talk a question is about: per word, the talks
        # (their index) with it in their title, and, negated, with it only in their tags
        self.title_postings: dict[str, list[int]] = defaultdict(list)
        for n, talk in enumerate(self.kb.talks):
            title = set(content_terms(talk.title))
            for t in title:
                self.title_postings[t].append(n)
            for t in set(content_terms(" ".join(talk.tags))) - title:
                self.title_postings[t].append(~n)
        # rarity among talks, not snippets: 'meta' is everywhere in one talk yet names that talk
        n_talks = max(1, len(self.kb.talks))
        self.title_idf = {t: math.log(1 + n_talks / len(ids)) for t, ids in self.title_postings.items()}
        # folded surface words, for typo correction of question words
        self.vocab = {w.decode() for w in self._tokens if len(w) >= 3 and not w.isdigit() and w != b"may"}
        del self._tokens, self._digit_terms
        for p in self.people.values():
            self.vocab.update(w for name in p.names for w in words(name))
        self.vocab_by_initial: dict[str, list[str]] = defaultdict(list)
        for w in sorted(self.vocab):
            self.vocab_by_initial[w[0]].append(w)

    def _context_df(self, n_terms: int) -> np.ndarray:
        """Snippets that have a word in their context but not in their body, per term: with the
        body postings, each snippet is counted once in the word's document frequency.

        All terms at once: postings, runs and singles become (term, snippet) keys, a batch of
        about DF_BATCH postings at a time so that the keys stay small."""
        extra = np.zeros(n_terms, np.int64)
        width = np.int64(self.n + 1)
        t0 = 0
        while t0 < n_terms:
            t1 = max(t0 + 1, int(np.searchsorted(self.p_start, self.p_start[t0] + DF_BATCH, side="right")) - 1)
            t1 = min(t1, n_terms)
            terms = np.arange(t0, t1, dtype=np.int64)
            a, b = self.p_start[t0], self.p_start[t1]
            keys = np.repeat(terms * width, np.diff(self.p_start[t0:t1 + 1])) + self.p_sid[a:b]
            r0, r1 = self.run_ptr[t0], self.run_ptr[t1]
            run_term = np.repeat(terms, np.diff(self.run_ptr[t0:t1 + 1]))
            starts, ends = self.run_starts[r0:r1], self.run_ends[r0:r1]
            if len(run_term):
                inside = np.searchsorted(keys, run_term * width + ends) - np.searchsorted(keys, run_term * width + starts)
                np.add.at(extra, run_term, (ends - starts) - inside)
            s0, s1 = self.single_ptr[t0], self.single_ptr[t1]
            if s1 > s0:
                single_term = np.repeat(terms, np.diff(self.single_ptr[t0:t1 + 1]))
                single = self.singles[s0:s1]
                key = single_term * width + single
                at = np.searchsorted(keys, key)
                covered = keys[np.minimum(at, len(keys) - 1)] == key if len(keys) else np.zeros(len(key), bool)
                if len(run_term):
                    # or inside a run of the same term: the last of its runs that starts at or before it
                    at = np.searchsorted(run_term * width + starts, key, side="right") - 1
                    ok, at = at >= 0, np.maximum(at, 0)
                    covered |= ok & (run_term[at] == single_term) & (single < ends[at])
                np.add.at(extra, single_term, (~covered).astype(np.int64))
            t0 = t1
        return extra

    # -- querying -------------------------------------------------------------------------
    def title_shares(self, postings: list[int]) -> Iterator[tuple[str, float]]:
        """(talk id, 1.0 for a title word or 0.5 for a tag) of a word's title postings."""
        talks = self.kb.talks
        for n in postings:
            yield (talks[n].id, 1.0) if n >= 0 else (talks[~n].id, 0.5)

    def by_person(self, pid: str) -> np.ndarray:
        """The snippets that name one person (their roles, their words, their profile), ascending."""
        no = self._person_no.get(pid)
        if no is None:
            return self._person_sids[:0]
        return self._person_sids[self._person_ptr[no]:self._person_ptr[no + 1]]

    def top(self, terms: dict[str, float], boost_people: list[str], limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best snippets by BM25 over body words, a flat bonus for context words,
        and a bonus for snippets of the people named; ``terms`` maps stem -> weight."""
        scores = np.zeros(self.n, dtype=np.float32)
        run_starts: list[np.ndarray] = []
        run_ends: list[np.ndarray] = []
        run_bonus: list[np.ndarray] = []
        for term, weight in terms.items():
            tid = self.term_ids.get(term)
            if tid is None:
                continue
            idf = float(self.idf_by_id[tid])
            if idf < MIN_SELECT_IDF:
                continue  # in most snippets: selects nothing, costs a full pass
            a, b = self.p_start[tid], self.p_start[tid + 1]
            if b > a:
                scores[self.p_sid[a:b]] += np.multiply(self.p_tfn[a:b], weight * idf * (K1 + 1) / 255, dtype=np.float32)
            bonus = weight * idf * CONTEXT_WEIGHT
            a, b = self.run_ptr[tid], self.run_ptr[tid + 1]
            if b - a > 32:
                run_starts.append(self.run_starts[a:b])
                run_ends.append(self.run_ends[a:b])
                run_bonus.append(np.full(b - a, round(bonus * _FIXED), dtype=np.int32))
            elif b > a:
                for lo, hi in zip(self.run_starts[a:b].tolist(), self.run_ends[a:b].tolist(), strict=True):
                    scores[lo:hi] += bonus
            a, b = self.single_ptr[tid], self.single_ptr[tid + 1]
            if b > a:
                scores[self.singles[a:b]] += bonus
        if run_starts:
            # many runs: add them all at once as a difference array (+bonus at start, -bonus at end)
            # in fixed point: a float cumsum over half a million snippets costs 2 ms, an integer one 0.3
            bonus_all = np.concatenate(run_bonus)
            diff = np.zeros(self.n + 1, np.int32)
            np.add.at(diff, np.concatenate(run_starts), bonus_all)
            np.subtract.at(diff, np.concatenate(run_ends), bonus_all)
            np.cumsum(diff, out=diff)
            scores += np.multiply(diff[:-1], 1 / _FIXED, dtype=np.float32)
        for pid in boost_people:
            scores[self.by_person(pid)] += 1.0
        # the candidates: above half the best score if there are enough of them (most questions),
        # else above a quarter, else any; one pass each rather than ordering every snippet that scored
        best = float(scores.max()) if self.n else 0.0
        for share in (0.5, 0.25, 0.0):
            hits = np.flatnonzero(scores > best * share)
            if len(hits) >= limit:
                break
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit)[:limit]]
        order = hits[np.lexsort((hits, -scores[hits]))]  # best first; ties by snippet order
        return [(int(i), float(scores[i])) for i in order]
