"""The admins' subcommands of ``talkbot``: schema, new-talk, draft and gaps.

Kept beside ``cli.py`` (which only registers and dispatches them) so the answering commands
and the curation tools can grow without stepping on each other.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from talkbot.config import Settings
from talkbot.errors import TalkbotError

COMMANDS = ("schema", "new-talk", "draft", "gaps")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def add_parsers(sub: argparse._SubParsersAction, knowledge_arg) -> None:
    schema = sub.add_parser("schema", help="write the editors' JSON Schemas and the schema line of every knowledge file")
    schema.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    knowledge_arg(schema)

    new = sub.add_parser("new-talk", help="scaffold a new talk file to fill in")
    new.add_argument("--date", type=_date, required=True, help="day of the talk, YYYY-MM-DD")
    new.add_argument("--title", required=True, help="the exact title")
    new.add_argument("--speaker", default="TODO-speaker-id",
                     help="id of a speaker in people.yaml (default: a placeholder the loader refuses until replaced)")
    new.add_argument("-o", "--output", type=Path, default=None,
                     help="file to write (default: knowledge/talks/DATE-title.yaml; '-' prints it)")
    knowledge_arg(new)

    draft = sub.add_parser("draft", help="turn the text of a talk page into a draft talk file to review")
    draft.add_argument("page", type=Path, help="a text file: the announcement or summary page, copied as text")
    draft.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: print it)")
    knowledge_arg(draft)

    gaps = sub.add_parser("gaps", help="questions the bot could not answer well, grouped, most asked first")
    gaps.add_argument("--limit", type=int, default=20, help="how many groups to show (default 20)")
    gaps.add_argument("--dismiss", type=int, default=None, metavar="ID", help="dismiss the group with this #id")


def run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    if args.command == "schema":
        return cmd_schema(args, settings, out)
    if args.command == "new-talk":
        return cmd_new_talk(args, settings, out)
    if args.command == "draft":
        return cmd_draft(args, settings, out)
    if args.command == "gaps":
        return cmd_gaps(args, settings, out)
    raise AssertionError(args.command)


def cmd_schema(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from talkbot.knowledge import editor_schema as E
    from talkbot.knowledge.store import knowledge_files

    folder = settings.knowledge_dir
    stale: list[str] = []
    for name, text in E.rendered().items():
        path = folder / E.SCHEMA_DIR / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path))
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in knowledge_files(folder):
        text = path.read_text(encoding="utf-8")
        wanted = E.with_header(text, path.relative_to(folder).as_posix())
        if wanted != text:
            stale.append(str(path))
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    verb = "out of date" if args.check else "updated"
    for item in stale:
        out.write(f"{verb}: {item}\n")
    out.write(f"{len(stale)} file(s) {verb}.\n" if stale else "schemas and schema lines are up to date.\n")
    return 1 if stale and args.check else 0


def cmd_new_talk(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from talkbot.knowledge.draft import scaffold

    rel, text = scaffold(args.date, args.title, args.speaker)
    if args.output is not None and str(args.output) == "-":
        out.write(text)
        return 0
    path = args.output or settings.knowledge_dir / rel
    if path.exists():
        raise TalkbotError(f"{path} already exists; choose another title or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    out.write(f"created {path}: fill it in, then run `talkbot validate`.\n")
    if args.speaker == "TODO-speaker-id":
        out.write("The file names no real speaker yet, so the bot ignores it until you replace TODO-speaker-id.\n")
    return 0


def _people(folder: Path) -> list:
    from talkbot.errors import KnowledgeError
    from talkbot.knowledge.loader import load_dir

    try:
        return list(load_dir(folder).people)
    except KnowledgeError:
        return []  # the draft still works; every speaker is then listed as a new person


def cmd_draft(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from talkbot.knowledge.draft import draft_file

    if not args.page.is_file():
        raise TalkbotError(f"no such file: {args.page}")
    text, draft = draft_file(args.page, _people(settings.knowledge_dir))
    for note in draft.reviews:
        sys.stderr.write(f"review: {note}\n")
    if args.output is None:
        out.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        out.write(f"wrote {args.output}: review it, add the new people to people.yaml, then move it to knowledge/talks/.\n")
    return 0


def cmd_gaps(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from talkbot.db import connect
    from talkbot.gaps import GapStore, format_groups

    store = GapStore(connect(settings.database), settings.hash_salt, settings.gaps_retention_days)
    if args.dismiss is not None:
        n = store.dismiss(args.dismiss)
        if not n:
            raise TalkbotError(f"no open group #{args.dismiss} (see `talkbot gaps`)")
        out.write(f"dismissed group #{args.dismiss} ({n} question(s)).\n")
        return 0
    groups = store.groups(limit=max(1, args.limit))
    if not groups:
        out.write("No unanswered questions. \N{PARTY POPPER}\n")
        return 0
    for line in format_groups(groups):
        out.write(line + "\n")
    return 0

