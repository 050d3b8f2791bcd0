"""Answer quality on our own question sets, written without looking at the engine.

``tests/data/holdout_questions.jsonl`` asks about the shipped knowledge in other words than the
dev set; ``tests/data/new_talk/`` is a talk an admin might add tomorrow (its page, its YAML, its
people and events) with questions about it, answered with no code change. The bars sit a
little below today's figures so that a change that makes answers worse fails here first.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import KNOWLEDGE
from talkbot.answer.engine import Engine
from talkbot.knowledge.checks import fold  # score.py's folding, checked against it in test_checks
from talkbot.knowledge.loader import load_dir

DATA = Path(__file__).parent / "data"
MAX_CHARS = 1500


def _correct(question: dict, reply) -> bool:
    """The eval scorer's rule: answered with every must-group present, or declined when unanswerable."""
    if not question["answerable"]:
        return not reply.answered
    body = fold(reply.text)
    return (reply.answered and len(reply.text) <= MAX_CHARS
            and all(any(fold(alt) in body for alt in group) for group in question["must"]))


def _score(engine: Engine, path: Path) -> tuple[float, float, list[str]]:
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    answerable = [q for q in questions if q["answerable"]]
    unanswerable = [q for q in questions if not q["answerable"]]
    wrong = [q["id"] for q in questions if not _correct(q, engine.answer(q["question"]))]
    ok_a = sum(q["id"] not in wrong for q in answerable) / len(answerable)
    ok_u = sum(q["id"] not in wrong for q in unanswerable) / max(1, len(unanswerable))
    return ok_a, ok_u, wrong


def test_holdout_questions(engine: Engine) -> None:
    answered, declined, wrong = _score(engine, DATA / "holdout_questions.jsonl")
    assert answered >= 0.93, f"answerable correct {answered:.1%}; wrong: {wrong}"
    assert declined >= 0.85, f"unanswerable declined {declined:.1%}; wrong: {wrong}"


@pytest.fixture(scope="module")
def new_talk_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("kb") / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    new = DATA / "new_talk"
    for talk in (new / "talks").glob("*.yaml"):
        shutil.copy(talk, folder / "talks" / talk.name)
    shutil.copy(new / "people.yaml", folder / "people-new.yaml")
    shutil.copy(new / "events.yaml", folder / "events-new.yaml")
    return Engine(load_dir(folder))


def test_questions_about_a_talk_added_as_a_file(new_talk_engine: Engine) -> None:
    answered, declined, wrong = _score(new_talk_engine, DATA / "new_talk" / "questions.jsonl")
    assert answered >= 0.80, f"answerable correct {answered:.1%}; wrong: {wrong}"
    assert declined >= 0.50, f"unanswerable declined {declined:.1%}; wrong: {wrong}"
