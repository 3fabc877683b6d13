"""Moodle's external descriptions as data: one tree type serves parameters and return values.

Moodle describes every function's parameters and return value with ``external_value``,
``external_single_structure`` and ``external_multiple_structure``. The simulator keeps the same
three shapes so that validation (``params.py``) and return cleaning (here) follow the same rules
and key order as the real server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from sync_helper.sim.errors import invalid_response


class Param(StrEnum):
    """The PARAM_* types the simulated functions use."""

    INT = "int"
    BOOL = "bool"
    RAW = "raw"
    TEXT = "text"
    ALPHA = "alpha"
    ALPHANUM = "alphanum"
    ALPHANUMEXT = "alphanumext"


#: What ``clean_param(PARAM_TEXT)`` strips: a tag. Accents, ``&``, quotes and dashes survive.
TAG = re.compile(r"<[^>]*>")


def survives_param_text(text: str) -> bool:
    """Whether PARAM_TEXT cleaning leaves ``text`` as it is (checked on params and returns)."""
    return not TAG.search(text)


class Need(Enum):
    """VALUE_REQUIRED, VALUE_DEFAULT or VALUE_OPTIONAL."""

    REQUIRED = 1
    DEFAULT = 0
    OPTIONAL = 2


@dataclass(frozen=True)
class Value:
    """``external_value``: one scalar."""

    type: Param
    need: Need = Need.REQUIRED
    default: Any = None


@dataclass(frozen=True)
class Single:
    """``external_single_structure``: an object whose keys come out in this order."""

    keys: dict[str, Description]
    need: Need = Need.REQUIRED
    default: Any = None


@dataclass(frozen=True)
class Multiple:
    """``external_multiple_structure``: a list (PHP array re-indexed)."""

    content: Description
    need: Need = Need.REQUIRED
    default: Any = field(default=None)


Description = Value | Single | Multiple


def optional(desc: Description) -> Description:
    """The same description marked VALUE_OPTIONAL, for return keys that may be absent."""
    return _with_need(desc, Need.OPTIONAL, None)


def defaulted(desc: Description, default: Any) -> Description:
    """The same description marked VALUE_DEFAULT with ``default``."""
    return _with_need(desc, Need.DEFAULT, default)


def _with_need(desc: Description, need: Need, default: Any) -> Description:
    if isinstance(desc, Value):
        return Value(desc.type, need, default)
    if isinstance(desc, Single):
        return Single(desc.keys, need, default)
    return Multiple(desc.content, need, default)


def clean_return(desc: Description | None, value: Any) -> Any:
    """``clean_returnvalue``: description key order, typed scalars, unknown keys dropped."""
    if desc is None:
        return None
    if isinstance(desc, Value):
        return _clean_scalar(desc, value)
    if isinstance(desc, Multiple):
        if not isinstance(value, list | tuple):
            raise invalid_response("Only arrays accepted.")
        return [clean_return(desc.content, item) for item in value]
    if not isinstance(value, dict):
        raise invalid_response("Only arrays accepted.")
    cleaned: dict[str, Any] = {}
    for key, sub in desc.keys.items():
        if key in value:
            cleaned[key] = clean_return(sub, value[key])
        elif sub.need is Need.DEFAULT:
            cleaned[key] = sub.default
        elif sub.need is Need.REQUIRED:
            raise invalid_response(f"Error in response - Missing following required key: {key}")
    return cleaned


def _clean_scalar(desc: Value, value: Any) -> Any:
    """PARAM_BOOL becomes true/false, PARAM_INT a number, PARAM_RAW keeps its type."""
    if value is None or desc.type is Param.RAW:
        return value
    if isinstance(value, dict | list):
        raise invalid_response("Scalar type expected, array or object received.")
    if desc.type is Param.BOOL:
        return bool(value)
    if desc.type is Param.INT:
        return int(value)
    text = str(value)
    if desc.type is Param.TEXT and not survives_param_text(text):
        # the write, if any, is already done: Moodle checks the answer after running the function
        raise invalid_response(f'Invalid external api response: the value is "{text}"')
    return text
