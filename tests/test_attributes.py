"""Details a question asks for that an answer must show (answer/attributes.py)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
import yaml

from conftest import KNOWLEDGE
from talkbot.answer import attributes
from talkbot.answer.engine import Engine
from talkbot.answer.text import fold
from talkbot.knowledge.loader import load_dir

NOW = datetime(2024, 4, 20, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("question", "answer", "detail"),
    [
        ("will it rain at the Prague conference?", "26-27 September 2022, Prague.", "weather"),
        ("how old is the moderator?", "Jennifer Baker, moderator.", "age"),
        ("send me the zoom link for tomorrow", "Online webinar.", "web address"),
        ("are the talks on zoom or on teams?", "Online webinar.", "web address"),
        ("what's the fee for the matchmaking days?", "Two days of matchmaking in Toulouse.", "price"),
        ("is there an entry fee for the cluster days?", "Three days of talks in Tampere.", "price"),
        ("what unit does she lead?", "Anna Berg: Head of Unit, DG RTD, European Commission.", "unit"),
        ("registration deadline for the photonics talk?", "5 March 2025, 08:30 CET.", "registration deadline"),
        # the event's own dates beside a word about registering do not say until when one can register
        ("what's the registration deadline for the summit?",
         "Baltic Summit: 14-15 April 2026, Riga. Registration is on the summit's website.", "registration deadline"),
        ("deadline to register for the health data talk?",
         "Registration through the CEBR website; members get a separate invitation.", "registration deadline"),
        ("how many attendees did the webinar have?", "It had 4 speakers.", "attendance"),
        ("what's the average salary of a welder at the yard?", "The yard trains 40 welders a year.", "salary"),
        ("quel est le salaire de Jan Kowal ?", "Jan Kowal: Cluster Manager, Baltic Yards.", "salary"),
        ("is the recording available in french?", "The recording is on the ECCP site.", "language"),
        ("will the Japanese delegates have interpretation?", "Japanese clusters join on 10 March.", "language"),
        ("in what year was the wine cluster established?", "Establishing a cluster needs trust.", "founding date"),
        ("who set up the alliance, and when?", "The alliance (founded by its members) meets yearly.", "founding date"),
        ("what is the precise date the call closes?", "The call closes in November 2024.", "exact day"),
        ("the precise day in may the visit starts?", "The visit is planned for May 2025.", "exact day"),
        ("was the fair free to attend?", "Hanover Fair: 4-6 June 2025, Hanover.", "price"),
        ("did smes have to pay for a stand?", "Clusters exhibited on a shared stand.", "price"),
        ("how much is an entrance ticket for the fair?", "The fair opens on 4 June.", "price"),
        ("does the summit cost anything?", "Baltic Summit: 14-15 April 2026, Riga.", "price"),
        ("how much is the membership fee?", "Membership fees give a meta cluster some income.", "price"),
        ("what is the fee per company for the mission?", "The mission visits Almaty in May.", "price"),
        ("can you send me the link to the stream?", "The stream runs on 4 June.", "web address"),
        ("how much does a crop map cost a farm?", "The cluster sells crop maps to cooperatives.", "price"),
        ("how can we sign up for the photonics talk?", "5 March 2025, 08:30 CET.", "way to register"),
        ("do attendees need to register beforehand?", "The webinar is held on Zoom.", "way to register"),
        ("was the keynote recorded?", "Anna Berg gave the keynote on service robots.", "recording"),
        ("where can I watch the panel again?", "Five speakers debated data spaces.", "recording"),
        ("are the presentations online?", "The recording is on the ECCP YouTube channel.", "slides"),
        ("at what time does the fair open?", "Hanover Fair: 4-6 June 2025, Hanover.", "time of day"),
        ("what is the yearly budget of the academy?", "The academy trains 200 technicians a year.", "amount of money"),
        ("how much funding did the pilot farms receive?", "Four farms joined the pilot in Crete.", "amount of money"),
        ("how many robots do the members lease?", "Members lease robots by the hour since 2024.", "number"),
        # a date, a year and a time of day count nothing
        ("how many visitors came to the fair?", "Hanover Fair: 4-6 June 2025, 09:00, Hanover [1].", "number"),
        ("can I have the moderator's e-mail?", "Anna Berg moderated the talk.", "e-mail address"),
        ("correo electrónico de la organizadora?", "Anna Berg organised the matchmaking.", "e-mail address"),
        ("which nationality does the keynote speaker have?", "Anna Berg: Head of Unit, DG RTD.", "nationality"),
        ("what country is Anna Berg from?", "Anna Berg: Head of Unit, DG RTD.", "nationality"),
    ],
)
def test_an_answer_without_the_detail_asked_for(question: str, answer: str, detail: str) -> None:
    found = attributes.missing(fold(question), answer)
    assert found is not None and found.name == detail


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what's the fee for the matchmaking days?", "Taking part costs 150 EUR per company."),
        ("is there a fee for the study visit?", "The visit is free of charge."),
        ("how many attendees did the webinar have?", "About 420 participants followed it online."),
        ("registration deadline for the photonics talk?", "Registration closes on 4 March 2025."),
        ("deadline to register for the meta-cluster talk?",
         "Prior registration was compulsory before 24 April 2024, 7:30 CET; the talk was open to all."),
        ("registration deadline?", "Registration deadline for the EU Clusters Talk on meta-clusters: 24 April 2024, 07:30"),
        ("where is the zoom link?", "Join at https://example.eu/talk."),
        ("how much of its costs do course fees cover?", "About 70% of its costs."),  # a share, not a price
        ("how many people took part in the panel debate?", "5 of the 7 speakers were in the panel debate."),
        ("did they agree to link the two pilots?", "The clusters agreed to connect both pilots."),  # a verb
        ("in which language is the webinar?", "The webinar is held in English."),
        ("which unit is he in?", "Team Leader D.2 – Industrial forum, DG GROW."),
        ("which unit runs the call?", "Unit G.3 of EISMEA runs it."),
        ("when was the network launched?", "The network was launched in 2019 by six clusters."),
        ("in which year was it created?", "Since 2012 the cluster, created by three firms, has grown."),
        ("who founded the start-up?", "Ana Ruiz, founder of the start-up."),  # a person, not a date
        ("what is the exact date of the talk?", "The talk is on 24 April 2024 at 08:30."),
        ("on which exact day does the summit open?", "4–5 March 2026, Prato."),
        ("which date is the summit?", "March 2026, Prato."),  # not asked exactly
        ("what date is the matchmaking?", "Matchmaking: June 10, 2024, Berlin."),
        ("is the webinar free?", "Taking part is free of charge; registration is required."),
        ("how much does a trained tapper earn per season?", "A trained tapper earns about 9,000 EUR a season."),
        ("can the grant pay the salaries of the trainees?", "The grant covers trainers, not trainees."),  # a rule
        ("did we have to pay to attend?", "Attendance cost EUR 50 for non-members."),
        ("how do I register for the talk?", "Register on the ECCP website before 4 March."),
        ("do I need to sign up in advance?", "Prior registration is compulsory."),
        ("was the keynote recorded?", "The recording is on the ECCP YouTube channel."),
        ("are the slides online?", "The slides can be downloaded from the event page."),
        ("what time does the talk start?", "It starts at 8:30 CET."),
        ("what time zone is the talk in?", "Brussels time (CET)."),  # a zone, not a time of day
        ("how did the membership fees change?", "Fees rose for large members."),  # not a price asked
        ("what was the budget of the programme?", "It had EUR 4.5 million for three years."),
        ("how much of the cost does the fund cover?", "It covers 70% of eligible costs."),
        # a share of a cost, or a fee that names what a talk was about, asks no price
        ("what share of the cost of a new roof is labour?", "Labour makes up about 40% of it."),
        ("up to what percentage of project costs can the grant pay?", "Grants cover up to half of them."),
        ("what were the three cases at the membership fee webinar?", "Norway's tiered model, Romania's credits."),
        ("what is the Fee Compass and who runs it?", "An online tool comparing clusters, run by the ECCP."),
        ("what did the panel say about membership fees?", "Fees give some income; public funding remains key."),
        # when and how the meeting link comes, or a relation: no web address asked
        ("when will I get the webinar link?", "The link is e-mailed the evening before."),
        ("was the zoom link for the session mailed to everyone who registered?", "Yes, the day before."),
        ("can I just join the link without registering?", "Registration is compulsory."),
        ("what is the programme's link to the strategy?", "It implements the strategy's cluster pillar."),
        ("how many robots do the members lease?", "Members lease about forty robots."),
        ("how many partners joined?", "Twelve partners from 5 countries joined."),
        ("how many moderators were there?", "Oona Lindfors: Moderator; Aino Virtanen: Moderator."),  # listed, so counted
        # a relation, not a web address; where it is held, not a meeting link
        ("what is the link between smart specialisation and I3?", "I3 builds on smart specialisation strategies."),
        ("is the textiles talk on zoom or in person?", "Online webinar."),
        ("zoom or like in lyon irl?", "Online webinar."),
    ],
)
def test_an_answer_with_the_detail_or_a_question_not_asking_for_one(question: str, answer: str) -> None:
    assert attributes.missing(fold(question), answer) is None


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("What will the weather be like in Graz during Clusters meet Regions?", "weather"),
        ("Wie alt ist Marek Przeor?", "age"),
        ("what's the URL of the Hannover Messe live stream?", "web address"),
        ("In what year was EACN established?", "founding date"),
        ("what is the precise date the I3 Strand 2b call closes", "exact day"),
        ("what time is the opening of the European Cluster Conference 2024?", "time of day"),
    ],
)
def test_the_engine_declines_a_known_record_without_the_detail(engine: Engine, question: str, detail: str) -> None:
    reply = engine.answer(question, now=NOW)
    assert not reply.answered, reply.text
    assert f"does not give the {detail}" in reply.text


def test_a_talk_without_registration_is_not_answered_with_another_talks_deadline(announced_engine: Engine) -> None:
    # the meta-cluster talk's registration deadline is an event announced in that talk: it says
    # nothing about registering for another one
    reply = announced_engine.answer("what is the registration deadline for the hydrogen valleys talk?", now=NOW)
    assert "meta-cluster" not in reply.text
    assert not reply.answered, reply.text


@pytest.mark.parametrize(("question", "answer", "counted"), [
    ("which six regions are in the alliance?", "The alliance brings together clusters from six regions of the Alps.", True),
    ("names of the three pilot farms?", "Three pilot farms in Friesland test the sensors, with 40 cows each.", True),
    ("which 12 countries sent delegations?", "Delegations from 12 countries joined the visit.", True),
    # named after all: after a colon, by "are", or summed up after the list
    ("which three goals does the plan set?", "The plan sets three goals: fewer emissions, more jobs and less waste.", False),
    ("which two programmes fund it?", "The two programmes that fund it are Horizon Europe and LIFE.", False),
    ("what two steps did she recommend?", "She advised naming a security officer and patching monthly, two steps that cost little.",
     False),
    ("which regions are in the alliance?", "Clusters from six regions of the Alps.", False),  # no number asked
])
def test_which_n_things_answered_only_with_their_number(question: str, answer: str, counted: bool) -> None:
    assert attributes.counted_not_named(fold(question), answer) is counted


@pytest.mark.parametrize(("question", "answer", "unnamed"), [
    ("which bank financed the plant?", "A regional bank financed the plant with a 20-year loan.", True),
    ("which retailers stock the recycled jeans?", "Two retailers in Ghent stock the jeans since March.", True),
    ("which airlines fly on the new fuel?", "Airlines based in Toulouse plan to fly on it from 2027.", True),
    # named: after the noun, before it, or referred to as one named before
    ("which bank financed the plant?", "The bank Sparkasse Nord financed the plant.", False),
    ("which bank financed the plant?", "Sparkasse Nord, a regional bank, financed the plant.", False),
    ("which bank financed the plant?", "Sparkasse Nord signed in May; the bank financed the plant.", False),
    ("which retailers stock the jeans?", "Retailers such as Zeeman and Hema stock them.", False),
    # not a mention: a word of a title, a singular used as a modifier
    ("which ports lose cargo?", "Gdansk and Gdynia lose cargo; the cluster plans port and rail investments together.", False),
    ("which towns are the studios in?", "At “Clusters in small towns” the studios in Galway and Ennis were shown.", False),
    # nor is an answer that never mentions the kind asked: it names none of them...
    ("which airline flew the mission?", "The mission to India took place in November 2025.", True),
    ("which chemical companies buy the hydrogen?", "The valley aims to produce 4,000 tonnes a year.", True),
    # ...unless "what" asks why ("what attracted software firms?") or the kind is named as a place
    ("what attracted software firms to the islands?", "Fast cables and a cluster helpdesk.", False),
    ("which ports does the corridor link?", "The corridor links Sines and Rotterdam.", False),
    # the name of anything asked: the thing mentioned without one is no answer
    ("what is the name of the cheese dairy that tested the sensors?", "A cheese dairy near Gouda tested the sensors.", True),
    ("what was the name of the training centre in Brno?", "The cluster opened a training centre in Brno in 2025.", True),
    ("what is the name of the cheese dairy that tested the sensors?", "The cheese dairy Kaasmakerij Zuid tested them.", False),
    ("what's the name of the programme for pilot runs?", "The pilot line runs the programme “LineStart” for SMEs.", False),
])
def test_which_company_answered_only_with_a_company(question: str, answer: str, unnamed: bool) -> None:
    assert attributes.unnamed_entity(fold(question), answer) is unnamed


@pytest.mark.parametrize(("question", "answer", "missing_count"), [
    ("how many members does the wine cluster have?", "The wine cluster's members export 40% of their bottles.", True),
    ("how many robots does the plant run?", "The plant runs robots from three suppliers since 2023.", True),
    # counted: before the noun, after it, or as "the number of"
    ("how many members does the wine cluster have?", "The wine cluster has 212 members, 148 (70%) of them SMEs.", False),
    ("how many members does it have?", "It counts 3,200 of the region's members and partners.", False),
    ("how many twins has it built?", "It has built digital twins of 120 churches.", False),
    ("how many notified bodies are there?", "The number of notified bodies had grown to 51 by 2024.", False),
    ("how many mw of electrolysers are planned?", "The valley plans 200 MW of electrolyser capacity.", False),
    ("how many farm tested tools of precision?", "The vouchers got 312 farms to test a precision tool.", False),  # half translated
    ("how many firms buy together?", "Twelve member companies buy steel together.", False),  # the noun asked is not named
    # a share is a count of them too
    ("how many prototypes were still used?", "About two-thirds of the prototypes were still used a year later.", False),
    ("how many weavers are over 60?", "Half of the weavers are over 60 and few apprentices follow.", False),
    ("how many members export?", "A quarter of the members export to Asia.", False),
    ("how many speakers did it have?", "Speakers came from Spain and Italy.", False),  # counted from the fields
])
def test_how_many_answered_without_a_count_of_it(question: str, answer: str, missing_count: bool) -> None:
    assert attributes.count_not_given(fold(question), answer) is missing_count


@pytest.mark.parametrize(("question", "answer", "missing"), [
    ("what's the GDP of Estonia?", "AgriFood Estonia: an Estonian agri-food cluster.", True),
    ("what is the euro to dollar exchange rate today?", "I3 projects range from 2 to 10 million EUR.", True),
    ("what share of the region's GDP comes from the cluster?", "The cluster's members make up 4% of the region's GDP.", False),
    ("Wer hat die Keynote gehalten?", "Anna Berg gave the keynote.", False),  # read as written, no false friend
])
def test_a_fact_of_the_world_is_answered_only_by_a_text_that_states_it(question: str, answer: str, missing: bool) -> None:
    assert (attributes.world_fact_missing(fold(question), answer) is not None) is missing


@pytest.mark.parametrize(("question", "answer"), [
    ("what kind of e-mail address do I need to register?", "Registration needs an institutional e-mail address."),
    ("her email please", "Write to anna.berg@example.eu."),
    ("what is his nationality?", "Born in Graz, he is an Austrian national."),
])
def test_an_answer_with_the_detail_or_a_question_about_a_rule_is_kept(question: str, answer: str) -> None:
    assert attributes.missing(fold(question), answer) is None


@pytest.mark.parametrize(("question", "answer", "missing"), [
    ("who won Cluster Manager of the Year 2025?", "Ana Ruiz was named Cluster Manager of the Year 2023.", True),
    ("which partnership became Partnership of the Year 2021?", "The panel met on 5 October 2021.", True),
    ("who was Cluster Manager of the Year 2023?", "Ana Ruiz was named Cluster Manager of the Year 2023.", False),
    ("how do I register for the Managers of the Year 2026 webinar?", "Register on the ECCP page.", False),
])
def test_an_award_of_a_year_is_answered_only_by_that_years(question: str, answer: str, missing: bool) -> None:
    assert (attributes.award_year_missing(question, answer) is not None) is missing


def test_a_time_of_day_missing_from_the_fields_is_read_from_the_description(tmp_path) -> None:
    # the form has no field for a call's closing hour (an end needs a start), so admins write it
    # in the description; "what time does it close?" must find it there, not decline
    folder = shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    events = yaml.safe_load((folder / "events.yaml").read_text(encoding="utf-8"))
    events["events"].append({
        "id": "alpine-twinning-call-2026", "title": "Alpine Twinning call", "kind": "call",
        "start_date": "2026-02-02", "end_date": "2026-05-29", "online": True,
        "description": "A call for twinning visits between Alpine clusters, open from 2 February 2026 "
                       "to 29 May 2026, 16:00 Brussels time, with grants of up to 40,000 EUR per visit.",
    })
    (folder / "events.yaml").write_text(yaml.safe_dump(events, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reply = Engine(load_dir(folder)).answer("at what time does the alpine twinning call close?", now=NOW)
    assert reply.answered and "16:00" in reply.text, reply.text
    # a record whose text gives no time of day still declines (the conference's opening hour)
    assert not Engine(load_dir(folder)).answer("what time is the opening of the European Cluster Conference 2024?",
                                                now=NOW).answered
