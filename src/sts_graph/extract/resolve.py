"""Resolve one plan's pages against the regional framework: which code each page declines.

Only the plan's own evidence and the reference framework count, never the other
plans nor a page's position:

* a défi page: its ``Réf.`` code or ``Engagement #N/Défi #M`` marker, else the
  engagement banner printed before it (recognised by the framework's engagement
  titles) with its ``DÉFI #N``; where that code is not the framework's for the
  page's title but another code with the same number is, the title wins;
  with no engagement, the title among the framework's défis;
* an objectif page: its ``Réf.`` code (misprints repaired), else its printed
  number under its défi, else its title among the framework's objectifs of the
  défi; a printed number whose framework title is another page's gives way to
  the code of its own title.

What stays unresolved, and every code the framework lacks, is reported.
"""

from __future__ import annotations

import re

from sts_graph.extract.framework import Concept, Framework, parent
from sts_graph.extract.model import DefiPage, ObjectifPage, Plan
from sts_graph.extract.text import key
from sts_graph.extract.titles import TITLE_SIMILARITY, best_similarity

REF_CODE = re.compile(r"^E(\d)D(\d+?)(?:[O0](\d+))?$")  # E1D307: a 0 printed for the O
BANNER_KEY = 45  # an engagement banner is recognised by this many letters of its title


def _title_matches(title: str, concepts: list[Concept]) -> Concept | None:
    """The one concept whose titles *title* repeats best, if it stands out."""
    scored = sorted(((best_similarity(title, c.titles), c.code) for c in concepts), reverse=True)
    scored = [s for s in scored if s[0] >= TITLE_SIMILARITY]
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return next(c for c in concepts if c.code == scored[0][1])


def _fits(title: str, concept: Concept | None) -> bool:
    return concept is not None and best_similarity(title, concept.titles) >= TITLE_SIMILARITY


def _banner(defi: DefiPage, framework: Framework) -> int | None:
    """The engagement whose title stands last in the text before the page."""
    best = max(
        (
            (defi.preamble.rfind(key(title)[:BANNER_KEY]), int(code[1:]))
            for code, concept in framework.engagements.items()
            for title in concept.titles
        ),
        default=(-1, None),
    )
    return best[1] if best[0] >= 0 else None


def _engagement(defi: DefiPage, plan: Plan, framework: Framework) -> None:
    """Engagement from the page's own evidence: Réf., marker, then banner."""
    if defi.ref and (match := REF_CODE.match(defi.ref)):
        defi.engagement, defi.engagement_evidence = int(match.group(1)), "ref"
        if defi.number is not None and int(match.group(2)) != defi.number:
            plan.note(
                defi.span.start,
                "contradiction",
                f"défi printed DÉFI #{defi.number} but Réf. {defi.ref}",
            )
        elif defi.number is None:
            defi.number = int(match.group(2))
        return
    if defi.engagement is None and (banner := _banner(defi, framework)) is not None:
        defi.engagement, defi.engagement_evidence = banner, "engagement title"


def resolve_defi(defi: DefiPage, plan: Plan, framework: Framework) -> None:
    """Give a défi page its engagement (and number, where only the title tells)."""
    _engagement(defi, plan, framework)
    everything = list(framework.defis.values())
    if defi.number is not None:
        if defi.code and _fits(defi.title, framework.get(defi.code)):
            return
        numbered = [c for c in everything if c.code.endswith(f"D{defi.number}")]
        if by_title := _title_matches(defi.title, numbered):
            if defi.code:
                plan.note(
                    defi.span.start,
                    "repair",
                    f"défi read as {defi.code} from its {defi.engagement_evidence}, "
                    f"but its title is {by_title.code}'s",
                )
            defi.engagement = int(by_title.code[1])
            defi.engagement_evidence = "title"
        return
    pool = [
        c for c in everything if defi.engagement is None or parent(c.code) == f"E{defi.engagement}"
    ]
    if by_title := _title_matches(defi.title, pool):
        defi.engagement, defi.number = int(by_title.code[1]), int(by_title.code.split("D")[1])
        defi.engagement_evidence = "title"


def _defi_code(objectif: ObjectifPage, plan: Plan, framework: Framework) -> str | None:
    """The défi of an objectif page: the défi page above it, unless « Le défi à relever »
    names another défi of the framework."""
    above = objectif.defi.code if objectif.defi else None
    named = objectif.defi_a_relever.text if objectif.defi_a_relever else ""
    if not named or (objectif.defi and _fits(named, framework.get(above))):
        return above
    if objectif.defi and best_similarity(named, [objectif.defi.title]) >= TITLE_SIMILARITY:
        return above
    match = _title_matches(named, list(framework.defis.values()))
    if match and match.code != above:
        plan.note(
            objectif.span.start,
            "repair",
            f"objectif under the page of {above} names défi {match.code} in « Le défi à relever »",
        )
        return match.code
    return above


def _printed_code(objectif: ObjectifPage, plan: Plan) -> str | None:
    """The code the page prints (Réf. or #N), repaired where misprinted."""
    defi_code = objectif.defi_code
    if objectif.ref and (match := REF_CODE.match(objectif.ref)) and match.group(3):
        repaired = f"E{match.group(1)}D{match.group(2)}O{int(match.group(3))}"
        if repaired != objectif.ref:
            plan.note(
                objectif.span.start, "repair", f"code printed Réf. {objectif.ref}, read {repaired}"
            )
        if defi_code and not repaired.startswith(f"{defi_code}O"):
            plan.note(
                objectif.span.start,
                "contradiction",
                f"Réf. {objectif.ref} does not belong to défi {defi_code}",
            )
        else:
            return repaired
    if defi_code and objectif.number is not None:
        return f"{defi_code}O{objectif.number}"
    return None


def resolve_objectif(
    objectif: ObjectifPage, plan: Plan, framework: Framework, taken: set[str]
) -> None:
    """Give an objectif page its code; *taken* holds the codes of the plan's other pages."""
    objectif.defi_code = _defi_code(objectif, plan, framework)
    code = _printed_code(objectif, plan)
    defi = framework.get(objectif.defi_code)
    siblings = framework.children(defi.code) if defi else []
    free = [c for c in siblings if c.code not in taken]
    line = objectif.span.start
    if code is None:
        match = _title_matches(objectif.title, free)
        if match:
            plan.note(line, "repair", f"objectif printed with no number: {match.code} by its title")
            code = match.code
        else:
            plan.note(
                line,
                "unresolved",
                f"objectif with no number and no title of défi {objectif.defi_code} "
                f"in the framework: {objectif.title[:60]!r}",
            )
    elif not _fits(objectif.title, framework.get(code)) or code in taken:
        match = _title_matches(objectif.title, free)
        if match and match.code != code:
            plan.note(line, "repair", f"page numbered {code}: its title is {match.code}'s")
            code = match.code
    objectif.code = code


def report_unknown(plan: Plan, framework: Framework) -> None:
    """Note every code the plan prints that the framework lacks."""
    for page in plan.framework_pages():
        if page.code and framework.get(page.code) is None:
            plan.note(
                page.span.start,
                "unknown",
                f"{page.code} is not in the regional framework "
                "(after review, `sts-graph framework --write` adds it)",
            )
    for defi in plan.defis:
        if defi.code is None:
            why = "no DÉFI number" if defi.number is None else "no engagement"
            plan.note(
                defi.span.start,
                "unresolved",
                f"défi page with {why} and no title of the framework: {defi.title[:60]!r}",
            )


def check_collisions(plan: Plan) -> None:
    """Two pages of a plan that would share a name (hence an IRI) are both kept, the later
    one under a name of its own (``E4D1O1-2``), and reported with both lines and pages."""
    for kind, pages in (("défi", plan.defis), ("objectif", plan.objectifs)):
        first: dict[str, list[DefiPage | ObjectifPage]] = {}
        for page in pages:
            name = page.name
            if name in first:
                earlier = first[name][0].span.start
                page.rank = len(first[name]) + 1
                plan.note(
                    page.span.start,
                    "conflict",
                    f"a second {kind} page is named {name}{_on_page(plan, page.span.start)} "
                    f"(the first is at line {earlier}{_on_page(plan, earlier)}): "
                    f"both kept, this one as {page.name}",
                )
            first.setdefault(name, []).append(page)


def _on_page(plan: Plan, line: int) -> str:
    page = plan.page(line)
    return f" (page {page})" if page is not None else ""


def resolve(plan: Plan, framework: Framework) -> None:
    """Resolve every code of *plan* against *framework*, noting what it cannot."""
    for defi in plan.defis:
        resolve_defi(defi, plan, framework)
    taken: set[str] = set()
    for objectif in plan.objectifs:
        resolve_objectif(objectif, plan, framework, taken)
        if objectif.code:
            taken.add(objectif.code)
    report_unknown(plan, framework)
    check_collisions(plan)
