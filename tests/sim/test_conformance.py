"""Replay every recorded Moodle 4.2.3 exchange against the simulator and compare the answers.

Every transcript file runs in order against a simulator seeded with its scenario: the first two
share ONE ``transcripts`` simulator (the edges file continues the same site), the quirks file
has its own ``quirks`` one. ``db_…`` records of the quirks file are database snapshots: the
simulator's cohort instances (id:course:status:cohort:group:role:user enrolments) must equal
them at that point. Each record's placeholders are replaced:
``<TOKEN:name>`` by the simulator's token of that name (``bogus`` by a token that does not
exist), ``<PASSWORD>`` by the user's password (a wrong one for ``token_php_bad_login``).

The recorded site answered as ``http://localhost:8100``; the simulator's ``wwwroot`` setting
is set to that address so URLs in bodies compare exactly. Bodies are compared byte for byte;
JSON bodies are also compared parsed with key order, which gives readable failures.

Tolerated fields: none. Timestamps (timecreated, timemodified, cacherev), picture and image
URLs and private access keys are reproduced exactly by the scenario, so nothing is masked.
The only placeholder in a response, ``<TOKEN>`` in ``token_php_teacher``, must equal the
teacher's existing token (Moodle reuses a valid token).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
import requests

from sync_helper.sim import SimServer
from tests.transcripts import SCENARIOS, raw_records

RECORDED_WWWROOT = "http://localhost:8100"
BOGUS_TOKEN = "0123456789abcdef0123456789abcdef"  # noqa: S105 - unknown on purpose
WRONG_PASSWORD_RECORDS = {"token_php_bad_login"}
# Site switches an administrator flipped just before a record (restored right after it).
SITE_SWITCHES: dict[str, dict[str, Any]] = {
    "rest_protocol_disabled": {"webserviceprotocols": []},
    "webservices_disabled": {"enablewebservices": False},
}


TAGS = dict(zip(SCENARIOS, ("main", "edges", "quirks"), strict=True))
RECORDS = [(f"{TAGS[file]}:{raw['name']}", file, raw) for file, raw in raw_records()]


@pytest.fixture(scope="module")
def replay() -> Iterator[Callable[[str], SimServer]]:
    """The simulator of a transcript file, started at its first record and kept for the rest."""
    sims: dict[str, SimServer] = {}
    with ExitStack() as stack:

        def sim_for(file: str) -> SimServer:
            scenario = SCENARIOS[file]
            if scenario not in sims:
                sims[scenario] = stack.enter_context(SimServer.start(scenario=scenario))
                sims[scenario].site.settings["wwwroot"] = RECORDED_WWWROOT
            return sims[scenario]

        yield sim_for


def cohort_instances(sim: SimServer) -> list[str]:
    """The ``enrol`` table's cohort rows as the quirks file's snapshots write them."""
    site = sim.site
    return [
        f"{i.id}:{i.courseid}:{i.status}:{i.customint1}:{i.customint2}:{i.roleid}:"
        f"{len(site.enrolments_of(i.id))}"
        for i in sorted(site.enrols.values(), key=lambda i: i.id)
        if i.enrol == "cohort"
    ]


def _substitute(sim: SimServer, record: dict[str, Any], fields: dict[str, Any] | None) -> dict:
    """The record's fields with real tokens and passwords in place of placeholders."""
    result = {}
    for key, value in (fields or {}).items():
        text = str(value)
        if text.startswith("<TOKEN:"):
            name = text[len("<TOKEN:") : -1]
            text = BOGUS_TOKEN if name == "bogus" else sim.tokens[name]
        elif text == "<PASSWORD>":
            user = next(u for u in sim.site.users.values() if u.username == fields["username"])
            text = "wrong-password" if record["name"] in WRONG_PASSWORD_RECORDS else user.password
        result[key] = text
    return result


def _send(sim: SimServer, record: dict[str, Any]) -> requests.Response:
    request = record["request"]
    form = _substitute(sim, record, request.get("form"))
    query = _substitute(sim, record, request.get("query"))
    url = sim.url + request["path"]
    if request["method"] == "GET":
        return requests.get(url, params={**query, **form}, timeout=10)
    return requests.post(url, params=query, data=form, timeout=10)


def _expected_body(sim: SimServer, record: dict[str, Any]) -> str:
    body = record["response"]["body"]
    if record["name"] == "token_php_teacher":
        body = body.replace("<TOKEN>", sim.tokens["teacher"])
    return body


@pytest.mark.parametrize(
    ("file", "record"), [(f, r) for _, f, r in RECORDS], ids=[i for i, _, _ in RECORDS]
)
def test_record(replay: Callable[[str], SimServer], file: str, record: dict[str, Any]) -> None:
    sim = replay(file)
    if "db" in record:
        assert cohort_instances(sim) == record["db"]
        return
    switches = SITE_SWITCHES.get(record["name"], {})
    saved = {key: sim.site.settings.get(key) for key in switches}
    sim.site.settings.update(switches)
    try:
        response = _send(sim, record)
    finally:
        sim.site.settings.update(saved)
    expected = record["response"]
    assert response.status_code == expected["status"]
    assert response.headers["Content-Type"] == expected["content_type"]
    body = _expected_body(sim, record)
    if expected["content_type"].startswith("application/json"):
        ordered = OrderedDict
        assert json.loads(response.text, object_pairs_hook=ordered) == json.loads(
            body, object_pairs_hook=ordered
        )
    assert response.text == body


def test_every_record_is_replayed() -> None:
    requests_only = [r for _, _, r in RECORDS if "request" in r]
    assert len(requests_only) == 63 + 21 + 21
    assert len(RECORDS) - len(requests_only) == 8  # the quirks file's database snapshots
