"""Photo credit lines, as agencies and papers print them, taken apart.

    "Dimitar Dilkoff/Pool Photo via AP"           -> Dimitar Dilkoff, pool, AP
    "AP Photo/Ines Varga", "(AP Photo/Ines Varga, File)" -> Ines Varga, AP
    "REUTERS/Ines Varga", "REUTERS - Ines Varga"  -> Ines Varga, Reuters
    "Ines Varga / Reuters file"                   -> Ines Varga, Reuters
    "Photograph: Ines Varga/Getty Images"         -> Ines Varga, Getty Images (the Guardian)
    "Credit... Ines Varga/The New York Times"     -> Ines Varga, The New York Times
    "Ines Varga for The New York Times"           -> Ines Varga, The New York Times
    "(Image: Ines Varga / Getty Images)"          -> Ines Varga, Getty Images
    "Photo by INES VARGA/AFP via Getty Images"    -> Ines Varga, Getty Images
    "Photo: Ines Varga, AP", "Courtesy of Ines Varga" -> Ines Varga
    "Handout via Reuters"                         -> no photographer, handout, Reuters

An agency or an outlet after the slash is the distributor, not the photographer; with
"via", the one after it. Precision comes first: when a part cannot be told for sure it is
left empty, and the credit line itself is always kept exactly as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.ingest.lexicon import NOT_PERSON_WORDS, fold, is_common_word, is_given_name

AGENCIES = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP", "reuters": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "getty images": "Getty Images", "getty": "Getty Images", "epa": "EPA",
    "epa-efe": "EPA-EFE", "efe": "EFE", "bloomberg": "Bloomberg",
    "shutterstock": "Shutterstock", "rex": "Rex", "rex features": "Rex", "pa": "PA",
    "pa wire": "PA", "pa media": "PA", "pa images": "PA", "press association": "PA",
    "anadolu": "Anadolu", "anadolu agency": "Anadolu", "xinhua": "Xinhua", "tass": "TASS",
    "sputnik": "Sputnik", "ria novosti": "RIA Novosti", "alamy": "Alamy",
    "nurphoto": "NurPhoto", "zuma": "ZUMA", "zuma press": "ZUMA", "sopa images": "SOPA",
    "aap": "AAP", "yonhap": "Yonhap", "kcna": "KCNA", "kyodo": "Kyodo", "jiji": "Jiji",
    "dpa": "dpa", "ansa": "ANSA", "upi": "UPI", "wireimage": "WireImage",
    "filmmagic": "FilmMagic", "imago": "Imago", "abaca": "Abaca", "sipa": "Sipa",
    "sipa usa": "Sipa", "polaris": "Polaris", "redux": "Redux", "magnum": "Magnum",
    "corbis": "Corbis", "newscom": "Newscom", "wana": "WANA", "vcg": "VCG",
    "imaginechina": "Imaginechina", "the new york times": "The New York Times",
    "new york times": "The New York Times", "nyt": "The New York Times",
    "the guardian": "The Guardian", "guardian": "The Guardian", "the observer": "The Observer",
    "the washington post": "The Washington Post", "washington post": "The Washington Post",
    "bbc": "BBC", "cnn": "CNN", "ntb": "NTB", "scanpix": "Scanpix", "tt": "TT",
    "ritzau": "Ritzau", "belga": "Belga", "anp": "ANP", "apa": "APA", "keystone": "Keystone",
    "lehtikuva": "Lehtikuva", "picture alliance": "picture alliance",
    "gamma-keystone": "Gamma-Keystone",
}  # fmt: skip
# Words in a part that say what kind of picture it is, not who took it.
KIND_WORDS = {
    "photo", "photos", "photograph", "file", "pool", "handout", "staff", "illustration",
    "images", "image", "pictures", "picture", "stringer", "contributor", "freelance",
    "courtesy", "via", "social", "media", "screenshot", "screengrab", "video", "still",
}  # fmt: skip
PREFIX = re.compile(
    r"^(?:©|\(c\)|copyright\b|"
    r"(?:file\s+|pool\s+)?(?:photo(?:graph)?s?|pictures?|images?|credit|foto|фото|creator|"
    r"image\s+source)(?:\s*(?::|\.\.\.|…|,)\s*|\s+by\s+|\s+(?=[A-Z]))"
    r"|(?:photo\s+)?courtesy(?:\s+of)?\s+)+",
    re.I,
)
PARTICLES = {"de", "da", "di", "do", "dos", "del", "della", "der", "den", "van", "von", "le",
             "la", "du", "bin", "al", "el", "ibn", "ter", "ten", "y", "lo", "st"}  # fmt: skip
NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\-]*|[A-Z]\.?)$")


@dataclass(frozen=True)
class Credit:
    line: str  # exactly as printed, once
    photographer: str = ""
    pool: bool = False
    handout: bool = False
    distributor: str = ""


def _agency(text: str) -> str:
    """The agency or outlet a part names ("AP Photo" -> AP, "Reuters file" -> Reuters)."""
    words = [w for w in re.split(r"\s+", text.strip(" .,|—–-").lower()) if w]
    while words and words[-1] in KIND_WORDS:
        words.pop()
    while words and words[0] in KIND_WORDS:
        words.pop(0)
    return AGENCIES.get(" ".join(words), "")


def _cased(word: str, shouted: bool = False) -> str:
    """ "FALLON" -> "Fallon", "O'NEILL" -> "O'Neill"; initials and mixed case kept, and two
    capitals too unless the whole name is in capitals ("LM Otero", "JIM LO SCALZO")."""
    if not word.isupper() or len(word.rstrip(".")) <= (1 if shouted else 2):
        return word
    return re.sub(r"(^|['’\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), word.lower())


def _name(part: str, alone: bool = False) -> str:
    """The part as a person's name, if it reads as one: two to five capitalised words
    (initials and particles allowed), none an organisation's ("China Daily CDIC", "Bank of
    England"); one word only where the line's form says it is the photographer (`alone`)."""
    part = re.sub(r",\s*(?:file|pool|handout|staff)(?:\s+photo)?\s*$", "", part, flags=re.I)
    words = [w for w in part.replace(" .", ".").split() if w]
    while words and fold(words[-1]) in KIND_WORDS:
        words.pop()
    while words and fold(words[0]) in KIND_WORDS:
        words.pop(0)
    if not words or not 1 <= len(words) <= 5 or _agency(" ".join(words)):
        return ""
    if words[0].lower() in {"the", "le", "la", "el", "der", "die", "il", "les"}:
        return ""  # an outlet: "The Guardian", "Le Monde"
    for word in words:
        if word.lower() in PARTICLES and word is not words[0]:
            continue
        if not NAME_WORD.match(word) or any(c.isdigit() for c in word):
            return ""
        if fold(word) in NOT_PERSON_WORDS or fold(word) in KIND_WORDS:
            return ""
    if len(words) == 1:
        word = words[0]
        if not alone or word.isupper() or is_common_word(word) or len(word) < 3:
            return ""
    if sum(is_common_word(w) and not is_given_name(w) for w in words) >= 2:
        return ""  # "Keansburg Amusement Park"
    shouted = all(w.isupper() for w in words if w.lower() not in PARTICLES)
    return " ".join(_cased(w, shouted) for w in words)


def _parts(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\s*(?:/|\||\s—\s|\s–\s|\s-\s)\s*", text) if p.strip()]
    if len(parts) == 1 and "," in parts[0]:  # "Photo: Ines Varga, AP", "Varga, Sputnik, Pool"
        parts = [p.strip() for p in parts[0].split(",") if p.strip()]
    return parts


def parse_credit(line: str) -> Credit:
    """The parts of a credit line; unknown forms keep only the line."""
    line = " ".join(line.split()).strip(" ()")
    text = line
    labelled = re.match(r"^creator:\s*(.+?)\s*\|\s*credit:\s*(.+)$", text, re.I)
    if labelled:  # "Creator: NAME | Credit: AFP via Getty Images"
        text = f"{labelled.group(1)} / {labelled.group(2)}"
    text = re.split(r"\.\s+(?=[A-Z][a-z]+ ?\w*:)", text)[0]  # "... Food styling: ..."
    prefixed = bool(PREFIX.match(text))
    text = PREFIX.sub("", text).strip()
    pool = bool(re.search(r"\bpool\b", text, re.I))
    handout = bool(re.search(r"\bhandout\b", text, re.I))
    photographer, distributor = "", ""
    via = re.search(r"\bvia\s+(.+)$", text, re.I)
    if via:
        parts = _parts(via.group(1))
        agencies = [a for a in map(_agency, parts) if a]
        distributor = agencies[-1] if agencies else via.group(1).strip(" /")
        text = text[: via.start()].strip(" /,|")
    outlet = re.search(r"\s+for\s+((?:the\s+)?[A-Z][\w.'’ -]+)$", text, re.I)
    if outlet:  # "Ines Varga for The New York Times"
        distributor = distributor or _agency(outlet.group(1)) or outlet.group(1).strip()
        text = text[: outlet.start()]
    parts = _parts(text)
    agencies = [a for a in map(_agency, parts) if a]
    if not distributor and agencies:
        distributor = agencies[-1]
    names = [n for n in (_name(p) for p in parts if not _agency(p)) if n]
    if not names and parts and prefixed and len(parts) > 1 and not _agency(parts[0]):
        names = [n for n in [_name(parts[0], alone=True)] if n]  # "Photograph: Akarma/V&A"
    if names:
        photographer = names[0]
    return Credit(line, photographer, pool and not handout, handout, distributor)


def split_caption(text: str) -> tuple[str, str]:
    """A caption and the parenthesised credit at its end: ("... 2021.", "Name/Pool Photo via AP").

    Only a final parenthesis that reads as a credit (it names an agency, has a slash, or
    credits a person: "Photo by ...", "Courtesy of ...") is taken; any other stays in the
    caption.
    """
    text = " ".join(text.split())
    match = re.search(r"\(([^()]+)\)\s*$", text)
    if not match:
        return text, ""
    inside = match.group(1)
    credit = parse_credit(inside)
    if "/" in inside or credit.distributor or (PREFIX.match(inside) and credit.photographer):
        return text[: match.start()].rstrip(), inside.strip()
    return text, ""
