"""What a page ran that it should not have: hostile payloads, dialogs, CSP violations.

Hostile data calls ``__pwned(…)``; the watch defines it (and replaces the dialog functions)
before any script of the page runs, and records Content-Security-Policy violations. After the
page settled, :func:`live_markup_problems` reads the live DOM, scripts included: any inline
script, event-handler attribute or ``javascript:`` URL there is a failure, whoever wrote it.
"""

from __future__ import annotations

from playwright.sync_api import Page

WATCH = """
window.__executed = [];
window.__violations = [];
window.__pwned = (what) => window.__executed.push(String(what));
for (const name of ["alert", "confirm", "prompt", "print"])
  window[name] = () => window.__executed.push(name);
document.addEventListener("securitypolicyviolation", (event) =>
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`));
"""

LIVE_MARKUP = """() => {
  const problems = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      const handler = /^on[a-z]+$/.test(attribute.name)
        && (attribute.name in element || attribute.name in window);
      if (handler) problems.push(`${element.localName}[${attribute.name}]`);
      if (/^(javascript|vbscript|data:text\\/html)/.test(value)
          && ["href", "src", "action", "formaction", "xlink:href"].includes(attribute.name))
        problems.push(`${element.localName}[${attribute.name}=${attribute.value}]`);
    }
    if (element.localName === "script" && !element.src && element.type !== "application/json")
      problems.push(`inline script: ${element.textContent.slice(0, 80)}`);
  }
  return problems;
}"""


def watch(page: Page) -> list[str]:
    """Start watching ``page``; the returned list collects the dialogs it opens."""
    dialogs: list[str] = []
    page.add_init_script(WATCH)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def executed(page: Page) -> list[str]:
    """The payloads and dialog functions the page called."""
    return page.evaluate("window.__executed || []")


def violations(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page reported."""
    return page.evaluate("window.__violations || []")


def live_markup_problems(page: Page) -> list[str]:
    """Inline scripts, event handlers and script URLs in the live DOM."""
    return page.evaluate(LIVE_MARKUP)
