"""Where the URL, token and role table come from: options, environment, private files.

Precedence, highest first: ``--url`` / ``--token-file``, then ``MOODLE_URL`` /
``MOODLE_TOKEN``, then the config file (``config.toml`` in the user config directory).
Files holding a token must not be readable by group or others.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_config_path

from sync_helper.moodle.errors import ConfigurationError
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import DEFAULT_ROLES, ClientSettings, Timeouts

APP_NAME = "sync-helper"


def default_config_path() -> Path:
    """``~/.config/sync-helper/config.toml`` on Linux (platformdirs decides elsewhere)."""
    return user_config_path(APP_NAME) / "config.toml"


def require_private(path: Path) -> None:
    """Refuse a token-bearing file that group or others can read: the token would leak."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"{path}: readable by other users (mode {stat.S_IMODE(mode):o}); "
            f"it holds a token, so run: chmod 600 {path}"
        )


def read_token_file(path: Path) -> Secret:
    """The token on the first line of a private file."""
    try:
        require_private(path)
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read token file ({error.strerror})") from None
    token = text.strip()
    if not token or "\n" in token:
        raise ConfigurationError(f"{path}: expected the token alone on one line")
    return Secret(token)


def read_config_file(path: Path) -> Mapping[str, object]:
    """The parsed config file, or an empty mapping when there is none."""
    if not path.exists():
        return {}
    try:
        require_private(path)
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read config file ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(f"{path}: invalid TOML ({error})") from None


def _roles(config: Mapping[str, object], path: Path) -> Mapping[str, int]:
    table = config.get("roles", {})
    if not isinstance(table, dict) or not all(
        isinstance(key, str) and isinstance(value, int) and not isinstance(value, bool)
        for key, value in table.items()
    ):
        raise ConfigurationError(f"{path}: [roles] must map role shortnames to integer ids")
    return {**DEFAULT_ROLES, **table}


def _timeouts(config: Mapping[str, object], path: Path) -> Timeouts:
    table = config.get("timeouts", {})
    if not isinstance(table, dict) or set(table) - {"connect", "read"}:
        raise ConfigurationError(f"{path}: [timeouts] accepts only 'connect' and 'read' (seconds)")
    values = {key: float(value) for key, value in table.items() if isinstance(value, int | float)}
    if len(values) != len(table) or any(value <= 0 for value in values.values()):
        raise ConfigurationError(f"{path}: [timeouts] values must be positive numbers of seconds")
    return Timeouts(**values)


def _text(config: Mapping[str, object], key: str, path: Path) -> str | None:
    value = config.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigurationError(f"{path}: '{key}' must be a string")
    return value


def load_settings(
    *,
    url: str | None = None,
    token_file: str | None = None,
    allow_http: bool = False,
    environ: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> ClientSettings:
    """Assemble the client settings from options, environment and config file."""
    environ = os.environ if environ is None else environ
    path = config_path or Path(environ.get("SYNC_HELPER_CONFIG") or default_config_path())
    config = read_config_file(path)
    if token_file:
        token = read_token_file(Path(token_file))
    else:
        token = Secret((environ.get("MOODLE_TOKEN") or _text(config, "token", path) or "").strip())
    allow = allow_http or config.get("allow_http") is True
    return ClientSettings(
        url=url or environ.get("MOODLE_URL") or _text(config, "url", path) or "",
        token=token,
        timeouts=_timeouts(config, path),
        roles=_roles(config, path),
        allow_http=allow,
    )
