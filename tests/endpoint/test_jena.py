"""Apache Jena's ARQ (Debian's ``libapache-jena-java``, installed by ``make system``)
runs every saved query verbatim over the dump's union: its answers, printed by
sts-graph, are the embedded store's, cell for cell."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from sts_graph.query import run, saved
from sts_graph.query.results import to_csv
from sts_graph.rdf.answers import Rows

JAVA = Path("/usr/share/java")
# ARQ's command line and the libraries libapache-jena-java depends on (one SLF4J binding)
JARS = (
    "jena-cmds", "jena-arq", "jena-core", "jena-base", "jena-iri", "jena-rdfconnection",
    "jena-shacl", "jena-shex", "jena-tdb", "jena-tdb2", "jena-dboe-base", "jena-dboe-index",
    "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction", "commons-cli",
    "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core",
    "jackson-databind", "jackson-annotations", "jsonld-java", "jakarta.json-api", "protobuf",
    "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld",
)  # fmt: skip
RELOCATED = "org/apache/jena/ext/xerces/"  # where Debian's jena-core leaves Xerces' messages


@pytest.fixture(scope="module")
def arq(tmp_path_factory: pytest.TempPathFactory, store) -> list[str]:
    """The command that runs a query file over the union of the committed dataset."""
    if not (JAVA / "jena-arq.jar").is_file():
        pytest.skip("Apache Jena is missing: make system installs Debian's libapache-jena-java")
    folder = tmp_path_factory.mktemp("jena")
    # Debian's jena-core moves Xerces' classes to the package `xerces` but not their
    # message files: without them ARQ stops at start-up (« internal error » in
    # XSSimpleTypeDecl.applyFacets1); copied where the classes look for them
    with zipfile.ZipFile(JAVA / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(RELOCATED) and name.endswith(".properties"):
                target = folder / "xerces" / name.removeprefix(RELOCATED)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    union = folder / "union.nt"
    union.write_bytes(b"".join(store.ntriples(name) for name in store.graph_names()))
    classpath = ":".join([str(folder), *(str(JAVA / f"{jar}.jar") for jar in JARS)])
    return ["java", "-cp", classpath, "arq.sparql", f"--data={union}", "--results=JSON"]


@pytest.mark.parametrize("query", saved(), ids=lambda q: q.name)
def test_arq_gives_every_saved_querys_cells(arq: list[str], store, query) -> None:
    done = subprocess.run([*arq, f"--query={query.path}"], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert to_csv(Rows.of_json(done.stdout)) == to_csv(run(store, query.name))
