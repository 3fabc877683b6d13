"""Where « Préparer la commande » goes in a page: the element command-builder.js fills.

The builder itself (form, commands, Moodle links) is the script's: a page only says which
Moodle site, which cohort codes to start with, and where the code index's search data is.
"""

from __future__ import annotations

from html import escape

ADMIN_SUMMARY = "Pour les administrateurs Moodle"
WITHOUT_SCRIPT = (
    "Ce formulaire prépare les commandes sync-helper et le lien vers le formulaire de Moodle ; "
    "il a besoin de JavaScript."
)


def builder_element(moodle_url: str, codes: list[str], search_data: str = "") -> str:
    """The builder's element; ``search_data`` is the URL of the index's search files."""
    attributes = {
        "class": "command-builder",
        "data-moodle-url": moodle_url,
        "data-codes": " ".join(codes),
        "data-search": search_data,
    }
    shown = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items() if value)
    return f"<div {shown}><p>{WITHOUT_SCRIPT}</p></div>"


def admin_block(moodle_url: str, codes: list[str], search_data: str) -> str:
    """The builder in a collapsed block, so that teachers reading the page are not misled."""
    return (
        f'<details class="command-builder-details"><summary>{ADMIN_SUMMARY}</summary>'
        "<p>Préparer la commande : le cours, les cohortes, le rôle et le groupe donnent la "
        "commande <code>sync-helper</code> à copier (il faut un jeton de service web), ou le "
        "formulaire de Moodle à remplir.</p>"
        f"{builder_element(moodle_url, codes, search_data)}</details>"
    )
