"""The native SHACL engine: the shapes compiled to SPARQL once, run by the RDF engine.

Each constraint of each shape becomes one SELECT giving its focus nodes (``?this``)
and offending values (``?value``), as the OWL RL rules are run; a SPARQL-based
constraint runs its own SELECT with ``$this`` bound to each focus node. The report is
pyshacl's, finding by finding (its messages included): the tests compare the two on
the plans, the negative fixtures, damaged data and random graphs. The SHACL Core
features the shapes do not use are refused by name, never skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, RDF, RDFS, SH, XSD, NamespaceManager
from rdflib.term import Node

from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import STS, bind_prefixes
from sts_graph.rdf.engine import WorkingStore
from sts_graph.rdf.write import Triple
from sts_graph.validate.report import Finding, Report, order

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf)
ANNOTATIONS = {RDF.type, SH.name, SH.description, SH.order, SH.group}
PROPERTY_PARAMETERS = {
    SH.path,
    SH.severity,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.minInclusive,
    SH.languageIn,
    SH.pattern,
    SH.flags,
    SH.lessThanOrEquals,
}
NODE_PARAMETERS = {*TARGETS, SH.property, SH.sparql, SH.severity}
SPARQL_PARAMETERS = {RDF.type, SH.name, SH.description, SH.message, SH.prefixes, SH.select}
CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.string}
REFUSAL = "{where}: {feature} is not supported by the native validator; use --validator pyshacl"
CARDINALITIES = (  # parameter, component, the failing count's test, pyshacl's words
    (SH.minCount, "MinCountConstraintComponent", "<", "Less than"),
    (SH.maxCount, "MaxCountConstraintComponent", ">", "More than"),
)
IRI_PARAMETERS = (SH.datatype, SH["class"], SH.lessThanOrEquals)


class UnsupportedShape(InputError):
    """A shape uses a SHACL feature the native engine does not implement."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, compiled: a SELECT of ``?this`` (and ``?value``)."""

    severity: str
    path: URIRef | None
    constraint: str
    select: str
    message: tuple[str, ...]  # text, then a variable whose term is printed, text, …
    per_focus: str | None = None  # a SPARQL-based constraint: the focus nodes' SELECT

    def text(self, row: dict[str, Node], names: NamespaceManager) -> str:
        """The message of a row, as pyshacl writes it."""
        if self.per_focus is not None:  # sh:message, its {?variables} replaced
            text = self.message[0]
            for name, term in row.items():
                text = re.sub(rf"{{[?$]{name}}}", str(term), text)  # as pyshacl does
            return text
        return "".join(
            part if i % 2 == 0 else _n3(row[part], names) for i, part in enumerate(self.message)
        )


def _n3(node: Node, names: NamespaceManager) -> str:
    """A term as pyshacl prints it in its messages."""
    if isinstance(node, Literal):
        value = None if node.value is None else str(node.value)
        text = f'"{node}" = {value}' if value is not None and value != str(node) else f'"{node}"'
        if node.language:
            text += f", lang={node.language}"
        if node.datatype:
            text += f", datatype={_n3(node.datatype, names)}"
        return f"Literal({text})"
    if isinstance(node, URIRef):
        return node.n3(namespace_manager=names)
    return str(node)


def _list_n3(graph: Graph, head: Node, names: NamespaceManager) -> str:
    return "( {} )".format(" ".join(_n3(item, names) for item in Collection(graph, head)))


class Compiler:
    """Turns a shapes graph into checks, refusing what it cannot compile."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.names = shapes.namespace_manager
        self.names.bind("sh", SH, override=False, replace=False)

    def checks(self) -> list[Check]:
        found: list[Check] = []
        shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape))
        shapes |= {s for target in TARGETS for s in self.shapes.subjects(target, None)}
        for shape in sorted(shapes, key=str):
            targets = self._targets(shape)
            if targets is None:
                continue  # checked only where another shape points to it (sh:node: refused)
            if (shape, SH.path, None) in self.shapes:
                raise self._refuse(shape, "a property shape with targets of its own")
            self._allowed(shape, NODE_PARAMETERS)
            severity = self._severity(shape)
            for constraint in sorted(self.shapes.objects(shape, SH.sparql), key=str):
                found.append(self._sparql(constraint, targets, severity))
            for prop in sorted(self.shapes.objects(shape, SH.property), key=str):
                found.extend(self._property(prop, targets))
        return found

    def _refuse(self, where: Node, feature: str) -> UnsupportedShape:
        return UnsupportedShape(REFUSAL.format(where=_n3(where, self.names), feature=feature))

    def _allowed(self, shape: Node, parameters: set[URIRef]) -> None:
        for predicate in sorted(set(self.shapes.predicates(shape)), key=str):
            if predicate not in parameters | ANNOTATIONS and str(predicate).startswith(str(SH)):
                raise self._refuse(shape, _n3(predicate, self.names))
        if (shape, SH.deactivated, None) in self.shapes:
            raise self._refuse(shape, "sh:deactivated")
        if (shape, RDF.type, RDFS.Class) in self.shapes:
            raise self._refuse(shape, "an implicit class target (a shape that is a class)")

    def _well_formed(self, prop: Node) -> None:
        """Parameters of the kind SHACL asks for, else one line as pyshacl's."""
        for parameter, *_ in CARDINALITIES:
            for count in self.shapes.objects(prop, parameter):
                if not (isinstance(count, Literal) and isinstance(count.value, int)):
                    raise InputError(
                        f"invalid SHACL shapes: {_n3(prop, self.names)}:"
                        f" {_n3(parameter, self.names)} must be an integer, not {count.n3()}"
                    )
        for parameter in IRI_PARAMETERS:
            for value in self.shapes.objects(prop, parameter):
                if not isinstance(value, URIRef):
                    raise InputError(
                        f"invalid SHACL shapes: {_n3(prop, self.names)}:"
                        f" {_n3(parameter, self.names)} must be an IRI, not {value.n3()}"
                    )

    def _severity(self, shape: Node) -> str:
        severity = self.shapes.value(shape, SH.severity, default=SH.Violation)
        return str(severity).rsplit("#", 1)[-1]

    def _targets(self, shape: Node) -> str | None:
        """The SPARQL group giving a node shape's focus nodes (None: it has no target)."""
        subclass = str(RDFS.subClassOf)
        parts = [
            f"{{ ?this a/<{subclass}>* {c.n3()} }}"
            for c in sorted(self.shapes.objects(shape, SH.targetClass), key=str)
        ]
        parts += [
            f"{{ VALUES ?this {{ {n.n3()} }} }}"
            for n in sorted(self.shapes.objects(shape, SH.targetNode), key=str)
        ]
        parts += [
            f"{{ ?this {p.n3()} ?any }}"
            for p in sorted(self.shapes.objects(shape, SH.targetSubjectsOf), key=str)
        ]
        return " UNION ".join(parts) or None

    def _property(self, prop: Node, targets: str) -> list[Check]:
        self._allowed(prop, PROPERTY_PARAMETERS)
        path = self.shapes.value(prop, SH.path)
        if not isinstance(path, URIRef):
            raise self._refuse(prop, "a sh:path that is not a single property")
        if (prop, SH.message, None) in self.shapes:
            raise self._refuse(prop, "sh:message on a property shape")
        severity = self._severity(prop)
        p = path.n3()
        path_n3 = _n3(path, self.names)
        values = f"{{ {targets} }} ?this {p} ?value ."
        checks: list[Check] = []

        def check(constraint: str, select: str, *message: str) -> None:
            checks.append(Check(severity, path, constraint, select, message))

        self._well_formed(prop)
        for parameter, constraint, test, words in CARDINALITIES:
            for count in self.shapes.objects(prop, parameter):
                check(
                    constraint,
                    _counted(targets, p, f"{test} {int(str(count))}"),
                    f"{words} {int(str(count))} values on ",
                    "this",
                    f"->{path_n3}",
                )
        for datatype in self.shapes.objects(prop, SH.datatype):
            well_formed = (
                f" && COALESCE({datatype.n3()}(STR(?value)) = ?value, false)"
                if datatype in CASTABLE
                else ""
            )
            text = f"Value is not Literal with datatype {_n3(datatype, self.names)}"
            check(
                "DatatypeConstraintComponent",
                _select(
                    values,
                    f"FILTER(!(isLiteral(?value) && DATATYPE(?value) = {datatype.n3()}"
                    f"{well_formed}))",
                ),
                text,
            )
        for cls in self.shapes.objects(prop, SH["class"]):
            text = f"Value does not have class {_n3(cls, self.names)}"
            check(
                "ClassConstraintComponent",
                _select(
                    values,
                    f"FILTER NOT EXISTS {{ ?value a/<{RDFS.subClassOf}>* {cls.n3()} }}",
                ),
                text,
            )
        for bound in self.shapes.objects(prop, SH.minInclusive):
            text = f"Value is not >= {_n3(bound, self.names)}"
            check(
                "MinInclusiveConstraintComponent",
                _select(values, f"FILTER(!COALESCE(?value >= {bound.n3()}, false))"),
                text,
            )
        for languages in self.shapes.objects(prop, SH.languageIn):
            tags = [str(tag) for tag in Collection(self.shapes, languages)]
            matches = " || ".join(f"LANGMATCHES(LANG(?value), {Literal(t).n3()})" for t in tags)
            text = f"String language is not in {_list_n3(self.shapes, languages, self.names)}"
            check(
                "LanguageInConstraintComponent",
                _select(values, f"FILTER(!(isLiteral(?value) && ({matches or 'false'})))"),
                text,
            )
        flags = self.shapes.value(prop, SH.flags)
        for pattern in self.shapes.objects(prop, SH.pattern):
            arguments = f"STR(?value), {Literal(str(pattern)).n3()}"
            if flags is not None:
                arguments += f", {Literal(str(flags)).n3()}"
            text = f"Value does not match pattern '{pattern}'"
            check(
                "PatternConstraintComponent",
                _select(values, f"FILTER(isBlank(?value) || !REGEX({arguments}))"),
                text,
            )
        for other in self.shapes.objects(prop, SH.lessThanOrEquals):
            other_n3 = _n3(other, self.names)
            check(
                "LessThanOrEqualsConstraintComponent",
                _select(
                    values,
                    f"?this {other.n3()} ?other . FILTER(!COALESCE(?value <= ?other, false))",
                ),
                "Value of ",
                "this",
                f"->{other_n3} < ",
                "value",
            )
        return checks

    def _sparql(self, constraint: Node, targets: str, severity: str) -> Check:
        self._allowed(constraint, SPARQL_PARAMETERS)
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise self._refuse(constraint, "a SPARQL-based constraint without sh:select")
        prefixes = "".join(
            f"PREFIX {self.shapes.value(d, SH.prefix)}: <{self.shapes.value(d, SH.namespace)}>\n"
            for declarations in self.shapes.objects(constraint, SH.prefixes)
            for d in sorted(self.shapes.objects(declarations, SH.declare), key=str)
        )
        where = re.search(r"\bWHERE\s*\{", str(select), re.IGNORECASE)
        if where is None:
            raise self._refuse(constraint, "a sh:select with no WHERE clause")
        text = str(select)
        query = (
            f"{prefixes}{text[: where.end()]} VALUES ?this {{ {{focus}} }} {text[where.end() :]}"
        )
        return Check(
            severity,
            None,
            "SPARQLConstraintComponent",
            query,
            (str(self.shapes.value(constraint, SH.message) or ""),),
            per_focus=f"SELECT DISTINCT ?this WHERE {{ {targets} }}",
        )


def _select(values: str, condition: str) -> str:
    return f"SELECT DISTINCT ?this ?value WHERE {{ {values} {condition} }}"


def _counted(targets: str, path: str, test: str) -> str:
    return (
        "SELECT ?this WHERE { { SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE "
        f"{{ {{ {targets} }} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this }} "
        f"FILTER(?n {test}) }}"
    )


SOURCE = f"""SELECT ?file ?document ?line WHERE {{{{
  {{node}} <{PROV.wasDerivedFrom}> ?excerpt .
  ?excerpt <{STS.lineStart}> ?line ; <{PROV.hadPrimarySource}> ?document .
  OPTIONAL {{{{ ?document <{STS.sourceFile}> ?file }}}}
}}}} LIMIT 1"""


class Validator:
    """The shapes compiled once; each run loads its data into a fresh engine store."""

    def __init__(self, shapes: Graph) -> None:
        self.checks = Compiler(shapes).checks()
        self.names = bind_prefixes(Graph()).namespace_manager

    def documents(self, documents: Iterable[tuple[Path, bytes]]) -> Report:
        """Validate the union of Turtle *documents* (the ontology among them)."""
        store = WorkingStore()
        for path, data in documents:
            store.load(path, data)
        return self._run(store)

    def graph(self, data: Graph, ontology: Graph) -> Report:
        """Validate *data* with *ontology* mixed in, as the reference does."""
        triples: list[Triple] = [*data, *ontology]
        return self._run(WorkingStore(triples))

    def _run(self, store: WorkingStore) -> Report:
        findings: set[Finding] = set()
        for check in self.checks:
            for row in _rows(store, check):
                findings.add(self._finding(store, check, row))
        return Report(sorted(findings, key=order))

    def _finding(self, store: WorkingStore, check: Check, row: dict[str, Node]) -> Finding:
        focus, value = row["this"], row.get("value")
        subject = value if isinstance(value, URIRef) else focus
        return Finding(
            severity=check.severity,
            focus=str(focus),
            path=self.names.normalizeUri(check.path) if check.path is not None else "",
            constraint=check.constraint,
            message=check.text(row, self.names),
            value=str(value) if value is not None else "",
            source=_source(store, subject) if isinstance(subject, URIRef) else "",
        )


def _rows(store: WorkingStore, check: Check) -> list[dict[str, Node]]:
    """The rows of *check*, each a dict of its bound variables."""
    if check.per_focus is None:
        return store.select(check.select)
    focus_nodes = [row["this"] for row in store.select(check.per_focus) if "this" in row]
    return [
        row
        for node in focus_nodes
        for row in store.select(check.select.replace("{focus}", node.n3()))
    ]


def _source(store: WorkingStore, node: URIRef) -> str:
    """``file:line`` of a territorial resource, or '' where it has none."""
    for row in store.select(SOURCE.format(node=node.n3())):
        return f"{row.get('file', row['document'])}:{row['line']}"
    return ""
