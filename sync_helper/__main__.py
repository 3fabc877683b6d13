"""Allow ``python -m sync_helper``."""

from sync_helper.cli import main

main()
