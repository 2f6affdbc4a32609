"""The diagnostic of a plan: counts of dispositifs, Data repère indicators, the défis
named by the CTS, the CNR proposals and the citizens' quotes.

Counts are read wherever a plan states them (the diagnostic, the *Chiffres-clés*
and *Constats* of its pages), each with its line, so that two pages giving two
different counts both stand.
"""

from __future__ import annotations

import re

from sts_graph.extract.model import Count, Indicator, Proposal, Span, Text, joined
from sts_graph.extract.pages import opens_banner
from sts_graph.extract.text import Item, fold, grouped, key, prose

NUMBER = r"(?<![\w,./])(\d{1,3}(?:[ \u202f\u00a0]\d{3})*|\d+|une?|pas de|aucune?)"
WORDS = {"un": 1, "une": 1, "pas de": 0, "aucun": 0, "aucune": 0}

# class local name in the ontology → pattern on folded text
DISPOSITIFS: tuple[tuple[str, str], ...] = (
    ("EtablissementDeSante", r"etablissements? de sante\b"),
    ("GHT", r"\bght\b|groupements? hospitaliers? de territoire"),
    ("Maternite", r"maternites?\b"),
    ("StructureDesUrgences", r"structures? des urgences\b(?! pediatriques)|\bsau\b"),
    ("SAMU", r"\bsamu\b"),
    ("SMUR", r"\bsmur\b(?! pediatrique)"),
    ("MaisonMedicaleDeGarde", r"maisons? medicales? de garde"),
    ("CentreDeSoinsNonProgrammes", r"centres? de soins non programmes"),
    ("SOSMedecins", r"sos medecins?"),
    ("MSP", r"maisons? de sante pluri-? ?professionnelles?|\bmsp\b"),
    ("CPTS", r"communautes? professionnelles? territoriales? de sante|\bcpts\b"),
    ("DAC", r"dispositifs? d'appui a la coordination|\bdac\b"),
    ("ESP", r"\besp\b|equipes? de soins primaires"),
    ("CentreDeSante", r"centres? de sante\b"),
    ("CentrePerinatalDeProximite", r"centres? perinata\w* de proximite"),
    ("EHPAD", r"\behpad\b"),
    ("SSIAD", r"\bssiad\b"),
    ("CLSM", r"\bclsm\b|conseils? locaux? de sante mentale"),
    ("CLS", r"\bcls\b|contrats? locaux? de sante"),
    ("StationThermale", r"stations? thermales?"),
    ("UEMA", r"\buema\b|unites? d'enseignement maternelle autisme"),
    ("UEEA", r"\bueea\b|unites? d'enseignement elementaire autisme"),
    ("DAR", r"\bdar\b|dispositifs? d'auto-? ?regulation"),
    ("EMAS", r"\bemas\b|equipes? mobiles? d'appui"),
    ("CSAPA", r"\bcsapa\b"),
    ("CAARUD", r"\bcaarud\b"),
    ("ACT", r"\bact\b"),
    ("LHSS", r"\blhss\b|\blnss\b"),
    ("LAM", r"\blam\b"),
    ("CeGIDD", r"\bcegidd\b"),
    ("PASS", r"\bpass\b"),
    ("EMPP", r"\bempp\b"),
    ("MDA", r"\bmda\b"),
    ("GEM", r"\bgem\b"),
)
_COUNT = [(name, re.compile(NUMBER + r"\s+(?:" + pattern + ")")) for name, pattern in DISPOSITIFS]
_ACRONYM_COUNT = [
    (name, re.compile(r"\((?:" + pattern + r")\)\s*\((\d+)\)"))
    for name, pattern in DISPOSITIFS
    if pattern.startswith(r"\b")
]
_INDICATOR = re.compile(r"\(([^()]*?en occitanie[^()]*)\)")
_VALUE = re.compile(r"(\d+(?:[,.]\d+)?)\s*(%|‰|ans\b)?")


def _joined(items: list[Item]) -> tuple[str, list[tuple[int, int]]]:
    """The items' text joined by spaces, and (offset, line) of each item."""
    offsets, parts, at = [], [], 0
    for item in items:
        offsets.append((at, item.line))
        parts.append(item.text)
        at += len(item.text) + 1
    return " ".join(parts), offsets


def _line_at(offsets: list[tuple[int, int]], position: int) -> int:
    return max(line for offset, line in offsets if offset <= position)


def find_counts(items: list[Item]) -> list[Count]:
    """Every « N <dispositif> » and « … (ACRONYM) (N) » in *items*."""
    text, offsets = _joined(items)
    folded = fold(text)
    found: dict[tuple[str, int], Count] = {}
    for name, pattern in _ACRONYM_COUNT:
        for match in pattern.finditer(folded):
            line = _line_at(offsets, match.start())
            found[(name, match.start())] = Count(name, int(match.group(1)), line, match.group(0))
    for name, pattern in _COUNT:
        for match in pattern.finditer(folded):
            if any(k[1] <= match.start() < k[1] + len(c.printed) for k, c in found.items()):
                continue
            printed = match.group(1)
            number = WORDS[printed] if printed in WORDS else int(re.sub(r"\D", "", printed))
            line = _line_at(offsets, match.start())
            found[(name, match.start())] = Count(
                name, number, line, text[match.start() : match.end()]
            )
    return [found[k] for k in sorted(found, key=lambda k: k[1])]


_POPULATION = re.compile(
    r"avec (?:plus de |pres de )?(\d+(?:[ ,.\u202f]\d+)*)\s*(millions? d'habitants|habitants)"
)


def find_population(items: list[Item]) -> Indicator | None:
    """The population the plan prints (« Avec 190 000 habitants »), as an indicator."""
    text, offsets = _joined(items)
    match = _POPULATION.search(fold(text))
    if match is None:
        return None
    number = match.group(1).replace(" ", "").replace("\u202f", "")
    if match.group(2).startswith("million"):
        value = str(round(float(number.replace(",", ".")) * 1_000_000))
    else:
        value = number.replace(",", "").replace(".", "")
    line = _line_at(offsets, match.start())
    label = text[match.start() : match.end()]
    return Indicator(label, value, "habitants", None, None, Span(line, line))


def _number(text: str) -> str:
    return text.replace(",", ".")


FIGURE_HEADING = re.compile(r"^[A-ZÀ-Ý][^.:;%]{2,29}$")  # « Les +65 ans »: no rate, no sentence
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-ZÀ-Ý0-9])")


def _paragraph_start(items: list[Item], line: int) -> int:
    """The first line of the paragraph holding *line* (or of its hard-broken line), with
    the short heading just above it that names the figure (« Les +65 ans »)."""
    index = max(i for i, item in enumerate(items) if item.line == line)
    while index > 0 and not items[index].opens and not items[index - 1].closes:
        index -= 1
    if index > 0 and items[index - 1].opens and FIGURE_HEADING.match(items[index - 1].text):
        index -= 1
    return items[index].line


def find_indicators(items: list[Item]) -> list[Indicator]:
    """Values printed with « (x en Occitanie et y en France) » comparators."""
    text, offsets = _joined(items)
    folded = fold(text)
    out = []
    previous_end = 0
    for match in _INDICATOR.finditer(folded):
        head_start = max(previous_end, match.start() - 220)
        previous_end = match.end()
        values = list(_VALUE.finditer(text, head_start, match.start()))
        with_unit = [v for v in values if v.group(2) == "%"]
        if not values:
            continue
        value = with_unit[-1] if with_unit else values[0]
        line = _line_at(offsets, value.start())
        first = _paragraph_start(items, line)
        start = max(head_start, min(o for o, ln in offsets if ln == first))
        ends = list(_SENTENCE_BREAK.finditer(text, start, value.start()))
        start = ends[-1].end() if ends else start  # the label is the value's own sentence
        inside = match.group(1)
        numbers = _VALUE.findall(inside)
        occitanie = _number(numbers[0][0]) if numbers else None
        if "comme en france" in inside:
            france = occitanie
        else:
            france_match = re.search(r"(\d+(?:[,.]\d+)?)\s*(?:%|‰|ans)?\s*en france", inside)
            france = _number(france_match.group(1)) if france_match else None
        out.append(
            Indicator(
                label=prose([text[start : match.start()]]).strip(" ,:;"),
                value=_number(value.group(1)),
                unit=value.group(2) or "",
                occitanie=occitanie,
                france=france,
                span=Span(line, _line_at(offsets, match.end() - 1)),
            )
        )
    return out


def _bullets(items: list[Item]) -> list[Text]:
    """Bulleted entries, continuation lines joined."""
    groups: list[list[Item]] = []
    for item in items:
        if item.bullet or not groups:
            groups.append([item])
        else:
            groups[-1].append(item)
    return [t for g in groups if (t := joined(g))]


def _section(
    items: list[Item], start_key: str, stop_keys: tuple[str, ...], stop_at_headings: bool = True
) -> list[Item]:
    """The items after the heading whose key starts with *start_key*, up to a stop heading."""
    for index, item in enumerate(items):
        if key(item.text).startswith(start_key):
            out = []
            for follower in items[index + 1 :]:
                k = key(follower.text)
                if k.startswith(stop_keys) or (stop_at_headings and follower.heading):
                    break
                out.append(follower)
            return out
    return []


def find_cts_defis(items: list[Item]) -> list[Text]:
    """The défis named by the CTS."""
    section = _section(items, "lesdefisidentifiesparlects", ("lespropositionsducnr",))
    return [t for t in _bullets(section) if len(t.text) > 10]


NUMBERED = re.compile(r"^\d{1,2}[.)]\s")


def find_cnr(items: list[Item], titles: frozenset[str]) -> list[Proposal]:
    """The CNR proposals, each under its axis (a paragraph ending with « : »: « La
    prévention : »), a numbered sub-list joined to its proposal; the section ends at
    the first paragraph after the proposals that is none of these, or at an
    engagement banner (*titles*: the keys of the engagement titles)."""
    section = _section(items, "lespropositionsducnr", (), False)
    end = next((i for i in range(len(section)) if opens_banner(section, i, titles)), None)
    out: list[Proposal] = []
    axis = ""
    for paragraph in grouped(section[:end]):
        text = joined(paragraph)
        if text is None:
            continue
        if paragraph[0].bullet:
            out.append(Proposal(axis, text))
        elif out and NUMBERED.match(text.text):  # a numbered sub-list of the proposal above
            out[-1] = Proposal(out[-1].axis, out[-1].text.followed_by(text))
        elif text.text.endswith(":"):
            axis = text.text.rstrip(" :")
        elif out:
            break
    return [p for p in out if len(p.text.text) > 5]


def find_quotes(items: list[Item]) -> list[Text]:
    """Citizens' quotes: the paragraph above each « Participant … » signature."""
    out = []
    for index, item in enumerate(items):
        if not key(item.text).startswith("participant"):
            continue
        block: list[Item] = []
        back = index - 1
        while back >= 0 and not key(items[back].text).startswith(
            ("participant", "alaconsultation", "laparoleauxcitoyens")
        ):
            if block and block[0].opens:
                break
            block.insert(0, items[back])
            back -= 1
        if block:
            text = prose(i.text for i in block).strip(' “”"')
            out.append(Text(text, Span(block[0].line, block[-1].line)))
    return out
