"""The rollover scenarios of the subprocess suite, run in-process (``InProcessCli``)."""

from __future__ import annotations

from tests.rollover.test_apply import (
    test_a_teachers_token_plans_from_its_course_and_never_drops_the_old_cohort,
    test_apply_csv_without_the_plugin,
    test_apply_json_report,
    test_apply_reaches_the_plan_and_a_second_run_changes_nothing,
    test_apply_refuses_without_confirmation,
    test_bad_plan_file_names_line_and_field,
    test_deleting_needs_a_second_confirmation,
)
from tests.rollover.test_plan import (
    test_course_whose_methods_the_plugin_cannot_return_is_held,
    test_plan_is_exact_on_renamed_split_merged_missing_hidden_codes,
    test_plan_shows_detach_only_when_asked,
    test_plan_text_lists_held_courses_and_totals,
    test_plan_works_from_core_alone,
    test_site_scope_finds_the_courses_and_checks_category_cohorts,
)
from tests.rollover.test_planfile import (
    test_plan_uses_catalog_rules,
    test_rules_command_reads_the_sites_catalog,
)

__all__ = [
    "test_a_teachers_token_plans_from_its_course_and_never_drops_the_old_cohort",
    "test_apply_csv_without_the_plugin",
    "test_apply_json_report",
    "test_apply_reaches_the_plan_and_a_second_run_changes_nothing",
    "test_apply_refuses_without_confirmation",
    "test_bad_plan_file_names_line_and_field",
    "test_course_whose_methods_the_plugin_cannot_return_is_held",
    "test_deleting_needs_a_second_confirmation",
    "test_plan_is_exact_on_renamed_split_merged_missing_hidden_codes",
    "test_plan_shows_detach_only_when_asked",
    "test_plan_text_lists_held_courses_and_totals",
    "test_plan_uses_catalog_rules",
    "test_plan_works_from_core_alone",
    "test_rules_command_reads_the_sites_catalog",
    "test_site_scope_finds_the_courses_and_checks_category_cohorts",
]
