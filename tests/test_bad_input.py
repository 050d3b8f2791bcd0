"""Whatever is typed or uploaded, nothing crashes: the engine always returns a short Reply and
the loader raises nothing but KnowledgeError."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PEOPLE_YAML, TALK_YAML
from talkbot.answer.engine import MAX_QUESTION_CHARS, Engine
from talkbot.answer.reply import MAX_REPLY_CHARS, Reply
from talkbot.errors import KnowledgeError
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.models import KnowledgeBase

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(reply: object, question: str) -> None:
    assert isinstance(reply, Reply)
    assert reply.question == question
    assert reply.text.strip()
    assert len(reply.text) <= MAX_REPLY_CHARS
    assert 0 <= len(reply.citations) <= 3
    if reply.answered and reply.decision.get("route") != "help":  # the help text cites nothing
        assert reply.citations
    else:
        assert 1 <= len(reply.suggestions) <= 3


# -- questions ------------------------------------------------------------------------------

control = st.characters(codec=None, categories=["Cc", "Cf", "Zl", "Zp", "Zs"])
surrogates = st.characters(categories=["Cs"])
words = st.sampled_from(
    ["who", "when", "I3", "CEBR", "przeor", "meta-cluster", "talk", "next", "2024", "Röhr", "¿", "qui", "wann",
     "stand", "for", "€", "490", "million", "?", "\x00", "\n", "\t", "🙂", "Šermukšnytė"]
)
questions = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=control, max_size=50),
    st.text(alphabet=st.one_of(control, surrogates, st.characters()), max_size=200),
    st.lists(words, max_size=40).map(" ".join),
    st.lists(words, max_size=40).map("".join),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", errors="surrogateescape")),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), min_size=1, max_size=30),
    st.text(alphabet=" \t\r\n\x0b\x0c\u00a0\u2003\u3000\u200b\ufeff", max_size=50),
)
moments = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC))


@FAST
@given(question=questions, now=st.one_of(st.none(), moments))
def test_engine_never_raises(engine: Engine, question: str, now: datetime | None) -> None:
    check(engine.answer(question, now=now), question)


@pytest.mark.parametrize(
    "question",
    ["", " ", "\x00", "\x00" * 1000, "\n\n\n", "\u200b\u200b", "🙂", "🙂🙂🙂🎉🎉", "???", "!!!", "...", "-", "'",
     "\ufeff", "\ud800", "a\ud800b", "\x1b[31mred\x1b[0m", "<script>alert(1)</script>", "SELECT * FROM talks;--",
     "%s%s%s%n", "{0}{1}", "\\x00\\n", "ﬁ ﬂ ẞ İ ǅ", "١٢٣", "零一二"],
)
def test_odd_questions(engine: Engine, question: str) -> None:
    check(engine.answer(question), question)


@pytest.mark.parametrize("question", ["", "   ", "\t\n", "🙂", "🙂🙂🙂", "\x00\x00", "?!"])
def test_empty_and_symbol_only_questions_get_help(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    check(reply, question)
    assert not reply.answered
    assert "EU Clusters Talks" in reply.text


def test_very_long_answerable_question_is_capped_and_says_so(engine: Engine) -> None:
    question = "Who presented the I3 instrument? " + "please tell me more " * 5_000  # ~100 kB
    assert len(question) > 100_000
    reply = engine.answer(question)
    check(reply, question)
    assert reply.answered
    assert "long" in reply.text.casefold()
    assert "Koch" in reply.text


def test_very_long_unanswerable_question_says_it_was_cut(engine: Engine) -> None:
    question = "zqx " * 30_000
    reply = engine.answer(question)
    check(reply, question)
    assert "long" in reply.text.casefold()


def test_very_long_single_word(engine: Engine) -> None:
    question = "a" * 100_000
    check(engine.answer(question), question)


def test_cap_keeps_the_beginning(engine: Engine) -> None:
    # what comes after the cap is not read: the answer is about the beginning
    # stop words keep the answer, and what follows them is words the knowledge never uses
    filler = "the " * (MAX_QUESTION_CHARS // 4 + 10)
    question = "who presented the I3 instrument? " + filler + "capital Peru Lima Andes llamas"
    reply = engine.answer(question)
    assert reply.answered and "Koch" in reply.text


def test_not_a_string(engine: Engine) -> None:
    check(engine.answer(42), "42")  # type: ignore[arg-type]


# -- knowledge files ------------------------------------------------------------------------


def _load_with(files: dict[str, bytes | str]) -> KnowledgeBase | None:
    """Load a folder of these files: a KnowledgeBase, or None after a KnowledgeError; anything else fails."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "knowledge"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", errors="surrogateescape")
        try:
            return load_dir(root)
        except KnowledgeError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.path.startswith("knowledge") and problem.line >= 1 and problem.message
            return None


@FAST
@given(content=st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_talk_file(content: bytes) -> None:
    _load_with({"people.yaml": PEOPLE_YAML, "talks/upload.yaml": content})


@FAST
@given(content=st.binary(max_size=2000))
def test_arbitrary_bytes_as_the_people_file(content: bytes) -> None:
    _load_with({"people.yaml": content, "talks/2030-01-15-engines.yaml": TALK_YAML})


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.dates(), st.sampled_from(["08:30", "8:30", "2024-02-30", "Europe/Brussels", "CET", "ada-lovelace", ""]),
)
keys = st.one_of(st.sampled_from(["id", "title", "date", "start", "end", "timezone", "summary", "speakers",
                                  "person", "sections", "points", "text", "by", "people", "talks", "events",
                                  "terms", "series", "sources", "tags", "agenda", "moderators"]),
                 st.text(max_size=8))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=6)),
                         max_leaves=30)


@FAST
@given(document=documents)
def test_arbitrary_yaml_structures(document: object) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    _load_with({"people.yaml": PEOPLE_YAML, "talks/upload.yaml": text})


@FAST
@given(data=st.data())
def test_mutated_talk_file(data: st.DataObject) -> None:
    """Delete, duplicate or garble lines of a valid talk: problems are reported, nothing crashes."""
    lines = TALK_YAML.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "garble", "indent", "dedent"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "garble":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))] + data.draw(st.text(max_size=10))
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i].lstrip()
    _load_with({"people.yaml": PEOPLE_YAML, "talks/2030-01-15-engines.yaml": "\n".join(lines) + "\n"})
