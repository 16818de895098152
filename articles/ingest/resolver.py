"""Names to the archive's people and places, for a batch of articles at once: one resolver
for the single and the batch path, a few queries a batch whatever its size.

- A full name is the person of that name or alias, else a new (unconfirmed) person.
- A surname the story leaves unresolved is the one person the archive knows by it, if it
  knows exactly one and that one is confirmed; else nobody.
- A name an editor rejected ("Not a person", "Not a place") is dropped.
- A place is the place of that name or alias, else the gazetteer's, made with the places it
  lies in (Irving, Texas, United States), else a new place of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Q
from django.utils.text import slugify

from articles.ingest import gazetteer
from articles.ingest.incoming import Incoming
from articles.ingest.schema import QuoteRecord
from articles.models import Person, PersonName, Place, RejectedName


def lock_names(kind: str, names: Iterable[str]) -> None:
    """Transaction-level advisory locks on these names, taken in one order (no deadlock):
    two imports running side by side never make the same person, place or slug twice."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(n, 0))) "
            "FROM (SELECT %s || ':' || n AS n FROM unnest(%s::text[]) AS n ORDER BY 1) AS s",
            [kind, sorted(set(names))],
        )


def existing(model, column: str, values: Iterable[str]) -> set[str]:
    """Which of these values the column already holds (one query, the values as an array)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)", [list(values)])
        return {row[0] for row in cursor.fetchall()}


def free_slugs(model, texts: list[str], taken: set[str] | None = None) -> list[str]:
    """A unique slug for each text, in order: the first free of base, base-2, base-3...
    (`taken` grows with each choice). A lock per base keeps an import running beside this
    one from choosing the same slug before this transaction ends."""
    taken = set() if taken is None else taken
    bases = [slugify(text)[:180] or "untitled" for text in texts]
    lock_names(f"slug:{model._meta.db_table}", bases)
    taken |= existing(model, "slug", set(bases))
    crowded = {base for base in bases if base in taken} | {b for b in bases if bases.count(b) > 1}
    # The next few "base-N" of every crowded base, in one query; a base whose few are all
    # taken has all its "base-N" read (LIKE uses the index).
    tries = {base: [f"{base}-{n}" for n in range(2, 2 + bases.count(base) + 8)] for base in crowded}
    taken |= existing(model, "slug", [slug for listed in tries.values() for slug in listed])
    for base, listed in tries.items():
        if all(slug in taken for slug in listed):
            taken |= set(
                model.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
            )
    chosen = []
    for base in bases:
        n = 1
        while (slug := f"{base}-{n}" if n > 1 else base) in taken:
            n += 1
        taken.add(slug)
        chosen.append(slug)
    return chosen


class Resolver:
    """Names to ids, remembered across the batches of one import."""

    def __init__(self) -> None:
        self.people: dict[str, int] = {}
        self.places: dict[str, int] = {}

    def snapshot(self) -> tuple[dict, dict]:
        return dict(self.people), dict(self.places)

    def restore(self, snapshot: tuple[dict, dict]) -> None:
        """Forget what a rolled-back transaction made."""
        self.people, self.places = snapshot

    # -- settling the records ------------------------------------------------------------

    def settle(self, batch: list[Incoming]) -> None:
        """Finish the batch's records: surnames the archive knows become their person, and
        rejected names go (with the quotes given to them)."""
        people: set[str] = set()
        places: set[str] = set()
        surnames: set[str] = set()
        for incoming in batch:
            record = incoming.record
            people.update(record.people, (q.speaker for q in record.quotes))
            for photo in record.photos:
                people.update(photo.people)
                people.add(photo.photographer)
                places.add(photo.place)
            places.update(record.places)
            places.add(record.dateline)
            surnames.update(incoming.surnames)
        known = self.by_surname(surnames) if surnames else {}
        people |= set(known.values())
        rejected = self.rejected(people - {""}, places - {""})
        for incoming in batch:
            self._settle(incoming, known, rejected)

    @staticmethod
    def rejected(people: set[str], places: set[str]) -> set[tuple[str, str]]:
        """(kind, name) of the names editors rejected, among these."""
        if not people and not places:
            return set()
        rows = RejectedName.objects.filter(
            Q(kind=RejectedName.Kind.PERSON, name__in=people)
            | Q(kind=RejectedName.Kind.PLACE, name__in=places)
        )
        return set(rows.values_list("kind", "name"))

    @staticmethod
    def by_surname(surnames: Iterable[str]) -> dict[str, str]:
        """Surname -> the full name of the one person the archive knows by it, where it knows
        exactly one and an editor confirmed them (one query for them all)."""
        found: dict[str, list[tuple[str, bool]]] = {}
        rows = Person.objects.filter(surname__in=list(surnames)).values_list(
            "surname", "name", "confirmed"
        )
        for surname, name, confirmed in rows:
            found.setdefault(surname, []).append((name, confirmed))
        return {s: names[0][0] for s, names in found.items() if len(names) == 1 and names[0][1]}

    @staticmethod
    def _settle(incoming: Incoming, known: dict[str, str], rejected: set) -> None:
        record = incoming.record

        def person(name: str) -> bool:
            return bool(name) and ("person", name) not in rejected

        def place(name: str) -> bool:
            return bool(name) and ("place", name) not in rejected

        resolved = [known[s] for s in incoming.surnames if s in known]
        record.people = [n for n in dict.fromkeys([*record.people, *resolved]) if person(n)]
        quotes = list(record.quotes)
        quotes += [
            QuoteRecord(text=q.text, speaker=known[q.speaker], paragraph=q.paragraph)
            for q in incoming.surname_quotes
            if q.speaker in known
        ]
        quotes.sort(key=lambda q: q.paragraph or 0)
        record.quotes = [q for q in quotes if person(q.speaker)]
        record.places = [n for n in record.places if place(n)]
        if not place(record.dateline):
            record.dateline = ""
        for photo in record.photos:
            photo.people = [n for n in photo.people if person(n)]
            if not person(photo.photographer):
                photo.photographer = ""
            if not place(photo.place):
                photo.place = ""
        incoming.surnames, incoming.surname_quotes = [], []

    # -- names to ids ----------------------------------------------------------------------

    def person_ids(self, batch: list[Incoming]) -> None:
        """Every person the batch names, found or made (remembered in self.people)."""
        descriptions: dict[str, str] = {}
        aliases: dict[str, list[str]] = {}
        names: set[str] = set()
        for incoming in batch:
            record = incoming.record
            names.update(record.people, (q.speaker for q in record.quotes))
            for photo in record.photos:
                names.update(photo.people)
                if photo.photographer:
                    names.add(photo.photographer)
            descriptions.update(incoming.descriptions)
            aliases.update(incoming.aliases)
        missing = names - self.people.keys()
        if not missing:
            return
        self._known_people(missing, aliases)
        missing -= self.people.keys()
        if missing:
            # Another import running beside this one may be making the same people: a lock
            # per name (held to the end of the transaction), then look again.
            lock_names("person", missing)
            self._known_people(missing, aliases)
            missing -= self.people.keys()
        if missing:
            ordered = sorted(missing)
            made = Person.objects.bulk_create(
                Person(
                    name=name,
                    slug=slug,
                    description=descriptions.get(name, "")[:300],
                    aliases=[a for a in aliases.get(name, []) if a != name],
                )
                for name, slug in zip(ordered, free_slugs(Person, ordered), strict=True)
            )
            self.people.update({person.name: person.pk for person in made})
        self._describe(descriptions)

    def _known_people(self, names: set[str], aliases: dict[str, list[str]]) -> None:
        """Remember the people already called these names, by name, else by alias, else by
        another full form of the name the story gave ("John Conway" for "John Horton
        Conway"): one indexed query on the forms people go by (PersonName)."""
        forms = {name: [name, *aliases.get(name, [])] for name in names}
        every = list({form for listed in forms.values() for form in listed})
        by_name: dict[str, int] = {}
        by_alias: dict[str, int] = {}
        rows = PersonName.objects.filter(form__in=every).values_list(
            "form", "person_id", "person__name"
        )
        for form, pk, name in rows.order_by("person_id"):
            (by_name if form == name else by_alias).setdefault(form, pk)
        for name, listed in forms.items():
            found = next(
                (
                    by_name.get(f) or by_alias.get(f)
                    for f in listed
                    if f in by_name or f in by_alias
                ),
                None,
            )
            if found is not None:
                self.people[name] = found

    def _describe(self, descriptions: dict[str, str]) -> None:
        """Give people found without a description the one a story gives them."""
        ids = {self.people[n]: d for n, d in descriptions.items() if n in self.people}
        if not ids:
            return
        for person in Person.objects.filter(pk__in=ids, description=""):
            person.description = ids[person.pk][:300]
            Person.objects.filter(pk=person.pk, description="").update(
                description=person.description
            )

    def place_ids(self, names: set[str]) -> None:
        """Every place named, found or made (remembered in self.places): the known ones in
        one query, by name or alias, then by the gazetteer's name for them."""
        missing = {n for n in names if n and n not in self.places}
        if not missing:
            return
        canonical = {}
        for name in missing:
            known = gazetteer.gazetteer().get(name) or gazetteer.lookup(name)
            canonical[name] = known.name if known else name
        every = set(missing) | set(canonical.values())
        rows = Place.objects.filter(Q(name__in=every) | Q(aliases__overlap=list(every)))
        by_name: dict[str, int] = {}
        by_alias: dict[str, int] = {}
        for pk, name, aliases in rows.values_list("pk", "name", "aliases"):
            by_name.setdefault(name, pk)
            for alias in aliases:
                by_alias.setdefault(alias, pk)
        for name in missing:
            for form in (name, canonical[name]):
                found = by_name.get(form) or by_alias.get(form)
                if found is not None:
                    self.places[name] = found
                    break
        missing -= self.places.keys()
        if missing:
            lock_names("place", {"new"})  # new places are few: made one import at a time
            for name in sorted(missing):
                self.places[name] = place_for(name).pk


def _by_name_or_alias(model, name: str):
    return (
        model.objects.filter(name=name).first()
        or model.objects.filter(aliases__contains=[name]).first()
    )


def person_for(name: str, description: str = "") -> Person:
    """The person called `name` (or with it as an alias), else a new one."""
    person = _by_name_or_alias(Person, name)
    if person is None:
        person = Person.objects.create(
            name=name, slug=free_slugs(Person, [name])[0], description=description[:300]
        )
    elif description and not person.description:
        person.description = description[:300]
        person.save(update_fields=["description"])
    return person


def place_for(name: str) -> Place:
    """The place called `name` (or with it as an alias), else the gazetteer's place by that
    name, made with the places it lies in, else a new place of its own."""
    place = _by_name_or_alias(Place, name)
    if place is not None:
        return place
    known = gazetteer.gazetteer().get(name) or gazetteer.lookup(name)
    if known is None:
        return Place.objects.create(
            name=name, slug=free_slugs(Place, [name])[0], kind=Place.Kind.OTHER
        )
    if known.name != name:
        place = _by_name_or_alias(Place, known.name)
        if place is not None:
            return place
    parent = place_for(known.parent) if known.parent else None
    return Place.objects.create(
        name=known.name,
        slug=free_slugs(Place, [known.name])[0],
        kind=known.kind,
        parent=parent,
        latitude=known.latitude,
        longitude=known.longitude,
    )
