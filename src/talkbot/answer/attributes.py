"""Details a question asks for that an answer must show: the last check before answering.

"What will the weather be like in Graz?" finds the Graz event, and "how much does the course
cost?" finds the course; neither answer says what was asked. Some details have a recognisable
form in any answer that gives them: an amount of money, a web address, a number of people who
attended. When a question asks for one of them and the answer has no such form, the knowledge
does not say it, and the bot declines (a near miss) instead of quoting the nearest snippet.

Each row is general language (the words people use to ask for the detail, and the form an
answer giving it takes), not wording from particular questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Detail:
    name: str
    asked: re.Pattern[str]  # on the question, folded (lower case, no accents), in English words
    given: re.Pattern[str]  # on the answer text
    ignore: re.Pattern[str] | None = None  # parts of the answer that never give it (dates for a count)
    unless: re.Pattern[str] | None = None  # questions that name the detail without asking for it

    def asked_in(self, question: str) -> bool:
        return bool(self.asked.search(question)) and not (self.unless and self.unless.search(question))

    def shown(self, answer: str) -> bool:
        return bool(self.given.search(self.ignore.sub(" ", answer) if self.ignore else answer))


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_FOUNDING = r"(found\w*|establish\w*|set up|creat\w*|launch\w*|form(ed|ing)|start\w*|since|beg[au]n)\b"
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"


#: the forms a sum of money takes in an answer (or its absence: "free", "no fee")
_MONEY_SHOWN = (r"€|\beur\b|\beuros?\b|\busd\b|\$|£|\bchf\b|\bmillion\b|\bbillion\b|\bfree\b|\bno (fee|cost|charge)"
                r"|\bat no cost\b")
#: counts written in words
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
                 r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
                 r"|hundreds?|thousands?|dozens?")


# "at what time does the conference open?": its dates are not a time of day
TIME_OF_DAY = Detail("time of day", _re(r"\b(what|which|at what) (time|hour)\b(?! ?zone)|\bwhat o.?clock\b|\b(start|starting|end|ending) time\b"),
                     _re(r"\b\d{1,2}[:.h]\d\d\b|\b\d{1,2}\s*(am|pm)\b|\bnoon\b|\bmidday\b|\bmidnight\b"))


DETAILS = (
    Detail("weather", _re(r"\b(weather|temperature|rain(ing|y)?|sunny)\b"),
           _re(r"\b(weather|temperature|degrees|°c|rain|sunny)\b")),
    Detail("age", _re(r"\bhow old\b|\b(what|his|her|their) age\b"),
           _re(r"\b\d+\s*(-\s*)?years?\s*old\b|\baged?\s+\d+")),
    # "the link to the stream", "zoom url"; not "the link between X and Y" (a relation) nor
    # "is it on zoom or in person?" (where it is held)
    Detail("web address", _re(r"\b(the|a|zoom|teams|webex|stream|streaming|meeting|registration|event|webinar)\s+link\b"
                              r"(?!\s+(between|with)\b)|\blink\s+(to|for)\b|\b(url|web address)\b"
                              r"|\bzoom\b(?!\s+or\s+(\w+\s+){0,2}(in person|irl|on.?site|physical\w*|face.to.face|in \w+))"),
           _re(r"https?://|\bwww\.|\b[\w-]+\.(eu|com|org|net|int)\b"),
           # "when will I get the zoom link?", "was the link sent?": how and when it comes is asked;
           # "the strategy's link to the Euroclusters": a relation
           unless=_re(r"\b(when|how)\b.*\b(get|gets|getting|receive\w*|sen[dt]|e?-?mail\w*)\s+(\w+\s+){0,2}link\b"
                      r"|\bwill (i|we|you|they|people|participants) (get|receive)\b.*\blink\b|\bjoin (\w+\s+){0,2}link\b"
                      r"|\blink\s+(\w+\s+){0,6}(sent|mailed|emailed|come|comes|arrive\w*)\b|'s link to\b")),
    # "is the webinar free of charge?", "did you have to pay to attend?", "how much is a ticket?"
    # ...but not "what share of the cost is X", "how much of its costs" (a share is asked),
    # "what was said at the membership fee talk" (the fee names a topic: a noun follows it) nor
    # "what did X say about membership fees?" (what was said is asked)
    Detail("price", _re(r"\bhow much\b(?! of\b).*\b(fee|fees|cost|costs|price|charge)\b"
                        r"|\b(what|which)\b(?! of\b)(?!.*\b(share|part|percentage|proportion|portion|fraction)"
                        r" of\b)(?!.*\b(say|said|says|think|thinks|thought|advise\w*|suggest\w*|recommend\w*|explain\w*"
                        r"|mean|means|meant)\b).*\b(fee|fees|cost|costs|price|prices|charge|charges)\b"
                        r"(?=\s*($|[?!.,;:)]|(for|to|of|per|in|at|on|and|or|is|was|are|were|do|does|did|will|would|be|today|now)\b))"
                        r"|\bhow\b(\s+\w+){0,2}\s+costs?\b"
                        r"|\b(is|was|are|were) there (an?|any) (\w+ )?(fee|charge|cost|price)s?\b"
                        r"|\b(do|does|did|will|would) (i|we|you|they|companies|smes|participants|attendees|one|visitors)"
                        r" (have to |need to )?pay\b"
                        r"|\bcosts? (anything|something|money)\b|\bfree of charge\b|\bfor free\b"
                        r"|\b(is|was|are|were) (it|this|that|she|he|the [\w -]{1,60}?) free\b"
                        r"|\bfree to (attend|join|participate|register)\b"
                        r"|\bhow much (is|are|was|were|does|do) (an? |the )?(\w+ )?"
                        r"(ticket|entry|entrance|admission|participation|registration|attendance|seat|place)s?\b"
                        r"|\b(entry|entrance|admission|participation|registration|attendance) (fee|ticket|price|cost)s?\b"),
           _re(_MONEY_SHOWN)),
    # "what is the budget of the programme?", "how much EU funding did the towns get?": a
    # sentence about the programme that names no sum does not say
    Detail("amount of money",
           _re(r"\bhow much\b.*\b(money|funding|funds?|funded|budgets?|grants?|financ\w*|invest\w*|euros?|eur|subsid\w*"
               r"|co-?financ\w*|loans?|capital|revenues?|turnover|income|bucks|cash|spend|spent|worth|raised?)\b"
               r"|\bwhat (is|was|were|are) the (total |overall |annual |yearly )?"
               r"(budget|turnover|revenue|amount|grant|funding)\b"),
           _re(_MONEY_SHOWN + r"|\bsek\b|\bpln\b|\bdkk\b|\bnok\b|\bczk\b|\byen\b|\bbn\b|\d\s*%|\bper ?cent\b")),
    # "how many PhD students are in the programme?": a sentence about the programme with no
    # number but its dates does not say (a list of the moderators asked for counts them)
    Detail("number", _re(r"\bhow many\b(?! (moderators?|speakers?|panel\w*|presenters?|hosts?|chairs?)\b)"),
           _re(rf"\d|\b({_NUMBER_WORDS}|single|both|half|all|none|no)\b"),
           ignore=_re(rf"\b\d{{1,2}}(st|nd|rd|th)?(\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}|\b{_MONTH}\s+\d{{1,2}}\b"
                      r"|\b(19|20)\d\d\b|\b\d{1,2}[:.]\d\d\b|\[\d+\]")),
    # "what's the salary of a CNC technician?", "quel est le salaire de X ?": a person's profile
    # or a training programme names no pay ("can the grant pay salaries?" asks a rule, not a sum)
    Detail("salary",
           _re(r"\b(what|which|how much|how high|average|typical|monthly|yearly|annual)\b(\W+\w+){0,4}?\W+"
               r"(salar(y|ies)|wages?)\b(?!\s+(for|of the trainees))|\b(what|how much)\b.*\bearns?\b"
               r"|\b(salaire|gehalt|sueldo|salario|stipendio)\b"),
           _re(_MONEY_SHOWN),
           unless=_re(r"\bas (much|important) as salar|\bpay (for )?(the |their |staff )*salar")),
    # "how do I sign up for the June talk?": the talk's date says nothing about registering
    Detail("way to register",
           _re(r"\bhow (do|can|could|should|would) (i|we|you|one|companies|smes|people|members) (\w+ ){0,2}"
               r"(register|sign up|enrol|enroll|subscribe)\b"
               r"|\b(do|did|does|will|would|must) (i|we|you|they|one|people|participants|attendees|companies|smes)"
               r" (\w+ )?(need|have|got) to (register|sign up|enrol|enroll)\b"
               r"|\b(register|sign up|enrol|enroll)(ed)? (in advance|beforehand|ahead)\b"
               r"|\bregistration (required|needed|necessary|mandatory|compulsory|process|link|page|form|rules?|procedure)\b"
               r"|\bwhere (do|can|could|should) (i|we|you|one) (register|sign up|enrol)\b"
               r"|\b(is|was) (a )?(registration|sign.?up) (required|needed|necessary|mandatory|compulsory)\b"),
           _re(r"\b(regist\w*|sign\w*[ -]?up|enrol\w*|inscri\w*|apply|application)\b")),
    # "is there a recording of her keynote?": her keynote's summary is not one
    Detail("recording", _re(r"\b(recording|recorded|recordings|replay|rewatch|re-watch|catch up on|videos?|youtube|playback)\b"
                            r"|\bwatch (it |this |that |the \w+ )?(again|later|back)\b"),
           _re(r"\b(record\w*|video\w*|youtube|replay\w*|watch\w*|vimeo|on demand)\b")),
    # "are the slides online?": a recording is not the slides
    Detail("slides", _re(r"\b(slides?|slide deck|powerpoint|ppt|pdf)\b|\bpresentations? (available|online|shared|downloadable)\b"),
           _re(r"\b(slides?|deck|presentations?|pdf|powerpoint|download\w*)\b")),
    TIME_OF_DAY,
    # "what's the registration deadline for the sports talk?": the talk's own date is not one; a
    # sentence about registering must say until when ("compulsory before 24 April, 7:30")
    Detail("registration deadline",
           _re(r"\b(registration|sign.?up|enrol+ment)\s+(deadline|cut.?off|closes?|closing)\b"
               r"|\bdeadline\s+(to|for)\s+(register|registration|sign)"),
           _re(r"(?:^|[.\n])(?=[^.\n]*\b(?:regist\w*|sign.?up|enrol\w*|appl(?:y|ication)\w*)\b)"
               r"(?=[^.\n]*\b(?:before|until|till|by|clos\w*|deadline|cut.?off|no later than|ends?|ended)\b)"
               rf"(?=[^.\n]*(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}:\d\d\b"
               r"|\b\d{4}-\d\d-\d\d\b|\b(?:days?|hours?|weeks?)\s+before\b))")),
    Detail("language", _re(r"\b(interpret\w*|translat\w*|subtitle\w*|languages?)\b|\bin (english|german|french|spanish|italian)\b"),
           _re(r"\b(in|into) (english|german|french|spanish|italian|japanese)\b"
               r"|\b(english|german|french|spanish|italian|japanese)[- ]language\b"
               r"|\b(interpret\w*|translat\w*|languages?|subtitle\w*)\b")),
    Detail("attendance",
           _re(r"\bhow many (participants|attendees|visitors|viewers)\b"
               r"|\bhow many (people|persons)\b.*\b(attend\w*|join\w*|register\w*|appl(y|ied)|came|watch\w*|follow\w*)"
               r"|\b(attendance|turnout)\b"),
           _re(rf"(\d[\d,.]*|\b({_NUMBER_WORDS}))\s+(people|participants|attendees|registrations|registered|applicants"
               r"|visitors|persons)"
               r"|\b(attend\w*|particip\w*|registered|audience|applicants)\b\D{0,40}\d")),
    # "what's the e-mail address of the team?": a sentence about the team gives no address
    # ("what KIND of e-mail address was needed to register?" asks a rule, not an address)
    Detail("e-mail address", _re(r"(?<!kind of )(?<!type of )(?<!sort of )(?<![\w-])e-?mail\b|(?<![\w-])mail address\b|\bcorreo electr\w*|\bcourriel\b|\bindirizzo (e-?)?mail\b"),
           _re(r"[\w.+-]+@[\w-]+\.[a-z]{2,}")),
    # "what nationality is he?", "where is she from?": a role and an organisation do not say
    Detail("nationality", _re(r"\bnationalit\w*|\bcitizenship\b|\bwhat country (is|was|does|did) (he|she|they|\w+ \w+) (from|come)\b"),
           _re(r"\b(nationality|citizen\w*|born in|national of|comes? from|(is|was) from)\b")),
    # "which unit does she head?": 'Head of Unit, DG GROW' names no unit
    Detail("unit", _re(r"\b(which|what) (exact )?unit\b|\bunit\b.*\b(exactly|name|called)\b"),
           re.compile(r"\b[Uu]nit\s+(?:[A-Z]\.?\d|[A-Z][a-z]+)|\b[A-Z]\.\d\b")),
    # "when was the alliance founded?": a profile of the alliance is not its founding
    Detail("founding date",
           _re(r"\b(when|what year|which year|since when|how long ago)\b.*\b(founded|established|set up|formed|created)\b"
               r"|\b(founded|established|set up|formed|created)\b.*\b(and when|in what year|which year)\b"),
           _re(rf"\b{_FOUNDING}\W+(\w+\W+){{0,8}}?(19|20)\d\d\b|\b(19|20)\d\d\W+(\w+\W+){{0,6}}?{_FOUNDING}")),
    # "on which exact day does the call close?": "in November" is not a day
    Detail("exact day",
           _re(r"\b(exact|precise)\s+(\w+\s+)?(day|date)\b"),
           _re(rf"\b\d{{1,2}}(st|nd|rd|th)?(\s*(-|–|and|to)\s*\d{{1,2}}(st|nd|rd|th)?)?\s+{_MONTH}"
               rf"|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{4}}-\d\d-\d\d\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
               r"|\b(today|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")),
)


#: "which SEVEN COUNTRIES are in the network?": the things asked for by their number
_COUNTED_ASKED = re.compile(rf"\b(?:which|what|name the|names of the|names of|list the|name all)\s+(\d+|{_NUMBER_WORDS})"
                            r"\s+((?:[\w-]+\s+){0,2}?[\w-]+s)\b")
#: after the counted things in the answer's sentence, what introduces them one by one
_LISTED_AFTER = re.compile(r":|\(|\bsuch as\b|\bincluding\b|\bnamely\b|—|\b(are|were|is|was)\b")
#: the things counted after a list of them: "... and Y, two steps that cost little"
_SUMMING_UP = re.compile(r"[,:;—–-]\s*$")
NAMES = Detail("names", _COUNTED_ASKED, re.compile(r"(?!)"))
COUNT = Detail("number", re.compile(r"\bhow many\b"), re.compile(r"(?!)"))


def counted_not_named(question: str, answer: str) -> bool:
    """Whether the question asks which N things and the answer only counts them: "which seven
    countries are in the network?" answered "a network of 48 clusters in seven Alpine countries"
    says how many, not which."""
    asked = _COUNTED_ASKED.search(question)
    if asked is None:
        return False
    number, noun = asked.group(1), asked.group(2).split()[-1]
    stem = noun[:-1] if len(noun) > 4 else noun  # "countries" -> "countrie", "schools" -> "school"
    body = answer.split("\nSources:")[0].lower()
    found = False
    for m in re.finditer(rf"\b{re.escape(number)}\s+(?:[\w-]+\s+){{0,3}}?{re.escape(stem)}\w*([^.\n]*)", body):
        if _LISTED_AFTER.search(m.group(1)) or _SUMMING_UP.search(body[:m.start()]):
            return False  # "three central topics of I3 are ...": named after all
        found = True
    return found


#: nouns whose instances have names: "which COMPANY signed?" is answered by naming it
_NAMED_KINDS = frozenset(
    "company companies firm firms brand brands manufacturer manufacturers supplier suppliers vendor vendors "
    "hospital hospitals school schools university universities chain chains operator operators sponsor sponsors "
    "bank banks startup startups start-up start-ups retailer retailers park parks port ports airline airlines "
    "insurer insurers investor investors buyer buyers customer customers client clients".split())
#: ...of which the places: their names are those of places, without the noun
_PLACE_KINDS = frozenset({"port", "park"})
#: "which chemical company ...": the words after which/what, up to the verb
_WHICH_WORDS = re.compile(r"\b(?:which|what)\s+((?:[\w-]+\s+){1,4})")
_NOT_NAME_WORDS = frozenset(
    "the a an of in at for to with by on from is are was were do does did will would can could has have had "
    "be been should may might shall".split())
#: before an unnamed mention: "a chemical company", "three supermarket chains", "several firms"
_INDEFINITE = re.compile(rf"\b(?:a|an|some|several|many|various|\d[\d,.]*|{_NUMBER_WORDS})\s+(?:[\w-]+\s+){{0,3}}$",
                         re.IGNORECASE)
_DEFINITE = re.compile(r"\b(?:the|its|their|his|her|our|these|those)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: after a mention, its name: "the chain Eroski", "firms (Sony, Denso)", "suppliers such as ...",
#: "the programme \"ChipStart\""
_NAME_AFTER = re.compile(r"\s*(?:[A-Z\"“‘']|\(|:|,? such as|,? including|,? called|,? named|,? namely|—)")
#: before a mention, its name: "BASF, a chemical company"
_NAME_BEFORE = re.compile(r"[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*,?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}$")


def _words_asked(pattern: re.Pattern[str], question: str) -> list[str]:
    """The words after "which", "what" or "how many", up to the first verb or small word: what is asked for."""
    asked = pattern.search(question)
    words = []
    for word in asked.group(1).split() if asked else ():
        if word in _NOT_NAME_WORDS:
            break
        words.append(word)
    return words


#: "what is the NAME OF the juice factory that ...?": a name asked for, whatever the thing is
_NAME_OF = re.compile(r"\bname of (?:the|this|that|a|an|its|their|his|her)\s+((?:[\w-]+\s+){0,3})")
_NAME_OF_STOP = _NOT_NAME_WORDS | frozenset("that which who whose where when behind".split())


def unnamed_entity(question: str, answer: str) -> bool:
    """Whether the question asks which company (school, brand, port ...) and the answer only
    mentions one without naming it: "which chemical company signed?" answered "a chemical company
    committed to buy 4,000 tonnes" says that one did, not which; so for any thing whose name is
    asked ("what is the name of the juice factory ...?")."""
    heads = _words_asked(_WHICH_WORDS, question)
    kinds = [w for w in heads if w in _NAMED_KINDS]
    named = _NAME_OF.search(question)
    if named:
        words = []
        for word in named.group(1).split():
            if word in _NAME_OF_STOP:
                break
            words.append(word)
        kinds = words[-1:] or kinds
    if not kinds:
        return False
    kind = kinds[-1]
    plural = kind.endswith("s")
    body = answer.split("\nSources:")[0]
    mentions = [m for m in re.finditer(rf"\b{re.escape(kind.rstrip('s') if plural else kind)}\w*", body, re.IGNORECASE)
                if m.group(0).lower().endswith("s") == plural  # "hospital data" is no mention of hospitals
                and body[:m.start()].count("“") == body[:m.start()].count("”")]  # nor is a title's word
    if not mentions:
        # "which airline did they fly with?" answered with the mission's dates names no airline
        # (a name asked for as "the name of ..." may be given without its kind: "the thing in Graz");
        # "what ATTRACTED software firms" asks why, not which firms; and ports and parks are named
        # as places ("Gdansk and Gdynia lose cargo")
        return (not named and kind.rstrip("s") not in _PLACE_KINDS
                and not any(w.endswith(("ed", "ing")) for w in heads[:heads.index(kind)]))
    for m in mentions:
        before, after = body[max(0, m.start() - 60):m.start()], body[m.end():m.end() + 40]
        if _NAME_AFTER.match(after) or _NAME_BEFORE.search(before):
            return False
        if not (_INDEFINITE.search(before) or (plural and not _DEFINITE.search(before))):
            return False  # "the company" refers to one named before
    return True


#: "how many MEMBERS does the cluster have?": the counted noun, up to the verb
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)")
#: counts the tables and lists answer, not a free text
_COUNTED_BY_FIELDS = frozenset("talk speaker moderator item place event session panellist panelist day time year".split())
#: a share counts too: "two-thirds of the prototypes", "half of the lacemakers", "a quarter of them"
_FRACTION = rf"(?:(?:{_NUMBER_WORDS}|a|one)[- ])?(?:half|halves|thirds?|quarters?|fifths?|tenths?)"
_COUNT = rf"(?:{_FRACTION}|\d[\d,.]*%?|{_NUMBER_WORDS}|single)"
#: a count just before the noun: "212 members", "22 'quantum readiness checks'", "3,200 of the cluster's members"
_COUNT_BEFORE = re.compile(rf"\b{_COUNT}\s+(?:of\s+(?:the|its|their)\s+)?(?:[\w'’\"“”()%,-]+\s+){{0,4}}[\"“]?$", re.IGNORECASE)
#: or just after it: "digital twins of 120 churches", "members: 48"
_COUNT_AFTER = re.compile(rf"\s*(?:\(|:|of|totall?ing|numbering)?\s*{_COUNT}\b", re.IGNORECASE)


_NUMBER_OF = re.compile(r"\bnumber of\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def counted_noun(question: str) -> str:
    """What "how many ..." counts: the last plural before the verb ("how many tile MAKERS have
    ...", "how many news ITEMS were ..."), else the first word ("how many PEOPLE"); '' if none."""
    heads = [w.rstrip("'’") for w in _words_asked(_HOW_MANY, question)]
    plurals = [w for w in heads if w.endswith("s")] or heads[:1]
    return plurals[-1] if plurals else ""


def count_not_given(question: str, answer: str) -> bool:
    """Whether the question asks how many of something and the answer names that thing but
    counts something else: "how many members does the cluster have?" answered "the cluster's
    members built 40 buildings" gives no number of members."""
    heads = [w.rstrip("'’") for w in _words_asked(_HOW_MANY, question)]
    noun = counted_noun(question)
    if not noun or noun.rstrip("s") in _COUNTED_BY_FIELDS:
        return False
    body = answer.split("\nSources:")[0]

    def mentions(word: str) -> list[re.Match[str]]:
        stem = word[:-1] if word.endswith("s") and len(word) > 4 else word
        return list(re.finditer(rf"\b{re.escape(stem)}\w*", body, re.IGNORECASE))

    def counted(m: re.Match[str]) -> bool:
        before, after = body[max(0, m.start() - 80):m.start()], body[m.end():m.end() + 30]
        sentence = re.split(r"(?<=[.!?])\s", body[m.end():], maxsplit=1)[0]
        return bool(_COUNT_BEFORE.search(before) or _COUNT_AFTER.match(after)
                    or (_NUMBER_OF.search(before) and re.search(r"\d", sentence)))  # "the number of X had grown to 51"

    # the answer must name the counted noun; as that guess can be wrong ("how many farm probaron
    # TOOLS", a question half translated), a count beside any word asked with will do
    if not mentions(noun):
        return False
    return not any(counted(m) for word in heads if len(word) > 3 or word == noun for m in mentions(word))


#: facts of the world, not of the talks, that the knowledge never holds unless it names them: a
#: question asking one ("the GDP of Ukraine", "the euro to yen exchange rate") is answered only by
#: a text that says it. (Mayors, presidents, VAT numbers, football results were each asked in one
#: set only so far: not listed.)
_WORLD_FACTS = (
    ("GDP", r"\bgdp\b|\bgross domestic product\b", r"\bgdp\b|\bgross domestic product\b"),
    ("exchange rate", r"\bexchange rate\b", r"\bexchange rate\b"),
)
WORLD_FACTS = tuple(Detail(name, _re(asked), _re(given)) for name, asked, given in _WORLD_FACTS)


def world_fact_missing(question: str, answer: str) -> Detail | None:
    """A fact of the world the question asks and the answer does not state. Read on the words as
    written: a translation may bring in a false friend (German 'gehalten', held, is no 'Gehalt')."""
    return next((d for d in WORLD_FACTS if d.asked.search(question) and not d.shown(answer)), None)


#: an award named with its year: "European Cluster Manager of the Year 2024"
_AWARD_YEAR = re.compile(r"\bof the year\s*((?:19|20)\d\d)\b", re.IGNORECASE)
AWARD_YEAR = Detail("award of that year", _AWARD_YEAR, _AWARD_YEAR)
_WINNER_ASKED = re.compile(r"\b(who|whom|which|won|wins?|winners?|named|awarded|crowned|wer|qui|quien|quién|chi)\b",
                           re.IGNORECASE)


def award_year_missing(question: str, answer: str) -> Detail | None:
    """"Who was Cluster Manager of the Year 2024?": an answer about the award of another year
    (or that names no year of it) does not say who won that year's."""
    asked = _AWARD_YEAR.search(question)
    if asked is None or not _WINNER_ASKED.search(question):
        return None  # "how do I register for the 'Managers of the Year 2026' talk?" asks no winner
    given = {m.group(1) for m in _AWARD_YEAR.finditer(answer)}
    return None if asked.group(1) in given else AWARD_YEAR


def missing(question: str, answer: str) -> Detail | None:
    """The detail the question asks for that the answer does not show, if any."""
    for detail in DETAILS:
        if detail.asked_in(question) and not detail.shown(answer):
            return detail
    return None


def not_shown(asked: str, written: str, answer: str, retrieved: bool) -> Detail | None:
    """The detail the question asks for that the answer does not give, by every check: the
    forms above (on ``asked``, the question folded and in English), a fact of the world (on
    ``written``, as the member wrote it), and for a retrieved answer the names or the count the
    question's own words ask for ("which seven countries?", "which company?", "how many members?")."""
    detail = missing(asked, answer) or world_fact_missing(written, answer) or award_year_missing(written, answer)
    if detail is None and retrieved:
        if counted_not_named(asked, answer) or unnamed_entity(asked, answer):
            return NAMES
        if count_not_given(asked, answer):
            return COUNT
    return detail
