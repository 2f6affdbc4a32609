"""The regional vocabularies of thèmes and parcours, and the printed labels they absorb.

Labels are found by pattern in the whole « Thèmes associés » / « Parcours
associés » block, so that a label broken over lines, a trailing comma, a
misspelling (``Vieillessement``) or two labels on one line
(``Cancer-Maladies chroniques``) all map onto the canonical concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sts_graph.extract.text import Item, fold, key


@dataclass(frozen=True)
class Concept:
    """A concept of a regional vocabulary."""

    scheme: str  # "theme" | "parcours"
    slug: str
    label: str
    pattern: re.Pattern[str]


def _c(scheme: str, slug: str, label: str, pattern: str) -> Concept:
    return Concept(scheme, slug, label, re.compile(pattern))


CONCEPTS: tuple[Concept, ...] = (
    _c(
        "theme",
        "prevention",
        "Prévention, promotion de la santé",
        r"prevention\s*(?:[,&]|et)?\s*promotion(?:\s+de\s+la\s+sante)?",
    ),
    _c("theme", "praps", "PRAPS", r"\bpraps\b"),
    _c("theme", "soins-primaires", "Soins primaires", r"soins\s+primaires"),
    _c("theme", "soins-hospitaliers", "Soins hospitaliers", r"soins\s+hospitaliers"),
    _c(
        "theme",
        "urgences",
        "Urgences et soins non programmés",
        r"urgences(?:\s+et\s+soins\s+non\s+programmes)?",
    ),
    _c(
        "theme",
        "transformation-numerique",
        "Transformation numérique",
        r"transformation\s+numerique(?:\s+en\s+sante)?",
    ),
    _c(
        "theme",
        "qualite",
        "Qualité, sécurité, pertinence",
        r"qualite\s*,?\s*securite(?:\s*,?\s*pertinence)?",
    ),
    _c(
        "theme",
        "attractivite",
        "Attractivité des métiers de la santé",
        r"attractivite(?:\s+des\s+metiers(?:\s+de\s+la\s+sante)?)?",
    ),
    _c(
        "theme",
        "usager",
        "Personne, citoyen, usager",
        r"personne\s*,?\s*citoyen\s*,?\s*(?:et\s+)?usagers?|\busagers?\b",
    ),
    _c("theme", "sante-environnement", "Santé environnement", r"sante[\s-]+environnement"),
    _c(
        "theme",
        "sse",
        "Situations sanitaires exceptionnelles",
        r"situations?\s+sanitaires?\s+exceptionnelles?",
    ),
    _c("theme", "violences", "Violences et santé", r"violences?\s+et\s+sante"),
    _c("parcours", "sante-mentale", "Santé mentale", r"sante\s+mentale"),
    _c("parcours", "vieillesse", "Vieillesse", r"vie?i?l+[ei]s+(?:e|ement)\b"),
    _c("parcours", "handicap", "Handicap", r"handicaps?"),
    _c("parcours", "cancer", "Cancer", r"cancers?"),
    _c("parcours", "maladies-chroniques", "Maladies chroniques", r"maladies?\s+chroniques?"),
    _c(
        "parcours",
        "parents-enfants",
        "Parents et enfants vulnérables",
        r"parents?\s*(?:et|,)?\s*enfants?(?:\s+vulnerables)?",
    ),
)
SCHEMES = {"theme": "Thèmes", "parcours": "Parcours"}


@dataclass(frozen=True)
class LabelMatch:
    """A concept found in a block, with the label as printed and its line."""

    concept: Concept
    printed: str
    line: int

    @property
    def misspelt(self) -> bool:
        return key(self.printed) != key(self.concept.label)


LABELLED = 0.7  # a long line this much made of labels is labels set in a row, not prose


def _labelled(text: str) -> float:
    """The share of *text* (spaces left out) that the concepts' labels cover."""
    folded = fold(text)
    covered = [False] * len(folded)
    for concept in CONCEPTS:
        for match in concept.pattern.finditer(folded):
            covered[match.start() : match.end()] = [True] * (match.end() - match.start())
    letters = [c for char, c in zip(folded, covered, strict=True) if not char.isspace()]
    return sum(letters) / len(letters) if letters else 0.0


def label_block(items: list[Item]) -> list[Item]:
    """The items of a thèmes/parcours block, stopping at the first prose line (a long
    line is prose unless labels set in a row make it up)."""
    out = []
    for item in items:
        long = len(item.text) > 70 or (item.text.endswith((".", ":")) and len(item.text) > 30)
        if long and _labelled(item.text) < LABELLED:
            break
        out.append(item)
    return out


def find_labels(items: list[Item]) -> list[LabelMatch]:
    """Concepts named in a block, in printed order, each once."""
    block = label_block(items)
    text = " ".join(i.text for i in block)
    starts, offset = [], 0
    for item in block:
        starts.append((offset, item.line))
        offset += len(item.text) + 1
    folded = fold(text)
    found: list[tuple[int, LabelMatch]] = []
    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    for concept in CONCEPTS:
        for match in concept.pattern.finditer(folded):
            span = match.span()
            if concept.slug in seen or any(a < span[1] and span[0] < b for a, b in taken):
                continue
            line = max(ln for off, ln in starts if off <= span[0])
            found.append((span[0], LabelMatch(concept, text[span[0] : span[1]], line)))
            seen.add(concept.slug)
            taken.append(span)
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]
