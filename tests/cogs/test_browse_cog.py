from __future__ import annotations

from discord import app_commands

from cogs.discord_mocks import make_interaction, sent_embed
from talkbot.cogs.browse import NOT_YOUR_PAGES, TalksPager


def browse(bot):
    return bot.get_cog("Browse")


async def test_talk_by_autocompleted_id(bot) -> None:
    interaction = make_interaction(bot)
    await browse(bot).talk.callback(browse(bot), interaction, talk="2024-04-24-meta-cluster")
    embed = sent_embed(interaction.response.send_message)
    assert embed.title.startswith("Innovation through integration")
    assert embed.fields[0].name == "When" and "<t:1713940200:F>" in embed.fields[0].value
    assert any(f.name == "Speakers" and "Eric Koch" in f.value for f in embed.fields)


async def test_talk_by_typed_text(bot) -> None:
    interaction = make_interaction(bot)
    await browse(bot).talk.callback(browse(bot), interaction, talk="meta-cluster")
    assert "meta-cluster" in sent_embed(interaction.response.send_message).title


async def test_unknown_talk_is_an_ephemeral_escaped_notice(bot) -> None:
    interaction = make_interaction(bot)
    await browse(bot).talk.callback(browse(bot), interaction, talk="**nothing** @everyone")
    args, kwargs = interaction.response.send_message.await_args
    assert kwargs["ephemeral"] is True
    assert "\\*\\*nothing\\*\\*" in args[0] and "@everyone" not in args[0]


async def test_talk_autocomplete(bot) -> None:
    choices = await browse(bot).talk_autocomplete(make_interaction(bot), "")
    assert 1 <= len(choices) <= 25 and all(isinstance(c, app_commands.Choice) for c in choices)
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
    dates = [c.name[-11:-1] for c in choices]
    assert dates == sorted(dates, reverse=True)  # newest first
    meta = await browse(bot).talk_autocomplete(make_interaction(bot), "meta")
    assert [c.value for c in meta] == ["2024-04-24-meta-cluster"]


async def test_autocomplete_failure_offers_nothing_rather_than_failing(bot, caplog) -> None:
    def boom(query, limit=25):
        raise RuntimeError("index broken")

    bot.knowledge.engine.search_talks = boom
    assert await browse(bot).talk_autocomplete(make_interaction(bot), "x") == []
    assert "talk autocomplete failed" in caplog.text


async def test_speaker_card_and_accent_tolerant_autocomplete(bot) -> None:
    choices = await browse(bot).speaker_autocomplete(make_interaction(bot), "male")
    assert ("Maurizio Malè", "maurizio-male") in [(c.name, c.value) for c in choices]
    interaction = make_interaction(bot)
    await browse(bot).speaker.callback(browse(bot), interaction, name="maurizio-male")
    embed = sent_embed(interaction.response.send_message)
    assert embed.title == "Maurizio Malè"
    assert any(f.name.startswith("Talks") for f in embed.fields)


async def test_unknown_speaker(bot) -> None:
    interaction = make_interaction(bot)
    await browse(bot).speaker.callback(browse(bot), interaction, name="Nobody Atall")
    assert "I know nobody called" in interaction.response.send_message.await_args.args[0]


async def test_talks_lists_newest_first(bot, kb) -> None:
    interaction = make_interaction(bot)
    await browse(bot).talks.callback(browse(bot), interaction)
    embed = sent_embed(interaction.response.send_message)
    newest = max(kb.talks, key=lambda t: t.schedule.start)
    assert embed.fields[0].name == newest.title
    assert embed.footer.text.startswith("Page 1 of")


async def test_pager_turns_pages_for_its_owner_only(bot, kb) -> None:
    talks = sorted(kb.talks, key=lambda t: t.schedule.start, reverse=True) * 4  # enough for pages
    pager = TalksPager(owner_id=1, talks=talks, kb=kb)
    assert pager.pages > 1 and pager.previous.disabled and not pager.next.disabled

    stranger = make_interaction(bot, 2)
    assert await pager.interaction_check(stranger) is False
    assert stranger.response.send_message.await_args.args[0] == NOT_YOUR_PAGES

    owner = make_interaction(bot, 1)
    assert await pager.interaction_check(owner) is True
    await pager.next.callback(owner)
    kwargs = owner.response.edit_message.await_args.kwargs
    assert kwargs["embed"].footer.text.startswith("Page 2 of")
    assert not pager.previous.disabled


async def test_pager_removes_its_buttons_on_timeout(bot, kb) -> None:
    pager = TalksPager(owner_id=1, talks=list(kb.talks) * 4, kb=kb)
    pager.interaction = make_interaction(bot, 1)
    await pager.on_timeout()
    assert pager.interaction.edit_original_response.await_args.kwargs["view"] is None


async def test_help_is_ephemeral_and_lists_the_commands(bot) -> None:
    interaction = make_interaction(bot)
    await browse(bot).help_.callback(browse(bot), interaction)
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    text = "\n".join(f.value for f in kwargs["embed"].fields)
    for command in ("/ask", "/talk", "/speaker", "/talks"):
        assert command in text


async def test_speaker_autocomplete_with_nothing_typed_is_alphabetical(bot) -> None:
    choices = await browse(bot).speaker_autocomplete(make_interaction(bot), "")
    names = [c.name for c in choices]
    assert names == sorted(names, key=str.casefold) and len(names) <= 25
