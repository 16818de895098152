"""The read-only JSON API at /api/v1/ (django-ninja), with its OpenAPI description.

It answers from the same QuerySets and the same search (articles/search/) as the pages,
so a search gives the same results in both. Only published articles, and the quotes and
photos in them, ever appear. Bad parameters are a 400 with a message; caching headers,
CORS and rate limits are added by newsroom/middleware.py and newsroom/ratelimit.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from django.db import InterfaceError, OperationalError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError

from articles import api_schemas as s
from articles.autocomplete import suggest as find_suggestions
from articles.forms import SearchForm
from articles.ingest.schema import ArticleRecord
from articles.models import Article, Person, Place, Quote
from articles.profiles import articles_about_place
from articles.search import (
    COUNT_CAP,
    SearchParams,
    filtered,
    place_and_descendants,
    run_search,
)
from articles.search.params import PAGE_SIZE
from articles.search.sql import count_capped
from media_captions.models import Photo
from newsroom.middleware import DatabaseUnavailableMiddleware

API_PAGE_SIZE = PAGE_SIZE
# Lists without a query are counted up to COUNT_CAP rows; beyond, "approximate" is true.
PERSON_QUOTES = 20

api = NinjaAPI(
    title="Newsroom archive API",
    version="1",
    description=(
        "Read-only access to the archive's published articles, their quotes and photos, "
        "and the people and places in them. Every list is paginated (`next`, `previous`, "
        "`count`); errors are JSON with a `detail` message."
    ),
    urls_namespace="api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)

ERRORS: dict[int, Any] = {400: s.Error, 404: s.Error, 429: s.Error}


class BadParameter(HttpError):
    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(400, message)
        self.errors = errors or {}


@api.exception_handler(ValidationError)
def invalid_parameter(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        name = str(error.get("loc", ["", "parameter"])[-1])
        errors.setdefault(name, []).append(str(error.get("msg", "is not valid")))
    names = ", ".join(sorted(errors))
    return api.create_response(
        request, {"detail": f"Invalid parameter: {names}.", "errors": errors}, status=400
    )


@api.exception_handler(BadParameter)
def bad_parameter(request: HttpRequest, exc: BadParameter) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "errors": exc.errors}, status=exc.status_code
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """As on the pages (newsroom.middleware.DatabaseUnavailableMiddleware): a 503."""
    response = DatabaseUnavailableMiddleware(lambda r: HttpResponse()).process_exception(
        request, exc
    )
    assert response is not None
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc) or "Not found."
    return api.create_response(request, {"detail": message}, status=404)


# Helpers ------------------------------------------------------------------------------


def _url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _api_url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return _url(request, reverse(f"api:{name}", kwargs=kwargs))


def _no_nul(values: dict[str, Any]) -> None:
    for name, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            raise BadParameter(
                f"Invalid parameter: {name}.", {name: ["Null characters are not allowed."]}
            )


def _search_params(request: HttpRequest, kind: str, **values: Any) -> SearchParams:
    """Validate the search parameters with the search page's own form."""
    _no_nul(values)
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value not in (None, ""):
            data[name] = value.isoformat() if isinstance(value, date) else str(value)
    form = SearchForm(data)
    if not form.is_valid():
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        raise BadParameter("Invalid parameter: " + ", ".join(sorted(errors)) + ".", errors)
    cleaned = form.cleaned_data
    return SearchParams(
        text=cleaned.get("q", ""),
        kind=kind,
        sort=cleaned.get("sort") or ("relevance" if cleaned.get("q") else "newest"),
        person=cleaned.get("person"),
        place=cleaned.get("place"),
        source=cleaned.get("source") or "",
        date_from=cleaned.get("from"),
        date_to=cleaned.get("to"),
    )


def _slug(model: type, slug: str, noun: str, parameter: str) -> Any:
    _no_nul({parameter: slug})
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise BadParameter(
            f"Invalid parameter: {parameter}.",
            {parameter: [f"There is no {noun} “{slug}” in the archive."]},
        ) from None


def _links(request: HttpRequest, number: int, pages: int) -> dict[str, str | None]:
    def at(n: int) -> str:
        query = request.GET.copy()
        query["page"] = str(n)
        return _url(request, f"{request.path}?{query.urlencode()}")

    return {
        "next": at(number + 1) if number < pages else None,
        "previous": at(number - 1) if number > 1 else None,
    }


def _check_page(number: int, count: int) -> int:
    pages = max(1, math.ceil(count / API_PAGE_SIZE))
    if number > pages:
        raise Http404(f"Page {number} is past the end: the last page is {pages}.")
    return pages


def _paged(
    request: HttpRequest, rows: QuerySet, number: int, *, cap: int | None = None
) -> tuple[list, dict]:
    """One page of `rows` (ordered), and the count and links of the answer."""
    count = count_capped(rows, cap) if cap else rows.count()
    approximate = bool(cap) and count > cap
    count = min(count, cap) if cap else count
    pages = _check_page(number, count)
    start = (number - 1) * API_PAGE_SIZE
    page = list(rows[start : start + API_PAGE_SIZE])
    return page, {"count": count, "approximate": approximate, **_links(request, number, pages)}


def _searched(request: HttpRequest, params: SearchParams, number: int) -> tuple[list[int], dict]:
    """The ids of one page of a search, exactly as /search/ lists them, and the paging."""
    results = run_search(params, number, facets=False, every_count=False, rows=False)
    count = results.counts[params.kind]
    paginator = results.page.paginator
    _check_page(number, paginator.count)
    ids = list(results.page.object_list)
    paging = {
        "count": count,
        "approximate": results.approximate[params.kind],
        **_links(request, number, paginator.num_pages),
    }
    return ids, paging


def _in_order(qs: QuerySet, ids: list[int]) -> list:
    by_id = {row.pk: row for row in qs.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def _article(request: HttpRequest, article: Article) -> dict:
    record = ArticleRecord.from_article(article).exported()
    return {**record, "page_url": _url(request, article.get_absolute_url())}


def _article_api_url(request: HttpRequest, article: Article) -> str:
    when = timezone.localtime(article.published_at)
    return _api_url(
        request,
        "article",
        year=when.year,
        month=f"{when.month:02d}",
        day=f"{when.day:02d}",
        slug=article.slug,
    )


def _article_ref(request: HttpRequest, article: Article) -> dict:
    return {
        "headline": article.headline,
        "published_at": _date(article.published_at),
        "page_url": _url(request, article.get_absolute_url()),
        "api_url": _article_api_url(request, article),
    }


def _person_ref(request: HttpRequest, person: Person) -> dict:
    return {
        "name": person.name,
        "slug": person.slug,
        "api_url": _api_url(request, "person", slug=person.slug),
    }


def _place_ref(request: HttpRequest, place: Place) -> dict:
    return {
        "name": place.name,
        "slug": place.slug,
        "kind": place.kind,
        "api_url": _api_url(request, "place", slug=place.slug),
    }


def _person(request: HttpRequest, person: Person) -> dict:
    return {
        "name": person.name,
        "slug": person.slug,
        "sort_name": person.sort_name,
        "description": person.description,
        "aliases": person.aliases,
        "article_count": person.article_count,
        "page_url": _url(request, person.get_absolute_url()),
        "api_url": _api_url(request, "person", slug=person.slug),
    }


def _place(request: HttpRequest, place: Place) -> dict:
    return {
        "name": place.name,
        "slug": place.slug,
        "kind": place.kind,
        "aliases": place.aliases,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
        "article_count": place.article_count,
        "parent": _place_ref(request, place.parent) if place.parent else None,
        "page_url": _url(request, place.get_absolute_url()),
        "api_url": _api_url(request, "place", slug=place.slug),
    }


def _quote(request: HttpRequest, quote: Quote) -> dict:
    return {
        "text": quote.text,
        "speaker": _person_ref(request, quote.speaker),
        "paragraph": quote.paragraph,
        "article": _article_ref(request, quote.article),
        "page_url": _url(request, quote.get_absolute_url()),
    }


def _photo(request: HttpRequest, photo: Photo) -> dict:
    return {
        "caption": photo.caption,
        "credit": photo.credit,
        "photographer": _person_ref(request, photo.photographer) if photo.photographer else None,
        "distributor": photo.distributor,
        "pool": photo.pool,
        "handout": photo.handout,
        "place": _place_ref(request, photo.place) if photo.place else None,
        "taken_on": _date(photo.taken_on),
        "alt_text": photo.alt_text,
        "thumbnail_url": _url(request, photo.thumbnail.url) if photo.thumbnail else None,
        "image_url": _url(request, photo.large.url) if photo.large else None,
        "article": _article_ref(request, photo.article),
        "page_url": _url(request, photo.get_absolute_url()),
    }


def _last_modified(response: HttpResponse, articles: list[Article]) -> None:
    if articles:
        newest = max(article.updated_at for article in articles)
        response["Last-Modified"] = http_date(newest.timestamp())


# Endpoints ----------------------------------------------------------------------------

Sort = Literal["relevance", "newest", "oldest"]
# A day as the search page takes it; SearchForm then checks it is a real date.
DAY: dict[str, Any] = {"pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
Page = Query(1, ge=1, le=100_000, description="Page number, from 1.")


@api.get(
    "/articles/", response={200: s.ArticlePage, **ERRORS}, tags=["articles"], url_name="articles"
)
def list_articles(
    request: HttpRequest,
    response: HttpResponse,
    q: str = Query("", max_length=500, description="Web-search syntax, as on /search/."),
    person: str = Query("", description="A person's slug."),
    place: str = Query("", description="A place's slug (places within it included)."),
    date_from: str | None = Query(
        None, alias="from", description="Published on or after (YYYY-MM-DD).", **DAY
    ),
    to: str | None = Query(None, description="Published on or before (YYYY-MM-DD).", **DAY),
    source: str = Query("", max_length=100, description='e.g. "AP".'),
    sort: Sort | None = Query(None, description="Relevance (with q) or newest by default."),
    page: int = Page,
) -> dict:
    """Published articles matching a search, or all of them newest first without `q`."""
    params = _search_params(
        request, "articles", q=q, person=person, place=place, source=source, sort=sort,
        to=to, **{"from": date_from},
    )  # fmt: skip
    if params.text:
        ids, paging = _searched(request, params, page)
    else:
        rows, paging = _paged(
            request, filtered("articles", params).values_list("pk", flat=True), page, cap=COUNT_CAP
        )
        ids = list(rows)
    articles = _in_order(Article.objects.with_contents(), ids)
    _last_modified(response, articles)
    return {**paging, "results": [_article(request, article) for article in articles]}


@api.get(
    "/articles/{int:year}/{month}/{day}/{slug}/",
    response={200: s.ArticleOut, **ERRORS},
    tags=["articles"],
    url_name="article",
)
def get_article(
    request: HttpRequest, response: HttpResponse, year: int, month: str, day: str, slug: str
) -> dict:
    """One published article, by the date and slug of its page's address."""
    _no_nul({"slug": slug, "month": month, "day": day})
    article = Article.objects.with_contents().published().filter(slug=slug).first()
    try:
        day_asked = date(year, int(month), int(day))
    except ValueError:
        day_asked = None
    if article is None or timezone.localtime(article.published_at).date() != day_asked:
        raise Http404("There is no published article at this address.")
    _last_modified(response, [article])
    return _article(request, article)


@api.get("/people/", response={200: s.PersonPage, **ERRORS}, tags=["people"], url_name="people")
def list_people(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="Part of a name or an alias."),
    page: int = Page,
) -> dict:
    """Everyone in the archive, A-Z by surname."""
    _no_nul({"q": q})
    people = Person.objects.order_by("sort_name", "pk")
    if q.strip():
        people = people.filter(name__icontains=q.strip()) | people.filter(
            aliases__contains=[q.strip()]
        )
    rows, paging = _paged(request, people, page)
    return {**paging, "results": [_person(request, person) for person in rows]}


def _counts(articles: QuerySet[Article], quotes: QuerySet, photos: QuerySet) -> dict:
    return {"articles": articles.count(), "quotes": quotes.count(), "photos": photos.count()}


@api.get(
    "/people/{slug}/", response={200: s.PersonDetail, **ERRORS}, tags=["people"], url_name="person"
)
def get_person(request: HttpRequest, slug: str) -> dict:
    """A person, how often they appear, and their newest quotes."""
    _no_nul({"slug": slug})
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        raise Http404(f"There is no person “{slug}” in the archive.")
    quotes = Quote.objects.published().filter(speaker=person)
    photos = Photo.objects.published().filter(people=person)
    newest = quotes.select_related("speaker", "article").order_by(
        "-article__published_at", "position"
    )
    return {
        **_person(request, person),
        "counts": _counts(Article.objects.published().filter(people=person), quotes, photos),
        "quotes": [_quote(request, quote) for quote in newest[:PERSON_QUOTES]],
        "quotes_url": _api_url(request, "quotes") + f"?speaker={person.slug}",
    }


@api.get("/places/", response={200: s.PlacePage, **ERRORS}, tags=["places"], url_name="places")
def list_places(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="Part of a name."),
    page: int = Page,
) -> dict:
    """Every place in the archive, A-Z."""
    _no_nul({"q": q})
    places = Place.objects.select_related("parent").order_by("name", "pk")
    if q.strip():
        places = places.filter(name__icontains=q.strip())
    rows, paging = _paged(request, places, page)
    return {**paging, "results": [_place(request, place) for place in rows]}


@api.get(
    "/places/{slug}/", response={200: s.PlaceDetail, **ERRORS}, tags=["places"], url_name="place"
)
def get_place(request: HttpRequest, slug: str) -> dict:
    """A place, with the place it is in, the places within it and how often it appears
    (counting the places within it, as its page does)."""
    _no_nul({"slug": slug})
    place = Place.objects.select_related("parent").filter(slug=slug).first()
    if place is None:
        raise Http404(f"There is no place “{slug}” in the archive.")
    within = place_and_descendants(place)
    articles = articles_about_place(within)
    return {
        **_place(request, place),
        "children": [_place_ref(request, child) for child in place.children.order_by("name")],
        "counts": _counts(
            articles,
            Quote.objects.published().filter(article__in=articles.values("pk")),
            Photo.objects.published().filter(place_id__in=within),
        ),
    }


@api.get("/quotes/", response={200: s.QuotePage, **ERRORS}, tags=["quotes"], url_name="quotes")
def list_quotes(
    request: HttpRequest,
    q: str = Query("", max_length=500, description="Words in the quote (web-search syntax)."),
    speaker: str = Query("", description="The speaker's slug."),
    sort: Sort | None = Query(None, description="Relevance (with q) or newest by default."),
    page: int = Page,
) -> dict:
    """Quotes in published articles, with their speakers and articles."""
    params = _search_params(request, "quotes", q=q, sort=sort)
    if speaker:
        params = replace(params, person=_slug(Person, speaker, "person", "speaker"))
    rows = Quote.objects.select_related("speaker", "article")
    if params.text:
        ids, paging = _searched(request, params, page)
        quotes = _in_order(rows, ids)
    else:
        found, paging = _paged(
            request, filtered("quotes", params).values_list("pk", flat=True), page, cap=COUNT_CAP
        )
        quotes = _in_order(rows, list(found))
    return {**paging, "results": [_quote(request, quote) for quote in quotes]}


@api.get("/photos/", response={200: s.PhotoPage, **ERRORS}, tags=["photos"], url_name="photos")
def list_photos(
    request: HttpRequest,
    q: str = Query("", max_length=500, description="Words in the caption (web-search syntax)."),
    photographer: str = Query("", description="The photographer's slug."),
    place: str = Query("", description="A place's slug (places within it included)."),
    sort: Sort | None = Query(None, description="Relevance (with q) or newest by default."),
    page: int = Page,
) -> dict:
    """Photos in published articles: captions, credits and, if there are images, their
    addresses."""
    params = _search_params(request, "photos", q=q, place=place, sort=sort)
    if photographer:
        params = replace(params, photographer=_slug(Person, photographer, "person", "photographer"))
    rows = Photo.objects.select_related("article", "photographer", "place")
    if params.text:
        ids, paging = _searched(request, params, page)
        photos = _in_order(rows, ids)
    else:
        found, paging = _paged(
            request, filtered("photos", params).values_list("pk", flat=True), page, cap=COUNT_CAP
        )
        photos = _in_order(rows, list(found))
    return {**paging, "results": [_photo(request, photo) for photo in photos]}


@api.get(
    "/suggest/", response={200: s.SuggestOut, **ERRORS}, tags=["autocomplete"], url_name="suggest"
)
def suggest(
    request: HttpRequest,
    q: str = Query(..., max_length=200, description="What has been typed so far."),
) -> dict:
    """People, places and headlines with words starting with each word typed ("ker" finds
    John Kerry): people and places by how many articles mention them, headlines newest first.
    Fewer than two letters give empty lists."""
    _no_nul({"q": q})
    found = find_suggestions(q)

    def listed(rows: list, kind: str) -> list[dict]:
        return [
            {
                "label": row.headline if kind == "article" else row.name,
                "kind": kind,
                "count": None if kind == "article" else row.article_count,
                "url": _url(request, row.get_absolute_url()),
            }
            for row in rows
        ]

    return {
        "query": q,
        "people": listed(found.people, "person"),
        "places": listed(found.places, "place"),
        "headlines": listed(found.headlines, "article"),
    }


@api.get(
    "/suggest/opensearch/",
    response={200: list[str | list[str]], **ERRORS},
    tags=["autocomplete"],
    url_name="suggest-opensearch",
)
def suggest_opensearch(
    request: HttpRequest,
    q: str = Query("", max_length=200, description="What has been typed so far."),
) -> list:
    """The same suggestions in the OpenSearch suggestions format, for browsers' search
    bars: `[query, [completions], [descriptions], [addresses]]`."""
    _no_nul({"q": q})
    found = find_suggestions(q)
    rows = [(p.name, f"Person, {p.article_count} articles", p) for p in found.people]
    rows += [(p.name, f"Place, {p.article_count} articles", p) for p in found.places]
    rows += [(a.headline, "Article", a) for a in found.headlines]
    return [
        q,
        [label for label, _, _ in rows],
        [description for _, description, _ in rows],
        [_url(request, row.get_absolute_url()) for _, _, row in rows],
    ]
