"""The objectifs quantitatifs de l'offre de soins: each table (the bilan of the existing
offer, the targets, or both) and each of its rows."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from sts_graph.core.namespaces import STS, iri
from sts_graph.extract import Plan
from sts_graph.extract.model import OqosRow, Span
from sts_graph.extract.vocabularies import vocabularies
from sts_graph.mapping.common import (
    territorial,
)
from sts_graph.rdf.terms import integer

EXISTING_DATE = Literal("2023-06-01", datatype=XSD.date)

TABLE_KINDS = (  # a table's kinds, by the value columns it prints
    (
        STS.TableauBilan,
        "bilan de l'existant au 01/06/2023 selon les modalités antérieures à la réforme",
        {"existant", "implantations", "appareils", "hc", "htp"},
    ),
    (STS.TableauCibles, "cibles selon les modalités de la réforme des autorisations", {"cible"}),
)


def count(text: str | None) -> Literal | None:
    """A printed count as an integer (``-`` and blanks: none)."""
    if text is None or not text.strip().isdigit():
        return None
    return integer(int(text))


def table_iri(plan: Plan, rank: int) -> URIRef:
    return iri("sts", plan.departement, "oqos-tableau", str(rank))


def add_oqos_tables(g: Graph, plan: Plan) -> None:
    """The OQOS tables: each the bilan of the existing offer, the targets, or both, by
    the value columns it prints, over the lines of its rows."""
    tables: dict[int, list[OqosRow]] = {}
    for row in plan.oqos:
        tables.setdefault(row.table, []).append(row)
    for rank, rows in tables.items():
        kinds = [
            (cls, label) for cls, label, columns in TABLE_KINDS if columns & set(rows[0].columns)
        ]
        what = " et ".join(label for _cls, label in kinds) or "sans colonne de valeur"
        span = Span(min(r.span.start for r in rows), max(r.span.end for r in rows))
        node = table_iri(plan, rank)
        territorial(
            g,
            plan,
            node,
            STS.TableauOQOS,
            f"Tableau {rank} des objectifs quantitatifs : {what}",
            span,
        )
        for cls, _label in kinds:
            g.add((node, RDF.type, cls))


def add_oqos(g: Graph, plan: Plan, rank: int, row: OqosRow) -> None:
    """One OQOS row: activité, zone, modalité/mention, existing count and target range."""
    node = iri("sts", plan.departement, "oqos", row.activite, str(rank))
    name = row.label or row.group or vocabularies().activite_label(row.activite)
    territorial(
        g,
        plan,
        node,
        STS.ObjectifQuantitatif,
        f"{vocabularies().activite_label(row.activite)} — {name}",
        row.span,
    )
    g.add((node, STS.activite, iri("activite", row.activite)))
    g.add((node, STS.position, integer(rank)))
    if row.zone:
        g.add((node, STS.zone, Literal(row.zone)))
    if row.mention:
        g.add((node, STS.mention, Literal(row.label)))
        if row.group:
            g.add((node, STS.modalite, Literal(row.group)))
    else:
        if row.label:
            g.add((node, STS.modalite, Literal(row.label)))
        if row.group:
            g.add((node, STS.modaliteGroup, Literal(row.group)))
    g.add((node, STS.inTable, table_iri(plan, row.table)))  # the table: add_oqos_tables
    for prop, text in (
        (STS.existing, row.existant),
        (STS.implantations, row.implantations),
        (STS.appareils, row.appareils),
        (STS.existingHC, row.hc),
        (STS.existingHTP, row.htp),
    ):
        if (value := count(text)) is not None:
            g.add((node, prop, value))
    if any(v is not None for v in (row.existant, row.implantations, row.hc, row.htp)):
        g.add((node, STS.existingDate, EXISTING_DATE))
    if row.cible is not None:
        g.add((node, STS.targetText, Literal(row.cible)))
        low, high = row.target_range
        if low is not None and high is not None:
            g.add((node, STS.targetMin, integer(low)))
            g.add((node, STS.targetMax, integer(high)))
    for note in row.notes:
        g.add((node, STS.note, Literal(f"renvoi {note}")))
