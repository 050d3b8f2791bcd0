"""Fit the answer-or-decline model (src/talkbot/answer/decide.py) on labelled questions.

    python benchmarks/fit_decision.py [SET ...] [--write] [--scorer ../shared/eval/score.py]

A SET is a questions file on the shipped knowledge, ``FILE.jsonl=KNOWLEDGE_DIR``, or a folder
like ``tests/data/dev_sets/new_talks_a`` (questions.jsonl plus talks and entries added to the
shipped knowledge). Without sets: the dev questions, the holdout set and every dev set in
tests/data/dev_sets. ``--write`` puts the weights into decide.py.

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
import tempfile
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import knowledge_with  # noqa: E402
from talkbot.answer import decide  # noqa: E402
from talkbot.answer import engine as engine_module  # noqa: E402
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
    saved = decide.ANSWER_MIN, engine_module.NEAR_MISS_MIN
    decide.ANSWER_MIN = engine_module.NEAR_MISS_MIN = -1.0  # answer everything: the fit needs what would be said
    try:
        for spec in sets:
            path, _, knowledge = spec.partition("=")
            if Path(path).is_dir():  # talks added to the shipped knowledge, and questions on them
                knowledge = str(knowledge_with(Path(path), Path(tempfile.mkdtemp()) / "knowledge"))
                path = str(Path(path) / "questions.jsonl")
            engine = Engine(load_dir(Path(knowledge) if knowledge else ROOT / "knowledge"))
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                question = json.loads(line)
                reply = engine.answer(question["question"], now=NOW)
                route = reply.decision.get("route")
                if route not in rows or "evidence" not in reply.decision:
                    continue  # a side route (people picked out by their organisation) has no regression
                right, _ = judge(question, reply.to_json())
                rows[route].append(decide.vector(reply.decision["evidence"]))
                labels[route].append(1.0 if right else 0.0)
    finally:
        decide.ANSWER_MIN, engine_module.NEAR_MISS_MIN = saved
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
    parser.add_argument("sets", nargs="*", help="SET.jsonl, SET.jsonl=KNOWLEDGE_DIR, or a dev-set folder")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    parser.add_argument("--write", action="store_true", help="put the fitted weights into decide.py")
    args = parser.parse_args()
    dev = ROOT / "tests" / "data" / "dev_sets"
    sets = args.sets or [str(ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"),
                         str(ROOT / "tests" / "data" / "holdout_questions.jsonl"),
                         *sorted(str(p) for p in dev.iterdir() if p.suffix == ".jsonl" or p.is_dir())]
    found = samples(sets, load_judge(args.scorer))
    fitted: dict[str, np.ndarray] = {}
    for route, model, kind in (("retrieve", decide.RETRIEVED, decide.Evidence),
                               ("field", decide.FIELD, decide.FieldEvidence)):
        x, y = found[route]
        if not len(y):
            continue
        w = fit(x, y, model.signs)
        fitted[route] = (w, calibrate(x, y, w))
        print(f"\n{route}: {len(y)} answers, {int(y.sum())} right; calibration {fitted[route][1]}")
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


def calibrate(x: np.ndarray, y: np.ndarray, w: np.ndarray, bins: int = 10) -> tuple[float, ...]:
    """Per tenth of the regression's output: the share of right answers (with one right and
    one wrong answer added, so that a bin of three is not 100%), made non-decreasing by pooling
    adjacent bins that fall (pool adjacent violators)."""
    p = 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))
    index = np.minimum((p * bins).astype(int), bins - 1)
    right = np.bincount(index, weights=y, minlength=bins) + 1.0
    total = np.bincount(index, minlength=bins) + 2.0
    blocks = [[right[i], total[i], 1] for i in range(bins)]  # right, total, bins pooled
    pooled: list[list[float]] = []
    for block in blocks:
        pooled.append(block)
        while len(pooled) > 1 and pooled[-2][0] / pooled[-2][1] > pooled[-1][0] / pooled[-1][1]:
            last = pooled.pop()
            pooled[-1] = [pooled[-1][0] + last[0], pooled[-1][1] + last[1], pooled[-1][2] + last[2]]
    return tuple(round(float(r / t), 3) for r, t, n in pooled for _ in range(int(n)))


def write(fitted: dict[str, tuple[np.ndarray, tuple[float, ...]]]) -> None:
    """Replace the weights, bias and calibration of each fitted model in decide.py."""
    path = ROOT / "src" / "talkbot" / "answer" / "decide.py"
    text = path.read_text(encoding="utf-8")
    for route, name in (("retrieve", "RETRIEVED"), ("field", "FIELD")):
        if route not in fitted:
            continue
        w, table = fitted[route]
        weights = "weights=(" + ", ".join(f"{v:.3f}" for v in w[:-1]) + ")"
        text = re.sub(rf"({name} = Model\(\s*)weights=\([^)]*\),\s*bias=[-0-9.]+",
                      rf"\g<1>{weights}, bias={w[-1]:.3f}", text)
        calibration = f"calibration=({', '.join(f'{v:.3f}' for v in table)})"
        text = re.sub(rf"({name} = Model\((?:[^()]|\([^()]*\))*?signs=\([^)]*\)),?(\s*calibration=\([^)]*\),?)?\s*\)\n",
                      rf"\g<1>,\n    {calibration},\n)\n", text, count=1)
    path.write_text(text, encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
