"""Per-cohort results, global options in both places and uncut tables: the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli


@pytest.fixture
def quirks() -> Iterator[SimServer]:
    with SimServer.start(scenario="quirks", port=0) as server:
        yield server


@pytest.fixture
def qcli(quirks: SimServer, tmp_path: Path) -> Cli:
    return Cli(quirks, tmp_path / "config-home")


def test_2_partial_success_is_reported_per_cohort_with_exit_7(qcli: Cli) -> None:
    run = qcli("sync", "CIRC-L1", "L2CHIM231", "RETHC01-A", "L1CHBV231", "NOPE999", "--json")
    assert run.code == 7, run.err
    data = run.json()
    assert data["outcome"] == "partial" and data["exit_code"] == 7
    outcomes = {a["cohort"]["idnumber"]: a["outcome"] for a in data["actions"]}
    assert outcomes == {
        "NOPE999": "failed",
        "L2CHIM231": "done",
        "RETHC01-A": "failed",
        "L1CHBV231": "done",
    }
    text = qcli("sync", "CIRC-L1", "L2CHIM231", "RETHC01-A")
    assert text.code == 7
    assert "already so" in text.out and "FAILED" in text.out and "markup" in text.out


def test_1_markup_cohort_alone_fails_with_the_reason_and_writes_nothing(
    qcli: Cli, quirks: SimServer
) -> None:
    run = qcli("sync", "2", "RETHC01-A", "--disabled")
    assert run.code == 5
    assert "markup" in run.out and "invalidresponse" in run.out
    assert quirks.site.course_instances(2, "cohort") == []


def test_10_global_options_after_the_command(qcli: Cli) -> None:
    after = qcli("status", "5", "--json")
    assert after.code == 0, after.err
    assert after.json()["instances"][0]["id"] == 33
    before = qcli("--json", "status", "5")
    assert before.json() == after.json()
    remote = qcli("status", "5", "--insecure-http", url="http://192.0.2.1")
    assert "refusing plain HTTP" not in remote.err


def test_11_tables_are_not_cut_off_a_terminal(quirks: SimServer, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOODLE_", "COLUMNS"))}
    env.update(
        MOODLE_URL=quirks.url,
        MOODLE_TOKEN=quirks.tokens["admin"],
        COLUMNS="40",
        XDG_CONFIG_HOME=str(tmp_path),
    )
    out = subprocess.run(
        [sys.executable, "-m", "sync_helper", "cohorts", "search", "M1-INFO"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    assert "m1-info-241" in out and "Master 1 Informatique — parcours IA" in out
    assert "…" not in out
