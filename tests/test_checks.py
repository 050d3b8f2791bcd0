"""The quality gate: knowledge/checks.yaml, judged like ../shared/eval/score.py, run on every
reload, upload and `talkbot validate`; an upload that breaks a check is refused unless confirmed."""

from __future__ import annotations

import importlib.util
import io
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from conftest import KNOWLEDGE, REPO, knowledge_with, line_of
from talkbot.answer.engine import Engine
from talkbot.cli import main
from talkbot.errors import ChecksFailed, KnowledgeError
from talkbot.knowledge.checks import CheckFailure, judge, newly_failing, run_checks
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.models import Check
from talkbot.knowledge.report import reload_report, status_report
from talkbot.knowledge.service import KnowledgeService
from talkbot.knowledge.store import KnowledgeStore

PEOPLE_RENAMED = ("name: Eric Koch", "name: Erik Kock")  # breaks the shipped check meta-cluster-panel


# -- the shipped checks ------------------------------------------------------------------------


def test_the_shipped_checks_pass_with_the_current_engine(kb, engine) -> None:
    assert 20 <= len(kb.checks) <= 40
    assert run_checks(engine, kb.checks) == ()
    assert any(not c.answerable for c in kb.checks) and any(c.now for c in kb.checks)
    assert len({c.id for c in kb.checks}) == len(kb.checks), "check ids are unique"


@pytest.mark.parametrize("new_talks", sorted(p.name for p in (REPO / "tests" / "data" / "dev_sets").glob("new_talks_*")))
def test_the_shipped_checks_still_pass_when_admins_add_talks(new_talks: str, tmp_path: Path) -> None:
    """Every talk an admin adds must not fail the gate they did not touch: the shipped checks hold
    with each dev set's talks, people, events and terms added (a check asking for "every talk"
    or "the" Clusters meet Regions once another edition exists would not)."""
    kb = load_dir(knowledge_with(REPO / "tests" / "data" / "dev_sets" / new_talks, tmp_path / "knowledge"))
    failures = run_checks(Engine(kb), kb.checks)
    assert failures == (), [f"{f.check.id}: {f.reason}" for f in failures]


# -- judged the way score.py judges ------------------------------------------------------------

CASES = [
    (Check("q", (("Eric Koch",),)), True, "It was eric koch.", ""),
    (Check("q", (("Eric Koch",),)), True, "It was Éric  Koch", ""),  # accents and spaces aside
    (Check("q", (("7-8 May 2024",),)), True, "On 7–8 May 2024", ""),  # dashes unified
    (Check("q", (("Koch",), ("Przeor",))), True, "Koch only", "missing 'Przeor'"),
    (Check("q", (("a", "b"),)), True, "b is here", ""),
    (Check("q", (("Koch",),)), False, "Koch", "declined"),
    (Check("q", (("Koch",),)), True, "Koch " + "x" * 1500, "reply too long (1505 > 1500 characters)"),
    (Check("q", (), answerable=False), False, "Sorry, not covered", ""),
    (Check("q", (), answerable=False), True, "Here is an answer", "answered a question it should decline"),
]


@pytest.mark.parametrize(("check", "answered", "text", "reason"), CASES)
def test_judge(check: Check, answered: bool, text: str, reason: str) -> None:
    assert judge(check, answered, text) == reason


SCORE = REPO.parent / "shared" / "eval" / "score.py"


@pytest.mark.skipif(not SCORE.is_file(), reason="../shared/eval/score.py is not beside the project")
@pytest.mark.parametrize(("check", "answered", "text", "reason"), CASES)
def test_judge_agrees_with_score_py(check: Check, answered: bool, text: str, reason: str) -> None:
    spec = importlib.util.spec_from_file_location("shared_score", SCORE)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    question = {"question": check.question, "answerable": check.answerable, "must": [list(g) for g in check.must]}
    ok, _ = score.judge(question, {"answered": answered, "text": text})
    assert ok == (reason == "")


# -- the checks file is validated like any knowledge file ----------------------------------------


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ("  - question: who presented I3?\n", "an answerable check needs 'must'"),
        ("  - question: weather?\n    answerable: false\n    must: [[sun]]\n", "has no 'must'"),
        ("  - question: next?\n    now: tomorrow\n    must: [[x]]\n", "expected a date and time with its offset"),
        ("  - question: next?\n    now: 2024-04-20T10:00\n    must: [[x]]\n", "expected a date and time with its offset"),
        ("  - must: [[x]]\n", "missing required field 'question'"),
        ("  - question: q\n    must: [x]\n", "expected a list"),
        ("  - question: q\n    mustt: [[x]]\n", "did you mean 'must'"),
    ],
)
def test_a_wrong_check_is_reported_on_its_line(write_knowledge, entry: str, says: str) -> None:
    text = "checks:\n  - question: fine\n    must: [[a]]\n" + entry
    with pytest.raises(KnowledgeError) as caught:
        load_dir(write_knowledge({"checks.yaml": text}))
    problems = caught.value.problems
    assert any(says in p.message for p in problems), problems
    assert all(p.path == "knowledge/checks.yaml" and p.line >= line_of(text, entry.splitlines()[0].strip())
               for p in problems), problems


def test_a_check_with_a_moment(write_knowledge) -> None:
    text = "checks:\n  - question: next?\n    now: 2024-04-20T10:00+02:00\n    must: [[x]]\n"
    [check] = load_dir(write_knowledge({"checks.yaml": text})).checks
    assert check.now == datetime.fromisoformat("2024-04-20T10:00+02:00") and check.line == 2


# -- reload, upload, validate ----------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def store(folder: Path, tmp_path: Path) -> KnowledgeStore:
    service = KnowledgeService(folder)
    service.load()
    return KnowledgeStore(service, tmp_path / "history")


def _renamed(folder: Path) -> bytes:
    return (folder / "people.yaml").read_text(encoding="utf-8").replace(*PEOPLE_RENAMED).encode()


def test_an_upload_that_breaks_a_check_is_refused_and_names_it(store: KnowledgeStore, folder: Path) -> None:
    before = (folder / "people.yaml").read_bytes()
    version = store.service.version
    with pytest.raises(ChecksFailed) as caught:
        store.upload("people.yaml", _renamed(folder), by="admin")
    assert "breaks 1 check(s) of checks.yaml" in str(caught.value)
    [failure] = caught.value.failures
    assert failure.check.id == "meta-cluster-panel" and failure.reason == "missing 'Koch'"
    assert str(failure).startswith('knowledge/checks.yaml:13: check "meta-cluster-panel": missing \'Koch\'; it answered: ')
    assert (folder / "people.yaml").read_bytes() == before and store.service.version == version
    assert store.history() == []


def test_a_confirmed_upload_goes_through_and_reports_the_failing_check(store: KnowledgeStore, folder: Path) -> None:
    change = store.upload("people.yaml", _renamed(folder), confirm=True)
    assert change.result.ok and [f.check.id for f in change.result.failed_checks] == ["meta-cluster-panel"]
    assert "Erik Kock" in store.service.engine.answer("who presented the I3 instrument?").text
    report = reload_report(change.result, "Replaced `people.yaml`")
    assert "⚠️ 1 check(s) of checks.yaml fail with this knowledge" in report and "meta-cluster-panel" in report
    assert "Failing checks (1)" in status_report(store.service)
    # a check that already fails does not block the next, unrelated upload
    more = (folder / "people.yaml").read_text() + "  - id: new-person\n    name: New Person\n"
    assert store.upload("people.yaml", more.encode()).result.ok


def test_an_upload_of_checks_yaml_itself_is_gated(store: KnowledgeStore, folder: Path) -> None:
    checks = (folder / "checks.yaml").read_text() + "  - question: Who gave the I3 talk?\n    must: [[Nobody Else]]\n"
    with pytest.raises(ChecksFailed, match="breaks 1 check"):
        store.upload("checks.yaml", checks.encode())


def test_a_reload_runs_the_checks_on_the_engine_it_built(store: KnowledgeStore, folder: Path) -> None:
    (folder / "people.yaml").write_bytes(_renamed(folder))
    result = store.service.reload()
    assert result.ok and [f.check.id for f in result.failed_checks] == ["meta-cluster-panel"]
    assert store.service.failed_checks == result.failed_checks


def test_newly_failing_ignores_what_failed_before() -> None:
    a, b = Check("a", (("x",),)), Check("b", (("y",),))
    assert newly_failing([CheckFailure(a, "r", ""), CheckFailure(b, "r", "")], [CheckFailure(a, "r", "")]) == [
        CheckFailure(b, "r", "")]


def test_validate_runs_the_checks(folder: Path, capsys) -> None:
    out = io.StringIO()
    assert main(["validate", str(folder)], out=out) == 0
    assert out.getvalue().rstrip().endswith("checks pass")
    (folder / "people.yaml").write_bytes(_renamed(folder))
    assert main(["validate", str(folder)], out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert 'checks.yaml:13: check "meta-cluster-panel": missing \'Koch\'' in err
    assert "1 of " in err and "check(s) fail" in err
