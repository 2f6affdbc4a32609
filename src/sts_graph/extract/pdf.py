"""A plan dropped as ``NN-name.pdf`` → its text ``NN-name.txt`` written beside it.

The PDF is read by its layout, not by a text dump: :mod:`.glyphs` gives each page's
words with their boxes, sizes and weights (pypdfium2, PDFium's text page), and
:mod:`.layout` gathers them into headings, paragraphs, list items and tables in
reading order, running headers and footers left out. The text written here is that
structure in the form the text reader takes (markdown headings, ``- `` items,
tab-separated cells, a form feed opening each page, so that every line keeps its
page: the graph cites a PDF's facts by page and the text by line).

A conversion is kept beside its PDF with a sidecar ``.NN-name.pdf.sha256`` in
``sha256sum`` format (``sha256sum -c`` checks it) naming the PDF and the text.
The text is reused while both still match their sums, and converted again when
the PDF changed. A text edited since it was written (no longer its sum), or a
``.txt`` with no sidecar (not written here), is never overwritten: the reading
stops naming it, and ``sts-graph convert`` converts again only when asked, the
text kept beside as ``NN-name.txt.edited``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from sts_graph.core.checksums import read_sums, sha256, sums_text
from sts_graph.core.child import ChildCrash, ChildOutOfMemory, ChildTimeout, bounded
from sts_graph.core.durable import replacing
from sts_graph.core.errors import InputError, OutputError
from sts_graph.core.files import display_path
from sts_graph.extract.glyphs import PdfReadError, read_pages
from sts_graph.extract.layout import Block, Line, blocks, fits
from sts_graph.extract.text import PAGE_BREAK

EDITED = ".edited"  # the suffix of a text kept aside by a forced conversion


def _beside(pdf: Path) -> tuple[Path, Path]:
    """The text converted from *pdf* and the sidecar of their sums, beside it."""
    return pdf.with_suffix(".txt"), pdf.with_name(f".{pdf.name}.sha256")


def pdf_text(pdf: Path, force: bool = False) -> Path:
    """The text of *pdf*, converted unless the conversion beside it is up to date; with
    *force*, converted again even over a text edited by hand, kept as ``….txt.edited``."""
    txt, sums = _beside(pdf)
    try:
        pdf_sum = sha256(pdf)
        if not force and _up_to_date(pdf, pdf_sum, txt, sums):
            return txt
        if edited_text(pdf):  # converted again: the text it replaces is kept
            with replacing(txt.with_name(txt.name + EDITED)) as copy:
                copy.write_bytes(txt.read_bytes())
    except OSError as error:
        raise InputError(f"{display_path(pdf)}: cannot read: {error.strerror or error}") from error
    try:
        with replacing(txt) as out:
            _convert(pdf, out)
            if not out.read_text(encoding="utf-8").strip():
                raise InputError(f"{display_path(pdf)}: cannot read the PDF: it has no text")
            text_sum = sha256(out)
        # the text first: stopped before its sums, it is a conversion of a PDF that no
        # longer matches the old sums, converted again (and kept) on the next reading
        with replacing(sums) as new_sums:
            new_sums.write_text(
                sums_text({pdf.name: pdf_sum, txt.name: text_sum}), encoding="utf-8"
            )
    except OSError as error:
        reason = error.strerror or error
        raise OutputError(f"{display_path(txt)}: cannot write: {reason}") from error
    return txt


def _up_to_date(pdf: Path, pdf_sum: str, txt: Path, sums: Path) -> bool:
    """Whether *txt* and *pdf* both match the sidecar *sums* (False when *pdf* changed
    since); a *txt* with no sidecar, or edited while its PDF stayed the same, stops
    the reading, naming the command that converts again."""
    if not txt.exists():
        return False
    again = f"sts-graph convert {display_path(pdf)}"
    if not sums.exists():
        raise InputError(
            f"{display_path(txt)}: was not converted from {pdf.name}; move one of them away, "
            f"or convert again with `{again}` (this text is then kept as {txt.name}{EDITED})"
        )
    same_pdf = read_sums(sums).get(pdf.name) == pdf_sum
    if same_pdf and not _as_written(txt, sums):
        raise InputError(
            f"{display_path(txt)}: edited since it was converted from {pdf.name}; to read "
            f"the edit, move {pdf.name} away; to convert again, run `{again}` (the edited "
            f"text is then kept as {txt.name}{EDITED})"
        )
    return same_pdf


def edited_text(pdf: Path) -> Path | None:
    """The text beside *pdf* when a conversion did not write it as it is now."""
    txt, sums = _beside(pdf)
    return txt if txt.exists() and not _as_written(txt, sums) else None


def _as_written(txt: Path, sums: Path) -> bool:
    """Whether *txt* is the text a conversion wrote (its sidecar records its sum)."""
    return sums.exists() and read_sums(sums).get(txt.name) == sha256(txt)


READ_SECONDS = 300.0  # a PDF is read within this time (a 50-page plan takes two seconds)
READ_MEMORY = 1 << 30  # and this much memory beyond the process (a decompression bomb is stopped)


def _convert(pdf: Path, out: Path) -> None:
    """Write the text of *pdf*, read by its layout (:mod:`.layout`), into *out*; read in
    a child process held to :data:`READ_SECONDS` and :data:`READ_MEMORY`."""
    name = display_path(pdf)
    try:
        text = bounded(lambda: derived_text(blocks(read_pages(pdf))), READ_SECONDS, READ_MEMORY)
    except PdfReadError as error:
        raise InputError(f"{name}: cannot read the PDF: {error}") from None
    except ChildTimeout:
        raise InputError(f"{name}: cannot read the PDF within {READ_SECONDS:g} s") from None
    except ChildOutOfMemory:
        raise InputError(
            f"{name}: cannot read the PDF: it needs more than {READ_MEMORY >> 30} GB of memory "
            "(a decompression bomb?)"
        ) from None
    except ChildCrash as crash:  # PDFium aborts when an allocation fails
        raise InputError(
            f"{name}: cannot read the PDF: PDFium stopped ({crash.how}), a damaged PDF or one "
            f"that needs more than {READ_MEMORY >> 30} GB of memory (a decompression bomb?)"
        ) from None
    out.write_text(text, encoding="utf-8")


def derived_text(read: list[Block]) -> str:
    """The blocks as a plan's text: a heading ``#``-marked, a list item after ``- ``, a
    table row's cells apart by tabs, one printed line a line, a blank line between
    blocks; a page's first line opens with a form feed (as ``pdftotext`` parts
    pages), so that each line's page can be counted."""
    lines: list[str] = []
    page = 1
    for block in read:
        lines.append("")
        for text, on in _printed(block):
            lines.append(PAGE_BREAK * (on - page) + text)
            page = max(page, on)
    return "\n".join(lines).lstrip("\n") + "\n"


def _printed(block: Block) -> list[tuple[str, int]]:
    """The lines of text that print *block*, each with its page."""
    if block.kind == "table":
        return [("\t".join(row).rstrip("\t") or " ", block.page) for row in block.rows]
    texts = [line.text for line in block.lines]
    if block.kind == "heading":
        joined = " ".join(t.replace("**", "") for t in texts)
        return [(f"{'#' * block.level} {joined}", block.page)]
    if block.bold:
        texts = [f"**{t}**" for t in texts]
    if block.kind == "item":
        texts[0] = f"- {texts[0].lstrip('*')[2:]}" if not block.bold else f"- **{texts[0][4:]}"
    broken = _hard_breaks(block.lines)
    printed = _links_joined(
        [
            _Printed(text, line.page, hard, line.x1 >= line.right - line.size)
            for text, line, hard in zip(texts, block.lines, broken, strict=True)
        ]
    )
    return [(f"{p.text}{HARD_BREAK if p.hard else ''}", p.page) for p in printed]


@dataclass
class _Printed:
    """A line of text as written: its page, whether the plan broke it by hand, and
    whether it fills its column (to within an em)."""

    text: str
    page: int
    hard: bool
    full: bool


LINK = r"(?:https?://|www\.)"
CUT_LINK = re.compile(rf"{LINK}\S*$")  # a line that ends inside a link
LINK_BREAKS = "-/_.?=&#"  # where a layout breaks a link


def _links_joined(lines: list[_Printed]) -> list[_Printed]:
    """*lines* with a link that a layout wrapped (a full line, or a wrap at the link's
    punctuation: a layout breaks a long link anywhere) joined again on its first line,
    with no space: the next line's first word, unless it opens in upper case or opens
    a link; a line left empty goes."""
    index = 0
    while index < len(lines) - 1:
        line, after = lines[index], lines[index + 1]
        head, _, rest = after.text.partition(" ")
        at_break = bool({line.text[-1:], head[:1]} & set(LINK_BREAKS))
        wrapped = line.full or (not line.hard and at_break)
        cut = wrapped and CUT_LINK.search(line.text)
        if not cut or not head or head[:1].isupper() or re.match(LINK, head):
            index += 1
        elif rest:
            line.text, after.text = line.text + head, rest
            index += 1
        else:
            line.text, line.hard, line.full = line.text + head, after.hard, after.full
            del lines[index + 1]
    return lines


HARD_BREAK = "  "  # two spaces end a line the plan breaks by hand, as in its text form


def _hard_breaks(lines: list[Line]) -> list[bool]:
    """Whether each line of a paragraph was broken by hand: the next line's first word
    would have fitted after it (:func:`.layout.fits`), as « signataires de l'ACI » over
    « 1 Dispositif d'Appui… »."""
    return [*(fits(line, following) for line, following in pairwise(lines)), False][: len(lines)]
