"""Request parameters the way PHP and Moodle read them.

Two steps: :func:`parse_php_form` turns ``a[0][b]=1`` pairs into nested PHP arrays (kept as
ordered ``dict`` with string keys, like PHP's ``$_POST``), and :func:`validate` checks them
against a function's parameter description as ``external_api::validate_parameters`` does:
strict scalars, no unknown keys, required keys present, defaults filled, optional keys absent.
"""

from __future__ import annotations

import re
from typing import Any

from sync_helper.sim.describe import (
    Description,
    Multiple,
    Need,
    Param,
    Single,
    Value,
    survives_param_text,
)
from sync_helper.sim.errors import invalid_parameter

PhpArray = dict[str, Any]
_INT64 = 2**63
_CLASSES = {
    Param.ALPHA: re.compile(r"[a-zA-Z]*"),
    Param.ALPHANUM: re.compile(r"[a-zA-Z0-9]*"),
    Param.ALPHANUMEXT: re.compile(r"[a-zA-Z0-9_-]*"),
}
_MAX_DEPTH = 64


def parse_php_form(pairs: list[tuple[str, str]]) -> PhpArray:
    """Decode ``name[key][]=value`` pairs into nested arrays; a later pair wins."""
    result: PhpArray = {}
    for name, value in pairs:
        path = _split_name(name)
        if path:
            _store(result, path, value)
    return result


def _split_name(name: str) -> list[str | None]:
    """``a[b][]`` → ``["a", "b", None]`` (None: append). Dots and spaces in the base become _."""
    bracket = name.find("[")
    if bracket < 0 or "]" not in name[bracket:]:
        return [re.sub(r"[ .\[]", "_", name)] if name else []
    if bracket == 0:
        return []
    base, rest = name[:bracket], name[bracket:]
    path: list[str | None] = [re.sub(r"[ .]", "_", base)]
    while rest.startswith("[") and "]" in rest and len(path) < _MAX_DEPTH:
        end = rest.index("]")
        key = rest[1:end]
        path.append(key if key else None)
        rest = rest[end + 1 :]
    return path


def _store(target: PhpArray, path: list[str | None], value: str) -> None:
    node = target
    for position, key in enumerate(path):
        key = _next_index(node) if key is None else key
        if position == len(path) - 1:
            node[key] = value
            return
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child


def _next_index(node: PhpArray) -> str:
    """PHP's ``[]``: one more than the largest integer key so far, or 0."""
    numbers = [int(key) for key in node if re.fullmatch(r"-?(0|[1-9]\d*)", key)]
    return str(max(numbers) + 1) if numbers else "0"


def validate(desc: Description, value: Any, path: str = "") -> Any:
    """Check ``value`` against ``desc``; raise ``invalidparameter`` with Moodle's debuginfo."""
    if isinstance(desc, Value):
        return _validate_scalar(desc, value, path)
    if not isinstance(value, dict):
        raise invalid_parameter(f'{path}Only arrays accepted. The param "{value}" is not an array')
    if isinstance(desc, Multiple):
        return [validate(desc.content, item, path) for item in value.values()]
    return _validate_single(desc, value, path)


def _validate_single(desc: Single, value: PhpArray, path: str) -> dict[str, Any]:
    unknown = [key for key in value if key not in desc.keys]
    if unknown:
        keys = ", ".join(unknown)
        raise invalid_parameter(f"{path}Unexpected keys ({keys}) detected in parameter array.")
    result: dict[str, Any] = {}
    for key, sub in desc.keys.items():
        if key in value:
            result[key] = validate(sub, value[key], f"{path}{key} => ")
        elif sub.need is Need.REQUIRED:
            raise invalid_parameter(f"{path}Missing required key in single structure: {key}")
        elif sub.need is Need.DEFAULT:
            result[key] = sub.default
    return result


def _validate_scalar(desc: Value, value: Any, path: str) -> Any:
    if isinstance(value, dict):
        raise invalid_parameter(
            f'{path}Invalid external api parameter: the value is "Array", '
            f'the server was expecting "{desc.type.value}" type'
        )
    text = str(value)
    cleaned = _clean(desc.type, text)
    if cleaned is None:
        raise invalid_parameter(
            f'{path}Invalid external api parameter: the value is "{text}", '
            f'the server was expecting "{desc.type.value}" type'
        )
    return cleaned


def _clean(kind: Param, text: str) -> Any:
    """The cleaned value when ``clean_param`` would leave ``text`` unchanged, else None."""
    if kind is Param.INT:
        try:
            number = int(text)
        except ValueError:
            return None
        return number if str(number) == text and -_INT64 <= number < _INT64 else None
    if kind is Param.BOOL:
        return int(text) if text in ("0", "1") else None
    if kind in _CLASSES:
        return text if _CLASSES[kind].fullmatch(text) else None
    if kind is Param.TEXT and not survives_param_text(text):
        return None
    return text
