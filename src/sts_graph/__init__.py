"""sts-graph: the knowledge graph of the schémas territoriaux de santé of Occitanie."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sts-graph")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"
