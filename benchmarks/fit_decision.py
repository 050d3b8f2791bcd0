"""Fit the answer-or-decline model (src/talkbot/answer/decide.py) on labelled questions.

    python benchmarks/fit_decision.py [SET ...] [--write] [--scorer ../shared/eval/score.py]

A SET is a questions file on the shipped knowledge, ``FILE.jsonl=KNOWLEDGE_DIR``, or a folder
like ``tests/data/dev_sets/new_talks_a`` (questions.jsonl plus talks and entries added to the
shipped knowledge). Without sets: the dev questions, the holdout set and every dev set in
tests/data/dev_sets. ``--write`` puts the trees into src/talkbot/answer/data/decision.json,
``--write-field`` the field model's weights into decide.py, ``--calibrate-field`` only its
calibration table, measured anew on today's answers with the weights kept. Needs the ``bench`` extra
(scikit-learn).

Every question is answered with the decision switched off (the best answer is always given),
judged as ../shared/eval/score.py judges it (right, or wrong; an unanswerable question is always
wrong to answer). A field answer's right-or-wrong is fitted by a logistic regression; a retrieved
answer's by the mean of a logistic regression and gradient-boosted trees, whose calibration
table comes from predictions on each set made by models fitted on the other sets. In the same
run the script prints how the mean, the trees alone and the regression alone do on those
left-out sets: answers given, right and wrong. Fit only on dev sets: a set whose figures are reported as first sight must never be
fitted on.
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
from test_dev_sets import ASKED_ON  # noqa: E402

NOW = datetime.fromisoformat("2024-04-20T10:00+02:00")
L2 = 0.1


def load_judge(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module.judge


def samples(sets: list[str], judge, route: str) -> tuple[list, np.ndarray, np.ndarray]:
    """The evidence of every answer of a route ("retrieve" or "field"), whether it was right,
    and the number of the set it comes from (for fits that leave one set out).

    The route's decision is switched off: its best answer is always given, as the fit needs
    what would be said. For "retrieve", the field decision stays as the bot has it: retrieval
    sees the questions the bot sends it (those a field answer was not sure enough for, such as
    "where can I get the best beer in Prague?"). For "field", the whole decision is off."""
    rows: list = []
    labels: list[float] = []
    origin: list[int] = []
    saved = decide.ANSWER_MIN, engine_module.NEAR_MISS_MIN, decide.answers
    if route == "field":
        decide.ANSWER_MIN = engine_module.NEAR_MISS_MIN = -1.0
    else:
        decide.answers = lambda evidence, least=None: (isinstance(evidence, decide.Evidence)
                                                        or saved[2](evidence, least))
    try:
        for number, spec in enumerate(sets):
            path, _, knowledge = spec.partition("=")
            if Path(path).is_dir():  # talks added to the shipped knowledge, and questions on them
                knowledge = str(knowledge_with(Path(path), Path(tempfile.mkdtemp()) / "knowledge"))
                path = str(Path(path) / "questions.jsonl")
            engine = Engine(load_dir(Path(knowledge) if knowledge else ROOT / "knowledge"))
            # "next" and "latest" as on the day the set's writer took as today
            now = ASKED_ON.get(Path(spec.partition("=")[0]).stem, NOW)
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                question = json.loads(line)
                reply = engine.answer(question["question"], now=now)
                if reply.decision.get("route") != route or "evidence" not in reply.decision:
                    continue  # a side route (people picked out by their organisation) has no model
                right, _ = judge(question, reply.to_json())
                rows.append(reply.decision["evidence"])
                labels.append(1.0 if right else 0.0)
                origin.append(number)
    finally:
        decide.ANSWER_MIN, engine_module.NEAR_MISS_MIN, decide.answers = saved
    return rows, np.array(labels), np.array(origin)


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
    parser.add_argument("--write", action="store_true", help="write the fitted trees into data/decision.json")
    parser.add_argument("--write-field", action="store_true", help="write the field model's weights into decide.py")
    parser.add_argument("--calibrate-field", action="store_true",
                        help="keep the field model's weights; write only its calibration table, measured anew")
    args = parser.parse_args()
    dev = ROOT / "tests" / "data" / "dev_sets"
    sets = args.sets or [str(ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"),
                         str(ROOT / "tests" / "data" / "holdout_questions.jsonl"),
                         *sorted(str(p) for p in dev.iterdir() if p.suffix == ".jsonl" or p.is_dir())]
    judge = load_judge(args.scorer)
    evidence, y, origin = samples(sets, judge, "field")
    x = np.array([decide.vector(e) for e in evidence])
    w = fit(x, y, decide.FIELD.signs)
    field = (w, calibrate(_logistic(x, w), y))
    print(f"field: {len(y)} answers, {int(y.sum())} right; calibration {field[1]}")
    print("    weights=(" + ", ".join(f"{v:.3f}" for v in w[:-1]) + f"), bias={w[-1]:.3f}")
    kept = np.array([*decide.FIELD.weights, decide.FIELD.bias])
    kept_table = calibrate(_logistic(x, kept), y)  # the weights in decide.py, on today's answers
    print(f"    the weights in decide.py: calibration {kept_table}")
    evidence, y, origin = samples(sets, judge, "retrieve")
    trees = fit_trees(evidence, y, origin)
    if args.write:
        write_trees(trees)
    if args.write_field:
        write_field(field)
    elif args.calibrate_field:
        write_field((kept, kept_table))
    return 0


def _logistic(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def feature_names(evidence: list) -> list[str]:
    """The evidence's numbers, then every kind of answer asked and intent seen, sorted."""
    seen = {name for e in evidence for name in decide.features(e)}
    numbers = list(decide.names(decide.Evidence))
    return numbers + sorted(seen - set(numbers))


def _classifier(signs: list[int]):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(max_depth=3, max_iter=150, learning_rate=0.05, min_samples_leaf=40,
                                          monotonic_cst=signs, early_stopping=False, random_state=0)


def fit_trees(evidence: list, y: np.ndarray, origin: np.ndarray) -> dict:
    """Fit the regression and the trees on every answer; calibrate their mean, and compare it
    with each alone, on predictions made with each set left out."""
    names = feature_names(evidence)
    x = np.array([[e_features.get(n, 0.0) for n in names] for e_features in map(decide.features, evidence)])
    numbers = len(decide.names(decide.Evidence))
    signs = list(decide.RETRIEVED_SIGNS) + [0] * (len(names) - numbers)
    boosted = np.zeros(len(y))
    linear = np.zeros(len(y))
    for number in np.unique(origin):
        out = origin == number
        boosted[out] = _classifier(signs).fit(x[~out], y[~out]).predict_proba(x[out])[:, 1]
        linear[out] = _logistic(x[out, :numbers], fit(x[~out, :numbers], y[~out], decide.RETRIEVED_SIGNS))
    held_out = (boosted + linear) / 2
    print(f"\nretrieve: {len(y)} answers, {int(y.sum())} right; {len(names)} features")
    print("each set's answers judged by models fitted on the other sets (answers given: right / wrong):")
    print("  output at least   mean (the bot's)   trees alone   regression alone")
    for least in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.9):
        cells = [f"{int(y[p >= least].sum()):5d} / {int((1 - y[p >= least]).sum()):4d}"
                 for p in (held_out, boosted, linear)]
        print(f"  {least:15.2f}   {cells[0]:>16}   {cells[1]:>11}   {cells[2]:>16}")
    print(f"  the bot answers at {decide.ANSWER_MIN}")
    shipped = np.array([decide.trees().raw(e) for e in evidence])  # the decision.json in the tree now
    given = shipped >= decide.ANSWER_MIN
    print(f"  the trees in data/decision.json now, at {decide.ANSWER_MIN}: {int(y[given].sum())} / "
          f"{int((1 - y[given]).sum())} (fitted earlier, some of these sets unseen)")
    model = _classifier(signs).fit(x, y)
    exported = export(model, names)
    weights = fit(x[:, :numbers], y, decide.RETRIEVED_SIGNS)
    exported["regression"] = {**{name: round(float(w), 6) for name, w in zip(names, weights[:-1], strict=False)},
                              "bias": round(float(weights[-1]), 6)}
    exported["calibration"] = list(calibrate(held_out, y))
    check = decide.Trees.load(exported)
    mine = np.array([check.boosted(e) for e in evidence])
    theirs = model.predict_proba(x)[:, 1]
    assert np.abs(mine - theirs).max() < 1e-4, "the exported trees do not predict as scikit-learn does"
    print(f"calibration (held-out): {exported['calibration']}")
    return exported


def export(model, names: list[str]) -> dict:
    """The fitted trees as decide.Trees reads them."""
    trees = []
    for (predictor,) in model._predictors:  # one tree per boosting round for a binary target
        nodes = []
        for node in predictor.nodes:
            if node["is_leaf"]:
                nodes.append([-1, 0.0, 0, 0, round(float(node["value"]), 6)])
            else:
                nodes.append([int(node["feature_idx"]), float(node["num_threshold"]),
                              int(node["left"]), int(node["right"]), 0.0])
        trees.append(nodes)
    return {"features": names, "baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def calibrate(p: np.ndarray, y: np.ndarray, bins: int = 10) -> tuple[float, ...]:
    """Per tenth of the model's output: the share of right answers (with one right and one
    wrong answer added, so that a bin of three is not 100%), made non-decreasing by pooling
    adjacent bins that fall (pool adjacent violators)."""
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


def write_trees(trees: dict) -> None:
    data = ROOT / "src" / "talkbot" / "answer" / "data" / "decision.json"
    data.write_text(json.dumps(trees, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"\nwrote {data.relative_to(ROOT)}")


def write_field(field: tuple[np.ndarray, tuple[float, ...]]) -> None:
    """Replace the field model's weights, bias and calibration in decide.py."""
    path = ROOT / "src" / "talkbot" / "answer" / "decide.py"
    text = path.read_text(encoding="utf-8")
    w, table = field
    weights = "weights=(" + ", ".join(f"{v:.3f}" for v in w[:-1]) + ")"
    text = re.sub(r"(FIELD = Model\(\s*)weights=\([^)]*\),\s*bias=[-0-9.]+", rf"\g<1>{weights}, bias={w[-1]:.3f}", text)
    calibration = f"calibration=({', '.join(f'{v:.3f}' for v in table)})"
    text = re.sub(r"(FIELD = Model\((?:[^()]|\([^()]*\))*?signs=\([^)]*\)),?(\s*calibration=\([^)]*\),?)?\s*\)\n",
                  rf"\g<1>,\n    {calibration},\n)\n", text, count=1)
    path.write_text(text, encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
