"""Hostile questions through the CLI and through the cogs' own path (mention stripping,
admission, the real engine, rendering, embeds): no exception, every embed within Discord's
limits, nothing that could ping or render a link the user typed.

benchmarks/fuzz_questions.py runs the same with as many inputs as wanted."""

from __future__ import annotations

import io
import json
import logging
from unittest.mock import MagicMock

import discord
import pytest

from cogs.discord_mocks import BOT_ID, make_interaction, make_message
from fakes import Holder
from hostile import embed_problems, generate
from talkbot import cli
from talkbot.bot import SORRY, TalkBot
from talkbot.config import Settings
from talkbot.feedback import FeedbackStore

N = 900


@pytest.fixture
async def real_bot(engine, tmp_path):
    settings = Settings(token="t", data_dir=tmp_path, rate_limit_count=10**9)
    store = FeedbackStore.open(settings.database, settings.hash_salt)
    client = TalkBot(settings, Holder(engine), store)
    client._connection.user = MagicMock(spec=discord.ClientUser, id=BOT_ID)
    await client.load_extension("talkbot.cogs.ask")
    yield client
    store.close()


def _posted(mock) -> tuple[dict, str, tuple[str, ...]]:
    kwargs = mock.await_args.kwargs
    assert kwargs["allowed_mentions"].to_dict() in ({"parse": []}, {"parse": [], "replied_user": False})
    embed = kwargs.get("embed")
    view = kwargs.get("view")
    items = [getattr(i, "item", i) for i in view.children] if view else []
    labels = tuple(i.label for i in items if i.label is not None or i.emoji is None)  # emoji-only votes have none
    return (embed.to_dict() if embed else {}), kwargs.get("content") or "", labels


async def test_hostile_questions_through_the_cogs(real_bot, caplog):
    cog = real_bot.get_cog("Ask")
    failures = []
    with caplog.at_level(logging.WARNING):
        for index, question in enumerate(generate(N, seed=11)):
            if index % 3 == 0:  # /ask
                interaction = make_interaction(real_bot, user_id=index)
                await cog.ask.callback(cog, interaction, question=question)
                sent = interaction.followup.send if interaction.followup.send.await_count else interaction.response.send_message
                embed, content, labels = _posted(sent)
                if not embed and sent.await_args.args:
                    content = sent.await_args.args[0]
            else:  # a mention in a channel
                message = make_message(f"<@{BOT_ID}> {question}", author_id=index)
                await cog.on_message(message)
                if not message.reply.await_count:  # an empty question after stripping: a notice, or nothing
                    continue
                embed, content, labels = _posted(message.reply)
            problems = embed_problems(embed, content, labels)
            if SORRY in json.dumps(embed) + content:
                problems.append("answered 'Sorry, something went wrong'")
            if problems:
                failures.append((index, question[:80], problems))
    assert failures == []
    assert [r.getMessage()[:200] for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_hostile_questions_through_the_cli():
    questions = [q.replace("\n", " ").replace("\r", " ") for q in generate(N // 3, seed=12)]
    stdin = io.StringIO("\n".join(questions) + "\n")
    out = io.StringIO()
    assert cli.main(["ask", "--json"], stdin=stdin, out=out) == 0
    lines = out.getvalue().splitlines()  # what a line-splitting consumer sees
    replies = [json.loads(line) for line in lines]
    assert len(replies) == len(stdin.getvalue().split("\n")) - 1
    assert all(set(r) >= {"question", "answered", "text", "citations", "confidence", "suggestions"} for r in replies)
