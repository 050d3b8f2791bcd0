"""Score `talkbot draft` against pages whose right fields were written down by hand.

    python benchmarks/score_drafts.py DIR [DIR ...] [--show]

Each DIR holds pairs NAME.txt (the page's text) and NAME.json (what the page states):
``kind`` (talk / event / null), ``title`` (a string, a list of accepted strings, or null when
the page states none), ``date`` and ``end_date`` (YYYY-MM-DD, or null when the page does not
state the day with its year), ``start`` ("HH:MM", or null when the page states none), ``place`` (a word the location must
contain), and for talks ``speakers``: ``name``, ``role``, ``organisation`` (strings or lists of
accepted strings).

Only what the draft prints counts: the YAML is parsed, names come from its NEW PEOPLE block,
and a field is "marked" when its line (or the comment line just above it) says ``# REVIEW``.
Printed per field: how often it is right where the page states it, speaker recall and
precision, role and organisation of found speakers, and the fields that are wrong without a
``# REVIEW`` mark ("silently wrong"); a date the page does not state is silently wrong when the
draft gives one unmarked, and so is a start time.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from talkbot.knowledge.draft import draft_text, new_people_yaml, strip_honorifics


def norm(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def accepted(expected) -> list[str]:
    return [e for e in (expected if isinstance(expected, list) else [expected]) if e is not None]


def same(got: str, expected, fuzzy: int = 0) -> bool:
    for e in accepted(expected):
        if norm(got) == norm(e) or (fuzzy and fuzz.ratio(norm(got), norm(e)) >= fuzzy):
            return True
    return False


def marked_lines(text: str) -> dict[int, bool]:
    lines = text.split("\n")
    return {i: "# REVIEW" in line or (i > 0 and lines[i - 1].lstrip().startswith("# REVIEW")) for i, line in enumerate(lines)}


def field_line(text: str, key: str) -> int | None:
    for i, line in enumerate(text.split("\n")):
        if re.match(rf"^\s*(?:- )?{key}:", line):
            return i
    return None


def read_draft(text: str) -> dict:
    """What an admin would read in the draft: fields, speakers by name, and which are marked."""
    data = yaml.safe_load(text) or {}
    marks = marked_lines(text)
    out: dict = {"kind": "event" if "events" in data else "talk"}
    record = data["events"][0] if "events" in data else data
    names = {p["id"]: p["name"] for p in (yaml.safe_load(new_people_yaml(text)) or [])}
    for key, name in (("title", "title"), ("date", "date"), ("start_date", "date"), ("end_date", "end_date"),
                      ("start", "start"), ("start_time", "start"), ("location", "place")):
        if key in record:
            line = field_line(text, key)
            value = record[key]
            out[name] = None if value is None else str(value)
            out[f"{name}_marked"] = bool(line is not None and marks[line])
    speakers = []
    lines = text.split("\n")
    # the '- person:' lines of the speakers block only (a moderators block may come first)
    start = next((i for i, line in enumerate(lines) if line.startswith("speakers:")), len(lines))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[a-z_]+:", lines[i])), len(lines))
    person_lines = [i for i in range(start, end) if re.match(r"^  - person:", lines[i])]
    for appearance, line in zip(record.get("speakers") or [], person_lines, strict=False):
        speakers.append({
            "name": names.get(appearance["person"], appearance["person"]),
            "role": appearance.get("role", ""),
            "organisation": appearance.get("organisation", ""),
            "marked": marks[line],
        })
    out["speakers"] = speakers
    return out


class Tally:
    def __init__(self) -> None:
        self.right: dict[str, int] = {}
        self.asked: dict[str, int] = {}
        self.silent: list[str] = []
        self.lines: list[str] = []

    def count(self, name: str, ok: bool) -> None:
        self.asked[name] = self.asked.get(name, 0) + 1
        self.right[name] = self.right.get(name, 0) + int(ok)

    def pct(self, name: str) -> str:
        n = self.asked.get(name, 0)
        return f"{100 * self.right.get(name, 0) / n:5.1f}% ({self.right.get(name, 0)}/{n})" if n else "  n/a"


def score_page(page: Path, tally: Tally, show: bool) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    rendered, _ = draft_text(page.read_text(encoding="utf-8"), page.name)
    got = read_draft(rendered)
    name = page.stem
    problems = []

    def wrong(field: str, detail: str, marked: bool) -> None:
        problems.append(f"{field}: {detail}{'' if marked else '  <-- SILENTLY WRONG'}")
        if not marked:
            tally.silent.append(f"{name} {field}: {detail}")

    if expected.get("kind"):
        tally.count("kind", got["kind"] == expected["kind"])
        if got["kind"] != expected["kind"]:
            problems.append(f"kind: {got['kind']} (expected {expected['kind']})")
    if expected.get("title") is not None:
        ok = same(got.get("title") or "", expected["title"], fuzzy=92)
        tally.count("title", ok)
        if not ok:
            wrong("title", f"{got.get('title')!r} (expected {accepted(expected['title'])[0]!r})", got.get("title_marked", False))
    if "date" in expected:
        exp_date, exp_end = expected["date"], expected.get("end_date")
        if exp_date is not None:
            ok = got.get("date") == exp_date and (got.get("end_date") or None) == exp_end
            tally.count("date", ok)
            if not ok:
                wrong("date", f"{got.get('date')}..{got.get('end_date')} (expected {exp_date}..{exp_end})",
                      got.get("date_marked", False) or got.get("end_date_marked", False))
        elif got.get("date") and not got.get("date_marked"):
            wrong("date", f"{got.get('date')} given, but the page does not state the date", False)
    if expected.get("start") is not None:
        ok = got.get("start") == expected["start"]
        tally.count("start time", ok)
        if not ok:
            wrong("start", f"{got.get('start')} (expected {expected['start']})", got.get("start_marked", False))
    elif "start" in expected and got.get("start") and not got.get("start_marked"):
        wrong("start", f"{got.get('start')} given, but the page states no start time", False)
    if expected.get("place"):
        ok = norm(expected["place"]) in norm(got.get("place") or "")
        tally.count("place", ok)
    if "speakers" in expected and expected.get("kind") in ("talk", None):
        found = got["speakers"] if got["kind"] == "talk" else []
        matched_drafted: set[int] = set()
        for exp in expected["speakers"]:
            names = accepted(exp["name"])  # a name, or a list of its accepted spellings
            hit = next((i for i, s in enumerate(found) if i not in matched_drafted and any(
                fuzz.ratio(norm(strip_honorifics(s["name"])), norm(n)) >= 90 for n in names)), None)
            tally.count("speaker recall", hit is not None)
            if hit is None:
                problems.append(f"speaker missed: {names[0]}")
                continue
            matched_drafted.add(hit)
            s = found[hit]
            # a role or organisation the page does not state (null) is not scored
            role_ok = same(s["role"], exp["role"]) if accepted(exp["role"]) else True
            org_ok = same(s["organisation"], exp["organisation"]) if accepted(exp["organisation"]) else True
            if accepted(exp["role"]):
                tally.count("role", role_ok)
            if accepted(exp["organisation"]):
                tally.count("organisation", org_ok)
            if not role_ok:
                wrong(f"role of {names[0]}", f"{s['role']!r} (expected {accepted(exp['role'])[0]!r})", s["marked"])
            if not org_ok:
                wrong(f"organisation of {names[0]}", f"{s['organisation']!r} (expected {accepted(exp['organisation'])[0]!r})", s["marked"])
        for i, s in enumerate(found):
            tally.count("speaker precision", i in matched_drafted)
            if i not in matched_drafted:
                wrong("speaker", f"{s['name']!r} is not a speaker of this page", s["marked"])
    if show:
        tally.lines.append(f"== {name}" + "".join(f"\n   {p}" for p in problems) if problems else f"== {name}: all right")


def main(argv: list[str]) -> int:
    show = "--show" in argv
    dirs = [Path(a) for a in argv if not a.startswith("--")]
    if not dirs:
        print(__doc__)
        return 2
    pages = sorted(p for d in dirs for p in d.glob("*.txt") if p.with_suffix(".json").is_file())
    tally = Tally()
    for page in pages:
        score_page(page, tally, show)
    for line in tally.lines:
        print(line)
    print(f"{len(pages)} pages")
    for name in ("kind", "title", "date", "start time", "place", "speaker recall", "speaker precision", "role", "organisation"):
        print(f"  {name:18} {tally.pct(name)}")
    print(f"  silently wrong     {len(tally.silent)} field(s) wrong without a # REVIEW mark")
    for s in tally.silent:
        print(f"    - {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
