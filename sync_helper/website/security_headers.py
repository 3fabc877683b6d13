"""The HTTP headers the published site is meant to be served with (docs/donnees.md, README).

The policy allows only the site's own files: no inline script (the theme's inline bits are
served as files, overrides/partials/javascripts/), no third-party request, no framing. The tests
serve the built site with these headers and check that every page works without a violation.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
}
