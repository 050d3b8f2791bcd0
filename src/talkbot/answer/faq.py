"""Questions the admins wrote into the knowledge, and what answers them.

Any point, talk, event or glossary entry may list ``questions:``: other ways people ask for it
("Is the talk free?" on the point that says registration costs nothing). A member's question
that reads like one of them, give or take a typo and the order of words, is answered with that
record, whatever words the record itself uses: the curators' way to teach the bot a phrasing
it missed (``talkbot gaps`` lists those). See docs/knowledge.md.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from talkbot.answer import structured
from talkbot.answer.reply import Citation
from talkbot.answer.structured import Draft
from talkbot.answer.text import fold
from talkbot.knowledge.models import Event, KnowledgeBase, Point, Section, Series, Talk

#: least similarity (rapidfuzz token_sort_ratio, 0-100) between a member's question and one an
#: admin wrote for it to be answered that way
MATCH_MIN = 88


def _point_draft(point: Point, section: Section, owner: Talk | Series) -> Draft:
    if isinstance(owner, Talk):
        cite = Citation(owner.id, owner.title, owner.date.isoformat(), section.title, point.text[:330])
    else:
        cite = Citation(owner.id, owner.name, "", section.title, point.text[:330])
    return Draft(point.text, (cite,), about=owner)


def _event_draft(event: Event) -> Draft:
    when = structured.when(event, described=False)
    answer = f"{when.answer} {event.description}" if event.description else when.answer
    return Draft(answer, when.citations, about=event)


class Faq:
    """Every ``questions:`` entry of a knowledge base, ready to match."""

    def __init__(self, kb: KnowledgeBase):
        self._drafts: list[Draft] = []
        self._choices: dict[int, str] = {}

        def add(questions: tuple[str, ...], draft: Draft) -> None:
            for question in questions:
                self._choices[len(self._choices)] = utils.default_process(fold(question))
                self._drafts.append(draft)

        for talk in kb.talks:
            if talk.questions:
                add(talk.questions, structured.summary(talk))
            for section in talk.sections:
                for point in section.points:
                    if point.questions:
                        add(point.questions, _point_draft(point, section, talk))
        for series in kb.series:
            for section in series.sections:
                for point in section.points:
                    if point.questions:
                        add(point.questions, _point_draft(point, section, series))
        for event in kb.events:
            if event.questions:
                add(event.questions, _event_draft(event))
        for term in kb.terms:
            if term.questions:
                add(term.questions, structured.definition(term))

    def __len__(self) -> int:
        return len(self._drafts)

    def match(self, question: str) -> tuple[Draft, float] | None:
        """The answer an admin gave to a question like this one, with the similarity (0-1)."""
        if not self._choices:
            return None
        found = process.extractOne(utils.default_process(fold(question)), self._choices,
                                   scorer=fuzz.token_sort_ratio, score_cutoff=MATCH_MIN)
        if found is None:
            return None
        _, score, key = found
        return self._drafts[key], score / 100

