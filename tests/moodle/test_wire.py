"""Parameter flattening and answer checking: the two halves of the REST wire format."""

from __future__ import annotations

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.instances import SyncInstance
from sync_helper.moodle.wire import RawAnswer, as_int, error_from_envelope, flatten, parse_answer


def test_flatten_nests_in_php_bracket_form() -> None:
    pairs = flatten(
        {
            "query": "L1",
            "context": {"contextlevel": "course", "instanceid": 2},
            "options": [{"name": "userfields", "value": "id"}],
            "cohortids": [1, 3],
        }
    )
    assert pairs == [
        ("query", "L1"),
        ("context[contextlevel]", "course"),
        ("context[instanceid]", "2"),
        ("options[0][name]", "userfields"),
        ("options[0][value]", "id"),
        ("cohortids[0]", "1"),
        ("cohortids[1]", "3"),
    ]


def test_flatten_sends_booleans_as_0_1_and_omits_none() -> None:
    assert flatten({"a": True, "b": False, "c": None, "d": {"e": None}}) == [("a", "1"), ("b", "0")]


def test_flatten_refuses_values_moodle_cannot_read() -> None:
    with pytest.raises(TypeError, match="object"):
        flatten({"x": object()})


def answer(body: str, status: int = 200, content_type: str = "application/json") -> RawAnswer:
    return RawAnswer(status, content_type, body.encode())


def test_error_envelope_with_http_200_is_an_error() -> None:
    body = '{"exception":"moodle_exception","errorcode":"invalidtoken","message":"x"}'
    with pytest.raises(errors.InvalidToken, match="does not know this token"):
        parse_answer(answer(body), "core_webservice_get_site_info")


def test_null_body_is_data() -> None:
    assert parse_answer(answer("null"), "enrol_manual_enrol_users") is None


@pytest.mark.parametrize(
    ("body", "status", "expected", "words"),
    [
        ("", 403, errors.WebServicesDisabled, "web services or the REST protocol"),
        ("<?xml version='1.0'?><RESPONSE/>", 200, errors.UnreadableAnswer, "XML instead of JSON"),
        ("<html><body>Login</body></html>", 200, errors.UnreadableAnswer, "HTML page"),
        ('{"cohorts":[{"id":1', 200, errors.UnreadableAnswer, "truncated"),
        ("", 200, errors.UnreadableAnswer, "empty answer"),
        ("oops", 503, errors.ServerUnavailable, "HTTP 503"),
        ("nope", 404, errors.UnreadableAnswer, "site's root"),
    ],
)
def test_unusable_answers_become_clear_errors(
    body: str, status: int, expected: type[Exception], words: str
) -> None:
    with pytest.raises(expected, match=words):
        parse_answer(answer(body, status), "core_webservice_get_site_info")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("invalidtoken", errors.InvalidToken),
        ("accessexception", errors.AccessDenied),
        ("wsaccessusersuspended", errors.AuthenticationFailed),
        ("nopermissions", errors.PermissionDenied),
        ("requireloginerror", errors.PermissionDenied),
        ("invalidparameter", errors.InvalidParameter),
        ("invalidrecord", errors.RecordNotFound),
        ("objectnotfound", errors.RecordNotFound),
        ("unavailableatcontext", errors.CohortNotAvailable),
        ("enrolcohortalreadysyncedwithrole", errors.AlreadySynced),
        ("codingerror", errors.MoodleRefused),
    ],
)
def test_errors_are_mapped_by_errorcode_not_class_name(
    code: str, expected: type[errors.MoodleError]
) -> None:
    for exception in ("moodle_exception", "core\\exception\\moodle_exception"):
        error = error_from_envelope(
            {"exception": exception, "errorcode": code, "message": "m"}, "f"
        )
        assert type(error) is expected
        assert error.errorcode == code


def test_unavailable_cohort_message_says_why() -> None:
    error = error_from_envelope({"errorcode": "unavailableatcontext", "message": "x"}, "f")
    assert "hidden" in str(error)
    assert "category that is not above this course" in str(error)


def test_malformed_numbers_in_answers_are_unreadable_answers_not_tracebacks() -> None:
    assert as_int("-1", "x") == -1
    assert as_int(7, "x") == 7
    for bad in (None, True, "2.0", [], "abc"):
        with pytest.raises(errors.UnreadableAnswer, match="should be a number"):
            as_int(bad, "a course id")
    with pytest.raises(errors.UnreadableAnswer):
        SyncInstance.from_answer({"object": "enrol", "roleid": 5})
