"""Per-cohort results on the quirks site (markup names, shared codes), run in-process."""

from __future__ import annotations

import pytest

from tests.cli.test_per_cohort_results import (
    test_1_markup_cohort_alone_fails_with_the_reason_and_writes_nothing,
    test_2_partial_success_is_reported_per_cohort_with_exit_7,
    test_2_when_every_cohort_fails_the_first_failure_sets_the_exit_code,
    test_4_unsync_role_leaves_the_other_role_alone,
    test_5_core_only_csv_leaves_out_a_cohort_without_code_and_says_why,
    test_6_a_teacher_disables_a_hidden_cohort_the_course_shows,
)

__all__ = [
    "test_1_markup_cohort_alone_fails_with_the_reason_and_writes_nothing",
    "test_2_partial_success_is_reported_per_cohort_with_exit_7",
    "test_2_when_every_cohort_fails_the_first_failure_sets_the_exit_code",
    "test_4_unsync_role_leaves_the_other_role_alone",
    "test_5_core_only_csv_leaves_out_a_cohort_without_code_and_says_why",
    "test_6_a_teacher_disables_a_hidden_cohort_the_course_shows",
]

pytestmark = pytest.mark.parametrize("sim", ["quirks"], indirect=True)
