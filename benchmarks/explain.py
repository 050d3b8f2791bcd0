"""Show how the engine reads a question: terms, intent, people, talks, top candidates.

    python benchmarks/explain.py [--knowledge DIR] "who presented the I3 instrument?"
"""

from __future__ import annotations

import sys

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
        print(f"Q: {question}\n  foreign={q.foreign} intent={sorted(q.intent)} people={q.people} talks={q.talks}")
        print("  terms:", {t: round(w * engine._weight(t), 2) for t, w in q.terms.items()})
        for score, s in engine._rank(q)[:6]:
            cov = engine._coverage(q, [s])
            print(f"  {score:.3f} cov={cov:.2f} type={engine._type_ok(q, s):.2f} [{s.kind}] {s.text[:110]}")
        reply = engine.answer(question)
        print(f"  -> answered={reply.answered} conf={reply.confidence}\n")


if __name__ == "__main__":
    main()
