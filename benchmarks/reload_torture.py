"""Reload torture: random edits of a live knowledge folder while a question is asked every
20 ms. Valid edits (new talks, editor-style atomic renames, writes interrupted half-way,
renames, deletions, folders moved in and out) must be served within 2 s; invalid ones
(broken YAML, binary, 5 MB, links out of the folder, alias bombs, deep nesting) refused with
file:line while the last good knowledge keeps answering; never an outage, never a dead watcher.

    python benchmarks/reload_torture.py                  # 200 edits, real watchfiles (polling)
    python benchmarks/reload_torture.py --edits 40 --seed 2 --json

Exit status 0 when every property held. tests/test_reload_torture.py runs a short version.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "src"))

from talkbot.config import default_knowledge_dir  # noqa: E402
from talkbot.knowledge.service import KnowledgeService  # noqa: E402
from talkbot.knowledge.watcher import KnowledgeWatcher  # noqa: E402

QUESTION = "who presented the I3 instrument?"
SERVE_WITHIN = 2.0
LOCATED = re.compile(r"^\S+\.ya?ml:\d+: ")

TALK = """\
id: {id}
title: "Torture talk {n}"
date: 2031-01-{day:02d}
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
summary: >-
  A talk written by the reload torture, number {n}.
speakers:
  - person: {person}
    role: Speaker
sections:
  - id: intro
    title: Introduction
    points:
      - Point {n} of the torture.
tags: [torture]
sources:
  - title: Torture page
"""


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


INVALID = {
    "broken-yaml": lambda rng: 'id: [oops\ntitle: "x\n',
    "binary": lambda rng: bytes(rng.randrange(256) for _ in range(4096)),
    "five-mb": lambda rng: "# " + "x" * (5 * 1024 * 1024) + "\n",
    "alias-bomb": lambda rng: _bomb(),
    "self-alias": lambda rng: "a: &x [*x]\n",
    "deep": lambda rng: "x: " + "[" * 999 + "]" * 999 + "\n",
    "python-tag": lambda rng: "id: !!python/object:os.system {}\n",
    "missing-fields": lambda rng: "id: 2031-02-01-incomplete\n",
}
VALID = ("new", "atomic-rename", "half-then-whole", "rename", "delete", "folder-in", "folder-out")


@dataclass
class Report:
    edits: int = 0
    valid: int = 0
    invalid: int = 0
    served_late: list[tuple[str, float]] = field(default_factory=list)
    refused_unlocated: list[str] = field(default_factory=list)
    not_refused: list[str] = field(default_factory=list)
    questions: int = 0
    outages: int = 0
    watcher_restarts: int = 0
    watcher_died: bool = False
    slowest_serve: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.served_late or self.refused_unlocated or self.not_refused or self.outages
                    or self.watcher_restarts or self.watcher_died)  # fmt: skip


async def torture(folder: Path, edits: int, seed: int = 1, *, poll_ms: int = 50, debounce_ms: int = 50) -> Report:
    rng = random.Random(seed)
    report = Report()
    person = re.search(r"^  - id: (\S+)", (folder / "people.yaml").read_text(), re.M).group(1)
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    service = KnowledgeService(folder)
    service.load()
    results = []

    async def notify(result):
        results.append(result)

    watcher = KnowledgeWatcher(service, notify, debounce_ms=debounce_ms, force_polling=True, poll_delay_ms=poll_ms)
    watch_task = asyncio.create_task(watcher.run())
    stop = asyncio.Event()

    async def asker():
        while not stop.is_set():
            report.questions += 1
            try:
                reply = await asyncio.to_thread(service.engine.answer, QUESTION)
                if not reply.answered:
                    report.outages += 1
            except Exception:
                report.outages += 1
            await asyncio.sleep(0.02)

    ask_task = asyncio.create_task(asker())
    added: list[Path] = []  # talk files of ours that are in the folder
    moved: list[Path] = []  # folders of ours moved into the folder
    counter = 0

    def talk_text() -> tuple[str, str]:
        nonlocal counter
        counter += 1
        talk_id = f"2031-01-{counter % 28 + 1:02d}-torture-{counter}"
        return talk_id, TALK.format(id=talk_id, n=counter, day=counter % 28 + 1, person=person)

    async def until(predicate, timeout=SERVE_WITHIN * 3) -> float | None:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if predicate():
                return time.perf_counter() - started
            await asyncio.sleep(0.01)
        return None

    def ids() -> set[str]:
        return {t.id for t in service.kb.talks}

    async def expect_served(kind: str, present: set[str], absent: set[str], started: float) -> None:
        waited = await until(lambda: present <= ids() and not (absent & ids()))
        took = time.perf_counter() - started
        if waited is None or took > SERVE_WITHIN:
            report.served_late.append((kind, round(took, 2)))
        report.slowest_serve = max(report.slowest_serve, took)

    await asyncio.sleep(0.5)  # the watcher's first scan
    try:
        for _ in range(edits):
            report.edits += 1
            if rng.random() < 0.4:
                kind = rng.choice([*sorted(INVALID), "link-out"])
                report.invalid += 1
                report.kinds[kind] = report.kinds.get(kind, 0) + 1
                seen = len(results)
                bad = folder / "talks" / f"bad-{report.edits}.yaml"
                if kind == "link-out":
                    target = outside / f"target-{report.edits}.yaml"
                    target.write_text(talk_text()[1])
                    bad.symlink_to(target)
                else:
                    data = INVALID[kind](rng)
                    bad.write_bytes(data if isinstance(data, bytes) else data.encode())
                before = ids()
                waited = await until(lambda seen=seen: any(not r.ok for r in results[seen:]))
                refused = [r for r in results[seen:] if not r.ok]
                if waited is None or not refused:
                    report.not_refused.append(kind)
                elif not all(LOCATED.match(str(p)) for p in refused[-1].problems):
                    report.refused_unlocated.append(f"{kind}: {refused[-1].problems[0]}")
                if ids() != before:
                    report.not_refused.append(f"{kind} changed the knowledge")
                bad.unlink()
                await until(lambda: not service.pending)
                continue
            kind = rng.choice(VALID)
            report.valid += 1
            report.kinds[kind] = report.kinds.get(kind, 0) + 1
            started = time.perf_counter()
            if kind in ("new", "atomic-rename", "half-then-whole") or (kind in ("rename", "delete") and not added) \
                    or (kind == "folder-out" and not moved):  # fmt: skip
                talk_id, text = talk_text()
                path = folder / "talks" / f"{talk_id}.yaml"
                if kind == "atomic-rename":  # how editors save: a hidden temporary file, then a rename
                    tmp = path.with_name(f".{path.name}.swp")
                    tmp.write_text(text)
                    os.replace(tmp, path)
                elif kind == "half-then-whole":  # a write seen half-way
                    path.write_text(text[: len(text) // 2])
                    await asyncio.sleep(rng.choice((0.0, 0.05, 0.3)))
                    path.write_text(text)
                else:
                    path.write_text(text)
                added.append(path)
                await expect_served(kind, {talk_id}, set(), started)
            elif kind == "rename":
                path = added.pop(rng.randrange(len(added)))
                renamed = path.with_name(f"renamed-{report.edits}-{path.name}")
                path.rename(renamed)
                added.append(renamed)
                talk_id = re.search(r"^id: (\S+)", renamed.read_text(), re.M).group(1)
                await expect_served(kind, {talk_id}, set(), started)
            elif kind == "delete":
                path = added.pop(rng.randrange(len(added)))
                talk_id = re.search(r"^id: (\S+)", path.read_text(), re.M).group(1)
                path.unlink()
                await expect_served(kind, set(), {talk_id}, started)
            elif kind == "folder-in":
                batch = outside / f"batch-{report.edits}"
                batch.mkdir()
                new_ids = set()
                for _ in range(rng.randrange(1, 4)):
                    talk_id, text = talk_text()
                    (batch / f"{talk_id}.yaml").write_text(text)
                    new_ids.add(talk_id)
                target = folder / "talks" / batch.name
                batch.rename(target)
                moved.append(target)
                await expect_served(kind, new_ids, set(), started)
            else:  # folder-out
                target = moved.pop(rng.randrange(len(moved)))
                gone = {re.search(r"^id: (\S+)", p.read_text(), re.M).group(1) for p in target.glob("*.yaml")}
                target.rename(outside / f"{target.name}-out")
                await expect_served(kind, set(), gone, started)
    finally:
        stop.set()
        await ask_task
        report.watcher_restarts = watcher.restarts
        report.watcher_died = watch_task.done()
        watcher.stop()
        try:
            await asyncio.wait_for(watch_task, 5)
        except (TimeoutError, asyncio.CancelledError):
            watch_task.cancel()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "knowledge"
        shutil.copytree(default_knowledge_dir(), folder)
        started = time.perf_counter()
        report = asyncio.run(torture(folder, args.edits, args.seed))
        seconds = time.perf_counter() - started
    figures = {**report.__dict__, "seconds": round(seconds, 1), "ok": report.ok}
    figures["slowest_serve"] = round(report.slowest_serve, 2)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>18}: {value}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
