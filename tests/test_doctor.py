"""``talkbot doctor``: the settings and folders in use, and every problem with its fix."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import KNOWLEDGE
from talkbot.cli import main

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"
SALT = "pepper-and-salt-1234"


@pytest.fixture
def deploy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "opt-talkbot"
    shutil.copytree(KNOWLEDGE, folder / "knowledge")
    (folder / "data").mkdir()
    env = folder / ".env"
    env.write_text(f"DISCORD_TOKEN={TOKEN}\nTALKBOT_HASH_SALT={SALT}\nTALKBOT_GUILD_IDS=123\n")
    env.chmod(0o600)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("TALKBOT_KNOWLEDGE")
    return folder


def doctor(argv: list[str] | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*(argv or []), "doctor"], out=out)
    return code, re.sub(r" {2,}", " ", out.getvalue())  # the column widths are not the point


def test_a_good_deploy(deploy: Path) -> None:
    code, out = doctor()
    assert code == 0, out
    assert f"settings file: {deploy / '.env'} (read)" in out
    assert f"working directory: {deploy}" in out
    assert f"knowledge: {deploy / 'knowledge'}: exists, writable, OK, " in out and " talks, " in out
    assert f"data folder: {deploy / 'data'}: exists, writable" in out
    assert "database: " in out and "not created yet" in out
    assert "DISCORD_TOKEN: set, 68 characters, ending ...6789 [.env]" in out
    assert "TALKBOT_GUILD_IDS: 123 [.env]" in out
    assert f"TALKBOT_DATA: {deploy / 'data'} [default]" in out
    assert "TALKBOT_AUTO_REMINDER_LEADS: 24h,1h [default]" in out and "TALKBOT_REMINDER_GRACE: 6h [default]" in out
    assert out.rstrip().splitlines()[-1].startswith("talkbot doctor: everything looks right")


def test_a_missing_data_folder_is_a_note_for_the_systemd_unit(deploy: Path) -> None:
    (deploy / "data").rmdir()
    code, out = doctor()
    assert code == 0 and f"data folder: {deploy / 'data'}: missing (created on the first run)" in out
    assert f"note: {deploy / 'data'} does not exist yet: create it before the first start" in out


def test_secrets_are_never_shown(deploy: Path) -> None:
    _, out = doctor()
    assert TOKEN not in out and TOKEN[:-4] not in out and SALT not in out
    assert "TALKBOT_HASH_SALT: (set) [.env]" in out


def test_an_existing_database_is_opened_read_only_and_described(deploy: Path) -> None:
    from talkbot.db import connect

    connect(deploy / "data" / "talkbot.sqlite3").close()
    before = (deploy / "data" / "talkbot.sqlite3").read_bytes()
    code, out = doctor()
    assert code == 0 and "talkbot.sqlite3: exists, writable, " in out
    assert (deploy / "data" / "talkbot.sqlite3").read_bytes() == before


def test_every_problem_is_listed_with_its_fix(deploy: Path) -> None:
    shutil.rmtree(deploy / "knowledge")
    env = deploy / ".env"
    env.write_text("DISCORD_TOKEN=\nTALKBOT_REMINDER_GRACE=6\nTALKBOT_RATE_LIMIT_COUNT=five\n")
    code, out = doctor()
    assert code == 1
    problems = out.split("problem(s):\n", 1)[1].splitlines()
    assert out.count("problem(s):") == 1 and len(problems) == 4, out
    assert problems[0].startswith("- TALKBOT_RATE_LIMIT_COUNT: not a whole number: 'five'")
    assert problems[1].startswith("- TALKBOT_REMINDER_GRACE: not a duration: '6'") and f"fix it in {env}" in problems[1]
    assert problems[2].startswith(f"- the knowledge folder {deploy / 'knowledge'} does not exist") and "TALKBOT_KNOWLEDGE" in problems[2]
    assert problems[3].startswith("- DISCORD_TOKEN is not set") and str(env) in problems[3]


def test_a_readable_env_file_with_a_token_and_a_malformed_token(deploy: Path) -> None:
    env = deploy / ".env"
    env.write_text("DISCORD_TOKEN=paste-token-here-please-now\n")
    env.chmod(0o644)
    code, out = doctor()
    assert code == 1
    assert f"- {env} holds the token and other users may read it: chmod 600 {env}" in out
    assert "- DISCORD_TOKEN does not look like a bot token" in out


def test_a_broken_knowledge_points_at_validate(deploy: Path) -> None:
    (deploy / "knowledge" / "talks" / "broken.yaml").write_text("id: [unclosed\n")
    code, out = doctor()
    assert code == 1 and ", 1 problem(s)" in out
    assert "the knowledge does not load: run `talkbot validate`" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_data_folder(deploy: Path) -> None:
    (deploy / "data").chmod(0o500)
    try:
        code, out = doctor()
    finally:
        (deploy / "data").chmod(0o700)
    assert code == 1 and "data folder" in out and "is not writable" in out


def test_the_env_file_option_and_no_env_file(deploy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.env"
    other.write_text(f"DISCORD_TOKEN={TOKEN}\n")
    other.chmod(0o600)
    code, out = doctor(["--env-file", str(other)])
    assert code == 0 and f"settings file: {other} (read)" in out
    (deploy / ".env").unlink()
    code, out = doctor()
    assert code == 1 and f"settings file: none (no .env in {deploy}" in out
    code, out = doctor(["--env-file", "missing.env"])
    assert code == 1 and out == "talkbot doctor: --env-file missing.env: no such file\n"
