"""Retrieval for facts in free text: BM25 candidates from the index, rescored by how much of
the question they cover and whether they hold the kind of answer asked for, and the evidence
the decision (decide.py) weighs."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from dataclasses import replace

from talkbot.answer import decide
from talkbot.answer.index import Snippet
from talkbot.answer.reply import Reply
from talkbot.answer.structured import FROM_NAMES, place_detail, place_gives, places_in
from talkbot.answer.text import content_terms, stem, synonyms
from talkbot.answer.understand import (
    CANDIDATES,
    CONTEXT_CREDIT,
    FREQUENCY,
    LIGHT_FACTOR,
    MAX_CITATIONS,
    OOV_WEIGHT,
    REDUNDANT,
    ROLE_ONLY_KINDS,
    SYNONYM_CREDIT,
    TALK_STEMS,
    Question,
)

#: a question about the talks as a series prefers what the series' own file says
SERIES_BOOST = 2.0
#: a talk picked by a month, or by words of its title in a question that does not say "talk", gives
#: way to another talk's snippet that covers this much of the question (and 0.3 more than that
#: talk's best): "wind" and "port" named a talk on offshore wind and ports, but the pipeline to
#: a port was another talk's
PICKED_TALK_YIELDS = 0.8
#: "what did X say about Y?": what X said must say this much of Y's word weight
ABOUT_SAID_MIN = 0.7


def _jaccard(a: Snippet, b: Snippet) -> float:
    x, y = set(a.body), set(b.body)
    return len(x & y) / len(x | y) if x | y else 1.0


log = logging.getLogger(__name__)


#: count words that name how many items a list has ("the six objectives")
COUNT_WORDS = {w: str(i) for i, w in enumerate("three four five six seven eight nine ten eleven twelve".split(), 3)}


#: "who won ...?" is answered by a snippet that names the award ("... of the Year 2022 is X")
WON = frozenset(stem(w) for w in "won crowned".split())
AWARD_NAMED = re.compile(r"\bof the year\b|\bawards?\b|\bprizes?\b|\bwinners?\b", re.IGNORECASE)


class Retrieval:
    """The retrieval stage of :class:`~talkbot.answer.engine.Engine` (a mixin)."""

    def _match_in(self, term: str, body: Collection[str], context: Collection[str]) -> float:
        if term in body:
            return 1.0
        expansion = self._expansions.get(term)
        if expansion and all(w in body for w in expansion):
            return 1.0  # "ERDF" is in a text that writes "European Regional Development Fund"
        if term in context:
            return CONTEXT_CREDIT
        for syn in synonyms(term):
            if syn in body:
                return SYNONYM_CREDIT
            if syn in context:
                return SYNONYM_CREDIT * CONTEXT_CREDIT
        return 0.0

    def _said_share(self, about: Collection[str], chosen: list[Snippet]) -> float:
        """How much of a topic's word weight the chosen snippets say: "sodium-ion batteries" is
        not answered by what was said about batteries."""
        weights = {t: self._weight(t) for t in about}
        said = sum(w for t, w in weights.items() if any(self._said(t, s.body) for s in chosen))
        return said / (sum(weights.values()) or 1.0)

    def _said(self, term: str, body: Collection[str]) -> bool:
        """Whether a text says a word, a synonym, or a word of its family ("tourism", "touristic")."""
        return self._match_in(term, body, ()) > 0 or (len(term) >= 5 and any(w[:5] == term[:5] for w in body))

    def _match(self, term: str, snippet: Snippet) -> float:
        return self._match_in(term, snippet.body, snippet.context)

    def _weight(self, term: str) -> float:
        idf = self.index.idf.get(term)
        light = term in self._light or (idf is None and len(term) <= 3 and not term.isdigit())
        if idf is None:
            # a word the knowledge never uses: likely what the question is really about
            idf = OOV_WEIGHT * self.index.max_idf
        return idf * LIGHT_FACTOR if light else idf

    def _weights(self, q: Question) -> dict[str, float]:
        """Each question word's weight, computed once per question (rescoring asks it often)."""
        if q.weights is None or q.weights.keys() != q.terms.keys():
            q.weights = {t: self._weight(t) * w for t, w in q.terms.items()}
            if q.foreign:
                # in a foreign question, a word the knowledge never uses is most likely one the
                # lexicon does not translate ("combien", "statt"), not what the question is about
                q.weights = {t: w * (LIGHT_FACTOR if t not in self.index.idf else 1.0) for t, w in q.weights.items()}
        return q.weights

    def _coverage(self, q: Question, snippets: list[Snippet]) -> float:
        weights = self._weights(q)
        # a list snippet counts item by item: its best item, not the sum of all its items
        units = [(item, s.context) for s in snippets for item in s.items] or []
        units += [(s.body, s.context) for s in snippets if not s.items]
        if any(s.items for s in snippets):
            best_item = max(units, key=lambda u: sum(w * self._match_in(t, *u) for t, w in weights.items()))
            units = [best_item] + [(s.body, s.context) for s in snippets if not s.items]
        total = matched = 0.0
        for term, w in weights.items():
            total += w
            matched += w * max((self._match_in(term, *u) for u in units), default=0.0)
        for pid in q.people:
            total += 2.0
            matched += 2.0 if any(pid in s.people for s in snippets) else 0.0
        return matched / total if total else 0.0

    def _lead_share(self, q: Question, s: Snippet) -> float:
        """Share of the question's weight found in the snippet's first words: what it is about."""
        weights = self._weights(q)
        total = sum(weights.values())
        found = sum(w for t, w in weights.items() if t in s.lead)
        return found / total if total else 0.0

    def _lacks_place(self, q: Question, s: Snippet) -> bool:
        """"which city in Germany": an event known only as "in Germany" does not say, nor does a
        snippet that names no other place than that (event lines are made of its fields)."""
        level, _ = place_detail(q.tokens)
        event = s.event or (q.slots.event if q.slots else None)
        if not level or event is None or place_gives(event.location, level):
            return False
        vague = set(content_terms(event.location))
        return bool(s.event or s.kind == "announced" or not (s.body & self._places) - vague)

    @staticmethod
    def _lacks_years(q: Question, s: Snippet) -> bool:
        """"the budget after 2027": a snippet with no year beyond it does not say."""
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", s.text)]
        return any(not any(y > bound if after else y < bound for y in years) for after, bound in q.year_bounds)

    def _type_ok(self, q: Question, s: Snippet) -> float:
        """How well a snippet fits the kind of answer asked for (a date, a person, an amount...)."""
        factor = 1.0
        if "money" in q.intent and not s.has_money:
            factor *= 0.45
        if "how_many" in q.intent and "money" not in q.intent and not s.has_number:
            factor *= 0.5
        if "when" in q.intent and not (s.has_date or s.has_time or s.kind in {"when", "event"}):
            factor *= 0.6
        if "who" in q.intent and not s.people:
            factor *= 0.75  # "whose recommendations": sometimes a group, not a person
        places = self._places | ({"onlin"} if TALK_STEMS & q.terms.keys() else set())
        # a place named in the text answers "where is X based?" unless the question names it
        # itself ("is Energy Cluster Denmark in Copenhagen?": "Denmark" is no answer)
        if "origin" in q.intent:
            if not FROM_NAMES.search(s.text):
                factor *= 0.6  # "which countries were the speakers from?": no "from Galicia, Denmark and Crete"
        elif "where" in q.intent and not (s.body & places or places_in(s.text) - q.terms.keys()):
            factor *= 0.5  # a date is no answer to "in which city"
        if self._lacks_place(q, s):
            factor *= 0.3
        if "says" in q.intent and (s.kind in ROLE_ONLY_KINDS or (q.people and not set(q.people) & set(s.people))):
            factor *= 0.5  # "what did X say": their job title, or someone else's words, is not what they said
        if "how_often" in q.intent and not FREQUENCY.search(s.text):
            factor *= 0.5
        if "how_long" in q.intent and not s.has_duration:
            factor *= 0.5
        if (q.anchor and q.anchor not in q.name_terms and self._match(q.anchor, s) == 0
                and not (q.anchor in WON and s.people and AWARD_NAMED.search(s.text))):
            # "who moderated": a snippet about speakers does not say who moderated ("who WON": one
            # that names the award, "Manager of the Year 2022 is X", says who won it)
            factor *= 0.55
        if q.places and not any(p in s.named or p in s.context for p in q.places):
            factor *= 0.6  # "the Rotterdam matchmaking": an answer about another place is not it
        for names in q.entities:
            # the question names a thing ("Silicon Europe Alliance"): the answer must be about it
            if not any(name <= s.named for name in names):
                factor *= 0.6
        if self._lacks_years(q, s):
            factor *= 0.5  # nothing said about the years asked for
        if q.numbers:
            text_numbers = set(re.findall(r"\d+", s.text)) | {t for t in s.context if t.isdigit()}
            missing = q.numbers - text_numbers
            if missing:
                factor *= 0.5 ** len(missing)
        counted = COUNT_WORDS.keys() & set(q.tokens)
        if counted and "how_many" not in q.intent:
            # "the SIX objectives", "the three pillars": the snippet that counts them is the list asked for
            low = s.text.lower()
            if not any(re.search(rf"\b({w}|{COUNT_WORDS[w]})\b", low) for w in counted):
                factor *= 0.8
        return factor

    def _rescore(self, q: Question, s: Snippet, bm25: float, best_bm25: float) -> float:
        coverage = self._coverage(q, [s])
        score = 0.3 * (bm25 / best_bm25 if best_bm25 else 0) + 0.7 * coverage + 0.1 * self._lead_share(q, s)
        score *= self._type_ok(q, s)
        if q.people and set(q.people) & set(s.people):
            score *= 1.25
            if "profile" in q.intent and s.kind == "person":
                score *= 1.6
        if q.talks:
            talks = self._snippet_talks(s)
            if talks & set(q.talks):
                score *= 1.25
            elif talks:
                score *= 0.6 if q.dated_talks else 0.8
            elif q.dated_talks and s.event:
                score *= 0.85
        if s.kind == "person" and not q.people:
            score *= 0.8
        if "who" in q.intent and s.kind in {"appearance", "agenda", "moderator", "speakers"}:
            score *= 1.1
        if "when" in q.intent and s.kind in {"when", "event"}:
            score *= 1.2
        # where an event or talk is (not where its speakers came from: "origin")
        place_of_item = "where" in q.intent and "origin" not in q.intent
        if place_of_item and s.kind == "event":
            score *= 1.2
        if ("when" in q.intent or place_of_item) and s.kind in {"event", "when"}:
            # the question names this event or talk: prefer it to others that merely share words
            item = s.event or s.talk
            assert item is not None
            score *= 1 + 0.6 * max(len(ts & q.terms.keys()) / len(ts) for ts in self._titles(item) if ts)
            if s.kind == "event" and stem("talk") in q.terms:
                score *= 0.8  # "when did the talk about the conference take place" asks for the talk
        if q.slots is not None and q.slots.series and s.kind == "series":
            score *= SERIES_BOOST  # "what kind of people speak at these talks?": what the series says of itself
        if "list" in q.intent and s.items:
            score *= 1.15
        if "define" in q.intent and s.kind == "term":
            score *= 1.4
        return score

    def _snippet_talks(self, s: Snippet) -> set[str]:
        if s.talk:
            return {s.talk.id}
        if s.kind == "person":
            return {t.id for pid in s.people for t, _ in self.kb.talks_of(pid)}
        return set()

    def _rank(self, q: Question) -> list[tuple[float, Snippet]]:
        query = dict(q.terms)
        for term in q.name_terms:
            query.setdefault(term, 1.0)
        for term, weight in list(q.terms.items()):
            for syn in synonyms(term):
                query.setdefault(syn, weight * SYNONYM_CREDIT * 0.8)
        top = self.index.top(query, q.people, CANDIDATES)
        if not top:
            return []
        best = top[0][1]
        snippets = self.index.snippets
        ranked = [(self._rescore(q, snippets[sid], score, best), snippets[sid]) for sid, score in top]
        ranked.sort(key=lambda pair: (-pair[0], pair[1].id))
        return ranked

    def _retrieve(self, q: Question) -> Reply:
        ranked = self._rank(q)
        wanted = set(q.talks)

        def kept_to(talks: set[str]) -> list[tuple[float, Snippet]]:
            # never answer about one talk with a fact of another: keep that talk's snippets and
            # the ones that belong to no talk (events, glossary) or to its people
            return [(sc, s) for sc, s in ranked if not self._snippet_talks(s) or self._snippet_talks(s) & talks]

        if wanted:
            kept = kept_to(wanted)
            # ...unless a month or a title word picked the talk and another talk's snippet holds the
            # question's words: "how many trainees started the traineeship in Sept 2025?" dates
            # the fact, and "the pipeline to which port?" shares "port" with a title; then that
            # other talk is the one the answer keeps to
            if ((q.month_dated or q.title_picked) and ranked and kept and ranked[0][1] is not kept[0][1]
                    and self._coverage(q, [ranked[0][1]]) >= PICKED_TALK_YIELDS > self._coverage(q, [kept[0][1]]) + 0.3):
                wanted = self._snippet_talks(ranked[0][1])
                kept = kept_to(wanted)
            ranked = kept
        if not ranked:
            return self._decline(q, [])
        best_score, best = ranked[0]
        chosen = [best]
        uncovered = {t for t in q.terms if self._match(t, best) == 0}
        structured = (bool(q.intent & {"when", "where"}) and best.kind in {"when", "event"}) or (
            "profile" in q.intent and best.kind == "person")
        for score, s in ranked[1:]:
            if len(chosen) >= MAX_CITATIONS:
                break
            if score < best_score * 0.55:
                break
            if any(_jaccard(s, c) > REDUNDANT for c in chosen):
                continue
            if wanted and self._snippet_talks(s) and not self._snippet_talks(s) & wanted:
                continue  # never answer about one talk with facts of another
            if wanted and s.event is not None and s.event.announced_in and not set(s.event.announced_in) & wanted:
                continue  # nor with an event of another talk's (that talk's registration deadline)
            adds = {t for t in uncovered if self._match(t, s) > 0}
            # a companion completes the answer with words the best one lacks, or, unless the
            # answer is a plain date or profile, adds another close match
            if adds or (score >= best_score * 0.7 and not structured):
                chosen.append(s)
                uncovered -= adds
        # the best snippet must carry the answer; companions only complete it
        alone = self._coverage(q, [best])
        coverage = alone + 0.5 * (self._coverage(q, chosen) - alone)
        evidence = self._evidence(q, ranked, chosen, coverage)
        log.debug("candidates: %s", [(round(sc, 2), s.kind, s.text[:60]) for sc, s in ranked[:3]])
        confidence = decide.probability(evidence)
        decision = {"route": "retrieve", "evidence": evidence, "intent": q.guess.intent if q.guess else ""}
        # "what did X say at the May talk?": X's job title or place on the programme is not what X said
        only_roles = "says" in q.intent and bool(q.people) and best.kind in ROLE_ONLY_KINDS
        # "what's the meaning of life?": a glossary entry that only uses the word ("quality of life")
        # defines something else
        defines_other = "define" in q.intent and best.kind == "term" and not self._term_named(q, best)
        # "what did X say about the automotive industry?": what they said is about none of it
        # (in the words it said: the talk's context names every sector the talk touched)
        # ...and when a person is named, what they said must say most of it: "sodium-ion batteries"
        # is not what they said about batteries ("who talked about X?" looks for the X said)
        said = self._said_share(q.about, chosen) if q.about else 1.0
        off_topic = said == 0 or (bool(q.people) and said < ABOUT_SAID_MIN)
        if (not decide.answers(evidence) or self._lacks_place(q, best) or self._lacks_years(q, best) or only_roles
                or defines_other or off_topic):
            return replace(self._decline(q, [s for _, s in ranked[:6]], confidence), decision=decision)
        return replace(self._compose(q, chosen, confidence), decision=decision)

    def _term_named(self, q: Question, s: Snippet) -> bool:
        """Whether the question names the glossary entry a snippet defines: a word of its name (the
        text before ':') or of what its abbreviation stands for (the first sentence)."""
        head = s.text.split(": ", 1)[0] if ": " in s.text[:120] else s.text.split(". ", 1)[0]
        return bool(set(content_terms(head)) & (set(q.terms) | set(content_terms(q.folded))))

    def _evidence(self, q: Question, ranked: list[tuple[float, Snippet]], chosen: list[Snippet],
                  coverage: float) -> decide.Evidence:
        best_score, best = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        weights = self._weights(q)
        total = sum(weights.values()) or 1.0
        person = 0.0
        if q.people:
            person = 1.0 if set(q.people) & set(best.people) else -1.0
        matched = {t: max(self._match(t, s) for s in chosen) for t in weights}
        rest = sum(w * matched[t] for t, w in weights.items()) / total
        missed = max((w for t, w in weights.items() if matched[t] == 0), default=0.0) / total
        return decide.Evidence(
            coverage=coverage,
            rest=rest,
            type_ok=self._type_ok(q, best),
            score=min(best_score, 2.0),
            margin=(best_score - second) / best_score if best_score > 0 else 0.0,
            person=person,
            talk=1.0 if q.talks and self._snippet_talks(best) & set(q.talks) else 0.0,
            unknown=sum(w for t, w in weights.items() if t not in self.index.idf) / total,
            missed=missed,
            fact=q.guess.p("fact") if q.guess else 0.0,
            terms=min(len(q.terms), 5) / 5,
            asked=frozenset(q.intent),
            intent=q.guess.intent if q.guess else "",
        )
