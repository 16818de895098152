"""The GUM gold annotations (../shared/gold/gum, CC BY 4.0, Zeldes 2017) read for scoring
extraction: each document's plain text as paragraphs, and its people and places.

A document's text is rebuilt from its `# text` lines, a paragraph per `# newpar`. An entity
counts when it is a `person` or `place` with a proper-name mention: a token tagged NNP/NNPS
whose innermost mention is the entity's own (so "the president of France" does not make a
named person of the president, and "Trump administration" names Trump only if the
annotators marked Trump inside it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from _setup import BASE_DIR

GUM = BASE_DIR.parent / "shared" / "gold" / "gum"
KINDS = ("person", "place")


@dataclass
class Entity:
    kind: str
    identity: str = ""  # a Wikipedia title with spaces, or ""
    names: list[list[str]] = field(default_factory=list)  # each named mention's own tokens
    named: bool = False


@dataclass
class Document:
    name: str
    paragraphs: list[str]
    entities: dict[str, Entity]

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind and e.named]


_PART = re.compile(r"\((\d+)-([^()]*?)(?=\(|\)|$)(\))?|(\d+)\)")


def _named(tokens: list[tuple[str, str]], strict: bool) -> bool:
    """Whether a mention's own tokens hold a proper name. `strict` is the README's rule (any
    NNP or NNPS); otherwise titles tagged NNP ("President", "Governor") do not name anyone,
    and plural proper nouns alone ("Republicans") name a group, not a person."""
    proper = [(f, x) for f, x in tokens if x in ("NNP", "NNPS")]
    if strict:
        return bool(proper)
    return any(x == "NNP" and f.lower().rstrip(".") not in TITLE_WORDS for f, x in proper)


TITLE_WORDS = {
    "president", "governor", "gov", "senator", "sen", "mr", "mrs", "ms", "dr", "prof",
    "professor", "minister", "secretary", "mayor", "king", "queen", "prince", "princess",
    "pope", "judge", "justice", "general", "gen", "chairman", "director", "chief", "officer",
    "captain", "sir", "lady", "lord", "premier", "chancellor", "ambassador", "commissioner",
    "representative", "rep", "nominee", "founder", "interviewee", "attorney", "former",
    "vice", "prime", "deputy", "foreign", "state", "saint", "st",
}  # fmt: skip


def read(path: Path, strict: bool = False) -> Document:
    paragraphs: list[list[str]] = []
    entities: dict[str, Entity] = {}
    open_mentions: list[tuple[str, list[tuple[str, str]]]] = []  # (entity id, its own tokens)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_"):
            paragraphs.append([])
        elif line.startswith("# text = "):
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line[len("# text = ") :])
        elif line and not line.startswith("#"):
            columns = line.split("\t")
            if "-" in columns[0] or "." in columns[0]:
                continue  # multi-word token ranges and empty nodes
            form, xpos, misc = columns[1], columns[4], columns[9]
            spec = next(
                (p[len("Entity=") :] for p in misc.split("|") if p.startswith("Entity=")), ""
            )
            closing: list[str] = []
            for match in _PART.finditer(spec):
                if match.group(1):
                    ident, info, closes = match.group(1), match.group(2), match.group(3)
                    fields = info.split("-")
                    kind = fields[0]
                    identity = fields[6] if len(fields) > 6 else ""
                    entity = entities.setdefault(ident, Entity(kind))
                    if identity and identity not in ("coref", "sgl", "ana", "appos", "pred"):
                        entity.identity = unquote(identity).replace("_", " ")
                    open_mentions.append((ident, []))
                    if closes:
                        closing.append(ident)
                else:
                    closing.append(match.group(4))
            if open_mentions:  # the token belongs to its innermost mention
                ident, tokens = open_mentions[-1]
                tokens.append((form, xpos))
            for ident in closing:
                for i in range(len(open_mentions) - 1, -1, -1):
                    if open_mentions[i][0] == ident:
                        _, tokens = open_mentions.pop(i)
                        if _named(tokens, strict):
                            entity = entities[ident]
                            entity.named = True
                            entity.names.append([f for f, _ in tokens])
                        break
    return Document(path.stem, [" ".join(p) for p in paragraphs if p], _merged(entities))


def _merged(entities: dict[str, Entity]) -> dict[str, Entity]:
    """One entity per named individual: the annotators sometimes give one person two ids
    (a mention with a title and one without), told apart here by identity or, without one,
    by the words of their names."""
    merged: dict[str, Entity] = {}
    keys: dict[tuple, str] = {}
    for ident, entity in entities.items():
        if not entity.named:
            merged[ident] = entity
            continue
        own = {w.lower() for name in entity.names for w in name if w[:1].isupper()}
        own -= TITLE_WORDS
        key = (entity.kind, entity.identity) if entity.identity else None
        twin = keys.get(key) if key else None
        if twin is None:
            twin = next(
                (
                    other for (kind, _), other in keys.items()
                    if kind == entity.kind and own and own == _words(merged[other])
                ),
                None,
            )  # fmt: skip
        if twin is None:
            merged[ident] = entity
            keys[key or (entity.kind, ident)] = ident
        else:
            merged[twin].names += entity.names
            merged[twin].identity = merged[twin].identity or entity.identity
    return merged


def _words(entity: Entity) -> set[str]:
    return {w.lower() for name in entity.names for w in name if w[:1].isupper()} - TITLE_WORDS


def documents(names: list[str], strict: bool = False) -> list[Document]:
    return [read(GUM / f"{name}.conllu", strict) for name in names]
