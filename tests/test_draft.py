"""`talkbot draft` on pages written for the tests (three layouts), and `talkbot new-talk`."""

from __future__ import annotations

import io
import shutil
from datetime import date, time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from _admin_support import copy_knowledge
from talkbot.cli import main
from talkbot.errors import KnowledgeError
from talkbot.knowledge.draft import draft_file, extract, new_people_yaml, parse_person, render, scaffold
from talkbot.knowledge.loader import load_dir

PAGES = Path(__file__).parent / "pages"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _install(folder: Path, text: str, name: str) -> None:
    """What the admin does after review: add the new people, drop the file into talks/."""
    people = new_people_yaml(text)
    if people:
        path = folder / "people.yaml"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + people, encoding="utf-8")
    (folder / "talks" / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "name", "role", "org"),
    [
        ("  • Ana Lúcia Ferreira, Policy Officer, DG RTD, European Commission", "Ana Lúcia Ferreira", "Policy Officer", "DG RTD, European Commission"),
        ("- Eva Horvath – Internationalisation Manager, Hungarian ICT Cluster", "Eva Horvath", "Internationalisation Manager", "Hungarian ICT Cluster"),
        ("Luc Dubois (Director, Wallonia Agri-Food Cluster)", "Luc Dubois", "Director", "Wallonia Agri-Food Cluster"),
        ("Piet van der Berg, Managing Director, Northern Hydrogen Cluster", "Piet van der Berg", "Managing Director", "Northern Hydrogen Cluster"),
        ("Ewa Kowalska, Mazovia Cluster ICT, INGENIOUS Eurocluster;", "Ewa Kowalska", "", "Mazovia Cluster ICT, INGENIOUS Eurocluster"),
    ],
)
def test_person_lines(line, name, role, org):
    person = parse_person(line)
    assert person is not None
    assert (person.name, person.role, person.organisation) == (name, role, org)


@pytest.mark.parametrize(
    "line",
    ["Register now for the European Cluster Conference on 7-8 May 2024.", "Key messages", "Speakers will include:",
     "Network to improve the resilience of the EU industrial ecosystems;", "EU Clusters Talks", "DG GROW, European Commission"],
)
def test_not_person_lines(line):
    assert parse_person(line) is None


def test_announcement_with_bullets():
    d = extract((PAGES / "announcement_bullets.txt").read_text(), "announcement_bullets.txt")
    assert d.title == "Hydrogen valleys: Building regional hydrogen ecosystems together"
    assert d.date == date(2024, 9, 11)
    assert (d.start, d.end, d.timezone) == (time(10, 0), time(11, 15), "Europe/Brussels")
    assert d.announced_time == "10:00 – 11:15 CEST"
    assert [p.name for p in d.speakers] == ["Ana Lúcia Ferreira", "Piet van der Berg", "Chiara Bellini", "Jonas Åkesson"]
    assert d.speakers[2].role == "Innovation Manager" and d.speakers[2].organisation == "Lombardy Energy Cluster"
    assert "compulsory before 10 September 2024" in d.registration
    # the summary is what the talk is about, not the announcement sentence or the headline
    assert d.summary == ("Hydrogen valleys bring producers, users and regions together around shared infrastructure. "
                         "The talk sets out to present hydrogen valley initiatives and discuss how clusters can join them.")
    assert any("electrolyser" in p for s in d.sections for p in s.points)
    assert d.organiser == "European Cluster Collaboration Platform, on behalf of the European Commission"


def test_summary_with_numbered_agenda_and_sections():
    d = extract((PAGES / "summary_numbered.txt").read_text())
    assert d.title == "Skills for the twin transition: What clusters can do"
    assert d.date == date(2025, 2, 12) and (d.start, d.end) == (time(9, 0), time(10, 30))
    assert [p.name for p in d.moderators] == ["Laura Dunne"]
    assert [p.name for p in d.speakers] == ["Henrik Solberg", "Marta Oliveira", "Tomasz Nowak"]
    assert d.speakers[0].part == "The Pact for Skills" and d.speakers[0].role == "Deputy Head of Unit"
    assert [title for title, _ in d.agenda] == ["Welcome and ECCP news", "The Pact for Skills", "Cluster experiences"]
    assert len(d.key_messages) == 2 and d.key_messages[0].startswith("Clusters can pool")
    titles = [s.title for s in d.sections]
    assert titles[-3:] == ["Welcome and ECCP news", "The Pact for Skills", "Cluster experiences"]
    pact = d.sections[titles.index("The Pact for Skills")]
    assert pact.speakers and "2,000 members" in " ".join(pact.points)


def test_plain_lines_with_us_date_and_12_hour_clock():
    d = extract((PAGES / "plain_lines.txt").read_text())
    assert d.title == "After the Cluster Days: Lessons for internationalisation"
    assert d.date == date(2025, 6, 18)  # not the 3-4 June of the first line
    assert (d.start, d.end, d.timezone) == (time(14, 0), time(15, 30), "Europe/Brussels")
    assert [p.name for p in d.speakers] == ["Eva Horvath", "Luc Dubois", "Sofia Papadaki"]
    assert "recording" in d.recording
    assert any(s.title == "Lessons for internationalisation" for s in d.sections)


def test_nothing_found_leaves_review_notes_not_a_crash():
    d = extract("just some words\n\x00\x01 nothing useful")
    assert d.date is None and d.start is None and not d.speakers
    assert any("no date" in r for r in d.reviews) and any("speakers" in r for r in d.reviews)


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.txt")), ids=lambda p: p.stem)
def test_draft_passes_the_loader_once_new_people_are_added(tmp_path, page):
    folder = copy_knowledge(tmp_path)
    kb = load_dir(folder)
    text, d = draft_file(page, kb.people)
    assert text.startswith("# yaml-language-server: $schema=../schema/talk.schema.json\n")
    assert yaml.safe_load(text)["id"] == d.id
    _install(folder, text, f"{d.id}.yaml")
    loaded = load_dir(folder)
    talk = next(t for t in loaded.talks if t.id == d.id)
    assert talk.title == d.title and len(talk.speakers) == len(d.speakers)


def test_draft_reuses_known_people_ids(tmp_path):
    folder = copy_knowledge(tmp_path)
    kb = load_dir(folder)
    known = kb.people[0]
    page = tmp_path / "page.txt"
    page.write_text(
        f"A talk, EU Cluster Talk, 1 March 2031\n\nThe ECCP organises the EU Clusters Talk “A talk about reuse” on "
        f"1 March 2031, 8:30 – 9:45 CET.\n\nSpeakers:\n- {known.name}, Team Leader, Somewhere\n- Zed Newperson, CEO, Acme\n"
    )
    text, d = draft_file(page, kb.people)
    assert d.speakers[0].id == known.id
    assert [p.id for p in d.new_people] == ["zed-newperson"]
    assert "#   - id: zed-newperson" in text


def test_cli_draft_and_new_talk(tmp_path, capsys, monkeypatch):
    folder = copy_knowledge(tmp_path)
    out = io.StringIO()
    target = tmp_path / "draft.yaml"
    assert main(["draft", str(PAGES / "summary_numbered.txt"), "-o", str(target), "--knowledge", str(folder)], out=out) == 0
    assert "wrote" in out.getvalue() and target.read_text().startswith("# yaml-language-server")

    drafts = tmp_path / "deploy"
    drafts.mkdir()
    monkeypatch.chdir(drafts)
    out = io.StringIO()
    argv = ["new-talk", "--date", "2031-05-06", "--title", "Circular textiles", "--knowledge", str(folder)]
    assert main(argv, out=out) == 0
    # the scaffold goes to drafts/, which the bot does not read: the knowledge stays valid
    created = drafts / "drafts" / "2031-05-06-circular-textiles.yaml"
    assert created.is_file()
    assert not list(folder.rglob(created.name))
    load_dir(folder)
    message = out.getvalue()
    assert "The bot does not read drafts/" in message and "TODO-speaker-id" in message
    assert f"move it to {folder / 'talks'}/" in message
    # as the message says: moved in unchanged, the placeholder speaker is refused, by name
    shutil.copy(created, folder / "talks" / created.name)
    with pytest.raises(KnowledgeError) as info:
        load_dir(folder)
    assert any(p.path.endswith(created.name) and "TODO-speaker-id" in p.message for p in info.value.problems)
    assert main(argv, out=out) == 2


def test_cli_draft_into_a_missing_folder_says_it_created_it(tmp_path, capsys):
    folder = copy_knowledge(tmp_path)
    target = tmp_path / "not-yet" / "draft.yaml"
    out = io.StringIO()
    assert main(["draft", str(PAGES / "summary_numbered.txt"), "-o", str(target), "--knowledge", str(folder)], out=out) == 0
    assert target.is_file()
    assert out.getvalue().startswith(f"wrote {target} (created the folder {target.parent}): ")


def test_cli_draft_to_an_unwritable_place_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["draft", str(PAGES / "summary_numbered.txt"), "-o", str(blocker / "draft.yaml")], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"talkbot: cannot write {blocker / 'draft.yaml'}: ") and len(err.splitlines()) == 1


def test_cli_schema_on_a_missing_folder_says_so_and_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    for argv in (["schema", "--knowledge", str(missing)], ["schema", "--check", "--knowledge", str(missing)]):
        assert main(argv, out=io.StringIO()) == 2
        assert f"{missing}: the knowledge folder does not exist" in capsys.readouterr().err
        assert not missing.exists()


def test_scaffold_with_a_real_speaker_is_valid(tmp_path):
    folder = copy_knowledge(tmp_path)
    person = load_dir(folder).people[0].id
    rel, text = scaffold(date(2031, 1, 2), 'Quotes "inside" the title', person)
    (folder / rel).write_text(text)
    talk = next(t for t in load_dir(folder).talks if t.id == "2031-01-02-quotes-inside-title")
    assert talk.title == 'Quotes "inside" the title'


def test_cli_schema_check(tmp_path):
    folder = copy_knowledge(tmp_path)
    out = io.StringIO()
    assert main(["schema", "--check", "--knowledge", str(folder)], out=out) == 0, out.getvalue()
    people = folder / "people.yaml"
    people.write_text("\n".join(people.read_text().splitlines()[1:]) + "\n")
    shutil.rmtree(folder / "schema")
    assert main(["schema", "--check", "--knowledge", str(folder)], out=io.StringIO()) == 1
    assert main(["schema", "--knowledge", str(folder)], out=io.StringIO()) == 0
    assert people.read_text().startswith("# yaml-language-server: $schema=schema/knowledge.schema.json\n")
    assert main(["schema", "--check", "--knowledge", str(folder)], out=io.StringIO()) == 0


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_every_seed_page_drafts_into_a_loadable_talk(tmp_path):
    pages = sorted(SEEDS.glob("*.txt"))
    assert pages
    for page in pages:
        folder = copy_knowledge(tmp_path / page.stem)
        kb = load_dir(folder)
        text, d = draft_file(page, kb.people)
        assert d.title and d.date and d.start and d.speakers, page.name
        # the shipped talk of that day already exists: draft it under another id
        _install(folder, text.replace(f"id: {d.id}", f"id: {d.id}-draft"), f"{d.id}-draft.yaml")
        assert any(t.id == f"{d.id}-draft" for t in load_dir(folder).talks), page.name


@given(st.text(max_size=600))
@settings(max_examples=150, deadline=None)
def test_draft_never_fails_and_always_writes_yaml(text):
    rendered = render(extract(text, "page.txt"))
    assert isinstance(yaml.safe_load(rendered), dict)
