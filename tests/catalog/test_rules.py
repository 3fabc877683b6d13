"""Field rules on their own: code lengths at their exact limit, characters, years, label text."""

from __future__ import annotations

import pytest

from sync_helper.catalog.rules import (
    MAX_LENGTHS,
    code_problems,
    describe_character,
    text_problems,
    year_problems,
)


@pytest.mark.parametrize("kind", sorted(MAX_LENGTHS))
def test_code_length_limit_is_inclusive(kind: str) -> None:
    limit = MAX_LENGTHS[kind]
    assert code_problems("A" * limit, limit) == []
    ((severity, message),) = code_problems("A" * (limit + 1), limit)
    assert severity == "error"
    assert f"{limit + 1} characters long (at most {limit})" in message


def test_the_limits_are_those_of_apogee() -> None:
    assert (MAX_LENGTHS["code_etape"], MAX_LENGTHS["version"], MAX_LENGTHS["element"]) == (6, 3, 12)


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("index", "reserved"),
        ("INDEX", "reserved"),
        ("-", "no letter or digit"),
        ("__", "no letter or digit"),
        ("L1\u200bCHIM", "U+200B ZERO WIDTH SPACE"),
        ("L1CHIМ", "U+041C CYRILLIC CAPITAL LETTER EM"),
        ("L1 CHIM", "contains ' '"),
    ],
)
def test_unusable_codes(code: str, says: str) -> None:
    assert any(says in message for severity, message in code_problems(code) if severity == "error")


def test_non_breaking_space_alone_is_a_warning() -> None:
    assert code_problems("RETHC\u00a001") == [
        ("warning", "'RETHC\\xa001' contains a non-breaking space")
    ]


@pytest.mark.parametrize("year", ["", "2023", "2023-2024", "2023/2024", "1970", "2100"])
def test_years(year: str) -> None:
    assert year_problems(year) == []


@pytest.mark.parametrize("year", ["23", "2023-2025", "1969", "2101", "l'an dernier", "2023 "])
def test_not_years(year: str) -> None:
    assert year_problems(year) != []


@pytest.mark.parametrize("text", ["a\x00b", "a\x1b[31m", "a\x7f", "a\x85", "a\ud800"])
def test_text_that_cannot_be_shown(text: str) -> None:
    (message,) = text_problems(text)
    assert "cannot be shown as text" in message


def test_labels_with_markup_are_text_not_problems() -> None:
    assert text_problems("<script>alert(1)</script> [x](javascript:y) {{ institution.x }}") == []


def test_describe_character_names_invisible_ones() -> None:
    assert describe_character("\u00a0") == "U+00A0 NO-BREAK SPACE"
    assert describe_character("é") == "'é' (U+00E9 LATIN SMALL LETTER E WITH ACUTE)"
    assert describe_character("\ud800") == "U+D800 (no name)"
