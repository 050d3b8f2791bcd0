#!/usr/bin/env python3
"""Load test on the wire: N questions from M users arrive at once through a fake Discord.

Runs the real bot (real discord.py client, real engine when available) against
``tests/e2e/fake_discord.py`` on loopback, sends every ``/ask`` interaction back to back,
and prints how long each took to be acknowledged (Discord requires it within 3 seconds) and
answered (the follow-up message). Exit status 0 when every question was acknowledged within
3 s and answered, 1 otherwise.

    python benchmarks/load_discord.py [--questions 200] [--users 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from e2e.fake_discord import FAST, FakeDiscord  # noqa: E402
from fakes import FakeEngine, Holder  # noqa: E402
from talkbot.bot import TalkBot  # noqa: E402
from talkbot.config import Settings  # noqa: E402
from talkbot.feedback import FeedbackStore  # noqa: E402
from talkbot.knowledge.loader import load_dir  # noqa: E402

ACK_DEADLINE = 3.0
QUESTIONS = (
    "who presented the I3 instrument?",
    "what is a meta-cluster?",
    "when is the next EU Clusters Talk?",
    "who moderated the meta-cluster talk?",
    "what are the benefits of a meta cluster?",
    "who is Marek Przeor?",
    "what did the cluster conference conclude?",
    "how do I register for a talk?",
)


@dataclass
class LoadResult:
    questions: int
    users: int
    engine: str
    acks: list[float]
    answers: list[float]
    wall: float

    @property
    def all_acknowledged_in_time(self) -> bool:
        return len(self.acks) == self.questions and max(self.acks, default=0) <= ACK_DEADLINE

    @property
    def all_answered(self) -> bool:
        return len(self.answers) == self.questions

    def report(self) -> str:
        def stats(values: list[float]) -> str:
            if not values:
                return "none"
            ordered = sorted(values)
            p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
            return (
                f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                f"max {ordered[-1] * 1000:.0f} ms"
            )

        if self.all_acknowledged_in_time and self.all_answered:
            verdict = f"OK: every question acknowledged within {ACK_DEADLINE:.0f} s and answered"
        else:
            verdict = f"FAIL: not every question was acknowledged within {ACK_DEADLINE:.0f} s and answered"
        return "\n".join(
            [
                f"{self.questions} questions from {self.users} users at once ({self.engine}), "
                f"{self.wall:.2f} s in all",
                f"  acknowledged: {len(self.acks)}/{self.questions}; {stats(self.acks)}",
                f"  answered:     {len(self.answers)}/{self.questions}; {stats(self.answers)}",
                verdict,
            ]
        )


def _engine(kb):
    try:
        from talkbot.answer.engine import Engine
    except ImportError:  # before the engine lands: the contract-following fake
        return FakeEngine(kb), "fake engine"
    return Engine(kb), "real engine"


async def run_load(questions: int = 200, users: int = 50, timeout: float = 60.0) -> LoadResult:
    kb = load_dir(ROOT / "knowledge")
    engine, engine_name = _engine(kb)
    per_user = -(-questions // users)
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(token="fake-token", data_dir=Path(data), rate_limit_count=max(5, per_user))
        fake = FakeDiscord()
        store = FeedbackStore.open(settings.database, settings.hash_salt)
        async with fake.serving():
            bot = TalkBot(settings, Holder(engine), store, **FAST)
            async with fake.running(bot):
                people = [fake.user(900_000_000_000_000_000 + i, f"user{i}") for i in range(users)]
                sent: dict[str, float] = {}  # interaction id -> when it was sent
                tokens: dict[str, str] = {}  # interaction token -> interaction id
                mark = fake.mark()
                started = time.monotonic()

                async def ask(n: int) -> None:
                    at = time.monotonic()
                    payload = await fake.slash(
                        "ask", {"question": QUESTIONS[n % len(QUESTIONS)]}, user=people[n % users]
                    )
                    sent[payload["id"]] = at
                    tokens[payload["token"]] = payload["id"]

                await asyncio.gather(*(ask(n) for n in range(questions)))

                def done() -> bool:
                    return (
                        len(fake.requests_to("POST", "/webhooks/{app_id}/{token}", after=mark)) >= questions
                    )

                deadline = time.monotonic() + timeout
                while not done() and time.monotonic() < deadline:
                    await asyncio.sleep(0.02)
                wall = time.monotonic() - started

                acks = [
                    r.at - sent[r.params["interaction_id"]]
                    for r in fake.requests_to(
                        "POST", "/interactions/{interaction_id}/{token}/callback", after=mark
                    )
                    if r.params["interaction_id"] in sent
                ]
                answers = [
                    r.at - sent[tokens[r.params["token"]]]
                    for r in fake.requests_to("POST", "/webhooks/{app_id}/{token}", after=mark)
                    if r.params["token"] in tokens and r.json.get("embeds")
                ]
        store.close()
    return LoadResult(questions, users, engine_name, acks, answers, wall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    result = asyncio.run(run_load(args.questions, args.users))
    print(result.report())
    return 0 if result.all_acknowledged_in_time and result.all_answered else 1


if __name__ == "__main__":
    sys.exit(main())
