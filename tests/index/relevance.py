"""What teachers type on the sample site, and the formation they mean: first result expected.

One table, run against the CLI's search (``tests/catalog/test_search.py``) and against the
site's search box in headless Chromium (``tests/index/test_search_parity.py``). The sample's
current year is 2023; L1CHIM221 is last year's cohort of the same licence.
"""

from __future__ import annotations

SAMPLE_RELEVANCE: list[tuple[str, str]] = [
    # Codes, whole or begun, with APOGEE's space; the current year before last year's.
    ("L1CHIM", "L1CHIM231"),
    ("L1CHIM231", "L1CHIM231"),
    ("L1CHIM 231", "L1CHIM231"),
    ("l1chim221", "L1CHIM221"),
    ("CHIM231", "L1CHIM231"),
    ("RETHC01", "L1CHIM231"),
    ("rethc", "L1CHIM231"),
    # Titles as teachers say them: abbreviations and full forms are the same words.
    ("licence 1 chimie", "L1CHIM231"),
    ("L1 chimie", "L1CHIM231"),
    ("chimie L1", "L1CHIM231"),
    ("L2 chimie", "L2CHIM231"),
    ("licence 3 chimie", "L3CHIM231"),
    ("M1 chimie", "M1CHIM231"),
    ("master 2 chimie", "M2CHIM231"),
    ("L1 histoire", "L1HIST231"),
    ("L1 psycho", "L1PSYC231"),
    ("L3 MIAGE", "L3MIAG231"),
    ("M1 miage", "M1MIAG231"),
    ("BUT GEII", "BUTGEI231"),
    ("BUT informatique", "BUTINF231"),
    ("BUT GEA", "BUTGEA231"),
    ("PASS", "PASS01231"),
    ("L1 LLCER", "L1LLCE231"),
    ("LEA anglais", "L1LEAA231"),
    ("langues étrangères appliquées beauvais", "L1LEBV231"),
    # Places: site and composante words, below the title.
    ("chimie beauvais", "L1CHBV231"),
    ("psychologie beauvais", "L1PSBV231"),
    ("LEA beauvais", "L1LEBV231"),
    ("GEII creil", "BUTGEI231"),
    # Elements: what a course is called, a piece of it, its exact label.
    ("thermo", "L1CHIM231"),
    ("thermodynamique", "L1CHIM231"),
    ("Thermodynamique et cinétique", "L1CHIM231"),
    ("cinetique", "L1CHIM231"),
    # Typos.
    ("termodynamique", "L1CHIM231"),
    ("chimmie", "L1CHIM231"),
    ("psycologie", "L1PSYC231"),
    ("histiore", "L1HIST231"),
]
