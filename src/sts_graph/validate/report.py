"""What a validation finds, whichever engine ran it, and the shapes it checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path
from sts_graph.core.paths import SHAPES_DIR
from sts_graph.rdf.store import parse_turtle


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the source line of the resource it is about."""

    severity: str
    focus: str
    path: str
    constraint: str
    message: str
    value: str
    source: str

    def line(self) -> str:
        where = f" [{self.source}]" if self.source else ""
        subject = self.value if self.value and self.focus.endswith("srs/2023-2028") else self.focus
        return f"{self.severity}: {subject} {self.path}: {self.message}{where}"


@dataclass(frozen=True)
class Report:
    """The outcome of a validation run."""

    findings: list[Finding]

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def text(self) -> str:
        return "\n".join(f.line() for f in self.findings)

    @classmethod
    def merged(cls, parts: Iterable[Iterable[Finding]]) -> Report:
        """One report of the findings of several parts of a graph validated apart (a
        finding about a graph they share comes once)."""
        return cls(sorted({f for part in parts for f in part}, key=order))


def order(finding: Finding) -> tuple[bool, str, str, str, str, str, str]:
    """Violations first, then by source line, resource, path, message and the rest."""
    f = finding
    return (f.severity != "Violation", f.source, f.focus, f.path, f.message, f.constraint, f.value)


def load_shapes(directory: Path = SHAPES_DIR) -> Graph:
    """Every ``*.ttl`` of the shapes folder; none is an error (nothing would be checked)."""
    paths = sorted(directory.glob("*.ttl"))
    if not paths:
        raise InputError(f"{display_path(directory)}: no shapes (*.ttl) found")
    graph = Graph()
    for path in paths:
        parse_turtle(path, graph)
    return graph
