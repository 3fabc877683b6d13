"""Institution settings (``institution.yml``), shared by the site's hooks and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sync_helper.catalog.model import DEFAULT_COHORT_TEMPLATE

DEFAULT_PATH = Path("institution.yml")
REQUIRED_KEYS = ("name", "short_name", "ent_url", "cas_login_url", "moodle_url")


class InstitutionConfigError(ValueError):
    """``institution.yml`` is missing, unreadable or lacks a required setting."""


@dataclass(frozen=True)
class Institution:
    """The settings of one university; ``values`` keeps every key for the pages."""

    name: str
    short_name: str
    moodle_url: str
    cohort_code_template: str = DEFAULT_COHORT_TEMPLATE
    catalog_files: tuple[Path, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    path: Path = DEFAULT_PATH


def load_institution(path: Path = DEFAULT_PATH) -> Institution:
    """Read and check ``institution.yml``; data file paths are made relative to it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InstitutionConfigError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise InstitutionConfigError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(raw, dict):
        raise InstitutionConfigError(f"{path}: expected a mapping of settings")
    missing = [key for key in REQUIRED_KEYS if not raw.get(key)]
    if missing:
        raise InstitutionConfigError(f"{path}: missing setting(s): {', '.join(missing)}")
    base = path.parent
    files = tuple(base / str(name) for name in raw.get("catalog") or ())
    return Institution(
        name=raw["name"],
        short_name=raw["short_name"],
        moodle_url=str(raw["moodle_url"]).rstrip("/"),
        cohort_code_template=raw.get("cohort_code_template") or DEFAULT_COHORT_TEMPLATE,
        catalog_files=files,
        values=raw,
        path=path,
    )
