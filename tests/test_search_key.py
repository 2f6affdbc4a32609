"""The search key: a text folded once, at build time, so that a search is a plain
``CONTAINS`` that every SPARQL engine answers alike (property-based; the browser's
folding is compared with it in ``publish/test_browser.py``)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sts_graph.core.search_key import search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Télémédecine", "telemedecine"),
        ("l’accès aux soins", "l acces aux soins"),
        ("L'ACCÈS  AUX-SOINS", "l acces aux soins"),
        ("« aller-vers »", "aller vers"),
        ("Œuvrer, cœur", "oeuvrer coeur"),
        ("CPTS (n°2)", "cpts n 2"),
    ],
)
def test_a_text_folds_to_its_key(text: str, key: str) -> None:
    assert search_key(text) == key


@given(st.text())
def test_a_key_is_its_own_key_and_written_one_way(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert key == key.strip() and "  " not in key
    assert search_key(unicodedata.normalize("NFD", text)) == search_key(
        unicodedata.normalize("NFC", text)
    )


@given(st.text(), st.text(), st.text())
def test_a_phrase_within_a_text_is_found_by_its_key(before: str, phrase: str, after: str) -> None:
    text = f"{before} {phrase} {after}"
    assert search_key(phrase) in search_key(text)
