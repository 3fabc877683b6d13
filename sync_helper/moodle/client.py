"""The Moodle web-service client: one ``call`` per function, answers checked, site info cached."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from types import TracebackType

from sync_helper.moodle import errors
from sync_helper.moodle.secret import MASK, Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.moodle.transport import RequestsTransport, Transport
from sync_helper.moodle.wire import flatten, parse_answer

SITE_INFO = "core_webservice_get_site_info"
READ_FUNCTION = re.compile(r"_(get|search)_")


def is_read_function(function: str) -> bool:
    """Get/search functions change nothing, so repeating them after a failure is harmless."""
    return bool(READ_FUNCTION.search(function))


@dataclass(frozen=True)
class SiteInfo:
    """What ``core_webservice_get_site_info`` says about the site, the user and the token."""

    sitename: str
    siteurl: str
    username: str
    fullname: str
    release: str
    version: str
    functions: frozenset[str]
    is_site_admin: bool | None

    @classmethod
    def from_answer(cls, data: object) -> SiteInfo:
        """Read the fields used here; tolerate the optional ones being absent."""
        if not isinstance(data, dict) or not isinstance(data.get("functions"), list):
            raise errors.UnreadableAnswer(f"{SITE_INFO} did not return site information")
        return cls(
            sitename=str(data.get("sitename", "")),
            siteurl=str(data.get("siteurl", "")),
            username=str(data.get("username", "")),
            fullname=str(data.get("fullname", "")),
            release=str(data.get("release", "")),
            version=str(data.get("version", "")),
            functions=frozenset(
                str(item["name"])
                for item in data["functions"]
                if isinstance(item, dict) and "name" in item
            ),
            is_site_admin=data.get("userissiteadmin"),
        )


class MoodleClient:
    """Calls Moodle web-service functions over REST with the settings' URL and token.

    ``client.call("core_course_get_courses_by_field", field="id", value=2)`` returns the
    decoded JSON or raises a ``sync_helper.moodle.errors.MoodleError``.
    """

    def __init__(self, settings: ClientSettings, transport: Transport | None = None) -> None:
        self.settings = settings
        self._transport = transport or RequestsTransport(settings.timeouts, settings.retry)
        self._site_info: SiteInfo | None = None

    def __repr__(self) -> str:
        return f"MoodleClient(url={self.settings.url!r})"

    def __enter__(self) -> MoodleClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the transport's connections."""
        self._transport.close()

    def call(self, function: str, **params: object) -> object:
        """Call ``function`` with ``params`` (nested dicts/lists allowed) and return its result.

        Raises only :class:`~sync_helper.moodle.errors.MoodleError`, whose message never holds
        the token, even when the server echoed it back in its answer.
        """
        try:
            return self._call(function, params)
        except errors.MoodleError as error:
            raise without_secret(error, self.settings.token) from None

    def _call(self, function: str, params: dict[str, object]) -> object:
        form = [
            ("wstoken", self.settings.token.reveal()),
            ("wsfunction", function),
            ("moodlewsrestformat", "json"),
            *flatten(params),
        ]
        if not is_read_function(function):
            return self._write(function, form)
        policy = self.settings.retry
        for attempt in range(policy.retries + 1):
            try:
                return self._send(function, form, read=True)
            except errors.CutAnswer:
                if attempt == policy.retries:
                    raise
                self._pause(policy.backoff * 2**attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _write(self, function: str, form: list[tuple[str, str]]) -> object:
        """Send a write once; a lost answer is said to be uncertain, never repeated here."""
        try:
            return self._send(function, form, read=False)
        except errors.TransportError as error:
            if isinstance(error, errors.InvalidResponse):
                raise
            raise type(error)(
                f"{error.message}. {function} may or may not have been applied: check the "
                "course's state before trying again",
                function=function,
            ) from None

    def _send(self, function: str, form: list[tuple[str, str]], *, read: bool) -> object:
        answer = self._transport.post(self.settings.endpoint, form, retry_safe=read)
        try:
            return parse_answer(answer, function)
        except errors.AccessDenied as error:
            raise self._explain_access(error) from None

    #: How the client waits between read retries (tests replace it).
    _pause = staticmethod(time.sleep)

    def _explain_access(self, error: errors.AccessDenied) -> errors.AccessDenied:
        """Name the missing function when site info shows the service lacks it."""
        if self._site_info is not None and error.function not in self._site_info.functions:
            return missing_function(error.function)
        return error

    @property
    def site_info(self) -> SiteInfo:
        """Site, user and the token's functions, read once and cached."""
        if self._site_info is None:
            self._site_info = SiteInfo.from_answer(self.call(SITE_INFO))
        return self._site_info

    def has_function(self, function: str) -> bool:
        """Whether the token's service includes ``function``."""
        return function in self.site_info.functions


def without_secret(error: errors.MoodleError, token: Secret) -> errors.MoodleError:
    """``error`` with every copy of the token in its message masked."""
    value = token.reveal()
    if value and value in error.message:
        error.message = error.message.replace(value, MASK)
        error.args = (error.message,)
    return error


def missing_function(function: str) -> errors.FunctionNotInService:
    """The error, with its fix, for a function absent from the token's service."""
    return errors.FunctionNotInService(
        f"this token's service does not include {function}: ask the Moodle administrator to "
        "add it (Site administration › Server › Web services › External services › Functions)",
        errorcode="accessexception",
        function=function,
    )
