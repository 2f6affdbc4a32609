"""A plan dropped as a PDF: converted to text beside it, once, and never half-written.

The PDFs are made here with fpdf2 from a committed plan, one source line per PDF
line (Debian's fonts-dejavu-core gives the Unicode font); the layouts an agency
prints are typeset by ``typeset.py`` and tested in ``test_layouts.py``.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fpdf import FPDF
from helpers import facts, one_line_error, sts
from rdflib import Graph

from sts_graph import mapping
from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import STS
from sts_graph.core.paths import SOURCES_DIR
from sts_graph.extract import extract
from sts_graph.extract import pdf as pdf_module
from sts_graph.extract.pdf import pdf_text

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ARIEGE = SOURCES_DIR / "09-ariege.txt"
SIZE = 8  # points; a line is SIZE * 1.25 high
SHA256SUM = shutil.which("sha256sum")  # found before a test empties PATH


def make_pdf(lines: list[str], path: Path) -> Path:
    """A PDF printing *lines* one per PDF line, on pages wide enough never to wrap one."""
    assert FONT.exists(), f"{FONT} is missing: apt-get install fonts-dejavu-core"
    document = FPDF(unit="pt", format=(1000, 700))
    document.set_auto_page_break(True, margin=20)
    document.set_margins(20, 20)
    document.add_font("DejaVu", fname=str(FONT))
    document.set_font("DejaVu", size=SIZE)
    document.add_page()
    for line in lines:
        assert document.get_string_width(line) < document.epw, line
        if line:
            document.cell(text=line, h=SIZE * 1.25, new_x="LMARGIN", new_y="NEXT")
        else:
            document.ln(SIZE * 1.25)
    document.output(str(path))
    return path


def plan_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


BULLET = re.compile(r"^[-•→▪■●◦]\s+")


def collapsed(line: str) -> str:
    """*line* with its runs of spaces as one, none at its ends, and no bullet (the
    reader writes every bullet ``- ``) nor form feed."""
    return BULLET.sub("", " ".join(line.replace("\f", "").split()))


@pytest.fixture(scope="module")
def ariege_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(plan_lines(ARIEGE), tmp_path_factory.mktemp("made") / "09-ariege.pdf")


@pytest.fixture
def dropped(ariege_pdf: Path, tmp_path: Path) -> Path:
    """The Ariège PDF dropped in a folder of its own."""
    folder = tmp_path / "sources"
    folder.mkdir()
    return Path(shutil.copy(ariege_pdf, folder / "09-ariege.pdf"))


def test_converted_text_holds_the_plan(dropped: Path, plans) -> None:
    txt = pdf_text(dropped)
    assert txt == dropped.with_suffix(".txt")
    lines = plan_lines(txt)
    # counted in 09-ariege.txt: 26 « DÉFI # » lines, one « Le défi à relever » per objectif
    assert sum("DÉFI #" in line for line in lines) == 26
    assert sum("Le défi à relever" in line for line in lines) == 26
    read = {collapsed(line) for line in lines}
    for printed in (
        "Notre Projet régional de santé 2023-",  # a line ending in a hyphen stays a line
        "DÉFI #3 Adapter la stratégie de prévention et promotion",
        "DÉFI #4 Renforcer le dépistage, le repérage et",
        "Hospitalisation complète 3",
        "Densité de population",
    ):
        assert printed in read
    original = [collapsed(line) for line in plan_lines(ARIEGE) if line.strip()]
    lost = [line for line in original if line not in read]
    assert lost == []
    # the extractor finds the same pages in the converted text as in the original
    (plan,), _ = extract(txt.parent)
    assert [d.title for d in plan.defis] == [d.title for d in plans["09-ariege"].defis]
    assert [o.title for o in plan.objectifs] == [o.title for o in plans["09-ariege"].objectifs]


PAGE = re.compile(r"/sts/09/(?:defi|objectif|oqos)/[^/]+(?:/\d+)?$")


PRINTED_LINES_KEPT = 0.845  # the share of page facts kept today (raise it, never lower it)


def page_facts(sources: Path) -> set[tuple]:
    """The facts of the défi, objectif and OQOS pages of the plan in *sources*, source
    lines apart (their actions and chiffres-clés aside)."""
    (plan,), framework = extract(sources)
    written = mapping.turtle(mapping.plan_graph(plan, framework))
    return {
        t
        for t in facts(Graph().parse(data=written, format="turtle"))
        if PAGE.search(str(t[0])) and t[1] not in (STS.hasAction, STS.hasChiffreCle)
    }


def test_a_plan_dropped_as_a_pdf_gives_the_facts_of_its_text(dropped: Path, tmp_path: Path) -> None:
    text = tmp_path / "text"
    text.mkdir()
    shutil.copy(ARIEGE, text)
    want, got = page_facts(text), page_facts(dropped.parent)
    assert len(want) > 2500
    # a text dump printed line by line: what pdftotext's raw lines tell by their trailing
    # spaces no page shows, so its paragraphs read as printed (see test_layouts.py)
    assert len(want & got) >= PRINTED_LINES_KEPT * len(want), sorted(want - got)[:20]


@pytest.mark.parametrize("damage", ["random bytes", "truncated"])
def test_a_damaged_pdf_is_refused_and_leaves_nothing(
    ariege_pdf: Path, tmp_path: Path, damage: str
) -> None:
    bad = tmp_path / "12-damaged.pdf"
    if damage == "random bytes":
        bad.write_bytes(random.Random(9).randbytes(4000))
    else:
        bad.write_bytes(ariege_pdf.read_bytes()[: ariege_pdf.stat().st_size // 2])
    with pytest.raises(InputError, match=r"12-damaged\.pdf: cannot read the PDF: \S"):
        pdf_text(bad)
    assert list(tmp_path.iterdir()) == [bad]


def test_a_pdf_without_text_is_refused(tmp_path: Path) -> None:
    blank = make_pdf([""], tmp_path / "12-blank.pdf")
    with pytest.raises(InputError, match=r"12-blank\.pdf: cannot read the PDF: it has no text"):
        pdf_text(blank)
    assert list(tmp_path.iterdir()) == [blank]


def test_the_conversion_is_reused_until_the_pdf_changes(dropped: Path) -> None:
    txt = pdf_text(dropped)
    sums = dropped.with_name(".09-ariege.pdf.sha256")
    if SHA256SUM:  # the sidecar is in sha256sum's own format
        subprocess.run([SHA256SUM, "--check", "--quiet", sums.name], cwd=sums.parent, check=True)
    before = txt.stat()
    assert pdf_text(dropped) == txt
    after = txt.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    make_pdf([*plan_lines(ARIEGE), "Une ligne ajoutée"], dropped)
    pdf_text(dropped)
    assert "Une ligne ajoutée" in txt.read_text(encoding="utf-8")
    assert txt.stat().st_ino != before.st_ino


def test_a_text_edited_by_hand_is_kept_and_converted_again_only_when_asked(
    dropped: Path,
) -> None:
    txt = pdf_text(dropped)
    converted = txt.read_text(encoding="utf-8")
    txt.write_text(converted.replace("Ariège", "Ariège (corrigé)"), encoding="utf-8")
    edited = txt.read_text(encoding="utf-8")
    result = sts("extract", "--sources", str(dropped.parent), "--out", str(dropped.parent / "t"))
    line = one_line_error(result, code=2)
    assert "09-ariege.txt: edited since it was converted from 09-ariege.pdf" in line
    assert f"sts-graph convert {dropped}" in line
    assert txt.read_text(encoding="utf-8") == edited
    result = sts("convert", str(dropped))
    assert result.returncode == 0, result.stderr
    assert "the text it replaced is kept as" in result.stdout
    assert txt.read_text(encoding="utf-8") == converted
    assert txt.with_name("09-ariege.txt.edited").read_text(encoding="utf-8") == edited


def test_a_text_edited_and_its_pdf_replaced_is_kept_aside(dropped: Path) -> None:
    txt = pdf_text(dropped)
    txt.write_text("edited\n", encoding="utf-8")
    make_pdf([*plan_lines(ARIEGE), "Une ligne ajoutée"], dropped)
    pdf_text(dropped)
    assert "Une ligne ajoutée" in txt.read_text(encoding="utf-8")
    assert txt.with_name("09-ariege.txt.edited").read_text(encoding="utf-8") == "edited\n"


def test_a_text_not_converted_here_is_never_overwritten(dropped: Path) -> None:
    txt = dropped.with_suffix(".txt")
    txt.write_text("a plan typed by hand\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"09-ariege\.txt: was not converted from 09-ariege\.pdf"):
        pdf_text(dropped)
    assert txt.read_text(encoding="utf-8") == "a plan typed by hand\n"


def test_an_interrupted_conversion_leaves_the_previous_text(
    dropped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    txt = pdf_text(dropped)
    converted = txt.read_text(encoding="utf-8")
    make_pdf(plan_lines(ARIEGE)[:100], dropped)
    files = sorted(dropped.parent.iterdir())

    def interrupted(source: Path, out: Path) -> None:
        out.write_text("half a plan\n", encoding="utf-8")
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(pdf_module, "_convert", interrupted)
        with pytest.raises(KeyboardInterrupt):
            pdf_text(dropped)
    assert sorted(dropped.parent.iterdir()) == files
    assert txt.read_text(encoding="utf-8") == converted
    assert len(plan_lines(pdf_text(dropped))) < len(converted.splitlines())  # then redone


def test_extract_reads_a_dropped_pdf_and_a_damaged_one_fails_in_one_line(
    dropped: Path, tmp_path: Path
) -> None:
    out = tmp_path / "turtle"
    result = sts("extract", "--sources", str(dropped.parent), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "09-ariege.txt: défi codes 14/14, objectif codes 26/26" in result.stdout
    (dropped.parent / "12-aveyron.pdf").write_bytes(b"%PDF-1.7\n% not a real PDF\n")
    failed = sts("extract", "--sources", str(dropped.parent), "--out", str(out))
    line = one_line_error(failed, code=2)
    assert re.fullmatch(r"sts-graph: \S*12-aveyron\.pdf: cannot read the PDF: .+", line), line


def test_build_on_a_folder_of_pdfs_only_writes_and_validates_the_graph(
    dropped: Path, tmp_path: Path
) -> None:
    out = tmp_path / "turtle"
    result = sts("build", "--sources", str(dropped.parent), "--out", str(out), "--no-reason")
    assert result.returncode == 0, result.stderr
    assert "09-ariege.txt: défi codes 14/14, objectif codes 26/26" in result.stdout
    assert "validation: 0 violation(s)" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "09-ariege.ttl",
        "framework.ttl",
        "vocabularies.ttl",
    ]
    written = Graph().parse(out / "09-ariege.ttl")
    assert len(set(written.objects(None, STS.pageStart))) > 40  # every page cited
