"""The shipped JSON Schemas equal the generated ones and agree with the loader."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import KNOWLEDGE
from talkbot.knowledge import editor_schema as E
from talkbot.knowledge import loader

SHIPPED = sorted(KNOWLEDGE.rglob("*.yaml"))


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()  # the YAML language server reads dates as strings
    return value


def _schema_for(path: Path) -> dict:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(E.HEADER_PREFIX), f"{path}: first line must point editors at the schema"
    target = (path.parent / first[len(E.HEADER_PREFIX):]).resolve()
    assert target.is_file(), f"{path}: the schema line points at a missing file {target}"
    return json.loads(target.read_text(encoding="utf-8"))


def test_shipped_schemas_are_generated_from_the_model():
    for name, text in E.rendered().items():
        shipped = KNOWLEDGE / E.SCHEMA_DIR / name
        assert shipped.read_text(encoding="utf-8") == text, f"{shipped} is stale: run `talkbot schema`"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_knowledge_file_points_at_its_schema_and_passes_it(path: Path):
    schema = _schema_for(path)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(_plain(yaml.safe_load(path.read_text())))]
    assert errors == []


def test_schema_patterns_match_the_loader():
    assert loader.SLUG.pattern == E.SLUG_PATTERN
    for text in ["08:30", "8:30", "9.45", "23h59", "24:00", "8:3", "noon"]:
        assert bool(re.match(E.TIME_PATTERN, text)) == bool(loader.TIME_RE.match(text)), text


def test_schema_rejects_what_the_loader_rejects():
    schema = json.loads(E.rendered()[E.TALK_SCHEMA])
    validator = jsonschema.Draft202012Validator(schema)
    bad = {"id": "Bad Id", "title": "t", "date": "2024-01-01", "start": "8:30", "end": "9:30",
           "timezone": "Europe/Brussels", "summary": "s", "speakers": [{"persn": "x"}], "sources": [{"title": "s"}]}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "does not match" in messages and "persn" in messages


def test_header_paths():
    assert E.header_for("talks/2024-01-01-x.yaml") == "# yaml-language-server: $schema=../schema/talk.schema.json"
    assert E.header_for("people.yaml") == "# yaml-language-server: $schema=schema/knowledge.schema.json"
    text = E.with_header("# yaml-language-server: $schema=old.json\nid: x\n", "people.yaml")
    assert text == "# yaml-language-server: $schema=schema/knowledge.schema.json\nid: x\n"
