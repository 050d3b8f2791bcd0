"""The clock a question asks for: "what time is the Ukraine talk in Kyiv time?", "for me in
Lisbon", "à quelle heure, heure de Tokyo ?".

Places are read from the IANA time zone database that ships with the tzdata package: the
city of every zone of its zone table (Europe/Kyiv, Asia/Tokyo, America/Sao_Paulo) and every
country of its country table, with the country's principal zone. A country's adjective is found by its
first letters ("japanese" time is Japan's, "ukrainian" Ukraine's). Nothing here names a talk.
"""

from __future__ import annotations

import importlib.resources
import re
import zoneinfo
from dataclasses import dataclass
from functools import cache

from talkbot.answer.text import fold

#: where a question gives the clock it wants: "Kyiv time", "time in Tokyo", "for me in Lisbon",
#: "heure de Tokyo", "hora de Lisboa", "ora di Roma"
_ASKED = tuple(re.compile(p) for p in (
    r"\btime (?:in|for) ([a-z]+(?: [a-z]+)?)\b",
    r"\b(?:for (?:me|us|people|someone|participants|those)|i'?m|i am|we'?re|we are|based|sitting|joining from|living)"
    r" in ([a-z]+(?: [a-z]+)?)\b",
    r"\b(?:heure|hora|ora) (?:de|di|d'|del) ?([a-z]+(?: [a-z]+)?)\b",
    r"\b([a-z]+(?: [a-z]+)?) (?:local )?time\b",  # last: "the cairo time talk, what time in brussels?"
))
#: zone names that are no place a member is in, or that read as words ("Christmas time")
_NOT_PLACES = ("Etc/", "SystemV/", "US/", "Antarctica/")
_WORDS_NOT_PLACES = frozenset({"Indian/Christmas", "Pacific/Easter", "Pacific/Midway", "Pacific/Wake"})
#: a country adjective shares at least this many first letters with the country's name
_PREFIX = 4


@dataclass(frozen=True)
class Clock:
    """A clock asked for: its zone, and the question's words that named it."""

    zone: zoneinfo.ZoneInfo
    words: frozenset[str]

    @property
    def city(self) -> str:
        return self.zone.key.split("/")[-1].replace("_", " ")


def _table(name: str) -> list[list[str]]:
    text = (importlib.resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """(city -> zone, country -> its principal zone), names folded."""
    cities: dict[str, str] = {}
    first_zone: dict[str, str] = {}
    # one row per zone of a country, its principal zone first (one small file: listing every
    # zone the package holds takes ten times longer, which a one-shot `talkbot ask` would feel)
    for row in _table("zone.tab"):
        first_zone.setdefault(row[0], row[2])
        key = row[2]
        if not key.startswith(_NOT_PLACES) and key not in _WORDS_NOT_PLACES:
            cities.setdefault(fold(key.split("/")[-1].replace("_", " ")), key)
    cities.setdefault("brussels", "Europe/Brussels")
    cities.setdefault("kiev", "Europe/Kyiv")  # the older spelling, a link in the database
    countries = {}
    for code, name in (row[:2] for row in _table("iso3166.tab")):
        if code in first_zone:
            countries[fold(name.split(" (")[0])] = first_zone[code]
    return cities, countries


def _zone_of(place: str) -> str | None:
    cities, countries = _places()
    if place in cities:
        return cities[place]
    if place in countries:
        return countries[place]
    word = place
    # "japanese" -> Japan, "ukrainian" -> Ukraine, "swedish" -> Sweden; not "finnish" (too short a match)
    matches = {zone for name, zone in countries.items()
               if " " not in name and _shared(word, name) >= max(_PREFIX, len(name) - 2)}
    if len(matches) == 1:
        return matches.pop()
    return None


def _shared(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def asked_clock(folded: str) -> Clock | None:
    """The clock the question asks its times on, if it names one."""
    for pattern in _ASKED:
        for m in pattern.finditer(folded):
            place = m.group(1)
            for words in dict.fromkeys((place, place.split()[-1])):
                zone = _zone_of(words)
                if zone is not None:
                    return Clock(zoneinfo.ZoneInfo(zone), frozenset(words.split()))
    return None
