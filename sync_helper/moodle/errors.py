"""Everything that can go wrong when talking to Moodle, as a small tree of exceptions.

Callers catch the branch they can act on; the CLI maps each branch to one exit code.
Messages are written for a person: they say what happened and what to do next, and
never contain the token.

    MoodleError                      base class; never raised itself
    ├── ConfigurationError           bad or missing URL/token, unsafe config file, HTTP refused
    ├── TransportError               the answer never arrived or cannot be read
    │   ├── ConnectFailed            connection refused, DNS failure, TLS verification failure
    │   ├── RequestTimedOut          no connection or no answer within the configured timeout
    │   ├── ServerUnavailable        HTTP 5xx (after the retries allowed for reads)
    │   └── UnreadableAnswer         XML, an HTML page, truncated or otherwise not JSON
    │       ├── CutAnswer            empty or truncated JSON: the connection was cut mid-answer
    │       └── InvalidResponse      ``invalidresponse``: Moodle ran the call, then its own
    │                                check of the answer failed (a write may be done)
    ├── AuthenticationFailed         the token is not accepted for this call
    │   ├── InvalidToken             ``invalidtoken``: unknown, deleted or missing token
    │   └── AccessDenied             ``accessexception``: expired, IP-restricted, no rest:use…
    │       └── FunctionNotInService the token's service lacks the function called
    ├── NotFound                     what was named does not exist (or is not visible)
    │   ├── RecordNotFound           ``invalidrecord`` / ``objectnotfound`` from Moodle
    │   ├── CourseNotFound           no course matches the reference given
    │   ├── CohortNotFound           no cohort matches the code or label given
    │   ├── AmbiguousCohort          several cohorts match: none is chosen, all are listed
    │   ├── GroupNotFound            no group of that name in the course
    │   └── RoleNotFound             role shortname missing from the role table
    └── MoodleRefused                Moodle understood the call and said no
        ├── WebServicesDisabled      HTTP 403 with an empty body: web services or REST off
        ├── PermissionDenied         ``nopermissions`` and context/login refusals
        ├── InvalidParameter         ``invalidparameter``: Moodle rejected a parameter
        ├── CohortNotAvailable       ``unavailableatcontext``: hidden or outside the course's tree
        ├── AlreadySynced            ``enrolcohortalreadysyncedwithrole`` (operations: a no-op)
        └── PluginMissing            cohort-sync writes need local_ws_enrolcohort
"""

from __future__ import annotations


class MoodleError(Exception):
    """Base of every error this package raises on purpose."""

    def __init__(self, message: str, *, errorcode: str = "", function: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.errorcode = errorcode
        self.function = function

    def __str__(self) -> str:
        return self.message


class ConfigurationError(MoodleError):
    """Raised before any request: missing URL or token, unsafe file, plain HTTP to a remote host."""


class TransportError(MoodleError):
    """Raised when no usable answer came back (network, server, or unreadable body)."""


class ConnectFailed(TransportError):
    """Raised when the connection cannot be made (refused, DNS, TLS verification)."""


class RequestTimedOut(TransportError):
    """Raised when connecting or reading takes longer than the configured timeout."""


class ServerUnavailable(TransportError):
    """Raised on HTTP 5xx, after the retries that reads are allowed."""


class UnreadableAnswer(TransportError):
    """Raised when the body is not the JSON Moodle sends: XML, HTML, truncated, empty."""


class CutAnswer(UnreadableAnswer):
    """Raised when the answer stops before its end: a cut connection, worth another read."""


class InvalidResponse(UnreadableAnswer):
    """Raised on ``invalidresponse``: Moodle ran the function, then rejected its own answer.

    Moodle checks return values after the function ran, so a write answered this way is
    usually done (local_ws_enrolcohort fails so for any cohort name holding markup).
    """


class AuthenticationFailed(MoodleError):
    """Raised when Moodle does not accept the token for the call made."""


class InvalidToken(AuthenticationFailed):
    """Raised on ``invalidtoken``: the token is unknown, was deleted, or was not sent."""


class AccessDenied(AuthenticationFailed):
    """Raised on ``accessexception`` when the precise reason cannot be told from here."""


class FunctionNotInService(AccessDenied):
    """Raised on ``accessexception`` for a function missing from the token's service."""


class NotFound(MoodleError):
    """Raised when something named by the user or by an id does not exist or is not visible."""


class RecordNotFound(NotFound):
    """Raised on Moodle's ``invalidrecord`` or the plugin's ``objectnotfound``."""


class CourseNotFound(NotFound):
    """Raised when no course matches the id, shortname, idnumber or URL given."""


class CohortNotFound(NotFound):
    """Raised when no cohort matches the code or label given."""


class AmbiguousCohort(NotFound):
    """Raised when several cohorts match and none matches the code exactly."""

    def __init__(self, message: str, candidates: list[object]) -> None:
        super().__init__(message)
        self.candidates = candidates


class GroupNotFound(NotFound):
    """Raised when the group named with ``--group`` does not exist in the course."""


class RoleNotFound(NotFound):
    """Raised when a role shortname is not in the role table (configurable)."""


class MoodleRefused(MoodleError):
    """Raised when Moodle understood the call and refused it; also for unknown error codes."""


class WebServicesDisabled(MoodleRefused):
    """Raised on HTTP 403 with an empty body: web services or the REST protocol are off."""


class PermissionDenied(MoodleRefused):
    """Raised on ``nopermissions`` and on context or course-access refusals."""


class InvalidParameter(MoodleRefused):
    """Raised on ``invalidparameter``: a value Moodle's strict validation rejected."""


class CohortNotAvailable(MoodleRefused):
    """Raised on ``unavailableatcontext``: cohort hidden, or not in a category above the course."""


class AlreadySynced(MoodleRefused):
    """Raised on ``enrolcohortalreadysyncedwithrole``; operations report it as a no-op."""


class PluginMissing(MoodleRefused):
    """Raised when a cohort-sync write is asked of a site without local_ws_enrolcohort."""
