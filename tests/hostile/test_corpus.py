"""Every hostile file gives what ``expected.json`` says, through the library and the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sync_helper.catalog import CatalogError, load_catalog
from sync_helper.catalog.export import formations_json
from sync_helper.cli import main
from sync_helper.institution import InstitutionConfigError, load_institution
from tests.catalog.conftest import ROOT

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
EXPECTED: dict[str, dict[str, str]] = json.loads(
    (HERE / "expected.json").read_text(encoding="utf-8")
)
CATALOG_FILES = sorted(name for name in EXPECTED if not name.startswith("institution-"))
INSTITUTION_FILES = sorted(name for name in EXPECTED if name.startswith("institution-"))
DATA = ROOT / "data" / "sample" / "upjv-seed.json"


def test_corpus_is_complete() -> None:
    assert sorted(path.name for path in FILES.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 60


@pytest.mark.parametrize("name", CATALOG_FILES)
def test_catalog_file(name: str) -> None:
    expected = EXPECTED[name]
    path = FILES / name
    if expected["outcome"] == "error":
        with pytest.raises(CatalogError) as caught:
            load_catalog([path])
        messages = "\n".join(str(problem) for problem in caught.value.problems)
        assert expected["says"] in messages
        assert all(str(path) in str(problem.source) for problem in caught.value.problems)
        return
    catalog = load_catalog([path])
    warnings = "\n".join(str(problem) for problem in catalog.warnings)
    if expected["outcome"] == "warning":
        assert expected["says"] in warnings
    else:
        assert warnings == ""
    json.loads(formations_json(catalog))  # the download stays valid JSON (no NaN, no inf)


@pytest.mark.parametrize("name", INSTITUTION_FILES)
def test_institution_file(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    path = tmp_path / "institution.yml"
    shutil.copyfile(FILES / name, path)
    shutil.copyfile(DATA, tmp_path / "data.json")
    if expected["outcome"] == "error":
        with pytest.raises(InstitutionConfigError) as caught:
            load_institution(path)
        assert expected["says"] in str(caught.value)
        assert str(path) in str(caught.value)
    else:
        institution = load_institution(path)
        load_catalog(institution.catalog_files, institution.cohort_code_template)


def run_cli(*arguments: str | Path, cwd: Path) -> tuple[int, str]:
    """The command in this process (89 child processes would take minutes): exit code and
    everything it wrote; an exception escaping the command would be a traceback for users."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, [*map(str, arguments)], env={"NO_COLOR": "1"})
    finally:
        os.chdir(previous)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


@pytest.mark.parametrize("name", CATALOG_FILES)
def test_codes_validate(name: str, tmp_path: Path) -> None:
    code, output = run_cli("codes", "validate", FILES / name, cwd=tmp_path)
    assert code == (1 if EXPECTED[name]["outcome"] == "error" else 0), output
    assert EXPECTED[name]["says"] in output


@pytest.mark.parametrize("name", INSTITUTION_FILES)
def test_codes_validate_with_hostile_config(name: str, tmp_path: Path) -> None:
    shutil.copyfile(FILES / name, tmp_path / "institution.yml")
    shutil.copyfile(DATA, tmp_path / "data.json")
    code, output = run_cli("codes", "validate", "data.json", cwd=tmp_path)
    if EXPECTED[name]["outcome"] == "error":
        assert code != 0
        assert EXPECTED[name]["says"] in output
    else:
        assert code == 0, output


@pytest.mark.parametrize(
    "name",
    [
        "csv-utf8-with-one-bad-byte.csv",
        "json-integer-of-5000-digits.json",
        "xml-billion-laughs-entities.xml",
        "institution-template-50-million-wide.yml",
    ],
)
def test_real_command_exits_cleanly(name: str, tmp_path: Path) -> None:
    """One file per kind through the installed command, as a user runs it."""
    shutil.copyfile(
        FILES / name, tmp_path / (name if "institution" not in name else "institution.yml")
    )
    shutil.copyfile(DATA, tmp_path / "data.json")
    target = "data.json" if "institution" in name else name
    result = subprocess.run(
        [sys.executable, "-m", "sync_helper", "codes", "validate", target],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert EXPECTED[name]["says"] in result.stderr
