"""The dev question set, judged in-process by the scorer's own ``judge``.

CI has ``shared/`` beside the repository; a developer's checkout may not, so the test skips
with the reason when the files are absent.
"""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType

import pytest

from conftest import REPO
from talkbot.answer.engine import Engine

EVAL = REPO.parent / "shared" / "eval"
QUESTIONS = EVAL / "dev_questions.jsonl"
SCORER = EVAL / "score.py"
MIN_ANSWERABLE = 0.95
MIN_DECLINED = 0.90


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("talkbot_eval_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_questions() -> list[dict]:
    if not QUESTIONS.is_file() or not SCORER.is_file():
        pytest.skip(f"no dev question set at {EVAL} (CI has ../shared/eval beside the repository)")
    with QUESTIONS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_dev_questions(engine: Engine, dev_questions: list[dict]) -> None:
    judge = _scorer().judge
    answerable: list[bool] = []
    declined: list[bool] = []
    failures: list[str] = []
    for q in dev_questions:
        # the scorer sends one question a line, so line breaks become spaces as in score.run
        reply = engine.answer(q["question"].replace("\n", " ")).to_json()
        ok, why = judge(q, reply)
        (answerable if q.get("answerable", True) else declined).append(ok)
        if not ok:
            failures.append(f"[{q.get('id')}] {q['question']}\n  -> {why}\n  reply: {reply['text'][:200]!r}")
    report = "\n".join(failures)
    assert answerable and declined
    answerable_rate = sum(answerable) / len(answerable)
    declined_rate = sum(declined) / len(declined)
    assert answerable_rate >= MIN_ANSWERABLE, f"answerable correct {answerable_rate:.1%} < {MIN_ANSWERABLE:.0%}\n{report}"
    assert declined_rate >= MIN_DECLINED, f"unanswerable declined {declined_rate:.1%} < {MIN_DECLINED:.0%}\n{report}"
