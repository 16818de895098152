"""`manage.py import_articles PATH ...`: raw wire copy and JSON Lines into the archive."""

from __future__ import annotations

import gzip
import json
import sys
import threading
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from queue import Queue
from threading import Thread

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from articles.bulk import (
    BATCH_SIZE,
    Record,
    Resolver,
    finish_import,
    import_batch,
    prepare_import_session,
)
from articles.services import ArticleInput, from_wire, import_article, known_person
from articles.wire import WireError, parse_wire

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")


def _reason(error: Exception) -> object:
    return "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error


class DryRun(Exception):
    """Raised inside a transaction to roll a dry run back."""


def _records(path: str) -> Iterator[tuple[str, int, str, bytes]]:
    """(label, line number, kind, raw bytes) for every article in a path, streaming."""
    if path == "-":
        data = sys.stdin.buffer
        first = data.peek(1)[:1] if hasattr(data, "peek") else b""
        if first == b"{":
            for number, raw in enumerate(data, 1):
                if raw.strip():
                    yield "<stdin>", number, "jsonl", raw
        else:
            yield "<stdin>", 1, "wire", data.read()
        return
    target = Path(path)
    if target.is_dir():
        files = sorted(p for p in target.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))
    elif target.exists():
        files = [target]
    else:
        raise CommandError(f"{path}: no such file or directory")
    for file in files:
        if file.name.endswith((".jsonl", ".jsonl.gz")):
            opener = gzip.open if file.name.endswith(".gz") else open
            with opener(file, "rb") as lines:
                for number, raw in enumerate(lines, 1):
                    if raw.strip():
                        yield str(file), number, "jsonl", raw
        else:
            yield str(file), 1, "wire", file.read_bytes()


class _Raised:
    def __init__(self, error: BaseException):
        self.error = error


def _read_ahead(items: Iterator, size: int = 2 * BATCH_SIZE) -> Iterator:
    """The items, made by a thread up to `size` ahead: JSON is read and parsed while the
    database writes the previous batch. The queue bounds the memory used."""
    queue: Queue = Queue(maxsize=size)
    done = object()

    def produce() -> None:
        try:
            for item in items:
                queue.put(item)
        except BaseException as error:  # handed to the reading thread, raised there
            queue.put(_Raised(error))
            return
        queue.put(done)

    Thread(target=produce, name="import-reader", daemon=True).start()
    while (item := queue.get()) is not done:
        if isinstance(item, _Raised):
            raise item.error
        yield item


def _parsed(paths: list[str], parse_json: bool) -> Iterator[tuple]:
    """(label, number, kind, raw, parsed) for every record; `parsed` is the Record or the
    error of a JSON line (when parse_json), else None."""
    for path in paths:
        for label, number, kind, raw in _records(path):
            parsed: Record | Exception | None = None
            if kind == "jsonl" and parse_json:
                try:
                    article = _article(kind, raw)[0]
                    parsed = Record(label, number, article)
                except (ValueError, TypeError, UnicodeDecodeError) as error:
                    parsed = error
            yield label, number, kind, raw, parsed


def _article(kind: str, raw: bytes) -> tuple[ArticleInput, dict[str, str], bool]:
    text = raw.decode("utf-8")
    if kind == "jsonl":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
        return ArticleInput.from_dict(data), {}, False
    article, descriptions = from_wire(parse_wire(text), known_person)
    return article, descriptions, True


class Command(BaseCommand):
    help = (
        "Import articles from raw wire copy (.txt) and JSON Lines (.jsonl, .jsonl.gz): files, "
        "directories (recursively) or - for standard input. Each article is all or nothing; "
        "importing again changes nothing. Exits non-zero when any record failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--writers",
            type=int,
            default=0,
            help="database connections writing JSON Lines batches at once "
            "(default $IMPORT_WRITERS or 1; more help only with more cores)",
        )

    def handle(self, *args, paths: list[str], dry_run: bool, **options) -> None:
        totals: Counter[str] = Counter()
        progress = None
        if sys.stderr.isatty() and options.get("verbosity", 1) > 0:
            from tqdm import tqdm

            progress = tqdm(unit=" articles", desc="Importing", file=sys.stderr)

        def failed(label: str, number: int, reason: object) -> None:
            totals["failed"] += 1
            self.stderr.write(f"{label}:{number}: {reason}")

        # JSON Lines go in batches (articles/bulk.py), written by `writers` threads each with
        # its own database connection; wire copy and dry runs one by one.
        writers = options.get("writers") or settings.IMPORT_WRITERS
        resolver, pending = Resolver(), []
        if not dry_run:
            prepare_import_session()
        pool = (
            ThreadPoolExecutor(writers, thread_name_prefix="import-writer") if writers > 1 else None
        )
        in_flight: deque[Future] = deque()
        local = threading.local()

        def write(batch: list[Record]) -> list:
            # Each thread keeps its connection (and its server process, its caches warm)
            # from batch to batch; they are closed together at the end (close_all).
            if getattr(local, "resolver", None) is None:
                local.resolver = Resolver()
                wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's own connection
                wrapper.inc_thread_sharing()  # so that the main thread may close it
                opened.append(wrapper)
                prepare_import_session()
            return import_batch(batch, local.resolver)

        opened: list = []

        def close_all() -> None:
            for wrapper in opened:
                wrapper.close()
                wrapper.dec_thread_sharing()

        def report(results: list) -> None:
            for result in results:
                if result.outcome is None:
                    failed(result.record.label, result.record.number, result.reason)
                else:
                    totals[result.outcome] += 1
            if progress is not None:
                progress.update(len(results))

        def drain(keep: int) -> None:
            while len(in_flight) > keep:
                report(in_flight.popleft().result())

        def flush() -> None:
            if not pending:
                return
            batch = pending.copy()
            pending.clear()
            if pool is None:
                report(import_batch(batch, resolver))
            else:
                in_flight.append(pool.submit(write, batch))
                drain(writers)

        for label, number, kind, raw, parsed in _read_ahead(_parsed(paths, not dry_run)):
            if isinstance(parsed, Record):
                pending.append(parsed)
                if len(pending) >= BATCH_SIZE:
                    flush()
                continue
            if isinstance(parsed, Exception):
                failed(label, number, _reason(parsed))
                if progress is not None:
                    progress.update(1)
                continue
            flush()
            drain(0)  # wire copy after the lines before it
            try:
                article, descriptions, from_copy = _article(kind, raw)
                with transaction.atomic():
                    outcome, _ = import_article(
                        article, descriptions=descriptions, from_copy=from_copy
                    )
                    if dry_run:
                        self.stdout.write(
                            f"{label}:{number}: would be {outcome}: {article.headline}"
                        )
                        raise DryRun
                totals[outcome] += 1
            except DryRun:
                totals[outcome] += 1
            except (
                ValueError,
                TypeError,
                WireError,
                UnicodeDecodeError,
                DatabaseError,
            ) as error:
                failed(label, number, _reason(error))
            if progress is not None:
                progress.update(1)
        flush()
        drain(0)
        if pool is not None:
            close_all()
            pool.shutdown()
        if not dry_run:
            finish_import()
        if progress is not None:
            progress.close()
        summary = ", ".join(
            f"{totals[key]} {key}" for key in ("imported", "updated", "unchanged", "failed")
        )
        self.stdout.write(("Dry run: " if dry_run else "") + summary + ".")
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} record(s) failed; see the messages above.")
