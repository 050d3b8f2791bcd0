"""The ``talkbot`` command: ask, chat, validate, run, doctor and the admins' tools.

Every command reads the same settings (``.env`` in the working directory, or ``--env-file``
before the command) and configures logging here, once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from talkbot.config import LOG_LEVELS, Environment, Settings, from_working_dir, read_environment
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
        help="knowledge folder (default: TALKBOT_KNOWLEDGE, else knowledge/ in the working directory)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="talkbot",
        description="Answers questions about the EU Clusters Talks with cited snippets.",
        epilog="Every command reads .env from the working directory (or --env-file) under the "
        "environment; relative folders in it are taken from the working directory. "
        "`talkbot doctor` shows what is in use.",
    )
    parser.add_argument("--log-level", default=None, metavar="LEVEL",
                        help="DEBUG, INFO, WARNING or ERROR, for every command (default: WARNING; "
                        "TALKBOT_LOG_LEVEL for the Discord bot)")
    parser.add_argument("--env-file", type=Path, default=None, metavar="FILE",
                        help="settings file (default: .env in the working directory, if there is one)")
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
    validate.add_argument("dir", nargs="?", type=Path, default=None,
                          help="knowledge folder (default: TALKBOT_KNOWLEDGE, else knowledge/)")

    sub.add_parser("doctor", help="show the settings and folders in use, and what is wrong with how to fix it")

    ics = sub.add_parser("ics", help="write a calendar feed (.ics) of every talk and event")
    ics.add_argument("--out", type=Path, default=None, metavar="FILE", help="file to write (default: standard output)")
    _knowledge_arg(ics)

    run = sub.add_parser("run", help="start the Discord bot (offline console when no token is set)")
    _knowledge_arg(run)
    # dest differs from the global option's: a sub-parser's default would overwrite its value
    run.add_argument("--env-file", dest="run_env_file", type=Path, default=None, metavar="FILE",
                     help="same as `talkbot --env-file FILE run`")
    run.add_argument(
        "--require-token",
        action="store_true",
        help="exit 1 when DISCORD_TOKEN is not set instead of opening the offline console (for services)",
    )

    from talkbot import admin_cli

    admin_cli.add_parsers(sub, _knowledge_arg)
    return parser


def _load_engine(knowledge: Path):
    from talkbot.answer.engine import Engine
    from talkbot.knowledge.loader import load_dir

    return Engine(load_dir(knowledge))


def shown_path(path: Path) -> str:
    """``path`` as it opens from the working directory: relative below it, absolute elsewhere."""
    path = from_working_dir(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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


def cmd_ask(args: argparse.Namespace, stdin: TextIO, out: TextIO, settings: Settings) -> int:
    engine = _load_engine(settings.knowledge_dir)
    for question in _questions(args, stdin):
        _write_reply(engine.answer(question, now=args.now), args.json, out)
    return 0


def _console_lines(stdin: TextIO, out: TextIO, interactive: bool) -> Iterator[str]:
    if not interactive:
        for line in stdin:
            yield line
        return
    with contextlib.suppress(ImportError):  # Windows has no readline
        import readline  # noqa: F401  (imported for its effect: input() gets line editing and history)
    while True:
        try:
            line = input("\nyou> ")
        except EOFError:  # Ctrl-D
            out.write("\n")
            return
        yield line


def cmd_chat(args: argparse.Namespace, stdin: TextIO, out: TextIO, settings: Settings) -> int:
    engine = _load_engine(settings.knowledge_dir)
    interactive = stdin.isatty()
    out.write(
        f"talkbot offline console: {engine.kb.summary()}.\n"
        "Ask about the EU Clusters Talks (speakers, dates, takeaways, events). "
        "Type 'quit' or press Ctrl-D to leave.\n"
    )
    try:
        for line in _console_lines(stdin, out, interactive):
            question = line.strip()
            if question.lower() in {"quit", "exit", ":q"}:
                break
            if not question:
                continue
            out.write("talkbot> " if interactive else "")
            _write_reply(engine.answer(question, now=getattr(args, "now", None)), False, out)
    except KeyboardInterrupt:  # Ctrl-C leaves like Ctrl-D: no traceback, exit 0
        out.write("\n")
    out.write("Bye!\n")
    return 0


def cmd_validate(folder: Path, out: TextIO) -> int:
    from talkbot.knowledge.checks import run_checks
    from talkbot.knowledge.loader import load_dir

    kb = load_dir(folder)  # KnowledgeError is reported by main
    if not kb.checks:
        out.write(f"{shown_path(folder)}: OK, {kb.summary()}\n")
        return 0
    from talkbot.answer.engine import Engine

    failures = run_checks(Engine(kb), kb.checks)
    for failure in failures:
        where = shown_path((folder if folder.is_dir() else folder.parent).parent / failure.check.path)
        sys.stderr.write(f"{where}{str(failure)[len(failure.check.path):]}\n")
    if failures:
        sys.stderr.write(f"{len(failures)} of {len(kb.checks)} check(s) fail: the files are valid, but the bot "
                         "answers these questions wrongly (fix the knowledge or the check).\n")
        return 1
    out.write(f"{shown_path(folder)}: OK, {kb.summary()}; all {len(kb.checks)} checks pass\n")
    return 0


def cmd_ics(args: argparse.Namespace, out: TextIO, settings: Settings) -> int:
    from talkbot.admin_cli import write_file
    from talkbot.calendar import feed_ics
    from talkbot.knowledge.loader import load_dir

    kb = load_dir(settings.knowledge_dir)
    data = feed_ics(kb)
    if args.out is None:
        out.write(data.decode("utf-8"))
        out.flush()
        return 0
    note = write_file(args.out, data)
    sys.stderr.write(f"{args.out}: {len(kb.talks) + len(kb.events)} events{note}\n")
    return 0


def cmd_run(args: argparse.Namespace, stdin: TextIO, out: TextIO, settings: Settings) -> int:
    if not settings.token and args.require_token:
        # A service must not "succeed" as a console reading an empty stdin: fail so it is noticed.
        sys.stderr.write("talkbot: DISCORD_TOKEN is not set (environment or --env-file); see docs/deploying.md\n")
        return 1
    if not settings.token:
        out.write("No DISCORD_TOKEN set: starting the offline console instead (see README, 'Deploying').\n")
        return cmd_chat(args, stdin, out, settings)
    from talkbot.bot import run_bot

    return run_bot(settings)


def _log_level(name: str) -> str:
    level = name.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"--log-level: unknown log level {name!r} (use DEBUG, INFO, WARNING or ERROR)")
    return level


def _configure_logging(level: str) -> None:
    """Once, in main, for every command: ``--log-level`` before the command, else the default."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _sub_parser(parser: argparse.ArgumentParser, name: str | None) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            return action.choices[name]
    return parser


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    args, extras = parser.parse_known_args(argv)
    if extras:
        # the command's own usage ("talkbot ask --jsn"), not the top-level one
        _sub_parser(parser, args.command).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def _settings(args: argparse.Namespace) -> tuple[Environment, Settings]:
    env = read_environment(args.env_file or getattr(args, "run_env_file", None))
    settings = Settings.from_env(env.values)
    if getattr(args, "knowledge", None) is not None:
        settings = replace(settings, knowledge_dir=from_working_dir(args.knowledge))
    return env, settings


def _dispatch(args: argparse.Namespace, env: Environment, settings: Settings, stdin: TextIO, out: TextIO) -> int:
    if args.command == "ask":
        return cmd_ask(args, stdin, out, settings)
    if args.command == "chat":
        return cmd_chat(args, stdin, out, settings)
    if args.command == "validate":
        return cmd_validate(from_working_dir(args.dir) if args.dir else settings.knowledge_dir, out)
    if args.command == "ics":
        return cmd_ics(args, out, settings)
    if args.command == "run":
        return cmd_run(args, stdin, out, settings)
    from talkbot import admin_cli

    return admin_cli.run(args, settings, out)


def _report_problems(exc: KnowledgeError, folder: Path) -> None:
    # the loader names files from the knowledge folder's parent ("knowledge/talks/x.yaml", as the
    # admin channel shows them); here they must open from where the command was run
    for problem in exc.problems:
        sys.stderr.write(f"{replace(problem, path=shown_path(folder.parent / problem.path))}\n")
    sys.stderr.write(f"{len(exc.problems)} problem(s) found in the knowledge.\n")


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    if stdin is None:
        stdin = sys.stdin
        if hasattr(stdin, "reconfigure"):
            # a stray non-UTF-8 byte in piped questions must neither end the run nor be echoed back raw
            stdin.reconfigure(errors="replace")
    out = out or sys.stdout
    parser = build_parser()
    args = _parse(parser, argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    folder = from_working_dir(getattr(args, "dir", None) or getattr(args, "knowledge", None) or "knowledge")
    try:
        level = _log_level(args.log_level) if args.log_level else None
        if args.command == "doctor":
            _configure_logging(level or "WARNING")
            log.debug("doctor: reading the settings from %s as every command does", Path.cwd())
            from talkbot.doctor import cmd_doctor

            return cmd_doctor(args.env_file, out)
        env, settings = _settings(args)
        if not (getattr(args, "dir", None) or getattr(args, "knowledge", None)):
            folder = settings.knowledge_dir
        # The offline commands print answers: keep their output clean unless asked otherwise;
        # the bot's own log follows TALKBOT_LOG_LEVEL.
        _configure_logging(level or (settings.log_level if args.command == "run" and settings.token else "WARNING"))
        log.debug("settings: %s; knowledge %s; database %s",
                  f"{env.env_file} read" if env.env_file else "no .env read", settings.knowledge_dir,
                  settings.database)
        return _dispatch(args, env, settings, stdin, out)
    except KnowledgeError as exc:
        _report_problems(exc, folder)
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
