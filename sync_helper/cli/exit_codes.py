"""Exit codes of ``sync-helper``, the same for every subcommand so scripts can rely on them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Why the command stopped."""

    OK = 0
    INVALID_DATA = 1
    USAGE = 2
    AUTH = 3
    NOT_FOUND = 4
    MOODLE_REFUSED = 5
    NETWORK = 6
    PARTIAL = 7  # some cohorts done or already so, others failed or not tried
