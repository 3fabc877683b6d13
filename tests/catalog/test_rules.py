"""Field rules on their own: code lengths at their exact limit, characters, years, label text."""

from __future__ import annotations

import pytest

from sync_helper.catalog.rules import (
    MAX_LENGTHS,
    code_problems,
    describe_character,
    parse_flag,
    parse_number,
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


@pytest.mark.parametrize(
    "year",
    [
        "23",
        "2023-2025",
        "1969",
        "2101",
        "l'an dernier",
        "2023 ",
        "２０２３",
        "٢٠٢٣-٢٠٢٤",
        "2023-٢٠٢٤",
    ],
)
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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("  ", None),
        ("0", 0),
        ("60", 60),
        ("1.5", 1.5),
        ("1,5", 1.5),
        (" 2,25 ", 2.25),
        ("30 HE", 30),
        ("30he", 30),
        ("12 h", 12),
        ("12,5 H", 12.5),
        ("1e3", 1000),
    ],
)
def test_numbers_as_people_and_spreadsheets_write_them(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("-1", "'-1' is not a number of hours or credits"),
        ("nan", "'nan' is not a number of hours or credits"),
        ("Infinity", "'Infinity' is not a number of hours or credits"),
        ("1e400", "'1e400' is not a number of hours or credits"),
        ("deux", "'deux' is not a number"),
        ("1,5,0", "'1,5,0' is not a number"),
        ("30 HEURES", "'30 HEURES' is not a number"),
        ("h", "'h' is not a number"),
        ("1 000", "'1 000' is not a number"),
        ("1_5", "'1_5' is not a number"),
    ],
)
def test_not_numbers_say_which_text(text: str, says: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(text)
    assert str(caught.value) == says


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "Oui", " x ", "o", "y"])
def test_example_flag_true_words(word: str) -> None:
    assert parse_flag(word) is True


@pytest.mark.parametrize("word", ["", " ", "0", "false", "no", "NON", "n"])
def test_example_flag_false_words(word: str) -> None:
    assert parse_flag(word) is False


def test_example_flag_refuses_other_words() -> None:
    with pytest.raises(ValueError, match=r"^'peut-être' is not yes/no \(use true/false, oui/non"):
        parse_flag("peut-être")


def test_a_long_code_is_shown_cut_in_its_message() -> None:
    ((_, message),) = code_problems("A" * 300, 32)
    assert message == f"'{'A' * 40}…' is 300 characters long (at most 32)"
    ((_, message),) = code_problems("A" * 40, 32)
    assert message == f"'{'A' * 40}' is 40 characters long (at most 32)"
    ((_, message),) = code_problems("A" * 41, 32)
    assert message == f"'{'A' * 40}…' is 41 characters long (at most 32)"


def test_a_code_with_many_bad_characters_names_the_first_five_in_order() -> None:
    ((_, message),) = code_problems("a!b@c#d$e%f^")
    assert message == (
        "'a!b@c#d$e%f^' contains '!', '#', '$', '%', '@'; allowed: letters, digits, - and _"
    )


def test_non_breaking_space_and_another_bad_character_give_both() -> None:
    assert code_problems("L1\u202fCH É", 6) == [
        ("warning", "'L1\\u202fCH É' contains a non-breaking space"),
        (
            "error",
            "'L1\\u202fCH É' contains ' ', 'É' (U+00C9 LATIN CAPITAL LETTER E WITH ACUTE); "
            "allowed: letters, digits, - and _",
        ),
        ("error", "'L1\\u202fCH É' is 7 characters long (at most 6)"),
    ]


def test_a_code_of_only_a_non_breaking_space_is_not_a_code() -> None:
    assert code_problems("\u00a0") == [
        ("warning", "'\\xa0' contains a non-breaking space"),
        ("error", "'\\xa0' has no letter or digit"),
    ]


def test_reserved_and_no_alnum_messages() -> None:
    assert code_problems("Index") == [
        ("error", "'Index' is reserved (the name of the index pages)")
    ]
    assert code_problems("-_-") == [("error", "'-_-' has no letter or digit")]
    assert code_problems("") == [("error", "is required")]


def test_label_problems_list_at_most_five_characters_sorted() -> None:
    (message,) = text_problems("\x06\x05\x04\x03\x02\x01\x01")
    assert message == (
        "contains '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', which cannot be shown as text"
    )


@pytest.mark.parametrize(
    ("year", "says"),
    [
        ("1969", "'1969' is outside 1970–2100"),
        ("2023-2025", "'2023-2025': the second year must follow the first (e.g. 2023-2024)"),
        ("x" * 50, f"'{'x' * 40}' is not a year (write 2023 or 2023-2024)"),
    ],
)
def test_year_messages(year: str, says: str) -> None:
    assert year_problems(year) == [says]


@pytest.mark.parametrize(
    ("code", "length", "problems"),
    [
        ("---", 3, [("error", "'---' has no letter or digit")]),
        (
            "-\u00a0-",
            None,
            [
                ("warning", "'-\\xa0-' contains a non-breaking space"),
                ("error", "'-\\xa0-' has no letter or digit"),
            ],
        ),
    ],
)
def test_a_code_needs_a_letter_or_digit_at_any_length_and_with_any_space(
    code: str, length: int | None, problems: list[tuple[str, str]]
) -> None:
    assert code_problems(code, length) == problems
