"""Template helpers for the archive's pages."""

import json

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.search import COUNT_CAP
from articles.search.snippets import MARK_START, MARK_STOP

register = template.Library()


@register.filter
def highlight(snippet: str) -> SafeString:
    """Escape a search snippet, then turn its match markers into <mark>."""
    escaped = escape(snippet or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@register.simple_tag
def credit_line(photo) -> SafeString:
    """A photo's credit exactly as printed, with the photographer's name linked to their page."""
    credit = photo.credit or ""
    person = photo.photographer
    if person is None or person.name not in credit:
        return escape(credit)
    before, _, after = credit.partition(person.name)
    return format_html(
        '{}<a class="photographer" href="{}">{}</a>{}',
        before,
        person.get_absolute_url(),
        person.name,
        after,
    )


SIZES = {
    "wide": "(max-width: 42rem) 100vw, 42rem",
    "thumb": "(max-width: 30rem) 40vw, 12rem",
}


@register.simple_tag
def picture(photo, size: str = "wide") -> SafeString:
    """A photo as a responsive <img>: a srcset over the web renditions that exist (else the
    uploaded image), the image's width and height so the page does not jump as it loads,
    lazy loading and alt text. Empty for a photo record without an image (a caption only)."""
    candidates = [
        (field, width)
        for field, width in (
            (photo.thumbnail, photo.thumbnail_width),
            (photo.large, photo.large_width),
        )
        if field
    ]
    if not candidates and not photo.image:
        return mark_safe("")
    src = (candidates[-1][0] if candidates else photo.image).url
    if size == "thumb" and candidates:
        src = candidates[0][0].url
    srcset = ", ".join(f"{field.url} {width}w" for field, width in candidates)
    box = (
        format_html(' width="{}" height="{}"', photo.width, photo.height)
        if photo.width and photo.height
        else ""
    )
    return format_html(
        '<img src="{}"{}{} alt="{}"{} loading="lazy" decoding="async">',
        src,
        format_html(' srcset="{}"', srcset) if srcset else "",
        format_html(' sizes="{}"', SIZES[size]) if srcset else "",
        photo.alt,
        box,
    )


@register.simple_tag
def byline_links(byline: str) -> SafeString:
    """A byline as printed, each writer's name linked to their page."""
    from articles.writers import writer_names, writer_slug

    out, rest = [], byline
    for name in writer_names(byline):
        # Wire copy prints names in capitals; writer_names gives them as names are written.
        at = rest.lower().find(name.lower())
        if at < 0:
            continue
        printed = rest[at : at + len(name)]
        out.append(escape(rest[:at]))
        url = reverse("articles:writer", kwargs={"slug": writer_slug(name)})
        out.append(format_html('<a class="writer" href="{}">{}</a>', url, printed))
        rest = rest[at + len(name) :]
    out.append(escape(rest))
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def absolute(context, url: str) -> str:
    """`url` as an absolute address: on this site, unless it already names another (media
    on an object store)."""
    return context["request"].build_absolute_uri(url)


def _changed_query(request, changes: dict) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def search_url(context, **changes) -> str:
    """This search's URL with some parameters changed (an empty value removes one)."""
    return _changed_query(context["request"], changes)


@register.simple_tag(takes_context=True)
def facet_url(context, facet) -> str:
    """This search narrowed to one facet value."""
    return _changed_query(context["request"], facet.narrows)


@register.filter
def count_label(count: int, approximate: bool = False) -> str:
    """A count as readers are told it: exact ("2,374"); an estimate ("about 670,000", two
    significant figures); or, for a count stopped at COUNT_CAP, "more than 10,000"."""
    if (approximate and count == COUNT_CAP) or (not approximate and count > COUNT_CAP):
        return f"more than {COUNT_CAP:,}"
    if approximate:
        rounded = round(count, 2 - len(str(count))) if count >= 100 else count
        return f"about {rounded:,}"
    return f"{count:,}"


@register.filter
def kind_noun(kind: str, count: int) -> str:
    singular = {"articles": "article", "quotes": "quote", "photos": "photo"}[kind]
    return singular if count == 1 else kind


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def news_article_ld(context, article) -> SafeString:
    """schema.org NewsArticle JSON-LD for an article page, safe inside <script>."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "description": article.standfirst or None,
        "author": [{"@type": "Person", "name": article.byline.removeprefix("By ").strip()}]
        if article.byline
        else None,
        "publisher": {"@type": "Organization", "name": article.source} if article.source else None,
        "contentLocation": {"@type": "Place", "name": article.dateline.name}
        if article.dateline
        else None,
        "mentions": [
            {
                "@type": "Person",
                "name": p.name,
                "url": request.build_absolute_uri(p.get_absolute_url()),
            }
            for p in article.people.all()
        ]
        or None,
        "image": [
            request.build_absolute_uri(photo.image.url)
            for photo in article.photos.all()
            if photo.image
        ]
        or None,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))
