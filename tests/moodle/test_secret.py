"""The token wrapper never shows its value except through ``reveal()``."""

from __future__ import annotations

import logging
import pickle

import pytest

from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings

TOKEN = "0123456789abcdef0123456789abcdef"  # noqa: S105 - a marker, not a secret


def test_every_printed_form_is_masked() -> None:
    secret = Secret(TOKEN)
    for shown in (repr(secret), str(secret), f"{secret}", f"{secret!r}", " ".join([str(secret)])):
        assert TOKEN not in shown
    assert secret.reveal() == TOKEN


def test_settings_repr_and_logs_do_not_leak(caplog: pytest.LogCaptureFixture) -> None:
    settings = ClientSettings(url="https://moodle.example.org", token=Secret(TOKEN))
    logging.getLogger("test").warning("settings: %r %s", settings, settings)
    assert TOKEN not in repr(settings)
    assert TOKEN not in caplog.text


def test_secret_cannot_be_pickled() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(Secret(TOKEN))


def test_empty_secret_is_false() -> None:
    assert not Secret("")
    assert Secret("x")
