"""`manage.py test`: the whole test suite, run by pytest (arguments go to pytest)."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the test suite with pytest against PostgreSQL (the embedded server unless "
        "DATABASE_URL is set). Any arguments are passed to pytest, e.g. -k search or -x."
    )

    def run_from_argv(self, argv: list[str]) -> None:
        import pytest

        os.chdir(settings.BASE_DIR)
        sys.exit(pytest.main(argv[2:]))
