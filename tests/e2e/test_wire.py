"""The real discord.py client against the fake Discord: what users do, proven on the wire."""

from __future__ import annotations

import asyncio

from e2e.fake_discord import FAST, FakeDiscord, buttons, embeds_text
from fakes import I3_QUESTION, FakeEngine, Holder
from talkbot.bot import TalkBot
from talkbot.feedback import FeedbackStore

ANN = {
    "id": "555000000000000001",
    "username": "ann",
    "global_name": "Ann",
    "discriminator": "0",
    "avatar": None,
}
BOB = {
    "id": "555000000000000002",
    "username": "bob",
    "global_name": "Bob",
    "discriminator": "0",
    "avatar": None,
}


async def test_login_identifies_with_minimal_intents_and_syncs_commands(
    fake_discord: FakeDiscord, bot: TalkBot
) -> None:
    assert fake_discord.identify is not None
    assert fake_discord.identify["token"] == fake_discord.token
    intents = fake_discord.identify["intents"]
    assert intents == bot.intents.value
    [sync] = fake_discord.requests_to("PUT", "/applications/{app_id}/commands")
    assert sorted(c["name"] for c in sync.json) == ["ask", "events", "help", "next", "remind", "remindme", "speaker", "sync-events", "talk", "talks"]
    talk = next(c for c in sync.json if c["name"] == "talk")
    assert talk["options"][0]["autocomplete"] is True


async def test_guild_sync_when_guild_ids_are_set(fake_discord: FakeDiscord, guild_settings, engine) -> None:
    store = FeedbackStore.open(guild_settings.database, "s")
    client = TalkBot(guild_settings, Holder(engine), store, **FAST)
    async with fake_discord.running(client):
        pass
    store.close()
    [sync] = fake_discord.requests_to("PUT", "/applications/{app_id}/guilds/{guild_id}/commands")
    assert sync.params["guild_id"] == str(fake_discord.guild_id)
    assert "ask" in {c["name"] for c in sync.json}


async def test_mention_is_answered_as_a_reply(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    asked = await fake_discord.send_message(f"{fake_discord.mention()} {I3_QUESTION}", author=ANN)
    sent = await fake_discord.wait_for_request("POST", "/channels/{channel_id}/messages", after=mark)
    body = sent.json
    assert str(body["message_reference"]["message_id"]) == asked["id"]
    assert "Eric Koch" in embeds_text(body)
    assert [b["emoji"]["name"] for b in buttons(body)] == ["👍", "👎"]
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_message_not_addressed_to_the_bot_is_ignored(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    await fake_discord.send_message("just chatting about I3", author=ANN)
    await fake_discord.send_message(f"{fake_discord.mention()} {I3_QUESTION}", author=BOB)
    sent = await fake_discord.wait_for_request("POST", "/channels/{channel_id}/messages", after=mark)
    await asyncio.sleep(0.05)
    assert len(fake_discord.requests_to("POST", "/channels/{channel_id}/messages", after=mark)) == 1
    assert "bob" not in str(sent.json)  # the reply does not echo the asker's name


async def test_dm_and_ask_channel_are_answered(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    dm = await fake_discord.send_message(I3_QUESTION, author=ANN, guild=False)
    await fake_discord.wait_for_request("POST", f"/channels/{dm['channel_id']}/messages", after=mark)
    await fake_discord.send_message(I3_QUESTION, author=BOB, channel_id=fake_discord.ask_channel_id)
    await fake_discord.wait_for_request(
        "POST", f"/channels/{fake_discord.ask_channel_id}/messages", after=mark
    )


async def test_everyone_in_a_question_goes_out_with_no_mentions_allowed(
    fake_discord: FakeDiscord, bot: TalkBot
) -> None:
    mark = fake_discord.mark()
    question = f"{fake_discord.mention()} @everyone @here <@&{fake_discord.bot_role_id}1> {I3_QUESTION}"
    await fake_discord.send_message(question, author=ANN, mention_everyone=True)
    sent = await fake_discord.wait_for_request("POST", "/channels/{channel_id}/messages", after=mark)
    assert sent.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    text = embeds_text(sent.json) + (sent.json.get("content") or "")
    assert "Eric Koch" in text  # the mentions did not spoil the question
    assert "@everyone" not in text and "@here" not in text and "<@&" not in text


async def test_mentions_are_echoed_harmlessly_when_not_covered(
    fake_discord: FakeDiscord, bot: TalkBot
) -> None:
    mark = fake_discord.mark()
    interaction = await fake_discord.slash(
        "ask", {"question": f"@everyone <@{BOB['id']}> **zebras**?"}, user=ANN
    )
    followup = await fake_discord.followup_of(interaction, after=mark)
    assert followup.json["allowed_mentions"] == {"parse": []}
    text = embeds_text(followup.json)
    assert "\\*\\*zebras\\*\\*" in text
    assert "@everyone" not in text and f"<@{BOB['id']}>" not in text


async def test_slash_ask_is_deferred_then_answered(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    interaction = await fake_discord.slash("ask", {"question": I3_QUESTION}, user=ANN)
    callback = await fake_discord.callback_of(interaction, after=mark)
    assert callback.json["type"] == 5  # deferred: "talkbot is thinking..."
    followup = await fake_discord.followup_of(interaction, after=mark)
    assert "Eric Koch" in embeds_text(followup.json)
    assert followup.json["allowed_mentions"] == {"parse": []}
    assert len(buttons(followup.json)) == 2


async def test_too_long_question_gets_an_ephemeral_notice(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    interaction = await fake_discord.slash("ask", {"question": "why " * 200}, user=ANN)
    callback = await fake_discord.callback_of(interaction, after=mark)
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] == 64
    assert "under 500 characters" in callback.json["data"]["content"]


async def test_rate_limit_gives_a_friendly_ephemeral_notice(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    for _ in range(5):
        await fake_discord.slash("ask", {"question": I3_QUESTION}, user=BOB)
    sixth = await fake_discord.slash("ask", {"question": I3_QUESTION}, user=BOB)
    callback = await fake_discord.callback_of(sixth, after=mark)
    assert callback.json["data"]["flags"] == 64
    assert "try again in" in callback.json["data"]["content"]


async def test_autocomplete_offers_talks_and_people(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    choices = await fake_discord.autocomplete("talk", "talk", "", user=ANN)
    assert 1 <= len(choices) <= 25
    assert all(len(c["name"]) <= 100 for c in choices)
    newest = max(bot.engine.kb.talks, key=lambda t: t.schedule.start)
    assert choices[0]["value"] == newest.id
    people = await fake_discord.autocomplete("speaker", "name", "male", user=ANN)
    assert "maurizio-male" in [c["value"] for c in people]


async def test_talk_card_from_autocompleted_value(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    interaction = await fake_discord.slash("talk", {"talk": "2024-04-24-meta-cluster"}, user=ANN)
    callback = await fake_discord.callback_of(interaction, after=mark)
    text = embeds_text(callback.json["data"])
    assert "Eric Koch" in text and "<t:1713940200:F>" in text


async def test_did_you_mean_button_answers_for_the_asker_only(
    fake_discord: FakeDiscord, bot: TalkBot
) -> None:
    mark = fake_discord.mark()
    interaction = await fake_discord.slash("ask", {"question": "tell me about zebras"}, user=ANN)
    followup = await fake_discord.followup_of(interaction, after=mark)
    assert "Not covered" in embeds_text(followup.json)
    offered = buttons(followup.json)
    assert 1 <= len(offered) <= 3
    message = fake_discord.messages[max(fake_discord.messages)]  # the follow-up as Discord stored it
    assert buttons(message) == offered

    mark = fake_discord.mark()
    stranger = await fake_discord.press(message, offered[0]["custom_id"], user=BOB)
    refused = await fake_discord.callback_of(stranger, after=mark)
    assert (
        refused.json["data"]["flags"] == 64 and "Only the person who asked" in refused.json["data"]["content"]
    )

    mark = fake_discord.mark()
    press = await fake_discord.press(message, offered[0]["custom_id"], user=ANN)
    ack = await fake_discord.callback_of(press, after=mark)
    assert ack.json["type"] == 6  # deferred update: the answer replaces the message
    edit = await fake_discord.wait_for_request(
        "PATCH", f"/webhooks/{{app_id}}/{press['token']}/messages/@original", after=mark
    )
    assert offered[0]["label"].rstrip("?").lower()[:10] in embeds_text(edit.json).lower()
    assert [b["emoji"]["name"] for b in buttons(edit.json)] == [
        "👍",
        "👎",
    ]  # answered: votes replace suggestions
    assert edit.json["allowed_mentions"] == {"parse": []}


async def test_thumbs_up_is_stored(fake_discord: FakeDiscord, bot: TalkBot) -> None:
    mark = fake_discord.mark()
    await fake_discord.send_message(f"{fake_discord.mention()} {I3_QUESTION}", author=ANN)
    await fake_discord.wait_for_request("POST", "/channels/{channel_id}/messages", after=mark)
    message = fake_discord.messages[max(fake_discord.messages)]
    up = buttons(message)[0]

    mark = fake_discord.mark()
    press = await fake_discord.press(message, up["custom_id"], user=BOB)
    ack = await fake_discord.callback_of(press, after=mark)
    assert ack.json["data"]["flags"] == 64 and "Thanks" in ack.json["data"]["content"]
    [feedback] = bot.feedback.feedback()
    assert feedback.vote == 1 and feedback.question == I3_QUESTION
    assert feedback.voter == bot.feedback.user_hash(BOB["id"])


async def test_no_embed_permission_falls_back_to_plain_text(
    fake_discord: FakeDiscord, bot: TalkBot, caplog
) -> None:
    mark = fake_discord.mark()
    for _ in range(2):
        await fake_discord.send_message(
            f"{fake_discord.mention()} {I3_QUESTION}", author=ANN, channel_id=fake_discord.quiet_channel_id
        )
    await fake_discord.wait_for_request(
        "POST", f"/channels/{fake_discord.quiet_channel_id}/messages", after=mark
    )
    await asyncio.sleep(0.1)
    sent = fake_discord.requests_to("POST", f"/channels/{fake_discord.quiet_channel_id}/messages", after=mark)
    assert len(sent) == 2
    for request in sent:
        assert not request.json.get("embeds") and "Eric Koch" in request.json["content"]
        assert "message_reference" not in request.json  # no read message history: no reply
    assert sum("cannot embed links" in r.message for r in caplog.records) == 1


async def test_rejected_token_is_a_one_line_failure(fake_discord: FakeDiscord, settings, kb) -> None:
    import io

    from talkbot.bot import serve

    store = FeedbackStore.open(settings.database, "s")
    client = TalkBot(settings, Holder(FakeEngine(kb)), store)
    err = io.StringIO()
    status = await serve(client, "wrong-token", err)
    store.close()
    assert status == 1
    assert err.getvalue().count("\n") == 1 and "rejected the token" in err.getvalue()
    assert "wrong-token" not in err.getvalue()


async def test_sigterm_closes_the_connection_and_exits_zero(fake_discord: FakeDiscord, settings, kb) -> None:
    import io
    import os
    import signal

    from talkbot.bot import serve

    store = FeedbackStore.open(settings.database, "s")
    client = TalkBot(settings, Holder(FakeEngine(kb)), store, **FAST)
    err = io.StringIO()
    task = asyncio.create_task(serve(client, settings.token, err))
    await asyncio.wait_for(client.wait_until_ready(), 5)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(task, 5) == 0
    assert client.is_closed() and err.getvalue() == ""
    store.close()


async def test_the_token_is_never_logged_even_at_debug(
    fake_discord: FakeDiscord, settings, engine, caplog
) -> None:
    import logging
    from dataclasses import replace

    fake_discord.token = "MTIz.secret-token-for-the-log-test"
    settings = replace(settings, token=fake_discord.token)
    caplog.set_level(logging.DEBUG)
    store = FeedbackStore.open(settings.database, "s")
    client = TalkBot(settings, Holder(engine), store, **FAST)
    async with fake_discord.running(client, settings.token):
        mark = fake_discord.mark()
        await fake_discord.send_message(f"{fake_discord.mention()} {I3_QUESTION}", author=ANN)
        await fake_discord.wait_for_request("POST", "/channels/{channel_id}/messages", after=mark)
    store.close()
    assert len(caplog.records) > 20  # debug logging was on
    assert "secret-token" not in caplog.text and repr(settings).find("secret") == -1


async def test_unpressed_suggestions_disappear_when_they_expire(
    fake_discord: FakeDiscord, bot: TalkBot
) -> None:
    bot.get_cog("Ask").suggestion_ttl = 0.05
    mark = fake_discord.mark()
    interaction = await fake_discord.slash("ask", {"question": "tell me about zebras"}, user=ANN)
    followup = await fake_discord.followup_of(interaction, after=mark)
    assert buttons(followup.json)
    edit = await fake_discord.wait_for_request(
        "PATCH", f"/webhooks/{{app_id}}/{interaction['token']}/messages/{{message_id}}", after=mark
    )
    assert edit.json["components"] == []
    assert edit.json["allowed_mentions"] == {"parse": []}


async def test_page_buttons_from_before_a_restart_say_the_list_expired(
    fake_discord: FakeDiscord, bot: TalkBot
) -> None:
    """No view holds them any more: they answered "This interaction failed" and stayed."""
    mark = fake_discord.mark()
    await fake_discord.send_message(f"{fake_discord.mention()} {I3_QUESTION}", author=ANN)
    await fake_discord.wait_for_request("POST", "/channels/{channel_id}/messages", after=mark)
    old = dict(fake_discord.messages[max(fake_discord.messages)])
    old["components"] = [
        {"type": 1, "components": [
            {"type": 2, "style": 2, "label": "Next", "custom_id": "tb:page:talks:0123456789abcdef:next"},
        ]}
    ]  # fmt: skip
    mark = fake_discord.mark()
    press = await fake_discord.press(old, "tb:page:talks:0123456789abcdef:next", user=ANN)
    callback = await fake_discord.callback_of(press, after=mark)
    assert callback.json["type"] == 7 and callback.json["data"]["components"] == []  # buttons removed
    followup = await fake_discord.followup_of(press, after=mark)
    assert followup.json["flags"] & 64 and "run `/talks` again" in followup.json["content"]
