"""`manage.py reextract [--since DATE] [--dry-run]`: the extraction run again over stored
articles, keeping what imports gave and editors set."""

from __future__ import annotations

import sys
from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.ingest.reextract import reextract
from articles.models import Article


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value!r} is not a date (use YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Run the extraction of people, places, quotes and credits again over stored articles "
        "(after its rules improve). Links, quotes and photo details it found before are "
        "replaced by what it finds now; what imported files named and what editors set or "
        "confirmed stay; people and places no longer mentioned are removed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--since",
            type=_date,
            help="only articles published on or after this date (YYYY-MM-DD), and drafts "
            "added since",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )

    def handle(self, *args, since: date | None, dry_run: bool, **options) -> None:
        articles = Article.objects.all()
        if since is not None:
            start = timezone.make_aware(datetime.combine(since, time.min))
            articles = articles.filter(
                Q(published_at__gte=start) | Q(published_at=None, created_at__gte=start)
            )
        total = articles.count()
        progress = None
        if sys.stderr.isatty() and options.get("verbosity", 1) > 0:
            from tqdm import tqdm

            progress = tqdm(total=total, unit=" articles", desc="Re-extracting", file=sys.stderr)
        step = progress.update if progress is not None else (lambda n: None)
        try:
            with transaction.atomic():
                changes = reextract(articles, progress=step)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write(("Dry run: " if dry_run else "") + changes.summary())
