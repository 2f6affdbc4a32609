"""The package's modules import one another without a cycle, and each stage only
imports the stages before it (the layer contract of ``docs/architecture.md``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sts_graph

PACKAGE = Path(sts_graph.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = frozenset(module_name(p) for p in PACKAGE.rglob("*.py"))


def imports(path: Path) -> set[str]:
    """The package modules *path* imports, at any depth of its code: ``from p import m``
    imports the module ``p.m`` where there is one, else the package ``p``."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if not module.startswith("sts_graph"):
                continue
            named = {f"{module}.{alias.name}" for alias in node.names} & MODULES
            found |= named if len(named) == len(node.names) else {module, *named}
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("sts_graph"))
    return found


def test_no_import_cycle():
    graph = {
        module_name(path): sorted(imports(path) & MODULES - {module_name(path)})
        for path in PACKAGE.rglob("*.py")
    }
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in graph[name]:
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


# the packages in the order data flows: each imports only itself and those before it
LAYERS = (
    "core",
    "rdf",
    "extract",
    "mapping",
    "validate",
    "reason",
    "query",
    "endpoint",
    "publish",
    "diff",  # two revisions compared (sts-graph diff)
    "release",  # a citable, immutable release (sts-graph release)
    "pipeline",  # the orchestrator: only the CLI and the public API import it
    "cli",
    "",  # sts_graph/__init__.py: the public API
)


def layer(module: str) -> int:
    """The rank in :data:`LAYERS` of *module*'s top package below ``sts_graph``."""
    return LAYERS.index(module.split(".")[1] if "." in module else "")


def test_each_stage_imports_only_the_stages_before_it():
    assert {layer(name) for name in MODULES} == set(range(len(LAYERS)))
    upward = sorted(
        f"{module_name(path)} imports {target}"
        for path in PACKAGE.rglob("*.py")
        for target in imports(path) & MODULES
        if layer(target) > layer(module_name(path))
    )
    assert upward == []


# what replaces a file or a folder, or makes a temporary one: durable.py's alone (the
# Oxigraph server's loader writes a dump for a server to read, then deletes it)
TEMPORARIES = {"mkstemp", "mkdtemp", "NamedTemporaryFile", "renameat2"}
ALLOWED = {"sts_graph.core.durable", "sts_graph.endpoint.oxigraph_server"}


def _replaces(call: ast.Call) -> bool:
    """``os.replace(a, b)``, ``os.rename(a, b)``, ``path.replace(b)``, ``path.rename(b)``
    (a string's ``replace`` takes two arguments), or a temporary file or folder made."""
    if not isinstance(call.func, ast.Attribute):
        return False
    name, receiver = call.func.attr, call.func.value
    if name in TEMPORARIES:
        return True
    on_os = isinstance(receiver, ast.Name) and receiver.id == "os"
    return name in {"replace", "rename"} and (on_os or len(call.args) == 1)


def test_only_durable_replaces_files():
    callers = {
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and _replaces(node)
    }
    assert callers <= ALLOWED, callers - ALLOWED


def test_the_public_api_gives_each_name_it_lists():
    names = [n for n in sts_graph.__all__ if n != "__version__"]
    assert {n: getattr(sts_graph, n).__name__ for n in names} == {n: n for n in names}
    with pytest.raises(AttributeError, match="no attribute 'pipeline_x'"):
        sts_graph.pipeline_x  # noqa: B018
