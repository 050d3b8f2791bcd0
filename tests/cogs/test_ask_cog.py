from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace
from unittest.mock import AsyncMock

import discord

from cogs.discord_mocks import (
    ASK_CHANNEL,
    BOT_ID,
    assert_no_mentions,
    make_interaction,
    make_message,
    sent_embed,
)
from fakes import I3_QUESTION, SUGGESTIONS
from talkbot.cogs.ask import (
    EXPIRED,
    NOT_YOURS,
    SUGGESTION_TTL,
    THANKS_DOWN,
    THANKS_UP,
    VOTE_GONE,
    SuggestionButton,
    VoteButton,
)


def ask_cog(bot):
    return bot.get_cog("Ask")


def custom_ids(view: discord.ui.View) -> list[str]:
    return [item.custom_id for item in view.children]


# --- /ask --------------------------------------------------------------------------------------


async def test_ask_defers_then_answers_with_citations_and_votes(bot) -> None:
    interaction = make_interaction(bot)
    await ask_cog(bot).ask.callback(ask_cog(bot), interaction, question=I3_QUESTION)
    interaction.response.defer.assert_awaited_once_with(thinking=True)
    send = interaction.followup.send
    embed = sent_embed(send)
    assert embed.description.startswith("Eric Koch")
    assert embed.fields[0].name.startswith("1. Innovation through integration")
    assert custom_ids(send.await_args.kwargs["view"]) == ["tb:vote:u:1", "tb:vote:d:1"]
    assert_no_mentions(send)


async def test_ask_not_covered_offers_did_you_mean_buttons(bot) -> None:
    interaction = make_interaction(bot)
    await ask_cog(bot).ask.callback(ask_cog(bot), interaction, question="zebras?")
    view = interaction.followup.send.await_args.kwargs["view"]
    assert [item.item.label for item in view.children] == list(SUGGESTIONS)
    assert custom_ids(view) == ["tb:dym:1:0", "tb:dym:1:1", "tb:dym:1:2"]
    assert sent_embed(interaction.followup.send).title == "Not covered"


async def test_a_greeting_gets_the_help_card_not_not_covered(bot) -> None:
    interaction = make_interaction(bot)
    await ask_cog(bot).ask.callback(ask_cog(bot), interaction, question="hi!")
    embed = sent_embed(interaction.followup.send)
    assert embed.title != "Not covered" and "EU Clusters Talks" in embed.title
    view = interaction.followup.send.await_args.kwargs["view"]
    assert [item.item.label for item in view.children] == list(SUGGESTIONS)
    assert bot.gaps is None or not bot.gaps.open_gaps()  # small talk is no gap for the curators


async def test_ask_too_long_is_refused_at_once(bot) -> None:
    interaction = make_interaction(bot)
    await ask_cog(bot).ask.callback(ask_cog(bot), interaction, question="x" * 501)
    interaction.response.defer.assert_not_awaited()
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    assert "under 500 characters" in interaction.response.send_message.await_args.args[0]


async def test_ask_rate_limited_per_user(bot, clock) -> None:
    cog = ask_cog(bot)
    for _ in range(3):
        await cog.ask.callback(cog, make_interaction(bot, 7), question=I3_QUESTION)
    refused = make_interaction(bot, 7)
    await cog.ask.callback(cog, refused, question=I3_QUESTION)
    assert "try again in 60 s" in refused.response.send_message.await_args.args[0]
    other = make_interaction(bot, 8)
    await cog.ask.callback(cog, other, question=I3_QUESTION)
    other.response.defer.assert_awaited_once()
    clock.advance(60)
    again = make_interaction(bot, 7)
    await cog.ask.callback(cog, again, question=I3_QUESTION)
    again.response.defer.assert_awaited_once()


# --- messages ----------------------------------------------------------------------------------


def test_question_in_recognises_what_is_addressed_to_the_bot(bot) -> None:
    cog = ask_cog(bot)
    assert cog.question_in(make_message(f"<@{BOT_ID}> {I3_QUESTION}")).strip() == I3_QUESTION
    assert cog.question_in(make_message(I3_QUESTION, dm=True)) == I3_QUESTION
    assert cog.question_in(make_message(I3_QUESTION, channel_id=ASK_CHANNEL)) == I3_QUESTION
    assert cog.question_in(make_message(I3_QUESTION)) is None
    everyone = make_message("@everyone " + I3_QUESTION, mentions_bot=False)
    assert cog.question_in(everyone) is None
    from_bot = make_message(f"<@{BOT_ID}> hi")
    from_bot.author.bot = True
    assert cog.question_in(from_bot) is None


def test_other_mentions_are_dropped(bot) -> None:
    """A role, user or channel mention addresses people: it used to become part of the question
    ("<@&fans> who presented ..." read "Talk fans who presented ...")."""
    message = make_message(f"<@{BOT_ID}> <@&66> who presented <#88> the I3 instrument, <@77>?")
    message.mentions = [*message.mentions, SimpleNamespace(id=77, display_name="Eric Koch")]
    message.role_mentions = [SimpleNamespace(id=66, name="Talk fans")]
    message.channel_mentions = [SimpleNamespace(id=88, name="i3-talk")]
    assert " ".join(ask_cog(bot).question_in(message).split()) == "who presented the I3 instrument, ?"


def test_question_in_thread_of_an_ask_channel(bot) -> None:
    message = make_message(I3_QUESTION, channel_id=1234)
    message.channel.parent_id = ASK_CHANNEL
    assert ask_cog(bot).question_in(message) == I3_QUESTION


def test_mentioning_the_bots_role_counts_as_a_mention(bot) -> None:
    message = make_message(f"<@&55> {I3_QUESTION}", mentions_bot=False)
    role = SimpleNamespace(id=55, name="talkbot")
    message.guild.self_role = role
    message.role_mentions = [role]
    assert ask_cog(bot).question_in(message).strip() == I3_QUESTION


async def test_mention_is_answered_as_a_reply_with_an_embed(bot) -> None:
    message = make_message(f"<@{BOT_ID}> {I3_QUESTION}")
    await ask_cog(bot).on_message(message)
    kwargs = message.reply.await_args.kwargs
    assert kwargs["mention_author"] is False
    assert kwargs["embed"].description.startswith("Eric Koch")
    assert custom_ids(kwargs["view"]) == ["tb:vote:u:1", "tb:vote:d:1"]
    assert_no_mentions(message.reply)


async def test_question_text_is_never_echoed_with_live_mentions(bot) -> None:
    message = make_message(f"<@{BOT_ID}> @everyone <@123456789012345678> **zebras**")
    await ask_cog(bot).on_message(message)
    embed = sent_embed(message.reply)
    assert "@everyone" not in embed.description and "<@123456789012345678>" not in embed.description
    assert "\\*\\*zebras\\*\\*" in embed.description


async def test_without_embed_links_a_plain_answer_and_one_warning(bot, caplog) -> None:
    perms = discord.Permissions(view_channel=True, send_messages=True, read_message_history=True)
    caplog.set_level(logging.WARNING)
    for _ in range(2):
        message = make_message(f"<@{BOT_ID}> {I3_QUESTION}", perms=perms)
        await ask_cog(bot).on_message(message)
        kwargs = message.reply.await_args.kwargs
        assert "embed" not in kwargs and "Eric Koch" in kwargs["content"] and len(kwargs["content"]) <= 2000
    assert sum("cannot embed links" in r.getMessage() for r in caplog.records) == 1


async def test_cannot_send_is_logged_once_and_nothing_is_sent(bot, caplog) -> None:
    perms = discord.Permissions(view_channel=True)
    for _ in range(3):
        message = make_message(f"<@{BOT_ID}> {I3_QUESTION}", perms=perms)
        await ask_cog(bot).on_message(message)
        message.reply.assert_not_awaited()
        message.channel.send.assert_not_awaited()
    assert sum("cannot send messages" in r.getMessage() for r in caplog.records) == 1


async def test_forbidden_reply_falls_back_to_plain_text_in_the_channel(bot) -> None:
    message = make_message(f"<@{BOT_ID}> {I3_QUESTION}")
    response = AsyncMock(status=403, reason="Forbidden")
    message.reply.side_effect = discord.Forbidden(response, {"message": "Missing Permissions", "code": 50013})
    await ask_cog(bot).on_message(message)
    kwargs = message.channel.send.await_args.kwargs
    assert "Eric Koch" in kwargs["content"]
    assert_no_mentions(message.channel.send)


async def test_rate_limited_messages_get_one_short_lived_notice(bot) -> None:
    cog = ask_cog(bot)
    for _ in range(3):
        await cog.on_message(make_message(f"<@{BOT_ID}> {I3_QUESTION}", author_id=5))
    refused = [make_message(f"<@{BOT_ID}> {I3_QUESTION}", author_id=5) for _ in range(2)]
    for message in refused:
        await cog.on_message(message)
    notice = refused[0].reply.await_args.kwargs
    assert "try again" in notice["embed"].description and notice["delete_after"] == 20
    refused[1].reply.assert_not_awaited()


async def test_engine_failure_gives_a_polite_line_and_logs_the_exception(bot, caplog) -> None:
    bot.knowledge.engine.answer = lambda question, now=None: 1 / 0
    message = make_message(f"<@{BOT_ID}> {I3_QUESTION}")
    await ask_cog(bot).on_message(message)
    assert "Sorry, something went wrong" in sent_embed(message.reply).description
    assert any(r.exc_info and r.levelno == logging.ERROR for r in caplog.records)


async def test_the_engine_is_read_fresh_for_every_question(bot, kb) -> None:
    from fakes import FakeEngine

    replacement = FakeEngine(kb)
    bot.knowledge.engine = replacement
    await ask_cog(bot).on_message(make_message(f"<@{BOT_ID}> {I3_QUESTION}"))
    assert replacement.questions == [I3_QUESTION]


# --- buttons -----------------------------------------------------------------------------------


async def logged(bot, question: str, user_id: int = 1) -> int:
    reply = await bot.ask(question)
    return bot.feedback.log_answer(reply, user_id)


async def test_thumbs_up_and_down_are_recorded(bot) -> None:
    answer_id = await logged(bot, I3_QUESTION)
    up = make_interaction(bot, 2)
    await VoteButton(answer_id, True).callback(up)
    assert up.response.send_message.await_args.args[0] == THANKS_UP
    assert up.response.send_message.await_args.kwargs["ephemeral"] is True
    down = make_interaction(bot, 3)
    await VoteButton(answer_id, False).callback(down)
    assert down.response.send_message.await_args.args[0] == THANKS_DOWN
    assert bot.feedback.tally() == (1, 1)


async def test_vote_on_a_forgotten_answer(bot) -> None:
    interaction = make_interaction(bot)
    await VoteButton(999, True).callback(interaction)
    assert interaction.response.send_message.await_args.args[0] == VOTE_GONE


async def test_vote_button_round_trips_its_custom_id(bot) -> None:
    button = VoteButton(12, False)
    match = VoteButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    again = await VoteButton.from_custom_id(make_interaction(bot), button.item, match)
    assert (again.answer_id, again.up) == (12, False)


async def test_suggestion_answers_in_place_for_the_asker(bot) -> None:
    answer_id = await logged(bot, "zebras?", user_id=1)
    interaction = make_interaction(bot, 1)
    await SuggestionButton(answer_id, 0, SUGGESTIONS[0]).callback(interaction)
    interaction.response.defer.assert_awaited_once_with()
    kwargs = interaction.edit_original_response.await_args.kwargs
    assert kwargs["embed"].description.startswith("Eric Koch")
    assert custom_ids(kwargs["view"])[0].startswith("tb:vote:u:")
    assert_no_mentions(interaction.edit_original_response)


async def test_suggestion_refused_to_someone_else(bot) -> None:
    answer_id = await logged(bot, "zebras?", user_id=1)
    interaction = make_interaction(bot, 2)
    await SuggestionButton(answer_id, 0).callback(interaction)
    assert interaction.response.send_message.await_args.args[0] == NOT_YOURS
    interaction.response.defer.assert_not_awaited()


async def test_suggestion_expires_cleanly(bot, wall) -> None:
    answer_id = await logged(bot, "zebras?", user_id=1)
    wall.now += SUGGESTION_TTL + timedelta(seconds=1)
    interaction = make_interaction(bot, 1)
    interaction.response.is_done.return_value = True  # after edit_message the response is done
    await SuggestionButton(answer_id, 1).callback(interaction)
    assert interaction.response.edit_message.await_args.kwargs["view"] is None
    assert_no_mentions(interaction.response.edit_message)
    assert interaction.followup.send.await_args.args[0] == EXPIRED


async def test_suggestion_of_an_unknown_answer_removes_the_buttons(bot) -> None:
    interaction = make_interaction(bot, 1)
    await SuggestionButton(404, 0).callback(interaction)
    assert interaction.response.edit_message.await_args.kwargs["view"] is None
    assert_no_mentions(interaction.response.edit_message)


async def test_question_deleted_meanwhile_is_answered_without_the_reply(bot) -> None:
    message = make_message(f"<@{BOT_ID}> {I3_QUESTION}")
    response = AsyncMock(status=400, reason="Bad Request")
    message.reply.side_effect = discord.HTTPException(response, {"message": "Unknown message", "code": 10008})
    await ask_cog(bot).on_message(message)
    kwargs = message.channel.send.await_args.kwargs
    assert kwargs["embed"].description.startswith("Eric Koch")
    assert_no_mentions(message.channel.send)


async def test_a_failing_apology_does_not_escape_the_listener(bot, caplog) -> None:
    bot.knowledge.engine.answer = lambda question, now=None: 1 / 0
    message = make_message(f"<@{BOT_ID}> {I3_QUESTION}")
    response = AsyncMock(status=500, reason="Server Error")
    message.reply.side_effect = discord.HTTPException(response, "boom")
    message.channel.send.side_effect = discord.HTTPException(response, "boom")
    await ask_cog(bot).on_message(message)  # does not raise
    assert "could not tell the asker" in caplog.text


async def test_unpressed_suggestions_are_removed_when_they_expire(bot) -> None:
    import asyncio
    from unittest.mock import MagicMock

    cog = ask_cog(bot)
    cog.suggestion_ttl = 0.01
    interaction = make_interaction(bot)
    sent = MagicMock(spec=discord.WebhookMessage)
    interaction.followup.send.return_value = sent
    await cog.ask.callback(cog, interaction, question="zebras?")
    assert interaction.followup.send.await_args.kwargs["wait"] is True
    await asyncio.sleep(0.05)
    sent.edit.assert_awaited_once()
    assert sent.edit.await_args.kwargs["view"] is None
    assert_no_mentions(sent.edit)
    assert not cog._expiries


async def test_pressing_a_suggestion_cancels_its_expiry(bot) -> None:
    import asyncio
    from unittest.mock import MagicMock

    cog = ask_cog(bot)
    cog.suggestion_ttl = 0.05
    message = make_message(f"<@{BOT_ID}> zebras?")
    sent = MagicMock(spec=discord.Message)
    message.reply.return_value = sent
    await cog.on_message(message)
    [answer_id] = cog._expiries
    press = make_interaction(bot, 1)
    await SuggestionButton(answer_id, 0).callback(press)
    await asyncio.sleep(0.1)
    sent.edit.assert_not_awaited()  # the answer's vote buttons stay


async def test_unloading_the_cog_cancels_pending_expiries(bot) -> None:
    from unittest.mock import MagicMock

    cog = ask_cog(bot)
    message = make_message(f"<@{BOT_ID}> zebras?")
    message.reply.return_value = MagicMock(spec=discord.Message)
    await cog.on_message(message)
    [task] = cog._expiries.values()
    await bot.remove_cog("Ask")
    await asyncio_sleep0()
    assert task.cancelled() or task.done()


async def asyncio_sleep0() -> None:
    import asyncio

    await asyncio.sleep(0)


async def test_a_locked_database_costs_the_buttons_not_the_answer(bot) -> None:
    """Another process holds the write lock: the answer still goes out, fast, without votes."""
    import sqlite3
    import time

    path = bot.feedback.conn.execute("PRAGMA database_list").fetchone()[2]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        interaction = make_interaction(bot)
        started = time.perf_counter()
        await ask_cog(bot).ask.callback(ask_cog(bot), interaction, question=I3_QUESTION)
        assert time.perf_counter() - started < 0.5  # it waited 10 s per write before
    finally:
        other.execute("ROLLBACK")
        other.close()
    send = interaction.followup.send
    assert sent_embed(send).description.startswith("Eric Koch")
    assert "view" not in send.await_args.kwargs or send.await_args.kwargs["view"] is None
