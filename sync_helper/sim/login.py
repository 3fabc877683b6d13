"""``/login/token.php``: exchange a username, password and service shortname for a token.

Errors here use Moodle's AJAX envelope, not the web-service one, with HTTP 200.
"""

from __future__ import annotations

import secrets
from typing import Any

from sync_helper.sim.access import has_capability
from sync_helper.sim.encode import php_json
from sync_helper.sim.rest import Answer
from sync_helper.sim.state import Site, Token

AJAX_TYPE = "application/json; charset=utf-8"


class LoginError(Exception):
    """A refusal of token.php, rendered as ``{error, errorcode, stacktrace…}``."""

    def __init__(self, errorcode: str, message: str) -> None:
        super().__init__(message)
        self.errorcode = errorcode
        self.message = message


def token_answer(site: Site, fields: dict[str, Any]) -> Answer:
    """Answer token.php like Moodle: reuse a valid token, create one only when allowed."""
    if fields.get("appsitecheck") == "1":
        return Answer(200, AJAX_TYPE, php_json({"appsitecheck": "ok"}))
    try:
        with site.lock:
            token = _issue(site, fields)
    except LoginError as error:
        body = {
            "error": error.message,
            "errorcode": error.errorcode,
            "stacktrace": None,
            "debuginfo": None,
            "reproductionlink": None,
        }
        return Answer(200, AJAX_TYPE, php_json(body))
    return Answer(200, AJAX_TYPE, php_json({"token": token, "privatetoken": None}))


def _required(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str):
        raise LoginError("missingparam", f"A required parameter ({name}) was missing")
    return value


def _issue(site: Site, fields: dict[str, Any]) -> str:
    username = _required(fields, "username")
    password = _required(fields, "password")
    shortname = _required(fields, "service")
    if not site.setting("enablewebservices", True):
        raise LoginError(
            "enablewsdescription", "Web services must be enabled in Advanced features."
        )
    user = next((u for u in site.users.values() if u.username == username), None)
    if user is None or not user.password or not secrets.compare_digest(user.password, password):
        raise LoginError("invalidlogin", "Invalid login, please try again")
    service = next((s for s in site.services.values() if s.shortname == shortname), None)
    if service is None or not service.enabled:
        raise LoginError(
            "servicenotavailable",
            "Web service is not available. (It doesn't exist or might be disabled.)",
        )
    if service.restrictedusers and user.id not in service.authorised:
        raise LoginError("usernotallowed", f"The user is not allowed for this service. {shortname}")
    system = site.system_context().id
    if service.requiredcapability and not has_capability(
        site, user, service.requiredcapability, system
    ):
        raise LoginError(
            "missingrequiredcapability", f"The capability {service.requiredcapability} is required."
        )
    for token in site.tokens.values():
        if token.userid == user.id and token.serviceid == service.id:
            return token.token
    if user.siteadmin or not has_capability(site, user, "moodle/webservice:createtoken", system):
        raise LoginError(
            "cannotcreatetoken",
            f"No permission to create web service token for the service {shortname}.",
        )
    value = secrets.token_hex(16)
    site.tokens[value] = Token(value, user.id, service.id, name=f"{username}-{shortname}")
    return value
