"""``/webservice/rest/server.php``: from merged request fields to status, type and body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sync_helper.sim import functions  # noqa: F401 - importing registers the functions
from sync_helper.sim.describe import clean_return
from sync_helper.sim.encode import json_error, php_json, xml_error, xml_response
from sync_helper.sim.errors import WsError
from sync_helper.sim.gate import admit
from sync_helper.sim.params import validate
from sync_helper.sim.state import Site

RESERVED = {
    "wstoken",
    "wsfunction",
    "moodlewsrestformat",
    "moodlewssettingraw",
    "moodlewssettingfileurl",
    "moodlewssettingfilter",
    "moodlewssettinglang",
    "moodlewssettingtimezone",
}
JSON_TYPE = "application/json"
XML_TYPE = "application/xml; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    """What the HTTP layer sends back."""

    status: int
    content_type: str
    body: str


FORBIDDEN = Answer(403, "text/html; charset=utf-8", "")


def rest_answer(site: Site, fields: dict[str, Any]) -> Answer:
    """Run one REST call against ``site`` (under its lock) and render the answer."""
    if not site.setting("enablewebservices", True) or "rest" not in site.setting(
        "webserviceprotocols", ["rest"]
    ):
        return FORBIDDEN
    as_json = fields.get("moodlewsrestformat") == "json"
    try:
        with site.lock:
            site.calls[str(fields.get("wsfunction"))] += 1
            function, call = admit(site, fields.get("wstoken"), fields.get("wsfunction"))
            arguments = {key: value for key, value in fields.items() if key not in RESERVED}
            params = validate(function.params, arguments)
            result = clean_return(function.returns, function.run(call, params))
    except WsError as error:
        return _error_answer(site, error, as_json)
    if as_json:
        return Answer(200, JSON_TYPE, php_json(result))
    return Answer(200, XML_TYPE, xml_response(function.returns, result))


def _error_answer(site: Site, error: WsError, as_json: bool) -> Answer:
    modern = site.setting("modern_exceptions", False)
    debug = site.setting("debug", False)
    if as_json:
        return Answer(200, JSON_TYPE, json_error(error, modern=modern, debug=debug))
    return Answer(200, XML_TYPE, xml_error(error, modern=modern, debug=debug))
