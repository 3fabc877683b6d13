"""The console script is installed and answers like a well-behaved command."""

import subprocess
import sys

from sync_helper import __version__


def test_version_via_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sync_helper", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"sync-helper, version {__version__}"
