"""The loader: the shipped knowledge loads, and every kind of mistake an admin can make is
reported as ``path:line: message`` on the right line, all of them at once."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest

from conftest import KNOWLEDGE, PEOPLE_YAML, TALK_YAML, line_of
from talkbot.errors import KnowledgeError, Problem
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.models import KnowledgeBase

TALK = "talks/2030-01-15-engines.yaml"
TALK_SHOWN = f"knowledge/{TALK}"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<message>.+)$")


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(KnowledgeError) as caught:
        load_dir(root)
    problems = caught.value.problems
    assert problems, "a KnowledgeError must list at least one problem"
    for problem in problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
    return problems


def the_problem(root: Path) -> Problem:
    problems = problems_of(root)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- the shipped knowledge (data test) ------------------------------------------------------


def test_shipped_knowledge_loads(kb: KnowledgeBase) -> None:
    assert kb.talks and kb.people and kb.events and kb.terms and kb.series
    files = sorted(p for p in KNOWLEDGE.rglob("*.yaml"))
    assert len(kb.files) == len(files)


def test_every_talk_file_is_named_after_its_id(kb: KnowledgeBase) -> None:
    for talk in kb.talks:
        assert Path(talk.path).stem == talk.id


def test_shipped_references_resolve(kb: KnowledgeBase) -> None:
    people = {p.id for p in kb.people}
    talks = {t.id for t in kb.talks}
    for talk in kb.talks:
        assert {a.person for a in talk.people} <= people
        assert talk.schedule.start < talk.schedule.end
    for event in kb.events:
        assert set(event.announced_in) <= talks


def test_minimal_folder_is_valid(write_knowledge) -> None:
    kb = load_dir(write_knowledge())
    assert [t.id for t in kb.talks] == ["2030-01-15-engines"]
    assert kb.talks[0].sections[0].points[0].by == ("ada-lovelace",)


# -- one problem, one right line ------------------------------------------------------------


def test_yaml_syntax_error_names_its_line(write_knowledge) -> None:
    broken = edit(TALK_YAML, "  - person: alan-turing\n", "  - person: alan-turing\n   role: [unclosed\n")
    problem = the_problem(write_knowledge({TALK: broken}))
    assert problem.path == TALK_SHOWN
    assert "YAML syntax error" in problem.message
    assert line_of(broken, "role: [unclosed") <= problem.line <= line_of(broken, "role: [unclosed") + 1


def test_tab_indentation_is_a_syntax_error(write_knowledge) -> None:
    broken = edit(TALK_YAML, "    role: Countess", "\trole: Countess")
    problem = the_problem(write_knowledge({TALK: broken}))
    assert "YAML syntax error" in problem.message
    assert problem.line == line_of(broken, "\trole")


def test_missing_required_field(write_knowledge) -> None:
    text = edit(TALK_YAML, "title: Analytical engines for clusters\n", "")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "missing required field 'title'" in problem.message
    assert problem.line == line_of(text, "id: 2030-01-15-engines")


def test_missing_field_of_a_list_item_names_the_item(write_knowledge) -> None:
    text = edit(TALK_YAML, "  - person: alan-turing\n    role: Mathematician\n", "  - role: Mathematician\n")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "missing required field 'person'" in problem.message
    assert problem.line == line_of(text, "  - role: Mathematician")


def test_string_where_a_list_is_expected(write_knowledge) -> None:
    text = edit(TALK_YAML, "tags: [engines]", "tags: engines")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "expected a list" in problem.message and "tags" in problem.message
    assert problem.line == line_of(text, "tags: engines")


def test_list_where_text_is_expected(write_knowledge) -> None:
    text = edit(TALK_YAML, "title: Analytical engines for clusters", "title: [Analytical, engines]")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "expected text" in problem.message and "title" in problem.message
    assert problem.line == line_of(text, "title: [")


def test_number_where_a_date_is_expected(write_knowledge) -> None:
    text = edit(TALK_YAML, "date: 2030-01-15", "date: 20300115")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "expected a date" in problem.message and "YYYY-MM-DD" in problem.message
    assert problem.line == line_of(text, "date: 20300115")


def test_impossible_date_is_reported_once_on_its_line(write_knowledge) -> None:
    text = edit(TALK_YAML, "date: 2030-01-15", "date: 2024-02-30")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "2024-02-30" in problem.message
    assert problem.line == line_of(text, "date: 2024-02-30")


def test_quoted_date_is_still_a_date(write_knowledge) -> None:
    text = edit(TALK_YAML, "date: 2030-01-15", 'date: "2030-01-15"')
    assert load_dir(write_knowledge({TALK: text})).talks[0].date.isoformat() == "2030-01-15"


def test_quoted_impossible_date(write_knowledge) -> None:
    text = edit(TALK_YAML, "date: 2030-01-15", 'date: "2030-02-30"')
    problem = the_problem(write_knowledge({TALK: text}))
    assert "2030-02-30" in problem.message
    assert problem.line == line_of(text, "date: ")


def test_impossible_time(write_knowledge) -> None:
    text = edit(TALK_YAML, 'end: "09:45"', 'end: "25:10"')
    problem = the_problem(write_knowledge({TALK: text}))
    assert "HH:MM" in problem.message
    assert problem.line == line_of(text, 'end: "25:10"')


def test_talk_ending_before_it_starts(write_knowledge) -> None:
    text = edit(TALK_YAML, 'end: "09:45"', 'end: "08:00"')
    problem = the_problem(write_knowledge({TALK: text}))
    assert "before it starts" in problem.message
    assert problem.line == line_of(text, 'end: "08:00"')


def test_event_ending_before_it_starts(write_knowledge) -> None:
    events = """\
    events:
      - id: backwards-conference
        title: Backwards conference
        kind: conference
        start_date: 2030-05-08
        end_date: 2030-05-07
        description: A conference that ends before it begins.
    """
    problem = the_problem(write_knowledge({"events.yaml": events}))
    assert problem.path == "knowledge/events.yaml"
    assert "before start_date" in problem.message
    assert problem.line == 6


def test_unknown_time_zone_with_a_suggestion(write_knowledge) -> None:
    text = edit(TALK_YAML, "timezone: Europe/Brussels", "timezone: Europe/Bruxelles")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "unknown time zone 'Europe/Bruxelles'" in problem.message
    assert "Europe/Brussels" in problem.message
    assert problem.line == line_of(text, "timezone: Europe/Bruxelles")


@pytest.mark.parametrize("zone", ["CET", "CEST"])
def test_abbreviated_time_zone_is_refused_with_a_hint(write_knowledge, zone: str) -> None:
    text = edit(TALK_YAML, "timezone: Europe/Brussels", f"timezone: {zone}")
    problem = the_problem(write_knowledge({TALK: text}))
    assert f"unknown time zone '{zone}'" in problem.message
    assert "Europe/Brussels" in problem.message
    assert f"did you mean '{zone}'" not in problem.message
    assert problem.line == line_of(text, f"timezone: {zone}")


def test_duplicate_talk_id_across_files(write_knowledge) -> None:
    root = write_knowledge({"talks/copy.yaml": TALK_YAML})
    problem = the_problem(root)
    assert "duplicate id '2030-01-15-engines'" in problem.message
    # one of the two files is named, and the message points at the other one
    assert {problem.path, *re.findall(r"already used at ([^:]+):", problem.message)} == {
        TALK_SHOWN, "knowledge/talks/copy.yaml"}
    assert problem.line == line_of(TALK_YAML, "id: 2030-01-15-engines")


def test_duplicate_person_id_across_files(write_knowledge) -> None:
    extra = """\
    people:
      - id: grace-hopper
        name: Grace Hopper
      - id: ada-lovelace
        name: Ada King
    """
    problem = the_problem(write_knowledge({"more-people.yaml": extra}))
    assert "duplicate id 'ada-lovelace'" in problem.message
    lines = {("knowledge/more-people.yaml", 4), ("knowledge/people.yaml", line_of(PEOPLE_YAML, "id: ada-lovelace"))}
    assert (problem.path, problem.line) in lines
    assert "already used at" in problem.message


def test_unknown_person_with_a_suggestion(write_knowledge) -> None:
    text = edit(TALK_YAML, "  - person: alan-turing", "  - person: alan-turnig")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "unknown person 'alan-turnig'" in problem.message
    assert "alan-turing" in problem.message
    assert problem.line == line_of(text, "person: alan-turnig")


def test_unknown_person_in_a_point(write_knowledge) -> None:
    text = edit(TALK_YAML, "by: [ada-lovelace]", "by: [charles-babbage]")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "unknown person 'charles-babbage'" in problem.message
    assert problem.line == line_of(text, "by: [charles-babbage]")


def test_unknown_talk_reference(write_knowledge) -> None:
    events = """\
    events:
      - id: engines-fair
        title: Engines fair
        kind: trade-fair
        start_date: 2030-02-01
        description: A fair announced in the engines talk.
        announced_in: [2030-01-15-engins]
    """
    problem = the_problem(write_knowledge({"events.yaml": events}))
    assert "unknown talk '2030-01-15-engins'" in problem.message
    assert "2030-01-15-engines" in problem.message  # did you mean
    assert problem.line == 7


@pytest.mark.parametrize("breakage", ["bad-date", "yaml-syntax"])
def test_a_reference_to_an_invalid_talk_does_not_say_add_it(write_knowledge, breakage: str) -> None:
    events = """\
    events:
      - id: engines-fair
        title: Engines fair
        kind: trade-fair
        start_date: 2030-02-01
        description: A fair announced in the engines talk.
        announced_in: [2030-01-15-engines]
    """
    talk = (edit(TALK_YAML, "date: 2030-01-15", "date: 2030-02-30") if breakage == "bad-date"
            else TALK_YAML + "tags: [unclosed\n")
    with pytest.raises(KnowledgeError) as info:
        load_dir(write_knowledge({TALK: talk, "events.yaml": events}))
    [ref] = [p for p in info.value.problems if p.path.endswith("events.yaml")]
    assert ref.line == 7
    assert ref.message == "talk '2030-01-15-engines' does not load: fix the problems reported for it"
    assert "add it" not in ref.message
    assert any(p.path.endswith(TALK) for p in info.value.problems)  # the talk's own problem is there too


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("summary: >-\n  Ada Lovelace and Alan Turing discussed analytical engines for cluster managers.\n",
         'summary: ""\n', "summary"),
        ("summary: >-\n  Ada Lovelace and Alan Turing discussed analytical engines for cluster managers.\n",
         "summary: '   '\n", "summary"),
        ("text: Ada Lovelace said the engine weaves algebraic patterns.", 'text: ""', "text"),
    ],
)
def test_empty_text(write_knowledge, old: str, new: str, field: str) -> None:
    text = edit(TALK_YAML, old, new)
    problem = the_problem(write_knowledge({TALK: text}))
    assert field in problem.message
    assert "empty" in problem.message or "missing" in problem.message
    assert problem.line == line_of(text, new.strip())


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(write_knowledge, content: str) -> None:
    problem = the_problem(write_knowledge({"talks/empty.yaml": content}))
    assert problem.path == "knowledge/talks/empty.yaml"
    assert "empty" in problem.message
    assert problem.line == 1


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"id: x\x00\x01\x02", b"title: caf\xe9 \xff\xfe\n", b"\xff\xd8\xff\xe0"],
    ids=["png", "nul", "latin-1", "jpeg"],
)
def test_binary_file(write_knowledge, content: bytes) -> None:
    problem = the_problem(write_knowledge({"talks/picture.yaml": content}))
    assert problem.path == "knowledge/talks/picture.yaml"
    assert "text file" in problem.message
    assert problem.line == 1


def test_control_character_in_a_text_file(write_knowledge) -> None:
    text = edit(TALK_YAML, "title: Analytical engines for clusters", "title: Analytical\x1b engines")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "not allowed" in problem.message
    assert problem.line == line_of(text, "title: Analytical")


def test_unknown_field_with_did_you_mean(write_knowledge) -> None:
    text = edit(TALK_YAML, "tags: [engines]", "tags: [engines]\nspeackers: []")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "unknown field 'speackers'" in problem.message
    assert "did you mean 'speakers'" in problem.message
    assert problem.line == line_of(text, "speackers")


def test_unknown_field_in_a_nested_record(write_knowledge) -> None:
    text = edit(TALK_YAML, "    role: Countess", "    rol: Countess")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "unknown field 'rol'" in problem.message and "did you mean 'role'" in problem.message
    assert problem.line == line_of(text, "rol: Countess")


def test_unknown_top_level_key_of_a_shared_file(write_knowledge) -> None:
    people = PEOPLE_YAML + "peeple:\n  - id: x\n"
    problem = the_problem(write_knowledge({"people.yaml": people}))
    assert "peeple" in problem.message
    assert problem.line == line_of(people, "peeple:")


def test_duplicate_key(write_knowledge) -> None:
    text = TALK_YAML + "title: Another title\n"
    problem = the_problem(write_knowledge({TALK: text}))
    assert "duplicate key 'title'" in problem.message
    assert problem.line == line_of(text, "title: Another title")


def test_bad_event_kind(write_knowledge) -> None:
    events = """\
    events:
      - id: engines-party
        title: Engines party
        kind: party
        start_date: 2030-02-01
        description: Not a kind of event the schema knows.
    """
    problem = the_problem(write_knowledge({"events.yaml": events}))
    assert "'party' is not one of" in problem.message
    assert problem.line == 4


# -- everything at once ---------------------------------------------------------------------


def test_all_problems_of_all_files_at_once(write_knowledge) -> None:
    talk = edit(TALK_YAML, "timezone: Europe/Brussels", "timezone: CET")
    talk = edit(talk, "tags: [engines]", "tagz: [engines]")
    second = edit(TALK_YAML, "id: 2030-01-15-engines", "id: 2030-02-01-looms")
    second = edit(second, "date: 2030-01-15", "date: 2030-02-31")
    people = PEOPLE_YAML + "  - id: ada-lovelace\n    name: Ada again\n"
    root = write_knowledge({
        TALK: talk,
        "talks/2030-02-01-looms.yaml": second,
        "people.yaml": people,
        "talks/empty.yaml": "",
        "talks/bad-syntax.yaml": "id: [oops\n",
    })
    found = {(p.path, p.line) for p in problems_of(root)}
    assert {
        (TALK_SHOWN, line_of(talk, "timezone: CET")),
        (TALK_SHOWN, line_of(talk, "tagz:")),
        ("knowledge/talks/2030-02-01-looms.yaml", line_of(second, "date: 2030-02-31")),
        ("knowledge/talks/empty.yaml", 1),
    } <= found
    assert any(path == "knowledge/people.yaml" for path, _ in found)
    assert any(path == "knowledge/talks/bad-syntax.yaml" for path, _ in found)


def test_problems_are_sorted_by_file_and_line(write_knowledge) -> None:
    talk = edit(TALK_YAML, "timezone: Europe/Brussels", "timezone: Mars/Olympus")
    talk = edit(talk, "tags: [engines]", "tags: engines")
    problems = problems_of(write_knowledge({TALK: talk, "talks/empty.yaml": ""}))
    assert problems == sorted(problems)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="does not exist"):
        load_dir(tmp_path / "nowhere")


def test_folder_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here")
    with pytest.raises(KnowledgeError, match=r"no \.yaml files"):
        load_dir(tmp_path)


# -- forgiving where it is safe -------------------------------------------------------------


def test_unquoted_time_is_read_as_a_clock_time(write_knowledge) -> None:
    # YAML 1.1 reads 8:30 as the base-60 number 510: the loader must still mean 08:30
    text = edit(TALK_YAML, 'start: "08:30"', "start: 8:30")
    talk = load_dir(write_knowledge({TALK: text})).talks[0]
    assert talk.schedule.start_time == time(8, 30)
    assert talk.schedule.end_time == time(9, 45)


@pytest.mark.parametrize("written", ['"8:30"', '"08.30"', '"8h30"'])
def test_other_ways_of_writing_a_time(write_knowledge, written: str) -> None:
    text = edit(TALK_YAML, 'start: "08:30"', f"start: {written}")
    assert load_dir(write_knowledge({TALK: text})).talks[0].schedule.start_time == time(8, 30)


def test_start_time_is_aware_in_its_zone(write_knowledge) -> None:
    talk = load_dir(write_knowledge()).talks[0]
    assert talk.schedule.start.utcoffset().total_seconds() == 3600  # CET in January


def test_a_talk_may_also_sit_in_a_shared_file(write_knowledge) -> None:
    indented = "".join(f"    {line}\n" if line else "\n" for line in TALK_YAML.splitlines() if not line.startswith("#"))
    shared = "talks:\n  -" + indented[3:]
    kb = load_dir(write_knowledge({TALK: None, "all-talks.yaml": shared}))
    assert [t.id for t in kb.talks] == ["2030-01-15-engines"]


# -- a talk as it is first announced (issue 12) ----------------------------------------------


def test_a_talk_without_speakers_or_end_loads(write_knowledge) -> None:
    text = edit(TALK_YAML, 'end: "09:45"\n', "")
    text = text[: text.index("speakers:")] + text[text.index("sections:"):]
    text = edit(text, "      - by: [ada-lovelace]\n        text:", "      - text:")
    talk = load_dir(write_knowledge({TALK: text})).talks[0]
    assert talk.speakers == ()
    assert talk.schedule.end_time is None and talk.schedule.start_time == time(8, 30)
    assert talk.status == "scheduled" and not talk.called_off


def test_a_cancelled_talk_keeps_its_reason(write_knowledge) -> None:
    text = TALK_YAML + "status: cancelled\nstatus_reason: The speaker fell ill.\n"
    talk = load_dir(write_knowledge({TALK: text})).talks[0]
    assert talk.status == "cancelled" and talk.called_off
    assert talk.status_reason == "The speaker fell ill."


def test_an_unknown_status_lists_the_choices(write_knowledge) -> None:
    text = TALK_YAML + "status: delayed\n"
    problem = the_problem(write_knowledge({TALK: text}))
    assert "'delayed' is not one of scheduled, cancelled, postponed" in problem.message
    assert problem.line == line_of(text, "status: delayed")


def test_a_reason_without_a_status_says_what_to_add(write_knowledge) -> None:
    text = TALK_YAML + "status_reason: Moved to spring.\n"
    problem = the_problem(write_knowledge({TALK: text}))
    assert "add status: cancelled (or postponed)" in problem.message
    assert problem.line == line_of(text, "status_reason:")


# -- validation that teaches (issue 12) ------------------------------------------------------


@pytest.mark.parametrize("written", ["Alan Turing", "alan turing", "Alan  Turing"])
def test_a_name_where_an_id_belongs_suggests_the_id(write_knowledge, written) -> None:
    text = edit(TALK_YAML, "  - person: alan-turing", f"  - person: {written}")
    problem = the_problem(write_knowledge({TALK: text}))
    assert f"'{' '.join(written.split())}' is not an id: did you mean alan-turing?" in problem.message
    assert problem.line == line_of(text, f"person: {written}")


def test_an_alias_where_an_id_belongs_suggests_the_persons_id(write_knowledge) -> None:
    text = edit(TALK_YAML, "by: [ada-lovelace]", "by: [Augusta Ada King]")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "'Augusta Ada King' is not an id: did you mean ada-lovelace?" in problem.message


def test_an_unknown_name_where_an_id_belongs_says_how_to_add_the_person(write_knowledge) -> None:
    text = edit(TALK_YAML, "  - person: alan-turing", "  - person: Grace Hopper")
    problem = the_problem(write_knowledge({TALK: text}))
    assert "'Grace Hopper' is not an id" in problem.message
    assert "add the person to people.yaml (e.g. id: grace-hopper)" in problem.message


def test_a_title_as_the_talk_id_suggests_a_slug(write_knowledge) -> None:
    text = edit(TALK_YAML, "id: 2030-01-15-engines", "id: Analytical Engines")
    problems = problems_of(write_knowledge({TALK: text}))
    assert any("did you mean analytical-engines?" in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("field", "advice"),
    [
        ("date: 2030-01-15\n", "keep the file in drafts/ until it does"),
        ('start: "08:30"\n', "add it to events.yaml, where times are optional"),
        ("timezone: Europe/Brussels\n", "write Europe/Brussels when the page says CET or CEST"),
        ("sources:\n  - title: Notes\n", "name the page you took the facts from"),
        ("  - title: Notes\n", "say what it is, e.g. Announcement page"),
    ],
)
def test_a_missing_field_says_what_to_do_when_the_page_does_not_give_it(write_knowledge, field, advice) -> None:
    text = edit(TALK_YAML, field, "  - url: https://example.org\n" if field.startswith("  -") else "")
    problems = problems_of(write_knowledge({TALK: text}))
    assert any(advice in p.message for p in problems), "\n".join(map(str, problems))


def test_a_wrong_time_zone_does_not_hide_an_end_before_the_start(write_knowledge) -> None:
    text = edit(TALK_YAML, "timezone: Europe/Brussels", "timezone: CET")
    text = edit(text, 'end: "09:45"', 'end: "07:45"')
    problems = problems_of(write_knowledge({TALK: text}))
    messages = [(p.line, p.message) for p in problems]
    assert any("unknown time zone 'CET'" in m for _, m in messages), messages
    assert any(line == line_of(text, 'end: "07:45"') and "ends (07:45) before it starts (08:30)" in m
               for line, m in messages), messages


def test_an_event_with_a_bad_zone_still_reports_its_dates(write_knowledge) -> None:
    events = """\
events:
  - id: expo
    title: Expo
    kind: conference
    start_date: 2030-03-10
    end_date: 2030-03-08
    timezone: Mars/Olympus
    description: An expo.
"""
    problems = problems_of(write_knowledge({"events.yaml": events}))
    assert any("unknown time zone" in p.message for p in problems)
    assert any("end_date 2030-03-08 is before start_date 2030-03-10" in p.message for p in problems)
