"""Show how the engine reads a question: intents, the records it names, terms, top candidates,
and the decision (route, evidence, probability).

    python benchmarks/explain.py [--knowledge DIR] "who presented the I3 instrument?"
"""

from __future__ import annotations

import sys

from talkbot.answer import decide
from talkbot.answer.engine import Engine
from talkbot.config import default_knowledge_dir
from talkbot.knowledge.loader import load_dir


def main() -> None:
    args = sys.argv[1:]
    folder = default_knowledge_dir()
    if args[:1] == ["--knowledge"]:
        folder, args = args[1], args[2:]
    engine = Engine(load_dir(folder))
    for question in args:
        q = engine._analyse(question, question, False)
        print(f"Q: {question}\n  foreign={q.foreign} cues={sorted(q.intent)} people={q.people} talks={q.talks}")
        if q.guess and q.slots:
            slots = q.slots
            print("  intents:", [(i, round(p, 2)) for i, p in q.guess.ranked[:3]], f"masked: {engine._masked(q)!r}")
            print(f"  records: talk={slots.talk and slots.talk.id} event={slots.event and slots.event.id} "
                  f"person={slots.person and slots.person.id} term={slots.term and slots.term.term}")
        print("  terms:", {t: round(w * engine._weight(t), 2) for t, w in q.terms.items()})
        for score, s in engine._rank(q)[:6]:
            cov = engine._coverage(q, [s])
            print(f"  {score:.3f} cov={cov:.2f} type={engine._type_ok(q, s):.2f} [{s.kind}] {s.text[:110]}")
        reply = engine.answer(question)
        decision = dict(reply.decision)
        evidence = decision.pop("evidence", None)
        if evidence is not None:
            decision["evidence"] = dict(zip(decide.names(type(evidence)),
                                            (round(v, 2) for v in decide.vector(evidence)), strict=True))
        print(f"  decision: {decision or 'side route'}")
        print(f"  -> answered={reply.answered} conf={reply.confidence}\n")


if __name__ == "__main__":
    main()
