"""Answers read straight from the knowledge's fields, for questions whose intent names a field.

"Who spoke at the meta-cluster talk?" is the talk's ``speakers`` list, whole and in order;
"what time does it start?" is its ``start`` with the time zone. Retrieval over free text
would quote one speaker's point or the summary instead. Each function takes the records the
understanding stage found (a talk, an event, a person, a glossary term) and returns a
:class:`Draft`: the answer sentence, the fields it cites, and whether the knowledge has the
field at all. A record without the field asked for (no moderator named, no recording) is a
near miss: ``found`` is False and the reply says what is not covered.
"""

from __future__ import annotations

import re
import zoneinfo
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

import pycountry

from talkbot.answer.attributes import TIME_OF_DAY
from talkbot.answer.index import brussels_span, format_date, format_when
from talkbot.answer.reply import Citation
from talkbot.answer.text import content_terms, fold, stem
from talkbot.answer.text import words as word_list
from talkbot.knowledge.models import Appearance, Event, KnowledgeBase, Person, Section, Talk, Term

_REGISTER = frozenset(content_terms("registration register sign-up"))
#: most items listed in a reply before "and N more"
MAX_ITEMS = 12


@dataclass(frozen=True)
class Draft:
    """An answer before it is rendered: the sentence(s) and the fields cited."""

    answer: str
    citations: tuple[Citation, ...]
    found: bool = True
    about: object = None  # the record answered about (talk, event, person, term), set by draft_for


def _cite(item: Talk | Event, section: str, snippet: str) -> Citation:
    return Citation(item.id, item.title, item.schedule.start_date.isoformat(), section, snippet[:330])


def _when_cite(item: Talk | Event) -> Citation:
    """The citation of an item's date and time: what every answer about when or which talks cites."""
    return _cite(item, "Date and time", format_when(item))


def _talk_list(head: str, talks: list[Talk], line: Callable[[Talk], str]) -> Draft:
    """A list of talks under a head line, each on its own line, citing the first three."""
    return Draft(f"{head}\n{_bullets([line(t) for t in talks])}", tuple(_when_cite(t) for t in talks[:3]))


def _title(talk: Talk | Event) -> str:
    return f"\u201c{talk.title}\u201d"


def _bullets(lines: list[str]) -> str:
    shown = lines[:MAX_ITEMS]
    more = len(lines) - len(shown)
    text = "\n".join(f"• {line}" for line in shown)
    return text + (f"\n• …and {more} more" if more else "")


def _name(people: dict[str, Person], pid: str) -> str:
    person = people.get(pid)
    return person.name if person else pid


def appearance_line(people: dict[str, Person], a: Appearance) -> str:
    """'Marek Przeor (Team Leader, DG GROW): introduction'."""
    who = _name(people, a.person)
    line = f"{who} ({a.affiliation})" if a.affiliation else who
    return f"{line}: {a.part}" if a.part else line


MONTH_STEMS = frozenset(content_terms("january february march april may june july august september october "
                                      "november december"))
#: the kinds of organisation speakers come from: "which cluster NETWORKS were represented?" asks for every
#: speaker's organisation, not for those whose name says "network"
ORGANISATION_KINDS = frozenset(content_terms("cluster clusters network networks organisation organisations "
                                             "organization organizations meta metacluster alliance association "
                                             "company companies institution institutions"))
#: words for people after an organisation's name: "the CEBR PEOPLE", "EISMEA representatives"
PEOPLE_NOUNS = frozenset(content_terms("people person persons representative representatives reps rep ppl staff "
                                       "delegate delegates colleague colleagues guy lady woman man"))
#: words of a question about speakers that pick none of them out
REPRESENTING_VERBS = frozenset({"represent", "represents", "represented", "representing"})
PEOPLE_NOUNS_WRITTEN = frozenset({"representative", "representatives", "rep", "reps"})
SPEAKER_WORDS = frozenset(content_terms("speaker speak spoke talk session webinar present gave take part"))
#: "the panellists" are the speakers whose part is the panel, when some of them are
PANELLIST = frozenset(content_terms("panellist panellists panelist panelists"))


def talk_words(talk: Talk) -> set[str]:
    """The words of what a talk is about: its id, summary, key messages and section titles."""
    return set(content_terms(" ".join((talk.id.replace("-", " "), talk.summary, *talk.key_messages,
                                       *(section.title for section in talk.sections)))))


def _panel(words: set[str]) -> set[str]:
    """A panellist is on the panel: one word for both, in questions and in parts."""
    return (words - PANELLIST) | {stem("panel")} if words & PANELLIST else words


def chosen_speakers(talk: Talk, asked: frozenset[str], dated: bool = False) -> list[Appearance]:
    """The speakers a question picks out by their part, role or organisation ("the panel debate",
    "from GEMSTONE", "from the Commission"): those that share the most of its words, when that
    is some of them but not all. Words of the talk's own title pick out no one."""
    title = set(content_terms(talk.title))
    about = set() if dated else talk_words(talk)
    said = [_panel(set(content_terms(f"{a.part} {a.role} {a.organisation}"))) for a in talk.speakers]
    common = set.intersection(*said) if said else set()
    parts = Counter(w for a in talk.speakers for w in _panel(set(content_terms(a.part))))
    # unless the talk was found by its date, a word of what it is about names the talk, not some
    # of its speakers ("the circular textiles talk"), except a part several shared ("the panel")
    asked = _panel(set(asked))
    picking = {w for w in asked - title - common - SPEAKER_WORDS - ORGANISATION_KINDS
               if not w.isdigit() and w not in MONTH_STEMS and (w not in about or parts[w] >= 2)}
    scores = [len(picking & words) for words in said]
    best = max(scores, default=0)
    chosen = [a for a, score in zip(talk.speakers, scores, strict=True) if best and score == best]
    return chosen if len(chosen) < len(talk.speakers) else []


#: words of asking who did something at a talk, which say nothing of the part itself
_PART_ASKING = frozenset(content_terms("who whom whose which person people someone speaker speakers talk talks "
                                       "webinar session did do does gave give given was were is are at in on the"))


def _alike(word: str, other: str) -> bool:
    """'introduc' (introduced) and 'introduct' (introduction): one word written two ways."""
    return word == other or (min(len(word), len(other)) >= 5 and (word.startswith(other) or other.startswith(word)))


def part_holders(talk: Talk, people: dict[str, Person], asked: Collection[str], dated: bool = False) -> Draft | None:
    """The people whose part at the talk the question names ("who INTRODUCED META-CLUSTERING?",
    "who gave the NEWS FROM THE ECCP?", "who OPENED the talk?"): those whose part (or agenda
    item) shares the most of its words, at least one not of the talk's title nor of what the talk
    is about; None when the question names no one's part, or everyone's."""
    title = set(content_terms(talk.title))
    about = set() if dated else talk_words(talk)
    words = [w for w in set(asked) - _PART_ASKING - SPEAKER_WORDS - MONTH_STEMS if not w.isdigit()]
    parts: dict[tuple[str, str], set[str]] = {}
    for a in talk.people:
        if a.part:
            parts[(a.person, a.part)] = set(content_terms(a.part))
    for item in talk.agenda:
        for pid in item.speakers:
            parts.setdefault((pid, item.title), set(content_terms(item.title)))
    scores: dict[tuple[str, str], float] = {}
    for key, said in parts.items():
        own = [w for w in words if w not in title and w not in about and any(_alike(w, p) for p in said)]
        if own:
            scores[key] = len(own) + 0.5 * sum(1 for w in words if (w in title or w in about)
                                                and any(_alike(w, p) for p in said))
    if not scores:
        return None
    best = max(scores.values())
    chosen = [key for key, score in scores.items() if score == best]
    holders = {pid for pid, _ in chosen}
    if len(holders) >= len({a.person for a in talk.people}) or len(holders) > 2:
        return None  # everyone's part, or too many to have been named
    lines = []
    for pid, part in chosen:
        appearance = next((a for a in talk.people if a.person == pid), None)
        who = appearance_line(people, replace(appearance, part="")) if appearance else _name(people, pid)
        lines.append(f"{who}: {part}")
    answer = f"At {_title(talk)} ({format_date(talk.date)}): " + "; ".join(lines) + "."
    return Draft(answer, (_cite(talk, "Speakers", "; ".join(lines)),))


def speakers(talk: Talk, people: dict[str, Person], asked: frozenset[str] = frozenset(),
             dated: bool = False) -> Draft:
    if not talk.speakers:  # announced before its speakers were: never invent them
        answer = f"The speakers of {_title(talk)} ({format_date(talk.date)}) have not been announced yet."
        if talk.moderators:
            answer += " Moderated by " + ", ".join(appearance_line(people, a) for a in talk.moderators) + "."
        return Draft(answer, (_cite(talk, "Speakers", "not announced yet"),))
    chosen = chosen_speakers(talk, asked, dated)
    if chosen:
        lines = [appearance_line(people, a) for a in chosen]
        parts = {a.part for a in chosen}
        which = f"were in the {next(iter(parts))[:1].lower()}{next(iter(parts))[1:]}" if len(parts) == 1 and len(
            chosen) > 1 else "fit what you asked"
        head = (f"{len(chosen)} of the {len(talk.speakers)} speakers at {_title(talk)} ({format_date(talk.date)}) "
                f"{which}:")
        others = [a for a in talk.speakers if a not in chosen]
        rest = "Also speaking: " + "; ".join(
            f"{_name(people, a.person)} ({a.part})" if a.part else _name(people, a.person) for a in others) + "."
        snippet = "; ".join(appearance_line(people, a) for a in chosen)
        return Draft(f"{head}\n{_bullets(lines)}\n{rest}", (_cite(talk, "Speakers", snippet),))
    lines = [appearance_line(people, a) for a in talk.speakers]
    count = f"{len(lines)} speakers" if len(lines) != 1 else "one speaker"
    answer = f"{_title(talk)} ({format_date(talk.date)}) had {count}:\n{_bullets(lines)}"
    if talk.moderators:
        answer += "\nModerated by " + ", ".join(appearance_line(people, a) for a in talk.moderators) + "."
    snippet = "; ".join(_name(people, a.person) for a in talk.people)
    return Draft(answer, (_cite(talk, "Speakers", snippet),))


#: a list of names after "from": "speakers from Galicia, Denmark and Crete", "two speakers, from
#: Serbia and Kosovo", "cluster managers from the Netherlands and Poland"
_PLACE_WORD = r"(?:the\s+)?[A-ZÀ-Ý][\w'’-]+(?:[ -](?:de|del|di|la|le)?\s?[A-ZÀ-Ý][\w'’-]+)*"
FROM_NAMES = re.compile(rf"\bfrom\s+({_PLACE_WORD}(?:\s*(?:,|and|&)\s*(?:and\s+)?{_PLACE_WORD})*)")
#: words of the people of a talk, in a question that asks where they came from and in the
#: sentence that says so ("presenter" is not one: its stem is that of "presentations")
ORIGIN_PERSONS = frozenset(content_terms(
    "speaker speakers panellist panellists panelist panelists panel representative representatives "
    "manager managers participant participants guest guests expert experts people"))
#: ...and of the organisations they came for ("which countries were the clusters on the panel from?")
ORIGIN_PEOPLE = ORIGIN_PERSONS | frozenset(content_terms("cluster clusters organisation organisations"))
#: countries by their English names, folded (ISO 3166 from pycountry, official and common names,
#: and a few names people use beside them): a place given as one names no city ("Germany"), and
#: the sentence that says where a talk's speakers came from may name them ("clusters in Italy
#: and Ireland")
COUNTRIES = frozenset(fold(name.split(",")[0]) for c in pycountry.countries
                      for name in (c.name, getattr(c, "common_name", c.name))) | {
    "czech republic", "the netherlands", "turkey", "uk", "usa", "kosovo"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9“\"])")


#: words of an organisation's name: "from the European Cluster Collaboration Platform" says who
#: sent the news, not where anyone came from
_NOT_PLACE_NAMES = frozenset("cluster clusters platform commission association network agency university institute "
                             "centre center alliance dg programme project partnership hub council ministry company "
                             "foundation chamber".split())


def _origin_sentence(talk: Talk, people: dict[str, Person], countries: bool = False) -> tuple[str, str] | None:
    """The sentence of a talk's text that says where its speakers came from, and its section: one
    that names them (a word of people, or their names) and the most places, in a list after
    "from" or as countries beside their names ("X (..., Austria), Y (..., Slovenia)")."""
    surnames = {fold(_name(people, a.person).split()[-1]) for a in talk.speakers if _name(people, a.person)}
    found: list[tuple[int, int, str, str]] = []
    texts = [("Summary", talk.summary), *(("Key messages", m) for m in talk.key_messages),
             *((section.title, point.text) for section in talk.sections for point in section.points)]
    for order, (where, text) in enumerate(texts):
        for sentence in _SENTENCE_END.split(" ".join(text.split())):
            folded = fold(sentence)
            named = len(surnames & set(word_list(folded)))
            if not (named or ORIGIN_PEOPLE & set(content_terms(sentence))):
                continue
            names = sum(1 for m in FROM_NAMES.finditer(sentence) for name in re.split(r"\s*(?:,|\band\b|&)\s*", m.group(1))
                        if not set(word_list(fold(name))) & _NOT_PLACE_NAMES)
            if named or (countries and where == "Summary") or " from " in f" {folded} ":
                # countries asked for: the summary's sentence naming countries ("clusters in
                # Greece, Portugal and Spain") over one naming their regions ("speakers from
                # Thessaly, ..."); not any point naming a country ("save the date for Clusters
                # meet Regions in Graz, Austria")
                names += len(COUNTRIES & _phrases(folded)) * (2 if countries else 1)
            if names:
                found.append((-names, order, sentence, where))
    if not found:
        return None
    _, _, sentence, where = min(found)
    return sentence, where


def _phrases(folded: str) -> set[str]:
    """The words of a text and its pairs and triples of words ("czech republic", "bosnia and herzegovina")."""
    w = word_list(folded)
    return set(w) | {" ".join(w[i:i + 2]) for i in range(len(w) - 1)} | {" ".join(w[i:i + 3]) for i in range(len(w) - 2)}


def origins(talk: Talk, people: dict[str, Person], countries: bool = False) -> Draft:
    """"Which countries were the speakers of X from?": the sentence of the talk that says so, then
    each speaker with the organisation they came for (whose name often says the place)."""
    said = _origin_sentence(talk, people, countries)
    # the country each came from, where their organisation's name or role says it
    lines = [appearance_line(people, a) + (f" — {c}" if (c := country_of(a.affiliation)) else "")
             for a in talk.speakers]
    head = f"At {_title(talk)} ({format_date(talk.date)})"
    citations = []
    if said is not None:
        sentence, where = said
        answer = f"{head}: {sentence}"
        citations.append(_cite(talk, where, sentence))
    elif lines:
        answer = f"{head}, the speakers and the organisations they came for:"
    else:
        return speakers(talk, people)  # none announced yet: never invent them
    if lines:
        answer += "\n" + _bullets(lines)
        citations.append(_cite(talk, "Speakers", "; ".join(_name(people, a.person) for a in talk.speakers)))
    return Draft(answer, tuple(citations))


#: an organisation written with its abbreviation: "Hellenic Aerospace & Security Cluster (HASC)", perhaps
#: followed by its place: "Cluster Spatial Occitanie-Méditerranée (CSOM), Toulouse, France"
_WITH_ABBREVIATION = re.compile(r"^(.*?\S)\s*\(([A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&.-]{1,11})\)\s*(?:,[^()]*)?$")


def written_abbreviation(organisation: str) -> tuple[str, str] | None:
    """(full name, abbreviation) of an organisation written "Full Name (ABBR)[, Town, Country]";
    None without one ("(Riga)", with one capital, is a town)."""
    m = _WITH_ABBREVIATION.match(organisation)
    return (m.group(1), m.group(2)) if m and sum(c.isupper() for c in m.group(2)) >= 2 else None


def abbreviations(kb: KnowledgeBase) -> dict[str, tuple[str, Talk, Appearance]]:
    """The abbreviations the organisations of the talks' people are written with (folded, as a
    question writes them) -> (the full name, the first talk it appears at, the appearance)."""
    found: dict[str, tuple[str, Talk, Appearance]] = {}
    for talk in sorted(kb.talks, key=lambda t: t.schedule.start):
        for a in talk.people:
            written = written_abbreviation(a.organisation)
            if written:
                found.setdefault(fold(written[1]), (written[0], talk, a))
    return found


def abbreviation(short: str, found: tuple[str, Talk, Appearance], people: dict[str, Person]) -> Draft:
    """"What does HASC stand for?": the organisation's full name, and who came for it to which talk."""
    full, talk, a = found
    answer = (f"{short} stands for {full}: the organisation of {_name(people, a.person)} at {_title(talk)} "
              f"({format_date(talk.date)}).")
    return Draft(answer, (_cite(talk, "Speakers", appearance_line(people, a)),))


def organisation_place(organisation: str) -> str:
    """The place an organisation is written with: "Name (ABBR), Town, Country" or "Name (Town,
    Country)" -> "Town, Country", "Name (Town)" -> "Town"; "" when it is written with none
    ("DG GROW, European Commission": no country; "(ABBR)", "(its name in English)": no town)."""
    parts = [p.strip() for p in BRACKETS.sub(" ", organisation).split(",")]
    if len(parts) >= 2 and fold(parts[-1]) in COUNTRIES:
        return ", ".join(parts[-2:]) if len(parts) >= 3 else parts[-1]
    for inside in BRACKETS.findall(organisation):
        inner = [p.strip() for p in inside[1:-1].split(",")]
        if len(inner) == 2 and fold(inner[-1]) in COUNTRIES:
            return ", ".join(inner)
        town = inner[0].split()
        if (len(inner) == 1 and 1 <= len(town) <= 2 and all(w[0].isupper() and sum(c.isupper() for c in w) == 1 for w in town)
                and not set(content_terms(inner[0])) & ORGANISATION_BOILERPLATE):
            return inner[0]
    return ""


def organisation_based(organisation: str, place: str, talk: Talk, a: Appearance, people: dict[str, Person]) -> Draft:
    """"Where is TexNord based?": the town and country its name is written with, and whose it is."""
    written = written_abbreviation(organisation)
    called = f"{written[0]} ({written[1]})" if written else BRACKETS.sub(" ", organisation).split(",")[0].strip()
    answer = (f"{called} is based in {place}: the organisation of {_name(people, a.person)} at {_title(talk)} "
              f"({format_date(talk.date)}).")
    return Draft(answer, (_cite(talk, "Speakers", appearance_line(people, a)),))


SAYING_WORDS = frozenset(content_terms("said say says warned argued stressed noted explained suggested recommended "
                                       "mentioned claimed believes believed thinks"))
#: words that ask for a particular position in an organisation
RANK_WORDS = frozenset(content_terms("ceo director head president chair chairman chairwoman chairwomen chairperson "
                                     "founder owner owns manager secretary member members"))
#: ranks that name the same seat: whoever chairs an association is its president
RANK_ALIKE = (frozenset(content_terms("president chair chairman chairwoman chairwomen chairperson")),)
#: the boilerplate of organisations' names, which names none of them in particular
ORGANISATION_BOILERPLATE = frozenset(content_terms(
    "eu europe european international national regional cluster network association alliance platform "
    "commission agency centre center institute university innovation eurocluster group hub council"))
#: words that end an organisation's name ("who came from CEBR ACROSS all talks?"), not go on with it
NAME_ENDS = frozenset(content_terms("across during throughout within among since over"))
#: at most this many people may share the word that picks out an organisation's representatives
REPRESENTATIVES_MAX = 2
#: at most this many of a person's points answer "what did X talk about?"
SAID_MAX = 6
#: a nationality names the organisations of its country: "which Italian cluster?" is "PROPLAST
#: Italy", "which Danish one?" "Energy Cluster Denmark" or "Danish Textile Circularity Cluster"
DEMONYM_PAIRS = (
    ("austrian", "austria"), ("belgian", "belgium"), ("bulgarian", "bulgaria"), ("croatian", "croatia"),
    ("cypriot", "cyprus"), ("czech", "czechia"), ("danish", "denmark"), ("dutch", "netherlands holland"), ("estonian", "estonia"),
    ("finnish", "finland"), ("french", "france"), ("german", "germany"), ("greek", "greece hellenic"),
    ("hungarian", "hungary"), ("irish", "ireland"), ("italian", "italy italia"), ("latvian", "latvia"),
    ("lithuanian", "lithuania"), ("luxembourgish", "luxembourg"), ("maltese", "malta"), ("polish", "poland"),
    ("portuguese", "portugal"), ("romanian", "romania"), ("slovak", "slovakia"), ("slovenian", "slovenia"),
    ("spanish", "spain"), ("swedish", "sweden"), ("norwegian", "norway"), ("icelandic", "iceland"),
    ("swiss", "switzerland"), ("ukrainian", "ukraine"), ("serbian", "serbia"), ("albanian", "albania"),
    ("turkish", "turkey"), ("flemish", "flanders"), ("walloon", "wallonia"), ("catalan", "catalonia"),
    ("bavarian", "bavaria"))
DEMONYMS = {stem(d): frozenset(content_terms(c)) | {stem(d)} for d, c in DEMONYM_PAIRS}

#: the countries whose regions and provinces an organisation's name may give its place by
#: (pycountry's subdivisions: "Hauts-de-France", "Biella", "Pomorskie"); elsewhere only the
#: country's own name or its adjective does ("Nairobi AgriTech Cluster, Kenya")
_EUROPE = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH GB "
                    "UA MD RS BA ME MK AL TR".split())
#: the regions of the demonyms above that are not countries, and their country
_REGION_COUNTRY = {"flanders": "Belgium", "wallonia": "Belgium", "catalonia": "Spain", "bavaria": "Germany"}
#: region names that are also everyday words in the names of organisations
_NOT_REGIONS = frozenset({"centre", "center", "marche", "capital", "central", "north", "south", "east", "west"})


@cache
def _places() -> dict[str, str]:
    """Folded place names (a country, its adjective, a European region or province named in one
    country only) -> the country's name."""
    def country_name(c) -> str:
        return getattr(c, "common_name", None) or c.name.split(",")[0]
    places: dict[str, str] = {}
    regions: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code in _EUROPE:
            regions.setdefault(fold(sub.name), set()).add(sub.country_code)
    for name, codes in regions.items():
        if len(codes) == 1 and len(name) >= 4 and name not in _NOT_REGIONS:
            places[name] = country_name(pycountry.countries.get(alpha_2=next(iter(codes))))
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}:
            places[fold(name.split(",")[0])] = country_name(c)
    for demonym, country in DEMONYM_PAIRS:
        head = country.split()[0]
        places[demonym] = _REGION_COUNTRY.get(head) or places.get(head, head.title())
    places |= {"czech republic": "Czechia", "the netherlands": "Netherlands", "holland": "Netherlands",
               "hellenic": "Greece", "italia": "Italy", **_REGION_COUNTRY}
    return places


def country_of(text: str) -> str:
    """The country a name or role places its holder in ("Distretto Tessile Circolare di Biella":
    Italy), by a country, its adjective or a region of one country; "" when it names none, or
    names places of two countries."""
    places = _places()
    w = word_list(fold(text).replace("-", " "))
    runs = [w[i:i + n] for n in range(1, 5) for i in range(len(w) - n + 1)]
    # a run of up to four words, as written or hyphenated ("Hauts-de-France")
    found = {places.get(" ".join(run)) or places.get("-".join(run)) for run in runs} - {None}
    return found.pop() if len(found) == 1 else ""


#: what a name or title adds in brackets: "Slovenian Smart Factories Cluster (Slovenski grozd pametnih
#: tovarn)", "The concept of meta-clustering (announcement page)"
BRACKETS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Organisations:
    """Which people appeared for which organisation: built once per knowledge base, so that a
    question about an organisation does not read every talk."""

    appearances: dict[str, tuple[tuple[Talk, Appearance], ...]]  # organisation-name word -> who, where
    names: dict[str, frozenset[str]]  # organisation -> its words
    title_words: frozenset[str]  # the words of every talk's title
    #: organisation (or a part of one, see ``parts``) -> the words of its name without what brackets
    #: add ("(Slovenski grozd pametnih tovarn)")
    plain_names: dict[str, frozenset[str]]
    #: a word -> the organisations whose plain name has it as its rarest word: a name named in full
    #: has that word, so a question is checked against few names
    plain_by_word: dict[str, tuple[str, ...]]
    #: the words of each (role, organisation) a speaker appeared with, once each
    posts: tuple[tuple[frozenset[str], frozenset[str]], ...]
    #: a part of an organisation written "Unit, Parent" ("DG GROW, European Commission") -> the
    #: organisations written with it: "the European Commission" names everyone of its units
    parts: dict[str, tuple[str, ...]] = dataclass_field(default_factory=dict)

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Organisations:
        names: dict[str, frozenset[str]] = {}
        plain: dict[str, frozenset[str]] = {}
        appearances: dict[str, list[tuple[Talk, Appearance]]] = {}
        for talk in kb.talks:
            for a in talk.people:
                if a.organisation not in names:
                    names[a.organisation] = frozenset(content_terms(a.organisation))
                    plain[a.organisation] = frozenset(content_terms(BRACKETS.sub(" ", a.organisation)))
                for w in names[a.organisation]:
                    appearances.setdefault(w, []).append((talk, a))
        titles = frozenset(w for talk in kb.talks for w in content_terms(talk.title))
        counts = Counter(w for words in plain.values() for w in words)
        by_word: dict[str, list[str]] = {}
        for org, words in plain.items():
            if words:
                by_word.setdefault(min(words, key=lambda w: (counts[w], w)), []).append(org)
        roles = {(a.role, a.organisation) for talk in kb.talks for a in talk.people}
        posts = tuple((frozenset(content_terms(role)), names[org]) for role, org in sorted(roles))
        parts: dict[str, list[str]] = {}
        for org in plain:
            pieces = [p.strip() for p in BRACKETS.sub(" ", org).split(",")]
            if len(pieces) > 1:
                for piece in pieces:
                    if piece and len(content_terms(piece)) >= 2:
                        parts.setdefault(piece, []).append(org)
        for piece in parts:
            words = frozenset(content_terms(piece))
            plain.setdefault(piece, words)
            by_word.setdefault(min(words, key=lambda w: (counts[w], w)), []).append(piece)
        return cls({w: tuple(found) for w, found in appearances.items()}, names, titles, plain,
                   {w: tuple(dict.fromkeys(orgs)) for w, orgs in by_word.items()}, posts,
                   {piece: tuple(orgs) for piece, orgs in parts.items()})


def representatives(orgs: Organisations, people: dict[str, Person], tokens: list[str],
                    talk: Talk | None = None, dated: bool = False) -> Draft | None:
    """Who took part for an organisation the question names by a word of its own ("who came from
    PROPLAST?"): the people whose organisation at some talk has a question word that at most two
    people's have and no talk's title has. None when no word picks people out so, or when the
    question asks who said something (a fact of the texts, not of the speakers' organisations).
    The word must stand for the organisation in the question: "the silicon transistor" is not
    Silicon Europe, so a word followed by one that is not in the organisation's name picks no one."""
    stems = [content_terms(t)[0] if content_terms(t) else "" for t in tokens]
    asked = frozenset(stems)
    if asked & SAYING_WORDS:
        return None
    excluded = orgs.title_words | SPEAKER_WORDS | ORGANISATION_BOILERPLATE
    if talk is not None and not dated:
        excluded |= talk_words(talk)  # "the circular textiles talk" names the talk, not an organisation
    picked: dict[str, list[tuple[Talk, Appearance]]] = {}
    for i, w in enumerate(stems):
        if w in DEMONYMS and w not in excluded:
            # "which Italian cluster spoke in May?": organisations named after that country, at the talk asked
            found = list(dict.fromkeys((t, a) for c in DEMONYMS[w] for t, a in orgs.appearances.get(c, ())
                                       if talk is None or t.id == talk.id))
            if found and len({a.person for _, a in found}) <= REPRESENTATIVES_MAX:
                picked[w] = found
            continue
        if not w or w in excluded or w.isdigit() or w not in orgs.appearances:
            continue
        after = stems[i + 1] if i + 1 < len(stems) else ""
        found = [(t, a) for t, a in orgs.appearances[w]
                 if not after or after in orgs.names[a.organisation] or after in SPEAKER_WORDS or after in PEOPLE_NOUNS
                 or after in NAME_ENDS]
        if found and len({a.person for _, a in found}) <= REPRESENTATIVES_MAX:
            picked[w] = found
    # an organisation named in full, however common its words ("the European Clusters Alliance")
    for org in sorted({org for w in asked for org in orgs.plain_by_word.get(w, ())}):
        words = orgs.plain_names[org]
        # (not when every word of it is also in talks' titles: "the talk on startup clusters" names a talk)
        if len(words) >= 2 and words <= asked and words - orgs.title_words and not (
                talk is not None and not dated and words <= talk_words(talk)):
            written = (org, *orgs.parts.get(org, ()))
            found = [(t, a) for w in words for t, a in orgs.appearances.get(w, ()) if a.organisation in written]
            if found:
                picked[org] = list(dict.fromkeys(found))
    roles = asked & RANK_WORDS
    roles |= {w for group in RANK_ALIKE if roles & group for w in group}  # "presidente" is read "chair"
    lines, cites = [], []
    seen: set[tuple[str, str]] = set()
    for found in picked.values():
        for each, a in sorted(found, key=lambda pair: pair[0].schedule.start):
            if (talk is not None and each.id != talk.id) or (each.id, a.person) in seen:
                continue
            # "who is the CEO of X": someone of X who is not named as its CEO is no answer
            if roles and not roles & set(content_terms(a.role)):
                continue
            seen.add((each.id, a.person))
            lines.append(f"{appearance_line(people, a)}, at {_title(each)} ({format_date(each.date)})")
            cites.append(_cite(each, "Speakers", appearance_line(people, a)))
    if not lines:
        return None
    return Draft("\n".join(f"• {line}" for line in lines[:MAX_ITEMS]) if len(lines) > 1 else lines[0] + ".",
                 tuple(dict.fromkeys(cites))[:3])


def moderators(talk: Talk, people: dict[str, Person]) -> Draft:
    if not talk.moderators:
        return Draft(f"What I know of {_title(talk)} ({format_date(talk.date)}) names no moderator.",
                     (), found=False)
    names = "; ".join(appearance_line(people, a) for a in talk.moderators)
    answer = f"{_title(talk)} ({format_date(talk.date)}) was moderated by {names}."
    return Draft(answer, (_cite(talk, "Moderation", names),))


#: words that ask for a person's organisation, or for their role, in particular
ORGANISATION_WORDS = frozenset(content_terms("organisation organization company employer affiliation institution"))
ROLE_WORDS = frozenset(content_terms("job title position role function"))


def person_roles(person: Person, kb: KnowledgeBase, talk: Talk | None = None,
                 asked: frozenset[str] = frozenset()) -> Draft:
    """A person's role and organisation at each talk (people change jobs), or at the one asked.
    A question about the organisation (or the role) alone, which no talk gives, is a near miss."""
    appearances = kb.talks_of(person.id)
    if talk is not None:
        appearances = [(t, a) for t, a in appearances if t.id == talk.id] or appearances
    for words_, field, what in ((ORGANISATION_WORDS, "organisation", "organisation"), (ROLE_WORDS, "role", "job title")):
        others = ROLE_WORDS if words_ is ORGANISATION_WORDS else ORGANISATION_WORDS
        if appearances and asked & words_ and not asked & others and not any(getattr(a, field) for _, a in appearances):
            known = "; ".join(appearance_line({person.id: person}, a) for _, a in appearances)
            return Draft(f"What I know does not give {person.name}'s {what}; only: {known}.", (), found=False)
    if not appearances:
        if person.note:
            return Draft(f"{person.name}: {person.note}", ())
        return Draft(f"What I know does not say who {person.name} is.", (), found=False)
    parts = []
    for t, a in appearances:
        # the part says what they were there as ("representing the Partnership of the Year")
        did = a.affiliation or a.part or ("moderator" if a in t.moderators else "speaker")
        part = f" ({a.part})" if a.affiliation and a.part else ""
        parts.append(f"{did}{part}, at {_title(t)} ({format_date(t.date)})")
    if len(parts) == 1:
        answer = f"{person.name}: {parts[0]}."
    else:
        answer = f"{person.name}:\n{_bullets(parts)}"
    if person.note:
        answer += f"\n{person.note}"
    cites = tuple(_cite(t, "Speakers", appearance_line({person.id: person}, a)) for t, a in appearances[-3:])
    return Draft(answer, cites)


def _did(talk: Talk, a: Appearance) -> str:
    """What a person did at a talk: their role and part there, else moderator or speaker."""
    return ", ".join(x for x in (a.affiliation, a.part) if x) or ("moderator" if a in talk.moderators else "speaker")


def person_talks(person: Person, kb: KnowledgeBase) -> Draft:
    appearances = kb.talks_of(person.id)
    if not appearances:
        return Draft(f"{person.name} is not listed as a speaker or moderator of any talk I know.", (), found=False)
    lines = [f"{_title(t)} ({format_date(t.date)}): {_did(t, a)}" for t, a in appearances]
    n = len(lines)
    head = f"{person.name} took part in {n} talk{'s' if n != 1 else ''}:"
    cites = tuple(_cite(t, "Speakers", appearance_line({person.id: person}, a)) for t, a in appearances[-3:])
    return Draft(f"{head}\n{_bullets(lines)}", cites)


def took_part(person: Person, talk: Talk, kb: KnowledgeBase, people: dict[str, Person]) -> Draft:
    """"Did X speak at the October 2022 talk?": yes with X's part there, or no with the talks X
    took part in."""
    mine = [a for a in talk.people if a.person == person.id]
    if mine:
        a = mine[0]
        return Draft(f"Yes: {person.name} took part in {_title(talk)} ({format_date(talk.date)}): {_did(talk, a)}.",
                     (_cite(talk, "Speakers", appearance_line({person.id: person}, a)),))
    answer = f"No: {person.name} is not among the speakers or moderators of {_title(talk)} ({format_date(talk.date)})."
    names = [_name(people, a.person) for a in talk.people]
    if names:
        answer += f" Its speakers and moderators: {', '.join(names[:MAX_ITEMS])}."
    elsewhere = kb.talks_of(person.id)
    if elsewhere:
        listed = "; ".join(f"{_title(t)} ({format_date(t.date)})" for t, _ in elsewhere[:MAX_ITEMS])
        answer += f" {person.name} took part in {listed}."
    cites = tuple(_cite(t, "Speakers", appearance_line({person.id: person}, a)) for t, a in elsewhere[-2:])
    return Draft(answer, (_when_cite(talk), *cites))


#: "which speakers appeared in more than one talk?", "who spoke at several webinars?": people of
#: more than one talk are asked for, no one in particular
RECURRING = re.compile(
    r"\b(more than (one|once)|several|multiple|(two|2|both) or more|(at|in) (two|2|both) (different )?)\s*"
    r"(different )?(talks?|sessions?|webinars?|episodes?|times?)?\b|\b(twice|repeatedly|again and again)\b"
    r"|\brecurring (speakers?|guests?)|\b(speakers?|people|guests?) who (came|come) back\b")


def recurring_people(kb: KnowledgeBase, people: dict[str, Person]) -> Draft:
    """The people who spoke at or moderated more than one talk, each with their talks."""
    lines, cites = [], []
    for pid, person in sorted(people.items(), key=lambda kv: kv[1].name):
        appearances = kb.talks_of(pid)
        if len({t.id for t, _ in appearances}) > 1:
            talks = "; ".join(f"{_title(t)} ({format_date(t.date)}), {a.affiliation or 'speaker'}"
                              for t, a in appearances)
            lines.append(f"{person.name}: {talks}")
            cites += [_cite(t, "Speakers", appearance_line(people, a)) for t, a in appearances[:1]]
    if not lines:
        return Draft("No one spoke at or moderated more than one of the talks I know.", (), found=True)
    n = len(lines)
    head = f"{n} {'people' if n != 1 else 'person'} took part in more than one talk:"
    return Draft(f"{head}\n{_bullets(lines)}", tuple(cites[:3]))


#: words that count the people of the talks: who spoke, who moderated
COUNTED_PEOPLE = frozenset(content_terms("people persons individuals speakers speaker moderators moderator "
                                         "presenters panellists panelists"))
MODERATING = frozenset(content_terms("moderator moderators moderated moderating host hosts hosted chair"))
#: words that say the count is over every talk, not one
ALL_TALKS = frozenset(content_terms("all total altogether overall different distinct across records "
                                    "far ever whole"))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def people_count(kb: KnowledgeBase, people: dict[str, Person], talk: Talk | None = None) -> Draft:
    """"How many different people spoke at or moderated the talks?" (every talk, each person once),
    or "how many people, the moderator included, did the April talk have?" (one talk)."""
    talks = [talk] if talk is not None else [t for t in kb.talks if t.people]
    speakers = {a.person for t in talks for a in t.speakers}
    moderators = {a.person for t in talks for a in t.moderators}
    everyone = speakers | moderators
    both = len(speakers & moderators)
    parts = f"{_count(len(speakers), 'speaker')} and {_count(len(moderators), 'moderator')}" + (
        f" ({both} did both)" if both else "")
    if talk is not None:
        answer = f"{len(everyone)} people took part in {_title(talk)} ({format_date(talk.date)}): {parts}."
        return Draft(answer, (_cite(talk, "Speakers", "; ".join(_name(people, a.person) for a in talk.people)),))
    answer = f"{len(everyone)} different people spoke at or moderated the {len(talks)} talks I know: {parts}."
    return Draft(answer, tuple(_cite(t, "Speakers", "; ".join(_name(people, a.person) for a in t.people))
                               for t in talks[:3]))


def person_said(person: Person, kb: KnowledgeBase, talk: Talk | None = None) -> Draft | None:
    """"What did X talk about (at the April talk)?": the points the knowledge gives as X's, talk
    by talk, each by its first sentence; None when it gives X none there."""
    lines, cites = [], []
    for each, _ in kb.talks_of(person.id):
        if talk is not None and each.id != talk.id:
            continue
        said = [(section, p) for section in each.sections for p in section.points if person.id in p.by]
        for section, p in said[:SAID_MAX]:
            first = _SENTENCE.split(" ".join(p.text.split()), maxsplit=1)[0]
            lines.append(first if talk is not None else f"{first} ({format_date(each.date)})")
            cites.append(_cite(each, section.title, p.text))
    if not lines:
        return None
    where = f" at {_title(talk)} ({format_date(talk.date)})" if talk is not None else ""
    return Draft(f"What {person.name} said{where}:\n{_bullets(lines[:SAID_MAX])}", tuple(cites[:3]))


def _status(item: Talk | Event) -> str:
    """' Cancelled: the speaker fell ill.' after the date of a talk called off."""
    note = getattr(item, "status_note", "")
    return f" {note}" if note else ""


def _days(item: Talk | Event) -> int:
    """How many calendar days a talk or event spans (1 for a single day)."""
    s = item.schedule
    return (s.end_date - s.start_date).days + 1 if s.end_date else 1


def when(item: Talk | Event, described: bool = True) -> Draft:
    """When a talk or event is, and where; an event with what it is (``described``), unless the
    caller gives its whole description itself."""
    # where it is held goes with when: "where does the talk take place?" is read as when as often as where
    place = getattr(item, "location", "") or (item.format if isinstance(item, Talk) else "")
    days = _days(item)
    span = f" ({days} days)" if days > 1 else ""  # "how many days does the matchmaking last?"
    line = f"{_title(item)}: {format_when(item)}{span}" + (f", {place}." if place else ".") + _status(item)
    if described and isinstance(item, Event) and item.description:
        # what the event is goes with when it is: "what kind of event is X?", "who is X for?",
        # "what happens on its last day?" read as when as often as not
        first = _SENTENCE.split(" ".join(item.description.split()), maxsplit=1)[0]
        return Draft(f"{line} {first}", (_cite(item, "Date and time", line),))
    return Draft(line, (_cite(item, "Date and time", line),))


def _announced(item: Talk | Event) -> str:
    announced = getattr(item, "announced_time", "")
    return f" (announced as {announced})" if announced else ""


def _in_brussels(item: Talk | Event) -> str:
    """' (09:00–10:15 CET in Brussels)' for a talk held on another clock; '' on Brussels time."""
    there = brussels_span(item)
    return f" ({there} in Brussels)" if there else ""


#: areas of the IANA zones named after a city ("Africa/Nairobi", "Atlantic/Canary")
_ZONE_AREAS = frozenset({"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"})
#: zone names that are also everyday words or the names of European cities elsewhere ("Mérida",
#: "Córdoba", "Santiago" are Spanish cities, not Mexico's or Argentina's or Chile's clocks)
_NOT_CITIES = frozenset({"north", "south", "west", "east", "central", "victoria", "wake", "yap", "nome", "regina",
                         "truk", "jersey", "eucla", "easter", "midway", "oral", "merida", "cordoba", "santiago",
                         "mendoza", "rosario", "grenada", "marigot", "chuuk", "ponape", "johnston", "enderbury"})
#: other names of the same clocks
_ZONE_ALIASES = {"kiev": "Europe/Kyiv", "kyiv": "Europe/Kyiv", "brasilia": "America/Sao_Paulo",
                 "canarias": "Atlantic/Canary", "canaries": "Atlantic/Canary", "canary islands": "Atlantic/Canary",
                 "la reunion": "Indian/Reunion", "azores": "Atlantic/Azores", "acores": "Atlantic/Azores",
                 "bombay": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
                 "bengaluru": "Asia/Kolkata", "bangalore": "Asia/Kolkata", "beijing": "Asia/Shanghai",
                 "santiago de chile": "America/Santiago"}
#: the words that ask for a time of day
_CLOCK_WORDS = frozenset({"time", "hora", "heure", "ora", "zeit", "uhrzeit"})
#: the word before a city once a time is asked: "what time will the talk be IN Tokyo?"
_CITY_BEFORE = (("in",), ("en",), ("a",))
#: the words that say a clock is asked for, before or after the place: "time in", "hora de", "X time"
_CLOCK_BEFORE = (("time", "in"), ("hora", "de"), ("hora", "en"), ("heure", "de"), ("heure", "a"), ("ora", "di"),
                 ("zeit", "in"), ("uhrzeit", "in"))


@cache
def _city_zones() -> dict[str, str]:
    zones = {}
    for key in zoneinfo.available_timezones():
        area, _, city = key.partition("/")
        if area in _ZONE_AREAS and "/" not in city and not city.isupper():
            name = fold(city.replace("_", " "))
            if name not in _NOT_CITIES:
                zones[name] = key
    return zones | _ZONE_ALIASES


def zone_asked(written: str) -> tuple[str, str] | None:
    """The clock a question asks a time on, by its city: "what time in Nairobi?", "in La Réunion
    time", "hora de Canarias", "ora di Kyiv" -> (the city as named, its IANA zone); None if none."""
    tokens = word_list(fold(written))
    asking = [i for i, t in enumerate(tokens) if t in _CLOCK_WORDS]
    if not asking:
        return None
    zones = _city_zones()
    for i in range(len(tokens)):
        for n in (n for n in (3, 2, 1) if i + n <= len(tokens)):
            name = " ".join(tokens[i:i + n])
            key = zones.get(name)
            if key is None or name == "brussels":
                continue
            before = tuple(tokens[max(0, i - 2):i])
            after = tokens[i + n:i + n + 2]
            # "...time in Nairobi", "Kyiv time", "hora de Canarias", or the city after "in" ("en",
            # "a") once a time is asked: "what time will the talk be in Tokyo?"
            if after[:1] == ["time"] or after == ["local", "time"] or before in _CLOCK_BEFORE or (
                    before[-1:] in _CITY_BEFORE and asking[0] < i):
                return name.title(), key
    return None


def _on_clock_asked(draft: Draft, item: Talk | Event, zone: tuple[str, str] | None) -> Draft:
    """A time answer with the time on the clock the question asks for ("in Nairobi that is 11:00 EAT")."""
    s = item.schedule
    if zone is None or not draft.found or not s.has_time or zone[1] == s.timezone:
        return draft
    there = ZoneInfo(zone[1])
    start = s.start.astimezone(there)
    span = f"{start:%H:%M}" + (f"–{s.end.astimezone(there):%H:%M}" if s.end_time else "")
    return replace(draft, answer=f"{draft.answer} In {zone[0]} that is {span} {start.tzname()} ({zone[1]}).")


def _clock_sentence(item: Talk | Event) -> tuple[str, str] | None:
    """The sentence of a record's own text that gives a time of day, and its section: a call's
    closing hour has no field of its own ("open ... to 26 February 2026, 17:00 Brussels time")."""
    text, where = (item.description, "Description") if isinstance(item, Event) else (item.summary, "Summary")
    for sentence in _SENTENCE_END.split(" ".join((text or "").split())):
        if TIME_OF_DAY.shown(sentence):
            return sentence, where
    return None


def start_time(item: Talk | Event) -> Draft:
    s = item.schedule
    if not s.has_time:
        said = _clock_sentence(item)
        if said is not None:
            sentence, where = said
            return Draft(f"{_title(item)} ({format_when(item)}): {sentence}", (_cite(item, where, sentence),))
        return Draft(f"I know the date of {_title(item)} ({format_when(item)}) but not its time.", (), found=False)
    city = s.timezone.split("/")[-1].replace("_", " ")
    ends = f" and ends at {s.end:%H:%M}" if s.end_time and not _announced(item) else ""
    line = (f"{_title(item)} starts at {s.start:%H:%M} {s.start.tzname()} ({city} time){_in_brussels(item)} on "
            f"{format_date(s.start_date)}{ends}{_announced(item)}.{_status(item)}")
    return Draft(line, (_when_cite(item),))


def timezone(item: Talk | Event) -> Draft:
    s = item.schedule
    if not s.has_time:
        return Draft(f"I know the date of {_title(item)} ({format_when(item)}) but not its time.", (), found=False)
    offset = s.start.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 0
    utc = f"UTC{hours:+g}" if hours else "UTC"
    city = s.timezone.split("/")[-1].replace("_", " ")
    line = (f"The times of {_title(item)} are {city} time ({s.timezone}): {format_when(item)}, "
            f"that is {s.start.tzname()}, {utc}{_announced(item)}.{_status(item)}")
    return Draft(line, (_when_cite(item),))


def _length(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if mins:
        parts.append(f"{mins} minutes")
    if hours and mins:
        parts.append(f"({minutes} minutes)")  # "1 hour 15 minutes (75 minutes)": as people count a slot
    return " ".join(parts) or "0 minutes"


def duration(item: Talk | Event) -> Draft:
    s = item.schedule
    cite = (_when_cite(item),)
    if s.end_date and s.end_date != s.start_date and not s.end_time:
        return Draft(f"{_title(item)} runs {_days(item)} days: {format_when(item)}.", cite)
    if not (s.start_time and s.end_time):
        return Draft(f"I know when {_title(item)} starts ({format_when(item)}) but not when it ends.{_status(item)}",
                     (), found=False)
    minutes = int((s.end - s.start).total_seconds() // 60)
    line = (f"{_title(item)} runs from {s.start:%H:%M} to {s.end:%H:%M} {s.end.tzname()}{_in_brussels(item)} on "
            f"{format_date(s.start_date)}: {_length(minutes)}.{_status(item)}")
    return Draft(line, cite)


#: a place a text states: "based in Zaragoza", "near Bergamo", "the town of Neuwalde",
#: "(Liepāja, Latvia)", a speaker's organisation ending in its town ("..., Galway)")
_NAME = r"[A-ZÀ-Ý][\w'’-]+"
_PLACE_AFTER = re.compile(
    rf"\b(?:in|near|outside|based in|founded in|town of|city of|port of|village of|region of)\s+"
    rf"({_NAME}(?:\s+(?:de|do|da|del|di|sur|am|an|upon)?\s*{_NAME})?)")
_PLACE_BEFORE_COUNTRY = re.compile(rf"({_NAME}(?:[ -]{_NAME})?),\s*(?:the\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
_PLACE_CLOSING = re.compile(rf",\s*({_NAME})\)")
_NOT_PLACES = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday europe european eu brussels cet cest".split())  # (Brussels: the series' clock)
_NOT_PLACE_STEMS = frozenset(stem(w) for w in _NOT_PLACES)


def places_in(text: str) -> set[str]:
    """The stems of the places a text states where something is: what answers "where is X
    based?". Read from the phrases that place things, not from a gazetteer (a cluster's town is
    often too small for one), and not from names ("Energy Cluster Denmark" says no place)."""
    found: set[str] = set()
    names = [m.group(1) for m in _PLACE_AFTER.finditer(text)] + [m.group(1) for m in _PLACE_CLOSING.finditer(text)]
    for m in _PLACE_BEFORE_COUNTRY.finditer(text):
        if m.group(2).lower() in COUNTRIES:
            names += [m.group(1), m.group(2)]
    for name in names:
        if not name.isupper():
            found.update(t for t in content_terms(name) if t not in _NOT_PLACE_STEMS)
    return found


#: how precise a place a question asks for: a city (1), a venue (2), a spot inside it (3).
#: A place that is less precise does not answer it ("which city in Germany?": "Germany").
#: Whole words, not stems: "build on" and "breakout rooms" ask for no place.
PLACE_DETAIL = {
    **dict.fromkeys(("city", "cities", "town", "towns"), 1),
    **dict.fromkeys(("venue", "venues", "building", "hotel", "hotels", "street"), 2),
    **dict.fromkeys(("hall", "halls", "booth"), 3),
}
#: words that make a place a venue rather than a city
VENUE_WORDS = frozenset("hall centre center messe fair expo hotel campus palace building house "
                        "street avenue rue strasse square arena stadium university".split())


def place_detail(asked: Collection[str]) -> tuple[int, str]:
    """How precise a place the question's words ask for, and the word that asks it."""
    return max(((PLACE_DETAIL[a], a) for a in asked if a in PLACE_DETAIL), default=(0, ""))


def place_gives(place: str, level: int) -> bool:
    """Whether ``place`` is at least as precise as ``level`` (see PLACE_DETAIL)."""
    folded = place.lower()
    parts = [p.strip() for p in folded.split(",") if p.strip()]
    words = set(folded.replace(",", " ").split())
    if level >= 3:
        return bool(words & {"hall", "halle", "booth", "stand"})
    if level == 2:
        return len(parts) >= 3 or bool(words & VENUE_WORDS)
    if level == 1:
        return bool(parts) and not all(p in COUNTRIES for p in parts)
    return True


def where(item: Talk | Event, asked: Collection[str] = ()) -> Draft:
    if isinstance(item, Talk):
        if not item.format:
            return Draft(f"What I know of {_title(item)} does not say where it takes place.", (), found=False)
        line = f"{_title(item)} ({format_date(item.date)}): {item.format}."
        return Draft(line, (_cite(item, "Format", item.format),))
    place = item.location or ("online" if item.online else "")
    if not place:
        return Draft(f"What I know of {_title(item)} does not say where it takes place.", (), found=False)
    level, word = place_detail(asked)
    if not place_gives(place, level):
        noun = {"cities": "city", "towns": "town", "venues": "venue", "hotels": "hotel", "halls": "hall"}.get(word, word)
        return Draft(f"What I know of {_title(item)} gives its place only as {place}, not the {noun}.", (),
                     found=False)
    if item.online and item.location and "online" not in item.location.lower():
        place += " (also online)"
    line = f"{_title(item)} ({format_when(item)}): {place}."
    return Draft(line, (_cite(item, "Events", line),))


def title(talk: Talk) -> Draft:
    line = f"The talk of {format_date(talk.date)} is called {_title(talk)}."
    return Draft(line, (_cite(talk, "Title", talk.title),))


def agenda(talk: Talk, people: dict[str, Person]) -> Draft | None:
    if not talk.agenda:
        return None  # the sections may still say what was on: left to retrieval
    lines = []
    for item in talk.agenda:
        who = ", ".join(_name(people, p) for p in item.speakers)
        lines.append(f"{item.title} ({who})" if who else item.title)
    count = f"{len(lines)} items" if len(lines) != 1 else "one item"  # as a speaker list says how many
    answer = f"The agenda of {_title(talk)} ({format_date(talk.date)}) had {count}:\n{_bullets(lines)}"
    return Draft(answer, (_cite(talk, "Agenda", "; ".join(i.title for i in talk.agenda)),))


def agenda_step(talk: Talk, people: dict[str, Person], asked: str) -> Draft | None:
    """One item of a talk's agenda by its place: "what came right after the ECCP news?", "what came
    first?", "the last point on the programme". None when the question names no item of it."""
    items = list(talk.agenda)
    if len(items) < 2:
        return None
    folded = asked.casefold()
    if m := re.search(r"\b(after|following|before|preceding)\s+(?:the\s+)?(.{3,80})", folded):
        words = set(content_terms(m.group(2))) - set(content_terms(talk.title))
        scores = [len(words & set(content_terms(item.title))) for item in items]
        best = max(scores)
        if best == 0 or scores.count(best) > 1:
            return None
        at = scores.index(best)
        step = at + 1 if m.group(1) in {"after", "following"} else at - 1
        if not 0 <= step < len(items):
            return None
        named, item = items[at], items[step]
        lead = f"{'After' if step > at else 'Before'} “{named.title}” came"
    elif m := re.search(r"\b(first|opening|last|final|closing)\b", folded):
        at = 0 if m.group(1) in {"first", "opening"} else len(items) - 1
        item = items[at]
        lead = f"The {'first' if at == 0 else 'last'} item on the agenda was"
    else:
        return None
    who = ", ".join(_name(people, p) for p in item.speakers)
    answer = f"{lead} “{item.title}”{f' ({who})' if who else ''}, at {_title(talk)} ({format_date(talk.date)})."
    return Draft(answer, (_cite(talk, "Agenda", "; ".join(i.title for i in items)),))


def organiser(kb: KnowledgeBase, talk: Talk | None) -> Draft | None:
    if talk is not None and talk.organiser:
        line = f"{_title(talk)} was organised by the {talk.organiser}."
        return Draft(line, (_cite(talk, "Organiser", talk.organiser),))
    series = next((s for s in kb.series if s.organiser), None)
    if series is None:
        return None
    line = f"The {series.name} are organised by the {series.organiser}."
    cite = Citation(series.id, series.name, "", "Organiser", series.organiser)
    return Draft(line, (cite,))


def registration(talk: Talk, kb: KnowledgeBase) -> Draft | None:
    """The talk's registration rules, and the deadlines announced with it."""
    if not talk.registration:
        return None
    # the deadlines for this talk's registration, not the calls it announced that also close
    deadlines = [e for e in kb.events if e.kind == "deadline" and talk.id in e.announced_in
                 and _REGISTER & set(content_terms(e.title))]
    answer = talk.registration
    if deadlines:
        answer += "\n" + _bullets([f"{e.title}: {format_when(e)}{_before_start(talk, e)}" for e in deadlines])
    cites = (_cite(talk, "Registration", talk.registration),
             *(_cite(e, "Events", f"{e.title}: {format_when(e)}") for e in deadlines[:2]))
    return Draft(answer, cites)


def _before_start(talk: Talk, deadline: Event) -> str:
    """", 1 hour before the talk starts": how long before its start a deadline on its day closes
    registration ("how long before the start did registration close?"); '' for a deadline without
    a time, after the start or days before it, where the dates say it."""
    if not (deadline.schedule.has_time and talk.schedule.has_time):
        return ""
    minutes = int((talk.schedule.start - deadline.schedule.start).total_seconds() // 60)
    return f", {_length(minutes)} before the talk starts" if 0 < minutes < 24 * 60 else ""


def definition(term: Term) -> Draft:
    if term.stands_for and term.description:
        answer = f"{term.term} stands for {term.stands_for}. {term.description}"
    elif term.stands_for:
        answer = f"{term.term} stands for {term.stands_for}."
    else:
        answer = f"{term.term}: {term.description}"
    cite = Citation(f"glossary:{term.term}", term.term, "", "Glossary", answer[:330])
    return Draft(answer, (cite,))


def summary(talk: Talk) -> Draft:
    return Draft(talk.summary, (_cite(talk, "Summary", talk.summary),))


def series_summary(kb: KnowledgeBase) -> Draft | None:
    """What the talks are about as a series ("what do the talks cover?"): the series' summary."""
    series = next((s for s in kb.series if s.summary), None)
    if series is None:
        return None
    return Draft(" ".join(series.summary.split()), (Citation(series.id, series.name, "", "Summary", series.summary),))


def takeaways(talk: Talk) -> Draft | None:
    if not talk.key_messages:
        return None
    answer = f"Key messages of {_title(talk)} ({format_date(talk.date)}):\n{_bullets(list(talk.key_messages))}"
    return Draft(answer, (_cite(talk, "Key messages", talk.key_messages[0]),))


#: a point longer than this is listed by its first sentence when a whole section is listed
GIST_CHARS = 220
#: ...when the section's points together are longer than this (a reply holds 1,500 characters)
SECTION_CHARS = 1200
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")


def _gist(text: str) -> str:
    """A point as one line of a list: its first sentence when it is long and that sentence says enough."""
    text = " ".join(text.split())
    if len(text) <= GIST_CHARS:
        return text
    first = _SENTENCE.split(text, maxsplit=1)[0]
    return first if len(first) >= 60 else text


def section_list(talk: Talk, section: Section) -> Draft:
    """Every point of one section of a talk: "what news did the ECCP share at the April talk?",
    "list the objectives of the Euroclusters"."""
    lines = [" ".join(point.text.split()) for point in section.points]
    if sum(map(len, lines)) > SECTION_CHARS:  # a long section: each point by its first sentence
        lines = [_gist(line) for line in lines]
    if sum(map(len, lines)) > SECTION_CHARS:  # ...and no longer than its share, so that every point shows
        share = max(80, SECTION_CHARS // len(lines))
        lines = [line if len(line) <= share else line[:share].rsplit(" ", 1)[0].rstrip(",;:") + "…" for line in lines]
    answer = f"{section.title}, at {_title(talk)} ({format_date(talk.date)}):\n{_bullets(lines)}"
    return Draft(answer, (_cite(talk, section.title, " ".join(lines)),), about=talk)


#: words that ask for a recording itself ("can I WATCH it?", "was it RECORDED?")
RECORDING_WORDS = frozenset("recording recordings recorded record watch rewatch video videos replay youtube".split())


def recording(talk: Talk, asked: Collection[str] = ()) -> Draft:
    if not talk.recording and talk.called_off and RECORDING_WORDS & set(asked):
        # "can I watch the recording of the cancelled talk?": what there is to say is why there is none
        line = f"{_title(talk)} ({format_date(talk.date)}) did not take place as planned, so there is no recording.{_status(talk)}"
        return Draft(line, (_cite(talk, "Status", talk.status_note),))
    if not talk.recording:
        return Draft(f"What I know of {_title(talk)} mentions no recording.", (), found=False)
    return Draft(talk.recording, (_cite(talk, "Recording", talk.recording),))


def events_announced(kb: KnowledgeBase, talk: Talk | None, now: datetime) -> Draft | None:
    if talk is not None:
        events = [e for e in kb.events if talk.id in e.announced_in]
        if not events:
            return None
        head = f"Events announced at {_title(talk)} ({format_date(talk.date)}):"
    else:
        events = [i for i in kb.upcoming(now) if isinstance(i, Event)]
        if not events:
            return None
        head = "Coming events:"
    events.sort(key=lambda e: e.schedule.start)
    lines = [f"{e.title}, {format_when(e)}" + (f", {e.location}" if e.location else "") for e in events]
    cites = tuple(_cite(e, "Events", f"{e.title}: {format_when(e)}") for e in events[:3])
    return Draft(f"{head}\n{_bullets(lines)}", cites)


#: time questions that, about no talk in particular, ask how the talks usually run
SERIES_TIMES = frozenset({"start_time", "timezone", "duration"})


def series_times(kb: KnowledgeBase) -> Draft | None:
    """When the talks usually start and end, in which time zone: counted over every talk."""
    timed = [t for t in kb.talks if t.schedule.start_time and t.schedule.end_time]
    if not timed:
        return None
    counts: dict[tuple[str, str, str], list[Talk]] = {}
    for t in timed:
        s = t.schedule
        counts.setdefault((f"{s.start_time:%H:%M}", f"{s.end_time:%H:%M}", s.timezone), []).append(t)
    ranked = sorted(counts.items(), key=lambda kv: -len(kv[1]))
    (start, end, zone), usual = ranked[0]
    city = zone.split("/")[-1].replace("_", " ")
    minutes = int((usual[0].schedule.end - usual[0].schedule.start).total_seconds() // 60)
    share = "all" if len(usual) == len(timed) else f"{len(usual)} of the {len(timed)}"
    answer = (f"The talks run from {start} to {end} {city} time ({zone}, CET in winter and CEST in summer "
              f"where that is Brussels time): {_length(minutes)}, for {share} talks I know.")
    # every talk at another time, with its length: "which talk was in the afternoon / the longest?"
    others = [f"{_title(t)} ({format_date(t.date)}): {a}–{b} {z.split('/')[-1].replace('_', ' ')} time, "
              f"{_length(int((t.schedule.end - t.schedule.start).total_seconds() // 60))}"
              for (a, b, z), ts in ranked[1:] for t in sorted(ts, key=lambda t: t.date)]
    if others:
        answer += " Otherwise:\n" + _bullets(others)
    cites = tuple(_when_cite(t) for t in sorted(usual, key=lambda t: t.date)[-2:])
    return Draft(answer, cites)


#: "where can I FIND / GET / READ ...": a source asked for, not the place the talks are held
_SOURCE_VERBS = frozenset(stem(w) for w in "find get read see look download watch published posted".split())


def series_format(kb: KnowledgeBase) -> Draft | None:
    """Where the talks are held: the format the talks have, counted over every talk."""
    held = [t for t in kb.talks if t.format]
    if not held:
        return None
    counts: dict[str, list[Talk]] = {}
    for t in held:
        counts.setdefault(t.format, []).append(t)
    ranked = sorted(counts.items(), key=lambda kv: -len(kv[1]))
    usual, talks = ranked[0]
    share = "all" if len(talks) == len(held) else f"{len(talks)} of the {len(held)}"
    answer = f"The talks are held as: {usual} ({share} talks I know)."
    others = [f"{_title(ts[0])} ({format_date(ts[0].date)}): {f}" for f, ts in ranked[1:4]]
    if others:
        answer += " Otherwise:\n" + _bullets(others)
    cites = tuple(_cite(t, "Format", t.format) for t in sorted(talks, key=lambda t: t.date)[-2:])
    return Draft(answer, cites)


def neighbour(kb: KnowledgeBase, talk: Talk, after: bool) -> Talk | None:
    """The talk right after (or before) ``talk``, if the knowledge has one."""
    ordered = kb.talks_by_start
    j = ordered.index(talk) + (1 if after else -1)
    return ordered[j] if 0 <= j < len(ordered) else None


def adjacent(kb: KnowledgeBase, talk: Talk, after: bool) -> Draft:
    """The talk right after (or before) the one named."""
    other = neighbour(kb, talk, after)
    if other is None:
        which = "after" if after else "before"
        return Draft(f"I know of no talk {which} {_title(talk)} ({format_date(talk.date)}).", (), found=False)
    answer = (f"The talk {'after' if after else 'before'} {_title(talk)} was {_title(other)}, "
              f"{format_when(other)}.")
    return Draft(answer, (_when_cite(other),))


def talks_list(kb: KnowledgeBase, period: Period | None = None, now: datetime | None = None) -> Draft | None:
    """The talks the knowledge holds, newest first; only those of the period asked ("in 2025",
    "since 2024", "in March 2026", "after today"), if one is."""
    everything = kb.talks_by_start[::-1]
    if not everything:
        return None
    if period is not None and period.from_today and now is not None:
        period = replace(period, start=max(period.start, now.date()))
    talks = [t for t in everything if period is None or period.start <= t.date < period.end]
    scope = f" {period.label}" if period else ""
    if not talks:
        first, last = everything[-1], everything[0]
        return Draft(f"I know no EU Clusters Talk{scope}. The talks I know run from {format_date(first.date)} "
                     f"(“{first.title}”) to {format_date(last.date)} (“{last.title}”).",
                     (_when_cite(first), _when_cite(last)))
    head = f"{len(talks)} talks that I know{scope}, newest first:" if len(talks) > 1 else f"The one talk that I know{scope}:"
    return _talk_list(head, talks, lambda t: f"{_title(t)}, {format_date(t.date)}")


#: how much of a topic's word weight a talk's title, tags and text must hold to be "about" it
TOPIC_COVERED = 0.6


def topic_words(talk: Talk) -> frozenset[str]:
    """The words a talk is about, for "which talks were about X?": its title, tags, summary, key
    messages and section titles."""
    return frozenset(talk_words(talk) | set(content_terms(" ".join((talk.title, *talk.tags)))))


def talks_on(kb: KnowledgeBase, topics: list[dict[str, float]], label: str, period: Period | None = None,
             after: datetime | None = None, words_of: Callable[[Talk], Collection[str]] = topic_words) -> Draft | None:
    """"Which talks were about the blue economy?": the talks whose title, tags, summary, key
    messages and section titles hold the words of a topic (each: stem -> weight; "tourism or
    travel" gives two), newest first; only those of the period asked, or starting after
    ``after`` ("any talks on batteries coming up?"). None when no talk is about any: the
    question may ask something else. ``words_of`` gives a talk's words (the engine's, read once)."""
    talks = []
    for talk in kb.talks_by_start[::-1]:
        if period is not None and not period.start <= talk.date < period.end:
            continue
        if after is not None and talk.schedule.start < after:
            continue
        words = words_of(talk)
        if any(sum(w for t, w in topic.items() if t in words) >= TOPIC_COVERED * sum(topic.values())
               for topic in topics if topic):
            talks.append(talk)
    if not talks:
        return None
    head = (f"{len(talks)} talks that I know on {label}, newest first:" if len(talks) > 1
            else f"The one talk that I know on {label}:")
    draft = _talk_list(head, talks, lambda t: f"{_title(t)}, {format_date(t.date)}")
    return replace(draft, citations=tuple(_cite(t, "Summary", t.summary) for t in talks[:3]))


def called_off_talks(kb: KnowledgeBase) -> Draft:
    """The talks cancelled or postponed, with their reasons: "which talks were called off?"."""
    newest = kb.talks_by_start[::-1]
    talks = [t for t in newest if t.called_off]
    if not talks:  # the talks that go ahead, newest first, are what says so
        return Draft("No talk that I know has been cancelled or postponed.", tuple(_when_cite(t) for t in newest[:3]))
    head = f"{len(talks)} talk{'s' if len(talks) != 1 else ''} cancelled or postponed:"
    return _talk_list(head, talks, lambda t: f"{_title(t)}, {format_date(t.date)}: {t.status_note}")


def no_new_date(talk: Talk) -> Draft:
    """"What is the exact new date of the postponed talk?": a talk called off keeps its old date in
    the knowledge until it gets a new one, so the new date is not known."""
    return Draft(f"{_title(talk)} was planned for {format_date(talk.date)}; I know no new date for it. "
                 f"{talk.status_note}", (_when_cite(talk),), found=False)


def talk_status(talk: Talk) -> Draft:
    """Whether a talk goes ahead: "is the housing talk cancelled?"."""
    if talk.called_off:
        return Draft(f"{_title(talk)} ({format_date(talk.date)}): {talk.status_note}", (_when_cite(talk),))
    return Draft(f"{_title(talk)} is not cancelled or postponed in what I know: {format_when(talk)}.", (_when_cite(talk),))


@dataclass(frozen=True)
class Period:
    """A stretch of time a question names: from ``start`` up to, not including, ``end``."""

    start: date
    end: date
    label: str  # "in 2025", "since 2024", "in March 2026", "from today on"
    from_today: bool = False  # the period starts on the day the question is asked


@dataclass(frozen=True)
class Slots:
    """The records a question names, as the understanding stage found them."""

    talk: Talk | None = None
    event: Event | None = None
    person: Person | None = None
    term: Term | None = None
    says_talk: bool = False  # "talk" or "webinar" is in the question: a talk, not an event, is meant
    asked: frozenset[str] = frozenset()  # the question's word stems
    words: frozenset[str] = frozenset()  # the question's words as written (folded)
    dated: bool = False  # the talk was found by its date, not by words of what it is about
    period: Period | None = None  # a year, month or span the question names ("the talks of 2025")
    series: bool = False  # the talks as a series are asked about ("a typical talk"), no talk in particular
    zone: tuple[str, str] | None = None  # a clock asked for: "what time in Nairobi?" -> ("Nairobi", "Africa/Nairobi")

    @property
    def item(self) -> Talk | Event | None:
        """The talk or event a time or place question is about."""
        if self.talk and self.event:
            return self.talk if self.says_talk else self.event
        return self.talk or self.event

    @property
    def empty(self) -> bool:
        return not (self.talk or self.event or self.person or self.term)


#: the words of the series' own name: a glossary entry made of them names no talk in particular
SERIES_WORDS = frozenset(content_terms("EU Clusters Talks"))

#: intents answered from fields, and the records each needs
FIELD_INTENTS = frozenset(
    "speakers moderator person_role person_talks when start_time timezone duration where title agenda "
    "organiser registration definition summary takeaways recording events_list talks_list".split()
)


#: fields of a talk that a person named alone points to: "the title of the talk where X spoke"
PERSON_TALK_FIELDS = frozenset({"title", "when", "start_time", "duration", "timezone", "recording"})


def draft_for(intent: str, slots: Slots, kb: KnowledgeBase, people: dict[str, Person], now: datetime) -> Draft | None:
    """The field answer to ``intent`` about ``slots``, or None when the fields cannot answer it
    (a record is missing, or the answer is in free text: left to retrieval)."""
    if slots.person and not slots.item and intent in PERSON_TALK_FIELDS:
        # "the title of the talk where Eric Koch presented", "when did she speak?": the talk the
        # person took part in (or, for several, the list of their talks with titles and dates)
        appearances = kb.talks_of(slots.person.id)
        if not appearances:
            return None
        if len(appearances) > 1:
            return replace(person_talks(slots.person, kb), about=slots.person)
        draft = _draft(intent, replace(slots, talk=appearances[0][0], person=None), kb, people, now)
        return replace(draft, about=slots.person) if draft is not None else None
    draft = _draft(intent, slots, kb, people, now)
    if draft is None:
        return None
    about = {"person_role": slots.person, "person_talks": slots.person, "definition": slots.term}.get(intent)
    if about is None and intent in {"when", "start_time", "timezone", "duration", "where"}:
        about = slots.item
    return replace(draft, about=about or slots.talk)


def _draft(intent: str, slots: Slots, kb: KnowledgeBase, people: dict[str, Person], now: datetime) -> Draft | None:
    if intent in SERIES_TIMES and not (slots.item or slots.person):
        return series_times(kb)
    if intent == "where" and slots.series and not (slots.asked & _SOURCE_VERBS):
        return series_format(kb)  # "are the talks online?"; not "where can I find news of the talks?"
    if intent == "summary" and slots.series:
        return series_summary(kb)  # "what are the talks about?": the series, not one talk
    talk, item, person = slots.talk, slots.item, slots.person
    if intent == "speakers" and talk:
        asked = slots.asked
        if slots.words & REPRESENTING_VERBS and not slots.words & PEOPLE_NOUNS_WRITTEN:
            # "which networks were REPRESENTED on the panel?": a verb of taking part picks out no
            # one ("representing GEMSTONE" is in every Eurocluster's line); "how many Eurocluster
            # REPRESENTATIVES spoke?" still picks out those who represented one
            asked = asked - {stem("represented")}
        return speakers(talk, people, asked, slots.dated)
    if intent in {"speakers", "moderator"} and slots.event and not talk and not slots.says_talk:
        # "who speaks at Clusters meet Regions?": an event's entry names no speakers
        what = "speakers" if intent == "speakers" else "moderator"
        return Draft(f"What I know of “{slots.event.title}” ({format_when(slots.event)}) names no {what}.",
                     (), found=False)
    if intent == "moderator" and talk:
        return moderators(talk, people)
    if intent == "person_role" and person:
        return person_roles(person, kb, talk, slots.asked)
    if intent == "person_talks" and person:
        return person_talks(person, kb)
    if intent == "definition" and slots.term:
        return definition(slots.term)
    if person and intent not in {"speakers", "moderator"}:
        return None  # "when did X speak about Y": a fact of X's, not the talk's field
    simple = {"when": when, "start_time": start_time, "timezone": timezone, "duration": duration, "where": where}
    if intent == "where" and item:
        return where(item, slots.words)
    if intent in simple and item:
        return _on_clock_asked(simple[intent](item), item, slots.zone)
    if talk and not (slots.event and not slots.says_talk):  # "what did the CONFERENCE address": the event's
        talk_only = {"title": title, "summary": summary, "takeaways": takeaways}
        if intent == "recording":
            return recording(talk, slots.words)
        if intent in talk_only:
            return talk_only[intent](talk)
        if intent == "registration":
            return registration(talk, kb)
        if intent == "agenda":
            return agenda(talk, people)
    if intent == "organiser" and not slots.event:
        return organiser(kb, talk)
    if intent == "events_list" and not slots.event:
        return events_announced(kb, talk, now)
    if intent == "talks_list" and not (slots.talk or slots.event or slots.person) and (
            slots.term is None or set(content_terms(slots.term.term)) <= SERIES_WORDS):
        return talks_list(kb, slots.period, now)  # "how many EU Clusters Talks do you know?" names only the series
    return None
