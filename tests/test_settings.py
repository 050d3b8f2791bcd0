"""Settings every command reads: ``.env`` from the working directory or ``--env-file``, the
environment over it, folders from the working directory (never the package's location), and
messages that name the setting at fault."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from conftest import KNOWLEDGE, REPO
from talkbot.cli import main
from talkbot.config import SETTING_NAMES, Settings, read_environment
from talkbot.errors import ConfigError


@pytest.fixture
def deploy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A deploy folder as the working directory, with a copy of the knowledge and no settings."""
    folder = tmp_path / "deploy"
    shutil.copytree(KNOWLEDGE, folder / "knowledge")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("TALKBOT_KNOWLEDGE")
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(""), out=out)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, out.getvalue(), err


# -- default folders ------------------------------------------------------------------------


def test_default_folders_are_in_the_working_directory(deploy: Path) -> None:
    settings = Settings.from_env({})
    assert settings.knowledge_dir == deploy / "knowledge"
    assert settings.data_dir == deploy / "data"
    assert settings.database == deploy / "data" / "talkbot.sqlite3"


def test_default_folders_are_never_beside_the_package(deploy: Path) -> None:
    import talkbot

    package = Path(talkbot.__file__).resolve().parent
    settings = Settings.from_env({})
    for folder in (settings.knowledge_dir, settings.data_dir):
        assert package not in folder.resolve().parents and package.parent not in folder.resolve().parents


def test_relative_settings_are_taken_from_the_working_directory(deploy: Path) -> None:
    settings = Settings.from_env({"TALKBOT_KNOWLEDGE": "kb", "TALKBOT_DATA": "state/db", "HOME": "/nowhere"})
    assert settings.knowledge_dir == deploy / "kb"
    assert settings.data_dir == deploy / "state" / "db"


def test_validate_without_settings_checks_the_working_directory(deploy: Path, capsys) -> None:
    code, out, _ = run(["validate"], capsys)
    assert code == 0 and out.startswith("knowledge: OK, ")


# -- .env is read by every command ----------------------------------------------------------


def _elsewhere(deploy: Path) -> Path:
    other = deploy / "other-kb"
    shutil.move(deploy / "knowledge", other)
    (deploy / "state").mkdir()
    return other


@pytest.mark.parametrize("command", [["validate"], ["ask", "who is przeor"], ["ics"], ["schema", "--check"],
                                     ["chat"], ["run"]])
def test_every_command_reads_dot_env_from_the_working_directory(deploy: Path, capsys, command: list[str]) -> None:
    _elsewhere(deploy)
    (deploy / ".env").write_text("TALKBOT_KNOWLEDGE=other-kb\nTALKBOT_DATA=state\n")
    code, out, err = run(command, capsys)
    assert code == 0, err
    if command == ["validate"]:
        assert out.startswith("other-kb: OK")


def test_gaps_reads_the_database_named_in_dot_env(deploy: Path, capsys) -> None:
    from talkbot.db import connect
    from talkbot.gaps import DECLINED, GapStore

    _elsewhere(deploy)
    (deploy / ".env").write_text("TALKBOT_DATA=state\n")
    GapStore(connect(deploy / "state" / "talkbot.sqlite3"), "talkbot").record("who is Zed?", "r", DECLINED)
    code, out, _ = run(["gaps"], capsys)
    assert code == 0 and "who is Zed?" in out
    assert not (deploy / "data").exists()


def test_env_file_before_any_command(deploy: Path, capsys) -> None:
    _elsewhere(deploy)
    settings = deploy / "conf" / "talkbot.env"
    settings.parent.mkdir()
    settings.write_text(f"TALKBOT_KNOWLEDGE={deploy / 'other-kb'}\n")
    code, out, _ = run(["--env-file", str(settings), "validate"], capsys)
    assert code == 0 and out.startswith("other-kb: OK")


@pytest.mark.parametrize("argv", [["--env-file", "missing.env", "validate"], ["run", "--env-file", "missing.env"],
                                  ["--env-file", "missing.env", "run", "--require-token"]])
def test_a_missing_env_file_is_an_error(deploy: Path, capsys, argv: list[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert err == "talkbot: --env-file missing.env: no such file\n"


def test_the_environment_wins_over_dot_env_but_an_empty_variable_does_not_hide_it(tmp_path: Path) -> None:
    env_file = tmp_path / "x.env"
    env_file.write_text("TALKBOT_RATE_LIMIT_COUNT=9\nTALKBOT_MAX_QUESTION_CHARS=300\nTALKBOT_GUILD_IDS=1\n")
    env = read_environment(env_file, {"TALKBOT_RATE_LIMIT_COUNT": "2", "TALKBOT_GUILD_IDS": ""})
    settings = Settings.from_env(env.values)
    assert settings.rate_limit_count == 2 and settings.max_question_chars == 300 and settings.guild_ids == (1,)
    assert env.source("TALKBOT_RATE_LIMIT_COUNT") == "environment"
    assert env.source("TALKBOT_MAX_QUESTION_CHARS") == ".env"
    assert env.source("TALKBOT_ADMIN_ROLE_ID") == "default"
    assert env.env_file == env_file


def test_no_dot_env_is_fine(deploy: Path) -> None:
    env = read_environment(None, {})
    assert env.env_file is None and dict(env.values) == {}


def test_an_unreadable_env_file_is_one_message(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read the settings file .*: not UTF-8 text"):
        (tmp_path / "bad.env").write_bytes(b"TALKBOT_DATA=\xff\xfe\n")
        read_environment(tmp_path / "bad.env", {})


# -- messages name the setting --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TALKBOT_REMINDER_GRACE", "6", "TALKBOT_REMINDER_GRACE: not a duration: '6'"),
        ("TALKBOT_AUTO_REMINDER_LEADS", "24h,soon", "TALKBOT_AUTO_REMINDER_LEADS: not a duration: 'soon'"),
        ("TALKBOT_RATE_LIMIT_COUNT", "five", "TALKBOT_RATE_LIMIT_COUNT: not a whole number: 'five'"),
        ("TALKBOT_WATCH_KNOWLEDGE", "maybe", "TALKBOT_WATCH_KNOWLEDGE: not true or false: 'maybe'"),
        ("TALKBOT_GUILD_IDS", "my-server", "TALKBOT_GUILD_IDS: not a comma-separated list of numeric Discord ids"),
        ("TALKBOT_LOG_LEVEL", "chatty", "TALKBOT_LOG_LEVEL: unknown log level 'CHATTY'"),
    ],
)
def test_a_bad_setting_names_the_setting(deploy: Path, capsys, name: str, value: str, message: str) -> None:
    (deploy / ".env").write_text(f"{name}={value}\n")
    code, _, err = run(["validate"], capsys)
    assert code == 2
    assert err.startswith(f"talkbot: {message}") and len(err.splitlines()) == 1


# -- .env.example documents every setting, and only those ----------------------------------


def test_env_example_lists_every_setting() -> None:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    listed = re.findall(r"^([A-Z_]+)=", text, re.M)
    assert sorted(listed) == sorted(SETTING_NAMES)
    env = read_environment(REPO / ".env.example", {})
    Settings.from_env(env.values)  # the example's values are valid as they are


def test_every_setting_name_is_read() -> None:
    source = (REPO / "src" / "talkbot" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'"((?:TALKBOT_|DISCORD_)[A-Z_]+)"', source.split("def from_env", 1)[1]))
    read |= {"TALKBOT_KNOWLEDGE", "TALKBOT_DATA"}  # through default_knowledge_dir / default_data_dir
    assert read == set(SETTING_NAMES)
