"""A plan dropped as ``NN-name.pdf`` → its text ``NN-name.txt`` written beside it.

The text comes from the ``pypdfium2`` library (PDFium keeps each printed line,
with the space that ends it as pdftotext's raw output does; on a plan made into
a PDF it reads back every page fact of the text), else from poppler's
``pdftotext``, which runs with ``-layout``, the mode that keeps the
plans' lines and paragraphs: its default mode joins lines (a line ending in a
hyphen is glued to the next, ``2023-`` / ``2028`` → ``20232028``) and ``-raw``
drops the blank lines between paragraphs, which the extractor reads as block
ends; ``-layout`` keeps every printed line, the blank lines of vertical gaps and
the indentation, and pads table columns with runs of spaces (it also sets
side-by-side columns on shared lines, and may close a narrow gap: ``C 0`` →
``C0``). No mode keeps the spaces that end the lines of the committed texts.
``-nopgbrk`` leaves out the form feeds, which the plans' texts do not have.

A conversion is kept beside its PDF with a sidecar ``.NN-name.pdf.sha256`` in
``sha256sum`` format (``sha256sum -c`` checks it) naming the PDF and the text.
The text is reused while it is newer than the PDF and both still match their
sums, else converted again; a ``.txt`` with no sidecar was not written here and
is never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError, OutputError
from ..store import display_path

PDFTOTEXT = ["pdftotext", "-enc", "UTF-8", "-layout", "-nopgbrk"]
TIMEOUT = 300  # seconds; a plan of 200 pages takes well under one


def pdf_text(pdf: Path) -> Path:
    """The text of *pdf*, converted unless the conversion beside it is up to date."""
    txt, sums = pdf.with_suffix(".txt"), pdf.with_name(f".{pdf.name}.sha256")
    try:
        pdf_sum = _sha256(pdf)
        if _up_to_date(pdf, pdf_sum, txt, sums):
            return txt
    except OSError as error:
        raise InputError(f"{display_path(pdf)}: cannot read: {error.strerror or error}") from error
    try:
        with _replacing(txt) as out:
            _convert(pdf, out)
            if not out.read_text(encoding="utf-8").strip():
                raise InputError(f"{display_path(pdf)}: cannot read the PDF: it has no text")
            # the sums first: stopped between the two, the old text fails its sum
            with _replacing(sums) as new_sums:
                new_sums.write_bytes(_sums(pdf, pdf_sum, txt, _sha256(out)))
    except OSError as error:
        reason = error.strerror or error
        raise OutputError(f"{display_path(txt)}: cannot write: {reason}") from error
    return txt


def _up_to_date(pdf: Path, pdf_sum: str, txt: Path, sums: Path) -> bool:
    """Whether *txt* is newer than *pdf* and both match the sidecar *sums*; a *txt*
    with no sidecar was not converted here, and stops the conversion."""
    if not txt.exists():
        return False
    if not sums.exists():
        raise InputError(
            f"{display_path(txt)}: was not converted from {pdf.name}; "
            "move one of them away (this text is never overwritten)"
        )
    newer = txt.stat().st_mtime_ns >= pdf.stat().st_mtime_ns
    return newer and sums.read_bytes() == _sums(pdf, pdf_sum, txt, _sha256(txt))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sums(pdf: Path, pdf_sum: str, txt: Path, txt_sum: str) -> bytes:
    """The sidecar's content, as ``sha256sum`` writes it."""
    return f"{pdf_sum}  {pdf.name}\n{txt_sum}  {txt.name}\n".encode()


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside *target* that replaces it if the block succeeds; gone
    in any case (an error or Ctrl-C leaves *target* as it was)."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _convert(pdf: Path, out: Path) -> None:
    """Write the text of *pdf* into *out*: with pypdfium2, else with pdftotext."""
    try:
        import pypdfium2
    except ImportError:
        _pdftotext(pdf, out)
        return
    try:
        with pypdfium2.PdfDocument(pdf) as document:
            pages = [page.get_textpage().get_text_range() for page in document]
    except pypdfium2.PdfiumError as error:
        raise InputError(f"{display_path(pdf)}: cannot read the PDF: {error}") from None
    text = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    # PDFium marks a hyphen that ends a line as U+FFFE and joins the lines: keep both
    out.write_text(text.replace("\ufffe", "-\n") + "\n", encoding="utf-8")


def _pdftotext(pdf: Path, out: Path) -> None:
    """Write the text of *pdf* into *out* with poppler's pdftotext."""
    if not shutil.which("pdftotext"):
        raise InputError(
            f"{display_path(pdf)}: cannot convert a PDF: install the Python package "
            "pypdfium2 or poppler's pdftotext (Debian package poppler-utils)"
        )
    try:
        done = subprocess.run(
            [*PDFTOTEXT, str(pdf), str(out)], capture_output=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"{display_path(pdf)}: cannot read the PDF: pdftotext ran over {TIMEOUT} s"
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = (said or [f"exit code {done.returncode}"])[-1]
        raise InputError(f"{display_path(pdf)}: cannot read the PDF: {reason}")
