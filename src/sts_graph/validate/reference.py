"""Stage 3: SHACL validation of the data against the shapes, with a readable report."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SH

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path
from sts_graph.core.namespaces import STS
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
        return cls(sorted({f for part in parts for f in part}, key=_order))


def _order(finding: Finding) -> tuple[bool, str, str, str, str, str, str]:
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


def source_line(data: Graph, node: URIRef) -> str:
    """``file:line`` of a territorial resource, or '' where it has none."""
    for excerpt in data.objects(node, PROV.wasDerivedFrom):
        start = data.value(excerpt, STS.lineStart)
        document = data.value(excerpt, PROV.hadPrimarySource)
        file = data.value(document, STS.sourceFile) if document is not None else None
        if start is not None:
            return f"{file or document}:{start}"
    return ""


def preload() -> None:
    """Import pyshacl now (a fifth of a second), e.g. once before forking workers, and
    give it its constraint parameters as a set: pyshacl 0.40 looks each predicate of
    a shape up in a list of them for every focus node, a fifth of its time (same
    answers: the report is compared with the reference's in the tests)."""
    from pyshacl import shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    parameters = (_Parameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    shape.CONSTRAINT_PARAMS = parameters  # type: ignore[attr-defined]


class _Parameters(list):
    """pyshacl's list of constraint parameters, with a set's membership test (its
    copies, which pyshacl's advanced mode extends, are plain lists)."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item) -> bool:
        return item in self._members

    def copy(self) -> list:
        return list(self)


def validate(data: Graph, ontology: Graph, shapes: Graph | None = None) -> Report:
    """Validate *data* against the shapes, with *ontology* mixed into *data* in place
    (pyshacl would otherwise clone the data graph first: a third of its time)."""
    from pyshacl import validate as shacl
    from pyshacl.errors import ReportableRuntimeError

    preload()
    log = logging.getLogger("pyshacl-validate")  # it prints the errors it raises to stderr
    disabled, log.disabled = log.disabled, True
    try:
        _conforms, results, _text = shacl(
            data,
            shacl_graph=shapes if shapes is not None else load_shapes(),
            ont_graph=ontology,
            inference="none",
            allow_warnings=True,
            inplace=True,
        )
    except ReportableRuntimeError as error:  # shapes that parse but are not SHACL
        why = str(error).strip().splitlines()[0]
        raise InputError(f"invalid SHACL shapes: {why}") from error
    finally:
        log.disabled = disabled
    findings = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        subject = value if isinstance(value, URIRef) else focus
        findings.append(
            Finding(
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=str(focus),
                path=data.namespace_manager.normalizeUri(p)
                if (p := results.value(result, SH.resultPath)) is not None
                else "",
                constraint=str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[
                    -1
                ],
                message=str(results.value(result, SH.resultMessage) or ""),
                value=str(value or ""),
                source=source_line(data, subject) if isinstance(subject, URIRef) else "",
            )
        )
    return Report(sorted(findings, key=_order))
