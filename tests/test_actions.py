"""« En pratique » entries from pdftotext's raw lines: where one ends and the next opens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sts_graph.extract.plan import split_actions
from sts_graph.extract.text import Item, Layout, key
from sts_graph.extract.words import dehyphenate


def _entries(*lines: str) -> list[str]:
    items = [
        Item(number, text.removeprefix("- "), bullet=text.startswith("- "))
        for number, text in enumerate(lines, 1)
    ]
    return [t.text for t in split_actions(items, Layout.RAW)]


def test_a_capitalised_article_opens_an_entry_after_a_full_line():
    assert _entries(
        "Une demande d'IRM reste à déposer pour couvrir le bassin du Couserans",
        "Un dispositif mammobile porté par la CPTS Ariège Pyrénées et l'assurance",
        "maladie.",
    ) == [
        "Une demande d'IRM reste à déposer pour couvrir le bassin du Couserans",
        "Un dispositif mammobile porté par la CPTS Ariège Pyrénées et l'assurance maladie.",
    ]


def test_an_enumeration_closed_by_an_ellipsis_ends_an_entry():
    assert (
        len(
            _entries(
                "Mise en place de journées à thèmes (journée à destination des aidants,",
                "journées à destination des personnes âgées perte d'autonomie, …),",
                "Communication itinérante (ex : déplacement d'un bus avec des associations",
            )
        )
        == 2
    )


def test_a_name_inside_an_enumeration_goes_on():
    assert (
        len(
            _entries(
                "Coach, Communauté 360, Dispositif d'Appui à la Coordination (DAC),",
                "Outils numériques partagés de coordination (SPICO, DMP, ViaTrajectoire PA",
                "et PH, ROR), Réunion de concertation pluridisciplinaire.",
            )
        )
        == 1
    )


def test_an_article_at_a_line_end_holds_the_next_line():
    assert (
        len(
            _entries(
                "Une consultation avancée ouvrira au centre hospitalier de Saint-Girons",
                "Les patients du plateau en bénéficieront dans le cadre du projet de",
            )
        )
        == 2
    )
    assert (
        len(
            _entries(
                "Une consultation avancée ouvrira au centre hospitalier situé sur le",
                "Le Vigan et ses environs en bénéficieront dans le cadre du projet",
            )
        )
        == 1
    )


WORDS = st.sampled_from(
    ["Sociaux", "Médico-", "Le", "Une", "ESMS", "(DAC),", "…),", "de", "pour", "offre", "Ariège"]
)
LINES = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@given(st.lists(st.tuples(st.booleans(), LINES), min_size=1, max_size=20))
def test_every_word_of_a_section_lands_in_one_entry_in_order(lines):
    printed = [("- " if bullet else "") + line for bullet, line in lines]
    assert key(" ".join(_entries(*printed))) == key(" ".join(line for _, line in lines))


def test_a_word_cut_at_a_line_end_is_never_an_entry_end():
    entries = _entries(
        "- Créer les conditions pour que les Etablissements et Services Médico-",
        "Sociaux (ESMS) puissent bénéficier de l'appui d'experts.",
        "- Impulser la création d'équipes ressources.",
    )
    assert [e[:12] for e in entries] == ["Créer les co", "Impulser la "]


def test_a_name_cut_at_its_hyphen_is_joined_with_its_hyphen():
    lines = [
        "les Services Médico-",
        "",
        "Sociaux (ESMS) de la Haute-",
        "Garonne et les infor-",
        "mations",
    ]
    assert dehyphenate(lines) == [
        "les Services Médico-Sociaux",
        "",
        "(ESMS) de la Haute-Garonne",
        "et les informations",
        "",
    ]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["la pandémie de COVID-", "19 a montré"], "la pandémie de COVID-19"),  # a figure
        (["s'orienter dans celle-", "ci."], "s'orienter dans celle-ci."),  # a tail
        (["troubles du neuro-", "développement"], "troubles du neuro-développement"),  # a form
        (["encore des non-", "dits"], "encore des non-dits"),
        (["faciale et cervico-", "faciale"], "faciale et cervico-faciale"),
        # a form the plan writes as one word elsewhere loses its hyphen
        (
            ["maladies neuro-", "dégénératives", "les neurodégénératives"],
            "maladies neurodégénératives",
        ),
    ],
)
def test_a_word_cut_at_its_hyphen_keeps_it_where_the_plans_write_it(
    lines: list[str], joined: str
) -> None:
    assert dehyphenate(lines)[0] == joined
