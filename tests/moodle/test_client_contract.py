"""What callers of ``MoodleClient`` rely on, pinned in-process: fields read, pauses, names, masks.

Scripted transports answer each post with the next canned ``RawAnswer``, so these run in
milliseconds and say exactly which answer the client met (issue 11, "test strength measured").
"""

from __future__ import annotations

import json

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import SITE_INFO, MoodleClient, SiteInfo
from sync_helper.moodle.secret import MASK, Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy
from sync_helper.moodle.wire import RawAnswer
from tests.moodle.inprocess import Pauses

TOKEN = "0ddba11c0ffee0ddba11c0ffee0ddba1"  # noqa: S105 - a marker, not a secret
READ = "core_cohort_search_cohorts"
WRITE = "local_ws_enrolcohort_add_instance"


def ok(data: object) -> RawAnswer:
    return RawAnswer(200, "application/json", json.dumps(data).encode())


def envelope(errorcode: str, message: str = "") -> RawAnswer:
    return ok({"exception": "moodle_exception", "errorcode": errorcode, "message": message})


CUT = RawAnswer(200, "application/json", b'{"cohorts":[{"id":1')
UNAVAILABLE = RawAnswer(503, "text/html", b"<h1>503</h1>")
SITE = ok({"sitename": "UPJV Test", "functions": [{"name": READ}]})


class Scripted:
    """Answers with ``answers`` in order (the last one repeats); records what was posted."""

    def __init__(self, *answers: RawAnswer) -> None:
        self.answers = list(answers)
        self.functions: list[str] = []
        self.retry_safe: list[bool] = []

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        self.functions.append(dict(form)["wsfunction"])
        self.retry_safe.append(retry_safe)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    def close(self) -> None:
        """Nothing to release."""


def client_with(
    transport: Scripted, retry: RetryPolicy | None = None
) -> tuple[MoodleClient, Pauses]:
    settings = ClientSettings(
        url="https://moodle.example.org", token=Secret(TOKEN), retry=retry or RetryPolicy()
    )
    client = MoodleClient(settings, transport)
    pauses = Pauses()
    client._pause = pauses  # waits recorded, not slept
    return client, pauses


def test_site_info_reads_every_field_from_its_own_key() -> None:
    info = SiteInfo.from_answer(
        {
            "sitename": "UPJV Test",
            "siteurl": "https://moodle.example.org",
            "username": "wsuser",
            "fullname": "Web Service",
            "release": "4.2.3 (Build: 20231009)",
            "version": "2023042403",
            "userissiteadmin": False,
            "functions": [{"name": READ, "version": "2023042403"}, {"name": WRITE}],
        }
    )
    assert info == SiteInfo(
        sitename="UPJV Test",
        siteurl="https://moodle.example.org",
        username="wsuser",
        fullname="Web Service",
        release="4.2.3 (Build: 20231009)",
        version="2023042403",
        functions=frozenset({READ, WRITE}),
        is_site_admin=False,
    )


def test_site_info_tolerates_absent_fields_and_odd_function_items() -> None:
    info = SiteInfo.from_answer({"functions": [{"name": READ}, {"version": "1"}, "x", 5]})
    assert (info.sitename, info.siteurl, info.username, info.fullname) == ("", "", "", "")
    assert (info.release, info.version, info.is_site_admin) == ("", "", None)
    assert info.functions == frozenset({READ})


@pytest.mark.parametrize(
    "data",
    [[], None, {"sitename": "UPJV Test"}, {"sitename": "UPJV Test", "functions": {}}],
    ids=["list", "null", "no-functions", "functions-not-a-list"],
)
def test_an_answer_that_is_not_site_information_is_unreadable(data: object) -> None:
    client, _ = client_with(Scripted(ok(data)))
    with pytest.raises(errors.UnreadableAnswer) as caught:
        assert client.site_info
    assert caught.value.message == f"{SITE_INFO} did not return site information"


def test_a_cut_read_is_retried_with_doubling_pauses_then_fails() -> None:
    transport = Scripted(CUT)
    client, pauses = client_with(transport, RetryPolicy(retries=3, backoff=0.5))
    with pytest.raises(errors.CutAnswer, match=READ):
        client.call(READ, query="L1")
    assert transport.functions == [READ] * 4
    assert pauses.seconds == [0.5, 1.0, 2.0]  # none after the last try


def test_a_cut_read_that_recovers_returns_the_answer_after_its_pauses() -> None:
    transport = Scripted(CUT, CUT, ok({"cohorts": []}))
    client, pauses = client_with(transport, RetryPolicy(retries=3, backoff=0.25))
    assert client.call(READ, query="L1") == {"cohorts": []}
    assert pauses.seconds == [0.25, 0.5]
    assert transport.retry_safe == [True, True, True]


def test_without_retries_a_cut_read_is_sent_once_and_never_paused() -> None:
    transport = Scripted(CUT)
    client, pauses = client_with(transport, RetryPolicy(retries=0, backoff=0.5))
    with pytest.raises(errors.CutAnswer):
        client.call(READ, query="L1")
    assert (transport.functions, pauses.seconds) == ([READ], [])


@pytest.mark.parametrize(
    ("answer", "cause"),
    [
        (UNAVAILABLE, f"Moodle answered HTTP 503 to {WRITE}: "),
        (CUT, f"Moodle sent truncated or malformed JSON for {WRITE}: "),
    ],
    ids=["503", "cut"],
)
def test_a_lost_write_answer_names_the_call_and_says_to_check_before_retrying(
    answer: RawAnswer, cause: str
) -> None:
    transport = Scripted(answer, ok({"id": 40}))
    client, pauses = client_with(transport)
    with pytest.raises(errors.TransportError) as caught:
        client.call(WRITE, instance={"courseid": 2})
    assert transport.functions == [WRITE]  # never repeated
    assert transport.retry_safe == [False]
    assert pauses.seconds == []
    assert caught.value.function == WRITE
    assert caught.value.message.endswith(
        f"{WRITE} may or may not have been applied: check the course's state before trying again"
    )
    assert caught.value.message.startswith(cause)


@pytest.mark.parametrize("function", [READ, WRITE])
def test_errors_name_the_call_that_failed(function: str) -> None:
    client, _ = client_with(Scripted(envelope("nopermissions", "Sorry.")))
    with pytest.raises(errors.PermissionDenied) as caught:
        client.call(function, query="L1")
    assert caught.value.function == function
    assert caught.value.message.startswith(f"Moodle refused {function} for lack of permission")
    client, _ = client_with(Scripted(RawAnswer(404, "text/html", b"")), RetryPolicy(retries=0))
    with pytest.raises(errors.UnreadableAnswer, match=f"HTTP 404 to {function}:"):
        client.call(function, query="L1")


def test_access_denied_before_site_info_is_read_stays_the_general_explanation() -> None:
    client, _ = client_with(Scripted(envelope("accessexception")))
    with pytest.raises(errors.AccessDenied) as caught:
        client.call(READ, query="L1")
    assert type(caught.value) is errors.AccessDenied
    assert "may have expired" in caught.value.message


def test_access_denied_for_a_function_the_service_has_stays_the_general_explanation() -> None:
    client, _ = client_with(Scripted(SITE, envelope("accessexception")))
    assert client.has_function(READ)
    with pytest.raises(errors.AccessDenied) as caught:
        client.call(READ, query="L1")
    assert type(caught.value) is errors.AccessDenied


def test_access_denied_for_a_function_missing_from_the_service_names_it_and_the_fix() -> None:
    client, _ = client_with(Scripted(SITE, envelope("accessexception")))
    assert not client.has_function(WRITE)
    with pytest.raises(errors.FunctionNotInService) as caught:
        client.call(WRITE, instance={"courseid": 2})
    assert (caught.value.function, caught.value.errorcode) == (WRITE, "accessexception")
    assert caught.value.message == (
        f"this token's service does not include {WRITE}: ask the Moodle administrator to add "
        "it (Site administration › Server › Web services › External services › Functions)"
    )


def test_a_token_echoed_by_moodle_is_masked_in_the_error() -> None:
    client, _ = client_with(Scripted(envelope("invalidparameter", f"bad value {TOKEN} here")))
    with pytest.raises(errors.InvalidParameter) as caught:
        client.call(READ, query=TOKEN)
    assert caught.value.message == f"Moodle rejected a parameter of {READ}: bad value {MASK} here"
    assert caught.value.args == (caught.value.message,)
    assert TOKEN not in str(caught.value)
