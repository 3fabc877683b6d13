"""Return cleaning (key order, defaults, types) and PHP-compatible encodings."""

from __future__ import annotations

import pytest

from sync_helper.sim.describe import (
    Multiple,
    Param,
    Single,
    Value,
    clean_return,
    defaulted,
    optional,
)
from sync_helper.sim.encode import php_json, xml_response
from sync_helper.sim.errors import WsError

DESC = Single(
    {
        "id": Value(Param.INT),
        "visible": Value(Param.BOOL),
        "raw": Value(Param.RAW),
        "theme": optional(Value(Param.TEXT)),
        "limit": defaulted(Value(Param.INT), 25),
        "ids": Multiple(Value(Param.INT)),
    }
)


def test_clean_follows_description_order_and_types() -> None:
    value = {"ids": ["3"], "extra": 1, "raw": 1, "visible": 1, "id": "7"}
    cleaned = clean_return(DESC, value)
    assert list(cleaned) == ["id", "visible", "raw", "limit", "ids"]
    assert cleaned == {"id": 7, "visible": True, "raw": 1, "limit": 25, "ids": [3]}


def test_missing_required_return_key_is_invalidresponse() -> None:
    with pytest.raises(WsError) as caught:
        clean_return(DESC, {"visible": 1, "raw": "", "ids": []})
    assert caught.value.errorcode == "invalidresponse"


def test_php_json_escapes_slashes_and_non_ascii() -> None:
    assert php_json({"u": "http://x/é", "q": '<a> "b"'}) == (
        '{"u":"http:\\/\\/x\\/\\u00e9","q":"<a> \\"b\\""}'
    )


def test_xml_lists_absent_optional_keys_as_null_and_escapes() -> None:
    body = xml_response(
        DESC, clean_return(DESC, {"id": 1, "visible": True, "raw": "a&b", "ids": [2]})
    )
    assert '<KEY name="theme"><VALUE null="null"/>\n</KEY>' in body
    assert "<VALUE>a&amp;b</VALUE>" in body
    assert '<KEY name="visible"><VALUE>1</VALUE>\n</KEY>' in body


def test_void_function_xml_is_an_empty_response() -> None:
    assert (
        xml_response(None, None)
        == '<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>\n</RESPONSE>\n'
    )
