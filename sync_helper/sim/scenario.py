"""Scenario files: the simulated site's initial state, as JSON.

A scenario is a JSON object; every key but ``settings`` is a list of table rows whose fields
are the dataclass fields of :mod:`sync_helper.sim.state`::

    {
      "settings": {                      # site settings, all optional except the ones marked *
        "sitename": "UPJV Test", "release": "4.2.3 (Build: 20231009)", "version": "2023042403",
        "versions": {"core": "2023042403", "enrol_manual": "2023042400",
                     "local_ws_enrolcohort": "2019042900"},       # version per component
        "theme": "boost", "themerev": 1, "lang": "en", "siteid": 1,
        "wwwroot": "http://…",           # default: the simulator's own URL
        "userquota": 104857600, "maxbytes": 2097152,
        "advancedfeatures": [{"name": "usetags", "value": 1}],
        "filters": [...], "courseformatoptions": [...],           # course defaults
        "coursecontact": [3],            # role ids listed as course contacts
        "course_roles": [1, 3, 4, 5],    # roles assignable in courses (admins may assign all)
        "authenticated_capabilities": ["webservice/rest:use"],
        "enrol_plugins_enabled": ["manual", "guest", "self", "cohort"],
        "unenrolaction": 0,              # enrol_cohort: 0 unenrol, 2 suspend, 3 suspend no roles
        "enablewebservices": true, "webserviceprotocols": ["rest"],
        "debug": false,                  # true adds debuginfo to error envelopes
        "modern_exceptions": false,      # true: core\\exception\\… class names (Moodle 4.4+)
        "enrolcohort_flavour": "learningworks"   # or "mcruzel" (local_ws_enrolcohort v4)
      },
      "contexts":   [{"id": 1, "level": 10, "instanceid": 0, "parentid": null}, …],
      "categories": [{"id": 2, "name": "…", "idnumber": "010", "contextid": 86}],
      "courses":    [{"id": 2, "fullname": "…", "shortname": "…", "category": 2,
                      "contextid": 89, "idnumber": "…", "fields": {"sortorder": 20002, …}}],
      "users":      [{"id": 2, "username": "admin", "firstname": "…", "lastname": "…",
                      "password": "…", "siteadmin": true, "privatekey": "…"}],
      "roles":      [{"id": 5, "shortname": "student", "label": "Student",
                      "capabilities": [...], "assignable": [...]}],
      "cohorts":    [{"id": 1, "contextid": 1, "name": "…", "idnumber": "…",
                      "visible": true, "members": [3, 4]}],
      "groups", "group_members", "enrols", "user_enrolments", "role_assignments": rows as in state,
      "services":   [{"id": 1, "name": "…", "shortname": "…", "functions": [...]}],
      "tokens":     [{"name": "admin", "userid": 2, "serviceid": 1}],   # value drawn at load
      "next_ids":   {"enrol": 13, "groups": 2}   # default: one more than the largest id
    }

Token values are drawn at random each time a scenario is loaded, so no secret lives in a file;
``load_scenario`` returns them by name. Bundled scenarios (:data:`NAMES`): ``transcripts`` (the
recorded site), ``quirks`` (that site before the plugin-quirks recording, see
:mod:`sync_helper.sim.quirks`) and ``demo`` (built from the sample catalog, see
:mod:`sync_helper.sim.demo`).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from sync_helper.sim import state
from sync_helper.sim.quirks import quirks_scenario

BUNDLED = Path(__file__).with_name("scenarios")
TABLES: dict[str, tuple[type, str | None]] = {
    "contexts": (state.Context, "id"),
    "categories": (state.Category, "id"),
    "courses": (state.Course, "id"),
    "cohorts": (state.Cohort, "id"),
    "users": (state.User, "id"),
    "roles": (state.Role, "id"),
    "groups": (state.Group, "id"),
    "enrols": (state.EnrolInstance, "id"),
    "services": (state.Service, "id"),
    "group_members": (state.GroupMember, None),
    "user_enrolments": (state.UserEnrolment, None),
    "role_assignments": (state.RoleAssignment, None),
}
SEQUENCES = {"enrol": "enrols", "groups": "groups", "cohort": "cohorts", "user": "users"}


def _demo() -> dict[str, Any]:
    from sync_helper.sim.demo import demo_scenario  # the catalog is only needed here

    return demo_scenario()


#: Scenarios built in code at load time, by name.
BUILT: dict[str, Callable[[], dict[str, Any]]] = {"demo": _demo, "quirks": quirks_scenario}
#: Every scenario name ``load_scenario`` and ``sync-helper sim --scenario`` accept.
NAMES = ("demo", "transcripts", "quirks")


class ScenarioError(ValueError):
    """A scenario file that cannot be read or does not describe a site."""


def load_scenario(scenario: str | Path) -> tuple[state.Site, dict[str, str]]:
    """The site and its tokens by name, from a bundled name or a JSON file path."""
    if isinstance(scenario, str) and scenario in BUILT:
        return build_site(BUILT[scenario](), scenario)
    path = BUNDLED / f"{scenario}.json" if isinstance(scenario, str) else scenario
    if isinstance(scenario, str) and not path.is_file():
        path = Path(scenario)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read scenario ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise ScenarioError(f"{path}: line {error.lineno}: not valid JSON ({error.msg})") from None
    return build_site(raw, str(path))


def build_site(raw: Any, source: str) -> tuple[state.Site, dict[str, str]]:
    """Turn the scenario's rows into a :class:`state.Site`; every error names the row."""
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: a scenario is a JSON object")
    unknown = set(raw) - set(TABLES) - {"settings", "tokens", "next_ids"}
    if unknown:
        raise ScenarioError(f"{source}: unknown key(s): {', '.join(sorted(unknown))}")
    site = state.Site(settings=dict(raw.get("settings") or {}))
    for table, (cls, key) in TABLES.items():
        rows = [
            _row(cls, row, f"{source}: {table}[{index}]")
            for index, row in enumerate(raw.get(table) or [])
        ]
        setattr(site, table, {getattr(r, key): r for r in rows} if key else rows)
    for sequence, table in SEQUENCES.items():
        site.next_ids[sequence] = 1 + max(getattr(site, table), default=0)
    site.next_ids.update(raw.get("next_ids") or {})
    tokens = {}
    for index, row in enumerate(raw.get("tokens") or []):
        token = _row(
            state.Token, {"token": secrets.token_hex(16), **row}, f"{source}: tokens[{index}]"
        )
        site.tokens[token.token] = token
        tokens[token.name] = token.token
    return site, tokens


def _row(cls: type, row: Any, where: str) -> Any:
    if not isinstance(row, dict):
        raise ScenarioError(f"{where}: expected an object")
    allowed = {f.name for f in dataclass_fields(cls)}
    unknown = set(row) - allowed
    if unknown:
        raise ScenarioError(f"{where}: unknown field(s): {', '.join(sorted(unknown))}")
    values = dict(row)
    if cls is state.Role:
        values["capabilities"] = frozenset(values.get("capabilities", ()))
        values["assignable"] = frozenset(values.get("assignable", ()))
    try:
        return cls(**values)
    except TypeError as error:
        raise ScenarioError(f"{where}: {error}") from None
