"""``talkbot doctor``: the settings and folders a command here would use, and what is wrong.

Offline on purpose (it never contacts Discord): it is the first thing to run on a server,
as the service's user, from the deploy folder: ``sudo -u talkbot .venv/bin/talkbot doctor``.
"""

from __future__ import annotations

import getpass
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from talkbot.config import SETTING_NAMES, Environment, Settings, mask, read_environment
from talkbot.errors import ConfigError, KnowledgeError

#: a bot token is three dot-separated base64url parts (user id, timestamp, signature)
TOKEN_SHAPE = re.compile(r"^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$")


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def show(self, label: str, value: str) -> None:
        self.lines.append(f"{label + ':':<29} {value}")


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK | os.X_OK)


def _check_settings(env: Environment, report: Report) -> Settings:
    """Each setting alone, so every bad one is reported, not only the first."""
    bad: set[str] = set()
    for name in SETTING_NAMES:
        try:
            Settings.from_env({name: env.values.get(name, "")})
        except ConfigError as exc:
            bad.add(name)
            report.problems.append(f"{exc}; fix it in {env.env_file or 'the environment'} (see .env.example)")
    return Settings.from_env({k: v for k, v in env.values.items() if k not in bad})


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _ids(ids: tuple[int, ...] | int | None, none: str = "(none)") -> str:
    if isinstance(ids, int):
        return str(ids)
    return ",".join(str(i) for i in ids) if ids else none


def _effective(settings: Settings) -> dict[str, str]:
    s = settings
    return {
        "DISCORD_TOKEN": mask(s.token),
        "TALKBOT_KNOWLEDGE": str(s.knowledge_dir),
        "TALKBOT_DATA": str(s.data_dir),
        "TALKBOT_GUILD_IDS": _ids(s.guild_ids, "(none: global command sync, up to an hour)"),
        "TALKBOT_LOG_LEVEL": s.log_level,
        "TALKBOT_ASK_CHANNEL_IDS": _ids(s.ask_channel_ids),
        "TALKBOT_MAX_QUESTION_CHARS": str(s.max_question_chars),
        "TALKBOT_RATE_LIMIT_COUNT": str(s.rate_limit_count),
        "TALKBOT_RATE_LIMIT_SECONDS": str(s.rate_limit_seconds),
        "TALKBOT_MODERATOR_ROLE_ID": _ids(s.moderator_role_id),
        "TALKBOT_ANNOUNCE_CHANNEL_ID": _ids(s.announce_channel_id, "(none: automatic reminders off)"),
        "TALKBOT_AUTO_REMINDER_LEADS": ",".join(_duration(d) for d in s.auto_reminder_leads),
        "TALKBOT_REMINDER_GRACE": _duration(s.reminder_grace),
        "TALKBOT_REMINDME_CHANNEL_ID": _ids(s.remindme_channel_id, "(none: the announcement channel)"),
        "TALKBOT_INTERESTED_REMINDERS": str(s.interested_reminders).lower(),
        "TALKBOT_ADMIN_ROLE_ID": _ids(s.admin_role_id),
        "TALKBOT_ADMIN_CHANNEL_ID": _ids(s.admin_channel_id),
        "TALKBOT_WATCH_KNOWLEDGE": str(s.watch_knowledge).lower(),
        "TALKBOT_UPLOAD_MAX_BYTES": str(s.upload_max_bytes),
        "TALKBOT_GAPS_RETENTION_DAYS": str(s.gaps_retention_days),
        "TALKBOT_HASH_SALT": "(set)" if _salt_set(s) else "(not set: a built-in salt)",
    }


def _salt_set(settings: Settings) -> bool:
    return settings.hash_salt != Settings.hash_salt


def _show_settings(env: Environment, settings: Settings, report: Report) -> None:
    effective = _effective(settings)
    for name in SETTING_NAMES:
        report.show(name, f"{effective[name]}  [{env.source(name)}]")


def _check_token(settings: Settings, env: Environment, report: Report) -> None:
    where = env.env_file or Path(".env")
    if not settings.token:
        report.problems.append(
            f"DISCORD_TOKEN is not set: `talkbot run --require-token` (the systemd unit) exits 1. "
            f"Put the token from the developer portal (Bot > Reset Token) in {where}."
        )
    elif not TOKEN_SHAPE.match(settings.token):
        report.problems.append(
            "DISCORD_TOKEN does not look like a bot token (three parts separated by dots): "
            "copy it again from the developer portal (Bot > Reset Token)."
        )


def _check_env_file(env: Environment, report: Report) -> None:
    if env.env_file is None:
        report.show("settings file", f"none (no .env in {Path.cwd()}; the environment only)")
        return
    report.show("settings file", f"{env.env_file} (read)")
    mode = env.env_file.stat().st_mode
    if mode & 0o077 and env.values.get("DISCORD_TOKEN", "").strip():
        report.problems.append(
            f"{env.env_file} holds the token and other users may read it: chmod 600 {env.env_file}"
        )


def _check_knowledge(settings: Settings, report: Report) -> None:
    from talkbot.knowledge.loader import load_dir

    folder = settings.knowledge_dir
    if not folder.is_dir():
        report.show("knowledge", f"{folder}: MISSING")
        report.problems.append(
            f"the knowledge folder {folder} does not exist: run from the deploy folder (the one with "
            "knowledge/ in it) or set TALKBOT_KNOWLEDGE (relative paths are taken from the working directory)."
        )
        return
    writable = "writable" if _writable(folder) else "read-only"
    try:
        kb = load_dir(folder)
    except KnowledgeError as exc:
        report.show("knowledge", f"{folder}: exists, {writable}, {len(exc.problems)} problem(s)")
        report.problems.append(f"the knowledge does not load: run `talkbot validate` and fix what it lists ({exc.problems[0]}).")
        return
    report.show("knowledge", f"{folder}: exists, {writable}, OK, {kb.summary()}")
    if not _writable(folder):
        report.notes.append(
            f"{folder} is read-only for {getpass.getuser()}: /kb upload and /kb rollback will fail "
            "(the systemd unit lists it in ReadWritePaths)."
        )


def _check_data(settings: Settings, report: Report) -> None:
    folder, database = settings.data_dir, settings.database
    if folder.is_dir():
        state = "exists, writable" if _writable(folder) else "exists, NOT writable"
        if not _writable(folder):
            report.problems.append(
                f"the data folder {folder} is not writable by {getpass.getuser()}: "
                f"sudo chown -R {getpass.getuser()} {folder}"
            )
    else:
        parent = next((p for p in folder.parents if p.exists()), Path("/"))
        state = "missing (created on the first run)" if _writable(parent) else "MISSING"
        if _writable(parent):
            # systemd refuses to start a unit whose ReadWritePaths= does not exist
            report.notes.append(f"{folder} does not exist yet: create it before the first start of the "
                                f"systemd unit, which may write only there (mkdir -p {folder})")
        if not _writable(parent):
            report.problems.append(f"the data folder {folder} does not exist and cannot be created: mkdir -p {folder} "
                                   f"and give it to the bot's user")
    report.show("data folder", f"{folder}: {state}")
    if not database.is_file():
        report.show("database", f"{database}: not created yet (the bot creates it when it starts)")
        return
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        conn.close()
    except sqlite3.Error as exc:
        report.show("database", f"{database}: UNREADABLE")
        report.problems.append(f"cannot read the database {database}: {exc}; restore it from a backup")
        return
    writable = "writable" if os.access(database, os.W_OK) else "NOT writable"
    report.show("database", f"{database}: exists, {writable}, {tables} tables")
    if not os.access(database, os.W_OK):
        report.problems.append(f"the database {database} is not writable by {getpass.getuser()}: "
                               f"sudo chown {getpass.getuser()} {database}")


def cmd_doctor(env_file: Path | None, out: TextIO) -> int:
    report = Report()
    try:
        env = read_environment(env_file)
    except ConfigError as exc:
        out.write(f"talkbot doctor: {exc}\n")
        return 1
    report.show("working directory", str(Path.cwd()))
    report.show("user", getpass.getuser())
    _check_env_file(env, report)
    settings = _check_settings(env, report)
    _check_knowledge(settings, report)
    _check_data(settings, report)
    _check_token(settings, env, report)
    _show_settings(env, settings, report)
    for line in report.lines:
        out.write(line + "\n")
    for note in report.notes:
        out.write(f"note: {note}\n")
    if not report.problems:
        out.write("talkbot doctor: everything looks right; `talkbot run` should connect "
                  "(only Discord can tell whether the token is accepted).\n")
        return 0
    out.write(f"\n{len(report.problems)} problem(s):\n")
    for problem in report.problems:
        out.write(f"- {problem}\n")
    return 1
