"""Writing the site's files: HTML from the Jinja2 templates, and bytes as they are."""

from __future__ import annotations

import posixpath
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sts_graph.core.namespaces import RELEASES_PATH
from sts_graph.publish.formats import FORMAT_NAMES, RDF_VARIANTS, VARIANTS, media_type
from sts_graph.publish.paths import (
    DUMPS_PATH,
    INDEX_PATHS,
    LINKS_PATH,
    ONTOLOGY_PATH,
    PUBLISH_DIR,
    STYLESHEET_PATH,
    VOID_PATH,
)
from sts_graph.publish.typography import french_number, shown

TEMPLATES_DIR = PUBLISH_DIR / "templates"
# the site paths every template may link to
PATHS = {
    **INDEX_PATHS,
    "void": VOID_PATH,
    "ontology": ONTOLOGY_PATH,
    "dumps": DUMPS_PATH,
    "releases": RELEASES_PATH,
    "links": LINKS_PATH,
    "stylesheet": STYLESHEET_PATH,
}


def root_of(path: str) -> str:
    """The link from the page at *path* to the site root: ``id/defi/E1D3`` → ``../../``."""
    return "../" * path.count("/")


def formats(path: str) -> list[tuple[str, str, str]]:
    """(name, media type, link) of each RDF variant of the page at *path*."""
    name = posixpath.basename(path)
    return [(FORMAT_NAMES[e], media_type(VARIANTS[e]), f"{name}.{e}") for e in RDF_VARIANTS]


class Site:
    """The output folder and the templates that fill it; counts what it writes."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.files = 0
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["french_number"] = lambda n: french_number(str(n))
        self.env.filters["shown"] = shown

    def write(self, path: str, data: bytes | str) -> None:
        """Write one file at the site path *path* (folders created as needed)."""
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode() if isinstance(data, str) else data)
        self.files += 1

    def page(self, path: str, template: str, title: str, rdf: bool = False, **context) -> None:
        """Render *template* as the HTML page of *path* (``path.html``; ``index.html`` for "")."""
        html = self.env.get_template(template).render(
            title=title,
            root=root_of(path),
            formats=formats(path) if rdf else [],
            paths=PATHS,
            **context,
        )
        self.write(f"{path or 'index'}.html", html)
