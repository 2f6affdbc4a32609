"""The last part of a plan: the objectifs quantitatifs de l'offre de soins (OQOS).

Each activité de soins prints a *Bilan* table (existing authorisations at
01/06/2023) and an *Objectifs* table (targets), sometimes one table with both.
A table starts at its « Zone d'implantation » header, which names its columns;
a row is a label (with the zone code on the first row, and a group such as
« Chirurgie oncologique » or « Cancers ») followed by as many values as the
header has value columns. Where the activité heading is missing, the activité
is recognised from the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sts_graph.extract.model import OqosRow, Span
from sts_graph.extract.pages import oqos_start
from sts_graph.extract.text import LINKING_WORDS, Item, Layout, Source, key, prose
from sts_graph.extract.vocabularies import vocabularies

VALUE = re.compile(r"^(?:-|–|\d+(?:\s*/\s*\d+)?)$")
TRAILING_VALUE = re.compile(r"\s+(-|–|\d+\s*/\s*\d+|\d+)\s*$")
ZONE = re.compile(r"^(\d[0-9AB])\b(?!\s*[a-zà-ÿ])\s*")  # not « 18 ans », a label's wrap
MENTION_CODE = re.compile(r"^[A-D]\d?\**\s*[-–]")
# « Modalité 3 Cardiopathies ischémiques… »: a modalité named by its number, its own
# row where it has no mention; the number is its name's, not a value
MODALITE_NAMED = re.compile(r"^Modalit[ée]\s+\d\b", re.IGNORECASE)
NAMED_BY_NUMBER = re.compile(r"\bmodalit[ée]$", re.IGNORECASE)
# « …l'adolescent de moins de 18 » over « ans comprenant… »: a number after a word that
# cannot end a label is the label's, cut where the cell wraps, not a value
LABEL_GOES_ON = re.compile(rf"\b(?:{LINKING_WORDS})$", re.IGNORECASE)
ENDS_TABLE = (
    "recoursetexpertises",
    "transformations",
    "activitedesoinsfilieredesoins",
    "objectifsquantitatifs",
    "bilan",
    "activitesstructurantes",
)

HEADING = re.compile(
    r"^(?:Activit[ée]s? (?:de soins? )?(?:de |d'|en )?|[ÉE]quipements? mat[ée]riels? lourds?)", re.I
)


def activite_of_heading(text: str) -> str | None:
    """The activité a heading names, if any."""
    k = key(HEADING.sub("", text)) or key(text)
    for activite in vocabularies().activites:
        if any(h in k for h in activite.heading_keys):
            return activite.slug
    return None


def activite_of_row(label: str) -> str | None:
    """The activité a row label belongs to, for tables with no heading."""
    k = key(label)
    for activite in vocabularies().activites:
        if any(r in k for r in activite.row_keys):
            return activite.slug
    return None


def value_columns(header: str) -> list[str]:
    """Names of the value columns a table header announces, in order."""
    k = key(header)
    found = []
    for name, keys in (
        ("existant", ("existant", "bilanau")),
        ("implantations", ("implantations",)),
        ("appareils", ("appareils",)),
        ("cible", ("cible",)),
    ):
        positions = [k.find(x) for x in keys if x in k]
        if positions:
            found.append((min(positions), name))
    return [name for _pos, name in sorted(found)]


def split_values(item: Item, count: int) -> tuple[list[str], list[str]]:
    """(label cells, trailing values) of a row with at most *count* values."""
    if item.cells:
        cells = list(item.cells)
        while cells and not cells[-1]:
            cells.pop()
        values: list[str] = []
        while cells and len(values) < count and VALUE.match(cells[-1]):
            values.insert(0, cells.pop())
        while cells and not cells[-1]:
            cells.pop()
        return cells, values
    text, values = item.text, []
    while len(values) < count and (m := TRAILING_VALUE.search(" " + text)):
        before = (" " + text)[: m.start()]
        if NAMED_BY_NUMBER.search(before) or LABEL_GOES_ON.search(before):  # the label's
            break
        values.insert(0, m.group(1))
        text = (" " + text)[: m.start()].strip()
    if VALUE.match(text) and len(values) < count:
        values.insert(0, text)
        text = ""
    return [text] if text else [], values


@dataclass
class _Table:
    rank: int
    columns: list[str]
    mentions: bool = False
    zone: str = ""
    group: str | None = None
    pending: list[Item] = field(default_factory=list)
    cells: bool = False  # its rows print cells: a line of one cell is a row of one cell
    paragraphs: bool = True  # its lines' paragraphs are known (not pdftotext's raw lines)


def _ends_table(item: Item) -> bool:
    k = key(item.text)
    return (
        k.startswith(ENDS_TABLE)
        or item.text.startswith("*")
        or (len(item.text) > 200 and not item.cells)
    )


def _label(pending: list[Item], table: _Table) -> str:
    """Split pending label lines into a group (capitalised lines before) and the label."""
    texts = [p.text for p in pending]
    if MODALITE_NAMED.match(texts[0]) and not any(MENTION_CODE.match(t) for t in texts):
        table.group = None  # a modalité with no mention: the whole is its name
        return " ".join(texts)
    start = len(texts) - 1
    while (
        start > 0
        and (
            not pending[start].opens  # a line the label wraps onto (« L. 2141-4 ; »)
            or not (texts[start][:1].isupper() or MENTION_CODE.match(texts[start]))
        )
    ):
        start -= 1
    if start > 0:
        table.group = " ".join(texts[:start])
    return " ".join(texts[start:])


def _row_activite(activite: str | None, label: str, group: str | None) -> str | None:
    """The activité recognised from a table's first row, when it is another one."""
    recognised = activite_of_row(label) or activite_of_row(group or "")
    return recognised if recognised != activite else None


HC_HTP = re.compile(r"\s*:?\s*HC\s+HTP$")


def _two_counts(table: _Table, group: str) -> str:
    """A group line « Non spécialisés : HC HTP » heads rows that print two existing
    counts, full and part-time hospitalisation: the group, without its column names."""
    if not HC_HTP.search(group):
        return group
    table.columns = ["hc", "htp"]
    return HC_HTP.sub("", group).rstrip(" :")


def _row_of(item: Item, table: _Table) -> tuple[str, Span, list[str]] | None:
    """(label, span, values) of a complete row, or None while a label is pending."""
    table.cells = table.cells or bool(item.cells)
    if table.cells and not item.cells:  # its empty cells lost with the spaces around it
        item = Item(item.line, item.text, item.heading, item.bullet, cells=(item.text,))
    zone = ZONE.match(item.cells[0] if item.cells else item.text)
    if zone:
        table.zone = zone.group(1)
        if item.cells:
            item = Item(
                item.line, item.text, item.heading, item.bullet, cells=("", *item.cells[1:])
            )
        else:
            item = Item(item.line, item.text[zone.end() :], item.heading, item.bullet)
            if not item.text:
                return None
    labels, values = split_values(item, len(table.columns))
    labels = [c for c in labels if c]
    if item.cells:
        if not values:
            if labels and CARE_FORM.match(labels[-1]):  # a row whose value is blank
                return labels[-1], Span(item.line, item.line), []
            if labels:
                whole = " ".join(labels)
                table.group = _two_counts(table, whole) if HC_HTP.search(whole) else labels[-1]
            return None
        if len(labels) > 1:
            table.group = labels[-2]
        label = labels[-1] if labels else ""
        if MODALITE_NAMED.match(label):  # a modalité with no mention
            table.group = None
        return label, Span(item.line, item.line), values
    if labels and not values and not table.pending and CARE_FORM.match(labels[0]):
        return labels[0], Span(item.line, item.line), []  # a row whose value is blank
    label = (_two_counts(table, labels[0]) if not values else labels[0]) if labels else ""
    if label:  # (« : HC HTP » alone names columns, no label)
        table.pending.append(Item(item.line, label, opens=item.opens or not table.paragraphs))
    if not values:
        return None
    if not table.pending:
        return "", Span(item.line, item.line), values
    span = Span(table.pending[0].line, item.line)
    label = _label(table.pending, table)
    table.pending = []
    return label, span, values


# a form of care (« Appartement thérapeutique », « Centre de crise »): a row even where
# its value is blank, never the heading of a group of rows
CARE_FORM = re.compile(
    r"^(?:hospitalisation|placement|appartement|centre|accueil|équipe|unité|lits?|places?)\b",
    re.IGNORECASE,
)


HEADER_WORD = re.compile(
    r"^(?:d?implantation|modalit|mention|existant|cible|bilan|equipement|implantations|appareils"
    r"|hc|juin|1er|au\d|lourds|\d{6,8}$)"  # a header wrapped: « au 1er juin 2023 », « lourds »
)


def _header(items: list[Item], index: int) -> tuple[int, str]:
    """(index past the header, its whole text): a header may span several lines."""
    parts, end = [items[index].text], index + 1
    while (
        end < len(items) and HEADER_WORD.match(key(items[end].text)) and len(items[end].text) < 80
    ):
        parts.append(items[end].text)
        end += 1
    return end, " ".join(parts)


def _columns(header: str) -> list[str]:
    """Value columns of a table from its header text."""
    names = value_columns(header)
    if {"implantations", "appareils"} <= set(names):
        return ["implantations", "appareils"]
    if "hchtp" in key(header):
        return ["hc", "htp"]  # two existing counts per row
    return names or ["existant"]


HEADING_LENGTH = 90  # a longer paragraph is text, not an activité's heading


def _heading_text(items: list[Item], index: int) -> str:
    """The heading that opens at *index*, over the lines of its paragraph (« Activité
    interventionnelle sous imagerie médicale » / « en cardiologie »), or "" if it is
    a table row or too long for a heading."""
    end = index + 1
    while end < len(items) and not items[end].opens:
        end += 1
    whole = prose(i.text for i in items[index:end])
    return "" if items[index].cells or len(whole) >= HEADING_LENGTH else whole


def find_oqos(source: Source) -> tuple[list[OqosRow], list[tuple[int, str]]]:
    """Every OQOS row of a plan, and notes (line, message) on what was recognised."""
    items = source.items[oqos_start(source) :]
    rows: list[OqosRow] = []
    notes: list[tuple[int, str]] = []
    activite: str | None = None
    tables_since_heading = 0
    table: _Table | None = None
    tables = resume = 0
    for index, item in enumerate(items):
        heading = _heading_text(items, index) if HEADING.match(item.text) else ""
        if heading and (slug := activite_of_heading(heading)):
            activite, tables_since_heading, table = slug, 0, None
            continue
        if index < resume:
            continue
        if key(item.text).startswith(("zone", "zones")) and len(item.text) < 160:
            resume, header = _header(items, index)
            tables += 1
            k = key(header)
            mentions = "mention" in k and "modalitesmention" not in k
            table = _Table(
                tables, _columns(header), mentions, paragraphs=source.layout is not Layout.RAW
            )
            continue
        if table is None:
            continue
        if _ends_table(item):
            table = None
            continue
        found = _row_of(item, table)
        if found is None:
            continue
        label, span, values = found
        first_row = not rows or rows[-1].table != table.rank
        if first_row:
            tables_since_heading += 1
            switch = _row_activite(activite, label, table.group)
            if switch and tables_since_heading > 1:
                activite = switch
                tables_since_heading = 1
                notes.append(
                    (
                        span.start,
                        f"activité {vocabularies().activite_label(switch)} recognised"
                        " from its rows (no heading)",
                    )
                )
        if activite is None:
            continue
        label = label.strip()
        row = OqosRow(
            activite,
            table.rank,
            table.zone,
            label,
            table.group,
            span,
            (table.mentions and not MODALITE_NAMED.match(label)) or bool(MENTION_CODE.match(label)),
            columns=tuple(table.columns),
        )
        for name, value in zip(table.columns[-len(values) :], values, strict=False):
            setattr(row, name, value.replace("–", "-"))
        row.notes = re.findall(r"\*+", label)
        rows.append(row)
    return rows, notes
