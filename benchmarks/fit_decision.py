"""Fit the answer-or-decline model (src/talkbot/answer/decide.py) on labelled questions.

    python benchmarks/fit_decision.py SET.jsonl[=KNOWLEDGE_DIR] ... [--scorer ../shared/eval/score.py]

Every question is answered with the decision switched off (the best retrieved answer is always
given), judged as ../shared/eval/score.py judges it (right, or wrong; an unanswerable question
is always wrong to answer), and a logistic regression of right-or-wrong on the evidence is
fitted. It prints the weights to put in decide.py and how well the fitted probabilities are
calibrated. Fit only on dev sets: a set whose figures are reported as first sight must never
be fitted on.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from talkbot.answer import decide  # noqa: E402
from talkbot.answer.engine import Engine  # noqa: E402
from talkbot.knowledge.loader import load_dir  # noqa: E402

NOW = datetime.fromisoformat("2024-04-20T10:00+02:00")
L2 = 0.1


def load_judge(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module.judge


def samples(sets: list[str], judge) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per route ("retrieve", "field"): the evidence of every answer, and whether it was right."""
    rows: dict[str, list] = {"retrieve": [], "field": []}
    labels: dict[str, list] = {"retrieve": [], "field": []}
    saved = decide.ANSWER_MIN
    decide.ANSWER_MIN = -1.0  # answer everything: the fit needs what would have been said
    try:
        for spec in sets:
            path, _, knowledge = spec.partition("=")
            engine = Engine(load_dir(Path(knowledge) if knowledge else ROOT / "knowledge"))
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                question = json.loads(line)
                reply = engine.answer(question["question"], now=NOW)
                route = reply.decision.get("route")
                if route not in rows:
                    continue
                right, _ = judge(question, reply.to_json())
                rows[route].append(decide.vector(reply.decision["evidence"]))
                labels[route].append(1.0 if right else 0.0)
    finally:
        decide.ANSWER_MIN = saved
    return {route: (np.array(rows[route]), np.array(labels[route])) for route in rows}


def fit(x: np.ndarray, y: np.ndarray, signs: tuple[int, ...]) -> np.ndarray:
    """Logistic regression that keeps the model's signs: a weight fitted against its sign is
    fixed at zero and the others are fitted again."""
    free = np.ones(x.shape[1], dtype=bool)
    while True:
        w = np.zeros(x.shape[1] + 1)
        w[np.append(free, True)] = _fit(x[:, free], y)
        wrong = [i for i, sign in enumerate(signs) if free[i] and sign * w[i] < 0]
        if not wrong:
            return w
        free[wrong] = False


def _fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; the last weight is the bias."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * L2
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", help="SET.jsonl, or SET.jsonl=KNOWLEDGE_DIR for talks added as YAML")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    parser.add_argument("--write", action="store_true", help="put the fitted weights into decide.py")
    args = parser.parse_args()
    found = samples(args.sets, load_judge(args.scorer))
    fitted: dict[str, np.ndarray] = {}
    for route, model, kind in (("retrieve", decide.RETRIEVED, decide.Evidence),
                               ("field", decide.FIELD, decide.FieldEvidence)):
        x, y = found[route]
        if not len(y):
            continue
        w = fitted[route] = fit(x, y, model.signs)
        print(f"\n{route}: {len(y)} answers, {int(y.sum())} right")
        print("    weights=(" + ", ".join(f"{v:.3f}" for v in w[:-1]) + f"), bias={w[-1]:.3f},")
        p = 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))
        print("  probability   answers   right")
        for lo, hi in ((0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)):
            inside = (p >= lo) & (p < hi)
            if inside.any():
                print(f"  {lo:.1f}-{min(hi, 1):.1f}   {inside.sum():9d}   {y[inside].mean():6.1%}")
        for name, weight in zip(decide.names(kind), w, strict=False):
            print(f"    {name:12} {weight:+.3f}")
    if args.write:
        write(fitted)


def write(fitted: dict[str, np.ndarray]) -> None:
    """Replace the weights and bias of each fitted model in decide.py."""
    path = ROOT / "src" / "talkbot" / "answer" / "decide.py"
    text = path.read_text(encoding="utf-8")
    for route, name in (("retrieve", "RETRIEVED"), ("field", "FIELD")):
        if route not in fitted:
            continue
        w = fitted[route]
        weights = "weights=(" + ", ".join(f"{v:.3f}" for v in w[:-1]) + ")"
        text = re.sub(rf"({name} = Model\(\s*)weights=\([^)]*\),\s*bias=[-0-9.]+",
                      rf"\g<1>{weights}, bias={w[-1]:.3f}", text)
    path.write_text(text, encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
