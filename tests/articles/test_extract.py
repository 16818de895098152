"""Quotes, people and places found in text, in the styles of AP, Reuters and the BBC.

Everyone here is invented; the places are real ones from the gazetteer.
"""

from articles.extract import extract


def quotes(paragraphs, known=lambda name: None):
    return [(text, speaker) for text, speaker, _ in extract(paragraphs, known=known).quotes]


def test_ap_style_with_the_surname_resolved_from_earlier():
    found = extract(
        [
            "Harbour master Ines Varga said the pier would open in May.",
            "“We need more time,” Varga said.",
        ]
    )
    assert [(t, s) for t, s, _ in found.quotes] == [("We need more time,", "Ines Varga")]
    assert found.people["Ines Varga"].description == "Harbour master"


def test_said_before_the_name_and_a_colon_introduction():
    assert quotes(
        [
            "Mayor Tomas Reyl opened the bridge.",
            "“It is the right plan,” said Reyl.",
            "Reyl said: “The ferry keeps running.”",
        ]
    ) == [("It is the right plan,", "Tomas Reyl"), ("The ferry keeps running.", "Tomas Reyl")]


def test_a_quote_over_several_paragraphs_and_he_said():
    found = extract(
        [
            "Negotiator Anton Brel arrived in Oslo on Monday.",
            "“The first part of the plan is ready.",
            "“The rest will follow next year,” he said.",
        ]
    )
    assert found.quotes == [
        ("The first part of the plan is ready. The rest will follow next year,", "Anton Brel", 2)
    ]


def test_a_surname_in_the_caption_gives_the_full_name():
    found = extract(
        ["“We will not sign,” Osk said."],
        ["Trade envoy Lena Osk speaks in Paris, France, Monday, May 4, 2020."],
    )
    assert found.quotes[0][1] == "Lena Osk"
    assert found.people["Lena Osk"].description == "Trade envoy"


def test_an_unknown_surname_or_a_lone_pronoun_gives_no_speaker():
    assert quotes(["“Nobody knows,” Brel said."]) == []
    assert quotes(["“Nobody knows,” he said."]) == []


def test_titles_days_organisations_and_places_are_not_people():
    found = extract(
        [
            "Foreign Minister Anton Brel met the U.N. Security Council on Monday in New York.",
            "The Finance Ministry and the Harbour Council said nothing in London.",
        ]
    )
    assert set(found.people) == {"Anton Brel"}
    assert "London" in found.places


def test_known_aliases_resolve_a_surname_alone():
    found = extract(
        ["Talks with Brel went well."], known=lambda n: "Anton Brel" if n == "Brel" else None
    )
    assert "Anton Brel" in found.people


def test_places_come_from_the_gazetteer_with_short_forms():
    found = extract(["U.S. and U.K. officials met in Tokyo, then flew to Kenya."])
    assert found.places == ["United States", "United Kingdom", "Tokyo", "Kenya"]
