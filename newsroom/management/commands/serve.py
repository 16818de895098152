"""`manage.py serve`: the archive with its sample data, served by Gunicorn."""

from __future__ import annotations

import os
import secrets
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
        parser.add_argument(
            "--debug",
            action="store_true",
            help="Django's debug mode (technical error pages, no page cache), for development. "
            "Without it the archive is served with its production settings.",
        )

    def handle(
        self,
        *args,
        bind: str,
        workers: int,
        threads: int,
        no_sample_data: bool,
        debug: bool = False,
        **options,
    ) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        if not no_sample_data:  # into an empty archive only: never over editors' changes
            call_command("load_sample_data", verbosity=1)
        call_command("refresh_search_lexicon", verbosity=0)
        env = _environment(bind, debug)
        # Collected as Gunicorn will serve them (production settings: hashed names and a
        # manifest), so in a process with its environment.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env={**env, "NEWSROOM_BOOTSTRAP": "0"},
            check=True,
        )
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
            # Long addresses (a 4,700-character search) reach the archive, which answers
            # with its own page, rather than Gunicorn's bare "URI Too Long".
            "--limit-request-line",
            "8190",
        ]
        self.stdout.write(self.style.SUCCESS(f"Serving the archive at http://{bind}/"))
        self.stdout.write("Press Ctrl-C to stop.")
        self.stdout.flush()
        gunicorn = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
        signal.signal(signal.SIGTERM, lambda signum, frame: gunicorn.terminate())
        try:
            code = gunicorn.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches Gunicorn too; wait for it to finish
            code = gunicorn.wait()
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"Gunicorn stopped with exit code {code}.")


LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _environment(bind: str, debug: bool) -> dict[str, str]:
    """Gunicorn's environment: production settings (DEBUG=0) unless --debug. Without a
    SECRET_KEY one is made once and kept in var/secret_key; on a loopback address, served
    over plain HTTP, there is no redirect to HTTPS and cookies are not HTTPS-only (set
    SECURE_SSL_REDIRECT and SECURE_COOKIES to decide otherwise)."""
    env = dict(os.environ)
    env["DEBUG"] = "1" if debug else "0"
    if debug:
        return env
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = _local_secret_key()
    if bind.rsplit(":", 1)[0] in LOOPBACK:
        env.setdefault("SECURE_SSL_REDIRECT", "0")
        env.setdefault("SECURE_COOKIES", "0")
    return env


def _local_secret_key() -> str:
    path = settings.BASE_DIR / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()
