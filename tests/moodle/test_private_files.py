"""Hostile token and config files: a clear refusal, never the token, never a hang."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from sync_helper.moodle.config_sources import load_settings, read_token_file
from sync_helper.moodle.errors import ConfigurationError

TOKEN = "0123456789abcdef0123456789abcdef"  # noqa: S105 - a marker, not a secret
URL = "https://m.example.org"


def private(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ConfigurationError) as caught:
        read_token_file(path)
    return caught.value.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (TOKEN.encode() + b"\n" + TOKEN.encode() + b"\n", "alone on one line"),
        (b"  " + TOKEN.encode() + b" extra\n", "alone on one line"),
        (b"token=" + TOKEN.encode() + b"\x00\n", "alone on one line"),
        (TOKEN.encode() + b"\x1b[2J\n", "alone on one line"),
        (TOKEN.encode() + b"\xff\xfe\n", "not valid UTF-8"),
        (TOKEN.encode("utf-16"), "not valid UTF-8"),
        (b"\n\n", "alone on one line"),
    ],
)
def test_a_bad_token_file_is_refused_without_quoting_it(
    tmp_path: Path, content: bytes, words: str
) -> None:
    message = refusal(private(tmp_path / "token", content))
    assert words in message
    assert TOKEN not in message
    assert TOKEN[:8] not in message


def test_a_binary_token_file_is_refused(tmp_path: Path) -> None:
    message = refusal(private(tmp_path / "token", bytes(range(256)) * 4))
    assert "not a text file" in message


def test_a_token_file_with_a_bom_or_crlf_is_read(tmp_path: Path) -> None:
    token = read_token_file(private(tmp_path / "token", b"\xef\xbb\xbf" + TOKEN.encode() + b"\r\n"))
    assert token.reveal() == TOKEN


def test_a_huge_token_file_is_refused_by_its_size(tmp_path: Path) -> None:
    assert "too large" in refusal(private(tmp_path / "token", b"a" * 1_000_000))


def test_a_directory_is_not_a_token_file(tmp_path: Path) -> None:
    assert "not a regular file" in refusal(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
@pytest.mark.parametrize("which", ["token", "config"])
def test_a_fifo_is_refused_at_once(tmp_path: Path, which: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o600)
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            load_settings(
                url=URL,
                token_file=str(fifo) if which == "token" else None,
                environ={"MOODLE_TOKEN": "t"},
                config_path=fifo if which == "config" else tmp_path / "none.toml",
            )
        except ConfigurationError as error:
            outcome.append(error)
        else:
            outcome.append(None)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():  # unblock the reader so the thread ends, then fail
        os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], ConfigurationError)
    assert "not a regular file" in outcome[0].message


def test_a_binary_config_file_is_refused(tmp_path: Path) -> None:
    config = private(tmp_path / "config.toml", b'token = "' + TOKEN.encode() + b'"\n\xff\xfe')
    with pytest.raises(ConfigurationError, match="not valid UTF-8") as caught:
        load_settings(url=URL, environ={}, config_path=config)
    assert TOKEN not in caught.value.message


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e10", "true", '"30"', "[1]"])
@pytest.mark.parametrize("key", ["read", "connect"])
def test_unusable_timeouts_are_refused(tmp_path: Path, key: str, value: str) -> None:
    config = private(tmp_path / "config.toml", f"[timeouts]\n{key} = {value}\n".encode())
    with pytest.raises(ConfigurationError, match=r"\[timeouts\]"):
        load_settings(url=URL, environ={"MOODLE_TOKEN": "t"}, config_path=config)


def test_reasonable_timeouts_are_kept(tmp_path: Path) -> None:
    config = private(tmp_path / "config.toml", b"[timeouts]\nread = 90\nconnect = 2.5\n")
    settings = load_settings(url=URL, environ={"MOODLE_TOKEN": "t"}, config_path=config)
    assert (settings.timeouts.connect, settings.timeouts.read) == (2.5, 90.0)
