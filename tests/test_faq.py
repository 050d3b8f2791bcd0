"""``questions:`` in the knowledge: other ways of asking, answered with the record they sit on."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import knowledge_with
from talkbot.answer.engine import Engine
from talkbot.answer.faq import Faq
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.models import KnowledgeBase

TALK = """\
id: 2030-05-06-water-reuse
title: "Water reuse in food clusters"
date: 2030-05-06
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
summary: >-
  The EU Clusters Talk of 6 May 2030 showed how food clusters reuse process water.
questions:
  - what was the talk about recycling water in the food industry
speakers:
  - person: petra-lindqvist
    role: Cluster Manager
    organisation: Nordic Food Water Cluster
sections:
  - id: costs
    title: Costs
    points:
      - text: >-
          Joining the pilot costs a member company nothing in its first year; from the second year
          the cluster charges 400 euros.
        questions:
          - is the pilot free for companies
          - do firms have to pay to join the pilot
sources:
  - title: Announcement page
"""

PEOPLE = """\
- id: petra-lindqvist
  name: Petra Lindqvist
"""

TERMS = """\
- term: WRP
  stands_for: Water Reuse Pilot
  description: The pilot of the Nordic Food Water Cluster for sharing treatment plants.
  questions:
    - what is the pilot the nordic cluster runs for sharing treatment plants
"""


@pytest.fixture(scope="module")
def engine_with_questions(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    extra = tmp_path_factory.mktemp("extra")
    (extra / "talks").mkdir()
    (extra / "talks" / "2030-05-06-water-reuse.yaml").write_text(TALK, encoding="utf-8")
    (extra / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (extra / "glossary.yaml").write_text(TERMS, encoding="utf-8")
    return Engine(load_dir(knowledge_with(extra, tmp_path_factory.mktemp("kb") / "knowledge")))


@pytest.mark.parametrize(("question", "must", "section"), [
    ("Is the pilot free for companies?", "costs a member company nothing", "Costs"),
    ("do firms have to pay to join the pilot??", "400 euros", "Costs"),  # punctuation and case aside
    ("do firms have to pay to jion the pilot", "400 euros", "Costs"),  # a typo
    ("What was the talk about recycling water in the food industry?", "reuse process water", "Summary"),
    ("what is the pilot the nordic cluster runs for sharing treatment plants", "Water Reuse Pilot", "Glossary"),
])
def test_a_question_written_in_the_knowledge_is_answered_with_its_record(
        engine_with_questions: Engine, question: str, must: str, section: str) -> None:
    reply = engine_with_questions.answer(question)
    assert reply.answered and must in reply.text, reply.text
    assert reply.decision["route"] == "faq"
    assert reply.citations[0].section == section
    assert 0.8 <= reply.confidence <= 1.0


def test_other_questions_are_not_taken_for_them(engine_with_questions: Engine) -> None:
    reply = engine_with_questions.answer("who spoke at the water reuse talk?")
    assert reply.decision.get("route") != "faq"
    assert "Lindqvist" in reply.text


def test_a_knowledge_without_questions_matches_nothing() -> None:
    faq = Faq(KnowledgeBase())
    assert len(faq) == 0 and faq.match("is the pilot free for companies") is None


def test_the_loader_keeps_the_questions(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    (extra / "talks").mkdir(parents=True)
    (extra / "talks" / "2030-05-06-water-reuse.yaml").write_text(TALK, encoding="utf-8")
    (extra / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    kb = load_dir(knowledge_with(extra, tmp_path / "knowledge"))
    talk = kb.talk("2030-05-06-water-reuse")
    assert talk is not None
    assert talk.questions == ("what was the talk about recycling water in the food industry",)
    assert talk.sections[0].points[0].questions[1] == "do firms have to pay to join the pilot"
