"""Speed and memory of the engine on synthetic knowledge bases, beside a bm25s baseline.

    pip install -e '.[bench]'                          # bm25s, the baseline (once)
    python benchmarks/bench_engine.py                  # 1,000 and 10,000 talks (a few minutes)
    python benchmarks/bench_engine.py --sizes 1000     # one size
    python benchmarks/bench_engine.py --no-bm25s       # the engine alone, without bm25s installed
    python benchmarks/bench_engine.py --profile 10000  # cProfile of the build and of the questions

Each size runs in its own child process pinned to one core, so that ru_maxrss is that size's
peak. A synthetic talk looks like a real one: a moderator and 3-6 speakers drawn from a pool of
a few thousand people, an agenda, key messages, ~8 sections of ~5 points with Zipf-distributed
vocabulary, tags, and events and glossary terms beside the talks. ~300 questions of mixed kinds
(who presented, who moderated, when, a person's words, typos in names, abbreviations, facts,
lists, French and German, "next talk", off-topic) are asked once each, on a cold engine.

The baseline is bm25s (https://github.com/xhluca/bm25s), a well-kept fast BM25 library, over
the very snippets the engine cites. The engine's child process writes the text of every snippet
of ``engine.index.snippets`` (read-only: ``.text``, and ``.source_id`` for the talk it belongs
to) and the questions to a temporary folder; one document per snippet, its text alone, without
the context words (a talk's title and tags, a section's title) that the engine posts beside it.
A second child process, pinned to the same core, loads them, builds a bm25s index (its
``Tokenizer`` with English stop words and the PyStemmer English stemmer the engine also uses,
then ``BM25().index`` with the default Lucene BM25) and asks the same questions, each tokenised
and retrieved (k=3) once. Its ru_maxrss is bm25s's peak with the snippet texts in memory, as the
engine's is with the knowledge in memory.

bm25s runs on its numba backend when numba is installed (``bm25s[core]``, which the bench
extra installs and bm25s's README calls highly recommended), else on numpy; the table names the
backend, and ``--bm25s-backend numpy`` forces the other one. The numba backend compiles its
functions in the build and at the first retrieve, so one retrieve on the first snippet's text
runs before the questions and its time is printed on its own line. On numpy the time per
question is mostly ``np.argpartition`` over a score array that is zero for nearly every
snippet, which numpy 2.4 takes ~7 ms at 59k and ~90 ms at 576k snippets to partition (against
~0.4 and ~5 ms for random scores): the numba backend is the fair baseline.

"Expected talk cited" counts, among the questions aimed at one talk, those whose answer cites
that talk: for the engine any of its 1-3 citations (a declined question cites nothing), for
bm25s its first document and, measured like the engine's up-to-3 citations, any of its top 3.
bm25s only ranks snippets and never declines; the engine also reads the question and composes
the reply, so the two times do not measure the same work.

A naive rapidfuzz WRatio scan of every snippet, the first comparison this script made, is a
footnote printed last (``--naive-questions``, 5 by default, 15 s a question at 10,000 talks).

Targets at 10,000 talks: p99 < 20 ms per question, index build < 10 s, peak memory < 500 MB;
one-shot ``talkbot ask`` on the shipped knowledge < 1 s.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import io
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

from talkbot.answer.engine import Engine
from talkbot.knowledge.loader import load_dir
from talkbot.knowledge.models import (
    AgendaItem,
    Appearance,
    Event,
    KnowledgeBase,
    Person,
    Point,
    Schedule,
    Section,
    Series,
    Source,
    Talk,
    Term,
)

ROOT = Path(__file__).resolve().parents[1]
TARGET_P99_MS = 20.0
TARGET_BUILD_S = 10.0
TARGET_MB = 500.0
TARGET_ONE_SHOT_S = 1.0
BM25S_INSTALL = ("bm25s, the baseline this benchmark compares the engine with, is not installed: run\n"
                 "    pip install -e '.[bench]'    (or: pip install bm25s)\n"
                 "or pass --no-bm25s to measure the engine alone.")

# -- a synthetic knowledge base -------------------------------------------------------------

DOMAIN = """
cluster clusters innovation funding investment regional region regions european network networks sme smes
industry industrial policy policies digital green transition resilience supply chain chains value members
member partnership partnerships strategy strategic ecosystem ecosystems market markets research university
universities startup startups technology technologies skills training talent export internationalisation
competitiveness sustainability energy hydrogen battery batteries automotive aerospace textile textiles food
agrifood health pharmaceutical biotech tourism creative cultural maritime logistics construction circular
manufacturing robotics semiconductor electronics software data platform platforms call calls grant grants
budget million euro projects project pilot demonstration testbed infrastructure governance legal entity
association members board management cooperation collaboration interregional crossborder matchmaking event
conference webinar workshop roadmap action plan objectives objective benefit benefits challenge challenges
""".split()
STOP = "the a of to and in for on with by from that this is are was were as at its their which".split()
ROLES = ["Cluster Manager", "Project Manager", "Head of Unit", "Policy Officer", "CEO", "President",
         "Secretary General", "Network Manager", "Director", "Innovation Adviser", "Team Leader"]
ZONES = ["Europe/Brussels", "Europe/Brussels", "Europe/Brussels", "Europe/Paris", "Europe/Berlin", "Europe/Madrid"]
OFF_TOPIC = ["what's the weather in Paris tomorrow?", "who won the world cup in 2018?", "recipe for lasagna",
             "what is the price of bitcoin?", "how tall is the Eiffel tower?", "tell me a joke about cats"]


def _syllable_words(rng: random.Random, n: int) -> list[str]:
    onsets = "b c d f g h k l m n p r s t v z br cl dr fl gr pl st tr sk sp".split()
    vowels = "a e i o u ai ea io ou".split()
    codas = ["", "", "n", "r", "s", "l", "t", "m", "x", "nd", "rt"]
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                        for _ in range(rng.randint(2, 4))))
    return sorted(out)


@dataclass
class Synthetic:
    kb: KnowledgeBase
    surnames: dict[str, str] = field(default_factory=dict)


class Words:
    """Zipf-distributed vocabulary: common domain words plus a long tail of rarer words."""

    def __init__(self, rng: random.Random, size: int):
        self.rng = rng
        tail = _syllable_words(rng, size)
        self.vocab = DOMAIN + tail
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(self.vocab))]
        total, self.cum = 0.0, []
        for w in weights:
            total += w
            self.cum.append(total)

    def pick(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def sentence(self, lo: int = 14, hi: int = 30) -> str:
        words = self.pick(self.rng.randint(lo, hi))
        for i in range(2, len(words), 4):
            words.insert(i, self.rng.choice(STOP))
        return (" ".join(words).capitalize()) + "."


def synthetic_kb(n_talks: int, seed: int = 7) -> Synthetic:
    rng = random.Random(seed)
    words = Words(rng, 20_000)
    n_people = 1_500 if n_talks <= 1_000 else 4_000
    first = _syllable_words(rng, 600)
    last = _syllable_words(rng, 3_000)
    people, surnames = [], {}
    for i in range(n_people):
        name = f"{rng.choice(first).capitalize()} {rng.choice(last).capitalize()}"
        pid = f"p{i}-" + name.lower().replace(" ", "-")
        people.append(Person(pid, name))
        surnames[pid] = name.split()[-1]
    talks = []
    start = date(2015, 1, 7)
    for n in range(n_talks):
        day = start + timedelta(days=7 * n // 3 + rng.randint(0, 2))
        zone = rng.choice(ZONES)
        chosen = rng.sample(people, rng.randint(4, 7))
        moderator, speakers = chosen[0], chosen[1:]

        def appearance(p: Person, part: str = "") -> Appearance:
            org = " ".join(words.pick(2)).title() + " " + rng.choice(["Cluster", "Network", "Alliance", "Agency"])
            return Appearance(p.id, rng.choice(ROLES), org, part)

        title_words = words.pick(rng.randint(4, 7))
        title = " ".join(title_words).capitalize() + ": " + " ".join(words.pick(3))
        sections = []
        for s in range(rng.randint(6, 10)):
            who = rng.sample(speakers, rng.randint(1, min(2, len(speakers))))
            points = []
            for _ in range(rng.randint(3, 7)):
                by = tuple(p.id for p in rng.sample(who, 1)) if rng.random() < 0.7 else ()
                text = words.sentence()
                if by:
                    text = f"{surnames[by[0]]} said that {text[0].lower()}{text[1:]}"
                if rng.random() < 0.15:
                    text += f" The budget is {rng.randint(2, 900)} million EUR over {rng.randint(2, 7)} years."
                points.append(Point(text, by))
            sections.append(Section(f"s{s}", " ".join(words.pick(3)).capitalize(), tuple(points),
                                    tuple(p.id for p in who)))
        agenda = tuple(AgendaItem(" ".join(words.pick(4)).capitalize(), (p.id,)) for p in speakers[:3])
        talks.append(Talk(
            id=f"{day.isoformat()}-t{n}",
            title=title,
            schedule=Schedule(day, None, clock(8, 30), clock(9, 45), zone),
            summary=" ".join(words.sentence() for _ in range(3)),
            speakers=tuple(appearance(p, " ".join(words.pick(3)).capitalize()) for p in speakers),
            moderators=(appearance(moderator, "Moderation"),),
            agenda=agenda,
            key_messages=tuple(words.sentence() for _ in range(3)),
            sections=tuple(sections),
            organiser="European Cluster Collaboration Platform",
            format="Online webinar",
            registration=words.sentence(),
            recording="The recording is on the talk page." if rng.random() < 0.5 else "",
            tags=tuple(words.pick(5)),
            sources=(Source("Announcement page"),),
            path=f"knowledge/talks/t{n}.yaml",
        ))
    events = []
    for n in range(max(10, n_talks // 10)):
        day = start + timedelta(days=rng.randint(0, 7 * n_talks // 3))
        events.append(Event(f"e{n}", " ".join(words.pick(3)).title() + " Conference", "conference",
                            Schedule(day, day + timedelta(days=rng.randint(0, 2))),
                            words.sentence(), location=rng.choice(["Brussels", "Graz", "Prague", "Online"]),
                            announced_in=(rng.choice(talks).id,)))
    terms, seen = [], set()
    while len(terms) < 300:
        abbr = "".join(rng.choice("ABCDEFGHIKLMNOPRSTUVW") for _ in range(rng.randint(3, 5)))
        if abbr in seen:
            continue
        seen.add(abbr)
        terms.append(Term(abbr, " ".join(words.pick(3)).title(), words.sentence()))
    series = (Series("eu-clusters-talks", "EU Clusters Talks", words.sentence(),
                     (Section("rhythm", "When", (Point("The EU Clusters Talks take place every two weeks."),)),)),)
    kb = KnowledgeBase(series, tuple(sorted(talks, key=lambda t: t.schedule.start)), tuple(people),
                       tuple(sorted(events, key=lambda e: e.schedule.start)), tuple(terms))
    return Synthetic(kb, surnames)


# -- questions of mixed kinds -----------------------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1:]  # a letter dropped
    return word[:i] + rng.choice("aeioun") + word[i + 1:]  # a letter changed


def questions_for(syn: Synthetic, n: int = 300, seed: int = 11) -> list[tuple[str, str, datetime | None, str]]:
    """(kind, question, now, expected talks) tuples: the ids of the talks a right answer may cite,
    space-separated ('' when the question is about no talk: an abbreviation, 'next', off-topic).
    A question about a person ("who is X", "where does X work") may cite any of X's talks."""
    rng = random.Random(seed)
    kb = syn.kb
    out: list[tuple[str, str, datetime | None, str]] = []
    kinds = ["who_presented", "moderator", "when", "person_said", "typo", "abbreviation", "fact", "list",
             "profile", "foreign", "next", "off_topic"]
    names = {p.id: p.name for p in kb.people}
    while len(out) < n:
        kind = kinds[len(out) % len(kinds)]
        talk = rng.choice(kb.talks)
        section = rng.choice(talk.sections)
        point = rng.choice(section.points)
        rare = max((w.strip(".,") for w in point.text.split() if w.strip(".,").isalpha()), key=len)
        short = " ".join(talk.title.split(":")[0].split()[:4])
        if kind == "who_presented":
            q = f"Who presented {section.title.lower()} at the {short} talk?"
        elif kind == "moderator":
            q = f"who moderated the talk on {short}?"
        elif kind == "when":
            q = f"When was the talk {talk.title}?"
        elif kind == "person_said":
            by = point.by or section.speakers
            q = f"What did {syn.surnames.get(by[0], 'she')} say about {rare}?"
        elif kind == "typo":
            pid = rng.choice(talk.speakers).person
            q = f"who is {_typo(rng, names[pid])}"
            out.append((kind, q, None, " ".join(t.id for t, _ in kb.talks_of(pid))))
            continue
        elif kind == "abbreviation":
            q = f"what does {rng.choice(kb.terms).term} stand for"
            out.append((kind, q, None, ""))
            continue
        elif kind == "fact":
            content = [w.strip(".,") for w in point.text.split() if len(w) > 5][:4]
            q = f"What about {' '.join(content)}?"
        elif kind == "list":
            q = f"What were the key messages of the {short} talk?"
        elif kind == "profile":
            pid = rng.choice(talk.speakers).person
            q = f"Where does {names[pid]} work?"
            out.append((kind, q, None, " ".join(t.id for t, _ in kb.talks_of(pid))))
            continue
        elif kind == "foreign":
            q = rng.choice([f"Qui a présenté {section.title.lower()} ?", f"Wann war der Talk {short}?",
                            f"¿Quién moderó el talk {short}?", f"Chi ha parlato di {rare}?"])
        elif kind == "next":
            q = rng.choice(["When is the next talk?", "what's the next EU Clusters Talk?", "next event?"])
            now = datetime.combine(talk.date, clock(0), UTC) - timedelta(days=1)
            out.append((kind, q, now, ""))
            continue
        else:
            q = rng.choice(OFF_TOPIC)
            out.append((kind, q, None, ""))
            continue
        out.append((kind, q, None, talk.id))
    return out


# -- measuring ------------------------------------------------------------------------------


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _talk_dict(talk: Talk) -> dict:
    def app(a: Appearance) -> dict:
        return {"person": a.person, "role": a.role, "organisation": a.organisation, "part": a.part}

    d = {
        "id": talk.id, "title": talk.title, "date": talk.date.isoformat(),
        "start": f"{talk.schedule.start_time:%H:%M}", "end": f"{talk.schedule.end_time:%H:%M}",
        "timezone": talk.schedule.timezone, "summary": talk.summary, "format": talk.format,
        "organiser": talk.organiser, "registration": talk.registration,
        "moderators": [app(a) for a in talk.moderators], "speakers": [app(a) for a in talk.speakers],
        "agenda": [{"title": a.title, "speakers": list(a.speakers)} for a in talk.agenda],
        "key_messages": list(talk.key_messages),
        "sections": [{"id": s.id, "title": s.title, "speakers": list(s.speakers),
                      "points": [{"by": list(p.by), "text": p.text} if p.by else p.text for p in s.points]}
                     for s in talk.sections],
        "tags": list(talk.tags), "sources": [{"title": s.title} for s in talk.sources],
    }
    if talk.recording:
        d["recording"] = talk.recording
    return d


def time_load_dir(syn: Synthetic, n_files: int) -> dict:
    """Write ``n_files`` talks (and every person) as YAML and time ``load_dir`` on them."""
    talks = syn.kb.talks[:n_files]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "knowledge"
        (root / "talks").mkdir(parents=True)
        people = {"people": [{"id": p.id, "name": p.name} for p in syn.kb.people]}
        (root / "people.yaml").write_text(yaml.safe_dump(people, sort_keys=False, allow_unicode=True))
        size = 0
        for talk in talks:
            text = yaml.safe_dump(_talk_dict(talk), sort_keys=False, allow_unicode=True, width=100)
            size += len(text.encode())
            (root / "talks" / f"{talk.id}.yaml").write_text(text)
        start = time.perf_counter()
        kb = load_dir(root)
        elapsed = time.perf_counter() - start
        assert len(kb.talks) == len(talks)
        # the same folder with one talk: what people.yaml and the fixed costs take
        for path in sorted((root / "talks").iterdir())[1:]:
            path.unlink()
        start = time.perf_counter()
        load_dir(root)
        base = time.perf_counter() - start
    per_talk = (elapsed - base) / max(1, len(talks) - 1)
    return {"files": len(talks), "bytes": size, "seconds": elapsed, "base_s": base,
            "people": len(syn.kb.people), "ms_per_talk": 1000 * per_talk}


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        # the last core: the first is the likeliest to be shared with the machine's own work
        # (here core 0 ran the same build twice as slowly)
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})


def _rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(n_talks: int, yaml_files: int, naive_questions: int, trace: bool, corpus_dir: Path | None) -> dict:
    _pin_to_one_core()
    result: dict = {"talks": n_talks}
    t0 = time.perf_counter()
    syn = synthetic_kb(n_talks)
    result["generate_s"] = time.perf_counter() - t0
    gc.collect()
    rss_before = _rss_peak_mb()
    t0 = time.perf_counter()
    engine = Engine(syn.kb)
    result["build_s"] = time.perf_counter() - t0
    print(f"  {n_talks} talks: built in {result['build_s']:.1f} s", file=sys.stderr, flush=True)
    result["snippets"] = len(engine.index.snippets)
    result["rss_kb_mb"] = rss_before
    questions = questions_for(syn)
    latencies, by_kind, hits, answered = [], {}, 0, 0
    targeted = 0
    kind_hits: dict[str, list[int]] = {}  # kind -> [cited, aimed at one talk]
    for kind, q, now, expected in questions:
        t0 = time.perf_counter()
        reply = engine.answer(q, now=now)
        ms = 1000 * (time.perf_counter() - t0)
        latencies.append(ms)
        by_kind.setdefault(kind, []).append(ms)
        answered += reply.answered
        if expected:
            targeted += 1
            cited = any(c.talk_id in expected.split() for c in reply.citations)
            hits += cited
            tally = kind_hits.setdefault(kind, [0, 0])
            tally[0] += cited
            tally[1] += 1
    result["questions"] = len(questions)
    result["targeted"] = targeted
    result["p50_ms"] = statistics.median(latencies)
    result["p99_ms"] = _percentile(latencies, 99)
    result["max_ms"] = max(latencies)
    result["answered_pct"] = 100 * answered / len(questions)
    result["hit3_pct"] = 100 * hits / max(1, targeted)
    result["by_kind_p99"] = {k: _percentile(v, 99) for k, v in by_kind.items()}
    result["by_kind_hit_pct"] = {k: 100 * c / n for k, (c, n) in kind_hits.items()}
    result["peak_rss_mb"] = _rss_peak_mb()
    print(f"  {n_talks} talks: questions p99 {result['p99_ms']:.1f} ms", file=sys.stderr, flush=True)

    # the snippets the engine cites, once, for the bm25s baseline and the naive scan (after the
    # engine's peak was read: this list is not the engine's memory)
    snippets = [(s.source_id, s.text) for s in engine.index.snippets] if corpus_dir or naive_questions else []
    if corpus_dir:
        with open(corpus_dir / "snippets.jsonl", "w", encoding="utf-8") as out:
            for talk_id, text in snippets:
                out.write(json.dumps([talk_id, text]) + "\n")
        (corpus_dir / "questions.json").write_text(json.dumps([[k, q, e] for k, q, _, e in questions]))

    if naive_questions:
        # the naive way: WRatio over every snippet's text, pre-processed once
        choices = {n: utils.default_process(text) for n, (_, text) in enumerate(snippets)}
        sample = [q for q in questions if q[3]][:naive_questions]
        naive, naive_hits = [], 0
        for _, q, _, expected in sample:
            t0 = time.perf_counter()
            found = process.extract(utils.default_process(q), choices, scorer=fuzz.WRatio, limit=3)
            naive.append(1000 * (time.perf_counter() - t0))
            naive_hits += any(snippets[key][0] in expected.split() for _, _, key in found)
        result["naive_questions"] = len(sample)
        result["naive_p50_ms"] = statistics.median(naive)
        result["naive_p99_ms"] = _percentile(naive, 99)
        result["naive_hit3_pct"] = 100 * naive_hits / max(1, len(sample))
        del choices
    del snippets

    if yaml_files:
        result["load_dir"] = time_load_dir(syn, min(yaml_files, n_talks))

    if trace:
        del engine
        gc.collect()
        tracemalloc.start()
        engine = Engine(syn.kb)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["index_traced_mb"] = current / 2**20
        result["build_traced_peak_mb"] = peak / 2**20
    return result


def bm25s_child(corpus_dir: Path, backend: str) -> dict:
    """bm25s over the snippets and questions the engine's child wrote to ``corpus_dir``."""
    _pin_to_one_core()
    import bm25s
    import Stemmer  # PyStemmer, a runtime dependency of talkbot

    talk_of, texts = [], []
    with open(corpus_dir / "snippets.jsonl", encoding="utf-8") as lines:
        for line in lines:
            talk_id, text = json.loads(line)
            talk_of.append(talk_id)
            texts.append(text)
    questions = json.loads((corpus_dir / "questions.json").read_text())
    gc.collect()
    result: dict = {"bm25s_version": bm25s.__version__, "bm25s_docs": len(texts),
                    "bm25s_rss_texts_mb": _rss_peak_mb()}
    t0 = time.perf_counter()
    tokenizer = bm25s.tokenization.Tokenizer(stopwords="en", stemmer=Stemmer.Stemmer("english"))
    corpus = tokenizer.tokenize(texts, return_as="tuple", show_progress=False)
    result["bm25s_tokenize_s"] = time.perf_counter() - t0
    retriever = bm25s.BM25(backend=backend)
    retriever.index(corpus, show_progress=False)
    result["bm25s_build_s"] = time.perf_counter() - t0
    result["bm25s_backend"] = retriever.backend
    del corpus  # the token lists: bm25s keeps its own sparse matrix
    print(f"  bm25s: built in {result['bm25s_build_s']:.1f} s", file=sys.stderr, flush=True)
    # numba compiles the scorer at the first retrieve: done here, on a text that is not a question
    t0 = time.perf_counter()
    warm = tokenizer.tokenize([texts[0]], update_vocab=False, return_as="ids", show_progress=False)
    retriever.retrieve(warm, k=3, show_progress=False, n_threads=0)
    result["bm25s_first_s"] = time.perf_counter() - t0
    latencies, first, top3, targeted, empty = [], 0, 0, 0, 0
    kind_hits: dict[str, list[int]] = {}  # kind -> [in the top 3, aimed at one talk]
    for kind, q, expected in questions:
        t0 = time.perf_counter()
        ids = tokenizer.tokenize([q], update_vocab=False, return_as="ids", show_progress=False)
        if ids[0]:
            docs, _ = retriever.retrieve(ids, k=3, show_progress=False, n_threads=0)
            found = [talk_of[d] for d in docs[0].tolist()]
        else:
            found = []  # no word of the question is in the snippets: nothing to rank
        latencies.append(1000 * (time.perf_counter() - t0))
        empty += not found
        if expected:
            targeted += 1
            wanted = set(expected.split())
            first += bool(found) and found[0] in wanted
            top3 += bool(wanted & set(found))
            tally = kind_hits.setdefault(kind, [0, 0])
            tally[0] += bool(wanted & set(found))
            tally[1] += 1
    result["bm25s_p50_ms"] = statistics.median(latencies)
    result["bm25s_p99_ms"] = _percentile(latencies, 99)
    result["bm25s_max_ms"] = max(latencies)
    result["bm25s_hit1_pct"] = 100 * first / max(1, targeted)
    result["bm25s_hit3_pct"] = 100 * top3 / max(1, targeted)
    result["bm25s_by_kind_hit_pct"] = {k: 100 * c / n for k, (c, n) in kind_hits.items()}
    result["bm25s_no_known_word"] = empty
    result["bm25s_peak_rss_mb"] = _rss_peak_mb()
    return result


def one_shot(question: str, runs: int = 5) -> list[float]:
    script = Path(sys.executable).with_name("talkbot")
    argv = [str(script)] if script.is_file() else [sys.executable, "-m", "talkbot.cli"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([*argv, "ask", question], capture_output=True, text=True, timeout=60)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"talkbot ask failed: {proc.stderr}")
    return times


def profile(n_talks: int) -> None:
    syn = synthetic_kb(n_talks)
    for what, run in (("build", lambda: Engine(syn.kb)), ("questions", None)):
        prof = cProfile.Profile()
        if run is not None:
            prof.enable()
            engine = run()
            prof.disable()
        else:
            questions = questions_for(syn)
            prof.enable()
            for _, q, now, _ in questions:
                engine.answer(q, now=now)
            prof.disable()
        stream = io.StringIO()
        pstats.Stats(prof, stream=stream).sort_stats("tottime").print_stats(18)
        print(f"\n=== cProfile, {what}, {n_talks} talks (sorted by own time) ===")
        print(stream.getvalue()[:6000])


def _ok(value: float, target: float) -> str:
    return "ok" if value < target else "MISSED"


def _run_child(argv: list[str], what: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, *argv], stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"the {what} run failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--yaml-files", type=int, default=300, help="talk files written to time load_dir (0: skip)")
    parser.add_argument("--no-bm25s", action="store_true", help="skip the bm25s baseline")
    parser.add_argument("--bm25s-backend", choices=["auto", "numba", "numpy"], default="auto",
                        help="bm25s's backend (auto: numba when installed)")
    parser.add_argument("--naive-questions", type=int, default=5,
                        help="questions for the naive rapidfuzz scan, a footnote (0: skip; 15 s each at 10,000 talks)")
    parser.add_argument("--trace-max", type=int, default=2_000,
                        help="rebuild under tracemalloc for sizes up to this many talks (slow: 2-3x)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--corpus-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bm25s-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=int, metavar="TALKS", help="cProfile build and questions at this size")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.yaml_files, args.naive_questions, args.child <= args.trace_max,
                               args.corpus_dir)))
        return
    if args.bm25s_child:
        print(json.dumps(bm25s_child(args.bm25s_child, args.bm25s_backend)))
        return
    if args.profile:
        profile(args.profile)
        return
    with_bm25s = not args.no_bm25s
    if with_bm25s and importlib.util.find_spec("bm25s") is None:
        raise SystemExit(BM25S_INSTALL)

    results = []
    for size in args.sizes:
        print(f"... {size} talks", file=sys.stderr, flush=True)
        argv = ["--child", str(size), "--yaml-files", str(args.yaml_files),
                "--naive-questions", str(args.naive_questions), "--trace-max", str(args.trace_max)]
        with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
            if with_bm25s:
                argv += ["--corpus-dir", tmp]
            result = _run_child(argv, f"{size}-talk engine")
            if with_bm25s:
                result |= _run_child(["--bm25s-child", tmp, "--bm25s-backend", args.bm25s_backend],
                                     f"{size}-talk bm25s")
        results.append(result)
    shot = one_shot("who presented the I3 instrument?")

    print(f"\nPython {sys.version.split()[0]}, one core, cold engine, each question asked once\n")
    head = f"{'':46}" + "".join(f"{r['talks']:>14,} talks" for r in results)
    rule = "-" * len(head)
    print(head)
    print(rule)

    def line(label: str, key: str, fmt: str = "{:>20.1f}") -> None:
        print(f"{label:46}" + "".join(fmt.format(r[key]) if key in r else f"{'-':>20}" for r in results))

    line("snippets indexed", "snippets", "{:>20,}")
    line("questions asked", "questions", "{:>20}")
    line("  of which aimed at one talk", "targeted", "{:>20}")
    line("generate knowledge (s)", "generate_s", "{:>20.2f}")
    print("engine, talkbot Engine(kb)")
    line("  index build (s)", "build_s", "{:>20.2f}")
    line("  p50 per question (ms)", "p50_ms", "{:>20.2f}")
    line("  p99 per question (ms)", "p99_ms", "{:>20.2f}")
    line("  slowest question (ms)", "max_ms", "{:>20.2f}")
    line("  answered (%)", "answered_pct")
    line("  expected talk cited, any citation (%)", "hit3_pct")
    line("  RSS with the knowledge, before build (MB)", "rss_kb_mb", "{:>20.0f}")
    line("  peak RSS, ru_maxrss (MB)", "peak_rss_mb", "{:>20.0f}")
    line("  index, tracemalloc after build (MB)", "index_traced_mb", "{:>20.0f}")
    line("  build, tracemalloc peak (MB)", "build_traced_peak_mb", "{:>20.0f}")
    if with_bm25s:
        r0 = results[0]
        print(f"bm25s {r0['bm25s_version']}, {r0['bm25s_backend']} backend, the same snippets, k=3")
        line("  documents (snippet texts)", "bm25s_docs", "{:>20,}")
        line("  index build, tokenize + index (s)", "bm25s_build_s", "{:>20.2f}")
        line("    of which tokenize (s)", "bm25s_tokenize_s", "{:>20.2f}")
        line("  first retrieve, a warm-up (s)", "bm25s_first_s", "{:>20.2f}")
        line("  p50 per question, tokenize + retrieve (ms)", "bm25s_p50_ms", "{:>20.2f}")
        line("  p99 per question (ms)", "bm25s_p99_ms", "{:>20.2f}")
        line("  slowest question (ms)", "bm25s_max_ms", "{:>20.2f}")
        line("  expected talk ranked first (%)", "bm25s_hit1_pct")
        line("  expected talk in top 3 (%)", "bm25s_hit3_pct")
        line("  questions with no word in the index", "bm25s_no_known_word", "{:>20}")
        line("  RSS with the snippet texts, before build (MB)", "bm25s_rss_texts_mb", "{:>20.0f}")
        line("  peak RSS, ru_maxrss (MB)", "bm25s_peak_rss_mb", "{:>20.0f}")
    print(rule)
    for r in results:
        if "load_dir" in r:
            ld = r["load_dir"]
            per = ld["ms_per_talk"]
            print(f"load_dir on YAML, {r['talks']:,}-talk KB: {ld['files']} talk files ({ld['bytes'] / 2**20:.1f} MB) "
                  f"+ people.yaml ({ld['people']:,} people, {ld['base_s']:.2f} s alone) in {ld['seconds']:.2f} s: "
                  f"{per:.1f} ms per talk file, ~{ld['base_s'] + per * r['talks'] / 1000:.0f} s for all "
                  f"{r['talks']:,} talks")
    print("\nslowest kind of question for the engine (p99 ms): " + "; ".join(
        f"{r['talks']:,}: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["by_kind_p99"].items(), key=lambda kv: -kv[1])[:4])
        for r in results))
    for r in results:
        bm = r.get("bm25s_by_kind_hit_pct", {})
        print(f"\nexpected talk cited by kind of question, {r['talks']:,} talks (%, engine"
              + (" / bm25s top 3" if bm else "") + "): " + ", ".join(
                  f"{k} {v:.0f}" + (f" / {bm[k]:.0f}" if k in bm else "") for k, v in r["by_kind_hit_pct"].items()))
    if shot:
        print(f"\none-shot `talkbot ask` on the shipped knowledge: median {statistics.median(shot):.2f} s, "
              f"max {max(shot):.2f} s over {len(shot)} runs (target < {TARGET_ONE_SHOT_S:.0f} s: "
              f"{_ok(statistics.median(shot), TARGET_ONE_SHOT_S)})")
    big = max(results, key=lambda r: r["talks"])
    mem = max(big["peak_rss_mb"], big.get("build_traced_peak_mb", 0))
    print(f"\ntargets at {big['talks']:,} talks: p99 {big['p99_ms']:.1f} ms < {TARGET_P99_MS:.0f} ms: "
          f"{_ok(big['p99_ms'], TARGET_P99_MS)}; build {big['build_s']:.1f} s < {TARGET_BUILD_S:.0f} s: "
          f"{_ok(big['build_s'], TARGET_BUILD_S)}; peak memory {mem:.0f} MB < {TARGET_MB:.0f} MB: "
          f"{_ok(mem, TARGET_MB)}")
    if any("naive_questions" in r for r in results):
        print("\nfootnote, a naive rapidfuzz WRatio scan of every snippet's text (no index), "
              "on the first questions aimed at one talk:")
        line("  questions scanned", "naive_questions", "{:>20}")
        line("  p50 per question (ms)", "naive_p50_ms", "{:>20.1f}")
        line("  p99 per question (ms)", "naive_p99_ms", "{:>20.1f}")
        line("  expected talk in top 3 (%)", "naive_hit3_pct")


if __name__ == "__main__":
    main()
