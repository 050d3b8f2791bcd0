"""``talkbot run`` itself, against the fake Discord: a rejected token is one line and exit 1."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from e2e.fake_discord import FakeDiscord
from talkbot.cli import main


@pytest.fixture
def fake_in_thread() -> Iterator[FakeDiscord]:
    """The fake server on its own loop, so the CLI can run its own ``asyncio.run``."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fake = asyncio.run_coroutine_threadsafe(_make(), loop).result(5)
    try:
        with fake.patched():
            yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.close(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


async def _make() -> FakeDiscord:
    fake = FakeDiscord()
    await fake.start()
    return fake


def test_rejected_token_ends_in_one_line_without_traceback(
    fake_in_thread, monkeypatch, tmp_path, capsys
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DISCORD_TOKEN", "not-the-right-token")
    monkeypatch.setenv("TALKBOT_DATA", str(tmp_path))
    status = main(["run"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err.strip().splitlines() == [captured.err.strip()]  # one line
    assert captured.err.startswith("talkbot: Discord rejected the token")
    assert "Traceback" not in captured.err and "not-the-right-token" not in captured.err + captured.out
    [login] = fake_in_thread.requests_to("GET", "/users/@me")
    assert login.headers["Authorization"] == "Bot not-the-right-token"
