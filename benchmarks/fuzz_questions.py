"""Hostile-question fuzz: thousands of inputs through `talkbot ask --json` (a real subprocess)
and through the cogs' own path (mention stripping, admission, the real engine, rendering,
embeds), counting exceptions, embeds over Discord's limits, pings and links the user typed.

    python benchmarks/fuzz_questions.py                 # 20,000 via the CLI, 5,000 via the cogs
    python benchmarks/fuzz_questions.py --cli 2000 --cogs 500 --seed 3

Exit status 0 when nothing was found. The suite runs a short version
(tests/test_hostile_questions.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import MagicMock

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import discord  # noqa: E402, TID251 - drives the cogs, like the tests

from cogs.discord_mocks import BOT_ID, make_interaction, make_message  # noqa: E402
from fakes import Holder  # noqa: E402
from hostile import embed_problems, generate  # noqa: E402
from talkbot.answer.engine import Engine  # noqa: E402
from talkbot.bot import SORRY, TalkBot  # noqa: E402
from talkbot.config import Settings, default_knowledge_dir  # noqa: E402
from talkbot.feedback import FeedbackStore  # noqa: E402
from talkbot.knowledge.loader import load_dir  # noqa: E402


def run_cli(n: int, seed: int) -> dict:
    questions = [q.replace("\n", " ").replace("\r", " ") for q in generate(n, seed)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "talkbot.cli", "ask", "--json"],
        # Lone surrogates become the invalid UTF-8 bytes a hostile pipe would carry.
        input=("\n".join(questions) + "\n").encode("utf-8", "surrogatepass"),
        capture_output=True,
        cwd=ROOT,
    )
    stdout, stderr = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    lines = stdout.splitlines()
    bad = 0
    for line in lines:
        try:
            json.loads(line)
        except ValueError:
            bad += 1
    return {
        "inputs": n,
        "exit": done.returncode,
        "tracebacks": stderr.count("Traceback"),
        "lines": len(lines),
        "bad_json_lines": bad,
        "seconds": round(time.perf_counter() - started, 1),
    }


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage()[:200])


async def run_cogs(n: int, seed: int) -> dict:
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(token="t", data_dir=Path(tmp), rate_limit_count=10**9)
        store = FeedbackStore.open(settings.database, settings.hash_salt)
        bot = TalkBot(settings, Holder(Engine(load_dir(default_knowledge_dir()))), store)
        bot._connection.user = MagicMock(spec=discord.ClientUser, id=BOT_ID)
        await bot.load_extension("talkbot.cogs.ask")
        cog = bot.get_cog("Ask")
        found: list[tuple[int, list[str]]] = []
        started = time.perf_counter()
        for index, question in enumerate(generate(n, seed + 1)):
            if index % 3 == 0:
                it = make_interaction(bot, user_id=index)
                await cog.ask.callback(cog, it, question=question)
                sent = it.followup.send if it.followup.send.await_count else it.response.send_message
            else:
                message = make_message(f"<@{BOT_ID}> {question}", author_id=index)
                await cog.on_message(message)
                if not message.reply.await_count:
                    continue
                sent = message.reply
            kwargs = sent.await_args.kwargs
            embed = kwargs["embed"].to_dict() if kwargs.get("embed") else {}
            content = kwargs.get("content") or (sent.await_args.args[0] if sent.await_args.args else "")
            view = kwargs.get("view")
            items = [getattr(i, "item", i) for i in view.children] if view else []
            labels = tuple(i.label for i in items if i.label is not None or i.emoji is None)
            problems = embed_problems(embed, content, labels)
            if kwargs["allowed_mentions"].to_dict() not in ({"parse": []}, {"parse": [], "replied_user": False}):
                problems.append("mentions allowed")
            if SORRY in json.dumps(embed) + content:
                problems.append("Sorry")
            if problems:
                found.append((index, problems))
        seconds = time.perf_counter() - started
        store.close()
    logging.getLogger().removeHandler(errors)
    return {
        "inputs": n,
        "exceptions_logged": len(errors.records),
        "bad_messages": len(found),
        "first_bad": found[:5],
        "seconds": round(seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", type=int, default=20_000, help="inputs through talkbot ask --json")
    parser.add_argument("--cogs", type=int, default=5_000, help="inputs through the cogs' path")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    report = {"cli": run_cli(args.cli, args.seed), "cogs": asyncio.run(run_cogs(args.cogs, args.seed))}
    print(json.dumps(report, indent=2))
    cli, cogs = report["cli"], report["cogs"]
    ok = (
        cli["exit"] == 0 and not cli["tracebacks"] and not cli["bad_json_lines"] and cli["lines"] == args.cli
        and not cogs["exceptions_logged"] and not cogs["bad_messages"]
    )  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
