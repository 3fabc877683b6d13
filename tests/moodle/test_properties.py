"""Property-based tests (hypothesis) of the wire format and of the client's answer handling.

* The PHP-bracket encoder (``wire.flatten``) round-trips through the simulator's own PHP form
  parser, over real form encoding: what Moodle reads is what the helper meant.
* Any status, content type and body, through the client, gives a result or a documented
  ``MoodleError``, never another exception and never the token in the message, even when
  the body echoes it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy
from sync_helper.moodle.wire import ERRORS, RawAnswer, flatten, parse_answer
from sync_helper.sim.forms import request_fields

TOKEN = "5eb0c3a1d2e4f60718293a4b5c6d7e8f"  # noqa: S105 - a marker, not a secret
EXAMPLES = 300

keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
scalars = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.none(),
)
params = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)


def php_view(value: object) -> object:
    """What PHP's ``$_POST`` holds for a value the helper sends (``MISSING`` when nothing)."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | str):
        return str(value)
    items = value.items() if isinstance(value, Mapping) else enumerate(value)  # type: ignore[attr-defined]
    nested = {str(key): php_view(item) for key, item in items}
    kept = {key: item for key, item in nested.items() if item is not MISSING}
    return kept or MISSING


MISSING = object()


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.dictionaries(keys, params, max_size=5))
def test_bracket_encoding_round_trips_through_the_php_parser(values: dict[str, object]) -> None:
    body = urlencode(flatten(values)).encode("utf-8")
    parsed = request_fields("", "application/x-www-form-urlencoded", body)
    expected = php_view(values)
    assert parsed == ({} if expected is MISSING else expected)


class Canned:
    """A transport that answers every post with one ``RawAnswer``."""

    def __init__(self, answer: RawAnswer) -> None:
        self.answer = answer

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        return self.answer

    def close(self) -> None:
        """Nothing to release."""


def with_token(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, f"{text}{TOKEN}", f"token={TOKEN}&{text}", TOKEN])


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
envelopes = st.fixed_dictionaries(
    {
        "exception": st.sampled_from(["moodle_exception", "invalid_parameter_exception", ""]),
        "errorcode": st.one_of(st.sampled_from(sorted(ERRORS)), st.text(max_size=12)),
        "message": st.text(max_size=40).flatmap(with_token),
    },
    optional={"debuginfo": st.text(max_size=20).flatmap(with_token)},
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    envelopes.map(lambda v: json.dumps(v).encode()),
    envelopes.map(lambda v: json.dumps(v).encode()[: len(json.dumps(v)) // 2]),
    st.text(max_size=60).flatmap(with_token).map(lambda t: f"<html>{t}</html>".encode()),
    st.just(f'{{"id": "{TOKEN}"}}'.encode()),
)
answers = st.builds(
    RawAnswer,
    st.one_of(st.sampled_from([200, 200, 200, 403, 404, 500, 502, 503]), st.integers(100, 599)),
    st.sampled_from(["application/json", "text/html", "application/xml", ""]),
    bodies,
)
functions = st.sampled_from(
    [
        "core_webservice_get_site_info",
        "core_cohort_search_cohorts",
        "local_ws_enrolcohort_add_instance",
        "local_ws_enrolcohort_delete_instance",
    ]
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers, functions)
def test_any_answer_gives_a_result_or_a_documented_error(answer: RawAnswer, function: str) -> None:
    with contextlib.suppress(errors.MoodleError):
        parse_answer(answer, function)
    settings_ = ClientSettings(
        url="https://moodle.example.org",
        token=Secret(TOKEN),
        retry=RetryPolicy(retries=1, backoff=0.0),
    )
    client = MoodleClient(settings_, transport=Canned(answer))
    try:
        client.call(function, query="x")
    except errors.MoodleError as error:
        assert TOKEN not in error.message
        assert TOKEN not in str(error)
        assert all(TOKEN not in str(arg) for arg in error.args)
