"""Writers: the people a byline names ("By Jane Doe and Ola Roe, Example Press").

A writer is read from the byline as printed, never stored apart from it: an editor who
corrects a byline corrects the writer's page. A writer's page finds their articles through
a word index of bylines (`article_byline_words`), newest first.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import QuerySet
from django.utils.text import slugify

from articles.models import Article, Person

BYLINE_WORDS = SearchVector("byline", config="simple")
_BY = re.compile(r"^\s*(?:by|from)\s+", re.IGNORECASE)
# Between writers: "and", "&", ";" and commas followed by another name.
_JOIN = re.compile(r"\s*(?:\band\b|&|;|,)\s*", re.IGNORECASE)
# What follows the names: an agency or a role ("Associated Press", "staff writer").
_NOT_A_NAME = re.compile(
    r"\b(press|news|agency|reuters|staff|writer|correspondent|editor|reporter|"
    r"contributors?|service|wire|times|post|journal|bureau|desk)\b",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]")


def writer_names(byline: str) -> list[str]:
    """The writers a byline names, in its order: "By JANE DOE and Ola Roe, Example Press"
    gives ["Jane Doe", "Ola Roe"]. Agencies and roles are not writers."""
    names = []
    for part in _JOIN.split(_BY.sub("", byline or "")):
        part = part.strip(" .")
        words = part.split()
        if not words or len(words) > 4 or not _LETTERS.search(part) or _NOT_A_NAME.search(part):
            continue
        if part.isupper():  # wire copy shouts bylines
            part = " ".join(word.capitalize() for word in words)
        if part not in names:
            names.append(part)
    return names


def writer_slug(name: str) -> str:
    """The writer's part of the address: "jane-doe", "josé-núñez" (letters kept as written, so
    the byline index finds them)."""
    return slugify(name, allow_unicode=True)


def articles_by(slug: str) -> QuerySet[Article]:
    """Published articles whose byline names the writer `slug` ("jane-doe"), newest first.

    The index finds bylines with the words in that order; the caller keeps those whose
    byline really names this writer (not "Mary Jane Doe")."""
    words = slug.replace("-", " ")
    return (
        Article.objects.published()
        .annotate(byline_words=BYLINE_WORDS)
        .filter(byline_words=SearchQuery(words, search_type="phrase", config="simple"))
        .select_related("dateline")
        .defer("search_vector", "title_vector", "headline_words")
    )


def writer_name(slug: str, bylines: list[str]) -> str | None:
    """The writer's name as a byline prints it, or None if no byline names them."""
    for byline in bylines:
        for name in writer_names(byline):
            if writer_slug(name) == slug:
                return name
    return None


def as_person(name: str) -> Person | None:
    """The person of that name in the archive, when there is exactly one: a writer may also
    be quoted or photographed."""
    people = list(Person.objects.filter(name=name)[:2])
    return people[0] if len(people) == 1 else None
