"""`manage.py load_sample_data`: the sample archive, into an empty archive only.

The fixtures in fixtures/ (the AP seed story), then the real Wikinews stories of
SAMPLE_CORPUS when that folder is there (articles/sample.py), through the same importer as
any archivist's JSON Lines file.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles import sample
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Load the sample data (fixtures/, and the Wikinews stories of SAMPLE_CORPUS when "
        "that folder exists) if the archive has no articles yet. An archive with articles is "
        "left as it is: loading again would overwrite what editors changed in the sample "
        "stories (run `manage.py loaddata fixtures/*.json` to do that on purpose)."
    )

    def handle(self, *args, **options) -> None:
        verbosity = options.get("verbosity", 1)
        if Article.objects.exists():
            if verbosity:
                self.stdout.write(
                    "The archive has articles: the sample data is not loaded again "
                    "(editors' changes to it stay)."
                )
            return
        fixtures = sorted(str(p) for p in (settings.BASE_DIR / "fixtures").glob("*.json"))
        if fixtures:
            call_command("loaddata", *fixtures, verbosity=verbosity)
        folder = sample.corpus_folder()
        if folder is None:
            if verbosity and settings.SAMPLE_CORPUS:
                self.stdout.write(
                    f"No Wikinews corpus at {settings.SAMPLE_CORPUS}: the sample archive is "
                    "the fixtures alone (set SAMPLE_CORPUS to the folder of "
                    "wikinews_2019.csv and wikinews_2020.csv)."
                )
            return
        path = settings.VAR_DIR / "sample" / "wikinews.jsonl"
        count = sample.write_jsonl(folder, path)
        if verbosity:
            self.stdout.write(f"Importing {count} Wikinews stories (CC BY 2.5) from {folder}")
        call_command("import_articles", str(path), verbosity=verbosity)
