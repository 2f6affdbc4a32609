"""The regional framework reconstructed from the union of the plans.

Each plan prints only part of the codes: Hérault prints ``Réf. E1D3O7``, Gard
``Engagement #1/Défi #2``, others a ``DÉFI #N`` under an engagement title,
some an objectif title with no number. Codes are resolved from the plan's own
evidence first, then by matching titles against what the other plans print;
nothing is invented: what stays unresolved is reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from .model import DefiPage, ObjectifPage, Plan
from .text import fold, key

MIN_PREFIX = 40
TITLE_SIMILARITY = 0.8
REF_CODE = re.compile(r"^E(\d)D(\d+)(?:[O0](\d+))?$")


@cache
def title_key(title: str) -> str:
    """Compare titles without accents, punctuation, quotes, dashes or plural marks."""
    words = re.findall(r"[a-z0-9]+", fold(title).replace("œ", "oe"))
    return "".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words)


def same_title(a: str, b: str) -> bool:
    """Whether two printed titles name the same thing."""
    ka, kb = title_key(a), title_key(b)
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= MIN_PREFIX and long_.startswith(short)


@lru_cache(maxsize=1 << 16)
def similarity(a: str, b: str) -> float:
    """Similarity of two titles (1.0 for the same title)."""
    return 1.0 if same_title(a, b) else SequenceMatcher(None, title_key(a), title_key(b)).ratio()


def may_match(a: str, b: str) -> bool:
    """False only where :func:`similarity` is sure to stay under ``TITLE_SIMILARITY``
    (``quick_ratio`` bounds ``ratio`` from above at a fraction of its cost)."""
    if same_title(a, b):
        return True
    return SequenceMatcher(None, title_key(a), title_key(b)).quick_ratio() >= TITLE_SIMILARITY


def canonical(titles: list[str]) -> str:
    """The title most plans print (ties: the longest, then alphabetical)."""
    counts = Counter(title_key(t) for t in titles)
    return sorted(titles, key=lambda t: (-counts[title_key(t)], -len(t), t))[0]


@dataclass
class Framework:
    """Engagements, défis and objectifs of the regional scheme, with canonical titles."""

    engagements: dict[str, str]
    defis: dict[str, str]
    objectifs: dict[str, str]


def _engagement_titles(plans: list[Plan]) -> dict[int, str]:
    printed: dict[int, list[str]] = defaultdict(list)
    for plan in plans:
        for number, title, _line in plan.engagement_titles:
            printed[number].append(title)
    return {n: canonical(titles) for n, titles in sorted(printed.items())}


def _local_engagement(defi: DefiPage, titles: dict[int, str], plan: Plan) -> None:
    """Engagement from the page's own evidence: a Réf. code, a marker, an engagement title above."""
    if defi.ref and (match := REF_CODE.match(defi.ref)):
        defi.engagement, defi.engagement_evidence = int(match.group(1)), "ref"
        if defi.number is not None and int(match.group(2)) != defi.number:
            plan.note(
                defi.span.start,
                "contradiction",
                f"défi printed DÉFI #{defi.number} but Réf. {defi.ref}",
            )
        return
    if defi.engagement is not None:
        return
    best = max(
        ((defi.preamble.rfind(key(t)[:45]), n) for n, t in titles.items()),
        default=(-1, None),
    )
    if best[0] >= 0:
        defi.engagement, defi.engagement_evidence = best[1], "engagement title"


def _resolve_engagements(plans: list[Plan]) -> None:
    titles = _engagement_titles(plans)
    for plan in plans:
        for defi in plan.defis:
            _local_engagement(defi, titles, plan)
    known = [d for p in plans for d in p.defis if d.engagement is not None]
    for plan in plans:
        previous: DefiPage | None = None
        for defi in plan.defis:
            if defi.engagement is None:
                votes = Counter(
                    d.engagement
                    for d in known
                    if d.number == defi.number
                    and similarity(d.title, defi.title) >= TITLE_SIMILARITY
                )
                if votes:
                    defi.engagement = votes.most_common(1)[0][0]
                    defi.engagement_evidence = "title in other plans"
                elif previous is not None:
                    defi.engagement = previous.engagement
                    defi.engagement_evidence = "position"
                    plan.note(
                        defi.span.start,
                        "repair",
                        f"engagement of défi {defi.title[:50]!r} taken from the previous défi",
                    )
            previous = defi


def _defi_code(objectif: ObjectifPage, plan: Plan, defis: dict[str, set[str]]) -> str | None:
    """The défi of an objectif page: the défi page above it, unless « Le défi à relever »
    names another défi that the other plans print."""
    above = objectif.defi.code if objectif.defi else None
    named = objectif.defi_a_relever.text if objectif.defi_a_relever else ""
    if not named or (objectif.defi and similarity(named, objectif.defi.title) >= TITLE_SIMILARITY):
        return above
    scores = {code: max(similarity(named, t) for t in titles) for code, titles in defis.items()}
    best = max(scores.items(), key=lambda pair: (pair[1], pair[0]), default=(None, 0.0))
    if best[0] and best[1] >= TITLE_SIMILARITY and best[0] != above:
        plan.note(
            objectif.span.start,
            "repair",
            f"objectif under the page of {above} names défi {best[0]} in « Le défi à relever »",
        )
        return best[0]
    return above


def _printed_code(objectif: ObjectifPage, plan: Plan) -> str | None:
    """The code the page prints (Réf. or #N), repaired where misprinted."""
    defi_code = objectif.defi_code
    if objectif.ref:
        ref = objectif.ref
        if defi_code and ref.startswith(defi_code) and len(ref) > len(defi_code):
            rest = ref[len(defi_code) :]
            if rest[0] in "O0" and rest[1:].isdigit():
                repaired = f"{defi_code}O{int(rest[1:])}"
                if repaired != ref:
                    plan.note(
                        objectif.span.start, "repair", f"code printed Réf. {ref}, read {repaired}"
                    )
                return repaired
        plan.note(
            objectif.span.start, "contradiction", f"Réf. {ref} does not belong to défi {defi_code}"
        )
    if defi_code and objectif.number is not None:
        return f"{defi_code}O{objectif.number}"
    return None


def _match_title(objectif: ObjectifPage, coded: list[ObjectifPage]) -> str | None:
    """The code other pages of the same défi give to this title, if one stands out."""
    defi_code = objectif.defi_code
    scores: Counter[str] = Counter()
    for other in coded:
        if other is objectif or not other.code or not other.code.startswith(f"{defi_code}O"):
            continue
        score = similarity(objectif.title, other.title)
        if score >= TITLE_SIMILARITY:
            scores[other.code] = max(scores[other.code], score)
    ranked = scores.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _resolve_objectifs(plans: list[Plan]) -> None:
    defis: dict[str, set[str]] = defaultdict(set)  # distinct titles: plans repeat them
    for defi in (d for p in plans for d in p.defis if d.code):
        defis[defi.code].add(defi.title)
    for plan in plans:
        for objectif in plan.objectifs:
            objectif.defi_code = _defi_code(objectif, plan, defis)
            objectif.code = _printed_code(objectif, plan)
    coded = [o for p in plans for o in p.objectifs if o.code]
    for plan in plans:
        counts = Counter(o.code for o in plan.objectifs if o.code)
        for objectif in plan.objectifs:
            line = objectif.span.start
            if objectif.code and counts[objectif.code] > 1:
                match = _match_title(objectif, coded)
                if match and match != objectif.code and counts[match] == 0:
                    plan.note(
                        line,
                        "repair",
                        f"second page numbered {objectif.code}: "
                        f"its title is {match} in other plans",
                    )
                    counts[objectif.code] -= 1
                    objectif.code, counts[match] = match, 1
            elif objectif.code is None:
                match = _match_title(objectif, coded)
                if match:
                    objectif.code = match
                    plan.note(
                        line, "repair", f"objectif printed with no number: {match} by its title"
                    )
                else:
                    plan.note(
                        line,
                        "unresolved",
                        f"objectif with no number and no match: {objectif.title[:60]!r}",
                    )
        for code, count in sorted(counts.items()):
            if count > 1:
                lines = [o.span.start for o in plan.objectifs if o.code == code]
                plan.note(lines[1], "duplicate", f"{count} pages numbered {code} (lines {lines})")


def resolve(plans: list[Plan]) -> Framework:
    """Resolve every code of every plan and reconstruct the regional framework."""
    _resolve_engagements(plans)
    _resolve_objectifs(plans)
    defi_titles: dict[str, list[str]] = defaultdict(list)
    objectif_titles: dict[str, list[str]] = defaultdict(list)
    for plan in plans:
        for defi in plan.defis:
            if defi.code:
                defi_titles[defi.code].append(defi.title)
        for objectif in plan.objectifs:
            if objectif.code:
                objectif_titles[objectif.code].append(objectif.title)
    engagements = {f"E{n}": t for n, t in _engagement_titles(plans).items()}
    return Framework(
        engagements,
        {c: canonical(t) for c, t in sorted(defi_titles.items())},
        {c: canonical(t) for c, t in sorted(objectif_titles.items())},
    )
