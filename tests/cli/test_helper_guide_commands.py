"""Every ``sync-helper`` command line shown in the helper guide names real commands and options."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from sync_helper.cli import main

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "outil"
BASH_BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)


def guide_command_lines() -> list[tuple[str, str]]:
    found = []
    for page in sorted(GUIDE.glob("index*.md")):
        for block in BASH_BLOCK.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                words = line.strip().removeprefix(".venv/bin/")
                if words.startswith("sync-helper "):
                    found.append((page.name, words))
    return found


def option_names(command: click.Command) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", [])}


def test_the_guide_shows_every_moodle_command() -> None:
    shown = " ".join(line for _, line in guide_command_lines())
    for command in ("check", "cohorts search", "status", "sync", "unsync", "sim"):
        assert f" {command} " in f" {shown} " or f" {command}\n" in shown


@pytest.mark.parametrize(("page", "line"), guide_command_lines())
def test_guide_line_uses_existing_commands_and_options(page: str, line: str) -> None:
    url = "https://m.example.org"
    words = shlex.split(line.replace("{{ institution.moodle_url }}", url), comments=True)[1:]
    command: click.Command = main
    allowed = option_names(main) | {"--help", "--version"}
    for word in words:
        if isinstance(command, click.Group) and not word.startswith("-"):
            command = command.get_command(click.Context(main), word) or command
            allowed |= option_names(command)
        elif word.startswith("--"):
            assert word in allowed, f"{page}: {line}: unknown option {word}"
    assert command is not main or words == ["--help"], f"{page}: {line}: no command"
