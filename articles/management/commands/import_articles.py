"""`manage.py import_articles PATH ...`: raw wire copy and JSON Lines into the archive."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
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
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from articles.ingest import (
    BATCH_SIZE,
    ArticleRecord,
    Incoming,
    Resolver,
    Result,
    WireError,
    finish_import,
    from_record,
    from_wire,
    import_batch,
    parse_wire,
    prepare_import_session,
)

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


def incoming(label: str, number: int, kind: str, raw: bytes, extract: bool) -> Incoming:
    """One article read and its text's people, places and quotes found; raises ValueError
    (or WireError, UnicodeDecodeError) with the reason for a bad one."""
    text = raw.decode("utf-8")
    if kind == "wire":
        return from_wire(parse_wire(text), label=label, number=number)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    record = ArticleRecord.parse(data)
    return from_record(record, label=label, number=number, extract_missing=extract)


class _Raised:
    def __init__(self, error: BaseException):
        self.error = error


def _read_ahead(items: Iterator, size: int = 2 * BATCH_SIZE) -> Iterator:
    """The items, made by a thread up to `size` ahead: files are read, parsed and their
    text searched for names while the database writes the previous batch. The queue bounds
    the memory used."""
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


def _read_one(item: tuple[str, int, str, bytes, bool]) -> tuple[str, int, Incoming | Exception]:
    label, number, kind, raw, extract = item
    try:
        return label, number, incoming(label, number, kind, raw, extract)
    except (ValueError, TypeError, WireError, UnicodeDecodeError) as error:
        return label, number, error


def _parsed(
    paths: list[str], extract: bool, pool=None
) -> Iterator[tuple[str, int, Incoming | Exception]]:
    """(label, number, the incoming article or the error that stopped it) for every record.
    With a `pool`, records are read and their text searched in its processes (the
    extraction is Python: a thread would share one core with the writers)."""
    items = (
        (label, number, kind, raw, extract)
        for path in paths
        for label, number, kind, raw in _records(path)
    )
    if pool is None:
        yield from map(_read_one, items)
    else:
        yield from pool.imap(_read_one, items, chunksize=32)


class Command(BaseCommand):
    help = (
        "Import articles from raw wire copy (.txt) and JSON Lines (.jsonl, .jsonl.gz): files, "
        "directories (recursively) or - for standard input. People, places and quotes are "
        "found in the text (JSON Lines records that name them keep theirs). Each article is "
        "all or nothing; importing again changes nothing. Exits non-zero when any record failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files, directories, or - for stdin")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="import JSON Lines records as they are: find no people, places or quotes "
            "in their text (raw wire copy is always extracted)",
        )
        parser.add_argument(
            "--writers",
            type=int,
            default=0,
            help="database connections writing batches at once (default $IMPORT_WRITERS, "
            "else the cores the reading processes leave; more help only with more cores)",
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

        # Batches are written by `writers` threads, each with its own database connection;
        # a dry run writes one batch at a time and rolls it back.
        extract = not options.get("no_extract")
        cores = os.cpu_count() or 1
        readers = (settings.IMPORT_READERS or min(2, cores - 1)) if extract and not dry_run else 0
        writers = options.get("writers") or settings.IMPORT_WRITERS or max(1, cores - readers)
        writers = 1 if dry_run else writers
        resolver, pending = Resolver(), []
        if not dry_run:
            prepare_import_session()
        pool = (
            ThreadPoolExecutor(writers, thread_name_prefix="import-writer") if writers > 1 else None
        )
        in_flight: deque[Future] = deque()
        local = threading.local()
        opened: list = []

        def write(batch: list[Incoming]) -> list[Result]:
            # Each thread keeps its connection (and its server process, its caches warm)
            # from batch to batch; they are closed together at the end (close_all).
            if getattr(local, "resolver", None) is None:
                local.resolver = Resolver()
                wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's own connection
                wrapper.inc_thread_sharing()  # so that the main thread may close it
                opened.append(wrapper)
                prepare_import_session()
            return import_batch(batch, local.resolver)

        def rehearse(batch: list[Incoming]) -> list[Result]:
            results: list[Result] = []
            try:
                with transaction.atomic():
                    results = import_batch(batch, Resolver())
                    raise DryRun
            except DryRun:
                pass
            for result in results:
                if result.outcome is not None:
                    record = result.incoming
                    self.stdout.write(
                        f"{record.label}:{record.number}: would be {result.outcome}: "
                        f"{record.record.headline}"
                    )
            return results

        def close_all() -> None:
            for wrapper in opened:
                wrapper.close()
                wrapper.dec_thread_sharing()

        def report(results: list[Result]) -> None:
            for result in sorted(results, key=lambda r: (r.incoming.label, r.incoming.number)):
                if result.outcome is None:
                    failed(result.incoming.label, result.incoming.number, result.reason)
                else:
                    totals[result.outcome] += 1
                    if result.incoming.review and result.outcome != "unchanged":
                        totals["flagged"] += 1
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
            if dry_run:
                report(rehearse(batch))
            elif pool is None:
                report(import_batch(batch, resolver))
            else:
                in_flight.append(pool.submit(write, batch))
                drain(writers)

        reading = None
        if extract:
            from articles.ingest.extraction import warm_up

            warm_up()  # loaded once, before the reading processes start from a copy of it
        if readers:  # started here, before any thread of this command
            reading = multiprocessing.get_context("fork").Pool(readers)
        try:
            for label, number, parsed in _read_ahead(_parsed(paths, extract, reading)):
                if isinstance(parsed, Exception):
                    failed(label, number, _reason(parsed))
                    if progress is not None:
                        progress.update(1)
                    continue
                pending.append(parsed)
                if len(pending) >= BATCH_SIZE:
                    flush()
            flush()
            drain(0)
        finally:
            if pool is not None:
                close_all()
                pool.shutdown()
            if reading is not None:
                reading.terminate()
        if not dry_run:
            finish_import()
        if progress is not None:
            progress.close()
        summary = ", ".join(
            f"{totals[key]} {key}" for key in ("imported", "updated", "unchanged", "failed")
        )
        if totals["flagged"]:
            summary += f" ({totals['flagged']} flagged for review: no headline or no date)"
        self.stdout.write(("Dry run: " if dry_run else "") + summary + ".")
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} record(s) failed; see the messages above.")
