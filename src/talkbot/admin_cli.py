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

#: where ``new-talk`` puts a scaffold: beside the knowledge, never in it, because the bot reloads
#: the knowledge folder on every change and a half-filled talk is not something to answer from
DRAFTS_DIR = Path("drafts")


def write_file(path: Path, data: str | bytes) -> str:
    """Write ``path``, creating its folder; a note saying so, or a ``TalkbotError`` naming the file."""
    note = "" if path.parent.is_dir() else f" (created the folder {path.parent})"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise TalkbotError(f"cannot write {path}: {exc.strerror or exc}") from None
    return note


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def add_parsers(sub: argparse._SubParsersAction, knowledge_arg) -> None:
    schema = sub.add_parser("schema", help="write the editors' JSON Schemas and the schema line of every knowledge file")
    schema.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    knowledge_arg(schema)

    new = sub.add_parser("new-talk", help="scaffold a new talk file in drafts/, which the bot does not read, to fill in")
    new.add_argument("--date", type=_date, required=True, help="day of the talk, YYYY-MM-DD")
    new.add_argument("--title", required=True, help="the exact title")
    new.add_argument("--speaker", default="TODO-speaker-id",
                     help="id of a speaker in people.yaml (default: a placeholder the loader refuses until replaced)")
    new.add_argument("-o", "--output", type=Path, default=None,
                     help="file to write (default: drafts/DATE-title.yaml in the working directory, "
                     "which the bot does not read; '-' prints it)")
    knowledge_arg(new)

    draft = sub.add_parser("draft", help="turn the text of a talk or event page into a draft talk file "
                           "(or events.yaml entry) to review")
    draft.add_argument("page", type=Path, help="a text file: the announcement, recap or event page, copied as text")
    draft.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: print it)")
    draft.add_argument("--as", dest="kind", choices=("talk", "event"), default=None,
                       help="draft a talk file or an events.yaml entry (default: read from the page)")
    knowledge_arg(draft)

    gaps = sub.add_parser("gaps", help="questions the bot could not answer well, grouped, most asked first")
    gaps.add_argument("--limit", type=int, default=20, help="how many groups to show (default 20)")
    gaps.add_argument("--dismiss", type=int, default=None, metavar="ID", help="dismiss the group with this #id")
    gaps.add_argument("--suggest", type=int, default=None, metavar="GROUP",
                      help="list the records most likely to answer group #GROUP, with the RECORD to give --link")
    gaps.add_argument("--link", nargs=2, default=None, metavar=("GROUP", "RECORD"),
                      help="add the questions of group #GROUP to RECORD as alternate phrasings (a talk id, "
                      "TALK/SECTION/N for a point, event:ID or term:NAME), validated and kept in the history")
    gaps.add_argument("--confirm", action="store_true",
                      help="with --link: make the change even though it makes checks of checks.yaml fail")
    knowledge_arg(gaps)


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
    if not folder.is_dir():
        raise TalkbotError(f"{folder}: the knowledge folder does not exist (set TALKBOT_KNOWLEDGE or give --knowledge)")
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
    from talkbot.config import from_working_dir
    from talkbot.knowledge.draft import scaffold

    rel, text = scaffold(args.date, args.title, args.speaker)
    if args.output is not None and str(args.output) == "-":
        out.write(text)
        return 0
    path = args.output or from_working_dir(DRAFTS_DIR) / Path(rel).name
    if path.exists():
        raise TalkbotError(f"{path} already exists; choose another title or edit that file")
    note = write_file(path, text)
    out.write(f"created {path}{note}.\n")
    todo = "replace TODO-speaker-id with an id from people.yaml, " if args.speaker == "TODO-speaker-id" else ""
    if args.output is None:
        out.write(
            f"The bot does not read {DRAFTS_DIR}/: fill the file in, {todo}then move it to "
            f"{settings.knowledge_dir / 'talks'}/ and run `talkbot validate`.\n"
        )
    else:
        out.write(f"Fill it in, {todo}then run `talkbot validate`.\n")
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
    text, draft = draft_file(args.page, _people(settings.knowledge_dir), getattr(args, "kind", None))
    for note in draft.reviews:
        sys.stderr.write(f"review: {note}\n")
    if args.output is None:
        out.write(text)
    elif draft.kind == "event":
        note = write_file(args.output, text)
        out.write(f"wrote {args.output}{note}: an event entry; review it, then copy it under `events:` in "
                  f"{settings.knowledge_dir / 'events.yaml'}.\n")
    else:
        note = write_file(args.output, text)
        out.write(f"wrote {args.output}{note}: review it, add the new people to people.yaml, "
                  f"then move it to {settings.knowledge_dir / 'talks'}/.\n")
    return 0


def cmd_gaps(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from talkbot.db import connect
    from talkbot.gaps import GapStore, format_groups

    if not settings.database.is_file():
        # connect() would create an empty database and report "no unanswered questions"
        raise TalkbotError(
            f"no database at {settings.database}: the bot has not run with TALKBOT_DATA={settings.data_dir} "
            "(run `talkbot doctor` to see the settings in use)"
        )
    store = GapStore(connect(settings.database), settings.hash_salt, settings.gaps_retention_days)
    if args.link is not None or args.suggest is not None:
        return _gaps_link(args, settings, store, out)
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



def _gaps_link(args: argparse.Namespace, settings: Settings, gaps, out: TextIO) -> int:
    """``--suggest GROUP`` and ``--link GROUP RECORD``: from a missed question to an answer."""
    from talkbot.errors import ChecksFailed, UploadError
    from talkbot.knowledge import link
    from talkbot.knowledge.checks import failure_lines
    from talkbot.knowledge.report import problem_lines
    from talkbot.knowledge.service import KnowledgeService
    from talkbot.knowledge.store import HISTORY_DIR, KnowledgeStore

    if args.suggest is not None:
        group = gaps.group(args.suggest)
        if group is None:
            raise TalkbotError(f"no open group #{args.suggest} (see `talkbot gaps`)")
        from talkbot.knowledge.loader import load_dir

        found = link.candidates(load_dir(settings.knowledge_dir), gaps.wordings(group))
        out.write(f"#{group.id}: {group.question}\n")
        if not found:
            out.write("No record shares a word with these questions: add the answer to the knowledge first.\n")
        for target in found:
            out.write(f"  {target.ref}\n      {target.label}\n")
        out.write(f"Link one: talkbot gaps --link {group.id} RECORD\n")
        return 0
    try:
        group_id = int(args.link[0].lstrip("#"))
    except ValueError:
        raise TalkbotError(f"--link: '{args.link[0]}' is not a group number (see `talkbot gaps`)") from None
    service = KnowledgeService(settings.knowledge_dir)
    service.load()
    store = KnowledgeStore(service, settings.data_dir / HISTORY_DIR, settings.upload_max_bytes)
    try:
        linked = link.link_group(gaps, store, group_id, args.link[1], by="talkbot gaps --link",
                                 confirm=args.confirm)
    except ChecksFailed as exc:
        raise TalkbotError(f"{exc}\n{failure_lines(exc.failures, 4000)}\n"
                           "Add --confirm to make the change all the same.") from None
    except UploadError as exc:
        # the edited file would not validate: nothing was written
        detail = f"\n{problem_lines(exc.problems)}" if exc.problems else ""
        raise TalkbotError(f"{exc}{detail}") from None
    out.write(link.linked_report(linked) + "\n")
    return 0 if linked.change.result.ok else 1
