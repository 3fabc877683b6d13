"""HTTPS rule, configuration sources and the private-file rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_helper.moodle.config_sources import load_settings
from sync_helper.moodle.errors import ConfigurationError
from sync_helper.moodle.settings import DEFAULT_ROLES, check_url


@pytest.mark.parametrize(
    "url",
    [
        "https://moodle.example.org",
        "https://moodle.example.org/",
        "http://localhost:8100",
        "http://127.0.0.1:9",
        "http://127.0.0.2:9",
        "http://LOCALHOST:8100",
        "http://[::1]:8080",
    ],
)
def test_https_or_loopback_is_accepted(url: str) -> None:
    assert check_url(url) == url.rstrip("/")


def test_plain_http_to_a_remote_host_is_refused_unless_allowed() -> None:
    with pytest.raises(ConfigurationError, match="--insecure-http"):
        check_url("http://moodle.example.org")
    with pytest.raises(ConfigurationError, match="--insecure-http"):
        check_url("http://localhost.example.org")
    assert check_url("http://moodle.example.org", allow_http=True) == "http://moodle.example.org"


@pytest.mark.parametrize(
    "url", ["", "moodle.example.org", "ftp://x", "https://u:p@x.org", "https://x.org/?a=1"]
)
def test_unusable_urls_are_explained(url: str) -> None:
    with pytest.raises(ConfigurationError):
        check_url(url)


def private(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_environment_gives_url_and_token(tmp_path: Path) -> None:
    settings = load_settings(
        environ={"MOODLE_URL": "https://m.example.org", "MOODLE_TOKEN": "abc"},
        config_path=tmp_path / "none.toml",
    )
    assert settings.url == "https://m.example.org"
    assert settings.token.reveal() == "abc"
    assert dict(settings.roles) == dict(DEFAULT_ROLES)


def test_config_file_gives_url_token_roles_and_timeouts(tmp_path: Path) -> None:
    config = private(
        tmp_path / "config.toml",
        'url = "https://m.example.org"\ntoken = "abc"\n[roles]\nstudent = 9\n'
        "[timeouts]\nconnect = 2\nread = 7.5\n",
    )
    settings = load_settings(environ={}, config_path=config)
    assert settings.roles["student"] == 9
    assert settings.roles["editingteacher"] == 3
    assert (settings.timeouts.connect, settings.timeouts.read) == (2.0, 7.5)


def test_options_win_over_environment_and_file(tmp_path: Path) -> None:
    config = private(tmp_path / "config.toml", 'url = "https://file.example.org"\ntoken = "f"\n')
    token_file = private(tmp_path / "token", "from-file\n")
    settings = load_settings(
        url="https://option.example.org",
        token_file=str(token_file),
        environ={"MOODLE_URL": "https://env.example.org", "MOODLE_TOKEN": "env"},
        config_path=config,
    )
    assert settings.url == "https://option.example.org"
    assert settings.token.reveal() == "from-file"


@pytest.mark.parametrize("name", ["config.toml", "token"])
def test_files_readable_by_others_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text('token = "abc"\n' if name == "config.toml" else "abc\n", encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        load_settings(
            url="https://m.example.org",
            token_file=str(path) if name == "token" else None,
            environ={},
            config_path=tmp_path / "config.toml",
        )


def test_missing_token_and_bad_toml_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no web-service token"):
        load_settings(url="https://m.example.org", environ={}, config_path=tmp_path / "no.toml")
    bad = private(tmp_path / "bad.toml", "url = \n")
    with pytest.raises(ConfigurationError, match="invalid TOML"):
        load_settings(environ={}, config_path=bad)
    roles = private(tmp_path / "roles.toml", '[roles]\nstudent = "five"\n')
    with pytest.raises(ConfigurationError, match="roles"):
        load_settings(environ={"MOODLE_TOKEN": "a"}, url="https://x.org", config_path=roles)
