"""Word lists for the engine: stop words, a small FR/DE/ES/IT→EN lexicon, English synonyms.

These are general language, not facts about particular talks: the knowledge stays in YAML.
All keys are folded (lower case, no accents).
"""

from __future__ import annotations

import re
from importlib import resources

import snowballstemmer
import yaml

# Irregular English verb forms and their base form, so that "taken", "took" and "take" are one
# word to the index and to the questions, as the stemmer makes "takes" and "taking" one.
IRREGULAR = {
    form: base
    for base, forms in {
        "take": "took taken", "speak": "spoke spoken", "give": "gave given", "hold": "held",
        "begin": "began begun", "run": "ran", "go": "went gone", "see": "saw seen", "choose": "chose chosen",
        "write": "wrote written", "say": "said", "tell": "told", "come": "came", "become": "became",
        "make": "made", "meet": "met", "lead": "led", "bring": "brought", "think": "thought", "find": "found",
        "know": "knew known", "win": "won", "sit": "sat", "stand": "stood", "get": "got gotten",
        "build": "built", "send": "sent", "spend": "spent", "keep": "kept", "pay": "paid", "grow": "grew grown",
        "show": "shown", "draw": "drew drawn", "rise": "rose risen", "fall": "fell fallen", "teach": "taught",
    }.items()
    for form in forms.split()
}


def _stem(word: str) -> str:
    return _snowball(IRREGULAR.get(word, word))


_snowball = snowballstemmer.stemmer("english").stemWord

ENGLISH_STOPWORDS = frozenset(
    """
    a an the of to in on for at by with from and or nor but if then else than so as into onto over under
    about above after before during between through upon within via per
    is are was were be been being am has have had having do does did doing done
    will would shall should can could may might must ought
    i me my mine you your yours he him his she her hers it its we us our ours they them their theirs
    this that these those there here which what whats who whom whose when where why how
    any some all each every both either neither few more most other others such own same
    also too very just only even really quite again further once still yet already
    not no yes ok okay please thanks thank tell know let lets like get got give gave given
    s t d ll re ve m don doesn didn isn wasn aren weren
    according say said says mention mentioned mentions kind kinds type types sort sorts bit lot
    anyone someone something anything somewhere anywhere thing things way ways much many one ones
    everyone everybody anybody somebody nobody everything nothing whoever whatever whichever another
    actually anyway anyways basically literally honestly
    wat wats wot pls plz u ur r thx ty btw lol idk gimme wanna gonna hey hi yo quick
    though although whether while whilst because since unless until out up off down behind
    """.split()
)

# Function words of French, German, Spanish and Italian questions: dropped like English ones,
# and counted to tell a foreign question from an English one.
FOREIGN_STOPWORDS = frozenset(
    """
    le la les l un une des du de d au aux et ou est sont ont ete etait qui que quoi qu
    il elle ils elles on nous vous je tu ce cet cette ces son sa ses leur leurs dans sur pour par avec
    en y ne pas plus c j n qu
    der die das den dem des ein eine einen einem einer und oder ist sind war waren hat haben hatte
    von vom zu zum zur im am auf fur mit bei beim aus als es er sie wir ihr ich du
    el los las una unos unas y es son fue fueron ha han del al con por para se su sus lo
    gli uno sono era erano hanno della dei degli delle alla ai nel nella nei da di che chi cosa si e
    uber sobre sugli sui sul sulla wurden wurde eigentlich
    """.split()
)

STOPWORDS = ENGLISH_STOPWORDS | FOREIGN_STOPWORDS

# Common verbs, adverbs and adjectives that carry little of a question's meaning: they weigh
# less when the knowledge does not use them ("want", "look", "far", "ahead").
LIGHT_WORDS = frozenset(
    """
    want wanted wants look looked looking looks far ahead besides apart especially particularly
    think thought see saw seen make made makes take took taken taking come came go went goes going lie lies lying
    need needs needed use used uses find found try tried keep kept put seem seems seemed hear heard
    bring brought happen happened write wrote mean means meant include included includes
    consider considered expect expected reach remain remains require required allow allowed suppose supposed
    actually exactly roughly approximately mainly basically generally specifically main
    important new old big little great good bad best better different various certain whole able likely
    well back early late right first second last next around overall exact precise precisely
    something stuff person people thing part parts side sides point points place places
    believe feel felt claim claimed state stated stress stressed note noted recall told
    usually often always never sometimes ever available availability possible exist exists existing
    two three four five six seven eight nine ten both several
    speaker speakers panel panels panellist panellists panelist panelists
    apply applies applied spend spent original originally enough achieve achieved achieves accomplish name names named called section sections source sources detail details segment
    newcomer newcomers beginner beginners novice layman laymen plain simply briefly nutshell eli5 sentence sentences
    """.split()
)

# Foreign word -> English word(s). Question words first, then the community's common terms.
FOREIGN: dict[str, str] = {
    # who / when / where / how many / which / why / what
    "qui": "who", "wer": "who", "quien": "who", "quienes": "who", "chi": "who", "wem": "who", "wen": "who",
    "quand": "when", "wann": "when", "cuando": "when", "quando": "when",
    "ou": "where", "wo": "where", "donde": "where", "dove": "where", "wohin": "where",
    "combien": "how many", "wieviele": "how many", "viele": "many", "wie": "how", "cuantos": "how many",
    "cuantas": "how many", "cuanto": "how much", "quanti": "how many", "quante": "how many", "quanto": "how much",
    "quel": "which", "quelle": "which", "quels": "which", "quelles": "which", "welche": "which",
    "welcher": "which", "welches": "which", "welchen": "which", "cual": "which", "cuales": "which",
    "quale": "which", "quali": "which", "pourquoi": "why", "warum": "why", "perche": "why",
    "was": "what", "que": "what", "quoi": "what", "cosa": "what", "comment": "how", "como": "how", "come": "how",
    # people and roles
    "intervenant": "speaker", "intervenants": "speakers", "orateur": "speaker", "orateurs": "speakers",
    "conferencier": "speaker", "redner": "speaker", "rednerin": "speaker", "referent": "speaker",
    "referenten": "speakers", "sprecher": "speaker", "ponente": "speaker", "ponentes": "speakers",
    "orador": "speaker", "oradores": "speakers", "relatore": "speaker", "relatori": "speakers",
    "moderateur": "moderator", "moderatrice": "moderator", "moderatorin": "moderator", "moderador": "moderator",
    "moderadora": "moderator", "moderatore": "moderator", "modere": "moderated", "moderiert": "moderated",
    "modero": "moderated", "moderato": "moderated", "moderata": "moderated",
    "strumento": "instrument", "strumenti": "instruments", "instrumento": "instrument",
    "fand": "", "findet": "", "statt": "", "stattfinden": "", "stattgefunden": "", "celebra": "", "celebro": "",
    "svolge": "", "svolto": "", "tiene": "", "tuvo": "", "lieu": "", "eu lieu": "",
    "commence": "started", "commencee": "started", "debut": "start", "begann": "started", "beginnt": "starts",
    "comenzo": "started", "empezo": "started", "iniziato": "started", "inizia": "starts",
    "dure": "lasted", "duree": "duration", "dauerte": "lasted", "dauer": "duration", "duro": "lasted",
    "durato": "lasted", "durata": "duration", "duracion": "duration",
    "turistico": "tourism", "turistica": "tourism", "tourisme": "tourism", "tourismus": "tourism",
    "turismo": "tourism", "settore": "sector", "secteur": "sector", "sektor": "sector", "sector": "sector",
    "branche": "sector", "candidatures": "applications", "candidature": "application", "antrage": "applications",
    "solicitudes": "applications", "domande": "applications", "recues": "received", "erhalten": "received",
    "recibidas": "received", "ricevute": "received", "hafen": "port", "puerto": "port", "porto": "port",
    "vorteil": "benefit", "ventaja": "benefit", "vantaggio": "benefit", "gewinner": "winner", "gagnant": "winner",
    "ganador": "winner", "vincitore": "winner", "redet": "spoke", "dit": "said", "dijo": "said", "detto": "said",
    "trois": "three", "deux": "two", "quatre": "four", "cinq": "five", "six": "six", "drei": "three",
    "zwei": "two", "vier": "four", "funf": "five", "sechs": "six", "tres": "three", "dos": "two", "cuatro": "four",
    "cinco": "five", "seis": "six", "tre": "three", "due": "two", "quattro": "four", "cinque": "five", "sei": "six",
    "uber": "", "sobre": "", "sugli": "", "sulla": "", "sulle": "", "sul": "", "sui": "", "wurden": "", "wurde": "",
    "charla": "talk", "charlas": "talks", "incontro": "meeting",
    "directeur": "director", "directrice": "director", "direktor": "director", "direktorin": "director",
    "direttore": "director", "direttrice": "director", "generale": "general", "lors": "", "wahrend": "",
    "durante": "",
    "presente": "presented", "presentee": "presented", "vorgestellt": "presented", "prasentiert": "presented",
    "presento": "presented", "presentado": "presented", "presentato": "presented", "presentata": "presented",
    "parle": "spoke", "sprach": "spoke", "gesprochen": "spoke", "hablo": "spoke", "parlato": "spoke",
    "travaille": "work", "arbeitet": "work", "trabaja": "work", "lavora": "work",
    "poste": "role", "rolle": "role", "papel": "role", "ruolo": "role", "fonction": "role", "funktion": "role",
    "organisation": "organisation", "organisme": "organisation", "organizacion": "organisation",
    "organizzazione": "organisation", "entreprise": "company", "unternehmen": "company", "empresa": "company",
    "azienda": "company", "membres": "members", "membre": "member", "mitglieder": "members",
    "mitgliedsorganisationen": "member organisations", "miembros": "members", "membri": "members",
    # time
    "date": "date", "datum": "date", "fecha": "date", "data": "date", "jour": "day", "tag": "day", "dia": "day",
    "giorno": "day", "heure": "time", "uhrzeit": "time", "uhr": "time", "hora": "time", "ora": "time",
    "prochain": "next", "prochaine": "next", "nachste": "next", "naechste": "next", "proximo": "next",
    "proxima": "next", "prossimo": "next", "prossima": "next", "avril": "april", "abril": "april", "aprile": "april",
    "janvier": "january", "januar": "january", "enero": "january", "gennaio": "january",
    "fevrier": "february", "februar": "february", "febrero": "february", "febbraio": "february",
    "juillet": "july", "juli": "july", "julio": "july", "luglio": "july",
    "aout": "august", "agosto": "august",
    "mai": "may", "mayo": "may", "maggio": "may", "mars": "march", "marz": "march", "marzo": "march",
    "octobre": "october", "oktober": "october", "octubre": "october", "ottobre": "october",
    "septembre": "september", "settembre": "september", "septiembre": "september", "juin": "june",
    "juni": "june", "junio": "june", "giugno": "june", "novembre": "november", "noviembre": "november",
    "decembre": "december", "dezember": "december", "diciembre": "december", "dicembre": "december",
    "annee": "year", "jahr": "year", "ano": "year", "anno": "year", "ans": "years", "jahre": "years",
    "anos": "years", "anni": "years", "delai": "deadline", "frist": "deadline", "plazo": "deadline",
    "scadenza": "deadline", "lance": "launched", "lances": "launched", "gestartet": "launched",
    "lanzado": "launched", "lanzados": "launched", "lanciato": "launched", "lanciati": "launched",
    # things
    "pays": "countries", "land": "country", "lander": "countries", "laendern": "countries", "landern": "countries",
    "pais": "country", "paises": "countries", "paese": "country", "paesi": "countries",
    "conference": "conference", "konferenz": "conference", "conferencia": "conference",
    "conferenza": "conference", "webinaire": "webinar", "sitzung": "session", "reunion": "meeting",
    "riunione": "meeting", "objectifs": "objectives", "objectif": "objective", "ziele": "objectives",
    "ziel": "objective", "objetivos": "objectives", "objetivo": "objective", "obiettivi": "objectives",
    "obiettivo": "objective", "financement": "funding", "finanzierung": "funding", "forderung": "funding",
    "financiacion": "funding", "financiamiento": "funding", "finanziamento": "funding",
    "finanziamenti": "funding", "budget": "budget", "haushalt": "budget", "presupuesto": "budget",
    "bilancio": "budget", "millions": "million", "millionen": "million", "millones": "million",
    "milioni": "million", "avantages": "benefits", "avantage": "benefit", "vorteile": "benefits",
    "ventajas": "benefits", "beneficios": "benefits", "vantaggi": "benefits", "benefici": "benefits",
    "defis": "challenges", "herausforderungen": "challenges", "desafios": "challenges", "retos": "challenges",
    "sfide": "challenges", "piliers": "pillars", "saulen": "pillars", "pilares": "pillars", "pilastri": "pillars",
    "volets": "strands", "sujets": "topics", "themes": "topics", "themen": "topics", "temas": "topics",
    "temi": "topics", "inscription": "registration", "anmeldung": "registration", "registrierung": "registration",
    "inscripcion": "registration", "iscrizione": "registration", "grappe": "cluster", "grappes": "clusters",
    "pole": "cluster", "poles": "clusters", "organise": "organised", "organisiert": "organised",
    "organizado": "organised", "organizzato": "organised", "veranstaltung": "event", "evenement": "event",
    "evento": "event", "eventi": "events", "eventos": "events", "evenements": "events", "ou a lieu": "where",
    "ort": "place", "lugar": "place", "luogo": "place",
    "signifie": "stands for", "bedeutet": "stands for", "significa": "stands for", "steht": "stands for",
    "entite": "entity", "juridique": "legal", "rechtsform": "legal entity", "juridica": "legal",
    "giuridica": "legal", "enregistrement": "recording", "aufzeichnung": "recording", "grabacion": "recording",
    "registrazione": "recording", "messages": "messages", "cles": "key", "kernbotschaften": "key messages",
    "claves": "key", "chiave": "key", "taille": "size", "grosse": "size", "tamano": "size", "dimensione": "size",
    "taux": "rate", "satz": "rate", "tasa": "rate", "tasso": "rate", "appel": "call", "aufruf": "call",
    "convocatoria": "call", "bando": "call", "competences": "skills", "kompetenzen": "skills",
    "habilidades": "skills", "competenze": "skills",
}

# Phrases rewritten before tokenising (patterns on folded text).
PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in (
        (r"\bwie viele\b", "how many"),
        (r"\bcombien de temps\b", "how long"),
        (r"\bwie lange?\b", "how long"),
        (r"\bcuanto tiempo\b", "how long"),
        (r"\bquanto tempo\b", "how long"),
        (r"\bcombien de\b", "how many"),
        # "combien de membres compte le PFRS ?": French "compter" there is "to have", not "to count"
        (r"\b(how many\b[^?]*?)\bcompt(?:e|ent|ait|aient)\b", r"\1has"),
        # "di cosa ha parlato", "worüber sprach sie": what about
        (r"\bdi (?:che )?cosa\b", "about what"), (r"\bworuber\b", "about what"),
        (r"\bcom(?:es|ing) up\b", "upcoming"),
        (r"\bwhat'?s on\b", "upcoming"),
        (r"\bjob title\b", "role"),
        (r"\bposition\b", "role"),
        (r"\bset up\b", "create"),
        (r"\b(at|by) (the|that|this) time( of)?\b", " "),
        (r"\bkick ?off\b", "start"),
        (r"\bspell(?:s|ed)?(?: it| this| that| them)? out\b", "stand for"),  # an abbreviation written in full
        (r"\bwhos\b", "who is"),  # "who's" typed without its apostrophe
        # chat shorthand for everyday words: "wen is the nxt talk", "what did she say abt it"
        # (only shorthand that dev questions used and lost on; "u", "r", "tmrw" fixed none)
        (r"\bnxt\b", "next"), (r"\b(?:abt|bout)\b", "about"), (r"\bppl\b", "people"),
        (r"\bintro\b", "introduction"),  # the agenda's "Introduction on ..."
        (r"\breg(?= (?:deadline|form|link|page|fee))\b", "registration"), (r"\bwen\b(?= (?:is|was|does|did|will|are)\b)", "when"),
        (r"\bsessions?\b", "talk"),
        (r"\b(take|takes|taking|took|taken) place\b", " "),
        (r"\bheld\b", " "),
        (r"\bin total\b", " "),  # "how many speakers in total": a count, no word of it
        # "how are you?" in French, German, Spanish and Italian: small talk, as it is in English
        # (word by word, "qué tal" reads as a valley and "wie geht's" as "go"); one entry for the
        # four languages, with the intent model's examples of the same
        (r"\b(?:comment )?(?:ca|tu) vas? bien\b|\bcomment (?:vas[ -]tu|allez[ -]vous|ca va)\b|\bca va\b(?= *[?!.]*$)"
         r"|\bvous allez bien\b|\bwie geht'?s\b(?: (?:dir|ihnen|euch))?|\bwie geht es (?:dir|ihnen|euch)\b"
         r"|\bque tal(?: (?:estas|esta|va|andas))?\b(?= *[?!.]*(?:$|\b(?:hoy|amigo|bot)\b))"
         r"|\bcomo (?:estas|esta usted|te va|va todo)\b|\bcome (?:stai|sta|va|state)\b|\btutto bene\b(?= *[?!.]*$)",
         "how are you"),
        (r"\baujourd'? ?hui\b", "today"),
        # where the bot keeps what it knows ("the talks in your knowledge base", "the oldest talk
        # you have info on"): what it knows, not a word to look up (the "info webinar" matched)
        (r"\b(?:in|on|from) (?:your|ur|the|this|its) (?:knowledge(?: ?base)?|database|data ?base|records?|memory)\b"
         r"|\b(?:you|u) (?:have|hold|got|keep) (?:any )?(?:info|information|data|details|knowledge)"
         r"(?: (?:on|about|of|for))?(?=\W*$)", " that you know "),
    )
]

# Groups of near-synonyms in general English; a query word also matches its group, at a discount.
_GROUPS = """
grow grew grown expand increase growth larger
size sizes big large small
complex complexity complicated
hard difficult difficulty difficulties tough tricky
avoid without escape
tied restricted bound limited constrained
country countries national nation
border borders boundaries boundary
cross across
start starting initiate launch begin create creating form forming establish
money funding finance financial budget funds funded bucks cash pot
deadline close closing closes
job role position
company companies business businesses firm firms enterprise enterprises
help support assist helps supports
goal goals objective objectives aim aims target
speaker speakers presenter panellist panelist spoke speak presented
benefit benefits advantage advantages
problem problems challenge challenges issue issues difficulty
learn learning lesson lessons takeaway takeaways
outlook ahead future forward prospects look looking
normal usual standard regular ordinary typical
recommend recommended advise advised advice suggest suggested
warn warned caution
insist insisted stress stressed emphasise emphasised emphasize emphasized highlight highlighted underline underlined
debrief review recap reflect takeaways results
say voice input
meeting talk webinar session
show present presented introduce introduced
moderator moderated host hosted chair chaired
car cars automotive vehicle
chip chips semiconductor electronics electronic
travel tourism
health medical pharmaceutical
small smes sme
eu europe european
join joining participate participation involved involvement
engage engaged engagement active involvement
money capital financial
many number count
focus focused focusing centre centred center centered
staff personnel people human
theme themes topic topics subject subjects
"""

SYNONYMS: dict[str, tuple[str, ...]] = {}
for _line in _GROUPS.strip().splitlines():
    _stems = {_stem(w) if len(w) > 3 else w for w in _line.split()}
    for _s in _stems:
        SYNONYMS[_s] = tuple(sorted((set(SYNONYMS.get(_s, ())) | _stems) - {_s}))



#: libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure one
FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_lexicon() -> dict[str, dict[str, str]]:
    """The general word lists per language (data/lexicon.yaml): language -> foreign word -> English."""
    text = resources.files("talkbot.answer").joinpath("data/lexicon.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=FAST_SAFE_LOADER) or {}
    return {lang: {str(k): str(v or "") for k, v in words.items()} for lang, words in data.items()}


#: French, German, Spanish and Italian general vocabulary, beside the hand-made FOREIGN list
LEXICON: dict[str, dict[str, str]] = _load_lexicon()
