"""Stage 3: SHACL validation of the data against the shapes, with a readable report."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SH

from .errors import InputError
from .namespaces import SHAPES_DIR, STS
from .store import display_path, parse_turtle


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


def validate(data: Graph, ontology: Graph, shapes: Graph | None = None) -> Report:
    """Validate *data* against the shapes, with *ontology* mixed into *data* in place
    (pyshacl would otherwise clone the data graph first: a third of its time)."""
    from pyshacl import validate as shacl
    from pyshacl.errors import ReportableRuntimeError

    log = logging.getLogger("pyshacl-validate")  # it prints the errors it raises to stderr
    disabled, log.disabled = log.disabled, True
    try:
        _conforms, results, _text = shacl(
            data,
            shacl_graph=shapes if shapes is not None else load_shapes(),
            ont_graph=ontology,
            inference="none",
            allow_warnings=True,
            advanced=True,
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
    findings.sort(key=lambda f: (f.severity != "Violation", f.source, f.focus, f.path, f.message))
    return Report(findings)
