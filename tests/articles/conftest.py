"""Fixtures shared by the articles tests."""

from datetime import UTC, datetime

import pytest

from articles.models import Quote
from media_captions.models import Photo
from tests.builders import make_article, make_person, make_place


@pytest.fixture
def archive(db):
    """Invented people and places in Veloria, a few articles over three years."""
    veloria = make_place("Veloria", kind="country")
    port = make_place("Port Alder", kind="city", parent=veloria)
    ostmark = make_place("Ostmark", kind="country")
    varga = make_person("Ines Varga", description="harbour master")
    reyl = make_person("Tomas Reyl", description="mayor of Port Alder")
    ferry = make_article(
        "Ferry pier vote delayed",
        body="The harbour council delayed its vote on the ferry pier.\n\n"
        "“We need more time,” Varga said.",
        published_at=datetime(2019, 5, 1, 8, tzinfo=UTC),
        source="Alder Gazette",
        dateline=port,
    )
    ferry.people.add(varga)
    ferry.places.add(port)
    Quote.objects.create(
        article=ferry, position=1, text="We need more time", speaker=varga, paragraph=2
    )
    Photo.objects.create(
        article=ferry,
        position=1,
        caption="Harbour master Ines Varga walks along the old ferry pier in Port Alder.",
        credit="Lena Osk/Alder Gazette",
        photographer=make_person("Lena Osk"),
        distributor="Alder Gazette",
        place=port,
    )
    bridge = make_article(
        "Mayor opens the new bridge",
        body="Tomas Reyl cut the ribbon on the bridge across the estuary.\n\n"
        "The ferry will keep running until spring.",
        published_at=datetime(2021, 9, 9, 8, tzinfo=UTC),
        source="Veloria Wire",
    )
    bridge.people.add(reyl)
    Quote.objects.create(
        article=bridge, position=1, text="A bridge joins more than two shores", speaker=reyl
    )
    border = make_article(
        "Ostmark border talks resume",
        body="Negotiators met again over fishing rights and the ferry routes.",
        published_at=datetime(2020, 2, 2, 8, tzinfo=UTC),
        source="Veloria Wire",
    )
    border.places.add(ostmark)
    return {"ferry": ferry, "bridge": bridge, "border": border, "varga": varga, "reyl": reyl}
