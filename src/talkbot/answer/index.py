"""Snippets built from the knowledge, and an inverted index to pre-select them (BM25).

Every fact the bot can cite is a :class:`Snippet`: a point of a section, a key message, a
speaker's appearance, a talk's date line, an event, a glossary entry... Each carries its
body words and its *context* words (talk title, section, who said it, the talk's month)
so that "what did Daban say in the April 2024 talk" finds her points.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial

import numpy as np

from talkbot.answer.lexicon import STOPWORDS
from talkbot.answer.text import content_terms, stem, words
from talkbot.knowledge.models import Event, KnowledgeBase, Person, Talk

K1 = 1.2
B = 0.6
CONTEXT_WEIGHT = 0.35
#: a word in so many snippets that it selects nothing (idf below this) is left to the rescoring
MIN_SELECT_IDF = 0.3
_EMPTY: frozenset[str] = frozenset()


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


class Parts:
    """Context words as a few shared sets (the talk's, the section's, the speaker's), not a copy each."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[frozenset[str], ...]):
        self.parts = parts

    def __contains__(self, term: object) -> bool:
        return any(term in part for part in self.parts)

    def __iter__(self) -> Iterator[str]:
        return iter(frozenset().union(*self.parts))


class _Derived:
    __slots__ = ("body", "has_date", "has_duration", "has_money", "has_number", "lead", "named")


class Snippet:
    """One citable fact. Its words are derived on demand: only the few candidates of a question
    need them, and keeping them for every snippet would cost most of the memory."""

    __slots__ = ("_derived", "context", "day", "event", "id", "items", "kind", "named_extra", "people", "section",
                 "talk", "text")

    def __init__(self, sid: int, kind: str, text: str, section: str, talk: Talk | None, event: Event | None,
                 people: tuple[str, ...], day: date | None, context: Parts, named_extra: frozenset[str],
                 items: tuple[frozenset[str], ...]):
        self.id, self.kind, self.text, self.section = sid, kind, text, section
        self.talk, self.event, self.people, self.day = talk, event, people, day
        self.context, self.named_extra, self.items = context, named_extra, items
        self._derived: _Derived | None = None

    def _derive(self) -> _Derived:
        d = self._derived
        if d is None:
            d = _Derived()
            d.body = frozenset(content_terms(self.text))
            d.lead = frozenset(content_terms(" ".join(self.text.split()[:12])))
            # what the snippet names: its words, its talk's title, for glossary and events their aliases
            d.named = d.body | self.named_extra
            d.has_money = bool(_MONEY.search(self.text))
            # a count, not a year, a day of the month or a clock time
            d.has_number = bool(_NUMBER.search(_YEARS_AND_DAYS.sub(" ", self.text)))
            d.has_date = bool(_DATE.search(self.text))
            d.has_duration = bool(DURATION.search(self.text))
            self._derived = d
        return d

    body = property(lambda self: self._derive().body)
    lead = property(lambda self: self._derive().lead)
    named = property(lambda self: self._derive().named)
    has_money = property(lambda self: self._derive().has_money)
    has_number = property(lambda self: self._derive().has_number)
    has_date = property(lambda self: self._derive().has_date)
    has_duration = property(lambda self: self._derive().has_duration)

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
    """Snippets plus an inverted index from stemmed term to snippet ids with BM25 weights.

    Postings are numpy arrays whose BM25 weights are computed once at build time, so a question
    costs a few vectorised additions. Context words (a talk's title, tags and month; a section's
    title) are posted once per run of consecutive snippets, not once per snippet.
    """

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.snippets: list[Snippet] = []
        self.people: dict[str, Person] = {p.id: p for p in kb.people}
        self._sets: dict[str, frozenset[str]] = {}
        self._announced: dict[str, list[Event]] = defaultdict(list)
        for event in kb.events:
            for tid in event.announced_in:
                self._announced[tid].append(event)
        self.term_ids: dict[str, int] = {}
        # every snippet's words as term ids (-1: a stop word) in one flat column, and where each
        # snippet ends; counted and sorted into postings by numpy at the end
        self._tok_ids: dict[str, int] = {}
        self._p_tok = array("i")
        self._ends = array("q")
        self._people_sets: dict[tuple[str, ...], frozenset[str]] = {}
        self._ctx_runs: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._ctx_single: dict[str, array] = defaultdict(lambda: array("i"))
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
    def _set(self, text: str) -> frozenset[str]:
        """Content words of a text that many snippets share, analysed once."""
        found = self._sets.get(text)
        if found is None:
            found = self._sets[text] = frozenset(content_terms(text))
        return found

    def _names(self, ids: tuple[str, ...]) -> str:
        return " ".join(" ".join(self.people[i].names) for i in ids if i in self.people)

    def _run(self, terms: frozenset[str], start: int) -> None:
        """Post context words once for the snippets added since ``start``."""
        if start < len(self.snippets):
            for term in terms:
                self._ctx_runs[term].append((start, len(self.snippets)))

    def _add(self, kind: str, text: str, section: str, *, talk: Talk | None = None, event: Event | None = None,
             people: tuple[str, ...] = (), context: str = "", day: date | None = None,
             items: tuple[str, ...] = (), talk_ctx: frozenset[str] = frozenset()) -> None:
        # the hot path of the build: one pass over the words, appends to flat arrays
        sid = len(self.snippets)
        if "  " in text or "\n" in text:
            text = " ".join(text.split())
        tokens = words(text)
        ids = list(map(self._tok_ids.get, tokens))
        if None in ids:
            ids = self._new_ids(tokens, ids)
        self._p_tok.extend(ids)
        self._ends.append(len(self._p_tok))
        extra = self._set(context) if context else _EMPTY
        if context:
            single = self._ctx_single
            for term in extra:
                single[term].append(sid)
        names = self._people_set(people) if people else _EMPTY
        parts = tuple(p for p in (talk_ctx, self._set(section), names, extra) if p)
        named_extra = self._set(talk.title) if talk else extra if kind in {"term", "event"} else _EMPTY
        item_sets: tuple[frozenset[str], ...] = ()
        if items:
            item_terms = [frozenset(content_terms(item)) for item in items]
            # words outside the items ("Agenda:", "Speakers:") belong to every item
            header = frozenset(content_terms(text)).difference(*item_terms)
            item_sets = tuple(t | header for t in item_terms)
        if day is None:
            day = talk.date if talk else event.schedule.start_date if event else None
        self.snippets.append(Snippet(sid, kind, text, section, talk, event, people, day, Parts(parts),
                                     named_extra, item_sets))

    def _new_ids(self, tokens: list[str], ids: list[int | None]) -> list[int]:
        """Term ids of words seen for the first time (and of 'may', a month only next to a number)."""
        out = []
        for i, (token, tid) in enumerate(zip(tokens, ids, strict=True)):
            if tid is None:
                if token == "may":
                    near = (i and tokens[i - 1].isdigit()) or (i + 1 < len(tokens) and tokens[i + 1].isdigit())
                    tid = self.term_ids.setdefault("may", len(self.term_ids)) if near else -1
                else:
                    term = None if token in STOPWORDS else stem(token)
                    tid = -1 if term is None else self.term_ids.setdefault(term, len(self.term_ids))
                    self._tok_ids[token] = tid
            out.append(tid)
        return out

    def _people_set(self, people: tuple[str, ...]) -> frozenset[str]:
        found = self._people_sets.get(people)
        if found is None:
            found = self._people_sets[people] = frozenset(content_terms(self._names(people)))
        return found

    def _who(self, talk: Talk, person_id: str) -> str:
        person = self.people.get(person_id)
        if person is None:
            return person_id
        appearance = next((a for a in talk.people if a.person == person_id), None)
        return f"{person.name} ({appearance.affiliation})" if appearance and appearance.affiliation else person.name

    def _add_talk(self, talk: Talk) -> None:
        first = len(self.snippets)
        ctx = self._set(" ".join([talk.title, *talk.tags, "talk", *_date_words(talk.date)]))
        add = partial(self._add, talk=talk, talk_ctx=ctx)
        when = format_when(talk)
        add("overview", f"{talk.title}: {talk.summary}", "Overview")
        how = f", {talk.format.lower()}" if talk.format else ""
        org = f" It was organised by {talk.organiser}." if talk.organiser else ""
        add("when", f"The talk \"{talk.title}\" took place on {when}{how}.{org}", "Date and time",
            context="date time when schedule")
        if talk.registration:
            add("registration", talk.registration, "Registration", context="register")
        start = len(self.snippets)
        for message in talk.key_messages:
            add("key_message", message, "Key messages")
        self._run(self._set("Key messages"), start)  # "what were the key messages" finds them all
        if talk.speakers:
            who = [self._who(talk, a.person) for a in talk.speakers]
            add("speakers", f"Speakers: {'; '.join(who)}.", "Speakers", items=tuple(who),
                people=tuple(a.person for a in talk.speakers), context="speaker spoke presented who")
        for appearance in talk.moderators:
            add("moderator", f"{self._who(talk, appearance.person)} moderated the talk.", "Moderation",
                people=(appearance.person,), context="moderator moderated host")
        for appearance in talk.speakers:
            part = f": {appearance.part}" if appearance.part else ""
            add("appearance", f"{self._who(talk, appearance.person)}{part}.", "Speakers",
                people=(appearance.person,), context="speaker spoke presented represented")
        if len(talk.agenda) > 1:
            lines = [f"{n}. {item.title}" for n, item in enumerate(talk.agenda, start=1)]
            add("agenda_list", "Agenda: " + "; ".join(lines) + ".", "Agenda", items=tuple(lines),
                context="agenda programme items")
        announced = self._announced.get(talk.id, [])
        if announced:
            lines = [self.event_line(e) for e in announced]
            add("announced", f"Announced at the talk of {format_date(talk.date)}: " + "; ".join(lines) + ".",
                "News and announcements", items=tuple(lines), context="news announced announcement events")
        for n, item in enumerate(talk.agenda, start=1):
            who = [self._who(talk, p) for p in item.speakers]
            text = f"Agenda {n}. {item.title}" + (f": {'; '.join(who)}" if who else "") + "."
            items = tuple(f"{item.title} {w}" for w in who) if len(who) > 1 else ()
            add("agenda", text, "Agenda", people=item.speakers, items=items, context="agenda presented presentation")
        for section in talk.sections:
            start = len(self.snippets)
            for point in section.points:
                add("point", point.text, section.title, people=point.by or section.speakers)
            self._run(self._set(section.title), start)
        if talk.recording:
            add("recording", talk.recording, "Recording", context="recording video slides watch")
        self._run(ctx, first)

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
        n = max(1, len(self.snippets))
        self.n = len(self.snippets)
        tok = np.frombuffer(self._p_tok, dtype=np.int32)
        ends = np.frombuffer(self._ends, dtype=np.int64)
        sid = np.repeat(np.arange(self.n, dtype=np.int32), np.diff(ends, prepend=0))
        keep = tok >= 0
        tok, sid = tok[keep], sid[keep]
        del keep
        lengths = np.bincount(sid, minlength=self.n).astype(np.float32)
        self.avg_len = float(lengths.mean()) if len(lengths) else 1.0
        # a stable sort by term keeps each term's snippets ascending, with repeats side by side:
        # runs of the same (term, snippet) give term frequencies, runs of a term its postings
        order = np.argsort(tok, kind="stable")
        tok, sid = tok[order], sid[order]
        del order
        first = np.ones(len(tok), dtype=bool)
        first[1:] = (tok[1:] != tok[:-1]) | (sid[1:] != sid[:-1])
        starts = np.flatnonzero(first)
        del first
        tf = np.diff(starts, append=len(tok)).astype(np.float32)
        term = tok[starts]
        self.p_sid = sid[starts]
        del tok, sid, starts
        n_terms = len(self.term_ids)
        self.p_start = np.searchsorted(term, np.arange(n_terms + 1, dtype=np.int32)).astype(np.int64)
        df = np.diff(self.p_start).astype(np.int64)
        # document frequency counts snippets with the word in their body or their context, each once
        for word in self._ctx_runs.keys() | self._ctx_single.keys():
            tid = self.term_ids.get(word)
            if tid is None:
                tid = self.term_ids[word] = len(self.term_ids)
                df = np.append(df, 0)
            body = self.p_sid[self.p_start[tid]:self.p_start[tid + 1]] if tid < n_terms else self.p_sid[:0]
            runs = self._ctx_runs.get(word, [])
            starts = np.array([a for a, _ in runs], np.int64)
            ends = np.array([b for _, b in runs], np.int64)
            extra = int((ends - starts).sum()) - (
                int((np.searchsorted(body, ends) - np.searchsorted(body, starts)).sum()) if runs else 0)
            single = self._ctx_single.get(word)
            if single is not None:
                ids = np.frombuffer(single, dtype=np.int32)
                covered = np.isin(ids, body)
                if runs:
                    pos = np.searchsorted(starts, ids, side="right") - 1
                    covered |= (pos >= 0) & (ids < ends[np.maximum(pos, 0)])
                extra += int((~covered).sum())
            df[tid] += extra
        df = np.minimum(df, n)
        self.idf_by_id = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.idf = dict(zip(self.term_ids, self.idf_by_id.tolist(), strict=True))
        self.max_idf = float(self.idf_by_id.max()) if len(self.idf_by_id) else 1.0
        # BM25 weight of every (word, snippet), computed once
        norm = (K1 * (1 - B + B * lengths / max(self.avg_len, 1e-9))).astype(np.float32)
        self.p_weight = (self.idf_by_id[term] * tf * (K1 + 1) / (tf + norm[self.p_sid])).astype(np.float32)
        self.n_body_terms = n_terms
        self.ctx_runs = {t: (np.array([a for a, _ in r], np.int32), np.array([b for _, b in r], np.int32))
                         for t, r in self._ctx_runs.items()}
        self.ctx_single = {t: np.frombuffer(a, dtype=np.int32).copy() for t, a in self._ctx_single.items()}
        del self._p_tok, self._ends, self._ctx_runs, self._ctx_single, self._sets
        del self._people_sets, term, tf
        by_person: dict[str, list[int]] = defaultdict(list)
        for s in self.snippets:
            for pid in s.people:
                by_person[pid].append(s.id)
        self.by_person = {pid: np.array(ids, np.int32) for pid, ids in by_person.items()}
        self.talks_of_person = {p.id: {t.id for t, _ in self.kb.talks_of(p.id)} for p in self.kb.people}
        self.series = [s for s in self.snippets if s.kind == "series"]
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
        # folded surface words, for typo correction of question words
        self.vocab = {w for w in self._tok_ids if len(w) >= 3 and not w.isdigit()}
        del self._tok_ids
        for p in self.people.values():
            self.vocab.update(w for name in p.names for w in words(name))
        self.vocab_by_initial: dict[str, list[str]] = defaultdict(list)
        for w in sorted(self.vocab):
            self.vocab_by_initial[w[0]].append(w)

    # -- querying -------------------------------------------------------------------------
    def top(self, terms: dict[str, float], boost_people: list[str], limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best snippets by BM25 over body words, a flat bonus for context words,
        and a bonus for snippets of the people named; ``terms`` maps stem -> weight."""
        scores = np.zeros(self.n, dtype=np.float32)
        run_starts: list[np.ndarray] = []
        run_ends: list[np.ndarray] = []
        run_bonus: list[np.ndarray] = []
        for term, weight in terms.items():
            idf = self.idf.get(term)
            if idf is None or idf < MIN_SELECT_IDF:
                continue  # in most snippets: selects nothing, costs a full pass
            tid = self.term_ids[term]
            if tid < self.n_body_terms:
                a, b = self.p_start[tid], self.p_start[tid + 1]
                scores[self.p_sid[a:b]] += weight * self.p_weight[a:b]
            bonus = weight * idf * CONTEXT_WEIGHT
            runs = self.ctx_runs.get(term)
            if runs is not None:
                starts, ends = runs
                if len(starts) <= 32:
                    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                        scores[a:b] += bonus
                else:
                    run_starts.append(starts)
                    run_ends.append(ends)
                    run_bonus.append(np.full(len(starts), bonus, dtype=np.float64))
            single = self.ctx_single.get(term)
            if single is not None:
                scores[single] += bonus
        if run_starts:
            # many runs: add them all at once as a difference array (+bonus at start, -bonus at end)
            bonus_all = np.concatenate(run_bonus)
            diff = np.bincount(np.concatenate(run_starts), weights=bonus_all, minlength=self.n + 1)
            diff -= np.bincount(np.concatenate(run_ends), weights=bonus_all, minlength=self.n + 1)
            scores += np.cumsum(diff[:-1], dtype=np.float32)
        for pid in boost_people:
            ids = self.by_person.get(pid)
            if ids is not None:
                scores[ids] += 1.0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit)[:limit]]
        order = hits[np.lexsort((hits, -scores[hits]))]  # best first; ties by snippet order
        return [(int(i), float(scores[i])) for i in order]
