"""A PDF's words → the blocks a reader sees, in reading order.

The reading order comes from a recursive XY cut: a page is cut along the widest
band of white space that crosses it, across (between blocks) or down (between
columns); a cut down is read left then right when both sides hold prose, as a
side panel when one side is narrow (its text is read before the next heading of
the main text beside it, so that a section keeps its place), and as a table when
the two sides print on shared baselines. Running headers and footers, and page
numbers, are found by their repetition across pages in the top and bottom margins
and left out. A table's cells are placed by its columns' positions, a cell that
wraps over lines joined back into one value. Headings are told by their size,
bold text by its weight, list items by their bullet and hanging indent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from sts_graph.extract.glyphs import BULLETS, Box, Page, Word
from sts_graph.extract.text import CONTINUES, NOTE
from sts_graph.extract.words import HYPHENATED_HEADS

MARGIN = 0.09  # the top and bottom share of a page where running headers and footers stand
REPEATED = 0.4  # a margin line on at least this share of the pages is a running header or footer
SAME_PLACE = 2  # points: a running header or footer stands this near the same height on each page
COLUMN_GAP = 0.7  # a band down the page at least this many ems wide parts columns or cells
BLOCK_GAP = 0.4  # a band across at least this many ems high parts blocks
PANEL = 0.36  # a side narrower than this share of the region is a side panel
HEADING_SIZE = 1.15  # text at least this many times the body size is a heading
SHARED_BASELINES = 0.5  # two sides printing on this share of shared baselines are a table
CELL_LINES = 5  # a drawn box less than this many ems high may be a table's cell
SENTENCE_END = re.compile(r"[.:;!?»)]\**$")
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Line:
    """One printed line of a block: its text, with bold runs marked ``**``."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool  # every word of the line is bold
    page: int = 0
    right: float = 0.0  # the right edge of the text it stands in (its column's)


@dataclass
class Block:
    """A heading, a paragraph, a list item or a table, on the page it starts on."""

    kind: str  # "heading", "paragraph", "item" or "table"
    page: int
    lines: list[Line] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # a table's cells
    level: int = 0  # a heading's level, 1 for the largest size
    panel: bool = False  # printed in a side panel
    bands: list[list[Word]] = field(default_factory=list)  # a table's words, by row band
    rules: list[tuple[Box, ...]] = field(default_factory=list)  # each band's page's rules
    ruled: bool = False  # a table drawn in cells

    @property
    def bold(self) -> bool:
        return bool(self.lines) and all(line.bold for line in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top if self.lines else 0.0


@dataclass
class _Region:
    """Words that a cut left together, and how they are read."""

    words: list[Word]
    role: str  # "flow", "panel" or "table"
    ruled: bool = False  # a table drawn in cells
    edge: float = 0.0  # the right edge of the column it was cut from


def blocks(pages: Sequence[Page]) -> list[Block]:
    """The blocks of *pages* in reading order, running headers and footers left out."""
    pages = _without_furniture(pages)
    body = _body_size(pages)
    levels = _heading_levels(pages, body)
    out: list[Block] = []
    for page in pages:
        if not page.words:
            continue
        regions = _cut(list(page.words), body, _cell_boxes(page, body))
        out.extend(_page_blocks(page, regions, body, levels))
    return _continued(_tables_merged(_panels_placed(out), body))


def _lines_of(words: Iterable[Word]) -> list[list[Word]]:
    """*words* by baseline, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.baseline, w.x0)):
        if lines and abs(lines[-1][0].baseline - word.baseline) < 0.35 * word.size:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _text(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in words)


def _without_furniture(pages: Sequence[Page]) -> list[Page]:
    """*pages* without their running headers and footers and page numbers: lines of the
    top and bottom margins that repeat (figures aside) at the same height on many
    pages (« Parcours associés » ending many pages, at varying heights, is text), or
    that are only the page's number (a number in the margin that follows the pages, a
    constant offset from their rank: a table's last value at a page's foot is no page
    number)."""

    def margin_lines(page: Page) -> list[list[Word]]:
        return [
            line
            for line in _lines_of(page.words)
            if line[0].bottom < MARGIN * page.height or line[0].top > (1 - MARGIN) * page.height
        ]

    def place(line: list[Word]) -> tuple[str, int]:
        return DIGITS.sub("#", _text(line)), round(line[0].top)

    seen: Counter[tuple[str, int]] = Counter()
    offsets: Counter[int] = Counter()
    for page in pages:
        lines = margin_lines(page)
        seen.update({place(line) for line in lines})
        offsets.update({int(t) - page.number for t in map(_text, lines) if t.isdigit()})
    floor = max(3, REPEATED * len(pages))
    numbering = {offset for offset, count in offsets.items() if count >= floor}

    def furniture_line(line: list[Word], page: Page) -> bool:
        text = _text(line)
        if text.isdigit():
            return int(text) - page.number in numbering
        pattern, top = place(line)
        return (
            sum(seen[pattern, top + shift] for shift in range(-SAME_PLACE, SAME_PLACE + 1)) >= floor
        )

    out = []
    for page in pages:
        furniture = {
            id(word) for line in margin_lines(page) if furniture_line(line, page) for word in line
        }
        kept = tuple(w for w in page.words if id(w) not in furniture)
        out.append(Page(page.number, page.width, page.height, kept, page.rules))
    return out


def _body_size(pages: Sequence[Page]) -> float:
    """The size most of the text is printed in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for word in page.words:
            sizes[round(word.size, 1)] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _heading_levels(pages: Sequence[Page], body: float) -> dict[float, int]:
    """Heading sizes → levels, 1 the largest (at most 3 levels)."""
    sizes = {round(w.size, 1) for p in pages for w in p.words if w.size >= HEADING_SIZE * body}
    return {size: min(rank, 3) for rank, size in enumerate(sorted(sizes, reverse=True), 1)}


def _gaps(spans: list[tuple[float, float]], least: float) -> list[tuple[float, float]]:
    """The gaps at least *least* wide between the union of *spans*."""
    out = []
    spans = sorted(spans)
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start - reach >= least:
            out.append((reach, start))
        reach = max(reach, end)
    return out


def _gaps_across(words: list[Word]) -> list[tuple[float, float]]:
    """The bands across *words* at least :data:`BLOCK_GAP` ems of the text on either
    side high (a heading's lines stand further apart than the body's)."""
    out = []
    ordered = sorted(words, key=lambda w: w.top)
    reach, size = ordered[0].bottom, ordered[0].size
    for word in ordered[1:]:
        if word.top - reach >= BLOCK_GAP * max(size, word.size):
            out.append((reach, word.top))
        if word.bottom > reach:
            reach, size = word.bottom, word.size
    return out


def _cell_boxes(page: Page, body: float) -> tuple[Box, ...]:
    """The boxes a page draws that are a table's cells: not the page's width, sharing a
    side with another box (a cell beside it in its row, or above or below it in its
    column: a box standing alone frames a side panel), and a few lines high or in a row
    of boxes as high (a cell that wraps over many lines); drawn as boxes, or as the
    cells of a grid of ruled lines (office suites draw each border as a line)."""
    boxes = [
        box
        for box in (*page.rules, *_grid_cells(page.rules))
        if box[3] - box[1] >= RULE and box[2] - box[0] < 0.9 * page.width
    ]

    def near(a: float, b: float) -> bool:
        return abs(a - b) <= RULE

    def in_a_row(box: Box) -> bool:
        return any(
            near(other[1], box[1])
            and near(other[3], box[3])
            and (near(other[0], box[2]) or near(other[2], box[0]))
            for other in boxes
        )

    def in_a_column(box: Box) -> bool:
        return any(
            near(other[0], box[0])
            and near(other[2], box[2])
            and (near(other[1], box[3]) or near(other[3], box[1]))
            for other in boxes
        )

    return tuple(
        box
        for box in boxes
        if in_a_row(box) or (in_a_column(box) and box[3] - box[1] < CELL_LINES * body)
    )


def _grid_cells(rules: tuple[Box, ...]) -> list[Box]:
    """The cells a grid of ruled lines closes: between two neighbouring vertical lines
    and two neighbouring horizontal ones, each reaching across the cell's side."""
    across = [r for r in rules if r[3] - r[1] <= RULE < r[2] - r[0]]
    down = [r for r in rules if r[2] - r[0] <= RULE < r[3] - r[1]]
    if len(across) < 2 or len(down) < 2:
        return []
    ys = _positions(sorted((r[1] + r[3]) / 2 for r in across))
    xs = _positions(sorted((r[0] + r[2]) / 2 for r in down))

    def ruled_across(y: float, x0: float, x1: float) -> bool:
        return any(
            abs((r[1] + r[3]) / 2 - y) <= RULE and r[0] <= x0 + RULE and r[2] >= x1 - RULE
            for r in across
        )

    def ruled_down(x: float, y0: float, y1: float) -> bool:
        return any(
            abs((r[0] + r[2]) / 2 - x) <= RULE and r[1] <= y0 + RULE and r[3] >= y1 - RULE
            for r in down
        )

    cells = []
    for top, bottom in pairwise(ys):
        edges = [x for x in xs if ruled_down(x, top, bottom)]
        for left, right in pairwise(edges):
            if ruled_across(top, left, right) and ruled_across(bottom, left, right):
                cells.append((left, top, right, bottom))
    return cells


def _positions(values: list[float]) -> list[float]:
    """Sorted *values*, those closer than :data:`RULE` taken as one."""
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > RULE:
            out.append(value)
    return out


def _in_cells(words: list[Word], cells: tuple[Box, ...]) -> bool:
    """Whether most of *words* stand (by their middle) in drawn cells."""

    def inside(word: Word) -> bool:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in cells)

    return bool(cells) and sum(map(inside, words)) * 5 >= len(words) * 4


def _cell_runs(words: list[Word], cells: tuple[Box, ...]) -> list[list[Word]]:
    """*words* as runs of lines, top to bottom, alternately in drawn cells and not (a
    table apart from the text above and below it)."""
    runs: list[tuple[bool, list[Word]]] = []
    for line in _lines_of(words):
        inside = _in_cells(line, cells)
        if runs and runs[-1][0] == inside:
            runs[-1][1].extend(line)
        else:
            runs.append((inside, list(line)))
    return [run for _inside, run in runs]


def _cut(
    words: list[Word],
    body: float,
    cells: tuple[Box, ...],
    role: str = "flow",
    edge: float | None = None,
) -> list[_Region]:
    """*words* cut recursively along the widest band of white space, in reading order;
    a band cut across keeps the right *edge* of the column it was cut from."""
    if not words:
        return []
    edge = _extent(words)[1] if edge is None else edge
    if len(words) < 2:
        return [_Region(words, role, edge=edge)]
    if role == "flow" and cells:
        runs = _cell_runs(words, cells)
        if len(runs) > 1:
            return [region for run in runs for region in _cut(run, body, cells, role, edge)]
        if _in_cells(words, cells):
            return [_Region(words, "table", ruled=True, edge=edge)]
    down = _gaps([(w.x0, w.x1) for w in words], COLUMN_GAP * body)
    across = _gaps_across(words)
    widest_down = max(down, key=lambda g: g[1] - g[0], default=None)
    widest_across = max(across, key=lambda g: g[1] - g[0], default=None)
    if widest_down and (
        not widest_across or widest_down[1] - widest_down[0] >= widest_across[1] - widest_across[0]
    ):
        middle = sum(widest_down) / 2
        left = [w for w in words if w.x1 <= middle]
        right = [w for w in words if w.x0 >= middle]
        # a line alone beside the text (« 3 » over « ENGAGEMENT ») is no column: cut across
        lone = widest_across and min(len(_lines_of(left)), len(_lines_of(right))) < 2
        kind = "across" if lone else _sides(left, right)
        if kind == "columns":
            return _cut(left, body, cells, role) + _cut(right, body, cells, role)
        if kind == "panel-left":
            return _cut(left, body, cells, "panel") + _cut(right, body, cells, role)
        if kind == "panel-right":
            return _cut(left, body, cells, role) + _cut(right, body, cells, "panel")
        if not widest_across:
            return [_Region(words, "table" if role == "flow" else role, edge=edge)]
    if widest_across:
        middle = sum(widest_across) / 2
        top = [w for w in words if w.bottom <= middle]
        bottom = [w for w in words if w.top >= middle]
        return _cut(top, body, cells, role, edge) + _cut(bottom, body, cells, role, edge)
    return [_Region(words, role, edge=edge)]


def _extent(words: Sequence[Word]) -> tuple[float, float]:
    return min(w.x0 for w in words), max(w.x1 for w in words)


def _prose(words: Sequence[Word]) -> bool:
    """Whether *words* read as prose: lines of several words, most filling their width."""
    lines = _lines_of(words)
    x0, x1 = _extent(words)
    full = sum(line[-1].x1 >= x1 - 0.25 * (x1 - x0) for line in lines)
    return len(lines) >= 2 and len(words) >= 4 * len(lines) and full * 2 >= len(lines)


def _sides(left: list[Word], right: list[Word]) -> str:
    """How two sides of a cut down are read: ``columns``, ``panel-left``, ``panel-right``
    (the narrow side) or ``table``."""
    (l0, l1), (r0, r1) = _extent(left), _extent(right)
    total = r1 - l0
    left_lines, right_lines = _lines_of(left), _lines_of(right)
    baselines = {round(line[0].baseline) for line in left_lines}
    shared = sum(
        any(abs(round(line[0].baseline) - b) <= 1 for b in baselines) for line in right_lines
    )
    aligned = shared >= SHARED_BASELINES * min(len(left_lines), len(right_lines))
    if _prose(left) or _prose(right):  # a table drawn without rules holds no prose
        narrow = min(l1 - l0, r1 - r0) < PANEL * total
        # a panel opens with its title: a narrow side opening in lower case goes on
        # the text before it (a heading's « de médecine » wrapped into the next column)
        side = left_lines if l1 - l0 < r1 - r0 else right_lines
        return _panel(left, right) if narrow and not _text(side[0])[:1].islower() else "columns"
    if (l1 - l0) < PANEL * total and not aligned:
        return "panel-left"
    if (r1 - r0) < PANEL * total and not aligned:
        return "panel-right"
    return "table" if aligned else "columns"


def _panel(left: list[Word], right: list[Word]) -> str:
    """The narrower side of two as a side panel."""
    (l0, l1), (r0, r1) = _extent(left), _extent(right)
    return "panel-left" if l1 - l0 < r1 - r0 else "panel-right"


def _continued(blocks: list[Block]) -> list[Block]:
    """*blocks* with a paragraph, list item or heading that a column or a page cut
    joined again: the part before does not end a sentence, and the part after opens in
    lower case or with a parenthesis, or follows a word that goes on (« à », « des »;
    a comma before a figure), or the part before leaves a parenthesis open."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is not None and _goes_on(previous, block):
            previous.lines.extend(block.lines)
        else:
            out.append(block)
    return out


def _goes_on(previous: Block, block: Block) -> bool:
    # only over a cut (a new page or column): below the other in its column, a block is
    # a paragraph of its own
    if not block.lines or (block.page == previous.page and block.top >= previous.lines[-1].top):
        return False
    if block.kind == "heading":
        same = previous.kind == "heading" and previous.level == block.level
    else:
        same = previous.kind in ("paragraph", "item") and block.kind == "paragraph"
    first = block.lines[0].text.lstrip("*")[:1]
    last = previous.lines[-1].text.rstrip("*")
    # a sentence ends there, unless what follows in lower case goes on after a colon or a
    # parenthesis: « (PS) » over « acceptant les patients… »
    clause = last.endswith((":", ";", ")", "»")) and first.islower()
    if not same or (SENTENCE_END.search(last) and not clause):
        return False
    # « … supérieurs à » over a cut, then « 30% en France… »; « s'installant en » then
    # « Occitanie… »: what follows an article or a preposition goes on (after a comma,
    # only a figure)
    goes_on = bool(CONTINUES.search(last)) and (first.isdigit() or not last.endswith(","))
    # « … (Equipes de Soins Primaires (ESP), Communautés » then « Professionnelles… »
    within = sum(line.text.count("(") - line.text.count(")") for line in previous.lines) > 0
    return first.islower() or first == "(" or goes_on or within


def _line(words: Sequence[Word], page: int, right: float = 0.0) -> Line:
    """One printed line, its bold runs marked when only some of its words are bold."""
    bold = all(w.bold for w in words)
    parts: list[str] = []
    for index, word in enumerate(words):
        opens = word.bold and not bold and (index == 0 or not words[index - 1].bold)
        closes = word.bold and not bold and (index == len(words) - 1 or not words[index + 1].bold)
        parts.append(f"{'**' if opens else ''}{word.text}{'**' if closes else ''}")
    return Line(
        " ".join(parts),
        words[0].x0,
        words[-1].x1,
        min(w.top for w in words),
        max(w.bottom for w in words),
        max(w.size for w in words),
        bold,
        page,
        max(right, words[-1].x1),
    )


def _page_blocks(
    sheet: Page, regions: list[_Region], body: float, levels: dict[float, int]
) -> list[Block]:
    page = sheet.number
    out: list[Block] = []
    for region in regions:
        if not region.words:
            continue
        if region.role == "table":
            lines = [_line(line, page) for line in _lines_of(region.words)]
            table = Block("table", page, lines, bands=[region.words], rules=[sheet.rules])
            table.ruled = region.ruled
            out.append(table)
            continue
        for block in _flow(page, region.words, body, levels, region.edge):
            block.panel = region.role == "panel"
            out.append(block)
    return out


def _flow(
    page: int, words: list[Word], body: float, levels: dict[float, int], edge: float
) -> list[Block]:
    """The paragraphs, headings and list items of a region of running text, in a column
    whose right edge is *edge*."""
    x0, x1 = _extent(words)
    out: list[Block] = []
    for line in (_line(w, page, max(x1, edge)) for w in _lines_of(words)):
        heading = line.size >= HEADING_SIZE * body
        bullet = line.text.lstrip("*")[:1] in BULLETS and line.text.lstrip("*")[1:2] == " "
        current = out[-1] if out else None
        if current is not None and not bullet and _continues(current, line, heading, x0):
            current.lines.append(line)
            continue
        kind = "heading" if heading else "item" if bullet else "paragraph"
        level = levels.get(round(line.size, 1), 0)
        out.append(Block(kind, page, [line], level=level))
    return out


def _continues(block: Block, line: Line, heading: bool, x0: float) -> bool:
    """Whether *line* goes on with *block*, the block above it in the same region."""
    last = block.lines[-1]
    if (block.kind == "heading") != heading or last.bold != line.bold:
        return False
    if block.kind == "item":  # its lines hang under the first one's text
        return line.x0 > block.lines[0].x0 + 0.5 * line.size
    if line.x0 > x0 + 0.8 * line.size and last.x0 <= x0 + 0.8 * line.size:
        return False  # an indented first line
    if NOTE.match(line.text):  # « * déploiement estimé… »: a footnote under the text
        return False
    opens = line.text.lstrip("*")[:1].isupper() or line.text.lstrip("*")[:1].isdigit()
    return not (fits(last, line) and SENTENCE_END.search(last.text) and opens)


def fits(line: Line, following: Line) -> bool:
    """Whether the first word of *following* would have fitted at the end of *line*,
    in its column: *line* was ended there, not wrapped."""
    width = (following.x1 - following.x0) / max(len(following.text), 1)
    first = len(following.text.split(" ", 1)[0].strip("*")) + 1  # and a space
    return line.x1 + first * width < line.right - 0.5 * line.size


def _panels_placed(blocks: list[Block]) -> list[Block]:
    """*blocks* with each page's side panel moved before the first heading (or bold line)
    of the page's main text at or below the panel's top; where the page has none below
    it, after the page's main text if that ends above the panel, else before the next
    page's first heading (its section may go on over the page), else where the main
    text ends."""
    out: list[Block] = []
    waiting: list[Block] = []  # a panel whose page had no heading below it
    for _page, on_page in groupby(blocks, key=lambda b: b.page):
        main: list[Block] = []
        panels: list[Block] = []
        for block in on_page:
            (panels if block.panel else main).append(block)
        starts = [i for i, b in enumerate(main) if b.kind == "heading" or b.bold]
        if waiting:
            at = starts[0] if starts else len(main)
            main[at:at] = waiting
            starts = [i + len(waiting) if i >= at else i for i in starts]
            waiting = []
        if panels:
            # level with the panel: a heading at most an em above its title (the box's padding)
            level = panels[0].top - panels[0].lines[0].size
            below = [i for i in starts if main[i].top >= level]
            above = all(b.lines[-1].bottom <= panels[0].top + 2 for b in main if b.lines)
            if below:
                main[below[0] : below[0]] = panels
            elif above:  # the panel stands below the page's text: its section comes after
                main.extend(panels)
            else:
                waiting = panels
        out.extend(main)
    return out + waiting


def _tables_merged(blocks: list[Block], body: float) -> list[Block]:
    """Consecutive table regions as one table, its cells placed on the columns that
    the whole table's white space gives, a wrapped cell joined into one value."""
    out: list[Block] = []
    for block in blocks:
        if block.kind != "table":
            out.append(block)
            continue
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "table"
            and (
                _same_rules(previous, block)
                if previous.ruled and block.ruled
                else _same_grid(previous, block, body)
            )
        ):
            previous.bands.extend(block.bands)
            previous.rules.extend(block.rules)
            continue
        out.append(block)
    for block in out:
        if block.kind == "table":
            block.rows = _cells(block.bands, block.rules, body)
    return out


def _same_rules(a: Block, b: Block) -> bool:
    """Whether two ruled tables draw the rules between their columns at the same places
    (a table that a page cut goes on; another table follows with columns of its own)."""

    def downs(table: Block) -> list[float]:
        bands = zip(table.bands, table.rules, strict=True)
        return _clustered(
            [edge for band, boxes in bands for edge in _edges(boxes, band, down=True)]
        )

    first, second = downs(a), downs(b)
    return len(first) == len(second) and all(
        abs(x - y) <= 2 * RULE for x, y in zip(first, second, strict=True)
    )


def _same_grid(a: Block, b: Block, body: float) -> bool:
    """Whether two tables stand over the same columns: together they keep as many
    columns as the one with fewer."""

    def columns(words: list[Word]) -> int:
        return len(_gaps([(w.x0, w.x1) for w in words], COLUMN_GAP * body)) + 1

    first = [w for band in a.bands for w in band]
    second = [w for band in b.bands for w in band]
    return columns(first + second) >= min(columns(first), columns(second)) > 1


def _cells(bands: list[list[Word]], rules: list[tuple[Box, ...]], body: float) -> list[list[str]]:
    """The rows of a table made of *bands*, its words placed by its columns: the rules
    drawn between its cells where it has them, else the white space down the table.
    A band is parted into rows by the rules across it, else it is one row (or, for a
    table in one band, one row a line)."""
    every = [w for band in bands for w in band]
    x0, x1 = _extent(every)
    drawn = [
        edge
        for band, boxes in zip(bands, rules, strict=True)
        for edge in _edges(boxes, band, down=True)
        if x0 + RULE < edge < x1 - RULE
    ]
    if drawn:
        bounds = _clustered(drawn)
    else:
        bounds = [sum(g) / 2 for g in _gaps([(w.x0, w.x1) for w in every], COLUMN_GAP * body)]
    rows: list[list[str]] = []
    for index, (band, boxes) in enumerate(zip(bands, rules, strict=True)):
        lines = _lines_of(band)
        top, bottom = min(w.top for w in band), max(w.bottom for w in band)
        across = [y for y in _clustered(_edges(boxes, band, down=False)) if top < y < bottom]
        if across:
            groups = [
                [line for line in lines if sum(line[0].top > y for y in across) == n]
                for n in range(len(across) + 1)
            ]
        else:
            groups = [lines] if len(bands) > 1 else [[line] for line in lines]
        for number, group in enumerate(filter(None, groups)):
            cells: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
            for line in group:
                for word in line:
                    cells[sum(word.x0 > b for b in bounds)].append(word.text)
            row = [_joined(cell) for cell in cells]
            if rows and index and not number and _goes_on_row(row):
                rows[-1] = [
                    " ".join(filter(None, pair)) for pair in zip(rows[-1], row, strict=True)
                ]
            else:
                rows.append(row)
    return rows


def _goes_on_row(row: list[str]) -> bool:
    """Whether the first row of a table's next part (over a page or a column) is the
    end of the row above, cut by the break: its cells open in lower case
    (« …en vue d'une insémination » / « artificielle ; »)."""
    filled = [cell for cell in row if cell]
    return bool(filled) and all(cell[:1].islower() for cell in filled)


RULE = 2.0  # points: edges of rules closer than this are one edge


def _edges(boxes: tuple[Box, ...], band: list[Word], down: bool) -> list[float]:
    """The x (*down*) or y positions of the rules and box edges beside the words of *band*."""
    x0, x1 = _extent(band)
    top, bottom = min(w.top for w in band), max(w.bottom for w in band)
    out = []
    for left, upper, right, lower in boxes:
        if down and upper < bottom and lower > top:
            out += [(left + right) / 2] if right - left < RULE else [left, right]
        elif not down and left < x1 and right > x0:
            out += [(upper + lower) / 2] if lower - upper < RULE else [upper, lower]
    return out


def _clustered(edges: list[float]) -> list[float]:
    """*edges* with those closer than :data:`RULE` as one, sorted."""
    out: list[list[float]] = []
    for edge in sorted(edges):
        if out and edge - out[-1][-1] < RULE:
            out[-1].append(edge)
        else:
            out.append([edge])
    return [sum(group) / len(group) for group in out]


def _joined(words: list[str]) -> str:
    """A cell's words on one line, a word cut by a hyphen at a line end joined again
    (the hyphen kept after a combining form, « cervico-faciale », as the text reader
    keeps it)."""
    text = " ".join(words)

    def join(match: re.Match[str]) -> str:
        return match.group(1) + ("-" if match.group(1).lower() in HYPHENATED_HEADS else "")

    return re.sub(r"(\b[^\W\d_]+)- (?=[a-zà-ÿ])", join, text)
