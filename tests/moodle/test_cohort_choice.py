"""Which cohort a code designates: exact matches win, anything else is listed, never guessed."""

from __future__ import annotations

import pytest

from sync_helper.moodle.cohorts import Cohort, pick_cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.errors import AmbiguousCohort, CohortNotFound

L1CHIM = Cohort(1, "L1CHIM231", "LICENCE 1 CHIMIE", True)
L1CHBV = Cohort(2, "L1CHBV231", "LICENCE 1 CHIMIE (BEAUVAIS)", True)
L1CHIM_OLD = Cohort(7, "L1CHIM231-OLD", "LICENCE 1 CHIMIE 2022", True)
COURSE = Course(2, "THERMO-L1", "Thermo", "RETHC01", "UFR des Sciences", ())


def test_exact_idnumber_wins_over_longer_codes_containing_it() -> None:
    assert pick_cohort("L1CHIM231", [L1CHIM_OLD, L1CHIM, L1CHBV]) is L1CHIM


def test_case_insensitive_code_then_exact_label() -> None:
    assert pick_cohort("l1chim231", [L1CHIM, L1CHBV]) is L1CHIM
    assert pick_cohort("licence 1 chimie", [L1CHIM, L1CHBV]) is L1CHIM


def test_a_single_partial_match_is_not_taken() -> None:
    with pytest.raises(AmbiguousCohort, match="L1CHBV231") as caught:
        pick_cohort("L1CHBV", [L1CHBV])
    assert caught.value.candidates == [L1CHBV]


def test_several_partial_matches_are_all_listed() -> None:
    with pytest.raises(AmbiguousCohort) as caught:
        pick_cohort("L1CH", [L1CHIM, L1CHBV], COURSE)
    assert "L1CHIM231" in str(caught.value) and "L1CHBV231" in str(caught.value)
    assert "THERMO-L1" in str(caught.value)


def test_nothing_found_from_a_course_explains_visibility() -> None:
    with pytest.raises(CohortNotFound, match="hidden, or live in a category"):
        pick_cohort("L3HIDE231", [], COURSE)
