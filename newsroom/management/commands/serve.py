"""`manage.py serve`: the archive with its sample data, served by Gunicorn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = (
        "Migrate the database, load the sample data from fixtures/ into an empty archive "
        "and serve the archive with Gunicorn (static files by WhiteNoise) until interrupted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind",
            default=f"127.0.0.1:{settings.PORT}",
            help="Address and port to listen on (default 127.0.0.1:$PORT, PORT defaults to 8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="Gunicorn worker processes, about one per core (default $WEB_CONCURRENCY or 2).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("GUNICORN_THREADS", "4")),
            help="Threads per worker, sharing its page cache (default $GUNICORN_THREADS or 4).",
        )
        parser.add_argument(
            "--no-sample-data", action="store_true", help="Do not load the fixtures in fixtures/."
        )

    def handle(
        self, *args, bind: str, workers: int, threads: int, no_sample_data: bool, **options
    ) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        if not no_sample_data:  # into an empty archive only: never over editors' changes
            call_command("load_sample_data", verbosity=1)
        call_command("refresh_search_lexicon", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        # This process keeps the embedded database (if any) running while Gunicorn serves.
        connections.close_all()

        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        self.stdout.write(self.style.SUCCESS(f"Serving the archive at http://{bind}/"))
        self.stdout.write("Press Ctrl-C to stop.")
        self.stdout.flush()
        gunicorn = subprocess.Popen(command, cwd=settings.BASE_DIR)
        signal.signal(signal.SIGTERM, lambda signum, frame: gunicorn.terminate())
        try:
            code = gunicorn.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches Gunicorn too; wait for it to finish
            code = gunicorn.wait()
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"Gunicorn stopped with exit code {code}.")
