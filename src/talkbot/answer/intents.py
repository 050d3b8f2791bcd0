"""What a question asks for, learned from examples: a character n-gram naive Bayes model.

The examples live in ``data/intents.yaml``, many phrasings per intent in English, French,
German, Spanish and Italian, terse and formal, with slots in braces (``{talk}``, ``{person}``).
Adding a way of asking is a data edit, not a regex. The slots are filled from ``fillers`` in
the same file (invented names, never the knowledge), so the model learns to look past them.

Features are word stems, word pairs and the 3- to 5-character pieces of the question, so a
typo ("speakrs") still shares most of its pieces with the word it means. The model is a
multinomial naive Bayes over TF-IDF-weighted, length-normalised features (Rennie et al. 2003,
"Tackling the poor assumptions of naive Bayes text classifiers"): training is counting, so it
is built in a fraction of a second at start-up and never goes stale against its data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import cycle, pairwise

import numpy as np
import yaml

from talkbot.answer.lexicon import FAST_SAFE_LOADER
from talkbot.answer.text import fold, stem, words

#: smoothing of the per-intent feature distributions
ALPHA = 0.05
#: softmax temperature that turns naive Bayes scores into probabilities that are not all 0 or 1
TEMPERATURE = 1.0
#: a word is typical of an intent when it is this much likelier (log odds) in its examples
#: than in the others': "moderat" for moderator, "long" for duration
INTENT_WORD_LOG_ODDS = 1.0
#: ...or when at least this share of its examples use it
INTENT_WORD_SHARE = 0.03
#: every example is trained this many times, each with other slot fillers
FILLS = 2
#: examples of questions about the world outside the talks ("what's the capital of Canada?"):
#: not an intent, but what a second reading weighs against all the intents (Guess.outside)
OUTSIDE = "offtopic"
_SLOT = re.compile(r"\{(\w+)\}")


def features(text: str) -> list[str]:
    """Word stems, adjacent word pairs and the 3- to 5-character pieces of the folded words
    (across word boundaries: "who sp" tells a speaker question from "who is")."""
    tokens = words(fold(text).replace("-", ""))  # "line-up", "lineup" and "line up" alike
    out = [f"w:{stem(t)}" for t in tokens]
    out += [f"b:{a} {b}" for a, b in pairwise(tokens)]
    padded = f" {' '.join(tokens)} "
    for n in (3, 4, 5):
        out += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return out


@dataclass(frozen=True)
class Guess:
    """The intents of a question, most likely first, with probabilities that sum to 1."""

    ranked: tuple[tuple[str, float], ...]
    #: the probability that the question is about the world outside the talks ("write me a
    #: poem"), read by a model that also knows OUTSIDE's examples: not one of the intents
    outside: float = 0.0

    @property
    def intent(self) -> str:
        return self.ranked[0][0]

    @property
    def confidence(self) -> float:
        return self.ranked[0][1]

    @property
    def margin(self) -> float:
        """How far the best intent is ahead of the second (Rasa's ambiguity threshold)."""
        return self.ranked[0][1] - (self.ranked[1][1] if len(self.ranked) > 1 else 0.0)

    def blend(self, other: Guess) -> Guess:
        """The mean of two readings of a question (as written, and with its names masked)."""
        if other.ranked == self.ranked:
            return self
        mine, theirs = dict(self.ranked), dict(other.ranked)
        mean = {i: (mine.get(i, 0.0) + theirs.get(i, 0.0)) / 2 for i in mine.keys() | theirs.keys()}
        return Guess(tuple(sorted(mean.items(), key=lambda pair: -pair[1])), (self.outside + other.outside) / 2)

    def p(self, intent: str) -> float:
        return next((p for i, p in self.ranked if i == intent), 0.0)


class IntentModel:
    """Trained once from labelled examples; ``guess`` costs a few dozen dictionary lookups."""

    def __init__(self, examples: Iterable[tuple[str, str]], fillers: dict[str, list[str]] | None = None):
        self.fillers = fillers or {}
        vocab: dict[str, int] = {}
        labels: list[str] = []
        rows: list[np.ndarray] = []
        for intent, text in examples:
            ids = {vocab.setdefault(f, len(vocab)) for f in features(text)}
            if ids:
                labels.append(intent)
                rows.append(np.array(sorted(ids)))
        inside = [n for n, label in enumerate(labels) if label != OUTSIDE]
        if not inside:
            raise ValueError("no training examples")
        # the intents are counted on their own examples and features only, so that the examples of
        # the world outside do not move them; the outside reading weighs those against all of them
        seen = np.zeros(len(vocab), dtype=bool)
        for n in inside:
            seen[rows[n]] = True
        # the intents' features keep their numbers in both readings; those of the world outside only follow
        column = np.where(seen, np.cumsum(seen) - 1, int(seen.sum()) + np.cumsum(~seen) - 1)
        self.vocab = {f: int(column[i]) for f, i in vocab.items() if seen[i]}
        labels_in = [labels[n] for n in inside]
        self.intents, self.idf, self.log_theta, docs = _fit(labels_in, [column[rows[n]] for n in inside], len(self.vocab))
        self._outside = None
        if len(inside) < len(labels):
            # (single precision, and only the extra features' names: a second model over every
            # feature costs a few MB so)
            intents, idf, log_theta, _ = _fit(labels, [column[r] for r in rows], len(vocab))
            extra = {f: int(column[i]) for f, i in vocab.items() if not seen[i]}
            self._outside = (extra, intents, idf.astype(np.float32), log_theta.astype(np.float32))
        labels, vocab = labels_in, self.vocab
        index = {name: i for i, name in enumerate(self.intents)}
        counts = np.bincount([index[label] for label in labels], minlength=len(self.intents))
        # a flat prior: how often the team wrote examples of an intent says nothing about how
        # often members ask it
        self.log_prior = np.full(len(self.intents), -math.log(len(self.intents)))
        self.examples = dict(zip(self.intents, counts.tolist(), strict=True))
        self.words = self._typical_words(docs / np.maximum(counts, 1)[:, None])
        # words people ask every kind of question with ("full", "exactly", "please"): how many
        # intents' examples use each word
        spread = (docs > 0).sum(axis=0)
        filled = {stem(w) for values in self.fillers.values() for v in values for w in words(fold(v))}
        self.spread = {f[2:]: int(spread[i]) for f, i in vocab.items() if f.startswith("w:") and f[2:] not in filled}

    def _typical_words(self, share: np.ndarray) -> dict[str, frozenset[str]]:
        """Per intent, the word stems its examples use far more than the other intents' do, or
        use often: what a question of that intent says to ask it ("how long does it LAST"), as
        opposed to what it asks about."""
        word_ids = [(f[2:], i) for f, i in self.vocab.items() if f.startswith("w:")]
        if not word_ids:
            return {}
        ids = np.array([i for _, i in word_ids])
        logs = self.log_theta[:, ids]
        out = {}
        for c, intent in enumerate(self.intents):
            others = np.delete(logs, c, axis=0)
            rest = np.log(np.exp(others).mean(axis=0))
            typical = (logs[c] - rest >= INTENT_WORD_LOG_ODDS) | (share[c, ids] >= INTENT_WORD_SHARE)
            out[intent] = frozenset(word_ids[j][0] for j in np.flatnonzero(typical))
        return out

    def filler(self, slot: str) -> str:
        """A stand-in for a record's name in a question, as the examples had them."""
        return self.fillers.get(slot, [slot])[0]

    def guess(self, text: str) -> Guess:
        found = features(text)
        ids = sorted({self.vocab[f] for f in found if f in self.vocab})
        if not ids:
            return Guess(tuple((i, 1 / len(self.intents)) for i in self.intents))
        weights = self.idf[ids]
        weights = weights / np.linalg.norm(weights)
        scores = self.log_prior + self.log_theta[:, ids] @ weights
        scores = (scores - scores.max()) * TEMPERATURE
        probs = np.exp(scores)
        probs /= probs.sum()
        order = np.argsort(-probs)
        return Guess(tuple((self.intents[i], float(probs[i])) for i in order), self._outside_p(found))

    def _outside_p(self, found: list[str]) -> float:
        """The outside reading's probability, from the question's features (``features``)."""
        if self._outside is None:
            return 0.0
        extra, intents, idf, log_theta = self._outside
        ids = sorted({i for f in found if (i := self.vocab.get(f, extra.get(f))) is not None})
        if not ids:
            return 0.0
        weights = idf[ids] / np.linalg.norm(idf[ids])
        scores = log_theta[:, ids] @ weights  # flat prior, as for the intents
        probs = np.exp((scores - scores.max()) * TEMPERATURE)
        return float(probs[intents.index(OUTSIDE)] / probs.sum())


def _fit(labels: list[str], rows: list[np.ndarray], n_feats: int) -> tuple:
    """Count a naive Bayes model from each example's intent and feature ids: its intents, the
    features' idf, per intent the log probability of each feature, and per intent how many
    examples have each feature."""
    intents = sorted(set(labels))
    index = {name: i for i, name in enumerate(intents)}
    doc_freq = np.zeros(n_feats)
    for ids in rows:
        doc_freq[ids] += 1
    idf = np.log((1 + len(rows)) / (1 + doc_freq)) + 1.0
    mass = np.zeros((len(intents), n_feats))
    docs = np.zeros((len(intents), n_feats), dtype=np.int32)  # examples with each feature
    for label, ids in zip(labels, rows, strict=True):
        weights = idf[ids]
        mass[index[label], ids] += weights / np.linalg.norm(weights)
        docs[index[label], ids] += 1
    mass += ALPHA
    return intents, idf, np.log(mass / mass.sum(axis=1, keepdims=True)), docs


def expand(template: str, fillers: dict[str, list[str]], pools: dict[str, cycle]) -> str:
    """The example with each ``{slot}`` replaced by the next filler of that slot."""

    def fill(match: re.Match[str]) -> str:
        pool = pools.get(match.group(1))
        if pool is None:
            pool = pools[match.group(1)] = cycle(fillers.get(match.group(1)) or [match.group(1)])
        return next(pool)

    return _SLOT.sub(fill, template)


def training_examples(data: dict) -> list[tuple[str, str]]:
    """(intent, text) pairs: every example, filled ``FILLS`` times with other fillers."""
    fillers = {k: [str(v) for v in vs] for k, vs in (data.get("fillers") or {}).items()}
    pools: dict[str, cycle] = {}
    out = []
    for intent, examples in (data.get("intents") or {}).items():
        for example in examples or ():
            text = str(example)
            copies = FILLS if _SLOT.search(text) else 1
            out += [(intent, expand(text, fillers, pools)) for _ in range(copies)]
    return out


def load_data() -> dict:
    text = resources.files("talkbot.answer").joinpath("data/intents.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=FAST_SAFE_LOADER)


@lru_cache(maxsize=1)
def default_model() -> IntentModel:
    """The model of the shipped examples, trained once per process (reloads of the knowledge
    do not change it)."""
    data = load_data()
    return IntentModel(training_examples(data), {k: [str(v) for v in vs] for k, vs in data.get("fillers", {}).items()})
