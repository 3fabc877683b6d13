"""``sync-helper cohorts search``: find a cohort's code from part of its code or label."""

from __future__ import annotations

import click

from sync_helper.cli.exit_codes import ExitCode
from sync_helper.cli.moodle_connection import (
    connect,
    course_from_argument,
    insecure_http_option,
)
from sync_helper.cli.moodle_errors import reports_moodle_errors
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, line, table
from sync_helper.moodle.cohorts import search_cohorts


@click.group(name="cohorts")
def cohorts_group() -> None:
    """Find Moodle cohorts."""


@cohorts_group.command(name="search")
@click.argument("query")
@click.option(
    "--course",
    metavar="COURSE",
    help="Search from this course (id, shortname, idnumber or URL): only cohorts it can use.",
)
@insecure_http_option
@reports_moodle_errors
def search_command(query: str, course: str | None, insecure_http: bool) -> None:
    """Search cohorts whose code, name or description contains QUERY (exit 4 if none).

    With --course, lists what the course's "Synchronisation des cohortes" form offers
    (cohorts of the course's categories and of the site, hidden ones only if allowed).

    \b
    Examples:
      sync-helper cohorts search L1CHIM
      sync-helper cohorts search chimie --course THERMO-L1
    """
    client = connect(insecure_http=insecure_http)
    where = course_from_argument(client, course) if course else None
    found = search_cohorts(client, query, where)
    if global_options().as_json:
        emit_json(
            {
                "query": query,
                "course_id": where.id if where else None,
                "cohorts": [cohort.as_dict() for cohort in found],
            }
        )
    elif not found:
        line(f"No cohort matches {query!r}.")
    else:
        rows = [(c.code(), c.name, c.id, "yes" if c.visible else "hidden") for c in found]
        table(f"Cohorts matching {query!r}", ("code", "name", "id", "visible"), rows)
    if not found:  # the same exit code as ``codes search`` when nothing matches
        click.get_current_context().exit(int(ExitCode.NOT_FOUND))
