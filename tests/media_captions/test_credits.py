"""Credit lines in the forms agencies print them (invented photographers)."""

import pytest

from articles.ingest.credits import Credit, parse_credit, split_caption


@pytest.mark.parametrize(
    ("line", "photographer", "pool", "handout", "distributor"),
    [
        ("Dimitar Dilkoff/Pool Photo via AP", "Dimitar Dilkoff", True, False, "AP"),
        ("Ines Varga/Pool Photo via AP", "Ines Varga", True, False, "AP"),
        ("AP Photo/Ines Varga", "Ines Varga", False, False, "AP"),
        ("REUTERS/Tomas Reyl", "Tomas Reyl", False, False, "Reuters"),
        ("Photograph: Lena Osk/Getty Images", "Lena Osk", False, False, "Getty Images"),
        ("Photo: Lena Osk, AP", "Lena Osk", False, False, "AP"),
        ("Tomas Reyl / Reuters file", "Tomas Reyl", False, False, "Reuters"),
        ("Handout via Reuters", "", False, True, "Reuters"),
        ("Alder Gazette staff", "", False, False, ""),
    ],
)
def test_credit_forms(line, photographer, pool, handout, distributor):
    credit = parse_credit(line)
    assert credit == Credit(line, photographer, pool, handout, distributor)


def test_the_credit_line_is_kept_exactly_as_printed_once():
    assert parse_credit("  Dimitar Dilkoff/Pool  Photo via AP ").line == (
        "Dimitar Dilkoff/Pool Photo via AP"
    )


def test_a_parenthesised_credit_at_the_end_of_a_caption_is_split_off():
    caption = "Ines Varga walks on the pier in Port Alder, Monday, May 4, 2020.(Lena Osk/AP Photo)"
    assert split_caption(caption) == (
        "Ines Varga walks on the pier in Port Alder, Monday, May 4, 2020.",
        "Lena Osk/AP Photo",
    )


def test_a_parenthesis_that_is_not_a_credit_stays_in_the_caption():
    caption = "The mayor (left) opens the bridge (in Port Alder)"
    assert split_caption(caption) == (caption, "")
