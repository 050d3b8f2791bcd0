"""Uploads, versions, rollback and download of the knowledge folder (no Discord)."""

from __future__ import annotations

import io
import zipfile

import pytest

from _admin_support import copy_knowledge, service_for
from talkbot.errors import UploadError
from talkbot.knowledge.store import KnowledgeStore, safe_name
from test_broken_edits import MINI, NEW


@pytest.fixture
def store(tmp_path):
    folder = copy_knowledge(tmp_path)
    return KnowledgeStore(service_for(folder), tmp_path / "data" / "knowledge-history", max_bytes=64 * 1024)


def test_valid_upload_of_a_new_talk_is_written_and_served(store):
    talks_before = len(store.service.kb.talks)

    change = store.upload("2030-01-15-test-talk.yaml", MINI.encode(), by="admin#1")

    assert change.path == NEW and not change.replaced and change.result.ok
    assert (store.folder / NEW).read_text() == MINI
    assert len(store.service.kb.talks) == talks_before + 1
    assert not list(store.folder.rglob(".*.tmp")), "temporary files left behind"
    notes = [v.note for v in store.history()]
    assert notes == [f"added {NEW}", "before upload"]
    assert store.history()[0].by == "admin#1"


def test_upload_over_an_existing_file_replaces_it_in_place(store):
    people = (store.folder / "people.yaml").read_text()
    edited = people.replace("people:\n", "people:\n  - id: new-person\n    name: New Person\n", 1)

    change = store.upload("people.yaml", edited.encode())

    assert change.path == "people.yaml" and change.replaced
    assert any(p.id == "new-person" for p in store.service.kb.people)


def test_shared_file_with_a_new_name_goes_to_the_top(store):
    change = store.upload("more-terms.yaml", b"terms:\n  - term: XYZ\n    stands_for: Ex Why Zed\n")
    assert change.path == "more-terms.yaml"


@pytest.mark.parametrize(
    "name",
    ["../people.yaml", "talks/x.yaml", "..\\x.yaml", "/etc/passwd.yaml", ".hidden.yaml", "notes.txt", "x.yaml.exe",
     "evil name.yaml", "", "a" * 120 + ".yaml", "x\x00.yaml", "-rf.yaml"],
)
def test_unsafe_or_non_yaml_names_are_refused(store, name):
    with pytest.raises(UploadError):
        store.upload(name, MINI.encode())
    assert safe_name("2030-01-15-test-talk.yml") == "2030-01-15-test-talk.yml"


def test_size_limit(store):
    big = MINI + "# " + "x" * (64 * 1024) + "\n"
    with pytest.raises(UploadError, match="limit"):
        store.upload("2030-01-15-test-talk.yaml", big.encode())
    assert not (store.folder / NEW).exists()


def test_history_and_rollback(store):
    store.upload("2030-01-15-test-talk.yaml", MINI.encode(), by="a")
    original = store.history()[-1]  # the state before the upload
    assert original.note == "before upload"

    change = store.rollback(original.version[:8], by="b")

    assert change.result.ok
    assert not (store.folder / NEW).exists()
    assert store.service.version == original.version
    assert store.history()[0].note.startswith(f"rollback to {original.version}")
    # and forward again
    store.rollback(store.history()[1].version)
    assert (store.folder / NEW).exists()


def test_rollback_to_unknown_version_is_refused(store):
    with pytest.raises(UploadError, match="no archived version"):
        store.rollback("deadbeef")
    with pytest.raises(UploadError, match="at least 4"):
        store.rollback("ab")


def test_history_keeps_only_the_newest(store):
    store.keep = 3
    for i in range(5):
        store.upload("more-terms.yaml", f"terms:\n  - term: T{i}\n    stands_for: Term {i}\n".encode())
    assert len(list(store.history_dir.glob("*.zip"))) == 3


def test_archive_skips_an_unchanged_folder(store):
    assert store.archive("first") is not None
    assert store.archive("again") is None


def test_download_zips_the_knowledge_and_schemas(store):
    data = store.download()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
    assert "knowledge/people.yaml" in names
    assert any(n.startswith("knowledge/talks/") for n in names)
    assert "knowledge/schema/talk.schema.json" in names


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("CON.yaml", "Windows reserves"),
        ("aux.yaml", "Windows reserves"),
        ("com1.yml", "Windows reserves"),
        ("nul.people.yaml", "Windows reserves"),
        (" people.yaml", "space"),
        ("people.yaml ", "space"),
    ],
)
def test_names_that_would_misbehave_are_refused(store, name, why):
    before = (store.folder / "people.yaml").read_bytes()
    with pytest.raises(UploadError, match=why):
        store.upload(name, MINI.encode())
    assert (store.folder / "people.yaml").read_bytes() == before
    assert not any(p.name.lower().startswith(("con", "aux", "com1", "nul")) for p in store.folder.rglob("*"))
