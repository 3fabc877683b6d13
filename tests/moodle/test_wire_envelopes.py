"""Moodle's error envelopes, word for word: what the person reads names the call and the cause."""

from __future__ import annotations

import pickle

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.wire import RawAnswer, as_int, error_from_envelope, parse_answer


def test_an_unknown_errorcode_keeps_moodle_s_words_and_names_the_call() -> None:
    error = error_from_envelope(
        {"exception": "moodle_exception", "errorcode": "weird", "message": " It broke. "},
        "core_x_get_y",
    )
    assert type(error) is errors.MoodleRefused
    assert error.message == "Moodle refused core_x_get_y (weird): It broke."
    assert (error.errorcode, error.function) == ("weird", "core_x_get_y")


def test_the_login_form_s_error_key_is_read_too() -> None:
    error = error_from_envelope({"error": "Invalid login", "errorcode": "invalidlogin"}, "")
    assert error.message == "Moodle refused the call (invalidlogin): Invalid login"
    assert error.function == ""


def test_an_envelope_without_code_or_message_says_so_plainly() -> None:
    error = error_from_envelope({"exception": "x"}, "f")
    assert error.message == "Moodle refused f (): "
    assert error.errorcode == ""


def test_a_web_service_user_refusal_quotes_moodle() -> None:
    error = error_from_envelope(
        {"errorcode": "wsaccessuserdeleted", "message": "user deleted"}, "core_x_get_y"
    )
    assert type(error) is errors.AuthenticationFailed
    assert error.message == "the token's user account cannot use web services (user deleted)"


@pytest.mark.parametrize(("value", "number"), [("-3", -3), ("42", 42), (7, 7)])
def test_numbers_sent_as_strings_are_read(value: object, number: int) -> None:
    assert as_int(value, "an id") == number


@pytest.mark.parametrize("value", ["X-3", "--", "", "4.5", None, True])
def test_non_numbers_are_unreadable(value: object) -> None:
    with pytest.raises(errors.UnreadableAnswer, match="where an id should be a number"):
        as_int(value, "an id")


def test_a_secret_refuses_pickling_with_a_reason() -> None:
    with pytest.raises(TypeError) as caught:
        pickle.dumps(Secret("x"))
    assert str(caught.value) == "a Secret cannot be pickled"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\n  <!DOCTYPE html><html>login</html>", "an HTML page"),
        (b'\r\n<?xml version="1.0"?><RESPONSE/>', "XML"),
    ],
)
def test_markup_after_blank_lines_is_named(body: bytes, kind: str) -> None:
    with pytest.raises(errors.UnreadableAnswer) as caught:
        parse_answer(RawAnswer(200, "text/html", body), "core_x_get_y")
    assert caught.value.message.startswith(
        f"Moodle answered {kind} instead of JSON to core_x_get_y"
    )
    assert caught.value.function == "core_x_get_y"


def test_bytes_that_are_not_utf8_are_an_unreadable_answer() -> None:
    with pytest.raises(errors.CutAnswer) as caught:
        parse_answer(RawAnswer(200, "application/json", b'{"id": "\xff\xfe'), "core_x_get_y")
    assert caught.value.function == "core_x_get_y"
    assert parse_answer(RawAnswer(200, "application/json", b'  {"a": "\xc3\xa9"}'), "f") == {
        "a": "é"
    }


@pytest.mark.parametrize(
    ("status", "body", "kind", "start"),
    [
        (500, b"<h1>500</h1>", errors.ServerUnavailable, "Moodle answered HTTP 500 to f:"),
        (499, b"", errors.UnreadableAnswer, "Moodle answered HTTP 499 to f:"),
        (403, b" ", errors.WebServicesDisabled, "Moodle answered 403 with an empty body"),
        (200, b'{"exception": "moodle_exception"}', errors.MoodleRefused, "Moodle refused f"),
        (200, b'{"errorcode": "invalidtoken"}', errors.InvalidToken, "Moodle does not know"),
    ],
)
def test_each_kind_of_answer_gives_its_error_naming_the_call(
    status: int, body: bytes, kind: type[errors.MoodleError], start: str
) -> None:
    with pytest.raises(kind) as caught:
        parse_answer(RawAnswer(status, "text/html", body), "f")
    assert caught.value.message.startswith(start)
    assert caught.value.function == "f"


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (
            403,
            b" ",
            "Moodle answered 403 with an empty body: web services or the REST protocol are "
            "disabled on this site. Ask the Moodle administrator to enable them (Site "
            "administration › Server › Web services › Overview)",
        ),
        (
            502,
            b"<h1>Bad gateway</h1>",
            "Moodle answered HTTP 502 to core_x_get_y: the server is unavailable or "
            "overloaded; try again later",
        ),
        (
            404,
            b"{}",
            "Moodle answered HTTP 404 to core_x_get_y: is the URL the site's root "
            "(the address of its home page)?",
        ),
        (
            200,
            b"  <html>login</html>",
            "Moodle answered an HTML page instead of JSON to core_x_get_y: check that the URL "
            "is the site's root and that nothing (proxy, login page) sits in front of web "
            "services",
        ),
        (
            200,
            b" \n",
            "Moodle sent an empty answer for core_x_get_y: the connection may have been cut; "
            "try again",
        ),
        (
            200,
            '{"name": "Études'.encode(),
            "Moodle sent truncated or malformed JSON for core_x_get_y: the connection may "
            "have been cut; try again",
        ),
    ],
)
def test_what_is_not_an_answer_is_said_in_plain_words(
    status: int, body: bytes, message: str
) -> None:
    with pytest.raises(errors.MoodleError) as caught:
        parse_answer(RawAnswer(status, "text/html", body), "core_x_get_y")
    assert caught.value.message == message
    assert caught.value.function == "core_x_get_y"
