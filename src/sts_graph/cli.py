"""The ``sts-graph`` command: one sub-command per stage, over the library.

Exit codes: those listed in :mod:`sts_graph.core.errors`.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sts_graph.core.errors import AnomaliesError, InputError, NotConformingError, StsGraphError
from sts_graph.core.files import display_path
from sts_graph.core.paths import (
    FRAMEWORK_FILE,
    ONTOLOGY_FILE,
    RELEASES_DIR,
    SERVER_DIR,
    SHAPES_DIR,
    SITE_DIR,
    SOURCES_DIR,
    TURTLE_DIR,
)
from sts_graph.query import MEMORY
from sts_graph.query.results import FORMATS
from sts_graph.rdf.answers import Queryable
from sts_graph.rdf.formats import DUMP_FORMATS
from sts_graph.reason import DEFAULT_REASONER, REASONER_NAMES
from sts_graph.validate import DEFAULT_VALIDATOR, VALIDATORS

DESCRIPTION = (
    "The knowledge graph of the schémas territoriaux de santé of ARS Occitanie: "
    "one sub-command per stage."
)
READER_GONE = 141  # 128 + SIGPIPE: what a shell reports for `cat` cut short by `head`
INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C


def _report_plans(plans) -> int:
    """Print the summary table, every anomaly with its line, and the identity figures;
    return how many pages have no code of the framework."""
    from sts_graph.pipeline import SUMMARY_COLUMNS, identity, summary

    print(f"{'plan':28}" + "".join(f"{c:>10}" for c in SUMMARY_COLUMNS))
    for name, counts in summary(plans):
        print(f"{name:28}" + "".join(f"{n:>10}" for n in counts))
    for plan in plans:
        for anomaly in sorted(plan.anomalies, key=lambda a: a.line):
            print(f"  {plan.name}:{anomaly.line}: {anomaly.kind}: {anomaly.message}")
    print(f"identity (against {display_path(FRAMEWORK_FILE)}):")
    lost = 0
    for figures in map(identity, plans):
        print(f"  {figures.line()}")
        for anomaly in figures.losses:
            print(f"    line {anomaly.line}: {anomaly.message}")
        lost += len(figures.losses)
    return lost


def _strict(lost: int, strict: bool) -> None:
    """With ``--strict``, a page without a code of the framework fails the command."""
    if strict and lost:
        raise AnomaliesError(f"{lost} page(s) without a code of the framework (--strict)")


def _conflicts(plans) -> None:
    """Two pages of a plan under one name fail the command (both were kept and written)."""
    conflicts = sum(a.kind == "conflict" for plan in plans for a in plan.anomalies)
    if conflicts:
        raise AnomaliesError(
            f"{conflicts} page(s) named as an earlier page of their plan: both kept, see above"
        )


def cmd_extract(args: argparse.Namespace) -> int:
    from sts_graph.pipeline import extract_to

    plans = extract_to(args.sources, args.out)
    _strict(_report_plans(plans), args.strict)
    _conflicts(plans)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from sts_graph.extract.pdf import EDITED, edited_text, pdf_text

    for pdf in args.pdfs:
        if pdf.suffix.lower() != ".pdf" or not pdf.is_file():
            raise InputError(f"{display_path(pdf)}: not a PDF file")
        kept = edited_text(pdf)
        txt = pdf_text(pdf, force=True)
        print(f"{display_path(txt)}: converted from {pdf.name}", end="")
        print(f"; the text it replaced is kept as {display_path(txt)}{EDITED}" if kept else "")
    return 0


def cmd_framework(args: argparse.Namespace) -> int:
    from sts_graph.pipeline import framework_additions

    found = framework_additions(args.sources, args.framework, write=args.write)
    for addition in found:
        print(addition.line())
    name = display_path(args.framework)
    if not found:
        print(f"{name}: holds every code, title and line the plans print")
    elif args.write:
        print(f"{name}: {len(found)} addition(s) written; review them with git diff")
    else:
        print(f"{len(found)} addition(s): review them, then run `sts-graph framework --write`")
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from sts_graph.core.progress import stages
    from sts_graph.pipeline import build_all

    with stages() as progress:
        result = build_all(
            args.sources, args.out, not args.no_reason, progress, validator=args.validator
        )
    lost = _report_plans(result.plans)
    print(
        f"graph: {result.triples} triples in {result.graphs} named graphs"
        f" ({result.inferred} inferred)"
    )
    violations = [f for f in result.report.findings if f.severity == "Violation"]
    warnings = [f for f in result.report.findings if f.severity != "Violation"]
    print(f"validation: {len(violations)} violation(s), {len(warnings)} warning(s)")
    for finding in warnings:
        print(f"  {finding.line()}")
    if not result.report.conforms:
        raise NotConformingError("the graph does not conform to the shapes", result.report.text())
    _strict(lost, args.strict)
    _conflicts(result.plans)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from sts_graph.pipeline import data_graph
    from sts_graph.rdf.store import parse_turtle
    from sts_graph.validate import validate
    from sts_graph.validate.report import load_shapes

    files = args.files or sorted(TURTLE_DIR.glob("*.ttl"))
    shapes = load_shapes(args.shapes)
    report = validate(data_graph(files), parse_turtle(ONTOLOGY_FILE), shapes, args.validator)
    if report.findings:
        print(report.text())
    if not report.conforms:
        raise NotConformingError(f"{len(files)} file(s) do not conform to the shapes", "")
    print(f"conforms: {len(files)} file(s)")
    return 0


def cmd_reason(args: argparse.Namespace) -> int:
    from sts_graph.core.durable import write_atomic
    from sts_graph.core.namespaces import GRAPH_INFERRED
    from sts_graph.rdf.write import turtle
    from sts_graph.reason.dataset import committed_store

    store = committed_store(reasoning=True, reasoner=args.reasoner)
    print(f"{store.count(GRAPH_INFERRED)} triples inferred (OWL RL, {args.reasoner})")
    if args.out:
        write_atomic(args.out, turtle(store.copy(GRAPH_INFERRED)))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    import shutil

    from sts_graph.query import check_params, find, run
    from sts_graph.query.results import render
    from sts_graph.query.warm import warm_store

    params = {}
    for pair in args.param:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise StsGraphError(f"--param {pair!r}: expected key=value")
        params[name] = value
    check_params(find(args.query), params)  # before the store is loaded
    store: Queryable
    if args.endpoint:
        from sts_graph.endpoint import EndpointStore

        store = EndpointStore(endpoint_of(args), reasoning=not args.no_reason)
    else:
        store = warm_store(not args.no_reason)
    timeout = None if args.endpoint else args.timeout  # a server's requests carry their own
    memory = None if args.endpoint else int(args.memory * (1 << 30))
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    rows = run(store, args.query, params, timeout, memory)
    sys.stdout.write(render(rows, args.format, width))
    return 0


def endpoint_of(args: argparse.Namespace):
    """The :class:`~sts_graph.endpoint.Endpoint` the server options describe."""
    from sts_graph.endpoint import Endpoint

    return Endpoint.from_url(
        args.endpoint, args.update, args.graph_store, timeout=args.timeout, retries=args.retries
    )


def cmd_load(args: argparse.Namespace) -> int:
    from sts_graph.core.progress import stages
    from sts_graph.endpoint import load
    from sts_graph.reason.dataset import committed_store

    endpoint = endpoint_of(args)
    with stages() as progress:
        store = committed_store(not args.no_reason, progress=progress)
        advance = progress.counter("graphs loaded", len(store.graph_names()))

        def loaded_one(graph) -> None:
            print(f"{graph.triples:>8}  {graph.name}", flush=True)
            advance(str(graph.name))

        loaded = load(store, endpoint, progress=loaded_one)
    total = sum(g.triples for g in loaded)
    print(f"{total:>8}  triples in {len(loaded)} graphs at {endpoint.query}")
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from sts_graph.core.durable import write_atomic
    from sts_graph.reason.dataset import committed_store

    data = committed_store(not args.no_reason).dump(args.format)
    if args.out is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomic(args.out, data)
        print(f"{args.out}: {len(data)} bytes ({args.format})")
    return 0


def cmd_serve_endpoint(args: argparse.Namespace) -> int:
    import signal

    from sts_graph.core.namespaces import GRAPHS
    from sts_graph.endpoint.oxigraph_server import OxigraphServer, load_offline
    from sts_graph.reason.dataset import committed_store

    def stop(signum: int, _frame) -> None:
        raise KeyboardInterrupt  # SIGTERM as Ctrl-C: the server is stopped on the way out

    signal.signal(signal.SIGTERM, stop)
    store = committed_store(not args.no_reason)
    load_offline(args.location, store.dump("nquads"), GRAPHS)  # the port opens on loaded data
    print(f"{len(store)} triples in {len(store.graph_names())} named graphs", flush=True)
    with contextlib.suppress(KeyboardInterrupt), OxigraphServer(args.location, args.port) as server:
        print(f"SPARQL endpoint: {server.url}/query")
        print(f"query editor (YASGUI): {server.url}/")
        print(f"try: sts-graph query couverture-objectifs --endpoint {server.url}/query")
        print("Ctrl-C stops the server", flush=True)
        server.process.wait()  # type: ignore[union-attr]
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    from sts_graph.query import saved

    for query in saved():
        print(f"{query.name}")
        for line in query.question:
            print(f"    {line}")
        for param in query.params:
            print(f"    {param.usage()} {param.help}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from sts_graph.reason.dataset import load

    store = load(sorted(TURTLE_DIR.glob("*.ttl")))
    for name in store.graph_names():
        print(f"{store.count(name):>8}  {name}")
    print(f"{len(store):>8}  total")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from sts_graph import diff

    changes = diff.compare(diff.read(args.old), diff.read(args.new))
    sys.stdout.write(diff.render(changes, args.format))
    return 1 if changes else 0


def cmd_release(args: argparse.Namespace) -> int:
    from sts_graph.release import make_release

    made = make_release(args.version, args.releases, args.data)
    after = (
        f", after {made.previous}: "
        + ", ".join(f"{n} {kind}" for kind, n in made.changes.items() if n)
        if made.previous
        else ", the first"
    )
    print(f"{made.folder}: release {made.version}{after}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    import time

    from sts_graph.core.progress import stages
    from sts_graph.publish.site import publish

    started = time.monotonic()
    if args.sparql_endpoint:
        from sts_graph.endpoint import check_url

        check_url(args.sparql_endpoint)
    with stages() as progress:
        published = publish(
            args.out_dir,
            sparql_endpoint=args.sparql_endpoint,
            progress=progress,
            release_folder=args.releases,
        )
    for finding in published.report.findings:
        print(finding.line())
    print(
        f"{args.out_dir}: {published.resources} resources, {published.files} files"
        f" in {time.monotonic() - started:.1f} s"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sts_graph.publish.server import make_server

    server = make_server(args.dir, args.port)
    host, port = str(server.server_address[0]), server.server_address[1]
    print(f"serving {args.dir} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


class Parser(argparse.ArgumentParser):
    """A sub-command's parser, whose epilog may be written only when the help is shown
    (``query``'s reads every saved query)."""

    lazy_epilog: Callable[[], str] | None = None

    def format_help(self) -> str:
        if self.lazy_epilog is not None:
            self.epilog = self.lazy_epilog()
        return super().format_help()


def saved_queries_help() -> str:
    """The saved queries, each with its question and parameters, for ``query --help``."""
    from sts_graph.query import saved

    lines = ["saved queries:"]
    for query in saved():
        lines.append(f"  {query.name}")
        lines += [f"      {line}" for line in query.question[-1:]]
        lines += [f"      {p.usage()}" for p in query.params]
    return "\n".join(lines)


def positive(unit: str) -> Callable[[str], float]:
    """An argparse type: a finite number of *unit* above zero."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = 0.0
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(f"expected a positive number of {unit}, got {text!r}")
        return value

    return parse


def without_closure(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The option that leaves the OWL RL closure out."""
    p.add_argument(
        "--no-reason", action="store_true", help="leave the OWL RL closure (inferred graph) out"
    )
    return p


def with_validator(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The option that chooses the SHACL engine."""
    p.add_argument(
        "--validator",
        choices=VALIDATORS,
        default=DEFAULT_VALIDATOR,
        help="SHACL engine: the shapes compiled to SPARQL (native, the default) or pyshacl,"
        " the reference (for shapes the native engine refuses)",
    )
    return p


def with_server(p: argparse.ArgumentParser, required: bool = True) -> argparse.ArgumentParser:
    """The options that say where a SPARQL server is and how patiently to ask it."""
    p.add_argument(
        "--endpoint",
        required=required,
        metavar="URL",
        help="SPARQL query URL (e.g. http://127.0.0.1:7878/query)",
    )
    p.add_argument("--update", metavar="URL", help="SPARQL Update URL (default: …/update)")
    p.add_argument(
        "--graph-store", metavar="URL", help="Graph Store Protocol URL (default: …/store)"
    )
    p.add_argument(
        "--timeout",
        type=positive("seconds"),
        default=30.0,
        help="seconds per request to the server, or for a query on the embedded store",
    )
    p.add_argument("--retries", type=int, default=3, help="retries of a failed read, with back-off")
    return p


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per stage."""
    main = argparse.ArgumentParser(prog="sts-graph", description=DESCRIPTION)
    sub = main.add_subparsers(dest="command", required=True, parser_class=Parser)

    def with_io(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--sources", type=Path, default=SOURCES_DIR, help="folder of source plans")
        p.add_argument("--out", type=Path, default=TURTLE_DIR, help="folder of Turtle output")
        p.add_argument(
            "--strict", action="store_true", help="exit 1 when a page has no code of the framework"
        )
        return p

    with_io(sub.add_parser("extract", help="extract the plans into Turtle")).set_defaults(
        func=cmd_extract
    )
    convert = sub.add_parser(
        "convert", help="convert PDFs to text again, a text edited by hand kept as .txt.edited"
    )
    convert.add_argument("pdfs", nargs="+", type=Path, help="PDF plans (NN-name.pdf)")
    convert.set_defaults(func=cmd_convert)
    framework = sub.add_parser(
        "framework", help="list what the plans print that the regional framework lacks"
    )
    framework.add_argument("--sources", type=Path, default=SOURCES_DIR, help="folder of plans")
    framework.add_argument(
        "--framework", type=Path, default=FRAMEWORK_FILE, help="the reference framework file"
    )
    framework.add_argument("--write", action="store_true", help="add them to the file")
    framework.set_defaults(func=cmd_framework)
    build = with_io(sub.add_parser("build", help="extract, validate, reason, print a summary"))
    without_closure(build)
    with_validator(build)
    build.set_defaults(func=cmd_build)
    validate = sub.add_parser("validate", help="validate Turtle files against the shapes")
    validate.add_argument("files", nargs="*", type=Path, help="Turtle files (default: data/turtle)")
    validate.add_argument("--shapes", type=Path, default=SHAPES_DIR, help="folder of SHACL shapes")
    with_validator(validate)
    validate.set_defaults(func=cmd_validate)
    reason = sub.add_parser("reason", help="compute the OWL RL closure")
    reason.add_argument("--out", type=Path, help="write the inferred triples as Turtle")
    reason.add_argument(
        "--reasoner",
        choices=REASONER_NAMES,
        default=DEFAULT_REASONER,
        help="OWL RL engine: rules (the OWL 2 RL rules in pyoxigraph, fast, default),"
        " reasonable or owlrl (the reference)",
    )
    reason.set_defaults(func=cmd_reason)
    query = sub.add_parser(
        "query",
        help="run a saved query (NAME) or a .rq file",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    assert isinstance(query, Parser)
    query.lazy_epilog = saved_queries_help
    query.add_argument("query", help="a saved query's name (listed below) or a .rq file")
    query.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (fits the terminal; tab-separated when piped), csv (W3C SPARQL CSV), "
        "tsv (plain values), json (W3C SPARQL JSON results), records (JSON, numbers as numbers)",
    )
    query.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE", help="a parameter's value"
    )
    without_closure(query)
    query.add_argument(
        "--memory",
        type=positive("gigabytes"),
        default=MEMORY / (1 << 30),
        metavar="GB",
        help="memory a query on the embedded store may take (default 4 GB)",
    )
    with_server(query, required=False)
    query.set_defaults(func=cmd_query)
    load = with_server(sub.add_parser("load", help="push the dataset to a SPARQL server (GSP)"))
    without_closure(load)
    load.set_defaults(func=cmd_load)
    dump = sub.add_parser("dump", help="write the whole dataset as TriG or N-Quads")
    dump.add_argument("--format", choices=DUMP_FORMATS, default="nquads")
    dump.add_argument("--out", type=Path, help="file to write (default: standard output)")
    without_closure(dump)
    dump.set_defaults(func=cmd_dump)
    serve = sub.add_parser("serve-endpoint", help="start a local Oxigraph server with the graph")
    serve.add_argument("--port", type=int, default=7878, help="loopback port (default 7878)")
    serve.add_argument(
        "--location", type=Path, default=SERVER_DIR, help="the server's database folder"
    )
    without_closure(serve)
    serve.set_defaults(func=cmd_serve_endpoint)
    sub.add_parser("queries", help="list the saved questions").set_defaults(func=cmd_queries)
    sub.add_parser("stats", help="triples per named graph").set_defaults(func=cmd_stats)
    compared = sub.add_parser(
        "diff", help="what changed between two revisions of the graph (exit 1 when any)"
    )
    for name in ("old", "new"):
        compared.add_argument(
            name,
            type=Path,
            metavar=name.upper(),
            help="a folder of Turtle, a release, a dump, or a plan",
        )
    compared.add_argument("--format", choices=("table", "csv", "json", "turtle"), default="table")
    compared.set_defaults(func=cmd_diff)
    released = sub.add_parser(
        "release", help="write the graph as an immutable, citable release (releases/VERSION)"
    )
    released.add_argument("version", metavar="VERSION", help="the release's date, YYYY-MM-DD")
    released.add_argument(
        "--releases",
        type=Path,
        default=RELEASES_DIR,
        help="folder of releases (default: releases/)",
    )
    released.add_argument(
        "--data", type=Path, default=TURTLE_DIR, help="folder of Turtle to release (data/turtle)"
    )
    released.set_defaults(func=cmd_release)
    site_publish = sub.add_parser("publish", help="write the linked-data site (HTML, RDF, dumps)")
    site_publish.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the site's folder")
    site_publish.add_argument(
        "--sparql-endpoint", metavar="URL", help="a public SPARQL endpoint to name in the VoID"
    )
    site_publish.add_argument(
        "--releases", type=Path, default=RELEASES_DIR, help="the releases to list (releases/)"
    )
    site_publish.set_defaults(func=cmd_publish)
    site_serve = sub.add_parser("serve", help="serve a published site on loopback (conneg)")
    site_serve.add_argument("--port", type=int, default=8000, help="loopback port (default 8000)")
    site_serve.add_argument(
        "--dir", type=Path, default=SITE_DIR, help="the published site (default: site/)"
    )
    site_serve.set_defaults(func=cmd_serve)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command and map errors to exit codes."""
    args = parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()  # a reader gone (`| head`) shows here rather than at exit
    except KeyboardInterrupt:
        print("sts-graph: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # what is left in the buffer goes nowhere, so that the exit flush is quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return READER_GONE
    return code


def _run(args: argparse.Namespace) -> int:
    """Run the sub-command; a typed error becomes its message and exit code."""
    try:
        return args.func(args)
    except NotConformingError as error:
        if error.report:
            print(error.report)
        print(f"sts-graph: {error}", file=sys.stderr)
        return error.exit_code
    except StsGraphError as error:
        print(f"sts-graph: {error}", file=sys.stderr)
        return error.exit_code


def console() -> int:
    """The ``sts-graph`` command: :func:`main`, then deaf to a Ctrl-C that comes once
    the outcome is settled (it would otherwise end the process by the signal, with
    no message, while the interpreter shuts down)."""
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code


if __name__ == "__main__":
    raise SystemExit(console())
