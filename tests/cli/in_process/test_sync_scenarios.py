"""The sync and unsync scenarios of the subprocess suite, run in-process (``InProcessCli``)."""

from __future__ import annotations

from tests.cli.test_moodle_commands import (
    test_attach_disabled_adds_then_disables,
    test_delete_needs_yes_without_a_terminal_and_is_idempotent,
    test_disable_then_disable_again_is_a_no_op,
    test_dry_run_writes_nothing,
    test_status_sync_twice_and_status_again,
    test_sync_several_cohorts_into_a_new_group_and_an_existing_one,
    test_without_the_plugin_sync_gives_the_page_and_the_csv,
)
from tests.cli.test_moodle_exit_codes import (
    test_ambiguous_cohort_lists_candidates_and_exits_4,
    test_moodle_refusal_exits_5_with_moodle_s_reason,
    test_network_error_exits_6,
    test_not_found_exits_4,
    test_the_token_never_appears_in_any_output,
    test_unknown_token_exits_3_with_a_plain_message,
    test_usage_errors_exit_2,
)
from tests.cli.test_terminal_escapes import test_cohort_names_are_shown_without_control_characters

__all__ = [
    "test_ambiguous_cohort_lists_candidates_and_exits_4",
    "test_attach_disabled_adds_then_disables",
    "test_cohort_names_are_shown_without_control_characters",
    "test_delete_needs_yes_without_a_terminal_and_is_idempotent",
    "test_disable_then_disable_again_is_a_no_op",
    "test_dry_run_writes_nothing",
    "test_moodle_refusal_exits_5_with_moodle_s_reason",
    "test_network_error_exits_6",
    "test_not_found_exits_4",
    "test_status_sync_twice_and_status_again",
    "test_sync_several_cohorts_into_a_new_group_and_an_existing_one",
    "test_the_token_never_appears_in_any_output",
    "test_unknown_token_exits_3_with_a_plain_message",
    "test_usage_errors_exit_2",
    "test_without_the_plugin_sync_gives_the_page_and_the_csv",
]
