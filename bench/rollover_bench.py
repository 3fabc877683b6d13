"""Rollover benchmark: the plan/apply engine against a plain sequential loop, in one run.

Each of N courses (default 1,000) has last year's cohort attached; the work is one attach
(next year's cohort) and one detach (last year's) per course, against the simulator with
30 ms added to every request. The sequential loop is what a script on the per-course
operations does: find the course, list its instances, find the cohort, add, delete.
Then 10,000 courses are planned (no latency) to time the planning alone.

    .venv/bin/python bench/rollover_bench.py [--courses 1000] [--latency-ms 30] [--workers 8]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from collections.abc import Callable
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
from sync_helper.sim.bulk import add_rollover_courses, rollover_rules

FORMATIONS = 100
WRITES = {
    "local_ws_enrolcohort_add_instance",
    "local_ws_enrolcohort_update_instance",
    "local_ws_enrolcohort_delete_instance",
}


def _measure(sim: SimServer, work: Callable[[], None]) -> dict[str, float]:
    before = sum(sim.site.calls.values())
    writes_before = sum(sim.site.calls[name] for name in WRITES)
    lookups_before = {name: sim.site.calls[name] for name in sim.site.calls}
    tracemalloc.start()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    calls = {name: sim.site.calls[name] - lookups_before.get(name, 0) for name in sim.site.calls}
    return {
        "seconds": round(seconds, 2),
        "calls": sum(sim.site.calls.values()) - before,
        "write_calls": sum(sim.site.calls[name] for name in WRITES) - writes_before,
        "course_lookups": calls.get("core_course_get_courses_by_field", 0),
        "cohort_lookups": calls.get("core_cohort_search_cohorts", 0),
        "peak_mib": round(peak / 2**20, 1),
    }


def _plan_file(directory: Path) -> Path:
    path = directory / "rollover.yml"
    path.write_text(yaml.safe_dump({"rules": {"codes": rollover_rules(FORMATIONS)}}), "utf-8")
    return path


def _settings(sim: SimServer) -> ClientSettings:
    return ClientSettings(url=sim.url, token=Secret(sim.tokens["admin"]))


def engine(sim: SimServer, directory: Path, workers: int) -> None:
    """``rollover apply --delete-old`` through the package, as the CLI runs it."""
    settings = _settings(sim)
    planfile = load_plan_file(_plan_file(directory), settings.roles)
    pool = ClientPool(settings, workers)
    plan = build_plan(pool, planfile, planfile.rules, delete_old=True)
    journal = Journal.open(directory / "journal", plan.fingerprint, {}, fresh=True)
    report = apply_plan(pool, plan, journal)
    journal.close()
    pool.close()
    assert report.ok and report.counts()["changes_done"] == 2 * len(plan.courses)


def sequential(sim: SimServer, courses: list[int]) -> None:
    """The plain loop: one course after the other, each lookup made for each course."""
    rules = rollover_rules(FORMATIONS)
    with MoodleClient(_settings(sim)) as client:
        for course_id in courses:
            course = resolve_course(client, CourseRef("id", str(course_id)))
            for instance in get_instances(client, course):
                new = rules.get(instance.cohort.idnumber)
                if new:
                    cohort = find_cohort(client, new, course)
                    add_instance(client, course, cohort, instance.role_id, instance.group_id)
                    delete_instance(client, instance.id)


def plan_only(courses: int, directory: Path) -> dict[str, float]:
    """Plan (no write) a rollover of ``courses`` courses, no added latency."""
    with SimServer.start(scenario="transcripts") as sim:
        add_rollover_courses(sim.site, courses, formations=FORMATIONS)
        settings = _settings(sim)
        planfile = load_plan_file(_plan_file(directory), settings.roles)
        pool = ClientPool(settings)

        def work() -> None:
            plan = build_plan(pool, planfile, planfile.rules, delete_old=True)
            assert plan.totals()["courses_to_change"] == courses

        figures = _measure(sim, work)
        pool.close()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--plan-courses", type=int, default=10_000)
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        results = {}
        with SimServer.start(scenario="transcripts", latency=latency) as sim:
            add_rollover_courses(sim.site, args.courses, formations=FORMATIONS)
            results["engine"] = _measure(sim, lambda: engine(sim, directory, args.workers))
        with SimServer.start(scenario="transcripts", latency=latency) as sim:
            courses = add_rollover_courses(sim.site, args.courses, formations=FORMATIONS)
            results["sequential loop"] = _measure(sim, lambda: sequential(sim, courses))
        results[f"plan {args.plan_courses} courses"] = plan_only(args.plan_courses, directory)
    print(f"{args.courses} courses, {args.latency_ms:g} ms latency, {args.workers} workers")
    for name, figures in results.items():
        print(f"{name:>22}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    speedup = results["sequential loop"]["seconds"] / results["engine"]["seconds"]
    print(f"speed-up: {speedup:.1f}x")


if __name__ == "__main__":
    main()
