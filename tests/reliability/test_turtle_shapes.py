"""Broken Turtle and shapes: the documented exit code and a message naming file and line.

Every case works on copies of ``data/turtle/`` and ``shapes/`` in a temporary
folder and runs ``sts-graph validate FILES… [--shapes DIR]`` in-process.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sts_graph.core.errors import InputError
from sts_graph.core.paths import SHAPES_DIR, TURTLE_DIR
from sts_graph.rdf.store import parse_turtle

from .runner import error_line, run

GERS, FRAMEWORK = "32-gers.ttl", "framework.ttl"
NOTATION = '\tskos:notation "E1D3O7" ;\n'  # a line of framework.ttl


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of ``data/turtle/``."""
    return Path(shutil.copytree(TURTLE_DIR, tmp_path / "turtle"))


@pytest.fixture
def shapes(tmp_path: Path) -> Path:
    """A copy of ``shapes/``."""
    return Path(shutil.copytree(SHAPES_DIR, tmp_path / "shapes"))


def insert(path: Path, line: int, text: bytes) -> None:
    """Insert *text* as line *line* (1-based) of *path*."""
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([*lines[: line - 1], text, *lines[line - 1 :]]))


def middle_line(path: Path) -> int:
    """A line in the middle of *path* that starts a statement (a blank line before it)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n in range(len(lines) // 2, len(lines)) if not lines[n - 2].strip())


@pytest.mark.case(
    "Turtle and shapes",
    "a data file cut in the middle of a statement",
    "exit 2: FILE:LINE of the cut: Turtle syntax error",
)
def test_a_data_file_cut(data):
    path = data / GERS
    lines = path.read_text(encoding="utf-8").split("\n")
    cut = middle_line(path) + 2
    path.write_text("\n".join([*lines[: cut - 1], lines[cut - 1][:20]]), encoding="utf-8")
    result = run("validate", *map(str, sorted(data.glob("*.ttl"))))
    line, message = error_line(result, GERS)
    assert line == cut
    assert message.startswith("Turtle syntax error: ")


@pytest.mark.case(
    "Turtle and shapes",
    "an undeclared prefix",
    "exit 2: FILE:LINE: the prefix has not been declared",
)
def test_an_undeclared_prefix(data):
    line = middle_line(data / GERS)
    insert(data / GERS, line, b"foo:bar a sts:Defi .")
    result = run("validate", *map(str, sorted(data.glob("*.ttl"))))
    assert error_line(result, GERS) == (
        line,
        "Turtle syntax error: The prefix foo: has not been declared",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'<a> <b> "\xe9t\xe9" .', "not UTF-8 text (byte 0xe9 at column 10)"),
        (
            b'<a> <b> "x"^^<http://www.w3.org/2001/XMLSchema#integer> .',
            'ill-typed literal "x"^^<http://www.w3.org/2001/XMLSchema#integer>',
        ),
        (b"<a> <b> <http://example.org/a b> .", "Turtle syntax error: Invalid IRI code point ' '"),
    ],
    ids=["not UTF-8", "ill-typed literal", "IRI with a space"],
)
@pytest.mark.case(
    "Turtle and shapes",
    "bad bytes, an ill-typed literal, an IRI with a space",
    "exit 2: FILE:LINE: what is wrong; no traceback printed",
)
def test_bad_terms(data, text, message):
    line = middle_line(data / FRAMEWORK)
    insert(data / FRAMEWORK, line, text)
    result = run("validate", str(data / FRAMEWORK))
    assert error_line(result, FRAMEWORK) == (line, message)


TURTLE_TEXTS = {
    p.name: p.read_text(encoding="utf-8")
    for p in (TURTLE_DIR / "vocabularies.ttl", SHAPES_DIR / "shapes.ttl")
}
TOKENS = ['"', "<", ">", ".", ";", ",", ":", "@", "^^", "\\", " ", "\n", "#", "[", "]", "(", ")"]


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, str]:
    """A committed Turtle text cut short, or with a character deleted or a token inserted."""
    name = draw(st.sampled_from(sorted(TURTLE_TEXTS)))
    text = TURTLE_TEXTS[name]
    at = draw(st.integers(0, len(text) - 1))
    how = draw(st.sampled_from(["cut", "delete", "insert"]))
    if how == "cut":
        return name, text[:at]
    if how == "delete":
        return name, text[:at] + text[at + 1 :]
    return name, text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]


@pytest.mark.case(
    "Turtle and shapes",
    "a Turtle file cut, a character deleted or a token inserted",
    "parsed, or an error naming FILE:LINE within the file; no other exception, nothing logged",
)
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(damaged())
def test_damaged_turtle(tmp_path_factory, case):
    name, text = case
    path = tmp_path_factory.mktemp("damaged") / name
    path.write_text(text, encoding="utf-8")
    logged: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = logged.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        parse_turtle(path)
    except InputError as error:
        match = re.match(rf"^\S*{re.escape(name)}:(\d+): \S", str(error))
        assert match, str(error)
        assert 1 <= int(str(match[1])) <= text.count("\n") + 1
    finally:
        logging.getLogger().removeHandler(handler)
    assert logged == []


@pytest.mark.case(
    "Turtle and shapes",
    "a shapes file that does not parse",
    "exit 2: SHAPES FILE:LINE: Turtle syntax error",
)
def test_shapes_that_do_not_parse(shapes):
    line = middle_line(shapes / "shapes.ttl")
    insert(shapes / "shapes.ttl", line, b"stsh:Broken a sh:NodeShape ; sh:targetClass .")
    result = run("validate", "--shapes", str(shapes), str(TURTLE_DIR / FRAMEWORK))
    line_found, message = error_line(result, "shapes.ttl")
    assert line_found == line
    assert message.startswith("Turtle syntax error: ")


@pytest.mark.case(
    "Turtle and shapes",
    "a shapes folder with no shapes",
    "exit 2 naming the folder (nothing would be checked)",
)
def test_no_shapes(tmp_path):
    (tmp_path / "shapes").mkdir()
    result = run("validate", "--shapes", str(tmp_path / "shapes"), str(TURTLE_DIR / FRAMEWORK))
    assert result.code == 2
    assert result.err == f"sts-graph: {tmp_path / 'shapes'}: no shapes (*.ttl) found\n"


@pytest.mark.case(
    "Turtle and shapes",
    "shapes that parse but are not SHACL",
    "exit 2: one line, invalid SHACL shapes",
)
def test_shapes_that_are_not_shacl(shapes):
    text = (shapes / "shapes.ttl").read_text(encoding="utf-8")
    broken = text.replace('sh:pattern "^E[1-6]$"', 'sh:pattern "^E[1-6]$" ; sh:minCount "one"', 1)
    assert broken != text
    (shapes / "shapes.ttl").write_text(broken, encoding="utf-8")
    result = run("validate", "--shapes", str(shapes), str(TURTLE_DIR / FRAMEWORK))
    assert result.code == 2
    assert re.fullmatch(r"sts-graph: invalid SHACL shapes: .*sh:minCount.*\n", result.err)


@pytest.mark.case(
    "Turtle and shapes",
    "a data file that violates the shapes",
    "exit 1: the report names the focus node and the constraint",
)
def test_data_that_violates_the_shapes(data):
    path = data / FRAMEWORK
    assert run("validate", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(NOTATION, NOTATION.replace("O7", "X7"), 1), encoding="utf-8")
    result = run("validate", str(path))
    assert result.code == 1
    assert result.err == "sts-graph: 1 file(s) do not conform to the shapes\n"
    assert re.search(r"^Violation: \S+/objectif/E1D3O7 skos:notation: .*pattern", result.out, re.M)
