"""`manage.py export_articles [--output FILE]`: every article as JSON Lines."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from articles.ingest.schema import ArticleRecord
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Write every article, one JSON object a line, in the format import_articles reads "
        "(see README, 'Exchange format'). To standard output unless --output is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, output: str | None, **options) -> None:
        articles = Article.objects.with_contents().order_by("published_at", "pk")
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        count = 0
        try:
            for article in articles.iterator(chunk_size=500):
                record = ArticleRecord.from_article(article).exported()
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if output:
                out.close()
        self.stderr.write(f"Exported {count} articles.")
