"""What the extractor reads from a plan, before it becomes RDF."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sts_graph.extract.indicators import IndicatorConcept, indicator_of
from sts_graph.extract.text import Item, Layout, prose
from sts_graph.extract.titles import slug
from sts_graph.extract.vocab import LabelMatch


@dataclass(frozen=True)
class Span:
    """Lines *start*..*end* (1-based, inclusive) of a source text."""

    start: int
    end: int


@dataclass(frozen=True)
class Text:
    """A printed text with the lines it spans."""

    text: str
    span: Span

    def followed_by(self, more: Text) -> Text:
        """This text and *more* as one, over both their lines."""
        return Text(prose([self.text, more.text]), Span(self.span.start, more.span.end))


def joined(items: list[Item]) -> Text | None:
    """The text of *items* as one paragraph over their lines, or ``None`` if empty."""
    if not items:
        return None
    return Text(prose(i.text for i in items), Span(items[0].line, items[-1].line))


@dataclass(frozen=True)
class Figure:
    """A chiffre-clé: the figure with its label, and the « Source : … » note under it."""

    text: Text
    source: Text | None


@dataclass(frozen=True)
class Anomaly:
    """Something the extractor met and repaired, or could not resolve."""

    line: int
    kind: str  # repair | unresolved | duplicate | contradiction | missing
    message: str


@dataclass(frozen=True)
class Count:
    """« département counts N of type T », as printed at a line."""

    dispositif: str  # class local name
    count: int
    line: int
    printed: str


@dataclass(frozen=True)
class Indicator:
    """A Data repère indicator with its Occitanie and France comparators."""

    label: str
    value: str
    unit: str
    occitanie: str | None
    france: str | None
    span: Span

    @property
    def measures(self) -> IndicatorConcept | None:
        """The indicator of the vocabulary this figure measures."""
        return indicator_of(self.label)


@dataclass(frozen=True)
class Proposal:
    """A CNR proposal under its axis."""

    axis: str
    text: Text


@dataclass
class DefiPage:
    """A défi page of a plan."""

    number: int | None
    title: str
    span: Span
    title_span: Span
    enjeux: Text | None
    themes: list[LabelMatch]
    parcours: list[LabelMatch]
    listed: list[Text]  # the objectifs the page lists
    ref: str | None  # a printed « Réf. E1D3 »
    preamble: str = ""  # folded text between the previous défi page and this one
    engagement: int | None = None
    engagement_evidence: str = ""
    rank: int = 1  # 2 for the second page of the plan under the same name, and so on

    @property
    def code(self) -> str | None:
        if self.engagement is None or self.number is None:
            return None
        return f"E{self.engagement}D{self.number}"

    @property
    def name(self) -> str:
        """The page's name in its plan: its code, else a slug of its title (``-2`` after
        it for a second page under the same name)."""
        return ranked(self.code or slug(self.title), self.rank)


@dataclass
class ObjectifPage:
    """An objectif page of a plan."""

    number: int | None
    printed_code: str | None
    title: str
    span: Span
    title_span: Span
    defi: DefiPage | None
    defi_a_relever: Text | None
    constats: Text | None
    objectif: list[Text]  # the items of « L'objectif », in order
    resultats: list[Text]  # the items of « Les résultats attendus », in order
    actions: list[Text]
    chiffres: list[Figure]
    themes: list[LabelMatch]
    parcours: list[LabelMatch]
    ref: str | None  # a printed « Réf. E1D3O7 »
    defi_code: str | None = None
    code: str | None = None
    rank: int = 1  # 2 for the second page of the plan under the same name, and so on

    @property
    def name(self) -> str:
        """The page's name in its plan: its code, else its défi and a slug of its title
        (``-2`` after it for a second page under the same name)."""
        if self.code:
            return ranked(self.code, self.rank)
        name = f"{self.defi_code}-{slug(self.title)}" if self.defi_code else slug(self.title)
        return ranked(name, self.rank)


def ranked(name: str, rank: int) -> str:
    """*name* for the *rank*-th page that bears it: ``E4D1O1``, ``E4D1O1-2``…"""
    return name if rank == 1 else f"{name}-{rank}"


@dataclass
class OqosRow:
    """One printed row of an OQOS table."""

    activite: str  # slug of ACTIVITES
    table: int  # rank of its table in the plan
    zone: str
    label: str
    group: str | None
    span: Span
    mention: bool = False  # the label is a mention (the group its modalité)
    existant: str | None = None
    cible: str | None = None
    implantations: str | None = None
    appareils: str | None = None
    hc: str | None = None  # existing, hospitalisation complète (SMR bilan tables)
    htp: str | None = None  # existing, hospitalisation à temps partiel
    columns: tuple[str, ...] = ()  # the value columns its table prints
    notes: list[str] = field(default_factory=list)

    @property
    def target_range(self) -> tuple[int | None, int | None]:
        """Minimum and maximum of the printed target (``0/1`` → 0, 1; ``-`` → none)."""
        if self.cible is None or not re.search(r"\d", self.cible):
            return None, None
        numbers = [int(n) for n in re.findall(r"\d+", self.cible)]
        return min(numbers), max(numbers)


@dataclass
class Plan:
    """Everything read from one plan."""

    departement: str
    path: Path
    name: str
    layout: Layout
    line_count: int
    defis: list[DefiPage]
    objectifs: list[ObjectifPage]
    engagement_titles: list[tuple[int, str, int]]  # (number, title, line) as printed
    oqos: list[OqosRow] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    cts_defis: list[Text] = field(default_factory=list)
    cnr: list[Proposal] = field(default_factory=list)
    quotes: list[Text] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    pages: tuple[int, ...] = ()  # the PDF page of each line, for a plan read from a PDF

    def framework_pages(self) -> list[DefiPage | ObjectifPage]:
        """The défi pages, then the objectif pages: those a framework code names."""
        return [*self.defis, *self.objectifs]

    def page(self, line: int) -> int | None:
        """The PDF page that prints *line*, where the plan came from a PDF."""
        return self.pages[min(line, len(self.pages)) - 1] if self.pages else None

    @property
    def pdf(self) -> Path | None:
        """The PDF the plan's text was read from, where it came from one."""
        pdf = self.path.with_suffix(".pdf")
        return pdf if self.pages and pdf.exists() else None

    def note(self, line: int, kind: str, message: str) -> None:
        """Record an anomaly."""
        self.anomalies.append(Anomaly(line, kind, message))
