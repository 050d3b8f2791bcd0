"""Text normalisation shared by the index and the questions: fold, tokenise, stem, translate."""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Collection

import pycountry
import snowballstemmer

from talkbot.answer.lexicon import FOREIGN, IRREGULAR, LEXICON, PHRASES, STOPWORDS, SYNONYMS

_SIMPLE = re.compile(r"[a-z0-9]+")
_COMPOUND = re.compile(r"[a-z0-9]+(?:[/.][a-z0-9]+)+")
_IN_WORD_DOT = re.compile(r"\.[a-z0-9]")  # starts with a literal: the regex engine skips to each dot
_STEMMER = snowballstemmer.stemmer("english")
#: dashes and quotes written one way; str.replace per character: str.translate with a dict is
#: slow on long non-ASCII texts (the index folds a megabyte at a time)
_UNIFY = [(c, "-") for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"] + [(c, "'") for c in "\u2018\u2019\u201a\u201b\u2032`´"]
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def clean(text: str) -> str:
    """Drop control and invisible characters, squeeze white space (for display and parsing)."""
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lower-case, strip accents, unify dashes and quotes: 'Šermukšnytė' -> 'sermuksnyte'."""
    if text.isascii():
        return text.lower()  # most of the knowledge: no accent to strip
    for char, plain in _UNIFY:
        if char in text:
            text = text.replace(char, plain)
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = _COMBINING.sub("", text)
    return text.casefold().replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")


def words(text: str) -> list[str]:
    """Folded word tokens; keeps 'i3', '2b', '2021-2027' as '2021', '2027', and '1/2a' both whole
    and as its parts."""
    folded = fold(text).replace("'s ", " ").replace("'", " ")
    out = _SIMPLE.findall(folded)
    if "/" in folded or _IN_WORD_DOT.search(folded):
        out.extend(_COMPOUND.findall(folded))  # "1/2a", "d.2", "2.5"
    return out


_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """Snowball English stem, remembered: the same few thousand words come back all the time."""
    found = _STEMS.get(word)
    if found is None:
        base = IRREGULAR.get(word, word)
        found = base if base.isdigit() or len(base) <= 3 else _STEMMER.stemWord(base)
        if len(_STEMS) < 500_000:
            _STEMS[word] = found
    return found


#: inflected forms the lexicon does not list, read back to the forms it lists (verbs by their
#: infinitive, nouns and adjectives by their singular): (ending, what replaces it), longest first;
#: words are folded (no accents) before they get here
INFLECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "es": (("ieron", "er"), ("ieron", "ir"), ("aron", "ar"), ("aban", "ar"), ("iendo", "er"), ("iendo", "ir"),
           ("ando", "ar"), ("aba", "ar"), ("ado", "ar"), ("ido", "er"), ("ido", "ir"), ("ia", "er"), ("ia", "ir"),
           ("an", "ar"), ("en", "er"), ("en", "ir"), ("es", ""), ("s", ""), ("a", "ar"), ("e", "er"), ("o", "ar")),
    "it": (("avano", "are"), ("ivano", "ire"), ("evano", "ere"), ("ando", "are"), ("endo", "ere"), ("ava", "are"),
           ("iva", "ire"), ("eva", "ere"), ("ato", "are"), ("ata", "are"), ("uto", "ere"), ("ito", "ire"),
           ("ano", "are"), ("ono", "ere"), ("a", "are"), ("e", "ere"), ("i", "o"), ("e", "a"), ("i", "e")),
    "fr": (("aient", "er"), ("ait", "er"), ("ees", "er"), ("ee", "er"), ("es", "er"), ("ent", "er"),
           ("ant", "er"), ("e", "er"), ("es", "e"), ("s", ""), ("x", "")),
    "de": (("test", "en"), ("ten", "en"), ("te", "en"), ("et", "en"), ("st", "en"), ("t", "en"), ("e", "en"),
           ("en", ""), ("n", ""), ("s", ""), ("e", "")),
}


def _lemma(token: str, lang: str) -> str | None:
    """The English of an inflected form whose base form the lexicon of ``lang`` lists, if any."""
    lexicon = LEXICON[lang]
    for ending, base in INFLECTIONS.get(lang, ()):
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            english = lexicon.get(token[: len(token) - len(ending)] + base)
            if english is not None:
                return english
    return None


#: the joints of a German compound between its parts ("Teilnahme|gebuhr", "Gesundheit|s|daten")
_JOINTS = ("", "s", "es", "n", "en", "e")


def _german(word: str) -> str | None:
    lexicon = LEXICON["de"]
    return FOREIGN.get(word) or lexicon.get(word) or (_lemma(word, "de") if len(word) >= 5 else None)


def _compound(token: str) -> str | None:
    """The English of a German compound the lexicon does not list, read as its last part (the
    longest the lexicon knows) after what comes before it: known, or kept as it is when both
    parts have four letters or more ("Sozialwirtschaft" -> "sozial economy", whose
    first word may still match "social")."""
    for cut in range(3, len(token) - 2):
        head = _german(token[cut:])
        if head is None:
            continue
        for joint in _JOINTS:
            if not token[:cut].endswith(joint):
                continue
            stem_ = token[: cut - len(joint)] if joint else token[:cut]
            known = (_german(stem_) or (_compound(stem_) if len(stem_) >= 8 else None)) if len(stem_) >= 3 else None
            if known is not None:
                return f"{known} {head}"
        modifier = token[:cut]
        if len(modifier) >= 4 and len(token) - cut >= 4:
            return f"{modifier} {head}"
    return None


def translate(tokens: list[str], keep: Collection[int] = ()) -> list[str]:
    """Map French, German, Spanish and Italian words to English ones: the hand-made list first,
    then the general lexicon of the question's language (the one that knows most of its words),
    then the others; a form the lexicons do not list by its base form ("participaron"). The
    tokens at the positions in ``keep`` are a name and stay as they are ("Pôle Orbital Sud-Ouest")."""
    langs = sorted(LEXICON, key=lambda lang: -sum(t in LEXICON[lang] for t in tokens))
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i in keep:
            out.append(token)
            continue
        english = FOREIGN.get(token)
        if english is None:
            english = next((LEXICON[lang][token] for lang in langs if token in LEXICON[lang]), None)
        if english is None and len(token) >= 5 and not token.isdigit():
            english = next((e for lang in langs if (e := _lemma(token, lang)) is not None), None)
        if english is None and langs[0] == "de" and len(token) >= 7 and token.isalpha():
            english = _compound(token)
        if english is None:
            out.append(token)
        else:
            out.extend(english.split())
    return out


#: country names that are also other words, first names or cities: German "Island" is Iceland,
#: Mauritius is "Maurice", "Mauricio", "Maurizio", Grenada "Granada" (a Spanish city), Réunion
#: "riunione" (Italian for a meeting)
_COUNTRY_NAMES_KEPT = frozenset({"island", "maurice", "mauricio", "maurizio", "dominique", "dominica", "granada",
                                 "grenade", "salvador", "salomon", "christmas", "riunione", "guadalupe",
                                 "guadalupa"})


def _country_names() -> dict[str, str]:
    """Country names in French, German, Spanish and Italian -> their English ones ("bresil" ->
    "brazil", "pays bas" -> "netherlands"), from the ISO 3166 translations pycountry ships. The
    one-word names join the lexicon of their language (its own entries win); the others are
    returned, their words joined by spaces, to be read whole."""
    several: dict[str, str] = {}
    for lang in LEXICON:
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:  # a pycountry without that language: its words stay as written
            continue
        for country in pycountry.countries:
            for english in {country.name, getattr(country, "common_name", country.name)}:
                # "Korea, Republic of": the name before the comma
                foreign = " ".join(words(catalogue.gettext(english).split(",")[0]))
                plain = " ".join(words(english.split(",")[0]))
                if not foreign or foreign == plain or foreign in _COUNTRY_NAMES_KEPT:
                    continue
                if " " in foreign:
                    several.setdefault(foreign, plain)
                else:
                    LEXICON[lang].setdefault(foreign, plain)
    return several


#: country names of several words ("Pays-Bas", "Estados Unidos"), read before a question is split into words
COUNTRY_PHRASES = _country_names()
_COUNTRY_PHRASE = re.compile(r"\b(" + "|".join(sorted(
    (re.escape(f).replace(r"\ ", r"[\s-]+") for f in COUNTRY_PHRASES), key=len, reverse=True)) + r")\b")


def join_phrases(text: str) -> str:
    """Rewrite multi-word expressions people use into the words the knowledge uses."""
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    # "pays-bas" -> "netherlands", "estados unidos" -> "united states"
    return _COUNTRY_PHRASE.sub(lambda m: COUNTRY_PHRASES.get(" ".join(_SIMPLE.findall(m.group(1))), m.group(1)), text)


def content_terms(text: str, *, foreign: bool = False) -> list[str]:
    """Stemmed content words of ``text`` (stop words removed), in order, with repeats."""
    tokens = words(join_phrases(fold(text)) if foreign else text)
    if foreign:
        tokens = translate(tokens)
    return terms_of_words(tokens)


def terms_of_words(tokens: list[str]) -> list[str]:
    """Stemmed content words of already folded word tokens."""
    get = _STEMS.get
    if "may" not in tokens:
        return [get(t) or stem(t) for t in tokens if t not in STOPWORDS]
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
