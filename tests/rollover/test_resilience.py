"""``rollover apply`` under injected faults and after ``kill -9``: it converges, exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from sync_helper.sim import SimServer
from sync_helper.sim.bulk import add_rollover_courses, rollover_rules
from tests.cli.conftest import Cli
from tests.rollover.conftest import STUDENT, cohort_sync, writes

FORMATIONS = 10


def _bulk_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "bulk.yml"
    plan.write_text(yaml.safe_dump({"rules": {"codes": rollover_rules(FORMATIONS)}}), "utf-8")
    return plan


def _assert_converged(sim: SimServer, courses: list[int]) -> None:
    """Each course: the new cohort enabled once, the old one disabled, nothing deleted."""
    for number, course in enumerate(courses):
        old = f"F{number % FORMATIONS:04d}231"
        new = f"F{number % FORMATIONS:04d}241"
        assert cohort_sync(sim.site, course) == [(old, STUDENT, 0, 1), (new, STUDENT, 0, 0)]


def test_apply_converges_under_ten_percent_faults(tmp_path: Path) -> None:
    with SimServer.start(
        scenario="transcripts", drop_rate=0.04, error_rate=0.03, truncate_rate=0.03, seed=9
    ) as sim:
        courses = add_rollover_courses(sim.site, 60, formations=FORMATIONS)
        cli = Cli(sim, tmp_path / "home")
        plan = _bulk_plan(tmp_path)
        first = cli("--yes", "rollover", "apply", str(plan))
        assert first.code == 0, first.out + first.err
        _assert_converged(sim, courses)
        served = writes(sim.site)
        sim.knobs.drop_rate = sim.knobs.error_rate = sim.knobs.truncate_rate = 0.0
        fresh = cli("--yes", "rollover", "apply", str(plan), "--fresh")
        assert fresh.code == 0
        assert writes(sim.site) == served  # a full rerun changes nothing


def _start_and_wait(cli: Cli, sim: SimServer, plan: Path, finished: int) -> subprocess.Popen:
    """Start ``rollover apply`` and return once the journal shows ``finished`` courses done."""
    journal = Path(str(plan) + ".journal")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sync_helper",
            "--yes",
            "rollover",
            "apply",
            str(plan),
            "--workers",
            "2",
        ],
        env=cli.env(sim.tokens["admin"], sim.url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_text("utf-8").count('"course-done"') >= finished:
            break
        time.sleep(0.05)
    return process


def test_kill_nine_mid_run_then_rerun_converges(tmp_path: Path) -> None:
    with SimServer.start(scenario="transcripts", latency=0.02) as sim:
        courses = add_rollover_courses(sim.site, 150, formations=FORMATIONS)
        cli = Cli(sim, tmp_path / "home")
        plan = _bulk_plan(tmp_path)
        process = _start_and_wait(cli, sim, plan, 20)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        halfway = writes(sim.site)
        assert 0 < halfway < 2 * len(courses)
        again = cli("--yes", "rollover", "apply", str(plan))
        assert again.code == 0, again.out + again.err
        assert "finished earlier" in again.out
        _assert_converged(sim, courses)
        assert writes(sim.site) == 2 * len(courses)  # nothing was done twice
        third = cli("--yes", "rollover", "apply", str(plan), "--fresh")
        assert third.code == 0
        assert writes(sim.site) == 2 * len(courses)


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(tmp_path: Path) -> None:
    with SimServer.start(scenario="transcripts", latency=0.02) as sim:
        courses = add_rollover_courses(sim.site, 150, formations=FORMATIONS)
        cli = Cli(sim, tmp_path / "home")
        plan = _bulk_plan(tmp_path)
        process = _start_and_wait(cli, sim, plan, 10)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 130, err
        assert "Interrupted: run the same command again" in out
        assert "Traceback" not in err
        again = cli("--yes", "rollover", "apply", str(plan))
        assert again.code == 0, again.out + again.err
        _assert_converged(sim, courses)
        assert writes(sim.site) == 2 * len(courses)
