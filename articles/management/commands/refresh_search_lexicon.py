"""`manage.py refresh_search_lexicon`: rebuild the words behind 'did you mean'."""

import time

from django.core.management.base import BaseCommand

from articles.search.spelling import refresh_lexicon


class Command(BaseCommand):
    help = (
        "Rebuild the spelling-suggestion lexicon from published headlines and the names of "
        "people and places. Run it after large imports; readers are not blocked meanwhile."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        refresh_lexicon()
        self.stdout.write(f"Search lexicon refreshed in {time.monotonic() - started:.1f} s.")
