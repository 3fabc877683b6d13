"""The fault matrix: ``sync`` and ``unsync`` as users run them, under injected faults (not a test).

Each seed restarts the simulator's fault sequence (``demo`` scenario, course ALGO-BUT1), then
runs three commands of the real CLI in this process (click's runner, the same code as the
``sync-helper`` executable, ``--json --yes``) with faults injected into EVERY request,
planning reads included:

1. ``sync ALGO-BUT1 L1CHIM231 L1MATH231 L1INFO231`` — attach three cohorts;
2. ``unsync ALGO-BUT1 L1CHIM231 --disable`` — disable one;
3. ``unsync ALGO-BUT1 L1MATH231`` — delete another.

Before each command the course is set to the state the previous command wanted, so every
command is judged on its own. After each one the simulator's own state is compared with
what the command wanted and with what it reported:

* converged: the course is exactly as wanted after this one run;
* false failure: a cohort reported ``failed``/``not_tried`` (or the whole command reported
  an error) although Moodle made its change;
* false success: reported ``done``/``already`` although the course is not so;
* duplicate: two methods for one cohort and role;
* unintended deletion: a method gone that the command did not ask to delete;
* silent partial: the command changed something but its output does not list that cohort
  as done (a multi-cohort run must say what was done).

Pauses between retries are removed (they change timing, not outcomes). Faults: ``503``,
``500``, ``drop`` (connection closed without an answer), ``cut`` (body cut in half) and
``mixed`` (the rate shared equally by 503, drops and cuts), at each rate given.

Run: ``.venv/bin/python bench/fault_matrix.py [--seeds 30] [--rates 0.1 0.5]``
(about 0.3 s a run on the shared 2-core machine).
"""

from __future__ import annotations

import argparse
import functools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from click.testing import CliRunner

from sync_helper.cli import main
from sync_helper.moodle import reconcile
from sync_helper.moodle.client import MoodleClient
from sync_helper.sim import SimServer, cohortsync
from sync_helper.sim.state import Site

COURSE = "ALGO-BUT1"
CODES = ("L1CHIM231", "L1MATH231", "L1INFO231")
STUDENT = 5
FAULTS = ("503", "500", "drop", "cut", "mixed")
OK = frozenset({"done", "already"})

#: A course state: cohort code -> (role id, enabled) for each cohort method, in order.
State = list[tuple[str, int, bool]]


@dataclass(frozen=True)
class Command:
    """One CLI command, the state it starts from and the state it must leave."""

    name: str
    args: tuple[str, ...]
    before: tuple[tuple[str, bool], ...]
    wanted: tuple[tuple[str, bool], ...]


ATTACHED = tuple((code, True) for code in CODES)
DISABLED = ((CODES[0], False), *ATTACHED[1:])
COMMANDS = (
    Command("sync 3 cohorts", ("sync", COURSE, *CODES), (), ATTACHED),
    Command("unsync --disable", ("unsync", COURSE, CODES[0], "--disable"), ATTACHED, DISABLED),
    Command("unsync (delete)", ("unsync", COURSE, CODES[1]), DISABLED, (DISABLED[0], DISABLED[2])),
)


@dataclass
class Outcome:
    """What one command did under faults, judged against the simulator's state."""

    command: str
    converged: bool
    false_failures: int = 0
    false_successes: int = 0
    duplicates: int = 0
    unintended_deletions: int = 0
    silent_partial: bool = False
    traceback: str = ""
    exit_code: int = 0


@dataclass
class Tally:
    """Sums over runs of one command at one fault and rate."""

    runs: int = 0
    converged: int = 0
    false_failures: int = 0
    false_successes: int = 0
    duplicates: int = 0
    unintended_deletions: int = 0
    silent_partials: int = 0
    tracebacks: int = 0
    exit_codes: Counter[int] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.runs += 1
        self.converged += outcome.converged
        self.false_failures += outcome.false_failures
        self.false_successes += outcome.false_successes
        self.duplicates += outcome.duplicates
        self.unintended_deletions += outcome.unintended_deletions
        self.silent_partials += outcome.silent_partial
        self.tracebacks += bool(outcome.traceback)
        self.exit_codes[outcome.exit_code] += 1


def knobs_for(fault: str, rate: float) -> dict[str, float | int]:
    """Simulator knob values for one fault kind at one rate."""
    if fault in {"503", "500"}:
        return {"error_rate": rate, "error_status": int(fault)}
    if fault == "drop":
        return {"drop_rate": rate}
    if fault == "cut":
        return {"truncate_rate": rate}
    return {"error_rate": rate / 3, "drop_rate": rate / 3, "truncate_rate": rate / 3}


@contextmanager
def no_pauses() -> Iterator[None]:
    """Retry pauses (urllib3's and the healing path's) take no time; outcomes are unchanged."""
    quick = functools.partial(reconcile.HealPolicy, sleep=lambda seconds: None)
    with (
        mock.patch("time.sleep"),
        mock.patch.object(reconcile, "HealPolicy", quick),
        mock.patch.object(MoodleClient, "_pause", staticmethod(lambda seconds: None)),
    ):
        yield


def run_seeds(seeds: Iterable[int], fault: str, rate: float) -> Iterator[Outcome]:
    """The three commands for each seed, each from its own starting state, under faults."""
    with SimServer.start(scenario="demo", port=0) as sim, no_pauses():
        course_id = next(c.id for c in sim.site.courses.values() if c.shortname == COURSE)
        for seed in seeds:
            sim.knobs.reseed(seed)
            for command in COMMANDS:
                yield run_command(sim, course_id, command, fault, rate)


def run_command(
    sim: SimServer, course_id: int, command: Command, fault: str, rate: float
) -> Outcome:
    set_state(sim.site, course_id, command.before)
    before = course_state(sim.site, course_id)
    for name, value in knobs_for(fault, rate).items():
        setattr(sim.knobs, name, value)
    try:
        result = CliRunner().invoke(
            main,
            ["--json", "--yes", *command.args],
            env={"MOODLE_URL": sim.url, "MOODLE_TOKEN": sim.tokens["admin"]},
            catch_exceptions=True,
        )
    finally:
        sim.knobs.error_rate = sim.knobs.drop_rate = sim.knobs.truncate_rate = 0.0
    after = course_state(sim.site, course_id)
    return judge(command, before, after, result.stdout, result.exit_code, result.exception)


def judge(
    command: Command,
    before: State,
    after: State,
    output: str,
    exit_code: int,
    exception: BaseException | None,
) -> Outcome:
    """Compare what the command reported with what the simulator now holds."""
    wanted = dict(command.wanted)
    was = {code: enabled for code, _, enabled in before}
    now = {code: enabled for code, _, enabled in after}
    outcome = Outcome(command.name, converged=sorted(now.items()) == sorted(wanted.items()))
    outcome.exit_code = exit_code
    if exception is not None and not isinstance(exception, SystemExit):
        outcome.traceback = f"{type(exception).__name__}: {exception}"
    pairs = Counter((code, role) for code, role, _ in after)
    outcome.duplicates = sum(count - 1 for count in pairs.values())
    outcome.unintended_deletions = sum(1 for code in was if code not in now and code in wanted)
    reported = reported_outcomes(output)
    for code in (arg for arg in command.args if arg in CODES):
        made = was.get(code) != now.get(code) and now.get(code) == wanted.get(code)
        says = reported.get(code)
        outcome.false_failures += made and says not in OK
        outcome.false_successes += says in OK and now.get(code) != wanted.get(code)
    changed = {code for code in set(was) | set(now) if was.get(code) != now.get(code)}
    outcome.silent_partial = any(reported.get(code) != "done" for code in changed)
    return outcome


def reported_outcomes(output: str) -> dict[str, str]:
    """Cohort code -> reported outcome, from the command's JSON (empty when it has none)."""
    try:
        document = json.loads(output)
    except ValueError:
        return {}
    actions = document.get("actions", []) if isinstance(document, dict) else []
    return {a["cohort"]["idnumber"]: a["outcome"] for a in actions if a.get("cohort")}


def course_state(site: Site, course_id: int) -> State:
    """The course's cohort methods as (cohort code, role id, enabled)."""
    return [
        (site.cohorts[i.customint1].idnumber or "", i.roleid, i.status == 0)
        for i in site.course_instances(course_id, "cohort")
    ]


def set_state(site: Site, course_id: int, methods: tuple[tuple[str, bool], ...]) -> None:
    """Make the course's cohort methods exactly ``methods`` (student role, no group)."""
    if course_state(site, course_id) == [(code, STUDENT, on) for code, on in methods]:
        return
    for instance in site.course_instances(course_id, "cohort"):
        cohortsync.delete_instance(site, instance)
    by_code = {c.idnumber: c for c in site.cohorts.values()}
    for code, enabled in methods:
        fields = {"roleid": STUDENT, "cohortid": by_code[code].id, "status": int(not enabled)}
        cohortsync.add_instance(site, course_id, fields)


def main_cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--rates", type=float, nargs="+", default=[0.1, 0.5])
    parser.add_argument("--faults", nargs="+", default=list(FAULTS), choices=FAULTS)
    args = parser.parse_args()
    print(
        "| fault | rate | command | runs | converged in one run | false failures | "
        "false successes | duplicates | unintended deletions | silent partial | tracebacks | "
        "exit codes |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    totals: dict[float, Tally] = {}
    for rate in args.rates:
        for fault in args.faults:
            tallies = {command.name: Tally() for command in COMMANDS}
            seeds = range(args.first_seed, args.first_seed + args.seeds)
            for outcome in run_seeds(seeds, fault, rate):
                tallies[outcome.command].add(outcome)
                totals.setdefault(rate, Tally()).add(outcome)
            for name, tally in tallies.items():
                print(row(f"{fault} | {rate:.0%} | {name}", tally))
    for rate, tally in totals.items():
        print(row(f"**all** | {rate:.0%} | all", tally))


def row(prefix: str, tally: Tally) -> str:
    codes = ", ".join(f"{code}×{n}" for code, n in sorted(tally.exit_codes.items()))
    return (
        f"| {prefix} | {tally.runs} | {tally.converged} ({tally.converged / tally.runs:.1%}) | "
        f"{tally.false_failures} | {tally.false_successes} | {tally.duplicates} | "
        f"{tally.unintended_deletions} | {tally.silent_partials} | {tally.tracebacks} | {codes} |"
    )


if __name__ == "__main__":
    main_cli()
