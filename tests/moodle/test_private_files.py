"""Hostile token and config files: a clear refusal, never the token, never a hang."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from sync_helper.moodle.config_sources import MAX_PRIVATE_FILE, load_settings, read_token_file
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


def test_refusals_name_the_file_and_what_it_is(tmp_path: Path) -> None:
    missing = tmp_path / "absent-token"
    assert refusal(missing) == f"{missing}: cannot read token file (No such file or directory)"
    config = tmp_path / "config.toml"
    config.mkdir()
    with pytest.raises(ConfigurationError) as caught:
        load_settings(url=URL, environ={"MOODLE_TOKEN": "t"}, config_path=config)
    assert caught.value.message == f"{config}: not a regular file; the config file must be a file"
    shared = private(tmp_path / "shared-token", TOKEN.encode())
    shared.chmod(0o640)
    assert refusal(shared).startswith(f"{shared}: readable by other users (mode 640)")


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    token = "t" * MAX_PRIVATE_FILE
    assert read_token_file(private(tmp_path / "token", token.encode())).reveal() == token
    assert "at most 64 KB" in refusal(private(tmp_path / "big", b"t" * (MAX_PRIVATE_FILE + 1)))


@pytest.mark.parametrize(("key", "value"), [("url", "42"), ("token", "true")])
def test_config_values_of_the_wrong_type_name_the_key(tmp_path: Path, key: str, value: str) -> None:
    config = private(tmp_path / "config.toml", f"{key} = {value}\n".encode())
    with pytest.raises(ConfigurationError) as caught:
        load_settings(environ={}, config_path=config)
    assert caught.value.message == f"{config}: '{key}' must be a string"


@pytest.mark.parametrize("table", ["timeouts = 5\n", "[timeouts]\nwrite = 5\n"])
def test_a_timeouts_table_of_another_shape_is_refused(tmp_path: Path, table: str) -> None:
    config = private(tmp_path / "config.toml", table.encode())
    with pytest.raises(ConfigurationError, match="accepts only 'connect' and 'read'") as caught:
        load_settings(url=URL, environ={"MOODLE_TOKEN": "t"}, config_path=config)
    assert caught.value.message.startswith(f"{config}: ")


@pytest.mark.parametrize("value", ["0.5", "3600"])
def test_timeouts_at_the_edges_are_kept(tmp_path: Path, value: str) -> None:
    config = private(tmp_path / "config.toml", f"[timeouts]\nread = {value}\n".encode())
    settings = load_settings(url=URL, environ={"MOODLE_TOKEN": "t"}, config_path=config)
    assert settings.timeouts.read == float(value)


def test_a_bad_timeout_message_names_the_file(tmp_path: Path) -> None:
    config = private(tmp_path / "config.toml", b"[timeouts]\nread = nan\n")
    with pytest.raises(ConfigurationError) as caught:
        load_settings(url=URL, environ={"MOODLE_TOKEN": "t"}, config_path=config)
    assert caught.value.message == (
        f"{config}: [timeouts] values must be numbers of seconds between 0 and 3600 "
        "(not nan or inf: a call must never wait forever)"
    )


@pytest.mark.parametrize(
    ("option", "in_file", "allowed"),
    [
        (False, "", False),
        (False, "allow_http = true\n", True),
        (False, 'allow_http = "yes"\n', False),
        (True, "", True),
        (True, "allow_http = false\n", True),
    ],
)
def test_plain_http_needs_the_option_or_a_true_config_value(
    tmp_path: Path, option: bool, in_file: str, allowed: bool
) -> None:
    config = private(tmp_path / "config.toml", in_file.encode())
    remote = "http://moodle.example.org"

    def load() -> object:
        return load_settings(
            url=remote, allow_http=option, environ={"MOODLE_TOKEN": "t"}, config_path=config
        )

    if allowed:
        assert load().url == remote  # type: ignore[attr-defined]
    else:
        with pytest.raises(ConfigurationError, match="refusing plain HTTP"):
            load()


def test_the_environment_defaults_to_the_process_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = private(tmp_path / "elsewhere.toml", b'url = "https://env.example.org"\n')
    monkeypatch.setenv("SYNC_HELPER_CONFIG", str(config))
    monkeypatch.setenv("MOODLE_TOKEN", TOKEN)
    monkeypatch.delenv("MOODLE_URL", raising=False)
    settings = load_settings()
    assert settings.url == "https://env.example.org"
    assert settings.token.reveal() == TOKEN


def test_remote_plain_http_is_refused_by_default(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="refusing plain HTTP"):
        load_settings(
            url="http://moodle.example.org",
            environ={"MOODLE_TOKEN": "t"},
            config_path=tmp_path / "none.toml",
        )


def test_no_url_anywhere_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no Moodle URL"):
        load_settings(environ={"MOODLE_TOKEN": "t"}, config_path=tmp_path / "none.toml")


def test_a_bad_role_table_names_the_file(tmp_path: Path) -> None:
    config = private(tmp_path / "config.toml", b'[roles]\nstudent = "five"\n')
    with pytest.raises(ConfigurationError) as caught:
        load_settings(url=URL, environ={"MOODLE_TOKEN": "t"}, config_path=config)
    assert caught.value.message == f"{config}: [roles] must map role shortnames to integer ids"


def test_a_token_file_that_fails_to_read_says_so_without_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing disk or network share: the file, what it is and the system's reason."""
    path = tmp_path / "token"
    path.write_text("s3cr3t-token\n")
    path.chmod(0o600)

    def failing_read(descriptor: int, size: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "read", failing_read)
    with pytest.raises(ConfigurationError) as caught:
        read_token_file(path)
    assert caught.value.message == f"{path}: cannot read token file (Input/output error)"
