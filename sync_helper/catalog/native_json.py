"""The project's own JSON format, checked against the schema shipped with the package.

Messages point at JSON paths (``data/x.json:$.formations[3].version``). Objects with a
schema error are left out, the others are still built so their own problems show too.

A large file is not parsed whole: its text is read through a window (``json_text``), the
top-level object walked member by member and the ``formations`` list item by item, each
formation checked against its part of the schema, built, then dropped. Only the records are
held, never the file's text nor the parsed objects of every formation at once (they weigh
several times the file).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

from sync_helper.catalog.json_text import JsonText, NotUtf8, RefusedValue
from sync_helper.catalog.model import Composante, Element, Formation, Source
from sync_helper.catalog.parts import LoadedFile, RecordKind
from sync_helper.catalog.text import normalize_label

SCHEMA_RESOURCE = ("sync_helper.catalog.schema", "catalog.schema.json")
MAX_NUMBER_DIGITS = 30


@cache
def catalog_schema() -> dict[str, Any]:
    """The JSON Schema of the native format (also published for people writing exporters)."""
    package, name = SCHEMA_RESOURCE
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def _locate(source: Source, kind: RecordKind, name: str) -> tuple[Source, str]:
    return Source(source.file, path=f"{source.path}.{name}"), name


@cache
def _checks(part_name: str) -> tuple[Any, Draft202012Validator]:
    """Validators of the whole document (``catalog``) or of one formation (``formation``): a
    compiled one that accepts valid data fast and stops at the first error, and jsonschema,
    which lists every error."""
    schema = catalog_schema()
    if part_name == "formation":
        schema = {key: schema[key] for key in ("$schema", "$id", "$defs")}
        schema["$ref"] = "#/$defs/formation"
    return fastjsonschema.compile(schema), Draft202012Validator(schema)


def json_path(parts: Any, text: str) -> str:
    """``$.formations[3].version`` from jsonschema's deque of keys and indexes after ``text``
    (``$`` or the path of the formation checked on its own)."""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


class _Refused(ValueError):
    """A value JSON allows but a catalog cannot hold (NaN, a 5,000-digit number, a key twice)."""


def _strict_number(text: str) -> float | int:
    """Numbers that survive a float and a JSON download; hours and credits need no more."""
    if len(text) > MAX_NUMBER_DIGITS:
        raise _Refused(f"number {text[:20]}… has {len(text)} characters")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"number {text} is too large")
    return int(text) if text.lstrip("-").isdigit() else value


def _no_constant(name: str) -> float:
    raise _Refused(f"{name} is not a number a catalog can hold")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            code = next((v for k, v in pairs if k == "code" and isinstance(v, str)), None)
            where = f" in the object with code {code!r}" if code else ""
            raise _Refused(f"key {key!r} appears twice{where}; one value would hide the other")
        seen[key] = value
    return seen


_DECODER = json.JSONDecoder(
    parse_int=_strict_number,
    parse_float=_strict_number,
    parse_constant=_no_constant,
    object_pairs_hook=_unique_keys,
)


def load_native_json(path: Path) -> LoadedFile:
    """Read one JSON catalog file; problems are collected in the result, never raised."""
    part = LoadedFile(str(path), locate=_locate)
    try:
        with path.open("rb") as stream:
            _read(part, JsonText(stream, _DECODER))
    except (OSError, NotUtf8, json.JSONDecodeError, RefusedValue, RecursionError) as error:
        # The formations read before the file turned out unreadable are not checked further:
        # their composantes (built at the end) would all be reported unknown.
        part.formations.clear()
        _unreadable(part, error)
    return part


def _unreadable(part: LoadedFile, error: Exception) -> None:
    """One problem about the whole file (at its line, for a syntax error)."""
    match error:
        case OSError():
            part.fail(f"cannot read: {error.strerror}")
        case NotUtf8():
            part.fail(f"not UTF-8 text (JSON is UTF-8): invalid byte at offset {error.offset}")
        case json.JSONDecodeError():
            where = Source(part.file, line=error.lineno)
            part.fail(f"not valid JSON: {error.msg} (column {error.colno})", source=where)
        case RefusedValue():
            where = Source(part.file, line=error.line)
            part.fail(f"refused: {error} (in the value that starts on this line)", source=where)
        case _:
            part.fail("nested too deeply to be read")


def _read(part: LoadedFile, text: JsonText) -> None:
    """Check and build the document, streaming its formations."""
    if text.peek() != "{":  # not an object: read whole, for the schema to say what it is
        document = text.decode()
        text.finish()
        _schema_problems(part, document, _checks("catalog"))
        return
    top: dict[str, Any] = {}
    for key in text.object_keys():
        if key in top:
            raise RefusedValue(f"key {key!r} appears twice at the top level", text.line())
        if key == "formations" and text.peek() == "[":
            top[key] = []
            for index, item in enumerate(text.list_items()):
                _read_formation(part, index, item)
        else:
            top[key] = text.decode()
    text.finish()
    broken = _schema_problems(part, top, _checks("catalog"))
    _build(part, top, broken)


def _read_formation(part: LoadedFile, index: int, item: Any) -> None:
    where = f"$.formations[{index}]"
    broken = _schema_problems(part, item, _checks("formation"), where)
    if where not in broken:
        part.formations.append(_formation(item, Source(part.file, path=where), broken))


def _schema_problems(
    part: LoadedFile, data: Any, checks: tuple[Any, Draft202012Validator], root: str = "$"
) -> set[str]:
    """Report every schema violation; return the paths of the objects not to build.

    jsonschema lists every violation but needs about a minute for 200,000 elements, while
    the compiled check takes two seconds and stops at the first error: it clears valid files,
    and only files with errors pay for the complete report.
    """
    fast, complete = checks
    try:
        fast(data)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return set()
    broken: set[str] = set()
    for error in complete.iter_errors(data):
        where = list(error.absolute_path)
        # A missing or unexpected key is reported on its object, always a list item or the
        # document itself: the path ends with an index or is empty, and no field is named.
        field = str(where[-1]) if where and isinstance(where[-1], str) else ""
        part.fail(error.message, field, Source(part.file, path=json_path(where, root)))
        # The object holding the bad value is left out; its siblings are still built.
        holder = where[:-1] if where and isinstance(where[-1], str) else where
        broken.add(json_path(holder, root))
    return broken


def _listed(data: dict[str, Any], key: str, broken: set[str]) -> Iterator[tuple[str, Any]]:
    """(JSON path, item) of the well-formed items of a top-level list (none if not a list)."""
    items = data.get(key)
    if isinstance(items, list):
        for index, item in enumerate(items):
            where = f"$.{key}[{index}]"
            if where not in broken:
                yield where, item


def _build(part: LoadedFile, data: dict[str, Any], broken: set[str]) -> None:
    """Composantes (formations were built as they were read)."""
    part.composantes_only = not part.formations and bool(data.get("composantes"))
    for where, item in _listed(data, "composantes", broken):
        part.composantes.append(_composante(item, Source(part.file, path=where)))


def _composante(item: dict[str, Any], source: Source) -> Composante:
    return Composante(
        code=item["code"],
        label=normalize_label(item["label"]),
        parent=item.get("parent") or None,
        site=item.get("site") or None,
        example=item.get("example", False),
        source=source,
    )


def _formation(item: dict[str, Any], source: Source, broken: set[str]) -> Formation:
    return Formation(
        code_etape=item["code_etape"],
        version=item["version"],
        label=normalize_label(item["label"]),
        composante=item["composante"],
        year=str(item.get("year", "")),
        ects=_number(item.get("ects")),
        hours=_number(item.get("hours")),
        cohort_idnumber=item.get("cohort_idnumber") or None,
        elements=_elements(item.get("elements") or (), f"{source.path}.elements", source, broken),
        example=item.get("example", False),
        source=source,
    )


def _elements(
    items: list[dict[str, Any]], where: str, parent: Source, broken: set[str]
) -> list[Element]:
    built = []
    for index, item in enumerate(items):
        path = f"{where}[{index}]"
        if path in broken:
            continue
        source = Source(parent.file, path=path)
        built.append(
            Element(  # shared courses repeat codes, labels, natures, periods: one copy each
                code=sys.intern(item["code"]),
                label=sys.intern(normalize_label(item["label"])),
                nature=sys.intern(item.get("nature", "")),
                period=sys.intern(item.get("period", "")),
                ects=_number(item.get("ects")),
                hours=_number(item.get("hours")),
                hours_cm=_number(item.get("hours_cm")),
                hours_td=_number(item.get("hours_td")),
                hours_tp=_number(item.get("hours_tp")),
                children=_elements(item.get("children") or (), f"{path}.children", source, broken),
                source=source,
            )
        )
    return built


@lru_cache(maxsize=4096)
def _number(value: float | None) -> float | None:
    """One float object per distinct value (hours and credits repeat on every element)."""
    return None if value is None else float(value)
