"""The sample archive: real Wikinews stories (CC BY 2.5, Wikinews contributors), turned
into JSON Lines for the importer, so they are loaded like any archivist's file.

The stories are not copied into the project (the corpus's own README asks that they are
not): they are read from SAMPLE_CORPUS, by default ../shared/corpus/wikinews beside the
project, when it is there. Without it the sample archive is the fixtures alone.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

FILES = ("wikinews_2019.csv", "wikinews_2020.csv")
# The 2019 file's text opens with the Wikinews date line: "Friday, January 4, 2019".
_DATE_LINE = re.compile(r"^\w+day, \w+ \d{1,2}, \d{4}$")


def corpus_folder() -> Path | None:
    folder = Path(settings.SAMPLE_CORPUS) if settings.SAMPLE_CORPUS else None
    if folder and all((folder / name).is_file() for name in FILES):
        return folder
    return None


def _paragraphs(text: str) -> list[str]:
    found = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if found and _DATE_LINE.match(found[0]):
        found = found[1:]
    return found


def wikinews_records(folder: Path) -> Iterator[dict]:
    """One importer record a story of the corpus's CSVs (those with a date and a URL)."""
    csv.field_size_limit(10**8)
    for name in FILES:
        with open(folder / name, encoding="utf-8", newline="") as source:
            for row in csv.DictReader(source):
                body = _paragraphs(row["text"])
                if row["title"].upper().startswith("TEST PAGE"):  # a Wikinews test
                    continue
                if not (row["title"].strip() and body and row["date"] and row["url"]):
                    continue
                yield {
                    "headline": row["title"].strip(),
                    "published_at": f"{row['date']}T12:00:00+00:00",
                    "source": "Wikinews",
                    "url": row["url"],
                    "body": body,
                }


def write_jsonl(folder: Path, path: Path) -> int:
    """The corpus as one JSON Lines file at `path`; returns how many stories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in wikinews_records(folder):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
