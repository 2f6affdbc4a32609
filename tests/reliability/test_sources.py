"""Mutated plans: a graph whose report names what is missing, or one line naming file and line.

Each example copies one real plan, mutated, into a fresh ``sources/`` folder and
runs ``sts-graph extract`` in-process into an ``out/`` folder that holds the
committed Turtle. On exit 2 the error is one line ``FILE:LINE: message`` and
``out/`` is untouched; on exit 0 ``out/`` holds complete Turtle for that plan and
the pages the mutation did not touch keep their titles.
"""

from __future__ import annotations

import random
import re
import shutil
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from sts_graph import mapping, pipeline
from sts_graph.core.paths import SOURCES_DIR, TURTLE_DIR
from sts_graph.extract import Plan, extract
from sts_graph.extract.plan import toc_defis
from sts_graph.extract.text import MAX_SOURCE_BYTES, key, read_source
from sts_graph.extract.titles import similarity
from sts_graph.rdf.store import check_turtle

from .runner import Result, error_line, run

PLANS = sorted(p.name for p in SOURCES_DIR.glob("*.txt"))
COMMITTED = {p.name: p.read_bytes() for p in sorted(TURTLE_DIR.glob("*.ttl"))}
HEADING = re.compile(
    r"^[#*\s]*(?:les enjeux|le d[ée]fi à relever|les constats|l'objectif|"
    r"les r[ée]sultats attendus|en pratique|chiffres[- ]cl[ée]s|th[èe]mes? associ[ée]s?|"
    r"parcours associ[ée]s?|d[ée]fi\s*#\s*\d+|objectif op[ée]rationnel\s*#\s*\d+)\b",
    re.IGNORECASE,
)
FUZZ = settings(  # reproducible; no shrinking: each example is a whole extraction
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def lines_of(name: str) -> tuple[str, ...]:
    """The lines of a committed plan, numbered from 1 as ``grep -n`` does."""
    return tuple((SOURCES_DIR / name).read_text(encoding="utf-8").split("\n"))


@cache
def original(name: str) -> Plan:
    """The unmutated plan, extracted alone as the mutated copies are."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(SOURCES_DIR / name, tmp)
        return extract(Path(tmp))[0][0]


@cache
def listed_defis(name: str) -> tuple[tuple[int, int, int], ...]:
    """(contents line, first line, last line) of each défi page the contents list."""
    source, plan = read_source(SOURCES_DIR / name), original(name)
    out = []
    for entry in toc_defis(source):
        page = next((d for d in plan.defis if similarity(entry.text, d.title) >= 0.8), None)
        if page is not None:
            out.append((entry.span.start, page.span.start, page.span.end))
    return tuple(out)


@contextmanager
def extracted(name: str, data: bytes) -> Iterator[tuple[Result, Path, list[Plan]]]:
    """``sts-graph extract`` of *data* saved as plan *name*, into a copy of the committed
    Turtle; yields the result, the output folder and the plans the run read."""
    with tempfile.TemporaryDirectory() as tmp:
        sources, out = Path(tmp, "sources"), Path(tmp, "out")
        sources.mkdir()
        out.mkdir()
        (sources / name).write_bytes(data)
        for file, content in COMMITTED.items():
            (out / file).write_bytes(content)
        plans: list[Plan] = []
        real = pipeline.extract_to

        def spy(*args: Path) -> list[Plan]:
            plans.extend(real(*args))
            return plans

        with mock.patch.object(pipeline, "extract_to", spy):
            result = run("extract", "--sources", str(sources), "--out", str(out))
        yield result, out, plans


def check_contract(result: Result, out: Path, name: str, line_count: int) -> int | None:
    """Exit 0 with complete Turtle, or exit 2 with one line naming a line of the file and
    ``out/`` untouched; never a traceback nor a temporary file. The error's line, if any."""
    assert result.code in (0, 2), result
    if currently_in_test_context():
        event(f"exit {result.code}")
    assert "Traceback" not in result.out + result.err
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".ttl")) == []
    if result.code == 2:
        line, _message = error_line(result, name)
        assert 1 <= line <= max(line_count, 1)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == COMMITTED
        return line
    assert result.err == ""
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted({"framework.ttl", "vocabularies.ttl", name.replace(".txt", ".ttl")})
    for path in out.iterdir():
        check_turtle(path, path.read_text(encoding="utf-8"))
    return None


def keep_titles(name: str, plans: list[Plan], untouched: range | None = None) -> None:
    """Every page of the original whose lines (and the two around them) the mutation left
    in place, *untouched*, is read again with its title."""
    titles = {(kind, key(p.title)) for kind in ("defi", "objectif") for p in pages(plans[0], kind)}
    for kind in ("defi", "objectif"):
        for page in pages(original(name), kind):
            lines = range(page.span.start - 2, page.span.end + 3)
            if untouched is None or (lines.start in untouched and lines.stop - 1 in untouched):
                assert (kind, key(page.title)) in titles, (kind, page.span, page.title)


def pages(plan: Plan, kind: str) -> list:
    return plan.defis if kind == "defi" else plan.objectifs


def named_missing(result: Result, contents_line: int) -> bool:
    return f":{contents_line}: missing: the contents list défi" in result.out


def encoded(lines: list[str] | tuple[str, ...]) -> bytes:
    return "\n".join(lines).encode("utf-8")


@st.composite
def cut(draw: st.DrawFn) -> tuple[str, int]:
    name = draw(st.sampled_from(PLANS))
    count, first_page = len(lines_of(name)), original(name).defis[0].span.start
    return name, draw(st.integers(first_page, count) | st.integers(1, count))


@st.composite
def block(draw: st.DrawFn, longest: int) -> tuple[str, int, int]:
    """A plan and lines *start*..*stop* (1-based, stop excluded) of it."""
    name = draw(st.sampled_from(PLANS))
    count = len(lines_of(name))
    start = draw(st.integers(1, count))
    return name, start, min(count + 1, start + draw(st.integers(1, longest)))


@st.composite
def defi_page_block(draw: st.DrawFn) -> tuple[str, int, int]:
    """A plan and a block of lines holding one of its défi pages and a few lines around."""
    name = draw(st.sampled_from(PLANS))
    page = draw(st.sampled_from(original(name).defis)).span
    return name, page.start - draw(st.integers(0, 10)), page.end + 1 + draw(st.integers(0, 10))


@pytest.mark.case(
    "Sources",
    "truncated file",
    "exit 0, the report names the listed défis and the OQOS tables cut off; "
    "or exit 2 naming a line before the cut",
)
@settings(FUZZ, max_examples=20)
@given(cut())
def test_truncated_plan(case):
    name, kept = case
    lines = lines_of(name)[:kept]
    with extracted(name, encoded(lines)) as (result, out, plans):
        if check_contract(result, out, name, kept) is not None:
            return
        keep_titles(name, plans, range(1, kept + 1))
        for contents, first, _last in listed_defis(name):
            if contents <= kept < first:
                event("a listed défi cut off")
                assert named_missing(result, contents), (contents, result.out)
        if not plans[0].oqos:
            assert ": missing: no OQOS table found" in result.out


@pytest.mark.case(
    "Sources",
    "deleted block of lines",
    "exit 0, the pages outside the block keep their titles and the listed défis inside "
    "it are named missing; or exit 2 naming a line",
)
@FUZZ
@given(block(longest=400) | defi_page_block())
def test_deleted_block(case):
    name, start, stop = case
    lines = lines_of(name)
    with extracted(name, encoded(lines[: start - 1] + lines[stop - 1 :])) as (result, out, plans):
        if check_contract(result, out, name, len(lines) - (stop - start)) is not None:
            return
        keep_titles(name, plans, range(1, start))
        for contents, first, last in listed_defis(name):
            if contents < start <= first and last < stop:
                event("a listed défi deleted")
                assert named_missing(result, contents), (contents, result.out)


@pytest.mark.case(
    "Sources",
    "deleted lines",
    "exit 0 with complete Turtle, or exit 2 naming a line; nothing written on failure",
)
@FUZZ
@given(st.sampled_from(PLANS), st.lists(st.integers(0, 1_000_000), min_size=1, max_size=80))
def test_deleted_lines(name, picks):
    lines = lines_of(name)
    gone = {p % len(lines) for p in picks}
    kept = [line for index, line in enumerate(lines) if index not in gone]
    with extracted(name, encoded(kept)) as (result, out, _plans):
        check_contract(result, out, name, len(kept))


@pytest.mark.case(
    "Sources",
    "shuffled lines",
    "exit 0 and the pages outside the shuffled lines keep their titles, or exit 2 naming a line",
)
@FUZZ
@given(block(longest=60), st.integers(0, 2**32))
def test_shuffled_lines(case, seed):
    name, start, stop = case
    lines = list(lines_of(name))
    window = lines[start - 1 : stop - 1]
    random.Random(seed).shuffle(window)
    lines[start - 1 : stop - 1] = window
    with extracted(name, encoded(lines)) as (result, out, plans):
        if check_contract(result, out, name, len(lines)) is None:
            keep_titles(name, plans, range(1, start))
            keep_titles(name, plans, range(stop, len(lines) + 1))


@pytest.mark.case(
    "Sources",
    "whole file shuffled",
    "exit 0 with complete Turtle, or exit 2 naming a line",
)
@settings(FUZZ, max_examples=5)
@given(st.sampled_from(PLANS), st.integers(0, 2**32))
def test_whole_file_shuffled(name, seed):
    lines = list(lines_of(name))
    random.Random(seed).shuffle(lines)
    with extracted(name, encoded(lines)) as (result, out, _plans):
        check_contract(result, out, name, len(lines))


@st.composite
def heading(draw: st.DrawFn) -> tuple[str, int]:
    """A plan and the 1-based line of one of its headings (section, DÉFI #N, markdown)."""
    name = draw(st.sampled_from(PLANS))
    lines = lines_of(name)
    found = [n for n, line in enumerate(lines, 1) if HEADING.match(line) or line.startswith("#")]
    return name, draw(st.sampled_from(found))


@pytest.mark.case(
    "Sources",
    "a heading removed",
    "exit 0 and the pages away from it keep their titles, or exit 2 naming a line",
)
@FUZZ
@given(heading())
def test_heading_removed(case):
    name, line = case
    lines = lines_of(name)
    with extracted(name, encoded(lines[: line - 1] + lines[line:])) as (result, out, plans):
        if check_contract(result, out, name, len(lines) - 1) is None:
            defi_pages = [d.span for d in original(name).defis]
            before = max((s.start for s in defi_pages if s.start <= line), default=1)
            keep_titles(name, plans, range(1, before - 1))


@st.composite
def table_row(draw: st.DrawFn) -> tuple[str, int, int]:
    """A plan, the 1-based line of a row of its OQOS tables and where to cut it."""
    name = draw(st.sampled_from(PLANS))
    plan = original(name)
    row = draw(st.sampled_from(plan.oqos))
    line = draw(st.integers(row.span.start, row.span.end))
    return name, line, draw(st.integers(0, max(0, len(lines_of(name)[line - 1]) - 1)))


@pytest.mark.case(
    "Sources",
    "a table row cut",
    "exit 0, the défi and objectif pages unchanged and the OQOS rows around it read; "
    "or exit 2 naming a line",
)
@FUZZ
@given(table_row())
def test_table_row_cut(case):
    name, line, column = case
    lines = list(lines_of(name))
    lines[line - 1] = lines[line - 1][:column]
    with extracted(name, encoded(lines)) as (result, out, plans):
        if check_contract(result, out, name, len(lines)) is None:
            keep_titles(name, plans)
            assert len(plans[0].oqos) >= len(original(name).oqos) - 2


@st.composite
def bad_bytes(draw: st.DrawFn) -> tuple[str, int, bytes]:
    """A plan, the 1-based line before which to insert bytes that are not UTF-8, and them."""
    name = draw(st.sampled_from(PLANS))
    line = draw(st.integers(1, len(lines_of(name))))
    return name, line, draw(st.sampled_from([b"\xff", b"\xc3(", b"\xe9t\xe9", b"\xed\xa0\x80"]))


@pytest.mark.case(
    "Sources",
    "bytes that are not UTF-8",
    "exit 2: FILE:LINE of the first bad byte, nothing written",
)
@settings(FUZZ, max_examples=20)
@given(bad_bytes())
def test_bytes_that_are_not_utf8(case):
    name, line, junk = case
    lines = [line.encode("utf-8") for line in lines_of(name)]
    lines[line - 1] = junk + lines[line - 1]
    data = b"\n".join(lines)
    with extracted(name, data) as (result, out, _plans):
        assert check_contract(result, out, name, data.count(b"\n") + 1) == line
        assert "not UTF-8 text" in result.err


SEPARATORS = ("\r\n", "\f", "\v", "\x1c", "\x85", "\u2028", "\u2029")


@st.composite
def separators(draw: st.DrawFn) -> tuple[str, str, list[int]]:
    """A plan, a separator and the lines it ends: a carriage return before every line
    feed, or a form feed, vertical tab, U+2028… at the end of some lines."""
    name = draw(st.sampled_from(PLANS))
    separator = draw(st.sampled_from(SEPARATORS))
    if separator == "\r\n":
        return name, separator, []
    return name, separator, draw(st.lists(st.integers(1, len(lines_of(name)) - 1), max_size=40))


@pytest.mark.case(
    "Sources",
    "form feeds, U+2028 and Windows line ends",
    "the same pages and anomalies at the same lines (only a line feed ends a line)",
)
@settings(FUZZ, max_examples=8)
@given(separators())
def test_other_line_separators_keep_line_numbers(case):
    name, separator, ended = case
    lines = list(lines_of(name))
    if separator == "\r\n":
        lines = [f"{line}\r" for line in lines]
    for line in ended:
        lines[line - 1] += separator
    text = "\n".join(lines)
    with extracted(name, text.encode("utf-8")) as (result, out, plans):
        check_contract(result, out, name, text.count("\n") + 1)
        plan, same = plans[0], original(name)
        assert [(d.span, d.title) for d in plan.defis] == [(d.span, d.title) for d in same.defis]
        assert [(o.span, o.title) for o in plan.objectifs] == [
            (o.span, o.title) for o in same.objectifs
        ]
        assert sorted((a.line, a.kind) for a in plan.anomalies) == sorted(
            (a.line, a.kind) for a in same.anomalies
        )


@pytest.mark.case("Sources", "empty file", "exit 2: FILE:1: empty source text")
@pytest.mark.parametrize("data", [b"", b"\n\n  \n\t\n"], ids=["empty", "blank"])
def test_empty_file(data):
    with extracted("32-gers.txt", data) as (result, out, _plans):
        assert check_contract(result, out, "32-gers.txt", 4) == 1
        assert result.err.endswith(": empty source text\n")


@pytest.mark.case(
    "Sources",
    "a 50 MB file",
    "exit 2 within seconds, naming the line where the text passes 5 MB; memory bounded",
)
@pytest.mark.parametrize("kind", ["plan repeated", "random text"])
def test_a_50_mb_file(tmp_path, kind):
    plan = (SOURCES_DIR / "32-gers.txt").read_bytes()
    big = tmp_path / "sources" / "32-gers.txt"
    big.parent.mkdir()
    with big.open("wb") as handle:
        if kind == "plan repeated":
            for _ in range(50_000_000 // len(plan) + 1):
                handle.write(plan)
        else:
            handle.write(random.Random(8).randbytes(50_000_000))
    head = big.open("rb").read(MAX_SOURCE_BYTES)
    tracemalloc.start()
    result = run("extract", "--sources", str(big.parent), "--out", str(tmp_path / "out"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    line, message = error_line(result, "32-gers.txt")
    assert line == head.count(b"\n") + 1
    assert "passes 5,000,000 bytes" in message
    assert peak < 3 * MAX_SOURCE_BYTES
    assert not (tmp_path / "out").exists()


@pytest.mark.case(
    "Sources",
    "two plans of one département",
    "exit 2 naming the second file, nothing written",
)
def test_two_plans_of_one_departement(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources / "32-gers-bis.txt")
    result = run("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    line, message = error_line(result, "32-gers.txt")
    assert (line, message) == (1, "département 32 is already the plan of 32-gers-bis.txt")
    assert not (tmp_path / "out").exists()


@pytest.mark.case(
    "Sources",
    "an unexpected error inside the extractor",
    "exit 2, one line naming the plan and the error, no traceback, nothing written",
)
def test_an_unexpected_error_names_the_plan():
    data = (SOURCES_DIR / "34-herault.txt").read_bytes()
    with (
        mock.patch("sts_graph.extract.plan.find_oqos", side_effect=KeyError("zone")),
        extracted("34-herault.txt", data) as (result, out, _plans),
    ):
        assert result.code == 2
        assert result.err.count("\n") == 1
        assert result.err.endswith("34-herault.txt: cannot extract: KeyError: 'zone'\n")
        assert {p.name: p.read_bytes() for p in out.iterdir()} == COMMITTED


@pytest.mark.case(
    "Sources",
    "a failure while the Turtle is serialised",
    "the previous files untouched, no temporary file left",
)
def test_no_file_is_replaced_before_all_are_serialised(tmp_path):
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    out.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    for file, content in COMMITTED.items():
        (out / file).write_bytes(content)
    real, calls = mapping.turtle, []

    def failing_third(graph):
        calls.append(graph)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(graph)

    plans, framework = extract(sources)
    with mock.patch.object(mapping, "turtle", failing_third), pytest.raises(OSError):
        mapping.write(plans, framework, out)
    assert len(calls) == 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == COMMITTED


@pytest.mark.case(
    "Sources",
    "an output folder that cannot be written",
    "exit 2: one line naming the output, nothing written",
)
def test_unwritable_output(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    (tmp_path / "out").write_text("a file, not a folder\n")
    result = run("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert re.fullmatch(r"sts-graph: \S+/out/framework\.ttl: cannot write: .+\n", result.err)
    assert (tmp_path / "out").read_text() == "a file, not a folder\n"


@pytest.mark.case(
    "Sources",
    "written files",
    "readable by others like any new file (umask), no temporary file left",
)
def test_written_files_have_the_usual_mode(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    result = run("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    (tmp_path / "probe").write_text("")
    usual = (tmp_path / "probe").stat().st_mode & 0o777
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert modes == dict.fromkeys(["32-gers.ttl", "framework.ttl", "vocabularies.ttl"], usual)


@pytest.mark.case(
    "Sources",
    "a FIFO (or any file that is not a regular file) named `*.txt` among the sources",
    "refused at once: exit 2, one line naming it (reading it would hang)",
)
def test_a_fifo_among_the_sources_is_refused_at_once(tmp_path):
    import os

    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    os.mkfifo(sources / "09-tube.txt")
    result = run("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert (result.code, result.out) == (2, "")
    assert (
        result.err
        == f"sts-graph: {sources / '09-tube.txt'}: not a regular file, not read as a plan\n"
    )


@pytest.mark.case(
    "Sources",
    "a plan copied under another département's code",
    "refused: exit 2, one line naming both files",
)
def test_a_plan_copied_under_another_code_is_refused(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources / "46-lot.txt")
    result = run("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"sts-graph: {sources / '46-lot.txt'}:1: the same text as 32-gers.txt"
        " (a plan copied under another département's code?)\n"
    )


def extract_with_actions(tmp_path: Path, actions: list[str]) -> Result:
    """``extract`` of the Gers plan with *actions* added under its first « En pratique »."""
    lines = (SOURCES_DIR / "32-gers.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "En pratique" in line)
    sources = tmp_path / "sources"
    sources.mkdir()
    text = "\n".join([*lines[: at + 1], *actions, *lines[at + 1 :]]) + "\n"
    (sources / "32-gers.txt").write_text(text, encoding="utf-8")
    return run("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))


@pytest.mark.case(
    "Sources",
    "a plan of 300,000 one-line actions (3 MB, under the size limit)",
    "exit 2 at once, naming the line where the text passes 50,000 lines; no minutes of work",
)
def test_a_plan_of_300000_lines_is_refused_at_once(tmp_path):
    started = time.monotonic()
    result = extract_with_actions(tmp_path, [f"- A{n}." for n in range(300_000)])
    line, message = error_line(result, "32-gers.txt")
    assert (line, message) == (50_001, "the text passes 50,000 lines here, more than a plan holds")
    assert time.monotonic() - started < 10


@pytest.mark.case(
    "Sources",
    "a section « En pratique » of 20,000 entries (a plan under every size limit)",
    "reported with its line (« holds 20,000 entries: the first 1,000 are read »), exit 0,"
    " read in seconds",
)
def test_a_section_of_thousands_of_items_is_reported_not_processed(tmp_path):
    started = time.monotonic()
    result = extract_with_actions(tmp_path, [f"- Action {n} du plan." for n in range(20_000)])
    assert result.code == 0, result.err
    assert "holds 20,000 entries: the first 1,000 are read" in result.out
    assert time.monotonic() - started < 30


def decompression_bomb(path: Path, size: int) -> Path:
    """A one-page PDF whose content stream, a few hundred kB, inflates to *size* bytes."""
    packer = zlib.compressobj(9)
    chunk = b"0 0 m " * (1 << 16)
    body = b"".join(packer.compress(chunk) for _ in range(size // len(chunk))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, written in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + written + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (5, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.case(
    "Sources",
    "a PDF decompression bomb (a stream of a few hundred kB inflating to 512 MB)",
    "exit 2 in one line naming the PDF, its reading held to its memory bound, nothing written",
)
def test_a_decompression_bomb_is_stopped_at_the_memory_bound(tmp_path, monkeypatch):
    from sts_graph.core.errors import InputError
    from sts_graph.extract import pdf

    monkeypatch.setattr(pdf, "READ_MEMORY", 256 << 20)
    bomb = decompression_bomb(tmp_path / "46-lot.pdf", 512 << 20)
    assert bomb.stat().st_size < 1 << 20
    started = time.monotonic()
    with pytest.raises(InputError, match=r"46-lot\.pdf: cannot read the PDF: .*decompression bomb"):
        extract(tmp_path)
    assert time.monotonic() - started < 60
    assert sorted(p.name for p in tmp_path.iterdir()) == ["46-lot.pdf"]


@pytest.mark.case(
    "Sources",
    "a symbolic link loop among the sources (`46-lot.pdf` pointing to itself)",
    "exit 2 in one line naming it",
)
def test_a_symbolic_link_loop_is_one_line(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    (sources / "46-lot.pdf").symlink_to("46-lot.pdf")
    result = run("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert (result.code, result.err) == (
        2,
        f"sts-graph: {sources / '46-lot.pdf'}: not a regular file, not read as a plan\n",
    )
