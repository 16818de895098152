"""Template helpers for the archive's pages."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.search import MARK_START, MARK_STOP, UNHIDE_ANGLES

register = template.Library()


@register.filter
def highlight(snippet: str) -> SafeString:
    """Escape a search snippet, then turn PostgreSQL's match markers into <mark>."""
    escaped = escape((snippet or "").translate(UNHIDE_ANGLES))
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
