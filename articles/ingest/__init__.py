"""Loading articles into the archive: one package, a module per stage.

    wire.py        raw wire copy read into a story
    schema.py      the exchange format (import, export and the API)
    credits.py     credit lines taken apart
    lexicon.py, names.py, gazetteer.py, places.py, quotes.py
                   what extraction knows, and how it finds people, places and quotes
    extraction.py  the people, quotes and places of one story, from its text alone
    incoming.py    an article on its way in (from wire copy or a record)
    resolver.py    names to the archive's people and places, a batch at a time
    importer.py    writing a batch (a single article is a batch of one)
    reextract.py   extraction run again over stored articles

The public entries are below; `manage.py import_articles` and `reextract` use them.
"""

from __future__ import annotations

from importlib import import_module

# Loaded when first asked for: extraction needs no database, so `from articles.ingest.names
# import ...` must not pull in the models.
_ENTRIES = {
    "BATCH_SIZE": "importer",
    "Outcome": "importer",
    "Result": "importer",
    "finish_import": "importer",
    "import_batch": "importer",
    "import_one": "importer",
    "prepare_import_session": "importer",
    "Incoming": "incoming",
    "from_record": "incoming",
    "from_wire": "incoming",
    "Resolver": "resolver",
    "ArticleRecord": "schema",
    "PhotoRecord": "schema",
    "QuoteRecord": "schema",
    "WireError": "wire",
    "parse_wire": "wire",
    "extract": "extraction",
    "parse_credit": "credits",
}
__all__ = [*_ENTRIES, "import_article"]


def __getattr__(name: str):
    if name not in _ENTRIES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_ENTRIES[name]}"), name)


def import_article(record, **kwargs):
    """Import one article (an ArticleRecord, or an Incoming from wire copy), all or
    nothing: (Outcome, the article)."""
    from articles.ingest.importer import import_one
    from articles.ingest.incoming import Incoming, from_record

    incoming = record if isinstance(record, Incoming) else from_record(record, **kwargs)
    return import_one(incoming)
