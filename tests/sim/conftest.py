"""Shared helpers for the simulator tests: a running simulator and a REST call over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from sync_helper.sim import SimServer
from sync_helper.sim.server import REST_PATH as REST


@pytest.fixture
def sim() -> Iterator[SimServer]:
    """A fresh simulator of the recorded site."""
    with SimServer.start(scenario="transcripts") as server:
        yield server


def rest(sim: SimServer, token: str, function: str, **params: Any) -> Any:
    """POST one JSON-format call and return the decoded body."""
    data = {"wstoken": sim.tokens[token], "wsfunction": function, "moodlewsrestformat": "json"}
    response = requests.post(sim.url + REST, data={**data, **params}, timeout=10)
    assert response.status_code == 200
    return response.json()
