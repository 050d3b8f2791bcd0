"""``talkbot run`` without a token: the console for the quick start, a clear failure for services."""

from __future__ import annotations

import io

from talkbot.cli import main


def test_missing_token_with_require_token_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["run", "--require-token"], stdin=io.StringIO(""), out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert err == "talkbot: DISCORD_TOKEN is not set (environment or --env-file); see docs/deploying.md\n"


def test_missing_token_without_the_flag_opens_the_console(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    out = io.StringIO()
    assert main(["run"], stdin=io.StringIO("quit\n"), out=out) == 0
    assert "offline console" in out.getvalue()
