"""The « Data repère » indicators as a vocabulary: what each printed figure measures.

Each plan prints its diagnostic figures in its own words (« Un taux de pauvreté qui
concerne 18% de la population », « 29% de familles monoparentales »); the concepts
here name what they measure, so that one indicator can be compared across
départements, with Occitanie and France beside it. The concepts and their patterns
are reference data (:mod:`sts_graph.extract.vocabularies`).
"""

from __future__ import annotations

from sts_graph.extract.text import fold
from sts_graph.extract.vocabularies import IndicatorConcept, vocabularies


def indicator_of(label: str) -> IndicatorConcept | None:
    """The indicator a printed label measures, if the vocabulary knows it."""
    folded = fold(label)
    return next((c for c in vocabularies().indicators if c.pattern.search(folded)), None)
