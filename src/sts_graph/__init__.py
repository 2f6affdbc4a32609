"""sts-graph: the knowledge graph of the schémas territoriaux de santé of Occitanie.

The entry points the README uses, imported when first named (so that the command
line starts without them)::

    from sts_graph import build_all, committed_store, run, dataframe
"""

from importlib import import_module
from typing import Any

_API = {  # name → the module that defines it
    "build_all": "sts_graph.pipeline",
    "committed_store": "sts_graph.reason.dataset",
    "new_store": "sts_graph.rdf.store",
    "run": "sts_graph.query",
    "saved": "sts_graph.query",
    "find": "sts_graph.query",
    "dataframe": "sts_graph.query.results",
    "warm_store": "sts_graph.query.warm",
    "EndpointStore": "sts_graph.endpoint",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # importlib.metadata costs a command's start 15 ms
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("sts-graph")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0.0.0"
    if name not in _API:
        raise AttributeError(f"module 'sts_graph' has no attribute {name!r}")
    return getattr(import_module(_API[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)
