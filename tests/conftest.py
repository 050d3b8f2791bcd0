"""Shared fixtures: the shipped knowledge and an engine on it (built once), and small knowledge
folders written into ``tmp_path`` for the loader and CLI tests."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from talkbot.answer.engine import Engine
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.models import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"

#: a small, valid knowledge folder; tests change one thing in it and look for the problem
PEOPLE_YAML = """\
people:
  - id: ada-lovelace
    name: Ada Lovelace
    aliases: [Augusta Ada King]
  - id: alan-turing
    name: Alan Turing
"""

TALK_YAML = """\
# A small talk used by the loader tests
id: 2030-01-15-engines
title: Analytical engines for clusters
date: 2030-01-15
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
summary: >-
  Ada Lovelace and Alan Turing discussed analytical engines for cluster managers.
speakers:
  - person: ada-lovelace
    role: Countess
    organisation: Analytical Society
  - person: alan-turing
    role: Mathematician
    organisation: Bletchley Park
sections:
  - id: engines
    title: Engines
    points:
      - by: [ada-lovelace]
        text: Ada Lovelace said the engine weaves algebraic patterns.
tags: [engines]
sources:
  - title: Notes
"""

MINIMAL_FILES: dict[str, str] = {"people.yaml": PEOPLE_YAML, "talks/2030-01-15-engines.yaml": TALK_YAML}

#: the shared files of a knowledge folder, their list's key, and what identifies an entry
SHARED_FILES = (("people.yaml", "people"), ("events.yaml", "events"), ("glossary.yaml", "terms"))


def knowledge_with(extra: Path, root: Path) -> Path:
    """The shipped knowledge plus the talks of ``extra/talks`` and the entries listed in
    ``extra``'s people, events and glossary files, written to ``root``: talks an admin adds."""
    shutil.copytree(KNOWLEDGE, root)
    for talk in (extra / "talks").glob("*.yaml"):
        shutil.copy(talk, root / "talks" / talk.name)
    for name, key in SHARED_FILES:
        added = yaml.safe_load((extra / name).read_text(encoding="utf-8")) if (extra / name).exists() else None
        if added:
            shipped = yaml.safe_load((root / name).read_text(encoding="utf-8"))
            shipped[key].extend(added)
            (root / name).write_text(yaml.safe_dump(shipped, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line of ``text`` containing ``needle`` (what a problem must name)."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not found in the text"
    return hits[nth - 1]


@pytest.fixture(autouse=True)
def _settings_of_the_tests(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test sees the shipped knowledge and nothing of the developer's own settings.

    Commands read ``.env`` from the working directory: a developer's real one (with a token)
    must never reach a test, so tests run from an empty folder; tests of the defaults set
    their own working directory and delete TALKBOT_KNOWLEDGE.
    """
    for name in [n for n in os.environ if n.startswith("TALKBOT_") or n == "DISCORD_TOKEN"]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TALKBOT_KNOWLEDGE", str(KNOWLEDGE))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge, loaded once per session."""
    return load_dir(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """An engine on the shipped knowledge, built once per session (answers are read-only)."""
    return Engine(kb)


WriteKnowledge = Callable[..., Path]


@pytest.fixture
def write_knowledge(tmp_path: Path) -> WriteKnowledge:
    """Write a knowledge folder ``tmp_path/knowledge`` and return its path.

    ``files`` maps a relative path to its content: a string (written as it is, dedented) or
    a mapping (dumped as YAML) or bytes (written raw). With ``base=MINIMAL_FILES`` (the default)
    the small valid folder is written first and ``files`` add to or replace its files; pass
    ``base=None`` to start empty, or ``base=KNOWLEDGE`` to start from a copy of the shipped knowledge.
    """

    def write(files: Mapping[str, str | bytes | Mapping[str, Any] | None] | None = None,
              base: Mapping[str, str] | Path | None = MINIMAL_FILES) -> Path:
        root = tmp_path / "knowledge"
        if root.exists():
            shutil.rmtree(root)
        if isinstance(base, Path):
            shutil.copytree(base, root)
        else:
            root.mkdir()
            for name, content in (base or {}).items():
                _write(root / name, content)
        for name, content in (files or {}).items():
            if content is None:
                (root / name).unlink()
            else:
                _write(root / name, content)
        return root

    return write


def _write(path: Path, content: str | bytes | Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(dict(content), sort_keys=False, allow_unicode=True), encoding="utf-8")


#: talks as first announced or called off (issue 12), added to the shipped knowledge
ANNOUNCED_TALKS: dict[str, str] = {
    "talks/2030-02-06-hydrogen-valleys.yaml": """\
id: 2030-02-06-hydrogen-valleys
title: "Hydrogen valleys: regional ecosystems for clean energy"
date: 2030-02-06
start: "08:30"
timezone: Europe/Brussels
summary: >-
  The talk will look at how clusters help regions build hydrogen valleys.
sources:
  - title: Announcement page
""",
    "talks/2030-01-23-circular-textiles.yaml": """\
id: 2030-01-23-circular-textiles
title: "Circular textiles: clusters closing the loop"
date: 2030-01-23
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
status: cancelled
status_reason: The organisers could not confirm the panel in time
summary: >-
  The talk was to show how textile clusters reuse fibres.
sources:
  - title: Announcement page
""",
    "talks/2030-03-06-space-clusters.yaml": """\
id: 2030-03-06-space-clusters
title: "Space clusters and the downstream market"
date: 2030-03-06
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
status: postponed
status_reason: A new date will be announced after the summer.
summary: >-
  The talk is about how space clusters sell satellite data services.
sources:
  - title: Announcement page
""",
}


@pytest.fixture(scope="session")
def announced_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The shipped knowledge plus ``ANNOUNCED_TALKS``."""
    root = tmp_path_factory.mktemp("announced") / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    for name, text in ANNOUNCED_TALKS.items():
        (root / name).write_text(text, encoding="utf-8")
    return load_dir(root)


@pytest.fixture(scope="session")
def announced_engine(announced_kb: KnowledgeBase) -> Engine:
    return Engine(announced_kb)
