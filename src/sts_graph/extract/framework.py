"""The regional framework as reference data: ``data/reference/srs.ttl``.

The six engagements of the *Schéma régional de santé*, their défis and their
objectifs opérationnels, as a reviewed SKOS file: each code with its title
(``skos:prefLabel``), the other ways plans print it (``skos:altLabel``), the
plan lines that print it (``sts:printedIn``) and reviewers' notes
(``skos:editorialNote``). Every plan is resolved against it alone, so a plan's
identities never depend on which other plans are read. ``sts-graph framework``
lists what the plans print that it lacks; ``--write`` adds it after review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path
from sts_graph.core.namespaces import STS, iri
from sts_graph.core.paths import FRAMEWORK_FILE
from sts_graph.extract.model import Plan, Span
from sts_graph.extract.titles import canonical, title_key
from sts_graph.rdf.store import parse_turtle

CODE = re.compile(r"^E([1-9])(?:D(\d+)(?:O(\d+))?)?$")
LEVELS = (
    ("engagement", STS.Engagement),
    ("defi", STS.Defi),
    ("objectif", STS.ObjectifOperationnel),
)
SRS_TITLE = "Schéma régional de santé Occitanie 2023-2028"
SRS_SOURCE = "Projet régional de santé Occitanie 2023-2028, relevé dans les schémas territoriaux"


def level(code: str) -> str:
    """``engagement``, ``defi`` or ``objectif``, by the shape of *code*."""
    match = CODE.match(code)
    if not match:
        raise ValueError(f"not a code of the regional framework: {code!r}")
    return LEVELS[2 if match.group(3) else 1 if match.group(2) else 0][0]


def parent(code: str) -> str | None:
    """The code one level up (``E1D3O7`` → ``E1D3``), none for an engagement."""
    return {"objectif": code.rsplit("O", 1)[0], "defi": code.split("D")[0]}.get(level(code))


@dataclass(frozen=True, order=True)
class Attestation:
    """Lines of one plan that print a title."""

    departement: str
    start: int
    end: int

    @property
    def node(self) -> URIRef:
        return URIRef(f"{iri('source', self.departement)}#L{self.start}-L{self.end}")


@dataclass
class Concept:
    """A code of the framework, its titles, where plans print it, and reviewers' notes."""

    code: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    printed_in: set[Attestation] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    @property
    def titles(self) -> list[str]:
        return [self.label, *self.alt_labels]

    @property
    def node(self) -> URIRef:
        return iri(level(self.code), self.code)


@dataclass
class Framework:
    """The codes of the regional scheme, by level."""

    engagements: dict[str, Concept] = field(default_factory=dict)
    defis: dict[str, Concept] = field(default_factory=dict)
    objectifs: dict[str, Concept] = field(default_factory=dict)

    def at(self, code: str) -> dict[str, Concept]:
        """The concepts of *code*'s level."""
        return {"engagement": self.engagements, "defi": self.defis}.get(level(code), self.objectifs)

    def get(self, code: str | None) -> Concept | None:
        return self.at(code).get(code) if code else None

    def children(self, code: str) -> list[Concept]:
        """The défis of an engagement, or the objectifs of a défi, in code order."""
        below = self.defis if level(code) == "engagement" else self.objectifs
        return [
            c for k, c in sorted(below.items(), key=lambda kv: order(kv[0])) if parent(k) == code
        ]

    def concepts(self) -> list[Concept]:
        everything = [*self.engagements.values(), *self.defis.values(), *self.objectifs.values()]
        return sorted(everything, key=lambda c: order(c.code))


def order(code: str) -> tuple[int, ...]:
    """Codes in the plan's order (``E1D10`` after ``E1D9``)."""
    return tuple(int(n) for n in re.findall(r"\d+", code))


def load(path: Path = FRAMEWORK_FILE) -> Framework:
    """The reference framework, or a one-line error naming the file."""
    if not path.is_file():
        raise InputError(f"{display_path(path)}: no regional framework (see `sts-graph framework`)")
    graph = parse_turtle(path)
    framework = Framework()
    for _name, cls in LEVELS:
        for node in graph.subjects(RDF.type, cls):
            code = str(graph.value(node, SKOS.notation) or "")
            label = graph.value(node, SKOS.prefLabel)
            if not CODE.match(code) or label is None or node != iri(level(code), code):
                raise InputError(
                    f"{display_path(path)}: {node} needs a notation matching its IRI"
                    " and a prefLabel"
                )
            framework.at(code)[code] = Concept(
                code,
                str(label),
                sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
                {_attestation(graph, e) for e in graph.objects(node, STS.printedIn)},
                sorted(str(n) for n in graph.objects(node, SKOS.editorialNote)),
            )
    return sorted_by_code(framework)


def sorted_by_code(framework: Framework) -> Framework:
    """The same framework, each level in code order."""
    return Framework(
        *(
            dict(sorted(table.items(), key=lambda kv: order(kv[0])))
            for table in (framework.engagements, framework.defis, framework.objectifs)
        )
    )


def _attestation(graph: Graph, excerpt) -> Attestation:
    source = str(graph.value(excerpt, PROV.hadPrimarySource) or "")
    return Attestation(
        source.rsplit("/", 1)[-1],
        int(graph.value(excerpt, STS.lineStart)),
        int(graph.value(excerpt, STS.lineEnd)),
    )


@dataclass(frozen=True)
class Addition:
    """Something a plan prints that the framework lacks."""

    code: str
    title: str
    kind: str  # "code" | "title" | "line"
    where: str  # file:line

    def line(self) -> str:
        what = {"code": "new code", "title": "new title", "line": "printed at"}[self.kind]
        return f"{self.where}: {what} {self.code}: {self.title}"


def printed(plans: Iterable[Plan]) -> list[tuple[str, str, Plan, Span]]:
    """Every (code, title, plan, title lines) the plans print, engagements first."""
    out = []
    for plan in plans:
        for number, title, line in plan.engagement_titles:
            out.append((f"E{number}", title, plan, Span(line, line)))
        for page in plan.framework_pages():
            if page.code:
                out.append((page.code, page.title, plan, page.title_span))
    return out


def additions(framework: Framework, plans: Iterable[Plan]) -> list[Addition]:
    """What *plans* print that *framework* lacks: codes, title variants, attestations."""
    found: list[Addition] = []
    for code, title, plan, span in printed(plans):
        where = f"{plan.name}:{span.start}"
        concept = framework.get(code)
        seen = Attestation(plan.departement, span.start, span.end)
        if concept is None:
            found.append(Addition(code, title, "code", where))
        elif title_key(title) not in {title_key(t) for t in concept.titles}:
            found.append(Addition(code, title, "title", where))
        elif seen not in concept.printed_in:
            found.append(Addition(code, title, "line", where))
    return found


def merged(framework: Framework, plans: Iterable[Plan]) -> Framework:
    """*framework* with every code, title and attestation *plans* print added.

    A new code takes the title most plans print; other titles become alternative
    labels. Existing labels and notes are never changed.
    """
    new: dict[str, list[str]] = {}
    out = deepcopy(framework)
    entries = printed(plans)
    for code, title, _plan, _span in entries:
        if out.get(code) is None:
            new.setdefault(code, []).append(title)
    for code, titles in new.items():
        out.at(code)[code] = Concept(code, canonical(titles))
    for code, title, plan, span in entries:
        concept = out.at(code)[code]
        if title_key(title) not in {title_key(t) for t in concept.titles}:
            concept.alt_labels = sorted({*concept.alt_labels, title})
        concept.printed_in.add(Attestation(plan.departement, span.start, span.end))
    return sorted_by_code(out)
