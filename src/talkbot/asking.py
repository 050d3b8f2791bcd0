"""Admitting a question before it reaches the engine: clean it, cap it, rate-limit the asker.

The cogs feed every question (mention, DM, ask channel, /ask, "Did you mean" button) through
one :class:`QuestionDesk`, so the rules are the same everywhere and tested without Discord.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass

from talkbot.db import storable
from talkbot.present import rate_limited_notice, too_long_notice
from talkbot.ratelimit import RateLimiter

EMPTY_NOTICE = (
    "Ask me anything about the EU Clusters Talks, e.g. “who presented the I3 instrument?”. "
    "`/help` shows what else I can do."
)


def strip_mentions_of(text: str, user_id: int | None, role_id: int | None = None) -> str:
    """Remove the bot's own mention (``<@id>``, ``<@!id>``, its managed role) from a message."""
    if user_id is not None:
        text = re.sub(rf"<@!?{user_id}>", " ", text)
    if role_id is not None:
        text = re.sub(rf"<@&{role_id}>", " ", text)
    return text


_MENTION_TOKEN = re.compile(r"@(everyone|here)\b|<(@[!&]?|#)\d+>")


def drop_mentions(text: str) -> str:
    """Remove mass mentions and raw mention tokens: they mean nothing to the engine.

    Cogs first replace the mentions they can resolve with names (``@Ann``, ``#general``).
    """
    return _MENTION_TOKEN.sub(" ", text)


def normalise(text: str) -> str:
    """One line, single spaces, valid Unicode: how a question is logged, answered and echoed."""
    return " ".join(storable(text).split())


@dataclass(frozen=True)
class Admission:
    """Either a question to answer, or a notice for the asker alone."""

    question: str = ""
    notice: str = ""

    @property
    def admitted(self) -> bool:
        return not self.notice


class QuestionDesk:
    """The rules every question goes through, wherever it comes from."""

    def __init__(self, max_chars: int, limiter: RateLimiter):
        self.max_chars = max_chars
        self.limiter = limiter

    def admit(self, asker: Hashable, text: str) -> Admission:
        question = normalise(drop_mentions(text))
        if not question:
            return Admission(notice=EMPTY_NOTICE)
        if len(question) > self.max_chars:
            return Admission(notice=too_long_notice(len(question), self.max_chars))
        wait = self.limiter.hit(asker)
        if wait:
            return Admission(notice=rate_limited_notice(wait))
        return Admission(question=question)
