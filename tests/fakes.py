"""Small stand-ins for collaborators, shared by the cog and end-to-end tests."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from talkbot.answer.reply import Citation, Reply
from talkbot.knowledge.models import KnowledgeBase, Person, Talk

I3_QUESTION = "who presented the I3 instrument?"
SUGGESTIONS = (
    "Who presented the I3 instrument?",
    "What is a meta-cluster?",
    "When is the next EU Clusters Talk?",
)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


class FakeEngine:
    """Follows the engine contract with canned answers: "I3" is answered, the rest is not."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.questions: list[str] = []

    def answer(self, question: str, now: datetime | None = None) -> Reply:
        self.questions.append(question)
        if "i3" in _fold(question):
            answer = "Eric Koch (EISMEA) presented the Interregional Innovation Investments (I3) Instrument."
            citation = Citation(
                talk_id="2024-04-24-meta-cluster",
                title="Innovation through integration: How to create and engage a meta-cluster",
                date="2024-04-24",
                section="Interregional Innovation Investments (I3) Instrument",
                snippet="Eric Koch, Head of Sector for I3 at EISMEA, presented the I3 Instrument.",
            )
            return Reply(
                question=question,
                answered=True,
                text=f"{answer}\n[1] {citation.title} ({citation.date}): {citation.snippet}",
                answer=answer,
                citations=(citation,),
                confidence=0.9,
            )
        if _fold(question).strip(" !?.") in {"hi", "hello", "what can you do"}:
            # the engine's help reply: not an answer, marked as help
            return Reply(question=question, answered=False, text="I answer questions about the EU Clusters Talks.",
                         suggestions=SUGGESTIONS, decision={"route": "help"})
        return Reply(
            question=question,
            answered=False,
            text="Not covered.",
            confidence=0.1,
            suggestions=SUGGESTIONS,
        )

    def search_talks(self, query: str, limit: int = 25) -> list[Talk]:
        talks = sorted(self.kb.talks, key=lambda t: t.schedule.start, reverse=True)
        if query.strip():
            talks = [t for t in talks if _fold(query) in _fold(t.title)]
        return talks[:limit]

    def search_people(self, query: str, limit: int = 25) -> list[Person]:
        people = [p for p in self.kb.people if any(_fold(query) in _fold(n) for n in p.names)]
        return people[:limit]

    def find_talk(self, query: str) -> Talk | None:
        return self.kb.talk(query) or next(iter(self.search_talks(query, 1)), None)

    def find_person(self, query: str) -> Person | None:
        return self.kb.person(query) or next(iter(self.search_people(query, 1)), None)


class Holder:
    """What the bot reads the engine from (the real one is talkbot.knowledge.service)."""

    def __init__(self, engine):
        self.engine = engine


class FakeClock:
    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
