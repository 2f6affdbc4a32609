"""Stage 2: extracted plans and framework → RDF graphs and deterministic Turtle files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from sts_graph.core.durable import write_files
from sts_graph.core.errors import blamed_on
from sts_graph.core.files import display_path
from sts_graph.core.namespaces import IGEO, STS, bind_prefixes, iri
from sts_graph.extract import Framework, Plan
from sts_graph.extract.indicators import INDICATORS
from sts_graph.extract.model import OqosRow, Span, Text
from sts_graph.extract.oqos import ACTIVITE_LABELS
from sts_graph.extract.territories import (
    DEPARTEMENTS,
    REGION_CODE,
    REGION_ISO,
    REGION_NAME,
    iso_code,
)
from sts_graph.extract.titles import TITLE_SIMILARITY, may_match, similarity
from sts_graph.extract.vocab import CONCEPTS, SCHEMES, LabelMatch
from sts_graph.extract.words import shorten
from sts_graph.mapping.framework import to_graph
from sts_graph.mapping.skos import top_concept
from sts_graph.rdf.terms import decimal, fr, integer
from sts_graph.rdf.write import turtle

REGION = iri("region", REGION_CODE)
LABEL_LENGTH = 120  # a label longer than this is shortened at a word; the text stays whole


def source_iri(plan: Plan) -> URIRef:
    return iri("source", plan.departement)


def excerpt(graph: Graph, plan: Plan, span: Span) -> URIRef:
    """The excerpt node for lines *span* of *plan* (``…/source/32#L10-L20``)."""
    node = URIRef(f"{source_iri(plan)}#L{span.start}-L{span.end}")
    graph.add((node, RDF.type, STS.ExtraitDeSource))
    graph.add((node, PROV.hadPrimarySource, source_iri(plan)))
    graph.add((node, STS.lineStart, integer(span.start)))
    graph.add((node, STS.lineEnd, integer(span.end)))
    first, last = plan.page(span.start), plan.page(span.end)
    if first is not None and last is not None:
        graph.add((node, STS.pageStart, integer(first)))
        graph.add((node, STS.pageEnd, integer(last)))
    return node


def territorial(
    graph: Graph, plan: Plan, node: URIRef, kind: URIRef, label: str, span: Span
) -> None:
    """Type, label, plan and provenance of a territorial resource."""
    graph.add((node, RDF.type, kind))
    graph.add((node, RDFS.label, fr(label)))
    graph.add((node, STS.plan, iri("sts", plan.departement)))
    graph.add((node, PROV.wasDerivedFrom, excerpt(graph, plan, span)))


def short(text: str) -> str:
    """The label of a resource whose text is long: shortened at a word (the text stays whole)."""
    return shorten(text, LABEL_LENGTH)


def add_text(graph: Graph, node: URIRef, prop: URIRef, text: Text | None) -> None:
    if text is not None:
        graph.add((node, prop, fr(text.text)))


def add_labels(graph: Graph, node: URIRef, matches: Iterable[LabelMatch]) -> None:
    """Links to thèmes and parcours, filed by the vocabulary each concept belongs to."""
    for match in matches:
        concept = match.concept
        prop = STS.theme if concept.scheme == "theme" else STS.parcours
        graph.add((node, prop, iri(concept.scheme, concept.slug)))
        graph.add((node, STS.printedLabel, Literal(match.printed)))


def framework_graph(framework: Framework) -> Graph:
    """The regional scheme (the reference framework) and the territories."""
    g = to_graph(framework)
    g.add((REGION, RDF.type, STS.Region))
    g.add((REGION, RDFS.label, fr(REGION_NAME)))
    g.add((REGION, IGEO.codeINSEE, Literal(REGION_CODE)))
    g.add((REGION, STS.iso3166Code, Literal(REGION_ISO)))
    for code, name in DEPARTEMENTS.items():
        node = iri("departement", code)
        g.add((node, RDF.type, STS.Departement))
        g.add((node, RDFS.label, fr(name)))
        g.add((node, IGEO.codeINSEE, Literal(code)))
        g.add((node, STS.iso3166Code, Literal(iso_code(code))))
        g.add((node, STS.inRegion, REGION))
    return g


def vocabularies_graph() -> Graph:
    """The concept schemes of thèmes and parcours."""
    g = bind_prefixes(Graph())
    for scheme, label in SCHEMES.items():
        node = iri(scheme)
        g.add((node, RDF.type, SKOS.ConceptScheme))
        g.add((node, SKOS.prefLabel, fr(f"{label} du Projet régional de santé Occitanie")))
    activites = iri("activite")
    g.add((activites, RDF.type, SKOS.ConceptScheme))
    g.add(
        (activites, SKOS.prefLabel, fr("Activités de soins et équipements soumis à autorisation"))
    )
    for slug, label in ACTIVITE_LABELS.items():
        node = iri("activite", slug)
        g.add((node, RDF.type, STS.ActiviteDeSoins))
        g.add((node, SKOS.prefLabel, fr(label)))
        top_concept(g, activites, node)
    indicators = iri("indicateur")
    g.add((indicators, RDF.type, SKOS.ConceptScheme))
    g.add(
        (indicators, SKOS.prefLabel, fr("Indicateurs « Data repère » des diagnostics territoriaux"))
    )
    for indicator in INDICATORS:
        node = iri("indicateur", indicator.notation)
        g.add((node, RDF.type, STS.IndicateurRepere))
        g.add((node, SKOS.notation, Literal(indicator.notation)))
        g.add((node, SKOS.prefLabel, fr(indicator.label)))
        g.add((node, SKOS.prefLabel, Literal(indicator.label_en, lang="en")))
        g.add((node, STS.indicatorUnit, Literal(indicator.unit)))
        top_concept(g, indicators, node)
    for c in CONCEPTS:
        node = iri(c.scheme, c.slug)
        g.add((node, RDF.type, STS.Theme if c.scheme == "theme" else STS.Parcours))
        g.add((node, SKOS.prefLabel, fr(c.label)))
        top_concept(g, iri(c.scheme), node)
    return g


def matching_defi(text: str, framework: Framework) -> str | None:
    """The regional défi whose title a CTS défi repeats, if one does."""
    printed = text.rstrip(" .;")
    scores = [
        (similarity(printed, concept.label), code)
        for code, concept in framework.defis.items()
        if may_match(printed, concept.label)
    ]
    best = max(scores, default=(0.0, None))
    return best[1] if best[0] >= TITLE_SIMILARITY else None


def plan_graph(plan: Plan, framework: Framework) -> Graph:
    """One département's plan: its défi and objectif pages with everything they state."""
    g = bind_prefixes(Graph())
    dep, sts = plan.departement, iri("sts", plan.departement)
    source = source_iri(plan)
    g.add((source, RDF.type, STS.DocumentSource))
    g.add(
        (
            source,
            DCTERMS.title,
            fr(f"Schéma territorial de santé {DEPARTEMENTS.get(dep, dep)} 2023-2028"),
        )
    )
    g.add((source, STS.sourceFile, Literal(display_path(plan.path))))
    if plan.pdf is not None:
        g.add((source, STS.sourcePdf, Literal(display_path(plan.pdf))))
    g.add((sts, RDF.type, STS.SchemaTerritorialDeSante))
    g.add((sts, RDFS.label, fr(f"Schéma territorial de santé {DEPARTEMENTS.get(dep, dep)}")))
    g.add((sts, STS.territory, iri("departement", dep)))
    g.add((sts, PROV.wasDerivedFrom, excerpt(g, plan, Span(1, plan.line_count))))
    defi_nodes = {}
    for position, defi in enumerate(plan.defis, 1):
        node = iri("sts", dep, "defi", defi.name)
        defi_nodes[id(defi)] = node
        territorial(g, plan, node, STS.DefiTerritorial, defi.title, defi.span)
        g.add((node, STS.position, integer(position)))
        if defi.code:
            g.add((node, STS.declines, iri("defi", defi.code)))
        add_text(g, node, STS.enjeux, defi.enjeux)
        for listed in defi.listed:
            g.add((node, STS.listedObjectif, fr(listed.text)))
        add_labels(g, node, [*defi.themes, *defi.parcours])
    for position, obj in enumerate(plan.objectifs, 1):
        node = iri("sts", dep, "objectif", obj.name)
        territorial(g, plan, node, STS.ObjectifTerritorial, obj.title, obj.span)
        g.add((node, STS.position, integer(position)))
        if obj.code:
            g.add((node, STS.declines, iri("objectif", obj.code)))
        if obj.printed_code:
            g.add((node, STS.printedCode, Literal(obj.printed_code)))
        if obj.defi is not None and obj.defi.code == obj.defi_code:
            g.add((node, STS.territorialDefi, defi_nodes[id(obj.defi)]))
        add_text(g, node, STS.constats, obj.constats)
        for prop, link, kind, items in (
            (STS.enonceObjectif, STS.hasEnonceItem, "enonce", obj.objectif),
            (STS.resultatsAttendus, STS.hasResultatAttendu, "resultat", obj.resultats),
        ):
            if items:
                g.add((node, prop, fr("\n".join(item.text for item in items))))
            for rank, item in enumerate(items, 1):
                child = URIRef(f"{node}/{kind}/{rank}")
                territorial(g, plan, child, STS.ElementDeListe, short(item.text), item.span)
                g.add((child, STS.text, fr(item.text)))
                g.add((child, STS.position, integer(rank)))
                g.add((node, link, child))
        add_labels(g, node, [*obj.themes, *obj.parcours])
        for rank, action in enumerate(obj.actions, 1):
            child = URIRef(f"{node}/action/{rank}")
            territorial(g, plan, child, STS.Action, short(action.text), action.span)
            g.add((child, STS.text, fr(action.text)))
            g.add((child, STS.position, integer(rank)))
            g.add((node, STS.hasAction, child))
        for rank, figure in enumerate(obj.chiffres, 1):
            child = URIRef(f"{node}/chiffre-cle/{rank}")
            text = figure.text
            territorial(g, plan, child, STS.ChiffreCle, short(text.text), text.span)
            g.add((child, STS.text, fr(text.text)))
            if figure.source:
                g.add((child, STS.sourceNote, fr(figure.source.text)))
            g.add((node, STS.hasChiffreCle, child))
    add_diagnostic(g, plan, framework)
    add_oqos_tables(g, plan)
    ranks: dict[str, int] = {}
    for row in plan.oqos:
        ranks[row.activite] = ranks.get(row.activite, 0) + 1
        add_oqos(g, plan, ranks[row.activite], row)
    return g


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
        what = " et ".join(label for _cls, label in kinds)
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
    name = row.label or row.group or ACTIVITE_LABELS[row.activite]
    territorial(
        g,
        plan,
        node,
        STS.ObjectifQuantitatif,
        f"{ACTIVITE_LABELS[row.activite]} — {name}",
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
    table = iri("sts", plan.departement, "oqos-tableau", str(row.table))
    g.add((node, STS.inTable, table))
    kinds = [(cls, label) for cls, label, columns in TABLE_KINDS if columns & set(row.columns)]
    for cls, _label in kinds:
        g.add((table, RDF.type, cls))
    what = " et ".join(label for _cls, label in kinds) or "sans colonne de valeur"
    g.add((table, RDFS.label, fr(f"Tableau {row.table} des objectifs quantitatifs : {what}")))
    g.add((table, STS.plan, iri("sts", plan.departement)))
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


def add_diagnostic(g: Graph, plan: Plan, framework: Framework) -> None:
    """Counts of dispositifs, indicators, CTS défis, CNR proposals and citizens' quotes."""
    dep = plan.departement
    territory = iri("departement", dep)
    for rank, c in enumerate(plan.counts, 1):
        node = iri("sts", dep, "denombrement", str(rank))
        territorial(g, plan, node, STS.Denombrement, c.printed, Span(c.line, c.line))
        g.add((node, STS.territory, territory))
        g.add((node, STS.dispositifType, STS[c.dispositif]))
        g.add((node, STS["count"], integer(c.count)))
    for rank, ind in enumerate(plan.indicators, 1):
        node = iri("sts", dep, "indicateur", str(rank))
        territorial(g, plan, node, STS.Indicateur, ind.label, ind.span)
        g.add((node, STS.territory, territory))
        g.add((node, STS.value, decimal(ind.value)))
        if concept := ind.measures:
            g.add((node, STS.measures, iri("indicateur", concept.notation)))
        if ind.unit:
            g.add((node, STS.unit, Literal(ind.unit)))
        for prop, value in ((STS.valueOccitanie, ind.occitanie), (STS.valueFrance, ind.france)):
            if value is not None:
                g.add((node, prop, decimal(value)))
    for kind, cls, texts in (
        ("defi-cts", STS.DefiCTS, plan.cts_defis),
        ("parole", STS.ParoleCitoyenne, plan.quotes),
    ):
        for rank, text in enumerate(texts, 1):
            node = iri("sts", dep, kind, str(rank))
            territorial(g, plan, node, cls, short(text.text), text.span)
            g.add((node, STS.text, fr(text.text)))
            g.add((node, STS.position, integer(rank)))
            if cls == STS.DefiCTS and (code := matching_defi(text.text, framework)):
                g.add((node, STS.correspondsTo, iri("defi", code)))
    for rank, proposal in enumerate(plan.cnr, 1):
        node = iri("sts", dep, "proposition-cnr", str(rank))
        territorial(
            g,
            plan,
            node,
            STS.PropositionCNR,
            short(proposal.text.text),
            proposal.text.span,
        )
        g.add((node, STS.text, fr(proposal.text.text)))
        g.add((node, STS.position, integer(rank)))
        if proposal.axis:
            g.add((node, STS.axis, Literal(proposal.axis)))


def shared_graphs(framework: Framework) -> dict[str, Graph]:
    """File name → graph, for the files every plan links to: framework and vocabularies."""
    return {"framework.ttl": framework_graph(framework), "vocabularies.ttl": vocabularies_graph()}


def graphs(plans: list[Plan], framework: Framework) -> dict[str, Graph]:
    """File name → graph, for every Turtle file of ``data/turtle/``."""
    out = shared_graphs(framework)
    for plan in plans:
        with blamed_on(plan.name):
            out[f"{plan.path.stem}.ttl"] = plan_graph(plan, framework)
    return out


def write(plans: list[Plan], framework: Framework, out_dir: Path) -> dict[Path, Graph]:
    """Write every Turtle file once all are serialised; files of plans no longer present
    are removed. Returns each file written with the graph it holds."""
    written = {out_dir / name: graph for name, graph in graphs(plans, framework).items()}
    texts = {path: turtle(graph) for path, graph in written.items()}
    write_files(texts, sorted(set(out_dir.glob("*.ttl")) - set(texts)))
    return written
