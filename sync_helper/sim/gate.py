"""The checks before a function runs, in Moodle's order: token, user, function, service."""

from __future__ import annotations

import time
from typing import Any

from sync_helper.sim.access import has_capability
from sync_helper.sim.errors import (
    WsError,
    access_exception,
    invalid_parameter,
    invalid_token,
    missing_record,
)
from sync_helper.sim.registry import FUNCTIONS, Call, WsFunction
from sync_helper.sim.state import Site, Token, User


def authenticate(site: Site, token_value: Any) -> tuple[Token, User]:
    """``authenticate_by_token``: known token, not expired, usable user with webservice/rest:use."""
    token = site.tokens.get(token_value) if isinstance(token_value, str) else None
    if token is None:
        raise invalid_token()
    if token.validuntil and token.validuntil < time.time():
        del site.tokens[token.token]
        raise access_exception(
            "Invalid token - token expired - check validuntil time for the token"
        )
    user = site.users.get(token.userid)
    if user is None:
        raise invalid_token()
    if user.suspended:
        raise WsError(
            "moodle_exception",
            "wsaccessusersuspended",
            f"Refused web service access for suspended username: {user.username}",
        )
    if not has_capability(site, user, "webservice/rest:use", token.contextid):
        raise access_exception(
            "You are not allowed to use the rest protocol (missing capability: webservice/rest:use)"
        )
    return token, user


def admit(site: Site, token_value: Any, function_name: Any) -> tuple[WsFunction, Call]:
    """Everything before parameter validation; the first failing check decides the error."""
    token, user = authenticate(site, token_value)
    if not isinstance(function_name, str) or not function_name:
        raise invalid_parameter("Missing function name")
    function = FUNCTIONS.get(function_name)
    if function is None:
        raise missing_record("external_functions")
    service = site.services.get(token.serviceid)
    allowed = (
        service is not None
        and service.enabled
        and function_name in service.functions
        and (not service.restrictedusers or user.id in service.authorised)
        and (
            not service.requiredcapability
            or has_capability(site, user, service.requiredcapability, token.contextid)
        )
    )
    if not allowed:
        raise access_exception(
            "Access to the function " + function_name + "() is not allowed. The function is not "
            "in the service, the service is disabled or restricted, or the user is not authorised."
        )
    return function, Call(site, user, token)
