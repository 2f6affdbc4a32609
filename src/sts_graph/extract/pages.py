"""Items → défi pages and objectif pages, with their sections.

A défi page is anchored on its « Les enjeux » heading, an objectif page on its
« Le défi à relever » heading; the page's title stands between the nearest
``DÉFI #N`` / ``Objectif Opérationnel #N`` marker and the anchor (or is the
paragraph just above the anchor where no marker is printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import takewhile

from sts_graph.extract.text import Item, Layout, Source, grouped, key, prose

SECTIONS = {
    "lesenjeux": "enjeux",
    "lesobjectifsoperationnels": "objectifs",
    "ledefiarelever": "defi",
    "lesconstats": "constats",
    "lobjectif": "objectif",
    "lesresultatsattendus": "resultats",
    "enpratique": "pratique",
    "chiffrescles": "chiffres",
    "themesassocies": "themes",
    "themeassocie": "themes",
    "parcoursassocies": "parcours",
    "parcoursassocie": "parcours",
    "lesparcoursassocies": "parcours",
    "leparcoursassocie": "parcours",
    "paroledecitoyen": "parole",
    "paroledecitoyens": "parole",
    "motscles": "motscles",  # Aveyron's keywords under the chiffres-clés
}
NUMBER_SIGN = r"(?:#|n\s*°|N\s*°)"  # « #5 », « n° 5 », « N°5 »
# « DÉFI #1 », « DEFI 1 », « Défi n°1 »: upper case, or a number sign
DEFI_MARK = re.compile(
    rf"^(?:D[ÉE]FI\s*{NUMBER_SIGN}?|D[ée]fi\s*{NUMBER_SIGN})\s*(\d{{1,2}})\b\s*(.*)$"
)
# « Objectif Opérationnel #5 », « OBJECTIF OPÉRATIONNEL N° 5 », « #5 », « Objectif
# Opérationnel 5 »; a bare « 5 » counts after a line « Opérationnel » (see _marker)
OBJ_MARK = re.compile(
    rf"^(?:Objectif\s+Op[ée]rationnel\s*{NUMBER_SIGN}?|{NUMBER_SIGN})\s*(\d{{1,2}})\b\s*(.*)$",
    re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^(\d{1,2})()$")
# after a line « Objectif »: « Opérationnel #3 » (the marker's last two lines as one)
OBJ_TAIL = re.compile(rf"^Op[ée]rationnel\s*{NUMBER_SIGN}?\s*(\d{{1,2}})\b\s*(.*)$", re.IGNORECASE)
OBJ_WORDS = {"objectif", "operationnel", "objectifoperationnel"}
ENG_DEFI = re.compile(
    rf"Engagement\s*{NUMBER_SIGN}?\s*(\d)\s*/\s*D[ée]fi\s*{NUMBER_SIGN}?\s*(\d+)", re.IGNORECASE
)
REF = re.compile(r"R[ée]f\.?\s*(E\d+D\d+(?:[O0]\d+)?)\b", re.IGNORECASE)
TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,})\s*\d+\s*$")
OQOS_START = re.compile(r"^(?:ACTIVIT[ÉE]S? (?:DE SOINS|STRUCTURANTES)\b|Activit[ée] de soins\b)")
FOOTNOTE = re.compile(r"^(?:\d{1,2}\s+\S|https?:)")


@dataclass
class Page:
    """A défi or objectif page: its title, marker number and sections."""

    kind: str  # "defi" | "objectif"
    start: int  # index of the first item of the page
    anchor: int  # index of the anchoring heading
    end: int  # index past the last item
    title_items: list[Item]
    number: int | None  # the printed DÉFI #N / Objectif Opérationnel #N
    sections: dict[str, list[Item]] = field(default_factory=dict)
    headless: bool = False  # an objectif's sections on its défi page, with no heading

    @property
    def title(self) -> str:
        return prose(i.text for i in self.title_items)

    @property
    def line(self) -> int:
        return self.title_items[0].line if self.title_items else 0


def section_of(item: Item) -> str | None:
    """The section an item opens, if it is a section heading."""
    text = item.text.strip(" ■:").replace("■", "")
    return SECTIONS.get(key(text)) if len(text) < 40 else None


def is_toc(items: list[Item], index: int) -> bool:
    """Whether the marker at *index* is a table-of-contents entry."""
    for item in items[index : index + 5]:
        if TOC_LEADER.search(item.text):
            return True
        if section_of(item):
            return False
    return False


def oqos_start(source: Source) -> int:
    """Index of the first item of the OQOS part (the end of the défi part)."""
    for index, item in enumerate(source.items):
        if OQOS_START.match(item.text):
            return index
    return len(source.items)


def _paragraph_before(items: list[Item], anchor: int, floor: int, layout: Layout) -> int:
    """Start index of the title paragraph just above *anchor*."""
    first = anchor - 1
    if first < floor:
        return anchor
    if layout is Layout.MARKDOWN and items[first].heading:
        return first
    while (
        first - 1 >= floor
        and not items[first].opens
        and not section_of(items[first - 1])
        and not items[first - 1].bullet
    ):
        first -= 1
    return first


def _marker(items: list[Item], floor: int, anchor: int, kind: str) -> tuple[int, int, str] | None:
    """The last marker of *kind* between *floor* and *anchor*: (index, number, trailing text)."""
    pattern = DEFI_MARK if kind == "defi" else OBJ_MARK
    for index in range(anchor - 1, floor - 1, -1):
        match = pattern.match(items[index].text)
        after_words = index > 0 and key(items[index - 1].text) in OBJ_WORDS
        if kind == "objectif" and not match and after_words:
            match = BARE_NUMBER.match(items[index].text) or OBJ_TAIL.match(items[index].text)
        if match and not (kind == "defi" and is_toc(items, index)):
            return index, int(match.group(1)), match.group(2).strip()
    return None


def find_pages(source: Source, titles: frozenset[str] = frozenset()) -> list[Page]:
    """Every défi and objectif page of the défi part, in the order of the plan.

    *titles* are the keys of the engagement titles, cut from the end of a page.
    """
    items, stop = source.items, oqos_start(source)
    anchors = [
        (index, "defi" if section_of(item) == "enjeux" else "objectif")
        for index, item in enumerate(items[:stop])
        if section_of(item) in ("enjeux", "defi")
    ]
    pages: list[Page] = []
    floor = 0
    for anchor, kind in anchors:
        marker = _marker(items, floor, anchor, kind)
        number = None
        if marker:
            index, number, trailing = marker
            title = [i for i in items[index + 1 : anchor] if key(i.text) not in OBJ_WORDS]
            if trailing:
                title.insert(0, Item(items[index].line, trailing, items[index].heading))
            start = index
        else:
            start = _paragraph_before(items, anchor, floor, source.layout)
            title = list(items[start:anchor])
        title = [i for i in title if not REF.search(i.text) and not ENG_DEFI.search(i.text)]
        if pages:
            pages[-1].end = min(pages[-1].end, start)
        pages.append(Page(kind, start, anchor, stop, title, number))
        floor = anchor + 1
    for page in pages:
        first = page.anchor
        first = next((i for i in range(page.start, page.anchor) if section_of(items[i])), first)
        if first < page.anchor:
            page.title_items = [t for t in page.title_items if t.line < items[first].line]
        page.title_items = list(
            takewhile(lambda t: not (t.note or FOOTNOTE.match(t.text)), page.title_items)
        )
        page.sections = sections(items[first : page.end], titles)
    return _with_headless_objectifs(items, pages, titles)


OBJECTIF_SECTIONS = ("constats", "objectif", "resultats", "pratique")


def _with_headless_objectifs(
    items: list[Item], pages: list[Page], titles: frozenset[str]
) -> list[Page]:
    """*pages*, where a défi page goes on with an objectif's sections and no « Le défi à
    relever » heading, split in two: the défi page, then that objectif's page, titled
    from the défi page's list of objectifs when it lists one (else left untitled)."""
    out: list[Page] = []
    for page in pages:
        out.append(page)
        if page.kind != "defi" or not any(s in page.sections for s in OBJECTIF_SECTIONS):
            continue
        # its sections may open before its anchor (a section printed above the défi's)
        first = next(
            i for i in range(page.start, page.end) if section_of(items[i]) in OBJECTIF_SECTIONS
        )
        if first < page.anchor:  # then they are no objectif of its own
            continue
        listed = grouped(page.sections.get("objectifs", []))
        title = listed[0] if len(listed) == 1 else []
        objectif = Page("objectif", first, first, page.end, list(title), None, headless=True)
        page.end = first
        page.sections = sections(items[page.anchor : first], titles)
        objectif.sections = sections(items[first : objectif.end], titles)
        out.append(objectif)
    return out


BANNER_PREFIX = 30  # letters of an engagement title that make lines its banner
BANNER_LINES = 5  # lines an engagement title may be broken over


LIST_NUMBER = re.compile(r"^[1-6][.)]?\s+")
ENGAGEMENT_WORD = re.compile(r"^\d?engagements?(?:pouragir)?$")


def _opens_title(items: list[Item], index: int, titles: frozenset[str]) -> bool:
    """Whether the lines from *index* print an engagement title (keys in *titles*), with
    or without its number (``1. Dynamiser…``)."""
    first = key(LIST_NUMBER.sub("", items[index].text))
    candidates = [t for t in titles if first and t.startswith(first)]
    if not candidates:  # most lines: no need to read the lines after
        return False
    joined = key(LIST_NUMBER.sub("", " ".join(i.text for i in items[index : index + BANNER_LINES])))
    return any(joined[: min(len(t), BANNER_PREFIX)] == t[:BANNER_PREFIX] for t in candidates)


def opens_banner(items: list[Item], index: int, titles: frozenset[str]) -> bool:
    """Whether an engagement banner starts at *index*: « ENGAGEMENT », an engagement
    title, or the engagement's bare number before either."""
    if ENGAGEMENT_WORD.match(key(items[index].text)) or _opens_title(items, index, titles):
        return True
    return bool(re.fullmatch(r"[1-6]", items[index].text)) and any(
        ENGAGEMENT_WORD.match(key(items[j].text)) or _opens_title(items, j, titles)
        for j in range(index + 1, min(index + 3, len(items)))
    )


def ends_page(item: Item) -> bool:
    """An item that no section of a page runs past: an engagement or défi header."""
    text = item.text
    return bool(
        key(text) in ("engagement", "evolution", *OBJ_WORDS)
        or key(text).startswith(("objectifsquantitatifsdeloffre", "evolutiondeloffre"))
        or DEFI_MARK.match(text)
        or TOC_LEADER.search(text)
        or (item.heading and re.fullmatch(r"[1-6]", text))
    )


def _without_running_title(items: list[Item], titles: frozenset[str]) -> list[Item]:
    """Drop an engagement title printed at the very end of a page (pdftotext puts the
    next engagement's title before its list of défis)."""
    for size in range(1, min(len(items), 12) + 1):
        tail = key(" ".join(i.text for i in items[-size:]))
        if any(t.startswith(tail) and len(tail) >= 0.8 * len(t) for t in titles):
            return items[:-size]
    return items


def sections(items: list[Item], titles: frozenset[str] = frozenset()) -> dict[str, list[Item]]:
    """Split a page body into its sections (the first of a repeated section wins)."""
    out: dict[str, list[Item]] = {}
    current: list[Item] | None = None
    stop = next(
        (i for i, item in enumerate(items) if ends_page(item) or opens_banner(items, i, titles)),
        len(items),
    )
    for item in _without_running_title(items[:stop], titles):
        name = section_of(item)
        if ENG_DEFI.fullmatch(item.text.strip(" .")) or REF.fullmatch(item.text.strip(" .")):
            continue  # a page marker, not text of a section
        if name:
            current = out.setdefault(name, []) if name not in out else []
            continue
        if current is not None:
            current.append(item)
    return out
