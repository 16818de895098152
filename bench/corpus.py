"""Real news from ../shared/corpus/wikinews (CC BY 2.5, Wikinews contributors), read the way
the bench scripts use it: one story a record, its paragraphs as the importer splits them.

Nothing here is copied into the project: the stories are read from the shared folder, and
annotations (bench/data/) name stories by their `key` (the CSV's URL, or `primerai:<id>`).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from _setup import BASE_DIR

CORPUS = BASE_DIR.parent / "shared" / "corpus" / "wikinews"


@dataclass(frozen=True)
class Story:
    key: str  # the CSV's URL, or "primerai:<page id>"
    title: str
    date: str  # YYYY-MM-DD, or "" (PrimerAI rows have none)
    paragraphs: tuple[str, ...]

    @property
    def order(self) -> str:
        """A fixed pseudo-random order, for drawing samples nobody chose by hand."""
        return hashlib.sha1(self.key.encode()).hexdigest()


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs as wire copy and the importer see them: blank-line separated, whitespace
    folded."""
    return tuple(" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())


def stories(corpus: Path = CORPUS) -> list[Story]:
    """Every story of the corpus: the two CSVs, then the PrimerAI rows not already in them."""
    csv.field_size_limit(10**8)
    found: list[Story] = []
    titles = set()
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with open(corpus / name, encoding="utf-8") as source:
            for row in csv.DictReader(source):
                found.append(Story(row["url"], row["title"], row["date"], paragraphs(row["text"])))
                titles.add(row["title"].strip())
    with open(corpus / "wikinews_primerai_en.jsonl", encoding="utf-8") as source:
        for line in source:
            row = json.loads(line)
            if row["title"].strip() in titles:
                continue
            found.append(Story(f"primerai:{row['id']}", row["title"], "", paragraphs(row["text"])))
    return found


def by_key(corpus: Path = CORPUS) -> dict[str, Story]:
    return {story.key: story for story in stories(corpus)}
