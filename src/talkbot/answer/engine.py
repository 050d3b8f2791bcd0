"""The answering engine: question in, short cited reply (or an honest "not covered") out.

It builds what the stages need from one knowledge base and routes each question through them:
clean and cap it -> small talk? -> two questions in one? -> understand it (understand.py,
intents.py) -> a question the admins wrote (faq.py)? -> a field of the record it names
(structured.py), if the intent names one and the decision (decide.py) agrees -> otherwise
retrieval (retrieve.py) and the decision -> compose the reply (compose.py).
"""
from __future__ import annotations

import gc
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import islice, pairwise

from rapidfuzz import fuzz, process

from talkbot.answer import attributes, decide, structured
from talkbot.answer.compose import Composition, say_once
from talkbot.answer.faq import Faq
from talkbot.answer.index import Index, Snippet, format_date, format_when
from talkbot.answer.intents import default_model
from talkbot.answer.lexicon import LIGHT_WORDS, STOPWORDS
from talkbot.answer.reply import MAX_REPLY_CHARS, Citation, Reply
from talkbot.answer.retrieve import Retrieval
from talkbot.answer.text import clean, content_terms, fold, stem, synonyms, words
from talkbot.answer.understand import (
    _MONTHS,
    ASKING_WORD_INTENTS,
    CHAT_NOISE,
    CHAT_WORDS,
    FAQ_CONFIDENCE,
    GENERIC_EVENT_WORDS,
    GREETINGS,
    HELP_TEXT,
    HELP_WORDS,
    INTENT_MIN,
    LATEST,
    LIST_INTENTS,
    MAX_CITATIONS,
    MAX_QUESTION_CHARS,
    NEAR_MISS_MIN,
    NEWCOMER,
    ORGANISATION_WORD_MAX,
    PLAUSIBLE,
    PRONOUN,
    RESIDUAL_MAX,
    RESIDUAL_MAX_SINGLE,
    ROLE_ANCHORS,
    SERIES_STEMS,
    TAKING_PART,
    TALK_STEMS,
    TIMELINE_CONFIDENCE,
    TWO_QUESTIONS,
    UPCOMING_STEMS,
    UPCOMING_WORDS,
    WHEN_STEMS,
    WINDOW_STEMS,
    WITHOUT_MODERATOR,
    YES_NO,
    Question,
    Understanding,
    name_pairs,
)
from talkbot.knowledge.models import Appearance, Event, KnowledgeBase, Person, Section, Talk, Term

log = logging.getLogger(__name__)

#: least rarity (idf) of a word that makes an opening name something ("Graz,"), not chat ("hi team!")
PREAMBLE_NAMES = 2.0
#: words that greet or thank (not "how are you", whose words also ask questions)
SALUTATIONS = frozenset("hi hello hey hiya howdy yo greetings morning evening afternoon thanks thank cheers "
                        "bonjour salut hallo servus hola ciao buongiorno buenos guten merci danke gracias grazie".split())
#: "the talk after {talk}", "and before the meta-cluster session, ...": the talk next to the one named
ADJACENT = re.compile(r"\b(?:talk|session|webinar|one|episode|edition)\s+(?:(?:comes?|came|was|is|happened|took place)\s+)?"
                      r"(?:(?:right|just|directly|immediately)\s+)?"
                      r"(after|before|following|preceding)\b|^(?:and\s+|so\s+)?(?:right\s+|just\s+)?(after|before)\s+(?:the|that)\b")
#: "the oldest talk", "the first talk of 2026", "the last talk announced"
TIMELINE_END = re.compile(r"\b(oldest|earliest|first|last|final|furthest|farthest)\b")
#: "which announced date is the furthest away?": dates, not talks, are asked for
DATE_NOUNS = frozenset("date dates event events deadline deadlines".split())
TALK_NOUNS = frozenset("talk talks webinar webinars session sessions episode edition thing".split())
#: intents that the name and date of the first or last talk answer
TIMELINE_INTENTS = frozenset("when start_time title next latest talks_list events_list".split())
#: words that pick one of several (the next, the first, the main): not a way of asking
ORDER_STEMS = frozenset(stem(w) for w in "next last first second latest previous upcoming recent new old main".split())
#: an item of the agenda by its place: "what came right after the news", "what came first", "the last point"
AGENDA_STEP = re.compile(r"\bwhat (?:came|comes|come|was|is|happened|followed)\b.*\b(?:after|following|before|preceding)\b"
                         r"|\bwhat (?:came|comes|was|is) (?:first|last)\b|\b(?:first|last|final|opening|closing) "
                         r"(?:agenda |programme )?(?:item|point|slot|part)\b")
#: who may take part: "who was allowed to join", "who can attend", "is it open to non-EU people"
WHO_MAY_ATTEND = re.compile(r"\bwho (?:was |is |were |are )?(?:allowed|permitted|eligible|welcome)\b"
                            r"|\bwho (?:can|could|may|might) (?:join|attend|take part|participate|register|sign up)\b"
                            # "can someone from Norway join the dual-use talk?": whether one may, by where from
                            r"|\b(?:can|could|may)\b.{0,40}\bfrom\b.{0,40}\b(?:join|attend|take part|participate|"
                            r"register|sign up)\b.{0,40}\b(?:talk|webinar|session)\b")
#: a question about whether talks go ahead: "is X cancelled?", "which talks were postponed?"
CALLED_OFF_ASKED = re.compile(r"\b(cancel+ed|cancel+ation|postponed?|called off|call(?:ed)? off|still on|going ahead)\b")
#: a second part this short that names nothing ("what's the last item?") asks about the first part's record
SHORT_PART = 3
#: where news of something is published: "where do I find info on the next talks?", "where do they post updates?"
INFO_SOURCE = re.compile(r"\bwhere\b.{0,40}\b(?:find|look|get|see|read|check|follow|post|posts|posted|publish\w*|announce\w*)\b"
                         r".{0,40}\b(?:info|information|details|news|updates?|announcements?|upcoming|next|future)\b"
                         r"|\bwhere\b.{0,30}\b(?:info|information|details|news|updates?)\b")
#: a sentence that says where something is published: "... is published on the ECCP website"
PUBLISHED_ON = re.compile(r"\b(?:published|posted|announced|shared)\s+(?:\w+\s+){0,2}on\b.{0,80}\b(?:website|site|page|platform)\b",
                          re.I)
#: the time now asked, not a talk's: "what time is it in Tokyo?", "wie spät ist es?", "the time difference between"
CLOCK_NOW = re.compile(r"\b(?:what )?time is it\b|\btime difference\b|\bwie spat ist es\b|\bquelle heure est-il\b"
                       r"|\bque hora es\b|\bche ore sono\b")
#: nouns that count people: a speakers' list answers how many of them
PERSON_NOUNS = frozenset(
    "speakers panellists panelists people ppl persons presenters moderators hosts guests experts representatives reps "
    "women men officials participants attendees presentations keynotes".split())  # a presentation per speaker
#: words that ask about dates without a when cue: "whens the prague conf", "next conference on the calendar"
DATE_TALK = frozenset("calendar days day whens wen until till".split())
#: words that ask for a date or a deadline ("the DEADLINE of the call", "does it OPEN in June?")
WHEN_ASKING = frozenset(stem(w) for w in "date dates deadline open opens close closes closing start starts begin "
                                        "end ends schedule scheduled held happen happens place year month week".split())
#: "an event": not a talk of the series, when the question does not say "talk" (or says "not a talk")
EVENT_STEMS = frozenset({stem("event"), stem("events")})
NOT_A_TALK = re.compile(r"\bnot (?:an? |the )?(?:eu clusters )?talks?\b|\bother than (?:a |the )?talks?\b")
#: the exact day a called-off talk will now take place: "what's the exact new date?", "when will
#: it be rescheduled, exact date?"; the knowledge of a postponed talk has its old date only
EXACT_NEW_DATE = re.compile(r"\b(?:exact|precise)(?:ly)?\b.*\b(?:new date|new day|rescheduled?|moved to)\b"
                            r"|\b(?:new date|new day|rescheduled?)\b.*\b(?:exact|precise)(?:ly)?\b")
#: "the cancelled health talk": the status naming the talk, not asked about
CALLED_OFF_NAMES = re.compile(r"\b(?:the|this|that)\s+(?:cancel+ed|postponed)\s+(?:[\w-]+\s+){0,4}?"
                              r"(?:talk|webinar|session|one|event|meeting)\b")
#: intents a status answers as well as their own field would ("when will the postponed talk take place?")
STATUS_LIKE = frozenset({"when", "title", "next", "latest", "talks_list"})
#: what a question about the next event of a kind asks: which one, when, where
NEXT_LIKE = frozenset("next when start_time where".split())
#: words of a question about the bot itself ("what can you do?", "who are you?")
ASKS_ABOUT_THE_BOT = frozenset("help can do know commands command use usage able".split())
#: the words of a question that asks only what an abbreviation is written out: "CPMA full name?"
NAME_ASKED = frozenset(content_terms("full name names long form complete spelled spell written out mean means "
                                     "meaning"))
#: the words that ask where an organisation is: "where is X BASED", "which COUNTRY is X FROM"
PLACE_ASKED = frozenset(content_terms("based base located location headquartered headquarters seat home come comes "
                                      "from country countries town city region situated sede sitz siege basee ubicado "
                                      "ubicada situato situata"))
#: a question for the talks on a topic: "which talks dealt with the blue economy?", "any talks on
#: batteries coming up?", "is there a talk about tourism?" (a plural, or one talk of any: "the talk
#: on hydrogen" names one talk and asks something of it)
TALKS_ON = re.compile(
    r"^\W*(?:which|what|any|are there|were there|is there|was there|has there been|have there been|list|show|"
    r"name|give me|do you have|do u have|did you have|how many)\s+(?:\w+\s+){0,2}?"
    r"(?:talks|webinars|sessions|(?:a|an|any|one|some) (?:talk|webinar|session))\b(?:\s+\w+){0,4}\s+"
    r"(?:about|on|regarding|concerning|dealt with|deal with|dealing with|deals with|covered|covering|cover|covers|"
    r"discussed|discussing|discuss|addressed|addressing|focused on|focusing on|related to|touched on|"
    r"touching on|looked at)\s+(?P<topic>.+)")
#: words after a topic that say when, not what: "...on batteries coming up", "...in 2025"
TOPIC_TAIL = re.compile(r"(?:\s+(?:upcoming|coming up|coming|soon|next|yet|so far|in \d{4}|this year|next year))+$")
#: "tourism or travel", "health/pharma": topics, any of which a talk may be about
TOPIC_OR = re.compile(r"\s*(?:,|/|\bor\b)\s*")
#: words of a topic that pick out no talk: the series' own, and "topic" itself
TOPIC_PLAIN = frozenset(content_terms("cluster clusters eu europe european talk talks webinar webinars session "
                                      "sessions topic topics theme themes subject subjects issue issues thing "
                                      "things stuff field area areas coming up yet far already ever before"))
#: posts a person holds in an organisation ("who is the PRESIDENT of ...")
POSTS = frozenset(content_terms("president chair chairman chairwoman chairperson ceo director head founder "
                                "owner secretary"))
#: "who is the (current) president of X", "who's the CEO at X": a post asked of an organisation
POST_OF = re.compile(r"\bwho(?: is|'s| s|s| was)? (?:the |its |their )?(?:current |new |present )?"
                     r"(president|chair(?:man|woman|person)?|ceo|director(?: general)?|head|founder|owner"
                     r"|secretary[ -]general)\s+(?:of|at|for)\b")
#: a question whether something exists: "was there a matchmaking event at the conference?"
THERE_IS = re.compile(r"\b(?:is|was|are|were) there\b|\bwill there be\b|\bis it true there\b")
#: a thank-you is acknowledged as one, not answered with the help text's greeting
THANKS = frozenset("thanks thank thx ty cheers merci danke gracias grazie".split())
WELCOME = ("You're welcome! Ask me anything else about the EU Clusters Talks: speakers, dates, takeaways, "
           "funding news and events.")
#: how sure the intent model must be that a question naming nothing the knowledge knows is small talk
SMALLTALK_MIN = 0.5
#: a question comparing the talks' times or lengths
TIMES_COMPARED = re.compile(r"\b(?:in the (?:afternoon|evening)|afternoon (?:talk|session|webinar|edition)s?|longest|shortest"
                            r"|(?:longer|shorter|later|earlier) than (?:usual|normal|the others?|the rest)"
                            r"|not (?:start(?:ing)? |begin(?:ning)? |held |be )?at 8[:.]?30|only \d+ min(?:ute)?s)\b")
#: "which CLUSTER ...", "what PERCENTAGE ...": the noun a question asks for
WHICH_NOUN = re.compile(r"\b(?:which|what)\s+(?!(?:was|is|were|are|s|one|of|the|time|kind|talk)\b)(\w+)")
#: times of day that greet ("good afternoon!") at the start of a message
DAYTIME = frozenset({"morning", "afternoon", "evening"})
#: what a question asks besides a section's points: not a list of them
NOT_A_SECTION_LIST = frozenset({"who", "how_many", "when", "where", "how_long", "says", "profile", "define",
                                "latest", "upcoming"})
#: ...nor asks why, or for people ("list the panellists of the production panel")
NOT_A_SECTION_WORDS = frozenset(stem(w) for w in ("why", "speaker", "speakers", "panellist", "panellists",
                                                   "panelist", "panelists", "moderator", "people", "person"))
SECTION_ASKING = ("agenda", "takeaways", "summary")
#: verbs of telling a section's points ("what news did they SHARE / ANNOUNCE / GIVE")
SECTION_VERBS = frozenset(stem(w) for w in ("share", "shared", "announce", "announced", "give", "gave", "given"))
#: a word of more section titles (or talk titles) than this names no section by itself
SECTION_WORD_MAX = 20
#: shown with a section listed in full (the points are the knowledge's own words)
SECTION_LIST_CONFIDENCE = 0.9
#: ...and sure enough that one word the knowledge happens to use ("colour") does not make it a question
SMALLTALK_SURE = 0.75
#: "which speakers / people / guests..." asks for people
PEOPLE_ASKED = frozenset(content_terms(" ".join(PERSON_NOUNS) + " person name names"))
#: words of asking what someone said: "what did X TALK ABOUT / SAY / PRESENT / COVER"
SAID_WORDS = frozenset(content_terms("say said says talk talked speak spoke present presented cover covered discuss "
                                     "discussed mention mentioned share shared tell told about explain explained"))
#: "which speakers came from ...", "list the people of ...": people asked for, a list of them
#: (the noun, one of PERSON_NOUNS, within four words of the asking word)
PEOPLE_LISTED = re.compile(r"\b(?:which|what|all(?: the)?|list(?: the)?)\s+((?:[\w-]+\s+){0,3}[\w-]+)")
#: "did X speak at ...?", "was X on the panel of ...?", "is X one of the speakers at ...?": whether
#: a person took part in a talk, asked yes or no
TOOK_PART = re.compile(r"^(?:\W*@\S+\s+)?(?:did|was|is|were|will|has|have|does)\s+(?!there\b|it\b|this\b|that\b)"
                       r".*\b(?:speak|spoke|speaking|spoken|present|presented|presenting|moderate|moderated|moderating"
                       r"|take part|took part|taken part|taking part|appear|appeared|on the panel|one of the speakers"
                       r"|a speaker|among the speakers|participate|participated)\b")
#: "has X spoken at a talk BEFORE the tourism one?", "at OTHER talks?": other talks are asked about
OTHER_TALKS = re.compile(r"\b(?:before|after|other|another|else|previous|earlier|besides|apart from|except)\b")
#: "why is the talk later than usual?": a reason asked, which no time field gives
WHY = re.compile(r"\bwhy\b|\bhow come\b")
REASONLESS_INTENTS = frozenset({"when", "start_time", "duration", "timezone", "series_times"})
#: a question for a person of an organisation: "who's the guy from X", "who was the X rep", "who
#: from X talked", "who represented X", "the name of the lady from X" (not "who takes part in X's
#: events?", which asks for a group)
WHO_OF = re.compile(
    r"\bwho(?:'s| is| was| were| are)?\s+(?:the\s+|a\s+)?(?:from|at|for|of)\b"
    r"|\bwho(?:'s| is| was| were| are)?\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}(?:reps?|representatives?|voice|"
    r"spokes(?:person|man|woman)|guy|lady|man|woman|person|people|head|boss|president|chair\w*|director|ceo|"
    r"manager|secretary|sec|coordinator|founder)\b"
    r"|\bwho\s+(?:came|come|comes|worked|works|work|spoke|talked|presented)\s+(?:for|from|at|on behalf)\b"
    r"|\bwho\s+(?:represented|represents|representing)\b|\bname of the (?:guy|lady|man|woman|person|speaker|rep)\b")
REPEAT_WORDS = frozenset(content_terms("more than one once several multiple two both twice different times appear "
                                       "appeared repeatedly recurring back again"))
#: least probability of the off-topic intent ("write me a poem") for a question naming nothing known to be declined as such
OFFTOPIC_MIN = 0.9
#: ...or at least this, for a question with no more than OFFTOPIC_FEW_WORDS words the knowledge uses
OFFTOPIC_LIKELY = 0.75
OFFTOPIC_FEW_WORDS = 3
#: a request the intent model reads as off topic is still a question about the talks when one
#: snippet holds this share of its word weight, with at least this many content words
HELD_TOGETHER_COVERAGE = 0.95
HELD_TOGETHER_TERMS = 4
OFFTOPIC_WHY = "that is outside what I know: I answer questions about the EU Clusters Talks and their events"
#: how often a term asked for alone was defined right (dev sets)
DEFINITION_CONFIDENCE = 0.9
#: a question that asks what something is: "what is X", "what are the X", "X?", "explain X"
WHAT_IS = re.compile(r"^\W*(what|whats)\b.{0,12}\b(is|are|s)\b|\b(explain|describe|define|meaning)\b|^\W*\S+(?:\s+\S+){0,2}\s*\?+\s*$")
#: words that ask for the talk next to the one a date names ("the next event AFTER the April talk")
NEIGHBOUR_WORDS = frozenset("after following before previous preceding since".split())
#: words that place a talk in the series' order: "the next talk", "the one before", "the latest"
SEQUENCE_WORDS = NEIGHBOUR_WORDS | frozenset("next last latest recent upcoming coming prior earlier later newest "
                                             "subsequent then".split())
#: asking what takes place in a period: "what's happening in June 2024?", "anything planned for 2027?"
WHAT_HAPPENS = re.compile(r"\b(happening|going on|planned|scheduled|taking place|take place|on the calendar)\b"
                          r"|^\W*(anything|any)\b")
#: the intents a question asking a time on another clock has ("what time in Nairobi?")
CLOCK_INTENTS = ("start_time", "timezone", "when", "duration")
#: how many of the talks and events of a period asked about ("in June 2024") a reply names
PERIOD_ITEMS = 6
#: words that say how a definition should be put, not what it is about: "explain S3 to a
#: newcomer", "the cohesion policy in one line", "in simple words", "full name of CEBR?" (more
#: of them, such as "newcomer" and "briefly", are light words everywhere)
EXPLAIN_STYLE = frozenset(stem(w) for w in (
    "explain explained describe define definition simple short line lines word words full").split())
#: the words of a question that asks only for the first or last talk
TIMELINE_PLAIN = frozenset(stem(w) for w in (
    "oldest earliest first last final talk talks webinar webinars session sessions episode edition "
    "thing announced calendar planned scheduled file record list know known eu cluster clusters series far "
    "furthest farthest away future date dates event events").split())
#: what makes "last" the end of the list rather than the latest talk so far
TIMELINE_SCOPE = frozenset("announced calendar planned scheduled file record list".split())
#: how often something recurs: "every two weeks", "bi-weekly", "monthly", "once a year"
RHYTHM = re.compile(r"\bevery (?:(?:two|three|four|other|\d+) )?(?:day|week|month|year)s?\b|\b(?:bi-?)?(?:weekly|monthly)\b"
                    r"|\b(?:yearly|annual(?:ly)?)\b|\bfortnight|\bonce a (?:week|month|year)\b", re.I)
#: where a chatty opening ends: after a sentence mark or a smiley, before the question
PREAMBLE_END = re.compile(r"(?<=[.!?:;,)])\s+(?=\S)")

#: how often the people picked out by a word of their organisation were the ones asked for (dev sets)
REPRESENTATIVES_CONFIDENCE = 0.8


def _place(item: Talk | Event) -> str:
    """', in Porto, Portugal' for an event with a place; '' for a talk or an event without one."""
    location = getattr(item, "location", "")
    return f", in {location}" if location else ""


@dataclass(frozen=True)
class SectionTitles:
    """Indexes from a word to the talks whose title, or one of whose sections' titles, has it."""

    by_own: dict[str, list[int]]  # word -> the talks (by place) one of whose sections alone has it in its title
    by_name: dict[str, list[int]]  # word -> the talks whose title has it


#: a title asked as written somewhere else, oddly or with a typo: the field gives it as it should be
VARIANT_WORDS = frozenset(stem(w) for w in "differently oddly typo".split())
#: travelling to a talk: a question that asks it with words of signing up ("do I HAVE TO travel to
#: attend?") asks where it is held
TRAVEL_WORDS = frozenset({stem("travel")})  # travelling, travelled


def _people_listed(folded: str) -> bool:
    """Whether a question asks for a list of people ("which DG GROW officials", "list the people")."""
    return any(w in PERSON_NOUNS or w in {"speaker", "official"}  # a plural, or these two as one
               for m in PEOPLE_LISTED.finditer(folded) for w in m.group(1).split())


class Engine(Understanding, Retrieval, Composition):
    """Answers questions from one knowledge base; build once, ask many times (thread-safe reads)."""

    def __init__(self, kb: KnowledgeBase):
        # What an earlier build froze (see below) is unfrozen and collected first: frozen
        # garbage is never collected, so a bot that reloads often would otherwise keep every
        # reference cycle that was alive at any reload.
        gc.unfreeze()
        gc.collect()
        self.kb = kb
        # the intent model first: it is trained once per process, and its training's passing
        # arrays are better freed before the index is built than added to its peak
        self.intents = default_model()
        self.index = Index(kb)
        self._name_words: dict[str, set[str]] = {}
        for person in kb.people:
            for name in person.names:
                for w in words(name):
                    if len(w) >= 3:
                        self._name_words.setdefault(w, set()).add(person.id)
        self._name_list = sorted(self._name_words)
        self._name_pairs = name_pairs(kb)
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
        self._organisations = structured.Organisations.of(kb)  # who appeared for which organisation
        self._abbreviations = structured.abbreviations(kb)  # "HASC" -> Hellenic Aerospace & Security Cluster
        self._called_off = {t.id: t for t in kb.talks if t.called_off}  # cancelled or postponed talks
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
        # ...and the organisations the talks write with an abbreviation ("DRAC": a point names the
        # Danish Robotics & Automation Cluster in full)
        for short, (full, _, _) in self._abbreviations.items():
            words_short, words_long = content_terms(short), content_terms(full)
            if len(words_short) == 1 and len(words_long) > 1:
                self._expansions.setdefault(words_short[0], frozenset(words_long))
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
        self._talks_in_month: dict[int, set[str]] = defaultdict(set)  # "the april talk"
        for day, tid in by_date:
            self._talks_on_day[(day.month, day.day)].add(tid)
            self._talks_in_month[day.month].add(tid)
        self._title_terms: dict[str, list[set[str]]] = {}  # filled as talks and events come up
        self.faq = Faq(kb)
        self._people_by_id = {p.id: p for p in kb.people}
        self._talks_by_id = {t.id: t for t in kb.talks}
        self._talk_number = {t.id: n for n, t in enumerate(kb.talks)}
        self._section_titles = self._index_section_titles()  # with the engine, not on the first question
        # events by the words of their names: what a question can name (events are few)
        self._events_by_id = {e.id: e for e in kb.events}
        self._event_words: dict[str, set[str]] = defaultdict(set)
        for event in kb.events:
            for names in self._titles(event):
                for word in names:
                    self._event_words[word].add(event.id)

    @cached_property
    def _items_named(self) -> dict[str, set[str]]:
        """Word -> ids of the talks and events whose title, aliases, kind or place has it: what "next X"
        can name. Built at the first such question, so that it never scans every item."""
        found: dict[str, set[str]] = defaultdict(set)
        for item in [*self.kb.talks, *self.kb.events]:
            names = [item.title, *getattr(item, "aliases", ()), getattr(item, "kind", ""), getattr(item, "location", "")]
            for word in content_terms(" ".join(names)):
                found[word].add(item.id)
        return found

    @cached_property
    def _talk_choices(self) -> tuple[list[Talk], dict[str, str], dict[str, Talk]]:
        """Talks newest first, the folded text autocomplete matches them by, and by id: built once."""
        talks = list(self.kb.talks_by_start[::-1])
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
        text = clean(NEWCOMER.sub(" ", WITHOUT_MODERATOR.sub(" ", CHAT_NOISE.sub(" ", raw))))
        truncated = len(text) > MAX_QUESTION_CHARS
        if truncated:
            text = text[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0]
        if not any(c.isalnum() for c in text):
            return self._help(raw, "Ask me a question in words. " + HELP_TEXT if text else HELP_TEXT)
        text = self._drop_preamble(text)
        q = self._analyse(raw, text, truncated, now)
        # "thanks, that helped!" (the thank-you may have gone with the greeting) asks nothing more
        thanked = bool(THANKS & set(words(fold(raw)))) and "?" not in raw
        if self._is_smalltalk(q):
            # "what can you do?" is answered by the help text; "hi" and "thanks" ask nothing
            return self._help(raw, WELCOME if thanked else HELP_TEXT, answered=bool(ASKS_ABOUT_THE_BOT & set(q.tokens)))
        if self._reads_as_smalltalk(q):  # "are you a real person?": the help text, and no answer
            return self._help(raw, WELCOME if thanked else HELP_TEXT)
        if self._reads_as_offtopic(q) and not self._held_together(q):
            # "write me a poem about trains": not a question about the talks
            return replace(self._decline(q, [], why=OFFTOPIC_WHY), decision={"route": "offtopic"})
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
        reply = self._route(q, now)
        if reply is None:
            if "upcoming" in q.intent and not INFO_SOURCE.search(q.folded):
                reply = self._upcoming(q, now)
            elif "latest" in q.intent:
                reply = self._latest(q, now)
            else:
                reply = self._retrieve(q)
        detail = self._not_shown(q, reply)
        if detail is attributes.TIME_OF_DAY and reply.decision.get("route") == "field":
            # a record's fields lack the detail asked ("what time does the call close?"); its
            # free text may give it ("... to 26 February, 17:00 Brussels time")
            record = q.slots.event or q.slots.talk if q.slots else None
            found = self._retrieve(q)
            if (record is not None and found.answered and found.citations
                    and found.citations[0].talk_id == record.id and self._not_shown(q, found) is None):
                return found
        if detail is not None:  # "what will the weather be in Graz?": the event is known, the weather is not
            log.debug("declined: the answer does not give the %s asked for", detail.name)
            declined = self._decline(q, [], why=f"what I know about the EU Clusters Talks does not give the "
                                                 f"{detail.name} you asked about")
            return replace(declined, decision={**reply.decision, "missing": detail.name})
        return reply

    def _not_shown(self, q: Question, reply: Reply) -> attributes.Detail | None:
        if not reply.answered:
            return None
        return attributes.not_shown(q.own or q.folded, fold(q.text), reply.answer or reply.text,
                                    retrieved=reply.decision.get("route") == "retrieve")

    def _route(self, q: Question, now: datetime) -> Reply | None:
        """A question whose intent names a field of the record it names is answered from that
        field; anything else goes on to retrieval."""
        guess = q.guess
        slots = q.slots or self.slots(q)
        end = self._timeline_end(q, slots)
        field_asked = guess is not None and guess.confidence >= INTENT_MIN and (
            guess.intent in structured.FIELD_INTENTS and guess.intent not in TIMELINE_INTENTS)
        if end is not None and not field_asked:
            # "the oldest talk you know": which talk, and when; unless the question says more
            # ("the first one held in another time zone")
            return end[1] if self._only_timeline_words(q) else None
        if "how_often" in q.intent and not (slots.item or slots.person) and (slots.series or not self._names_other(q)):
            rhythm = self._series_point(RHYTHM)
            if rhythm is not None:  # "how often do the talks happen?": the series' rhythm
                reply = self._compose(q, [rhythm], TIMELINE_CONFIDENCE)
                return replace(reply, decision={"route": "field", "intent": "how_often"})
        if slots.series and q.series_topic and YES_NO.search(q.folded):
            # "do the talks share funding opportunities?": what the series says it offers
            draft = structured.series_summary(self.kb)
            if draft is not None:
                return replace(self._field_reply(q, draft, TIMELINE_CONFIDENCE), decision={"route": "field", "intent": "series"})
        if slots.term and not (slots.person or slots.event) and self._only_names(q, slots.term) and WHAT_IS.search(
                q.folded):
            # "what are the EU Clusters Talks?": nothing asked but the term itself, whatever the
            # intent model reads into the words of its name
            return self._definition_reply(q, slots.term)
        if (slots.term and not (slots.person or slots.event or slots.talk) and guess is not None
                and guess.intent == "definition" and self._only_names(q, slots.term, unknown_too=True)
                and sum(t not in self.index.idf for t in q.terms) <= 1):
            # "cohesion policy?? eli5", "what is that actually": a definition asked, the one other word
            # a way of asking that names nothing the knowledge knows (two such words may well ask
            # something else: "is an intel i3 good for gaming?")
            return self._definition_reply(q, slots.term)
        if slots.talk and slots.talk.agenda and AGENDA_STEP.search(q.folded) and not slots.person:
            # "what came right after the ECCP news?", "what came first in the 24 April talk?"
            draft = structured.agenda_step(slots.talk, self._people_by_id, q.folded)
            if draft is not None:
                return replace(self._field_reply(q, draft, TIMELINE_CONFIDENCE),
                               decision={"route": "field", "intent": "agenda"})
        if (slots.person and slots.talk and not slots.event and len(q.people) <= 1 and TOOK_PART.search(q.folded)
                and not OTHER_TALKS.search(q.folded) and not self._asks_more_than_taking_part(q, slots)
                and (slots.person.id in {a.person for a in slots.talk.people} or (
                    slots.talk.speakers and (slots.talk.moderators or not structured.MODERATING & q.terms.keys())))):
            # "did Thomas Röhr speak at the October 2022 talk?": yes with his part, or no with his
            # talks (a "no" only where the talk's people are known: not for a talk whose speakers
            # are not announced, nor "did X moderate it?" for one that names no moderator)
            return replace(self._field_reply(q, structured.took_part(slots.person, slots.talk, self.kb, self._people_by_id),
                                             REPRESENTATIVES_CONFIDENCE), decision={"route": "field", "intent": "took_part"})
        asks_for = WHICH_NOUN.search(q.folded)
        if (TIMES_COMPARED.search(q.folded) and TALK_NOUNS & set(q.tokens) and not (slots.item or q.people)
                and "who" not in q.intent and not (asks_for and asks_for.group(1) not in TALK_NOUNS)):
            # (not "which CLUSTER hosted the afternoon edition?": something else is asked of it)
            # "which talk was held in the afternoon?", "the longest one?", "any talk not at 8:30?": the
            # usual times, and every talk at other times with its length
            times = structured.series_times(self.kb)
            if times is not None:
                return replace(self._field_reply(q, times, TIMELINE_CONFIDENCE),
                               decision={"route": "field", "intent": "series_times"})
        listed = self._section_listed(q, slots)
        if listed is not None:
            # "what news did the ECCP share at the April talk?", "list the Euroclusters' objectives":
            # every point of the section the question names, not the one that shares most words
            return replace(self._field_reply(q, listed, SECTION_LIST_CONFIDENCE),
                           decision={"route": "field", "intent": "section"})
        if slots.talk and not slots.person and WHO_MAY_ATTEND.search(q.folded):
            # "who was allowed to join the textiles webinar?": who may register, not who spoke
            draft = structured.registration(slots.talk, self.kb)
            if draft is not None:
                return replace(self._field_reply(q, draft, TIMELINE_CONFIDENCE),
                               decision={"route": "field", "intent": "registration"})
        if slots.talk and slots.talk.called_off and not slots.event and EXACT_NEW_DATE.search(q.folded):
            # "what is the exact new date of the postponed talk?": none is known until an admin
            # gives the talk its new date (and drops the status)
            return replace(self._field_reply(q, structured.no_new_date(slots.talk), TIMELINE_CONFIDENCE),
                           decision={"route": "field", "intent": "status"})
        called_off_named = CALLED_OFF_NAMES.search(q.folded) and guess is not None and (
            guess.confidence >= INTENT_MIN and guess.intent in structured.FIELD_INTENTS - STATUS_LIKE)
        if CALLED_OFF_ASKED.search(q.folded) and not (slots.person or slots.event or called_off_named):
            # ...unless the word only names the talk, and something else is asked of it ("what time
            # was the cancelled health talk planned for?", "who was to speak at the postponed one?")
            # "is the housing talk cancelled or what?!", "which talks were postponed?": the status field
            if slots.talk and not {"talks", "webinars", "sessions"} & set(q.tokens):  # one talk, not "which talks"
                return replace(self._field_reply(q, structured.talk_status(slots.talk), TIMELINE_CONFIDENCE),
                               decision={"route": "field", "intent": "status"})
            if TALK_NOUNS & set(q.tokens):
                return replace(self._field_reply(q, structured.called_off_talks(self.kb), TIMELINE_CONFIDENCE),
                               decision={"route": "field", "intent": "status"})
        if (slots.zone and slots.item and slots.item.schedule.has_time and not slots.person and guess is not None
                and sum(guess.p(i) for i in CLOCK_INTENTS) >= INTENT_MIN):
            # "what time is the islands talk in La Réunion time?": its start on the clock asked for
            draft = structured.draft_for("start_time", slots, self.kb, self._people_by_id, now)
            if draft is not None and draft.found:
                return replace(self._field_reply(q, draft, TIMELINE_CONFIDENCE),
                               decision={"route": "field", "intent": "start_time"})
        relation = ADJACENT.search(q.folded) if slots.talk and not slots.event else None
        after = bool(relation) and (relation.group(1) or relation.group(2)) in {"after", "following"}
        if relation and (guess is None or guess.confidence < INTENT_MIN):
            # "the talk after {talk}", whatever is asked of it: which talk that is, if any
            return self._field_reply(q, structured.adjacent(self.kb, slots.talk, after=after))
        if (slots.period and not (slots.event or q.people or TALK_STEMS & q.terms.keys())
                and (not slots.talk or slots.dated) and WHAT_HAPPENS.search(q.folded)):
            # "what's happening in June 2024?", "anything planned for 2027?": what falls in it (a
            # question that says "talk" goes on to the talks' own answers)
            return self._upcoming(q, now)
        on_topic = self._talks_on(q, slots, now)
        if on_topic is not None:
            return replace(self._field_reply(q, on_topic, REPRESENTATIVES_CONFIDENCE),
                           decision={"route": "field", "intent": "talks_on"})
        if INFO_SOURCE.search(q.folded) and not (slots.item or q.people) and TALK_NOUNS & set(q.tokens):
            # "where do I find info on upcoming talks?": where the series publishes news of them, not the list
            source = self._series_point(PUBLISHED_ON)
            if source is not None:
                reply = self._compose(q, [source], TIMELINE_CONFIDENCE)
                return replace(reply, decision={"route": "field", "intent": "source"})
        if "upcoming" in q.intent and not (q.people or (slots.talk and slots.dated) or (slots.period and slots.talk)
                                           or "who" in q.intent) and (guess is None or guess.intent in NEXT_LIKE):
            # "when's the next matchmaking I could join?": the next one of that kind, not the
            # field of whichever matchmaking its words name
            return self._upcoming(q, now)
        counted = self._people_counted(q, slots)
        if counted is not None:
            return replace(self._field_reply(q, counted, REPRESENTATIVES_CONFIDENCE),
                           decision={"route": "field", "intent": "people_count"})
        short = self._abbreviation_asked(q, slots)
        if short is not None:
            # "what does HASC stand for?": an organisation the talks write with its abbreviation,
            # which the glossary does not define
            draft = structured.abbreviation(short.upper(), self._abbreviations[short], self._people_by_id)
            return replace(self._field_reply(q, draft, REPRESENTATIVES_CONFIDENCE),
                           decision={"route": "field", "intent": "abbreviation"})
        based = self._organisation_place_asked(q) if "where" in q.intent and not q.people else None
        if based is not None:
            # "where is BINS based?", "which country is TexNord from?": the place its name is written with
            return replace(self._field_reply(q, structured.organisation_based(*based, self._people_by_id),
                                             REPRESENTATIVES_CONFIDENCE), decision={"route": "field", "intent": "based"})
        if "origin" in q.intent and slots.talk and not (slots.person or q.people or (slots.event and not slots.says_talk)):
            # "which countries were the speakers of the DPP talk from?": the talk's sentence that
            # says so and its speakers' organisations, not the speakers a word of place picks out
            countries = "countr" in q.folded or "nation" in q.folded
            return replace(self._field_reply(q, structured.origins(slots.talk, self._people_by_id, countries),
                                             REPRESENTATIVES_CONFIDENCE), decision={"route": "field", "intent": "origin"})
        # "what will X present?" asks the same when the knowledge gives X points at the one talk meant
        # (not "who is X and what will she present?": her role too; nor, of X's several talks, none named)
        presents = "presents" in q.intent and "who" not in q.intent and slots.person is not None and (
            slots.talk is not None or len(self.kb.talks_of(slots.person.id)) == 1)
        if ("says" in q.intent or presents) and slots.person and not slots.event and not self._asks_more_than_person(q, slots):
            # "what did Marek Przeor talk about on 24 April?": his points there, not his job title
            said = structured.person_said(slots.person, self.kb, slots.talk)
            if said is not None:
                return replace(self._field_reply(q, said, REPRESENTATIVES_CONFIDENCE),
                               decision={"route": "field", "intent": "said"})
        if (structured.RECURRING.search(q.folded) and not (q.people or slots.person or slots.item)
                and ("who" in q.intent or PEOPLE_ASKED & {stem(t) for t in q.tokens}) and not self._names_more(q)):
            # "which speakers appeared in more than one talk?": the people of several talks
            draft = structured.recurring_people(self.kb, self._people_by_id)
            return replace(self._field_reply(q, draft, REPRESENTATIVES_CONFIDENCE),
                           decision={"route": "field", "intent": "recurring"})
        if self._rank_unknown(q, slots):
            # "who is the president of France?": no one the knowledge names holds that post there
            return replace(self._decline(q, [], why="I know who spoke at the EU Clusters Talks and their roles there, "
                                                    "not who holds that post"), decision={"route": "field", "intent": "rank"})
        if guess is None or guess.confidence < INTENT_MIN:
            # "chi è il presidente della European Clusters Alliance?": whatever the model reads, a who
            # question that asks for a rank and picks out an organisation's people by its name
            ranked = structured.RANK_WORDS & {stem(t) for t in q.tokens}
            # ...and, however unsure the model is, one that asks who (or the name of the person, the
            # guy) and names an organisation: "who at the talks works at EISMEA?", "who from GEMSTONE
            # talked?", "the name of the guy from the automotive network?"
            person_asked = bool(WHO_OF.search(q.folded))
            return self._representatives(q, slots) if guess is not None and (
                ("who" in q.intent and ranked) or person_asked or _people_listed(q.folded)) else None
        intent = guess.intent
        if "who" in q.intent and intent in {"next", "latest", "events_list", "talks_list"} and not q.people:
            # "who announced the upcoming calls?": a person is asked for, not what comes; "which
            # speakers came from CEBR across all talks?": the people of the organisation it names
            return self._representatives(q, slots) if _people_listed(q.folded) else None
        if end is not None and end[0] is not None:  # "who spoke at the first talk": the question is about that talk
            slots = replace(slots, talk=end[0], dated=True)
            q = replace(q, terms={t: w for t, w in q.terms.items() if t not in TIMELINE_PLAIN})
        if relation:
            # "who spoke at the talk after {talk}": the question is about the talk next to the one named
            other = structured.neighbour(self.kb, slots.talk, after=after)
            if other is None or intent in {"next", "latest", "when", "title"}:
                return self._field_reply(q, structured.adjacent(self.kb, slots.talk, after=after))
            named = slots.talk
            naming = set(content_terms(named.title)) | structured.talk_words(named)  # pick out no one
            slots = replace(slots, talk=other, dated=True, asked=slots.asked - naming)
        elif intent in {"next", "latest"} and slots.talk and not slots.event and not SEQUENCE_WORDS & set(q.tokens):
            # "when was the joint talk with SECNE?": read as "the latest" for its words, it asks about
            # the talk it names; with no word of order the talk named is the subject, not a neighbour
            intent = next((i for i, _ in guess.ranked if i not in {"next", "latest"}), intent)
        elif intent in {"next", "latest"} and slots.talk and not slots.event:
            when = (structured.draft_for("when", slots, self.kb, self._people_by_id, now)
                    if slots.dated and not NEIGHBOUR_WORDS & set(q.tokens) else None)
            if when is not None:
                # "is there any talk coming up in May?": the talk of that date is the one asked about
                return replace(self._field_reply(q, when), decision={"route": "field", "intent": "when"})
            return self._field_reply(q, structured.adjacent(self.kb, slots.talk, after=intent == "next"))
        if "who" not in q.intent and ((intent == "next" and not q.people and (
                UPCOMING_STEMS & {stem(t) for t in q.tokens} or WHAT_HAPPENS.search(q.folded) or q.window
                or not self._names_other(q))) or (
                intent == "events_list" and not slots.talk and (UPCOMING_WORDS & set(q.tokens) or slots.period))):
            # (not "who announced the upcoming calls?": a person is asked for, not what comes)
            return self._upcoming(q, now)
        if intent == "latest" and slots.empty and (LATEST.search(q.folded) or not self._names_other(q)):
            # (not "which event was held in Austria?": read as "which was the last event" with no word
            # of it, it names more)
            return self._latest(q, now)
        if (slots.talk and not (slots.person or q.people) and "who" in q.intent and intent in {"moderator", "organiser"}
                and not ROLE_ANCHORS & {stem(t) for t in q.tokens}):  # (not "who moderated the panel?")
            # "who introduced meta-clustering at the April talk?", "who gave the ECCP news?": the
            # person whose part it was, not the talk's moderator or organiser
            asked = {stem(t) for t in q.tokens if t not in STOPWORDS} | q.terms.keys()  # "introduced" too
            draft = structured.part_holders(slots.talk, self._people_by_id, asked, slots.dated)
            if draft is not None:
                return replace(self._field_reply(q, draft, REPRESENTATIVES_CONFIDENCE),
                               decision={"route": "field", "intent": "part"})
        # "who came from PROPLAST?", "who chairs Silicon Europe?": people picked out by a word of their
        # organisation, unless a free fact or a talk's moderator is asked
        if ("who" in q.intent or intent in {"speakers", "person_role", "person_talks"}) and not (
                intent == "moderator" and slots.talk):
            found = self._representatives(q, slots)
            if found is not None:
                return found
        # "what is X?": X a person, a glossary term or a talk says which field answers it
        what_is = {"person_role": slots.person, "definition": slots.term, "summary": slots.talk}
        if intent in what_is and what_is[intent] is None:
            # ...when the model finds that reading plausible too
            intent = next((i for i, record in what_is.items()
                           if record is not None and guess.p(i) >= PLAUSIBLE), intent)
        if intent not in structured.FIELD_INTENTS:
            return None
        if intent in structured.SERIES_TIMES and not (slots.item or slots.person or slots.series) and (
                CLOCK_NOW.search(fold(q.text))):
            # "what time is it in Tokyo right now?", "wie spät ist es gerade?": the clock, not the talks'
            return self._decline(q, [], why="I know the times of the EU Clusters Talks, not the time of day now")
        counted = attributes.counted_noun(q.folded)
        if intent in {"speakers", "moderator"} and counted and counted not in PERSON_NOUNS:
            return None  # "how many news items were presented?": items of the talk's text, not its speakers
        if (intent == "when" and slots.item and not q.intent & {"when", "how_long", "upcoming", "how_many"}
                and not DATE_TALK & set(q.tokens) and not WHEN_ASKING & {stem(t) for t in words(fold(q.text))}):
            # "what is the matchmaking for?", "who can apply to the call?", "which regions are the two
            # clusters of the September talk from?": its text, not its dates
            return None
        if intent == "title" and VARIANT_WORDS & {stem(t) for t in q.tokens}:
            return None  # "the page header spells the title differently, how?": a text says, not the field
        if intent in REASONLESS_INTENTS and WHY.search(q.folded):
            # "why does the Kenya talk start later than usual?": its times do not say why; a text may
            reason = self._retrieve(q)
            if reason.answered:
                return reason
        read = guess.p(intent)  # how sure the model is of the field answered
        if intent == "registration" and (slots.item or slots.series) and TRAVEL_WORDS & {stem(t) for t in q.tokens}:
            # "do I have to travel for the May talk?": whether it is held somewhere, not how to sign up
            intent, read = "where", guess.p("registration") + guess.p("where")
        if intent == "where" and slots.event and THERE_IS.search(q.folded):
            intent, read = "when", guess.p("when")  # "was there a matchmaking event at ECC 2024?": yes, when and where
        draft = structured.draft_for(intent, slots, self.kb, self._people_by_id, now)
        if draft is None:
            return None
        # the question's words name the talk it starts from, not the neighbour answered about
        unexplained = self._unexplained(q, intent, replace(draft, about=named) if relation else draft)
        if unexplained > (RESIDUAL_MAX if intent in LIST_INTENTS else RESIDUAL_MAX_SINGLE):
            return None
        evidence = decide.FieldEvidence(intent=read, margin=guess.margin, unexplained=unexplained)
        if not decide.answers(evidence, None if draft.found else NEAR_MISS_MIN):
            return None  # not sure enough of the field: retrieval may still know
        confidence = decide.probability(evidence)
        decision = {"route": "field", "intent": intent, "evidence": evidence}
        return replace(self._field_reply(q, draft, confidence), decision=decision)

    def _talks_on(self, q: Question, slots: structured.Slots, now: datetime) -> structured.Draft | None:
        """"Which talks were about textiles?": the talks whose words hold the topic, not the one
        talk the topic's words happen to name best, nor every talk. None when the question asks
        no such thing, or no talk is about the topic."""
        asked = TALKS_ON.search(q.folded)
        if asked is None or q.people or slots.person:
            return None
        topic_text = TOPIC_TAIL.sub("", asked.group("topic").strip(" ?!.")).strip()
        # (a topic with a word no talk uses is about none of them: of "tourism or skiing", tourism)
        topics = [topic for part in TOPIC_OR.split(topic_text) if (topic := self._topic(part, q.foreign))
                  and all(topic.values())]
        if not topics:
            return None  # nothing to list: retrieval may still know
        upcoming = bool(UPCOMING_WORDS & set(q.tokens))
        label = topic_text if len(topic_text) <= 60 else topic_text[:60].rsplit(" ", 1)[0] + "…"
        return structured.talks_on(self.kb, topics, f"“{label}”", slots.period, now if upcoming else None,
                                   words_of=lambda talk: self._topic_words[talk.id])

    @cached_property
    def _topic_words(self) -> dict[str, frozenset[str]]:
        """Each talk's words for "which talks were about X?", read on the first such question (a
        second at 10,000 talks) rather than at every build."""
        return {talk.id: structured.topic_words(talk) for talk in self.kb.talks}

    def _topic(self, text: str, foreign: bool) -> dict[str, float]:
        """The words of a topic asked about (stem -> weight), misspelt ones as the knowledge
        writes them ("baterries"), without the words that pick out no talk."""
        idf, found = self.index.idf, {}
        for token in words(text):
            if token in STOPWORDS:
                continue
            corrected = self._correct(token, foreign) if stem(token) not in idf else None
            for t in content_terms(corrected[0]) if corrected else content_terms(token):
                if not (t.isdigit() or t in TOPIC_PLAIN or t in self._month_stems or t in UPCOMING_STEMS
                        or self.intents.spread.get(t, 0) >= ASKING_WORD_INTENTS):
                    found[t] = idf.get(t, 0.0)
        return found

    def _people_counted(self, q: Question, slots: structured.Slots) -> structured.Draft | None:
        """"How many different people spoke at or moderated the talks?": everyone of every talk,
        each once; "how many speakers, the moderator included, did the April talk have?": that
        talk's people. None for any other count ("how many people attended?" asks an audience)."""
        stems = {stem(t) for t in q.tokens}
        if ("how_many" not in q.intent or not structured.COUNTED_PEOPLE & stems or slots.person or q.people
                or slots.event or WITHOUT_MODERATOR.search(q.folded) or TAKING_PART & set(q.tokens)):
            return None
        if not structured.MODERATING & stems:
            return None  # "how many speakers did the May talk have?": the speakers field says
        if slots.talk is not None:
            return structured.people_count(self.kb, self._people_by_id, slots.talk)
        if structured.ALL_TALKS & stems or slots.series:
            return structured.people_count(self.kb, self._people_by_id)
        return None

    def _abbreviation_asked(self, q: Question, slots: structured.Slots) -> str | None:
        """The abbreviation a "what does X stand for?" asks about, when an organisation of the
        talks is written with it and no glossary entry is named; None otherwise."""
        if slots.term is not None or slots.person or q.people:
            return None
        asked = self._abbreviations_named(q)
        if len(asked) != 1:
            return None
        # ...or a question that names it and asks for nothing else: "what is CTIL?", "ACTAO full name?"
        # (not "¿dónde tiene su sede CLUFOSI?": a where asks something of it)
        named_only = not q.intent and set(q.terms) <= {stem(asked[0])} | NAME_ASKED
        return asked[0] if "define" in q.intent or named_only else None

    def _abbreviations_named(self, q: Question) -> list[str]:
        """The abbreviations of the talks' organisations a question writes (folded), "CTD-CyL" too."""
        tokens = words(q.folded)
        return [t for t in tokens + [f"{a}-{b}" for a, b in pairwise(tokens)] if t in self._abbreviations]

    def _organisation_place_asked(self, q: Question) -> tuple[str, str, Talk, Appearance] | None:
        """The organisation a "where is X based?" names (by its abbreviation or every word of its
        name but the everyday ones) when its name is written with a place and the question asks
        nothing else of it: (organisation, place, the first talk it appeared at, the appearance)."""
        named: dict[str, list[tuple[Talk, Appearance]]] = defaultdict(list)  # organisation -> where it appeared
        for short in self._abbreviations_named(q):
            _, talk, a = self._abbreviations[short]
            named[a.organisation].append((talk, a))
        for term in q.terms.keys() - structured.ORGANISATION_BOILERPLATE:
            seen = self._organisations.appearances.get(term, ())
            if len(seen) > ORGANISATION_WORD_MAX:
                continue  # a word of many organisations' names: a rarer one of the name finds it
            for talk, a in seen:
                # every word of its name but the everyday ones and the place it is written with
                core = set(content_terms(structured.BRACKETS.sub(" ", a.organisation).split(",")[0]))
                core -= structured.ORGANISATION_BOILERPLATE
                if core and core <= q.terms.keys():
                    named[a.organisation].append((talk, a))
        placed = {org: place for org in named if (place := structured.organisation_place(org))}
        if len(set(placed.values())) != 1:
            return None
        own = {t for org in placed for t in content_terms(org)} | PLACE_ASKED | self._light
        if any(t not in own for t in q.terms):
            return None  # "where is the TexNord sorting hub?" asks of something of theirs
        org, place = next(iter(placed.items()))
        talk, a = min(named[org], key=lambda pair: pair[0].schedule.start)
        return org, place, talk, a

    def _asks_more_than_person(self, q: Question, slots: structured.Slots) -> bool:
        """Whether "what did X say" asks about a topic too ("...about funding", "...is needed to
        manage a meta cluster"): a word that names neither X, X's organisation, the talk nor its
        date, and is not a word of speaking."""
        plain = self._naming_person_and_talk(q, slots.talk)
        if slots.person is not None:  # "scaramuzzo EXO RICERCA what did he say": the person's own organisation
            plain |= {w for _, a in self.kb.talks_of(slots.person.id) for w in content_terms(a.affiliation)}
        return self._names_beyond(q, plain, asking_words=False)

    def _asks_more_than_taking_part(self, q: Question, slots: structured.Slots) -> bool:
        """Whether "did X speak at T" asks something else too ("...about funding?", "...before
        or after Y?"): a word beyond X, the talk, speaking and the ways of asking."""
        plain = self._naming_person_and_talk(q, slots.talk) | structured.talk_words(slots.talk) | PEOPLE_ASKED | ROLE_ANCHORS
        return self._names_beyond(q, plain, asking_words=True)

    def _naming_person_and_talk(self, q: Question, talk: Talk | None) -> set[str]:
        """The words that name the person asked about, speaking, a month and the talk's title."""
        plain = set(q.name_terms) | SAID_WORDS | self._month_stems
        return plain | set().union(*self._titles(talk)) if talk is not None else plain

    def _names_more(self, q: Question) -> bool:
        """Whether a question about people of several talks names anything beyond them ("who came
        from CEBR twice?"): a word that is no way of asking, of people, talks or repetition."""
        return self._names_beyond(q, PEOPLE_ASKED | REPEAT_WORDS, asking_words=True)

    def _names_beyond(self, q: Question, plain: set[str] | frozenset[str], asking_words: bool) -> bool:
        """Whether the question has a word beyond ``plain``, the series' and speaking words, the
        light ones and dates (with ``asking_words``, words many intents' examples use pass too)."""
        plain = plain | GENERIC_EVENT_WORDS | SERIES_STEMS | structured.SPEAKER_WORDS | self._light
        return any(t not in plain and not re.fullmatch(r"[\d/.]+", t)
                   and not (asking_words and self.intents.spread.get(t, 0) >= ASKING_WORD_INTENTS) for t in q.terms)

    def _rank_unknown(self, q: Question, slots: structured.Slots) -> bool:
        """"Who is the president of the European Commission?": a who-question asking who holds a post
        (president, chair, CEO, director, head, secretary general...) of something, when no speaker's
        role at any talk has that post at an organisation the question names."""
        asked = POST_OF.search(q.folded)
        if not asked or q.people or slots.person or slots.event or slots.talk or q.numbers:
            return False
        posts = set(content_terms(asked.group(1)))
        posts |= {w for group in structured.RANK_ALIKE if posts & group for w in group}
        # the words as written (not what a typo could be: "chair" -> "chain")
        named = (set(content_terms(q.folded)) - POSTS - structured.RANK_WORDS - SERIES_STEMS - structured.SPEAKER_WORDS
                 - self._light)
        if not named:
            return False  # "who is the president?": of what, the talk may say
        def idf(term: str) -> float:
            return self.index.idf.get(term, 1.0)

        # the organisation named: the rarer half of the question's other words are in its name or the
        # role ("the European COMMISSION" is not the European Clusters Alliance)
        return not any(posts & role and 2 * sum(map(idf, named & (role | org))) >= sum(map(idf, named))
                       for role, org in self._organisations.posts)

    def _representatives(self, q: Question, slots: structured.Slots) -> Reply | None:
        """"who came from PROPLAST?": the people of the organisation the question names, unless it
        names a person or an event, or a free fact is asked."""
        if slots.person or slots.event or (q.guess is not None and q.guess.p("fact") >= INTENT_MIN):
            return None
        found = structured.representatives(self._organisations, self._people_by_id, q.tokens, slots.talk, slots.dated)
        if found is None:
            return None
        return replace(self._field_reply(q, found, REPRESENTATIVES_CONFIDENCE),
                       decision={"route": "field", "intent": "representatives"})

    def _index_section_titles(self) -> SectionTitles:
        """Which talks' titles and which sections' own title words (no other section of the talk has
        them) have a word: built once, so that a question naming no talk reads only those talks."""
        by_own: dict[str, list[int]] = defaultdict(list)
        by_name: dict[str, list[int]] = defaultdict(list)
        for n in range(len(self.kb.talks)):
            for w in self.index.title_set(n):
                by_name[w].append(n)
            titles = self._section_title_words(n)
            for i, title_words in enumerate(titles):
                others = frozenset().union(*(t for j, t in enumerate(titles) if j != i))
                for w in title_words - others:
                    by_own[w].append(n)
        return SectionTitles(dict(by_own), dict(by_name))

    def _section_title_words(self, n: int) -> list[frozenset[str]]:
        """The words of the titles of the n-th talk's sections, as the index read them, less the talk's
        own title words and the series' words; "(announcement page)" says where the section comes
        from, not what it is about, and a year dates a section, it does not name it ("The European
        Cluster Conference 2024")."""
        talk = self.kb.talks[n]
        naming = self.index.title_set(n) | SERIES_STEMS
        return [frozenset(t for t in self.index.section_title_set(n, a) if not t.isdigit()) - naming
                - (frozenset(content_terms(" ".join(structured.BRACKETS.findall(section.title)))) if "(" in section.title else frozenset())
                for a, section in enumerate(talk.sections)]

    def _section_listed(self, q: Question, slots: structured.Slots) -> structured.Draft | None:
        """All the points of a section of a talk, when the question asks for a list and names that
        section by a word of its title no other section of the talk has ("what NEWS did the ECCP
        share", "the six OBJECTIVES"), and says nothing else but the talk and a way of asking:
        "the I3 funding rate" names the I3 section but asks one of its points."""
        if (q.people or slots.person or slots.event or q.intent & NOT_A_SECTION_LIST
                or {stem(t) for t in q.tokens} & NOT_A_SECTION_WORDS):
            return None
        # the words as asked: a word may name the talk too ("news" is one of its tags)
        asked = set(q.terms) | set(content_terms(q.folded))
        for t in list(asked):
            asked |= self._expansions.get(t, frozenset())
        found: list[tuple[float, Talk, Section, set[str]]] = []
        index = self._section_titles
        if slots.talk:
            numbers = [self._talk_number[slots.talk.id]]
        else:
            # no talk named: the talks two of whose sections' own title words are asked, or one with its
            # title's words asked too (a word shared by hundreds of titles names none of them)
            hits = Counter(n for t in asked if len(index.by_own.get(t, ())) <= SECTION_WORD_MAX
                           for n in index.by_own.get(t, ()))
            named = {n for t in asked if len(index.by_name.get(t, ())) <= SECTION_WORD_MAX
                     for n in index.by_name.get(t, ())}
            numbers = sorted(named | {n for n, count in hits.items() if count >= 2})
        for n in numbers:
            talk = self.kb.talks[n]
            naming = self.index.title_set(n)
            # "the DPP talk": an abbreviation of the talk's own title names the talk, not a section
            naming = naming | {t for t in asked if t in self._expansions and self._expansions[t] <= naming}
            titles = [title - naming for title in self._section_title_words(n)]
            for i, section in enumerate(talk.sections):
                others = set().union(*(t for j, t in enumerate(titles) if j != i))
                own = (titles[i] - others) & asked
                if not 2 <= len(section.points) <= structured.MAX_ITEMS or not own:
                    continue
                if not slots.talk and not (naming & asked or len(own) >= 2):
                    continue  # no talk named: the words must name this talk's section beyond doubt
                found.append((sum(self.index.idf.get(t, 0.0) for t in titles[i] & asked), talk, section, own))
        if not found:
            return None
        found.sort(key=lambda f: -f[0])
        if len(found) > 1 and found[1][0] >= found[0][0]:
            return None  # two sections named alike: which one is asked is not clear
        _, talk, section, own = found[0]
        title_terms = set(content_terms(section.title))
        if not ("list" in q.intent or any(w.endswith("s") and stem(w) in title_terms - SERIES_STEMS for w in q.tokens)):
            return None  # "what's critical to keep a meta cluster going?": one thing, not the list
        day = talk.schedule.start_date
        explained = (title_terms | set(content_terms(talk.title)) | SERIES_STEMS | self._light
                     | {str(day.day), str(day.year), stem(format_date(day).split()[1].lower())}
                     | set().union(*(self.intents.words.get(i, ()) for i in SECTION_ASKING)))
        spread = self.intents.spread
        # every word as written, those that name the talk too ("what does EACN focus on" names the
        # talk by a tag, and asks more than its section on members)
        weights = {t: self._weight(t) for t in set(content_terms(q.folded)) | set(q.terms)}
        left = {t: w for t, w in weights.items() if t not in explained and t not in SECTION_VERBS
                and spread.get(t, 0) < ASKING_WORD_INTENTS
                and not (t in self._expansions and self._expansions[t] <= title_terms)}
        # any other word the knowledge uses asks something of the section ("what does the EACN
        # focus on for its MEMBERS": the EACN); a word it never uses may be chat
        if any(t in self.index.idf for t in left) or sum(left.values()) > RESIDUAL_MAX_SINGLE * sum(weights.values()):
            return None
        return structured.section_list(talk, section)

    def _definition_reply(self, q: Question, term: Term) -> Reply:
        """The glossary's definition of a term asked for alone."""
        return replace(self._field_reply(q, structured.definition(term), DEFINITION_CONFIDENCE),
                       decision={"route": "field", "intent": "definition"})

    def _only_names(self, q: Question, term: Term, unknown_too: bool = False) -> bool:
        """Whether the question's words are the term's names and light words, nothing more (and,
        with ``unknown_too``, words the knowledge never uses: they can name nothing else in it)."""
        names = set().union(*(content_terms(n) for n in (term.term, term.stands_for, *term.aliases) if n))
        plain = (self._light - ORDER_STEMS) | EXPLAIN_STYLE
        return all(t in names or t in plain or (unknown_too and t not in self.index.idf) for t in q.terms)

    def _only_timeline_words(self, q: Question) -> bool:
        plain = TIMELINE_PLAIN | self._light | GENERIC_EVENT_WORDS
        return all(t in plain or (t.isdigit() and len(t) == 4) for t in q.terms)

    def _timeline_end(self, q: Question, slots: structured.Slots) -> tuple[Talk | None, Reply] | None:
        """"the oldest talk you know", "the first talk of 2026", "the last talk announced": the
        first or last talk in the knowledge, or in the year asked, and the reply naming it."""
        match = TIMELINE_END.search(q.folded)
        furthest = match is not None and match.group(1) in {"furthest", "farthest"}
        if match is None or slots.talk or slots.person or not (TALK_NOUNS & set(q.tokens) or (
                furthest and DATE_NOUNS & set(q.tokens))):
            return None
        years = {int(n) for n in q.numbers if len(n) == 4 and 1990 <= int(n) < 2100}
        last = match.group(1) in {"last", "final", "furthest", "farthest"}
        if last and not (years or furthest or TIMELINE_SCOPE & set(q.tokens)):
            return None  # "when was the last talk?" asks for the latest one so far
        if furthest and not TALK_NOUNS & set(q.tokens):
            # the date furthest away of every talk and event announced
            last_talk = self.kb.talks_by_start[-1:]  # sorted once: only the events are scanned
            item = max([*last_talk, *self.kb.events], key=lambda i: i.schedule.start_date, default=None)
            if item is None:
                return None
            lead = f"The furthest date that I know is {item.title}: {format_when(item)}{_place(item)}."
            citation = self._item_citation(item)
            reply = Reply(q.raw, True, self._render(lead, [citation]), lead, (citation,), TIMELINE_CONFIDENCE)
            return (item if isinstance(item, Talk) else None,
                    replace(reply, decision={"route": "field", "intent": "timeline_end"}))
        ordered = self.kb.talks_by_start[::-1] if last else self.kb.talks_by_start
        talk = next((t for t in ordered if not years or t.date.year in years), None)
        if talk is None:
            return None
        scope = f" of {min(years)}" if len(years) == 1 else ""
        lead = f"The {'last' if last else 'first'} talk{scope} that I know is \"{talk.title}\", {format_when(talk)}."
        citation = self._item_citation(talk)
        reply = Reply(q.raw, True, self._render(lead, [citation]), lead, (citation,), TIMELINE_CONFIDENCE)
        return talk, replace(reply, decision={"route": "field", "intent": "timeline_end"})

    def _field_reply(self, q: Question, draft: structured.Draft, confidence: float | None = None) -> Reply:
        if confidence is None:
            confidence = q.guess.confidence if q.guess else 0.0
        if not draft.found:  # a near miss: the record is known, the field asked for is not
            suggestions = self._starter_questions()
            text = f"Sorry, that is not covered. {draft.answer}"
            return Reply(q.raw, False, text + " You could ask:\n" + "\n".join(f"• {s}" for s in suggestions),
                         "", (), round(0.3 * confidence, 3), tuple(suggestions))
        return self._finish(q, draft.answer, list(draft.citations), confidence)

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
        first_q = self._analyse(parts[0], parts[0], truncated, now)
        first = self._answer_one(first_q, now)
        # "..., and how big is ITS budget?": a second part that refers back borrows the first's words;
        # so does one that names nothing and asks a field ("how does the 24 April talk end, what's
        # the last item?"), the details it asks for staying its own
        refers_back = bool(PRONOUN.search(parts[1]))
        alone = None if refers_back else self._analyse(parts[1], parts[1], truncated, now)
        borrows = alone is not None and self._asks_of_first_part(first_q, alone, parts[1])
        if alone is None or borrows:
            second_q = self._analyse(parts[1], f"{parts[1]} {parts[0]}", truncated, now)
            second_q.guess = self.intents.guess(parts[1])  # the records of the whole, what the part itself asks
            if alone is not None:
                second_q.own = alone.folded  # "..., who moderated?" asks for no recording
        else:
            second_q = alone
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
            answer = say_once(first.answer, second.answer)
            citations = list(dict.fromkeys([*first.citations, *second.citations]))[:MAX_CITATIONS]
            confidence = min(first.confidence, second.confidence)
        text = self._render(answer, citations)
        while len(text) > MAX_REPLY_CHARS and len(citations) > 1:
            citations.pop()
            text = self._render(answer, citations)
        if len(text) > MAX_REPLY_CHARS:
            text = text[: MAX_REPLY_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return Reply(q.raw, True, text, answer, tuple(citations), round(confidence, 3))

    def _asks_of_first_part(self, first: Question, part: Question, text: str) -> bool:
        """Whether a short second part that names no record asks a field of the one record the
        first part names ("what's the last item?" after "how does the 24 April talk end")."""
        first_slots = first.slots
        return bool(part.slots and part.slots.empty and not part.people and first_slots
                    and (first_slots.talk or first_slots.event) and len(first.talks) <= 1
                    and not self._names_two(first)  # "between the CRA talk and the aerospace talk"
                    and part.guess is not None and part.guess.confidence >= INTENT_MIN
                    and part.guess.intent in structured.FIELD_INTENTS and len(content_terms(text)) <= SHORT_PART)

    def _names_two(self, q: Question) -> bool:
        """Whether a question names a glossary term besides the talk it names, the term not a
        word of the talk's title ("the CRA talk and the aerospace talk", not "the meta-cluster talk")."""
        slots = q.slots
        if slots is None or slots.term is None:
            return False
        title = set(content_terms(slots.talk.title)) if slots.talk else set()
        return not set(content_terms(slots.term.term)) <= title

    def _wants_event(self, q: Question) -> bool:
        """"the next event (not a talk)", "the most recent event that took place": an event is
        asked for, not a talk of the series."""
        says_event = bool(EVENT_STEMS & q.terms.keys())
        return says_event and (not TALK_STEMS & q.terms.keys() or bool(NOT_A_TALK.search(q.folded)))

    def _latest(self, q: Question, now: datetime) -> Reply:
        if self._wants_event(q):
            event = next((e for e in self.kb.past(now) if isinstance(e, Event)), None)
            if event is not None:  # "what was the most recent event that already took place?"
                lead = f"The latest event was \"{event.title}\", {format_when(event)}{_place(event)}."
                citation = self._item_citation(event)
                return Reply(q.raw, True, self._render(lead, [citation]), lead, (citation,), TIMELINE_CONFIDENCE)
        past = [t for t in self.kb.past(now) if isinstance(t, Talk)]
        if not past:
            return self._upcoming(q, now)
        talk = past[0]
        lead = f"The latest talk was \"{talk.title}\", {format_when(talk)}. {talk.summary}"
        citation = self._item_citation(talk)
        return Reply(q.raw, True, self._render(lead, [citation]), lead, (citation,), TIMELINE_CONFIDENCE)

    def _help(self, raw: str, text: str, answered: bool = False) -> Reply:
        """What the bot does, for a greeting or "what can you do?": not an answer from the knowledge
        (no citations), and shown as help rather than "not covered". It answers a question about
        the bot itself (so that it is no gap for the curators); a greeting or a thank-you it only
        acknowledges."""
        return Reply(question=raw, answered=answered, text=text, confidence=1.0 if answered else 0.0,
                     suggestions=tuple(self._starter_questions()), decision={"route": "help"})

    def _drop_preamble(self, text: str) -> str:
        """Leave out a chatty opening before the question ("good morning bot :) hope ur well.",
        "hi team! quick one:"): a first sentence that greets with at most one other word, or greets
        and names nothing in particular the knowledge knows, or has at most four words and none
        the knowledge uses."""
        pieces = PREAMBLE_END.split(text)
        while len(pieces) > 1:
            tokens = words(fold(pieces[0]))
            rest = [t for t in tokens if t not in STOPWORDS and t not in GREETINGS and t not in CHAT_WORDS]
            known = [t for t in rest if self.index.idf.get(stem(t), 0.0) >= PREAMBLE_NAMES and stem(t) not in self._light]
            greets = bool(set(tokens) & SALUTATIONS)
            anything = [t for t in rest if stem(t) in self.index.idf]
            if not (greets and (len(rest) <= 1 or not known)) and not (len(tokens) <= 4 and not anything):
                break
            pieces.pop(0)
        return " ".join(pieces)

    def _is_smalltalk(self, q: Question) -> bool:
        tokens = [t for t in q.tokens if not t.isdigit()]
        if not tokens:
            return True
        if q.numbers or q.dated_talks:
            return False  # "which talk is on 29 may 2024?": a date is something to look up
        if "how_often" in q.intent:
            return False  # "ogni quanto si tengono i talk?": every other word is a stop word, yet it asks
        if any(t in DAYTIME and i > 1 and tokens[i - 1] != "good" for i, t in enumerate(tokens)):
            return False  # "which talk was held in the afternoon?": a time of day asked about, not a greeting
        if all(t in GREETINGS or t in CHAT_WORDS or t in STOPWORDS or t in HELP_WORDS for t in tokens):
            return True
        # nothing to look up: single letters, stray symbols
        return not q.people and all(len(t) < 2 for t in q.terms)

    def _reads_as_smalltalk(self, q: Question) -> bool:
        """"are you a real person?", "who built you?": the intent model reads small talk, and every
        word is one small talk is made of or one the knowledge never uses (it names nothing in it)."""
        guess, slots = q.guess, q.slots
        if guess is None or guess.intent != "smalltalk" or guess.confidence < SMALLTALK_MIN or q.people or (
                slots is not None and not slots.empty):
            return False
        if guess.outside >= OFFTOPIC_MIN:
            return False  # "give me a recipe for a good soup": a request about the world, said as such
        typical = self.intents.words.get("smalltalk", frozenset())
        known = [t for t in q.terms if t not in typical and t in self.index.idf]
        # read as small talk beyond doubt, one word the knowledge happens to use does not make it a
        # question about the talks ("how are you TODAY?", "what's your favourite COLOUR?")
        return not known or (guess.confidence >= SMALLTALK_SURE and len(known) == 1)

    def _reads_as_offtopic(self, q: Question) -> bool:
        """"What's the capital of Canada?", "give me a recipe for paella": the intent model reads a
        request about the world outside the talks, and the question names nothing the knowledge
        holds (no talk, person, event, glossary entry or date), however many of its words the
        knowledge happens to use ("recipe", "capital")."""
        guess, slots = q.guess, q.slots
        if guess is None or guess.outside < OFFTOPIC_LIKELY:
            return False
        if guess.outside < OFFTOPIC_MIN:
            # read as outside less surely: only when it uses few of the knowledge's words ("how do I
            # start a company in Estonia?"), not a detailed question about a talk's facts
            known = [t for t in q.terms if self.index.idf.get(t, 0.0) > 0.0]
            if len(known) > OFFTOPIC_FEW_WORDS:
                return False
        return not (q.people or q.talks or q.entities or q.dated_talks) and (slots is None or slots.empty)

    def _held_together(self, q: Question) -> bool:
        """Every content word of the question, four or more, in the snippet retrieval finds ("how
        many lorries does one freight train replace?"): a question about what that snippet says,
        however the intent model reads its kind of wording."""
        if len(q.terms) < HELD_TOGETHER_TERMS:
            return False
        evidence = (self._retrieve(q).decision or {}).get("evidence")
        return evidence is not None and evidence.coverage >= HELD_TOGETHER_COVERAGE

    def _upcoming(self, q: Question, now: datetime) -> Reply:
        def names_items(t: str) -> bool:
            return any(self._items_named.get(w) for w in (t, *synonyms(t)))

        # a word that names items ("the next DEADLINE") narrows them, however often people ask with
        # it or ask "when" with it; any other word common to many kinds of questions is a way of
        # asking ("may I ask")
        period = q.slots.period if q.slots is not None else None
        # "in June 2024", "in 2027": the words of the period name when, not what
        period_words = ({stem(m) for m in _MONTHS} | {t for t in q.terms if t.isdigit() and len(t) == 4}
                        if period is not None else set())
        specific = {t for t in q.terms if t not in GENERIC_EVENT_WORDS and t not in UPCOMING_STEMS
                    and t not in period_words and not (q.window and t in WINDOW_STEMS)
                    and not (q.foreign and t not in self.index.idf)  # an untranslated verb ("aura")
                    and (names_items(t) or (t not in WHEN_STEMS and self.intents.spread.get(t, 0) < ASKING_WORD_INTENTS))}
        wants_event = not specific and self._wants_event(q)
        wants_talk = not specific and not wants_event and bool(TALK_STEMS & set(q.terms))

        # each word that names items narrows them ("the next matchmaking in Germany"); a word
        # that names none ("keep in mind") is a way of asking, unless no word names anything
        by_word = [set().union(*(self._items_named.get(w, ()) for w in (t, *synonyms(t)))) for t in specific]
        naming = [ids for ids in by_word if ids]
        named = set.intersection(*naming) if naming else set()
        if naming and not named:
            named = set().union(*naming)

        def relevant(item: Talk | Event) -> bool:
            if isinstance(item, Talk) and item.cancelled:
                return False  # not the next talk; a postponed one is shown with its status
            if wants_talk:
                return isinstance(item, Talk)
            if wants_event:
                return isinstance(item, Event)
            return not specific or item.id in named

        if period is not None and not period.from_today:
            return self._in_period(q, period, now, relevant, naming, wants_talk)
        # both lists are sorted: the first few relevant items are all that is shown
        coming = list(islice((i for i in self.kb.upcoming(now) if relevant(i)), 3))
        if not coming and len(naming) > 1:
            # "the next call deadline": no item to come is both a call and a deadline; a call
            # to come (its end is its deadline) or a deadline to come is
            named = set().union(*naming)
            coming = list(islice((i for i in self.kb.upcoming(now) if relevant(i)), 3))
        past = list(islice((i for i in self.kb.past(now) if relevant(i)), 1))
        what = "talk" if wants_talk else "event" if wants_event else "talk or event"
        chosen: list[Talk | Event]
        if coming:
            first = coming[0]
            lead = f"Next: {first.title}, {format_when(first)}{_place(first)}." + (
                f" {first.status_note}" if getattr(first, "status_note", "") else "")
            if q.window:
                # "is there a talk next week?": yes or no first, then what comes
                soon = [i for i in coming if i.schedule.start < now + timedelta(days=q.window)]
                days = f"in the next {q.window} days"
                if soon:
                    coming = soon
                    lead = f"Yes, {days}: {lead[len('Next: '):]}"
                else:
                    lead = f"Nothing {days} in what I know. {lead}"
            if len(coming) > 1:
                lead += " Then: " + "; ".join(f"{i.title} ({format_when(i)}{_place(i)})" for i in coming[1:3]) + "."
            chosen = coming[:3]
        elif past:
            latest = past[0]
            lead = (f"No upcoming {what} is in my knowledge yet. The latest was {latest.title}, "
                    f"{format_when(latest)}.")
            rhythm = self._series_rhythm()
            if rhythm:
                lead += f" {rhythm}"
            # what comes next is not known: not an answer (the question is listed among the gaps,
            # so that an admin adds the next talk), though the reply says what is known
            suggestions = self._starter_questions()
            text = lead + " You could ask:\n" + "\n".join(f"• {s}" for s in suggestions)
            return Reply(q.raw, False, text, lead, (), round(0.3 * TIMELINE_CONFIDENCE, 3), tuple(suggestions))
        else:
            return self._decline(q, [])
        citations = [self._item_citation(i) for i in chosen]
        return Reply(q.raw, True, self._render(lead, citations), lead, tuple(citations), TIMELINE_CONFIDENCE)

    def _in_period(self, q: Question, period: structured.Period, now: datetime,
                   relevant: Callable[[Talk | Event], bool], naming: list[set[str]], wants_talk: bool) -> Reply:
        """"Which matchmaking events are coming up in June 2024?": the talks and events of the
        period (only those to come when the question says "next" or "coming"), narrowed by the
        words that name kinds of items (any of the kinds named, when none is all of them); the
        period narrows enough that a word naming nothing ("for the community") is a way of
        asking. A period with nothing known says so."""
        wants_event = bool({"event", "events"} & set(q.tokens)) and not TALK_STEMS & q.terms.keys()
        pool = self.kb.upcoming(now) if UPCOMING_WORDS & set(q.tokens) else (
            self.kb.past(now)[::-1] + self.kb.upcoming(now))
        pool = [i for i in pool if period.start <= i.schedule.start_date < period.end
                and not (wants_event and not isinstance(i, Event))]
        if naming:
            within = [i for i in pool if relevant(i)]
            if not within and len(naming) > 1:
                within = [i for i in pool if i.id in set().union(*naming) and not (isinstance(i, Talk) and i.cancelled)]
        else:
            within = [i for i in pool if not (isinstance(i, Talk) and i.cancelled)
                      and (not wants_talk or isinstance(i, Talk))]
        if not within:
            noun = "event" if wants_event else "talk" if TALK_STEMS & q.terms.keys() else "talk or event"
            return self._decline(q, [], why=f"I know of no {noun} {period.label}")
        one = "event" if wants_event else "talk" if wants_talk else "talk or event"
        many = "events" if wants_event else "talks" if wants_talk else "talks and events"
        shown = within[:PERIOD_ITEMS]
        lead = (f"{period.label[0].upper()}{period.label[1:]}, I know of {len(within)} "
                f"{one if len(within) == 1 else many}: " + "; ".join(f"{i.title} ({format_when(i)}{_place(i)})" for i in shown)
                + (f"; and {len(within) - len(shown)} more." if len(within) > len(shown) else "."))
        citations = [self._item_citation(i) for i in shown[:3]]
        return Reply(q.raw, True, self._render(lead, citations), lead, tuple(citations), TIMELINE_CONFIDENCE)

    def _names_other(self, q: Question) -> bool:
        """Whether the question names something besides the talks ("how often does the I3 call
        open?"): a word of the knowledge that is neither generic nor a way of asking."""
        plain = GENERIC_EVENT_WORDS | self._light | TIMELINE_PLAIN
        return any(t in self.index.idf and t not in plain and self.intents.spread.get(t, 0) < ASKING_WORD_INTENTS
                   for t in q.terms)

    def _series_point(self, says: re.Pattern[str]) -> Snippet | None:
        """The shortest point of the series that says something: how often the talks take place
        (RHYTHM), where news of them is published (PUBLISHED_ON)."""
        return min((s for s in self.index.series if says.search(s.text)), key=lambda s: len(s.text), default=None)

    def _series_rhythm(self) -> str:
        rhythm = self._series_point(RHYTHM)
        return rhythm.text if rhythm else ""

    def _item_citation(self, item: Talk | Event) -> Citation:
        section = "Date and time" if isinstance(item, Talk) else "Events"
        return Citation(item.id, item.title, item.schedule.start_date.isoformat(), section,
                        f"{item.title}: {format_when(item)}")
