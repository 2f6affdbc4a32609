"""The site's full-text search: an index of the resources a reader looks for,
written at publish time (``recherche.json``) for MiniSearch to load in the
browser; ``/recherche`` asks it, offline."""

from __future__ import annotations

import json

from rdflib.namespace import RDFS

from sts_graph.core.namespaces import STS
from sts_graph.publish.model import SiteGraph
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.render import Site

SEARCH_PATH = INDEX_PATHS["search"]
INDEX_FILE = f"{SEARCH_PATH}.json"
# class → the kind a hit shows, in the order the kinds are listed
SEARCHED = {
    STS.ObjectifOperationnel: "objectif opérationnel (cadre régional)",
    STS.Defi: "défi (cadre régional)",
    STS.ObjectifTerritorial: "objectif territorial",
    STS.DefiTerritorial: "défi territorial",
    STS.Action: "action « En pratique »",
    STS.ChiffreCle: "chiffre-clé",
    STS.DefiCTS: "défi du CTS",
    STS.PropositionCNR: "proposition du CNR",
    STS.ParoleCitoyenne: "parole citoyenne",
    STS.ActiviteDeSoins: "activité de soins (OQOS)",
    STS.ObjectifQuantitatif: "objectif quantitatif (OQOS)",
    STS.Denombrement: "dispositif",
}


# the text searched beside the title: the first of these a resource has
TEXTS = (STS.text, STS.enonceObjectif, STS.enjeux, STS.constats, RDFS.comment)


def documents(graph: SiteGraph) -> list[dict[str, str]]:
    """One document per resource of a searched class that has a page: its link,
    title, text, kind and département."""
    out = []
    for cls, kind in SEARCHED.items():
        for node in sorted(graph.instances(cls), key=str):
            href = graph.href(node, "")
            if href is None:
                continue
            texts = (graph.value(node, p) for p in TEXTS)
            text = next((t for t in texts if t is not None), None)
            departement = graph.departement(node)
            out.append(
                {
                    "id": href,
                    "t": graph.label(node),
                    "x": str(text) if text is not None else "",
                    "k": kind,
                    "d": graph.base_label(departement) if departement is not None else "",
                }
            )
    return out


def search_page(graph: SiteGraph, site: Site) -> int:
    """Write the index and the ``/recherche`` page; return how many documents it holds."""
    found = documents(graph)
    site.write(INDEX_FILE, json.dumps(found, ensure_ascii=False, separators=(",", ":")))
    site.page(
        SEARCH_PATH,
        "search.html",
        "Rechercher dans les schémas",
        kinds=list(SEARCHED.values()),
        size=len(found),
        index_file=INDEX_FILE,
    )
    return len(found)
