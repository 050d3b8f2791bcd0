"""Composing replies: the answer first, then 1 to 3 cited sources, nothing said twice; or an
honest "not covered" with questions the bot can answer."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from talkbot.answer.index import Snippet, format_date, format_day, format_when
from talkbot.answer.reply import MAX_REPLY_CHARS, Citation, Reply
from talkbot.answer.understand import SNIPPET_CHARS, Question
from talkbot.knowledge.models import Talk

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def say_once(*texts: str) -> str:
    """The texts joined, each sentence said once (two answers to the parts of one question
    often quote the same snippet)."""
    seen: set[str] = set()
    out = []
    for text in texts:
        for sentence in _SENTENCE_END.split(text.strip()):
            key = " ".join(sentence.split())
            if key and key not in seen:
                seen.add(key)
                out.append(sentence)
    return " ".join(out)


class Composition:
    """The composing stage of :class:`~talkbot.answer.engine.Engine` (a mixin)."""

    def _finish(self, q: Question, answer: str, citations: list[Citation], confidence: float) -> Reply:
        """The reply text within Discord's limits: fewer citations first, then a cut answer."""
        answer += self._status_of(citations, answer)
        note = "(Your question was long, so I read only its beginning.)\n" if q.truncated else ""
        text = self._render(note + answer, citations)
        while len(text) > MAX_REPLY_CHARS and len(citations) > 1:
            citations.pop()
            text = self._render(note + answer, citations)
        if len(text) > MAX_REPLY_CHARS:
            text = text[: MAX_REPLY_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return Reply(q.raw, True, text, answer, tuple(citations), round(confidence, 3))

    def _lead(self, q: Question, best: Snippet) -> str:
        if "profile" in q.intent and best.kind == "person":
            return best.text
        if best.kind == "event" and best.event and q.intent & {"when", "where"}:
            line = self.index.event_line(best.event) + "."
            title = set().union(*self._titles(best.event))
            asked_more = [t for t in q.terms if t not in title and t not in self._light]
            return f"{line} {best.event.description}" if asked_more else line
        if "when" in q.intent and best.kind == "when" and best.talk:
            return f"{best.talk.title}: {format_when(best.talk)}."
        if best.kind == "point" and best.people and "who" in q.intent:
            names = ", ".join(self.index.people[p].name for p in best.people if p in self.index.people)
            return f"{names}: {best.text}"
        if best.kind == "point" and best.people:
            people = [self.index.people[p].name for p in best.people if p in self.index.people]
            # say who said it, unless the text already does ("Eric Koch explained that ...")
            unnamed = [n for n in people if n.split()[-1] not in best.text]
            if unnamed and len(best.people) <= 2:
                return f"{best.text} ({', '.join(people)})"
        return best.text

    def _citation(self, s: Snippet) -> Citation:
        snippet = s.text if len(s.text) <= SNIPPET_CHARS else s.text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        if s.kind == "person" and s.people:
            # a profile is cited from the person's latest talk
            talks = self.kb.talks_of(s.people[0])
            if talks:
                talk = talks[-1][0]
                return Citation(talk.id, talk.title, talk.date.isoformat(), "Speakers", snippet)
        day = s.day.isoformat() if s.day else ""
        return Citation(s.source_id, s.source_title or s.section, day, s.section, snippet)

    def _status_of(self, citations: list[Citation], answer: str) -> str:
        """' (“T”: Postponed: reason.)' for each talk cited that is called off and that the answer
        does not already say so of: a cancelled or postponed talk is never shown as if it were on."""
        talks = dict.fromkeys(self._called_off[c.talk_id] for c in citations if c.talk_id in self._called_off)
        return "".join(f" (“{t.title}”: {t.status_note})" for t in talks if t.status_note not in answer)

    def _compose(self, q: Question, chosen: list[Snippet], confidence: float) -> Reply:
        lead = self._lead(q, chosen[0])
        extra = [s.text for s in chosen[1:] if s.text not in lead]
        citations = [self._citation(s) for s in chosen]
        lead += self._status_of(citations, " ".join([lead, *extra]))
        answer = say_once(lead, *extra)
        note = "(Your question was long, so I read only its beginning.)\n" if q.truncated else ""
        text = self._render(note + answer, citations)
        while len(text) > MAX_REPLY_CHARS and len(citations) > 1:
            citations.pop()
            answer = say_once(lead, *extra[: len(citations) - 1])
            text = self._render(note + answer, citations)
        if len(text) > MAX_REPLY_CHARS:
            text = text[: MAX_REPLY_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return Reply(q.raw, True, text, answer, tuple(citations), round(confidence, 3))

    def _render(self, answer: str, citations: list[Citation]) -> str:
        lines = [answer, "", "Sources:"]
        sources: list[str] = []  # two snippets of one section are one source
        for c in citations:
            # a call closing "in November" is cited by its month, no day made up
            item = self._talks_by_id.get(c.talk_id) or self._events_by_id.get(c.talk_id)
            when = format_day(item) if item is not None else format_date(date.fromisoformat(c.date)) if c.date else ""
            where = " · ".join(x for x in (c.title, when, c.section if c.section != c.title else "") if x)
            if where not in sources:
                sources.append(where)
        lines += [f"[{n}] {where}" for n, where in enumerate(sources, 1)]
        return "\n".join(lines)

    def _decline(self, q: Question, near: list[Snippet], confidence: float = 0.0,
                 why: str = "that is not covered by what I know about the EU Clusters Talks") -> Reply:
        suggestions = self._suggest(q, near)
        text = f"Sorry, {why}."
        if q.truncated:
            text = "Your question was long, so I read only its beginning. " + text
        if suggestions:
            text += " You could ask:\n" + "\n".join(f"• {s}" for s in suggestions)
        return Reply(q.raw, False, text, "", (), round(confidence, 3), tuple(suggestions))

    def _suggest(self, q: Question, near: list[Snippet]) -> list[str]:
        out: list[str] = []
        for s in near:
            candidate = self._question_for(s)
            if candidate and candidate not in out:
                out.append(candidate)
            if len(out) == 3:
                break
        for starter in self._starter_questions():
            if len(out) == 3:
                break
            if starter not in out:
                out.append(starter)
        return out[:3]

    def _question_for(self, s: Snippet) -> str:
        if s.kind == "person" and s.people:
            return f"Who is {self.index.people[s.people[0]].name}?"
        if s.kind == "event" and s.event:
            return f"When is the {s.event.title}?"
        if s.kind == "term":
            return f"What does {s.text.split(' stands for')[0].split(':')[0]} stand for?"
        if s.talk:
            return f"What was the talk \"{s.talk.title}\" about?"
        return ""

    def _starter_questions(self) -> list[str]:
        """Questions to suggest that the knowledge answers: "When is the next talk?" only while a
        talk is to come (after the last one it is not covered), then the latest talk's speakers
        and a glossary abbreviation."""
        if self._starters is None:
            out = []
            if self.kb.talks:
                latest = max(self.kb.talks, key=lambda t: t.schedule.start)
                out.append(f"Who spoke at \"{latest.title}\"?")
            term = next((t for t in self.kb.terms if t.stands_for and t.term.isupper()), None)
            if term:
                out.append(f"What does {term.term} stand for?")
            self._starters = out
        coming = any(isinstance(i, Talk) and not i.called_off for i in self.kb.upcoming(datetime.now(UTC)))
        out = ["When is the next talk?", *self._starters] if coming else list(self._starters)
        return out or ["What can you do?"]  # an empty knowledge folder: what the bot is for
