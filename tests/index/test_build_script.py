"""``script/build``, the documented way to publish: a failed build leaves the site as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import QUIET_ENV, ROOT
from tests.index.site_copy import write_site_config
from tests.index.test_hostile_data import strict_build

FORMATION = {
    "code_etape": "L1CHIM",
    "version": "231",
    "label": "Licence 1 Chimie",
    "composante": "010",
    "year": "2023",
}


def catalog(directory: Path, composante_code: str, label: str, version: str = "231") -> Path:
    """A one-formation catalog; ``label`` and the composante code are what a test breaks."""
    data = directory / "catalog.json"
    formation = {**FORMATION, "label": label, "composante": composante_code, "version": version}
    body = {"composantes": [{"code": composante_code, "label": "UFR"}], "formations": [formation]}
    data.write_text(json.dumps(body, ensure_ascii=True), encoding="utf-8")
    return write_site_config(directory, [data])


def build(site: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "script" / "build"), str(site), "--config-file", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_ENV},
        check=False,
    )


def snapshot(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.mark.build
@pytest.mark.parametrize(
    ("composante_code", "label"),
    [
        ("010", "Chimie \ud800 (lone surrogate)"),
        ("C" * 300, "Chimie"),
    ],
    ids=["lone-surrogate", "code-of-300-characters"],
)
def test_failed_build_leaves_the_published_site_untouched(
    tmp_path: Path, composante_code: str, label: str
) -> None:
    site = tmp_path / "public" / "site"
    good = build(site, catalog(tmp_path, "010", "Licence 1 Chimie"))
    assert good.returncode == 0, good.stderr
    before = snapshot(site)
    assert "codes/formations/L1CHIM231/index.html" in before

    bad = build(site, catalog(tmp_path, composante_code, label))
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
    assert "left as it was" in bad.stderr
    assert snapshot(site) == before
    assert sorted(path.name for path in site.parent.iterdir()) == ["site"]


@pytest.mark.build
def test_successful_build_replaces_the_whole_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(site, catalog(tmp_path, "010", "Licence 1 Chimie")).returncode == 0
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    result = build(site, catalog(tmp_path, "010", "Licence 1 Chimie", version="241"))
    assert result.returncode == 0, result.stderr
    files = snapshot(site)
    assert "codes/formations/L1CHIM241/index.html" in files
    assert "codes/formations/L1CHIM231/index.html" not in files
    assert "stale.html" not in files
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


@pytest.mark.build
def test_placeholders_in_data_are_text_not_templates(tmp_path: Path) -> None:
    site = tmp_path / "site"
    label = "Chimie {{ institution.support.email }} {{ institution.nope }}"
    result = build(site, catalog(tmp_path, "010", label))
    assert result.returncode == 0, result.stderr
    for page in ("codes/formations/L1CHIM231/index.html", "codes/composantes/010/index.html"):
        assert label in (site / page).read_text(encoding="utf-8")


@pytest.mark.build
def test_quiet_strict_build_still_fails_on_a_warning(tmp_path: Path) -> None:
    """``mkdocs build --strict -q`` used to exit 0: ``-q`` dropped warnings before counting."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "lien-casse.md").write_text("# Lien\n\n[nulle part](nulle-part.md)\n", "utf-8")
    config = catalog(tmp_path, "010", "Licence 1 Chimie")
    text = config.read_text(encoding="utf-8").replace(
        f"docs_dir: {ROOT / 'docs'}", f"docs_dir: {docs}"
    )
    config.write_text(text, encoding="utf-8")
    result = strict_build(config, tmp_path / "site", "-q")
    assert result.returncode != 0
    assert "nulle-part.md" in result.stderr
