"""Photo credit lines, as agencies print them, taken apart.

    "Dimitar Dilkoff/Pool Photo via AP"  -> photographer Dimitar Dilkoff, pool, AP
    "AP Photo/Ines Varga"                -> Ines Varga, AP
    "REUTERS/Ines Varga"                 -> Ines Varga, Reuters
    "Photograph: Ines Varga/Getty Images" -> Ines Varga, Getty Images
    "Photo: Ines Varga, AP"              -> Ines Varga, AP
    "Ines Varga / Reuters file"          -> Ines Varga, Reuters
    "Handout via Reuters"                -> no photographer, handout, Reuters

Precision beats recall: when a part cannot be told for sure it is left empty, and the
credit line itself is always kept exactly as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AGENCIES = {
    "ap": "AP",
    "associated press": "AP",
    "reuters": "Reuters",
    "afp": "AFP",
    "getty images": "Getty Images",
    "getty": "Getty Images",
    "epa": "EPA",
    "epa-efe": "EPA-EFE",
    "bloomberg": "Bloomberg",
    "shutterstock": "Shutterstock",
    "pa": "PA",
    "pa wire": "PA",
    "anadolu": "Anadolu",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "sputnik": "Sputnik",
}
NOT_A_NAME = re.compile(
    r"\b(photo|pool|handout|file|staff|courtesy|images?|agency|press|service|via)\b", re.I
)
_WORD = r"[A-Z][\w'\u2019.-]*"
NAME = re.compile(rf"^{_WORD}(?:\s+(?:{_WORD}|de|da|van|von|bin|al|la|le)){{1,3}}$")


@dataclass(frozen=True)
class Credit:
    line: str  # exactly as printed, once
    photographer: str = ""
    pool: bool = False
    handout: bool = False
    distributor: str = ""


def _agency(text: str) -> str:
    key = re.sub(r"\s+(photo|photos|file|images?)$", "", text.strip().lower()).strip()
    return AGENCIES.get(key, "")


def _name(text: str) -> str:
    text = text.strip(" ,.")
    if NOT_A_NAME.search(text) or not NAME.match(text):
        return ""
    return text


def parse_credit(line: str) -> Credit:
    """The parts of a credit line; unknown forms keep only the line."""
    line = " ".join(line.split()).strip(" ()")
    text = re.sub(r"^(photo(graph)?|credit|picture)\s*:\s*", "", line, flags=re.I)
    pool = bool(re.search(r"\bpool\b", text, re.I))
    handout = bool(re.search(r"\bhandout\b", text, re.I))
    photographer, distributor = "", ""

    via = re.search(r"\bvia\s+(.+)$", text, re.I)
    if via:
        distributor = _agency(via.group(1)) or via.group(1).strip()
        text = text[: via.start()].strip(" /,")
    parts = [p.strip() for p in re.split(r"\s*/\s*", text) if p.strip()]
    if len(parts) == 1 and "," in parts[0]:
        parts = [p.strip() for p in parts[0].rsplit(",", 1)]
    for part in parts:
        agency = _agency(re.sub(r"\b(pool|handout)\b", "", part, flags=re.I))
        if agency:
            distributor = distributor or agency
        elif not photographer and _name(part):
            photographer = _name(part)
    return Credit(line, photographer, pool and not handout, handout, distributor)


def split_caption(text: str) -> tuple[str, str]:
    """A caption and the parenthesised credit at its end: ("... 2021.", "Name/Pool Photo via AP").

    Only a final parenthesis that reads as a credit (it names an agency, or has a slash) is
    taken; any other stays in the caption.
    """
    text = " ".join(text.split())
    match = re.search(r"\(([^()]+)\)\s*$", text)
    if not match:
        return text, ""
    inside = match.group(1)
    credit = parse_credit(inside)
    if "/" in inside or credit.distributor:
        return text[: match.start()].rstrip(), inside.strip()
    return text, ""
