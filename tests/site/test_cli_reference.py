"""The command reference page lists every command and option of the live click tree.

The expectations are read from ``sync_helper.cli.main`` itself, so a command or option added
by later work is checked without touching this test.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from sync_helper.cli import main
from sync_helper.website.cli_reference import render_reference, visible_options, walk_commands
from tests.site.rendered_page import Element, load_page, main_content

REFERENCE_PAGES = ["outil/reference", "en/outil/reference"]
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def command_sections(document: Element) -> dict[str, str]:
    """Heading id → text of the blocks up to the next heading, for every heading."""
    sections: dict[str, str] = {}
    current = None
    for block in main_content(document).children:
        if not isinstance(block, Element):
            continue
        if block.tag in HEADINGS:
            current = block.attrs.get("id")
            sections[current] = ""
        elif current:
            sections[current] += " " + block.text()
    return sections


@pytest.mark.build
@pytest.mark.parametrize("page", REFERENCE_PAGES)
def test_every_command_and_option_is_on_the_reference_page(built_site: Path, page: str) -> None:
    sections = command_sections(load_page(built_site / page / "index.html"))
    entries = list(walk_commands(main))
    assert len(entries) > 5
    for entry in entries:
        assert entry.anchor in sections, f"{entry.name} has no section"
        text = sections[entry.anchor]
        for option in visible_options(entry):
            for flag in (*option.opts, *option.secondary_opts):
                assert flag in text, f"{entry.name}: option {flag} missing"
        for param in entry.command.params:
            if isinstance(param, click.Argument):
                assert param.make_metavar(entry.context) in text, f"{entry.name}: {param.name}"


@pytest.mark.build
def test_reference_page_is_in_the_navigation_of_both_languages(built_site: Path) -> None:
    for page, title in [("outil/reference", "Référence des commandes"),
                        ("en/outil/reference", "Command reference")]:  # fmt: skip
        nav = load_page(built_site / page / "index.html").find("nav", "md-nav--primary")
        assert title in nav.text()


def test_the_reference_follows_the_tree_it_is_given() -> None:
    """A new command, option or subgroup shows up; hidden ones do not; help is escaped."""

    @click.group()
    def tool() -> None:
        """Root <help>."""

    @tool.group(name="rollover")
    def rollover() -> None:
        """Year-end moves."""

    @rollover.command(name="plan")
    @click.argument("year")
    @click.option("--from-year", help="Previous year.")
    @click.option("--secret", hidden=True)
    def plan(year: str, from_year: str, secret: str) -> None:
        """Show the plan.

        \b
        Example:
          sync-helper rollover plan 2026
        """

    @tool.command(name="old", hidden=True)
    def old() -> None:
        """Gone."""

    page = render_reference(tool, "fr")
    assert "{ #sync-helper-rollover-plan }" in page
    assert "--from-year" in page and "YEAR" in page
    assert "--secret" not in page and "sync-helper-old" not in page
    assert "Root &lt;help&gt;." in page
    assert "sync-helper rollover plan 2026" in page and "Syntaxe" in page
