"""Forms that validate what readers send in the URL."""

from django import forms

MAX_QUERY_LENGTH = 500
CURLY_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"}
)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the archive",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "That search is too long: please use at most %(limit_value)d "
            "characters (yours has %(show_value)d)."
        },
    )

    def clean_q(self) -> str:
        # Phones type curly quotes; web-search syntax wants straight ones for phrases.
        query: str = self.cleaned_data["q"]
        return query.translate(CURLY_QUOTES)
