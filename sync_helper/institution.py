"""Institution settings (``institution.yml``), shared by the site's hooks and the CLI.

The file is checked against ``institution.schema.json`` before anything uses it: every problem
is reported with the key it is about (``support.email: …``). The values then reach pages
through placeholders (:func:`expand_placeholders`), always as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from sync_helper.catalog.cdmfr_xml import CodeSets
from sync_helper.catalog.load import template_problems
from sync_helper.catalog.model import DEFAULT_COHORT_TEMPLATE

DEFAULT_PATH = Path("institution.yml")
MAX_BYTES = 1_000_000
# ``{{ institution.support.email }}`` in a hand-written page.
PLACEHOLDER = re.compile(r"\{\{\s*institution\.([a-z_][a-z0-9_.]*)\s*\}\}")
# A value made only of these is inert in Markdown, HTML and code alike (URLs, e-mail
# addresses, plain words): it is written as it is; anything else is escaped.
_INERT = re.compile(r"(?:[^\W_]|[ ./:@%?=&~,;+-])*")
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_{}\[\]()#+\-.!|~<>&\"'=:$^%@]")


class InstitutionConfigError(ValueError):
    """``institution.yml`` is missing, unreadable or has a setting that cannot be used."""


@dataclass(frozen=True)
class Institution:
    """The settings of one university; ``values`` keeps every key for the pages."""

    name: str
    short_name: str
    moodle_url: str
    cohort_code_template: str = DEFAULT_COHORT_TEMPLATE
    catalog_files: tuple[Path, ...] = ()
    code_sets: CodeSets = field(default_factory=CodeSets.with_extra)
    values: dict[str, Any] = field(default_factory=dict)
    path: Path = DEFAULT_PATH


@cache
def institution_schema() -> dict[str, Any]:
    """The JSON Schema ``institution.yml`` must satisfy (one entry per setting)."""
    text = resources.files("sync_helper").joinpath("institution.schema.json").read_text("utf-8")
    return json.loads(text)


def load_institution(path: Path = DEFAULT_PATH) -> Institution:
    """Read and check ``institution.yml``; data file paths are made relative to it."""
    raw = _read(path)
    problems = [_describe(error) for error in _validator().iter_errors(raw)]
    if isinstance(raw, dict) and "cohort_code_template" in raw:
        problem = template_problems(raw["cohort_code_template"])
        if problem is not None:
            problems.append(f"cohort_code_template: {problem.message}")
    if problems:
        raise InstitutionConfigError(
            f"{path}: {len(problems)} setting(s) to fix:\n" + "\n".join(f"  {p}" for p in problems)
        )
    base = path.parent
    return Institution(
        name=raw["name"],
        short_name=raw["short_name"],
        moodle_url=raw["moodle_url"].rstrip("/"),
        cohort_code_template=raw.get("cohort_code_template", DEFAULT_COHORT_TEMPLATE),
        catalog_files=tuple(base / name for name in raw.get("catalog", ())),
        code_sets=CodeSets.with_extra(raw.get("cdmfr_code_sets")),
        values=raw,
        path=path,
    )


def _read(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InstitutionConfigError(f"{path}: larger than {MAX_BYTES // 1000} kB")
        text = path.read_bytes().decode("utf-8-sig")
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text)):
            # Aliases nest references: nine of nine make a document of billions of values.
            raise InstitutionConfigError(f"{path}: YAML aliases (*name) are not accepted")
        return yaml.safe_load(text)
    except OSError as error:
        raise InstitutionConfigError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise InstitutionConfigError(
            f"{path}: not UTF-8 text (byte {error.object[error.start]:#04x} at offset "
            f"{error.start}); save it as UTF-8"
        ) from None
    except yaml.YAMLError as error:
        raise InstitutionConfigError(f"{path}: not valid YAML ({error})") from None
    except RecursionError:
        raise InstitutionConfigError(f"{path}: nested too deeply") from None


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(institution_schema())


def _describe(error: ValidationError) -> str:
    """``support.email: 'x' does not match …``: the key first, in the file's own spelling."""
    key = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        unknown = sorted(str(name) for name in error.instance if name not in known)
        prefix = f"{key}." if error.absolute_path else ""
        return f"{prefix}{', '.join(unknown)}: unknown setting(s); known: {', '.join(known)}"
    if error.validator == "pattern":
        return f"{key}: {_short(error.instance)} is not {_PATTERN_NAMES.get(_kind(error), 'valid')}"
    return f"{key}: {error.message[:200]}"


_PATTERN_NAMES = {
    "url": "an http:// or https:// address (without spaces, quotes or brackets)",
    "email": "an e-mail address",
    "text": "one line of text (no control characters)",
    "path": "a file path, relative to institution.yml or absolute (no quotes, <>, :, |, ?, *)",
    "current_year": 'a year such as "2023"',
}


def _kind(error: ValidationError) -> str:
    """Which ``$defs`` entry (or setting) a pattern came from, to say what was expected."""
    for name, definition in institution_schema()["$defs"].items():
        if definition.get("pattern") == error.validator_value:
            return name
    return str(error.absolute_path[-1]) if error.absolute_path else ""


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:60]}…"


def as_text(value: object) -> str:
    """A setting as inert text for a Markdown page: it shows as written and never becomes
    markup, a link, an attribute list or a snippet include (``--8<--``)."""
    text = str(value)
    if _INERT.fullmatch(text) and "--" not in text:
        return text
    return _MARKDOWN_SPECIALS.sub(lambda match: f"&#{ord(match.group())};", text)


def expand_placeholders(
    markdown: str, values: dict[str, Any], on_unknown: Callable[[str], Exception]
) -> str:
    """Replace every ``{{ institution.key }}`` in a hand-written page by its value, as text.

    The replacement is one pass: a value that itself reads ``{{ institution.x }}`` stays as
    it is. An unknown key, or one naming a section or a list rather than one value (whose
    Python ``repr`` would land on the page), raises ``on_unknown(key)``.
    """

    def lookup(match: re.Match[str]) -> str:
        value: Any = values
        for part in match.group(1).split("."):
            if not isinstance(value, dict) or part not in value:
                raise on_unknown(match.group(1))
            value = value[part]
        if isinstance(value, dict | list):
            raise on_unknown(match.group(1))
        return as_text(value)

    return PLACEHOLDER.sub(lookup, markdown)
