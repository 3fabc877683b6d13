"""« Préparer la commande » as an administrator uses it, and what its commands do to Moodle.

In headless Chromium on the built site: paste a course address, pick cohorts with the index's
search, choose role and group, copy; the copied command then runs (subprocess) against the
demo simulator, and the course is checked afterwards. The builder's course parsing is checked
against the CLI's on a shared table, and every command it can build is parsed by the CLI's
click definitions.
"""

from __future__ import annotations

import itertools
import shlex
from importlib import resources

import click
import pytest
from playwright.sync_api import Page, expect

from sync_helper.cli import main
from sync_helper.moodle.courses import parse_course_ref
from sync_helper.moodle.errors import ConfigurationError
from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.cli.course_references import COURSE_REFERENCES, SITE

BUILDER = ".command-builder"
SCRIPT = resources.files("sync_helper.catalog.assets").joinpath("command-builder.js").read_text()


def python_reading(text: str, site: str) -> tuple[str, str] | None:
    try:
        ref = parse_course_ref(text, site)
    except ConfigurationError:
        return None
    return (ref.field, ref.value)


@pytest.mark.parametrize(("text", "site", "expected"), COURSE_REFERENCES)
def test_the_cli_reads_course_references_as_the_table_says(
    text: str, site: str, expected: tuple[str, str] | None
) -> None:
    assert python_reading(text, site) == expected


@pytest.mark.browser
def test_the_builder_reads_course_references_as_the_cli(page: Page) -> None:
    page.set_content("<!doctype html><title>t</title>")
    page.add_script_tag(content=SCRIPT)
    rows = [[text, site] for text, site, _ in COURSE_REFERENCES]
    readings = page.evaluate(
        """rows => rows.map(([text, site]) => {
            const ref = window.commandBuilder.parseCourseRef(text, site);
            return ref.error ? null : [ref.field, ref.value];
        })""",
        rows,
    )
    for (text, site, _), reading in zip(COURSE_REFERENCES, readings, strict=True):
        expected = python_reading(text, site)
        assert (tuple(reading) if reading else None) == expected, text


def option_names(command: click.Command) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", [])}


def parse_with_click(words: list[str]) -> None:
    """Parse a built command as sync-helper would, without running it (UsageError if wrong)."""
    assert words[0] == "sync-helper"
    rest = words[1:]
    while rest[0].startswith("-"):
        assert rest[0] in option_names(main), words
        rest = rest[1:]
    command = main.get_command(click.Context(main), rest[0])
    assert command is not None, words
    command.make_context(rest[0], rest[1:], parent=click.Context(main))


@pytest.mark.browser
def test_every_command_the_builder_can_build_parses_with_the_cli(page: Page) -> None:
    page.set_content("<!doctype html><title>t</title>")
    page.add_script_tag(content=SCRIPT)
    declared = page.evaluate("window.commandBuilder.OPTIONS")
    assert set(declared["global"]) <= option_names(main)
    for name in ("sync", "unsync"):
        assert set(declared[name]) <= option_names(main.commands[name])
    states = [
        {
            "course": course,
            "codes": codes,
            "action": action,
            "role": role,
            "group": group,
            "disabled": disabled,
            "dryRun": dry_run,
            "yes": yes,
        }
        for course, codes, action, role, group, disabled, dry_run, yes in itertools.product(
            [f"{SITE}/course/view.php?id=2", "THERMO-L1", "idnumber:RETHC01", "L1 CHIM"],
            [["L1CHIM231"], ["L1CHIM231", "L1CHBV231"], ["-x"]],
            ["sync", "unsync", "disable"],
            ["student", "editingteacher", ""],
            ["none", "new", "Groupe d'Amiens"],
            [False, True],
            [False, True],
            [False, True],
        )
        if role or action != "sync"
    ]
    built = page.evaluate(
        """([states, site]) => states.map((state) => {
            const words = window.commandBuilder.commandWords(state, site);
            return [words, window.commandBuilder.commandLine(words)];
        })""",
        [states, SITE],
    )
    for state, (words, line) in zip(states, built, strict=True):
        assert shlex.split(line) == words, line
        if state["codes"] == ["-x"]:
            # A code that looks like an option: click would take it as one, and say so.
            with pytest.raises(click.UsageError):
                parse_with_click(words)
            continue
        parse_with_click(words)
        used = {word for word in words if word.startswith("--")}
        allowed = set(declared["global"]) | set(declared["unsync" if "unsync" in words else "sync"])
        assert used <= allowed, line


def open_builder(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    expect(page.locator(f"{BUILDER} form")).to_be_visible()


def pick_code(page: Page, query: str, code: str) -> None:
    page.locator(f"{BUILDER} input[name=code-query]").press_sequentially(query)
    page.locator(f"{BUILDER} .command-builder-pick[data-code='{code}']").click()


def copied_command(page: Page, index: int = 0) -> str:
    page.locator(f"{BUILDER} .command-builder-command .code-index-copy").nth(index).click()
    return page.evaluate("navigator.clipboard.readText()")


def run_copied(cli: Cli, line: str) -> object:
    words = shlex.split(line)
    assert words[0] == "sync-helper"
    result = cli("--json", *words[1:])
    assert result.code == 0, (line, result.out, result.err)
    return result.json()


def cohort_methods(cli: Cli, course: str) -> dict[str, dict[str, object]]:
    status = cli("--json", "status", course)
    assert status.code == 0, status.err
    return {row["cohort"]["idnumber"]: row for row in status.json()["instances"]}


@pytest.mark.browser
@pytest.mark.parametrize("sim", ["demo"], indirect=True)
def test_guide_builder_command_attaches_then_disables_what_the_page_said(
    page: Page, site_url: str, sim: SimServer, cli: Cli
) -> None:
    open_builder(page, f"{site_url}/outil/")
    # No token is ever typed into the page.
    expect(page.locator(f"{BUILDER} input[type=password]")).to_have_count(0)
    assert not [
        n
        for n in page.locator(f"{BUILDER} input").evaluate_all(
            "inputs => inputs.map((i) => i.name)"
        )
        if "token" in n
    ]
    page.locator(f"{BUILDER} input[name=course]").fill(f"{SITE}/course/view.php?id=2")
    pick_code(page, "thermo", "L1CHIM231")
    pick_code(page, "chimie beauvais", "L1CHBV231")
    page.locator(f"{BUILDER} select[name=role]").select_option("teacher")
    page.locator(f"{BUILDER} select[name=group]").select_option("new")
    line = copied_command(page)
    assert line == "sync-helper sync 2 L1CHIM231 L1CHBV231 --role teacher --group new"
    manual = page.locator(f"{BUILDER} a.command-builder-moodle").first
    assert manual.get_attribute("href") == f"{SITE}/enrol/editinstance.php?type=cohort&courseid=2"
    manual_text = page.locator(f"{BUILDER} .command-builder-manual").inner_text()
    assert "Enseignant non éditeur" in manual_text and "Créer un groupe" in manual_text

    run_copied(cli, line)
    methods = cohort_methods(cli, "2")
    for code in ("L1CHIM231", "L1CHBV231"):
        assert methods[code]["role"] == "teacher" and methods[code]["enabled"], methods
        assert methods[code]["group"], methods

    page.locator(f"{BUILDER} .command-builder-remove[aria-label='Retirer L1CHBV231']").click()
    page.locator(f"{BUILDER} select[name=action]").select_option("disable")
    line = copied_command(page)
    assert line == "sync-helper unsync 2 L1CHIM231 --disable --role teacher"
    manual = page.locator(f"{BUILDER} a.command-builder-moodle").first
    assert manual.get_attribute("href") == f"{SITE}/enrol/instances.php?id=2"
    run_copied(cli, line)
    methods = cohort_methods(cli, "2")
    assert not methods["L1CHIM231"]["enabled"] and methods["L1CHBV231"]["enabled"], methods

    page.locator(f"{BUILDER} select[name=action]").select_option("unsync")
    page.locator(f"{BUILDER} input[name=yes]").check()
    line = copied_command(page)
    assert line == "sync-helper --yes unsync 2 L1CHIM231 --role teacher"
    run_copied(cli, line)
    assert "L1CHIM231" not in cohort_methods(cli, "2")
    assert page.watch.console_errors == []
    # Computed in the page: nothing but the site's own files was ever requested.
    assert all(url.startswith(site_url) for url in page.watch.requests)
    assert not [url for url in page.watch.requests if "course" in url or "L1CHIM231" in url]


@pytest.mark.browser
@pytest.mark.parametrize("sim", ["demo"], indirect=True)
def test_formation_page_builder_starts_with_its_cohort_for_administrators_only(
    page: Page, site_url: str, sim: SimServer, cli: Cli
) -> None:
    open_builder_page = f"{site_url}/codes/formations/L1CHIM231/"
    page.goto(open_builder_page)
    page.wait_for_load_state("networkidle")
    details = page.locator("details.command-builder-details")
    expect(details.locator("summary")).to_have_text("Pour les administrateurs Moodle")
    expect(page.locator(f"{BUILDER} form")).to_be_hidden()
    details.locator("summary").click()
    expect(page.locator(f"{BUILDER} .command-builder-code code")).to_have_text(["L1CHIM231"])
    page.locator(f"{BUILDER} input[name=course]").fill(
        "https://moodle.example.org/course/view.php?id=2"
    )
    expect(page.locator(f"{BUILDER} .command-builder-hint").first).to_contain_text(
        "moodle.example.org"
    )
    expect(page.locator(f"{BUILDER} .command-builder-command")).to_have_count(0)
    page.locator(f"{BUILDER} input[name=course]").fill("CIRC-L1")
    page.locator(f"{BUILDER} select[name=group]").select_option("name")
    page.locator(f"{BUILDER} input[name=group-name]").fill("Groupe d'Amiens")
    page.locator(f"{BUILDER} input[name=dry-run]").check()
    line = copied_command(page)
    quoted_group = shlex.quote("Groupe d'Amiens")
    assert (
        line
        == f"sync-helper --dry-run sync CIRC-L1 L1CHIM231 --role student --group {quoted_group}"
    )
    assert shlex.split(line)[-1] == "Groupe d'Amiens"
    page.locator(f"{BUILDER} input[name=dry-run]").uncheck()
    page.locator(f"{BUILDER} select[name=group]").select_option("none")
    line = copied_command(page)
    run_copied(cli, line)
    methods = cohort_methods(cli, "CIRC-L1")
    assert methods["L1CHIM231"]["role"] == "student" and methods["L1CHIM231"]["enabled"]
    status_line = copied_command(page, 1)
    assert status_line == "sync-helper status CIRC-L1"
    # A code the index does not know (a cohort made by hand in Moodle) is typed, then Enter.
    page.locator(f"{BUILDER} input[name=code-query]").press_sequentially("HORSCAT01")
    page.locator(f"{BUILDER} input[name=code-query]").press("Enter")
    expect(page.locator(f"{BUILDER} .command-builder-code code")).to_have_text(
        ["L1CHIM231", "HORSCAT01"]
    )
    assert copied_command(page) == "sync-helper sync CIRC-L1 L1CHIM231 HORSCAT01 --role student"
    search = page.locator(f"{BUILDER} a.command-builder-moodle").first
    assert search.get_attribute("href") == f"{SITE}/course/search.php?search=CIRC-L1"
    assert page.watch.console_errors == []
