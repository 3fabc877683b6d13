"""Request fields as PHP fills ``$_GET`` and ``$_POST``, merged as Moodle's REST server does.

Query string and body are decoded separately, then merged at the top level with the body
winning (``array_merge($_GET, $_POST)``). Bodies are read only when form-encoded or
multipart, like PHP; a JSON body is ignored, as by Moodle.
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

from sync_helper.sim.params import PhpArray, parse_php_form


def request_fields(query: str, content_type: str, body: bytes) -> PhpArray:
    """The merged fields of one request."""
    fields = parse_php_form(parse_qsl(query, keep_blank_values=True))
    fields.update(parse_php_form(_body_pairs(content_type, body)))
    return fields


def _body_pairs(content_type: str, body: bytes) -> list[tuple[str, str]]:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        return parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    if kind == "multipart/form-data":
        return _multipart_pairs(content_type, body)
    return []


def _multipart_pairs(content_type: str, body: bytes) -> list[tuple[str, str]]:
    """Named non-file parts of a multipart body (uploaded files are not parameters)."""
    header = b"Content-Type: " + content_type.encode("latin-1", errors="replace") + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(header + body)
    if not message.is_multipart():
        return []
    pairs = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename():
            continue
        payload = part.get_payload(decode=True) or b""
        pairs.append((name, payload.decode("utf-8", errors="replace")))
    return pairs
