"""The answering engine: question in, short cited reply (or an honest "not covered") out.

Pipeline: clean and cap the question -> recognise small talk and "what's next" -> analyse
(language, intent, people, talk, dates) -> expand terms (typos, synonyms) -> BM25
pre-selection over the snippet index -> rescore the few candidates -> decide by how much of
the question the best snippets cover -> compose the answer with 1 to 3 citations.
"""

from __future__ import annotations

import gc
import logging
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import islice

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from talkbot.answer import decide, structured
from talkbot.answer.faq import Faq
from talkbot.answer.index import Index, Snippet, format_date, format_when
from talkbot.answer.intents import Guess, default_model
from talkbot.answer.lexicon import ENGLISH_STOPWORDS, FOREIGN, FOREIGN_STOPWORDS, LIGHT_WORDS, STOPWORDS
from talkbot.answer.reply import MAX_REPLY_CHARS, Citation, Reply
from talkbot.answer.text import clean, content_terms, fold, join_phrases, stem, synonyms, translate, words
from talkbot.knowledge.models import Event, KnowledgeBase, Person, Talk, Term

log = logging.getLogger(__name__)

#: longest question the engine reads; longer ones are cut and the reply says so
MAX_QUESTION_CHARS = 1000
#: least intent probability for a question to be answered from the fields of a record
INTENT_MIN = 0.5
#: least probability to say that a record lacks the field asked for: "not covered" only when
#: sure what was asked, since retrieval may know otherwise
NEAR_MISS_MIN = 0.8
#: the confidence of an answer the admins wrote for a question like the member's (times the
#: similarity of the two questions); not measured yet: no dev set has questions: entries
FAQ_CONFIDENCE = 0.95
#: the confidence of "what's next" and "what was the latest" answers: on the dev sets such
#: answers were right about 85% of the time
TIMELINE_CONFIDENCE = 0.85
#: a word the knowledge never uses is a way of asking when the examples of this many intents use it
ASKING_WORD_INTENTS = 6
#: least probability of an intent for the record a question names to decide between readings
PLAUSIBLE = 0.05
#: intents answered with a list of items, any of which the question may name
LIST_INTENTS = frozenset({"speakers", "moderator", "agenda", "person_talks", "person_role", "takeaways",
                          "events_list", "talks_list"})
#: events whose names are checked in full against a question
EVENT_CANDIDATES = 8
#: least share of an event's name (by word weight) a question must contain to be about it
EVENT_MATCH_MIN = 0.6
#: most share of a question's word weight that a field answer may leave unexplained (words
#: neither of the record it names nor typical of the intent: "which HOTEL near the conference")
RESIDUAL_MAX = 0.3
#: the same for a field that is one fact (a definition, a date): the question must be about it alone
RESIDUAL_MAX_SINGLE = 0.2
#: a title word in more than 5% of the talks (and more than 50 of them) tells no talk apart
COMMON_TITLE_SHARE = 0.05
COMMON_TITLE_TALKS = 50
#: least title-word weight (rarity among talks) for a question to be about one talk
TALK_MATCH_MIN = 1.0
#: verbs of speaking say nothing about who is asked for; role verbs ("moderated") do
SPEECH_VERBS = frozenset(
    "spoke speak speaks said say says presented mentioned explained "
    "highlighted warned stressed argued noted discussed described insisted emphasised emphasized suggested "
    "recommended advised reported gave give introduced underlined pointed".split()
)
#: words that say what kind of answer is wanted rather than what it is about, per intent
ANSWER_TYPE_WORDS = {
    "when": {stem(w) for w in "time times date dates day days start starts started begin began end ends ended finish held happen schedule scheduled".split()},
    "profile": {stem(w) for w in "title role job position work works organisation organization company employer affiliation represent represents representing".split()},
    "where": {stem(w) for w in "place location venue city town country".split()},
    "how_often": {stem(w) for w in "often frequently frequency regularly".split()},
    "money": {stem(w) for w in "budget cost costs price prices fee fees ticket tickets amount money pay charge".split()},
    "who": {stem(w) for w in SPEECH_VERBS},
    "list": {stem(w) for w in "list listed all".split()},
}
#: in a foreign question, least ratio between a word and an English knowledge word (a cognate)
COGNATE_CUTOFF = 78
#: person detection: least ratio between a question word and a name word
NAME_CUTOFF = 84
CANDIDATES = 40
SYNONYM_CREDIT = 0.75
#: a question word found only in a snippet's context (talk title, section, speaker) counts this much
CONTEXT_CREDIT = 0.7
#: weight of a word the knowledge never uses, as a share of the rarest known word's weight
OOV_WEIGHT = 0.7
#: companions more alike than this (Jaccard of their words) repeat the answer and are left out
REDUNDANT = 0.45
#: weight factor of common verbs and adverbs, and of chat noise, relative to content words
LIGHT_FACTOR = 0.3
MAX_CITATIONS = 3
SNIPPET_CHARS = 330

_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_RE = "|".join(_MONTHS) + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\w*\.?\s+(?:(?:of|de|del|di|im)\s+)?(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
#: a day and a month without a year: "the 15 May talk", "april 24th", "15th of may"
_DAY_MONTH = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\w*|({_MONTH_RE})\w*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?)\b(?!\s*\d)")
#: a month, its day and a year, the American way: "may 15 2024", "May 15, 2024"
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\w*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
#: chat noise that is not part of the question: Discord mention syntax (users, roles, channels,
#: custom emoji), an "@name" addressed to someone, a copy counter or reaction count at the end "(1)"
CHAT_NOISE = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|(?<!\w)@\w+|\(\d{1,2}\)\s*$")

GREETINGS = frozenset(
    "hi hello hey hiya howdy yo greetings morning evening afternoon good day thanks thank cheers bye "
    "goodbye there how going doing are you is it bonjour salut hallo servus hola ciao buongiorno buenos "
    "dias guten tag merci danke gracias grazie whats up sup nice meet fine well great cool ok okay".split()
)
HELP_WORDS = frozenset("help commands command can do able what you bot talkbot use usage".split())
# "the speakers said..." is about what was said; "which speaker..." asks for a person (see _analyse)
WHO_WORDS = frozenset({"who", "whom", "whose"})
PROFILE_WORDS = frozenset(
    "work works working job role title organisation organization company employer represent represents "
    "representing represented affiliation position does do profile cluster".split()
)
WHEN_WORDS = frozenset({"when", "date", "dates", "day", "time", "deadline", "schedule", "scheduled"})
PROFILE_STEMS = frozenset(
    {stem(w) for w in "about talks talk part take participate participated appear appeared profile bio background".split()}
)
UPCOMING_WORDS = frozenset({"next", "upcoming", "future", "soon", "coming"})
#: words that name no record in particular, kept when a record's name is masked
GENERIC_WORDS = frozenset("talk talks event events webinar session one eu clusters cluster".split())
GENERIC_EVENT_WORDS = frozenset(
    {stem(w) for w in "talk talks event events webinar eu clusters cluster meeting session one there".split()}
)
MONEY_WORDS = frozenset({"cost", "costs", "price", "prices", "fee", "fees", "ticket", "tickets", "pay", "paid", "charge"})
MONEY_ASK = re.compile(r"\b(what|how much|how big|how large|size of)\b(\s+\w+){0,4}\s+(budget|money|amount|funding)\b")
#: ", and how big is..." / "? And is there...": the start of a second question in the same message
TWO_QUESTIONS = re.compile(
    r"(?:,|;|\?)\s*(?:and\s+)?(what|which|who|whom|when|where|why|how|is there|are there|is it|does|do|did|can|could)\b",
    re.I,
)
PRONOUN = re.compile(r"\b(it|its|they|them|their|this|that|these|those|there|he|she|his|her)\b", re.I)
#: "after 2030", "before 2020": a bound on years, not a year the answer must contain
YEAR_BOUND = re.compile(r"\b(after|beyond|post|later than|before|prior to|earlier than)\s+((?:19|20)\d\d)\b")
#: asking what someone said: a snippet that only gives roles (a profile, a speaker list) is no answer
SAYS = re.compile(
    r"\b(say|said|says|talked about|did\b[^?]*\btalk about|mention(ed)?|explain(ed)?|argue(d)?|stress(ed)?|emphasi[sz]e(d)?|"
    r"highlight(ed)?|warn(ed)?|recommend(ed)?|suggest(ed)?|advise(d)?|think|thinks|believe|believes)\b"
)
ROLE_ONLY_KINDS = frozenset({"person", "appearance", "speakers", "agenda", "agenda_list", "moderator", "term"})
YES_NO = re.compile(r"^\s*(is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b")
ROLE_ANCHORS = frozenset(
    {stem(w) for w in "moderator moderated moderation chair chaired host hosted organiser organised winner won".split()}
)
LIST_ASK = re.compile(r"\b(what|which|who) (are|were)\b|\blist\b|\ball (the )?\w+s\b|\bwhat was on\b")
HOW_MANY = re.compile(r"\bhow (many|much)\b|\bnumber of\b")
HOW_LONG = re.compile(r"\bhow long\b|\bduration\b")
LATEST = re.compile(r"\b(latest|most recent|last|previous|recent)\b")
#: words of thanks and chat that, with stop words only, make a message small talk
CHAT_WORDS = frozenset(
    "lot lots helpful useful really awesome perfect appreciate appreciated welcome sorry later see job bot nice "
    "cool great good wonderful excellent brilliant love amazing haha lol super fantastic much many very so "
    "everyone all guys folks friend friends buddy mate talk soon again".split()
)
DEFINE = re.compile(
    r"\b(stand|stands|standing|short) for\b|\bacronym\b|\babbreviation\b|\bmeaning of\b|\bwhat does \w+ mean\b"
)
WHERE = re.compile(r"\bwhere\b|\b(which|what) (city|country|place|venue|town|location)\b")
HOW_OFTEN = re.compile(r"\bhow (often|frequently)\b|\bfrequency\b|\bhow regularly\b")
FREQUENCY = re.compile(r"\bevery\b|\b(bi-?)?(weekly|monthly|yearly|annual|annually)\b|\bfortnight|\btimes a\b", re.I)

HELP_TEXT = (
    "Hi! I answer questions about the EU Clusters Talks: speakers, dates, takeaways, funding news and "
    "events. Ask me e.g. \"Who spoke at the latest talk?\" or \"When is the next talk?\"."
)


@dataclass
class Question:
    raw: str
    text: str
    folded: str
    tokens: list[str]
    foreign: bool
    terms: dict[str, float] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    talks: list[str] = field(default_factory=list)
    dated_talks: bool = False
    intent: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    truncated: bool = False
    anchor: str = ""
    entities: list[list[frozenset[str]]] = field(default_factory=list)
    name_terms: set[str] = field(default_factory=set)
    weights: dict[str, float] | None = None
    places: frozenset[str] = frozenset()
    year_bounds: list[tuple[bool, int]] = field(default_factory=list)
    guess: Guess | None = None
    slots: structured.Slots | None = None
    terms_named: list[Term] = field(default_factory=list)


def _is_foreign(tokens: list[str]) -> bool:
    """French, German, Spanish or Italian rather than English, judged by function words."""
    english = sum(t in ENGLISH_STOPWORDS and t not in FOREIGN_STOPWORDS for t in tokens)
    foreign = sum(t in FOREIGN_STOPWORDS and t not in ENGLISH_STOPWORDS for t in tokens)
    foreign += sum(t in FOREIGN and FOREIGN[t] != t and t not in ENGLISH_STOPWORDS for t in tokens)
    return foreign > english


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _unsaid(*texts: str) -> str:
    """The texts joined, each sentence said once (two answers to the parts of one question
    often quote the same snippet)."""
    seen: set[str] = set()
    out = []
    for text in texts:
        for sentence in _SENTENCE_END.split(text.strip()):
            key = " ".join(sentence.split())
            if key and key not in seen:
                seen.add(key)
                out.append(sentence)
    return " ".join(out)


def _jaccard(a: Snippet, b: Snippet) -> float:
    x, y = set(a.body), set(b.body)
    return len(x & y) / len(x | y) if x | y else 1.0


class Engine:
    """Answers questions from one knowledge base; build once, ask many times (thread-safe reads)."""

    def __init__(self, kb: KnowledgeBase):
        # What an earlier build froze (see below) is unfrozen and collected first: frozen
        # garbage is never collected, so a bot that reloads often would otherwise keep every
        # reference cycle that was alive at any reload.
        gc.unfreeze()
        gc.collect()
        self.kb = kb
        self.index = Index(kb)
        self._name_words: dict[str, set[str]] = {}
        for person in kb.people:
            for name in person.names:
                for w in words(name):
                    if len(w) >= 3:
                        self._name_words.setdefault(w, set()).add(person.id)
        self._name_list = sorted(self._name_words)
        self._corrections: dict[tuple[str, bool], tuple[str, float] | None] = {}
        self._starters: list[str] | None = None
        kb.upcoming(datetime.now(UTC))  # sorts the timeline now rather than at the first "what's next?"
        self._starter_questions()  # (finding the latest talk scans them all: not in a user's question)
        # The index is millions of long-lived objects without reference cycles; left to the
        # cyclic garbage collector, every full collection re-scans them all (pauses of half a
        # second at 10,000 talks, in the middle of a question). Freezing moves them out of its
        # sight; they are still freed by reference counting when the engine is replaced.
        gc.freeze()
        self._light = {stem(w) for w in LIGHT_WORDS}
        self._month_stems = {stem(m) for m in _MONTHS}
        # words of every place the knowledge names, to tell an answer to "where" from a date
        self._places = {t for e in kb.events for t in content_terms(e.location)}
        # glossary entries, each as the word sets of its names: what a question can be "about"
        self._entities: list[list[frozenset[str]]] = []
        self._entity_terms: list[Term] = []
        for term in kb.terms:
            names = [frozenset(content_terms(n)) for n in (term.term, term.stands_for, *term.aliases) if n]
            abbreviation = frozenset(content_terms(term.term)) if term.term.isupper() else frozenset()
            # a name made only of the community's everyday words ("EU Clusters Talks") names nothing in
            # particular; an abbreviation (CEBR, I3) always names its one thing
            names = [n for n in names if n - GENERIC_EVENT_WORDS - {"europ", "european"}
                     and (len(n) > 1 or n == abbreviation or self.index.idf.get(next(iter(n)), 0) >= 2.0)]
            if names:
                self._entities.append(names)
                self._entity_terms.append(term)
        # abbreviations and what they stand for: a text may write either
        self._expansions = {min(short): frozenset(long) for term in kb.terms if term.stands_for
                            for short, long in [(content_terms(term.term), content_terms(term.stands_for))]
                            if len(short) == 1 and len(long) > 1}
        # every name of every glossary entry, for "what is X": any one word of a name finds it
        self._glossary_names: dict[str, list[tuple[Term, frozenset[str]]]] = defaultdict(list)
        for term in kb.terms:
            for name in (term.term, term.stands_for, *term.aliases):
                found = frozenset(content_terms(name)) if name else frozenset()
                if found:
                    self._glossary_names[min(found)].append((term, found))
        self._entities_by_term: dict[str, set[int]] = defaultdict(set)
        for i, names in enumerate(self._entities):
            for name in names:
                self._entities_by_term[min(name)].add(i)  # any one word of the name finds it
        # talks by date, for "the talk of May 2024" (two lists, bisected: no set per day)
        by_date = sorted((t.date, t.id) for t in kb.talks)
        self._talk_dates = [d for d, _ in by_date]
        self._talk_ids_by_date = [i for _, i in by_date]
        self._talks_on_day: dict[tuple[int, int], set[str]] = defaultdict(set)  # "the 15 May talk"
        for day, tid in by_date:
            self._talks_on_day[(day.month, day.day)].add(tid)
        self._title_terms: dict[str, list[set[str]]] = {}  # filled as talks and events come up
        self.intents = default_model()
        self.faq = Faq(kb)
        self._people_by_id = {p.id: p for p in kb.people}
        self._talks_by_id = {t.id: t for t in kb.talks}
        # events by the words of their names: what a question can name (events are few)
        self._events_by_id = {e.id: e for e in kb.events}
        self._event_words: dict[str, set[str]] = defaultdict(set)
        for event in kb.events:
            for names in self._titles(event):
                for word in names:
                    self._event_words[word].add(event.id)

    @cached_property
    def _items_named(self) -> dict[str, set[str]]:
        """Word -> ids of the talks and events whose title, aliases or kind has it: what "next X"
        can name. Built at the first such question, so that it never scans every item."""
        found: dict[str, set[str]] = defaultdict(set)
        for item in [*self.kb.talks, *self.kb.events]:
            names = [item.title, *getattr(item, "aliases", ()), getattr(item, "kind", "")]
            for word in content_terms(" ".join(names)):
                found[word].add(item.id)
        return found

    # -- public lookups (autocomplete, cards) ----------------------------------------------
    @cached_property
    def _talk_choices(self) -> tuple[list[Talk], dict[str, str], dict[str, Talk]]:
        """Talks newest first, the folded text autocomplete matches them by, and by id: built once."""
        talks = sorted(self.kb.talks, key=lambda t: t.schedule.start, reverse=True)
        choices = {t.id: f"{fold(t.title)} {t.date.isoformat()} {format_date(t.date).lower()} "
                         f"{' '.join(t.tags).lower()}" for t in talks}
        return talks, choices, {t.id: t for t in talks}

    @cached_property
    def _people_choices(self) -> tuple[list[Person], dict[str, str]]:
        people = sorted(self.kb.people, key=lambda p: fold(p.name))
        return people, {p.id: " / ".join(fold(n) for n in p.names) for p in people}

    def search_talks(self, query: str, limit: int = 25) -> list[Talk]:
        talks, choices, by_id = self._talk_choices
        query = fold(clean(query))
        if not query:
            return talks[:limit]
        found = process.extract(query, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
        return [by_id[key] for _, _, key in found]

    def search_people(self, query: str, limit: int = 25) -> list[Person]:
        people, choices = self._people_choices
        query = fold(clean(query))
        if not query:
            return people[:limit]
        found = process.extract(query, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [self.index.people[key] for _, _, key in found]

    def find_talk(self, query: str) -> Talk | None:
        exact = self.kb.talk(query.strip())
        if exact:
            return exact
        found = self.search_talks(query, limit=1)
        return found[0] if found else None

    def find_person(self, query: str) -> Person | None:
        exact = self.kb.person(query.strip())
        if exact:
            return exact
        found = self.search_people(query, limit=1)
        return found[0] if found else None

    # -- answering -------------------------------------------------------------------------
    def answer(self, question: str, now: datetime | None = None) -> Reply:
        reply = self._answer(question, now or datetime.now(UTC))
        if log.isEnabledFor(logging.DEBUG):
            decision = dict(reply.decision)
            evidence = decision.pop("evidence", None)
            log.debug("answer %r: answered=%s confidence=%.2f decision=%s evidence=%s",
                      reply.question[:200], reply.answered, reply.confidence, decision or "side route",
                      {k: round(v, 2) for k, v in zip(decide.names(type(evidence)), decide.vector(evidence),
                                                      strict=True)} if evidence else "-")
        return reply

    def _answer(self, question: str, now: datetime) -> Reply:
        raw = question if isinstance(question, str) else str(question)
        text = clean(CHAT_NOISE.sub(" ", raw))
        truncated = len(text) > MAX_QUESTION_CHARS
        if truncated:
            text = text[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0]
        if not any(c.isalnum() for c in text):
            return self._help(raw, "Ask me a question in words. " + HELP_TEXT if text else HELP_TEXT)
        q = self._analyse(raw, text, truncated)
        if self._is_smalltalk(q):
            return self._help(raw, HELP_TEXT)
        parts = self._split(text)
        if parts:
            return self._answer_parts(q, parts, truncated, now)
        return self._answer_one(q, now)

    def _answer_one(self, q: Question, now: datetime) -> Reply:
        """One question: as an admin answered it in the knowledge (``questions:``), from a
        record's field when its intent names one, else by retrieval."""
        known = self.faq.match(q.text)
        if known is not None:
            draft, similarity = known
            reply = self._finish(q, draft.answer, list(draft.citations), FAQ_CONFIDENCE * similarity)
            return replace(reply, decision={"route": "faq", "similarity": round(similarity, 2)})
        routed = self._route(q, now)
        if routed is not None:
            return routed
        if "upcoming" in q.intent:
            return self._upcoming(q, now)
        if "latest" in q.intent:
            return self._latest(q, now)
        return self._retrieve(q)

    # -- understanding: the records a question names, and the field it asks for ------------
    def slots(self, q: Question) -> structured.Slots:
        talk = self._talks_by_id.get(q.talks[0]) if len(q.talks) == 1 else None
        person = self._people_by_id.get(q.people[0]) if len(q.people) == 1 else None
        if len(q.people) > 1:
            # two people with alike names (two called Thomas): the one named in full, if one is
            tokens = set(q.tokens)
            full = [pid for pid in q.people if any(
                {w for w in words(name) if len(w) >= 3} <= tokens for name in self._people_by_id[pid].names)]
            person = self._people_by_id[full[0]] if len(full) == 1 else None
        event = self._find_event(q)
        says_talk = bool({stem("talk"), stem("webinar")} & q.terms.keys()) or q.dated_talks
        if talk and event:
            # "the REGISTRATION DEADLINE for the meta-cluster talk" is the event whose name says
            # more of the question than the talk's title does
            event_words = set().union(*self._titles(event)) & q.terms.keys()
            talk_words = set().union(*self._titles(talk)) & q.terms.keys()
            says_talk = says_talk and not (event_words - talk_words - GENERIC_EVENT_WORDS)
        return structured.Slots(
            talk=talk, event=event, person=person,
            term=q.terms_named[0] if q.terms_named else self._glossary_term(q),
            says_talk=says_talk, asked=frozenset(stem(t) for t in q.tokens),
        )

    def _masked(self, q: Question) -> str:
        """The question with the words that name its records (a talk's title words and date,
        an event's or a person's name, a glossary term) replaced by a filler of the same kind,
        as the intent model learned it: "who spoke at {talk}", whatever the talk is called."""
        slots = q.slots
        if slots is None or slots.empty:
            return q.text
        kinds: dict[str, str] = {}  # name word -> the kind of record it names
        records: list[tuple[str, set[str]]] = []
        for kind, item in (("talk", slots.talk), ("event", slots.event)):
            if item is not None:
                day = item.schedule.start_date
                records.append((kind, {str(day.day), str(day.year), stem(_MONTHS[day.month - 1])}
                                .union(*self._titles(item))))
        if slots.term:
            names = (slots.term.term, slots.term.stands_for, *slots.term.aliases)
            term_words = {w for name in names if name for w in content_terms(name)}
            # "the meta-cluster TALK" names the talk; "what is a meta-cluster" the glossary's term
            records.insert(0 if slots.says_talk else len(records), ("term", term_words))
        for kind, names in records:
            kinds.update(dict.fromkeys(names, kind))
        if slots.person:
            kinds.update(dict.fromkeys(q.name_terms, "person"))
        chunks = q.text.split()  # whole chunks, so that "line-up" stays one word
        kind_of: list[str | None] = []  # per chunk: the kind of record it names, "" none, None a stop word
        for chunk in chunks:
            named = [kinds.get(stem(w), "") for w in words(chunk) if w not in STOPWORDS and w not in GENERIC_WORDS]
            kind_of.append(next((k for k in named if k), "") if named else None)
        # a name is one run of words, stop words inside it included ("the Launch of the 30
        # Euroclusters"); words of a name strewn over the question ("how many EUROCLUSTERS were
        # LAUNCHED in SEPTEMBER") are what it asks about, and stay
        runs: dict[str, list[tuple[int, int]]] = {}
        for i, kind in enumerate(kind_of):
            if not kind:
                continue
            spans = runs.setdefault(kind, [])
            if spans and all(k is None for k in kind_of[spans[-1][1] + 1:i]):
                spans[-1] = (spans[-1][0], i)
            else:
                spans.append((i, i))
        masked = {}
        for kind, spans in runs.items():
            if len(spans) == 1:
                (a, b), = spans
                # "the meta-cluster talk" is the filler's "the hydrogen valleys talk", whole
                while a > 0 and chunks[a - 1].lower() in {"the", "a", "an"}:
                    a -= 1
                while b + 1 < len(chunks) and words(chunks[b + 1]) and words(chunks[b + 1])[0] in GENERIC_WORDS:
                    b += 1
                masked[(a, b)] = kind
        out: list[str] = []
        i = 0
        while i < len(chunks):
            span = next((sp for sp in masked if sp[0] == i), None)
            if span is None:
                out.append(chunks[i])
                i += 1
            else:
                out.append(self.intents.filler(masked[span]))
                i = span[1] + 1
        return " ".join(out)

    def _glossary_term(self, q: Question) -> Term | None:
        """The glossary entry with the longest name wholly in the question, if any."""
        found = [(len(name), term) for t in q.terms for term, name in self._glossary_names.get(t, ())
                 if name <= q.terms.keys()]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    def _find_event(self, q: Question) -> Event | None:
        """The event whose name (or alias) the question contains most of, by word weight."""
        # candidates by the specific words of their names (a word in the names of many events
        # names none of them), the few best checked in full
        found: dict[str, float] = defaultdict(float)
        for t in q.terms:
            ids = self._event_words.get(t, ())
            if t in GENERIC_EVENT_WORDS or t.isdigit() or len(ids) > COMMON_TITLE_TALKS:
                continue
            weight = self._weight(t)
            for eid in ids:
                found[eid] += weight
        best, best_weight = None, 0.0
        for eid in sorted(found, key=lambda e: (-found[e], e))[:EVENT_CANDIDATES]:
            event = self._events_by_id[eid]
            for names in self._titles(event):
                matched = names & q.terms.keys()
                # a year alone ("the oct 2022 one") names no event: a word of its name must be there
                if not any(not w.isdigit() and w not in GENERIC_EVENT_WORDS for w in matched):
                    continue
                total = sum(self._weight(w) for w in names if not w.isdigit() or w in matched)
                weight = sum(self._weight(w) for w in matched)
                # the event named most fully: "the info webinar on the matchmaking" over "the matchmaking"
                # the event named most fully; of two named alike (the conference of 2022 and of
                # 2024), the later one
                if total and weight / total >= EVENT_MATCH_MIN and (
                        weight > best_weight or (weight == best_weight and best is not None
                                                 and event.schedule.start > best.schedule.start)):
                    best, best_weight = event, weight
        return best

    def _route(self, q: Question, now: datetime) -> Reply | None:
        """A question whose intent names a field of the record it names is answered from that
        field; anything else goes on to retrieval."""
        guess = q.guess
        if guess is None or guess.confidence < INTENT_MIN:
            return None
        intent = guess.intent
        slots = q.slots or self.slots(q)
        if intent in {"next", "latest"} and slots.talk and not slots.event:
            return self._field_reply(q, structured.adjacent(self.kb, slots.talk, after=intent == "next"))
        if (intent == "next" and not q.people) or (intent == "events_list" and not slots.talk
                                                   and UPCOMING_WORDS & set(q.tokens)):
            return self._upcoming(q, now)
        if intent == "latest" and slots.empty:
            return self._latest(q, now)
        # "what is X?": X a person, a glossary term or a talk says which field answers it
        what_is = {"person_role": slots.person, "definition": slots.term, "summary": slots.talk}
        if intent in what_is and what_is[intent] is None:
            # ...when the model finds that reading plausible too
            intent = next((i for i, record in what_is.items()
                           if record is not None and guess.p(i) >= PLAUSIBLE), intent)
        if intent not in structured.FIELD_INTENTS:
            return None
        draft = structured.draft_for(intent, slots, self.kb, self._people_by_id, now)
        if draft is None:
            return None
        unexplained = self._unexplained(q, intent, draft)
        if unexplained > (RESIDUAL_MAX if intent in LIST_INTENTS else RESIDUAL_MAX_SINGLE):
            return None
        evidence = decide.FieldEvidence(intent=guess.p(intent), margin=guess.margin, unexplained=unexplained)
        if not decide.answers(evidence, None if draft.found else NEAR_MISS_MIN):
            return None  # not sure enough of the field: retrieval may still know
        confidence = decide.probability(evidence)
        decision = {"route": "field", "intent": intent, "evidence": evidence}
        return replace(self._field_reply(q, draft, confidence), decision=decision)

    def _field_reply(self, q: Question, draft: structured.Draft, confidence: float | None = None) -> Reply:
        if confidence is None:
            confidence = q.guess.confidence if q.guess else 0.0
        if not draft.found:  # a near miss: the record is known, the field asked for is not
            suggestions = self._starter_questions()
            text = f"Sorry, that is not covered. {draft.answer}"
            return Reply(q.raw, False, text + " You could ask:\n" + "\n".join(f"• {s}" for s in suggestions),
                         "", (), round(0.3 * confidence, 3), tuple(suggestions))
        return self._finish(q, draft.answer, list(draft.citations), confidence)

    def _unexplained(self, q: Question, intent: str, draft: structured.Draft) -> float:
        """Share of the question's word weight that the field answer leaves unexplained: words
        that neither name the record it is about, nor are typical of the intent, nor are in the
        answer itself ("which HOTEL near the conference" is not answered by its place)."""
        about = draft.about
        explained = set(self.intents.words.get(intent, ())) | self._month_stems | GENERIC_EVENT_WORDS
        if intent in LIST_INTENTS:
            # a list answer explains the items it lists: "who was on the PANEL DEBATE"
            explained |= set(content_terms(draft.answer))
        if q.foreign:  # a foreign word matched to a knowledge word by likeness is a guess, not a fact asked
            explained |= {t for t, w in q.terms.items() if w < 1.0}
        # a word people ask many kinds of questions with ("full", "exactly") is a way of asking, and so
        # is, in a foreign question, a word the knowledge never uses ("anmelden": the lexicon is small)
        spread = self.intents.spread
        explained |= {t for t in q.terms if spread.get(t, 0) >= ASKING_WORD_INTENTS
                      or (q.foreign and t not in self.index.idf)}
        if isinstance(about, Talk | Event):
            for names in self._titles(about):
                explained |= names
            explained |= {stem(t) for t in getattr(about, "tags", ())} | set(content_terms(" ".join(getattr(about, "tags", ()))))
            day = about.schedule.start_date
            explained |= {str(day.day), str(day.year), _MONTHS[day.month - 1][:3]}  # "22 Jan 2025"
        elif isinstance(about, Person):
            explained |= q.name_terms
        elif isinstance(about, Term):
            for name in (about.term, about.stands_for, *about.aliases):
                explained |= set(content_terms(name))
        for chunk in q.text.split():
            if "-" in chunk and stem(fold(chunk).replace("-", "").strip("?!.,")) in explained:
                explained |= {stem(w) for w in words(chunk)}  # "line-up" as the model knows "lineup"
        typical = self.intents.words.get(intent, frozenset())

        def explains(term: str) -> bool:
            # "longer" and "taken" are forms of the intent's "long" and "take"
            return term in explained or (len(term) >= 4 and any(
                len(w) >= 4 and (term.startswith(w) or w.startswith(term)) for w in typical))

        weights = self._weights(q)
        total = sum(weights.values())
        left = sum(w for t, w in weights.items() if not explains(t))
        return left / total if total else 0.0

    def _finish(self, q: Question, answer: str, citations: list[Citation], confidence: float) -> Reply:
        """The reply text within Discord's limits: fewer citations first, then a cut answer."""
        note = "(Your question was long, so I read only its beginning.)\n" if q.truncated else ""
        text = self._render(note + answer, citations)
        while len(text) > MAX_REPLY_CHARS and len(citations) > 1:
            citations.pop()
            text = self._render(note + answer, citations)
        if len(text) > MAX_REPLY_CHARS:
            text = text[: MAX_REPLY_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return Reply(q.raw, True, text, answer, tuple(citations), round(confidence, 3))

    def _split(self, text: str) -> list[str]:
        """Two questions in one ("When does the call open, and how big is its budget?"): the two
        clauses, when each asks something of its own; otherwise nothing."""
        pieces = TWO_QUESTIONS.split(text, maxsplit=1)
        if len(pieces) != 3:
            return []
        first, second = pieces[0].strip(" ,;?"), (pieces[1] + " " + pieces[2]).strip(" ,;?")
        if min(len(content_terms(first)), len(content_terms(second))) < 1:
            return []  # "..., and who was it?" refers back: one question
        return [first, second]

    def _answer_parts(self, q: Question, parts: list[str], truncated: bool, now: datetime) -> Reply:
        """Answer each clause with the context of the whole question, then join what was found."""
        first = self._answer_one(self._analyse(parts[0], parts[0], truncated), now)
        # "..., and how big is ITS budget?": a second part that refers back borrows the first's words
        refers_back = bool(PRONOUN.search(parts[1]))
        second_q = self._analyse(parts[1], f"{parts[1]} {parts[0]}" if refers_back else parts[1], truncated)
        if refers_back:  # the records of the whole, but what the second part itself asks
            second_q.guess = self.intents.guess(parts[1])
        second = self._answer_one(second_q, now)
        answered = [r for r in (first, second) if r.answered]
        if not answered:
            return self._answer_one(q, now)  # maybe the whole reads better than its parts
        if len(answered) == 1:
            only = answered[0]
            missed = parts[1] if only is first else parts[0]
            answer = f"{only.answer} (Not covered: \"{missed}\".)"
            citations = list(only.citations)
            confidence = only.confidence * 0.9
        else:
            answer = _unsaid(first.answer, second.answer)
            citations = list(dict.fromkeys([*first.citations, *second.citations]))[:MAX_CITATIONS]
            confidence = min(first.confidence, second.confidence)
        text = self._render(answer, citations)
        while len(text) > MAX_REPLY_CHARS and len(citations) > 1:
            citations.pop()
            text = self._render(answer, citations)
        if len(text) > MAX_REPLY_CHARS:
            text = text[: MAX_REPLY_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return Reply(q.raw, True, text, answer, tuple(citations), round(confidence, 3))

    def _latest(self, q: Question, now: datetime) -> Reply:
        past = [t for t in self.kb.past(now) if isinstance(t, Talk)]
        if not past:
            return self._upcoming(q, now)
        talk = past[0]
        lead = f"The latest talk was \"{talk.title}\", {format_when(talk)}. {talk.summary}"
        citation = self._item_citation(talk)
        return Reply(q.raw, True, self._render(lead, [citation]), lead, (citation,), TIMELINE_CONFIDENCE)

    def _help(self, raw: str, text: str) -> Reply:
        return Reply(question=raw, answered=False, text=text, confidence=0.0, suggestions=tuple(self._starter_questions()))

    def _is_smalltalk(self, q: Question) -> bool:
        tokens = [t for t in q.tokens if not t.isdigit()]
        if not tokens:
            return True
        if all(t in GREETINGS or t in CHAT_WORDS or t in STOPWORDS or t in HELP_WORDS for t in tokens):
            return True
        # nothing to look up: single letters, stray symbols
        return not q.people and all(len(t) < 2 for t in q.terms)

    def _analyse(self, raw: str, text: str, truncated: bool) -> Question:
        base = fold(text)
        foreign = _is_foreign(words(base))
        folded = join_phrases(base)
        tokens = words(folded)
        if foreign:
            folded = join_phrases(" ".join(translate(tokens)))
            tokens = words(folded)
        q = Question(raw, text, folded, tokens, foreign, truncated=truncated)
        token_set = set(tokens)
        q.numbers = {t for t in tokens if t.isdigit() and len(t) <= 4}
        for word, year in YEAR_BOUND.findall(folded):
            q.year_bounds.append((word in {"after", "beyond", "post", "later than"}, int(year)))
            q.numbers.discard(year)
        # intent
        if token_set & WHO_WORDS or re.search(r"\b(which|what|name the) (speaker|person|panell?ist|expert|presenter)", folded):
            q.intent.add("who")
        if token_set & WHEN_WORDS or re.search(r"\bwhat (date|day|time)\b", folded):
            q.intent.add("when")
        if WHERE.search(folded) and not re.search(r"\bwhere\b.*\b(come|comes|came) from\b", folded):
            q.intent.add("where")
        if HOW_OFTEN.search(folded):
            q.intent.add("how_often")
        if HOW_MANY.search(folded):
            q.intent.add("how_many")
        # an amount is asked for by "how much / what is the fee", not by "are fees enough?"
        if (token_set & MONEY_WORDS and re.search(r"\b(how much|what|which)\b", folded)
                and not YES_NO.match(folded)) or MONEY_ASK.search(folded):
            q.intent.add("money")
        if LIST_ASK.search(folded):
            q.intent.add("list")
        if HOW_LONG.search(folded):
            q.intent.add("how_long")
        if SAYS.search(folded):
            q.intent.add("says")
        q.anchor = self._anchor(tokens)
        if not q.anchor and "who" in q.intent:
            # "was there a moderator ..., and who was it?": the role named is what is asked for
            q.anchor = next((stem(t) for t in tokens if stem(t) in ROLE_ANCHORS), "")
        if DEFINE.search(folded):
            q.intent.add("define")
        # terms with weights; months and years count even where a month is a stop word ("may")
        terms: dict[str, float] = {}
        for match in _MONTH_YEAR.finditer(folded):
            month = next(m for m in _MONTHS if m.startswith(match.group(1)[:3]))
            terms[stem(month)] = 1.0
            terms[match.group(2)] = 1.0
        for t in content_terms(" ".join(tokens)):
            terms.setdefault(t, 1.0)
        if "how_long" in q.intent:
            terms.pop("long", None)
        for intent, kinds in ANSWER_TYPE_WORDS.items():
            if intent in q.intent:
                for t in kinds & terms.keys():
                    if intent == "money":
                        terms[t] *= 0.5  # "the I3 budget" vs "project sizes": still tells snippets apart
                    else:
                        del terms[t]
        self._detect_people(q, tokens)
        self._expand(q, terms, tokens)
        self._detect_talks(q)
        q.places = frozenset(q.terms.keys() & self._places)
        candidates = {i for t in q.terms for i in self._entities_by_term.get(t, ())}
        named = [i for i in sorted(candidates) if any(name <= q.terms.keys() for name in self._entities[i])]
        q.entities = [self._entities[i] for i in named]
        # the glossary entry named most fully first: "European Cluster Conference" over "ECC"
        q.terms_named = [self._entity_terms[i] for i in sorted(
            named, key=lambda i: -max(len(n) for n in self._entities[i] if n <= q.terms.keys()))]
        if LATEST.search(folded) and not q.people and self._only_generic(q):
            q.intent.add("latest")
        if token_set & UPCOMING_WORDS and not q.people:
            specific = [t for t in q.terms if t not in GENERIC_EVENT_WORDS and t not in {stem(w) for w in UPCOMING_WORDS}
                        and t not in WHEN_WORDS and q.terms[t] >= 1.0 and not t.isdigit()]
            if not specific or (token_set & {"next", "upcoming"} and not q.numbers and self._event_like(specific)):
                q.intent.add("upcoming")
        # a person named and nothing asked but who they are, where they work, what they did
        profile_words = ANSWER_TYPE_WORDS["profile"] | PROFILE_STEMS | {stem(w) for w in PROFILE_WORDS}
        about_only = all(t in self._light or t in GENERIC_EVENT_WORDS or t in profile_words or t.isdigit()
                         or t in self._month_stems for t in q.terms)
        if q.people and (re.search(r"\bwho (is|was)\b", folded) or about_only):
            q.intent.add("profile")
            q.intent.discard("where")  # "where does she work" asks for an organisation
            q.terms = {t: w for t, w in q.terms.items() if t not in ANSWER_TYPE_WORDS["profile"]}
        q.slots = self.slots(q)
        if log.isEnabledFor(logging.DEBUG):
            slots = q.slots
            log.debug("understand %r: talk=%s event=%s person=%s term=%s masked=%r", text[:200],
                      slots.talk and slots.talk.id, slots.event and slots.event.id, slots.person and slots.person.id,
                      slots.term and slots.term.term, self._masked(q)[:200])
        # the intent of the question around the records it names: "who spoke at {talk}"
        # read both ways, since a masked name can also hide what is asked ("how many EUROCLUSTERS")
        q.guess = self.intents.guess(text).blend(self.intents.guess(self._masked(q)))
        log.debug("intents: %s", [(i, round(p, 2)) for i, p in q.guess.ranked[:3]])
        return q

    def _only_generic(self, q: Question) -> bool:
        """True when the question names no particular fact: 'what was the latest talk about?'."""
        generic = GENERIC_EVENT_WORDS | {stem(w) for w in "latest recent last previous about".split()}
        return all(t in generic or t in self._light or t.isdigit() for t in q.terms)

    def _anchor(self, tokens: list[str]) -> str:
        """The word that says what a who/how-many question asks for: 'who MODERATED', 'how many MEMBERS'."""
        for i, t in enumerate(tokens):
            if t == "who" or (t in {"many", "much"} and i and tokens[i - 1] == "how"):
                for nxt in tokens[i + 1:]:
                    if nxt not in STOPWORDS and nxt not in LIGHT_WORDS:
                        return "" if nxt in SPEECH_VERBS else stem(nxt)
                return ""
        return ""

    def _event_like(self, specific: list[str]) -> bool:
        """True when the specific words name kinds of events (conference, matchmaking...), not facts."""
        kinds = {stem(w) for w in "conference conferences matchmaking fair messe deadline call calls".split()}
        return all(t in kinds for t in specific)

    def _detect_people(self, q: Question, tokens: list[str]) -> None:
        hits: dict[str, float] = {}
        words_of: dict[str, set[str]] = {}
        for t in tokens:
            if len(t) < 4 or t in STOPWORDS:
                continue
            if t in self._name_words:
                matches = [(t, 100.0)]
            elif t in self.index.vocab:
                continue  # an ordinary word spelled right ("marine") is no misspelled name ("Marin")
            else:
                # ratio forgives a dropped letter, OSA a swapped pair ('przoer')
                found = process.extract(t, self._name_list, scorer=fuzz.ratio, limit=3, score_cutoff=NAME_CUTOFF)
                found += process.extract(t, self._name_list, scorer=OSA.normalized_similarity, limit=3,
                                         score_cutoff=NAME_CUTOFF / 100 - 1e-9)
                matches = [(m, sc * 100 if sc <= 1 else sc) for m, sc, _ in found]
            for name_word, score in matches:
                for pid in self._name_words[name_word]:
                    hits[pid] = max(hits.get(pid, 0), score) + 0.01 * score
                    words_of.setdefault(pid, set()).update({stem(t), stem(name_word)})
        if hits:
            best = max(hits.values())
            q.people = [pid for pid, s in sorted(hits.items(), key=lambda kv: -kv[1]) if s >= best - 1.5]
            # the person is credited as a whole; their name words must not count again as terms
            q.name_terms = set().union(*(words_of[pid] for pid in q.people))

    def _correct(self, token: str, foreign: bool = False) -> tuple[str, float] | None:
        """The knowledge's spelling of a question word, remembered (a plain dict, not lru_cache
        over a bound method: that would tie the engine in a reference cycle)."""
        key = (token, foreign)
        if key not in self._corrections:
            if len(self._corrections) > 50_000:
                self._corrections.clear()
            self._corrections[key] = self._correct_uncached(token, foreign)
        return self._corrections[key]

    def _correct_uncached(self, token: str, foreign: bool = False) -> tuple[str, float] | None:
        if token in self.index.vocab or token.isdigit() or len(token) < (4 if foreign else 5) or token in LIGHT_WORDS:
            return None
        bucket = self.index.vocab_by_initial.get(token[0], [])
        if foreign:
            # cognates: 'symbiose' ~ 'symbiosis', 'initiativen' ~ 'initiatives'
            found = process.extractOne(token, bucket, scorer=fuzz.ratio, score_cutoff=COGNATE_CUTOFF)
            if found:
                return found[0], 0.8
            for cut in range(4, len(token) - 3):
                left, right = token[:cut], token[cut:]
                a = process.extractOne(left, self.index.vocab_by_initial.get(left[0], []), scorer=fuzz.ratio,
                                       score_cutoff=COGNATE_CUTOFF)
                b = process.extractOne(right, self.index.vocab_by_initial.get(right[0], []), scorer=fuzz.ratio,
                                       score_cutoff=COGNATE_CUTOFF)
                if a and b:
                    return f"{a[0]} {b[0]}", 0.7
        # one edit (a swapped pair counts as one) for ordinary words, two for long ones: fewer false friends
        edits = 1 if len(token) < 10 else 2
        found = process.extractOne(token, bucket, scorer=OSA.distance, score_cutoff=edits)
        if found:
            return found[0], 0.9
        # a glued compound: "metacluster" -> "meta cluster"
        for cut in range(3, len(token) - 2):
            left, right = token[:cut], token[cut:]
            if left in self.index.vocab and right in self.index.vocab:
                return f"{left} {right}", 0.9
        return None

    def _expand(self, q: Question, terms: dict[str, float], tokens: list[str]) -> None:
        if q.foreign:
            tokens = [t for t in tokens if t not in FOREIGN_STOPWORDS]
        idf = self.index.idf
        expanded: dict[str, float] = {}
        for t in tokens:
            if t in STOPWORDS:
                continue
            st = stem(t)
            if st in idf or st.isdigit():
                continue
            if self.intents.spread.get(st, 0) >= (1 if q.foreign else ASKING_WORD_INTENTS):
                continue  # a word people ask with ("comes", "commencent"), not a misspelled knowledge word
            corrected = self._correct(t, q.foreign)
            if corrected:
                for part in corrected[0].split():
                    expanded.setdefault(stem(part), corrected[1])
                terms.pop(st, None)
                if q.anchor == st:
                    q.anchor = stem(corrected[0].split()[0])
        for t, w in expanded.items():
            terms.setdefault(t, w)
        q.terms = {t: w for t, w in terms.items() if t not in q.name_terms}

    def _detect_talks(self, q: Question) -> None:
        """Which talk the question is about: by its date, or by words of its title and tags."""
        dated = set()
        for m in _MONTH_YEAR.finditer(q.folded):
            month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(m.group(1)[:3]))
            year = int(m.group(2))
            if 1 <= year < 9999:
                dated |= self._talks_between(date(year, month, 1), date(year + month // 12, month % 12 + 1, 1))
        days = [m.group(0) for m in _ISO.finditer(q.folded)]
        for m in _MONTH_DAY_YEAR.finditer(q.folded):
            month = next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(m.group(1)[:3]))
            days.append(f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}")
        for text in days:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                continue  # "2024-13-45": no day
            dated |= self._talks_between(day, day + timedelta(days=1))
        if not dated:
            for m in _DAY_MONTH.finditer(q.folded):
                day = int(m.group(1) or m.group(4))
                name = m.group(2) or m.group(3)
                month = next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name[:3]))
                dated |= self._talks_on_day.get((month, day), set())
        if dated:
            q.talks, q.dated_talks = sorted(dated), True
            return
        scores: dict[str, float] = {}
        title_words: dict[str, int] = {}
        specific: set[str] = set()  # talks matched by a word that is not the series' own ("EU Clusters Talk")
        for term in q.terms:
            postings = self.index.title_postings.get(term, ())
            if len(postings) > max(COMMON_TITLE_TALKS, COMMON_TITLE_SHARE * len(self.kb.talks)):
                continue  # in the titles of many talks: names none of them, and costs a pass over them
            for tid, share in self.index.title_shares(postings):
                scores[tid] = scores.get(tid, 0.0) + share * self.index.title_idf[term]
                title_words[tid] = title_words.get(tid, 0) + (share == 1.0)
                if term not in GENERIC_EVENT_WORDS:
                    specific.add(tid)
        scores = {tid: score for tid, score in scores.items() if tid in specific}
        says_talk = bool({stem("talk"), stem("webinar")} & q.terms.keys())
        if scores:
            ranked = sorted(scores.values(), reverse=True)
            best, second = ranked[0], ranked[1] if len(ranked) > 1 else 0.0
            # one talk stands out by the words of its title (and tags) in the question
            if best >= 1.3 * second and best >= TALK_MATCH_MIN:
                top = [tid for tid, s in scores.items() if s == best]
                # one shared word ("innovation" of "Innovation Fund") is not enough unless a talk is meant
                if says_talk or any(title_words.get(tid, 0) >= 2 for tid in top):
                    q.talks = top

    def _talks_between(self, first: date, end: date) -> set[str]:
        """Ids of the talks on ``first`` up to, not including, ``end``."""
        lo, hi = bisect_left(self._talk_dates, first), bisect_left(self._talk_dates, end)
        return set(self._talk_ids_by_date[lo:hi])

    def _titles(self, item: Talk | Event) -> list[set[str]]:
        """The word sets of an item's title and aliases, remembered."""
        found = self._title_terms.get(item.id)
        if found is None:
            if len(self._title_terms) > 1024:  # (small: see index.SNIPPET_CACHE)
                self._title_terms.clear()
            names = [item.title, *getattr(item, "aliases", ())]
            found = self._title_terms[item.id] = [set(content_terms(n)) for n in names]
        return found

    # -- retrieval -------------------------------------------------------------------------
    def _match_in(self, term: str, body: Collection[str], context: Collection[str]) -> float:
        if term in body:
            return 1.0
        expansion = self._expansions.get(term)
        if expansion and all(w in body for w in expansion):
            return 1.0  # "ERDF" is in a text that writes "European Regional Development Fund"
        if term in context:
            return CONTEXT_CREDIT
        for syn in synonyms(term):
            if syn in body:
                return SYNONYM_CREDIT
            if syn in context:
                return SYNONYM_CREDIT * CONTEXT_CREDIT
        return 0.0

    def _match(self, term: str, snippet: Snippet) -> float:
        return self._match_in(term, snippet.body, snippet.context)

    def _weight(self, term: str) -> float:
        idf = self.index.idf.get(term)
        light = term in self._light or (idf is None and len(term) <= 3 and not term.isdigit())
        if idf is None:
            # a word the knowledge never uses: likely what the question is really about
            idf = OOV_WEIGHT * self.index.max_idf
        return idf * LIGHT_FACTOR if light else idf

    def _weights(self, q: Question) -> dict[str, float]:
        """Each question word's weight, computed once per question (rescoring asks it often)."""
        if q.weights is None or q.weights.keys() != q.terms.keys():
            q.weights = {t: self._weight(t) * w for t, w in q.terms.items()}
            if q.foreign:
                # in a foreign question, a word the knowledge never uses is most likely one the
                # lexicon does not translate ("combien", "statt"), not what the question is about
                q.weights = {t: w * (LIGHT_FACTOR if t not in self.index.idf else 1.0) for t, w in q.weights.items()}
        return q.weights

    def _coverage(self, q: Question, snippets: list[Snippet]) -> float:
        weights = self._weights(q)
        # a list snippet counts item by item: its best item, not the sum of all its items
        units = [(item, s.context) for s in snippets for item in s.items] or []
        units += [(s.body, s.context) for s in snippets if not s.items]
        if any(s.items for s in snippets):
            best_item = max(units, key=lambda u: sum(w * self._match_in(t, *u) for t, w in weights.items()))
            units = [best_item] + [(s.body, s.context) for s in snippets if not s.items]
        total = matched = 0.0
        for term, w in weights.items():
            total += w
            matched += w * max((self._match_in(term, *u) for u in units), default=0.0)
        for pid in q.people:
            total += 2.0
            matched += 2.0 if any(pid in s.people for s in snippets) else 0.0
        return matched / total if total else 0.0

    def _lead_share(self, q: Question, s: Snippet) -> float:
        """Share of the question's weight found in the snippet's first words: what it is about."""
        weights = self._weights(q)
        total = sum(weights.values())
        found = sum(w for t, w in weights.items() if t in s.lead)
        return found / total if total else 0.0

    def _type_ok(self, q: Question, s: Snippet) -> float:
        """How well a snippet fits the kind of answer asked for (a date, a person, an amount...)."""
        factor = 1.0
        if "money" in q.intent and not s.has_money:
            factor *= 0.45
        if "how_many" in q.intent and "money" not in q.intent and not s.has_number:
            factor *= 0.5
        if "when" in q.intent and not (s.has_date or s.kind in {"when", "event"}):
            factor *= 0.6
        if "who" in q.intent and not s.people:
            factor *= 0.75  # "whose recommendations": sometimes a group, not a person
        places = self._places | ({"onlin"} if {stem("talk"), stem("webinar")} & q.terms.keys() else set())
        if "where" in q.intent and not (s.body & places):
            factor *= 0.5  # a date is no answer to "in which city"
        if "says" in q.intent and (s.kind in ROLE_ONLY_KINDS or (q.people and not set(q.people) & set(s.people))):
            factor *= 0.5  # "what did X say": their job title, or someone else's words, is not what they said
        if "how_often" in q.intent and not FREQUENCY.search(s.text):
            factor *= 0.5
        if "how_long" in q.intent and not s.has_duration:
            factor *= 0.5
        if q.anchor and q.anchor not in q.name_terms and self._match(q.anchor, s) == 0:
            factor *= 0.55  # "who moderated": a snippet about speakers does not say who moderated
        if q.places and not any(p in s.named or p in s.context for p in q.places):
            factor *= 0.6  # "the Rotterdam matchmaking": an answer about another place is not it
        for names in q.entities:
            # the question names a thing ("Silicon Europe Alliance"): the answer must be about it
            if not any(name <= s.named for name in names):
                factor *= 0.6
        for after, bound in q.year_bounds:
            years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", s.text)]
            if not any(y > bound if after else y < bound for y in years):
                factor *= 0.5  # nothing said about the years asked for
        if q.numbers:
            text_numbers = set(re.findall(r"\d+", s.text)) | {t for t in s.context if t.isdigit()}
            missing = q.numbers - text_numbers
            if missing:
                factor *= 0.5 ** len(missing)
        return factor

    def _rescore(self, q: Question, s: Snippet, bm25: float, best_bm25: float) -> float:
        coverage = self._coverage(q, [s])
        score = 0.3 * (bm25 / best_bm25 if best_bm25 else 0) + 0.7 * coverage + 0.1 * self._lead_share(q, s)
        score *= self._type_ok(q, s)
        if q.people and set(q.people) & set(s.people):
            score *= 1.25
            if "profile" in q.intent and s.kind == "person":
                score *= 1.6
        if q.talks:
            talks = self._snippet_talks(s)
            if talks & set(q.talks):
                score *= 1.25
            elif talks:
                score *= 0.6 if q.dated_talks else 0.8
            elif q.dated_talks and s.event:
                score *= 0.85
        if s.kind == "person" and not q.people:
            score *= 0.8
        if "who" in q.intent and s.kind in {"appearance", "agenda", "moderator", "speakers"}:
            score *= 1.1
        if "when" in q.intent and s.kind in {"when", "event"}:
            score *= 1.2
        if "where" in q.intent and s.kind == "event":
            score *= 1.2
        if q.intent & {"when", "where"} and s.kind in {"event", "when"}:
            # the question names this event or talk: prefer it to others that merely share words
            item = s.event or s.talk
            assert item is not None
            score *= 1 + 0.6 * max(len(ts & q.terms.keys()) / len(ts) for ts in self._titles(item) if ts)
            if s.kind == "event" and stem("talk") in q.terms:
                score *= 0.8  # "when did the talk about the conference take place" asks for the talk
        if "list" in q.intent and s.items:
            score *= 1.15
        if "define" in q.intent and s.kind == "term":
            score *= 1.4
        return score

    def _snippet_talks(self, s: Snippet) -> set[str]:
        if s.talk:
            return {s.talk.id}
        if s.kind == "person":
            return {t.id for pid in s.people for t, _ in self.kb.talks_of(pid)}
        return set()

    def _rank(self, q: Question) -> list[tuple[float, Snippet]]:
        query = dict(q.terms)
        for term in q.name_terms:
            query.setdefault(term, 1.0)
        for term, weight in list(q.terms.items()):
            for syn in synonyms(term):
                query.setdefault(syn, weight * SYNONYM_CREDIT * 0.8)
        top = self.index.top(query, q.people, CANDIDATES)
        if not top:
            return []
        best = top[0][1]
        snippets = self.index.snippets
        ranked = [(self._rescore(q, snippets[sid], score, best), snippets[sid]) for sid, score in top]
        ranked.sort(key=lambda pair: (-pair[0], pair[1].id))
        return ranked

    def _retrieve(self, q: Question) -> Reply:
        ranked = self._rank(q)
        if q.talks:
            # never answer about one talk with a fact of another: keep that talk's snippets and
            # the ones that belong to no talk (events, glossary) or to its people
            wanted = set(q.talks)
            ranked = [(sc, s) for sc, s in ranked if not self._snippet_talks(s) or self._snippet_talks(s) & wanted]
        if not ranked:
            return self._decline(q, [])
        best_score, best = ranked[0]
        chosen = [best]
        uncovered = {t for t in q.terms if self._match(t, best) == 0}
        structured = (bool(q.intent & {"when", "where"}) and best.kind in {"when", "event"}) or (
            "profile" in q.intent and best.kind == "person")
        for score, s in ranked[1:]:
            if len(chosen) >= MAX_CITATIONS:
                break
            if score < best_score * 0.55:
                break
            if any(_jaccard(s, c) > REDUNDANT for c in chosen):
                continue
            if q.talks and self._snippet_talks(s) and not self._snippet_talks(s) & set(q.talks):
                continue  # never answer about one talk with facts of another
            adds = {t for t in uncovered if self._match(t, s) > 0}
            # a companion completes the answer with words the best one lacks, or, unless the
            # answer is a plain date or profile, adds another close match
            if adds or (score >= best_score * 0.7 and not structured):
                chosen.append(s)
                uncovered -= adds
        # the best snippet must carry the answer; companions only complete it
        alone = self._coverage(q, [best])
        coverage = alone + 0.5 * (self._coverage(q, chosen) - alone)
        evidence = self._evidence(q, ranked, chosen, coverage)
        log.debug("candidates: %s", [(round(sc, 2), s.kind, s.text[:60]) for sc, s in ranked[:3]])
        confidence = decide.probability(evidence)
        decision = {"route": "retrieve", "evidence": evidence, "intent": q.guess.intent if q.guess else ""}
        if not decide.answers(evidence):
            return replace(self._decline(q, [s for _, s in ranked[:6]], confidence), decision=decision)
        return replace(self._compose(q, chosen, confidence), decision=decision)

    def _evidence(self, q: Question, ranked: list[tuple[float, Snippet]], chosen: list[Snippet],
                  coverage: float) -> decide.Evidence:
        best_score, best = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        weights = self._weights(q)
        total = sum(weights.values()) or 1.0
        person = 0.0
        if q.people:
            person = 1.0 if set(q.people) & set(best.people) else -1.0
        matched = {t: max(self._match(t, s) for s in chosen) for t in weights}
        rest = sum(w * matched[t] for t, w in weights.items()) / total
        missed = max((w for t, w in weights.items() if matched[t] == 0), default=0.0) / total
        return decide.Evidence(
            coverage=coverage,
            rest=rest,
            type_ok=self._type_ok(q, best),
            score=min(best_score, 2.0),
            margin=(best_score - second) / best_score if best_score > 0 else 0.0,
            person=person,
            talk=1.0 if q.talks and self._snippet_talks(best) & set(q.talks) else 0.0,
            unknown=sum(w for t, w in weights.items() if t not in self.index.idf) / total,
            missed=missed,
            fact=q.guess.p("fact") if q.guess else 0.0,
            terms=min(len(q.terms), 5) / 5,
        )

    # -- composing -------------------------------------------------------------------------
    def _lead(self, q: Question, best: Snippet) -> str:
        if "profile" in q.intent and best.kind == "person":
            return best.text
        if best.kind == "event" and best.event and q.intent & {"when", "where"}:
            line = self.index.event_line(best.event) + "."
            title = set().union(*self._titles(best.event))
            asked_more = [t for t in q.terms if t not in title and t not in self._light]
            return f"{line} {best.event.description}" if asked_more else line
        if "when" in q.intent and best.kind == "when" and best.talk:
            return f"{best.talk.title}: {format_when(best.talk)}."
        if best.kind == "point" and best.people and "who" in q.intent:
            names = ", ".join(self.index.people[p].name for p in best.people if p in self.index.people)
            return f"{names}: {best.text}"
        if best.kind == "point" and best.people:
            people = [self.index.people[p].name for p in best.people if p in self.index.people]
            # say who said it, unless the text already does ("Eric Koch explained that ...")
            unnamed = [n for n in people if n.split()[-1] not in best.text]
            if unnamed and len(best.people) <= 2:
                return f"{best.text} ({', '.join(people)})"
        return best.text

    def _citation(self, s: Snippet) -> Citation:
        snippet = s.text if len(s.text) <= SNIPPET_CHARS else s.text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        if s.kind == "person" and s.people:
            # a profile is cited from the person's latest talk
            talks = self.kb.talks_of(s.people[0])
            if talks:
                talk = talks[-1][0]
                return Citation(talk.id, talk.title, talk.date.isoformat(), "Speakers", snippet)
        day = s.day.isoformat() if s.day else ""
        return Citation(s.source_id, s.source_title or s.section, day, s.section, snippet)

    def _compose(self, q: Question, chosen: list[Snippet], confidence: float) -> Reply:
        lead = self._lead(q, chosen[0])
        extra = [s.text for s in chosen[1:] if s.text not in lead]
        answer = _unsaid(lead, *extra)
        citations = [self._citation(s) for s in chosen]
        note = "(Your question was long, so I read only its beginning.)\n" if q.truncated else ""
        text = self._render(note + answer, citations)
        while len(text) > MAX_REPLY_CHARS and len(citations) > 1:
            citations.pop()
            answer = _unsaid(lead, *extra[: len(citations) - 1])
            text = self._render(note + answer, citations)
        if len(text) > MAX_REPLY_CHARS:
            text = text[: MAX_REPLY_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return Reply(q.raw, True, text, answer, tuple(citations), round(confidence, 3))

    @staticmethod
    def _render(answer: str, citations: list[Citation]) -> str:
        lines = [answer, "", "Sources:"]
        sources: list[str] = []  # two snippets of one section are one source
        for c in citations:
            when = format_date(date.fromisoformat(c.date)) if c.date else ""
            where = " · ".join(x for x in (c.title, when, c.section if c.section != c.title else "") if x)
            if where not in sources:
                sources.append(where)
        lines += [f"[{n}] {where}" for n, where in enumerate(sources, 1)]
        return "\n".join(lines)

    def _decline(self, q: Question, near: list[Snippet], confidence: float = 0.0) -> Reply:
        suggestions = self._suggest(q, near)
        text = "Sorry, that is not covered by what I know about the EU Clusters Talks."
        if q.truncated:
            text = "Your question was long, so I read only its beginning. " + text
        if suggestions:
            text += " You could ask:\n" + "\n".join(f"• {s}" for s in suggestions)
        return Reply(q.raw, False, text, "", (), round(confidence, 3), tuple(suggestions))

    def _suggest(self, q: Question, near: list[Snippet]) -> list[str]:
        out: list[str] = []
        for s in near:
            candidate = self._question_for(s)
            if candidate and candidate not in out:
                out.append(candidate)
            if len(out) == 3:
                break
        for starter in self._starter_questions():
            if len(out) == 3:
                break
            if starter not in out:
                out.append(starter)
        return out[:3]

    def _question_for(self, s: Snippet) -> str:
        if s.kind == "person" and s.people:
            return f"Who is {self.index.people[s.people[0]].name}?"
        if s.kind == "event" and s.event:
            return f"When is the {s.event.title}?"
        if s.kind == "term":
            return f"What does {s.text.split(' stands for')[0].split(':')[0]} stand for?"
        if s.talk:
            return f"What was the talk \"{s.talk.title}\" about?"
        return ""

    def _starter_questions(self) -> list[str]:
        if self._starters is not None:
            return self._starters
        out = ["When is the next talk?"]
        if self.kb.talks:
            latest = max(self.kb.talks, key=lambda t: t.schedule.start)
            out.append(f"Who spoke at \"{latest.title}\"?")
        term = next((t for t in self.kb.terms if t.stands_for and t.term.isupper()), None)
        if term:
            out.append(f"What does {term.term} stand for?")
        self._starters = out
        return out

    # -- what's next -----------------------------------------------------------------------
    def _upcoming(self, q: Question, now: datetime) -> Reply:
        specific = {t for t in q.terms if t not in GENERIC_EVENT_WORDS and t not in {stem(w) for w in UPCOMING_WORDS}
                    and t not in {stem(w) for w in WHEN_WORDS}}
        wants_talk = not specific and bool({stem("talk"), stem("webinar")} & set(q.terms))

        named = set().union(*(self._items_named.get(w, ()) for t in specific for w in (t, *synonyms(t))))

        def relevant(item: Talk | Event) -> bool:
            if wants_talk:
                return isinstance(item, Talk)
            return not specific or item.id in named

        # both lists are sorted: the first few relevant items are all that is shown
        coming = list(islice((i for i in self.kb.upcoming(now) if relevant(i)), 3))
        past = list(islice((i for i in self.kb.past(now) if relevant(i)), 1))
        what = "talk" if wants_talk else "talk or event"
        chosen: list[Talk | Event]
        if coming:
            first = coming[0]
            lead = f"Next: {first.title}, {format_when(first)}."
            if len(coming) > 1:
                lead += " Then: " + "; ".join(f"{i.title} ({format_when(i)})" for i in coming[1:3]) + "."
            chosen = coming[:3]
        elif past:
            latest = past[0]
            lead = (f"No upcoming {what} is in my knowledge yet. The latest was {latest.title}, "
                    f"{format_when(latest)}.")
            rhythm = self._series_rhythm()
            if rhythm:
                lead += f" {rhythm}"
            chosen = [latest]
        else:
            return self._decline(q, [])
        citations = [self._item_citation(i) for i in chosen]
        return Reply(q.raw, True, self._render(lead, citations), lead, tuple(citations), TIMELINE_CONFIDENCE)

    def _series_rhythm(self) -> str:
        rhythm = [s.text for s in self.index.series
                  if re.search(r"every two weeks|bi-?weekly|fortnight", s.text, re.I)]
        return min(rhythm, key=len, default="")

    def _item_citation(self, item: Talk | Event) -> Citation:
        section = "Date and time" if isinstance(item, Talk) else "Events"
        return Citation(item.id, item.title, item.schedule.start_date.isoformat(), section,
                        f"{item.title}: {format_when(item)}")
