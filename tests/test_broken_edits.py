"""Fifty-odd deliberately broken knowledge edits: each is refused with file:line problems,
and the knowledge in use does not change, whether the edit is saved on the server (reload)
or uploaded from Discord (store)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from _admin_support import copy_knowledge, service_for
from conftest import KNOWLEDGE
from talkbot.errors import KnowledgeError, UploadError
from talkbot.knowledge.store import KnowledgeStore

NEW = "talks/2030-01-15-test-talk.yaml"
TALK = sorted((KNOWLEDGE / "talks").glob("*.yaml"))[-1].relative_to(KNOWLEDGE).as_posix()
PERSON = re.search(r"^  - id: (\S+)", (KNOWLEDGE / "people.yaml").read_text(), re.M).group(1)
OTHER_TALK_ID = re.search(r"^id: (\S+)", (KNOWLEDGE / TALK).read_text(), re.M).group(1)

MINI = f"""\
id: 2030-01-15-test-talk
title: "A test talk"
date: 2030-01-15
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
summary: >-
  A talk written for the tests.
speakers:
  - person: {PERSON}
    role: Speaker
    organisation: Test Org
agenda:
  - title: Welcome
    speakers: [{PERSON}]
sections:
  - id: intro
    title: Introduction
    points:
      - The test talk has an introduction.
      - by: [{PERSON}]
        text: The speaker said something.
tags: [test]
sources:
  - title: Test page
"""


def sub(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"test anchor {old!r} not found"
        return text.replace(old, new, count)

    return edit


def regex(pattern: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        result, n = re.subn(pattern, new, text, count=1, flags=re.M)
        assert n, f"test anchor {pattern!r} not found"
        return result

    return edit


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text.rstrip("\n") + "\n" + extra


def whole(content: str | bytes) -> Callable[[str], str | bytes]:
    return lambda _text: content


def first_person_again(text: str) -> str:
    block = re.search(r"^  - id: .*?(?=^  - id: |\Z)", text, re.M | re.S).group(0)
    return text.rstrip("\n") + "\n" + block


# (case id, file edited, edit, a word the problems must contain)
def _bomb(levels: int = 9) -> str:
    """'Billion laughs': a few hundred bytes that expand to 9**levels strings."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BOMB = _bomb()


CASES: list[tuple[str, str, Callable[[str], str | bytes], str]] = [
    # YAML syntax
    ("unclosed-quote", NEW, sub('title: "A test talk"', 'title: "A test talk'), "syntax"),
    ("bad-indent", NEW, sub("title:", "   title:"), "syntax"),
    ("tab-indent", NEW, sub("    role: Speaker", "\trole: Speaker"), "syntax"),
    ("unclosed-bracket", NEW, sub("tags: [test]", "tags: [test"), "syntax"),
    ("colon-in-value", NEW, sub("role: Speaker", "role: Speaker: Chair"), "syntax"),
    ("duplicate-key", NEW, sub("timezone:", "title: Again\ntimezone:"), "duplicate key"),
    ("dedent-in-list", NEW, sub("    organisation: Test Org", "  organisation: Test Org"), ""),
    ("empty-file", NEW, whole(""), "empty"),
    ("comments-only", NEW, whole("# nothing here yet\n"), "empty"),
    ("binary-png", NEW, whole(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "not"),
    ("latin-1", NEW, whole("title: caf\xe9\n".encode("latin-1")), "UTF-8"),
    ("top-level-list", NEW, whole("- one\n- two\n"), "mapping"),
    ("top-level-text", NEW, whole("just a sentence\n"), "mapping"),
    # Missing or empty required fields
    ("missing-id", NEW, regex(r"^id: .*\n", ""), "id"),
    ("missing-title", NEW, regex(r"^title: .*\n", ""), "title"),
    ("missing-date", NEW, regex(r"^date: .*\n", ""), "date"),
    ("missing-start", NEW, regex(r"^start: .*\n", ""), "start"),
    ("missing-sources", NEW, regex(r"^sources:\n(  .*\n)+", ""), "sources"),
    ("missing-summary", NEW, regex(r"^summary: >-\n  .*\n", ""), "summary"),
    ("empty-summary", NEW, regex(r"^summary: >-\n  .*\n", 'summary: "   "\n'), "summary"),
    # (no speakers at all is valid: a talk is announced before its speakers are; test_loader.py)
    # Wrong types
    ("title-mapping", NEW, sub('title: "A test talk"', "title: {a: b}"), "text"),
    ("summary-list", NEW, regex(r"^summary: >-\n  .*\n", "summary: [a, b]\n"), "text"),
    ("speakers-text", NEW, regex(r"^speakers:\n(  .*\n)+", "speakers: somebody\n"), "list"),
    ("tags-text", NEW, sub("tags: [test]", "tags: test"), "list"),
    ("points-number", NEW, regex(r"^    points:\n(      .*\n)+", "    points: 5\n"), "list"),
    ("speaker-string", NEW, sub(f"  - person: {PERSON}\n    role: Speaker\n    organisation: Test Org", f"  - {PERSON}"), "appearance"),
    ("unknown-field", NEW, sub("summary:", "speeker: x\nsummary:"), "speeker"),
    ("unknown-field-nested", NEW, sub("    role: Speaker", "    rolle: Speaker"), "rolle"),
    ("bad-id", NEW, sub("id: 2030-01-15-test-talk", "id: Test Talk"), "valid id"),
    ("bad-section-id", NEW, sub("  - id: intro", "  - id: Intro Part"), "valid id"),
    # Dates, times, zones
    ("impossible-date", NEW, sub("date: 2030-01-15", "date: 2030-02-30"), "2030-02-30"),
    ("month-13", NEW, sub("date: 2030-01-15", "date: 2030-13-01"), "2030-13-01"),
    ("date-dmy", NEW, sub("date: 2030-01-15", "date: 15/01/2030"), "YYYY-MM-DD"),
    ("date-words", NEW, sub("date: 2030-01-15", "date: next Tuesday"), "YYYY-MM-DD"),
    ("time-25", NEW, sub('start: "08:30"', 'start: "25:00"'), "HH:MM"),
    ("time-words", NEW, sub('start: "08:30"', "start: half past eight"), "HH:MM"),
    ("end-before-start", NEW, sub('end: "09:45"', 'end: "07:00"'), "before it starts"),
    ("zone-typo", NEW, sub("timezone: Europe/Brussels", "timezone: Europe/Bruxelles"), "time zone"),
    ("zone-abbreviation", NEW, sub("timezone: Europe/Brussels", "timezone: CET"), "time zone"),
    # Duplicates and references
    ("duplicate-talk-id", NEW, sub("id: 2030-01-15-test-talk", f"id: {OTHER_TALK_ID}"), "duplicate id"),
    ("duplicate-section-id", NEW, sub("tags:", "  - id: intro\n    title: Again\n    points: [Another point.]\ntags:"),
     "duplicate section"),
    ("unknown-speaker", NEW, sub(f"  - person: {PERSON}", "  - person: nobody-at-all"), "unknown person"),
    ("unknown-point-author", NEW, sub(f"      - by: [{PERSON}]", "      - by: [nobody-at-all]"), "unknown person"),
    ("unknown-agenda-speaker", NEW, sub(f"    speakers: [{PERSON}]", "    speakers: [nobody-at-all]"), "unknown person"),
    ("duplicate-person", "people.yaml", first_person_again, "duplicate id"),
    ("person-without-name", "people.yaml", append("  - id: nobody-here\n"), "name"),
    ("renamed-person-breaks-refs", "people.yaml", regex(rf"^  - id: {PERSON}$", "  - id: renamed-person"), "unknown person"),
    ("people-typo-key", "people.yaml", append("peoples:\n  - id: x\n    name: X\n"), "top-level"),
    ("people-not-list", "people.yaml", whole("people: everyone\n"), "list"),
    ("event-bad-kind", "events.yaml", regex(r"^    kind: \S+$", "    kind: party"), "not one of"),
    ("event-end-before-start", "events.yaml", regex(r"^    end_date: \S+$", "    end_date: 2000-01-01"), "before start_date"),
    ("event-unknown-talk", "events.yaml", regex(r"^    announced_in: \[[^\]]*\]$", "    announced_in: [no-such-talk]"), "unknown talk"),
    ("event-online-maybe", "events.yaml", regex(r"^    online: \S+$", "    online: maybe"), "true or false"),
    ("duplicate-term", "glossary.yaml", append("  - term: ECCP\n    stands_for: Again\n"), "duplicate term"),
    ("empty-glossary", "glossary.yaml", regex(r"^terms:\n(.*\n?)*", "terms: []\n"), "empty list"),
    ("series-sections-mapping", "series.yaml", regex(r"^    sections:$", "    sections: {a: b}\n    old_sections:"), "list"),
    ("talk-truncated", TALK, lambda text: text[: len(text) // 3].rsplit("\n", 2)[0] + '\n  "', ""),
    ("talk-month-13", TALK, regex(r"^date: (\d{4})-\d\d-", r"date: \1-13-"), "-13-"),
    # Hostile files: refused at once, with file:line, in bounded time and memory
    ("alias-bomb", NEW, whole(BOMB), "aliases"),
    ("alias-self", NEW, whole("a: &x [*x]\n"), "aliases"),
    ("alias-merge", NEW, lambda t: "base: &b {title: x}\n" + t.replace("tags:", "<<: *b\ntags:"), "aliases"),
    ("nested-999-lists", NEW, whole("x: " + "[" * 999 + "]" * 999 + "\n"), "nested"),
    ("nested-200-maps", NEW, whole("".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n"), "nested"),
    ("python-object-tag", NEW, sub('title: "A test talk"', "title: !!python/object:os.system {}"), "!!python/object"),
    ("custom-tag", NEW, sub('title: "A test talk"', 'title: !secret "A test talk"'), "!secret"),
]


def _write(folder: Path, rel: str, edit: Callable[[str], str | bytes]) -> bytes:
    path = folder / rel
    base = path.read_text(encoding="utf-8") if path.exists() else MINI
    data = edit(base)
    return data.encode("utf-8") if isinstance(data, str) else data


def _check_problems(problems, rel: str, expect: str) -> None:
    assert problems, "the broken edit was accepted"
    text = "\n".join(str(p) for p in problems)
    for p in problems:
        assert p.line >= 1 and p.path.endswith((".yaml", ".yml")), f"unlocated problem: {p}"
        assert re.match(r"^\S+\.ya?ml:\d+: ", str(p)), str(p)
    assert Path(rel).name in text, f"no problem names {rel}:\n{text}"
    assert expect.lower() in text.lower(), f"expected {expect!r} in:\n{text}"


def test_there_are_at_least_fifty_cases():
    assert len(CASES) >= 50
    assert len({c[0] for c in CASES}) == len(CASES)


def test_the_minimal_talk_itself_is_valid(tmp_path):
    folder = copy_knowledge(tmp_path)
    (folder / NEW).write_text(MINI, encoding="utf-8")
    service = service_for(folder)
    assert any(t.id == "2030-01-15-test-talk" for t in service.kb.talks)


@pytest.mark.parametrize(("case", "rel", "edit", "expect"), CASES, ids=[c[0] for c in CASES])
def test_broken_edit_is_refused_on_disk_and_on_upload(tmp_path, case, rel, edit, expect):
    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    kb, engine, version = service.kb, service.engine, service.version
    target = folder / rel
    original = target.read_bytes() if target.exists() else None
    data = _write(folder, rel, edit)

    # 1. Uploaded from Discord: refused before anything is written.
    store = KnowledgeStore(service, tmp_path / "history")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with pytest.raises(UploadError) as info:
        store.upload(Path(rel).name, data, by="tester")
    if data.strip():  # an empty upload is refused before validation, with its own message
        _check_problems(info.value.problems, rel, expect)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert service.kb is kb

    # 2. Saved on the server: the reload is refused and the last good knowledge keeps serving.
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    result = service.reload()
    assert not result.ok
    _check_problems(result.problems, rel, expect)
    assert service.kb is kb and service.engine is engine and service.version == version
    assert service.pending == result.problems

    # 3. Fixing the file reloads it.
    if original is None:
        target.unlink()
    else:
        target.write_bytes(original)
    assert service.reload().ok and service.version == version and service.pending == ()


@pytest.mark.parametrize("text", [BOMB, "a: &x [*x]\n", "x: " + "[" * 999 + "]" * 999 + "\n"], ids=["bomb", "self", "deep"])
def test_hostile_yaml_costs_neither_time_nor_memory(tmp_path, text):
    """A 9-level bomb once took minutes and gigabytes; a self-reference escaped as RecursionError."""
    import time
    import tracemalloc

    from talkbot.knowledge.loader import load_files

    folder = copy_knowledge(tmp_path)
    path = folder / NEW
    path.write_text(text)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(KnowledgeError) as info:
            load_files([path], folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 5_000_000
    assert re.match(r"^\S+\.yaml:[12]: ", str(info.value.problems[0]))


def test_links_out_of_the_folder_are_refused_and_never_quoted(tmp_path):
    """A link to a valid talk outside was served; one to /etc/passwd quoted its first line."""
    from talkbot.knowledge.store import knowledge_files

    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    kb = service.kb
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "talk.yaml").write_text(MINI)
    (outside / "passwd").write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n")
    (folder / NEW).symlink_to(outside / "talk.yaml")
    (folder / "talks" / "passwd.yaml").symlink_to(outside / "passwd")
    result = service.reload()
    assert not result.ok and service.kb is kb
    text = "\n".join(str(p) for p in result.problems)
    assert f"knowledge/{NEW}:1: links to a file outside the knowledge folder" in text
    assert "knowledge/talks/passwd.yaml:1: links to a file outside" in text
    assert "SECRET" not in text
    assert not any(p.name in ("passwd.yaml", Path(NEW).name) for p in knowledge_files(folder))  # never archived

    # A file that is not knowledge at all is not quoted either.
    (folder / "talks" / "passwd.yaml").unlink()
    (folder / "talks" / "passwd.yaml").write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n")
    (folder / NEW).unlink()
    result = service.reload()
    assert not result.ok and "SECRET" not in "\n".join(str(p) for p in result.problems)
