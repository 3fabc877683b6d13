"""Rollover benchmark: the plan/apply engine against a plain sequential loop, in one run.

Each of N courses (default 1,000) has last year's cohort attached; the work is one attach
(next year's cohort) and one detach (last year's) per course, against the simulator with
30 ms added to every request. The sequential loop is what a script on the per-course
operations does: find the course, list its instances, find the cohort, add, delete. Then
10,000 courses are planned (no added latency) to time the planning alone.

The simulator runs in this process and counts the calls it serves; each workload runs in a
child process, so its wall time and peak memory (max RSS) are the client's alone.

    .venv/bin/python bench/rollover_bench.py [--courses 1000] [--latency-ms 30] [--workers 8]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import find_cohort
from sync_helper.moodle.courses import CourseRef, resolve_course
from sync_helper.moodle.instances import add_instance, delete_instance, get_instances
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.rollover.engine import apply_plan
from sync_helper.rollover.journal import Journal
from sync_helper.rollover.plan import build_plan
from sync_helper.rollover.planfile import load_plan_file
from sync_helper.rollover.workers import ClientPool
from sync_helper.sim import SimServer
from sync_helper.sim.bulk import FIRST_COURSE, add_rollover_courses, rollover_rules

FORMATIONS = 100
WRITES = (
    "local_ws_enrolcohort_add_instance",
    "local_ws_enrolcohort_update_instance",
    "local_ws_enrolcohort_delete_instance",
)


def _settings() -> ClientSettings:
    return ClientSettings(url=os.environ["MOODLE_URL"], token=Secret(os.environ["MOODLE_TOKEN"]))


def engine(plan_path: Path, workers: int, courses: int) -> None:
    """``rollover apply --delete-old`` through the package, as the CLI runs it."""
    settings = _settings()
    planfile = load_plan_file(plan_path, settings.roles)
    pool = ClientPool(settings, workers)
    plan = build_plan(pool, planfile, planfile.rules, delete_old=True)
    journal = Journal.open(plan_path.with_suffix(".journal"), plan.fingerprint, {}, fresh=True)
    report = apply_plan(pool, plan, journal)
    journal.close()
    pool.close()
    if not report.ok or report.counts()["changes_done"] != 2 * courses:
        raise SystemExit(f"engine did not finish the plan: {report.counts()}")


def sequential(plan_path: Path, workers: int, courses: int) -> None:
    """The plain loop: one course after the other, each lookup made for each course."""
    rules = rollover_rules(FORMATIONS)
    with MoodleClient(_settings()) as client:
        for course_id in range(FIRST_COURSE, FIRST_COURSE + courses):
            course = resolve_course(client, CourseRef("id", str(course_id)))
            for instance in get_instances(client, course):
                new = rules.get(instance.cohort.idnumber)
                if new:
                    cohort = find_cohort(client, new, course)
                    add_instance(client, course, cohort, instance.role_id, instance.group_id)
                    delete_instance(client, instance.id)


def plan_only(plan_path: Path, workers: int, courses: int) -> None:
    """Plan (no write) the rollover of every course."""
    settings = _settings()
    pool = ClientPool(settings, workers)
    planfile = load_plan_file(plan_path, settings.roles)
    plan = build_plan(pool, planfile, planfile.rules, delete_old=True)
    pool.close()
    if plan.totals()["courses_to_change"] != courses:
        raise SystemExit(f"plan is incomplete: {plan.totals()}")


WORKLOADS = {"engine": engine, "sequential loop": sequential, "plan only": plan_only}


def child(name: str, plan_path: Path, workers: int, courses: int) -> None:
    """Run one workload; print its wall time, its own CPU time and peak memory as JSON."""
    start = time.perf_counter()
    WORKLOADS[name](plan_path, workers, courses)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "seconds": round(seconds, 2),
        "client_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
    }
    print(json.dumps(figures))


def measure(name: str, courses: int, latency: float, workers: int, folder: Path) -> dict:
    """Serve a fresh bulk site, run ``name`` in a child process, count the calls served."""
    plan_path = folder / f"{name.replace(' ', '-')}.yml"
    plan_path.write_text(yaml.safe_dump({"rules": {"codes": rollover_rules(FORMATIONS)}}), "utf-8")
    with SimServer.start(scenario="transcripts", latency=latency) as sim:
        add_rollover_courses(sim.site, courses, formations=FORMATIONS)
        sim.site.calls.clear()
        env = {**os.environ, "MOODLE_URL": sim.url, "MOODLE_TOKEN": sim.tokens["admin"]}
        command = [sys.executable, __file__, "--child", name, "--plan", str(plan_path)]
        command += ["--workers", str(workers), "--courses", str(courses)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{name} failed:\n{done.stdout}\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        calls = sim.site.calls
        figures.update(
            calls=sum(calls.values()),
            write_calls=sum(calls[name] for name in WRITES),
            course_lookups=calls["core_course_get_courses_by_field"],
            cohort_lookups=calls["core_cohort_search_cohorts"],
            instance_reads=calls["local_ws_enrolcohort_get_instances"],
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--plan-courses", type=int, default=10_000)
    parser.add_argument("--child", choices=sorted(WORKLOADS), help=argparse.SUPPRESS)
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.plan, args.workers, args.courses)
        return
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        results = {
            "engine": measure("engine", args.courses, latency, args.workers, folder),
            "sequential loop": measure("sequential loop", args.courses, latency, 1, folder),
            f"plan {args.plan_courses} courses": measure(
                "plan only", args.plan_courses, 0.0, args.workers, folder
            ),
        }
    print(f"{args.courses} courses, {args.latency_ms:g} ms latency, {args.workers} workers")
    for label, figures in results.items():
        print(f"{label:>22}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    speedup = results["sequential loop"]["seconds"] / results["engine"]["seconds"]
    print(f"speed-up: {speedup:.1f}x")


if __name__ == "__main__":
    main()
