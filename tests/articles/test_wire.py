"""Raw wire copy read into a story: the seed, and invented stories in other shapes."""

from datetime import date

import pytest

from articles.ingest.wire import WireError, parse_wire
from tests.builders import BASE_DIR, CREDIT

SEED = (BASE_DIR / "tests" / "data" / "wire-kerry-moscow-2021-07-12.txt").read_text()


def test_seed_body_captions_and_a_credit_stored_once():
    story = parse_wire(SEED)
    assert len(story.paragraphs) == 7
    assert story.paragraphs[1].startswith("“We spent years, you and I")
    assert len(story.captions) == 4
    for caption in story.captions:
        assert caption.credit.line == CREDIT
        assert (caption.credit.photographer, caption.credit.pool, caption.credit.distributor) == (
            "Dimitar Dilkoff",
            True,
            "AP",
        )
        assert caption.caption.endswith("Monday, July 12, 2021.")
        assert "Credit" not in caption.caption and "Dilkoff" not in caption.caption
        assert caption.taken_on == date(2021, 7, 12)
        assert caption.place == "Moscow, Russia"


def test_seed_without_headline_or_date_gets_them_from_text_and_captions_and_is_flagged():
    story = parse_wire(SEED)
    assert story.headline.startswith("The U.S. official said climate change")
    assert story.published == date(2021, 7, 12)
    assert story.dateline == "Moscow"
    assert story.review == ["no headline: one was made from the first sentence"]


def test_a_header_block_gives_headline_date_byline_source_and_url():
    story = parse_wire(
        "Headline: Ferry pier vote delayed\nDate: 2020-05-04\nByline: Lena Osk\n"
        "Source: Alder Gazette\nDateline: Port Alder\nURL: https://example.org/ferry\n\n"
        "The harbour council delayed its vote.\n\nIt meets again in June.\n"
    )
    assert (story.headline, story.byline, story.source, story.dateline, story.url) == (
        "Ferry pier vote delayed",
        "Lena Osk",
        "Alder Gazette",
        "Port Alder",
        "https://example.org/ferry",
    )
    assert story.published.date() == date(2020, 5, 4)
    assert story.paragraphs == ["The harbour council delayed its vote.", "It meets again in June."]
    assert story.review == []


def test_a_story_without_any_date_is_flagged():
    assert parse_wire("Headline: Quiet week\n\nNothing happened.").review == ["no date"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Headline: Empty\nDate: 2020-01-01\n\n", "no body"),
        ("Headline: Bad date\nDate: 2020-02-31\n\nText.", "not a date"),
        ("Text with a \x00 byte.", "NUL"),
    ],
)
def test_broken_wire_copy_is_refused_with_a_reason(text, reason):
    with pytest.raises(WireError, match=reason):
        parse_wire(text)
