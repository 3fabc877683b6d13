"""Response bodies byte for byte as Moodle's REST server writes them.

JSON: PHP's ``json_encode`` with no flags (``\\/`` and ``\\uXXXX`` escapes, no spaces).
XML: the REST server's hand-written ``<RESPONSE>``/``<EXCEPTION>`` format, which walks the
*description* (so absent optional keys appear as null) rather than the value.
"""

from __future__ import annotations

import json
from typing import Any

from sync_helper.sim.describe import Description, Multiple, Single, Value
from sync_helper.sim.errors import WsError

XML_HEADER = '<?xml version="1.0" encoding="UTF-8" ?>\n'


def php_json(value: Any) -> str:
    """``json_encode($value)``: ASCII-only, slashes escaped, compact."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def json_error(error: WsError, *, modern: bool, debug: bool) -> str:
    """The REST error envelope ``{exception, errorcode, message[, debuginfo]}``."""
    body = {
        "exception": error.class_name(modern),
        "errorcode": error.errorcode,
        "message": error.message,
    }
    if debug and error.debuginfo:
        body["debuginfo"] = error.debuginfo
    return php_json(body)


def _escape(text: str) -> str:
    """PHP ``htmlspecialchars`` with ENT_COMPAT: &, <, > and double quotes."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def xml_response(desc: Description | None, value: Any) -> str:
    """``<RESPONSE>`` wrapping the value, walked through its description."""
    return f"{XML_HEADER}<RESPONSE>\n{_xmlize(desc, value)}</RESPONSE>\n"


def xml_error(error: WsError, *, modern: bool, debug: bool) -> str:
    """``<EXCEPTION class=…>`` with ERRORCODE, MESSAGE and, in debug mode, DEBUGINFO."""
    lines = [
        f'<EXCEPTION class="{_escape(error.class_name(modern))}">',
        f"<ERRORCODE>{_escape(error.errorcode)}</ERRORCODE>",
        f"<MESSAGE>{_escape(error.message)}</MESSAGE>",
    ]
    if debug:
        lines.append(f"<DEBUGINFO>{_escape(error.debuginfo or '')}</DEBUGINFO>")
    lines.append("</EXCEPTION>")
    return XML_HEADER + "\n".join(lines) + "\n"


def _xmlize(desc: Description | None, value: Any) -> str:
    if desc is None:
        return ""
    if isinstance(desc, Value):
        if value is None:
            return '<VALUE null="null"/>\n'
        if isinstance(value, bool):
            value = int(value)
        return f"<VALUE>{_escape(str(value))}</VALUE>\n"
    if isinstance(desc, Multiple):
        items = "".join(_xmlize(desc.content, item) for item in value or [])
        return f"<MULTIPLE>\n{items}</MULTIPLE>\n"
    return _xmlize_single(desc, value or {})


def _xmlize_single(desc: Single, value: dict[str, Any]) -> str:
    keys = "".join(
        f'<KEY name="{key}">{_xmlize(sub, value.get(key))}</KEY>\n'
        for key, sub in desc.keys.items()
    )
    return f"<SINGLE>\n{keys}</SINGLE>\n"
