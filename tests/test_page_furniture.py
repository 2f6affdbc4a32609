"""Page numbers are furniture, a table's last value at a page's foot is not: the
numbers in the margin that follow the pages (a constant offset from their rank, on
at least three pages and :data:`REPEATED` of them) are left out of the text, any
other number kept (property-based). Numbers on fewer pages are too few to tell from
values: they are kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sts_graph.extract.glyphs import Page, Word
from sts_graph.extract.layout import REPEATED, blocks

WIDTH, HEIGHT, SIZE = 595.0, 842.0, 10.0


def _word(text: str, top: float) -> Word:
    return Word(text, 60.0, 60.0 + 6 * len(text), top, top + SIZE, SIZE, False)


def _page(number: int, body: list[str], foot: list[str]) -> Page:
    words = [_word(text, 100.0 + 14 * i) for i, text in enumerate(body)]
    words += [_word(text, HEIGHT - 40.0 + 12 * i) for i, text in enumerate(foot)]
    return Page(number, WIDTH, HEIGHT, tuple(words))


@given(
    pages=st.integers(min_value=4, max_value=12),
    offset=st.integers(min_value=-2, max_value=20),
    numbered=st.booleans(),
    value_page=st.integers(min_value=0, max_value=11),
    value=st.integers(min_value=0, max_value=99),
)
def test_page_numbers_go_and_a_value_at_a_page_foot_stays(
    pages: int, offset: int, numbered: bool, value_page: int, value: int
) -> None:
    value_page %= pages
    printed, feet = [], []
    for rank in range(1, pages + 1):
        foot = [str(rank + offset)] if numbered and rank + offset > 0 else []
        if rank - 1 == value_page and (not numbered or value != rank + offset):
            foot = [str(value), *foot]  # a table's last value, above the page number
        printed.append(_page(rank, [f"Ligne {rank} du corps de la page"], foot))
        feet += foot
    text = "\n".join(line.text for block in blocks(printed) for line in block.lines)
    numbers = [line for line in text.split("\n") if line.isdigit()]
    numbered_pages = sum(numbered and rank + offset > 0 for rank in range(1, pages + 1))
    if numbered_pages < max(3, REPEATED * pages):
        assert numbers == feet
        return
    kept_value = value != value_page + 1 + offset
    assert numbers == ([str(value)] if kept_value else [])


def test_a_heading_ending_many_pages_at_varying_heights_is_text_a_footer_is_not() -> None:
    pages = []
    for rank in range(1, 7):
        words = [_word(f"Ligne {rank}", 100.0)]
        words.append(_word("Parcours associés", HEIGHT - 70.0 + 4 * rank))  # where the text ends
        words.append(_word("PRS Occitanie 2023-2028", HEIGHT - 30.0))  # a running footer
        pages.append(Page(rank, WIDTH, HEIGHT, tuple(words)))
    text = [line.text for block in blocks(pages) for line in block.lines]
    assert text.count("Parcours associés") == 6
    assert "PRS Occitanie 2023-2028" not in text
