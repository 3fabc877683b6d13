"""Text rules shared by the loaders (label clean-up) and by every search (folding).

The site's JavaScript search folds text exactly like :func:`fold`, so a query typed in the
browser and one typed on the command line find the same formations. Its JS twin is::

    s.normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase()
     .replace(/œ/g, "oe").replace(/æ/g, "ae")
"""

from __future__ import annotations

import re
import unicodedata

# Combining diacritical marks (U+0300–U+036F): what NFKD splits accents into.
_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def normalize_label(text: str) -> str:
    """Labels as people read them: one line, single spaces, no edge spaces.

    Exports wrap long labels and paste non-breaking (U+00A0) or narrow no-break (U+202F)
    spaces; all Unicode whitespace, line breaks included, becomes one ordinary space.
    """
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lowercase without accents or ligatures, so "Méthodes" and "methodes" compare equal.

    Steps, in this order (the JS search does the same): NFKD decomposition, removal of the
    combining marks U+0300–U+036F, lowercasing, then œ→oe and æ→ae.
    """
    if text.isascii():
        return text.lower()  # same result, much faster: codes and most labels are ASCII
    decomposed = unicodedata.normalize("NFKD", text)
    return _COMBINING_MARKS.sub("", decomposed).lower().translate(_LIGATURES)
