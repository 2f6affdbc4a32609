"""One plan's source text → a :class:`Plan` (pages, sections, printed codes)."""

from __future__ import annotations

import re
from typing import TypedDict

from sts_graph.core.errors import LayoutError
from sts_graph.extract import diagnostic
from sts_graph.extract.model import DefiPage, Figure, ObjectifPage, Plan, Span, Text, joined
from sts_graph.extract.oqos import find_oqos
from sts_graph.extract.pages import (
    DEFI_MARK,
    ENG_DEFI,
    REF,
    TOC_LEADER,
    Page,
    find_pages,
    is_toc,
    oqos_start,
    section_of,
)
from sts_graph.extract.text import (
    CONTINUES,
    SENTENCE_END,
    Item,
    Layout,
    Source,
    ends_paragraph,
    grouped,
    key,
    opens_sentence,
)
from sts_graph.extract.titles import similarity
from sts_graph.extract.vocab import LabelMatch, find_labels

ENG_LIST = re.compile(r"^([1-6])[.)]\s+(.+?)\s*\.{2,}\s*\d*$")
ENG_NUMBER = re.compile(r"^([1-6])$")
PLAN_FILE = re.compile(r"^(97[1-6]|\d[0-9AB])-([a-z0-9-]+)$")  # 01…95, 2A, 2B, 971…976


def _opens_item(previous: Item, item: Item, layout: Layout, indented: bool, width: int) -> bool:
    """Whether *item* starts a new « En pratique » entry after *previous*.

    In pdftotext layout, where bullets are lost, an indented line is one
    (*indented*); where a section has neither, a capitalised line opens an entry
    after a line that ends a sentence or falls short of the section's widest line,
    or when it opens a sentence. Elsewhere, an entry is a paragraph or a line broken
    by hand that does not open in lower case.
    """
    if item.bullet:
        return True
    if layout is Layout.RAW:
        if indented:  # lost bullets show as indentation
            sentence = previous.text.endswith(SENTENCE_END) and item.text[:1].isupper()
            return item.indented or sentence
        capital = item.text[:1].isupper()
        return capital and (ends_paragraph(previous, width) or opens_sentence(previous, item))
    # a paragraph, or a line broken by hand (one opening in lower case goes on: « … sur
    # l'Ariège : » / « coordinateur de parcours, … »)
    return item.opens or (previous.closes and not item.text[:1].islower())


MAX_ACTIONS = 1_000  # entries of one « En pratique » read (the plans print at most a few dozen)


def bounded(plan: Plan, actions: list[Text]) -> list[Text]:
    """The first :data:`MAX_ACTIONS` entries of a section; more are reported, not read."""
    if len(actions) <= MAX_ACTIONS:
        return actions
    plan.note(
        actions[MAX_ACTIONS].span.start,
        "unresolved",
        f"« En pratique » holds {len(actions):,} entries: the first {MAX_ACTIONS:,} are read",
    )
    return actions[:MAX_ACTIONS]


def entries(items: list[Item], layout: Layout) -> list[list[Item]]:
    """The lines of each entry of a listing section (« En pratique », a défi's list of
    objectifs): one per bullet, else one per paragraph (see :func:`_opens_item`)."""
    bulleted = any(i.bullet for i in items)
    indented = layout is Layout.RAW and any(i.indented for i in items)
    width = max((len(i.text) for i in items if not i.text.startswith("http")), default=0)
    groups: list[list[Item]] = []
    for item in items:
        if groups and not _opens_item(groups[-1][-1], item, layout, indented, width):
            groups[-1].append(item)
        elif bulleted and not item.bullet and layout is not Layout.RAW:
            groups.append([item]) if not groups else groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def split_actions(items: list[Item], layout: Layout) -> list[Text]:
    """The entries of « En pratique » (:func:`entries`), as text.

    Where a section has bullets, paragraphs before the first bullet are a lead-in,
    except in pdftotext layout, where bullets are lost and every paragraph counts.
    """
    bulleted = any(i.bullet for i in items)
    texts = [
        t for g in entries(items, layout) if (t := joined(g)) and not t.text.startswith("http")
    ]
    if layout is not Layout.RAW and bulleted and not items[0].bullet:
        texts = texts[1:]  # lead-in paragraphs before the first bullet
    return texts


def list_items(items: list[Item]) -> list[Text]:
    """The items of a listing section, in order: its paragraphs, a bullet opening one."""
    return [t for group in grouped(items) if (t := joined(group))]


SOURCE_NOTE = re.compile(r"^Sources?\s*:", re.IGNORECASE)
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FOOTER = re.compile(rf"^(?:{MONTHS})\s+\d{{4}}$", re.IGNORECASE)  # a page's « Juillet 2023 »
BARE_FIGURE = re.compile(r"^[+-]?\d[\d\s,.]*\s*(?:%|‰|€)?$")  # « 11 885 », « 12,6% »
FIGURE_OPENS = re.compile(r"\d+\s+[A-ZÀ-Ý]")  # a count and what it counts: « 1 Dispositif »
DATE_ONLY = re.compile(r"^(?:\d{1,2}/\d{1,2}/\d{2,4}|(?:en |au )?\d{4})$")


def split_figures(items: list[Item]) -> list[Figure]:
    """« Chiffres-clés » as figures: one per paragraph (or per hard-broken line that
    opens with a number), a bare number joined to the label that follows it, a line
    in lower case or a date to the figure above, a « Source : … » note kept as the
    source of the figure above it, page footers left out."""
    figures: list[Figure] = []
    bare = False
    for paragraph in _paragraphs(items):
        text = joined(paragraph)
        if text is None or FOOTER.match(text.text):
            continue
        last = figures[-1] if figures else None
        if last and SOURCE_NOTE.match(text.text):
            source = last.source.followed_by(text) if last.source else text
            figures[-1] = Figure(last.text, source)
        elif last and not last.source and (bare or _continues(text.text)):
            figures[-1] = Figure(last.text.followed_by(text), None)
        else:
            figures.append(Figure(text, None))
        bare = bool(BARE_FIGURE.match(text.text))
    return figures


def _continues(text: str) -> bool:
    """A block that goes on the figure above: a date, or words in lower case."""
    return bool(DATE_ONLY.match(text)) or text[:1].islower()


def _paragraphs(items: list[Item]) -> list[list[Item]]:
    """Paragraphs (see :func:`.text.grouped`), a figure that opens a line starting one
    of its own (:func:`_opens_figure`: « 2 CPTS signataires de l'ACI » over « 1
    Dispositif d'Appui… », where a narrow box hides the break)."""
    groups: list[list[Item]] = []
    for index, item in enumerate(items):
        figure = index > 0 and _opens_figure(items[index - 1], item)
        if groups and not item.opens and not figure:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _opens_figure(before: Item, item: Item) -> bool:
    """Whether *item* opens a figure of its own after *before*: a number after a line
    broken by hand, or a count (« 1 Dispositif ») on a new line after one that does
    not go on (« … supérieurs à », « … médico-social : »)."""
    if before.closes and item.text[:1].isdigit():
        return True
    hidden = not CONTINUES.search(before.text) and not before.text.endswith(":")
    return hidden and item.line != before.line and bool(FIGURE_OPENS.match(item.text))


class Labels(TypedDict):
    """A page's thèmes and parcours."""

    themes: list[LabelMatch]
    parcours: list[LabelMatch]


def labels(sections: dict[str, list[Item]], plan: Plan) -> Labels:
    """Thèmes and parcours of a page, each filed under the vocabulary it belongs to."""
    out = Labels(themes=[], parcours=[])
    for heading, scheme in (("themes", "theme"), ("parcours", "parcours")):
        for match in find_labels(sections.get(heading, [])):
            (out["themes"] if match.concept.scheme == "theme" else out["parcours"]).append(match)
            if match.concept.scheme != scheme:
                plan.note(
                    match.line,
                    "repair",
                    f"« {match.printed} » printed under {heading}, filed as {match.concept.scheme}",
                )
            elif match.misspelt:
                plan.note(
                    match.line,
                    "repair",
                    f"label « {match.printed} » read as « {match.concept.label} »",
                )
    return out


def _ref(items: list[Item]) -> str | None:
    for item in items:
        match = REF.search(item.text)
        if match:
            return match.group(1).upper()
    return None


def _span(source: Source, page: Page) -> Span:
    """The page's lines, from its title (a headless page's title stands on its défi's
    page: it starts at its first section)."""
    first = source.items[page.start].line
    last = source.items[page.end - 1].line if page.end > page.start else page.line
    return Span(first if page.headless else page.line or first, last)


def _title_span(source: Source, page: Page) -> Span:
    """The lines that print a page's title (its first line where it prints none)."""
    if not page.title_items:
        line = _span(source, page).start
        return Span(line, line)
    return Span(page.title_items[0].line, page.title_items[-1].line)


def engagement_titles(source: Source) -> list[tuple[int, str, int]]:
    """Engagement numbers printed with their titles (a numbered list or ``# N`` + title)."""
    items, stop = source.items, oqos_start(source)
    found = []
    for index, item in enumerate(items[:stop]):
        listed = ENG_LIST.match(item.text)
        if listed and not item.bullet:
            found.append((int(listed.group(1)), listed.group(2).strip(" ."), item.line))
            continue
        alone = all(items[j].line != item.line for j in (index - 1, index + 1) if 0 <= j < stop)
        if ENG_NUMBER.match(item.text) and alone and source.layout is not Layout.RAW:
            title, closed = [], False
            for follower in items[index + 1 : index + 10]:
                if DEFI_MARK.match(follower.text) or section_of(follower):
                    closed = True
                    break
                if key(follower.text) != "engagement":
                    title.append(follower.text)
            if closed and title and len(" ".join(title)) > 20:
                found.append((int(item.text), " ".join(title), item.line))
    return found


def read_diagnostic(plan: Plan, source: Source, pages: list[Page], titles: frozenset[str]) -> None:
    """Counts, indicators, CTS défis, CNR proposals and quotes of a plan (*titles*: the
    keys of the engagement titles)."""
    front = source.items[: pages[0].start]
    plan.counts = diagnostic.find_counts(front)
    for page in pages:
        for name in ("chiffres", "constats", "enjeux"):
            plan.counts += diagnostic.find_counts(page.sections.get(name, []))
    population = diagnostic.find_population(front)
    plan.indicators = [population] if population else []
    plan.indicators += diagnostic.find_indicators(front)
    plan.cts_defis = diagnostic.find_cts_defis(front)
    plan.cnr = diagnostic.find_cnr(front, titles)
    plan.quotes = diagnostic.find_quotes(front)
    plan.quotes += [t for p in pages if (t := joined(p.sections.get("parole", [])))]
    by_type: dict[str, set[int]] = {}
    for count in plan.counts:
        by_type.setdefault(count.dispositif, set()).add(count.count)
    for name, numbers in sorted(by_type.items()):
        if len(numbers) > 1:
            lines = [f"{c.count} (line {c.line})" for c in plan.counts if c.dispositif == name]
            first = min(c.line for c in plan.counts if c.dispositif == name)
            plan.note(first, "contradiction", f"{name} counted differently: {', '.join(lines)}")


def check_structure(source: Source, pages: list[Page]) -> None:
    """Fail, naming the line, where the plan does not have the shape of a plan."""
    markers = [i for i in source.items if DEFI_MARK.match(i.text)]
    defis = [p for p in pages if p.kind == "defi"]
    if not defis:
        line = markers[0].line if markers else 1
        raise LayoutError(source.name, line, "no défi page found (« DÉFI #N » then « Les enjeux »)")
    if not any(p.kind == "objectif" for p in pages):
        raise LayoutError(
            source.name, defis[0].line, "défi pages but no objectif page (no « Le défi à relever »)"
        )


def toc_defis(source: Source) -> list[Text]:
    """The défis the tables of contents list (title up to the dot leader)."""
    items, out = source.items, []
    for index, item in enumerate(items[: oqos_start(source)]):
        match = DEFI_MARK.match(item.text)
        if not match or not is_toc(items, index):
            continue
        parts = [match.group(2)] if match.group(2) else []
        for follower in items[index + 1 : index + 6]:
            parts.append(TOC_LEADER.sub("", follower.text).rstrip(" .…"))
            if TOC_LEADER.search(follower.text):
                break
        out.append(Text(" ".join(p for p in parts if p), Span(item.line, item.line)))
    return out


def check_toc(plan: Plan, source: Source) -> None:
    """Report the défis a table of contents lists that have no page."""
    for entry in toc_defis(source):
        if not any(similarity(entry.text, d.title) >= 0.8 for d in plan.defis):
            plan.note(
                entry.span.start,
                "missing",
                f"the contents list défi {entry.text[:60]!r} but no page follows",
            )


def note_dump(plan: Plan, source: Source) -> None:
    """Say when a text looks like a PDF's text dump (pdftotext's raw lines, or pages
    opened by form feeds) with no PDF beside it: the PDF itself reads better."""
    if plan.pdf is not None:
        return
    if source.layout is Layout.RAW:
        sign = "pdftotext's raw lines"
    elif source.paged:
        sign = "pages opened by form feeds"
    else:
        return
    plan.note(
        1,
        "notice",
        f"this text looks like a PDF's text dump ({sign}); the PDF itself, put in its "
        f"place as {source.path.with_suffix('.pdf').name}, is read by its layout and keeps more",
    )


def read_plan(source: Source, titles: frozenset[str] = frozenset()) -> Plan:
    """Read one plan; *titles* are the engagement titles of all plans (as keys)."""
    path = source.path
    match = PLAN_FILE.match(path.stem)
    if not match:
        raise LayoutError(path.name, 1, "a plan's file name is <INSEE code>-<name>.txt")
    pages = find_pages(source, titles)
    check_structure(source, pages)
    plan = Plan(
        match.group(1),
        path,
        source.name,
        source.layout,
        source.line_count,
        [],
        [],
        engagement_titles(source),
        pages=source.pages,
    )
    note_dump(plan, source)
    read_diagnostic(plan, source, pages, titles)
    plan.oqos, notes = find_oqos(source)
    for line, message in notes:
        plan.note(line, "repair", message)
    if not plan.oqos:
        plan.note(source.line_count, "missing", "no OQOS table found")
    current: DefiPage | None = None
    previous_start = 0
    for page in pages:
        body = source.items[page.anchor : page.end]
        sections = page.sections
        if page.kind == "defi":
            marker = next((m for i in body if (m := ENG_DEFI.search(i.text))), None)
            current = DefiPage(
                number=page.number,
                title=page.title,
                span=_span(source, page),
                title_span=_title_span(source, page),
                enjeux=joined(sections.get("enjeux", [])),
                **labels(sections, plan),
                listed=split_actions(sections.get("objectifs", []), source.layout),
                ref=_ref(body),
                preamble=key(" ".join(i.text for i in source.items[previous_start : page.start])),
            )
            previous_start = page.start
            if marker:
                current.engagement, current.engagement_evidence = int(marker.group(1)), "marker"
            plan.defis.append(current)
            if page.number is None:
                plan.note(
                    current.span.start,
                    "unresolved",
                    f"défi page with no DÉFI #N: {page.title[:60]!r}",
                )
            continue
        marker = next((m for i in body if (m := ENG_DEFI.search(i.text))), None)
        if (
            marker
            and current
            and current.engagement is None
            and current.number == int(marker.group(2))
        ):
            current.engagement, current.engagement_evidence = int(marker.group(1)), "marker"
        number_text = f"#{page.number}" if page.number is not None else None
        ref = _ref(body)
        if current is None:
            plan.note(
                source.items[page.anchor].line,
                "unresolved",
                f"an objectif page before any défi page: {page.title[:50]!r}, kept with no défi",
            )
        if page.headless and current is not None:
            plan.note(
                source.items[page.start].line,
                "repair",
                f"objectif sections on the page of défi {current.title[:40]!r} with no "
                f"heading: an objectif page titled {page.title[:50]!r} from the défi's list",
            )
        plan.objectifs.append(
            ObjectifPage(
                number=page.number,
                printed_code=f"Réf. {ref}" if ref else number_text,
                title=page.title,
                span=_span(source, page),
                title_span=_title_span(source, page),
                defi=current,
                defi_a_relever=joined(sections.get("defi", [])),
                constats=joined(sections.get("constats", [])),
                objectif=list_items(sections.get("objectif", [])),
                resultats=list_items(sections.get("resultats", [])),
                actions=bounded(plan, split_actions(sections.get("pratique", []), source.layout)),
                chiffres=split_figures(sections.get("chiffres", [])),
                **labels(sections, plan),
                ref=ref,
            )
        )
    check_toc(plan, source)
    return plan
