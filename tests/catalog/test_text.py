"""Label clean-up and search folding, which the JS search must reproduce."""

from sync_helper.catalog.text import fold, normalize_label


def test_normalize_label_joins_lines_and_odd_spaces() -> None:
    raw = "  Méthodes\u00a0et\u202ftechniques\r\nde   calcul\n"
    assert normalize_label(raw) == "Méthodes et techniques de calcul"


def test_normalize_label_keeps_markup_and_punctuation_verbatim() -> None:
    raw = '<script>alert(1)</script> "quotes" & ampersands'
    assert normalize_label(raw) == raw


def test_fold_removes_case_accents_and_ligatures() -> None:
    assert fold("Méthodes") == "methodes"
    assert fold("CINÉTIQUE") == "cinetique"
    assert fold("Œuvres et Cæsar") == "oeuvres et caesar"
    assert fold("ﬁn") == "fin"


def test_fold_leaves_codes_comparable() -> None:
    assert fold("L1CHIM-231") == "l1chim-231"


def test_fold_removes_every_combining_mark_french_uses() -> None:
    """Cedilla (U+0327), diaeresis (U+0308), circumflex (U+0302): marks on both sides of
    U+030F, and the last one of the block (U+036F) too."""
    assert fold("Française") == "francaise"
    assert fold("Maïeutique Noël") == "maieutique noel"
    assert fold("Hôpital Âge Île") == "hopital age ile"
    assert fold("Ça") == "ca"
    assert fold("x\u036f\u0300y") == "xy"


def test_fold_keeps_what_is_not_a_combining_mark() -> None:
    assert fold("Ø-ß\u0370") == "ø-ß\u0371"
    assert fold("ŒUVRE") == "oeuvre"
