"""Sources whose articles the archive may show only with their licence and credit.

An article from such a source (`Article.source`, as imported) shows the licence and the
credit under its text and on the About page. Stories from other sources are the archive's
own, or shown under the terms the newsroom agreed with the agency.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    source: str
    name: str
    url: str
    credit: str
    home: str


LICENSED = {
    "Wikinews": Licence(
        source="Wikinews",
        name="Creative Commons Attribution 2.5",
        url="https://creativecommons.org/licenses/by/2.5/",
        credit="Wikinews contributors",
        home="https://en.wikinews.org/",
    ),
}


def licence_of(source: str) -> Licence | None:
    return LICENSED.get(source)
