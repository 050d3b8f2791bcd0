from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from talkbot import db
from talkbot.answer.reply import Reply
from talkbot.feedback import FeedbackStore, hash_user


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock) -> FeedbackStore:
    s = FeedbackStore.open(tmp_path / "bot.sqlite3", "pepper", clock)
    yield s
    s.close()


REPLY = Reply(question="who presented I3?", answered=True, text="Eric Koch. [1] ...", confidence=0.8)


def test_user_ids_are_hashed_with_the_salt() -> None:
    assert hash_user(123, "a") != hash_user(123, "b")
    assert hash_user(123, "a") == hash_user("123", "a")
    assert "123" not in hash_user(123, "a")


def test_vote_is_recorded_with_question_reply_and_time(store, clock) -> None:
    answer_id = store.log_answer(REPLY, 123)
    clock.now += timedelta(minutes=1)
    assert store.vote(answer_id, 456, up=True)
    [fb] = store.feedback()
    assert (fb.question, fb.reply, fb.vote) == ("who presented I3?", "Eric Koch. [1] ...", 1)
    assert fb.voted_at == clock.now
    assert fb.voter == hash_user(456, "pepper")
    raw = store.conn.execute("SELECT * FROM votes").fetchall()
    assert all("456" not in str(tuple(r)) for r in raw)


def test_second_vote_replaces_the_first(store) -> None:
    answer_id = store.log_answer(REPLY, 123)
    store.vote(answer_id, 456, up=True)
    store.vote(answer_id, 456, up=False)
    store.vote(answer_id, 789, up=False)
    assert store.tally() == (0, 2)
    assert len(store.feedback(vote=-1)) == 2


def test_unknown_answer_is_not_voted(store) -> None:
    assert store.vote(999, 1, up=True) is False
    assert store.tally() == (0, 0)


def test_logged_answer_keeps_asker_and_suggestions(store) -> None:
    reply = Reply(question="q", answered=False, text="no", suggestions=("a?", "b?"))
    answer = store.answer(store.log_answer(reply, 5))
    assert answer is not None and answer.suggestions == ("a?", "b?") and not answer.answered
    assert store.is_asker(answer, 5) and not store.is_asker(answer, 6)


def test_prune_forgets_old_answers_and_their_votes(store, clock) -> None:
    old = store.log_answer(REPLY, 1)
    store.vote(old, 2, up=False)
    clock.now += timedelta(days=200)
    new = store.log_answer(REPLY, 1)
    assert store.prune(clock.now - timedelta(days=180)) == 1
    assert store.answer(old) is None and store.answer(new) is not None
    assert store.tally() == (0, 0)


def test_migrations_are_recorded_and_idempotent(tmp_path) -> None:
    path = tmp_path / "x.sqlite3"
    FeedbackStore.open(path, "s").close()
    FeedbackStore.open(path, "s").close()
    conn = db.connect(path)
    assert conn.execute("SELECT version FROM schema_version WHERE component = 'feedback'").fetchone()[0] == 1


@pytest.mark.parametrize("question", ["who \ud800 presented I3?", "\udfff", "pair \ud83d\ude42 ok", "a\udc80b"])
def test_lone_surrogates_are_logged_not_raised(store: FeedbackStore, question: str) -> None:
    """JSON from Discord can carry "\\ud800": the answer must still be logged (it raised in SQLite)."""
    reply = Reply(question=question, answered=False, text=f"Not covered: {question}", suggestions=(question,))
    answer_id = store.log_answer(reply, 42)
    logged = store.answer(answer_id)
    assert logged is not None and logged.question.encode("utf-8")
    assert len(logged.suggestions) == 1


def test_gaps_keep_questions_with_lone_surrogates(tmp_path) -> None:
    from talkbot.gaps import DECLINED, GapStore

    gaps = GapStore(db.connect(tmp_path / "g.sqlite3"), "salt")
    assert gaps.record("recording of \ud800 the talk", "sorry \udfff", DECLINED) is not None


def test_the_desk_admits_valid_unicode_only() -> None:
    from talkbot.asking import QuestionDesk
    from talkbot.ratelimit import RateLimiter

    desk = QuestionDesk(500, RateLimiter(10, 60))
    assert desk.admit(1, "who \ud800presented \ud83d\ude42 I3?").question == "who \ufffdpresented 🙂 I3?"
