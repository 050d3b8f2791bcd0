"""Settings, read from the environment and a ``.env`` file in ``cli.main``, never at import.

Every command sees the same settings: ``.env`` from the working directory (or the file given
with ``--env-file``), under the process environment. Relative folders are taken from the
working directory, the deploy folder of a service, never from where the package is installed:
a ``pip install .`` puts the package inside the virtual environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from talkbot.errors import ConfigError

#: relative to the working directory
DEFAULT_KNOWLEDGE = Path("knowledge")
DEFAULT_DATA = Path("data")
ENV_FILE = Path(".env")

#: every setting ``Settings.from_env`` reads; ``.env.example`` documents each one (a test checks)
SETTING_NAMES = (
    "DISCORD_TOKEN",
    "TALKBOT_KNOWLEDGE",
    "TALKBOT_DATA",
    "TALKBOT_GUILD_IDS",
    "TALKBOT_LOG_LEVEL",
    "TALKBOT_ASK_CHANNEL_IDS",
    "TALKBOT_MAX_QUESTION_CHARS",
    "TALKBOT_RATE_LIMIT_COUNT",
    "TALKBOT_RATE_LIMIT_SECONDS",
    "TALKBOT_MODERATOR_ROLE_ID",
    "TALKBOT_ANNOUNCE_CHANNEL_ID",
    "TALKBOT_AUTO_REMINDER_LEADS",
    "TALKBOT_REMINDER_GRACE",
    "TALKBOT_REMINDME_CHANNEL_ID",
    "TALKBOT_INTERESTED_REMINDERS",
    "TALKBOT_ADMIN_ROLE_ID",
    "TALKBOT_ADMIN_CHANNEL_ID",
    "TALKBOT_WATCH_KNOWLEDGE",
    "TALKBOT_UPLOAD_MAX_BYTES",
    "TALKBOT_GAPS_RETENTION_DAYS",
    "TALKBOT_HASH_SALT",
)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def from_working_dir(value: str | Path) -> Path:
    """An absolute path: ``~`` expanded, a relative one taken from the working directory."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


def default_knowledge_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return from_working_dir(env.get("TALKBOT_KNOWLEDGE", "").strip() or DEFAULT_KNOWLEDGE)


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return from_working_dir(env.get("TALKBOT_DATA", "").strip() or DEFAULT_DATA)


@dataclass(frozen=True)
class Environment:
    """The settings' source: ``values`` as every command reads them, and the ``.env`` read, if any."""

    values: Mapping[str, str]
    env_file: Path | None = None
    from_file: frozenset[str] = frozenset()

    def source(self, name: str) -> str:
        """Where a setting came from: ``environment``, ``.env`` or ``default``."""
        if not self.values.get(name, "").strip():
            return "default"
        return ".env" if name in self.from_file else "environment"


def read_environment(env_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Environment:
    """The process environment over ``env_file`` (given: must exist) or ``./.env`` (if present).

    A variable set in the environment wins, as with every .env tool, but an empty one does not
    hide the file's value: an empty setting means "the default" everywhere else too.
    """
    environ = os.environ if environ is None else environ
    if env_file is not None and not env_file.is_file():
        raise ConfigError(f"--env-file {env_file}: no such file")
    path = env_file if env_file is not None else (ENV_FILE if ENV_FILE.is_file() else None)
    if path is None:
        return Environment(dict(environ))
    try:
        from dotenv import dotenv_values

        file_values = {k: v for k, v in dotenv_values(path).items() if v is not None}
    except OSError as exc:
        raise ConfigError(f"cannot read the settings file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"cannot read the settings file {path}: not UTF-8 text") from None
    values = dict(file_values)
    values.update({k: v for k, v in environ.items() if v.strip() or k not in file_values})
    from_file = frozenset(k for k, v in file_values.items() if not environ.get(k, "").strip())
    return Environment(values, from_working_dir(path), from_file)


def mask(token: str) -> str:
    """A token as it may be shown: its length and last four characters, never more."""
    if not token:
        return "(not set)"
    return f"set, {len(token)} characters, ending ...{token[-4:]}" if len(token) > 20 else "set (too short to be a bot token)"


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``2h``, ``1d``, ``1w`` or combinations like ``1h30m``."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    text = text.strip().lower().replace(" ", "")
    if not text:
        raise ConfigError("empty duration")
    total, number = 0, ""
    for ch in text:
        if ch.isdigit():
            number += ch
        elif ch in units and number:
            total += int(number) * units[ch]
            number = ""
        else:
            raise ConfigError(f"not a duration: {text!r} (use e.g. 30m, 2h, 1d)")
    if number:
        raise ConfigError(f"not a duration: {text!r} (a unit is missing: s, m, h, d or w)")
    return timedelta(seconds=total)


def _ids(value: str, name: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(f"{name}: not a comma-separated list of numeric Discord ids: {value!r}") from None


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}: not a whole number: {value!r}") from None


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}: not true or false: {value!r}")


def _durations(env: Mapping[str, str], name: str, default: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return tuple(parse_duration(part) for part in value.split(",") if part.strip())
    except ConfigError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _duration(env: Mapping[str, str], name: str, default: timedelta) -> timedelta:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return parse_duration(value)
    except ConfigError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _log_level(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip().upper() or "INFO"
    if value not in LOG_LEVELS:
        raise ConfigError(f"{name}: unknown log level {value!r} (use DEBUG, INFO, WARNING or ERROR)")
    return value


@dataclass(frozen=True)
class Settings:
    """Every setting of the bot; ``.env.example`` documents each one."""

    token: str = field(default="", repr=False)
    knowledge_dir: Path = DEFAULT_KNOWLEDGE
    data_dir: Path = DEFAULT_DATA
    guild_ids: tuple[int, ...] = ()
    log_level: str = "INFO"
    ask_channel_ids: tuple[int, ...] = ()
    max_question_chars: int = 500
    rate_limit_count: int = 5
    rate_limit_seconds: int = 60
    moderator_role_id: int | None = None
    admin_role_id: int | None = None
    admin_channel_id: int | None = None
    announce_channel_id: int | None = None
    auto_reminder_leads: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    reminder_grace: timedelta = timedelta(hours=6)
    remindme_channel_id: int | None = None  # members' reminders when their DMs are closed
    interested_reminders: bool = True  # "Interested" on a synced Discord event reminds too
    watch_knowledge: bool = True
    upload_max_bytes: int = 256 * 1024
    gaps_retention_days: int = 180
    hash_salt: str = field(default="talkbot", repr=False)

    @property
    def database(self) -> Path:
        return self.data_dir / "talkbot.sqlite3"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def optional_id(name: str) -> int | None:
            value = _int(env, name, 0)
            return value or None

        return cls(
            token=env.get("DISCORD_TOKEN", "").strip(),
            knowledge_dir=default_knowledge_dir(env),
            data_dir=default_data_dir(env),
            guild_ids=_ids(env.get("TALKBOT_GUILD_IDS", ""), "TALKBOT_GUILD_IDS"),
            log_level=_log_level(env, "TALKBOT_LOG_LEVEL"),
            ask_channel_ids=_ids(env.get("TALKBOT_ASK_CHANNEL_IDS", ""), "TALKBOT_ASK_CHANNEL_IDS"),
            max_question_chars=_int(env, "TALKBOT_MAX_QUESTION_CHARS", 500),
            rate_limit_count=_int(env, "TALKBOT_RATE_LIMIT_COUNT", 5),
            rate_limit_seconds=_int(env, "TALKBOT_RATE_LIMIT_SECONDS", 60),
            moderator_role_id=optional_id("TALKBOT_MODERATOR_ROLE_ID"),
            admin_role_id=optional_id("TALKBOT_ADMIN_ROLE_ID"),
            admin_channel_id=optional_id("TALKBOT_ADMIN_CHANNEL_ID"),
            announce_channel_id=optional_id("TALKBOT_ANNOUNCE_CHANNEL_ID"),
            auto_reminder_leads=_durations(env, "TALKBOT_AUTO_REMINDER_LEADS", cls.auto_reminder_leads),
            reminder_grace=_duration(env, "TALKBOT_REMINDER_GRACE", cls.reminder_grace),
            remindme_channel_id=optional_id("TALKBOT_REMINDME_CHANNEL_ID"),
            interested_reminders=_bool(env, "TALKBOT_INTERESTED_REMINDERS", True),
            watch_knowledge=_bool(env, "TALKBOT_WATCH_KNOWLEDGE", True),
            upload_max_bytes=_int(env, "TALKBOT_UPLOAD_MAX_BYTES", 256 * 1024),
            gaps_retention_days=_int(env, "TALKBOT_GAPS_RETENTION_DAYS", 180),
            hash_salt=env.get("TALKBOT_HASH_SALT", "").strip() or "talkbot",
        )
