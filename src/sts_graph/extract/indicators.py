"""The « Data repère » indicators as a vocabulary: what each printed figure measures.

Each plan prints its diagnostic figures in its own words (« Un taux de pauvreté qui
concerne 18% de la population », « 29% de familles monoparentales »); the concepts
here name what they measure, so that one indicator can be compared across
départements, with Occitanie and France beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sts_graph.extract.text import fold


@dataclass(frozen=True)
class IndicatorConcept:
    """An indicator of the « Data repère »: notation, labels, unit, and how plans print it."""

    notation: str
    label: str  # French
    label_en: str
    unit: str
    pattern: re.Pattern[str]  # on the folded printed label


def _i(notation: str, label: str, label_en: str, unit: str, pattern: str) -> IndicatorConcept:
    return IndicatorConcept(notation, label, label_en, unit, re.compile(pattern))


INDICATORS: tuple[IndicatorConcept, ...] = (
    _i(
        "population",
        "Population",
        "Population",
        "habitants",
        r"^(?:avec )?(?:plus de )?[\d ,]+(?:millions? d')?habitants$",
    ),
    _i(
        "croissance",
        "Croissance de la population",
        "Population growth",
        "%",
        r"croissance|evolution de la population",
    ),
    _i(
        "plus-65-ans",
        "Part des 65 ans et plus",
        "Share of people aged 65 and over",
        "%",
        r"\+\s*65 ans|65 ans et plus",
    ),
    _i(
        "plus-75-ans",
        "Part des 75 ans et plus",
        "Share of people aged 75 and over",
        "%",
        r"\+\s*75 ans|75 ans et plus",
    ),
    _i("pauvrete", "Taux de pauvreté", "Poverty rate", "%", r"taux de pauvrete"),
    _i(
        "menages-non-imposes",
        "Ménages non imposés",
        "Households not taxed",
        "%",
        r"menages non imposes",
    ),
    _i(
        "familles-monoparentales",
        "Familles monoparentales",
        "Single-parent families",
        "%",
        r"familles monoparentales",
    ),
    _i("chomage", "Chômage", "Unemployment", "%", r"chomeurs|chomage"),
    _i("employes", "Employés", "Employees", "%", r"\bemployes\b"),
    _i("ouvriers", "Ouvriers", "Manual workers", "%", r"\bouvriers\b"),
    _i("agriculteurs", "Agriculteurs", "Farmers", "%", r"\bagriculteurs\b"),
    _i("cadres", "Cadres", "Managers and professionals", "%", r"\bcadres\b"),
    _i(
        "diplomes-bac-2",
        "Diplômés Bac+2",
        "Graduates, two years of higher education",
        "%",
        r"diplomes bac",
    ),
    _i(
        "residences-secondaires",
        "Résidences secondaires",
        "Second homes",
        "%",
        r"residences secondaires",
    ),
    _i("logements-vacants", "Logements vacants", "Vacant dwellings", "%", r"logements vacants"),
    _i(
        "logements-avant-1991",
        "Logements construits avant 1991",
        "Dwellings built before 1991",
        "%",
        r"construits avant 1991",
    ),
    _i(
        "maisons",
        "Maisons parmi les résidences principales",
        "Houses among main homes",
        "%",
        r"maisons parmi les residences principales",
    ),
    _i("c2s", "Bénéficiaires de la C2S", "Beneficiaries of the C2S", "%", r"\bc2s\b"),
    _i(
        "esperance-de-vie",
        "Espérance de vie à la naissance",
        "Life expectancy at birth",
        "ans",
        r"esperance de vie",
    ),
    _i(
        "generalistes-60-ans",
        "Médecins généralistes de 60 ans et plus",
        "General practitioners aged 60 and over",
        "%",
        r"medecins generalistes sont ages de 60 ans",
    ),
    _i(
        "sans-medecin-traitant",
        "Habitants sans médecin traitant",
        "People without a médecin traitant",
        "%",
        r"pas de medecin traitant|sans medecin traitant",
    ),
    _i(
        "consultations-generaliste",
        "Consultations de médecin généraliste par habitant et par an",
        "General practitioner consultations per inhabitant a year",
        "consultations",
        r"consultations d[eu] medecin generaliste",
    ),
    _i("densite", "Densité de population", "Population density", "habitants/km²", r"densite"),
)


def indicator_of(label: str) -> IndicatorConcept | None:
    """The indicator a printed label measures, if the vocabulary knows it."""
    folded = fold(label)
    return next((c for c in INDICATORS if c.pattern.search(folded)), None)
