"""A PDF's pages as the words they print, each with its box, size and weight.

PDFium (through pypdfium2) gives every character of a page with its box, its font
size and its font weight; characters are gathered into words here, on their
baseline, apart at a space or a gap. Nothing else of the project reads a PDF.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

MAX_PAGES = 2_000  # ten times the longest plan: the work stays bounded
MAX_CHARS_PER_PAGE = 100_000  # thirty times a dense page of text
BOLD_WEIGHT = 600  # a font weight from which a word is set in bold
SOFT_HYPHENS = (0x02, 0xFFFE)
WORD_GAP = 0.15  # a gap wider than this share of the font size parts two words
SAME_LINE = 0.35  # baselines closer than this share of the font size are one line


@dataclass(frozen=True)
class Word:
    """One printed word: its box in points from the page's top left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def baseline(self) -> float:
        return self.bottom - 0.2 * self.size


@dataclass(frozen=True)
class Page:
    """The words of one page, with its size in points."""

    number: int  # 1-based, as a PDF viewer's ``#page=N`` counts
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Box, ...] = ()  # the boxes of the lines and rectangles it draws


Box = tuple[float, float, float, float]  # x0, top, x1, bottom, in points from the top left


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    bold: bool


class PdfReadError(Exception):
    """The PDF cannot be read (damaged, encrypted, over the bounds)."""


def read_pages(path: Path) -> list[Page]:
    """Every page of the PDF at *path* as its words."""
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise PdfReadError(str(error)) from None
    try:
        if len(document) > MAX_PAGES:
            raise PdfReadError(f"{len(document):,} pages, more than a plan holds ({MAX_PAGES:,})")
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    chars = _chars(textpage, height)
                finally:
                    textpage.close()
                rules = _rules(page, height)
            finally:
                page.close()
            pages.append(Page(index + 1, width, height, tuple(_words(chars)), rules))
        return pages
    finally:
        document.close()


def _chars(textpage: pypdfium2.PdfTextPage, height: float) -> list[_Char]:
    """The printed characters of a page (PDFium's generated spaces and line ends left out)."""
    raw = textpage.raw
    count = pdfium.FPDFText_CountChars(raw)
    if count > MAX_CHARS_PER_PAGE:
        raise PdfReadError(f"a page prints {count:,} characters, more than a plan's page holds")
    box = pdfium.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for index in range(count):
        code = pdfium.FPDFText_GetUnicode(raw, index)
        if pdfium.FPDFText_IsGenerated(raw, index) or code in (0, 10, 13):
            continue
        if code in SOFT_HYPHENS:  # PDFium's mark for a hyphen that ends a line
            code = ord("-")
        pdfium.FPDFText_GetLooseCharBox(raw, index, box)
        pdfium.FPDFText_GetCharOrigin(raw, index, x, y)
        size = pdfium.FPDFText_GetFontSize(raw, index)
        weight = pdfium.FPDFText_GetFontWeight(raw, index)
        out.append(
            _Char(chr(code), box.left, box.right, height - y.value, size, weight >= BOLD_WEIGHT)
        )
    return out


def _rules(page: pypdfium2.PdfPage, height: float) -> tuple[Box, ...]:
    """The boxes of the paths a page draws (table rules and cell borders among them)."""
    count = pdfium.FPDFPage_CountObjects(page.raw)
    if count > MAX_CHARS_PER_PAGE:
        raise PdfReadError(f"a page draws {count:,} objects, more than a plan's page holds")
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    out = []
    for index in range(count):
        drawn = pdfium.FPDFPage_GetObject(page.raw, index)
        if pdfium.FPDFPageObj_GetType(drawn) != pdfium.FPDF_PAGEOBJ_PATH:
            continue
        if pdfium.FPDFPageObj_GetBounds(drawn, left, bottom, right, top):
            out.append((left.value, height - top.value, right.value, height - bottom.value))
    return tuple(out)


def _words(chars: list[_Char]) -> list[Word]:
    """*chars* gathered into words: by baseline, then left to right, apart at spaces and gaps."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        if lines and abs(lines[-1][0].baseline - char.baseline) < SAME_LINE * max(char.size, 1):
            lines[-1].append(char)
        else:
            lines.append([char])
    words = []
    for line in lines:
        current: list[_Char] = []
        found: list[Word] = []
        for char in sorted(line, key=lambda c: c.x0):
            gap = char.x0 - current[-1].x1 if current else 0.0
            if char.text.isspace() or (current and gap > WORD_GAP * char.size):
                found.extend(_word(current))
                current = []
            if not char.text.isspace():
                current.append(char)
        found.extend(_word(current))
        words.extend(_bullets_attached(found))
    return words


BULLETS = frozenset("•▪■●◦·→–-✓➢►")
HANG_REACH = 2.5  # ems: a bullet hangs at most this far left of its item's text


def _bullets_attached(line: list[Word]) -> list[Word]:
    """The words of a line, a bullet standing alone joined to the word after it
    (``• Renforcer``), so that the gap of a hanging indent is no column gap; a dash
    alone in a cell or at a column's end (« - », no value) stays apart from the next
    column's first word, a gutter away."""
    out: list[Word] = []
    for word in line:
        if (
            out
            and out[-1].text in BULLETS
            and _opens_column(out, len(out) - 1)
            and word.x0 - out[-1].x1 <= HANG_REACH * word.size
        ):
            bullet = out.pop()
            word = replace(word, text=f"{bullet.text} {word.text}", x0=bullet.x0)
        out.append(word)
    return out


def _opens_column(words: list[Word], index: int) -> bool:
    """Whether *words*[*index*] is the first of its line or of a column of it."""
    return index == 0 or words[index].x0 - words[index - 1].x1 > words[index].size


def _word(chars: list[_Char]) -> list[Word]:
    if not chars:
        return []
    size = max(c.size for c in chars)
    baseline = sum(c.baseline for c in chars) / len(chars)
    bold = sum(c.bold for c in chars) * 2 > len(chars)
    text = "".join(c.text for c in chars)
    top, bottom = baseline - 0.8 * size, baseline + 0.2 * size
    return [Word(text, chars[0].x0, chars[-1].x1, top, bottom, size, bold)]
