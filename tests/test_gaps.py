"""Gaps: recording, grouping paraphrases, counts, dismissing, retention, hashing, CLI."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from talkbot.answer.reply import Reply
from talkbot.cli import main
from talkbot.db import connect
from talkbot.gaps import DECLINED, DOWNVOTED, LOW_CONFIDENCE, GapStore, hash_user, reason_for

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)

PARAPHRASES = [
    ["How do I register for the next talk?", "how can I register to the next EU cluster talk", "registration for next talk?"],
    ["Is there a recording of the meta-cluster talk?", "where can i watch the recording of meta cluster webinar",
     "recording meta cluster", "Is there a recordng of the meta cluster tlak"],
    ["What is the I3 instrument budget?", "What is the budget of the I3 instrument"],
    ["When is the next talk?", "when's the next EU Clusters Talk"],
]


@pytest.fixture
def store(tmp_path):
    return GapStore(connect(tmp_path / "t.sqlite3"), salt="pepper", retention_days=30)


def test_reason_for_replies():
    assert reason_for(False, 0.9) == DECLINED
    assert reason_for(True, 0.62) == LOW_CONFIDENCE
    assert reason_for(True, 0.9) is None


def test_small_talk_is_not_a_gap(store):
    assert store.record_reply(Reply("hi!", False, "Hello! Ask me about..."), user_id=1) is None
    assert store.record_reply(Reply("thanks", False, "You're welcome"), user_id=1) is None
    assert store.open_gaps() == []


def test_record_reply_keeps_only_gaps_and_hashes_users(store):
    assert store.record_reply(Reply("good?", True, "yes", confidence=0.9), user_id=1, now=T0) is None
    gap_id = store.record_reply(Reply("unknown?", False, "Sorry, I don't know."), user_id=123456789, now=T0)
    gap = store.open_gaps(T0)[0]
    assert gap.id == gap_id and gap.reason == DECLINED and gap.reply == "Sorry, I don't know."
    assert gap.user_hash == hash_user(123456789, "pepper") and "123456789" not in gap.user_hash
    row = store.conn.execute("SELECT * FROM gaps").fetchone()
    assert "123456789" not in " ".join(str(v) for v in tuple(row))


def test_paraphrases_are_one_group_and_different_questions_are_not(store):
    t = T0
    for group in PARAPHRASES:
        for q in group:
            t += timedelta(minutes=1)
            store.record(q, "sorry", DECLINED, user_id=q, now=t)
    groups = store.groups(t)
    got = sorted(sorted([store.conn.execute("SELECT question FROM gaps WHERE id=?", (i,)).fetchone()[0]
                         for i in g.member_ids]) for g in groups)
    assert got == sorted(sorted(g) for g in PARAPHRASES)
    assert [g.count for g in groups] == [4, 3, 2, 2]  # most asked first
    assert groups[0].question == "Is there a recordng of the meta cluster tlak"  # the latest wording
    assert groups[0].users == 4


def test_ties_are_ordered_by_last_asked_and_show_reasons(store):
    store.record("Who moderated the meta cluster talk?", "r", DOWNVOTED, now=T0)
    store.record("Is there a talk on hydrogen?", "r", LOW_CONFIDENCE, now=T0 + timedelta(hours=1))
    groups = store.groups(T0 + timedelta(hours=2))
    assert [g.question for g in groups] == ["Is there a talk on hydrogen?", "Who moderated the meta cluster talk?"]
    assert groups[1].reasons == (DOWNVOTED,) and groups[0].last_asked == T0 + timedelta(hours=1)


def test_dismiss_hides_a_group_until_asked_again(store):
    for i, q in enumerate(PARAPHRASES[0]):
        store.record(q, "r", DECLINED, now=T0 + timedelta(minutes=i))
    group = store.groups(T0 + timedelta(hours=1))[0]
    assert store.dismiss(group.member_ids[-1], now=T0 + timedelta(hours=1)) == 3
    assert store.groups(T0 + timedelta(hours=1)) == []
    assert store.dismiss(group.id) == 0
    store.record("How can I register for the next talk?", "r", DECLINED, now=T0 + timedelta(hours=2))
    assert [g.count for g in store.groups(T0 + timedelta(hours=2))] == [1]


def test_retention_forgets_old_questions(store):
    store.record("old question about funding", "r", DECLINED, now=T0)
    store.record("new question about funding", "r", DECLINED, now=T0 + timedelta(days=29))
    later = T0 + timedelta(days=31)
    assert [g.question for g in store.groups(later)] == ["new question about funding"]
    assert store.conn.execute("SELECT COUNT(*) FROM gaps").fetchone()[0] == 1


def test_empty_and_unknown(store):
    assert store.record("   ", "r", DECLINED) is None
    with pytest.raises(ValueError):
        store.record("q", "r", "bored")


def test_cli_gaps(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TALKBOT_DATA", str(tmp_path))
    # no database: say so instead of creating an empty one and reporting "no unanswered questions"
    assert main(["gaps"], out=io.StringIO()) == 2
    assert f"no database at {tmp_path / 'talkbot.sqlite3'}" in capsys.readouterr().err
    assert not (tmp_path / "talkbot.sqlite3").exists()
    store = GapStore(connect(tmp_path / "talkbot.sqlite3"), "talkbot")
    out = io.StringIO()
    assert main(["gaps"], out=out) == 0 and "No unanswered" in out.getvalue()
    for q in PARAPHRASES[1]:
        store.record(q, "r", DECLINED)
    store.record("Who is Marek?", "r", LOW_CONFIDENCE)
    out = io.StringIO()
    assert main(["gaps"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("#1 ×4 (last ") and "also: " in lines[1]
    assert main(["gaps", "--dismiss", "1"], out=io.StringIO()) == 0
    out = io.StringIO()
    main(["gaps"], out=out)
    assert "×4" not in out.getvalue() and "Who is Marek?" in out.getvalue()
    assert main(["gaps", "--dismiss", "99"], out=io.StringIO()) == 2
