"""The search key of a text: what a phrase is searched in, by any SPARQL engine.

A saved query that looks for a phrase (``recherche-actions``) compares the phrase,
folded, with each text's key by a plain ``CONTAINS``: the folding is done once, at
build time for the texts (``sts:searchKey``) and when the phrase is bound for the
phrase (a parameter of type ``search``), never by the engine, whose ``REPLACE`` and
``LCASE`` differ from one server to another (Virtuoso garbles accented text).

The key is the text in lower case, its accents dropped (canonical decomposition,
nonspacing marks removed), « œ » and « æ » spelt out, and every run of characters
other than letters and digits (spaces, apostrophes ’ or ', hyphens, punctuation)
one space, none at either end: « Télémédecine » and « télé-médecine » give
« telemedecine » and « tele medecine », « l’accès » gives « l acces ».
``sparql.js`` folds a phrase typed in the browser the same way.
"""

from __future__ import annotations

import re
import unicodedata

_SPELT = str.maketrans({"œ": "oe", "æ": "ae"})
_APART = re.compile(r"[\W_]+")  # anything but a letter or a digit


def search_key(text: str) -> str:
    """*text* folded as the searches compare it (see the module's description)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _APART.sub(" ", unicodedata.normalize("NFC", bare).translate(_SPELT)).strip()
