"""How long a PDF takes to read by its layout, beside the text reader, and the facts kept.

    python bench/pdf.py [--repeat 3]

Each of the five plans is typeset in each layout family of the tests
(``tests/typeset.py``); each PDF is read by its layout (characters, then blocks)
and its derived text read as a plan, against the plan's own text read the same
way. The table gives the pages, the median times, and the share of the text's
facts the PDF gives; the target row is a 50-page plan read in at most 5 s.
"""

from __future__ import annotations

import argparse
import sys

from timing import ROOT, held, machine, measure, replace_section, table

sys.path.insert(0, str(ROOT / "tests"))
from test_layouts import CACHE, _facts_of
from typeset import FAMILIES, typeset_cached

from sts_graph.core.paths import SOURCES_DIR
from sts_graph.extract.glyphs import read_pages
from sts_graph.extract.layout import blocks
from sts_graph.extract.pdf import derived_text
from sts_graph.extract.text import read_source

TARGET_SECONDS = 5.0  # a 50-page plan read by its layout
TARGET_PAGES = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    where = machine()
    rows, per_page = [], []
    for text in sorted(SOURCES_DIR.glob("*.txt")):
        reading = measure(lambda text=text: read_source(text), args.repeat)
        want, _ = _facts_of(text, text.stem)
        for family in FAMILIES:
            pdf = typeset_cached(text, family, CACHE)
            pages = len(read_pages(pdf))
            timing = measure(lambda pdf=pdf: derived_text(blocks(read_pages(pdf))), args.repeat)
            got, _ = _facts_of(pdf, text.stem)
            per_page.append(timing.median / pages)
            kept = f"{len(want & got) / len(want):.1%}"
            seconds = f"{timing.median:.2f}"
            rows.append([text.stem, family, str(pages), seconds, f"{reading.median:.3f}", kept])
            print(*rows[-1], flush=True)
    fifty = max(per_page) * TARGET_PAGES
    header = ["plan", "layout", "pages", "PDF read (s)", "text read (s)", "facts kept"]
    report = (
        f"Measured on {where}, median of {args.repeat} runs.\n\n"
        + table(header, rows)
        + "\n"
        + table(
            ["target (#23)", "measured", "holds"],
            [
                [
                    f"a {TARGET_PAGES}-page plan read by its layout ≤ {TARGET_SECONDS:g} s",
                    f"{fifty:.2f} s (the slowest page rate)",
                    held(fifty <= TARGET_SECONDS),
                ]
            ],
        )
    )
    replace_section("pdf.py", report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
