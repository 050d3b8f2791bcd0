"""``--log-level DEBUG`` shows what the engine made of a question, as the README says."""

from __future__ import annotations

import logging

import pytest

from talkbot.answer.engine import Engine


def test_debug_log_shows_records_intents_and_decision(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="talkbot.answer"):
        engine.answer("who moderated the meta-cluster talk?")
        engine.answer("what did Scaramuzzo warn about?")
    text = caplog.text
    assert "talk=2024-04-24-meta-cluster" in text
    assert "intents: [('moderator'" in text
    assert "decision={'route': 'field', 'intent': 'moderator'}" in text
    assert "candidates: [" in text and "'route': 'retrieve'" in text


def test_no_debug_work_when_not_asked(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="talkbot.answer"):
        engine.answer("who moderated the meta-cluster talk?")
    assert "intents:" not in caplog.text
