"""Snippets built from the knowledge, and an inverted index to pre-select them (BM25).

Every fact the bot can cite is a :class:`Snippet`: a point of a section, a key message, a
speaker's appearance, a talk's date line, an event, a glossary entry... Each carries its
body words and its *context* words (talk title, section, who said it, the talk's month)
so that "what did Daban say in the April 2024 talk" finds her points.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from talkbot.answer.text import content_terms, fold, words
from talkbot.knowledge.models import Event, KnowledgeBase, Person, Talk

K1 = 1.2
B = 0.6
CONTEXT_WEIGHT = 0.35


def format_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def format_when(item: Talk | Event) -> str:
    """'24 April 2024, 08:30–09:45 CET (Brussels time)' or '10–12 June 2024'."""
    s = item.schedule
    if s.end_date and s.start_date.day == 1 and (s.end_date + timedelta(days=1)).day == 1 and not s.start_time \
            and (s.start_date.year, s.start_date.month) == (s.end_date.year, s.end_date.month):
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
    return f"{days}, {span} {start.tzname()} ({city} time)"


@dataclass
class Snippet:
    id: int
    kind: str
    text: str
    section: str
    talk: Talk | None = None
    event: Event | None = None
    people: tuple[str, ...] = ()
    day: date | None = None
    body: Counter[str] = field(default_factory=Counter)
    #: for lists (all speakers of a talk with their roles): the words of each item apart, so that
    #: "president of the European Commission" is not matched by two different people's roles
    items: tuple[frozenset[str], ...] = ()
    named: frozenset[str] = frozenset()
    #: the words of the first dozen: what the snippet is about
    lead: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    length: int = 0
    has_number: bool = False
    has_money: bool = False
    has_date: bool = False
    has_duration: bool = False

    @property
    def terms(self) -> set[str]:
        return set(self.body) | self.context

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


def _date_words(day: date | None) -> list[str]:
    if day is None:
        return []
    return [_MONTHS[day.month - 1], str(day.year)]


class Index:
    """Snippets plus an inverted index from stemmed term to (snippet id, term frequency)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.snippets: list[Snippet] = []
        self.people: dict[str, Person] = {p.id: p for p in kb.people}
        for talk in kb.talks:
            self._add_talk(talk)
        for event in kb.events:
            self._add_event(event)
        for term in kb.terms:
            text = term.term
            if term.stands_for:
                text += f" stands for {term.stands_for}."
            if term.description:
                text += f" {term.description}" if term.stands_for else f": {term.description}"
            extra = " ".join(term.aliases) + " glossary abbreviation stands for meaning"
            self._add("term", text, "Glossary", context=extra)
        for series in kb.series:
            self._add("series", f"{series.name}: {series.summary}", "About the series", context=series.name)
            for section in series.sections:
                for point in section.points:
                    self._add("series", point.text, section.title, context=f"{series.name} {section.title}")
        for person in kb.people:
            self._add_person(person)
        self._build()

    # -- building -------------------------------------------------------------------------
    def _names(self, ids: tuple[str, ...]) -> str:
        return " ".join(" ".join(self.people[i].names) for i in ids if i in self.people)

    def _talk_context(self, talk: Talk) -> str:
        return " ".join([talk.title, *talk.tags, "talk", *_date_words(talk.date)])

    def _add(self, kind: str, text: str, section: str, *, talk: Talk | None = None, event: Event | None = None,
             people: tuple[str, ...] = (), context: str = "", day: date | None = None,
             items: tuple[str, ...] = ()) -> None:
        snippet = Snippet(len(self.snippets), kind, " ".join(text.split()), section, talk, event, people,
                          day or (talk.date if talk else event.schedule.start_date if event else None))
        snippet.body = Counter(content_terms(snippet.text))
        # what the snippet names: its words, its talk's title, and for glossary and events their aliases
        named = set(snippet.body) | set(content_terms(talk.title if talk else ""))
        if kind in {"term", "event"}:
            named |= set(content_terms(context))
        snippet.named = frozenset(named)
        snippet.lead = frozenset(content_terms(" ".join(snippet.text.split()[:12])))
        ctx = " ".join([context, self._names(people), section])
        snippet.context = frozenset(content_terms(ctx)) - set(snippet.body)
        snippet.length = sum(snippet.body.values())
        item_terms = [frozenset(content_terms(item)) for item in items]
        # words outside the items ("Agenda:", "Speakers:") belong to every item
        header = frozenset(snippet.body) - frozenset().union(*item_terms) if item_terms else frozenset()
        snippet.items = tuple(terms | header for terms in item_terms)
        snippet.has_money = bool(_MONEY.search(snippet.text))
        # a count, not a year, a day of the month or a clock time
        snippet.has_number = bool(_NUMBER.search(_YEARS_AND_DAYS.sub(" ", snippet.text)))
        snippet.has_date = bool(_DATE.search(snippet.text))
        snippet.has_duration = bool(DURATION.search(snippet.text))
        self.snippets.append(snippet)

    def _who(self, talk: Talk, person_id: str) -> str:
        person = self.people.get(person_id)
        if person is None:
            return person_id
        appearance = next((a for a in talk.people if a.person == person_id), None)
        return f"{person.name} ({appearance.affiliation})" if appearance and appearance.affiliation else person.name

    def _add_talk(self, talk: Talk) -> None:
        ctx = self._talk_context(talk)
        when = format_when(talk)
        self._add("overview", f"{talk.title}: {talk.summary}", "Overview", talk=talk, context=ctx)
        how = f", {talk.format.lower()}" if talk.format else ""
        org = f" It was organised by {talk.organiser}." if talk.organiser else ""
        self._add("when", f"The talk \"{talk.title}\" took place on {when}{how}.{org}", "Date and time",
                  talk=talk, context=ctx + " date time when schedule")
        if talk.registration:
            self._add("registration", talk.registration, "Registration", talk=talk, context=ctx + " register")
        for message in talk.key_messages:
            self._add("key_message", message, "Key messages", talk=talk, context=ctx)
        if talk.speakers:
            who = [self._who(talk, a.person) for a in talk.speakers]
            self._add("speakers", f"Speakers: {'; '.join(who)}.", "Speakers", talk=talk, items=tuple(who),
                      people=tuple(a.person for a in talk.speakers), context=ctx + " speaker spoke presented who")
        for appearance in talk.moderators:
            self._add("moderator", f"{self._who(talk, appearance.person)} moderated the talk.", "Moderation",
                      talk=talk, people=(appearance.person,), context=ctx + " moderator moderated host")
        for appearance in talk.speakers:
            part = f": {appearance.part}" if appearance.part else ""
            self._add("appearance", f"{self._who(talk, appearance.person)}{part}.", "Speakers", talk=talk,
                      people=(appearance.person,), context=ctx + " speaker spoke presented represented")
        if len(talk.agenda) > 1:
            lines = [f"{n}. {item.title}" for n, item in enumerate(talk.agenda, start=1)]
            self._add("agenda_list", "Agenda: " + "; ".join(lines) + ".", "Agenda", talk=talk,
                      items=tuple(lines), context=ctx + " agenda programme items")
        announced = [e for e in self.kb.events if talk.id in e.announced_in]
        if announced:
            lines = [self.event_line(e) for e in announced]
            self._add("announced", f"Announced at the talk of {format_date(talk.date)}: " + "; ".join(lines) + ".",
                      "News and announcements", talk=talk, items=tuple(lines),
                      context=ctx + " news announced announcement events")
        for n, item in enumerate(talk.agenda, start=1):
            who = [self._who(talk, p) for p in item.speakers]
            text = f"Agenda {n}. {item.title}" + (f": {'; '.join(who)}" if who else "") + "."
            items = tuple(f"{item.title} {w}" for w in who) if len(who) > 1 else ()
            self._add("agenda", text, "Agenda", talk=talk, people=item.speakers, items=items,
                      context=ctx + " agenda presented presentation")
        for section in talk.sections:
            for point in section.points:
                people = point.by or section.speakers
                self._add("point", point.text, section.title, talk=talk, people=people, context=ctx)
        if talk.recording:
            self._add("recording", talk.recording, "Recording", talk=talk, context=ctx + " recording video slides watch")

    @staticmethod
    def event_line(event: Event) -> str:
        """'EU – Taiwan Matchmaking Event: 10–12 June 2024, in Germany (online)'."""
        where = f", in {event.location}" if event.location else ""
        online = " (online)" if event.online and "online" not in event.location.lower() else ""
        return f"{event.title}: {format_when(event)}{where}{online}"

    def _add_event(self, event: Event) -> None:
        text = f"{self.event_line(event)}. {event.description}"
        ctx = " ".join([*event.aliases, event.kind, "event date when", *_date_words(event.schedule.start_date)])
        self._add("event", text, "Events", event=event, context=ctx)

    def _add_person(self, person: Person) -> None:
        talks = self.kb.talks_of(person.id)
        if not talks:
            return
        roles: list[str] = []
        for talk, appearance in talks:
            what = "moderator" if appearance in talk.moderators else (appearance.part or "speaker")
            role = f"{appearance.affiliation} — " if appearance.affiliation else ""
            roles.append(f"{role}{what} at \"{talk.title}\" ({format_date(talk.date)})")
        also = f" (also written {', '.join(person.aliases)})" if person.aliases else ""
        text = f"{person.name}{also}: " + "; ".join(roles) + "."
        if person.note:
            text += f" {person.note}"
        self._add("person", text, "People", people=(person.id,), context="who works role organisation job profile")

    def _build(self) -> None:
        self.by_person: dict[str, list[int]] = defaultdict(list)
        self.talks_of_person: dict[str, set[str]] = defaultdict(set)
        for talk in self.kb.talks:
            for appearance in talk.people:
                self.talks_of_person[appearance.person].add(talk.id)
        for s in self.snippets:
            for pid in s.people:
                self.by_person[pid].append(s.id)
        # talk titles and tags, for telling which talk a question is about
        self.title_postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for talk in self.kb.talks:
            title = set(content_terms(talk.title))
            for term in title:
                self.title_postings[term].append((talk.id, 1.0))
            for term in set(content_terms(" ".join(talk.tags))) - title:
                self.title_postings[term].append((talk.id, 0.5))
        # rarity among talks, not snippets: 'meta' is everywhere in one talk yet names that talk
        n_talks = max(1, len(self.kb.talks))
        self.title_idf = {t: math.log(1 + n_talks / len(ids)) for t, ids in self.title_postings.items()}
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        df: Counter[str] = Counter()
        for s in self.snippets:
            for term, tf in s.body.items():
                self.postings[term].append((s.id, tf))
            for term in s.context:
                self.postings[term].append((s.id, 0))
            df.update(s.terms)
        n = max(1, len(self.snippets))
        self.avg_len = sum(s.length for s in self.snippets) / n
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.max_idf = max(self.idf.values(), default=1.0)
        # folded surface words, for typo correction of question words
        vocab: set[str] = set()
        for s in self.snippets:
            vocab.update(w for w in words(s.text) if len(w) >= 3 and not w.isdigit())
        for p in self.people.values():
            vocab.update(w for name in p.names for w in words(name))
        self.vocab_by_initial: dict[str, list[str]] = defaultdict(list)
        for w in sorted(vocab):
            self.vocab_by_initial[w[0]].append(w)
        self.vocab = vocab

    # -- querying -------------------------------------------------------------------------
    def bm25(self, terms: dict[str, float]) -> dict[int, float]:
        """BM25 over body terms, plus a flat bonus for context terms; ``terms`` maps stem -> weight."""
        scores: dict[int, float] = defaultdict(float)
        for term, weight in terms.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for sid, tf in self.postings[term]:
                if tf:
                    length = self.snippets[sid].length
                    norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg_len))
                    scores[sid] += weight * idf * norm
                else:
                    scores[sid] += weight * idf * CONTEXT_WEIGHT
        return scores

    def folded_title(self, talk: Talk) -> str:
        return fold(talk.title)
