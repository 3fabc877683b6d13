"""The table of simulated external functions (Moodle's ``external_functions``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync_helper.sim.describe import Description, Single
from sync_helper.sim.state import Site, Token, User


@dataclass(frozen=True)
class Call:
    """Who is calling: the site, the token's user and the token itself."""

    site: Site
    user: User
    token: Token


Handler = Callable[[Call, dict[str, Any]], Any]


@dataclass(frozen=True)
class WsFunction:
    """One external function: its component (for the version), descriptions and code."""

    name: str
    component: str
    params: Single
    returns: Description | None
    run: Handler


FUNCTIONS: dict[str, WsFunction] = {}


def ws_function(
    name: str, component: str, params: Single, returns: Description | None
) -> Callable[[Handler], Handler]:
    """Register the decorated handler under ``name``."""

    def register(run: Handler) -> Handler:
        FUNCTIONS[name] = WsFunction(name, component, params, returns, run)
        return run

    return register
