"""Words as the plan prints them, where a converter broke them: a word cut by a
hyphen at a line end joined again, a footnote number kept apart from its word.

Both work on the plan's lines and keep every line where it is, so that source
line numbers stay those of the file.
"""

from __future__ import annotations

import re

_BROKEN = re.compile(r"(?<![^\W\d_])([^\W\d_]+)-(\s*)$")  # a line ending inside a word: « infor- »
_CONTINUED = re.compile(r"^(\s*)([^\W_]+(?:-[^\W_]+)*)(\S*)\s*(.*)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_HEADS = re.compile(r"([^\W\d_]+)-")  # the parts of a word written before a hyphen
# combining forms the plans write with a hyphen (médico-social), attested or not
HYPHENATED_HEADS = frozenset(
    {"médico", "socio", "psycho", "neuro", "cervico", "maxillo", "non", "pair", "co"}
)
# words the plans write after a hyphen, whatever the word before (« celle-ci », « eux-mêmes »)
HYPHENATED_TAILS = frozenset({"ci", "là", "même", "mêmes"})
HEAD_LETTERS = 4  # a shorter part written before a hyphen elsewhere (« des- ») proves nothing
BREAK_REACH = 10  # a word may continue after blank lines (pdftotext puts up to 8 anywhere)


def _breaks(lines: list[str]) -> list[tuple[int, int]]:
    """(line, continuation line) of every word cut by a hyphen at a line end: the next
    line opens in lower case or a figure (« COVID- » / « 19 »), or in a capital after a
    capitalised part or a combining form (« Haute- » / « Garonne », « Médico- » /
    « Sociaux »: a name)."""
    out = []
    for index, line in enumerate(lines):
        if not (head := _BROKEN.search(line)):
            continue
        for follower in range(index + 1, min(index + 2 + BREAK_REACH, len(lines))):
            if lines[follower].strip():
                tail = _CONTINUED.match(lines[follower])
                first = head.group(1)
                name = first[:1].isupper() or first.lower() in HYPHENATED_HEADS
                if tail and (tail.group(2)[:1].islower() or tail.group(2)[:1].isdigit() or name):
                    out.append((index, follower))
                break
    return out


def dehyphenate(lines: list[str]) -> list[str]:
    """Undo the hyphenation of words cut at a line end, keeping every line where it is:
    ``infor-`` / ``mations et`` become ``informations`` / ``et``.

    The hyphen stays after one of ``HYPHENATED_HEADS`` (``médico-social``) or before
    one of ``HYPHENATED_TAILS`` (``celle-ci``) unless the plan writes the word
    (``neurodégénératives``), before a capital or a figure (``Haute-Garonne``,
    ``COVID-19``) and where the plan writes the compound more often than the word; it
    goes where the plan writes the word; otherwise it stays where the plan writes the
    first part before a hyphen elsewhere, where the second part holds a hyphen itself
    (``c'est-à-dire``) or where both parts are words of their own
    (``qualité-pertinence``), and goes in every other case.
    """
    breaks = _breaks(lines)
    if not breaks:
        return lines
    heads_cut, tails_cut = {i for i, _ in breaks}, {j for _, j in breaks}
    vocabulary: dict[str, int] = {}
    for index, line in enumerate(lines):
        words = _WORD.findall(line)  # the fragments of a cut word are not words of the plan
        words = words[1 if index in tails_cut else 0 : -1 if index in heads_cut else None]
        for word in words:
            vocabulary[word.lower()] = vocabulary.get(word.lower(), 0) + 1
    heads = {
        part for word in vocabulary for part in _HEADS.findall(word) if len(part) >= HEAD_LETTERS
    }
    out = list(lines)
    for index, follower in breaks:
        head = _BROKEN.search(out[index])
        tail = _CONTINUED.match(out[follower])
        if not head or not tail:  # the line was already changed by the break before
            continue
        first, second = head.group(1), tail.group(2)
        whole = vocabulary.get(f"{first}{second}".lower(), 0)
        compound = vocabulary.get(f"{first}-{second}".lower(), 0)
        form = (first.lower() in HYPHENATED_HEADS or second in HYPHENATED_TAILS) and not whole
        keep = form or not second[:1].islower() or compound > whole  # « COVID- » / « 19 »
        if not keep and not whole:
            keep = (
                first.lower() in heads
                or "-" in second  # « c'est- / à-dire »
                or all(len(w) >= 3 and vocabulary.get(w.lower()) for w in (first, second))
            )
        word = f"{first}{'-' if keep else ''}{second}{tail.group(3)}"
        out[index] = f"{out[index][: head.start()]}{word}{head.group(2)}"
        out[follower] = f"{tail.group(1)}{tail.group(4)}"
    return out


_CUT_URL = re.compile(r"<https?://[^\s>]*$")  # a line ending inside a link in angle brackets
_URL_TAIL = re.compile(r"^(\s*)([^\s<>]*>?)(.*)$")


def join_cut_urls(lines: list[str]) -> list[str]:
    """A link in angle brackets cut at a line end (a layout wraps it anywhere) joined
    again on its first line, with no space: ``<https://…/sant`` / ``e-mentale/> Etayé``
    become ``<https://…/sante-mentale/>`` / ``Etayé``; every line stays where it is."""
    out = list(lines)
    for index in range(len(out) - 1):
        while _CUT_URL.search(out[index]):  # a link over three lines or more, too
            follower = next((j for j in range(index + 1, len(out)) if out[j].strip()), None)
            tail = _URL_TAIL.match(out[follower]) if follower is not None else None
            if follower is None or not tail or not tail.group(2):
                break
            out[index] = out[index].rstrip() + tail.group(2)
            out[follower] = tail.group(1) + tail.group(3).lstrip()
    return out


_MARKED = re.compile(r"\b([A-Z]{3,})([1-9])\b")  # « AFSOS1 »: an acronym and a digit
SUPERSCRIPTS = str.maketrans("123456789", "¹²³⁴⁵⁶⁷⁸⁹")


def footnote_marks(lines: list[str]) -> list[str]:
    """A footnote's number printed after an acronym, as its superscript (``AFSOS1`` →
    ``AFSOS¹``), where the plan gives that acronym no other number: ``CCMU1`` and
    ``CCMU2`` are the codes of a scale, not footnotes."""
    numbers: dict[str, set[str]] = {}
    for line in lines:
        for word, digit in _MARKED.findall(line):
            numbers.setdefault(word, set()).add(digit)
    marked = {word for word, digits in numbers.items() if len(digits) == 1}
    if not marked:
        return lines

    def mark(match: re.Match[str]) -> str:
        word, digit = match.groups()
        return word + digit.translate(SUPERSCRIPTS) if word in marked else match.group(0)

    return [_MARKED.sub(mark, line) for line in lines]


def shorten(text: str, limit: int) -> str:
    """*text* cut at the last word that fits in *limit* characters, with « … »."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:·–-") + "…"
