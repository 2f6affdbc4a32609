"""A page per saved question (the question, its SPARQL, its answer as a table, CSV
and JSON, a link to run it in ``/sparql``), and the ``/sparql`` page itself."""

from __future__ import annotations

import json

from markupsafe import Markup
from rdflib.term import Node

from sts_graph.publish.model import SiteGraph, Value
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.render import Site, root_of
from sts_graph.query import binding_spec, run, saved
from sts_graph.query.results import to_csv, to_json
from sts_graph.rdf.answers import Term
from sts_graph.rdf.store import Store
from sts_graph.rdf.terms import from_answer

QUERIES_PATH = INDEX_PATHS["queries"]
SPARQL_PATH = INDEX_PATHS["sparql"]


def query_pages(store: Store, graph: SiteGraph, site: Site) -> int:
    """Run every saved query with its default parameters; write its page, its ``.rq``
    and its answer as W3C SPARQL CSV and JSON."""
    listed = []
    for query in saved():
        path = f"{QUERIES_PATH}/{query.name}"
        root = root_of(path)
        rows = run(store, query.name)
        table = [[_cell(graph, v, root) for v in row] for row in rows]
        site.write(f"{path}.rq", query.text)
        site.write(f"{path}.csv", to_csv(rows))
        site.write(f"{path}.json", to_json(rows))
        site.page(
            path,
            "query.html",
            query.name,
            query=query,
            rq=f"{query.name}.rq",
            columns=rows.columns,
            table=table,
        )
        listed.append((query, len(rows)))
    site.page(QUERIES_PATH, "queries.html", "Questions posées au graphe", queries=listed)
    return len(listed)


def sparql_page(site: Site) -> None:
    """``/sparql``: the editor, with every saved query and its parameters to choose from."""
    queries = [
        {
            "name": q.name,
            "question": q.question,
            "params": [
                {"name": p.name, "type": p.type, "default": p.default, "help": p.help}
                for p in q.params
            ],
            "text": q.text,
            "binding": binding_spec(q),
        }
        for q in saved()
    ]
    data = json.dumps(queries, ensure_ascii=False).replace("</", "<\\/")  # stays in its script
    site.page(
        SPARQL_PATH,
        "sparql.html",
        "Interroger le graphe en SPARQL",
        queries=queries,
        queries_json=Markup(data),
        default_query=queries[0]["text"] if queries else "",
    )


def records(store: Store, name: str) -> list[dict[str, Node | None]]:
    """The rows of the saved question *name* asked of *store*, each a record of
    rdflib terms, as the site's model takes them."""
    answer = run(store, name)
    return [
        {column: from_answer(term) for column, term in zip(answer.columns, row, strict=True)}
        for row in answer
    ]


def _cell(graph: SiteGraph, term: Term | None, root: str) -> Value:
    node = from_answer(term)
    return Value("") if node is None else graph.show(node, root)
