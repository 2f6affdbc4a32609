"""The regional vocabularies of thèmes and parcours, and the printed labels they absorb.

Labels are found by pattern in the whole « Thèmes associés » / « Parcours
associés » block, so that a label broken over lines, a trailing comma, a
misspelling (``Vieillessement``) or two labels on one line
(``Cancer-Maladies chroniques``) all map onto the canonical concept. The concepts
and their patterns are reference data (:mod:`sts_graph.extract.vocabularies`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sts_graph.extract.text import Item, fold, key
from sts_graph.extract.vocabularies import Concept, vocabularies


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
    for concept in vocabularies().concepts:
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
    for concept in vocabularies().concepts:
        for match in concept.pattern.finditer(folded):
            span = match.span()
            if concept.slug in seen or any(a < span[1] and span[0] < b for a, b in taken):
                continue
            line = max(ln for off, ln in starts if off <= span[0])
            found.append((span[0], LabelMatch(concept, text[span[0] : span[1]], line)))
            seen.add(concept.slug)
            taken.append(span)
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]
