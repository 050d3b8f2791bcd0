"""From a missed question to an answer: a group of gaps linked to the record that answers it
becomes ``questions:`` in the record's YAML file (layout and comments kept), validated and
reloaded like an upload, and the reloaded engine answers those questions."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from _admin_support import copy_knowledge
from talkbot.cli import main
from talkbot.db import connect
from talkbot.errors import UploadError
from talkbot.gaps import DECLINED, GapStore
from talkbot.knowledge import link
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.service import KnowledgeService
from talkbot.knowledge.store import HISTORY_DIR, KnowledgeStore

RHYTHM = "eu-clusters-talks/rhythm/1"
#: questions the engine misses, and the point that answers them
MISSED = ["how do I keep an eye out for news of future sessions",
          "How do I keep an eye out for news of future sessions?",
          "how to keep an eye out for news of future sessions"]
NEWS = "eu-clusters-talks/rhythm/3"
T0 = datetime.now(UTC) - timedelta(hours=1)  # recent: older gaps are forgotten


@pytest.fixture
def folder(tmp_path):
    return copy_knowledge(tmp_path)


@pytest.fixture
def gaps(tmp_path):
    store = GapStore(connect(tmp_path / "data" / "talkbot.sqlite3"), "talkbot")
    for i, question in enumerate(MISSED):
        store.record(question, "Sorry, that is not covered.", DECLINED, now=T0 + timedelta(minutes=i))
    return store


def _edit(folder, ref: str, questions: list[str]) -> str:
    target = link.resolve(load_dir(folder), ref)
    path = folder / target.path
    path.write_text(link.add_questions(path.read_text(encoding="utf-8"), target, questions), encoding="utf-8")
    return path.read_text(encoding="utf-8")


HOSTILE = ['is it free: really?', "what about #tags", "- a dash", "quotes \" and ' and \\ too", "{braces} [x]",
           "yes", "null", "@everyone ping", "Ünïcödé ça va", "tab\there", "bell\x07 and \u202etext", "3:30"]


@pytest.mark.parametrize(
    "ref",
    ["2024-04-24-meta-cluster", "2024-04-24-meta-cluster/i3-instrument/2", RHYTHM,
     "event:european-cluster-conference-2022", "european-cluster-conference-2022", "term:ECCP", "term:eccp"],
)
def test_every_kind_of_record_takes_questions_and_the_file_keeps_the_rest(folder, ref) -> None:
    before = {p: p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml")}
    _edit(folder, ref, HOSTILE)
    after = load_dir(folder)
    assert link.resolve(after, ref).questions == tuple(" ".join(q.split()) for q in HOSTILE)
    changed = [p for p in before if p.read_text(encoding="utf-8") != before[p]]
    assert len(changed) == 1
    old, new = before[changed[0]].splitlines(), changed[0].read_text(encoding="utf-8").splitlines()
    # every line of the file is still there, comments included (a plain point only moves right)
    stripped = {line.strip() for line in new}
    assert all(line.strip() in stripped or line.strip().startswith(("- >-", "- ")) for line in old)
    assert [line for line in old if line.lstrip().startswith("#")] == [line for line in new if line.lstrip().startswith("#")]


def test_questions_are_appended_to_an_existing_list_block_or_flow(folder) -> None:
    _edit(folder, "term:I3", ["first question"])
    text = _edit(folder, "term:I3", ["second question"])
    assert "      - first question\n      - second question\n" in text
    glossary = folder / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace(
        "questions:\n      - first question\n      - second question", "questions: [first question]  # kept"))
    text = _edit(folder, "term:I3", ["third one"])
    assert "questions:\n      - first question\n      - third one  # kept\n" in text
    assert link.resolve(load_dir(folder), "term:I3").questions == ("first question", "third one")


def test_a_long_plain_point_becomes_a_folded_text(folder) -> None:
    text = _edit(folder, RHYTHM, ["how often"])
    data = yaml.safe_load(text)
    point = data["series"][0]["sections"][0]["points"][0]
    assert point["questions"] == ["how often"]
    assert point["text"].startswith("The EU Clusters Talks take place every two weeks")
    assert "          - text: >-\n" in text


def test_new_questions_skips_known_and_repeated_wordings(kb) -> None:
    target = link.resolve(kb, "term:ECCP")
    target = link.Target(**{**target.__dict__, "questions": ("what is the eccp",)})
    assert link.new_questions(target, ["What is the ECCP?", "what  is the platform", "What is the platform?",
                                       "x" * 400]) == ["what is the platform"]


@pytest.mark.parametrize(
    ("ref", "says"),
    [("nothing-like-this", "no record 'nothing-like-this'"),
     ("2024-04-24-meta-cluster/no-such-section/1", "its sections: meta-clustering-concept, aims"),
     ("2024-04-24-meta-cluster/i3-instrument/99", "N counting the section's points from 1")],
)
def test_an_unknown_record_says_what_to_write(kb, ref, says) -> None:
    with pytest.raises(link.LinkError, match=says.replace("(", r"\(")):
        link.resolve(kb, ref)


def test_candidates_rank_the_answering_records_first(kb) -> None:
    refs = [t.ref for t in link.candidates(kb, ["where is information on the next talks published?"], limit=3)]
    assert "eu-clusters-talks/rhythm/3" in refs
    assert link.candidates(kb, ["?!"]) == []
    budget = [t.ref for t in link.candidates(kb, ["What is the budget of the I3 instrument?"], limit=5)]
    assert any(r.startswith("2024-04-24-meta-cluster/i3-instrument/") or r == "term:I3" for r in budget[:3])


def test_link_group_writes_validates_reloads_and_answers(folder, gaps, tmp_path) -> None:
    service = KnowledgeService(folder)
    service.load()
    store = KnowledgeStore(service, tmp_path / "data" / HISTORY_DIR)
    assert not service.engine.answer(MISSED[0]).answered
    [group] = gaps.groups()

    linked = link.link_group(gaps, store, group.id, NEWS, by="admin")

    assert linked.change.result.ok and linked.change.path == "series.yaml"
    assert linked.added == (MISSED[2], MISSED[1])
    assert set(linked.answered) == set(linked.added)
    reply = service.engine.answer(MISSED[0])
    assert reply.answered and "Collaboration Platform website" in reply.text
    assert gaps.groups() == []  # the group is closed
    assert [v.note for v in store.history()] == [f"linked gaps #{group.id} to {NEWS}", f"before linked gaps #{group.id} to {NEWS}"]
    assert "Answered now: 2 of 2" in link.linked_report(linked)


def test_link_group_refuses_what_it_cannot_do_and_changes_nothing(folder, gaps, tmp_path) -> None:
    service = KnowledgeService(folder, engine_factory=lambda kb: None)
    service.load()
    store = KnowledgeStore(service, tmp_path / "data" / HISTORY_DIR)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    [group] = gaps.groups()
    with pytest.raises(link.LinkError, match="no open group #999"):
        link.link_group(gaps, store, 999, NEWS)
    with pytest.raises(link.LinkError, match="no record"):
        link.link_group(gaps, store, group.id, "nowhere")
    # a file edited on the server into something invalid meanwhile: the link is refused whole
    series = folder / "series.yaml"
    series.write_text(series.read_text().replace("name: EU Clusters Talks", "name: [broken"))
    before[series] = series.read_bytes()
    with pytest.raises((UploadError, link.LinkError)):
        link.link_group(gaps, store, group.id, NEWS)
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before
    assert len(gaps.groups()) == 1


def test_cli_gaps_suggest_and_link(folder, gaps, tmp_path, capsys) -> None:
    [group] = gaps.groups()
    env = ["--knowledge", str(folder)]
    import os

    os.environ["TALKBOT_DATA"] = str(tmp_path / "data")
    try:
        out = io.StringIO()
        assert main(["gaps", "--suggest", str(group.id), *env], out=out) == 0
        lines = out.getvalue().splitlines()
        assert lines[0] == f"#{group.id}: {MISSED[2]}"
        assert lines[1].startswith("  ") and lines[-1] == f"Link one: talkbot gaps --link {group.id} RECORD"
        out = io.StringIO()
        assert main(["gaps", "--link", str(group.id), "nowhere", *env], out=out) == 2
        assert "no record 'nowhere'" in capsys.readouterr().err
        out = io.StringIO()
        assert main(["gaps", "--link", f"#{group.id}", NEWS, *env], out=out) == 0
        assert out.getvalue().startswith(f"Linked group #{group.id} to {NEWS}")
        assert "Answered now: 2 of 2" in out.getvalue()
        assert MISSED[2] in (folder / "series.yaml").read_text()
        assert any((tmp_path / "data" / HISTORY_DIR).glob("*.zip"))
        ask = io.StringIO()
        assert main(["ask", "--json", "--knowledge", str(folder), MISSED[0]], out=ask) == 0
        assert '"answered": true' in ask.getvalue()
    finally:
        del os.environ["TALKBOT_DATA"]
