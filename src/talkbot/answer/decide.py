"""Answer or decline: a confidence that behaves like a probability of being right.

An answer is described by a few numbers. A retrieved one: how much of the question the best
snippet covers, whether it is the kind of answer asked for, how far it is ahead of the next
candidate, whether it belongs to the person and talk named... A field one (read from a
record's field): how sure the intent model is, and how much of the question the record and
the intent leave unexplained. A logistic regression per route turns them into the probability
that the answer is right. The weights are fitted on labelled questions (the team's dev and
calibration sets, never the first-sight sets it reports) by ``benchmarks/fit_decision.py``,
which prints the constants below. The bot answers when the regression's output reaches
``ANSWER_MIN``; the confidence it shows is the calibrated one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

#: the bot answers when the probability of being right is at least this
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
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, evidence: Evidence | FieldEvidence) -> float:
        raw = self.raw(evidence)
        if not self.calibration:
            return raw
        return self.calibration[min(int(raw * len(self.calibration)), len(self.calibration) - 1)]


def vector(evidence: Evidence | FieldEvidence) -> tuple[float, ...]:
    return tuple(getattr(evidence, f.name) for f in fields(evidence))


def names(kind: type[Evidence] | type[FieldEvidence]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


#: fitted by benchmarks/fit_decision.py on the dev and calibration sets
RETRIEVED = Model(
    weights=(2.527, 0.000, 0.946, 2.097, 1.144, 0.000, 0.000, 0.000, 0.000, 0.258, 0.315), bias=-4.179,
    signs=(1, 1, 1, 1, 1, 1, 1, -1, -1, 0, 0),
    calibration=(0.056, 0.258, 0.258, 0.318, 0.318, 0.467, 0.737, 0.812, 0.863, 0.917),
)
FIELD = Model(weights=(3.182, 0.748, -7.617), bias=-0.371, signs=(1, 1, -1),
    calibration=(0.417, 0.417, 0.417, 0.417, 0.417, 0.417, 0.417, 0.820, 0.820, 0.969),
)


def _model(evidence: Evidence | FieldEvidence) -> Model:
    return FIELD if isinstance(evidence, FieldEvidence) else RETRIEVED


def probability(evidence: Evidence | FieldEvidence) -> float:
    """The confidence shown with an answer: how often answers like it were right."""
    return _model(evidence).probability(evidence)


def answers(evidence: Evidence | FieldEvidence, least: float | None = None) -> bool:
    """Whether to give the answer: the regression's output reaches ``least`` (ANSWER_MIN)."""
    return _model(evidence).raw(evidence) >= (ANSWER_MIN if least is None else least)
