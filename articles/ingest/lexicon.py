"""The words extraction knows: given names, common English words, titles, roles, and the
words that never belong to a person's name.

Given names and common words are data files in `data/` (their sources and licences are in
`data/build.py`); the short lists are here, lower-case and without dots.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


_FOLDED: dict[str, str] = {}


def fold(word: str) -> str:
    """Lower-case ASCII, dots and apostrophes dropped: "José" -> "jose", "O'Brien" -> "obrien",
    "U.S." -> "us". (Remembered: a story asks for the same few hundred words again and
    again.)"""
    folded = _FOLDED.get(word)
    if folded is None:
        plain = word
        if not plain.isascii():
            plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
        folded = plain.lower().replace(".", "").replace("'", "").replace("\u2019", "")
        if len(_FOLDED) < 200_000:
            _FOLDED[word] = folded
    return folded


@cache
def _given() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in (DATA / "given_names.txt").read_text().splitlines():
        name, _, sex = line.partition("\t")
        names[name] = sex
    return names


def given_names() -> frozenset[str]:
    return frozenset(_given())


def gender(word: str) -> str:
    """ "m" or "f" for a given name mostly men's or women's, else ""."""
    return _given().get(fold(word), "")


@cache
def common_words() -> frozenset[str]:
    return frozenset((DATA / "common_words.txt").read_text().split())


@lru_cache(maxsize=200_000)
def is_given_name(word: str) -> bool:
    """A given name, or a hyphenated one made of given names ("Jean-Luc")."""
    key = fold(word)
    names = _given()
    if key in names:
        return True
    parts = key.split("-")
    return len(parts) > 1 and all(p in names for p in parts)


@lru_cache(maxsize=200_000)
def is_common_word(word: str) -> bool:
    """An ordinary English word when written in lower case ("will", "grace", "care")."""
    return fold(word) in common_words() or fold(word) in FUNCTION_WORDS


# Words that open sentences and clauses and are never part of a name: "As President Trump",
# "After Biden", "But", "It".
FUNCTION_WORDS = {
    "a", "an", "the", "and", "but", "or", "nor", "so", "yet", "for", "as", "at", "by", "in",
    "on", "of", "off", "to", "from", "with", "without", "within", "into", "onto", "upon",
    "after", "before", "since", "until", "till", "while", "whilst", "when", "whenever",
    "where", "wherever", "whereas", "although", "though", "because", "if", "unless",
    "whether", "once", "than", "then", "thus", "hence", "also", "however", "meanwhile",
    "moreover", "furthermore", "nevertheless", "nonetheless", "instead", "still", "even",
    "just", "only", "both", "either", "neither", "each", "every", "all", "any", "some",
    "many", "much", "most", "more", "few", "several", "such", "other", "another", "this",
    "that", "these", "those", "there", "here", "it", "its", "he", "she", "they", "we", "you",
    "i", "his", "her", "hers", "their", "theirs", "our", "your", "my", "him", "them", "us",
    "me", "who", "whom", "whose", "what", "which", "why", "how", "not", "no", "yes",
    "according", "despite", "during", "like", "unlike", "about", "above", "below", "against",
    "among", "amongst", "amid", "between", "beyond", "through", "throughout", "towards",
    "toward", "under", "over", "via", "per", "following", "including", "regarding",
    "concerning", "today", "yesterday", "tomorrow", "tonight", "now", "later", "earlier",
    "recently", "currently", "dear", "do", "does", "did", "is", "are", "was", "were", "be",
    "been", "being", "have", "has", "had", "would", "can", "could", "should", "might", "must",
    "shall", "let", "please", "thank", "thanks", "hello", "hi", "oh", "well", "okay", "ok",
    "sure", "perhaps", "maybe", "indeed", "actually", "certainly", "clearly", "overall",
    "finally", "lastly", "additionally", "similarly", "likewise", "otherwise", "therefore",
    "consequently", "accordingly", "elsewhere", "nearly", "almost", "around", "roughly",
    "speaking", "asked", "says", "said", "again", "already", "always", "never", "often",
    "sometimes", "usually", "soon", "last", "next", "first", "second", "third", "former",
    "latter", "whoever", "whatever", "whichever", "everyone", "everybody", "nobody", "none",
    "someone", "somebody", "anyone", "anybody", "something", "nothing", "everything",
    "anything", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "hundreds", "thousands", "millions", "dozens",
}  # fmt: skip
DAYS_AND_MONTHS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
}  # fmt: skip
# Honorifics and titles written before a name ("Sen. Tomas Reyl", "Det. Insp. Lena Osk").
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev",
    "mme", "mlle", "herr", "frau",
    "reverend", "fr", "father", "sister", "rabbi", "imam", "sheikh", "ayatollah", "sen",
    "rep", "gov", "lt", "det", "insp", "sgt", "cpl", "pvt", "capt", "col", "gen", "adm", "maj",
    "cmdr", "supt", "hon", "pres", "amb", "atty", "sayyid", "sayed", "haji", "hajji",
    "mullah", "grand",
}  # fmt: skip
TITLES = HONORIFICS | {
    "president", "vice", "prime", "minister", "secretary", "chancellor", "premier", "mayor",
    "governor", "senator", "representative", "congressman", "congresswoman", "assemblyman",
    "assemblywoman", "councillor", "councilor", "councilman", "councilwoman", "alderman",
    "king", "queen", "prince", "princess", "emperor", "empress", "crown", "duke", "duchess",
    "earl", "count", "countess", "baron", "baroness", "pope", "cardinal", "bishop",
    "archbishop", "pastor", "judge", "justice", "magistrate", "attorney", "general",
    "lieutenant", "colonel", "captain", "commander", "admiral", "sergeant", "corporal",
    "private", "officer", "constable", "detective", "inspector", "superintendent", "chief",
    "commissioner", "sheriff", "deputy", "ambassador", "envoy", "consul", "chairman",
    "chairwoman", "chairperson", "chair", "speaker", "leader", "spokesman", "spokeswoman",
    "spokesperson", "director", "dean", "provost", "professor", "doctor", "coach", "manager",
    "ceo", "cfo", "coo", "founder", "president-elect", "acting", "interim", "former", "late",
    "then", "incoming", "outgoing", "foreign", "defense", "defence", "interior", "finance",
    "health", "treasury", "trade", "state", "home", "energy", "environment", "education",
    "labour", "labor", "transport", "agriculture", "economy", "culture", "sports", "sport",
    "emergencies", "emergency", "security", "intelligence", "opposition", "party",
    "supreme", "high", "national", "federal", "regional", "provincial", "senior", "junior",
    "assistant", "associate", "executive", "managing", "principal", "head",
    "lead", "first", "lady", "mp", "mep", "msp", "qc", "kc", "nominee", "candidate",
    "challenger", "incumbent", "lawmaker", "legislator", "delegate", "secretary-general",
    "director-general", "attorney-general", "chief-executive",
}  # fmt: skip
# Roles a name may follow, capitalised or not ("team member Rodaba Noori", "Scientist ...").
ROLE_NOUNS = {
    "president", "minister", "secretary", "senator", "governor", "mayor", "chancellor",
    "premier", "envoy", "ambassador", "leader", "spokesman", "spokeswoman", "spokesperson",
    "director", "official", "chief", "commissioner", "chairman", "chairwoman", "judge",
    "justice", "general", "king", "queen", "prince", "princess", "pope", "adviser",
    "advisor", "photographer", "reporter", "journalist", "correspondent", "columnist",
    "editor", "analyst", "economist", "lawyer", "attorney", "prosecutor", "mediator",
    "negotiator", "coach", "captain", "ceo", "founder", "co-founder", "owner", "master",
    "manager", "professor", "scientist", "researcher", "doctor", "physician", "surgeon",
    "nurse", "councillor", "councilor", "activist", "campaigner", "member", "actor",
    "actress", "singer", "musician", "rapper", "artist", "author", "writer", "novelist",
    "poet", "playwright", "producer", "filmmaker", "comedian", "presenter",
    "host", "player", "striker", "midfielder", "defender", "goalkeeper", "forward",
    "quarterback", "pitcher", "athlete", "driver", "rider", "boxer", "champion", "star",
    "officer", "constable", "detective", "inspector", "sergeant", "sheriff", "trooper",
    "agent", "soldier", "commander", "colonel", "lieutenant", "pilot", "astronaut",
    "candidate", "nominee", "challenger", "incumbent", "lawmaker", "legislator", "politician",
    "representative", "congressman", "congresswoman", "delegate", "deputy", "aide",
    "assistant", "teacher", "principal", "student", "resident", "witness", "victim",
    "survivor", "suspect", "defendant", "plaintiff", "voter", "farmer", "worker", "chef",
    "entrepreneur", "businessman", "businesswoman", "investor", "banker",
    "historian", "expert", "specialist", "epidemiologist", "virologist", "immunologist",
    "psychologist", "psychiatrist", "engineer", "architect", "designer", "interviewee",
    "interviewer", "moderator", "organiser", "organizer", "volunteer", "priest", "cleric",
    "bishop", "archbishop", "cardinal", "rabbi", "imam", "pastor", "monk", "nun", "chair",
    "chairperson", "head", "boss", "partner", "wife", "husband", "son", "daughter",
    "mother", "father", "brother", "sister", "uncle", "aunt", "cousin", "nephew", "niece",
    "grandson", "granddaughter", "grandmother", "grandfather", "widow", "fiancée", "fiance",
    "fiancee", "girlfriend", "boyfriend", "friend", "colleague", "spouse", "child",
    "executive", "administrator", "superintendent", "dean", "provost", "governor-general",
    "secretary-general", "director-general", "attorney-general", "treasurer",
    "auditor", "controller", "comptroller", "clerk", "magistrate", "coroner", "ombudsman",
    "mp", "mep", "speaker", "whip", "consul", "emir", "sultan", "sheikh",
    "monarch", "emperor", "crown", "duke", "duchess", "dictator", "warlord", "militant",
    "commentator", "blogger", "youtuber", "influencer", "broadcaster", "anchor",
    # Occupations and parts people play in the news (not those that are common surnames:
    # Baker, Cook, Miller, Fisher, Weaver, Porter, Painter...).
    "drummer", "guitarist", "bassist", "pianist", "violinist", "cellist", "composer",
    "conductor", "songwriter", "singer-songwriter", "vocalist", "dancer", "choreographer",
    "sculptor", "ecologist", "biologist", "chemist", "physicist", "geologist", "astronomer",
    "mathematician", "sociologist", "anthropologist", "archaeologist", "zoologist",
    "botanist", "climatologist", "meteorologist", "oceanographer", "paleontologist",
    "neuroscientist", "geneticist", "statistician", "linguist", "philosopher", "theologian",
    "lecturer", "academic", "scholar", "curator", "librarian", "archivist", "consultant",
    "strategist", "pollster", "lobbyist", "protester", "demonstrator", "winger", "batsman",
    "jockey", "cyclist", "swimmer", "sprinter", "skier", "golfer", "wrestler", "referee",
    "umpire", "paramedic", "firefighter", "dentist", "pharmacist", "veterinarian",
    "pathologist", "cardiologist", "oncologist", "pediatrician", "paediatrician", "midwife",
    "therapist", "counsellor", "counselor", "vicar", "deacon", "chaplain", "missionary",
    "preacher", "clergyman", "barrister", "solicitor", "juror", "investigator", "policeman",
    "policewoman", "diplomat", "councilman", "councilwoman", "alderman", "assemblyman",
    "assemblywoman", "trader", "broker", "accountant", "inventor", "programmer",
    "technician", "mechanic", "electrician", "contractor", "fisherman", "miner", "sailor",
    "corporal", "admiral", "veteran", "cadet", "bodyguard", "gunman", "shooter", "attacker",
    "bomber", "hijacker", "kidnapper", "killer", "murderer", "assailant", "perpetrator",
    "hostage", "prisoner", "inmate", "detainee", "convict", "refugee", "migrant",
    "immigrant", "tourist", "passenger", "neighbour", "neighbor", "landlord", "tenant",
    "shopkeeper", "vendor", "patient", "pupil", "alumnus", "alumna", "headteacher",
    "headmaster", "headmistress", "publisher", "photojournalist", "critic", "magician",
    "stylist", "waiter", "waitress",
}  # fmt: skip
# Words that make a capitalised run an organisation, event, law, place or thing, never a
# person ("Care Reform Bill", "World Cup", "Salomon Brothers", "Grenada Street").
NOT_PERSON_WORDS = {
    "image", "images", "photo", "photos", "picture", "pictures", "credit", "caption", "video",
    "press", "presse", "agence", "agencia", "agenzia", "memorial", "advisory", "info", "online",
    "daily", "weekly", "sunday",
    "act", "bill", "laws", "amendment", "treaty", "accord", "accords", "agreement", "convention",
    "protocol", "charter", "constitution", "doctrine", "plan", "party", "parties", "cup", "league",
    "championship", "championships", "games", "olympics", "olympic", "paralympics", "open",
    "award", "awards", "prize", "prizes", "medal", "trophy", "week", "weekend", "month", "year",
    "war", "wars", "battle", "storm", "hurricane", "cyclone", "typhoon", "tornado", "earthquake",
    "flood", "festival", "expo", "exhibition", "show", "concert", "tour", "marathon", "race",
    "rally", "prix", "bank", "brothers", "bros", "sons", "inc", "corp", "corporation", "company",
    "co", "ltd", "llc", "plc", "ag", "sa", "gmbh", "group", "holdings", "partners", "associates",
    "airlines", "airline", "airways", "air", "motors", "motor", "industries", "industry",
    "systems", "technologies", "technology", "tech", "labs", "software", "media", "news", "times",
    "post", "herald", "journal", "gazette", "tribune", "telegraph", "guardian", "observer",
    "chronicle", "express", "mirror", "independent", "standard", "magazine", "radio", "tv",
    "television", "network", "channel", "studios", "studio", "records", "films",
    "entertainment", "university", "universities", "college", "school", "schools", "academy",
    "institute", "institution", "hospital", "hospitals", "clinic", "center", "centre", "museum",
    "library", "gallery", "theatre", "theater", "opera", "orchestra", "choir", "band", "cathedral",
    "mosque", "synagogue", "chapel", "abbey", "shrine", "club", "fc", "afc", "united", "city",
    "rovers", "wanderers", "athletic", "athletico", "sporting", "team", "squad", "society",
    "association", "foundation", "fund", "trust", "council", "committee", "commission", "board",
    "authority", "authorities", "agency", "office", "ministry", "department", "service",
    "services", "unit", "force", "forces", "army", "navy", "marines", "police", "guard", "guards",
    "constabulary", "gendarmerie", "regiment", "battalion",
    "corps", "courts", "tribunal", "parliament", "congress", "senate", "assembly", "government",
    "administration", "cabinet", "union", "federation", "confederation", "organisation",
    "organization", "alliance", "coalition", "movement", "front", "brigade", "brigades", "militia",
    "project", "program", "programme", "initiative", "campaign", "summit", "conference", "forum",
    "symposium", "framework", "report", "review", "index", "street", "st", "road", "rd", "avenue",
    "ave", "boulevard", "lane", "drive", "way", "square", "plaza", "garden", "gardens", "bridge",
    "tower", "towers", "building", "palace", "castle", "fort", "station", "airport", "port",
    "harbour", "harbor", "stadium", "arena", "island", "islands", "river", "mountain", "mountains",
    "mount", "valley", "coast", "sea", "ocean", "gulf", "strait", "desert", "forest", "county",
    "province", "state", "states", "district", "region", "village", "town", "prison", "jail",
    "restaurant", "hotel", "cafe", "café", "market", "mall", "store", "stores", "shop", "farm",
    "plant", "factory", "mine", "base", "camp", "ship", "one", "two", "universe", "series",
    "season", "episode", "album", "song", "book", "novel", "film", "movie", "manifesto", "affair",
    "scandal", "trial", "inquiry", "investigation", "crisis", "revolution", "uprising", "massacre",
    "attack", "attacks", "bombing", "bombings", "shooting", "operation", "mission", "agenda",
    "declaration", "resolution", "rights", "muslims", "christians", "jews", "catholics",
    "democrats", "republicans", "conservatives", "liberals", "socialists", "communists", "greens",
    "twitter", "facebook", "instagram", "youtube", "google", "apple", "microsoft", "amazon",
    "wikipedia", "wikinews", "reuters", "ap", "afp", "bbc", "cnn", "nbc", "abc", "cbs", "msnbc",
    "npr", "pbs", "metro", "line", "system", "code", "tax", "rule", "rules", "policy", "reform",
    "budget", "strategy", "scheme", "rfc", "republic", "kingdom", "empire", "dynasty", "federal",
    "national", "international", "global", "world", "worldwide", "general", "central", "royal",
    "imperial", "civil", "foreign", "public", "private", "social", "economic", "political",
    "military", "naval", "aerospace", "space", "nuclear", "energy", "oil", "gas", "electric",
    "health", "medical", "emergency", "rescue", "relief", "crescent", "democracy", "humanitarian",
    "without", "borders", "saint", "san", "santa", "santo", "são", "sao", "santiago", "nuestra",
    "señora", "notre", "dame",
}  # fmt: skip
# Lower-case name particles: "de la Cruz", "van der Berg", "bin Salman", "al-Assad".
PARTICLES = {
    "de", "da", "di", "do", "dos", "das", "del", "della", "delle", "der", "den", "van",
    "von", "le", "la", "les", "du", "des", "bin", "ibn", "al", "el", "ben", "ter", "ten",
    "y", "zu", "af", "bint", "abu", "ould", "ap", "st",
}  # fmt: skip
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
PRONOUNS = {"he": "m", "she": "f"}
# Short forms of given names, to the full form ("Larry Lessig" is Lawrence Lessig).
NICKNAMES = {
    "bill": "william", "billy": "william", "will": "william", "liam": "william",
    "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert",
    "mike": "michael", "mick": "michael", "mickey": "michael", "joe": "joseph",
    "joey": "joseph", "jim": "james", "jimmy": "james", "jamie": "james", "tom": "thomas",
    "tommy": "thomas", "larry": "lawrence", "dick": "richard", "rick": "richard",
    "rich": "richard", "ricky": "richard", "ted": "edward", "ed": "edward", "eddie": "edward",
    "ned": "edward", "chuck": "charles", "charlie": "charles", "tony": "anthony",
    "dave": "david", "dan": "daniel", "danny": "daniel", "steve": "stephen",
    "chris": "christopher", "matt": "matthew", "pat": "patrick", "andy": "andrew",
    "drew": "andrew", "alex": "alexander", "sandy": "alexander", "ben": "benjamin",
    "sam": "samuel", "nick": "nicholas", "greg": "gregory", "jon": "jonathan",
    "jack": "john", "johnny": "john", "hank": "henry", "harry": "henry", "jerry": "gerald",
    "ron": "ronald", "don": "donald", "doug": "douglas", "fred": "frederick",
    "frank": "francis", "gene": "eugene", "hal": "harold", "jeff": "jeffrey",
    "ken": "kenneth", "kenny": "kenneth", "len": "leonard", "lenny": "leonard",
    "mitch": "mitchell", "nate": "nathan", "phil": "philip", "ray": "raymond",
    "russ": "russell", "stan": "stanley", "tim": "timothy", "vince": "vincent",
    "walt": "walter", "wally": "walter", "zach": "zachary", "beth": "elizabeth",
    "liz": "elizabeth", "betty": "elizabeth", "lizzie": "elizabeth", "kate": "katherine",
    "katie": "katherine", "kathy": "katherine", "cathy": "catherine", "meg": "margaret",
    "maggie": "margaret", "peggy": "margaret", "sue": "susan", "susie": "susan",
    "jenny": "jennifer", "jen": "jennifer", "becky": "rebecca", "vicky": "victoria",
    "abby": "abigail", "nancy": "ann", "annie": "ann", "debbie": "deborah", "deb": "deborah",
    "mandy": "amanda", "pam": "pamela", "sally": "sarah", "patty": "patricia",
    "trish": "patricia", "ginny": "virginia", "hillary": "hillary", "bernie": "bernard",
    "vlad": "vladimir", "sasha": "alexander", "misha": "mikhail", "kostya": "konstantin",
}  # fmt: skip
# Nationalities, peoples, faiths and languages: capitalised, never a person's name.
DEMONYMS = {
    "afghan", "afghans", "african", "africans", "albanian", "algerian", "american",
    "americans", "angolan", "arab", "arabs", "arabic", "argentine", "argentinian", "armenian",
    "asian", "asians", "australian", "australians", "austrian", "azerbaijani", "bahraini",
    "bangladeshi", "basque", "belarusian", "belgian", "bolivian", "bosnian", "brazilian",
    "british", "briton", "britons", "bulgarian", "burmese", "cambodian", "cameroonian",
    "canadian", "canadians", "caribbean", "catalan", "chilean", "chinese", "colombian",
    "congolese", "croatian", "cuban", "cypriot", "czech", "danish", "dutch", "ecuadorian",
    "egyptian", "egyptians", "emirati", "english", "eritrean", "estonian", "ethiopian",
    "european", "europeans", "filipino", "finnish", "finn", "finns", "french", "frenchman",
    "georgian", "german", "germans", "ghanaian", "greek", "greeks", "guatemalan", "haitian",
    "honduran", "hungarian", "icelandic", "indian", "indians", "indonesian", "iranian",
    "iranians", "iraqi", "iraqis", "irish", "israeli", "israelis", "italian", "italians",
    "ivorian", "jamaican", "japanese", "jordanian", "kazakh", "kenyan", "kenyans", "korean",
    "koreans", "kosovar", "kurdish", "kurd", "kurds", "kuwaiti", "kyrgyz", "laotian",
    "latvian", "lebanese", "liberian", "libyan", "libyans", "lithuanian", "macedonian",
    "malagasy", "malawian", "malaysian", "malian", "maltese", "mexican", "mexicans",
    "moldovan", "mongolian", "montenegrin", "moroccan", "mozambican", "namibian", "nepalese",
    "nepali", "nigerian", "nigerians", "nigerien", "norwegian", "omani", "pakistani",
    "pakistanis", "palestinian", "palestinians", "panamanian", "paraguayan", "persian",
    "peruvian", "polish", "portuguese", "qatari", "romanian", "russian", "russians",
    "rwandan", "salvadoran", "saudi", "saudis", "scottish", "scot", "scots", "senegalese",
    "serbian", "serb", "serbs", "singaporean", "slovak", "slovenian", "somali", "somalis",
    "spaniard", "spanish", "sri", "sudanese", "swedish", "swede", "swedes", "swiss", "syrian",
    "syrians", "taiwanese", "tajik", "tanzanian", "thai", "tibetan", "tunisian", "turkish",
    "turk", "turks", "turkmen", "ugandan", "ukrainian", "ukrainians", "uruguayan", "uzbek",
    "venezuelan", "vietnamese", "welsh", "yemeni", "zambian", "zimbabwean", "western",
    "eastern", "northern", "southern", "muslim", "muslims", "islam", "islamic", "islamist",
    "islamists", "christian", "christians", "christianity", "catholic", "catholics",
    "protestant", "protestants", "jewish", "jew", "jews", "judaism", "hindu", "hindus",
    "buddhist", "buddhists", "sikh", "sikhs", "sunni", "sunnis", "shia", "shiite", "shiites",
    "orthodox", "evangelical", "mormon", "latino", "latinos", "latina", "hispanic",
    "indigenous", "aboriginal", "maori", "pashtun", "tamil", "hutu", "tutsi", "yazidi",
    "uighur", "uyghur", "rohingya", "bedouin", "democrat", "democratic", "republican",
    "conservative", "labour", "liberal", "socialist", "communist", "nazi", "nazis",
    "soviet", "soviets", "zionist", "marxist", "maoist", "anglican", "baptist", "methodist",
    "lutheran", "celtic", "nordic", "slavic", "latin", "gulf", "pacific", "atlantic",
    "mediterranean", "balkan", "baltic", "arctic", "antarctic", "olympic", "internet", "web",
    "god", "allah", "christmas", "easter", "ramadan", "eid", "bible", "koran", "quran",
    "parliament", "government", "president", "covid", "coronavirus", "ebola", "aids", "hiv",
}  # fmt: skip
# Verbs of speech, as a regular expression (for names followed by one, and for quotes).
SPEECH_VERBS = (
    r"(?:said|says|told|tells|added|adds|asked|asks|explained|explains|insisted|insists|"
    r"warned|warns|stated|states|wrote|writes|tweeted|tweets|noted|notes|argued|argues|"
    r"replied|responded|announced|commented|continued|declared|declares|claimed|claims|"
    r"admitted|acknowledged|conceded|recalled|recalls|remarked|observed|suggested|urged|"
    r"urges|stressed|emphasi[sz]ed|cautioned|predicted|concluded|confirmed|denied|vowed|"
    r"pledged|promised|posted|testified|complained|lamented|joked|quipped|countered|"
    r"shouted|pleaded|demanded|believes|believed|thinks|thought|revealed|boasted|agreed|"
    r"reflected|recounted|described|called|termed|labell?ed|dubbed|mused|reported|"
    r"maintained|contended|alleged|accused|affirmed|assured|expressed|"
    r"highlighted|pointed\s+out|went\s+on|summed\s+up|spoke|speaking|thanked|praised|"
    r"welcomed|critici[sz]ed|condemned|hailed|blamed|questioned|defended|slammed|attacked|"
    r"characteri[sz]ed|likened|calling|saying|adding|describing|telling|writing|warning|"
    r"cited|citing|talked\s+of|spoke\s+of|disagreed|addressed|reacted)"
)
