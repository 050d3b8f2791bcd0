"""Understanding a question: what it asks (the intent) and about which records (slots).

The question is cleaned, its language told, its words folded, stemmed, translated and
corrected against the knowledge's vocabulary; the people, talk, event and glossary term it
names are found; the intent model reads it as written and with those names masked. A field
answer is checked here too for what of the question it leaves unexplained.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from talkbot.answer import structured
from talkbot.answer.attributes import TIME_OF_DAY
from talkbot.answer.intents import Guess
from talkbot.answer.lexicon import ENGLISH_STOPWORDS, FOREIGN, FOREIGN_STOPWORDS, LIGHT_WORDS, STOPWORDS
from talkbot.answer.text import content_terms, fold, join_phrases, stem, translate, words
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
#: words of what the bot knows ("the latest talk you have INFORMATION about", "in the KNOWLEDGE
#: BASE"): they name no fact
OWN_KNOWLEDGE = frozenset(stem(w) for w in "information info knowledge base".split())
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
#: intents answered from a person's appearances: their roles, their talks
PERSON_INTENTS = ("person_role", "person_talks")
#: intents answered from a talk's day, times and time zone, which every such answer states together
TIME_INTENTS = ("when", "start_time", "duration", "timezone")
#: a word in the organisations of more appearances than this is too common to name one
ORGANISATION_WORD_MAX = 12
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
#: a month named without a day or a year, as a talk's: "the april talk", "in may", "march session"
_MONTH_ONLY = re.compile(
    rf"\b(?:in|the|of|from|during|at|on|last|this|that)\s+({_MONTH_RE})\b(?!\s*\d)"
    rf"|\b({_MONTH_RE})\s+(?:talk|webinar|session|one|edition|episode|meeting)\b")
#: the years a question or an event's name may give
_YEAR_WORDS = frozenset(str(year) for year in range(1990, 2100))
#: a day and a month in figures, the European way: "24/4", "24.04.", "24/04/2024"
_DAY_SLASH_MONTH = re.compile(
    r"(?<![\d/.])(\d{1,2})(?:/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/a-z])|\.(\d{1,2})\.(\d{4}|\d{2})?)(?![\d.]*\d)")
#: a day of the month without its month: "the talk on the 24th", "is it mandatory for the 24th?"
#: (not "the 3rd agenda item", an ordinal of something else)
_DAY_ALONE = re.compile(
    r"\b(?:on|for)\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:of\s+)?[a-z]*\s*(?:item|point|speaker|slot|question)s?\b)"
    r"|\bthe\s+(\d{1,2})(?:st|nd|rd|th)?\b(?=\s*(?:$|[?!.,;(]|(?:talk|webinar|session|one|meeting)\b))")
#: a day of the week: "the talk on wed", "wednesday's webinar"
_WEEKDAY = re.compile(r"\b(?:(mon|tues?|wed|weds|thu|thur|thurs|fri|sat|sun)|(monday|tuesday|wednesday|thursday|friday"
                      r"|saturday|sunday)(?:'?s)?)\b")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: how far from the day asked a talk named by a day of the month or of the week may be
DAY_ALONE_REACH = 31
WEEKDAY_REACH = 7
#: a month, its day and a year, the American way: "may 15 2024", "May 15, 2024"
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\w*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
#: "how many speakers (not counting the moderator)": the moderator is left out of what is
#: asked, not asked about; the speaker list names the moderator apart anyway
WITHOUT_MODERATOR = re.compile(
    r"\(?\s*\b(?:not counting|without|excluding|except(?: for)?|leaving out|apart from|besides|minus|not including|"
    r"other than|sin contar(?: al?)?|sans compter|ohne|senza contare|escluso)\s+(?:the |le |la |il |den |die |el )?"
    r"(?:moderators?|modérat\w*|moderador\w*|moderatore|moderatorin|host|chair)\s*\)?"
    r"|\(?\s*\b(?:the )?moderators?\s+(?:not\s+(?:counted|included|counting)|excluded|aside)\s*\)?",
    re.IGNORECASE)
#: verbs of taking part in something
TAKING_PART = frozenset("take takes took taken taking join joins joined joining attend attends attended attending "
                        "participate participates participated participating meet meets met".split())
#: chat noise that is not part of the question: Discord mention syntax (users, roles, channels,
#: custom emoji), an "@name" addressed to someone, a copy counter or reaction count at the end "(1)"
CHAT_NOISE = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|(?<!\w)@\w+|\(\d{1,2}\)\s*$")
#: someone saying they are new ("hi, I'm new here", "new to this server"): who asks, not what
NEWCOMER = re.compile(r"(?:\b(?:i'?m|im|i am)\s+)?\bnew (?:here|to (?:this|the) (?:server|community|channel|group|discord))\b"
                      r"\s*[,.!:;-]*", re.I)

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
WHEN_STEMS = frozenset(stem(w) for w in WHEN_WORDS)
PROFILE_STEMS = frozenset(
    {stem(w) for w in "about talks talk part take participate participated appear appeared profile bio background".split()}
)
UPCOMING_WORDS = frozenset({"next", "upcoming", "future", "soon", "coming"})
UPCOMING_STEMS = frozenset(stem(w) for w in UPCOMING_WORDS)  # found once, not per question
TALK_STEMS = frozenset({stem("talk"), stem("webinar")})  # words that say a talk of the series is meant
#: the words a question names the series by: its name, a talk, "series", "meetings"
SERIES_STEMS = structured.SERIES_WORDS | TALK_STEMS | {stem("series"), stem("meeting")}
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
    r"\b(say|said|says|talked about|did\b[^?]*\btalk about"
    r"|about what\b[^?]*\b(talk|talked|spoke|spoken|speak|speaks)|mention(ed)?|explain(ed)?|argue(d)?|stress(ed)?|emphasi[sz]e(d)?|"
    r"highlight(ed)?|warn(ed)?|recommend(ed)?|suggest(ed)?|advise(d)?|think|thinks|believe|believes)\b"
)
#: "what did X say ABOUT the automotive industry (at the 2022 talk)?": the topic asked, up to the
#: words that name the talk or date it was said at
SAID_ABOUT = re.compile(r"\b(?:say|said|says|talked|speak|spoke|mention|mentioned|think|thinks|argue|argued|"
                        r"explain|explained)\b[^?]*?\babout\s+(?P<topic>[^?]+)")
#: "what will X present?", "what did X present at the space talk?", "what will X talk about?": what
#: the knowledge gives as theirs if it gives any, else their part (not "who was present")
PRESENTS = re.compile(r"\bwhat (?:did|does|will|would|is|was)\b[^?]*\b(?:present|presents|presenting|presented)\b"
                      r"|\b(?:will|would|does|going to)\b[^?]*\btalk about\b")
#: words that say what kind of thing a topic is, not which ("the food SECTOR", "the automotive
#: INDUSTRY"): what was said must name the topic itself
TOPIC_HEADS = frozenset(stem(w) for w in "sector sectors industry industries".split())
TOPIC_END = re.compile(r"\b(?:in|at|on|during|from)\s+(?:the|her|his|their|this|that|a|an)\b|\b(?:in|at|on)\s+\d|\(|,|\band\b")
ROLE_ONLY_KINDS = frozenset({"person", "appearance", "speakers", "agenda", "agenda_list", "moderator", "term"})
YES_NO = re.compile(r"^\s*(is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b")
#: words that ask what a term means: the term named right after them is the one asked about
DEFINITION_CUES = frozenset("what whats explain define definition meaning mean means stand stands".split())
ROLE_ANCHORS = frozenset(
    {stem(w) for w in "moderator moderated moderation chair chaired host hosted organiser organised winner won".split()}
)
LIST_ASK = re.compile(r"\b(what|which|who) (are|were)\b|\blist\b|\ball (the )?\w+s\b|\bwhat was on\b")
HOW_MANY = re.compile(r"\bhow (many|much)\b|\bnumber of\b")
HOW_LONG = re.compile(r"\bhow long\b|\bduration\b")
LATEST = re.compile(r"\b(latest|most recent|last|previous|recent)\b")
#: words that place a talk in time rather than name it
TIMELINE_STEMS = frozenset(stem(w) for w in (*UPCOMING_WORDS, "latest", "last", "previous", "recent", "forthcoming"))
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
#: the kinds of talk a question may name one by ("the heritage keynote"; panel, hybrid, fireside
#: chat and roundtable were measured too and fixed no dev question)
TALK_KINDS = frozenset({stem("keynote")})
#: words asking whether a talk's speakers are known yet: its speakers field answers them
LINEUP_STATUS = frozenset("announced confirmed planned supposed".split())
#: the words that ask for a time of day ("closing at which HOUR?")
CLOCK_WORDS = frozenset(stem(w) for w in "hour hours time clock".split())
#: "which countries were the speakers from?", "where did the panellists come from?": where the
#: people of a talk came from (with ORIGIN_FROM and a word of people, structured.ORIGIN_PEOPLE)
ORIGIN = re.compile(r"\b(?:which|what)\s+(?:\w+\s+){0,2}(?:countr(?:y|ies)|regions?|cit(?:y|ies)|nations?|member states?)\b")
ORIGIN_FROM = re.compile(r"\b(?:from|come|comes|came|coming)\b")
#: "which countries were represented at the talk?": by its people, however they are called
REPRESENTED = re.compile(r"\b(?:were|was|are|is|be|got|get)\s+represented\b")
#: "where were the speakers from?", "where did the panellists come from?" (of people only: not
#: "where does the money come from?", "where are the slides from the conference?")
ORIGIN_WHERE = re.compile(r"\bwhere\b.*\b(?:from\W*$|(?:come|comes|came|coming) from\b)")
#: words that say a place of origin is asked, not what it is about
ORIGIN_WORDS = frozenset(stem(w) for w in "country countries region regions city cities nation nations come came".split())
HOW_OFTEN = re.compile(r"\bhow (often|regularly|frequent|frequently)\b"
                       # the noun: "frequency", "fréquence", "frecuencia", "frequenza" (not "the most frequent")
                       r"|\bfrequen(?:cy|ce|cia|za)\b"
                       # French, Spanish, Italian as the word-for-word reading writes them: "tous les
                       # combien" -> "all the how many", "cada cuánto", "ogni quanto" -> "each how much"
                       r"|\ball the how many\b|\beach how (?:much|many)\b")
#: a rhythm offered as the answer ("are the talks weekly or monthly?"): how often, when the series is meant
RHYTHM_OFFERED = re.compile(r"\b(?:bi-?)?(?:weekly|monthly)\b|\bfortnight(?:ly)?\b|\bevery (?:other |two |2 )?(?:week|month)s?\b"
                            r"|\b(?:rhythm|cadence)\b")
#: words that ask how the talks usually are, not how one of them was: "a TYPICAL talk", "EN GENERAL"
HABITUAL_WORDS = frozenset(
    "typical typically usual usually normal normally general generally regular regularly habitually "
    "habituellement normalement normalerweise ublicherweise gewohnlich meistens normalmente habitualmente "
    "solitamente generalmente".split())
HABITUAL_STEMS = frozenset(stem(w) for w in HABITUAL_WORDS)
_HABITUAL_ALTERNATIVES = "|".join(sorted(HABITUAL_WORDS))
HABITUAL = re.compile(rf"\b(?:{_HABITUAL_ALTERNATIVES})\b|\bas a rule\b|\bd.habitude\b|\bin der regel\b|\bdi solito\b"
                      r"|\bpor lo general\b")
#: the series named as a whole: "the EU Clusters Talks", "these webinars", "the series", "les talks"
SERIES_NAMED = re.compile(
    r"\bclusters? talks\b|\b(?:the|this|that|whole) series\b|\b(?:these|those|the|your|such|all the|les|ces|die|diese"
    r"|los|estos|estas|gli|questi) (?:talks|webinars|meetings|webinaires|reunions|treffen|charlas|reuniones|incontri)\b")
FREQUENCY = re.compile(r"\bevery\b|\b(bi-?)?(weekly|monthly|yearly|annual|annually)\b|\bfortnight|\btimes a\b", re.I)

HELP_TEXT = (
    "Hi! I answer questions about the EU Clusters Talks: speakers, dates, takeaways, funding news and "
    "events. Ask me e.g. \"Who spoke at the latest talk?\" or \"When is the next talk?\"."
)


#: endings that make another word of the same stem: "farm" - "farmer", "Japan" - "Japanese"
DERIVING = ("er", "ers", "or", "ors", "ist", "an", "ian", "n", "ese", "ean", "al", "ic", "ing", "s", "es")


def _derived(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` with an ending that derives a word from it."""
    return len(shorter) >= 4 and longer.startswith(shorter) and longer[len(shorter):] in DERIVING


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
    #: the talk was picked by a month alone ("in Sept 2025", "the april talk"): a month may also
    #: date a fact of another talk ("how many trainees started in Sept 2025?")
    month_dated: bool = False
    #: the talk was picked by words of its title, the question not saying "talk"
    title_picked: bool = False
    #: the series named as a whole about a topic of its own ("do the talks share funding
    #: opportunities?"): the series is asked about, not the talk whose title shares the words
    series_topic: bool = False
    intent: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    truncated: bool = False
    anchor: str = ""
    entities: list[list[frozenset[str]]] = field(default_factory=list)
    name_terms: set[str] = field(default_factory=set)
    weights: dict[str, float] | None = None
    places: frozenset[str] = frozenset()
    year_bounds: list[tuple[bool, int]] = field(default_factory=list)
    window: int = 0  # "next week": the days from today asked about
    guess: Guess | None = None
    slots: structured.Slots | None = None
    terms_named: list[Term] = field(default_factory=list)
    today: date | None = None  # the day asked on, for "the talk on the 24th" and "wednesday's talk"
    own: str = ""  # a part of a question read with the rest's words: its own words, folded
    about: frozenset[str] = frozenset()  # "what did X say about Y?": Y's words


#: a day of the month written as an ordinal beside its month: "24th apr", "april 24th", "the 15th of may"
_ORDINAL = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)\b(?=\s+(?:of\s+)?(?:{_MONTH_RE})\b)"
                      rf"|\b((?:{_MONTH_RE})\s+\d{{1,2}})(?:st|nd|rd|th)\b")
_SHORT_MONTH = {m[:3]: m for m in _MONTHS} | {"sept": "september"}
#: a month written short beside a day or a year: "24th apr", "oct 2022", "apr 24"
_MONTH_BESIDE_NUMBER = re.compile(r"(?<=\d )(jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
                                  r"|\b(jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?(?= \d)")


def _written_out(folded: str) -> str:
    """Days and months as the knowledge writes them: "the 24th apr" is "the 24 april", so that
    its words name a date and ask nothing (the date rules read either form)."""
    folded = _ORDINAL.sub(lambda m: m.group(1) or m.group(2), folded)
    return _MONTH_BESIDE_NUMBER.sub(lambda m: _SHORT_MONTH[m.group(1) or m.group(2)], folded)


#: spellings that differ between English and French, German, Spanish or Italian for the same sound
_COGNATE_LETTERS = str.maketrans("kzy", "cci")
_COGNATE_SPELLINGS = (("ph", "f"), ("qu", "c"), ("th", "t"), ("cc", "c"), ("ss", "s"))
#: the first letters of the words whose cognate key can start with a letter ("c": "keramik", "zentrum")
_COGNATE_INITIALS = {"c": "ckqz", "f": "fp", "i": "iy", "t": "t"}
_COGNATE_ENDING = re.compile(r"(?:ique|ica|ico|ic|ie|e|s)$")


def _cognate_key(word: str) -> str:
    """A spelling shared by a word and its cognates: 'keramik', 'ceramique' and 'ceramic' alike."""
    word = word.translate(_COGNATE_LETTERS)
    for a, b in _COGNATE_SPELLINGS:
        if a in word:
            word = word.replace(a, b)
    return _COGNATE_ENDING.sub("", word)


def _about_series(q: Question) -> bool:
    """Whether the question asks about the talks as a series ("how long is a typical talk?",
    "are the EU Clusters Talks weekly?") rather than about one of them."""
    return bool(HABITUAL.search(q.folded) or SERIES_NAMED.search(q.folded))


def _is_foreign(tokens: list[str]) -> bool:
    """French, German, Spanish or Italian rather than English, judged by function words."""
    english = sum(t in ENGLISH_STOPWORDS and t not in FOREIGN_STOPWORDS for t in tokens)
    foreign = sum(t in FOREIGN_STOPWORDS and t not in ENGLISH_STOPWORDS for t in tokens)
    foreign += sum(t in FOREIGN and FOREIGN[t] != t and t not in ENGLISH_STOPWORDS for t in tokens)
    return foreign > english


#: "since 2024", "before 2025", "until 2026": one end of a span of years
PERIOD_BOUND = re.compile(r"\b(since|from|after|starting|as of|before|prior to|until|till|up to|through)\s+((?:19|20)\d\d)\b")


#: "next week", "this coming month", "the next two weeks", "the next few days": a stretch of
#: days from the day asked
WINDOW = re.compile(r"\b(?:this|next|coming|following)\s+(?:(couple of|two|2|three|3|few)\s+)?"
                    r"(week|weeks|fortnight|month|months|days)\b")
WINDOW_DAYS = {"week": 7, "weeks": 7, "fortnight": 14, "month": 31, "months": 31, "days": 7}
WINDOW_COUNT = {"couple of": 2, "two": 2, "2": 2, "three": 3, "3": 3}
#: the window's own words: they ask when, not about what
WINDOW_STEMS = frozenset(stem(w) for w in (*WINDOW_DAYS, "few", "couple", "two", "three"))


def _window(folded: str) -> int:
    """The days from today a question asks about ("is there a talk next week?": 7), or 0."""
    match = WINDOW.search(folded)
    if not match:
        return 0
    count, unit = match.groups()
    return WINDOW_DAYS[unit] * (WINDOW_COUNT.get(count, 1) if unit != "days" else 1)


#: "after today", "from now on", "still to come": the period starts on the day asked
FROM_TODAY = re.compile(r"\b(?:after|from|since|beyond)\s+(?:today|now)\b|\bstill to come\b|\bfrom now on\b")


def _period(q: Question) -> structured.Period | None:
    """The stretch of time a question names: a month of a year, years, or a span bounded by a year."""
    months = list(_MONTH_YEAR.finditer(q.folded))
    if len(months) == 1:
        month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(months[0].group(1)[:3]))
        year = int(months[0].group(2))
        if 1990 <= year < 2100:
            return structured.Period(date(year, month, 1), date(year + month // 12, month % 12 + 1, 1),
                                     f"in {_MONTHS[month - 1].capitalize()} {year}")
    start, end, label = date.min, date.max, []
    for word, year in PERIOD_BOUND.findall(q.folded):
        y = int(year)
        if word in {"since", "from", "starting", "as of"}:
            start = max(start, date(y, 1, 1))
            label.append(f"since {y}")
        elif word == "after":
            start = max(start, date(y + 1, 1, 1))
            label.append(f"after {y}")
        elif word in {"before", "prior to"}:
            end = min(end, date(y, 1, 1))
            label.append(f"before {y}")
        else:
            end = min(end, date(y + 1, 1, 1))
            label.append(f"up to {y}")
    if FROM_TODAY.search(q.folded):
        return structured.Period(start, end, " and ".join(["from today on", *label]), from_today=True)
    if label:
        return structured.Period(start, end, " and ".join(label))
    years = sorted({int(t) for t in q.tokens if len(t) == 4 and t.isdigit() and 1990 <= int(t) < 2100})
    if not years:
        return None
    text = f"in {years[0]}" if len(years) == 1 else f"from {years[0]} to {years[-1]}"
    return structured.Period(date(years[0], 1, 1), date(years[-1] + 1, 1, 1), text)


def name_pairs(kb: KnowledgeBase) -> frozenset[str]:
    """Every two neighbouring words of the names the knowledge gives in its fields: people,
    organisations (each name in or out of brackets), glossary terms. A foreign question that
    writes them writes a name, which stays untranslated."""
    names = [n for p in kb.people for n in p.names]
    names += [part for t in kb.talks for a in t.people for part in (structured.BRACKETS.sub(" ", a.organisation),
                                                                     *re.findall(r"\(([^)]*)\)", a.organisation))]
    names += [n for term in kb.terms for n in (term.term, term.stands_for, *term.aliases) if n]
    pairs = set()
    for name in set(names):
        tokens = words(fold(name))
        pairs.update(f"{a} {b}" for a, b in pairwise(tokens))
    return frozenset(pairs)


class Understanding:
    """The understanding stage of :class:`~talkbot.answer.engine.Engine`: a mixin that uses the
    engine's index, knowledge and intent model."""

    def _title_words(self, q: Question, item: Talk | Event, names: set[str]) -> set[str]:
        """The question's words that a talk's or event's name (``names``, its words) says: "ECC"
        when it writes "European Cluster Conference", a year when it is the item's own."""
        year = str(item.date.year if isinstance(item, Talk) else item.schedule.start.year)
        return {t for t in q.terms if t in names or t == year
                or (t in self._expansions and self._expansions[t] <= names)}

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
        if talk and event and event.announced_in and talk.id not in event.announced_in and (
                set().union(*self._titles(event)) & TALK_STEMS):
            # "the registration deadline of the 14 October talk": not the deadline event of another
            # talk ("Registration deadline for the EU Clusters Talk on meta-clusters"), but this
            # talk's own registration
            event = None
        said = bool(TALK_STEMS & q.terms.keys())
        says_talk = said or q.dated_talks
        if talk and event:
            # "the REGISTRATION DEADLINE for the meta-cluster talk" is the event whose name says
            # more of the question than the talk's title does; "the deadline to register for the
            # AI FACTORIES webinar" is the talk, not whichever deadline shares one word with it
            event_names = set().union(*self._titles(event))
            event_words = self._title_words(q, event, event_names)
            talk_words = self._title_words(q, talk, set().union(*self._titles(talk)))
            event_only = event_words - talk_words - GENERIC_EVENT_WORDS
            # ...and a question that says "talk" means the talk, unless the event's name says it
            # is about a talk too ("Registration deadline for the EU Clusters Talk on ..."); a
            # talk found only by its date ("in June 2024") does not outweigh an event named
            about_a_talk = bool(event_names & TALK_STEMS)
            says_talk = says_talk and ((said and not about_a_talk)
                                       or len(event_only) <= len(talk_words - event_words - GENERIC_EVENT_WORDS))
            if not (said or q.dated_talks or talk_words - event_words - GENERIC_EVENT_WORDS) and any(
                    names - GENERIC_EVENT_WORDS <= q.terms.keys() and names & _YEAR_WORDS
                    for names in self._titles(event)):
                # "who gave the keynote at the European Cluster Conference 2024?": the edition of an
                # event named in full with its year, and no word but its own names the talk about it
                # ("Takeaways from the European Cluster Conference")
                talk, says_talk = None, False
        term = q.terms_named[0] if q.terms_named else self._glossary_term(q)
        period = _period(q)
        return structured.Slots(
            talk=talk, event=event, person=person, term=term,
            says_talk=says_talk, asked=frozenset(stem(t) for t in q.tokens), words=frozenset(q.tokens),
            dated=q.dated_talks, period=period, zone=structured.zone_asked(q.text),
            series=_about_series(q) and not (talk or event or person or period or q.people) and (
                term is None or set(content_terms(term.term)) <= structured.SERIES_WORDS),
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
        # words both names share name the one the question means (later entries win): the talk
        # when it says "talk" ("who speaks at the EU-Canada creative industries TALK?")
        pair = (("event", slots.event), ("talk", slots.talk)) if slots.says_talk else (
            ("talk", slots.talk), ("event", slots.event))
        for kind, item in pair:
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
        # a word of the name the question's terms leave out as a way of asking ("the Chips Cluster
        # DAYS": "day" asks when) still names it when it is written
        written = q.terms.keys() | {stem(t) for t in q.tokens}
        for eid in sorted(found, key=lambda e: (-found[e], e))[:EVENT_CANDIDATES]:
            event = self._events_by_id[eid]
            for names in self._titles(event):
                matched = names & written
                if _YEAR_WORDS & q.terms.keys() and _YEAR_WORDS & names and not _YEAR_WORDS & matched:
                    continue  # "the conference of 2025" is not the one of 2024
                if _YEAR_WORDS & q.terms.keys() and not _YEAR_WORDS & names and not {
                        str(y) for y in range(event.schedule.start_date.year,
                                              (event.schedule.end_date or event.schedule.start_date).year + 1)
                } & q.terms.keys():
                    continue  # "the I3 call closing in 2026" is not the one that closed in 2024
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

    def _unexplained(self, q: Question, intent: str, draft: structured.Draft) -> float:
        """Share of the question's word weight that the field answer leaves unexplained: words
        that neither name the record it is about, nor are typical of the intent, nor are in the
        answer itself ("which HOTEL near the conference" is not answered by its place)."""
        about = draft.about
        explained = set(self.intents.words.get(intent, ())) | self._month_stems | GENERIC_EVENT_WORDS
        if intent in LIST_INTENTS:
            # a list answer explains the items it lists: "who was on the PANEL DEBATE"
            explained |= set(content_terms(draft.answer))
        # what an abbreviation in the answer stands for is answered: "which AGENCY does he work
        # for?" by "EISMEA" (the European Innovation Council and SMEs Executive Agency)
        # (a near miss's answer only says what is not known: it explains nothing)
        if draft.found:
            explained |= set().union(*(self._expansions.get(t, ()) for t in content_terms(draft.answer)))
        if q.foreign:  # a foreign word matched to a knowledge word by likeness is a guess, not a fact asked
            explained |= {t for t, w in q.terms.items() if w < 1.0}
        # a word people ask many kinds of questions with ("full", "exactly") is a way of asking, and so
        # is, in a foreign question, a word the knowledge never uses ("anmelden": the lexicon is small)
        spread = self.intents.spread
        explained |= {t for t in q.terms if spread.get(t, 0) >= ASKING_WORD_INTENTS
                      or (q.foreign and t not in self.index.idf)}
        if draft.found and TIME_OF_DAY.shown(draft.answer):
            explained |= CLOCK_WORDS  # "closing at which HOUR?": the answer gives a time of day
        if q.slots is not None and q.slots.zone is not None and draft.found and isinstance(about, Talk | Event):
            explained |= set(content_terms(q.slots.zone[0]))  # "what time in NAIROBI?": the answer gives that clock
        naming: set[str] = set()  # the words that name the record: their other forms name it too
        if isinstance(about, Talk | Event):
            for names in self._titles(about):
                naming |= names
            naming |= {stem(t) for t in getattr(about, "tags", ())} | set(content_terms(" ".join(getattr(about, "tags", ()))))
            if isinstance(about, Talk):
                # "the heritage KEYNOTE": what kind of talk it is, when its own text says so (a
                # single keynote; a speaker's part "Keynote")
                naming |= TALK_KINDS & (structured.talk_words(about) | set(content_terms(
                    " ".join((about.format, *(a.part for a in about.people if a.part))))))
            explained |= naming
            day = about.schedule.start_date
            explained |= {str(day.day), str(day.year), f"{day.year % 100:02d}", _MONTHS[day.month - 1][:3],  # "22 Jan 2025", "march 23"
                          str(day.month), f"{day.month:02d}", f"{day.day:02d}"}  # "24/4", "15.05.2024"
            explained |= {t for t in q.terms if re.fullmatch(r"[\d/.]+", t)
                          and all(part in explained for part in re.split(r"[/.]", t) if part)}
        elif isinstance(about, Person):
            explained |= q.name_terms
        elif about is None and q.slots is not None and q.slots.series:
            # a series answer ("the talks run from 8:30 to 9:45") explains "typical" and the series' name
            explained |= HABITUAL_STEMS | SERIES_STEMS | set(content_terms(draft.answer))
            if intent in structured.SERIES_TIMES:  # one answer gives the start, the end and the time zone
                explained |= set().union(*(self.intents.words.get(i, ()) for i in structured.SERIES_TIMES))
        elif isinstance(about, Term):
            for name in (about.term, about.stands_for, *about.aliases):
                explained |= set(content_terms(name))
        for chunk in q.text.split():
            if "-" in chunk and stem(fold(chunk).replace("-", "").strip("?!.,")) in explained:
                explained |= {stem(w) for w in words(chunk)}  # "line-up" as the model knows "lineup"
        if intent in PERSON_INTENTS:
            # a person's talks are listed with their role at each, and their roles with the talk:
            # either answer explains the words of asking the other ("her TITLE at her two APPEARANCES")
            explained |= set().union(*(self.intents.words.get(i, ()) for i in PERSON_INTENTS))
        if intent in TIME_INTENTS:
            # the day, the times and the time zone come together ("8 March 2023, 08:30-09:45 CET"):
            # an answer explains the words of asking any of them, but a start alone says nothing
            # of the length ("will I be free by 10?")
            explained |= set().union(*(self.intents.words.get(i, ()) for i in TIME_INTENTS
                                       if not (intent == "start_time" and i == "duration")))
        if intent == "speakers":
            # the speakers field says who is announced, and that none are yet: "which speakers are
            # CONFIRMED?", "who was SUPPOSED to speak?", "speakers ANNOUNCED for the May talk?"
            # (the words as written: "the ANNOUNCEMENT page" names a text, not the line-up)
            explained |= {stem(t) for t in q.tokens if t in LINEUP_STATUS}
        typical = self.intents.words.get(intent, frozenset())

        def explains(term: str) -> bool:
            # "longer" and "taken" are forms of the intent's "long" and "take"; "farmers" and
            # "cooperatives" name the talk on "farm coops"
            return term in explained or (len(term) >= 4 and any(
                len(w) >= 4 and (term.startswith(w) or w.startswith(term)) for w in typical)) or (
                any(_derived(term, w) or _derived(w, term) for w in naming))

        weights = self._weights(q)
        total = sum(weights.values())
        left = sum(w for t, w in weights.items() if not explains(t))
        return left / total if total else 0.0

    def _analyse(self, raw: str, text: str, truncated: bool, now: datetime | None = None) -> Question:
        base = _written_out(fold(text))
        foreign = _is_foreign(words(base))
        folded = join_phrases(base)
        tokens = words(folded)
        if foreign:
            folded = join_phrases(" ".join(translate(tokens, self._names_at(tokens))))
            tokens = words(folded)
        q = Question(raw, text, folded, tokens, foreign, truncated=truncated, today=now.date() if now else None)
        token_set = set(tokens)
        q.numbers = {t for t in tokens if t.isdigit() and len(t) <= 4}
        for word, year in YEAR_BOUND.findall(folded):
            q.year_bounds.append((word in {"after", "beyond", "post", "later than"}, int(year)))
            q.numbers.discard(year)
        # intent
        if token_set & WHO_WORDS or re.search(r"\b(which|what|name the) (speaker|person|panell?ist|expert|presenter)"
                                              r"|\b(which|what) (\w+ ){0,2}officials?\b", folded):
            q.intent.add("who")
        if token_set & WHEN_WORDS or re.search(r"\bwhat (date|day|time)\b", folded):
            q.intent.add("when")
        if WHERE.search(folded) and not re.search(r"\bwhere\b.*\b(come|comes|came) from\b", folded):
            q.intent.add("where")
        stems = [stem(t) for t in tokens]
        if ((ORIGIN.search(folded) and ((ORIGIN_FROM.search(folded) and structured.ORIGIN_PEOPLE.intersection(stems))
                                         or REPRESENTED.search(folded)))
                or (ORIGIN_WHERE.search(folded) and structured.ORIGIN_PERSONS.intersection(stems))):
            q.intent |= {"where", "origin"}
        if HOW_OFTEN.search(folded) or (RHYTHM_OFFERED.search(folded) and _about_series(q)):
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
        if PRESENTS.search(folded):
            q.intent.add("presents")
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
            # "how long does it LAST / RUN for?": the verbs say a length is asked, not what of
            for t in ("long", "last", "run"):
                terms.pop(t, None)
        if "origin" in q.intent:
            # the people ("speakers", "clusters on the panel") and "which countries" say what is
            # asked; a snippet that gives it says "... from Galicia, Denmark and Crete" (retrieve)
            terms = {t: w for t, w in terms.items() if t not in ORIGIN_WORDS and t not in structured.ORIGIN_PEOPLE}
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
        said = SAID_ABOUT.search(folded)
        if said:
            topic = TOPIC_END.split(said.group("topic"), maxsplit=1)[0]
            about = {t for t in content_terms(topic) if t in q.terms and t not in self._light
                     and t not in q.name_terms and t not in self._month_stems and not t.isdigit()}
            q.about = frozenset(about - TOPIC_HEADS or about)
        q.places = frozenset(q.terms.keys() & self._places)
        candidates = {i for t in q.terms for i in self._entities_by_term.get(t, ())}
        named = [i for i in sorted(candidates) if any(name <= q.terms.keys() for name in self._entities[i])]
        q.entities = [self._entities[i] for i in named]
        # the glossary entry named most fully first ("European Cluster Conference" over "ECC"); of
        # two named alike, the one a "what is", "explain" asks about ("in the I3 context, what does
        # S3 mean?"), else the one named first
        asks = [i for i, t in enumerate(tokens) if t in DEFINITION_CUES]

        def place(i: int) -> tuple[int, int]:
            at = [j for j, st in enumerate(stems) if any(n <= q.terms.keys() and st in n for n in self._entities[i])]
            after = [j - a for j in at for a in asks if a < j]
            return (min(after) if after else len(stems), min(at, default=len(stems)))

        q.terms_named = [self._entity_terms[i] for i in sorted(
            named, key=lambda i: (-max(len(n) for n in self._entities[i] if n <= q.terms.keys()), place(i)))]
        if LATEST.search(folded) and not q.people and self._only_generic(q):
            q.intent.add("latest")
        q.window = _window(folded)
        if token_set & UPCOMING_WORDS and not q.people:
            specific = [t for t in q.terms if t not in GENERIC_EVENT_WORDS and t not in UPCOMING_STEMS
                        and t not in WHEN_WORDS and q.terms[t] >= 1.0 and not t.isdigit()
                        and not (q.window and t in WINDOW_STEMS)]
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

    def _names_at(self, tokens: list[str]) -> set[int]:
        """The positions of words that write a name the knowledge knows, two words at least
        ("Pôle Orbital Sud-Ouest", "Giovanni Scaramuzzo"): a translation would garble them."""
        pairs = self._name_pairs
        return {j for i in range(len(tokens) - 1) if f"{tokens[i]} {tokens[i + 1]}" in pairs for j in (i, i + 1)}

    def _only_generic(self, q: Question) -> bool:
        """True when the question names no particular fact: 'what was the latest talk about?'."""
        generic = GENERIC_EVENT_WORDS | {stem(w) for w in "latest recent last previous about".split()} | OWN_KNOWLEDGE
        return all(t in generic or t in self._light or t.isdigit() for t in q.terms)

    def _anchor(self, tokens: list[str]) -> str:
        """The word that says what a who/how-many question asks for: 'who MODERATED', 'how many MEMBERS'."""
        for i, t in enumerate(tokens):
            if t == "who" or (t in {"many", "much"} and i and tokens[i - 1] == "how"):
                for nxt in tokens[i + 1:]:
                    if nxt not in STOPWORDS and nxt not in LIGHT_WORDS:
                        # (a verb of speaking or of taking part says no more than "who": "who TOOK
                        # PART in the open innovation events" is answered by "corporations, SMEs...")
                        return "" if nxt in SPEECH_VERBS or (t == "who" and nxt in TAKING_PART) else stem(nxt)
                return ""
        return ""

    @cached_property
    def _event_kind_and_place_words(self) -> frozenset[str]:
        """The words of every event's kind and place ("matchmaking", "germani"), found once."""
        return frozenset(word for event in self.kb.events for word in content_terms(f"{event.kind} {event.location}"))

    def _event_like(self, specific: list[str]) -> bool:
        """True when the specific words name kinds of events (conference, matchmaking...), not facts:
        "the next matchmaking in Germany I could join" names a kind and a place, and asks a way."""
        kinds = {stem(w) for w in "conference conferences matchmaking fair messe deadline call calls".split()}
        if not any(t in kinds for t in specific):
            return False
        events_named = self._event_kind_and_place_words
        return all(t in kinds or t in events_named or t in self._light
                   or self.intents.spread.get(t, 0) >= ASKING_WORD_INTENTS for t in specific)

    def _detect_people(self, q: Question, tokens: list[str]) -> None:
        hits: dict[str, float] = {}
        words_of: dict[str, set[str]] = {}
        matched: dict[int, str] = {}  # token position -> the name word it was read as
        for i, t in enumerate(tokens):
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
                # a three-letter name ("Zoë", "Ana") is matched only as written: "zone" is no "Zoe"
                matches = [(m, sc * 100 if sc <= 1 else sc) for m, sc, _ in found if len(m) > 3]
            for name_word, score in matches:
                matched[i] = name_word
                for pid in self._name_words[name_word]:
                    hits[pid] = max(hits.get(pid, 0), score) + 0.01 * score
                    words_of.setdefault(pid, set()).update({stem(t), stem(name_word)})
        if hits:
            best = max(hits.values())
            q.people = [pid for pid, s in sorted(hits.items(), key=lambda kv: -kv[1]) if s >= best - 1.5]
            for pid in q.people:
                self._misspelt_name_words(pid, tokens, matched, words_of)
            # the person is credited as a whole; their name words must not count again as terms
            q.name_terms = set().union(*(words_of[pid] for pid in q.people))

    @cached_property
    def _name_words_of(self) -> dict[str, frozenset[str]]:
        """Each person's name words (a person id -> the words of their name and aliases)."""
        found: dict[str, set[str]] = defaultdict(set)
        for word, ids in self._name_words.items():
            for pid in ids:
                found[pid].add(word)
        return {pid: frozenset(ws) for pid, ws in found.items()}

    def _misspelt_name_words(self, pid: str, tokens: list[str], matched: dict[int, str],
                             words_of: dict[str, set[str]]) -> None:
        """"erik koch", "eric kock": once one word names the person, the word beside it one edit
        from another word of their name is that name misspelt, not a word asked about; and a
        short one written as in their name ("JAN Novák", too short to be looked up alone) is theirs."""
        own = self._name_words_of.get(pid, frozenset())
        for i, name_word in matched.items():
            if pid not in self._name_words[name_word]:
                continue
            for j in (i - 1, i + 1):
                beside = tokens[j] if 0 <= j < len(tokens) and j not in matched else ""
                if beside in own or (len(beside) >= 4 and beside not in STOPWORDS and any(
                        w != name_word and len(w) >= 4 and OSA.distance(beside, w, score_cutoff=1) <= 1 for w in own)):
                    words_of[pid].add(stem(beside))

    def _correct(self, token: str, foreign: bool = False) -> tuple[str, float] | None:
        """The knowledge's spelling of a question word, remembered (a plain dict, not lru_cache
        over a bound method: that would tie the engine in a reference cycle)."""
        key = (token, foreign)
        if key not in self._corrections:
            if len(self._corrections) > 50_000:
                self._corrections.clear()
            self._corrections[key] = self._correct_uncached(token, foreign)
        return self._corrections[key]

    @cached_property
    def _cognate_tables(self) -> dict[str, dict[str, str]]:
        return {}

    def _cognates(self, initial: str) -> dict[str, str]:
        """The knowledge's words whose cognate key starts with ``initial``, by that key (the
        first word in alphabetical order where two share one); built on the first foreign word
        that needs it, one initial at a time."""
        if initial in self._cognate_tables:
            return self._cognate_tables[initial]
        table = self._cognate_tables[initial] = {}
        for letter in _COGNATE_INITIALS.get(initial, initial):
            for word in self.index.vocab_by_initial.get(letter, ()):
                if len(word) >= 4 and not word.isdigit():
                    key = _cognate_key(word)
                    if key[:1] == initial and (key not in table or word < table[key]):
                        table[key] = word
        return table

    def _correct_uncached(self, token: str, foreign: bool = False) -> tuple[str, float] | None:
        if token in self.index.vocab or token.isdigit() or len(token) < (4 if foreign else 5) or token in LIGHT_WORDS:
            return None
        bucket = self.index.vocab_by_initial.get(token[0], [])
        if foreign:
            # cognates: 'symbiose' ~ 'symbiosis', 'initiativen' ~ 'initiatives'
            found = process.extractOne(token, bucket, scorer=fuzz.ratio, score_cutoff=COGNATE_CUTOFF)
            if found:
                return found[0], 0.8
            # ...spelt the other language's way: 'keramik' ~ 'ceramic', 'ceramique' ~ 'ceramics',
            # 'elektro' ~ 'electro', 'fotonik' ~ 'photonics'
            key = _cognate_key(token)
            table = self._cognates(key[:1]) if key else {}
            found = process.extractOne(key, table.keys(), scorer=fuzz.ratio, score_cutoff=COGNATE_CUTOFF)
            if found:
                return table[found[0]], 0.8
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
        by_month = set()
        for m in _MONTH_YEAR.finditer(q.folded):
            month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(m.group(1)[:3]))
            year = int(m.group(2))
            if 1 <= year < 9999:
                by_month |= self._talks_between(date(year, month, 1), date(year + month // 12, month % 12 + 1, 1))
        dated |= by_month
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
            for m in _DAY_SLASH_MONTH.finditer(q.folded):
                day, month = int(m.group(1)), int(m.group(2) or m.group(4))
                if 1 <= month <= 12 and 1 <= day <= 31:
                    on_day = self._talks_on_day.get((month, day), set())
                    year = m.group(3) or m.group(5)
                    if year:
                        year = int(year) + (2000 if len(year) == 2 else 0)
                        on_day = {t for t in on_day if self._talks_by_id[t].date.year == year}
                    dated |= on_day
        if not dated:
            for m in _DAY_MONTH.finditer(q.folded):
                day = int(m.group(1) or m.group(4))
                name = m.group(2) or m.group(3)
                month = next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name[:3]))
                dated |= self._talks_on_day.get((month, day), set())
        if not dated:
            # "the april talk", "in may": a month alone names the one talk held in that month
            for m in _MONTH_ONLY.finditer(q.folded):
                name = m.group(1) or m.group(2)
                month = next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name[:3]))
                in_month = self._talks_in_month.get(month, set())
                if len(in_month) == 1:
                    dated |= in_month
                    by_month |= in_month
        if not dated and q.today is not None:
            dated = self._talks_by_day_alone(q)
        if dated:
            q.talks, q.dated_talks = sorted(dated), True
            q.month_dated = dated <= by_month
            return
        scores: dict[str, float] = {}
        title_words: dict[str, int] = {}
        specific: set[str] = set()  # talks matched by a word that is not the series' own ("EU Clusters Talk")
        of_organisation = self._organisation_named(q)
        for term in q.terms:
            if term in TIMELINE_STEMS:
                continue  # "when is the NEXT talk" does not name "...ready for the next wave?"
            if q.people and term in ANSWER_TYPE_WORDS["profile"]:
                continue  # "Beatriz Sandoval: ROLE and cluster?" asks her role, names no talk about roles
            postings = self.index.title_postings.get(term, ())
            if len(postings) > max(COMMON_TITLE_TALKS, COMMON_TITLE_SHARE * len(self.kb.talks)):
                continue  # in the titles of many talks: names none of them, and costs a pass over them
            for tid, share in self.index.title_shares(postings):
                if term in of_organisation and tid not in of_organisation[term]:
                    continue  # "the Slovenian Smart FACTORIES Cluster" spoke elsewhere: not "AI in the factory"
                scores[tid] = scores.get(tid, 0.0) + share * self.index.title_idf[term]
                title_words[tid] = title_words.get(tid, 0) + (share == 1.0)
                if term not in GENERIC_EVENT_WORDS and not (len(term) == 4 and term.isdigit()):
                    specific.add(tid)  # (a year alone names a period, not a talk tagged with it)
        scores = {tid: score for tid, score in scores.items() if tid in specific}
        says_talk = bool(TALK_STEMS & q.terms.keys())
        if scores:
            ranked = sorted(scores.values(), reverse=True)
            best, second = ranked[0], ranked[1] if len(ranked) > 1 else 0.0
            # one talk stands out by the words of its title (and tags) in the question
            if best >= 1.3 * second and best >= TALK_MATCH_MIN:
                top = [tid for tid, s in scores.items() if s == best]
                # one shared word ("innovation" of "Innovation Fund") is not enough unless a talk is meant
                q.series_topic = self._series_words(q)
                if (says_talk or any(title_words.get(tid, 0) >= 2 for tid in top)) and not q.series_topic:
                    q.talks = top
                    q.title_picked = not says_talk

    def _series_words(self, q: Question) -> bool:
        """"Do the talks share funding opportunities?": the series named as a whole, and every
        word that would pick one talk by its title (or tags) is in what the series says of itself."""
        if not SERIES_NAMED.search(q.folded):
            return False
        own = self._series_terms
        picking = [t for t in q.terms if t in self.index.title_postings and t not in SERIES_STEMS]
        return bool(own) and bool(picking) and all(t in own for t in picking)

    @cached_property
    def _series_terms(self) -> frozenset[str]:
        """The words of the series' summary."""
        return frozenset(t for s in self.kb.series for t in content_terms(s.summary))

    def _organisation_named(self, q: Question) -> dict[str, set[str]]:
        """The question's words that together name a speaker's organisation ("DigiTrace Cluster
        Vlaanderen": every word of its name but the everyday ones (cluster, network, European...),
        at least two of them, or three of a longer name), each with the talks it appeared at."""
        orgs = self._organisations
        named: dict[str, set[str]] = defaultdict(set)
        for term in q.terms:
            seen = orgs.appearances.get(term, ())
            if term in structured.ORGANISATION_BOILERPLATE or not seen or len(seen) > ORGANISATION_WORD_MAX:
                continue
            for talk, appearance in seen:
                name = orgs.plain_names[appearance.organisation]
                core = name - structured.ORGANISATION_BOILERPLATE
                found = core & q.terms.keys()
                if len(found) >= 2 and (found == core or len(found) >= 3):
                    for word in name & q.terms.keys():  # its "cluster" too
                        named[word].add(talk.id)
        return named

    def _talks_by_day_alone(self, q: Question) -> set[str]:
        """"the talk on the 24th", "wednesday's webinar": the talk on that day of the month or of
        the week nearest to the day asked (the coming one first), within a month or a week. The
        words that name the day then leave the question's terms, as a date's do: they ask nothing."""
        assert q.today is not None
        near = [q.today + timedelta(days=shift) for shift in range(-DAY_ALONE_REACH, DAY_ALONE_REACH + 1)]
        days: list[date] = []
        said: list[str] = []
        for m in _DAY_ALONE.finditer(q.folded):
            number = int(m.group(1) or m.group(2))
            days += [day for day in near if day.day == number]
            said.append(m.group(0).split()[-1])
        for m in _WEEKDAY.finditer(q.folded):
            weekday = _WEEKDAYS.index((m.group(1) or m.group(2))[:3])
            days += [day for day in near if day.weekday() == weekday and abs((day - q.today).days) <= WEEKDAY_REACH]
            said.append(m.group(0))
        # the nearest day with a talk, a coming one before a past one as far away
        found = min(((abs((day - q.today).days) + (0.5 if day < q.today else 0.0), day) for day in days
                     if self._talks_between(day, day + timedelta(days=1))), default=None)
        if found is None:
            return set()
        for token in (t for word in said for t in words(word)):
            q.terms.pop(stem(token), None)
            q.terms.pop(token, None)
        return self._talks_between(found[1], found[1] + timedelta(days=1))

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
