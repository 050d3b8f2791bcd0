"""Turn the text of a page (announcement, recap, event page) into a draft to review.

Heuristics, not a parser for one site: the page layouts differ (bullets or plain lines,
headings numbered or not, blank lines or none, banners and navigation text first, English,
German, Czech or Polish), so each fact is looked for in several ways, every candidate is
weighed by what the sentence around it says (the talk's own announcement, a publication
line, a deadline, another talk), and whatever is not certain is marked ``# REVIEW`` on its
own line of the draft. A talk page gives a talk file; an event page (a conference, a
matchmaking event, Clusters meet Regions) gives an entry for ``events.yaml``. Nothing here
knows the seed pages; the tests use pages written for them.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from talkbot.knowledge.editor_schema import header_for

# ---------------------------------------------------------------------------------------------
# Dates, in the languages the cluster community's pages use

_MONTH_NAMES = [
    # English, German, French, Italian, Spanish, Czech (nominative and genitive), Polish (genitive)
    "january jan januar janvier gennaio enero leden ledna stycznia",
    "february feb februar février fevrier febbraio febrero únor unor února unora lutego",
    "march mar märz maerz mars marzo březen brezen března brezna marca",
    "april apr avril aprile abril duben dubna kwietnia",
    "may mai maggio mayo květen kveten května kvetna maja",
    "june jun juni juin giugno junio červen cerven června cervna czerwca",
    "july jul juli juillet luglio julio červenec cervenec července cervence lipca",
    "august aug août aout agosto srpen srpna sierpnia",
    "september sep sept septembre settembre septiembre září zari września wrzesnia",
    "october oct oktober octobre ottobre octubre říjen rijen října rijna października pazdziernika",
    "november nov novembre noviembre listopad listopadu listopada",
    "december dec dezember décembre decembre dicembre diciembre prosinec prosince grudnia",
]
# Finnish and Slovak genitives, month by month
for _i, _words in enumerate(
    ["tammikuuta januára", "helmikuuta februára", "maaliskuuta", "huhtikuuta apríla", "toukokuuta mája", "kesäkuuta júna",
     "heinäkuuta júla", "elokuuta augusta", "syyskuuta septembra", "lokakuuta októbra", "marraskuuta novembra",
     "joulukuuta decembra"]
):
    _MONTH_NAMES[_i] += " " + _words
# Swedish, Danish, Norwegian and Dutch, where they differ from the names above
for _i, _words in {0: "januari", 1: "februari", 2: "maart", 4: "maj mei", 7: "augusti augustus"}.items():
    _MONTH_NAMES[_i] += " " + _words
MONTHS = {word: i for i, words in enumerate(_MONTH_NAMES, start=1) for word in words.split()}
_MON = "(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?(?![\w])"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|\.)?(?!\d)"
#: 'du 18 au 20 avril', 'del 18 al 20 de abril', 'dal 18 al 20 aprile', 'vom 18. bis 20. April'
_JOIN = r"(?:\s*(?:-|–|—|&|/)\s*|\s+(?:to|and|und|bis|a|i|et|y|e|až|do|au|al|until|till)\s+|\s+)"
_YEAR = r"(?:,?\s*(?:(?:of|de)\s+)?((?:19|20)\d\d))?(?!\d)"
DAY_MONTH = re.compile(rf"(?<![\d:.])\b{_DAY}(?:{_JOIN}{_DAY})?(?:,\s*|\s*)(?:(?:of|de)\s+)?{_MON}{_YEAR}", re.I)
MONTH_DAY = re.compile(rf"\b{_MON}\s+{_DAY}(?:{_JOIN}{_DAY})?{_YEAR}", re.I)
NUMERIC_RANGE = re.compile(r"(?<![\d.:])(\d{1,2})\.?\s*[-–]\s*(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)\b")  # '15. - 17. 4. 2013', '17-18.09.2015'
#: '7.11. - 8.11.2022', '30.11.-2.12.2016': each day with its month, the year once at the end
NUMERIC_DM_RANGE = re.compile(r"(?<![\d.:])(\d{1,2})\.\s?(\d{1,2})\.?\s*[-–]\s*(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)\b")
SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
NUMERIC_DATE = re.compile(r"(?<![\d.:])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)\b")
ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d{2})-(\d{2})\b")
#: words joining two full dates into one span: '20 November 2018 to 30 April 2019'
#: a year standing alone ('the European Cluster Conference 2024'), not a count ('2040 companies')
YEAR = re.compile(
    r"(?<![\d.,:/-])((?:19|20)\d\d)(?![\d:]|[.,]\d)(?!\s+(?:companies|members|participants|people|smes|jobs|clusters|firms|"
    r"organi[sz]ations|euros?|eur|€|km|tonnes|workers|employees|visitors|attendees|meetings|projects)\b)", re.I)
RANGE_LINK = re.compile(r"^\s*(?:-|–|—|to|until|till|bis|až|do|au|al)\s*$", re.I)

#: what the sentence around a date says about it (checked on the text just before the date)
PUBLISHED = re.compile(
    r"(submitted by [^\n]{0,60}? on|published(?: on)?|posted(?: on)?|publication date|veröffentlicht(?: am)?|"
    r"aktualisiert(?: am)?|updated(?: on)?|created(?: on)?|zveřejněno|publikováno|opublikowano|last modified|meldung|"
    r"veröffentlicht am|gepubliceerd(?: op)?|publicado(?: el)?|publié(?: le)?|publiée?(?: le)?|pubblicato(?: il)?|"
    r"publicerad(?: den)?|julkaistu)"
    # 'gepubliceerd op dinsdag 10 november 2020', 'published on Tuesday, 10 November': the weekday between
    r"(?:\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|\s+(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche))?"
    r",?\s*[:\-–]?\s*$", re.I)
DEADLINE = re.compile(
    r"(?:\b(deadline|no later than|cut-off|closes|closing|will close|spätestens|přihlásit|anmeldeschluss|"
    r"registration closes|apply by|applications? (?:close|until|by)|(?:registrations?|applications?|the call) (?:closed|ended))\b[^.;]{0,40}"
    r"|\b(before|until|till|by|bis|do|jusqu'au)\s+(?:the\s+)?)$", re.I)
OTHER_EVENT = re.compile(r"\b(another|previous|earlier|last|other|past|next|weitere[nr]?|nächste[nr]?|předchozí|příští|poprzedni|kolejn\w+)\b"
                         # ...but 'last week', 'past Monday' say when this event was, not that another one is meant
                         r"(?!\s+(?:week|weekend|month|year|days?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)", re.I)
HAPPENS = re.compile(
    r"\b(take[sn]? place|took place|taking place|will be held|be held|held|is organi[sz]ed|organi[sz](?:e|es|ed|ing)|"
    r"hosts?|hosted|hosting|happen(?:s|ed)?|stattfinden|stattfindet|findet|fand|statt|veranstaltet|"
    r"proběhl[aoy]?|proběhne|koná|konal[aoy]?|konat|uskuteční|odbędzie|odbyło|odbywa|odbyła|w dniach|ve dnech|"
    r"invites? you|join us|joins?|save the date|met|meets?|gathered|convened|sešl[aiy]|trafen)\b", re.I)
#: nouns that say an event is meant, not when: weaker than the verbs above
HAPPENS_NOUN = re.compile(
    r"\b(conference|konferenz\w*|konferenc\w*|matchmaking|workshop|webinar|talks?|event|meeting|session|week|woche|"
    r"veranstaltung\w*|setkání|spotkanie|wydarzenie|c2lab|lab|forum|summit|fair|days?)\b", re.I)

# ---------------------------------------------------------------------------------------------
# Times

#: time zone words pages use, and the IANA zone they mean for a European audience
ZONES = {
    "cet": "Europe/Brussels", "cest": "Europe/Brussels", "brussels time": "Europe/Brussels",
    "central european time": "Europe/Brussels", "central european summer time": "Europe/Brussels",
    "mez": "Europe/Berlin", "mesz": "Europe/Berlin", "sec": "Europe/Prague", "seč": "Europe/Prague",
    "paris time": "Europe/Paris", "berlin time": "Europe/Berlin",
    "wet": "Europe/Lisbon", "west": "Europe/Lisbon", "gmt": "Europe/London", "bst": "Europe/London",
    "london time": "Europe/London", "eet": "Europe/Athens", "eest": "Europe/Athens", "utc": "UTC",
}
_ZONE = r"(central european summer time|central european time|brussels time|paris time|berlin time|london time|cest|cet|mesz|mez|seč|sec|west|wet|eest|eet|gmt|bst|utc)"
_CLOCK = r"(\d{1,2})(?:[:.h](\d{2})(?::00)?)?\s*(a\.?m\.?|p\.?m\.?|uhr|hod\.?|h\b)?"
_TO = r"\s*(?:[-–—]|to|until|till|bis|do|až|à|alle|al|a)\s*"
TIME_RANGE = re.compile(rf"(?<![\d.:,/-]){_CLOCK}{_TO}{_CLOCK}(?:\s*(?:hod\.?|uhr))?(?:\s*\(?\s*{_ZONE}\b\)?)?", re.I)
#: an hour after the word that says it is one, written without minutes: 'alle ore 10' (Italian), 'godz. 10' (Polish),
#: 'kl. 10' (Swedish, Danish, Norwegian), 'klo 10' (Finnish); an end after 'alle', 'do', 'till', a dash
HOUR_WORD = re.compile(r"\b(?:(?:alle|dalle)\s+ore|(?<!\w\s)ore|dalle|godz\.?|godzinie|kl\.|klo)\s+(\d{1,2})(?:[:.](\d{2}))?(?![\d:]|[.,]\d)"
                       r"(?:\s*(?:-|–|alle(?:\s+ore)?|do|till)\s*(\d{1,2})(?:[:.](\d{2}))?(?![\d:]|[.,]\d))?", re.I)
TIME_ALONE = re.compile(rf"(?<![\d.:,/-]){_CLOCK}(?![\d.]|:\d)(?:\s*\(?\s*{_ZONE}\b\)?)?", re.I)  # '08h30: Opening'

# ---------------------------------------------------------------------------------------------
# People

ROLE_WORDS = re.compile(
    r"\b(manager|director|head|leader|lead|president|vice|ceo|cto|coo|cfo|chair\w*|secretary|officer|"
    r"coordinator|co-ordinator|adviser|advisor|policy|expert|founder|co-founder|partner|professor|prof|"
    r"researcher|analyst|consultant|member|commissioner|minister|deputy|chief|editor|moderator|"
    r"specialist|assistant|executive|board|owner|representative|ambassador|engineer|scientist|"
    r"journalist|facilitator|programme|program|project|team|unit|sector|general|senior|junior|lecturer|"
    r"geschäftsführer\w*|leiter\w*|referent\w*|ředitel\w*|manažer\w*|předsed\w*|prezes|dyrektor\w*|kierownik|"
    r"\w*direktor\w*|stellvertretende\w*|vorsitzende\w*|präsident\w*|"
    # Italian, Spanish, French
    r"direttore|direttrice|directora|directeur|directrice|presidente|présidente?|coordinat(?:ore|rice|eur)|coordinador[a]?|"
    r"responsabile|responsable|assessore|consigliere|conseller[a]?|consejer[oa]|sindaco|alcalde|segretari[oa]|secrétaire|"
    r"gerente|jef[ea]|experta|espert[oa]|ricercat(?:ore|rice)|investigador[a]?|chercheu(?:r|se)|amministrat(?:ore|rice)|"
    r"fondat(?:ore|rice|eur)|fundador[a]?|delegat[oa]|commissari[oa]|comisari[oa]|commissaire)\b",
    re.I,
)
#: words that open a role when glued to the end of a name: 'Elodie DurandPolicy Officer'
ROLE_START = set(
    "Policy Project Programme Program Head Director Managing Manager Senior Junior Team Chief President Vice Deputy "
    "Secretary Cluster Professor Researcher Founder Co-founder Partner Coordinator Expert Adviser Advisor Officer "
    "General Executive Board Member Chair Chairman Chairwoman Lead Leader Innovation International Business Technical "
    "Network Communication Communications Research Sales Marketing Product Strategy Investment Unit CEO CTO COO CFO "
    "Legal Scientific Policy-officer Analyst Consultant Specialist Engineer Moderator Minister Commissioner".split()
)
ORG_WORDS = re.compile(
    r"\b(cluster\w*|klastr\w*|klaster\w*|association|asociace|verband|university|universit\w*|institute?|institut\w*|agency|"
    r"ministry|ministerium|ministerstvo|council|alliance|network|centre|center|zentrum|foundation|stiftung|platform|"
    r"commission|authority|chamber|company|corporation|gmbh|ltd|inc|s\.?a\.?|ag|bv|srl|spa|valley|hub|dih|lab|school|"
    r"academy|consortium|federation|confederation|organi[sz]ation|office|region|fund|bank|park|pôle|pole|"
    r"directorate|dg|eismea|easme|jrc|competence|initiative|secretariat|group|\w*direktion|agentur|kammer|"
    r"\w*gesellschaft|hochschule|amt|agentúra|komora|"
    r"comune|regione|ministero|agenzia|associazione|fondazione|consorzio|distretto|politecnico|ayuntamiento|gobierno|"
    r"asociaci[óo]n|fundaci[óo]n|universidad|agence|chambre|comisi[óo]n)\b",
    re.I,
)
#: where the organisation begins in a Commission role: 'Team Leader D.2 – Forum, Alliances, Clusters, DG GROW, ...'
COMMISSION_ORG = re.compile(
    r"(?:^|,\s*|\s+(?:at|in|of)\s+(?:the\s+)?)(?=(?:DG\s+(?:[A-Z]{2,}|[A-Z][a-z]+\b)|Directorate[- ]General|Directorate\b|EISMEA\b|EASME\b|"
    r"HaDEA\b|REA\b|Joint Research Centre|JRC\b|European Commission|European Parliament|Council of the EU))"
)
PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das", "ten", "ter", "y", "zu", "af", "bin", "el", "al", "mac", "mc"}
HONORIFICS = re.compile(
    r"^(?:(?:dr|prof|professor|ing|mgr|mr|mrs|ms|mme|mlle|sir|dame|dipl\.?-ing|univ\.?-prof|doc|judr|mudr|rndr|phdr|"
    r"ph\.?d|dott|dott\.ssa|ir|drs|mag)\.?\s+)+", re.I)
TRAILING_DEGREES = re.compile(r",?\s+(?:ph\.?\s?d\.?|mba|msc|m\.sc\.|bsc|csc\.?|dr\.?)$", re.I)
NOT_NAMES = set(
    """european commission cluster clusters platform talk talks speakers speaker agenda key messages summary register
    registration save news the and eu union moderation moderator panel introduction funding opportunities created watch
    please you conference welcome closing remarks q&a break session sessions discussion keynote speech breakout opening
    presentation presentations networking lunch coffee matchmaking workshop webinar day results events event initiative
    initiatives programme program partnership partnerships network association institute university ministry agency
    council centre center alliance group office department unit directorate general republic czech region regions
    valley industry industries digital green transition innovation skills future policy policies support plenary
    parallel chair host welcome questions answers recap takeaways interview award awards call ideas special guest
    representative members team tbc tba more read download info information details contact share follow home page
    january february march april may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday online virtual hybrid live stream recording video slides report paper booklet
    participants participant organisers organizers organised organized market markets value chain chains supply
    energy hydrogen mobility food health automotive plastics semiconductors photovoltaics textiles space defence
    security tourism circular economy raw materials business businesses companies company smes sme national
    international global local regional strategy pact year years week weeks edition exhibition masterclass
    dialogue forum summit panellists panelists speakers: moderated hosted featuring lessons insights perspectives
    of for in on at by with from to as against coronavirus covid public services service employment economic
    development growth affairs relations
    palazzo piazza teatro museo castello palacio plaza calle château schloss auditorium auditorio hotel""".split()
)
BULLET = re.compile(r"^\s*(?:[•·●○◦▪■*–—-]|\d{1,2}[.)])\s+")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.+)$")
AGENDA_TIME = re.compile(r"^\s*(?:[•·●*-]\s*)?(\d{1,2})[:.h](\d{2})(?:\s*[-–—]\s*\d{1,2}[:.h]\d{2})?\s*(?:(?:CET|CEST|h)\b)?\s*[:|–-]?\s*(.*)$", re.I)
MODERATOR = re.compile(r"\b(?:moderation|moderator|moderated by|hosted by|host|chair(?:ed by)?)\s*[:–-]?\s*([A-ZÀ-Þ][^\n,;(]{2,60})", re.I)
SESSION_WORDS = re.compile(
    r"\b(speech|keynote|presentation|panel|welcome|opening|closing|remarks|debrief|introduction|intro|moderation|"
    r"moderator|wrap-up|conclusions?|q&a|discussion|address|pitch|input|talk|news|update|overview|case|session|"
    r"training|masterclass)\b", re.I)
SPEECH_VERBS = (
    r"(?:presented|explained|said|stressed|highlighted|described|shared|gave|introduced|spoke|talked|underlined|"
    r"emphasi[sz]ed|noted|showed|pointed|outlined|discussed|welcomed|opened|closed|moderated|added|argued|stated|"
    r"reported|announced|summari[sz]ed|concluded|focused|focussed|addressed|invited|recalled|mentioned|illustrated|"
    r"stellte|präsentierte|erläuterte|betonte|erklärte|sprach|berichtete|zeigte|představil[a]?|uvedl[a]?|"
    r"prezentował[a]?|przedstawił[a]?|participates|participated|takes part|took part|"
    r"will (?:speak|present|participate|take part|give|deliver|open|close|share|introduce|moderate)|"
    r"started|began|kicked off|gave details|detailed|walked|reflected|elaborated|demonstrated|showcased|provided|"
    r"delivered|commented|remarked|observed|updated|briefed|informed|"
    # what a programme announces, in the present: 'Ana Silva, CEO of X, gives an overview', 'Darin referieren A und B'
    r"presents|explains|gives|shares|introduces|discusses|speaks|talks|opens|closes|moderates|highlights|outlines|"
    r"gibt|geben|referiert|referieren|spricht|sprechen|präsentiert|präsentieren|berichtet|berichten|erläutert|"
    r"erläutern|erklärt|eröffnet|moderiert|stellt|stellen|"
    # Italian, Spanish and French: 'interverrà', 'presentó', 'a présenté'
    r"interverr[àa]|interverranno|interviene|intervengono|presenter[àa]|presenteranno|illustrer[àa]|parler[àa]|moderer[àa]|"
    r"ha (?:presentato|illustrato|spiegato|sottolineato|moderato|aperto)|[èe] intervenut[oa]|"
    r"intervendr[áa]n?|intervino|presentar[áa]|present[óo]|explic[óo]|destac[óo]|participar[áa]|particip[óo]|moderar[áa]|"
    r"interviendra|interviendront|présentera|a (?:présenté|expliqué|souligné|ouvert)|participera|animera)"
)
#: a stretch of an organisation's name: a dot inside a word belongs to it ('TICE.PT', 'Ltd.,'), a full stop does not
_ORG_CHARS = r"(?:[^,.;]|\.(?=[\w,]))"
#: a word between an organisation and the verb: 'Ana Silva from Asturias Cluster then presented ...'
_THEN = r"(?:(?:then|also|further|finally|later|first|firstly|briefly|subsequently)\s+)?"
MAX_PERSON_LINE = 400
MAX_POINT_CHARS = 450

# ---------------------------------------------------------------------------------------------
# Page furniture: banners, navigation, the series' boilerplate

NAVIGATION = re.compile(
    r"(banner|\b\d{3,4}\s?x\s?\d{3,4}(?!\d)|^skip (links|to)|home ?page|"
    # a 'skip to the content' link in the other languages of the cluster community's sites
    r"^(?:aller|passer|accéder) (?:directement )?au contenu|^contenu principal$|^main content$|"
    r"^przejdź do (?:głównej )?(?:treści|zawartości)|^(?:ir|saltar|pasar) al contenido|^(?:vai|salta|passa) al contenuto|"
    r"^(?:direkt )?zum inhalt|^přejít (?:na|k) obsah|^preskočiť na obsah|^(?:ga |spring )?naar (?:de )?(?:hoofd)?inhoud|"
    r"^hoppa till (?:huvud)?innehåll|^category archives?:|^archives?:|^tag:|"
    r"^hero image$|^(?:image|picture|photo) (?:for|of)\b|zum hauptinhalt|^sie sind hier|^you are here|^menu$|^search\b|^share( this)?( article)?$|cookie|"
    r"^modus\b|©|^\(c\)\s|^image:|^photo:|^foto:|^bild:|^źródło( fot(o|\.)?)?:|^fot\.\s?:?|^(photo|image) (credit|source)s?:|^bildquelle:|\b(istock|shutterstock|adobe stock|getty images)\b|^print$|^back to|^zurück|^breadcrumb|^main menu|^log ?in|^sign ?up$|"
    r"^event (target|type)$|^third country$|^standortförderung$|^leave a comment$|^latest videos$|^most viewed|"
    r"^attachment size$|^doporučujeme$|^teritorium:|^download the full agenda$|^registration form$|"
    r"translated with deepl|required fields are marked|your email address will not be published|^search by category|"
    r"^spread the word|\.(jpe?g|png|pdf|gif)\b|^the agenda$|^european cluster$|^collaboration platform$|"
    r"^an initiative of the european union$|^summary$|^created:\s|^(home|úvod|startseite|start|strona główna)\s*[|›>»/])",
    re.I,
)
BOILERPLATE = re.compile(
    r"(this event is part of (regular|bi-weekly|the)|bi-weekly meeting point|invites the cluster community to a regular|"
    r"eu clusters talks take place every|information on the next talks|they offer up-to-date insights|"
    r"are a space to exchange knowledge|stay tuned for more|eu clusters talks will (keep|feature)|"
    r"a new ecc?p service that will become|share this article|^more info on the eu clusters talks)",
    re.I,
)
SPECIAL = {
    "key_messages": re.compile(r"^(key (messages|takeaways|points|learnings)|main (takeaways|messages)|takeaways|highlights)\b", re.I),
    "agenda": re.compile(r"^(agenda|programme|program|programm|program akce)\b", re.I),
    "speakers": re.compile(r"^(speakers?|panell?ists?|with|featuring|referent\w*|sprecher\w*|řečníci|prelegenci|"
                           r"to give us input|we welcomed|speakers? (of|at) (the|this))\b.*:?$", re.I),
}
TALK_CUE = re.compile(r"\bEU\s*Clusters?\s*Talks?\b|\bClusters?\s+Talks?\s*[“\"„«]", re.I)
EVENT_CUE = re.compile(
    r"\b(conference|konferenz\w*|konferenc\w*|matchmaking|clusters meet regions|c2lab|workshop|veranstaltung\w*|"
    r"cluster weeks?|clusterwochen|trade fair|messe|summit|forum|expo|exhibition|business mission|site visit|"
    r"plenary|breakout|day 1|day 2|wydarzeni\w*|\w*tagung|setkání|spotkanie|akce|kongress|congress|infoabend|netzwerktreffen\w*|"
    r"networking sessions?|policy dialogue|podujati\w*|stretnuti\w*|kongres|round ?table|seminar|"
    # the same in the other languages of the cluster community's pages
    r"conférences?|conferenz[ae]|conferencias?|congrès|sommet|cumbre|congreso|congrés|congresso|trobada|encontro|encuentro|jornadas?|foro|fórum|\w*konferens\w*|\w*konferans\w*|"
    r"konverents\w*|immersió|seminari|seminário|reunión|reunião|rencontres?|salon|"
    r"meeting|q&a|event|eventos?|eventi|événements?|evenements?)\b",
    re.I)
#: an online session: drafted as a talk (speakers, agenda), unless its title names a conference or the like;
#: an info session or info day on a call, a virtual meeting or videoconference, a series' morning sessions too
WEBINAR_CUE = re.compile(r"\b(webinar\w*|webin[aá]ř\w*|webinaire\w*|web[- ]?seminar\w*|online[- ]?seminar\w*|"
                         r"seminario web|(?:online|virtual|digital|morning) (?:sessions?|meetings?)|online[- ]?veranstaltung\w*|"
                         r"info(?:rmation)?[- ]?(?:sessions?|days?)|(?:online[- ]?)?info[- ]?veranstaltung\w*|"
                         r"video[- ]?(?:conferenc\w*|calls?|konferenz\w*))\b", re.I)

COUNTRIES = (
    "Austria|Belgium|Bulgaria|Croatia|Cyprus|Czech Republic|Czechia|Denmark|Estonia|Finland|France|Germany|Greece|"
    "Hungary|Ireland|Italy|Latvia|Lithuania|Luxembourg|Malta|Netherlands|Poland|Portugal|Romania|Slovakia|Slovenia|"
    "Spain|Sweden|Norway|Iceland|Switzerland|United Kingdom|UK|Ukraine|Moldova|Serbia|Montenegro|Albania|"
    "North Macedonia|Bosnia and Herzegovina|Turkey|Türkiye|Georgia|Armenia|Israel|Tunisia|Morocco|Canada|Japan|"
    "Deutschland|Österreich|Belgien|Frankreich|Italien|Spanien|Polen|Tschechien|Česká republika|Polska|Włochy|Czechy|"
    "Belgie|Belgia|Francie|Francja|Itálie|Hiszpania|Španělsko"
)
PLACE_LINE = re.compile(rf"^([A-ZÀ-Þ][\w’'-]+(?: [\w’'-]+){{0,2}}),\s*({COUNTRIES})$")
PLACE_IN_TEXT = re.compile(rf"\b([A-ZÀ-Þ][\w\-’']+(?:[ -][A-ZÀ-Þ][\w\-’']+)?),\s*(?:([A-ZÀ-Þ][\w\-’']+),\s*)?({COUNTRIES})\b")
#: a city named after 'in', 'at', 'v', 'w', 'im' near the event's date: 'took place in Brussels', 'v Praze'
#: capital and small letters of the Latin alphabets, for names and places ('Luděk Kühr', 'Łódź', 'Šimon')
_CAPITALS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_SMALL = "a-z" + "".join(c for c in map(chr, range(0xDF, 0x250)) if c.islower())
PLACE_AFTER = re.compile(
    rf"\b(?:held in|took place in|take place in|takes place in|will be in|in|at|v|ve|w|we|im|en|à|a|i)\s+"
    rf"([{_CAPITALS}][^\W\d_]{{2,}}(?:[ -][{_CAPITALS}][^\W\d_]{{2,}})?)(?![\w-])")
NOT_PLACES = set(
    "Europe European EU The This That Brussels-based Union Commission Council Parliament Member States Industry "
    "Internal Market Programme Cluster Clusters Platform Network Lithuanian Czech German French Polish Italian Spanish "
    "Nordic Baltic Scandinavian Central Eastern Western Southern Northern English January February March April May "
    "June July August September October November December Institute Academy University Department Ministry Rahmen "
    "Hinblick Mittelpunkt Kontext Bereich Zuge Anschluss Auftakt Jahr Jahre Dezember Evropské Evropská".split()
)


@dataclass
class Person:
    name: str
    role: str = ""
    organisation: str = ""
    part: str = ""
    id: str = ""
    unsure: str = ""  # why the draft is not sure of this person, for a '# REVIEW' mark


@dataclass
class DraftSection:
    title: str
    points: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)


@dataclass
class Draft:
    title: str = ""
    kind: str = "talk"  # talk | event
    date: date | None = None
    end_date: date | None = None
    start: time | None = None
    end: time | None = None
    timezone: str = ""
    announced_time: str = ""
    summary: str = ""
    organiser: str = ""
    registration: str = ""
    recording: str = ""
    place: str = ""
    online: bool | None = None
    event_kind: str = "other"
    speakers: list[Person] = field(default_factory=list)
    moderators: list[Person] = field(default_factory=list)
    agenda: list[tuple[str, list[str]]] = field(default_factory=list)
    key_messages: list[str] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)
    source: str = ""
    source_title: str = "Talk page"
    reviews: list[str] = field(default_factory=list)
    #: field name -> why it is unsure; each becomes a '# REVIEW' mark on that field's line
    unsure: dict[str, str] = field(default_factory=dict)
    new_people: list[Person] = field(default_factory=list)

    @property
    def id(self) -> str:
        stem = slugify(self.title, words=6) or ("new-event" if self.kind == "event" else "new-talk")
        if self.kind == "event":
            return f"{stem}-{self.date.year}" if self.date and str(self.date.year) not in stem else stem
        return f"{self.date.isoformat()}-{stem}" if self.date else stem

    def doubt(self, name: str, why: str) -> None:
        """Mark a field unsure (the first reason wins) and say so in the notes."""
        if name not in self.unsure:
            self.unsure[name] = why
            self.reviews.append(f"{name}: {why}")


def _newsy(title: str) -> bool:
    """A headline that reads like news rather than a name: long, a sentence, or two parts joined
    by a colon or a spaced dash ('Clusterkonferenz 2012: Cool Silicon bereitet ... vor')."""
    return (len(title.split()) > 8 or title.rstrip().endswith((".", "!", "?"))
            or bool(re.search(r"\S\s?:\s|\s[-–—]\s", title)))


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str, words: int = 0) -> str:
    tokens = re.findall(r"[a-z0-9]+", fold(text).lower())
    if words:
        small = {"a", "an", "the", "of", "for", "and", "to", "in", "on", "with", "how", "from", "through", "at", "by"}
        tokens = [t for t in tokens if t not in small][:words] or tokens[:words]
    return "-".join(tokens)


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("**", "")
    line = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # markdown links keep their text
    return re.sub(r"[ \t]+", " ", line).strip()


# ---------------------------------------------------------------------------------------------
# Names, roles, organisations


def strip_honorifics(name: str) -> str:
    """'Dr. Daniel Stadler' -> 'Daniel Stadler'; 'Ing. Jiri Herinek, Ph.D.' -> 'Jiri Herinek'."""
    name = HONORIFICS.sub("", name.strip())
    return TRAILING_DEGREES.sub("", name).strip(" ,")


def _is_name(text: str) -> bool:
    text = strip_honorifics(text)
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in text) or len(text) > 60:
        return False
    if re.search(r"[&@/:;|()\[\]“”\"«»!?–—]", text):
        return False
    if re.search(r"(?<!\bvan)(?<!\bvon)(?<!\bVan)(?<!\bVon)\s(?:der|des)\s", text):
        return False  # German nouns and their genitive ('Teil der Veranstaltung'), not 'van der' or 'von der'
    capitals = 0
    for tok in tokens:
        bare = tok.strip(".'’,")
        if bare.lower() in PARTICLES:
            continue
        if bare.lower() in NOT_NAMES or not bare or not bare[0].isupper():
            return False
        if bare.isupper() and len(bare) > 2:
            return False  # an acronym such as CEBR, GROW or TBC
        if ORG_WORDS.fullmatch(fold(bare)) or ROLE_WORDS.fullmatch(fold(bare)):
            return False  # ('Clúster Marítimo' is an organisation)
        capitals += 1
    return capitals >= 2


def _unglue(text: str) -> str:
    """'Elodie DurandPolicy Officer, DG GROW' -> 'Elodie Durand, Policy Officer, DG GROW'."""

    def split(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        if right in ROLE_START and len(left) >= 3 and not re.match(r"(Mc|Mac|O')", left):
            return f"{left}, {right}"
        return m.group(0)

    head, sep, tail = text.partition(",")
    return re.sub(r"\b([A-ZÀ-Þ][a-zà-ÿ’'\-]*[a-zà-ÿ])([A-Z][a-z]+|CEO|CTO|COO|CFO)\b", split, head, count=1) + sep + tail


def _org_like(text: str) -> bool:
    acronym = re.fullmatch(r"[A-Z0-9][A-Z0-9&.\- ]{1,12}", text.strip()) and not ROLE_WORDS.fullmatch(text.strip())
    return bool(ORG_WORDS.search(text)) or bool(acronym)


def _org_name(text: str) -> bool:
    """'Lifestyle & Design Cluster Denmark': capitalised words (and small joining words) with an organisation word."""
    words = text.split()
    return _org_like(text) and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("&", "and", "of", "for", "the", "de")
                                   for w in words)


_QUOTED_NAME = re.compile(r"[„“\"«‚][^„“”\"«»\n]{1,100}[“”\"»‘]")
_HIDDEN_COMMA = "\u2063"  # an invisible separator: no comma, no space


def split_role_org(rest: str) -> tuple[str, str]:
    """The role and the organisation in what follows a name, however the page punctuates them; a comma inside
    quotes ('Head of the unit „Clusters, Social Economy“ at ...') separates nothing."""
    hidden = _QUOTED_NAME.sub(lambda m: m.group(0).replace(",", _HIDDEN_COMMA), rest)
    role, org = _split_role_org(hidden)
    return role.replace(_HIDDEN_COMMA, ","), org.replace(_HIDDEN_COMMA, ",")


def _split_role_org(rest: str) -> tuple[str, str]:
    rest = re.sub(r"\s+", " ", rest).strip(" ,;.–-")
    rest = re.sub(r",\s*(?:who|which|where|and (?:chairs|leads|heads))\b.*$", "", rest)
    rest = re.sub(r",?\s+as (?:a |the )?(?:speakers?|panell?ists?|moderators?|guests?)$", "", rest)  # '..., as speakers'
    if not rest:
        return "", ""
    owner = re.fullmatch(r"(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,5})[’']s\s+(.+)", rest)
    if owner and ROLE_WORDS.search(owner.group(2)) and "," not in owner.group(2):
        return owner.group(2), owner.group(1)  # 'ECA’s vice-president', 'the Alliance's president'
    if re.search(r"[a-z)]\.\s+[A-Z]", rest):  # 'President, Alliance. Managing Director Cluster X': a second affiliation
        head, tail = re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", rest, maxsplit=1)
        role, org = _split_role_org(head)
        return role, (org or tail)
    first, *others = [p.strip() for p in re.split(r",\s*", rest)]
    # 'Head of the Task Force at Directorate General for Internal Market, Industry, ..., European Commission'
    at = re.match(r"^(.+?)\s+(?:at|bei|chez|@|with|within)\s+(?:the\s+|der\s+|dem\s+)?(.+)$", first)
    if at and ROLE_WORDS.search(at.group(1)) and not _org_like(_QUOTED_NAME.sub("", at.group(1))):
        return at.group(1).strip(), ", ".join([at.group(2).strip(), *others])
    # the Commission's own directorates and units hold commas: the organisation begins at 'DG ...'
    m = COMMISSION_ORG.search(rest)
    if m:
        role = rest[: m.start()].strip(" ,;")
        org = rest[m.end():].strip(" ,;")
        # 'Team leader ..., within the Territorial Development Unit', 'Head of Unit in the Innovation Agency (XYZ)'
        inside = r",?\s*(?:within\s+(?:the\s+)?|in\s+(?:the\s+)?(?=[A-Z][^,]*\b(?i:agency|council|unit|directorate|office)\b))"
        within = re.search(rf"{inside}(.+)$", rest[: m.start()])
        role = rest[: m.start()][: within.start()].strip(" ,;") if within else role
        if within:  # '... within the Directorate-General X of the European Commission': the page's own words
            joint = rest[m.start(): m.end()] if re.fullmatch(r"\s+(?:of|in|at)\s+(?:the\s+)?", rest[m.start(): m.end()]) else ", "
            org = f"{within.group(1).strip(' ,')}{joint}{org}"
        agency = re.search(r",\s*([A-Z][A-Z0-9&-]{1,9})$", role)  # '..., HERA, European Commission'
        if agency and not ROLE_WORDS.fullmatch(agency.group(1)):
            role, org = role[: agency.start()].strip(" ,"), f"{agency.group(1)}, {org}"
        return role, org
    parts = [first, *others]
    for i, part in enumerate(parts[1:], start=1):
        if re.match(r"^(within|at|in)\s+(the\s+)?", part, re.I):  # '..., within the Territorial Development Unit'
            parts[i] = re.sub(r"^(within|at|in)\s+(the\s+)?", "", part, flags=re.I)
            return ", ".join(parts[:i]), ", ".join(parts[i:])
    if len(parts) == 1:
        return _split_one(first)
    of = re.match(r"^(.+?)\s+(?:of|at|der|des)\s+(?:the\s+)?([A-ZÀ-Þ].+)$", first)
    internal_unit = bool(of) and len(parts) > 1 and re.fullmatch(
        r"(secretariat|unit|sector|department|division|team|office|directorate)", of.group(2), re.I)
    if of and not internal_unit and ROLE_WORDS.search(of.group(1)) and not _org_like(of.group(1)) and _org_like(of.group(2)):
        return of.group(1), ", ".join([of.group(2), *parts[1:]])  # 'Managing Director of the X Cluster, ...'
    lead, remainder = _leading_role(first)
    if lead and remainder and not _role_only(first) and _org_like(remainder) and (
        remainder.isupper() or not any(_org_like(p) for p in parts[1:])
    ):
        return lead, ", ".join([remainder, *parts[1:]])  # 'CEO Gujarat Maritime Cluster, India'
    if ROLE_WORDS.search(first) and (not (_org_like(first) and not _role_only(first)) or ROLE_WORDS.match(first)):
        return first, ", ".join(parts[1:])  # 'Team Leader Innovation & Clusters, Business Agency'
    if _org_like(first) or first.isupper():
        return "", ", ".join(parts)
    return first, ", ".join(parts[1:])


def _role_only(text: str) -> bool:
    """'Cluster Manager', 'Cluster Project Manager': an organisation word used inside a role."""
    return bool(re.search(r"\b(manager|director|officer|coordinator|leader|lead|head|advisor|adviser|president|ceo|"
                          r"expert|specialist|member|secretary|chair\w*)\b$", text, re.I))


def _leading_role(text: str) -> tuple[str, str]:
    """'Vice President CEBR – Council of ...' -> ('Vice President', 'CEBR – Council of ...'); else ('', '')."""
    words = text.split()
    i = 0
    while i < len(words) and (ROLE_WORDS.fullmatch(words[i].strip(".")) or words[i].lower() in ("and", "&")):
        i += 1
    if 0 < i < len(words) and words[i][:1].isupper() and not ROLE_WORDS.fullmatch(words[i]):
        return " ".join(words[:i]), " ".join(words[i:]).strip(" –-")
    return "", ""


def _split_one(text: str) -> tuple[str, str]:
    """One piece with no comma: 'President of the Ukrainian Cluster Alliance', 'CEO Gujarat Maritime Cluster'."""
    lead, remainder = _leading_role(text)
    if lead:
        return lead, remainder
    # an Italian, Spanish or French page: 'Project Manager di Valore X', 'Head of Projects di Y', 'coordinatrice del
    # Board ... del Comune di Z': the organisation after the first such word not followed by a unit or a board
    for m in re.finditer(r"\s+(?:(?:di|del|della|dello|dei|degli|de la|du|des)\s+(?:l['’])?|dell['’]|de l['’]|d['’])(?=[A-ZÀ-Þ])", text):
        left, right = text[: m.start()], text[m.end():]
        if ROLE_WORDS.search(left) and not ROLE_WORDS.match(right) and (_org_like(right) or len(right.split()) >= 2):
            return left.strip(), right.strip()
    of = re.match(r"^(.+?)\s+(?:of|at|bei|vom|von der|von|der|des)\s+(?:the\s+|der\s+|des\s+)?([A-ZÀ-Þ].+)$", text)
    if of and ROLE_WORDS.search(of.group(1)) and (_org_like(of.group(2)) or len(of.group(2).split()) >= 2):
        return of.group(1).strip(), of.group(2).strip()
    if ROLE_WORDS.search(text) and not (_org_like(text) and not _role_only(text)):
        return text, ""
    return "", text


#: a second role written after the organisation: 'OpenTech, COB at Clusters of Sweden', 'Agri-Food
#: Lithuania DIH, European Cluster Manager of the Year 2022', 'European Clusters Alliance and team member of ...'
#: the words a role is named with, in the patterns below
_ROLE_NOUNS = (r"manager|director|head|leader|president|vice|ceo|cto|coo|cfo|cob|chair\w*|secretary|officer|coordinator|"
               r"co-ordinator|adviser|advisor|expert|founder|co-founder|professor|prof\.?|researcher|analyst|consultant|member")
_SECOND_ROLE = re.compile(
    rf"(?:,\s*|\s+and\s+)(?=(?:(?:team|board|founding)\s+)?(?:{_ROLE_NOUNS})\b|[^,]*\bof the year\b)", re.I)


#: where an organisation is, written after its name: 'Cluster GAIA in the Basque Country', 'ACME Network in Portugal'
_ORG_PLACE = re.compile(rf"\s+in\s+(?:the\s+)?((?:{COUNTRIES})|[A-ZÀ-Þ][\w’'-]+(?:\s+[A-ZÀ-Þ][\w’'-]+)?\s+"
                        r"(?:Country|Region|Province|County|Area|Valley))$")


def _without_place(org: str) -> tuple[str, str]:
    """'Cluster GAIA in the Basque Country' -> ('Cluster GAIA', 'the Basque Country'): the place is no part of
    the name when what comes before it already names an organisation."""
    m = _ORG_PLACE.search(org)
    if m is None or not _org_like(org[: m.start()]):
        return org, ""
    return org[: m.start()].strip(" ,"), org[m.start():].strip()[3:]


#: a role in a project written after the organisation with a dash: 'Region Värmland – DEBUTING
#: Coordinator', 'Innovation Agency of Navarre – DEBUTING Partner'
_PROJECT_ROLE = re.compile(rf"\s+[–—-]\s+(?:[\w&.'’-]+\s+){{0,3}}(?:{_ROLE_NOUNS}|partner|lead)$", re.I)


def _without_second_role(org: str) -> tuple[str, bool]:
    """The organisation before a second role that follows it, and whether one was cut."""
    m = _SECOND_ROLE.search(org) or _PROJECT_ROLE.search(org)
    if m is None or m.start() == 0:
        return org, False
    return org[: m.start()].strip(" ,;"), True


#: the label before one person on a programme line: 'Speaker: Ana Silva, ...', 'Keynote speaker: ...', 'Referentin: ...'
PERSON_LABEL = re.compile(r"^(?:(?:keynote|guest|main|invited)\s+)?(?:speakers?|presenters?|panell?ists?|referent(?:in)?|"
                          r"sprecher(?:in)?|řečník|prelegent\w*|intervenant\w*|ponente|relatore|relatrice)\s*:\s*", re.I)


def parse_person(line: str) -> Person | None:
    """``Name, Role, Organisation``, ``Name – Role, Org``, ``Name (Role, Org)``, ``Name, Org``, glued or long."""
    text = PERSON_LABEL.sub("", BULLET.sub("", _clean(line))).rstrip(" ;,.")
    if not text or len(text) > MAX_PERSON_LINE:
        return None
    text = _unglue(strip_honorifics(text))
    unsure = "a long line: check where the role ends and the organisation begins" if len(text) > 220 else ""
    paren = re.match(r"^([^(),]+?)\s*\(([^()]+)\)$", text)
    if paren and _is_name(paren.group(1).strip()):
        name, rest = paren.group(1).strip(), paren.group(2)
    else:
        head = re.split(r",\s*|\s+[–—-]\s+|:\s+|\s+\|\s+", text, maxsplit=1)
        name, rest = head[0].strip(), (head[1] if len(head) > 1 else "")
        if not _is_name(name) or not rest.strip():
            return None
    name = strip_honorifics(name)
    said = re.search(rf",\s*(?:who\s+)?(?:has\s+|had\s+)?{SPEECH_VERBS}\b", rest)
    if said:  # 'Ana Silva, CITEVE, presented the state of ...': a sentence, not a list line
        rest = rest[: said.start()]
    role, org = split_role_org(rest)
    org, cut = _without_second_role(org)
    if cut and not unsure:
        unsure = "a second role follows the organisation: check the organisation"
    if re.search(r"[a-z)]\.\s+[A-Z]", rest) and not unsure:
        unsure = "two affiliations, one after a full stop: check the role and organisation"
    org, place = _without_place(org)
    if place and not unsure:
        unsure = f"'{place}' after the organisation was read as its place: check the organisation"
    return Person(name=name, role=role, organisation=org, unsure=unsure)


def _agenda_like(line: str) -> bool:
    """'Word of welcome - Ulla Engelmann – Head of Unit, European Commission': a programme line with no
    time or bullet, a part and a person set apart by dashes; not a sentence."""
    return (len(line) <= 250 and len(re.findall(r"\s[-–—]\s", line)) >= 2
            and not re.search(r"[a-z]\.\s+[A-Z]", line) and not line.rstrip().endswith("."))


def agenda_person(line: str) -> tuple[Person, str] | None:
    """A person named in an agenda line, with the part they give.

    'Survey results (Adriana Tilita, SMRDA, RO)',
    '11:05 – 11:15: Introduction: the Commission's actions - Jakub Nowak, Director, DG GROW, European Commission',
    '- Semiconductors–Cesare Dunker, DG GROW G3', 'Opening speech, Slawomir Tokarski'.
    """
    text = BULLET.sub("", _clean(line))
    timed = AGENDA_TIME.match(text)
    if timed:
        text = timed.group(3)
    bracket = re.search(r"\(([^()]+)\)\s*\.?$", text)
    if bracket and (person := parse_person(bracket.group(1))):
        return person, text[: bracket.start()].strip(" :–-")  # 'Survey results (Adriana Tilita, SMRDA, RO)'
    pieces = re.split(r"\s+[-–—/]\s+|(?<=[a-z])[–—](?=[A-ZÀ-Þ])", text)  # 'Title / Name, Org' too
    for i in range(len(pieces) - 1, 0, -1):
        person = parse_person(" – ".join(pieces[i:]))
        if person is None and _is_name(" – ".join(pieces[i:])):
            person = Person(name=strip_honorifics(" – ".join(pieces[i:])))
        if person is not None:
            return person, " – ".join(pieces[:i]).strip(" :")
    parts = [p.strip() for p in text.split(",")]
    if len(parts) >= 2 and _is_name(parts[-1]) and SESSION_WORDS.search(", ".join(parts[:-1])):
        return Person(name=strip_honorifics(parts[-1])), ", ".join(parts[:-1])
    return None


_NAME_PART = rf"(?:Mc|Mac)?[{_CAPITALS}][{_SMALL}’']+(?:-[{_CAPITALS}]?[{_SMALL}’']+)*"  # 'Rafton-Jolivet', 'McInnes'
_NAME_RX = re.compile(
    rf"(?<![\w’'-])((?:(?:Dr|Prof|Ing|Mgr)\.?\s+)?{_NAME_PART}(?:\s+(?:(?:de|van|von|der|den|da|di|del|la|le|du)\s+)*"
    rf"{_NAME_PART}){{1,3}})(?![\w’'-])"
)


def _before_next_person(text: str) -> str:
    """'WestMED Initiative, Italy, Colin Ruel, Pôle Mer' -> 'WestMED Initiative, Italy': in a list of
    people each with an organisation, what belongs to the first one."""
    parts = re.split(r",\s+(?:and\s+)?", text)
    for i, part in enumerate(parts[1:], 1):
        if _is_name(part):
            return ", ".join(parts[:i])
    # '..., Project Manager of X and Ana Ruiz, Head of ...': the last one joined by 'and' (or 'e', 'y', 'et', 'und')
    for m in re.finditer(r"\s+(?:and|e|y|et|und)\s+", text):
        following = text[m.end():].split(",")[0]
        if "," in text[m.end():] and _is_name(following):
            return text[: m.start()]
    return text


#: a word after which a capitalised pair names a place or a thing, not a person: 'in the Basque Country'
_AFTER_PLACE_WORD = re.compile(r"\b(?:in|at|into|across|throughout|the)\s+$", re.I)


#: the words before the first of a list of people, each with a role: 'together with A, director of X, B, ...'
_LIST_OPENS = re.compile(r"\b(?:with|together with|alongside|along with|as well as|joined by|insieme a|assieme a|con|junto a|"
                         r"junto con|avec|aux côtés de|ainsi que|mit|gemeinsam mit|zusammen mit)\s+$", re.I)
#: a role before a name, as an apposition: 'the coordinator of the board ... of the city, Ana Ruiz, will speak'
_APPOSITION = re.compile(r"\b(?:the|la|il|el|lo|le|der|die)\s+((?:[^,;.!?]|\.(?=\w)){3,180}?),\s*$", re.I)


def _list_item(after: str) -> tuple[str, int, bool]:
    """What follows a name in a list of people, up to the next person: its text, where it ends (in ``after``),
    and whether another person follows."""
    seg = re.match(r"^\s*,\s*((?:[^.;]|\.(?=\w)){2,400}?)\s*(?=\.(?!\w)|;|$)", after)
    if not seg:
        return "", 0, False
    # the list ends where the sentence goes on: '..., B, ORG, about the activities of ...', '..., who ...'
    clause = re.search(r",\s+(?:in|who|on|at|the|an?|which|where|about|regarding|concerning|to|for|che|chi|que|qui|sobre|"
                       r"sur|über)\b|,\s+[a-z]+(?:ed|ing)\b", seg.group(1))
    text = seg.group(1)[: clause.start()] if clause else seg.group(1)
    piece = _before_next_person(text)
    return piece, seg.start(1) + len(piece), len(piece) < len(text)


def people_in_prose(text: str) -> list[Person]:
    """People a recap names in its sentences: 'Ana Silva, ORG, presented ...', 'Ana Silva from ORG explained ...'."""
    found: list[Person] = []
    list_end = -1  # where the last person of a list of people ended: the next one may follow there
    for m in _NAME_RX.finditer(text):
        name = strip_honorifics(m.group(1))
        lead_role = ""
        tokens = name.split()
        for k in range(1, len(tokens) - 1):
            # 'Cluster-Managers Elmar Paireder', 'CEO Ana Ruiz', 'Project Officer Ian McInnes': a role
            # before the name, not part of it
            singular = re.sub(r"(?<=[a-z])s$", "", tokens[k - 1])
            if ROLE_WORDS.search(singular) and _is_name(" ".join(tokens[k:])):
                lead_role, name = " ".join([*tokens[:k - 1], singular]), " ".join(tokens[k:])
                break
        if not _is_name(name) or text[m.end(): m.end() + 2] in ("’s", "'s"):
            continue
        after = text[m.end(): m.end() + 240]
        before = text[max(0, m.start() - 50): m.start()]
        role = org = ""
        if not lead_role and _AFTER_PLACE_WORD.search(before):
            continue  # 'the cluster in the Basque Country shared ...': a place, not a person
        if re.search(rf"[{_CAPITALS}][\w’'-]+\s+(?:for|of|für|de|del|di|du)\s+$", before):
            continue  # 'the Agency for Regional Growth and ...': the rest of a body's name, not a person
        cue = re.match(rf"^\s*,\s*({_ORG_CHARS}{{2,90}}?(?:,\s*{_ORG_CHARS}{{2,60}}?)?)\s*,\s*(?:who\s+)?{_THEN}{SPEECH_VERBS}\b", after) or re.match(
            rf"^\s*,\s*(?=\S)(?![a-z]+ing\b|that\b|which\b|who\b)([^.;]{{2,220}}?)\s*,\s*(?:who\s+)?{_THEN}{SPEECH_VERBS}\b", after)
        if cue and re.match(rf"and\s+{_NAME_RX.pattern}\s*,", cue.group(1)):
            continue  # '..., Fórum Oceano, and Ezzedine Kacem, ORG, who presented': an organisation in a list
        if cue:
            role, org = split_role_org(_before_next_person(cue.group(1)))
        elif m2 := re.match(rf"^\s+(?:from|of|for|vom|von der|von|z|ze)\s+(?:the\s+)?({_ORG_CHARS}{{2,80}}?)"
                            rf"(?:,\s*(the\s+)?({_ORG_CHARS}{{2,60}}?),)?\s*,?\s+{_THEN}{SPEECH_VERBS}\b", after):
            org = m2.group(1)  # 'Ana Silva from DG GROW, the European Commission, summarised': the apposition is left out
            if m2.group(3) and not m2.group(2) and _org_name(m2.group(3).strip()):
                org = f"{org}, {m2.group(3).strip()}"  # 'from DG GROW, European Commission, spoke': the body above it
        elif m8 := re.match(rf"^\s+and\s+{_NAME_RX.pattern}\s+(?:from|of)\s+(?:the\s+)?({_ORG_CHARS}{{2,80}}?)\s*,?\s+"
                            rf"{_THEN}{SPEECH_VERBS}\b", after):
            org = m8.group(2)  # 'Ana Ruiz and Piet Jansen from DG GROW updated ...': both from there
        elif (m7 := re.match(rf"^\s*,\s*({_ORG_CHARS}{{2,80}}?)\s+{_THEN}{SPEECH_VERBS}\b", after)) and _org_name(m7.group(1)):
            org = m7.group(1)  # 'Betina Holm, Design Cluster Denmark discussed ...': no comma before the verb
        elif re.match(rf"^\s+(?:has\s+|had\s+)?{SPEECH_VERBS}\b", after):
            pass
        elif re.match(rf"^\s+and\s+(?:the\s+)?[^,.;]{{2,60}}?\s+{SPEECH_VERBS}\b", after):
            pass  # 'Commissioner Ana Ruiz and the Cluster Alliance discussed ...': one of those who spoke
        elif m3 := re.match(r"^\s*\(((?:[^()]|\([^()]*\)){2,160})\)", text[m.end(): m.end() + 200]):
            role, org = split_role_org(m3.group(1))
        elif (m.start() >= list_end >= 0 and re.fullmatch(r"\s*,?\s*(?:(?:and|e|y|et|und)\s+)?", text[list_end: m.start()])
              and (item := _list_item(text[m.end(): m.end() + 400]))[0]):
            # the next in a list of people, each with a role: '..., B, Team Lead di Y, C, Project Manager di Z e D, ...'
            role, org = split_role_org(item[0])
            list_end = m.end() + item[1]
        elif _LIST_OPENS.search(before) and (item := _list_item(text[m.end(): m.end() + 400]))[2]:
            # the first of such a list: 'insieme a A, direttore X, B, ...', 'together with A, director of X, B, ...'
            role, org = split_role_org(item[0])
            list_end = m.end() + item[1]
        elif re.match(rf"^\s*,\s*(?:who\s+)?{SPEECH_VERBS}\b", after) and (
                apposition := _APPOSITION.search(text[max(0, m.start() - 200): m.start()])) and ROLE_WORDS.search(
                " ".join(apposition.group(1).split()[:3])):
            # 'la coordinatrice del Board ... del Comune di X, Ana Ruiz, interverrà', 'the director of X, Ana Ruiz, said'
            role, org = split_role_org(apposition.group(1))
        elif re.search(r"\b(speakers? (?:was|were|is|will be)|followed by|including|such as|among them)\s+$", before) and (
            m6 := re.match(r"^\s*,?\s*(?:from|of)\s+(?:the\s+)?([^.;]{2,80}?)(?:\.|,|$)", after)
        ):
            org = re.sub(r"\s+and\s+(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?[A-ZÀ-Þ][\w’'-]+\s+[A-ZÀ-Þ].*$", "", m6.group(1))  # '... and Dr X'
        elif re.search(rf"\b(presented by|moderated by|introduced by|by|mit|with|and|und|welcome|welcomed|welcoming|"
                       rf"speakers? (?:was|were|is|will be)|followed by|{SPEECH_VERBS})\s+$", before) and (
            # '..., said Ana Ruiz, the alliance's president.', 'Darin referieren A, Leiterin ..., und B'
            m4 := re.match(r"^\s*,\s*(?=\S)(?![a-z]+ing\b|that\b|which\b|who\b)([^.;]{2,220}?)(?:,\s+(?:in|who|on|at|and|und|the|an?|which|"
                           r"where|about|regarding|concerning)\b|,\s+[a-z]+ed\b|\.(?!\w)|$)", after)
        ):
            role, org = split_role_org(_before_next_person(m4.group(1)))
        elif m5 := re.match(r"^\s+(?:vom|von der|von)\s+([^,.;]{2,60}?)\s+(?:und|statt|,)", after):
            org = m5.group(1)
        elif re.search(rf"\b(?:opened|moderated|chaired|hosted|given|delivered|{SPEECH_VERBS}) by\s+$", before) and re.match(
                r"^\s*(?:[.;]|$|\s+(?:and|who|in|at|during)\b)", after):
            pass  # 'The webinar will be opened by Ambassador Jean-Eric Paquet.', '... as explained by Ana Ruiz in this webinar'
        else:
            continue
        if not (role or lead_role) and (
            said_as := re.search(r"(?:(?:^|[.!?]\s+)(?:(?:our|their|its|the)\s+)?|\b(?:our|their|its|the)\s+)((?:[a-z-]+\s+){0,3}?(?:manager|director|coordinator|officer|head|"
                                 r"president|ceo|expert|adviser|advisor|specialist|researcher))\s+$", before, re.I)
        ):
            lead_role = said_as.group(1)  # 'our innovation manager Ana Ruiz takes part'
        org, _ = _without_second_role(org)  # marked anyway, as everything found in running text
        org, _ = _without_place(org)
        found.append(Person(name=name, role=role or lead_role, organisation=org,
                            unsure="found in running text: check the name, role and organisation"))
    return found


# ---------------------------------------------------------------------------------------------
# Dates and times on a page


@dataclass
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    last_day: int | None = None  # a span: '25 - 27 April'
    last_month: int | None = None
    last_year: int | None = None
    score: int = 0
    why: str = ""
    ambiguous: bool = False  # '05/06/2024': day and month could be either way

    def first(self, year: int | None = None) -> date | None:
        with contextlib.suppress(ValueError, TypeError):
            return date(self.year or year, self.month, self.day)  # type: ignore[arg-type]
        return None

    def last(self, year: int | None = None) -> date | None:
        if self.last_day is None:
            return None
        y = self.last_year or self.year or year
        with contextlib.suppress(ValueError, TypeError):
            last = date(y, self.last_month or self.month, self.last_day)  # type: ignore[arg-type]
            first = self.first(year)
            if first and last < first and not self.last_year:
                last = last.replace(year=last.year + 1)  # '28 December - 2 January 2025'
            return last if first and last > first else None
        return None


#: the number of a numbered list item that opens with a date: '1. 22 Apr 2024, 09:30' is no span '1.-22 April'
_LIST_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,2}[.)](?=[ \t]+\d{1,2}(?:st|nd|rd|th|\.)?[ \t]+[^\W\d_])")


def find_dates(text: str) -> list[DateMention]:
    """Every day named in ``text`` (English, German, French, Czech, Polish...), ranges as one mention."""
    found: list[DateMention] = []
    text = _LIST_NUMBER.sub(lambda m: " " * len(m.group(0)), text)  # same positions, no list numbers

    def free(a: int, b: int) -> bool:
        return all(b <= m.start or a >= m.end for m in found)

    for m in ISO_DATE.finditer(text):
        found.append(DateMention(m.start(), m.end(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in NUMERIC_DM_RANGE.finditer(text):  # '7.11. - 8.11.2022'
        d1, m1, d2, m2, y = (int(g) for g in m.groups())
        if 1 <= m1 <= 12 and 1 <= m2 <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31 and (m1, d1) < (m2, d2):
            found.append(DateMention(m.start(), m.end(), d1, m1, y, last_day=d2, last_month=m2))
    for m in NUMERIC_RANGE.finditer(text):  # '15. - 17. 4. 2013'
        if not free(m.start(), m.end()):
            continue
        if 1 <= int(m.group(3)) <= 12 and int(m.group(1)) < int(m.group(2)) <= 31:
            found.append(DateMention(m.start(), m.end(), int(m.group(1)), int(m.group(3)), int(m.group(4)), last_day=int(m.group(2))))
    for m in NUMERIC_DATE.finditer(text):
        if free(m.start(), m.end()) and 1 <= int(m.group(2)) <= 12:
            found.append(DateMention(m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in SLASH_DATE.finditer(text):  # '22/10/2015' (day first, as European pages write it)
        a, b = int(m.group(1)), int(m.group(2))
        day, month = (b, a) if b > 12 >= a else (a, b)
        if free(m.start(), m.end()) and 1 <= month <= 12:
            found.append(DateMention(m.start(), m.end(), day, month, int(m.group(3)), ambiguous=a <= 12 and b <= 12 and a != b))
    for rx, order in ((DAY_MONTH, "dm"), (MONTH_DAY, "md")):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if order == "dm":
                d1, d2, mon, year = m.groups()
            else:
                mon, d1, d2, year = m.groups()
            month = MONTHS.get(mon.lower().rstrip("."))
            if not month or not 1 <= int(d1) <= 31:
                continue
            last = int(d2) if d2 and int(d1) < int(d2) <= 31 else None
            found.append(DateMention(m.start(), m.end(), int(d1), month, int(year) if year else None, last_day=last))
    found.sort(key=lambda d: d.start)
    # '20 November 2018 to 30 April 2019': two mentions joined into one span
    merged: list[DateMention] = []
    for d in found:
        prev = merged[-1] if merged else None
        if prev and prev.last_day is None and RANGE_LINK.match(text[prev.end: d.start]) and d.last_day is None:
            prev.last_day, prev.last_month, prev.last_year = d.day, d.month, d.year
            prev.year = prev.year or d.year
            prev.end = d.end
            if prev.first() is not None and prev.first() == prev.last():
                prev.last_day = prev.last_month = prev.last_year = None  # '21 Feb 2024 - 21 Feb 2024'
            continue
        merged.append(d)
    return merged


_SENTENCE_END = re.compile(r"\n|(?<![\d\s])[.!?](?=\s)")  # not the dot of '28. April' or '5. Cluster'
_ABBREVIATION = re.compile(r"\b(prof|dr|mr|mrs|ms|st|nr|no|ing|mgr|dipl|vs|etc|ca|bzw|usw|inc|ltd|jr|sr|u\.a|z\.b|e\.g|i\.e)$", re.I)


def _ends(text: str, start: int, stop: int) -> list[int]:
    """Where sentences end between start and stop: line ends and full stops, not 'Prof.' or '28.'."""
    return [m.start() for m in _SENTENCE_END.finditer(text, start, stop)
            if m.group(0) == "\n" or not _ABBREVIATION.search(text[max(0, m.start() - 6): m.start()])]


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around text[start:end]."""
    window = max(0, start - 600)
    lefts = _ends(text, window, start)
    left = lefts[-1] + 1 if lefts else window
    rights = _ends(text, end, min(len(text), end + 800))
    return left, (rights[0] if rights else min(len(text), end + 800))


@dataclass
class TimeFound:
    start: time
    end: time | None
    zone: str
    written: str
    pos: int


def _clock(hour: str, minute: str | None, ampm: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    if ampm:
        ampm = ampm.lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
    return time(h, m) if h < 24 and m < 60 else None


def find_times(text: str) -> list[TimeFound]:
    """Start (and end) times: '8:30 – 9:45 CET', 'from 2:00 pm to 3:30 pm', a lone '8:30 CET', '10 Uhr'."""
    found: list[TimeFound] = []
    taken: list[tuple[int, int]] = []
    for m in TIME_RANGE.finditer(text):
        h1, m1, ap1, h2, m2, ap2, zone = m.groups()
        if not (m1 or ap1 or m2 or ap2):
            continue  # '26-27' is a span of days, not of hours
        if ap2 and not ap1 and int(h1) < 12 and int(h1) <= int(h2):
            ap1 = ap2  # '10 – 11.30 am'
        start, end = _clock(h1, m1, ap1), _clock(h2, m2, ap2)
        if start and end and end > start:
            found.append(TimeFound(start, end, ZONES.get((zone or "").lower(), ""), m.group(0).strip(), m.start()))
            taken.append((m.start(), m.end()))
    for m in TIME_ALONE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        hour, minute, ampm, zone = m.groups()
        if not (minute or (ampm and ampm.lower().strip(".") not in ("h",)) or zone):
            continue
        if not minute and not zone and ampm and ampm.lower().startswith("h") and len(ampm) < 3:
            continue
        start = _clock(hour, minute, ampm if ampm and ampm.lower()[0] in "ap" else None)
        if start:
            found.append(TimeFound(start, None, ZONES.get((zone or "").lower(), ""), m.group(0).strip(), m.start()))
    for m in HOUR_WORD.finditer(text):  # 'alle ore 10', 'dalle 9.30 alle 13', 'godz. 10', 'kl. 10'
        if any(a <= m.start(1) < b for a, b in taken) or any(t.pos == m.start(1) for t in found):
            continue
        start = _clock(m.group(1), m.group(2), None)
        end = _clock(m.group(3), m.group(4), None) if m.group(3) else None
        if start:
            found.append(TimeFound(start, end if end and end > start else None, "", m.group(0).strip(), m.start(1)))
    found.sort(key=lambda t: t.pos)
    return found


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = "#"
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# Reading a page

_EVENT_NOUN = (r"(?:talks?|event|webinar|workshop|session|conference|meeting|matchmaking|forum|seminar|setkání|"
               r"veranstaltung|konferenz|spotkanie|wydarzenie|treffen)")
ANNOUNCE = re.compile(
    rf"(?:(?:organi[sz](?:e|es|ed|ing)|hosts?|hosted|hosting|invites? you to|holds?|held)\b[^.“”\"„«»]{{0,140}}?\b{_EVENT_NOUN}\b"
    rf"[^.“”\"„«»]{{0,30}}?|\b{_EVENT_NOUN}\b[^.“”\"„«»]{{0,40}}?(?:entitled|titled|(?<!so-)called|named|on the topic|about)\s*:?\s*|"
    r"the topic (?:is|was)\s*:?\s*|zum thema\s*|na téma\s*|pod tytułem\s*|"
    # a panel or session named after a comma: 'the round table of the second day, titled “...”', 'dal titolo “...”'
    r"\b(?:evento|panel|round\s?table|tavola rotonda|mesa redonda|table ronde|sessione|sesión|séance)\b[^.“”\"„«»]{0,60}?"
    r"(?:dal titolo|intitolat[oa]|titulad[oa]|con el t[ií]tulo|intitulée?|sous le titre|titled|entitled)\s*:?\s*|"
    # 'the meeting "Analysis of ..."', 'konference s názvem „...”': the name right after the noun
    rf"\b(?:{_EVENT_NOUN}|konferenc[ei]|encuentro|jornadas?|incontro|rencontre)\s+"
    r"(?:s názvem\s+|pod názvem\s+|intitulée?\s+|titulad[oa]\s+|dal titolo\s+|(?:unter|mit) dem titel\s+)?)[“\"„«‘]",
    re.I,
)
PUBLICATION_LINE = re.compile(
    r"^(submitted by|published|posted( on)?|publikováno|zveřejněno|veröffentlicht|opublikowano|meldung$)\b|"
    r"^(?=.{0,100}$).*\b(aktualizováno|aktualisiert|updated|zaktualizowano|last modified|min read|views|created:)|"
    r"^(?=.{0,100}$)[^|\n]+\|\s*\d{1,2}[./]\s?\d{1,2}[./]\s?\d{4}\s*$", re.I)
TALK_QUOTE = re.compile(r"\bTalks?\s*:?\s*[“\"„«]")
#: metadata labels of event pages: never a headline, though their dates count ('When? January 28, 2022')
LABEL_LINE = re.compile(r"^(location|date|time|by|where|when|venue|place|in person|event date|event type|start/end date|"
                        r"organi[sz]er|practical information)\s*[:?]?(\s|$)", re.I)
#: an event named in running text: 'the ECCP will organise an Intra-European Cluster Matchmaking Event'
EVENT_NAME = re.compile(
    r"\b(?:organi[sz](?:e[sd]?|ing)|host(?:s|ed|ing)?|holds?|invites? you to|attend)\s+(?:an?|the)\s+((?:[A-ZÀ-Þ][\w\-’']*\s+(?:[–&]\s+)?){1,6}"
    r"(?:Event|Conference|Matchmaking|Workshop|Forum|Summit|Days?|Week|Webinar|Mission)(?:\s+for(?:\s+[A-ZÀ-Þ][\w\-’']*){1,3})?)\b")
FUNCTION_WORDS = {"of", "the", "and", "for", "to", "in", "on", "a", "an", "with", "from", "by", "at", "der", "die", "das", "und", "für", "von"}


def _quoted(text: str, q: int) -> str:
    """The text between the quote at ``q`` and its closing quote; a quote inside the title does not cut it."""
    opener = text[q]
    if opener == '"':
        for m in re.finditer(r'"', text[q + 1: q + 260]):
            after = text[q + 1 + m.end(): q + 1 + m.end() + 12]
            if re.match(r"\s*(on\b|,|\.|\(|–|-|to\b|at\b|will|took|is\b|was\b|which|$|\n|am\b|dne|w dniu)", after):
                return text[q + 1: q + 1 + m.start()]
        end = text.find('"', q + 1)
        return text[q + 1: end] if end != -1 else ""
    closers = "’" if opener == "‘" else "”“»" if opener in "„«" else "”»"
    depth, i = 1, q + 1
    while i < min(len(text), q + 260):
        c = text[i]
        if c == opener and opener == "“":
            # an inner quote opens only when a closing one follows before the sentence ends
            nxt = text.find("”", i + 1)
            if nxt != -1 and text.find("”", nxt + 1) != -1 and text.find("”", nxt + 1) < q + 260:
                depth += 1
        elif c in closers:
            depth -= 1
            if depth == 0:
                return text[q + 1: i]
        i += 1
    end = min((j for j in (text.find("”", q + 1), text.find("“", q + 1)) if j != -1), default=-1)
    if end != -1 and end < q + 220:
        return text[q + 1: end]
    # a quote that is never closed: the title runs up to ' on DATE' or the time
    cut = re.search(r",?\s+on\s+\d|,?\s+on\s+[A-Z][a-z]+day\b|,\s*\d{1,2}[:.]\d{2}|\.\s", text[q + 1: q + 220])
    return text[q + 1: q + 1 + cut.start()] if cut else ""


def _is_furniture(line: str) -> bool:
    return bool(NAVIGATION.search(line)) or bool(BOILERPLATE.search(line))


#: a site's banner over its news: 'The Platform announces upcoming event', 'Our cluster invites you to a webinar',
#: 'ACME Network presents its next workshop': an organisation, a verb, and only the kind of item, no name
BANNER_LINE = re.compile(
    r"^.{2,120}?\s(?:announces?|announcing|presents?|invites?(?:\s+you)?(?:\s+to)?|is\s+(?:organi[sz]ing|hosting|holding)|"
    r"organi[sz]es|hosts|launches|will\s+(?:organi[sz]e|host|hold))\s+(?:(?:an?|the|its|our|their)\s+)?"
    r"(?:(?:upcoming|forthcoming|next|new|coming|first|second|third|latest)\s+)*"
    rf"(?:{_EVENT_NOUN}|info(?:rmation)?\s+(?:days?|sessions?)|online\s+event)s?\s*[.!:]?$", re.I)


def _headline(lines: list[str]) -> tuple[str, int]:
    """The page's headline: among the first lines that are not navigation, a bare date or a place, the one
    a page repeats (its title and its heading), or the one a date or publication line follows; short
    site and section names ('European Partnership', 'Digital Single Market') only when nothing else is there."""
    candidates: list[tuple[int, int, str]] = []
    seen = 0
    for i, line in enumerate(lines):
        if seen >= 8 or len(candidates) >= 6:
            break
        nxt = next((x for x in lines[i + 1:] if x), "")
        prev = next((x for x in reversed(lines[:i]) if x), "")
        if not line or _is_furniture(line) or LABEL_LINE.match(line) or AGENDA_TIME.match(line) or BANNER_LINE.match(line) or (
                PERSON_LABEL.match(line) or re.match(r"(?:moderator|moderation|chair)\s*:", line, re.I)) or (
                BULLET.match(line) and (BULLET.match(nxt) or BULLET.match(prev))):
            continue  # a list line, the last of a list too; but '5. Cluster Matchmaking Conference' opening a page is its title
        seen += 1
        bare = line
        for d in reversed(find_dates(line)):
            bare = bare[: d.start] + bare[d.end:]
        bare = re.sub(r"\d{1,2}[:.]\d{2}\s*(am|pm)?|[-–|,]|\b(online|virtual|event|views?|cet|cest|day \d+|monday|tuesday|"
                      r"wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag)\b", " ", bare, flags=re.I)
        if len(bare.split()) < 2 or PLACE_LINE.match(line) or len(line.split()) < 2 or PUBLICATION_LINE.match(line):
            continue  # '26 September 2022', '28 March 2023 48593 Views', 'Prague, Czech Republic', 'Meldung'
        if _date_and_venue(line):
            continue  # '📍 4 - 5 May 2031, Harbour Hall, Quay Street 3, Gdańsk, Poland': where and when, no name
        if FILE_NAME.search(line):
            continue  # 'summit banner_2', 'hero-image_01': an image's file name or a template's field, not a headline
        words = len(line.split())
        one_sentence = not re.search(r"(?<!\d)[.!?]\s", line.rstrip("."))  # '5. Cluster ..., 21./22. September' is one
        headline_like = ":" in line or bool(EVENT_CUE.search(line) or TALK_CUE.search(line))
        if len(line) > 200 or words > 30 or not one_sentence or (line.endswith(".") and words > 12 and not headline_like):
            if not candidates:
                return "", -1  # the page opens with prose: it has no headline
            break
        score = 0
        later = "\n".join(lines[i + 1:]).casefold()
        bare_title = re.escape(line.rstrip(".?!").casefold())
        if len(line.split()) >= 3 and re.search(rf"(^|\n|[“\"„«]){bare_title}", later):
            score += 3  # the page's title repeated as its heading, or quoted in its text
        elif any(len(x.split()) >= 3 and x != line and x.casefold() in line.casefold() for x in lines[i + 1: i + 8] if x):
            score += 3  # the page repeats its title in parts, one line each
        after = [x for x in lines[i + 1: i + 4] if x]
        if after and len(after[0]) < 80 and not BULLET.match(after[0]) and (_mostly_date(after[0]) or re.match(r"(submitted by|published|posted|publikováno|veröffentlicht)\b", after[0], re.I) or re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", after[0])):
            score += 2  # 'Title' over 'Room 1.05, 22/10/2015', 'Submitted by ... on ...'
        if headline_like:
            score += 1
        if line.endswith(".") and words > 12:
            score -= 1  # a sentence rather than a heading
        if words <= 3 and not re.search(r"\d", line) and not EVENT_CUE.search(line):
            score -= 2  # a site or section name
        elif _body_name(line) and not headline_like:
            score -= 2  # the site's owner over its pages: 'Regional Innovation Agency (RIA)'
        candidates.append((score, -i, line))
    if not candidates:
        return "", -1
    score, neg_i, line = max(candidates)
    return line, -neg_i


#: words that name a body, not a topic (no 'cluster', 'hub' or 'valley', which talks are about too)
_BODY_WORDS = re.compile(r"\b(agency|association|alliance|network|institute|university|ministry|chamber|foundation|"
                         r"commission|directorate|council|federation|secretariat|agentur|verband|ministerium|kammer)\b", re.I)


#: a word joined by an underscore, as file names and a template's fields are written and headlines never are
FILE_NAME = re.compile(r"[^\W_]_[^\W_]")


def _body_name(line: str) -> bool:
    """'European Innovation Council and SMEs Executive Agency (EISMEA)': a line that only names an organisation,
    as a site prints its owner above its pages; not a headline."""
    bare = re.sub(r"\s*\([A-Z][A-Za-z0-9&.-]{1,12}\)\s*$", "", line)
    return bool(_BODY_WORDS.search(bare)) and _org_name(bare)


def _date_and_venue(line: str) -> bool:
    """A line that opens with the days (after a pin or a calendar sign) and goes on with the address,
    part by part: '📍15 - 16 June 2031, Harbour Hall, Quay Street 3, Gdańsk, Poland'."""
    dates = find_dates(line)
    lead = len(line) - len(re.sub(r"^[^\w]+", "", line))
    return bool(dates) and dates[0].start <= lead and bool(re.match(r"\s*,", line[dates[0].end:])) and line.count(",") >= 2


def _mostly_date(line: str) -> bool:
    """'26 September 2022', 'Conference on 27-29 April 2020', 'Room 1.05, 22/10/2015 (14:00-14:45)'."""
    dates = find_dates(line)
    if not dates:
        return False
    rest = line
    for d in reversed(dates):
        rest = rest[: d.start] + rest[d.end:]
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3


def _clean_title(line: str) -> str:
    title = re.sub(r"^EU\s+Clusters?\s+Talks?\s*[:\-–—]\s*", "", line, flags=re.I)
    # 'European Cluster Collaboration Platform: Europäische Clusterwochen': the site's name before the title
    title = re.sub(r"^(?:the\s+)?(?:European Cluster Collaboration Platform|ECCP)\s*[:|–—]\s*(?=\S)", "", title, flags=re.I)
    cut = re.sub(r"[\s,–—|-]+EU\s+Clusters?\s+Talks?\b.*$", "", title, flags=re.I).strip(" ,–-|")
    words = cut.split()
    if len(words) >= 2 and words[-1].lower() not in FUNCTION_WORDS:
        title = cut  # 'Meet the Euroclusters, EU Cluster Talk, 8 March 2023'; not 'Next Series of'
    held = re.search(r"\s+(?:was|were|is|are|will be|has been)\s+(?:\w+\s+)?(?:held|organi[sz]ed|taking place|take place|took place)\b.*$",
                     title, flags=re.I)
    if held and find_dates(held.group(0)):
        title = title[: held.start()]  # 'The Clusters Day ... was successfully held on 23 and 24 September 2023'

    dates = find_dates(title)
    if dates and dates[-1].start > 10 and (dates[-1].end >= len(title.rstrip(" .")) - 1 or TRAILING_PLACE.match(title[dates[-1].end:])):
        title = title[: dates[-1].start].rstrip(" ,–-|:")  # a date (and place) closing the headline
        # ...and the word that led to it: 'Report from the forum in Košice on [29-30 March]'
        title = re.sub(r"\s+(?:on|from|am|le|el|il|dne|w dniu|of)$", "", title, flags=re.I)
    # 'European Cluster Matchmaking Mission, Thessaloniki, Greece': the place closing a headline is no part of its name
    title = re.sub(rf",\s*[{_CAPITALS}][\w’'-]+(?:[ -][{_CAPITALS}][\w’'-]+)?,\s*(?:{COUNTRIES})\s*$", "", title)
    # '... Matchmaking Event w Chorwacji', '... „Clusters meet Regions“ in Regensburg': where an event named by its
    # kind is held closes the headline (not 'Digital twins in Manufacturing': no event noun before it)
    # ('Report from the forum in Ghent': a lower-case noun names no event)
    held_in = re.search(rf"\b((?:{_EVENT_NAME_NOUNS}|event|mission|matchmaking|workshop)[”“\"»]?)\s+(?:in|im|w|we|v|à|en|a)\s+"
                        rf"[{_CAPITALS}][{_SMALL}’'-]{{3,}}\s*$", title, flags=re.I)
    if held_in and (held_in.group(1)[0].isupper() or held_in.group(1)[-1] in "”“\"»"):
        title = title[: held_in.end(1)]
    title = re.sub(r"\s*\|\s*[^|]{2,40}$", "", title)  # 'Title | Site name'
    title = title.strip(" ,–-|")
    invited = re.search(r"(?:^|\s[-–—:]\s*)(?:an\s+)?invitation\s+(?:for|to)\s+(?:the\s+)?(.{6,})$", title, re.I)
    if invited and not TALK_CUE.search(invited.group(1)) and (EVENT_CUE.search(invited.group(1)) or RECURRING.search(invited.group(1))):
        title = invited.group(1)  # 'Green ports - An Invitation for the Clusters meet Regions': the event invited to
    if len(title) > 2 and title[0] in "\"'“„«‘" and title[-1] in "\"'”“»’" and title.count(title[0]) == 1:
        title = title[1:-1]
    return title.strip()


#: a place after the date that closes a headline: '..., 21./22. September in Stuttgart', '..., 13 - 15 May 2023, in Burgas, Bulgaria'
TRAILING_PLACE = re.compile(r"^\s*,?\s*(?:(?:in|im|at|à|en|w|v)\s+)?[A-ZÀ-Þ][\w’'-]+(?:[ -][A-ZÀ-Þ][\w’'-]+){0,2}"
                            r"(?:,\s*[A-ZÀ-Þ][\w’'-]+(?: [A-ZÀ-Þ][\w’'-]+)?)?\s*\.?$")
#: an event's name in a page's opening prose: capitalised words with an event noun among them
#: ('die Europäische Clusterkonferenz im Rahmen ...', 'del encuentro europeo Clusters Meet Regions, un evento ...')
_CAPWORD = r"[A-ZÀ-ÞČŠŽ][\w’'&-]*"
#: the nouns an event's name ends with: "European Cluster Conference", "Clusters meet Regions", "Cluster Days"
_EVENT_NAME_NOUNS = (r"conference|konferenz|konferencj[aięąe]|conferencia|conferenza|conférence|forum|summit|"
                     r"kongress|congress|kongres|meet regions|days?|week|woche")
PROSE_EVENT = re.compile(
    rf"(?<![\w-])((?:{_CAPWORD}\s+(?:(?:of|the|and|for|de|del|des|di|der|für|und|on|y|e|et|–|-|&)\s+)?){{0,5}}"
    rf"(?:[A-ZÀ-ÞČŠŽ][\w-]*(?i:konferenz|kongress|woche)|(?i:{_EVENT_NAME_NOUNS}|matchmaking(?: event| days?)?))\b"
    rf"(?:\s+{_CAPWORD}(?!\s+[a-zà-ÿ]))?(?:\s+(?:19|20)\d\d)?)"
)
RECURRING = re.compile(rf"({_EVENT_NAME_NOUNS})\b", re.I)


def _drop_kind_word(name: str) -> str:
    """'Clusters Meet Regions conference' -> 'Clusters Meet Regions': a capitalised name that already ends with an
    event noun, followed by a lowercase word that only says what kind of event it is."""
    m = re.fullmatch(rf"(.+\b(?:{_EVENT_NAME_NOUNS}))\s+(?:{_EVENT_NAME_NOUNS}|event|workshop|matchmaking)", name, re.I)
    return m.group(1) if m and m.group(1).split()[-1][:1].isupper() and name.split()[-1].islower() else name


def _event_named_in_prose(opening: str) -> str:
    """The event a page that opens with prose names first: at least two capitalised words, one an event noun."""
    for m in PROSE_EVENT.finditer(opening):
        name = re.sub(r"^(?:the|das|die|der|la|le|les|el|il|l’|l')\s+", "", m.group(1).strip(" –-&"), flags=re.I)
        # 'the Clusters Meet Regions conference and matchmaking event': a name, then what kind of event it is
        name = _drop_kind_word(name)
        capitals = [w for w in name.split() if w[:1].isupper() or w[:1].isdigit()]
        if len(capitals) >= 2 or re.fullmatch(r"[A-ZÀ-Þ]\w*(konferenz|kongress)", name, re.I):
            return name.title() if name.isupper() else _nominative(name)  # 'EUROPEAN CLUSTER DAYS'
    # Swedish, Danish and Norwegian write the words of a name in small letters: 'den femte europeiska
    # klusterkonferensen' (the fifth European cluster conference), after its article
    if m := NORDIC_EVENT.search(opening):
        return m.group(1)[0].upper() + m.group(1)[1:]
    # French, Italian and Spanish too: 'la conférence européenne sur les clusters', 'la conferenza europea dei cluster'
    if m := ROMANCE_EVENT.search(opening):
        return m.group(1)[0].upper() + m.group(1)[1:]
    return ""


#: an event named in small letters after its article: its noun, a word of its reach, and what it is about
ROMANCE_EVENT = re.compile(
    r"\b(?:la|le|il|el|lo|l['’])\s*((?:conf[ée]rence|conferenza|conferencia|congr[èe]s|congresso|congreso|sommet|cumbre|"
    r"vertice|forum|foro)\s+(?:europ|internation|nation|mondial|annu|r[ée]gion|nordi|baltic|transfrontali)[a-zàâçéèêëîïôûùüñ]*"
    r"(?:\s+(?:sur les|sur la|sur le|des|du|de la|de los|de las|del|de|sui|sugli|sulle|dei|degli|delle|della|di)\s+"
    r"[a-zàâçéèêëîïôûùüñ]{3,})?)(?![\w’'-])")


def _nominative(name: str) -> str:
    """'Europejskiej Konferencji Klastrów' -> 'Europejska Konferencja Klastrów': a Polish name read from a sentence is
    written as a title is, its adjectives ('Klastrowej' after the noun too) and its noun in the nominative."""
    noun = re.search(r"\b(konferencj)[iięą]\b", name, re.I)
    if not noun:
        return name
    adjective = r"(?<=\w[kg])iej\b|(?<=\w{3})ej\b"
    return re.sub(adjective, "a", name[: noun.start()]) + noun.group(1) + "a" + re.sub(adjective, "a", name[noun.end():])


NORDIC_EVENT = re.compile(r"\b(?:den|det|de|en|ett|et)\s+((?:[a-zåäöæøé]+\s+){0,2}[a-zåäöæøé]*(?:konferens|konference|konferanse)"
                          r"[a-zåäöæø]*)\b")


#: one online session, as a page's first sentence names it: 'a preparatory webinar', 'a joint online workshop'
ONLINE_SESSION = re.compile(r"\b(webinar\w*|online[- ](?:workshop|session|meeting|seminar|training)s?)\b", re.I)


def _opens_with_online_session(flat: str) -> bool:
    """The page's first sentence is about one online session at a clock time: 'The platform hosted a preparatory
    webinar on 5 April at 11:00-12:30 CET, to prepare the matchmaking event of 26-27 April', 'On 1 March 2022
    (10:00-11:30 CET), a joint online workshop was held'. Such a page is a talk, whatever other event it names."""
    first = next((x for x in flat.split("\n") if len(x) > 60 and not BULLET.match(x) and not _is_furniture(x)), "")
    sentence = re.split(r"(?<=[a-z)])[.!?]\s", first, maxsplit=1)[0]
    session = ONLINE_SESSION.search(sentence)
    if not session or not find_times(_mask(sentence, [(d.start, d.end) for d in find_dates(sentence)])):
        return False
    other = EVENT_CUE.search(sentence)
    before = sentence[: session.start()]
    return (other is None or other.start() >= session.start()) and not any(d.last_day for d in find_dates(before))


def _event_in_headline(headline: str) -> str:
    """The event a news headline names: 'EU-Canada Cluster Matchmaking event is a success!', 'Deutsche
    Clusterkonferenz nimmt Kontur an', 'Registration is open for the 2019 European Cluster Conference' (-> '...
    Conference 2019'); '' when the headline is the name ('Clusters meet Regions - Burgas, Bulgaria')."""
    for m in PROSE_EVENT.finditer(headline):
        name = re.sub(r"^(?:the|das|die|der|la|le|el|il)\s+", "", m.group(1).strip(" –-&"), flags=re.I)
        # 'Ergebnisse der European Cluster Conference 2020', 'Results of the ...': the event is after the genitive
        inner = re.match(r"^\S+\s+(?:der|des|of the|of|de la|du|del|della|dello)\s+(.+)$", name, re.I)
        if inner and len(inner.group(1).split()) >= 2 and PROSE_EVENT.fullmatch(inner.group(1)):
            name = inner.group(1)
        rest = headline[: m.start()] + " " + headline[m.end():]
        rest = re.sub(r"[“\"„«'‘][^”\"“»'’]{2,80}[”\"“»'’]", " ", rest)  # a quoted name is no news ("'Clusters meet Regions' and ...")
        news = [w for w in re.findall(r"(?<![\w-])[a-zà-ÿ]{3,}\b", rest) if w not in FUNCTION_WORDS]
        if len(name.split()) < 2 or not news:
            continue
        year = re.search(r"\b((?:19|20)\d\d)\s+(?:the\s+)?$", headline[: m.start()])
        return f"{name} {year.group(1)}" if year and not YEAR.search(name) else name
    return ""


def _event_outside_quote(outside: str) -> str:
    """The event a headline names around the words it quotes: the whole of it when it is a name
    ('Nordic Cluster Conference 2031'), the event inside when it is news ('Ministers open the ... Conference')."""
    if not outside or not (EVENT_CUE.search(outside) or RECURRING.search(outside)):
        return ""
    if not _newsy(outside) and PROSE_EVENT.fullmatch(re.sub(r"^(?:the|die|der|das|la|le|el|il)\s+", "", outside, flags=re.I)):
        return outside
    return _event_in_headline(outside)


def _kind(flat: str, title: str, announce: re.Match | None) -> str:
    if announce and TALK_CUE.search(flat[max(0, announce.start() - 60): announce.end() + 200]):
        return "talk"
    if TALK_CUE.search(title) or re.search(r"\borgani[sz](?:e|es|ed|ing)\s+(?:the\s+)?(?:\w+\s+)?EU\s+Clusters?\s+Talks?\b", flat, re.I):
        return "talk"
    if re.search(r"\b(upcoming|next|this|the)\s+EU\s+Clusters?\s+Talks?\s+(on|about)\b", flat, re.I):
        return "talk"
    opening = " ".join(line for line in flat.split("\n") if line and not BOILERPLATE.search(line))[:700]
    if TALK_CUE.search(opening):
        return "talk"  # 'hosted the first episode of the EU Clusters Talks'
    if _opens_with_online_session(flat):
        return "talk"  # a webinar that prepares an event of several days is still one session
    if WEBINAR_CUE.search(title) and not EVENT_CUE.search(title):
        return "talk"  # the headline names one session ('Info session on the call ...'), whatever days the page names
    if any(d.last_day for d in find_dates(flat)):
        return "event"  # a talk lasts one morning; a span of days is an event
    if (WEBINAR_CUE.search(title) or WEBINAR_CUE.search(flat[:1500])) and not EVENT_CUE.search(title):
        return "talk"  # one online session with its presenters: a talk's shape, not an event's
    # what the headline calls it, else the opening ('Fórum Oceano' in a list of presenters is an organisation)
    cues = ({m.group(1).lower() for m in EVENT_CUE.finditer(title)}
            or {m.group(1).lower() for m in EVENT_CUE.finditer(flat[:1500])})
    if cues and not (title and EVENT_CUE.search(title)) and _one_session(flat):
        return "talk"  # the page is about one titled panel of an event and the people who sit on it
    if cues and cues <= MEETING_WORDS and len(_presenters(flat)) >= 2:
        return "talk"  # 'In a meeting on 16 March, ... welcomed A, B and C, who presented ...': one session
    if cues and title and not EVENT_CUE.search(title) and len(_presenters(flat)) >= 3:
        # a recap under a topic's headline, of one day, where three or more people presented in turn: one
        # session; the 'forum' or 'matchmaking' its text names is what they talked about
        return "talk"
    if cues:
        return "event"
    if not re.search(r"\btalks?\b", flat, re.I) and find_dates(flat):
        # the EU Clusters Talks name themselves: a dated page that never says 'talk' is about something else,
        # unless it reports people presenting, as a recap of an online session does
        return "talk" if len(_presenters(flat)) >= 2 else "event"
    return "talk"


#: a word that calls any gathering an event: with presenters named and no span of days, one session
#: (only the word a page has shown so far: 'meeting recap')
MEETING_WORDS = frozenset({"meeting"})


#: a session where several people speak in turn, in the languages of the cluster community's pages
PANEL = re.compile(r"\b(panel(?:\s+discussion)?|round\s?table|tavola rotonda|mesa redonda|table ronde|podiumsdiskussion|"
                   r"podiumsgespräch|panelová diskuse|debata panelowa)\b", re.I)


def _one_session(flat: str) -> bool:
    """A sentence names a panel with its title in quotes and three or more people on it: 'X will sit on the round
    table titled “...”, together with A, role, B, role and C, role'. The page is about that one session."""
    for line in flat.split("\n"):
        for sentence in re.split(r"(?<=[a-z)”\"])[.!?]\s+(?=[A-ZÀ-Þ])", line):
            panel = PANEL.search(sentence)
            if panel and re.search(r"[“\"„«][^”\"“»]{8,200}[”\"“»]", sentence[panel.end():]) and len(
                    {p.name for p in people_in_prose(sentence)}) >= 3:
                return True
    return False


def _presenters(flat: str) -> set[str]:
    """The people a page's sentences name as presenting."""
    return {p.name for para in flat.split("\n") for p in people_in_prose(para)}


def extract(text: str, source: str = "", kind: str | None = None) -> Draft:
    """Read a page's text; return what could be found, every doubt noted. Never raises on odd input."""
    draft = Draft(source=source)
    raw_lines = [_clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [("" if NAVIGATION.search(line) else line) for line in raw_lines]
    flat = "\n".join(lines)
    flat_sp = flat.replace("\n", " ")  # same positions, sentences across wrapped lines

    # Title: the quoted title of the announcement sentence, else the headline.
    announce = None
    for rx in (ANNOUNCE, TALK_QUOTE):
        for m in rx.finditer(flat_sp):
            quoted = _quoted(flat_sp, m.end() - 1).strip()
            if 8 <= len(quoted) <= 200 and (announce is None or m.start() < announce[0].start()):
                announce = (m, quoted)
                break
    unclosed = bool(announce) and flat_sp[announce[0].end() + len(announce[1]): announce[0].end() + len(announce[1]) + 1] not in "”\"»“"
    headline, head_at = _headline(lines)
    head_title = _clean_title(headline) if headline else ""
    announce_m = announce[0] if announce else None
    prose_name = ""
    draft.kind = kind or _kind(flat, headline, announce_m)
    named = EVENT_NAME.search(flat_sp) if draft.kind == "event" else None
    if announce and draft.kind == "event" and head_title:
        announce_m = None  # an event page is named by its headline; a quote in it names a talk or a topic inside
        draft.title = head_title
        named_in_head = re.match(rf"^\s*(?:the\s+)?{_EVENT_NOUN}\s*[“\"„«]([^”\"“»]{{8,200}})[”\"“»]", head_title, re.I)
        if named_in_head:  # 'Conference “Enhancing Excellence ...”': the name the headline quotes
            head_title = named_in_head.group(1).strip()
            draft.title = head_title
        if in_head := _event_in_headline(head_title):
            draft.title = prose_name = in_head
            draft.doubt("title", f"the headline reads like news (\"{head_title}\"): the title is the event it names")
        elif fold(announce[1]) not in fold(head_title):
            draft.doubt("title", f"taken from the page's headline; its text names the event \"{announce[1].strip()}\": "
                                 "check which one is its name")
        elif not (EVENT_CUE.search(head_title) or re.search(r"[“\"„«'‘]", head_title)) or _newsy(head_title):
            draft.doubt("title", "taken from the page's headline: check it names the event")
    elif announce:
        draft.title = announce[1].strip()
        if unclosed:
            draft.doubt("title", "the page never closes the quote around the title: check where it ends")
        elif re.search(r"\b(panel|discussion|keynote|presentation|breakout|(?:first|second|third|last) session)\b[^.“”\"„«]{0,30}$",
                       flat_sp[max(0, announce[0].start() - 40): announce[0].end() - 1], re.I) or PANEL.search(announce[0].group(0)):
            draft.doubt("title", "the quote names a part of the programme (a panel, a session): check it is the title")
    elif (draft.kind == "event" and head_title and not (EVENT_CUE.search(head_title) or RECURRING.search(head_title))
          and (prose_name := _event_named_in_prose(flat_sp[flat_sp.find(headline) + len(headline):][:400]))):
        # a news headline ('NRW.innovativ will represent ...'); the event is the one its text names
        draft.title = prose_name
        draft.doubt("title", f"the headline names no event (\"{head_title}\"): the title is the event its text names")
    elif head_title and (quoted_head := re.search(r"[“\"„«]([^”\"“»]{15,200})[”\"“»]", head_title)) and len(
            quoted_head.group(1).split()) >= 4:
        # 'Webinars by the platform: “The Covid-19 industrial cluster response: ...” by the Commission'
        draft.title = quoted_head.group(1).strip()
        outside = (head_title[: quoted_head.start()] + " " + head_title[quoted_head.end():]).strip(" :–—-,")
        if draft.kind == "event" and (named_outside := _event_outside_quote(outside)):
            # 'Nordic Cluster Conference 2031: “Work together”', 'Ministers open the 5th Nordic Cluster
            # Conference: “...”': the event the headline names; the quote is what someone said there
            draft.title = prose_name = named_outside
            draft.doubt("title", f"the headline quotes \"{quoted_head.group(1).strip()}\": the title is the event it names")
        draft.doubt("title", "the title quoted in the page's headline: check it is the whole title")
    elif draft.kind == "event" and head_title and len(head_title.split()) > 12 and (in_head := EVENT_NAME.search(head_title)):
        # a first line that is a sentence: 'The Commission will organise the EU – Canada Matchmaking Event in ...'
        draft.title = in_head.group(1).strip()
        draft.doubt("title", "the page opens with a sentence: the title is the event it names")
        head_at = -1  # that sentence is no headline: a date in it gets no headline's weight
    elif head_title:
        draft.title = head_title
        if draft.kind == "event" and (in_head := _event_in_headline(head_title)):
            draft.title = prose_name = in_head  # 'EU-Canada Cluster Matchmaking event is a success!'
            draft.doubt("title", f"the headline reads like news (\"{head_title}\"): the title is the event it names")
        elif draft.kind == "talk" or not (EVENT_CUE.search(head_title) or re.search(r"[“\"„«'‘]", head_title)):
            draft.doubt("title", "taken from the page's headline, not from a quoted title: check it")
        elif _newsy(head_title):  # '500 participants at the European Cluster Conference in Brussels'
            draft.doubt("title", "the headline reads like news, not like the event's name: check it")
    elif named:
        draft.title = named.group(1).strip()
        draft.doubt("title", "the page has no headline: the title is the event named in its text")
    elif topic := re.search(r"\bEU\s+Clusters?\s+Talks?\s+(?:on|about)\s+(?:the\s+topic\s+of\s+)?(.{3,110}?)(?=[.,;]|\s+on\s+\d|\s+(?:was|will|is)\b)",
                                flat_sp, re.I):
        draft.title = topic.group(1)[0].upper() + topic.group(1)[1:]
        draft.doubt("title", "the page gives the talk's topic, not its title: check it")
    elif draft.kind == "event" and (prose_name := _event_named_in_prose(flat_sp[:400])) and not (
            (quote_first := re.search(r"[“\"„«]([^”\"“»]{15,200})[”\"“»]", next((x for x in lines if x), "")[:400]))
            and EVENT_CUE.search(quote_first.group(1))):
        # a caption quoting a panel over a recap that names the conference: the event, not the panel
        draft.title = prose_name
        draft.doubt("title", _prose_name_doubt(flat_sp[:400], prose_name))
    elif (quoted_first := re.search(r"[“\"„«]([^”\"“»]{15,200})[”\"“»]", next((x for x in lines if x), "")[:400])) and len(
            quoted_first.group(1).split()) >= 4:
        # a first line too long for a headline that quotes the title: 'Webinars by ...: “The Covid-19 ...” by ...'
        draft.title = quoted_first.group(1).strip()
        draft.doubt("title", "the title quoted in the page's first line: check it is the whole title")
    elif prose_name := _event_named_in_prose(flat_sp[:400]):
        draft.title = prose_name
        draft.doubt("title", _prose_name_doubt(flat_sp[:400], prose_name))
    else:
        first = next((p for p in re.split(r"(?<=[.!?])\s+", flat_sp.strip()) if len(p) > 20), "")
        if len(first) > 100:
            first = first[:100].rsplit(" ", 1)[0]
        draft.title = first.rstrip(" ,.")
        draft.doubt("title", "the page has no headline or quoted title: write one")
    # the headline of a talk page, when it agrees, confirms the quoted title
    title_line = head_at

    _find_when(draft, flat, flat_sp, announce_m, title_line)
    if (prose_name and draft.date and not YEAR.search(draft.title) and re.search(r"conferen|konferen|kongres", draft.title, re.I)
            and _page_writes_with_year(flat_sp, draft.title, draft.date.year)):
        # 'European Cluster Conference 2019', as events.yaml names the conferences (an edition of
        # Clusters meet Regions is named by its place)
        draft.title = f"{draft.title} {draft.date.year}"
    if draft.kind == "event":
        _find_place(draft, flat_sp, lines)
    organiser = re.search(r"\b[Tt]he\s+([A-Z][^.]{3,120}?),?\s+organi[sz]e[sd]?\b", flat_sp)
    if organiser and announce_m and organiser.start() < announce_m.end():
        draft.organiser = organiser.group(1).strip(" ,")

    for m in MODERATOR.finditer(flat):
        name = strip_honorifics(m.group(1).strip())
        if _is_name(name) and all(p.name != name for p in draft.moderators):
            draft.moderators.append(Person(name=name, role="Moderator"))

    body = [("" if BOILERPLATE.search(line) or PUBLICATION_LINE.match(line) else line) for line in lines]
    _walk(draft, _paragraphs(body), flat_sp, announce_m)
    _summary(draft, _paragraphs(body), flat_sp, announce)
    if draft.kind == "talk" and not draft.speakers:
        draft.reviews.append("no speakers found: add them (person, role, organisation), or leave them out until they are announced")
    return draft


#: what says the page's own event is a part of the event named next: 'As part of the ... Conference, this meeting ...'
PART_OF = re.compile(r"\b(?:as (?:a )?part of|in the (?:framework|context|margins?) of|on the (?:sidelines|margins?) of|"
                     r"side[- ]event (?:of|to|at)|im rahmen (?:der|des)|am rande (?:der|des)|dans le cadre d[eu']|en marge d[eu']|"
                     r"nell['’]ambito d\w*|a margine d\w*|en el marco d\w*|w ramach)\s+(?:the\s+|la\s+|le\s+|l['’])?$", re.I)


def _prose_name_doubt(opening: str, name: str) -> str:
    """Why a title read from a page's opening prose is unsure; stronger when the page calls its own event a part
    of the one it names (a side event of a conference)."""
    at = opening.find(name)
    if at > 0 and PART_OF.search(opening[max(0, at - 40): at]):
        return (f"the page calls its event a part of \"{name}\": the title is that larger event's; write this one's "
                "own name")
    return "the page opens with prose: the title is the event its first lines name"


def _page_writes_with_year(flat: str, name: str, year: int) -> bool:
    """Whether the page itself names the event with its year ('the 2019 European Cluster Conference',
    'European Cluster Conference 2019'); a first edition named without one ('the first ECA Cluster
    Conference') keeps its name as the page writes it."""
    name = re.escape(name)
    return bool(re.search(rf"{name}\s*,?\s*{year}\b|\b{year}\s+(?:\w+\s+)?{name}", flat, re.I))


def _score(d: DateMention, flat: str, kind: str, anchor: tuple[int, int] | None, title_line: int,
           title_words: list[str], title: str = "") -> None:
    s0, s1 = _sentence(flat, d.start, d.end)
    sentence, pre = flat[s0:s1], flat[s0: d.start]
    window = flat[max(0, d.start - 80): d.start].split(". ")[-1]
    line_no = flat.count("\n", 0, d.start)
    line = flat.split("\n")[line_no] if flat else ""
    score, why = 0, []
    line_start = flat.rfind("\n", 0, d.start) + 1
    dateline = _dateline(flat[line_start: d.start], flat[d.end: d.end + 8])
    if PUBLISHED.search(window) or PUBLICATION_LINE.search(line) or dateline:
        d.score, d.why = -100, "the publication date"  # 'Submitted by ... on', 'Lisbon, May 3, 2027 – ...'
        return
    if DEADLINE.search(pre):
        d.score, d.why = -60, "a deadline"
        return
    if _names_other_event(pre):
        d.score, d.why = -50, "another event"
        return
    if anchor and s0 <= anchor[1] and anchor[0] <= s1:
        score += 50
    if line_no == title_line:
        score += 40
    elif title_line >= 0 and abs(line_no - title_line) <= 3 and len(line) < 80 and not re.search(r"[.!?]\s", line):
        score += 30 if line_no > title_line else 15  # a date line under the headline; one above it is often a dateline
    if HAPPENS.search(sentence):
        score += 20
    elif HAPPENS_NOUN.search(sentence):
        score += 8
    if re.match(r"^[\s,]*(?:from|at|um|v|o|od)?\s*\d{1,2}[:.h]\d{2}", flat[d.end: d.end + 25], re.I):
        score += 15
    if kind == "talk":
        if TALK_CUE.search(sentence):
            score += 10
        elif EVENT_CUE.search(sentence):
            score -= 15
    elif d.last_day:
        score += 5
    if d.year:
        score += 8
    if title_words and sum(w in sentence.casefold() for w in title_words) >= min(2, len(title_words)):
        score += 10  # the sentence names what the page is about
    score += _named_before(pre, title)
    d.score, d.why = score, ", ".join(why)


def _dateline(before: str, after: str) -> bool:
    """A news item's dateline: the town and the day it was written, then the story. 'Lisbon, May 3, 2027 – ...',
    after the agency or site in brackets '(Agency) Milano, 26 marzo 2024 – Domani ...', or with full stops
    'Palma. 10 de mayo de 2025. El auditorio ...'; not a venue line followed by the hour ('Lyon, 5 May – 9:30')."""
    town = re.match(r"^(?:[^\n]{0,80}[)\]]\s*)?[A-ZÀ-Þ][\w'’-]+(?:[ -][A-ZÀ-Þ][\w'’-]+){0,2}\s*([,.])\s*$", before)
    if not town:
        return False
    return bool(re.match(r"\s*[–—-]\s(?!\s*\d)", after) or (town.group(1) == "." and re.match(r"\.\s+[A-ZÀ-Þ]", after)))


def _names_other_event(pre: str) -> bool:
    """'the previous talk on', 'Next meeting:'; not a word of a proper name such as 'THE NEXT SOCIETY' or
    'funded by Next Generation EU' (written in capitals, or capitalised inside a sentence)."""
    for m in OTHER_EVENT.finditer(pre):
        word = m.group(1)
        if word.lower() in ("last", "past") and not pre[m.end():].strip():
            continue  # 'participated, last October 20th and 21st, in ...': when this event was
        in_name = word.isupper() or (word[0].isupper() and re.search(r"[\w,;)”\"]\s+$", pre[: m.start()]))
        if not in_name:
            return True
    return False


#: an event named by capitalised words and an event noun: 'the ALL IN Event', 'the EU – Canada Matchmaking Event'
_NAMED_EVENT = re.compile(r"((?:[A-ZÀ-Þ][\w\-’']*\s+(?:[–&-]\s+)?){1,6}(?:Event|Conference|Matchmaking|Forum|Summit|Days?|Week))\b")


def _named_before(pre: str, title: str) -> int:
    """Whose date it is: the event named last before it in its sentence. 'The Matchmaking Event itself will take place
    ... 10-12 September' counts more (+10) than 'in the context of the ALL IN Event which will be held on 11-12
    September' (-10); 0 when the sentence names no event before the date."""
    names = _NAMED_EVENT.findall(pre)
    if not names or not title:
        return 0
    last, name = slugify(re.sub(r"^(?:The|Our|This)\s+", "", names[-1])), slugify(title)
    return 10 if last in name or name in last else -10


#: how long before the date a page gives in full another day it names may be what it recaps
RECAP_DAYS = 60


def _find_when(draft: Draft, flat: str, flat_sp: str, announce: re.Match | None, title_line: int) -> None:
    mentions = find_dates(flat)
    anchor = _sentence(flat_sp, announce.start(), announce.end()) if announce else None
    title_words = sorted({w for w in re.findall(r"[\w-]{4,}", draft.title.casefold())
                          if w not in NOT_NAMES and w not in ("european", "cluster", "clusters", "talk", "talks", "eccp")},
                         key=len, reverse=True)[:5]
    for d in mentions:
        _score(d, flat, draft.kind, anchor, title_line, title_words, draft.title)
    full = {(d.day, d.month): d.year for d in mentions if d.year}
    published = [d.year for d in mentions if d.score == -100 and d.year]
    candidates = [d for d in mentions if d.score > -10]
    best = max(candidates, key=lambda d: (d.score, -d.start), default=None)
    chosen_at = None
    if best is None:
        if draft.kind == "talk":
            draft.doubt("date", "no date found: fill in date (YYYY-MM-DD)")
        else:
            draft.doubt("start_date", "no date found: fill in start_date (YYYY-MM-DD)")
    else:
        chosen_at = best
        year = best.year or full.get((best.day, best.month))
        key = "date" if draft.kind == "talk" else "start_date"
        written = flat[best.start: best.end]
        if year is None:
            dated = [d.year for d in mentions if d.year] or [int(y) for y in YEAR.findall(flat)]
            # the year the page names most; on a tie the later one (a past edition is named beside the coming one)
            guess = published[0] if published else (max(set(dated), key=lambda y: (dated.count(y), y)) if dated else None)
            if guess is None:
                draft.doubt(key, f"the page gives '{written}' without a year: fill in the date")
            else:
                year = guess
                draft.doubt(key, f"the page gives '{written}' without a year: {guess} was assumed")
        first = best.first(year)
        last = best.last(year)
        if first is None and year is not None:
            draft.doubt(key, f"'{written}' is not a day of the calendar: fill in the date")
        draft.date = first
        if best.ambiguous:
            draft.doubt(key, f"'{written}' could be day/month or month/day: the day was read first")
        if draft.kind == "talk" and last:
            draft.doubt("date", f"the page gives a span ('{written}'): the talk's first day was taken")
        if draft.kind == "event":
            draft.end_date = last
        # another full date standing on a line of its own, that nothing marks as something else (a deadline,
        # a publication), may be the day: the draft says so rather than pick silently
        rivals = [d for d in candidates if d is not best and (
            d.score >= max(best.score - 10, 10) or d.score >= 20
            or (d.year and d.score >= 0 and _mostly_date(flat[flat.rfind("\n", 0, d.start) + 1: (flat.find("\n", d.end) + 1 or len(flat) + 1) - 1]))
            # a day in the text without its year, shortly before the date taken: a recap's 'on Friday 18
            # September' under the day it was published ('Tuesday, 22 September 2020')
            or (not d.year and d.score >= 0 and first is not None and year is not None
                and (earlier := d.first(year)) is not None and 0 < (first - earlier).days <= RECAP_DAYS))]
        for d in rivals:
            other = d.first(d.year or full.get((d.day, d.month)) or year)
            span_last = last or first
            inside = first and other and span_last and first <= other <= span_last
            if other and other != first and not inside:
                draft.doubt(key, f"the page also gives {flat[d.start:d.end]!r} for what may be the same thing")
                break
        if best.score < 20 and len(candidates) > 1:
            draft.doubt(key, f"'{written}' is not clearly the day it happens: check it")
        elif best.score < 10:
            draft.doubt(key, f"the page gives '{written}' without saying what happens then: check it")
        if draft.kind == "event" and "title" in draft.unsure and draft.date:
            draft.doubt(key, "the page names no event in a headline: check this is the event's own date")
        if draft.kind == "event" and draft.end_date is None and draft.date:
            near = [d.first(d.year or year) for d in candidates if d is not best and d.score >= 0 and not d.last_day]
            near = [x for x in near if x and x != draft.date and abs((x - draft.date).days) <= 4]
            if near:
                draft.date, draft.end_date = min([draft.date, *near]), max([draft.date, *near])
                draft.doubt("end_date", "days gathered from separate lines of the page: check the span")
    _find_time(draft, flat, flat_sp, mentions, chosen_at, anchor, title_line)


def _find_time(draft: Draft, flat: str, flat_sp: str, mentions: list[DateMention], chosen: DateMention | None,
               anchor: tuple[int, int] | None, title_line: int) -> None:
    masked = _mask(flat, [(d.start, d.end) for d in mentions])
    usable = []
    for t in find_times(masked):
        s0, _ = _sentence(flat, t.pos, t.pos + 1)
        pre = flat[s0: t.pos]
        before_day = re.sub(r"[#\s(,]+$", " ", masked[s0: t.pos])  # 'until 26 October (23.59 CEST)': the deadline's hour
        window = flat[max(0, t.pos - 80): t.pos].split(". ")[-1]
        t_line = flat.split("\n")[flat.count("\n", 0, t.pos)]
        if DEADLINE.search(pre) or DEADLINE.search(before_day) or PUBLISHED.search(window) or PUBLICATION_LINE.search(t_line):
            continue
        usable.append(t)
    pick, sure = None, True
    if chosen is not None:
        pick = next((t for t in usable if chosen.end <= t.pos <= chosen.end + 60 and "\n" not in flat[chosen.end: t.pos]), None)
    if pick is None and anchor:
        pick = next((t for t in usable if anchor[0] <= t.pos <= anchor[1]), None)
    page_lines = flat.split("\n")
    agenda = [t for t in usable if AGENDA_TIME.match(page_lines[flat.count("\n", 0, t.pos)] or "")
              and (chosen is None or t.pos > chosen.start)]
    if pick is None and agenda:
        pick, sure = agenda[0], False
    if pick is None and title_line >= 0:
        pick = next((t for t in usable if abs(flat.count("\n", 0, t.pos) - title_line) <= 3), None)
        if pick and not (chosen and abs(flat.count("\n", 0, chosen.start) - flat.count("\n", 0, pick.pos)) <= 1):
            sure = False
    if pick is None and usable:
        pick, sure = usable[0], False
    key_start = "start" if draft.kind == "talk" else "start_time"
    if pick is None:
        if draft.kind == "talk":
            draft.reviews.append('no start time found: fill in start ("HH:MM") when it is announced')
        return
    draft.start, draft.end = pick.start, (None if pick in agenda else pick.end)
    draft.announced_time = "" if pick in agenda else pick.written
    if not sure:
        where = "the first agenda line" if pick in agenda else "away from the date"
        draft.doubt(key_start, f"'{pick.written}' was taken from {where}: check it is the start")
    zone = pick.zone
    if not zone:
        s0, s1 = _sentence(flat_sp, pick.pos, pick.pos + 1)
        z = re.search(rf"\b{_ZONE}\b", flat_sp[s0:s1], re.I)
        zone = ZONES.get(z.group(1).lower(), "") if z else ""
    if zone:
        draft.timezone = zone
    else:
        draft.timezone = "Europe/Brussels"
        draft.doubt("timezone", "no time zone found on the page: Europe/Brussels was assumed")


def _find_place(draft: Draft, flat_sp: str, lines: list[str]) -> None:
    low = flat_sp.lower()
    if re.search(r"\b(online|virtual|virtuell\w*|digital\w*|hybrid|webinar|online-veranstaltung)\b", low):
        draft.online = True
    for line in lines:
        if PLACE_LINE.match(line):
            draft.place = line
            return
    # 'Bucharest, Romania'; not a list of countries ('clusters from Estonia, France, Poland and Portugal')
    m = next((x for x in PLACE_IN_TEXT.finditer(flat_sp) if not re.fullmatch(COUNTRIES, x.group(1))), None)
    if m and m.group(2) and EVENT_CUE.search(m.group(1)):
        # 'European Cluster Matchmaking Mission, Thessaloniki, Greece': the event's name, then its town
        draft.place = f"{m.group(2)}, {m.group(3)}"
        return
    if m and m.group(1) not in NOT_PLACES and not ORG_WORDS.search(m.group(1)):
        draft.place = f"{m.group(1)}, {m.group(3)}"
        return
    flat = "\n".join(lines)
    for m in PLACE_AFTER.finditer(flat_sp):
        word = flat[m.start(1): m.end(1)].split("\n")[0]  # a town closing a line: not the next line's first word
        if word.split()[0] in NOT_PLACES or ORG_WORDS.search(word):
            continue
        near = flat_sp[max(0, m.start() - 50): m.start()]
        if not (re.search(r"(take|took|held|place|proběh|kona|odby|statt|find|venue|location|meet|met|gather)",
                          flat_sp[max(0, m.start() - 80): m.end() + 40], re.I)
                # the town right after the event's name or its days: 'Clusterkonferenz in Prag', 'planned for
                # 26-27 September in Prague', 'W dniach 7-8 maja 2024 r. w Brukseli', '... i Bryssel (30 november ...)'
                or re.search(rf"\b(?:{_EVENT_NAME_NOUNS}|event|matchmaking|s[ée]minaire|seminar\w*|workshop|"
                             rf"\w*konferen[sz]\w*|\w*konferencj\w*|organis[ée]e?|planned|scheduled|av stapeln)\W*$",
                             near, re.I)
                or any(d.end >= len(near) - 6 for d in find_dates(near))
                or any(d.start <= 4 for d in find_dates(flat_sp[m.end(): m.end() + 30]))):
            continue
        # a building, then its town: 'im Haus der Wirtschaft in Stuttgart', 'im Gewandhaus zu Leipzig'
        town = re.match(r"^(?:\s+(?:der|des|of the|of)\s+[A-ZÀ-Þ][\w-]+)?\s+(?:in|zu)\s+([A-ZÀ-Þ][^\W\d_]{2,})\b", flat_sp[m.end():])
        draft.place = town.group(1) if town and town.group(1) not in NOT_PLACES else word
        draft.doubt("location", "the place was read from a sentence: check it")
        return
    if ONLINE_EVENT.search(flat_sp):
        # 'the conference will be held online', 'the experts will meet virtually', 'en ligne': no venue to name
        draft.place = "Online"
        draft.doubt("location", "the page says the event is held online and names no venue: check it")
        return
    if draft.online is None:
        draft.doubt("location", "no place found on the page: fill in location, or online: true")


#: what says an event itself is held online, not that something else is ('register online', 'virtual reality')
ONLINE_EVENT = re.compile(
    r"\b(?:held|take[sn]? place|took place|taking place|will be|is|was|run|organi[sz]ed|hosted|goes|went|meet|met|gather\w*)"
    r"\s+(?:\w+\s+)?(?:online|virtually|digitally|in a virtual format)\b|"
    r"\b(?:virtual|online|digital)\s+(?:event|conference|edition|format|meeting|matchmaking|forum|summit)\b|"
    r"\bvirtuel(?:le)?ment\b|\ben ligne\b|\bin modalità (?:online|virtuale|digitale)\b|\bvirtualmente\b|\bvirtuell\w*\b|"
    r"\bonline[- ](?:konferenz|veranstaltung|format|edition|edición|edizione)\w*|\bdigitale?n?\s+(?:konferenz|veranstaltung)\w*",
    re.I)


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated blocks; a page with no blank lines gives one block per line."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    out = []
    for block in blocks:
        if not block:
            continue
        # Lists, headings and person lines stay lines; running prose is joined.
        buf: list[str] = []
        for line in block:
            if BULLET.match(line) or AGENDA_TIME.match(line) or parse_person(line) or _looks_like_heading(line) or len(line) < 60:
                if buf:
                    out.append(" ".join(buf))
                    buf = []
                out.append(line)
            else:
                buf.append(line)
                if line.endswith((".", "!", "?", ":")):
                    out.append(" ".join(buf))
                    buf = []
        if buf:
            out.append(" ".join(buf))
        out.append("")
    return out


def _looks_like_heading(line: str) -> bool:
    text = NUMBERED.sub(r"\2", line).strip()
    if not text or len(text) > 90 or len(text.split()) > 12:
        return False
    if text.endswith((".", ";", ",", "!", "?")) or (BULLET.match(line) and not NUMBERED.match(line)):
        return False
    return text[0].isupper() and not _is_name(text)


def _short_label(kind: str, para: str) -> bool:
    """'Key messages', 'Agenda of the meeting', 'Speakers at this talk will include:'."""
    words = len(para.split())
    if kind == "speakers":
        return words <= 12 and (para.endswith(":") or words <= 3)
    return words <= 5 and not para.endswith((".", ";", ","))


def _split_points(text: str) -> list[str]:
    text = text.strip()
    if len(text) <= MAX_POINT_CHARS:
        return [text] if text else []
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text)
    points, buf = [], ""
    for s in sentences:
        if buf and len(buf) + len(s) > MAX_POINT_CHARS:
            points.append(buf)
            buf = s
        else:
            buf = f"{buf} {s}".strip()
    if buf:
        points.append(buf)
    return points


#: put after the last words of a page that may have been cut off in the copy ('..., DG GROW, Eu')
CUT_MARK = "\u2060"


def _mark_cut(para: str) -> str:
    """The page's last line, tagged when it ends without a full stop or bracket: a copy cut at a length
    limit ends mid-word, and a person read from it gets a '# REVIEW' mark."""
    return para if para.rstrip()[-1:] in ".;,:)!?”\"»" else para + CUT_MARK


def _walk(draft: Draft, paras: list[str], flat: str, announce: re.Match | None) -> None:
    """Split the page into sections by headings; route lists to speakers, agenda, key messages."""
    moderator_names = {p.name for p in draft.moderators}
    current: DraftSection | None = DraftSection("Overview")
    sections: list[DraftSection] = [current]
    mode = "body"  # body | agenda | key_messages | speakers
    agenda_item: tuple[str, list[str]] | None = None
    people: dict[str, Person] = {}
    pending_heading = False
    talk = draft.kind == "talk"

    def add_person(person: Person, part: str) -> str:
        key = fold(person.name).casefold()
        if CUT_MARK in person.organisation or CUT_MARK in person.role:
            person.role, person.organisation = person.role.replace(CUT_MARK, ""), person.organisation.replace(CUT_MARK, "")
            person.unsure = person.unsure or "the page ends on this line: check it is not cut short"
        if person.name in moderator_names:
            return key
        known = people.get(key)
        if known is None:
            person.part = part
            people[key] = person
            draft.speakers.append(person)
        else:
            known.role = known.role or person.role
            known.organisation = known.organisation or person.organisation
            known.part = known.part or part
            if not person.unsure:
                known.unsure = ""  # a list line confirms what the prose suggested
        return key

    prose: list[str] = []
    last = max((i for i, p in enumerate(paras) if p), default=-1)
    for i, para in enumerate(paras):
        if not para:
            continue
        if i == last and talk:
            para = _mark_cut(para)
        nxt = next((p for p in paras[i + 1:] if p), "")
        lower = para.lower()
        if "recording" in lower and len(para) < 200 and not draft.recording:
            draft.recording = para
            continue
        if re.search(r"\b(regist(er|ration|race|rierung)|anmeld\w*|rejestracj\w*)\b", lower) and len(para) > 30 and mode in ("body", "speakers") and not BULLET.match(para):
            draft.registration = f"{draft.registration} {para}".strip()
            continue
        if MODERATOR.match(para) and any(p.name in para for p in draft.moderators):
            continue
        if draft.title and 0.8 * len(draft.title) <= len(para) < len(draft.title) + 60 and fuzz.partial_ratio(draft.title.casefold(), para.casefold()) >= 90:
            continue  # the title line, or title and date (typos in a page's heading included)
        person = parse_person(para) if talk and len(para) <= MAX_PERSON_LINE else None
        if person and not BULLET.match(para) and mode not in ("speakers", "agenda") and (
            len(para) > 160 or (para.endswith(".") and len(para.split()) > 12)
        ):
            person = None  # a sentence that happens to start with a name: read it as prose
        if person:
            part = agenda_item[0] if mode == "agenda" and agenda_item else (current.title if pending_heading and current else "")
            key = add_person(person, part if mode != "speakers" else "")
            if mode == "agenda" and agenda_item:
                agenda_item[1].append(key)
            elif pending_heading and current is not None:
                current.speakers.append(key)
            continue
        timed = agenda_person(para) if talk and (AGENDA_TIME.match(para) or BULLET.match(para) or NUMBERED.match(para)
                                                 or mode == "agenda" or _agenda_like(para)) else None
        if timed:
            person, part = timed
            key = add_person(person, part)
            if part and not any(title == part for title, _ in draft.agenda):
                draft.agenda.append((part, [key]))
            continue
        special = next((name for name, rx in SPECIAL.items() if rx.match(para) and _short_label(name, para)), None)
        if special:
            mode = special
            agenda_item = None
            current = None
            pending_heading = False
            continue
        numbered = NUMBERED.match(para)
        if mode == "agenda" and numbered and len(para) < 120:
            agenda_item = (numbered.group(2).strip(), [])
            draft.agenda.append(agenda_item)
            continue
        is_heading = _looks_like_heading(para) and (
            len(nxt) > 90
            or parse_person(nxt) is not None
            or BULLET.match(nxt) is not None
            or (NUMBERED.match(para) is not None and _looks_like_heading(nxt))  # '4. Panel debate' over a sub-heading
        )
        if mode == "key_messages" and not is_heading and (BULLET.match(para) or len(para) > 60):
            draft.key_messages.append(BULLET.sub("", para))
            continue
        if is_heading:
            current = DraftSection(NUMBERED.sub(r"\2", para).strip().rstrip(":"))
            sections.append(current)
            mode = "body"
            pending_heading = True
            continue
        if mode != "body" and BULLET.match(para):
            continue  # e.g. a stray list line under 'Speakers'
        if current is None:
            current = DraftSection("Further information")
            sections.append(current)
        mode = "body"
        pending_heading = False
        if len(para) < 30 and not para.endswith((".", "!", "?")):
            continue  # a stray label ('EU Clusters Talks', a date line), not a statement
        prose.append(para)
        current.points.extend(_split_points(BULLET.sub("", para)))

    if talk:
        for para in prose:
            for person in people_in_prose(para):
                add_person(person, "")
    draft.sections = [s for s in sections if s.points]


def _summary(draft: Draft, paras: list[str], flat: str, announce: tuple[re.Match, str] | None) -> None:
    """What it is about: the page's context paragraph and the purpose its announcement gives, not the
    announcement sentence or the headline."""
    quoted = announce[1] if announce else ""
    context = ""
    for para in paras:
        if (len(para) < 50 or BULLET.match(para) or AGENDA_TIME.match(para) or (quoted and quoted in para) or BOILERPLATE.search(para)
                or re.search(r"\bregist(er|ration)\b", para, re.I) or parse_person(para) or find_dates(para[:60])):
            continue
        context = " ".join(re.split(r"(?<=[.!?])\s+", para)[:2])
        break
    purpose = ""
    if announce:
        m = announce[0]
        _, s1 = _sentence(flat, m.start(), m.end())
        tail = flat[m.end(): s1 + 1]
        p = re.search(r",?\s+(?:in order\s+)?to\s+((?:learn|discuss|present|share|give|reflect|explore|examine|hear|talk|"
                      r"summari[sz]e|analy[sz]e|introduce|look|show|exchange|debate|highlight|find|bring|help|provide)\b.+)$",
                      tail.strip())
        if p:
            purpose = f"The {'talk' if draft.kind == 'talk' else 'event'} sets out to {p.group(1).strip().rstrip('.')}."
    draft.summary = " ".join(x for x in (context, purpose) if x)
    if not draft.summary:
        draft.summary = next((p for s in draft.sections for p in s.points if len(p) > 60 and not BOILERPLATE.search(p)), "")
    if not draft.summary:
        draft.reviews.append("no summary found: write two to four sentences")


def _match_people(draft: Draft, existing: list[Any]) -> None:
    """Reuse the ids of people already known; list the others as new people entries."""
    by_name: dict[str, str] = {}
    for p in existing:
        for name in (p.name, *p.aliases):
            by_name[fold(name).casefold()] = p.id
    taken = {p.id for p in existing}
    for person in [*draft.moderators, *draft.speakers]:
        known = by_name.get(fold(person.name).casefold())
        if known:
            person.id = known
            continue
        ident = slugify(person.name)
        base, n = ident, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        person.id = ident
        by_name[fold(person.name).casefold()] = ident
        draft.new_people.append(person)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # lists indented under their key, as in the shipped files


class _Quoted(str):
    """Times are written "08:30", as docs/knowledge.md asks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def _appearance(p: Person) -> dict[str, str]:
    out = {"person": p.id}
    if p.role:
        out["role"] = p.role
    if p.organisation:
        out["organisation"] = p.organisation
    if p.part:
        out["part"] = p.part
    return out


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96, default_flow_style=False)


def mark_reviews(text: str, notes: dict[str, str], indent: str = "") -> str:
    """Put '# REVIEW: why' on the line of each unsure field (or just above it when its value runs on).

    ``notes`` keys are field names at ``indent`` ('title', 'date') or 'speakers.N' for the Nth speaker.
    """
    lines = text.split("\n")
    out: list[str] = []
    key_rx = re.compile(rf"^{re.escape(indent)}([a-z_]+):(.*)$")
    item_rx = re.compile(rf"^{re.escape(indent)}  - person:")
    current, n = "", -1
    for i, line in enumerate(lines):
        note = None
        m = key_rx.match(line)
        if m:
            current, n = m.group(1), -1
            note = notes.get(current)
        elif current == "speakers" and item_rx.match(line):
            n += 1
            note = notes.get(f"speakers.{n}")
        if note:
            note = note.replace("\n", " ")
            this_indent = len(line) - len(line.lstrip())
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            value = line.split(":", 1)[1].strip()
            runs_on = value and value[0] not in ">|" and nxt.strip() and (len(nxt) - len(nxt.lstrip())) > this_indent \
                and not nxt.lstrip().startswith(("- ", "#")) and not re.match(r"^\s*[a-z_]+:", nxt)
            if runs_on:
                out.append(f"{' ' * this_indent}# REVIEW: {note}")
                out.append(line)
            else:
                out.append(f"{line}  # REVIEW: {note}")
            continue
        out.append(line)
    return "\n".join(out)


def render(draft: Draft, existing_people: list[Any] = ()) -> str:
    """The draft as a talk file, or as an events.yaml entry for an event page."""
    if draft.kind == "event":
        return render_event(draft)
    _match_people(draft, list(existing_people))
    ids = {fold(p.name).casefold(): p.id for p in [*draft.moderators, *draft.speakers]}
    talk: dict[str, Any] = {
        "id": draft.id,
        "title": draft.title,
        "date": draft.date,
        "start": _Quoted(f"{draft.start:%H:%M}") if draft.start else None,
    }
    if draft.end:
        talk["end"] = _Quoted(f"{draft.end:%H:%M}")
    talk["timezone"] = draft.timezone or "Europe/Brussels"
    if draft.announced_time:
        talk["announced_time"] = draft.announced_time
    talk["format"] = "Online webinar"
    if draft.organiser:
        talk["organiser"] = draft.organiser
    talk["summary"] = draft.summary or None
    if draft.registration:
        talk["registration"] = draft.registration
    if draft.moderators:
        talk["moderators"] = [_appearance(p) for p in draft.moderators]
    if draft.speakers:
        talk["speakers"] = [_appearance(p) for p in draft.speakers]
    if draft.agenda:
        talk["agenda"] = [
            {"title": title, "speakers": [ids[k] for k in keys if k in ids]} if keys else {"title": title}
            for title, keys in draft.agenda
        ]
    if draft.key_messages:
        talk["key_messages"] = draft.key_messages
    if draft.sections:
        used: set[str] = set()
        sections = []
        for s in draft.sections:
            sid, n = slugify(s.title, words=5) or "section", 2
            base = sid
            while sid in used:
                sid, n = f"{base}-{n}", n + 1
            used.add(sid)
            entry: dict[str, Any] = {"id": sid, "title": s.title}
            speakers = [ids[k] for k in s.speakers if k in ids]
            if speakers:
                entry["speakers"] = speakers
            entry["points"] = s.points
            sections.append(entry)
        talk["sections"] = sections
    if draft.recording:
        talk["recording"] = draft.recording
    source: dict[str, str] = {"title": draft.source_title}
    if draft.source:
        source["file"] = draft.source
    talk["sources"] = [source]
    notes = dict(draft.unsure)
    for i, p in enumerate(draft.speakers):
        if p.unsure:
            notes[f"speakers.{i}"] = p.unsure
    if "timezone" in notes and not draft.start:
        notes.pop("timezone")
    body = mark_reviews(_dump(talk), notes)
    head = [header_for(f"talks/{draft.id}.yaml"), f"# DRAFT made by `talkbot draft` from {draft.source or 'a page'}: review every field."]
    head += [f"# REVIEW: {note}" for note in draft.reviews]
    tail = ""
    if draft.new_people:
        people = _dump({"people": [{"id": p.id, "name": p.name} for p in draft.new_people]})
        tail = "\n# NEW PEOPLE: add these entries to knowledge/people.yaml (and aliases for other spellings):\n"
        tail += "".join(f"# {line}\n" for line in people.splitlines()[1:])
    return "\n".join(head) + "\n" + body + tail


def _event_kind(draft: Draft, text: str) -> str:
    for words, kind in (
        (r"matchmaking|c2lab|clusters meet regions|b2b meetings", "matchmaking"),
        (r"conference|conférence|conferenza|conferencia|konferenz|konferenc|congress|kongress|congrès|congreso|summit",
         "conference"),
        (r"webinar|online session|infoveranstaltung", "webinar"),
        (r"trade fair|messe|expo\b|exhibition", "trade-fair"),
        (r"call for|open call|deadline", "call"),
    ):
        if re.search(words, draft.title, re.I):
            return kind
    first = []
    for words, kind in (
        (r"matchmaking|c2lab|clusters meet regions", "matchmaking"),
        (r"conference|konferenz|konferenc|congress|kongress", "conference"),
        (r"webinar", "webinar"),
    ):
        m = re.search(words, text[:1500], re.I)
        if m:
            first.append((m.start(), kind))
    return min(first)[1] if first else "other"


def render_event(draft: Draft) -> str:
    """An entry for knowledge/events.yaml (see docs/knowledge.md), review marks on unsure fields."""
    entry: dict[str, Any] = {
        "id": draft.id,
        "title": draft.title,
        "kind": draft.event_kind,
        "start_date": draft.date,
    }
    if draft.end_date:
        entry["end_date"] = draft.end_date
    if draft.start:
        entry["start_time"] = _Quoted(f"{draft.start:%H:%M}")
        if draft.end:
            entry["end_time"] = _Quoted(f"{draft.end:%H:%M}")
        entry["timezone"] = draft.timezone or "Europe/Brussels"
    if draft.place:
        entry["location"] = draft.place
    entry["online"] = bool(draft.online)
    if draft.summary:
        entry["description"] = draft.summary
    entry["url"] = ""
    notes = dict(draft.unsure)
    notes.pop("date", None)
    body = mark_reviews(_dump({"events": [entry]}), notes, indent="    ")
    head = [header_for("events.yaml"),
            f"# DRAFT made by `talkbot draft` from {draft.source or 'a page'}: an entry for knowledge/events.yaml.",
            "# Review every field, then copy the entry (from '- id:') under `events:` in that file."]
    head += [f"# REVIEW: {note}" for note in draft.reviews]
    return "\n".join(head) + "\n" + body


def new_people_yaml(rendered: str) -> str:
    """The commented 'NEW PEOPLE' block of a rendered draft, as YAML list items."""
    lines = rendered.split("# NEW PEOPLE:", 1)[-1].splitlines()[1:] if "# NEW PEOPLE:" in rendered else []
    return "".join(line[2:] + "\n" for line in lines if line.startswith("# "))


def draft_file(page: Path, existing_people: list[Any] = (), kind: str | None = None) -> tuple[str, Draft]:
    text = page.read_bytes().decode("utf-8", errors="replace")
    return draft_text(text, page.name, existing_people, kind)


def draft_text(text: str, source: str = "", existing_people: list[Any] = (), kind: str | None = None) -> tuple[str, Draft]:
    """The rendered draft (talk file or events.yaml entry) of a page's text, and what was read."""
    title = "Summary page" if re.search(r"\bsummary\b|\btakeaways\b|\borganised\b", text[:3000], re.I) else "Announcement page"
    draft = extract(text, source, kind)
    draft.source_title = title
    if draft.kind == "event":
        draft.event_kind = _event_kind(draft, text)
    return render(draft, existing_people), draft


SCAFFOLD = """\
{header}
# A new EU Clusters Talk. Fill in every field, then run `talkbot validate`.
# See docs/knowledge.md for each field; people are ids from knowledge/people.yaml.
id: {id}
title: "{title}"
date: {date}
start: "08:30"
end: "09:45"
timezone: Europe/Brussels
announced_time: "8:30 – 9:45 CET"
format: Online webinar
organiser: European Cluster Collaboration Platform, on behalf of the European Commission
summary: >-
  What the talk is about, in two to four sentences.
registration: >-
  Prior registration is compulsory. Who may attend and until when to register.
speakers:
  - person: {person}
    role: Their role at the time of the talk
    organisation: Their organisation
    part: What they present
agenda:
  - title: News from the European Cluster Collaboration Platform
  - title: The first presentation
    speakers: [{person}]
key_messages:
  - One key message of the talk, as a full sentence.
sections:
  - id: first-part
    title: The first part
    speakers: [{person}]
    points:
      - One statement that can stand on its own as an answer.
tags: [topic]
sources:
  - title: Announcement page
    url: ""
"""


def scaffold(talk_date: date, title: str, person: str) -> tuple[str, str]:
    """A new talk file's (relative path, text), valid as it is once ``person`` exists."""
    ident = f"{talk_date.isoformat()}-{slugify(title, words=6) or 'new-talk'}"
    rel = f"talks/{ident}.yaml"
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    return rel, SCAFFOLD.format(header=header_for(rel), id=ident, title=safe_title, date=talk_date.isoformat(), person=person)
