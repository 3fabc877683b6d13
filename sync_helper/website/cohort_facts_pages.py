"""Moodle's cohort facts on the code index: a block per formation, a list of missing cohorts.

Given the export of ``sync-helper cohorts export`` (:mod:`sync_helper.cohort_facts`), each
formation page says whether its cohort exists in Moodle, is visible and how many members it
has, pointing at the FAQ cause that explains a problem; the « absentes de Moodle » page lists
the catalog's cohort codes no Moodle cohort carries (and the hidden or empty ones), for
support staff; the search data gets the same facts per cohort code.
"""

from __future__ import annotations

import json
from html import escape

from sync_helper.catalog.model import Catalog, Formation
from sync_helper.catalog.pages import (
    COHORT_FACTS_FILE,
    SEARCH_DATA_DIR,
    SiteLinks,
    composante_page_path,
    formation_page_path,
)
from sync_helper.cohort_facts import CATEGORY, CohortFact, CohortFacts

FAQ_PAGE = "faq-cohorte-absente.md"
DATA_PAGE = "donnees.md"
DATA_PAGE_ANCHOR = "cohortes-moodle"
MISSING_PAGE = "codes/absentes.md"
MISSING_TITLE = "Cohortes absentes de Moodle"
SEARCH_FACTS = f"{SEARCH_DATA_DIR}/{COHORT_FACTS_FILE}"
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_date(timestamp: str) -> str:
    """``2026-12-01T10:00:00Z`` → ``1er décembre 2026`` (the text as written if unreadable)."""
    try:
        year, month, day = (int(part) for part in timestamp[:10].split("-"))
        name = MONTHS[month - 1]
    except (ValueError, IndexError):
        return timestamp
    return f"{'1er' if day == 1 else day} {name} {year}"


def members_text(count: int) -> str:
    """``64 membres``, ``1 membre``, ``12 345 membres`` (narrow no-break space in thousands)."""
    number = f"{count:,}".replace(",", "\u202f")
    return f"{number} membre{'s' if count > 1 else ''}"


def _faq(links: SiteLinks, here: str, anchor: str, text: str) -> str:
    return f'<a href="{links.relative(here, FAQ_PAGE, anchor)}">{text}</a>'


def _status(fact: CohortFact | None, links: SiteLinks, here: str) -> tuple[str, list[str]]:
    """Admonition kind and sentences for one cohort's state."""
    if fact is None:
        missing = links.relative(here, MISSING_PAGE)
        return "warning", [
            "Aucune cohorte ne porte ce code dans Moodle : elle n'a pas encore été créée, ou "
            "son code est différent (voir "
            f"{_faq(links, here, 'mauvaise-annee', 'la FAQ')} et la "
            f'<a href="{missing}">liste des cohortes absentes</a>).'
        ]
    sentences = [f"La cohorte existe dans Moodle et compte {members_text(fact.members)}."]
    kind = "success"
    if not fact.visible:
        kind = "warning"
        sentences.append(
            "Elle est masquée : les enseignants ne la voient pas dans le formulaire "
            f"({_faq(links, here, 'cohorte-masquee', 'que faire')})."
        )
    if fact.members == 0:
        kind = "warning"
        sentences.append(
            "Elle est vide pour l'instant "
            f"({_faq(links, here, 'cohorte-vide', 'ce que cela veut dire')})."
        )
    if fact.context == CATEGORY:
        sentences.append(
            "Elle est rangée dans une catégorie de cours : seuls les cours de cette catégorie "
            f"peuvent l'utiliser ({_faq(links, here, 'autre-categorie', 'voir la FAQ')})."
        )
    return kind, sentences


def cohort_status_html(
    formation: Formation, catalog: Catalog, facts: CohortFacts, links: SiteLinks
) -> str:
    """The formation page's « Dans Moodle » block."""
    here = formation_page_path(formation)
    fact = facts.by_idnumber.get(formation.cohort_code(catalog.cohort_template))
    kind, sentences = _status(fact, links, here)
    source = f"D'après l'export des cohortes de Moodle du {french_date(facts.exported_at)}."
    body = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    return (
        f'<div class="admonition {kind} cohort-facts" data-cohort-facts="{escape(kind)}">'
        '<p class="admonition-title">Dans Moodle</p>'
        f'{body}<p class="cohort-facts-source"><small>{escape(source)}</small></p></div>'
    )


def _formation_table(
    formations: list[tuple[Formation, str, str]], catalog: Catalog, links: SiteLinks
) -> str:
    rows = "".join(
        f'<tr><td><a href="{links.relative(MISSING_PAGE, formation_page_path(formation))}">'
        f"{escape(formation.label)}</a></td><td><code>{escape(code)}</code></td>"
        f'<td><a href="{links.relative(MISSING_PAGE, composante_page_path(formation.composante))}">'
        f"{escape(catalog.composantes[formation.composante].label)}</a></td>"
        f"<td>{escape(detail)}</td></tr>"
        for formation, code, detail in formations
    )
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        '<table><thead><tr><th scope="col">Formation</th>'
        '<th scope="col">Code de cohorte</th><th scope="col">Composante</th>'
        '<th scope="col">Dans Moodle</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></div>"
    )


def _front_matter() -> str:
    return (
        f"---\ntitle: {json.dumps(MISSING_TITLE, ensure_ascii=False)}\n"
        "search:\n  exclude: true\nprerendered: true\n---\n\n"
    )


def missing_cohorts_page(catalog: Catalog, facts: CohortFacts, links: SiteLinks) -> str:
    """The support staff's list: catalog cohort codes missing from Moodle, hidden or empty."""
    data_link = links.relative(MISSING_PAGE, DATA_PAGE, DATA_PAGE_ANCHOR)
    parts = [_front_matter(), f"<h1>{MISSING_TITLE}</h1>"]
    known = facts.by_idnumber
    missing, hidden, empty = [], [], []
    for formation in catalog.formations:
        code = formation.cohort_code(catalog.cohort_template)
        fact = known.get(code)
        if fact is None:
            missing.append((formation, code, "absente"))
        elif not fact.visible:
            hidden.append((formation, code, f"masquée, {members_text(fact.members)}"))
        elif fact.members == 0:
            empty.append((formation, code, "vide"))
    parts.append(
        f"<p>D'après l'export des cohortes de {escape(facts.moodle_url)} du "
        f"{french_date(facts.exported_at)} ({len(facts.cohorts)} cohortes), comparé aux "
        f"{len(catalog.formations)} formations du catalogue. L'export se refait avec "
        f'<code>sync-helper cohorts export</code> (<a href="{data_link}">voir comment</a>).</p>'
    )
    for title, rows, none in [
        ("Aucune cohorte ne porte ce code", missing, "Chaque formation a sa cohorte."),
        ("Cohortes masquées", hidden, "Aucune cohorte du catalogue n'est masquée."),
        ("Cohortes vides", empty, "Aucune cohorte du catalogue n'est vide."),
    ]:
        parts.append(f"<h2>{title} ({len(rows)})</h2>")
        parts.append(_formation_table(rows, catalog, links) if rows else f"<p>{none}</p>")
    return "\n".join(parts) + "\n"


def search_facts_json(catalog: Catalog, facts: CohortFacts) -> str:
    """Per catalog cohort code: ``null`` when Moodle has none, else its visibility and size."""
    known = facts.by_idnumber
    cohorts: dict[str, dict[str, object] | None] = {}
    for formation in catalog.formations:
        code = formation.cohort_code(catalog.cohort_template)
        fact = known.get(code)
        cohorts[code] = (
            None
            if fact is None
            else {"visible": fact.visible, "members": fact.members, "context": fact.context}
        )
    data = {"exported_at": facts.exported_at, "cohorts": cohorts}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
