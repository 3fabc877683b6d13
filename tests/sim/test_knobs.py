"""Fault injection: 5xx answers, dropped connections, cut bodies, latency, reproducibility."""

from __future__ import annotations

import json

import pytest
import requests

from sync_helper.sim import SimServer
from sync_helper.sim.knobs import Fault, Knobs
from tests.sim.conftest import REST

SITE_INFO = {"wsfunction": "core_webservice_get_site_info", "moodlewsrestformat": "json"}


def _post(sim: SimServer) -> requests.Response:
    return requests.post(
        sim.url + REST, data={"wstoken": sim.tokens["admin"], **SITE_INFO}, timeout=10
    )


def test_error_rate_answers_the_chosen_status() -> None:
    with SimServer.start(error_rate=1.0, error_status=502) as sim:
        assert _post(sim).status_code == 502


def test_dropped_connection_gets_no_answer() -> None:
    with SimServer.start(drop_rate=1.0) as sim, pytest.raises(requests.ConnectionError):
        _post(sim)


def test_truncated_body_is_a_cut_json_document() -> None:
    with SimServer.start() as sim:
        whole = _post(sim).text
        sim.knobs.truncate_rate = 1.0
        cut = _post(sim).text
    assert whole.startswith(cut) and len(cut) < len(whole)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut)


def test_latency_still_answers_correctly() -> None:
    with SimServer.start(latency=0.05) as sim:
        assert _post(sim).json()["username"] == "admin"


def test_same_seed_same_fault_sequence() -> None:
    def statuses(seed: int) -> list[int]:
        with SimServer.start(error_rate=0.5, seed=seed) as sim:
            return [_post(sim).status_code for _ in range(20)]

    first = statuses(7)
    assert first == statuses(7)
    assert {200, 503} == set(first)


def test_draws_split_rates_in_order() -> None:
    knobs = Knobs(drop_rate=0.2, error_rate=0.3, truncate_rate=0.1, seed=1)
    counts = dict.fromkeys(Fault, 0)
    for _ in range(2000):
        counts[knobs.draw()] += 1
    assert all(counts[fault] > 0 for fault in Fault)
    assert counts[Fault.NONE] > counts[Fault.TRUNCATE]


@pytest.mark.parametrize(
    "arguments",
    [
        {"error_rate": 1.5},
        {"error_status": 404},
        {"latency": -1.0},
        {"drop_rate": 0.6, "error_rate": 0.6},
    ],
)
def test_bad_knobs_are_refused(arguments: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Knobs(**arguments)
