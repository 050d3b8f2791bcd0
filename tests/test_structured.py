"""Answers read from the knowledge's fields: one table per intent, on the shipped knowledge.

Each row asks in words of its own (not from any question set) and checks the reply carries the
whole field (every speaker, both roles of a person, the time zone) and cites the field.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from conftest import KNOWLEDGE
from talkbot.answer import structured
from talkbot.answer.engine import Engine
from talkbot.answer.text import content_terms, fold, stem
from talkbot.knowledge.models import KnowledgeBase

META = "2024-04-24-meta-cluster"
EUROCLUSTERS = "2023-03-08-meet-the-euroclusters"
PRAGUE = "2022-10-05-cluster-conference-results"
NOW = datetime(2024, 4, 20, 8, 0, tzinfo=UTC)


def has_all(text: str, needles: list[str]) -> None:
    body = fold(text)
    missing = [n for n in needles if fold(n) not in body]
    assert not missing, f"missing {missing} in:\n{text}"


FIELDS = [
    # intent, question, must contain, cited section
    ("speakers", "give me the full line-up of the meta-cluster webinar",
     ["Przeor", "Koch", "Dupenloup", "Scaramuzzo", "Malè", "Daban", "Röhr", "7 speakers"], "Speakers"),
    ("speakers", "who were the people presenting on 8 March 2023?",
     ["Przeor", "Rekosz", "Casamada", "Marin", "Krakowiak"], "Speakers"),
    ("moderator", "who hosted the meta-cluster talk?", ["Jennifer Baker"], "Moderation"),
    ("person_role", "what job did Marek Przeor have?", ["Team Leader D.2", "Team Leader Cluster Policy"], "Speakers"),
    ("person_talks", "in which talks did Przeor appear", [PRAGUE[:0] + "5 October 2022", "24 April 2024"], "Speakers"),
    ("when", "what day was the euroclusters talk on?", ["8 March 2023"], "Date and time"),
    ("start_time", "what time did the meta-cluster webinar begin", ["08:30", "CEST", "Brussels"], "Date and time"),
    ("timezone", "which time zone is used for the meta-cluster talk", ["Europe/Brussels", "CEST", "UTC+2"],
     "Date and time"),
    ("duration", "how long did the October 2022 talk last?", ["1 hour", "08:30", "09:30"], "Date and time"),
    ("where", "where does Clusters meet Regions take place?", ["Graz, Austria"], "Events"),
    ("title", "what was the 15 May talk called?", ["Green, digital and resilient through clusters"], "Title"),
    ("title", "name of the talk on march 8 2023?", ["Meet the Euroclusters"], "Title"),
    ("title", "title of the talk on 24/4?", ["Innovation through integration"], "Title"),
    ("title", "wie hieß der Talk vom 15.05.2024?", ["Green, digital and resilient"], "Title"),
    ("agenda", "what was the programme of the meta-cluster talk?", ["Panel debate", "Funding opportunities"],
     "Agenda"),
    ("organiser", "who runs the EU Clusters Talks?", ["European Cluster Collaboration Platform"], "Organiser"),
    ("registration", "how do I get into the meta-cluster talk, any sign-up needed?",
     ["compulsory", "individually", "07:30"], "Registration"),
    ("definition", "what is EACN short for", ["European Automotive Cluster Network"], "Glossary"),
    ("recording", "is there a video of the October 2022 talk?", ["video recording"], "Recording"),
    ("talks_list", "list all the talks you know about", ["4 talks", "Meet the Euroclusters"], "Date and time"),
]


@pytest.mark.parametrize(("intent", "question", "must", "section"), FIELDS, ids=[f[1] for f in FIELDS])
def test_field_answers(engine: Engine, intent: str, question: str, must: list[str], section: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.answered, reply.text
    assert reply.decision.get("route") == "field" and reply.decision.get("intent") == intent, reply.decision
    has_all(reply.text, must)
    assert any(c.section == section for c in reply.citations), reply.citations


NEAR_MISSES = [
    "who moderated the euroclusters talk of March 2023?",  # no moderator is named
    "is there a recording of the meta-cluster talk?",  # none is mentioned
]


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_known_record_without_the_field_is_not_covered(engine: Engine, question: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert not reply.answered, reply.text
    assert reply.text.startswith("Sorry, that is not covered.")
    assert reply.suggestions


def test_an_event_of_another_year_is_not_the_one_asked(engine: Engine) -> None:
    """"the European Cluster Conference 2025" is not the 2024 one the knowledge knows."""
    reply = engine.answer("When is the European Cluster Conference 2025?", now=NOW)
    assert "2024" not in reply.text.split("\n")[0] or not reply.answered, reply.text


def test_words_the_field_does_not_explain_go_to_retrieval(engine: Engine) -> None:
    """"where" about a known event, but asking for a hotel: its place is no answer."""
    reply = engine.answer("which hotel should I book near Clusters meet Regions?", now=NOW)
    assert reply.decision.get("route") != "field"


@pytest.mark.parametrize(("place", "level", "gives"), [
    ("Germany", 1, False), ("the Netherlands", 1, False), ("Graz, Austria", 1, True),
    ("Graz, Austria", 2, False), ("Hannover Messe", 2, True), ("Hannover Messe", 3, False),
    ("Messe Wien, Hall D, Vienna, Austria", 3, True), ("Graz, Austria", 3, False), ("Porto, Portugal", 0, True),
])
def test_how_precise_a_place_is(place: str, level: int, gives: bool) -> None:
    assert structured.place_gives(place, level) is gives


@pytest.mark.parametrize("question", [
    "in which town in Germany is the EU-Taiwan matchmaking?",
    "which venue in Graz hosts Clusters meet Regions?",
])
def test_a_place_less_precise_than_asked_is_not_the_answer(engine: Engine, question: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert not reply.answered, reply.text


@pytest.mark.parametrize(("question", "count", "named", "not_listed"), [
    ("how many people were in the panel debate of the April 2024 talk?", "5 of the 7", "Scaramuzzo", "Koch"),
    ("how many speakers did the October 2022 panel discussion have?", "4 of the 5", "Novo", "Przeor"),
])
def test_speakers_picked_out_by_their_part_or_organisation(engine: Engine, question: str, count: str, named: str,
                                                           not_listed: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.decision.get("intent") == "speakers", reply.decision
    head, _, rest = reply.answer.partition("Also speaking:")
    assert count in head and named in head and not_listed not in head, reply.answer
    assert not_listed in rest or not_listed not in reply.answer  # the others are still named


def test_topic_words_of_the_talk_pick_out_no_speaker(kb: KnowledgeBase) -> None:
    """"the meta-cluster talk on the I3 instrument" names the talk, not its I3 speaker, when
    the talk is about it; a year or a month never picks anyone."""
    talk = next(t for t in kb.talks if t.id == META)
    assert structured.chosen_speakers(talk, frozenset({"meta", "cluster", "2024", "april"})) == []


@pytest.mark.parametrize(("question", "named"), [
    ("who was there on behalf of PROPLAST?", "Remotti"),
    ("in which talks did someone from CEBR take part?", "Daban"),
    # a rank asked in another word for the same seat, an organisation named in full in common words
    ("who is the chairperson of Silicon Europe?", "Dupenloup"),
    ("Chi è il presidente della European Clusters Alliance?", "Novo"),
    ("¿Quién es la presidenta del CEBR?", "Daban"),
    ("list the EACN representatives at the talks", "Röhr"),  # a word for people after the name
])
def test_people_picked_out_by_their_organisation(engine: Engine, question: str, named: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.answered and named in reply.answer, reply.text
    assert reply.decision.get("intent") == "representatives", reply.decision


@pytest.mark.parametrize("question", [
    "who invented the silicon transistor?",  # Silicon Europe is not meant
    "who is the CEO of EXO Ricerca?",  # its speaker was not named as its CEO
    "who said CEBR members include hospitals?",  # a fact of the texts
])
def test_a_word_of_an_organisation_alone_picks_no_one(engine: Engine, question: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.decision.get("intent") != "representatives", reply.text


@pytest.mark.parametrize(("question", "answered", "must", "never"), [
    ("who spoke at the session before the meta-cluster talk?", True, "Rekosz", "Scaramuzzo"),
    ("what was the title of the webinar following the 8 March 2023 one?", True, "meta-cluster", ""),
    ("what did the talk after the 15 May 2024 one cover?", False, "no talk after", ""),
    ("and the session after the meta-cluster one?", True, "15 May 2024", ""),  # nothing else asked
])
def test_questions_about_the_talk_next_to_the_one_named(engine: Engine, question: str, answered: bool, must: str,
                                                        never: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.answered is answered, reply.text
    assert must in reply.text and (not never or never not in reply.text.split("Sources")[0]), reply.text


def test_series_times_count_every_talk(kb: KnowledgeBase) -> None:
    draft = structured.series_times(kb)
    assert draft is not None
    has_all(draft.answer, ["08:30", "09:45", "Europe/Brussels", "3 of the 4", "08:30–09:30"])


def test_talk_before_and_after(kb: KnowledgeBase) -> None:
    talk = next(t for t in kb.talks if t.id == META)
    after = structured.adjacent(kb, talk, after=True)
    before = structured.adjacent(kb, talk, after=False)
    has_all(after.answer, ["15 May 2024"])
    has_all(before.answer, ["8 March 2023"])
    last = max(kb.talks, key=lambda t: t.date)
    assert not structured.adjacent(kb, last, after=True).found


def test_lists_are_cut_with_a_count() -> None:
    text = structured._bullets([f"item {n}" for n in range(20)])
    assert text.count("•") == structured.MAX_ITEMS + 1
    assert text.endswith(f"…and {20 - structured.MAX_ITEMS} more")


def test_field_replies_never_repeat_a_sentence(engine: Engine) -> None:
    for _, question, _, _ in FIELDS:
        text = engine.answer(question, now=NOW).text
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.strip()) > 20]
        assert len(sentences) == len(set(sentences)), text


# -- talks as first announced, and talks called off (issue 12) --------------------------------

ANNOUNCED_NOW = datetime(2030, 1, 10, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("question", ["who are the speakers of the hydrogen valleys talk?",
                                      "who will present at the hydrogen valleys webinar"])
def test_a_talk_without_speakers_says_they_are_not_announced(announced_engine: Engine, question: str) -> None:
    reply = announced_engine.answer(question, now=ANNOUNCED_NOW)
    assert reply.answered, reply.text
    assert "Hydrogen valleys" in reply.text
    assert "have not been announced yet" in reply.text
    assert not any(p.name in reply.text for p in announced_engine.kb.people), "a speaker was invented"


def test_speakers_field_of_a_talk_without_speakers(announced_kb: KnowledgeBase) -> None:
    talk = announced_kb.talk("2030-02-06-hydrogen-valleys")
    draft = structured.speakers(talk, {p.id: p for p in announced_kb.people})
    assert draft.found and draft.answer.endswith("(6 February 2030) have not been announced yet.")


def test_a_talk_without_an_end_gives_only_its_start(announced_engine: Engine, announced_kb: KnowledgeBase) -> None:
    talk = announced_kb.talk("2030-02-06-hydrogen-valleys")
    start = structured.start_time(talk)
    assert start.found and "starts at 08:30 CET (Brussels time) on 6 February 2030" in start.answer
    assert "–" not in structured.when(talk).answer  # no end time invented for the span
    assert not structured.duration(talk).found  # how long: honestly not known
    reply = announced_engine.answer("what time does the hydrogen valleys talk start?", now=ANNOUNCED_NOW)
    has_all(reply.text, ["08:30", "6 February 2030"])
    assert "09:30" not in reply.text


@pytest.mark.parametrize(
    ("talk_id", "words"),
    [("2030-01-23-circular-textiles", ["Cancelled: The organisers could not confirm the panel in time."]),
     ("2030-03-06-space-clusters", ["Postponed: A new date will be announced after the summer."])],
)
def test_a_talk_called_off_says_so_in_its_time_answers(announced_kb: KnowledgeBase, talk_id: str,
                                                       words: list[str]) -> None:
    talk = announced_kb.talk(talk_id)
    for field in (structured.when, structured.start_time, structured.timezone, structured.duration):
        has_all(field(talk).answer, words)


def test_a_cancelled_talk_asked_about_by_name(announced_engine: Engine) -> None:
    reply = announced_engine.answer("when is the circular textiles talk?", now=ANNOUNCED_NOW)
    assert reply.answered
    has_all(reply.text, ["23 January 2030", "Cancelled", "could not confirm the panel"])


def test_a_talk_on_another_clock_also_gives_brussels_time(kb: KnowledgeBase) -> None:
    """The community lives on Brussels time: a talk held at 17:00 in Tokyo is also 09:00 there."""
    from dataclasses import replace as with_
    from datetime import date, time

    talk = next(t for t in kb.talks if t.id == META)
    tokyo = with_(talk, schedule=with_(talk.schedule, timezone="Asia/Tokyo", start_date=date(2027, 3, 10),
                                       start_time=time(17, 0), end_time=time(18, 15)))
    assert "(09:00–10:15 CET in Brussels)" in structured.start_time(tokyo).answer
    assert "09:00–10:15 CET in Brussels" in structured.when(tokyo).answer
    assert "in Brussels" not in structured.start_time(talk).answer  # already Brussels time


def test_the_next_events_name_their_place(engine: Engine) -> None:
    reply = engine.answer("what matchmaking events are coming up?", now=NOW)
    assert "in Germany" in reply.text, reply.text


def test_a_length_over_an_hour_also_counts_its_minutes(engine: Engine) -> None:
    reply = engine.answer("how long did the meta-cluster talk last?", now=NOW)
    assert "1 hour 15 minutes (75 minutes)" in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "listed", "left_out"),
    [
        ("which talks took place in 2023?", ["Meet the Euroclusters"], ["meta-cluster", "Results and visions"]),
        ("talks since 2024 pls", ["meta-cluster", "Green, digital and resilient"], ["Meet the Euroclusters"]),
        ("what were the talks before 2024", ["Meet the Euroclusters", "Results and visions"], ["meta-cluster"]),
        ("list the talks of April 2024", ["meta-cluster"], ["Green, digital and resilient"]),
    ],
)
def test_a_list_of_talks_keeps_to_the_period_asked(engine: Engine, question: str, listed: list[str],
                                                   left_out: list[str]) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.answered and reply.decision.get("intent") == "talks_list", (reply.decision, reply.text)
    has_all(reply.answer, listed)
    assert not any(fold(x) in fold(reply.answer) for x in left_out), reply.answer


def test_a_period_without_talks_says_so_and_gives_the_span_known(engine: Engine) -> None:
    reply = engine.answer("which talks were there in 2019?", now=NOW)
    assert reply.answered, reply.text
    assert "no EU Clusters Talk in 2019" in reply.answer
    has_all(reply.answer, ["5 October 2022", "15 May 2024"])


@pytest.mark.parametrize(("question", "count"), [
    ("how many EU Clusters Talks have there been in 2024?", "2 talks"),
    ("How many EU Clusters Talks are planned from today on?", "The one talk"),
])
def test_counting_the_talks_of_the_series_in_a_period(engine: Engine, question: str, count: str) -> None:
    reply = engine.answer(question, now=datetime(2024, 5, 1, tzinfo=UTC))
    assert reply.answered and reply.decision.get("intent") == "talks_list", (reply.decision, reply.text)
    assert reply.answer.startswith(count), reply.answer


@pytest.mark.parametrize(("question", "said"), [
    ("what came right after the panel debate at the meta-cluster talk?", "After “Panel debate” came “Funding opportunities”"),
    ("what was the opening item of the 24 April 2024 webinar?", "The first item on the agenda was “News from the European"),
    ("and the last point on the meta cluster programme?", "The last item on the agenda was “Funding opportunities”"),
])
def test_an_agenda_item_by_its_place(engine: Engine, question: str, said: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.answered and said in reply.answer, reply.text


@pytest.mark.parametrize("question", ["how many items were on the agenda of the meta-cluster talk?",
                                      "what was on the programme of the 24 April 2024 webinar?"])
def test_an_agenda_says_how_many_items_it_has(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    talk = next(t for t in kb.talks if t.id == "2024-04-24-meta-cluster")
    reply = engine.answer(question, now=NOW)
    assert reply.answered and reply.decision.get("intent") == "agenda", (reply.decision, reply.text)
    assert f"had {len(talk.agenda)} items:" in reply.answer
    assert all(item.title in reply.answer for item in talk.agenda)


def test_a_multi_day_event_says_how_many_days(engine: Engine, kb: KnowledgeBase) -> None:
    event = next(e for e in kb.events if e.schedule.end_date and e.schedule.end_date != e.schedule.start_date)
    days = (event.schedule.end_date - event.schedule.start_date).days + 1
    assert f"({days} days)" in structured.when(event).answer
    talk = kb.talks[0]
    assert "days)" not in structured.when(talk).answer


@pytest.mark.parametrize("question", ["How many panellists were there in October 2022?", "how many panelists in oct 2022"])
def test_the_panellists_are_the_speakers_on_the_panel(engine: Engine, question: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.answered and reply.answer.startswith("4 of the 5 speakers"), reply.text
    assert "Takeaways and future perspectives" not in reply.answer.split("Also speaking:")[0]


def test_a_part_written_panellist_is_the_panel_too() -> None:
    asked = frozenset(content_terms("how many panellists were there"))
    assert structured._panel(set(content_terms("Panellist"))) == structured._panel(set(asked)) & {stem("panel")}


@pytest.mark.parametrize("question", [
    "How many speakers did the meta-cluster talk have, moderator not counted?",
    "how many speakers (not counting the moderator) were on the meta-cluster talk",
    "Not counting the moderator, how many speakers did the meta-cluster talk have?",
])
def test_leaving_the_moderator_out_asks_for_the_speakers(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    talk = next(t for t in kb.talks if t.id == "2024-04-24-meta-cluster")
    reply = engine.answer(question, now=NOW)
    assert reply.answered and reply.decision.get("intent") == "speakers", (reply.decision, reply.text)
    assert f"had {len(talk.speakers)} speakers" in reply.answer


# -- a section asked for as a whole: every point of it ------------------------------------------

SECTION_LISTS = [
    # question, words of points from across the section, the section cited
    ("give me all the news items the ECCP presented at the meta-cluster webinar",
     ["Graz", "Taiwan", "South Med", "Hannover"], "News from the European Cluster Collaboration Platform"),
    ("list the critical elements of meta clusters", ["strategic goals", "long-term sustainability", "new members"],
     "Critical elements of meta clusters"),
    ("tell me the additional benefits of meta clusters", ["Diversity", "European-funded projects", "policy"],
     "Additional benefits of meta clusters"),
]


@pytest.mark.parametrize(("question", "needles", "section"), SECTION_LISTS)
def test_a_section_asked_for_as_a_whole_lists_every_point(engine: Engine, question: str, needles: list[str],
                                                          section: str) -> None:
    reply = engine.answer(question)
    assert reply.answered and reply.decision.get("intent") == "section", reply.text
    has_all(reply.text, needles)
    assert reply.text.count("\n• ") >= 3
    assert [c.section for c in reply.citations] == [section]


@pytest.mark.parametrize("question", [
    "What's the I3 funding rate?",  # names the I3 section, asks one of its points
    "which panellist raised the legal entity question?",  # asks who
    "how many news items were presented on 24 April 2024?",  # asks how many
    "what did Thomas Röhr say about critical elements of meta clusters?",  # one person's words
])
def test_a_question_about_one_point_of_a_section_is_not_the_whole_list(engine: Engine, question: str) -> None:
    assert engine.answer(question).decision.get("intent") != "section"


def test_a_section_of_a_talk_added_later_is_listed_too(write_knowledge) -> None:
    from talkbot.knowledge.loader import load_dir
    talk = """\
        id: 2031-03-05-harbours
        title: "Harbour clusters and the energy shift"
        date: 2031-03-05
        start: "08:30"
        end: "09:45"
        timezone: Europe/Brussels
        summary: >-
          Port clusters on shore power and green shipping corridors.
        sections:
          - id: lessons
            title: Lessons for other port clusters
            points:
              - Start with one quay and measure the saved fuel before scaling up.
              - Share the grid connection costs between the port authority and the shipping lines.
              - Train the crane operators together with the local vocational school.
          - id: funding
            title: Funding of shore power
            points:
              - Connecting Europe Facility money paid for half of the first quay.
        sources:
          - title: Announcement page
        """
    engine = Engine(load_dir(write_knowledge({"talks/2031-03-05-harbours.yaml": talk})))
    reply = engine.answer("which lessons for port clusters came out of the harbour talk?")
    assert reply.decision.get("intent") == "section", reply.text
    has_all(reply.text, ["one quay", "grid connection", "crane operators"])


def test_a_long_section_is_listed_by_the_first_sentence_of_each_point() -> None:
    from talkbot.knowledge.models import Point, Schedule, Section, Talk
    first = "The first sentence of this point says what matters most to the reader."
    long = first + " " + "Then many details follow. " * 20
    section = Section("s", "Lessons", tuple(Point(long) for _ in range(5)))
    talk = Talk("t", "A talk", Schedule(datetime(2031, 1, 1).date()), "Summary.", sections=(section,))
    answer = structured.section_list(talk, section).answer
    assert answer.count(first) == 5
    assert "many details" not in answer


# -- a talk's day, times and time zone come together ---------------------------------------------

@pytest.mark.parametrize(("question", "needles"), [
    ("is the meta-cluster talk longer than an hour?", ["1 hour 15 minutes"]),
    ("how long must I reserve in my calendar for the meta-cluster webinar?", ["08:30", "09:45"]),
])
def test_one_time_field_asked_in_the_words_of_another_is_answered(engine: Engine, question: str,
                                                                   needles: list[str]) -> None:
    reply = engine.answer(question)
    assert reply.answered and reply.decision.get("route") == "field", reply.text
    has_all(reply.text, needles)


def test_the_series_times_name_every_talk_at_another_time_with_its_length(write_knowledge) -> None:
    from talkbot.knowledge.loader import load_dir
    talks = {}
    for day, start, end in (("2031-01-08", "08:30", "09:45"), ("2031-01-22", "08:30", "09:45"),
                            ("2031-02-05", "08:30", "09:45"), ("2031-02-19", "15:00", "16:30"),
                            ("2031-03-05", "08:30", "09:15"), ("2031-03-19", "10:00", "11:00")):
        talks[f"talks/{day}-t.yaml"] = (f'id: {day}-t\ntitle: "Talk of {day}"\ndate: {day}\nstart: "{start}"\n'
                                        f'end: "{end}"\ntimezone: Europe/Brussels\nsummary: A talk.\n'
                                        "sources:\n  - title: Announcement page\n")
    kb = load_dir(write_knowledge(talks))  # beside the small folder's own 08:30-09:45 talk
    answer = structured.series_times(kb).answer
    has_all(answer, ["08:30 to 09:45", "Talk of 2031-02-19", "15:00–16:30", "1 hour 30 minutes",
                     "Talk of 2031-03-05", "45 minutes", "Talk of 2031-03-19", "10:00–11:00"])


@pytest.mark.parametrize("question", [
    "which talk was held in the afternoon?",
    "was any talk shorter than the others?",
    "which webinar was the longest?",
])
def test_comparing_the_talks_times_is_answered_with_the_series_times(engine: Engine, question: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert reply.answered and reply.decision.get("intent") == "series_times", reply.text
    has_all(reply.text, ["08:30", "European Cluster Conference: Results and visions", "1 hour"])


def test_something_else_asked_of_the_afternoon_talk_is_not_the_series_times(engine: Engine) -> None:
    reply = engine.answer("which cluster hosted the afternoon edition?", now=NOW)
    assert reply.decision.get("intent") != "series_times"


def test_a_kind_of_organisation_asked_for_picks_out_no_speaker(engine: Engine) -> None:
    # "which NETWORKS": every panellist's organisation, not the one whose job title says "network"
    reply = engine.answer("which networks were on the panel of the October 2022 talk?", now=NOW)
    has_all(reply.text, ["Agri-Food Lithuania", "Flander's Food", "European Clusters Alliance", "CEBR"])


@pytest.mark.parametrize(("text", "places"), [
    ("The cluster, based in Mérida, has 84 members.", {"merida"}),
    ("Kaspars Ozoliņš (Board Member, Baltic Recovery Cluster (Liepāja, Latvia)): Panel.", {"liepaja", "latvia"}),
    ("Giorgos Lemonakis (Coordinator, Cretan Water Network, Heraklion): islands.", {"heraklion"}),
    ("a pilot with the town of Neuwalde in 2024", {"neuwald"}),
    ("Energy Cluster Denmark spoke on 15 May 2024 in the EU webinar.", set()),
])
def test_the_places_a_text_states(text: str, places: set[str]) -> None:
    assert structured.places_in(text) == places


def _talk(kb: KnowledgeBase, talk_id: str):
    return next(t for t in kb.talks if t.id == talk_id)


def test_the_person_whose_part_a_question_names(kb: KnowledgeBase) -> None:
    talk = _talk(kb, "2024-04-24-meta-cluster")
    people = {p.id: p for p in kb.people}
    # "introduced" and "Introduction on meta-clustering" are one word written two ways
    draft = structured.part_holders(talk, people, {stem("introduced"), stem("meta"), stem("clustering")}, dated=True)
    assert draft is not None and "Marek Przeor" in draft.answer and "Jennifer Baker" not in draft.answer
    # words of the talk's own title name the talk, no one's part; the panel is several people's part
    assert structured.part_holders(talk, people, {stem("meta"), stem("cluster")}, dated=True) is None
    assert structured.part_holders(talk, people, {stem("panel"), stem("debate")}, dated=True) is None


@pytest.mark.parametrize(("question", "who"), [
    ("Who introduced the topic of meta-clusters at the April 2024 talk?", "Przeor"),
    ("Wer hat am 5. Oktober 2022 die Perspektiven der Kommission präsentiert?", "Przeor"),
])
def test_who_did_a_part_of_a_talk_is_not_its_moderator_or_organiser(engine: Engine, question: str, who: str) -> None:
    reply = engine.answer(question)
    assert reply.answered and who in reply.answer
    assert "moderated by" not in reply.answer and "organised by" not in reply.answer


@pytest.mark.parametrize(("question", "zone"), [
    ("what time in tokyo is the April talk", "Asia/Tokyo"),
    ("the islands talk, what time is that in La Réunion time?", "Indian/Reunion"),
    ("¿A qué hora empieza, en hora de Canarias?", "Atlantic/Canary"),
    ("A che ora inizia il talk, ora di Kyiv?", "Europe/Kyiv"),
    ("what time was it in brasília time", "America/Sao_Paulo"),
    # the city after "in" (en, a) once a time is asked, however far apart
    ("What time does the matchmaking webinar begin for us in Nairobi?", "Africa/Nairobi"),
    ("¿A qué hora empieza el seminario web en Lima?", "America/Lima"),
    ("À quelle heure commence le talk à Dakar ?", "Africa/Dakar"),
    ("In Tokyo, what time is the talk?", None),
    ("what time does the webinar begin in Santiago de Chile?", "America/Santiago"),
    ("what time does the webinar begin in Santiago de Compostela?", None),
    # no clock asked for: a city that names a talk, Brussels itself, a Spanish city's namesake elsewhere
    ("when is the Lisbon talk?", None),
    ("what time is the Lisbon session in Brussels time?", None),
    ("what time does the Córdoba cluster meet, local time?", None),
])
def test_the_clock_a_question_asks_a_time_on(question: str, zone: str | None) -> None:
    found = structured.zone_asked(question)
    assert (found[1] if found else None) == zone


def test_a_time_asked_on_another_clock_is_given_on_it(engine: Engine) -> None:
    reply = engine.answer("what time in tokyo is the 24 April 2024 talk?")
    assert reply.answered and "08:30" in reply.answer and "15:30–16:45 JST" in reply.answer


ORIGIN_PEOPLE_YAML = """\
people:
  - id: ines-soto
    name: Inés Soto
  - id: pekka-aalto
    name: Pekka Aalto
  - id: lena-brandt
    name: Lena Brandt
"""


def _origin_talk(summary: str, extra: str = "") -> str:
    return f"""\
        id: 2031-05-07-forest-fibres
        title: "Forest fibres: clusters between sawmill and textile mill"
        date: 2031-05-07
        start: "08:30"
        end: "09:45"
        timezone: Europe/Brussels
        summary: >-
          {summary}
        speakers:
          - person: ines-soto
            role: Cluster Manager
            organisation: Clúster Forestal de Asturias
          - person: pekka-aalto
            role: Director
            organisation: Kuopio Fibre Cluster
          - person: lena-brandt
            role: Head of Projects
            organisation: Regional Development Agency of Styria
        {extra}
        sources:
          - title: Announcement page
        """


@pytest.mark.parametrize("summary", [
    "The talk looked at wood-based textile fibres. Cluster managers from Asturias, Finland and Styria showed pilots.",
    "The talk looked at wood-based textile fibres. Speakers from forest clusters in Spain, Finland and Austria "
    "showed pilots.",
    "The talk looked at wood-based textile fibres. Inés Soto (Asturias, Spain), Pekka Aalto (Kuopio, Finland) "
    "and Lena Brandt (Graz, Austria) showed pilots.",
])
@pytest.mark.parametrize("question", [
    "Which countries did the speakers of the forest fibres talk come from?",
    "where were the forest fibres panellists from",
    "From which regions were the clusters at the forest fibres talk?",
])
def test_where_the_speakers_of_a_talk_came_from(write_knowledge, summary: str, question: str) -> None:
    """Asked where a talk's speakers came from, the bot gives the talk's sentence that says so
    (a list after "from", or countries beside their names) and each speaker's organisation;
    "regions" picks out no speaker (not the "Regional Development Agency")."""
    from talkbot.knowledge.loader import load_dir
    root = write_knowledge({"people.yaml": ORIGIN_PEOPLE_YAML,
                            "talks/2030-01-15-engines.yaml": None,
                            "talks/2031-05-07-forest-fibres.yaml": _origin_talk(summary)})
    reply = Engine(load_dir(root)).answer(question)
    assert reply.answered and reply.decision.get("intent") == "origin", reply.text
    sentence = summary.split(". ", 1)[1]
    assert sentence.rstrip(".") in reply.text
    has_all(reply.text, ["Inés Soto", "Pekka Aalto", "Lena Brandt", "Kuopio Fibre Cluster"])


def test_where_the_speakers_came_from_without_a_sentence_lists_their_organisations(write_knowledge) -> None:
    from talkbot.knowledge.loader import load_dir
    root = write_knowledge({"people.yaml": ORIGIN_PEOPLE_YAML, "talks/2030-01-15-engines.yaml": None,
                            "talks/2031-05-07-forest-fibres.yaml": _origin_talk("Wood-based textile fibres.")})
    reply = Engine(load_dir(root)).answer("Which countries were the speakers of the forest fibres talk from?")
    assert reply.decision.get("intent") == "origin", reply.text
    has_all(reply.text, ["organisations they came for", "Clúster Forestal de Asturias", "Kuopio Fibre Cluster",
                         "Regional Development Agency of Styria"])


@pytest.mark.parametrize("question", [
    "Where does the money of the Kuopio Fibre Cluster come from?",
    "where can I find the presentations from the forest fibres talk",
    "Which region is Inés Soto from?",
])
def test_other_questions_with_where_and_from_are_not_about_the_speakers_origin(write_knowledge, question: str) -> None:
    from talkbot.knowledge.loader import load_dir
    root = write_knowledge({"people.yaml": ORIGIN_PEOPLE_YAML, "talks/2030-01-15-engines.yaml": None,
                            "talks/2031-05-07-forest-fibres.yaml": _origin_talk("Wood-based textile fibres.")})
    reply = Engine(load_dir(root)).answer(question)
    assert reply.decision.get("intent") != "origin", reply.text


@pytest.mark.parametrize("question", [
    "At which hour did registration for the meta-cluster talk close?",
    "registration for the 24 April webinar shut at what hour",
])
def test_a_field_answer_with_a_time_of_day_answers_which_hour(engine: Engine, question: str) -> None:
    """"At which HOUR": an answer that gives a time of day explains the word."""
    reply = engine.answer(question)
    assert reply.answered and reply.decision.get("intent") == "registration", reply.text
    assert "7:30" in reply.text


@pytest.mark.parametrize("question", ["how long does the panel last?", "How long will the webinar run for?"])
def test_the_verbs_of_a_length_are_ways_of_asking(engine: Engine, question: str) -> None:
    from talkbot.answer.text import clean
    q = engine._analyse(question, clean(question), False)
    assert "how_long" in q.intent
    assert not {"last", "run", "long"} & q.terms.keys()


def test_an_organisation_written_with_its_abbreviation_says_what_it_stands_for(write_knowledge) -> None:
    from talkbot.knowledge.loader import load_dir
    talk = _origin_talk("Wood-based textile fibres.").replace(
        "organisation: Kuopio Fibre Cluster", "organisation: Kuopio Advanced Fibre Cluster (KAFIC)")
    root = write_knowledge({"people.yaml": ORIGIN_PEOPLE_YAML, "talks/2030-01-15-engines.yaml": None,
                            "talks/2031-05-07-forest-fibres.yaml": talk})
    engine = Engine(load_dir(root))
    for question in ("What does KAFIC stand for?", "kafic is short for what", "whats the acronym KAFIC"):
        reply = engine.answer(question)
        assert reply.answered and reply.decision.get("intent") == "abbreviation", (question, reply.text)
        has_all(reply.text, ["KAFIC stands for Kuopio Advanced Fibre Cluster", "Pekka Aalto", "7 May 2031"])
    # an abbreviation nobody writes is not made up
    assert engine.answer("What does KFC stand for?").decision.get("intent") != "abbreviation"


@pytest.mark.parametrize("question", ["what is KAFIC?", "KAFIC long form pls", "the complete name of kafic?"])
def test_a_question_that_names_only_an_abbreviation_asks_what_it_stands_for(write_knowledge, question: str) -> None:
    """Nothing asked but the abbreviation (and its name): the organisation's full name, even when
    the organisation is written with its town after the abbreviation."""
    from talkbot.knowledge.loader import load_dir
    talk = _origin_talk("Wood-based textile fibres.").replace(
        "organisation: Kuopio Fibre Cluster", "organisation: Kuopio Advanced Fibre Cluster (KAFIC), Kuopio, Finland")
    root = write_knowledge({"people.yaml": ORIGIN_PEOPLE_YAML, "talks/2030-01-15-engines.yaml": None,
                            "talks/2031-05-07-forest-fibres.yaml": talk})
    engine = Engine(load_dir(root))
    reply = engine.answer(question)
    assert reply.answered and reply.decision.get("intent") == "abbreviation", reply.text
    has_all(reply.text, ["KAFIC stands for Kuopio Advanced Fibre Cluster:", "Pekka Aalto"])
    # a question that asks something of it is not the abbreviation's answer
    assert engine.answer("where is KAFIC based?").decision.get("intent") != "abbreviation"


def test_a_glossary_abbreviation_is_still_defined_by_the_glossary(engine: Engine) -> None:
    reply = engine.answer("What does ECCP stand for?")
    assert reply.decision.get("intent") == "definition" and "European Cluster Collaboration Platform" in reply.text


@pytest.mark.parametrize("question", ["how many distinct people have spoken or moderated at all the talks?",
                                      "Total number of speakers and moderators across the series?"])
def test_counting_everyone_who_spoke_or_moderated(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    everyone = {a.person for t in kb.talks for a in t.people}
    reply = engine.answer(question)
    assert reply.decision.get("intent") == "people_count", reply.text
    assert reply.answer.startswith(f"{len(everyone)} different people")


def test_counting_a_talks_people_with_its_moderator(engine: Engine, kb: KnowledgeBase) -> None:
    talk = _talk(kb, "2024-04-24-meta-cluster")
    reply = engine.answer("how many people were at the front of the 24 April 2024 talk, moderator included?")
    assert reply.decision.get("intent") == "people_count", reply.text
    assert reply.answer.startswith(f"{len({a.person for a in talk.people})} people")
    # leaving the moderator out, or counting the audience, is not this count
    assert engine.answer("how many speakers did the 24 April 2024 talk have, not counting the moderator?"
                         ).decision.get("intent") != "people_count"
    assert engine.answer("how many people attended the moderated 24 April 2024 talk?"
                         ).decision.get("intent") != "people_count"


def test_a_title_asked_as_written_elsewhere_is_answered_from_the_text(write_knowledge) -> None:
    """"The flyer spells the title differently, how?": the point that says so, not the title field."""
    from talkbot.knowledge.loader import load_dir
    talk = _origin_talk("Wood-based textile fibres.", extra="""sections:
          - id: notes
            title: Notes on the sources
            points:
              - >-
                The printed flyer spells the title as "Forest fibers: clusters between sawmil and textil mill".""")
    root = write_knowledge({"people.yaml": ORIGIN_PEOPLE_YAML, "talks/2030-01-15-engines.yaml": None,
                            "talks/2031-05-07-forest-fibres.yaml": talk})
    engine = Engine(load_dir(root))
    for question in ("the printed flyer spells the forest fibres title differently, how?",
                     "is there a typo in the forest fibres title on the flyer?"):
        reply = engine.answer(question)
        assert reply.answered and "sawmil and textil" in reply.text, (question, reply.text)
    assert engine.answer("what is the title of the forest fibres talk?").decision.get("intent") == "title"


def test_the_shipped_title_written_oddly_in_a_page_header(engine: Engine) -> None:
    reply = engine.answer("how is the 8 March 2023 talk's title written oddly on its page header?")
    assert reply.answered and "Innitiatives" in reply.text


def test_where_the_speakers_came_from_in_the_words_asked(write_knowledge) -> None:
    """Asked for countries, the sentence naming countries; asked for regions, the one naming them."""
    from talkbot.knowledge.loader import load_dir
    summary = ("The talk looked at fibres made by forest clusters in Spain, Finland and Austria. "
               "Speakers from Asturias, North Savo and Styria showed their pilots.")
    root = write_knowledge({"people.yaml": ORIGIN_PEOPLE_YAML, "talks/2030-01-15-engines.yaml": None,
                            "talks/2031-05-07-forest-fibres.yaml": _origin_talk(summary)})
    engine = Engine(load_dir(root))
    countries = engine.answer("Which countries did the forest fibres speakers come from?")
    assert countries.decision.get("intent") == "origin" and "Spain, Finland and Austria" in countries.text
    regions = engine.answer("Which regions did the forest fibres speakers come from?")
    assert regions.decision.get("intent") == "origin" and "Asturias, North Savo and Styria" in regions.text


def test_where_the_speakers_came_from_is_not_a_sentence_about_something_else(engine: Engine) -> None:
    """The shipped meta-cluster talk says nowhere where its speakers came from: not the news item
    of an event in Graz, Austria, nor "news items from the European Cluster Collaboration
    Platform"; its speakers and their organisations are the answer."""
    reply = engine.answer("which countries were the speakers of the meta-cluster talk from?")
    assert reply.decision.get("intent") == "origin"
    assert "organisations they came for" in reply.text and "Graz" not in reply.text
    assert "news items" not in reply.answer


def test_a_persons_role_says_what_they_were_there_as(kb: KnowledgeBase) -> None:
    # role and organisation alone leave out the part ("representing the Partnership of the Year")
    talk = next(t for t in kb.talks if any(a.affiliation and a.part for a in t.people))
    a = next(a for a in talk.people if a.affiliation and a.part)
    draft = structured.person_roles(kb.person(a.person), kb, talk)
    assert a.affiliation in draft.answer and a.part in draft.answer, draft.answer


def test_when_an_event_is_says_what_it_is(kb: KnowledgeBase) -> None:
    # "what kind of event is X?", "who is X for?" are read as when as often as not
    event = next(e for e in kb.events if e.description.count(". ") >= 1)
    first, _, rest = " ".join(event.description.split()).partition(". ")
    answer = structured.when(event).answer
    assert answer.startswith(f"“{event.title}”") and first in answer, answer
    assert rest[:40] not in answer  # its first sentence only: the when stays the answer


@pytest.mark.parametrize(("affiliation", "country"), [
    ("Director, Pôle Textile des Hauts-de-France", "France"),  # a region of one country
    ("Coordinator, Distretto della Seta di Como", "Italy"),  # a province
    ("CEO, Croatian Wood Cluster", "Croatia"),  # an adjective
    ("Manager, Accra Food Cluster, Ghana", "Ghana"),  # a country outside Europe, by its name
    ("Policy Officer, DG GROW, European Commission", ""),  # no place
    ("Chair, Bavarian-Austrian Alps Network", ""),  # places of two countries: none taken
])
def test_the_country_an_organisation_names(affiliation: str, country: str) -> None:
    assert structured.country_of(affiliation) == country


def test_which_countries_were_represented_at_a_talk(engine: Engine) -> None:
    reply = engine.answer("Which countries were represented at the May 2024 talk?")
    assert reply.decision.get("intent") == "origin", reply.text
    assert "— Denmark" in reply.text and "— Italy" in reply.text, reply.text



@pytest.mark.parametrize(("deadline", "said"), [("07:30", "1 hour before the talk starts"),
                                                 ("06:00", "2 hours 30 minutes (150 minutes) before the talk starts"),
                                                 ("09:00", None)])  # after the start: nothing to count
def test_a_registration_deadline_on_the_talks_day_says_how_long_before_the_start_it_closes(
        write_knowledge, deadline: str, said: str | None) -> None:
    """"How many hours before the start did registration close?": the deadline's bullet counts it."""
    from talkbot.knowledge.loader import load_dir
    events = (KNOWLEDGE / "events.yaml").read_text(encoding="utf-8")
    assert 'start_time: "07:30"' in events
    root = write_knowledge({"events.yaml": events.replace('start_time: "07:30"', f'start_time: "{deadline}"')},
                           base=KNOWLEDGE)
    reply = Engine(load_dir(root)).answer("how long before the start did registration for the 24 April talk close?")
    assert reply.answered and reply.decision.get("intent") == "registration", reply.text
    assert f"24 April 2024, {deadline}" in reply.text
    if said is None:
        assert "before the talk starts" not in reply.text
    else:
        assert said in reply.text


@pytest.mark.parametrize(("organisation", "place"), [
    ("Cluster Spatial Occitanie-Méditerranée (CSOM), Toulouse, France", "Toulouse, France"),
    ("Kwantumcluster Zuid-Holland, Netherlands", "Netherlands"),
    ("Design Cluster West (Galway, Ireland)", "Galway, Ireland"),
    ("Baltic Blue Growth Cluster (Riga)", "Riga"),
    ("DG GROW, European Commission", ""),  # a unit and its parent: no country last
    ("Hellenic Aerospace & Security Cluster (HASC)", ""),  # an abbreviation is no town
    ("Pomeranian Space Cluster (Pomorski Klaster Kosmiczny)", ""),  # nor its name in another language
])
def test_the_place_an_organisation_is_written_with(organisation: str, place: str) -> None:
    assert structured.organisation_place(organisation) == place
