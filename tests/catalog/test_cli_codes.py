"""``sync-helper codes`` as users run it: a subprocess, exit codes, messages, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.catalog.conftest import ROOT

SAMPLE = [
    ROOT / "data" / "sample" / "upjv-seed.json",
    ROOT / "data" / "sample" / "exemples-apogee.csv",
]


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sync_helper", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "160"},
        check=False,
    )


def test_validate_sample_prints_a_summary() -> None:
    result = run("codes", "validate", *SAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "42 formations, 180 elements in 20 composantes from 2 files\n"
    assert result.stderr == ""


def test_validate_builds_cohort_codes_with_the_sites_template(tmp_path: Path) -> None:
    settings = (ROOT / "institution.yml").read_text(encoding="utf-8")
    config = tmp_path / "institution.yml"
    config.write_text(
        settings.replace('cohort_code_template: "{code_etape}{version}"', "")
        + 'cohort_code_template: "{code_etape}"\n',
        encoding="utf-8",
    )
    result = run("codes", "validate", *SAMPLE, "--config", config)
    assert result.returncode == 1
    assert "cohort code L1CHIM is also L1CHIM2" in result.stderr


def test_validate_every_example_format() -> None:
    examples = sorted((ROOT / "data" / "examples").iterdir())
    assert {path.suffix for path in examples} == {".csv", ".json", ".xml"}
    result = run("codes", "validate", *examples)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"from {len(examples)} files\n")


def test_validate_reports_all_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "COD_CMP,COD_ETP,COD_VRS_VET,LIB_WEB_VET\n010,L1CHIMIE,231,X\n999,L2CHIM,2310,Y\n",
        encoding="utf-8",
    )
    result = run("codes", "validate", ROOT / "data" / "sample" / "upjv-seed.json", bad)
    assert result.returncode == 1
    assert f"error: {bad}:2: COD_ETP: 'L1CHIMIE' is 8 characters long" in result.stderr
    assert f"error: {bad}:3: COD_VRS_VET: '2310'" in result.stderr
    assert f"error: {bad}:3: COD_CMP: unknown composante '999'" in result.stderr
    assert "3 errors" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_validate_missing_unreadable_and_unknown_files(tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = run("codes", "validate", missing, other, tmp_path)
    assert result.returncode == 1
    assert f"error: {missing}: file not found" in result.stderr
    assert f"error: {other}: unknown file type '.txt'" in result.stderr
    assert f"error: {tmp_path}: unknown file type" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_warning_keeps_exit_0(tmp_path: Path) -> None:
    data = tmp_path / "nbsp.csv"
    data.write_text(
        "COD_CMP,LIB_CMP,COD_ETP,COD_VRS_VET,LIB_WEB_VET\n010,UFR,L1\u00a0CH,231,X\n",
        encoding="utf-8",
    )
    result = run("codes", "validate", data)
    assert result.returncode == 0
    assert f"warning: {data}:2: COD_ETP:" in result.stderr
    assert result.stdout == "1 formation, 0 elements in 1 composante from 1 file\n"


def test_search_table_reads_institution_yml() -> None:
    result = run("codes", "search", "thermo")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "L1CHIM231" in lines[4]
    assert result.stdout.index("L1CHIM231") < result.stdout.index("L2CHIM231")
    assert "RETHC01" in result.stdout
    assert "(EXAMPLE)" in result.stdout
    assert "\x1b[" not in result.stdout


def test_search_json_via_global_option() -> None:
    result = run("--json", "codes", "search", "RETHC01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (found,) = data["results"]
    assert found["cohort_code"] == "L1CHIM231"
    assert found["matched"] == "element_code"
    assert found["element"] == {"code": "RETHC01", "label": "Thermodynamique et cinétique"}
    assert found["example"] is False


def test_search_limit_and_not_found() -> None:
    limited = run("--json", "codes", "search", "licence", "--limit", "3")
    assert len(json.loads(limited.stdout)["results"]) == 3
    missing = run("codes", "search", "zzzzqqq")
    assert missing.returncode == 4
    assert "No formation matches 'zzzzqqq'." in missing.stderr


def test_search_with_config_elsewhere_and_bad_config(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text(
        json.dumps(
            {
                "composantes": [{"code": "010", "label": "UFR des Sciences"}],
                "formations": [
                    {"code_etape": "M1XYZ", "version": "1", "label": "Master", "composante": "010"}
                ],
            }
        ),
        encoding="utf-8",
    )
    config = tmp_path / "institution.yml"
    config.write_text(
        "name: U\nshort_name: U\nent_url: https://e\ncas_login_url: https://c\nmoodle_url: https://m\n"
        "catalog:\n  - data.json\n",
        encoding="utf-8",
    )
    found = run("codes", "search", "master", "--config", config, cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "M1XYZ1" in found.stdout
    absent = run("codes", "search", "master", cwd=tmp_path / "..")
    assert absent.returncode == 2
    assert "institution.yml: cannot read" in absent.stderr
    assert "Traceback" not in absent.stderr


def test_validate_json_lists_problems_with_their_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("COD_CMP,LIB_CMP,COD_ETP,COD_VRS_VET,LIB_WEB_VET\n010,U,L1,2310,X\n")
    result = run("--json", "codes", "validate", bad)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["problems"] == [
        {
            "severity": "error",
            "file": str(bad),
            "line": 2,
            "path": None,
            "field": "COD_VRS_VET",
            "message": "'2310' is 4 characters long (at most 3)",
        }
    ]
    ok = json.loads(run("--json", "codes", "validate", *SAMPLE).stdout)
    assert (ok["valid"], ok["formations"], ok["elements"], ok["problems"]) == (True, 42, 180, [])
