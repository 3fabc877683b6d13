"""A fixed-seed slice of the fault matrix (``bench/fault_matrix.py``) as a regression test.

The whole matrix (five fault kinds, 10 % and 50 %, many seeds) is a benchmark; this slice
runs the real ``sync``/``unsync`` commands under faults on every request and holds the
invariants that must never break: no duplicate, no unintended deletion, no false failure or
false success, every change listed in the output, no traceback, and one-run convergence at
10 % injected faults.
"""

from __future__ import annotations

import pytest

from bench.fault_matrix import ATTACHED, COMMANDS, Outcome, judge, run_seeds

SEEDS = range(3)


def assert_invariants(outcome: Outcome) -> None:
    assert outcome.duplicates == 0, outcome
    assert outcome.unintended_deletions == 0, outcome
    assert outcome.false_failures == 0, outcome
    assert outcome.false_successes == 0, outcome
    assert not outcome.silent_partial, outcome
    assert not outcome.traceback, outcome


@pytest.mark.parametrize("fault", ["mixed", "500", "cut"])
def test_one_run_converges_at_ten_percent(fault: str) -> None:
    outcomes = list(run_seeds(SEEDS, fault, 0.1))
    assert len(outcomes) == len(SEEDS) * len(COMMANDS)
    for outcome in outcomes:
        assert_invariants(outcome)
        assert outcome.converged, outcome


def test_half_the_requests_failing_never_misleads() -> None:
    outcomes = list(run_seeds(SEEDS, "mixed", 0.5))
    for outcome in outcomes:
        assert_invariants(outcome)
        assert outcome.converged or outcome.exit_code != 0, outcome


def test_the_judge_sees_a_false_failure_and_a_silent_partial() -> None:
    sync = COMMANDS[0]
    after = [(code, 5, True) for code, _ in ATTACHED]
    output = '{"actions": [{"cohort": {"idnumber": "L1CHIM231"}, "outcome": "failed"}]}'
    outcome = judge(sync, [], after, output, 7, None)
    assert outcome.converged
    assert outcome.false_failures == 3  # one said failed, two said nothing, all were made
    assert outcome.silent_partial


def test_the_judge_sees_duplicates_and_unintended_deletions() -> None:
    disable = COMMANDS[1]
    before = [(code, 5, True) for code, _ in ATTACHED]
    after = [("L1CHIM231", 5, False), ("L1CHIM231", 5, True)]
    outcome = judge(disable, before, after, "", 0, None)
    assert outcome.duplicates == 1
    assert outcome.unintended_deletions == 2
    assert not outcome.converged
