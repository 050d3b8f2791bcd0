"""The index's bulk build must find exactly what per-snippet analysis would.

The build tokenises a megabyte of texts at a time (bytes split, one dict lookup per word), keeps
snippets as numbers and rebuilds them on demand, and posts people and titles in CSR arrays.
These tests compare all of that with the plain, slow way (``content_terms`` on each snippet's
text, the people of each built snippet) on the shipped knowledge and on talks written to be
awkward: accents, curly quotes, dashes, "May" as a month and as a verb, "1/2a", line breaks,
chunk boundaries.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talkbot.answer import index as index_module
from talkbot.answer.index import Index
from talkbot.answer.text import content_terms
from talkbot.knowledge.models import (
    AgendaItem,
    Appearance,
    Event,
    KnowledgeBase,
    Person,
    Point,
    Schedule,
    Section,
    Series,
    Talk,
    Term,
)

AWKWARD = [
    "The call opens on 15 May 2024 and closes in May.", "Clusters may apply; they may not.",
    "Šermukšnytė’s talk on the Europe’s “meta-cluster” — 08:30–09:45 CET.", "Budget: €2.5 million (1/2a, d.2).",
    "Line one\nline two  with  spaces", "I3 instrument, strand 2b, 2021-2027!", "", "Ⅻ ﬁnance ﬀ ß Ø Łódź",
    "e.g. www.example.eu/call/2024", "It's the SMEs' turn: they're 'in'.",
]


def _kb(points: list[str], talks: int = 3) -> KnowledgeBase:
    people = (Person("ada", "Ada Lovelace", ("Augusta Ada King",)), Person("alan", "Alan Turing"),
              Person("grace", "Grace Hopper"))
    out = []
    for n in range(talks):
        sections = (Section("a", "Awkward texts", tuple(Point(t, ("ada",) if i % 2 else ()) for i, t in enumerate(points)),
                            ("alan",)),
                    Section("b", "Empty section", ()),
                    Section("c", f"Findings of talk {n}", (Point("Grace said clusters grow.", ("grace",)),)))
        out.append(Talk(
            id=f"2024-0{n + 1}-10-t{n}", title=f"Talk number {n}: clusters and May", summary="A summary.",
            schedule=Schedule(date(2024, n + 1, 10)), speakers=(Appearance("alan", "CEO", "Org"),),
            moderators=(Appearance("ada", "Host"),), agenda=(AgendaItem("Opening", ("ada",)),
                                                             AgendaItem("Panel", ("alan", "grace"))),
            key_messages=("Key one.", "Key two."), sections=sections, registration="Register early.",
            recording="Watch it." if n % 2 else "", tags=("tag",)))
    events = (Event("e1", "Big Fair", "fair", Schedule(date(2024, 5, 1)), "In May.", "Graz",
                    announced_in=(out[0].id,)),)
    terms = (Term("ECCP", "European Cluster Collaboration Platform", "The platform.", ("the platform",)),)
    series = (Series("s", "EU Clusters Talks", "Webinars.", (Section("r", "Rhythm", (Point("Every two weeks."),)),)),)
    return KnowledgeBase(series, tuple(out), people, events, terms)


def _postings_of(index: Index) -> dict[int, Counter[str]]:
    """Each snippet's terms as the postings have them."""
    names = index._term_names
    found: dict[int, Counter[str]] = {}
    for tid in range(len(names)):
        for sid in index.p_sid[index.p_start[tid]:index.p_start[tid + 1]].tolist():
            found.setdefault(sid, Counter())[names[tid]] += 1
    return found


def _assert_postings_match_texts(index: Index) -> None:
    postings = _postings_of(index)
    for snippet in index.snippets:
        assert set(postings.get(snippet.id, ())) == set(content_terms(snippet.text)), snippet.text


@pytest.fixture(params=[1 << 20, 64], ids=["one-chunk", "many-chunks"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(index_module, "CHUNK_CHARS", request.param)
    return request.param


def test_postings_hold_the_words_of_each_snippet(chunk: int) -> None:
    _assert_postings_match_texts(Index(_kb(AWKWARD)))


def test_postings_of_the_shipped_knowledge(kb: KnowledgeBase) -> None:
    _assert_postings_match_texts(Index(kb))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*"ab Mayçé’'-/.1\n2 –", "may ", " 15 ", "may 2024", "1/2a", "d.2", "’s ",
                                          "Ⅻ", "the "]), max_size=25).map("".join), min_size=1, max_size=6))
def test_postings_match_for_any_text(points: list[str]) -> None:
    _assert_postings_match_texts(Index(_kb(points, talks=1)))


def test_a_person_s_snippets_are_those_naming_them(kb: KnowledgeBase, chunk: int) -> None:
    for knowledge in (kb, _kb(AWKWARD)):
        index = Index(knowledge)
        truth: dict[str, list[int]] = {}
        for snippet in index.snippets:
            for pid in snippet.people:
                truth.setdefault(pid, []).append(snippet.id)
        assert truth
        for person in knowledge.people:
            assert index.by_person(person.id).tolist() == truth.get(person.id, [])
        assert index.by_person("nobody").tolist() == []


def test_snippets_know_their_talk_section_and_context() -> None:
    index = Index(_kb(AWKWARD))
    points = [s for s in index.snippets if s.kind == "point"]
    assert {s.section for s in points} == {"Awkward texts", "Findings of talk 0", "Findings of talk 1",
                                            "Findings of talk 2"}
    for s in points:
        assert s.talk is not None
        words = set(content_terms(s.section)) | set(content_terms(s.talk.title)) | {"talk", "2024"}
        assert all(w in s.context for w in words), (s.section, s.talk.title)
    grace = next(s for s in points if s.text.startswith("Grace"))
    assert grace.people == ("grace",) and grace.day == date(2024, 1, 10)


def test_context_words_find_snippets_without_those_words() -> None:
    index = Index(_kb(AWKWARD))
    found = index.snippets[index.top({"moder": 1.0}, [], 5)[0][0]]
    assert found.kind == "moderator" and "moderat" not in found.body
    key = [index.snippets[sid] for sid, _ in index.top({"key": 1.0, "messag": 1.0}, [], 6)]
    assert {s.kind for s in key} == {"key_message"}


def test_each_snippet_is_built_the_same_way_twice() -> None:
    index = Index(_kb(AWKWARD))
    first = [(s.kind, s.text, s.section, s.people, s.day, set(s.context)) for s in index.snippets]
    index._cache.clear()
    again = [(s.kind, s.text, s.section, s.people, s.day, set(s.context)) for s in index.snippets]
    assert first == again
    assert len(first) == index.n == len({s.id for s in index.snippets})
    with pytest.raises(IndexError):
        index.snippets[index.n]


def test_an_empty_knowledge_base_indexes_nothing() -> None:
    index = Index(KnowledgeBase())
    assert index.n == 0 and index.top({"cluster": 1.0}, [], 5) == []
    assert isinstance(index.by_person("x"), np.ndarray)


def test_document_frequencies_do_not_depend_on_the_batching(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = Index(kb).idf_by_id
    monkeypatch.setattr(index_module, "DF_BATCH", 1)  # one term at a time
    assert np.array_equal(Index(kb).idf_by_id, whole)


def test_a_tag_counts_once_for_each_snippet_of_its_talk() -> None:
    index = Index(_kb(["Clusters grow.", "Tag, you're it: tag."], talks=1))
    # 'tag' is the talk's tag (context of all its snippets) and, twice, in one point's body
    talk_snippets = index._talk_first[1] - index._talk_first[0]
    ratio = np.exp(float(index.idf_by_id[index.term_ids["tag"]])) - 1  # idf = ln(1 + (n - df + .5) / (df + .5))
    assert round((index.n + 0.5 - 0.5 * ratio) / (1 + ratio)) == talk_snippets
