"""The fake Discord itself: the parts other features' e2e tests rely on (files, events, routes)."""

from __future__ import annotations

import datetime as dt
import io

import discord
import pytest
from discord import app_commands

from e2e.fake_discord import FAST, FakeDiscord, Respond

ANN = {
    "id": "555000000000000001",
    "username": "ann",
    "global_name": "Ann",
    "discriminator": "0",
    "avatar": None,
}


class Probe(discord.Client):
    """A bare client with one command taking a subcommand and an attachment."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True, guild_messages=True), **FAST)
        self.tree = app_commands.CommandTree(self)
        self.received: list[bytes] = []
        group = app_commands.Group(name="kb", description="knowledge")

        @group.command(name="upload", description="upload a file")
        async def kb_upload(
            interaction: discord.Interaction, file: discord.Attachment, note: str = ""
        ) -> None:
            self.received.append(await file.read())
            await interaction.response.send_message(f"got {file.filename} {note}", ephemeral=True)

        self.tree.add_command(group)

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def test_files_events_subcommands_and_unknown_routes(fake_discord: FakeDiscord) -> None:
    client = Probe()
    async with fake_discord.running(client):
        channel = client.get_channel(fake_discord.channel_id)
        assert isinstance(channel, discord.TextChannel)

        # a message with a file: recorded with its bytes, stored with an attachment
        sent = await channel.send("here", file=discord.File(io.BytesIO(b"id: x\n"), filename="x.yaml"))
        [request] = fake_discord.requests_to("POST", f"/channels/{channel.id}/messages")
        assert request.json["content"] == "here"
        assert request.files == [("files[0]", "x.yaml", b"id: x\n")]
        assert sent.attachments[0].filename == "x.yaml"

        # a scheduled event: created, listed, recorded
        guild = client.get_guild(fake_discord.guild_id)
        start = dt.datetime(2030, 1, 15, 8, 30, tzinfo=dt.UTC)
        event = await guild.create_scheduled_event(
            name="EU Clusters Talk",
            start_time=start,
            end_time=start + dt.timedelta(hours=1),
            entity_type=discord.EntityType.external,
            location="online",
            privacy_level=discord.PrivacyLevel.guild_only,
        )
        assert event.name == "EU Clusters Talk" and int(event.id) in fake_discord.scheduled_events
        assert [e.name for e in await guild.fetch_scheduled_events()] == ["EU Clusters Talk"]

        # a subcommand with an attachment option: the bot downloads the file
        upload = fake_discord.attachment("talk.yaml", b"title: T\n")
        mark = fake_discord.mark()
        interaction = await fake_discord.slash("kb upload", {"file": upload, "note": "v2"}, user=ANN)
        callback = await fake_discord.callback_of(interaction, after=mark)
        assert callback.json["data"]["content"] == "got talk.yaml v2"
        assert client.received == [b"title: T\n"]

        # an unknown route is a recorded 404; a test can add it
        with pytest.raises(discord.NotFound):
            await guild.fetch_member(1)
        assert fake_discord.requests_to("GET", "/guilds/{guild_id}/members/{user_id}")[0].route == ""

        @fake_discord.route("GET", "/guilds/{guild_id}/members/{user_id}")
        def member(req):
            if req.params["user_id"] == "1":
                return fake_discord.member(fake_discord.user(1, "uno"))
            return Respond(404, {"message": "Unknown Member", "code": 10007})

        assert (await guild.fetch_member(1)).name == "uno"
