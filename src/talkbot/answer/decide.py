"""Answer or decline: a confidence that behaves like a probability of being right.

An answer is described by a few numbers. A retrieved one: how much of the question the best
snippet covers, whether it is the kind of answer asked for, how far it is ahead of the next
candidate, whether it belongs to the person and talk named..., and what the question asks for
(a person, a number, a date; the intent model's reading). A field one (read from a record's
field): how sure the intent model is, and how much of the question the record and the intent
leave unexplained.

A retrieved answer is judged by the mean of a logistic regression over its numbers and
gradient-boosted trees over the numbers and what is asked (``data/decision.json``). The trees
see that the same evidence weighs differently by what is asked (a partial match names the
right person more often than it gives the right number), which one weighted sum cannot
express; the regression keeps what holds everywhere, where the trees have seen few answers
(a question that shares a third of its words with the knowledge, "the best beer in Prague?",
is not answered). Both may only push the probability the way each number's sign says (more
coverage never makes an answer less likely right), so that a small labelled set cannot teach
an accident of its own. A field answer is judged by a logistic regression.

All are fitted on labelled questions (the team's dev and calibration sets, never the
first-sight sets it reports) by ``benchmarks/fit_decision.py``. The bot answers when the
model's output reaches ``ANSWER_MIN``; the confidence it shows is the calibrated one: for a
retrieved answer, how often answers at that output were right on dev sets left out of the fit.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources

#: the bot answers when the model's output is at least this. On each dev set left out of the
#: fit, the mean of the regression and the trees at 0.6 gives as many right answers as the
#: regression alone and about a tenth fewer wrong ones (benchmarks/fit_decision.py prints both)
ANSWER_MIN = 0.6


@dataclass(frozen=True)
class Evidence:
    """What the decision sees of a retrieved answer; every value is roughly in 0..1."""

    coverage: float  # share of the question's word weight the chosen snippets cover
    rest: float  # the same, leaving out the people named: "how OLD is X" is not covered by X's profile
    type_ok: float  # 1 when the best snippet has the kind of answer asked for (a date, a person...)
    score: float  # the best snippet's rescored score
    margin: float  # how far the best candidate is ahead of the second, relative to the best
    person: float  # 1: the person asked about is in it; -1: another person's; 0: no person asked
    talk: float  # 1: it belongs to the talk asked about; 0 otherwise
    unknown: float  # share of the question's weight in words the knowledge never uses
    missed: float  # share of the question's weight in its heaviest word that the answer lacks ("PERU")
    fact: float  # the intent model's probability that a free fact is asked
    terms: float  # how many content words the question has, 1 for five or more
    #: what the question asks for (understand.Question.intent: "who", "how_many", "when"...)
    #: and the intent model's reading ("fact", "speakers"...): not numbers, see features()
    asked: frozenset[str] = field(default=frozenset(), compare=False)
    intent: str = field(default="", compare=False)


@dataclass(frozen=True)
class FieldEvidence:
    """What the decision sees of an answer read from a record's field."""

    intent: float  # the intent model's probability of the intent answered
    margin: float  # its lead over the second intent
    unexplained: float  # share of the question's weight neither the record nor the intent explains


@dataclass(frozen=True)
class Model:
    """A fitted logistic regression over one kind of evidence."""

    weights: tuple[float, ...]
    bias: float
    #: the direction each feature may push the probability (0: either): more coverage never
    #: makes an answer less likely right. The fit keeps these signs, so that a small labelled
    #: set cannot learn an accident of its own.
    signs: tuple[int, ...]

    #: how often answers were right, per tenth of the regression's output (0-0.1, ..., 0.9-1),
    #: never falling as the output rises: the confidence shown is this, so that "0.9" means
    #: right nine times in ten. Empty: the regression's output as it is.
    calibration: tuple[float, ...] = ()

    def raw(self, evidence: Evidence | FieldEvidence) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, vector(evidence), strict=True))
        return _sigmoid(z)

    def probability(self, evidence: Evidence | FieldEvidence) -> float:
        raw = self.raw(evidence)
        if not self.calibration:
            return raw
        return self.calibration[min(int(raw * len(self.calibration)), len(self.calibration) - 1)]


def vector(evidence: Evidence | FieldEvidence) -> tuple[float, ...]:
    """The evidence's numbers (not what is asked)."""
    return tuple(getattr(evidence, name) for name in names(type(evidence)))


def names(kind: type[Evidence] | type[FieldEvidence]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.type in ("float", float))


def features(evidence: Evidence) -> dict[str, float]:
    """Everything the trees may split on: the numbers, and one 0/1 feature per kind of answer
    asked for ("asked:who") and for the intent model's reading ("intent:fact")."""
    found = dict(zip(names(Evidence), vector(evidence), strict=True))
    found.update({f"asked:{kind}": 1.0 for kind in evidence.asked})
    if evidence.intent:
        found[f"intent:{evidence.intent}"] = 1.0
    return found


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Trees:
    """A logistic regression over the evidence's numbers and gradient-boosted trees over
    :func:`features`, as ``benchmarks/fit_decision.py`` writes them; the output is the mean of
    the two. Per tree, its nodes as (feature, threshold, left, right, value): a node with
    feature -1 is a leaf worth its value, any other goes left when the feature is at most the
    threshold."""

    features: tuple[str, ...]
    baseline: float
    trees: tuple[tuple[tuple[int, float, int, int, float], ...], ...]
    #: the regression's weight per number ("coverage": 2.5), and its bias under "bias"
    regression: tuple[tuple[str, float], ...] = ()
    calibration: tuple[float, ...] = ()

    @classmethod
    def load(cls, data: dict) -> Trees:
        return cls(features=tuple(data["features"]), baseline=float(data["baseline"]),
                   trees=tuple(tuple((int(f), float(t), int(lo), int(hi), float(v)) for f, t, lo, hi, v in tree)
                               for tree in data["trees"]),
                   regression=tuple((name, float(w)) for name, w in data.get("regression", {}).items()),
                   calibration=tuple(float(c) for c in data.get("calibration", ())))

    def boosted(self, evidence: Evidence, given: dict[str, float] | None = None) -> float:
        """The trees' probability alone (``given``: the evidence's features, when known)."""
        given = features(evidence) if given is None else given
        x = [given.get(name, 0.0) for name in self.features]
        z = self.baseline
        for nodes in self.trees:
            node = nodes[0]
            while node[0] >= 0:
                node = nodes[node[2] if x[node[0]] <= node[1] else node[3]]
            z += node[4]
        return _sigmoid(z)

    def raw(self, evidence: Evidence) -> float:
        if not self.regression:
            return self.boosted(evidence)
        given = features(evidence)
        linear = _sigmoid(sum(w * (1.0 if name == "bias" else given.get(name, 0.0)) for name, w in self.regression))
        return (linear + self.boosted(evidence, given)) / 2

    def probability(self, evidence: Evidence) -> float:
        raw = self.raw(evidence)
        if not self.calibration:
            return raw
        return self.calibration[min(int(raw * len(self.calibration)), len(self.calibration) - 1)]


@cache
def trees() -> Trees:
    """The fitted trees that judge a retrieved answer (data/decision.json)."""
    text = resources.files("talkbot.answer").joinpath("data/decision.json").read_text(encoding="utf-8")
    return Trees.load(json.loads(text))


#: the direction each number of a retrieved answer's Evidence may push the probability
RETRIEVED_SIGNS = (1, 1, 1, 1, 1, 1, 1, -1, -1, 0, 0)
#: fitted by benchmarks/fit_decision.py on the dev and calibration sets
FIELD = Model(weights=(3.182, 0.748, -7.617), bias=-0.371, signs=(1, 1, -1),
    calibration=(0.500, 0.500, 0.615, 0.615, 0.632, 0.632, 0.632, 0.874, 0.905, 0.973),
)


def _model(evidence: Evidence | FieldEvidence) -> Model | Trees:
    return FIELD if isinstance(evidence, FieldEvidence) else trees()


def probability(evidence: Evidence | FieldEvidence) -> float:
    """The confidence shown with an answer: how often answers like it were right."""
    return _model(evidence).probability(evidence)


def answers(evidence: Evidence | FieldEvidence, least: float | None = None) -> bool:
    """Whether to give the answer: the model's output reaches ``least`` (ANSWER_MIN)."""
    return _model(evidence).raw(evidence) >= (ANSWER_MIN if least is None else least)
