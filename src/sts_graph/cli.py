"""The ``sts-graph`` command: one sub-command per stage, over the library.

Exit codes: 0 success/conforms, 1 does not conform (or anomalies with
``--strict``), 2 unreadable input or bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import AnomaliesError, NotConformingError, StsGraphError
from .namespaces import ONTOLOGY_FILE, SOURCES_DIR, TURTLE_DIR

FORMATS = ("table", "csv", "tsv", "json")


def _report_plans(plans) -> None:
    from .pipeline import SUMMARY_COLUMNS, summary

    print(f"{'plan':28}" + "".join(f"{c:>10}" for c in SUMMARY_COLUMNS))
    for name, counts in summary(plans):
        print(f"{name:28}" + "".join(f"{n:>10}" for n in counts))
    for plan in plans:
        for anomaly in sorted(plan.anomalies, key=lambda a: a.line):
            print(f"  {plan.name}:{anomaly.line}: {anomaly.kind}: {anomaly.message}")


def cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import extract_to

    plans = extract_to(args.sources, args.out)
    _report_plans(plans)
    if args.strict and any(p.anomalies for p in plans):
        raise AnomaliesError("extraction met anomalies (--strict)")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build_all

    result = build_all(args.sources, args.out, with_reasoning=not args.no_reason)
    _report_plans(result.plans)
    store = result.store
    print(
        f"graph: {len(store)} triples in {len(store.graph_names())} named graphs"
        f" ({result.inferred} inferred)"
    )
    violations = [f for f in result.report.findings if f.severity == "Violation"]
    warnings = [f for f in result.report.findings if f.severity != "Violation"]
    print(f"validation: {len(violations)} violation(s), {len(warnings)} warning(s)")
    if not result.report.conforms:
        raise NotConformingError("the graph does not conform to the shapes", result.report.text())
    if args.strict and any(p.anomalies for p in result.plans):
        raise AnomaliesError("extraction met anomalies (--strict)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import data_graph
    from .store import parse_turtle
    from .validate import validate

    files = args.files or sorted(TURTLE_DIR.glob("*.ttl"))
    report = validate(data_graph(files), parse_turtle(ONTOLOGY_FILE))
    if report.findings:
        print(report.text())
    if not report.conforms:
        raise NotConformingError(f"{len(files)} file(s) do not conform to the shapes", "")
    print(f"conforms: {len(files)} file(s)")
    return 0


def cmd_reason(args: argparse.Namespace) -> int:
    from .build import turtle, write_atomic
    from .namespaces import GRAPH_INFERRED
    from .pipeline import committed_store

    inferred = committed_store(reasoning=True).copy(GRAPH_INFERRED)
    print(f"{len(inferred)} triples inferred (OWL RL)")
    if args.out:
        write_atomic(args.out, turtle(inferred))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from .pipeline import committed_store
    from .query import find, render, run

    params = {}
    for pair in args.param:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise StsGraphError(f"--param {pair!r}: expected key=value")
        params[name] = value
    find(args.query)  # an unknown name fails before the store is loaded
    rows = run(committed_store(not args.no_reason), args.query, params)
    sys.stdout.write(render(rows, args.format))
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    from .query import saved

    for query in saved():
        print(f"{query.name}")
        for line in query.question:
            print(f"    {line}")
        for param in query.params:
            print(f"    --param {param.name}=…  (default {param.default!r}) {param.help}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .pipeline import load

    store = load(sorted(TURTLE_DIR.glob("*.ttl")))
    for name in store.graph_names():
        print(f"{len(store.copy(name)):>8}  {name}")
    print(f"{len(store):>8}  total")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per stage."""
    main = argparse.ArgumentParser(prog="sts-graph", description=__doc__.splitlines()[0])
    sub = main.add_subparsers(dest="command", required=True)

    def with_io(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--sources", type=Path, default=SOURCES_DIR, help="folder of source plans")
        p.add_argument("--out", type=Path, default=TURTLE_DIR, help="folder of Turtle output")
        p.add_argument("--strict", action="store_true", help="exit 1 when anomalies are met")
        return p

    with_io(sub.add_parser("extract", help="extract the plans into Turtle")).set_defaults(
        func=cmd_extract
    )
    build = with_io(sub.add_parser("build", help="extract, validate, reason, print a summary"))
    build.add_argument("--no-reason", action="store_true", help="skip the OWL RL closure")
    build.set_defaults(func=cmd_build)
    validate = sub.add_parser("validate", help="validate Turtle files against the shapes")
    validate.add_argument("files", nargs="*", type=Path, help="Turtle files (default: data/turtle)")
    validate.set_defaults(func=cmd_validate)
    reason = sub.add_parser("reason", help="compute the OWL RL closure")
    reason.add_argument("--out", type=Path, help="write the inferred triples as Turtle")
    reason.set_defaults(func=cmd_reason)
    query = sub.add_parser("query", help="run a saved query (NAME) or a .rq file")
    query.add_argument("query")
    query.add_argument("--format", choices=FORMATS, default="table")
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    query.add_argument("--no-reason", action="store_true", help="query asserted triples only")
    query.set_defaults(func=cmd_query)
    sub.add_parser("queries", help="list the saved questions").set_defaults(func=cmd_queries)
    sub.add_parser("stats", help="triples per named graph").set_defaults(func=cmd_stats)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command and map errors to exit codes."""
    args = parser().parse_args(argv)
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


if __name__ == "__main__":
    raise SystemExit(main())
