"""The ``talkbot`` command: ask, chat, validate, run and the admins' tools."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from talkbot.config import Settings, default_knowledge_dir
from talkbot.errors import ConfigError, KnowledgeError, TalkbotError

log = logging.getLogger(__name__)


def _parse_now(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {value!r} (e.g. 2024-04-20T10:00+02:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _knowledge_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=None,
        metavar="DIR",
        help="knowledge folder (default: $TALKBOT_KNOWLEDGE or the project's knowledge/)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="talkbot",
        description="Answers questions about the EU Clusters Talks with cited snippets.",
    )
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING or ERROR")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer one question, or one per line of standard input")
    ask.add_argument("question", nargs="*", help="the question (none: read questions from standard input)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--now", type=_parse_now, default=None, help="fix the clock (ISO date-time)")
    _knowledge_arg(ask)

    chat = sub.add_parser("chat", help="interactive console: ask question after question")
    chat.add_argument("--now", type=_parse_now, default=None, help="fix the clock (ISO date-time)")
    _knowledge_arg(chat)

    validate = sub.add_parser("validate", help="check the knowledge files; exit 1 on any problem")
    validate.add_argument("dir", nargs="?", type=Path, default=None, help="knowledge folder")

    ics = sub.add_parser("ics", help="write a calendar feed (.ics) of every talk and event")
    ics.add_argument("--out", type=Path, default=None, metavar="FILE", help="file to write (default: standard output)")
    _knowledge_arg(ics)

    run = sub.add_parser("run", help="start the Discord bot (offline console when no token is set)")
    _knowledge_arg(run)
    run.add_argument("--env-file", type=Path, default=Path(".env"), help="settings file (default: .env)")
    run.add_argument(
        "--require-token",
        action="store_true",
        help="exit 1 when DISCORD_TOKEN is not set instead of opening the offline console (for services)",
    )

    from talkbot import admin_cli

    admin_cli.add_parsers(sub, _knowledge_arg)
    return parser


def _load_engine(knowledge: Path | None):
    from talkbot.answer.engine import Engine
    from talkbot.knowledge.loader import load_dir

    return Engine(load_dir(knowledge or default_knowledge_dir()))


# Line separators JSON allows raw but line readers (str.splitlines) split on: one object per
# line must stay one line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})


def _write_reply(reply, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps(reply.to_json(), ensure_ascii=False).translate(_LINE_BREAKERS) + "\n")
    else:
        out.write(reply.text.rstrip() + "\n")
    out.flush()


def _questions(args: argparse.Namespace, stdin: TextIO) -> Iterable[str]:
    if args.question:
        yield " ".join(args.question)
        return
    for line in stdin:
        yield line.rstrip("\r\n")


def cmd_ask(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    engine = _load_engine(args.knowledge)
    for question in _questions(args, stdin):
        _write_reply(engine.answer(question, now=args.now), args.json, out)
    return 0


def cmd_chat(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    engine = _load_engine(args.knowledge)
    interactive = stdin.isatty()
    out.write(
        f"talkbot offline console: {engine.kb.summary()}.\n"
        "Ask about the EU Clusters Talks (speakers, dates, takeaways, events). "
        "Type 'quit' or press Ctrl-D to leave.\n"
    )
    while True:
        if interactive:
            out.write("\nyou> ")
            out.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if question.lower() in {"quit", "exit", ":q"}:
            break
        if not question:
            continue
        out.write("talkbot> " if interactive else "")
        _write_reply(engine.answer(question, now=args.now), False, out)
    out.write("Bye!\n")
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from talkbot.knowledge.loader import load_dir

    folder = args.dir or default_knowledge_dir()
    kb = load_dir(folder)  # KnowledgeError is reported by main
    out.write(f"{folder}: OK, {kb.summary()}\n")
    return 0


def cmd_ics(args: argparse.Namespace, out: TextIO) -> int:
    from talkbot.calendar import feed_ics
    from talkbot.knowledge.loader import load_dir

    kb = load_dir(args.knowledge or default_knowledge_dir())
    data = feed_ics(kb)
    if args.out is None:
        out.write(data.decode("utf-8"))
        out.flush()
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    sys.stderr.write(f"{args.out}: {len(kb.talks) + len(kb.events)} events\n")
    return 0


def cmd_run(args: argparse.Namespace, stdin: TextIO, out: TextIO, settings: Settings) -> int:
    if not settings.token and args.require_token:
        # A service must not "succeed" as a console reading an empty stdin: fail so it is noticed.
        sys.stderr.write("talkbot: DISCORD_TOKEN is not set (environment or --env-file); see docs/deploying.md\n")
        return 1
    if not settings.token:
        out.write("No DISCORD_TOKEN set: starting the offline console instead (see README, 'Deploying').\n")
        args.now = None
        return cmd_chat(args, stdin, out)
    from talkbot.bot import run_bot

    return run_bot(settings)


def _load_env_file(path: Path) -> None:
    if not path.is_file():
        return
    try:
        from dotenv import load_dotenv
    except ImportError:  # pragma: no cover - python-dotenv is a dependency
        return
    load_dotenv(path, override=False)


def _log_level(name: str) -> str:
    level = name.strip().upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(f"unknown log level {name!r}: use DEBUG, INFO, WARNING or ERROR")
    return level


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    if stdin is None:
        stdin = sys.stdin
        if hasattr(stdin, "reconfigure"):
            # a stray non-UTF-8 byte in piped questions must neither end the run nor be echoed back raw
            stdin.reconfigure(errors="replace")
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        _load_env_file(args.env_file)
    try:
        settings = Settings.from_env()
        if getattr(args, "knowledge", None) is not None:
            from dataclasses import replace

            settings = replace(settings, knowledge_dir=args.knowledge)
        # The offline commands print answers: keep their output clean unless asked otherwise.
        default_level = settings.log_level if args.command == "run" and settings.token else "WARNING"
        logging.basicConfig(
            level=_log_level(args.log_level or default_level),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            stream=sys.stderr,
        )
        if args.command == "ask":
            return cmd_ask(args, stdin, out)
        if args.command == "chat":
            return cmd_chat(args, stdin, out)
        if args.command == "validate":
            return cmd_validate(args, out)
        if args.command == "ics":
            return cmd_ics(args, out)
        if args.command == "run":
            return cmd_run(args, stdin, out, settings)
        from talkbot import admin_cli

        if args.command in admin_cli.COMMANDS:
            return admin_cli.run(args, settings, out)
        parser.print_help(out)
        return 0
    except KnowledgeError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"{len(exc.problems)} problem(s) found in the knowledge.\n")
        return 1
    except TalkbotError as exc:
        sys.stderr.write(f"talkbot: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for a user or an admin
        log.debug("unexpected error", exc_info=True)
        sys.stderr.write(f"talkbot: unexpected error: {exc!r} (run with --log-level DEBUG for details)\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
