"""Turn the text of a talk page (announcement or summary) into a draft talk file to review.

Heuristics, not a parser for one site: the page layouts differ (bullets or plain lines,
headings numbered or not, blank lines or none), so each fact is looked for in several ways
and whatever is not found is left for the admin with a ``# REVIEW`` note. Nothing here
knows the seed pages; the tests use pages written for them.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from talkbot.knowledge.editor_schema import header_for

MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I)
MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\b(?!,?\s+\d{{4}})", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"\b(20\d\d)\b")

#: time zone words pages use, and the IANA zone they mean for a European audience
ZONES = {
    "cet": "Europe/Brussels", "cest": "Europe/Brussels", "brussels time": "Europe/Brussels",
    "central european time": "Europe/Brussels", "central european summer time": "Europe/Brussels",
    "paris time": "Europe/Paris", "berlin time": "Europe/Berlin",
    "wet": "Europe/Lisbon", "west": "Europe/Lisbon", "gmt": "Europe/London", "bst": "Europe/London",
    "london time": "Europe/London", "eet": "Europe/Athens", "eest": "Europe/Athens", "utc": "UTC",
}
_ZONE = r"(central european summer time|central european time|brussels time|paris time|berlin time|london time|cest|cet|west|wet|eest|eet|gmt|bst|utc)"
_CLOCK = r"(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"
TIME_RANGE = re.compile(
    rf"(?<![\d-]){_CLOCK}\s*(?:[-–—]|to|until|till)\s*{_CLOCK}(?:\s*\(?\s*{_ZONE}\b\)?)?", re.I
)

ROLE_WORDS = re.compile(
    r"\b(manager|director|head|leader|lead|president|vice|ceo|cto|coo|cfo|chair\w*|secretary|officer|"
    r"coordinator|co-ordinator|adviser|advisor|policy|expert|founder|co-founder|partner|professor|prof|"
    r"researcher|analyst|consultant|member|commissioner|minister|deputy|chief|editor|moderator|"
    r"specialist|assistant|executive|board|owner|representative|ambassador|engineer|scientist|"
    r"journalist|facilitator|programme|program|project|team|unit|sector|general|senior|junior)\b",
    re.I,
)
PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das", "ten", "ter", "y", "zu", "af", "bin", "el", "al"}
NOT_NAMES = {
    "european", "commission", "cluster", "clusters", "platform", "talk", "talks", "speakers", "speaker",
    "agenda", "key", "messages", "summary", "register", "registration", "save", "news", "the", "and",
    "eu", "union", "moderation", "moderator", "panel", "introduction", "funding", "opportunities",
    "created", "watch", "please", "you", "conference", "welcome", "closing", "remarks", "q&a", "break",
}
BULLET = re.compile(r"^\s*(?:[•·●○◦▪■*–—-]|\d{1,2}[.)])\s+")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.+)$")
MODERATOR = re.compile(r"\b(?:moderation|moderator|moderated by|hosted by|host|chair(?:ed by)?)\s*[:–-]?\s*([A-ZÀ-Þ][^\n,;(]{2,60})", re.I)
BOILERPLATE = re.compile(r"(\|\s*home page|^created:\s|^an initiative of the european union$|^european cluster$|^collaboration platform$|^summary$)", re.I)
SPECIAL = {
    "key_messages": re.compile(r"^(key (messages|takeaways|points|learnings)|main (takeaways|messages)|takeaways|highlights)\b", re.I),
    "agenda": re.compile(r"^(agenda|programme|program)\b", re.I),
    "speakers": re.compile(r"^(speakers?|panell?ists?|with|featuring)\b.*:?$", re.I),
}
MAX_POINT_CHARS = 450


@dataclass
class Person:
    name: str
    role: str = ""
    organisation: str = ""
    part: str = ""
    id: str = ""


@dataclass
class DraftSection:
    title: str
    points: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)


@dataclass
class Draft:
    title: str = ""
    date: date | None = None
    start: time | None = None
    end: time | None = None
    timezone: str = ""
    announced_time: str = ""
    summary: str = ""
    organiser: str = ""
    registration: str = ""
    recording: str = ""
    speakers: list[Person] = field(default_factory=list)
    moderators: list[Person] = field(default_factory=list)
    agenda: list[tuple[str, list[str]]] = field(default_factory=list)
    key_messages: list[str] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)
    source: str = ""
    source_title: str = "Talk page"
    reviews: list[str] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)

    @property
    def id(self) -> str:
        stem = slugify(self.title, words=6) or "new-talk"
        return f"{self.date.isoformat()}-{stem}" if self.date else stem


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str, words: int = 0) -> str:
    tokens = re.findall(r"[a-z0-9]+", fold(text).lower())
    if words:
        small = {"a", "an", "the", "of", "for", "and", "to", "in", "on", "with", "how", "from", "through", "at", "by"}
        tokens = [t for t in tokens if t not in small][:words] or tokens[:words]
    return "-".join(tokens)


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("**", "")
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # markdown links keep their text
    return re.sub(r"[ \t]+", " ", line).strip()


def _is_name(text: str) -> bool:
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in text) or len(text) > 60:
        return False
    capitals = 0
    for tok in tokens:
        bare = tok.strip(".'’")
        if bare.lower() in PARTICLES:
            continue
        if bare.lower() in NOT_NAMES or not bare or not bare[0].isupper():
            return False
        if bare.isupper() and len(bare) > 3:
            return False  # an acronym such as CEBR or GROW
        capitals += 1
    return capitals >= 2


def parse_person(line: str) -> Person | None:
    """``Name, Role, Organisation``, ``Name – Role, Org``, ``Name (Role, Org)`` or ``Name, Org``."""
    text = BULLET.sub("", _clean(line)).rstrip(" ;,.")
    if not text or len(text) > 220:
        return None
    paren = re.match(r"^([^(),]+?)\s*\((.+)\)$", text)
    if paren and _is_name(paren.group(1).strip()):
        name, rest = paren.group(1).strip(), [p.strip() for p in paren.group(2).split(",")]
    else:
        parts = [p.strip() for p in re.split(r",\s*|\s+\|\s+", text) if p.strip()]
        head = re.split(r"\s+[–—-]\s+|:\s+", parts[0], maxsplit=1)
        if len(head) == 2 and _is_name(head[0]):
            parts = [head[0], head[1], *parts[1:]]
        name, rest = parts[0], parts[1:]
        if not _is_name(name) or not rest:
            return None
    role, org = "", rest
    if rest and ROLE_WORDS.search(rest[0]) and not (len(rest) == 1 and rest[0].isupper()):
        role, org = rest[0], rest[1:]
        if len(rest) == 1:
            role, org = rest[0], []
    return Person(name=name, role=role, organisation=", ".join(org))


def _find_date(text: str, years: list[int], full_text: str = "") -> tuple[date | None, str]:
    candidates: list[tuple[int, date]] = []
    for m in DAY_MONTH_YEAR.finditer(text):
        candidates.append((m.start(), _date(int(m.group(3)), m.group(2), int(m.group(1)))))
    for m in MONTH_DAY_YEAR.finditer(text):
        candidates.append((m.start(), _date(int(m.group(3)), m.group(1), int(m.group(2)))))
    for m in ISO_DATE.finditer(text):
        with contextlib.suppress(ValueError):  # 2024-02-30 is no day
            candidates.append((m.start(), date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    candidates = [(pos, d) for pos, d in candidates if d]
    if candidates:
        return min(candidates)[1], ""
    m = DAY_MONTH.search(text)
    if m and full_text:
        for full in DAY_MONTH_YEAR.finditer(full_text):
            if int(full.group(1)) == int(m.group(1)) and MONTHS.get(full.group(2).lower().rstrip(".")) == MONTHS.get(m.group(2).lower().rstrip(".")):
                return _date(int(full.group(3)), m.group(2), int(m.group(1))), ""
    if m and years:
        year = Counter(years).most_common(1)[0][0]
        return _date(year, m.group(2), int(m.group(1))), f"the page gives no year for the date; {year} was assumed"
    return None, ""


def _date(year: int, month: str, day: int) -> date | None:
    try:
        return date(year, MONTHS[month.lower().rstrip(".")], day)
    except (KeyError, ValueError):
        return None


def _clock(hour: str, minute: str | None, ampm: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    if ampm:
        ampm = ampm.lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
    return time(h, m) if h < 24 and m < 60 else None


def _find_time(text: str) -> tuple[time | None, time | None, str, str]:
    for m in TIME_RANGE.finditer(text):
        h1, m1, ap1, h2, m2, ap2, zone = m.groups()
        if not (m1 or ap1 or m2 or ap2):
            continue  # '26-27' is a span of days, not of hours
        if ap2 and not ap1 and int(h1) < 12 and int(h1) <= int(h2):
            ap1 = ap2  # '10 – 11.30 am'
        start, end = _clock(h1, m1, ap1), _clock(h2, m2, ap2)
        if start and end and end > start:
            return start, end, ZONES.get((zone or "").lower(), ""), m.group(0).strip()
    return None, None, "", ""


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated blocks; a page with no blank lines gives one block per line."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    out = []
    for block in blocks:
        if not block:
            continue
        # Lists, headings and person lines stay lines; running prose is joined.
        buf: list[str] = []
        for line in block:
            if BULLET.match(line) or parse_person(line) or _looks_like_heading(line) or len(line) < 60:
                if buf:
                    out.append(" ".join(buf))
                    buf = []
                out.append(line)
            else:
                buf.append(line)
                if line.endswith((".", "!", "?", ":")):
                    out.append(" ".join(buf))
                    buf = []
        if buf:
            out.append(" ".join(buf))
        out.append("")
    return out


def _looks_like_heading(line: str) -> bool:
    text = NUMBERED.sub(r"\2", line).strip()
    if not text or len(text) > 90 or len(text.split()) > 12:
        return False
    if text.endswith((".", ";", ",", "!", "?")) or (BULLET.match(line) and not NUMBERED.match(line)):
        return False
    return text[0].isupper() and not _is_name(text)


def _short_label(kind: str, para: str) -> bool:
    """'Key messages', 'Agenda of the meeting', 'Speakers at this talk will include:'."""
    words = len(para.split())
    if kind == "speakers":
        return words <= 10 and (para.endswith(":") or words <= 3)
    return words <= 5 and not para.endswith((".", ";", ","))


def _split_points(text: str) -> list[str]:
    text = text.strip()
    if len(text) <= MAX_POINT_CHARS:
        return [text] if text else []
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text)
    points, buf = [], ""
    for s in sentences:
        if buf and len(buf) + len(s) > MAX_POINT_CHARS:
            points.append(buf)
            buf = s
        else:
            buf = f"{buf} {s}".strip()
    if buf:
        points.append(buf)
    return points


def extract(text: str, source: str = "") -> Draft:
    """Read a page's text; return what could be found. Never raises on odd input."""
    draft = Draft(source=source)
    raw_lines = [_clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [("" if BOILERPLATE.search(line) else line) for line in raw_lines]
    flat = " ".join(line for line in lines if line)
    years = [int(y) for y in YEAR.findall(flat)]

    # Title: the quoted title of the 'EU Clusters Talk "..."' sentence, else the first line.
    quoted = re.search(r"Talks?\s*[“\"«„]([^”\"»“]{8,200})[”\"»“]", flat)
    first = next((line for line in lines if line), "")
    if quoted:
        draft.title = quoted.group(1).strip()
    else:
        draft.title = re.sub(r",?\s*EU Clusters? Talks?\b.*$", "", first, flags=re.I).strip(" ,–-") or first[:150]
        draft.reviews.append("the title was taken from the first line: check it")

    # Date and time: look right after the title sentence first, then anywhere.
    anchor = flat[quoted.end(): quoted.end() + 160] if quoted else ""
    head = first + " " + anchor
    draft.date, note = _find_date(anchor, years, flat)
    if not draft.date:
        draft.date, note = _find_date(head, years, flat)
    if not draft.date:
        draft.date, note = _find_date(flat, years, flat)
    if note:
        draft.reviews.append(note)
    if not draft.date:
        draft.reviews.append("no date found: fill in date (YYYY-MM-DD)")
    draft.start, draft.end, draft.timezone, draft.announced_time = _find_time(anchor)
    if not draft.start:
        draft.start, draft.end, draft.timezone, draft.announced_time = _find_time(flat)
    if not draft.start:
        draft.reviews.append('no start and end time found: fill in start and end ("HH:MM")')
    if not draft.timezone:
        draft.timezone = "Europe/Brussels"
        draft.reviews.append("no time zone found on the page: Europe/Brussels was assumed")

    organiser = re.search(r"\b[Tt]he\s+([A-Z][^.]{3,120}?),?\s+organi[sz]e[sd]?\b", flat)
    if organiser and quoted and organiser.start() < quoted.start():
        draft.organiser = organiser.group(1).strip(" ,")

    # Moderators named in a 'Moderation: X' line.
    for m in MODERATOR.finditer("\n".join(lines)):
        name = m.group(1).strip()
        if _is_name(name) and all(p.name != name for p in draft.moderators):
            draft.moderators.append(Person(name=name, role="Moderator"))

    _walk(draft, _paragraphs(lines), flat, quoted)
    if not draft.speakers:
        draft.reviews.append("no speakers found: add them (person, role, organisation)")
    return draft


def _walk(draft: Draft, paras: list[str], flat: str, quoted: re.Match | None) -> None:
    """Split the page into sections by headings; route lists to speakers, agenda, key messages."""
    moderator_names = {p.name for p in draft.moderators}
    current: DraftSection | None = DraftSection("Overview")
    sections: list[DraftSection] = [current]
    mode = "body"  # body | agenda | key_messages | speakers
    agenda_item: tuple[str, list[str]] | None = None
    people: dict[str, Person] = {}
    pending_heading = False

    def add_person(person: Person, part: str) -> str:
        key = fold(person.name).casefold()
        if person.name in moderator_names:
            return key
        known = people.get(key)
        if known is None:
            person.part = part
            people[key] = person
            draft.speakers.append(person)
        else:
            known.role = known.role or person.role
            known.organisation = known.organisation or person.organisation
            known.part = known.part or part
        return key

    for i, para in enumerate(paras):
        if not para:
            continue
        nxt = next((p for p in paras[i + 1:] if p), "")
        lower = para.lower()
        if "recording" in lower and len(para) < 200 and not draft.recording:
            draft.recording = para
            continue
        if re.search(r"\bregist(er|ration)\b", lower) and len(para) > 60 and mode in ("body", "speakers") and not BULLET.match(para):
            draft.registration = f"{draft.registration} {para}".strip()
            continue
        if MODERATOR.match(para) and any(p.name in para for p in draft.moderators):
            continue
        if draft.title and 0.8 * len(draft.title) <= len(para) < len(draft.title) + 60 and fuzz.partial_ratio(draft.title.casefold(), para.casefold()) >= 90:
            continue  # the title line, or title and date (typos in a page's heading included)
        person = parse_person(para)
        if person:
            part = agenda_item[0] if mode == "agenda" and agenda_item else (current.title if pending_heading and current else "")
            key = add_person(person, part if mode != "speakers" else "")
            if mode == "agenda" and agenda_item:
                agenda_item[1].append(key)
            elif pending_heading and current is not None:
                current.speakers.append(key)
            continue
        special = next((name for name, rx in SPECIAL.items() if rx.match(para) and _short_label(name, para)), None)
        if special:
            mode = special
            agenda_item = None
            current = None
            pending_heading = False
            continue
        numbered = NUMBERED.match(para)
        if mode == "agenda" and numbered and len(para) < 120:
            agenda_item = (numbered.group(2).strip(), [])
            draft.agenda.append(agenda_item)
            continue
        is_heading = _looks_like_heading(para) and (
            len(nxt) > 90
            or parse_person(nxt) is not None
            or BULLET.match(nxt) is not None
            or (NUMBERED.match(para) is not None and _looks_like_heading(nxt))  # '4. Panel debate' over a sub-heading
        )
        if mode == "key_messages" and not is_heading and (BULLET.match(para) or len(para) > 60):
            draft.key_messages.append(BULLET.sub("", para))
            continue
        if is_heading:
            current = DraftSection(NUMBERED.sub(r"\2", para).strip().rstrip(":"))
            sections.append(current)
            mode = "body"
            pending_heading = True
            continue
        if mode != "body" and BULLET.match(para):
            continue  # e.g. a stray list line under 'Speakers'
        if current is None:
            current = DraftSection("Further information")
            sections.append(current)
        mode = "body"
        pending_heading = False
        if len(para) < 30 and not para.endswith((".", "!", "?")):
            continue  # a stray label ('EU Clusters Talks', a date line), not a statement
        current.points.extend(_split_points(BULLET.sub("", para)))

    draft.sections = [s for s in sections if s.points]
    # Summary: the sentence naming the talk, else the first real paragraph.
    if quoted:
        for para in paras:
            at = para.find(quoted.group(1))
            if at != -1 and len(para) > len(quoted.group(1)) + 40:
                start = para.rfind(". ", 0, at) + 1
                end = para.find(". ", at + len(quoted.group(1)))
                draft.summary = para[start: end + 1 if end != -1 else len(para)].strip()
                break
    if not draft.summary:
        draft.summary = next((p for s in draft.sections for p in s.points if len(p) > 60), "")
    if not draft.summary:
        draft.reviews.append("no summary found: write two to four sentences")


def _match_people(draft: Draft, existing: list[Any]) -> None:
    """Reuse the ids of people already known; list the others as new people entries."""
    by_name: dict[str, str] = {}
    for p in existing:
        for name in (p.name, *p.aliases):
            by_name[fold(name).casefold()] = p.id
    taken = {p.id for p in existing}
    for person in [*draft.moderators, *draft.speakers]:
        known = by_name.get(fold(person.name).casefold())
        if known:
            person.id = known
            continue
        ident = slugify(person.name)
        base, n = ident, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        person.id = ident
        by_name[fold(person.name).casefold()] = ident
        draft.new_people.append(person)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # lists indented under their key, as in the shipped files


class _Quoted(str):
    """Times are written "08:30", as docs/knowledge.md asks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def _appearance(p: Person) -> dict[str, str]:
    out = {"person": p.id}
    if p.role:
        out["role"] = p.role
    if p.organisation:
        out["organisation"] = p.organisation
    if p.part:
        out["part"] = p.part
    return out


def render(draft: Draft, existing_people: list[Any] = ()) -> str:
    """The draft as a talk file (schema header, review notes, new people as a comment block)."""
    _match_people(draft, list(existing_people))
    ids = {fold(p.name).casefold(): p.id for p in [*draft.moderators, *draft.speakers]}
    talk: dict[str, Any] = {
        "id": draft.id,
        "title": draft.title,
        "date": draft.date,
        "start": _Quoted(f"{draft.start:%H:%M}") if draft.start else None,
        "end": _Quoted(f"{draft.end:%H:%M}") if draft.end else None,
        "timezone": draft.timezone,
    }
    if draft.announced_time:
        talk["announced_time"] = draft.announced_time
    talk["format"] = "Online webinar"
    if draft.organiser:
        talk["organiser"] = draft.organiser
    talk["summary"] = draft.summary or None
    if draft.registration:
        talk["registration"] = draft.registration
    if draft.moderators:
        talk["moderators"] = [_appearance(p) for p in draft.moderators]
    talk["speakers"] = [_appearance(p) for p in draft.speakers] or None
    if draft.agenda:
        talk["agenda"] = [
            {"title": title, "speakers": [ids[k] for k in keys if k in ids]} if keys else {"title": title}
            for title, keys in draft.agenda
        ]
    if draft.key_messages:
        talk["key_messages"] = draft.key_messages
    if draft.sections:
        used: set[str] = set()
        sections = []
        for s in draft.sections:
            sid, n = slugify(s.title, words=5) or "section", 2
            base = sid
            while sid in used:
                sid, n = f"{base}-{n}", n + 1
            used.add(sid)
            entry: dict[str, Any] = {"id": sid, "title": s.title}
            speakers = [ids[k] for k in s.speakers if k in ids]
            if speakers:
                entry["speakers"] = speakers
            entry["points"] = s.points
            sections.append(entry)
        talk["sections"] = sections
    if draft.recording:
        talk["recording"] = draft.recording
    source: dict[str, str] = {"title": draft.source_title}
    if draft.source:
        source["file"] = draft.source
    talk["sources"] = [source]
    body = yaml.dump(talk, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96, default_flow_style=False)
    head = [header_for(f"talks/{draft.id}.yaml"), f"# DRAFT made by `talkbot draft` from {draft.source or 'a page'}: review every field."]
    head += [f"# REVIEW: {note}" for note in draft.reviews]
    tail = ""
    if draft.new_people:
        people = yaml.dump({"people": [{"id": p.id, "name": p.name} for p in draft.new_people]},
                           Dumper=_Dumper, sort_keys=False, allow_unicode=True)
        tail = "\n# NEW PEOPLE: add these entries to knowledge/people.yaml (and aliases for other spellings):\n"
        tail += "".join(f"# {line}\n" for line in people.splitlines()[1:])
    return "\n".join(head) + "\n" + body + tail


def new_people_yaml(rendered: str) -> str:
    """The commented 'NEW PEOPLE' block of a rendered draft, as YAML list items."""
    lines = rendered.split("# NEW PEOPLE:", 1)[-1].splitlines()[1:] if "# NEW PEOPLE:" in rendered else []
    return "".join(line[2:] + "\n" for line in lines if line.startswith("# "))


def draft_file(page: Path, existing_people: list[Any] = ()) -> tuple[str, Draft]:
    text = page.read_bytes().decode("utf-8", errors="replace")
    title = "Summary page" if re.search(r"\bsummary\b|\btakeaways\b|\borganised\b", text[:3000], re.I) else "Announcement page"
    draft = extract(text, page.name)
    draft.source_title = title
    return render(draft, existing_people), draft


SCAFFOLD = """\
{header}
# A new EU Clusters Talk. Fill in every field, then run `talkbot validate`.
# See docs/knowledge.md for each field; people are ids from knowledge/people.yaml.
id: {id}
title: "{title}"
date: {date}
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
announced_time: "8:30 – 9:45 CET"
format: Online webinar
organiser: European Cluster Collaboration Platform, on behalf of the European Commission
summary: >-
  What the talk is about, in two to four sentences.
registration: >-
  Prior registration is compulsory. Who may attend and until when to register.
speakers:
  - person: {person}
    role: Their role at the time of the talk
    organisation: Their organisation
    part: What they present
agenda:
  - title: News from the European Cluster Collaboration Platform
  - title: The first presentation
    speakers: [{person}]
key_messages:
  - One key message of the talk, as a full sentence.
sections:
  - id: first-part
    title: The first part
    speakers: [{person}]
    points:
      - One statement that can stand on its own as an answer.
tags: [topic]
sources:
  - title: Announcement page
    url: ""
"""


def scaffold(talk_date: date, title: str, person: str) -> tuple[str, str]:
    """A new talk file's (relative path, text), valid as it is once ``person`` exists."""
    ident = f"{talk_date.isoformat()}-{slugify(title, words=6) or 'new-talk'}"
    rel = f"talks/{ident}.yaml"
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    return rel, SCAFFOLD.format(header=header_for(rel), id=ident, title=safe_title, date=talk_date.isoformat(), person=person)
