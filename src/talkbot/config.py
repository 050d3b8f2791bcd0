"""Settings, read from the environment (and a ``.env`` file) in ``cli.main``, never at import."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from talkbot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_KNOWLEDGE = PROJECT_ROOT / "knowledge"
DEFAULT_DATA = PROJECT_ROOT / "data"


def default_knowledge_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("TALKBOT_KNOWLEDGE") or DEFAULT_KNOWLEDGE)


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
        raise ConfigError(f"{name} must be a comma-separated list of numeric Discord ids") from None


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


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

        leads = env.get("TALKBOT_AUTO_REMINDER_LEADS", "").strip()
        return cls(
            token=env.get("DISCORD_TOKEN", "").strip(),
            knowledge_dir=default_knowledge_dir(env),
            data_dir=Path(env.get("TALKBOT_DATA") or DEFAULT_DATA),
            guild_ids=_ids(env.get("TALKBOT_GUILD_IDS", ""), "TALKBOT_GUILD_IDS"),
            log_level=(env.get("TALKBOT_LOG_LEVEL") or "INFO").upper(),
            ask_channel_ids=_ids(env.get("TALKBOT_ASK_CHANNEL_IDS", ""), "TALKBOT_ASK_CHANNEL_IDS"),
            max_question_chars=_int(env, "TALKBOT_MAX_QUESTION_CHARS", 500),
            rate_limit_count=_int(env, "TALKBOT_RATE_LIMIT_COUNT", 5),
            rate_limit_seconds=_int(env, "TALKBOT_RATE_LIMIT_SECONDS", 60),
            moderator_role_id=optional_id("TALKBOT_MODERATOR_ROLE_ID"),
            admin_role_id=optional_id("TALKBOT_ADMIN_ROLE_ID"),
            admin_channel_id=optional_id("TALKBOT_ADMIN_CHANNEL_ID"),
            announce_channel_id=optional_id("TALKBOT_ANNOUNCE_CHANNEL_ID"),
            auto_reminder_leads=tuple(parse_duration(p) for p in leads.split(",") if p.strip())
            if leads
            else cls.auto_reminder_leads,
            reminder_grace=parse_duration(env["TALKBOT_REMINDER_GRACE"])
            if env.get("TALKBOT_REMINDER_GRACE", "").strip()
            else cls.reminder_grace,
            watch_knowledge=_bool(env, "TALKBOT_WATCH_KNOWLEDGE", True),
            upload_max_bytes=_int(env, "TALKBOT_UPLOAD_MAX_BYTES", 256 * 1024),
            gaps_retention_days=_int(env, "TALKBOT_GAPS_RETENTION_DAYS", 180),
            hash_salt=env.get("TALKBOT_HASH_SALT", "").strip() or "talkbot",
        )
