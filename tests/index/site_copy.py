"""Build the real site with other catalog data: a copy of the configuration pointing at it.

The copy lives in a temporary directory next to its own ``institution.yml`` (the hooks read
the one beside the configuration file) and points back at the repository's pages, hooks,
theme overrides and snippets: a new relative path in ``mkdocs.yml`` must be rewritten here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def write_site_config(
    directory: Path, data_files: Sequence[Path], tree: Path = ROOT, **settings: object
) -> Path:
    """Write ``mkdocs.yml`` and ``institution.yml`` into ``directory``; return the former.

    ``tree``: the source tree whose pages, hooks and settings are used (benchmarks compare
    another version of the project this way); ``settings`` replace keys of its
    ``institution.yml``.
    """
    institution = yaml.safe_load((tree / "institution.yml").read_text(encoding="utf-8"))
    for key in ("logo", "favicon"):
        if institution.get(key):
            institution[key] = str(tree / institution[key])
    institution["catalog"] = [str(Path(path).resolve()) for path in data_files]
    institution.update(settings)
    (directory / "institution.yml").write_text(
        yaml.safe_dump(institution, allow_unicode=True), encoding="utf-8"
    )
    config = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(\s*- )(hooks/)", rf"\g<1>{tree}/\g<2>", config)
    config = re.sub(r"(?m)^(\s*custom_dir: )(\S+)", rf"\g<1>{tree}/\g<2>", config)
    config = re.sub(r"(?m)^(\s*base_path: \[)(docs/)", rf"\g<1>{tree}/\g<2>", config)
    path = directory / "mkdocs.yml"
    path.write_text(f"docs_dir: {tree / 'docs'}\n{config}", encoding="utf-8")
    return path
