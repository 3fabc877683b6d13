"""Benchmark of the healing write path under lost answers (not a test).

Attaches every cohort a demo course can use (one ``sync`` of many codes) while the simulator
cuts, drops or fails a share of the requests made after planning. A cut answer is the
dangerous case: Moodle made the write, the helper cannot read that it did. For each fault
seed, the same run is made twice on a fresh simulator:

* ``one write`` — the previous behaviour (``enrolments.apply`` before issue 8, reproduced
  here): each write sent once, its answer taken as the result, the run stopped at the first
  error;
* ``healing`` — the current one: after a lost answer, read the course back and send only
  what is missing (``HealPolicy()``, pauses set to 0 here).

Counted per run, then summed: cohorts Moodle attached, cohorts reported done (or already),
reported failed or not tried, **misreported** (reported failed or not tried although Moodle
attached it, or reported done although it did not), duplicate instances, requests sent.

Run: ``.venv/bin/python bench/write_healing.py [--seeds 10] [--cut 0.15 --fail 0.1 --drop 0.05]``
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import search_cohorts
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import Action, plan_sync
from sync_helper.moodle.instances import add_instance
from sync_helper.moodle.reconcile import HealPolicy, apply_plan
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy
from sync_helper.sim import SimServer

COURSE = "ALGO-BUT1"


@dataclass
class Tally:
    attached: int = 0
    reported_ok: int = 0
    reported_failed: int = 0
    misreported: int = 0
    duplicates: int = 0
    requests: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


Applier = Callable[[MoodleClient, Course, list[Action]], list[Action]]


def previous_apply(client: MoodleClient, course: Course, plan: list[Action]) -> list[Action]:
    """The write path before healing: one add per cohort; the first error ends the run."""
    results = []
    for index, action in enumerate(plan):
        try:
            add_instance(client, course, action.cohort, 5, 0)
        except errors.MoodleError:
            return results + [replace(a, outcome="failed") for a in plan[index:]]
        results.append(replace(action, outcome="done"))
    return results


def healing_apply(client: MoodleClient, course: Course, plan: list[Action]) -> list[Action]:
    return apply_plan(client, course, plan, policy=HealPolicy(backoff=0.0))


def one_run(seed: int, apply: Applier, cut: float, fail: float, drop: float) -> Tally:
    with SimServer.start(scenario="demo", port=0, seed=seed) as sim:
        settings = ClientSettings(
            url=sim.url, token=Secret(sim.tokens["admin"]), retry=RetryPolicy(backoff=0.0)
        )
        with MoodleClient(settings) as client:
            course = resolve_course(client, parse_course_ref(COURSE))
            cohorts = search_cohorts(client, "", course)
            plan = plan_sync(client, course, cohorts, None, None)
            served = _served(sim)
            sim.knobs.truncate_rate, sim.knobs.error_rate, sim.knobs.drop_rate = cut, fail, drop
            results = apply(client, course, plan)
            sim.knobs.truncate_rate = sim.knobs.error_rate = sim.knobs.drop_rate = 0.0
            requests = _served(sim) - served
        instances = Counter(i.customint1 for i in sim.site.course_instances(course.id, "cohort"))
    tally = Tally(attached=len(instances), requests=requests)
    tally.duplicates = sum(count - 1 for count in instances.values())
    for result in results:
        ok = result.outcome in {"done", "already"}
        tally.reported_ok += ok
        tally.reported_failed += not ok
        tally.misreported += ok != (result.cohort.id in instances)
    return tally


def _served(sim: SimServer) -> int:
    """Requests the simulator has drawn a fault for so far (every request draws one)."""
    return sim.knobs.draws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--cut", type=float, default=0.15, help="share of cut answers")
    parser.add_argument("--fail", type=float, default=0.10, help="share of 503 answers")
    parser.add_argument("--drop", type=float, default=0.05, help="share of dropped connections")
    args = parser.parse_args()
    policies = {"one write (previous)": previous_apply, "healing (current)": healing_apply}
    print(
        f"Course {COURSE} of the demo scenario, {args.seeds} seeds; after planning "
        f"{args.cut:.0%} cut, {args.fail:.0%} 503, {args.drop:.0%} dropped\n"
    )
    print(
        "| write path | cohorts planned | attached in Moodle | reported ok | reported failed "
        "or not tried | misreported | duplicates | requests |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, apply in policies.items():
        total, planned = Tally(), 0
        for seed in range(args.seeds):
            run = one_run(seed, apply, args.cut, args.fail, args.drop)
            planned += run.reported_ok + run.reported_failed
            total.add(run)
        print(
            f"| {name} | {planned} | {total.attached} | {total.reported_ok} | "
            f"{total.reported_failed} | {total.misreported} | {total.duplicates} | "
            f"{total.requests} |"
        )


if __name__ == "__main__":
    main()
