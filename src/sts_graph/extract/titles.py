"""How printed titles are compared: accents, punctuation, quotes and plural marks aside."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import cache, lru_cache

from sts_graph.extract.text import fold

MIN_PREFIX = 40
TITLE_SIMILARITY = 0.8
SLUG_LENGTH = 60


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


def best_similarity(title: str, titles: list[str]) -> float:
    """How close *title* comes to the closest of *titles*."""
    return max((similarity(title, t) for t in titles if may_match(title, t)), default=0.0)


def canonical(titles: list[str]) -> str:
    """The title most plans print (ties: the longest, then alphabetical)."""
    counts = Counter(title_key(t) for t in titles)
    return sorted(titles, key=lambda t: (-counts[title_key(t)], -len(t), t))[0]


def slug(title: str) -> str:
    """A path segment naming a title: folded words joined by dashes, cut at a word.

    >>> slug("Œuvrer pour un urbanisme favorable à la santé")
    'oeuvrer-pour-un-urbanisme-favorable-a-la-sante'
    """
    words = re.findall(r"[a-z0-9]+", fold(title.replace("œ", "oe").replace("Œ", "Oe")))
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > SLUG_LENGTH:
            break
        out = f"{out}-{word}" if out else word
    return out or "sans-titre"
