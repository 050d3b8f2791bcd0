"""Shared by the reminder tests: a hand-made knowledge base and a clock moved by hand."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

from talkbot.knowledge.models import Appearance, Event, KnowledgeBase, Person, Schedule, Source, Talk

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def talk(talk_id: str, day: date, title: str = "Meta-clusters in practice") -> Talk:
    return Talk(
        id=talk_id,
        title=title,
        schedule=Schedule(day, start_time=time(8, 30), end_time=time(9, 45), timezone="Europe/Brussels"),
        summary="How clusters join forces in meta-clusters.",
        speakers=(Appearance("jane-doe", "Cluster manager", "Example Cluster"), Appearance("john-roe")),
        format="Online webinar",
        registration="Register on the ECCP page",
        sources=(Source("ECCP page", url="https://example.org/talk"),),
    )


def make_kb() -> KnowledgeBase:
    return KnowledgeBase(
        talks=(
            talk("2026-10-14-past-talk", date(2026, 10, 14), "A past talk"),
            talk("2026-12-09-meta-cluster", date(2026, 12, 9)),
            talk("2027-01-13-i3", date(2027, 1, 13), "The I3 instrument"),
        ),
        people=(Person("jane-doe", "Jane Doe"), Person("john-roe", "John Roe")),
        events=(
            Event(
                id="cluster-conference-2027",
                title="European Cluster Conference 2027",
                kind="conference",
                schedule=Schedule(date(2027, 2, 3), date(2027, 2, 4), timezone="Europe/Brussels"),
                location="Brussels",
                url="https://example.org/conference",
                description="The yearly conference.",
            ),
            Event(
                id="i3-call-deadline",
                title="I3 call deadline",
                kind="deadline",
                schedule=Schedule(date(2026, 12, 1), start_time=time(17, 0), timezone="Europe/Brussels"),
                online=True,
                description="Proposals are due.",
            ),
        ),
    )


async def inline_db(fn, *args, **kwargs):
    """The scheduler's store calls run inline: with a clock moved by hand, no thread to wait for."""
    return fn(*args, **kwargs)


async def settle(rounds: int = 50) -> None:
    """Let every ready task run (no time passes)."""
    for _ in range(rounds):
        await asyncio.sleep(0)


class FakeClock:
    """A clock that only moves when a test says so; sleepers wake when their time is reached."""

    def __init__(self, now: datetime = NOW):
        self._now = now
        self._sleepers: list[tuple[datetime, asyncio.Future]] = []

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        entry = (self._now + timedelta(seconds=seconds), future)
        self._sleepers.append(entry)
        try:
            await future
        finally:
            if entry in self._sleepers:
                self._sleepers.remove(entry)

    @property
    def sleeping(self) -> int:
        return len(self._sleepers)

    async def advance(self, delta: timedelta) -> None:
        self._now += delta
        for deadline, future in list(self._sleepers):
            if deadline <= self._now and not future.done():
                future.set_result(None)
        await settle()

    async def set(self, moment: datetime) -> None:
        await self.advance(moment - self._now)
