"""Forms that validate what readers send in the URL."""

from __future__ import annotations

from django import forms

from articles.models import Person, Place
from articles.search import KINDS, SORTS, SearchParams

MAX_QUERY_LENGTH = 500
CURLY_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"}
)


class SlugChoiceField(forms.ModelChoiceField):
    """A person or place named by its slug in the URL, with a reader-friendly error."""

    def __init__(self, queryset, noun: str, **kwargs):
        super().__init__(
            queryset,
            to_field_name="slug",
            required=False,
            error_messages={"invalid_choice": f"There is no {noun} “%(value)s” in the archive."},
            **kwargs,
        )


class SearchForm(forms.Form):
    """The GET parameters of /search/. Invalid filters are reported and left out."""

    q = forms.CharField(
        label="Search the archive",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "That search is too long: please use at most %(limit_value)d "
            "characters (yours has %(show_value)d)."
        },
    )
    kind = forms.ChoiceField(
        choices=[("", "Everything"), *[(k, k.capitalize()) for k in KINDS]], required=False
    )
    sort = forms.ChoiceField(
        choices=[(s, s.capitalize()) for s in SORTS],
        required=False,
        error_messages={"invalid_choice": "Sort by relevance, newest or oldest."},
    )
    person = SlugChoiceField(Person.objects.all(), "person")
    place = SlugChoiceField(Place.objects.all(), "place")
    source = forms.CharField(required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two are added by name.
        date_error = {"invalid": "Dates are written as YYYY-MM-DD, e.g. 2021-07-12."}
        self.fields["from"] = forms.DateField(
            required=False, label="From", error_messages=date_error, input_formats=["%Y-%m-%d"]
        )
        self.fields["to"] = forms.DateField(
            required=False, label="To", error_messages=date_error, input_formats=["%Y-%m-%d"]
        )

    def clean_q(self) -> str:
        # Phones type curly quotes; web-search syntax wants straight ones for phrases.
        return self.cleaned_data["q"].translate(CURLY_QUOTES).strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "The end date is before the start date.")
        return data

    def params(self) -> SearchParams | None:
        """The search to run from the valid fields, or None when there is nothing to search."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        text = data.get("q", "")
        if not text and not (data.get("person") or data.get("place")):
            return None  # a person or a place alone lists what is about them
        return SearchParams(
            text=text,
            kind=data.get("kind") or "",
            sort=data.get("sort") or "relevance",
            person=data.get("person"),
            place=data.get("place"),
            source=data.get("source") or "",
            date_from=data.get("from") if "to" not in self.errors else None,
            date_to=data.get("to"),
        )
