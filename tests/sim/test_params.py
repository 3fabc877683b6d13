"""PHP bracket decoding and Moodle's strict parameter validation."""

from __future__ import annotations

import pytest

from sync_helper.sim.describe import Multiple, Param, Single, Value, defaulted, optional
from sync_helper.sim.errors import WsError
from sync_helper.sim.params import parse_php_form, validate

INT = Value(Param.INT)


def test_nested_brackets_build_arrays() -> None:
    form = parse_php_form(
        [("options[0][name]", "userfields"), ("options[0][value]", "id"), ("courseid", "2")]
    )
    assert form == {"options": {"0": {"name": "userfields", "value": "id"}}, "courseid": "2"}


def test_empty_brackets_append_after_the_largest_integer_key() -> None:
    form = parse_php_form([("ids[5]", "a"), ("ids[]", "b"), ("ids[]", "c")])
    assert form == {"ids": {"5": "a", "6": "b", "7": "c"}}


def test_later_pair_wins_and_dots_become_underscores() -> None:
    assert parse_php_form([("a", "1"), ("a", "2"), ("b.c", "3")]) == {"a": "2", "b_c": "3"}
    assert parse_php_form([("a[0]", "1"), ("a", "x")]) == {"a": "x"}


def test_sparse_list_is_reindexed() -> None:
    assert validate(Multiple(INT), {"5": "2", "9": "3"}) == [2, 3]


@pytest.mark.parametrize("text", ["02", " 2", "2.0", "+2", "", "abc", "-0", "1_0", "9" * 30])
def test_integers_are_strict(text: str) -> None:
    with pytest.raises(WsError) as caught:
        validate(INT, text)
    assert caught.value.errorcode == "invalidparameter"


@pytest.mark.parametrize(("text", "number"), [("-2", -2), ("0", 0), ("15", 15)])
def test_valid_integers(text: str, number: int) -> None:
    assert validate(INT, text) == number


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (Param.BOOL, "1", "true"),
        (Param.ALPHA, "parents", "par3nts"),
        (Param.ALPHANUM, "course50", "course-50"),
        (Param.ALPHANUMEXT, "core_get-x", "core get"),
        (Param.TEXT, "Année 2023", "<b>x</b>"),
    ],
)
def test_scalar_classes(kind: Param, good: str, bad: str) -> None:
    assert validate(Value(kind), good) is not None
    with pytest.raises(WsError):
        validate(Value(kind), bad)


STRUCT = Single({"id": INT, "name": optional(Value(Param.TEXT)), "status": defaulted(INT, 0)})


def test_struct_defaults_filled_and_optional_left_absent() -> None:
    assert validate(STRUCT, {"id": "3"}) == {"id": 3, "status": 0}


@pytest.mark.parametrize(
    ("value", "debuginfo"),
    [
        ({"name": "x"}, "Missing required key in single structure: id"),
        ({"id": "1", "bogus": "1"}, "Unexpected keys (bogus) detected in parameter array."),
        ("1", "Only arrays accepted."),
        ({"id": {"0": "1"}}, 'id => Invalid external api parameter: the value is "Array"'),
    ],
)
def test_struct_errors(value: object, debuginfo: str) -> None:
    with pytest.raises(WsError) as caught:
        validate(STRUCT, value)
    assert caught.value.errorcode == "invalidparameter"
    assert debuginfo in (caught.value.debuginfo or "")
