"""The client over real HTTP on 127.0.0.1: request shape, retries, faults, token hygiene."""

from __future__ import annotations

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient, is_read_function
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy, Timeouts
from tests.moodle.loopback import CUT, DROP, Reply, replies_in_order, serve
from tests.transcripts import body_of

TOKEN = "feedfacefeedfacefeedfacefeedface"  # noqa: S105 - a marker, not a secret
FAST = RetryPolicy(retries=3, backoff=0.0)
SITE_INFO = Reply(body=body_of("site_info_coreonly").encode())
UNAVAILABLE = Reply(status=503, body=b"busy", content_type="text/plain")


def client_for(url: str, **settings: object) -> MoodleClient:
    options = {"retry": FAST, "timeouts": Timeouts(connect=2, read=2), **settings}
    return MoodleClient(ClientSettings(url=url, token=Secret(TOKEN), **options))


def test_post_carries_token_function_format_and_flattened_params() -> None:
    with serve(replies_in_order(Reply(body=b'{"cohorts":[]}'))) as moodle:
        client = client_for(moodle.url)
        client.call("core_cohort_search_cohorts", query="L1", context={"contextid": 1})
    assert moodle.paths == ["/webservice/rest/server.php"]
    assert moodle.requests[0] == {
        "wstoken": TOKEN,
        "wsfunction": "core_cohort_search_cohorts",
        "moodlewsrestformat": "json",
        "query": "L1",
        "context[contextid]": "1",
    }


def test_read_is_retried_after_two_503() -> None:
    with serve(replies_in_order(UNAVAILABLE, UNAVAILABLE, SITE_INFO)) as moodle:
        info = client_for(moodle.url).site_info
    assert info.sitename == "UPJV Test"
    assert len(moodle.requests) == 3


def test_write_is_never_retried() -> None:
    replies = replies_in_order(UNAVAILABLE, UNAVAILABLE, Reply(body=b'{"id":1}'))
    with serve(replies) as moodle, pytest.raises(errors.ServerUnavailable, match="503"):
        client_for(moodle.url).call("local_ws_enrolcohort_add_instance", instance={"x": 1})
    assert len(moodle.requests) == 1


def test_read_gives_up_after_the_allowed_retries() -> None:
    with serve(replies_in_order(UNAVAILABLE)) as moodle, pytest.raises(errors.ServerUnavailable):
        client_for(moodle.url).call("core_cohort_search_cohorts", query="")
    assert len(moodle.requests) == 1 + FAST.retries


def test_dropped_connection_is_retried_for_reads_only() -> None:
    with serve(replies_in_order(DROP, SITE_INFO)) as moodle:
        assert client_for(moodle.url).site_info.release.startswith("4.2.3")
    assert len(moodle.requests) == 2
    replies = replies_in_order(DROP, Reply(body=b'{"id":1}'))
    with (
        serve(replies) as moodle,
        pytest.raises(errors.ConnectFailed, match="closed the connection"),
    ):
        client_for(moodle.url).call("local_ws_enrolcohort_delete_instance", instance={"id": 1})
    assert len(moodle.requests) == 1


def test_a_failed_write_says_it_may_have_been_applied() -> None:
    with serve(replies_in_order(DROP)) as moodle, pytest.raises(errors.ConnectFailed) as caught:
        client_for(moodle.url).call("local_ws_enrolcohort_add_instance", instance={"id": 1})
    assert "may or may not have been applied" in str(caught.value)
    assert caught.value.function == "local_ws_enrolcohort_add_instance"


def test_answer_cut_mid_body_is_a_clear_error() -> None:
    with (
        serve(replies_in_order(CUT)) as moodle,
        pytest.raises(errors.UnreadableAnswer, match="cut"),
    ):
        client_for(moodle.url, retry=RetryPolicy(retries=0)).call(
            "core_cohort_search_cohorts", query=""
        )


def test_refused_connection_is_a_network_error_without_the_token() -> None:
    with serve(replies_in_order(SITE_INFO)) as moodle:
        url = moodle.url
    with pytest.raises(errors.ConnectFailed, match="connection refused") as caught:
        assert client_for(url, retry=RetryPolicy(retries=0)).site_info
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)
    assert caught.value.__cause__ is None


def test_access_exception_names_the_missing_function_once_site_info_is_known() -> None:
    denied = Reply(body=body_of("error_function_not_in_service").encode())
    with serve(replies_in_order(SITE_INFO, denied)) as moodle:
        client = client_for(moodle.url)
        assert not client.has_function("local_ws_enrolcohort_get_instances")
        with pytest.raises(errors.FunctionNotInService, match="ask the Moodle administrator"):
            client.call("local_ws_enrolcohort_get_instances", course={"id": 2})
        assert client.site_info.sitename == "UPJV Test"  # cached: no third request
    assert len(moodle.requests) == 2


def test_read_functions_are_get_and_search_only() -> None:
    assert is_read_function("core_cohort_search_cohorts")
    assert is_read_function("local_ws_enrolcohort_get_instances")
    assert not is_read_function("local_ws_enrolcohort_add_instance")
    assert not is_read_function("enrol_manual_enrol_users")


def test_client_repr_hides_the_token() -> None:
    client = client_for("http://127.0.0.1:9")
    assert TOKEN not in repr(client)
    assert TOKEN not in repr(client.settings)


@pytest.mark.parametrize(
    "fault",
    [
        Reply(status=500, body=b"<h1>500</h1>", content_type="text/html"),
        Reply(body=b'{"sitename":"UPJV', content_type="application/json"),
        Reply(body=b"", content_type="application/json"),
    ],
    ids=["http-500", "cut-json", "empty"],
)
def test_a_read_is_retried_after_a_500_or_a_cut_answer(fault: Reply) -> None:
    with serve(replies_in_order(fault, fault, SITE_INFO)) as moodle:
        info = client_for(moodle.url).site_info
    assert info.sitename == "UPJV Test"
    assert len(moodle.requests) == 3


def test_a_read_that_stays_cut_fails_after_the_allowed_retries() -> None:
    cut = Reply(body=b'{"cohorts":[', content_type="application/json")
    with serve(replies_in_order(cut)) as moodle, pytest.raises(errors.CutAnswer, match="cut"):
        client_for(moodle.url).call("core_cohort_search_cohorts", query="")
    assert len(moodle.requests) == 1 + FAST.retries


def test_a_cut_write_answer_is_sent_once_and_said_uncertain() -> None:
    cut = Reply(body=b'{"id":', content_type="application/json")
    with serve(replies_in_order(cut)) as moodle, pytest.raises(errors.CutAnswer) as caught:
        client_for(moodle.url).call("local_ws_enrolcohort_add_instance", instance={"x": 1})
    assert len(moodle.requests) == 1
    assert "may or may not have been applied" in caught.value.message
