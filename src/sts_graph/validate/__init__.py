"""Stage 3: SHACL validation of the data against the shapes, with a readable report.

Two engines give the same report: the native one (:mod:`.native`, the shapes compiled
to SPARQL and run by the RDF engine; the default) and pyshacl (:mod:`.reference`, the
reference the tests compare it with, and the engine of shapes the native one refuses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the command line names is imported without rdflib
    from rdflib import Graph

    from sts_graph.validate.report import Report

VALIDATORS = ("native", "pyshacl")
DEFAULT_VALIDATOR = "native"


def validate(
    data: Graph, ontology: Graph, shapes: Graph | None = None, validator: str = DEFAULT_VALIDATOR
) -> Report:
    """Validate *data*, with *ontology* mixed in, against *shapes* (the project's by
    default) with the engine named *validator*."""
    from sts_graph.validate.report import load_shapes

    shapes = shapes if shapes is not None else load_shapes()
    if validator == "pyshacl":
        from sts_graph.validate import reference

        return reference.validate(data, ontology, shapes)
    from sts_graph.validate.native import Validator

    return Validator(shapes).graph(data, ontology)
