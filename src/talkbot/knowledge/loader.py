"""Load and validate the knowledge folder; report every problem as ``path:line: message``.

All files are read and checked before anything is returned, so an admin sees every problem
at once. Nothing here raises anything but :class:`KnowledgeError`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import process

from talkbot.errors import KnowledgeError, Problem
from talkbot.knowledge import schema as S
from talkbot.knowledge.models import (
    AgendaItem,
    Appearance,
    Check,
    Event,
    KnowledgeBase,
    Person,
    Point,
    Schedule,
    Section,
    Series,
    Source,
    Talk,
    Term,
)
from talkbot.knowledge.yamlnodes import INVALID, LList, LMap, parse_yaml

log = logging.getLogger(__name__)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
MAX_FILE_BYTES = 2 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


class _Checker:
    """Validates values against the declarations in ``schema``; collects problems and refs."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.refs: list[tuple[str, str, int]] = []  # (kind, id, line)
        self.names: list[tuple[str, str, int, str]] = []  # (kind, text, line, where): not ids

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def record(self, value: Any, spec: S.Record, line: int, where: str) -> dict[str, Any] | None:
        if spec.shorthand and isinstance(value, str):
            value = LMap({spec.shorthand: value})
            value.line, value.key_lines = line, {spec.shorthand: line}
        if not isinstance(value, LMap):
            self.problem(line, f"{where}: expected a {spec.name} (a mapping of fields), got {_kind(value)}")
            return None
        out: dict[str, Any] = {"line": value.line, "_lines": value.key_lines}
        for key in value:
            if key not in spec.fields:
                guess = process.extractOne(key, list(spec.fields), score_cutoff=70)
                hint = f" (did you mean '{guess[0]}'?)" if guess else ""
                allowed = ", ".join(spec.fields)
                self.problem(value.line_of(key), f"{where}: unknown field '{key}'{hint}; allowed: {allowed}")
        for name, fld in spec.fields.items():
            if name not in value or value[name] is None or value[name] == "" or value[name] is INVALID or (fld.required and value[name] == []):
                if not fld.required:
                    continue
                out["_invalid"] = True  # nothing is built from an incomplete record
                if value.get(name) is INVALID:
                    pass  # already reported where it is
                elif name in value:
                    self.problem(value.line_of(name), f"{where}.{name}: must not be empty ({fld.doc}){_todo(fld)}")
                else:
                    self.problem(value.line, f"{where}: missing required field '{name}' ({fld.doc}){_todo(fld)}")
                continue
            checked = self.value(value[name], fld.kind, value.line_of(name), f"{where}.{name}")
            if checked is not None and fld.choices and checked not in fld.choices:
                self.problem(value.line_of(name), f"{where}.{name}: '{checked}' is not one of {', '.join(fld.choices)}")
                checked = None
            if checked is not None:
                out[name] = checked
            elif fld.required:
                out["_invalid"] = True
        return out

    def value(self, value: Any, kind: object, line: int, where: str) -> Any:
        if value is INVALID:
            return None  # already reported
        if isinstance(kind, tuple):
            tag, inner = kind
            if tag == "list":
                if not isinstance(value, LList):
                    self.problem(line, f"{where}: expected a list (items starting with '- '), got {_kind(value)}")
                    return None
                items = []
                for i, item in enumerate(value):
                    checked = self.value(item, inner, value.line_of(i), f"{where}[{i + 1}]")
                    if checked is not None:
                        items.append(checked)
                return items
            if tag == "ref":
                if isinstance(value, str) and value.strip() and not SLUG.match(value.strip()):
                    # most often a name written where its id belongs: resolved against
                    # people.yaml (or the talks) once every file is read, to suggest the id
                    self.names.append((str(inner), " ".join(value.split()), line, where))
                    return None
                ident = self.value(value, S.ID, line, where)
                if ident is not None:
                    self.refs.append((str(inner), ident, line))
                return ident
            if tag == "record":
                return self.record(value, inner, line, where)
        if kind == S.BOOL:
            if isinstance(value, bool):
                return value
            self.problem(line, f"{where}: expected true or false, got {value!r}")
            return None
        if kind == S.DATE:
            if isinstance(value, datetime):
                value = value.date()
            if isinstance(value, date):
                return value
            if isinstance(value, str) and DATE_RE.match(value.strip()):
                # quoted like the times ("2024-04-24"): still the date it says
                try:
                    return date.fromisoformat(value.strip())
                except ValueError as exc:
                    self.problem(line, f"{where}: impossible date {value!r}: {exc}")
                    return None
            self.problem(line, f"{where}: expected a date written YYYY-MM-DD, got {value!r}")
            return None
        if kind == S.TIME:
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
                # YAML 1.1 reads an unquoted 8:30 as the base-60 number 510
                return time(*divmod(value, 60))
            match = TIME_RE.match(str(value).strip()) if isinstance(value, str) else None
            if match:
                return time(int(match.group(1)), int(match.group(2)))
            self.problem(line, f"{where}: expected a time written \"HH:MM\" (24-hour clock), got {value!r}")
            return None
        if not isinstance(value, str):
            if isinstance(value, int | float) and not isinstance(value, bool) and kind in (S.STR, S.TEXT):
                return str(value)
            self.problem(line, f"{where}: expected text, got {_kind(value)}")
            return None
        text = " ".join(value.split()) if kind != S.TEXT else value.strip()
        if not text:
            self.problem(line, f"{where}: must not be empty")
            return None
        if kind == S.ID and not SLUG.match(text):
            guess = slugify(text)
            hint = f": did you mean {guess}?" if guess and guess != text else ""
            self.problem(line, f"{where}: '{text}' is not a valid id (lower-case letters, digits and '-'){hint}")
            return None
        if kind == S.TIMEZONE and not _valid_zone(text):
            # "CET" is itself in the zone database: never suggest an abbreviation back
            guess = process.extractOne(text, _zone_names(), score_cutoff=80) if "/" in text else None
            if guess:
                hint = f" (did you mean '{guess[0]}'?)"
            elif "/" not in text:
                hint = (" (an abbreviation does not say when summer time applies: "
                        "use an IANA name such as Europe/Brussels)")
            else:
                hint = " (use an IANA name such as Europe/Brussels)"
            self.problem(line, f"{where}: unknown time zone '{text}'{hint}")
            return None
        return " ".join(text.split()) if kind == S.TEXT else text


def _todo(fld: S.Field) -> str:
    return f"; {fld.missing}" if fld.missing else ""


def slugify(text: str) -> str:
    """'Marek Przeor' -> 'marek-przeor': the id a name would have (accents dropped)."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


_ZONES: list[str] = []


def _zone_names() -> list[str]:
    if not _ZONES:
        _ZONES.extend(sorted(available_timezones()))
    return _ZONES


def _valid_zone(name: str) -> bool:
    if "/" not in name and name not in {"UTC"}:
        return False  # abbreviations like CET are ambiguous about summer time
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _kind(value: Any, quote: bool = True) -> str:
    if isinstance(value, LMap):
        return "a mapping"
    if isinstance(value, LList):
        return "a list"
    if value is None:
        return "nothing"
    if not quote:
        return "text" if isinstance(value, str) else type(value).__name__
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) <= 80 else shown[:77] + '...'}"


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, is inside ``root``: a link out of the knowledge folder
    (to /etc/passwd, to another project) is never read, served, archived or downloaded."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent)) if root.is_dir() else str(path)
    except ValueError:
        return str(path)


def _read(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(shown, 1, f"file is too large ({size} bytes; at most {MAX_FILE_BYTES})")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot read the file: {exc.strerror or exc}")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, f"not a UTF-8 text file (byte {exc.start} cannot be decoded)")]


def _schedule(rec: dict[str, Any], checker: _Checker, where: str, talk: bool) -> Schedule | None:
    if talk:
        start_date, end_date = rec.get("date"), None
        start_time, end_time = rec.get("start"), rec.get("end")
    else:
        start_date, end_date = rec.get("start_date"), rec.get("end_date")
        start_time, end_time = rec.get("start_time"), rec.get("end_time")
    if start_date is None:
        return None
    lines = rec.get("_lines", {})
    line = rec["line"]
    if end_date is not None and end_date < start_date:
        checker.problem(lines.get("end_date", line), f"{where}: end_date {end_date} is before start_date {start_date}")
        return None
    end_line = lines.get("end" if talk else "end_time", line)
    if end_time is not None and start_time is None:
        checker.problem(end_line, f"{where}: end time given without a start time")
        return None
    if start_time and end_time and end_date in (None, start_date) and end_time <= start_time:
        checker.problem(end_line, f"{where}: ends ({end_time:%H:%M}) before it starts ({start_time:%H:%M})")
        return None
    return Schedule(start_date, end_date, start_time, end_time, rec.get("timezone") or "Europe/Brussels")


def _points(items: list[dict[str, Any]]) -> tuple[Point, ...]:
    return tuple(Point(p["text"], tuple(p.get("by", ())), p["line"], tuple(p.get("questions", ())))
                 for p in items if "text" in p)


def _sections(items: list[dict[str, Any]] | None, checker: _Checker, where: str) -> tuple[Section, ...]:
    out, seen = [], set()
    for s in items or ():
        if "_invalid" in s or "id" not in s:
            continue
        if s["id"] in seen:
            checker.problem(s["line"], f"{where}: duplicate section id '{s['id']}'")
        seen.add(s["id"])
        out.append(Section(s["id"], s["title"], _points(s.get("points", [])), tuple(s.get("speakers", ())), s["line"]))
    return tuple(out)


def _appearances(items: list[dict[str, Any]] | None) -> tuple[Appearance, ...]:
    return tuple(
        Appearance(a["person"], a.get("role", ""), a.get("organisation", ""), a.get("part", ""), a["line"])
        for a in items or ()
        if "person" in a
    )


def _build(kind: str, rec: dict[str, Any], shown: str, checker: _Checker) -> Any:
    where = f"{S.COLLECTIONS[kind].name} '{rec.get('id') or rec.get('term') or '?'}'"
    if rec.get("_invalid"):
        if kind in ("talks", "events"):
            # a wrong time zone must not hide "ends before it starts": every problem in one run
            _schedule(rec, checker, where, talk=kind == "talks")
        return None
    line = rec["line"]
    if kind == "talks":
        schedule = _schedule(rec, checker, where, talk=True)
        status, reason = rec.get("status", S.SCHEDULED), rec.get("status_reason", "")
        if reason and status == S.SCHEDULED:
            checker.problem(rec["_lines"].get("status_reason", line),
                            f"{where}: status_reason is given but the talk is not called off: "
                            f"add status: {S.CANCELLED} (or {S.POSTPONED}), or remove the reason")
        if schedule is None:
            return None
        return Talk(
            id=rec["id"],
            title=rec["title"],
            schedule=schedule,
            summary=rec["summary"],
            speakers=_appearances(rec.get("speakers")),
            moderators=_appearances(rec.get("moderators")),
            agenda=tuple(AgendaItem(a["title"], tuple(a.get("speakers", ()))) for a in rec.get("agenda", ()) if "title" in a),
            key_messages=tuple(rec.get("key_messages", ())),
            sections=_sections(rec.get("sections"), checker, where),
            organiser=rec.get("organiser", ""),
            format=rec.get("format", ""),
            announced_time=rec.get("announced_time", ""),
            registration=rec.get("registration", ""),
            recording=rec.get("recording", ""),
            tags=tuple(rec.get("tags", ())),
            questions=tuple(rec.get("questions", ())),
            status=status,
            status_reason=reason,
            sources=tuple(Source(s["title"], s.get("url", ""), s.get("file", "")) for s in rec.get("sources", ()) if "title" in s),
            path=shown,
            line=line,
        )
    if kind == "people":
        return Person(rec["id"], rec["name"], tuple(rec.get("aliases", ())), rec.get("note", ""), line, shown)
    if kind == "events":
        schedule = _schedule(rec, checker, where, talk=False)
        if schedule is None:
            return None
        return Event(
            id=rec["id"],
            title=rec["title"],
            kind=rec["kind"],
            schedule=schedule,
            description=rec.get("description", ""),
            location=rec.get("location", ""),
            online=rec.get("online", False),
            announced_in=tuple(rec.get("announced_in", ())),
            url=rec.get("url", ""),
            aliases=tuple(rec.get("aliases", ())),
            questions=tuple(rec.get("questions", ())),
            path=shown,
            line=line,
        )
    if kind == "terms":
        return Term(rec["term"], rec.get("stands_for", ""), rec.get("description", ""), tuple(rec.get("aliases", ())), line,
                    shown, tuple(rec.get("questions", ())))
    if kind == "checks":
        return _check(rec, shown, checker)
    if kind == "series":
        return Series(rec["id"], rec["name"], rec["summary"], _sections(rec.get("sections"), checker, where), rec.get("organiser", ""), shown, line)
    raise AssertionError(kind)


def _check(rec: dict[str, Any], shown: str, checker: _Checker) -> Check | None:
    line, lines = rec["line"], rec.get("_lines", {})
    where = f"check '{rec.get('id') or rec['question'][:60]}'"
    answerable = rec.get("answerable", True)
    must = tuple(tuple(group) for group in rec.get("must", ()) if group)
    if answerable and not must:
        checker.problem(lines.get("must", line), f"{where}: an answerable check needs 'must': the words a right "
                        "answer contains, e.g. must: [[Eric Koch]]; or write answerable: false if the bot "
                        "should decline")
        return None
    if not answerable and must:
        checker.problem(lines.get("must", line), f"{where}: a check with answerable: false has no 'must' "
                        "(the right reply declines): remove one of them")
        return None
    now = None
    if "now" in rec:
        try:
            now = datetime.fromisoformat(rec["now"].replace("Z", "+00:00"))
        except ValueError:
            now = None
        if now is None or now.tzinfo is None:
            checker.problem(lines.get("now", line), f"{where}.now: expected a date and time with its offset, "
                            f"e.g. 2024-04-20T10:00+02:00, got {rec['now']!r}")
            return None
    return Check(rec["question"], must, answerable, now, rec.get("id", ""), shown, line)


def _load_file(path: Path, shown: str, found: dict[str, list], checker: _Checker) -> None:
    text, problems = _read(path, shown)
    checker.problems.extend(problems)
    if text is None:
        return
    data, problems = parse_yaml(text, shown)
    checker.problems.extend(problems)
    if data is None:
        return
    if not isinstance(data, LMap):
        # Not knowledge at all (maybe not even meant for us): never quote its content.
        checker.problem(getattr(data, "line", 1), f"expected a mapping at the top of the file, got {_kind(data, quote=False)}")
        return
    if any(key in S.COLLECTIONS for key in data):
        for key in data:
            if key not in S.COLLECTIONS:
                allowed = ", ".join(S.COLLECTIONS)
                checker.problem(data.line_of(key), f"unknown top-level key '{key}' (a shared file holds lists: {allowed})")
        for key, spec in S.COLLECTIONS.items():
            if key not in data:
                continue
            items = data[key]
            if not isinstance(items, LList):
                checker.problem(data.line_of(key), f"'{key}' must be a list of {spec.name} records")
                continue
            if not items:
                checker.problem(data.line_of(key), f"'{key}' is an empty list")
            for i, item in enumerate(items):
                rec = checker.record(item, spec, items.line_of(i), f"{key}[{i + 1}]")
                if rec is not None:
                    found[key].append((rec, shown))
        return
    # A file without collections is one talk (knowledge/talks/*.yaml)
    rec = checker.record(data, S.TALK, data.line, "talk")
    if rec is not None:
        found["talks"].append((rec, shown))


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith("."))


def load_dir(root: str | Path) -> KnowledgeBase:
    """Load every YAML file under ``root``; raise :class:`KnowledgeError` listing all problems."""
    root = Path(root)
    if not root.exists():
        raise KnowledgeError([Problem(str(root), 0, "the knowledge folder does not exist")])
    files = _files(root)
    if not files:
        raise KnowledgeError([Problem(str(root), 0, "no .yaml files in the knowledge folder")])
    return _load(files, root)


def load_files(files: list[Path], root: Path) -> KnowledgeBase:
    """Like :func:`load_dir` for an explicit list of files (used to validate an upload with the rest)."""
    return _load(files, root)


def _load(files: list[Path], root: Path) -> KnowledgeBase:
    problems: list[Problem] = []
    found: dict[str, list[tuple[dict[str, Any], str]]] = {key: [] for key in S.COLLECTIONS}
    refs: list[tuple[str, str, int, str]] = []
    names: list[tuple[str, str, int, str, str]] = []
    built: dict[str, list[Any]] = {key: [] for key in S.COLLECTIONS}
    base = root if root.is_dir() else root.parent
    for path in files:
        shown = _rel(path, root)
        if not is_inside(path, base):
            problems.append(Problem(shown, 1, "links to a file outside the knowledge folder; not read (copy the file in)"))
            continue
        checker = _Checker(shown)
        _load_file(path, shown, found, checker)
        problems.extend(checker.problems)
        refs.extend((kind, ident, line, shown) for kind, ident, line in checker.refs)
        names.extend((kind, text, line, where, shown) for kind, text, line, where in checker.names)
    for key, records in found.items():
        for rec, shown in records:
            checker = _Checker(shown)
            obj = _build(key, rec, shown, checker)
            problems.extend(checker.problems)
            if obj is not None:
                built[key].append(obj)
    problems.extend(_check_unique(built))
    known = {
        "person": {p.id for p in built["people"]},
        "talk": {t.id for t in built["talks"]},
    }
    # ids of records that exist but do not load (or whose file does not parse; talk files are
    # named after their id): a reference to one is not "unknown", its own problems say what to fix
    broken_files = {problem.path for problem in problems}
    invalid = {
        "person": {str(rec.get("id")) for rec, _ in found["people"]} - known["person"],
        "talk": ({str(rec.get("id")) for rec, _ in found["talks"]}
                 | {Path(shown).stem for shown in broken_files}) - known["talk"],
    }
    problems.extend(_not_ids(names, built))
    for kind, ident, line, shown in refs:
        if ident in invalid[kind]:
            problems.append(Problem(shown, line, f"{kind} '{ident}' does not load: fix the problems reported for it"))
        elif ident not in known[kind]:
            guess = process.extractOne(ident, known[kind], score_cutoff=75) if known[kind] else None
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            where = "people.yaml" if kind == "person" else "knowledge/talks/"
            problems.append(Problem(shown, line, f"unknown {kind} '{ident}'{hint}: add it to {where} first"))
    if problems:
        raise KnowledgeError(problems)
    kb = KnowledgeBase(
        series=tuple(built["series"]),
        talks=tuple(sorted(built["talks"], key=lambda t: t.schedule.start)),
        people=tuple(built["people"]),
        events=tuple(sorted(built["events"], key=lambda e: e.schedule.start)),
        terms=tuple(built["terms"]),
        files=tuple(_rel(p, root) for p in files),
        checks=tuple(built["checks"]),
    )
    log.info("knowledge loaded: %s", kb.summary())
    return kb


def _not_ids(names: list[tuple[str, str, int, str, str]], built: dict[str, list[Any]]) -> list[Problem]:
    """A name (or title) written where an id belongs, with the id it most likely means."""
    by_name: dict[str, dict[str, str]] = {"person": {}, "talk": {}}
    for person in built["people"]:
        for name in person.names:
            by_name["person"].setdefault(slugify(name), person.id)
        by_name["person"].setdefault(person.id, person.id)
    for talk in built["talks"]:
        by_name["talk"].setdefault(slugify(talk.title), talk.id)
        by_name["talk"].setdefault(talk.id, talk.id)
    problems = []
    for kind, text, line, where, shown in names:
        slug = slugify(text)
        known = by_name.get(kind, {})
        guess = known.get(slug)
        if guess is None and known:
            found = process.extractOne(slug, list(known), score_cutoff=85)
            guess = known[found[0]] if found else None
        if guess:
            hint = f"did you mean {guess}?"
        elif kind == "person":
            hint = f"add the person to people.yaml (e.g. id: {slug or 'first-last'}) and write that id here"
        else:
            hint = "write the id of a talk in knowledge/talks/ (its file name without .yaml)"
        problems.append(Problem(shown, line, f"{where}: '{text}' is not an id: {hint}"))
    return problems


def _check_unique(built: dict[str, list[Any]]) -> list[Problem]:
    problems = []
    for key, attr in (("talks", "id"), ("people", "id"), ("events", "id"), ("series", "id"), ("terms", "term")):
        first: dict[str, Any] = {}
        for obj in built[key]:
            ident = getattr(obj, attr)
            norm = ident.casefold()
            if norm in first:
                other = first[norm]
                problems.append(
                    Problem(obj.path, obj.line, f"duplicate {attr} '{ident}' (already used at {other.path}:{other.line})")
                )
            else:
                first[norm] = obj
    return problems
