"""Re-renderers: the same plan as another converter would have written it.

Each takes a plan's text and returns it re-rendered, deterministically (seeded by
the text itself): what a plan says must not change, only how it is written.
"""

from __future__ import annotations

import random
import re
import unicodedata
import zlib

from sts_graph.extract.text import GLUED_BOLD

HEADING = re.compile(r"^#{1,6}\s+")
ORPHAN = re.compile(r"^\*\*(?=\S)|(?<=\S)\*\*(?=\s*$)", re.MULTILINE)
BOLD = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*|<b>(.*?)</b>")  # a bold span, not a footnote's **
MARKER_HASH = re.compile(r"(D[ÉE]FI|Op[ée]rationnel|^)\s*#\s*(\d)", re.IGNORECASE)
GAPS = 0.25  # in pdftotext's raw lines, the share of lines given one more blank line after
LONGEST = 100  # a line longer than this is set in a column
WORD = re.compile(r"^[a-zàâäçéèêëîïôöùûüÿœ]{8,}$")


def _random(text: str, salt: str) -> random.Random:
    return random.Random(zlib.crc32(f"{salt}:{len(text)}".encode()))


def crlf(text: str) -> str:
    """Windows line ends."""
    return text.replace("\n", "\r\n")


def nfd(text: str) -> str:
    """Unicode NFD: accents as combining marks."""
    return unicodedata.normalize("NFD", text)


def unmarked(text: str) -> str:
    """Markdown marks removed: heading and bold marks; blocks that bold marks glue
    together on one line (``#7****Titre****Le défi à relever**``) apart, on lines of
    their own."""
    bold = lambda m: m.group(1) if m.group(1) is not None else m.group(2)  # noqa: E731
    out = []
    for line in text.split("\n"):
        if "\t" in line:  # a table row: ** marks a footnote there, <b> the bold
            out.append(BOLD.sub(bold, line.replace("**", "\0")).replace("\0", "**"))
        else:
            line = BOLD.sub(bold, GLUED_BOLD.sub("\n\n", HEADING.sub("", line)))
            out.append(ORPHAN.sub("", line))  # the ends of a bold span over several lines
    return "\n".join(out)


def spaced(text: str) -> str:
    """Table cells split by runs of two to four spaces instead of tabs."""
    rng = _random(text, "spaced")
    return re.sub(r"[ ]*\t[ ]*", lambda _m: " " * rng.randint(2, 4), text)


DEFI = re.compile(r"\bD[ÉE]FI\s*#\s*(\d+)")
OBJECTIF = re.compile(r"\bObjectif\s+Op[ée]rationnel\s*#\s*(\d+)", re.IGNORECASE)
DEFI_FORMS = ("DÉFI #{}", "DEFI {}", "Défi n°{}", "DÉFI N° {}")
NUMBER_LINE = re.compile(r"(?<=Op[ée]rationnel)(\**\s*\n\**)#\s*(\d+)", re.IGNORECASE)
NUMBER_FORMS = ("#{}", "N° {}", "n°{}", "{}")
OBJECTIF_FORMS = (
    "Objectif Opérationnel #{}",
    "OBJECTIF OPÉRATIONNEL N° {}",
    "Objectif opérationnel {}",
)


def markers(text: str) -> str:
    """Markers written as other converters and editions print them: « DEFI 1 »,
    « Défi n°1 », « OBJECTIF OPÉRATIONNEL N° 5 », « Opérationnel / N° 5 »…, each chosen
    at random."""
    rng = _random(text, "markers")
    text = DEFI.sub(lambda m: rng.choice(DEFI_FORMS).format(m.group(1)), text)
    text = NUMBER_LINE.sub(lambda m: m.group(1) + rng.choice(NUMBER_FORMS).format(m.group(2)), text)
    return OBJECTIF.sub(lambda m: rng.choice(OBJECTIF_FORMS).format(m.group(1)), text)


def _fill(line: str, width: int, rng: random.Random) -> list[str]:
    """*line* filled into lines of at most *width* columns, as a column of a PDF sets
    it; a long word that does not fit is sometimes hyphenated."""
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        if not current or len(current) + 1 + len(word) <= width:
            current = f"{current} {word}" if current else word
            continue
        room = width - len(current) - 2  # a space and the hyphen
        if WORD.match(word) and room >= 3 and len(word) - room >= 3 and rng.random() < 0.5:
            pieces.append(f"{current} {word[:room]}-")
            current = word[room:]
        else:
            pieces.append(current)
            current = word
    return [*pieces, current]


def _new_block(previous: str, line: str) -> bool:
    """Whether *line* starts a block of its own after *previous*: a heading or a bullet
    (a line break, soft or hard, stays inside its block)."""
    return bool(HEADING.match(previous) or HEADING.match(line) or re.match(r"\s*[-•*]\s", line))


def rewrapped(text: str) -> str:
    """As pdftotext writes: marks removed, ``#`` dropped from markers, every line of
    prose longer than 100 characters set in a column of 60 to 100 (one width for the
    plan, filled line by line, long words hyphenated at some line ends), a blank
    line between blocks (headings, list items) where the plan has none. A plan
    already in pdftotext's raw lines keeps its lines and gains blank lines after
    some of them (pdftotext's blank lines fall anywhere). Table rows (tabs) stay
    whole."""
    rng = _random(text, "rewrapped")
    width = rng.randint(60, 100)
    lines = text.split("\n")
    raw = sum(line.endswith(" ") and not line.endswith("  ") for line in lines) > len(lines) / 4
    out: list[str] = []
    previous = ""
    for original in text.split("\n"):
        for line in unmarked(original).split("\n"):
            line = MARKER_HASH.sub(lambda m: f"{m.group(1)} {m.group(2)}".lstrip(), line)
            tabs = "\t" in previous + line
            if previous.strip() and line.strip() and not tabs and _new_block(previous, line):
                out.append("")  # pdftotext leaves a blank line between two blocks
            previous = line
            if "\t" in line or len(line) <= LONGEST or raw:  # pdftotext's lines stay
                out.append(line)
            else:
                out.extend(_fill(line, width, rng))
            if raw and line.strip() and rng.random() < GAPS:
                out.append("")  # pdftotext's raw lines: blank lines anywhere, more of them
    return "\n".join(out)


RENDERINGS = {
    "crlf": crlf,
    "nfd": nfd,
    "unmarked": unmarked,
    "spaced": spaced,
    "rewrapped": rewrapped,
    "markers": markers,
}
