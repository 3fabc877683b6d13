"""Where the URL, token and role table come from: options, environment, private files.

Precedence, highest first: ``--url`` / ``--token-file``, then ``MOODLE_URL`` /
``MOODLE_TOKEN``, then the config file (``config.toml`` in the user config directory).
Files holding a token must not be readable by group or others.
"""

from __future__ import annotations

import math
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


def require_private(path: Path, mode: int) -> None:
    """Refuse a token-bearing file that group or others can read: the token would leak."""
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"{path}: readable by other users (mode {stat.S_IMODE(mode):o}); "
            f"it holds a token, so run: chmod 600 {path}"
        )


#: A token is 32 characters; a config file a few lines. Anything far larger is not one.
MAX_PRIVATE_FILE = 64 * 1024


def read_private_file(path: Path, what: str) -> bytes:
    """The bytes of a small, private, regular file; never blocks on a FIFO or a device.

    The file is opened without blocking and checked on the open descriptor, so a FIFO, a
    device or a directory put where a file was expected is refused instead of waited on.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read {what} ({error.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigurationError(f"{path}: not a regular file; the {what} must be a file")
        require_private(path, info.st_mode)
        if info.st_size > MAX_PRIVATE_FILE:
            raise ConfigurationError(
                f"{path}: {info.st_size} bytes, too large for a {what} "
                f"(at most {MAX_PRIVATE_FILE // 1024} KB)"
            )
        return os.read(descriptor, MAX_PRIVATE_FILE + 1)
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read {what} ({error.strerror})") from None
    finally:
        os.close(descriptor)


def read_token_file(path: Path) -> Secret:
    """The token on the first line of a private text file.

    No message ever quotes the file's content: whatever it holds may be the token.
    """
    data = read_private_file(path, "token file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigurationError(
            f"{path}: not a text file (not valid UTF-8); expected the token alone on one line"
        ) from None
    token = text.strip()
    if not token or any(char.isspace() or not char.isprintable() for char in token):
        raise ConfigurationError(f"{path}: expected the token alone on one line")
    return Secret(token)


def read_config_file(path: Path) -> Mapping[str, object]:
    """The parsed config file, or an empty mapping when there is none."""
    if not path.exists():
        return {}
    data = read_private_file(path, "config file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigurationError(f"{path}: not a text file (not valid UTF-8)") from None
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


#: The longest wait accepted for a connection or an answer, in seconds.
MAX_TIMEOUT = 3600.0


def _timeouts(config: Mapping[str, object], path: Path) -> Timeouts:
    table = config.get("timeouts", {})
    if not isinstance(table, dict) or set(table) - {"connect", "read"}:
        raise ConfigurationError(f"{path}: [timeouts] accepts only 'connect' and 'read' (seconds)")
    values = {
        key: float(value)
        for key, value in table.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    if len(values) != len(table) or not all(
        math.isfinite(value) and 0 < value <= MAX_TIMEOUT for value in values.values()
    ):
        raise ConfigurationError(
            f"{path}: [timeouts] values must be numbers of seconds between 0 and {MAX_TIMEOUT:g} "
            "(not nan or inf: a call must never wait forever)"
        )
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
