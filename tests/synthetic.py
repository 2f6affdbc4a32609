"""N départements made from the five real plans, for benchmarks and tests at scale.

The first five are the real ones; the others are renumbered copies (the other
French départements' codes, 01, 02…), with the same shapes of content and a
territory of their own, as Turtle (:func:`make_turtle`) or as source plans
(:func:`make_sources`).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sts_graph.core.namespaces import iri
from sts_graph.core.paths import SOURCES_DIR, TURTLE_DIR

REAL = sorted(TURTLE_DIR.glob("[0-9]*.ttl"))
SHARED = [TURTLE_DIR / "framework.ttl", TURTLE_DIR / "vocabularies.ttl"]


FRANCE = sorted(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
)


def code_of(index: int) -> str:
    """The département code of the *index*-th département (0-based): the five real
    ones first, then the other French départements in order."""
    real = [path.stem.split("-")[0] for path in REAL]
    return (real + [code for code in FRANCE if code not in real])[index]


def renumbered(text: str, old: str, new: str) -> str:
    """A département's Turtle with its plan, sources and territory renumbered."""
    for kind in ("sts", "source", "departement"):
        text = re.sub(rf"(/id/{kind}/){old}\b", rf"\g<1>{new}", text)
    return text


def territory(framework: str, old: str, new: str) -> str:
    """The Turtle block of département *old* in the framework, renumbered *new*."""
    subject = f"<{iri('departement', old)}>"
    block = framework[framework.index(subject) :].split("\n\n", 1)[0]
    return renumbered(block, old, new).replace(f'"{old}"', f'"{new}"') + "\n"


def make_turtle(size: int, folder: Path) -> list[Path]:
    """The Turtle of *size* départements in *folder*, with the shared graphs."""
    framework = (TURTLE_DIR / "framework.ttl").read_text(encoding="utf-8")
    prefixes = "".join(line + "\n" for line in framework.splitlines() if line.startswith("@"))
    files = [Path(shutil.copy(path, folder)) for path in SHARED]
    for index in range(size):
        real = REAL[index % len(REAL)]
        old, new = code_of(index % len(REAL)), code_of(index)
        text = real.read_text(encoding="utf-8")
        if new != old:
            text = renumbered(text, old, new) + "\n" + prefixes + territory(framework, old, new)
        path = folder / f"{new}-{real.stem.split('-', 1)[1]}.ttl"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def make_sources(size: int, folder: Path) -> Path:
    """*size* source plans in *folder*: the real ones, then renamed copies, each with
    its own number of trailing blank lines (extraction refuses two identical plans)."""
    real = sorted(SOURCES_DIR.glob("*.txt"))
    for index in range(size):
        source = real[index % len(real)]
        text = source.read_text(encoding="utf-8") + "\n" * (index // len(real))
        target = folder / f"{code_of(index)}-{source.stem.split('-', 1)[1]}.txt"
        target.write_text(text, encoding="utf-8")
    return folder
