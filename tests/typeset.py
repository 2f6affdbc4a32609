"""Typeset a committed plan as a PDF, in the layouts a regional health agency prints.

A PDF reader is tested metamorphically with these: the same plan set in any
layout must give the same facts as its text. The plan is read by the project's
own reader (:func:`sts_graph.extract.text.read_source`) and turned into blocks
(headings, paragraphs, list items, tables), which each family sets on A4 pages
in DejaVu fonts (Debian's fonts-dejavu-core), as real text, deterministically
(fixed creation date, no randomness: the same bytes for the same input).

The families (:data:`FAMILIES`) imitate:

- ``one-column``: the agency's plain report, one column of wrapped paragraphs,
  bulleted lists with a hanging indent, bordered tables whose long cells wrap.
- ``two-columns``: a brochure, the text flowing in two columns (headings within
  the flow), tables across the whole page between two runs of columns.
- ``wrapped-tables``: the report with tables squeezed into narrow columns, so
  that label cells wrap over two or three lines, header row in bold.
- ``side-panel``: the défi and objectif pages of a schéma, each objectif on a
  new page, the text in the left two thirds and every « Chiffres-clés » box set
  in a grey panel in the right margin of the page where it begins.
- ``running-footer``: the report with a running header (the plan's title) and a
  footer « PRS Occitanie 2023-2028 — page N » on every page.
- ``second-font``: the report with headings in a serif (DejaVu Serif Bold, larger)
  and the body in a sans serif.
- ``office-export``: the report written as a document and exported to PDF by
  LibreOffice (:mod:`office`): its fonts, bullets, breaks and table layout.

Characters the fonts lack would be replaced (private-use bullets U+F0xx by « • »,
control characters by a space, others by their unaccented base letter or « ? »)
and counted in :data:`REPLACED`; the five committed plans need none.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from itertools import pairwise
from pathlib import Path

import fpdf
import office
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TableHeadingsDisplay, VAlign

from sts_graph.extract import engagement_keys, framework
from sts_graph.extract.pages import ends_page, find_pages
from sts_graph.extract.plan import entries
from sts_graph.extract.text import Item, Layout, Source, grouped, key, read_source
from sts_graph.extract.vocabularies import vocabularies

TYPESETTER_VERSION = "2"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {  # (family, style) → file
    ("sans", ""): FONT_DIR / "DejaVuSans.ttf",
    ("sans", "B"): FONT_DIR / "DejaVuSans-Bold.ttf",
    ("serif", "B"): FONT_DIR / "DejaVuSerif-Bold.ttf",
}
CREATED = datetime(2023, 6, 1, tzinfo=UTC)  # every PDF's creation date: same input, same bytes
RUNNING_FOOTER = "PRS Occitanie 2023-2028 — page {}"

MARGIN = 50.0  # points, on every side
BODY = 9.5  # body size, points
HEADING = 13.0
MARKER = 10.0
TABLE = 8.5
CELL_PAD = 2.0
LEADING = 1.25  # line height / font size
GAP = 4.0  # space after each block
HANG = 12.0  # hanging indent of a list item
GUTTER = 20.0  # between two columns
NARROW_TABLE, NARROW_FIRST = 0.80, 0.35  # wrapped-tables: shares of the text width
MAIN_SHARE, PANEL_SHARE = 0.68, 0.25  # side-panel: shares of the text width
PANEL_BODY, PANEL_PAD, PANEL_GREY = 8.0, 5.0, 232

MARKER_TEXT = re.compile(
    r"^(?:D[EÉ]FI\s*(?:#|N°)?\s*\d+|Objectif\s+op[ée]rationnel.*|Le d[ée]fi [àa] relever"
    r"|Les constats|L'objectif|Les r[ée]sultats attendus|En pratique|Chiffres[- ]cl[ée]s"
    r"|Th[èe]mes associ[ée]s|Parcours associ[ée]s|Les enjeux|Les objectifs op[ée]rationnels)",
    re.IGNORECASE,
)
MARKER_LENGTH = 80  # a marker is shorter than this
PAGE_START = re.compile(  # « Objectif » alone over « Opérationnel #4 », too
    r"^(?:D[EÉ]FI\s*(?:#|N°)?\s*\d|Objectif\s*$|Objectif\s+op[ée]rationnel\s*(?:#|N°)?\s*\d)",
    re.IGNORECASE,
)
MARKER_START = re.compile(r"^(?:D[EÉ]FI\s*(?:#|N°)?\s*\d|Objectif(?:\s*$|\s+op[ée]rationnel))")
LISTINGS = ("pratique", "objectifs")  # sections whose entries the reader takes one by one
KEY_FIGURES = re.compile(r"^Chiffres[- ]cl[ée]s", re.IGNORECASE)

REPLACED: Counter[tuple[str, str]] = Counter()  # (missing character, its replacement) → count


@dataclass(frozen=True)
class Block:
    """A unit of the plan as it is set: a heading, a paragraph, a list item or a table."""

    kind: str  # "heading", "paragraph", "bullet" or "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows, padded to one width
    marker: bool = False  # a section heading of a défi page, set in bold
    line: int = 0  # the source line it starts on

    @property
    def page_start(self) -> bool:
        """A défi, an objectif or an engagement's banner starts here (it may open a page)."""
        banner = self.marker and bool(re.fullmatch(r"[1-6]|ENGAGEMENT", self.text))
        return self.kind in ("heading", "paragraph") and bool(PAGE_START.match(self.text) or banner)

    @property
    def ends_page(self) -> bool:
        """The reader ends a défi or objectif page here (« ENGAGEMENT », a défi's marker)."""
        return self.kind != "table" and ends_page(
            Item(self.line, self.text, self.kind == "heading")
        )

    @property
    def key_figures(self) -> bool:
        """A « Chiffres-clés » section starts here."""
        return self.kind in ("heading", "paragraph") and bool(KEY_FIGURES.match(self.text))

    @property
    def section_heading(self) -> bool:
        """A heading, or a paragraph printed as one."""
        return self.kind == "heading" or self.marker


def _groups(source: Source) -> Iterator[tuple[list[Item], bool]]:
    """Paragraph groups, each with whether it is an entry of a listing section (set as a
    bullet). In pdftotext's raw lines, where bullets are lost, the entries of « En
    pratique » and of a défi's list of objectifs are those the reader takes from its
    pages (:func:`entries`), and a page's marker (« DÉFI #4 », « Objectif » over
    « Opérationnel #2 ») stands on a line of its own, as the plan prints it."""
    if source.layout is not Layout.RAW:
        yield from ((group, False) for group in grouped(source.items))
        return
    listed: dict[tuple[int, str], list[Item]] = {}  # an entry's first line → the entry
    for page in find_pages(source, engagement_keys(framework.load())):
        for name in LISTINGS:
            for entry in entries(page.sections.get(name, []), source.layout):
                listed[entry[0].line, entry[0].text] = entry
    taken = {(item.line, item.text) for entry in listed.values() for item in entry}
    rest: list[Item] = []
    for item in source.items:
        if (item.line, item.text) in listed:
            yield from ((group, False) for group in _split_at_markers(rest))
            rest = []
            yield listed[item.line, item.text], True
        elif (item.line, item.text) not in taken:
            rest.append(item)
    yield from ((group, False) for group in _split_at_markers(rest))


def _split_at_markers(items: list[Item]) -> Iterator[list[Item]]:
    """The reader's paragraphs of *items*, a page's marker opening one of its own."""
    for group in grouped(items):
        part = [group[0]]
        for before, item in pairwise(group):
            if item.line != before.line and MARKER_START.match(item.text):
                yield part
                part = []
            part.append(item)
        yield part


def _heading(item: Item) -> bool:
    """A section heading or a page's marker."""
    return bool(MARKER_START.match(item.text) or MARKER_TEXT.match(item.text))


def _printed(group: list[Item]) -> str:
    """The text of a paragraph group, a newline where the plan breaks its line by hand
    (two trailing spaces, or another bold fragment of the line)."""
    text = f"* {group[0].text}" if group[0].note else group[0].text
    for before, item in pairwise(group):
        hard = before.closes and item.line != before.line
        text += ("\n" if hard or item.glued else " ") + item.text
    return text


def blocks(path: Path) -> list[Block]:
    """The blocks of the plan at *path*, in order (read once per version of the file)."""
    status = path.stat()
    return list(_blocks(path.resolve(), status.st_mtime_ns, status.st_size))


@cache
def _blocks(path: Path, _mtime: int, _size: int) -> tuple[Block, ...]:
    source = read_source(path)
    out: list[Block] = []
    table: list[Item] = []  # the rows of the table being read

    def end_table() -> None:
        if table:
            width = max(len(row.cells) for row in table)
            rows = tuple(row.cells + ("",) * (width - len(row.cells)) for row in table)
            out.append(Block("table", rows=rows, line=table[0].line))
            table.clear()

    for group, entry in _groups(source):
        first = group[0]
        if first.cells:
            table.extend(group)
            continue
        end_table()
        text = _printed(group)
        kind = "heading" if first.heading else "bullet" if first.bullet or entry else "paragraph"
        marker = kind == "paragraph" and len(text) < MARKER_LENGTH and bool(MARKER_TEXT.match(text))
        out.append(Block(kind, text, marker=marker, line=first.line))
    end_table()
    return tuple(_banners_marked(out))


def _banners_marked(out: list[Block]) -> list[Block]:
    """*out* with an engagement's banner (« 4 » over « ENGAGEMENT ») set in bold, as
    the plans print it over the engagement's title."""
    marked = list(out)
    for index, block in enumerate(out):
        if block.kind == "paragraph" and key(block.text) == "engagement":
            marked[index] = replace(block, marker=True)
            before = out[index - 1] if index else None
            if before is not None and re.fullmatch(r"[1-6]", before.text):
                marked[index - 1] = replace(before, marker=True)
    return marked


def title(path: Path) -> str:
    """The plan's title for a running header: « Schéma territorial de santé — Gers »."""
    name = vocabularies().departements.get(path.stem[:2], path.stem)
    return f"Schéma territorial de santé — {name}"


@cache
def _covered(fonts: tuple[Path, ...]) -> frozenset[int]:
    """The code points every one of *fonts* prints."""
    return frozenset.intersection(*(frozenset(TTFont(f, lazy=True).getBestCmap()) for f in fonts))


def printable(text: str, fonts: tuple[Path, ...]) -> str:
    """*text* with the characters some of *fonts* lack replaced (counted in :data:`REPLACED`)."""
    covered = _covered(fonts)
    if all(ord(char) in covered for char in text):
        return text
    out = []
    for char in text:
        if ord(char) in covered:
            out.append(char)
            continue
        if 0xF000 <= ord(char) <= 0xF0FF:  # a Symbol/Wingdings bullet in the private-use area
            new = "•"
        elif unicodedata.category(char).startswith("C"):
            new = " "
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            new = base if base and ord(base) in covered else "?"
        REPLACED[char, new] += 1
        out.append(new)
    return "".join(out)


Face = tuple[str, str, float]  # font family, style, size
TableLayout = Callable[["Sheet", int], tuple[float, tuple[float, ...]]]  # → width, shares


@dataclass(frozen=True)
class Line:
    """One printed line of a block."""

    text: str
    face: Face
    before: float = 0.0  # space above it, unless it opens a page or a column
    indent: float = 0.0  # from the left of its column
    bullet: bool = False  # a « • » at the left of its column

    @property
    def height(self) -> float:
        return self.face[2] * LEADING


def height(lines: list[Line], top: bool = False) -> float:
    """The height *lines* take, at the *top* of a page or column or below other lines."""
    if not lines:
        return 0.0
    return sum(line.height + line.before for line in lines) - (lines[0].before if top else 0.0)


@dataclass(frozen=True)
class Box:
    """A grey box of lines, set on its page when the page is done (see :meth:`Sheet.footer`)."""

    x: float
    y: float
    width: float
    lines: list[Line]


class Sheet(FPDF):
    """An A4 document setting blocks, with an optional running header and footer.

    Lines are broken here, word by word, and each printed with :meth:`FPDF.text`:
    fpdf2's own breaker (``multi_cell``, ``text_columns``) measures a line again at
    each character, which took 3-4 s a plan (tables still use it, through ``table``).
    """

    def __init__(self, plan_title: str, fonts: tuple[tuple[str, str], ...]) -> None:
        super().__init__(orientation="portrait", unit="pt", format="A4")
        self.plan_title = plan_title
        self.running = False  # print the running header and footer
        self.heading_face: Face = ("sans", "B", HEADING)
        self.table_layout: TableLayout = even_columns
        self.table_headings = False
        self.widths: dict[tuple[Face, str], float] = {}  # of each character
        self.boxes: dict[int, list[Box]] = {}  # page → the side panels to set on it
        self.alias_nb_pages("")  # no « {nb} » in a plan is a page count
        self.set_creation_date(CREATED)
        self.set_title(plan_title)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        for family, style in fonts:
            self.add_font(family, style, str(FONTS[family, style]))
        self.set_font("sans", "", BODY)

    def header(self) -> None:
        if self.running:
            self.set_font("sans", "", 8)
            self.set_xy(self.l_margin, MARGIN / 2)
            self.cell(0, 10, printable(self.plan_title, (FONTS["sans", ""],)), align="L")
            self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        """The running footer, and the side panels of the page (set while it is current)."""
        if self.running:
            self.set_font("sans", "", 8)
            self.set_xy(self.l_margin, self.h - MARGIN / 2 - 10)
            self.cell(0, 10, RUNNING_FOOTER.format(self.page_no()), align="C")
        for box in self.boxes.pop(self.page, []):
            with self.local_context(fill_color=PANEL_GREY):
                self.rect(box.x, box.y, box.width, height(box.lines, top=True) + 2 * PANEL_PAD, "F")
            y = box.y + PANEL_PAD
            for index, line in enumerate(box.lines):
                y += line.before if index else 0.0
                self.put(line, box.x + PANEL_PAD, y)
                y += line.height

    @property
    def bottom(self) -> float:
        return self.h - self.b_margin

    @property
    def blank(self) -> bool:
        """Nothing has been set on the current page yet."""
        return self.y <= self.t_margin + 0.5

    def face(self, block: Block) -> Face:
        """The font (family, style, size) a block is set in."""
        if block.kind == "heading":
            return self.heading_face
        if block.marker:
            return ("sans", "B", MARKER)
        return ("sans", "", BODY)

    def width(self, face: Face, word: str) -> float:
        """The printed width of *word* in *face* (fpdf2 neither kerns nor shapes here)."""
        widths = self.widths
        if any((face, char) not in widths for char in word):
            self.set_font(*face)
            for char in word:
                widths[face, char] = self.get_string_width(char)
        return sum(widths[face, char] for char in word)

    def wrap(self, text: str, face: Face, width: float) -> list[str]:
        """*text* broken into lines no wider than *width* (at spaces; a longer word is cut),
        and at each hard line break (a newline)."""
        if "\n" in text:
            return [line for part in text.split("\n") for line in self.wrap(part, face, width)]
        text = printable(text, (FONTS[face[0], face[1]],))
        space = self.width(face, " ")
        lines: list[str] = []
        words: list[str] = []
        used = 0.0
        for word in filter(None, text.split(" ")):
            size = self.width(face, word)
            while size > width:  # a URL wider than the column: cut it where it fills a line
                if words:
                    lines.append(" ".join(words))
                    words, used = [], 0.0
                cut = next(i for i in range(1, len(word) + 1) if self.width(face, word[:i]) > width)
                lines.append(word[: max(cut - 1, 1)])
                word = word[max(cut - 1, 1) :]
                size = self.width(face, word)
            if words and used + space + size > width:
                lines.append(" ".join(words))
                words, used = [], 0.0
            used += (space if words else 0.0) + size
            words.append(word)
        if words:
            lines.append(" ".join(words))
        return lines

    def lines(self, block: Block, width: float, face: Face | None = None) -> list[Line]:
        """The lines of a heading, paragraph or list item set *width* wide."""
        face = face or self.face(block)
        bullet = block.kind == "bullet"
        indent = HANG if bullet else 0.0
        before = 2 * GAP if block.kind == "heading" else GAP
        texts = self.wrap(block.text, face, width - indent) or [""]
        return [
            Line(text, face, before if not i else 0.0, indent, bullet and not i)
            for i, text in enumerate(texts)
        ]

    def put(self, line: Line, x: float, y: float) -> None:
        """Print *line* with its top left corner at (*x*, *y*)."""
        self.set_font(*line.face)
        baseline = y + 0.5 * line.height + 0.3 * line.face[2]  # where fpdf2's cell puts it
        if line.bullet:
            self.text(x, baseline, "•")
        self.text(x + line.indent, baseline, line.text)

    def column(self, lines: list[Line], keep: float = 0.0) -> None:
        """Set *lines* down the column between the margins, a page after another; the first
        goes to the next page unless *keep* more points fit below them."""
        if lines and not self.blank and self.y + height(lines) + keep > self.bottom:
            self.add_page()
        for line in lines:
            y = self.y + (0.0 if self.blank else line.before)
            if y + line.height > self.bottom:
                self.add_page()
                y = self.y
            self.put(line, self.l_margin, y)
            self.y = y + line.height

    def block(self, block: Block) -> None:
        """Set *block* in the column between the margins; a heading stays with a line
        of what follows it."""
        if block.kind == "table":
            self.table_block(block)
            return
        lines = self.lines(block, self.epw)
        keep = BODY * LEADING + GAP if block.section_heading else 0.0
        self.column(lines, keep if height(lines) < (self.bottom - self.t_margin) / 2 else 0.0)

    def column_widths(self, rows: list[list[str]]) -> list[float]:
        """The widths of a table's columns: the family's, widened where a word would not
        fit (fpdf2 would cut it), and the others narrowed to keep the table within the
        margins where they can."""
        width, shares = self.table_layout(self, len(rows[0]))
        widths = [width * share / sum(shares) for share in shares]
        need = [0.0] * len(widths)
        for index, row in enumerate(rows):
            face = ("sans", "B" if self.table_headings and not index else "", TABLE)
            for column, cell in enumerate(row):
                longest = max(self.width(face, word) for word in cell.split(" "))
                need[column] = max(need[column], longest + 2 * CELL_PAD + 0.5)
        widths = [max(w, n) for w, n in zip(widths, need, strict=True)]
        excess = sum(widths) - self.epw
        slack = sum(widths) - sum(need)
        if excess > 0 and slack > 0:
            cut = min(1.0, excess / slack)
            widths = [w - (w - n) * cut for w, n in zip(widths, need, strict=True)]
        scale = min(1.0, (self.epw - 0.01) / sum(widths))  # no room at all: fpdf2 cuts words
        return [w * scale for w in widths]

    def table_block(self, block: Block) -> None:
        """Set a bordered table (fpdf2's ``table``) from the left margin; long cells wrap."""
        if not self.blank:
            self.y += GAP
        fonts = (FONTS["sans", ""], FONTS["sans", "B"])
        rows = [[printable(cell, fonts) for cell in row] for row in block.rows]
        widths = self.column_widths(rows)
        self.set_font("sans", "", TABLE)
        with self.table(
            rows,
            align="LEFT",
            width=sum(widths),
            col_widths=widths,
            first_row_as_headings=self.table_headings,
            repeat_headings=TableHeadingsDisplay.NONE,
            text_align="LEFT",
            v_align=VAlign.T,
            line_height=TABLE * LEADING,
            padding=CELL_PAD,
        ):
            pass
        self.set_x(self.l_margin)


def even_columns(sheet: Sheet, count: int) -> tuple[float, tuple[float, ...]]:
    """A table across the column, its columns of one width."""
    return sheet.epw, (1.0,) * count


def narrow_columns(sheet: Sheet, count: int) -> tuple[float, tuple[float, ...]]:
    """A table 80 % of the text width: its first column 35 %, the others sharing the
    rest, so that most label cells wrap over two or three lines."""
    if count == 1:
        return NARROW_FIRST * sheet.epw, (1.0,)
    rest = (NARROW_TABLE - NARROW_FIRST) / (count - 1)
    return NARROW_TABLE * sheet.epw, (NARROW_FIRST, *(rest,) * (count - 1))


def one_column(sheet: Sheet, plan: list[Block]) -> None:
    """Every block in one column."""
    sheet.add_page()
    for block in plan:
        sheet.block(block)


def running_footer(sheet: Sheet, plan: list[Block]) -> None:
    """One column, with a running header and footer."""
    sheet.running = True
    one_column(sheet, plan)


def second_font(sheet: Sheet, plan: list[Block]) -> None:
    """One column, headings in a serif."""
    sheet.heading_face = ("serif", "B", 14.5)
    one_column(sheet, plan)


def wrapped_tables(sheet: Sheet, plan: list[Block]) -> None:
    """One column, tables in narrow columns with a bold header row."""
    sheet.table_layout = narrow_columns
    sheet.table_headings = True
    one_column(sheet, plan)


def _split(lines: list[Line], room: float) -> int:
    """How many of *lines* fill a column *room* high (at least one)."""
    used = 0.0
    for index, line in enumerate(lines):
        used += line.height + (line.before if index else 0.0)
        if used > room:
            return max(index, 1)
    return len(lines)


def _balanced(lines: list[Line]) -> int:
    """How many of *lines* go to the left column for two columns of even height."""
    total = height(lines, top=True)
    best, best_height = len(lines), total
    for index in range(1, len(lines)):
        left, right = height(lines[:index], top=True), height(lines[index:], top=True)
        if max(left, right) < best_height or (max(left, right) == best_height and left >= right):
            best, best_height = index, max(left, right)
    return best


def set_columns(sheet: Sheet, lines: list[Line]) -> None:
    """Set *lines* in two columns, page after page, the last page's two balanced."""
    width = (sheet.epw - GUTTER) / 2
    lefts = (sheet.l_margin, sheet.l_margin + width + GUTTER)
    top = sheet.y + (0.0 if sheet.blank else GAP)
    while lines:
        room = sheet.bottom - top
        if room < lines[0].height:
            sheet.add_page()
            top = sheet.y
            continue
        left = _balanced(lines) if height(lines, top=True) <= 2 * room else 0
        if not left or max(height(lines[:left], top=True), height(lines[left:], top=True)) > room:
            left = _split(lines, room)
        columns = [lines[:left], lines[left : left + _split(lines[left:], room)]]
        foot = top
        for x, column in zip(lefts, columns, strict=True):
            y = top
            for index, line in enumerate(column):
                y += line.before if index else 0.0
                sheet.put(line, x, y)
                y += line.height
            foot = max(foot, y)
        lines = lines[sum(map(len, columns)) :]
        if lines:
            sheet.add_page()
            top = sheet.y
        else:
            sheet.set_xy(sheet.l_margin, foot)


def two_columns(sheet: Sheet, plan: list[Block]) -> None:
    """Text in two balanced columns, each table across the page between two runs of them."""
    sheet.add_page()
    width = (sheet.epw - GUTTER) / 2
    run: list[Line] = []
    for block in [*plan, None]:
        if block is not None and block.kind != "table":
            run.extend(sheet.lines(block, width))
            continue
        set_columns(sheet, run)
        run = []
        if block is not None:
            sheet.table_block(block)


def side_panel(sheet: Sheet, plan: list[Block]) -> None:
    """Each défi or objectif on a new page, the text in the left column and each
    « Chiffres-clés » section in a grey panel on the right of the page where it begins."""
    text_width = sheet.w - 2 * MARGIN
    sheet.set_right_margin(MARGIN + (1 - MAIN_SHARE) * text_width)
    sheet.add_page()
    panel = SidePanel(sheet, MARGIN + (1 - PANEL_SHARE) * text_width, PANEL_SHARE * text_width)
    section: list[Block] = []  # the « Chiffres-clés » section being read
    previous: Block | None = None
    for block in [*plan, None]:
        ends = block is None or block.section_heading or block.kind == "table" or block.ends_page
        if section and ends:
            panel.place(section, sheet.page, sheet.y + (0.0 if sheet.blank else GAP))
            section = []
        if block is None:
            break
        if block.key_figures or section:
            section.append(block)
            continue
        starts = block.page_start and not (previous is not None and previous.page_start)
        if starts and not sheet.blank:
            sheet.add_page()
        sheet.block(block)
        previous = block
    while sheet.boxes and max(sheet.boxes) > sheet.page:  # a panel goes on past the text
        sheet.add_page()


@dataclass
class SidePanel:
    """The panels in the right margin of a sheet."""

    sheet: Sheet
    x: float
    width: float
    reached: dict[int, float] = field(default_factory=dict)  # page → the foot of its panels

    def place(self, section: list[Block], page: int, y: float) -> None:
        """Place *section* on *page* from *y* (higher up if it would pass the foot of the
        page, on below the panel above it, continued on the next page if it is taller)."""
        sheet, inner = self.sheet, self.width - 2 * PANEL_PAD
        lines = []
        for block in section:
            big = block.section_heading
            face = ("sans", "B", PANEL_BODY + 1) if big else ("sans", "", PANEL_BODY)
            for line in sheet.lines(block, inner, face):
                lines.append(replace(line, before=GAP / 2 if line.before else 0.0))
        first = page
        while lines:
            floor = self.reached.get(page, sheet.t_margin)
            top = max(y if page == first else sheet.t_margin, floor)
            needed = height(lines, top=True) + 2 * PANEL_PAD
            if top + needed > sheet.bottom:
                top = max(floor, sheet.bottom - needed)
            if sheet.bottom - top - 2 * PANEL_PAD < lines[0].height:  # no room left here
                page += 1
                continue
            taken = _split(lines, sheet.bottom - top - 2 * PANEL_PAD)
            box = Box(self.x, top, self.width, lines[:taken])
            sheet.boxes.setdefault(page, []).append(box)
            self.reached[page] = top + height(box.lines, top=True) + 2 * PANEL_PAD + GAP
            lines = lines[taken:]
            page += 1


SHEETS: dict[str, Callable[[Sheet, list[Block]], None]] = {  # the families set here
    "one-column": one_column,
    "two-columns": two_columns,
    "wrapped-tables": wrapped_tables,
    "side-panel": side_panel,
    "running-footer": running_footer,
    "second-font": second_font,
}
OFFICE = "office-export"  # exported by LibreOffice (see :mod:`office`)
FAMILIES = (*SHEETS, OFFICE)


def typeset(source: Path, out: Path, family: str) -> Path:
    """Set the plan at *source* as a PDF at *out* in the layout *family*; the same
    input gives the same bytes. The file appears whole or not at all."""
    if family not in FAMILIES:
        raise ValueError(f"unknown layout family {family!r}: one of {', '.join(FAMILIES)}")
    if family == OFFICE:
        return office.export(blocks(source), title(source), out)
    missing = [str(path) for path in FONTS.values() if not path.exists()]
    assert not missing, f"{missing} missing: apt-get install fonts-dejavu-core"
    fonts = (("sans", ""), ("sans", "B"), *((("serif", "B"),) if family == "second-font" else ()))
    sheet = Sheet(title(source), fonts)
    SHEETS[family](sheet, blocks(source))
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        sheet.output(str(temporary))
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return out


def cache_key(source: Path, family: str) -> str:
    """The sha256 of what a typeset PDF depends on: the plan as the text reader reads it
    (the blocks set, :func:`blocks`), the family, this module (and its version),
    fpdf2's version, and for an office export LibreOffice's and :mod:`office`."""
    digest = hashlib.sha256()
    for part in (
        source.read_bytes(),
        repr(blocks(source)).encode(),
        family.encode(),
        TYPESETTER_VERSION.encode(),
        fpdf.__version__.encode(),
        Path(__file__).read_bytes(),
        *(
            (office.version().encode(), Path(office.__file__).read_bytes())
            if family == OFFICE
            else ()
        ),
    ):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def typeset_cached(source: Path, family: str, cache_dir: Path) -> Path:
    """The plan at *source* typeset in *family*, from *cache_dir* when it was set before."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = cache_dir / f"{source.stem}.{family}.{cache_key(source, family)[:20]}.pdf"
    return out if out.exists() else typeset(source, out, family)


def pdftotext_dump(pdf: Path, out: Path, layout: bool) -> Path:
    """Poppler's text dump of *pdf* at *out* (``-layout`` if *layout*), as UTF-8."""
    command = shutil.which("pdftotext")
    assert command, "pdftotext is missing: apt-get install poppler-utils"
    options = ["-layout"] if layout else []
    subprocess.run(
        [command, "-enc", "UTF-8", *options, str(pdf), str(out)], check=True, capture_output=True
    )
    return out
