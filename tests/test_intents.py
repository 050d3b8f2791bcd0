"""The intent model: its training data, and what it makes of questions worded many ways.

The table's questions are written for this test, not taken from any question set, and the
model never trained on them: they check that a way of asking generalises beyond the examples.
"""

from __future__ import annotations

import pytest

from talkbot.answer.intents import IntentModel, default_model, features, load_data, training_examples

INTENTS = {
    "speakers", "moderator", "person_role", "person_talks", "when", "start_time", "timezone", "duration",
    "where", "title", "agenda", "organiser", "registration", "definition", "summary", "takeaways",
    "recording", "next", "latest", "events_list", "talks_list", "fact", "smalltalk", "help",
}

TABLE = [
    ("which experts were on stage for the skills webinar", "speakers"),
    ("who gave presentations during the talk about batteries", "speakers"),
    ("qui étaient les intervenants du webinaire sur l'hydrogène ?", "speakers"),
    ("who ran the discussion at the mobility session?", "moderator"),
    ("wer hat die Diskussion geleitet?", "moderator"),
    ("what is Anna Kowalski's job", "person_role"),
    ("which organisation does Pieter van Dam work for", "person_role"),
    ("in which webinars has Giulia Rossi appeared?", "person_talks"),
    ("on what day is the textiles talk", "when"),
    ("what date was the textiles talk held on", "when"),
    ("at what time does the agrifood webinar begin?", "start_time"),
    ("a che ora inizia il webinar?", "start_time"),
    ("the times you give, are they CET or UTC?", "timezone"),
    ("how many minutes does the session last", "duration"),
    ("when will the webinar be over?", "duration"),
    ("is the matchmaking in person or virtual?", "where"),
    ("in which town is the cluster summit held", "where"),
    ("what was the exact name of the 3 March talk?", "title"),
    ("what's the running order of the tourism talk", "agenda"),
    ("who is behind these webinars?", "organiser"),
    ("how can I sign up for the next talk?", "registration"),
    ("what does RIS3 stand for", "definition"),
    ("explique-moi ce qu'est un eurocluster", "definition"),
    ("what was the space webinar about?", "summary"),
    ("what were the main lessons from the hydrogen talk?", "takeaways"),
    ("can I watch the defence talk again somewhere?", "recording"),
    ("what's coming up next?", "next"),
    ("which was the most recent talk?", "latest"),
    ("which events did they announce?", "events_list"),
    ("list every talk you know", "talks_list"),
    ("what did Schmidt say about public procurement?", "fact"),
    ("how much funding does the call offer per project?", "fact"),
    ("why do clusters need a legal entity?", "fact"),
    ("thanks a lot, that helped!", "smalltalk"),
    ("what sort of questions can I ask you?", "help"),
]


@pytest.fixture(scope="module")
def model() -> IntentModel:
    return default_model()


def test_every_intent_has_many_examples() -> None:
    data = load_data()
    counts = {intent: len(examples) for intent, examples in data["intents"].items()}
    assert set(counts) == INTENTS | {"offtopic"}
    assert min(counts.values()) >= 100, counts
    assert counts["fact"] >= 400


def test_slots_in_examples_have_fillers() -> None:
    data = load_data()
    for intent, text in training_examples(data):
        assert "{" not in text and "}" not in text, (intent, text)


@pytest.mark.parametrize(("question", "intent"), TABLE, ids=[q for q, _ in TABLE])
def test_intent_of_unseen_wordings(model: IntentModel, question: str, intent: str) -> None:
    guess = model.guess(question)
    assert guess.intent == intent, guess.ranked[:3]


def test_probabilities_are_a_distribution(model: IntentModel) -> None:
    guess = model.guess("who spoke?")
    assert abs(sum(p for _, p in guess.ranked) - 1.0) < 1e-9
    assert guess.ranked == tuple(sorted(guess.ranked, key=lambda pair: -pair[1]))
    assert 0.0 <= guess.margin <= guess.confidence <= 1.0


def test_a_question_of_unknown_words_is_unsure(model: IntentModel) -> None:
    guess = model.guess("zzqx vvbn")
    assert guess.confidence < 0.5


def test_typos_keep_most_features() -> None:
    right, typo = set(features("who are the speakers")), set(features("who are the speakrs"))
    assert len(right & typo) / len(right) > 0.6


def test_typical_words_are_the_ways_of_asking(model: IntentModel) -> None:
    assert "moder" in model.words["moderator"] or "moderat" in model.words["moderator"]
    assert "long" in model.words["duration"]
    assert "long" not in model.words["speakers"]


def test_model_learns_from_its_examples_alone() -> None:
    model = IntentModel([("when", "when is it"), ("when", "what date is it"), ("where", "where is it"),
                         ("where", "which city is it in")])
    assert model.guess("on what date").intent == "when"
    assert model.guess("in which city").intent == "where"


def test_the_world_outside_is_read_apart_and_leaves_the_intents_as_they_were() -> None:
    # examples of questions about the world outside the talks give Guess.outside; the intents'
    # own model is the one their examples alone give
    examples = training_examples(load_data())
    with_outside = IntentModel(examples)
    without = IntentModel([e for e in examples if e[0] != "offtopic"])
    assert "offtopic" not in with_outside.intents
    for question in ("who moderated the hydrogen talk?", "wann beginnt der nächste Talk?", "tell me a joke"):
        assert with_outside.guess(question).ranked == without.guess(question).ranked
    assert with_outside.spread == without.spread and with_outside.words == without.words


@pytest.mark.parametrize("question", ["write a wedding speech for my brother",
                                      "recommend me a good thriller to watch tonight",
                                      "gib mir ein Rezept für Linsensuppe", "what's the wifi code",
                                      "help me write a speech for our anniversary"])
def test_requests_about_the_world_outside_read_as_such(model: IntentModel, question: str) -> None:
    # (the reading is cautious: "what's the population of Norway?" reads as a fact asked)
    assert model.guess(question).outside >= 0.9


@pytest.mark.parametrize("question", ["who spoke at the ceramics talk?", "what is the I3 instrument?",
                                      "how much does the matchmaking cost?", "when is the next talk?"])
def test_questions_about_the_talks_do_not(model: IntentModel, question: str) -> None:
    assert model.guess(question).outside < 0.5
