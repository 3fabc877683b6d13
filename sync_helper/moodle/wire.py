"""The REST wire format: PHP-bracket parameters out, JSON (or an error envelope) back.

Moodle answers errors with HTTP 200 and ``{"exception", "errorcode", "message"}``, so every
body is inspected; the exception class name differs between versions, the ``errorcode``
does not, so errors are mapped by ``errorcode``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sync_helper.moodle import errors

Scalar = str | int | float | bool


@dataclass(frozen=True)
class RawAnswer:
    """What came back over HTTP, before interpretation."""

    status: int
    content_type: str
    body: bytes


def flatten(params: Mapping[str, object]) -> list[tuple[str, str]]:
    """Encode nested parameters the way PHP decodes forms: ``a[0][b]=…``; booleans as 0/1.

    ``None`` values are left out, which is how an optional Moodle parameter is omitted.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        _flatten_into(pairs, key, value)
    return pairs


def _flatten_into(pairs: list[tuple[str, str]], key: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for sub_key, sub_value in value.items():
            _flatten_into(pairs, f"{key}[{sub_key}]", sub_value)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        for index, item in enumerate(value):
            _flatten_into(pairs, f"{key}[{index}]", item)
    elif isinstance(value, bool):
        pairs.append((key, "1" if value else "0"))
    elif isinstance(value, str | int | float):
        pairs.append((key, str(value)))
    else:
        raise TypeError(f"cannot send {type(value).__name__} as Moodle parameter {key!r}")


def as_int(value: object, what: str) -> int:
    """An integer field of an answer, or ``UnreadableAnswer`` instead of a traceback."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise errors.UnreadableAnswer(f"Moodle sent {value!r} where {what} should be a number")


def parse_answer(answer: RawAnswer, function: str) -> object:
    """The decoded result of ``function``, or the matching exception from ``errors``."""
    if answer.status == 403 and not answer.body.strip():
        raise errors.WebServicesDisabled(
            "Moodle answered 403 with an empty body: web services or the REST protocol are "
            "disabled on this site. Ask the Moodle administrator to enable them (Site "
            "administration › Server › Web services › Overview)",
            function=function,
        )
    if answer.status >= 500:
        raise errors.ServerUnavailable(
            f"Moodle answered HTTP {answer.status} to {function}: the server is unavailable or "
            "overloaded; try again later",
            function=function,
        )
    if answer.status != 200:
        raise errors.UnreadableAnswer(
            f"Moodle answered HTTP {answer.status} to {function}: is the URL the site's root "
            "(the address of its home page)?",
            function=function,
        )
    data = _decode_json(answer.body, function)
    if isinstance(data, dict) and ("exception" in data or "errorcode" in data):
        raise error_from_envelope(data, function)
    return data


def _decode_json(body: bytes, function: str) -> object:
    text = body.decode("utf-8", errors="replace").lstrip()
    if text.startswith("<"):
        kind = "XML" if text.startswith("<?xml") else "an HTML page"
        raise errors.UnreadableAnswer(
            f"Moodle answered {kind} instead of JSON to {function}: check that the URL is the "
            "site's root and that nothing (proxy, login page) sits in front of web services",
            function=function,
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        state = "an empty answer" if not text else "truncated or malformed JSON"
        raise errors.CutAnswer(
            f"Moodle sent {state} for {function}: the connection may have been cut; try again",
            function=function,
        ) from None


#: errorcode → (exception class, message template). ``{function}`` and ``{message}`` are filled.
ERRORS: Mapping[str, tuple[type[errors.MoodleError], str]] = {
    "invalidtoken": (
        errors.InvalidToken,
        "Moodle does not know this token (unknown, deleted, or not sent): check MOODLE_TOKEN "
        "or the token file, or ask the Moodle administrator for a new token",
    ),
    "accessexception": (
        errors.AccessDenied,
        "Moodle refused access to {function}: the token may have expired or be restricted to "
        "other IP addresses, its user may lack webservice/rest:use, or its service may not "
        "include {function}. Ask the Moodle administrator to check the token and its service",
    ),
    "invalidrecord": (errors.RecordNotFound, "Moodle found no such record: {message}"),
    "invalidrecordunknown": (errors.RecordNotFound, "Moodle found no such record: {message}"),
    "objectnotfound": (errors.RecordNotFound, "Moodle found no such object ({function})"),
    "nopermissions": (
        errors.PermissionDenied,
        "Moodle refused {function} for lack of permission: {message} Ask a manager to grant "
        "the capability or to run the operation",
    ),
    "requireloginerror": (
        errors.PermissionDenied,
        "the token's user cannot enter this course ({function}): {message}",
    ),
    "errorcoursecontextnotvalid": (
        errors.PermissionDenied,
        "the token's user cannot act in this course, or it does not exist ({function})",
    ),
    "restrictedcontextexception": (
        errors.PermissionDenied,
        "this token is restricted to another part of the site and cannot reach it ({function})",
    ),
    "invalidparameter": (
        errors.InvalidParameter,
        "Moodle rejected a parameter of {function}: {message}",
    ),
    "unavailableatcontext": (
        errors.CohortNotAvailable,
        "Moodle says this is not available in the course: the cohort is hidden, or lives in a "
        "category that is not above this course (or the role cannot be assigned there)",
    ),
    "enrolcohortalreadysyncedwithrole": (
        errors.AlreadySynced,
        "this cohort is already synchronised with this role in the course",
    ),
    "invalidresponse": (
        errors.InvalidResponse,
        "Moodle ran {function} but its answer failed Moodle's own check (invalidresponse), so "
        "it cannot be read; a change it makes may well be done",
    ),
    "invalidcourse": (errors.InvalidParameter, "Moodle refused the site's front page as a course"),
    "sitemaintenance": (
        errors.MoodleRefused,
        "the Moodle site is in maintenance mode; try again when it is back",
    ),
}


def error_from_envelope(envelope: Mapping[str, object], function: str) -> errors.MoodleError:
    """Map Moodle's error envelope (REST or login/token.php form) to an exception."""
    code = str(envelope.get("errorcode") or "")
    message = str(envelope.get("message") or envelope.get("error") or "").strip()
    if code.startswith("wsaccessuser"):
        cls, template = (
            errors.AuthenticationFailed,
            "the token's user account cannot use web services ({message})",
        )
    else:
        cls, template = ERRORS.get(
            code, (errors.MoodleRefused, "Moodle refused {function} ({code}): {message}")
        )
    text = template.format(function=function or "the call", message=message, code=code)
    return cls(text, errorcode=code, function=function)
