"""The /kb cog with specced mocks: who may use it, and what each command does and says."""

from __future__ import annotations

import io
import zipfile
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from _admin_support import copy_knowledge, service_for
from talkbot.cogs.admin import NOT_ADMIN, KnowledgeAdmin, is_admin
from talkbot.config import Settings
from talkbot.db import connect
from talkbot.gaps import DECLINED, GapStore
from talkbot.knowledge.store import KnowledgeStore
from test_broken_edits import MINI, NEW

ADMIN_ROLE = 5555
ADMIN_CHANNEL = 6666


def member(*, manage: bool = False, roles: tuple[int, ...] = ()) -> MagicMock:
    user = MagicMock(spec=discord.Member, id=77)
    user.guild_permissions = discord.Permissions(manage_guild=manage)
    user.roles = [MagicMock(spec=discord.Role, id=r) for r in roles]
    user.__str__.return_value = "ada"
    return user


def interaction(user=None, *, guild: bool = True) -> MagicMock:
    it = MagicMock(spec=discord.Interaction)
    it.user = user or member(manage=True)
    it.guild = MagicMock(spec=discord.Guild) if guild else None
    it.permissions = it.user.guild_permissions if guild else discord.Permissions.none()
    it.response = MagicMock(spec=discord.InteractionResponse)
    it.response.is_done.return_value = False
    it.response.send_message = AsyncMock()
    it.response.defer = AsyncMock(side_effect=lambda **_: it.response.is_done.configure_mock(return_value=True))
    it.followup = MagicMock(spec=discord.Webhook)
    it.followup.send = AsyncMock()
    return it


def said(it: MagicMock) -> str:
    mock = it.followup.send if it.followup.send.await_count else it.response.send_message
    call = mock.await_args
    assert call.kwargs.get("ephemeral") is True
    return call.args[0]


def attachment(name: str, data: bytes) -> MagicMock:
    att = MagicMock(spec=discord.Attachment, filename=name, size=len(data))
    att.read = AsyncMock(return_value=data)
    return att


@pytest.fixture
def cog(tmp_path):
    folder = copy_knowledge(tmp_path)
    settings = Settings(token="t", knowledge_dir=folder, data_dir=tmp_path / "data", admin_role_id=ADMIN_ROLE,
                        admin_channel_id=ADMIN_CHANNEL, upload_max_bytes=64 * 1024)
    service = service_for(folder)
    bot = MagicMock(spec=commands.Bot)
    channel = MagicMock(spec=discord.TextChannel)
    channel.send = AsyncMock()
    bot.get_channel.return_value = channel
    store = KnowledgeStore(service, tmp_path / "data" / "knowledge-history", settings.upload_max_bytes)
    gaps = GapStore(connect(settings.database), settings.hash_salt)
    cog = KnowledgeAdmin(bot, settings, service, store, gaps, watch=False)
    cog.admin_channel = channel
    return cog


async def test_who_is_an_admin(cog):
    s = cog.settings
    assert is_admin(member(manage=True), s)
    assert is_admin(member(roles=(ADMIN_ROLE,)), s)
    assert not is_admin(member(roles=(1,)), s)
    assert not is_admin(MagicMock(spec=discord.User), s)
    assert await cog.interaction_check(interaction(member(roles=(ADMIN_ROLE,))))
    with pytest.raises(app_commands.CheckFailure, match="Only the server's admins"):
        await cog.interaction_check(interaction(member()))
    with pytest.raises(app_commands.CheckFailure, match="in the server"):
        await cog.interaction_check(interaction(member(manage=True), guild=False))


async def test_refusal_message_is_ephemeral(cog):
    it = interaction(member())
    await cog.cog_app_command_error(it, app_commands.CheckFailure(NOT_ADMIN))
    assert said(it) == NOT_ADMIN


async def test_status(cog):
    it = interaction()
    await cog.kb_status.callback(cog, it)
    text = said(it)
    assert cog.service.version in text and "talks" in text and "Pending problems:** none" in text
    (cog.service.folder / NEW).write_text("id: [oops\n")
    cog.service.reload()
    it = interaction()
    await cog.kb_status.callback(cog, it)
    assert f"{NEW}:" in said(it) and "Pending problems (1)" in said(it)


async def test_reload_reports_to_the_admin_and_the_admin_channel(cog):
    (cog.service.folder / NEW).write_text(MINI)
    it = interaction()
    await cog.kb_reload.callback(cog, it)
    assert said(it).startswith("✅") and cog.service.version in said(it)
    assert cog.admin_channel.send.await_args.args[0].startswith("✅")
    (cog.service.folder / NEW).write_text(MINI.replace("date: 2030-01-15", "date: 2030-02-30"))
    it = interaction()
    await cog.kb_reload.callback(cog, it)
    assert said(it).startswith("❌") and f"{NEW}:3: impossible value" in said(it)
    assert "previous knowledge" in cog.admin_channel.send.await_args.args[0]


async def test_only_a_valid_reload_tells_the_reminders(cog):
    """Automatic reminders follow new dates at once: the reminders cog listens for this event."""
    (cog.service.folder / NEW).write_text(MINI)
    cog.bot.dispatch.reset_mock()
    await cog.kb_reload.callback(cog, interaction())
    cog.bot.dispatch.assert_called_once_with("knowledge_reloaded")
    (cog.service.folder / NEW).write_text(MINI.replace("date: 2030-01-15", "date: 2030-02-30"))
    cog.bot.dispatch.reset_mock()
    await cog.kb_reload.callback(cog, interaction())
    cog.bot.dispatch.assert_not_called()


async def test_upload_valid_file(cog):
    it = interaction()
    await cog.kb_upload.callback(cog, it, attachment("2030-01-15-test-talk.yaml", MINI.encode()))
    assert said(it).startswith(f"✅ Added `{NEW}`")
    assert any(t.id == "2030-01-15-test-talk" for t in cog.service.kb.talks)
    assert "upload by ada" in cog.admin_channel.send.await_args.args[0]


async def test_upload_invalid_file_changes_nothing(cog):
    before = cog.service.kb
    it = interaction()
    await cog.kb_upload.callback(cog, it, attachment("2030-01-15-test-talk.yaml", MINI.replace("Europe/Brussels", "Mars/Base").encode()))
    assert said(it).startswith("❌") and f"{NEW}:6: " in said(it)
    assert cog.service.kb is before and not (cog.service.folder / NEW).exists()
    cog.admin_channel.send.assert_not_awaited()


@pytest.mark.parametrize(("name", "size", "expect"), [("big.yaml", 10**6, "limit"), ("../x.yaml", 10, "plain file name"),
                                                      ("x.txt", 10, "not a YAML")])
async def test_upload_refusals(cog, name, size, expect):
    att = attachment(name, b"x: 1\n")
    att.size = size
    it = interaction()
    await cog.kb_upload.callback(cog, it, att)
    assert said(it).startswith("❌") and expect in said(it)


async def test_history_rollback_and_download(cog):
    await cog.cog_load()  # archives the version in use at start-up
    await cog.kb_upload.callback(cog, interaction(), attachment("2030-01-15-test-talk.yaml", MINI.encode()))
    it = interaction()
    await cog.kb_history.callback(cog, it)
    lines = said(it).splitlines()[1:]
    # Discord draws <@77> as the member's current name; the raw id is not shown as text.
    assert "← in use" in lines[0] and "added talks/2030-01-15-test-talk.yaml by <@77>" in lines[0]
    first = cog.store.history(10)[-1].version
    choices = await cog.kb_rollback_version(interaction(), first[:3])
    assert choices and choices[0].value == first

    it = interaction()
    await cog.kb_rollback.callback(cog, it, first)
    assert said(it).startswith("✅") and cog.service.version == first
    assert not (cog.service.folder / NEW).exists()

    it = interaction()
    await cog.kb_rollback.callback(cog, it, "ffffffff")
    assert said(it).startswith("❌ no archived version")

    it = interaction()
    await cog.kb_download.callback(cog, it)
    sent = it.response.send_message.await_args.kwargs["file"]
    with zipfile.ZipFile(io.BytesIO(sent.fp.read())) as zf:
        assert "knowledge/people.yaml" in zf.namelist()


async def test_gaps_list_and_dismiss(cog):
    it = interaction()
    await cog.kb_gaps.callback(cog, it, None)
    assert "No unanswered" in said(it)
    for q in ["Is there a recording of the meta-cluster talk?", "recording meta cluster", "Who is Zed?"]:
        cog.gaps.record(q, "sorry", DECLINED)
    it = interaction()
    await cog.kb_gaps.callback(cog, it, None)
    assert "#1 ×2" in said(it) and "Who is Zed?" in said(it)
    it = interaction()
    await cog.kb_gaps.callback(cog, it, 1)
    assert "Dismissed group #1 (2 question(s))" in said(it)


async def test_watcher_reports_go_to_the_admin_channel(cog):
    (cog.service.folder / NEW).write_text("id: [oops\n")
    result = cog.service.reload()
    await cog.on_reload(result)
    text = cog.admin_channel.send.await_args.args[0]
    assert text.startswith("❌ Knowledge files changed on the server refused") and f"{NEW}:2: YAML syntax error" in text
    assert cog.admin_channel.send.await_args.kwargs["allowed_mentions"].to_dict()["parse"] == []


async def test_gaps_show_members_questions_as_typed(cog):
    cog.gaps.record("zebra ``` [the page](https://evil.example) **now**", "sorry", DECLINED)
    it = interaction()
    await cog.kb_gaps.callback(cog, it, None)
    text = said(it)
    assert text.count("```") == 2 and text.endswith("```")  # the question cannot close the block


async def test_the_upload_reply_has_one_tick(cog):
    it = interaction()
    await cog.kb_upload.callback(cog, it, attachment("2030-01-15-test-talk.yaml", MINI.encode()))
    assert said(it).startswith("✅ Added `talks/2030-01-15-test-talk.yaml`: now serving") and said(it).count("✅") == 1


async def test_gaps_menus_link_a_group_to_a_record(cog):
    for q in ("how often do these happen", "how often do the talks happen"):
        cog.gaps.record(q, "sorry", DECLINED)
    [group] = cog.gaps.groups()
    it = interaction()
    await cog.kb_gaps.callback(cog, it, None)
    view = it.response.send_message.await_args.kwargs["view"]
    assert [o.value for o in view.groups.options] == [str(group.id)]
    assert view.groups.options[0].label.startswith(f"#{group.id} ×2: ")

    it = interaction()
    await cog.show_group(it, group.id)
    assert f"**Group #{group.id}** (2 question(s))" in said(it)
    link_view = it.followup.send.await_args.kwargs["view"]
    assert len(link_view.records.options) <= 25 and all(len(o.value) <= 100 for o in link_view.records.options)

    it = interaction()
    await cog.kb_gaps.callback(cog, it, None, group.id, "eu-clusters-talks/rhythm/1")
    text = said(it)
    assert text.startswith(f"✅ Linked group #{group.id} to eu-clusters-talks/rhythm/1")
    assert "2 question(s) added to series.yaml" in text
    assert "how often do the talks happen" in (cog.store.folder / "series.yaml").read_text()
    assert cog.gaps.groups() == []
    cog.bot.dispatch.assert_called_with("knowledge_reloaded")
    assert "Linked group" in cog.admin_channel.send.await_args.args[0]


async def test_gaps_link_refusals_name_the_problem(cog):
    cog.gaps.record("how often do these happen", "sorry", DECLINED)
    [group] = cog.gaps.groups()
    it = interaction()
    await cog.kb_gaps.callback(cog, it, None, group.id, "no-such-record")
    assert said(it).startswith("❌ no record 'no-such-record'")
    it = interaction()
    await cog.kb_gaps.callback(cog, it, None, 999, "eu-clusters-talks/rhythm/1")
    assert said(it).startswith("❌ no open group #999")


async def test_gaps_record_autocomplete_is_for_admins_only(cog):
    it = interaction()
    choices = await cog.kb_gaps_record(it, "rhythm")
    assert choices and all(c.value.startswith("eu-clusters-talks/rhythm/") for c in choices)
    assert await cog.kb_gaps_record(interaction(member()), "rhythm") == []


async def test_gaps_menus_refuse_a_non_admin(cog):
    cog.gaps.record("how often do these happen", "sorry", DECLINED)
    view_it = interaction()
    await cog.kb_gaps.callback(cog, view_it, None)
    view = view_it.response.send_message.await_args.kwargs["view"]
    it = interaction(member())
    assert await view.interaction_check(it) is False
    assert said(it) == NOT_ADMIN


@pytest.fixture
def answering_cog(cog):
    """The cog on a service with the real answering engine: the checks of checks.yaml run."""
    from talkbot.knowledge.service import KnowledgeService

    service = KnowledgeService(cog.service.folder)
    service.load()
    cog.service = service
    cog.store = KnowledgeStore(service, cog.store.history_dir, cog.settings.upload_max_bytes)
    return cog


async def test_upload_that_breaks_a_check_asks_for_confirmation(answering_cog):
    cog = answering_cog
    people = (cog.service.folder / "people.yaml").read_text().replace("name: Eric Koch", "name: Erik Kock")
    it = interaction()
    await cog.kb_upload.callback(cog, it, attachment("people.yaml", people.encode()))
    text = said(it)
    assert text.startswith("❌ 'people.yaml' was refused: it breaks 1 check(s) of checks.yaml")
    assert 'check "meta-cluster-panel": missing \'Koch\'' in text
    assert "Erik Kock" not in (cog.service.folder / "people.yaml").read_text()
    view = it.followup.send.await_args.kwargs["view"]
    assert [b.label for b in view.children] == ["Upload anyway", "Cancel"]

    press = interaction()
    await view.children[0].callback(press)
    assert said(press).startswith("✅ Replaced `people.yaml`")
    assert "⚠️ 1 check(s) of checks.yaml fail" in said(press)
    assert "Erik Kock" in (cog.service.folder / "people.yaml").read_text()
    assert "despite the failing checks" in cog.admin_channel.send.await_args.args[0]
    assert view.is_finished()  # one confirmation, one change
