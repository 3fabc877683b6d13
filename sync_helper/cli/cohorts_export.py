"""``sync-helper cohorts export FILE``: every cohort of the site, for the documentation site."""

from __future__ import annotations

from pathlib import Path

import click

from sync_helper.cli.moodle_connection import connect, insecure_http_option
from sync_helper.cli.moodle_errors import reports_moodle_errors
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, line
from sync_helper.cohort_facts import collect_cohort_facts, write_cohort_facts


@click.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@insecure_http_option
@reports_moodle_errors
def export_command(file: Path, insecure_http: bool) -> None:
    """Write every cohort (code, name, visibility, context, member count) to FILE as JSON.

    Name that file under 'cohort_facts' in institution.yml and the site's formation pages
    say whether each formation's cohort exists in Moodle, is visible and how many members it
    has. The file holds no token; the site's build reads it and never contacts Moodle.
    Needs a token allowed to view cohorts at system level (moodle/cohort:view).

    \b
    Example:
      sync-helper cohorts export data/cohorts.json
    """
    facts = collect_cohort_facts(connect(insecure_http=insecure_http))
    write_cohort_facts(facts, file)
    hidden = sum(not fact.visible for fact in facts.cohorts)
    if global_options().as_json:
        emit_json({"file": str(file), "cohorts": len(facts.cohorts), "hidden": hidden})
        return
    line(f"Wrote {len(facts.cohorts)} cohorts ({hidden} hidden) to {file}.")
