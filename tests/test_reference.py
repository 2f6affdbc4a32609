"""The reference vocabularies (``data/reference/vocabularies.ttl`` and
``territories.ttl``): each concept is found by its own pattern, in the order the
file gives, and a damaged file is one line naming it."""

from __future__ import annotations

import pytest

from sts_graph.core.errors import InputError
from sts_graph.core.paths import VOCABULARIES_FILE
from sts_graph.extract.oqos import activite_of_heading
from sts_graph.extract.text import Item
from sts_graph.extract.vocab import find_labels
from sts_graph.extract.vocabularies import vocabularies

VOCABULARIES = vocabularies()


@pytest.mark.parametrize("concept", VOCABULARIES.concepts, ids=lambda c: c.slug)
def test_a_theme_or_parcours_printed_as_its_label_is_found_as_itself(concept):
    (found,) = find_labels([Item(1, concept.label)])
    assert (found.concept, found.printed, found.misspelt) == (concept, concept.label, False)


@pytest.mark.parametrize("activite", VOCABULARIES.activites, ids=lambda a: a.slug)
def test_an_oqos_heading_naming_an_activite_is_read_as_it(activite):
    assert activite_of_heading(f"Activité de soins de {activite.label}") == activite.slug


def test_the_vocabularies_hold_what_the_plans_need():
    counts = {
        "thèmes": sum(c.scheme == "theme" for c in VOCABULARIES.concepts),
        "parcours": sum(c.scheme == "parcours" for c in VOCABULARIES.concepts),
        "indicators": len(VOCABULARIES.indicators),
        "activités": len(VOCABULARIES.activites),
        "départements": len(VOCABULARIES.departements),
    }
    assert counts == {
        "thèmes": 12,
        "parcours": 6,
        "indicators": 23,
        "activités": 17,
        "départements": 13,
    }
    assert VOCABULARIES.departements["32"] == "Gers"


@pytest.mark.parametrize(
    "damage, message",
    [
        (('"cancers?"', '"cancers?("'), "bad pattern"),
        (('"Cancer"@fr', '"Cancer"@en'), "needs one"),
    ],
    ids=["a pattern that does not compile", "a label in the wrong language"],
)
def test_a_damaged_vocabulary_is_one_line_naming_the_file(tmp_path, monkeypatch, damage, message):
    text = VOCABULARIES_FILE.read_text(encoding="utf-8")
    assert damage[0] in text
    broken = tmp_path / "vocabularies.ttl"
    broken.write_text(text.replace(damage[0], damage[1], 1), encoding="utf-8")
    monkeypatch.setattr(f"{vocabularies.__module__}.VOCABULARIES_FILE", broken)
    vocabularies.cache_clear()
    try:
        with pytest.raises(InputError, match=rf"vocabularies\.ttl: .*parcours/cancer.*{message}"):
            vocabularies()
    finally:
        vocabularies.cache_clear()
