"""Text normalisation shared by the index and the questions: fold, tokenise, stem, translate."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from talkbot.answer.lexicon import FOREIGN, PHRASES, STOPWORDS, SYNONYMS

_TOKEN = re.compile(r"[a-z0-9]+(?:[/.][a-z0-9]+)*")
_STEMMER = snowballstemmer.stemmer("english")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`´"), "'")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def clean(text: str) -> str:
    """Drop control and invisible characters, squeeze white space (for display and parsing)."""
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lower-case, strip accents, unify dashes and quotes: 'Šermukšnytė' -> 'sermuksnyte'."""
    text = unicodedata.normalize("NFKD", text.translate(_DASHES).translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")


def words(text: str) -> list[str]:
    """Folded word tokens; keeps 'i3', '2b', '1/2a', '2021-2027' as '2021', '2027'."""
    folded = fold(text).replace("'s ", " ").replace("'", " ")
    out = []
    for token in _TOKEN.findall(folded):
        if "/" in token or "." in token:
            # "1/2a" and "d.2" stay whole and also count as their parts
            out.append(token)
            out.extend(p for p in re.split(r"[/.]", token) if p)
        else:
            out.append(token)
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    return _STEMMER.stemWord(word)


def translate(tokens: list[str]) -> list[str]:
    """Map French, German, Spanish and Italian words to English ones (question words and common terms)."""
    out: list[str] = []
    for token in tokens:
        english = FOREIGN.get(token)
        if english is None:
            out.append(token)
        else:
            out.extend(english.split())
    return out


def join_phrases(text: str) -> str:
    """Rewrite multi-word expressions people use into the words the knowledge uses."""
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    return text


def content_terms(text: str, *, foreign: bool = False) -> list[str]:
    """Stemmed content words of ``text`` (stop words removed), in order, with repeats."""
    tokens = words(join_phrases(fold(text)) if foreign else text)
    if foreign:
        tokens = translate(tokens)
    out = []
    for i, t in enumerate(tokens):
        if t in STOPWORDS:
            # "may" is a month next to a number ("15 May 2024"), a modal verb elsewhere
            near_number = (i and tokens[i - 1].isdigit()) or (i + 1 < len(tokens) and tokens[i + 1].isdigit())
            if not (t == "may" and near_number):
                continue
        out.append(stem(t))
    return out


def synonyms(term: str) -> tuple[str, ...]:
    """Stemmed near-synonyms of a stemmed term (general English, both directions)."""
    return SYNONYMS.get(term, ())
