"""The formation-code index as site pages: the search page, one page per composante and formation.

Composante and formation pages are pre-rendered HTML (front matter ``prerendered: true``):
thousands of them would spend most of the build in Python-Markdown's HTML parser, and data
never meets the Markdown syntax (a ``*`` or ``<script>`` in a label stays text, escaped here).
The search page is ordinary Markdown, so MkDocs still checks its links.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from sync_helper.catalog import page_shell
from sync_helper.catalog.command_builder import admin_block
from sync_helper.catalog.model import Catalog, Composante, Element, Formation
from sync_helper.catalog.text import fold

INDEX_TITLE = "Trouver mon code"
INDEX_PAGE = "codes/index.md"
SEARCH_DATA_DIR = "codes/search"
# Moodle's facts per cohort code, in the search data when the site is built with them.
COHORT_FACTS_FILE = "cohorts.json"
# The tutorial step where the cohort code is typed; its heading id is checked by a test.
TUTORIAL_PAGE = "tutoriel.md"
TUTORIAL_STEP_ANCHOR = "synchroniser-la-cohorte"
TUTORIAL_STEP_TITLE = "Synchroniser la cohorte"


def formation_page_path(formation: Formation | str) -> str:
    """Source path of a formation's page; codes are validated ``[A-Za-z0-9_-]``.

    Given ``"{code}"``, the pattern the search script fills in with each result's code.
    """
    code = formation if isinstance(formation, str) else formation.code
    return f"codes/formations/{code}.md"


def composante_page_path(composante_code: str) -> str:
    """Source path of a composante's page."""
    return f"codes/composantes/{composante_code}.md"


@dataclass(frozen=True)
class SiteLinks:
    """Page URLs as MkDocs will make them, for links written in pre-rendered HTML."""

    use_directory_urls: bool = True

    def url(self, src: str) -> str:
        """Site-relative URL of the page built from ``src`` (``codes/formations/X/``)."""
        stem = src.removesuffix(".md")
        if not self.use_directory_urls:
            return f"{stem}.html"
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/"

    def output_path(self, src: str) -> str:
        """Where in the site directory the page built from ``src`` is written."""
        url = self.url(src)
        return f"{url}index.html" if url.endswith("/") or not url else url

    def relative(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """Link from one page to another (``../../tutoriel/#step``)."""
        here = self.url(from_src)
        start = here if here.endswith("/") or not here else posixpath.dirname(here)
        target = self.url(to_src)
        link = posixpath.relpath(target or ".", start or ".")
        if target.endswith("/") or not target:
            link = f"{link}/"
        return escape(link + (f"#{anchor}" if anchor else ""))


def _front_matter(title: str, *, prerendered: bool = True) -> str:
    """Page title (HTML already: Material prints ``page.meta.title`` verbatim), no search.

    The generated pages stay out of Material's own search index: the code search covers them,
    and thousands of near-identical entries would drown the prose pages.
    """
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        "search:\n  exclude: true\n" + ("prerendered: true\n" if prerendered else "") + "---\n\n"
    )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def _copy_button(text: str) -> str:
    """Material's clipboard integration copies ``data-clipboard-text`` on click."""
    value = escape(text)
    return (
        f'<button class="code-index-copy md-icon" type="button" data-clipboard-text="{value}"'
        f' title="Copier {value}" aria-label="Copier le code {value}"></button>'
    )


def _facts(rows: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{escape(name)}</dt><dd>{value}</dd>" for name, value in rows if value)
    return f'<dl class="code-index-facts">{items}</dl>'


ELEMENT_COLUMNS = (
    "Élément",
    "Code",
    "Nature",
    "Période",
    "ECTS",
    "Heures",
    "CM",
    "TD",
    "TP",
)


# Columns a 390 px phone hides (CSS), so the tree, its codes and periods fit without scrolling.
DETAIL_COLUMNS = frozenset({"Nature", "Heures", "CM", "TD", "TP"})


def _column_class(name: str) -> str:
    classes = ["code-index-number"] if name in ("ECTS", "Heures", "CM", "TD", "TP") else []
    classes += ["code-index-detail"] if name in DETAIL_COLUMNS else []
    classes += ["code-index-code"] if name == "Code" else []
    return f' class="{" ".join(classes)}"' if classes else ""


# Element rows are indented by tree depth through a data attribute matched by code-search.css
# (not an inline style: the site's Content-Security-Policy has no 'unsafe-inline'), up to here.
INDENTED_DEPTHS = 8


def _element_row(depth: int, element: Element) -> str:
    values = [
        f"<code>{escape(element.code)}</code>",
        escape(element.nature),
        escape(element.period),
        *(
            _number(value)
            for value in (
                element.ects,
                element.hours,
                element.hours_cm,
                element.hours_td,
                element.hours_tp,
            )
        ),
    ]
    indent = min(depth, INDENTED_DEPTHS)
    label = f'<td class="code-index-label" data-depth="{indent}">{escape(element.label)}</td>'
    cells = [
        f"<td{_column_class(name)}>{value}</td>"
        for name, value in zip(ELEMENT_COLUMNS[1:], values, strict=True)
    ]
    return f"<tr>{label}{''.join(cells)}</tr>"


def _element_table(formation: Formation) -> str:
    rows = "".join(_element_row(depth, element) for depth, element in formation.walk_elements())
    if not rows:
        return "<p>Aucun élément pédagogique n'est décrit pour cette formation.</p>"
    head = "".join(f'<th scope="col"{_column_class(n)}>{n}</th>' for n in ELEMENT_COLUMNS)
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        f'<table class="code-index-elements"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div></div>"
    )


EXAMPLE_NOTICE = (
    '<div class="admonition warning"><p class="admonition-title">Exemple — données fictives</p>'
    "<p>Cette formation est un exemple inventé pour la démonstration : son code ne correspond "
    "à aucune cohorte réelle.</p></div>"
)


def formation_page_title(formation: Formation) -> str:
    """HTML-escaped, as Material prints ``page.meta.title`` verbatim."""
    return escape(f"{formation.code} — {formation.label}")


def formation_page_body(
    formation: Formation,
    catalog: Catalog,
    links: SiteLinks,
    moodle_facts: str = "",
    moodle_url: str = "",
) -> str:
    """The APOGEE-like view of one formation, with what a teacher copies into Moodle.

    ``moodle_facts``: HTML saying what Moodle has for the cohort, when the site knows it;
    ``moodle_url``: the institution's Moodle, for the administrators' command builder.
    """
    here = formation_page_path(formation)
    cohort = formation.cohort_code(catalog.cohort_template)
    composante = catalog.composantes[formation.composante]
    composante_href = links.relative(here, composante_page_path(composante.code))
    tutorial_href = links.relative(here, TUTORIAL_PAGE, TUTORIAL_STEP_ANCHOR)
    facts = _facts(
        [
            ("Code de la formation", f"<code>{escape(formation.code)}</code>"),
            ("Année universitaire", escape(formation.year)),
            ("Composante", f'<a href="{composante_href}">{escape(composante.label)}</a>'),
            ("ECTS", _number(formation.ects)),
            ("Heures", _number(formation.hours)),
        ]
    )
    search_data = links.relative(here, f"{SEARCH_DATA_DIR}/index.md").removesuffix("index.html")
    parts = [
        f"<h1>{escape(formation.label)} <small>{escape(formation.code)}</small></h1>",
        EXAMPLE_NOTICE if formation.example else "",
        '<div class="code-index-cohort"><p>Cohorte à choisir dans Moodle '
        "(champ « Cohorte » de la méthode « Synchronisation des cohortes ») :</p>"
        f'<p class="code-index-cohort-code"><code>{escape(cohort)}</code> '
        f"{_copy_button(cohort)}</p></div>",
        moodle_facts,
        facts,
        f'<p>Voir l\'étape <a href="{tutorial_href}">{TUTORIAL_STEP_TITLE}</a> du tutoriel.</p>',
        "<h2>Structure des enseignements</h2>",
        _element_table(formation),
        admin_block(moodle_url, [cohort], search_data),
    ]
    return "\n".join(parts) + "\n"


def _formation_list(
    formations: Iterable[Formation], catalog: Catalog, here: str, links: SiteLinks
) -> str:
    rows = []
    for formation in formations:
        cohort = formation.cohort_code(catalog.cohort_template)
        href = links.relative(here, formation_page_path(formation))
        example = ' <span class="code-index-example">exemple</span>' if formation.example else ""
        rows.append(
            f'<tr><td><a href="{href}">{escape(formation.label)}</a>{example}</td>'
            f'<td class="code-index-code"><code>{escape(cohort)}</code> {_copy_button(cohort)}</td>'
            f"<td>{escape(formation.year)}</td></tr>"
        )
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        '<table class="code-index-formations"><thead><tr><th scope="col">Formation</th>'
        '<th scope="col">Cohorte</th><th scope="col">Année</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def render_composante_page(
    composante: Composante,
    formations: list[Formation],
    catalog: Catalog,
    links: SiteLinks,
    antennes: Iterable[tuple[Composante, list[Formation]]] = (),
) -> str:
    """Every formation of a composante and of its antennes: the no-JavaScript path to a code."""
    here = composante_page_path(composante.code)
    site = f"<p>Site : {escape(composante.site)}</p>" if composante.site else ""
    parts = [
        _front_matter(escape(f"{composante.code} — {composante.label}")),
        f"<h1>{escape(composante.label)} <small>{escape(composante.code)}</small></h1>",
        site,
        _formation_list(formations, catalog, here, links) if formations else "",
    ]
    for antenne, listed in antennes:
        where = f" ({escape(antenne.site)})" if antenne.site else ""
        parts += [
            f"<h2>Antenne : {escape(antenne.label)}{where}</h2>",
            _formation_list(listed, catalog, here, links),
        ]
    return "\n".join(parts) + "\n"


# Shown by the script when a query finds nothing: what to try instead.
SEARCH_HINT = (
    '<div class="code-search-hint" hidden><p>Essayez :</p><ul>'
    "<li>le code de la formation (<code>L1CHIM231</code>) ou seulement son début "
    "(<code>L1CHIM</code>), ou le code d'un enseignement (<code>RETHC01</code>) ;</li>"
    "<li>moins de mots, sans abréviation rare : « L1 chimie », « thermodynamique » ;</li>"
    '<li>la <a href="#par-composante">liste par composante</a>, plus bas.</li></ul></div>'
)


def _search_widget(links: SiteLinks, cohort_facts: bool) -> str:
    formation_url = links.relative(INDEX_PAGE, formation_page_path("{code}"))
    # Only a site built with Moodle's cohort facts has the file: no request for it otherwise.
    facts = f' data-cohort-facts="{COHORT_FACTS_FILE}"' if cohort_facts else ""
    return (
        # The search data folder is next to the search page whatever the URL style.
        '<div class="code-search" data-source="search/"'
        f' data-formation-url="{formation_url}"{facts}>'
        '<label class="code-search-label" for="code-search-input">'
        "Code ou intitulé d'une formation ou d'un enseignement</label>"
        '<input id="code-search-input" class="code-search-input" type="search" autocomplete="off"'
        ' spellcheck="false"'
        ' placeholder="ex. L1CHIM231, L1 chimie, thermodynamique, chimie beauvais"'
        ' aria-describedby="code-search-status" aria-controls="code-search-results">'
        '<p id="code-search-status" class="code-search-status" role="status"'
        ' aria-live="polite"></p>'
        f"{SEARCH_HINT}"
        '<ol id="code-search-results" class="code-search-results"></ol>'
        "<noscript><p>La recherche nécessite JavaScript ; la liste des composantes ci-dessous "
        "mène à toutes les formations.</p></noscript></div>"
    )


def _composante_item(code: str, catalog: Catalog, counts: dict[str, int], links: SiteLinks) -> str:
    count = counts.get(code, 0)
    label = f"{count} formation{'s' if count > 1 else ''}"
    href = links.relative(INDEX_PAGE, composante_page_path(code))
    return (
        f'<a href="{href}">{escape(catalog.composantes[code].label)}</a> <small>({label})</small>'
    )


def composante_tree(catalog: Catalog) -> list[tuple[str, list[str]]]:
    """Composantes sorted by label, each with its antennes (sorted too); unused ones left out.

    A composante is listed when it or one of its antennes has formations; an antenne whose
    parent is unknown is listed on its own.
    """
    used = {formation.composante for formation in catalog.formations}
    by_label = sorted(catalog.composantes, key=lambda c: (fold(catalog.composantes[c].label), c))
    children: dict[str, list[str]] = {}
    for code in by_label:
        parent = catalog.composantes[code].parent
        if parent in catalog.composantes and parent != code and code in used:
            children.setdefault(parent, []).append(code)
    tops = [
        c
        for c in by_label
        if catalog.composantes[c].parent not in catalog.composantes
        or catalog.composantes[c].parent == c
    ]
    return [(code, children.get(code, [])) for code in tops if code in used or children.get(code)]


def render_index_page(catalog: Catalog, links: SiteLinks, cohort_facts: bool = False) -> str:
    """The search page, and the list of composantes that works without JavaScript.

    ``cohort_facts``: the search data has Moodle's facts per cohort (:data:`COHORT_FACTS_FILE`).
    """
    counts: dict[str, int] = {}
    for formation in catalog.formations:
        counts[formation.composante] = counts.get(formation.composante, 0) + 1
    items = []
    for code, antennes in composante_tree(catalog):
        nested = "".join(
            f"<li>{_composante_item(a, catalog, counts, links)}</li>" for a in antennes
        )
        nested = f"<ul>{nested}</ul>" if nested else ""
        items.append(f"<li>{_composante_item(code, catalog, counts, links)}{nested}</li>")
    return (
        _front_matter(escape(INDEX_TITLE), prerendered=False)
        + f"# {INDEX_TITLE}\n\n"
        + "Tapez le code ou l'intitulé de votre formation, ou celui d'un enseignement "
        "(par exemple « L1 chimie », « thermodynamique » ou « RETHC01 ») : la page affiche la "
        "cohorte à choisir dans Moodle, avec un bouton pour la copier. Les formations de "
        "l'année en cours viennent en premier.\n\n"
        + _search_widget(links, cohort_facts)
        + "\n\n## Par composante\n\n"
        + f'<ul class="code-index-composantes">{"".join(items)}</ul>\n\n'
        + "## Téléchargements\n\n"
        + "- [Toutes les formations (CSV)](formations.csv)\n"
        + "- [Toutes les formations (JSON)](formations.json)\n"
    )


def render_shell_page() -> str:
    """The formation page every other is made from (see :mod:`page_shell`)."""
    return _front_matter(page_shell.TITLE) + page_shell.BODY + "\n"


SHELL_PAGE = formation_page_path(page_shell.PAGE)
