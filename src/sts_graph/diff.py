"""Two revisions of the graph compared: what was added, removed and changed.

A revision is a folder of Turtle files (``data/turtle/`` as a build writes it), a
release (``sts-graph release``: its checksums verified, then its dump read), a
dataset file (a dump: N-Quads, TriG, Turtle, N-Triples), or one plan's text or PDF
(two versions of a plan compared). Only the plans' and the framework's resources
are compared (IRIs under ``id/``), by their IRIs: a reworded title is the same
objectif, changed; an action added at the end of « En pratique » is added; an
objectif the agency renumbered is one row, ``renumbered``, from its former IRI to
its new one, and what it holds is compared under the new IRI. Where
each fact was printed (lines, pages, the source excerpts) and what is computed from
the facts (the search keys, the OWL RL closure's graph) are left out: a line
inserted above does not change a fact.

Each change is one row: its département (empty for the framework), the kind of
resource (the last kind its IRI names: ``action`` in ``sts/09/objectif/E1D3O7/
action/3``), ``added``, ``removed``, ``changed`` or ``renumbered``, the resource, and
for a change the property with its old and new values. A link from a resource to a child that
was added or removed (``sts:hasAction``) is that child's row, not a change of the
parent. The rows are printed as a table, CSV or JSON, or written as an RDF change
set (:func:`change_set`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rdflib.namespace import DCTERMS, RDFS, SKOS

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path
from sts_graph.core.namespaces import GRAPH_INFERRED, ID, PREFIXES, STS, curie
from sts_graph.core.releases import CHANGE_KINDS, verify
from sts_graph.publish.dumps import DATASET_DUMPS
from sts_graph.publish.paths import DUMPS_PATH
from sts_graph.rdf.formats import BY_EXTENSION, engine_format, syntax_error

PROV = PREFIXES["prov"]
LEFT_OUT = frozenset(  # where a fact was printed, and what is computed from it
    {
        f"{PROV}wasDerivedFrom",
        f"{PROV}hadPrimarySource",
        str(STS.lineStart),
        str(STS.lineEnd),
        str(STS.pageStart),
        str(STS.pageEnd),
        str(STS.sourcePdf),
        str(STS.printedIn),
        str(STS.searchKey),
    }
)
SOURCES = str(ID["source/"])  # the excerpts a fact was read from
PLAN_SUFFIXES = (".txt", ".pdf")  # a plan, read as extract reads it
RELEASE_DUMP = f"{DUMPS_PATH}/{DATASET_DUMPS['nquads']}"  # a release's whole dataset
TWO_IDS = ("oqos",)  # kinds whose IRIs name two identifiers: oqos/<activité>/<rank>

Facts = dict[str, dict[str, frozenset[Any]]]  # resource → property → pyoxigraph terms
Values = tuple[tuple[str, Any], ...]  # (property, term) pairs


@dataclass(frozen=True, order=True)
class Change:
    """One row of a comparison: what a table, CSV or JSON shows, and the statements
    removed and added (for the RDF change set)."""

    departement: str
    kind: str
    resource: str  # the IRI after ``id/``
    change: str  # one of CHANGE_KINDS: "added", "removed", "changed", "renumbered"
    property: str = ""  # a CURIE
    old: str = ""
    new: str = ""
    removals: Values = field(default=(), compare=False, repr=False)
    additions: Values = field(default=(), compare=False, repr=False)


COLUMNS = ("departement", "kind", "resource", "change", "property", "old", "new")


def read(path: Path) -> Facts:
    """The compared facts of the revision at *path*: a folder of Turtle, a release
    (its files verified first), a dataset file, or one plan (``NN-name.txt`` or
    ``.pdf``, read as ``extract`` reads it)."""
    sources: list[tuple[Path, IO[bytes] | None, str]]
    if path.suffix in PLAN_SUFFIXES:
        sources = [(path, io.BytesIO(plan_as_turtle(path)), "turtle")]
    elif (path / RELEASE_DUMP).is_file():  # a release: its files checked first
        verify(path)
        sources = [(path / RELEASE_DUMP, None, "nquads")]
    else:
        files = sorted(path.glob("*.ttl")) if path.is_dir() else [path]
        if not files:
            raise InputError(f"{display_path(path)}: no Turtle file (*.ttl) to compare")
        sources = [(file, None, _format(file)) for file in files]
    facts: Facts = defaultdict(lambda: defaultdict(frozenset))
    for file, data, fmt in sources:
        for subject, predicate, value in _triples(file, data, fmt):
            ours = subject.startswith(str(ID)) and not subject.startswith(SOURCES)
            if ours and predicate not in LEFT_OUT:
                facts[subject][predicate] |= {value}
    return facts


def _format(path: Path) -> str:
    fmt = BY_EXTENSION.get(path.suffix.lstrip("."))
    if fmt is None:
        known = ", ".join([*(f".{e}" for e in BY_EXTENSION), *PLAN_SUFFIXES])
        raise InputError(f"{display_path(path)}: not a plan or an RDF file this reads ({known})")
    return fmt.name


def plan_as_turtle(path: Path) -> bytes:
    """The Turtle of the one plan at *path*, read alone."""
    from sts_graph.extract import extract
    from sts_graph.mapping import plan_graph, turtle

    if not path.is_file():
        raise InputError(f"{display_path(path)}: no such plan")
    with tempfile.TemporaryDirectory(prefix="sts-diff-") as folder:
        shutil.copy(path, Path(folder) / path.name)
        (plan,), framework = extract(Path(folder))
        return turtle(plan_graph(plan, framework)).encode()


def _triples(path: Path, data: IO[bytes] | None, fmt: str) -> Iterator[tuple[str, str, Any]]:
    """The triples of *path* (or of *data* read from it): subject and predicate IRIs,
    and the object's term; the inferred graph of a dump and blank nodes left out."""
    import pyoxigraph as ox

    try:
        with data or path.open("rb") as handle:
            for statement in ox.parse(handle, engine_format(fmt)):
                graph = getattr(statement, "graph_name", None)
                if isinstance(graph, ox.NamedNode) and graph.value == str(GRAPH_INFERRED):
                    continue
                subject, predicate, value = statement.subject, statement.predicate, statement.object
                if isinstance(subject, ox.NamedNode) and not isinstance(value, ox.BlankNode):
                    yield subject.value, predicate.value, value
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read: {error.strerror or error}") from None


def _value(term: Any) -> str:
    """A term as a reader sees it: its IRI or lexical form, a language tag after ``@``."""
    language = getattr(term, "language", None)
    return f"{term.value}@{language}" if language else term.value


def renumbered(old: Facts, new: Facts) -> dict[str, str]:
    """The objectifs whose code changed (the agency renumbered them): an objectif of
    the framework, or of one plan, gone from *old* while one of the same title came in
    *new*, the only one there; old IRI → new IRI."""
    came: dict[tuple[str, frozenset[str]], list[str]] = defaultdict(list)
    for resource in set(new) - set(old):
        if _is_objectif(resource) and (titled := _titled(resource, new))[1]:
            came[titled].append(resource)
    moves = {}
    for resource in set(old) - set(new):
        if _is_objectif(resource) and (titled := _titled(resource, old))[1]:
            match = came.get(titled, [])
            if len(match) == 1:
                moves[resource] = match[0]
    return moves


def _is_objectif(resource: str) -> bool:
    """``…/objectif/E1D3O7`` or ``…/sts/32/objectif/E1D3O7``: an objectif, not a part of one."""
    parts = resource.removeprefix(str(ID)).split("/")
    return parts[-2:-1] == ["objectif"] and len(parts) in (2, 4)


def _titled(resource: str, facts: Facts) -> tuple[str, frozenset[str]]:
    """Where an objectif is (the framework, or a plan) and its titles."""
    where = "/".join(resource.removeprefix(str(ID)).split("/")[:-2])  # "" or "sts/32"
    titles = (facts[resource].get(str(p), frozenset()) for p in (RDFS.label, SKOS.prefLabel))
    return where, frozenset(_value(t) for t in frozenset().union(*titles))


def _moved(facts: Facts, moves: dict[str, str]) -> Facts:
    """*facts* with each renumbered objectif, and each of its parts, under its new IRI."""
    import pyoxigraph as ox

    def move(resource: str) -> str:
        for before, after in moves.items():
            if resource == before or resource.startswith(before + "/"):
                return after + resource[len(before) :]
        return resource

    def term(value: Any) -> Any:
        return ox.NamedNode(move(value.value)) if isinstance(value, ox.NamedNode) else value

    return {
        move(resource): {p: frozenset(map(term, values)) for p, values in properties.items()}
        for resource, properties in facts.items()
    }


def compare(old: Facts, new: Facts) -> list[Change]:
    """The changes from *old* to *new*, sorted by département, kind and resource; an
    objectif renumbered (:func:`renumbered`) is one row, ``dcterms:replaces`` its
    former IRI, and its parts are compared under its new IRI."""
    import pyoxigraph as ox

    moves = renumbered(old, new)
    old = _moved(old, moves)
    added, removed = set(new) - set(old), set(old) - set(new)
    out = [
        _row(
            after,
            "renumbered",
            curie(str(DCTERMS.replaces)),
            before.removeprefix(str(ID)),
            after.removeprefix(str(ID)),
            additions=((str(DCTERMS.replaces), ox.NamedNode(before)),),
        )
        for before, after in moves.items()
    ]
    out += [_row(iri, "added", additions=_all(new[iri])) for iri in added]
    out += [_row(iri, "removed", removals=_all(old[iri])) for iri in removed]
    children = added | removed
    for iri in set(old) & set(new):
        for prop in sorted(set(old[iri]) | set(new[iri])):
            before, after = old[iri].get(prop, frozenset()), new[iri].get(prop, frozenset())
            if before == after or {t.value for t in before ^ after} <= children:
                continue
            gone, came = before - after, after - before
            out.append(
                _row(
                    iri,
                    "changed",
                    curie(prop),
                    _joined(map(_value, gone)),
                    _joined(map(_value, came)),
                    tuple((prop, t) for t in sorted(gone, key=str)),
                    tuple((prop, t) for t in sorted(came, key=str)),
                )
            )
    return sorted(out)


def _all(facts: dict[str, frozenset[Any]]) -> Values:
    return tuple((p, t) for p in sorted(facts) for t in sorted(facts[p], key=str))


def _row(
    iri: str,
    change: str,
    prop: str = "",
    old: str = "",
    new: str = "",
    removals: Values = (),
    additions: Values = (),
) -> Change:
    path = iri.removeprefix(str(ID))
    parts = path.split("/")
    if parts[0] == "sts" and len(parts) > 1:  # sts/09/objectif/E1D3O7/action/3
        within = parts[2:]  # kinds and identifiers in turn; an OQOS row has two of these
        if not within:
            kind = "plan"
        elif within[0] in TWO_IDS:
            kind = within[0]
        else:
            kind = within[-2] if len(within) % 2 == 0 else within[-1]
        return Change(parts[1], kind, path, change, prop, old, new, removals, additions)
    return Change("", parts[0], path, change, prop, old, new, removals, additions)


def _joined(values: Iterable[str]) -> str:
    return " ; ".join(sorted(values))


def render(changes: list[Change], fmt: str) -> str:
    """*changes* as a table (one line each, long values cut), CSV, JSON or Turtle (the
    RDF change set, :func:`change_set`)."""
    if fmt == "turtle":
        return change_set(changes)
    rows = [{column: getattr(change, column) for column in COLUMNS} for change in changes]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    lines = [
        "\t".join(
            [c.departement or "—", c.kind, c.change, c.resource, c.property]
            + ([" → ".join(_where_they_differ(c.old, c.new))] if c.change == "changed" else [])
            + ([f"{c.old} → {c.new}"] if c.change == "renumbered" else [])
        )
        for c in changes
    ]
    counts = Counter(c.change for c in changes)
    summary = ", ".join(f"{counts[k]} {k}" for k in CHANGE_KINDS if counts[k])
    return "\n".join([*lines, summary or "no change"]) + "\n"


def _where_they_differ(old: str, new: str, limit: int = 60) -> tuple[str, str]:
    """*old* and *new* on one line each, from a little before where they differ, cut
    at *limit* characters: « …santé, notamment pour… » → « …santé, en particulier… »."""
    old, new = " ".join(old.split()), " ".join(new.split())
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), 0)
    start = max(0, same - 15)

    def clipped(text: str) -> str:
        shown = (
            text[start:] if len(text) - start <= limit else text[start : start + limit - 1] + "…"
        )
        return ("…" if start else "") + shown

    return clipped(old), clipped(new)


CHANGESET = "http://purl.org/vocab/changeset/schema#"  # Talis' Changeset vocabulary


def change_set(changes: list[Change]) -> str:
    """*changes* as RDF a researcher can query, in the Changeset vocabulary: one
    ``cs:ChangeSet`` a row (``cs:subjectOfChange`` the resource, ``cs:changeReason``
    « added », « removed » or « changed »), each statement removed or added reified
    (``cs:removal``, ``cs:addition``: an ``rdf:Statement``); the IRIs of rows and
    statements are made from what they say, so the same changes give the same bytes."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    from sts_graph.rdf.terms import from_oxigraph
    from sts_graph.rdf.write import turtle

    cs = Namespace(CHANGESET)
    graph = Graph()
    for change in changes:
        subject = ID[change.resource]
        row = ID[f"change/{_digest(change)}"]
        graph.add((row, RDF.type, cs.ChangeSet))
        graph.add((row, cs.subjectOfChange, subject))
        graph.add((row, cs.changeReason, Literal(change.change)))
        for link, values in ((cs.removal, change.removals), (cs.addition, change.additions)):
            for rank, (prop, term) in enumerate(values, 1):
                statement = URIRef(f"{row}/{link.fragment}/{rank}")
                graph.add((row, link, statement))
                graph.add((statement, RDF.type, RDF.Statement))
                graph.add((statement, RDF.subject, subject))
                graph.add((statement, RDF.predicate, URIRef(prop)))
                graph.add((statement, RDF.object, from_oxigraph(term)))
    return turtle(graph)


def _digest(change: Change) -> str:
    said = "\n".join(
        [change.resource, change.change, change.property]
        + [f"{p} {t}" for p, t in (*change.removals, *change.additions)]
    )
    return hashlib.sha256(said.encode()).hexdigest()[:16]
