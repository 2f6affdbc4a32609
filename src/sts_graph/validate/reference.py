"""The reference SHACL engine: pyshacl, over rdflib graphs (what the native engine is
compared with, and the engine of shapes the native one refuses)."""

from __future__ import annotations

import logging

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SH

from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import STS
from sts_graph.validate.report import Finding, Report, order


def source_line(data: Graph, node: URIRef) -> str:
    """``file:line`` of a territorial resource, or '' where it has none."""
    for excerpt in data.objects(node, PROV.wasDerivedFrom):
        start = data.value(excerpt, STS.lineStart)
        document = data.value(excerpt, PROV.hadPrimarySource)
        if start is not None and document is not None:
            return f"{data.value(document, STS.sourceFile) or document}:{start}"
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


def validate(data: Graph, ontology: Graph, shapes: Graph) -> Report:
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
            shacl_graph=shapes,
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
                value=str(value) if value is not None else "",  # Literal(0) is falsy
                source=source_line(data, subject) if isinstance(subject, URIRef) else "",
            )
        )
    return Report(sorted(set(findings), key=order))  # one line for results alike in all
