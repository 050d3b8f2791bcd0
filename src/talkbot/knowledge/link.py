"""Attach missed questions to the record that answers them, as ``questions:`` in its YAML file.

A curator sees a group of questions in ``talkbot gaps`` or ``/kb gaps`` that the knowledge
answers although the bot missed it. Linking the group to a talk, a point, an event or a
glossary entry adds the group's wordings to that record's ``questions:`` (docs/knowledge.md),
where the answering engine's FAQ stage finds them after the reload.

Records are named by a reference an admin can type:

- ``2024-04-24-meta-cluster``: a talk (answered with its summary);
- ``2024-04-24-meta-cluster/i3-instrument/2``: the 2nd point of a talk's section (the series'
  points the same way: ``eu-clusters-talks/rhythm/1``);
- ``event:european-cluster-conference-2024``: an event;
- ``term:I3``: a glossary entry.

The file is edited as text, so its comments, blank lines and layout stay as the admin wrote
them; only the lines of the ``questions:`` list are added (a point written as a plain string
becomes a ``text:`` mapping). No I/O and no Discord here: the store writes the result through
the same validated path as an upload.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from talkbot.errors import TalkbotError
from talkbot.gaps import GapGroup, GapStore, content_key
from talkbot.knowledge.models import KnowledgeBase, Point, Section, Series, Talk
from talkbot.knowledge.store import Change, KnowledgeStore

#: at most this many wordings are added to a record in one link
MAX_LINKED = 10
#: a question longer than this is no phrasing to match again: it is not added
MAX_QUESTION_CHARS = 300
WRAP = 96


class LinkError(TalkbotError):
    """The record cannot be found or edited; the message says why and what to type instead."""


@dataclass(frozen=True)
class Target:
    """A record that ``questions:`` can be added to."""

    ref: str  # what an admin types: see the module docstring
    kind: str  # talk, point, event, term
    label: str  # a short description for a list or a select
    text: str  # what the record says, for ranking candidates
    path: str  # its file, relative to the knowledge folder
    questions: tuple[str, ...]  # the ones it already has
    steps: tuple[object, ...]  # how to reach its node in the file: keys, list indexes, (key, value) to match


def fold(text: str) -> str:
    """Case, accents and spacing aside: how two spellings of a question or a name compare."""
    plain = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).casefold().split())


def _rel(shown: str) -> str:
    """'knowledge/talks/x.yaml' (as the loader names files) -> 'talks/x.yaml'."""
    parts = PurePosixPath(shown.replace("\\", "/")).parts
    return "/".join(parts[1:]) if len(parts) > 1 else shown


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def _point_targets(owner: Talk | Series, owner_steps: tuple[object, ...], title: str) -> list[Target]:
    out = []
    for s_i, section in enumerate(owner.sections):
        for p_i, point in enumerate(section.points):
            out.append(_point_target(owner, owner_steps, title, s_i, section, p_i, point))
    return out


def _point_target(owner: Talk | Series, owner_steps: tuple[object, ...], title: str, s_i: int, section: Section,
                  p_i: int, point: Point) -> Target:
    return Target(
        ref=f"{owner.id}/{section.id}/{p_i + 1}",
        kind="point",
        label=f"{_short(title, 40)} › {_short(section.title, 30)} #{p_i + 1}: {_short(point.text, 60)}",
        text=f"{title} {section.title} {point.text}",
        path=_rel(owner.path),
        questions=point.questions,
        steps=(*owner_steps, "sections", s_i, "points", p_i),
    )


def targets(kb: KnowledgeBase) -> list[Target]:
    """Every record of ``kb`` that can take ``questions:``."""
    out: list[Target] = []
    for talk in kb.talks:
        out.append(Target(talk.id, "talk", f"Talk: {_short(talk.title, 70)} ({talk.date.isoformat()})",
                          f"{talk.title} {talk.summary} {' '.join(talk.tags)}", _rel(talk.path), talk.questions, ()))
        out.extend(_point_targets(talk, (), talk.title))
    for series in kb.series:
        out.extend(_point_targets(series, ("series", ("id", series.id)), series.name))
    for event in kb.events:
        out.append(Target(f"event:{event.id}", "event", f"Event: {_short(event.title, 80)}",
                          f"{event.title} {' '.join(event.aliases)} {event.description}", _rel(event.path),
                          event.questions, ("events", ("id", event.id))))
    for term in kb.terms:
        out.append(Target(f"term:{term.term}", "term", f"Glossary: {_short(term.term, 80)}",
                          f"{term.term} {term.stands_for} {' '.join(term.aliases)} {term.description}",
                          _rel(term.path), term.questions, ("terms", ("term", term.term))))
    return out


def resolve(kb: KnowledgeBase, ref: str) -> Target:
    """The record ``ref`` names; :class:`LinkError` with what to type when none does."""
    wanted = ref.strip()
    every = targets(kb)
    by_ref = {t.ref: t for t in every}
    found = by_ref.get(wanted) or by_ref.get(f"event:{wanted}")
    if found is None and wanted.lower().startswith("term:"):
        name = fold(wanted[5:])
        found = next((t for t in every if t.kind == "term" and fold(t.ref[5:]) == name), None)
    if found is not None:
        return found
    talk_id, _, rest = wanted.partition("/")
    owner = kb.talk(talk_id) or next((s for s in kb.series if s.id == talk_id), None)
    if owner is not None and rest:
        sections = ", ".join(s.id for s in owner.sections) or "none"
        raise LinkError(f"'{wanted}' is no point of {talk_id}: write {talk_id}/SECTION/N with N counting the "
                        f"section's points from 1 (its sections: {sections})")
    raise LinkError(f"no record '{wanted}': write a talk id, TALK/SECTION/N for a point, event:ID or term:NAME "
                    "(`talkbot gaps --suggest GROUP` lists likely ones)")


# -- ranking the records a group of questions may be about -----------------------------------


class _Indexed:
    """The targets of one knowledge base: their folded names (for typing a record) at once, and
    their content words (for ranking, a few seconds at 1,000 talks) at the first ranking."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.every = targets(kb)
        self.folded = [fold(f"{t.ref} {t.label}") for t in self.every]

    @cached_property
    def docs(self) -> list[frozenset[str]]:
        return [frozenset(content_key(t.text).split()) for t in self.every]

    @cached_property
    def df(self) -> Counter[str]:
        return Counter(w for d in self.docs for w in d)


_last: list[_Indexed] = []  # the targets of the knowledge in use, built once per reload


def _indexed(kb: KnowledgeBase) -> _Indexed:
    if _last and _last[0].kb is kb:
        return _last[0]
    built = _Indexed(kb)
    _last[:] = [built]
    return built


def search(kb: KnowledgeBase, typed: str, limit: int = 25) -> list[Target]:
    """Records whose reference or label holds what was typed (for an autocomplete)."""
    index = _indexed(kb)
    needle = fold(typed)
    found = []
    for target, text in zip(index.every, index.folded, strict=True):
        if needle in text:
            found.append(target)
            if len(found) >= limit:
                break
    return found


def candidates(kb: KnowledgeBase, questions: list[str], limit: int = 10) -> list[Target]:
    """The records whose words best cover ``questions``, best first (words rare in the knowledge
    count more). A suggestion for the curator, who decides."""
    index = _indexed(kb)
    every, docs, df = index.every, index.docs, index.df
    n = len(docs) or 1
    asked = Counter(w for q in questions for w in set(content_key(q).split()))
    if not asked:
        return []
    weights = {w: math.log(1 + n / df[w]) * c for w, c in asked.items() if df.get(w)}
    kind_bonus = {"point": 1.0, "event": 0.98, "term": 0.98, "talk": 0.95}
    scored = []
    for target, words in zip(every, docs, strict=True):
        score = sum(wt for w, wt in weights.items() if w in words)
        if score > 0:
            scored.append((score * kind_bonus[target.kind], target))
    scored.sort(key=lambda st: -st[0])
    return [t for _, t in scored[:limit]]


# -- editing the file ---------------------------------------------------------------------


def new_questions(target: Target, wordings: list[str]) -> list[str]:
    """The wordings worth adding: not already there, not near-duplicates of each other, not too long."""
    seen = {_norm(q) for q in target.questions}
    out = []
    for q in wordings:
        q = " ".join(q.split())
        key = _norm(q)
        if not key or key in seen or len(q) > MAX_QUESTION_CHARS:
            continue
        seen.add(key)
        out.append(q)
    return out[:MAX_LINKED]


def _norm(question: str) -> str:
    return " ".join(re.findall(r"\w+", fold(question)))


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    if "#" not in text and ": " not in text and not text.endswith(":"):
        try:
            if yaml.safe_load(f"- {text}") == [text]:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _node(root: Node, steps: tuple[object, ...]) -> Node:
    node = root
    for step in steps:
        if isinstance(step, tuple):  # the item of a list whose field equals a value
            key, value = step
            if not isinstance(node, SequenceNode):
                raise LinkError("the file does not have the layout the knowledge loaded from it")
            node = next((item for item in node.value if isinstance(item, MappingNode)
                         and any(k.value == key and isinstance(v, ScalarNode) and " ".join(v.value.split()) == value
                                 for k, v in item.value)), None)
        elif isinstance(step, int):
            node = node.value[step] if isinstance(node, SequenceNode) and step < len(node.value) else None
        else:
            node = next((v for k, v in node.value if k.value == step), None) if isinstance(node, MappingNode) else None
        if node is None:
            raise LinkError("the file changed since the knowledge was loaded: reload and try again")
    return node


def _line_end_after(text: str, index: int) -> int:
    """Where to insert lines after a node ending at ``index``: the end of its last line of content."""
    while index > 0 and text[index - 1] in " \t\r\n":
        index -= 1
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _items(questions: list[str], indent: int) -> str:
    return "".join(f"\n{' ' * indent}- {_scalar(q)}" for q in questions)


def add_questions(text: str, target: Target, questions: list[str]) -> str:
    """``text`` (the YAML of ``target.path``) with ``questions`` added to the target's list."""
    if not questions:
        return text
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise LinkError(f"{target.path} does not parse: {exc}") from None
    if root is None:
        raise LinkError(f"{target.path} is empty")
    node = _node(root, target.steps)
    if isinstance(node, ScalarNode):  # a point written as a plain string: make it {text, questions}
        col = node.start_mark.column
        body = node.value.strip()
        if "\n" in body or len(body) + col + 6 <= WRAP:
            value = _scalar(body)
        else:
            lines = textwrap.wrap(" ".join(body.split()), WRAP - col - 2, break_long_words=False, break_on_hyphens=False)
            value = ">-" + "".join(f"\n{' ' * (col + 2)}{line}" for line in lines)
        start, end = node.start_mark.index, _line_end_after(text, node.end_mark.index)
        block = f"text: {value}\n{' ' * col}questions:{_items(questions, col + 2)}"
        return text[:start] + block + text[end:]
    if not isinstance(node, MappingNode) or not node.value:
        raise LinkError(f"{target.ref} in {target.path} is not a record that can take questions")
    for key, value in node.value:
        if key.value != "questions":
            continue
        if not isinstance(value, SequenceNode):
            raise LinkError(f"{target.path}:{key.start_mark.line + 1}: 'questions' is not a list: fix it first")
        if value.flow_style or not value.value:  # [a, b] or []: rewritten whole, as a block list
            col = key.start_mark.column
            old = [item.value for item in value.value if isinstance(item, ScalarNode)]
            start, end = value.start_mark.index, value.end_mark.index
            return text[:start].rstrip(" ") + _items(old + questions, col + 2) + text[end:]
        col = value.start_mark.column
        at = _line_end_after(text, value.value[-1].end_mark.index)
        return text[:at] + _items(questions, col) + text[at:]
    col = node.value[0][0].start_mark.column
    at = _line_end_after(text, node.value[-1][1].end_mark.index)
    return text[:at] + f"\n{' ' * col}questions:{_items(questions, col + 2)}" + text[at:]


# -- a group of gaps, linked --------------------------------------------------------------


@dataclass(frozen=True)
class Linked:
    """The outcome of linking a group of missed questions to a record."""

    group: GapGroup
    target: Target
    added: tuple[str, ...]
    change: Change
    answered: tuple[str, ...]  # the added wordings the reloaded knowledge now answers


def link_group(gaps: GapStore, store: KnowledgeStore, group_id: int, ref: str, by: str = "",
               confirm: bool = False) -> Linked:
    """Add the wordings of gap group ``group_id`` to the record ``ref`` names, through the
    store's validated edit (history, reload), then close the group.

    Raises :class:`LinkError` (no such group or record, nothing new to add) or
    :class:`UploadError` (the edited file would not validate; nothing was written), of which
    :class:`ChecksFailed` when it would break checks of checks.yaml and ``confirm`` is not set.
    """
    group = gaps.group(group_id)
    if group is None:
        raise LinkError(f"no open group #{group_id} (see the list of gaps)")
    kb = store.service.kb
    if kb is None:
        raise LinkError("the knowledge is not loaded: fix it and reload first")
    target = resolve(kb, ref)
    added = new_questions(target, gaps.wordings(group))
    if not added:
        raise LinkError(f"{target.ref} already lists every question of group #{group_id}: dismiss the group instead")
    change = store.edit(target.path, lambda text: add_questions(text, target, added),
                        f"linked gaps #{group_id} to {target.ref}", by, confirm)
    answered: tuple[str, ...] = ()
    if change.result.ok:
        gaps.dismiss(group_id)
        ask = getattr(store.service.engine, "answer", None)
        answered = tuple(q for q in added if ask is not None and ask(q).answered)
    return Linked(group, target, tuple(added), change, answered)


def linked_report(linked: Linked) -> str:
    """One plain-text paragraph for the CLI and the admin cog."""
    n = len(linked.added)
    head = (f"Linked group #{linked.group.id} to {linked.target.ref} ({linked.target.label}): "
            f"{n} question(s) added to {linked.change.path}")
    result = linked.change.result
    if not result.ok:
        return f"{head}, but the reload failed: {result.summary}"
    text = f"{head}; now serving version {result.version}. Answered now: {len(linked.answered)} of {n}."
    if result.failed_checks:
        text += f" {len(result.failed_checks)} check(s) of checks.yaml fail."
    return text

