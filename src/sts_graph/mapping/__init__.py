"""Stage 2: extracted plans and framework → RDF graphs and deterministic Turtle files.

One generator a part: a plan's pages (:mod:`.pages`), its diagnostic
(:mod:`.diagnostic`) and OQOS tables (:mod:`.oqos`), the framework and territories
(:mod:`.framework`), the vocabularies (:mod:`.vocabularies`), sharing
:mod:`.common`."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from sts_graph.core.durable import write_files
from sts_graph.core.errors import blamed_on
from sts_graph.extract import Framework, Plan
from sts_graph.mapping.framework import framework_graph
from sts_graph.mapping.pages import plan_graph
from sts_graph.mapping.vocabularies import vocabularies_graph
from sts_graph.rdf.write import turtle


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
