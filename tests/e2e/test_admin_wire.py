"""/kb on the wire: the real discord.py client against the fake Discord, with the real engine
on a copy of the shipped knowledge. An upload makes a new talk answerable at once; an invalid
upload changes nothing; a non-admin is refused; a 👎 and a declined question reach /kb gaps."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from conftest import KNOWLEDGE
from e2e.fake_discord import FAST, FakeDiscord, buttons, embeds_text, selects
from talkbot.bot import TalkBot
from talkbot.config import Settings
from talkbot.feedback import FeedbackStore
from talkbot.knowledge.service import KnowledgeService

ADMIN_ROLE = 990000000000000001
ANN = {"id": "555000000000000011", "username": "ann", "global_name": "Ann", "discriminator": "0", "avatar": None}
ADA = {"id": "555000000000000012", "username": "ada", "global_name": "Ada", "discriminator": "0", "avatar": None}
MANAGE = discord.Permissions(manage_guild=True) | discord.Permissions.text()

QUESTION = "Is there a talk about hydrogen valleys?"
HYDROGEN = """\
id: 2031-03-05-hydrogen-valleys
title: "Hydrogen valleys: regional hydrogen ecosystems"
date: 2031-03-05
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
summary: >-
  The EU Clusters Talk "Hydrogen valleys: regional hydrogen ecosystems" on 5 March 2031
  presented hydrogen valleys, regional hydrogen ecosystems that clusters help to build.
speakers:
  - person: {person}
    role: Team Leader Cluster Policy
    organisation: DG GROW, European Commission
sections:
  - id: hydrogen-valleys
    title: Hydrogen valleys
    points:
      - >-
        Hydrogen valleys connect hydrogen producers, transport and industrial users in one region,
        and clusters bring the companies of the hydrogen valley together.
tags: [hydrogen, hydrogen valleys]
sources:
  - title: Test page
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def admin_settings(fake_discord: FakeDiscord, tmp_path: Path, folder: Path) -> Settings:
    return Settings(
        token=fake_discord.token,
        knowledge_dir=folder,
        data_dir=tmp_path / "data",
        admin_role_id=ADMIN_ROLE,
        admin_channel_id=fake_discord.ask_channel_id,
        watch_knowledge=False,
        rate_limit_count=50,
    )


async def _running(fake: FakeDiscord, settings: Settings) -> AsyncIterator[TalkBot]:
    service = KnowledgeService(settings.knowledge_dir)
    service.load()
    store = FeedbackStore.open(settings.database, settings.hash_salt)
    client = TalkBot(settings, service, store, **FAST)
    async with fake.running(client):
        yield client
    store.close()


@pytest.fixture
async def admin_bot(fake_discord: FakeDiscord, admin_settings: Settings) -> AsyncIterator[TalkBot]:
    async for client in _running(fake_discord, admin_settings):
        yield client


async def _ask(fake: FakeDiscord, question: str) -> dict:
    mark = fake.mark()
    await fake.send_message(f"{fake.mention()} {question}", author=ANN)
    sent = await fake.wait_for_request("POST", "/channels/{channel_id}/messages", after=mark)
    return sent.json


async def _kb(fake: FakeDiscord, sub: str, options: dict | None = None, **who) -> str:
    """Run /kb SUB and return the text of the bot's (deferred or direct) ephemeral answer."""
    mark = fake.mark()
    payload = await fake.slash(f"kb {sub}", options or {}, user=who.pop("user", ADA), **who)
    callback = await fake.callback_of(payload, after=mark, timeout=15)
    data = callback.json.get("data") or {}
    if callback.json["type"] == 5:  # deferred: the answer is a follow-up
        data = (await fake.followup_of(payload, after=mark, timeout=15)).json
    assert data.get("flags", 0) & 64, "admin replies are ephemeral"
    return data.get("content") or ""


async def test_kb_is_synced_and_a_non_admin_is_refused(fake_discord: FakeDiscord, admin_bot: TalkBot) -> None:
    [sync] = fake_discord.requests_to("PUT", "/applications/{app_id}/commands")
    kb = next(c for c in sync.json if c["name"] == "kb")
    assert {o["name"] for o in kb["options"]} == {"status", "reload", "upload", "history", "rollback", "download", "gaps"}
    before = admin_bot.knowledge.version
    attachment = fake_discord.attachment("2031-03-05-hydrogen-valleys.yaml", b"id: x\n")
    text = await _kb(fake_discord, "upload", {"file": attachment}, user=ANN)
    assert "Only the server's admins" in text
    assert fake_discord.requests_to("GET", "/attachments/{id}/{name}") == []  # refused before download
    assert admin_bot.knowledge.version == before
    assert "Only the server's admins" in await _kb(fake_discord, "status", user=ANN, roles=(12345,))


async def test_valid_upload_makes_a_new_talk_answerable_at_once(fake_discord: FakeDiscord, admin_bot: TalkBot) -> None:
    before = await _ask(fake_discord, QUESTION)
    assert "Hydrogen valleys: regional" not in embeds_text(before)
    person = admin_bot.knowledge.kb.people[0].id
    attachment = fake_discord.attachment("2031-03-05-hydrogen-valleys.yaml", HYDROGEN.format(person=person).encode())
    mark = fake_discord.mark()

    text = await _kb(fake_discord, "upload", {"file": attachment}, permissions=MANAGE)

    assert text.startswith("✅ Added `talks/2031-03-05-hydrogen-valleys.yaml`")
    posted = await fake_discord.wait_for_request(
        "POST", f"/channels/{fake_discord.ask_channel_id}/messages", after=mark)
    assert "upload by ada" in posted.json["content"] and posted.json["allowed_mentions"] == {"parse": []}
    after = await _ask(fake_discord, QUESTION)
    assert "Hydrogen valleys: regional hydrogen ecosystems" in embeds_text(after)


async def test_invalid_upload_is_refused_and_changes_nothing(fake_discord: FakeDiscord, admin_bot: TalkBot, folder: Path) -> None:
    version, files = admin_bot.knowledge.version, sorted(folder.rglob("*.yaml"))
    bad = HYDROGEN.format(person="nobody-we-know").replace("date: 2031-03-05", "date: 2031-02-30")
    attachment = fake_discord.attachment("2031-03-05-hydrogen-valleys.yaml", bad.encode())

    text = await _kb(fake_discord, "upload", {"file": attachment}, roles=(ADMIN_ROLE,))

    assert text.startswith("❌ '2031-03-05-hydrogen-valleys.yaml' was refused")
    assert "talks/2031-03-05-hydrogen-valleys.yaml:3:" in text and "nobody-we-know" in text
    assert admin_bot.knowledge.version == version and sorted(folder.rglob("*.yaml")) == files
    answer = await _ask(fake_discord, "who presented the I3 instrument?")
    assert "Eric Koch" in embeds_text(answer)  # the previous knowledge keeps answering


async def test_status_history_rollback_and_download(fake_discord: FakeDiscord, admin_bot: TalkBot) -> None:
    start = admin_bot.knowledge.version
    assert start in await _kb(fake_discord, "status", permissions=MANAGE)
    person = admin_bot.knowledge.kb.people[0].id
    upload = fake_discord.attachment("2031-03-05-hydrogen-valleys.yaml", HYDROGEN.format(person=person).encode())
    await _kb(fake_discord, "upload", {"file": upload}, permissions=MANAGE)
    history = await _kb(fake_discord, "history", permissions=MANAGE)
    assert start in history and "← in use" in history

    text = await _kb(fake_discord, "rollback", {"version": start[:6]}, permissions=MANAGE)
    assert text.startswith("✅") and admin_bot.knowledge.version == start
    assert "Hydrogen valleys: regional" not in embeds_text(await _ask(fake_discord, QUESTION))

    mark = fake_discord.mark()
    payload = await fake_discord.slash("kb download", user=ADA, permissions=MANAGE)
    callback = await fake_discord.callback_of(payload, after=mark)
    assert callback.files and callback.files[0][1].endswith(".zip")


async def test_declined_and_downvoted_questions_reach_kb_gaps(fake_discord: FakeDiscord, admin_bot: TalkBot) -> None:
    await _ask(fake_discord, "Is there a talk about hydrogen?")
    await _ask(fake_discord, "any talk on hydrogen?")
    await _ask(fake_discord, "who presented the I3 instrument?")
    message = fake_discord.messages[max(fake_discord.messages)]  # the answer as Discord stored it
    down = next(b for b in buttons(message) if b["emoji"]["name"] == "👎")
    mark = fake_discord.mark()
    press = await fake_discord.press(message, down["custom_id"], user=ANN)
    await fake_discord.callback_of(press, after=mark)

    text = await _kb(fake_discord, "gaps", permissions=MANAGE)

    lines = text.splitlines()
    assert "×2" in lines[2] and "hydrogen" in lines[2].lower() and "declined" in lines[2]
    assert "who presented the I3 instrument?" in text and "downvoted" in text
    assert ANN["id"] not in text
    group = int(lines[2].split()[0].lstrip("#"))
    assert "Dismissed" in await _kb(fake_discord, "gaps", {"dismiss": group}, permissions=MANAGE)


async def test_edit_on_the_server_reloads_and_tells_the_admin_channel(
    fake_discord: FakeDiscord, admin_settings: Settings, folder: Path
) -> None:
    settings = replace(admin_settings, watch_knowledge=True)
    async for client in _running(fake_discord, settings):
        await asyncio.sleep(0.3)  # the watcher is up
        mark = fake_discord.mark()
        target = folder / "talks" / "2031-03-05-hydrogen-valleys.yaml"
        target.write_text(HYDROGEN.format(person="nobody-we-know"), encoding="utf-8")
        posted = await fake_discord.wait_for_request(
            "POST", f"/channels/{fake_discord.ask_channel_id}/messages", after=mark, timeout=15)
        assert posted.json["content"].startswith("❌") and "nobody-we-know" in posted.json["content"]
        assert "Hydrogen valleys: regional" not in embeds_text(await _ask(fake_discord, QUESTION))

        mark = fake_discord.mark()
        person = client.knowledge.kb.people[0].id
        target.write_text(HYDROGEN.format(person=person), encoding="utf-8")
        posted = await fake_discord.wait_for_request(
            "POST", f"/channels/{fake_discord.ask_channel_id}/messages", after=mark, timeout=15)
        assert posted.json["content"].startswith("✅")
        assert "Hydrogen valleys: regional hydrogen ecosystems" in embeds_text(await _ask(fake_discord, QUESTION))


async def test_a_missed_question_linked_from_kb_gaps_is_answered_after_the_reload(
    fake_discord: FakeDiscord, admin_bot: TalkBot, folder: Path
) -> None:
    missed = "how do I keep an eye out for news of future sessions?"  # a way of asking the bot misses
    assert "Collaboration Platform website" not in embeds_text(await _ask(fake_discord, missed))

    mark = fake_discord.mark()
    listing = await fake_discord.slash("kb gaps", {}, user=ADA, permissions=MANAGE)
    await fake_discord.callback_of(listing, after=mark)
    message = fake_discord.interactions[listing["token"]]["original"]
    [groups] = selects(message)
    [option] = [o for o in groups["options"] if "keep an eye out" in o["label"]]

    mark = fake_discord.mark()
    picked = await fake_discord.press(message, groups["custom_id"], user=ADA, permissions=MANAGE,
                                      values=[option["value"]])
    assert (await fake_discord.callback_of(picked, after=mark)).json["type"] == 5  # deferred, ephemeral
    shown = (await fake_discord.followup_of(picked, after=mark, timeout=15)).json
    assert missed in shown["content"] and shown["flags"] & 64
    menu = next(m for m in reversed(list(fake_discord.messages.values())) if m["content"] == shown["content"])
    [records] = selects(menu)
    assert any(b["label"].startswith("Dismiss #") for b in buttons(menu))

    mark = fake_discord.mark()
    chosen = await fake_discord.press(menu, records["custom_id"], user=ADA, permissions=MANAGE,
                                      values=["eu-clusters-talks/rhythm/3"])
    done = (await fake_discord.followup_of(chosen, after=mark, timeout=15)).json
    assert done["content"].startswith(f"✅ Linked group #{option['value']} to eu-clusters-talks/rhythm/3")
    assert "Answered now: 1 of 1" in done["content"]
    assert missed in (folder / "series.yaml").read_text(encoding="utf-8")
    posted = await fake_discord.wait_for_request(
        "POST", f"/channels/{fake_discord.ask_channel_id}/messages", after=mark)
    assert "Linked group" in posted.json["content"]  # the other admins are told

    answer = await _ask(fake_discord, missed)
    assert "Collaboration Platform website" in embeds_text(answer)
    assert "No unanswered questions" in await _kb(fake_discord, "gaps", permissions=MANAGE)


async def test_an_upload_that_breaks_a_check_is_refused_with_the_check_named(
    fake_discord: FakeDiscord, admin_bot: TalkBot, folder: Path
) -> None:
    version = admin_bot.knowledge.version
    people = (folder / "people.yaml").read_text(encoding="utf-8").replace("name: Eric Koch", "name: Erik Kock")
    attachment = fake_discord.attachment("people.yaml", people.encode())

    mark = fake_discord.mark()
    payload = await fake_discord.slash("kb upload", {"file": attachment}, user=ADA, permissions=MANAGE)
    refused = (await fake_discord.followup_of(payload, after=mark, timeout=15)).json

    assert refused["content"].startswith("❌ 'people.yaml' was refused: it breaks 1 check(s) of checks.yaml")
    assert 'check "meta-cluster-panel": missing \'Koch\'' in refused["content"]
    assert admin_bot.knowledge.version == version
    assert "Erik Kock" not in (folder / "people.yaml").read_text(encoding="utf-8")
    assert "Eric Koch" in embeds_text(await _ask(fake_discord, "who presented the I3 instrument?"))

    # the admin confirms: the upload goes through, and the failing check is reported
    message = next(m for m in reversed(list(fake_discord.messages.values())) if m["content"] == refused["content"])
    go = next(b for b in buttons(message) if b["label"] == "Upload anyway")
    mark = fake_discord.mark()
    press = await fake_discord.press(message, go["custom_id"], user=ADA, permissions=MANAGE)
    done = (await fake_discord.followup_of(press, after=mark, timeout=15)).json
    assert done["content"].startswith("✅ Replaced `people.yaml`") and "meta-cluster-panel" in done["content"]
    assert admin_bot.knowledge.version != version
