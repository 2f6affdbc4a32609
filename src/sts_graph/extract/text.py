"""Source text → a stream of items, whatever the layout of the plan.

An :class:`Item` is one printed fragment with the 1-based line it comes from:
markdown marks (``#``, ``**``, ``<b>``), bullets and escapes are removed, and
fragments glued on one line by bold marks (``#3****Title****Le défi…``) become
separate items that share the line number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache
from pathlib import Path

from sts_graph.core.errors import InputError, LayoutError
from sts_graph.core.files import decode_utf8, display_path
from sts_graph.extract.words import dehyphenate, footnote_marks, join_cut_urls


class Layout(Enum):
    """How a plan's text was written: markdown, pdftotext's raw lines, or plain lines."""

    MARKDOWN = "markdown"
    PLAIN = "plain"
    RAW = "raw"


@dataclass(frozen=True)
class Item:
    """One printed fragment of a source line."""

    line: int
    text: str
    heading: bool = False  # the source line was a markdown heading
    bullet: bool = False  # the fragment opens a bulleted item
    indented: bool = False  # the source line starts with a space (a lost bullet in pdftotext)
    closes: bool = False  # the source line ends with two spaces (a paragraph end in pdftotext)
    cells: tuple[str, ...] = ()  # table cells of the source line (split by tabs or spaces)
    glued: bool = False  # bold marks glue it to the fragment before it on its line
    opens: bool = True  # the fragment starts a paragraph (see :func:`paragraphs`)
    note: bool = False  # the source line opens with one asterisk: a footnote (« * déploiement… »)


@dataclass(frozen=True)
class Source:
    """A plan's text as items, with its file name and layout."""

    path: Path
    layout: Layout
    items: list[Item]
    line_count: int
    pages: tuple[int, ...] = ()  # the page of each line, where form feeds part pages
    paged: bool = False  # form feeds open its pages' first lines of text, as pdftotext writes

    @property
    def name(self) -> str:
        return display_path(self.path)


_BOLD_SPLIT = re.compile(r"\*{2,}")
# « Soins primaires**Chiffres-clés** »: a run-in heading (not « (**449** captages) »,
# « l'**ACI** » or « **MSP**, », bold within the words)
GLUED_BOLD = re.compile(r"(?<=[^\s(«“'’\[/])\*{2,}(?=[^\s).,;:»”\]])")
_TAGS = re.compile(r"</?(?:b|i|sup|sub|br)\s*/?>", re.IGNORECASE)
_BULLET = re.compile(r"^[-•–▪■●◦·→]\s+")
NOTE = re.compile(r"^\s*\*\s")  # one asterisk and a space: a footnote, not bold
# a label set on the line of what it labels, as a layout prints a quote's box:
# « Parole de citoyen « Beaucoup d'acronymes… » » is the label, then the quote
_RUN_IN = re.compile(r"^(Paroles? de citoyens?)\s*(?=[«“])", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_CELL_SEPARATOR = re.compile(r"\t| {2,}")  # table cells: a tab, or a run of spaces
_TAB = re.compile(r"\t")


@cache
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1] or char
    return base.lower() if len(base.lower()) == 1 else char.lower()[:1]


def fold(text: str) -> str:
    """Lower-case *text* and drop its accents, keeping its length."""
    return "".join(map(_fold_char, text)).replace("’", "'").replace("œ", "o")


def key(text: str) -> str:
    """Letters and digits only, folded: the key under which titles are compared."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


_SPACE_BEFORE = re.compile(r"\s+(?=[,)\]]|\.(?!\.))")  # « traitant , taux », « ARS ) »
_SPACE_AFTER = re.compile(r"(?<=[(\[])\s+")  # « ( 449 captages »


def prose(parts: Iterable[str]) -> str:
    """Fragments of printed text joined by one space, with none before a comma, a full
    stop or a closing bracket, nor after an opening one (what bold marks and line
    ends leave behind)."""
    text = _SPACES.sub(" ", " ".join(parts)).strip()
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))


def clean(text: str) -> str:
    """Remove markdown marks and escapes, normalise quotes and spaces."""
    text = _TAGS.sub("", text)
    text = text.replace("\\", "").replace("’", "'").replace("\u00a0", " ")
    return prose([text.strip(" *_\t■")])


def clean_cell(text: str) -> str:
    """A table cell: tags and escapes removed, footnote asterisks kept."""
    text = _TAGS.sub("", text).replace("\\", "").replace("’", "'").replace("\u00a0", " ").strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2]
    return _SPACES.sub(" ", text).strip()


_SENTENCE_END = re.compile(r"[.:;!?)»\"”*]$")
SENTENCE_END = (".", ":", ")", "!", ";", "…")
_LOWER_START = re.compile(r"^\s*[a-zàâäçéèêëîïôöûùüÿœ]")
BROKEN_PARAGRAPHS = 0.2  # above this share of blank lines inside a sentence, blank lines are noise


def blank_lines_inside_sentences(lines: list[str]) -> float:
    """The share of blank-line gaps that fall inside a sentence (the line before does
    not end one, the line after starts in lower case): pdftotext's raw output puts
    blank lines anywhere, a plan written by paragraphs almost never."""
    gaps = inside = 0
    previous, blank = "", False
    for line in lines:
        if not line.strip():
            blank = True
            continue
        if previous and blank:
            gaps += 1
            inside += not _SENTENCE_END.search(previous) and bool(_LOWER_START.match(line))
        previous, blank = line.rstrip(), False
    return inside / gaps if gaps else 0.0


def detect_layout(path: Path, lines: list[str]) -> Layout:
    """Recognise how a plan was written (an empty text fails naming the file): markdown
    headings; pdftotext's raw lines, whose blank lines do not end paragraphs (or whose
    lines end with its trailing space); else plain lines."""
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        raise LayoutError(display_path(path), 1, "empty source text")
    headings = sum(1 for line in nonblank if _MD_HEADING.match(line))
    trailing = sum(1 for line in nonblank if line.endswith(" ") and not line.endswith("  "))
    if headings >= 5:
        return Layout.MARKDOWN
    if trailing / len(nonblank) > 0.3 or blank_lines_inside_sentences(lines) > BROKEN_PARAGRAPHS:
        return Layout.RAW
    return Layout.PLAIN


def split_line(number: int, raw: str, spaced_cells: bool = True) -> list[Item]:
    """The items of one source line; table cells are split by tabs, and by runs of two
    spaces unless *spaced_cells* is false (pdftotext pads its lines with spaces)."""
    stripped = raw.rstrip()
    heading = bool(_MD_HEADING.match(stripped))
    separator = _CELL_SEPARATOR if spaced_cells else _TAB
    if separator.search(stripped.strip(" ")):
        cells = tuple(clean_cell(c) for c in separator.split(stripped.lstrip(" ")))
        text = " ".join(c for c in cells if c)
        indented = raw[:1] == " " and raw[1:2] != " "
        closes = raw.endswith("  ")
        return [Item(number, text, heading, False, indented, closes, cells)] if text else []
    if heading:
        stripped = stripped.lstrip("#")
    items: list[Item] = []
    for block in GLUED_BOLD.split(_RUN_IN.sub(r"\1**", stripped, count=1)):
        glued = bool(items)  # blocks that bold marks glue on one line are printed apart
        for fragment in _BOLD_SPLIT.split(block):
            text = clean(fragment)
            if not text:
                continue
            bullet = False
            if not items:
                match = _BULLET.match(text)
                if match:
                    bullet, text = True, text[match.end() :].strip()
            if text:
                indented = not items and raw[:1] == " " and raw[1:2] != " "
                closes = raw.endswith("  ")
                note = not items and bool(NOTE.match(raw))
                items.append(
                    Item(number, text, heading, bullet, indented, closes, glued=glued, note=note)
                )
                glued = False
    return items


ZONE_CELL = re.compile(r"\d[0-9AB]")  # a département's code alone: a table's zone cell
FULL_LINE = 0.9  # a pdftotext line shorter than this share of the column ends a paragraph
COLUMN_PERCENTILE = 0.95  # the column width: this share of the lines of prose are shorter
# a line ending with a comma, an article, a preposition, a conjunction (« que », « dont »)
# or a word cut by a hyphen (« Médico- » then « Sociaux ») goes on, however short
LINKING_WORDS = r"de|du|des|la|le|les|et|à|au|aux|en|pour|par|sur"  # what no label ends on
CONTINUES = re.compile(rf"(?:,|(?<=\w)-|\b(?:{LINKING_WORDS}|un|une|que|dont|d'|l'|qu'))$")


def column_width(items: list[Item]) -> int:
    """The width of the plan's column of prose, in characters."""
    widths = sorted(len(i.text) for i in items if not i.cells and not i.text.startswith("http"))
    return widths[int(COLUMN_PERCENTILE * (len(widths) - 1))] if widths else 0


# words that open a French sentence and never go on one at a line start: a line
# opening with one, capitalised, opens a paragraph whatever the line before it
SENTENCE_OPENERS = frozenset(
    {"un", "une", "le", "la", "les", "l'", "des", "du", "en", "il", "elle", "ils", "elles"}
    | {"ce", "cet", "cette", "ces", "cela", "dans", "pour", "par", "sur", "avec", "afin"}
    | {"chaque", "plusieurs", "tous", "toutes"}
)
ENUMERATION_END = re.compile(r"(?:…|\.\.\.|\betc\.?)\s*\)?,?$")  # « …), », « etc.) »
_FIRST_WORD = re.compile(r"^(?:l'|[^\W\d_]+)", re.IGNORECASE)


def opens_sentence(previous: Item, item: Item) -> bool:
    """Whether *item* opens a sentence: its first word, capitalised (not an acronym), is
    a sentence opener, or follows an enumeration closed by an ellipsis (« …), » then
    « Communication itinérante »); never after a line ending on an article."""
    word = _FIRST_WORD.match(item.text.replace("’", "'"))
    if not word or not word.group()[:1].isupper() or word.group().isupper():
        return False
    if CONTINUES.search(previous.text.rstrip(",")):
        return False
    if fold(word.group()) in SENTENCE_OPENERS:
        return True
    return bool(ENUMERATION_END.search(previous.text))


def ends_paragraph(previous: Item, width: int) -> bool:
    """In pdftotext's lines: whether *previous* ends a paragraph (a sentence, a hard
    break, or a line that falls short of the column)."""
    short = len(previous.text) < FULL_LINE * width and not CONTINUES.search(previous.text)
    return previous.text.endswith(SENTENCE_END) or previous.closes or short


def paragraphs(items: list[Item], layout: Layout) -> list[Item]:
    """*items*, each marked whether it opens a paragraph.

    A bullet, a footnote (« * … »), a table row and a markdown heading stand alone, and
    so does what follows them; fragments of one line go together, unless bold marks glue them
    with no space between (``Soins primaires**Chiffres-clés**``). Where blank lines separate
    paragraphs, a blank line ends one (a hard break, two trailing spaces, breaks a
    line inside it); in pdftotext's raw lines, where blank lines fall anywhere, a
    line opening with a capital or a figure opens one after a line that ends a
    sentence, ends with two spaces or falls short of the column, or where it opens
    a sentence (:func:`opens_sentence`), unless the line before leaves a parenthesis
    open and the line is not indented; an indented line (a bullet lost) opens one where
    it opens with a capital or follows a comma; a département's code alone on its line (an OQOS
    table's zone cell) opens one too.
    """
    width = column_width(items) if layout is Layout.RAW else 0
    out = []
    for index, item in enumerate(items):
        previous = items[index - 1] if index else None
        if previous is None or item.bullet or item.note or item.cells or previous.cells:
            opens = True
        elif item.line == previous.line:
            opens = item.glued
        elif item.heading or previous.heading:
            opens = True
        elif layout is Layout.RAW:
            capital = item.text[:1].isupper() or item.text[:1].isdigit()  # or a figure
            # « … de transports (Véhicule » over « Sanitaire Léger (VSL)… »
            goes_on = previous.text.count("(") > previous.text.count(")") and not item.indented
            # a bullet lost to indentation: « pourraient avoir besoin, » over « ␣Renforcer… »
            listed = item.indented and (capital or previous.text.endswith(","))
            opens = (
                bool(ZONE_CELL.fullmatch(item.text))
                or listed
                or (
                    capital
                    and not goes_on
                    and (ends_paragraph(previous, width) or opens_sentence(previous, item))
                )
            )
        else:
            opens = item.line > previous.line + 1
        out.append(replace(item, opens=opens))
    return out


def grouped(items: list[Item]) -> list[list[Item]]:
    """*items* as paragraphs (see :func:`paragraphs`)."""
    groups: list[list[Item]] = []
    for item in items:
        if groups and not item.opens:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


MAX_SOURCE_BYTES = 5_000_000  # thirty times the longest plan
MAX_SOURCE_LINES = 50_000  # six times the longest plan (7,937 lines): the work stays bounded


def source_lines(text: str) -> list[str]:
    """The lines of *text* as editors and ``grep -n`` number them (Unicode NFC, so that
    a plan written in NFD reads the same).

    Only a line feed ends a line (a form feed or U+2028 stays inside its line,
    where :meth:`str.splitlines` would shift every line number after it); a
    carriage return before it is dropped.
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


PAGE_BREAK = "\f"


def page_numbers(lines: list[str]) -> tuple[tuple[int, ...], list[str]]:
    """The page of each line, counted by the form feeds that open pages (as
    ``pdftotext`` writes them, and the text of a PDF read here), and the lines without
    them; no page at all where the text has no form feed."""
    if not any(PAGE_BREAK in line for line in lines):
        return (), lines
    pages, page = [], 1
    for line in lines:
        page += line.count(PAGE_BREAK)
        pages.append(page)
    return tuple(pages), [line.replace(PAGE_BREAK, "") for line in lines]


def read_source(path: Path) -> Source:
    """Read a plan and turn it into items."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read: {error.strerror or error}") from error
    if len(data) > MAX_SOURCE_BYTES:
        raise LayoutError(
            display_path(path),
            data.count(b"\n", 0, MAX_SOURCE_BYTES) + 1,
            f"the text passes {MAX_SOURCE_BYTES:,} bytes here, more than a plan holds",
        )
    text = unicodedata.normalize("NFC", decode_utf8(path, data))
    raw = source_lines(text)
    if len(raw) > MAX_SOURCE_LINES:
        raise LayoutError(
            display_path(path),
            MAX_SOURCE_LINES + 1,
            f"the text passes {MAX_SOURCE_LINES:,} lines here, more than a plan holds",
        )
    paged = sum(line.startswith(PAGE_BREAK) and bool(line[1:].strip()) for line in raw) >= 2
    pages, raw = page_numbers(raw)
    lines = footnote_marks(join_cut_urls(dehyphenate(raw)))  # see .words
    layout = detect_layout(path, lines)
    spaced = layout is not Layout.RAW
    items = [i for number, raw in enumerate(lines, 1) for i in split_line(number, raw, spaced)]
    return Source(path, layout, paragraphs(items, layout), len(lines), pages, paged)
