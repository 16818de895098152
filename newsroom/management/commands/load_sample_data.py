"""`manage.py load_sample_data`: the fixtures in fixtures/, into an empty archive only."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = (
        "Load the sample data in fixtures/ if the archive has no articles yet. An archive "
        "with articles is left as it is: loaddata would overwrite what editors changed in "
        "the sample stories (run `manage.py loaddata fixtures/*.json` to do that on purpose)."
    )

    def handle(self, *args, **options) -> None:
        fixtures = sorted(str(p) for p in (settings.BASE_DIR / "fixtures").glob("*.json"))
        if not fixtures:
            return
        if Article.objects.exists():
            if options.get("verbosity", 1):
                self.stdout.write(
                    "The archive has articles: the sample data is not loaded again "
                    "(editors' changes to it stay)."
                )
            return
        call_command("loaddata", *fixtures, verbosity=options.get("verbosity", 1))
