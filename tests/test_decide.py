"""The answer-or-decline model (talkbot.answer.decide): the trees file it reads, the features
it gives them, and the promise that more evidence never lowers the probability."""

from __future__ import annotations

import json
import math
import random
from dataclasses import replace
from importlib import resources

import pytest

from talkbot.answer import decide

NUMBERS = decide.names(decide.Evidence)


def evidence(**given) -> decide.Evidence:
    values = dict.fromkeys(NUMBERS, 0.5)
    values.update(given)
    return decide.Evidence(**values)


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_what_is_asked_becomes_features_and_not_numbers() -> None:
    e = evidence(coverage=0.7, asked=frozenset({"who", "when"}), intent="speakers")
    assert decide.names(decide.Evidence) == NUMBERS and "asked" not in NUMBERS and "intent" not in NUMBERS
    assert len(decide.vector(e)) == len(NUMBERS)
    found = decide.features(e)
    assert found["coverage"] == 0.7
    assert found["asked:who"] == found["asked:when"] == found["intent:speakers"] == 1.0
    assert not any(name.startswith("intent:") and name != "intent:speakers" for name in found)


def test_trees_walk_left_at_or_below_the_threshold() -> None:
    # one stump: coverage <= 0.5 -> -1, else +1; a second tree: asked:who <= 0.5 -> 0, else +2
    model = decide.Trees.load({
        "features": ["coverage", "asked:who"], "baseline": 0.25,
        "trees": [[[0, 0.5, 1, 2, 0], [-1, 0, 0, 0, -1.0], [-1, 0, 0, 0, 1.0]],
                  [[1, 0.5, 1, 2, 0], [-1, 0, 0, 0, 0.0], [-1, 0, 0, 0, 2.0]]],
    })
    assert model.raw(evidence(coverage=0.5)) == pytest.approx(sigmoid(0.25 - 1))
    assert model.raw(evidence(coverage=0.51)) == pytest.approx(sigmoid(0.25 + 1))
    assert model.raw(evidence(coverage=0.9, asked=frozenset({"who"}))) == pytest.approx(sigmoid(0.25 + 1 + 2))
    # a feature the trees never saw ("intent:fact") changes nothing
    assert model.raw(evidence(coverage=0.9, intent="fact")) == pytest.approx(sigmoid(1.25))


def test_the_output_is_the_mean_of_the_regression_and_the_trees() -> None:
    model = decide.Trees.load({"features": ["coverage"], "baseline": 0.0,
                               "trees": [[[-1, 0, 0, 0, 1.0]]], "regression": {"coverage": 2.0, "bias": -1.0}})
    e = evidence(coverage=0.8)
    assert model.boosted(e) == pytest.approx(sigmoid(1.0))
    assert model.raw(e) == pytest.approx((sigmoid(2.0 * 0.8 - 1.0) + sigmoid(1.0)) / 2)


def test_calibration_maps_the_output_to_how_often_it_was_right() -> None:
    model = decide.Trees.load({"features": [], "baseline": 0.0, "trees": [], "calibration": [0.1] * 5 + [0.7] * 5})
    assert model.raw(evidence()) == pytest.approx(0.5)
    assert model.probability(evidence()) == 0.7


def test_the_shipped_trees_are_packaged_and_complete() -> None:
    data = json.loads(resources.files("talkbot.answer").joinpath("data/decision.json").read_text(encoding="utf-8"))
    assert data["features"][:len(NUMBERS)] == list(NUMBERS)
    assert list(data["regression"]) == [*NUMBERS, "bias"]
    assert len(data["trees"]) >= 50 and len(data["calibration"]) == 10
    assert list(data["calibration"]) == sorted(data["calibration"])
    for tree in data["trees"]:
        for feature, _, left, right, _ in tree:
            assert feature == -1 or (0 <= feature < len(data["features"]) and left < len(tree) and right < len(tree))


@pytest.mark.parametrize("name", [n for n, sign in zip(NUMBERS, decide.RETRIEVED_SIGNS, strict=True) if sign])
def test_the_shipped_model_moves_only_the_way_each_sign_says(name: str) -> None:
    """More coverage never makes an answer less likely right; more unknown words never more."""
    sign = decide.RETRIEVED_SIGNS[NUMBERS.index(name)]
    model = decide.trees()
    rng = random.Random(7)
    asked = ["who", "when", "where", "how_many", "money", "list", "says", "define"]
    intents = ["fact", "speakers", "when", "where", "definition", "registration", ""]
    for _ in range(200):
        e = evidence(**{n: rng.random() for n in NUMBERS}, asked=frozenset(rng.sample(asked, 2)),
                     intent=rng.choice(intents))
        low, high = sorted((rng.random(), rng.random()))
        before, after = model.raw(replace(e, **{name: low})), model.raw(replace(e, **{name: high}))
        assert (after - before) * sign >= -1e-12, (name, low, high, before, after)
