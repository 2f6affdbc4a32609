"""The package's modules import one another without a cycle (a stage never imports a
later one back)."""

from __future__ import annotations

import ast
from pathlib import Path

import sts_graph

PACKAGE = Path(sts_graph.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The package modules *path* imports, at any depth of its code."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            if node.module:  # « from . import x » imports the module x, not the package
                found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sts_graph"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("sts_graph"))
    return found


def test_no_import_cycle():
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {
        name: sorted(imports(path) & modules.keys() - {name}) for name, path in modules.items()
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


# what replaces a file or a folder, or makes a temporary one: durable.py's alone (the
# Oxigraph server's loader writes a dump for a server to read, then deletes it)
TEMPORARIES = {"mkstemp", "mkdtemp", "NamedTemporaryFile", "renameat2"}
ALLOWED = {"sts_graph.durable", "sts_graph.oxigraph_server"}


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
