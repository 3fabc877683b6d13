"""The same ``Cli`` runs, but in this process through click's ``CliRunner``.

Mutation testing maps a test to the functions it calls in-process, so the CLI's own code is
judged only by tests that run the command here; everything else (clean environment, the
simulator over loopback HTTP, the ``Traceback`` check) is the subprocess ``Cli``'s.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

from sync_helper.cli import main
from sync_helper.sim import SimServer
from tests.cli.conftest import Cli, Run
from tests.rollover.conftest import mixed

__all__ = ["cli", "mixed", "run", "terminal"]


class InProcessCli(Cli):
    """``sync-helper`` invoked in-process, with exactly the subprocess's environment."""

    def execute(self, args: tuple[str, ...], env: dict[str, str], stdin: str) -> Run:
        """Variables absent from ``env`` are removed for the run, as a fresh process lacks them."""
        overrides: dict[str, str | None] = dict.fromkeys(set(os.environ) - set(env))
        overrides.update(env)
        result = CliRunner(env=overrides).invoke(main, list(args), input=stdin)
        err = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            err += "".join(traceback.format_exception(result.exception))
        return Run(result.exit_code, result.stdout, err)


@pytest.fixture
def cli(sim: SimServer, tmp_path: Path) -> Cli:
    return InProcessCli(sim, tmp_path / "config-home")


@pytest.fixture
def run(mixed: tuple[SimServer, Path], tmp_path: Path) -> Cli:
    return InProcessCli(mixed[0], tmp_path / "config-home")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner's standard streams as a terminal: confirmations are asked and typed."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
