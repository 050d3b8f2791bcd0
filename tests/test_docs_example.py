"""The full example in docs/knowledge.md stays valid and answerable as the schema evolves."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from talkbot.answer.engine import Engine
from talkbot.knowledge.loader import load_dir

ROOT = Path(__file__).resolve().parents[1]


def test_documented_talk_example_validates_and_answers(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "knowledge.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    talk = next(b for b in blocks if "sections:" in b and "sources:" in b)
    shared = next(b for b in blocks if "# people.yaml" in b)
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    (folder / "talks" / "2025-01-15-example.yaml").write_text(talk, encoding="utf-8")
    # the shared snippet shows three files' worth of entries; keep the new person and event
    people = yaml.safe_load(shared.split("# events.yaml")[0])
    events = yaml.safe_load(shared.split("# events.yaml")[1].split("# glossary.yaml")[0])
    (folder / "people-example.yaml").write_text(yaml.safe_dump(people), encoding="utf-8")
    (folder / "events-example.yaml").write_text(yaml.safe_dump(events), encoding="utf-8")

    kb = load_dir(folder)
    assert kb.talk("2025-01-15-example") is not None
    reply = Engine(kb).answer("How many workers did the Example Skills Cluster train?")
    assert reply.answered and "400" in reply.text
    assert reply.citations[0].talk_id == "2025-01-15-example"
