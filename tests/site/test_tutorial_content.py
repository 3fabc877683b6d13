"""The built tutorial carries every step and fact of the source tutorial, in both languages.

Readers look for Moodle's exact French labels on screen, so labels are compared exactly; the
seed's facts (composantes, the L1CHIM231 structure, 64 students) are compared row by row.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from tests.conftest import ROOT
from tests.site.rendered_page import Element, load_page, main_content, normalise

pytestmark = pytest.mark.build

INSTITUTION = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))

COMPOSANTES = [
    ("005 - UFR de Medecine", ["051 - Ecoles Paramedicales"]),
    ("006 - UFR de Pharmacie", []),
    ("007 - IUT de l'Oise - BEAUVAIS", ["071 - IUT de l'Oise - CREIL"]),
    ("008 - IUT d'Amiens", []),
    ("009 - INSSET de St Quentin", []),
    ("010 - UFR des Sciences", ["IUT - UFR des Sciences - BEAUVAIS"]),
    ("012 - UFR des Lettres", ["121 - UFR des Lettres - BEAUVAIS"]),
    (
        "013 - UFR de Langues et Cultures Etrangeres",
        ["131 - UFR de Langues et Cult. Etr. - BEAUVAIS"],
    ),
    (
        "014 - UFR Sciences Humaines, Sociales et Philo",
        ["141 - UFR Sci. Hum., Soc. et Philo - BEAUVAIS"],
    ),
    ("015 - UFR d'Histoire et de Geographie", []),
    ("016 - UFR en Arts", []),
    (
        "018 - IUT de l'Aisne - LAON",
        ["181 - IUT de l'Aisne - SOISSONS", "182 - IUT de l'Aisne - ST QUENTIN"],
    ),
    ("Institut Préparatoire Arme Générale", []),
]

# One row per line, as in the seed: label|code|nature|period|ECTS|Nb IP|Volume HE|CM|TD|TP|
# code liste|observations.
STRUCTURE_ROWS = """
VETMiroir LICENCE 1 CHIMIE|L1CHIM-4|VETM|AN|60|-|||||L1CHIM-4|(O)
PORTAIL L1 PHYSIQUE-CHIMIE|POCHPH1|PAR|AN|60|-|||||POCHPH1|(O)
Progression Licence 1 --> Licence 2|POCHPH1C|EF|AN||||||||
Bonus Optionnel Licence 1 Semestre 1|LBOSCS1|EC|S1||||||||
Bonus Optionnel Licence 1 Semestre 2|LBOSCS2|EC|S2||||||||
Choix Groupe L1|CHGRL1|EF|AN||||||||
Compétence 1 Mobiliser les concepts fondamentaux - Niveau 1|BCCY11|BC|AN|42||||||BCCY11|(O)
UE Compétence 1 Semestre 1|UECY11|UE|S1|24||||||UECY11|(O)
Méthodes et techniques de calcul|REMT01|RESS|S1|3||30 HE|12|18|||
De l'atome à la liaison|REDAL01|RESS|S1|2||24 HE|12|12|||
Représentation des molécules organiques en 2D|RERMO01|RESS|S1|2||12 HE|6|6|||
Nomenclature|RENOM01|RESS|S1|1||7 HE|1|6|||
Thermodynamique et cinétique|RETHC01|RESS|S1|2||24 HE|12|12|||
Les entités chimiques|RELECO1|RESS|S1|2||11 HE|7|4|||
Physique du mouvement|BEPHM01|RESS|S1|6||48 HE|21|21|6||
Circuits électriques|BECIE01|RESS|S1|6||48 HE|20|22|6||
UE Compétence 1 Semestre 2|UECY12|UE|S2|18||||||UECY12|(O)
Probabilités et statistiques|REPRS02|RESS|S2|3||30 HE|12|18|||
La molécule organique en 3D|REMOO02|RESS|S2|2||18 HE|6|12|||
Les effets électroniques|RELEE02|RESS|S2|1||10 HE|4|6|||
"""
STRUCTURE = [tuple(line.split("|")) for line in STRUCTURE_ROWS.strip().splitlines()]

FIGURES = [
    "illustration-cas",
    "illustration-ent",
    "illustration-composantes",
    "illustration-formation",
    "illustration-cours",
    "illustration-participants",
    "illustration-methodes",
    "illustration-formulaire",
    "illustration-resultat",
    "illustration-poubelle",
]

SECTIONS = ["pourquoi", "code-apogee", "synchroniser-la-cohorte", "desynchroniser"]
STEPS = [
    "se-connecter-ent",
    "structure-des-enseignements",
    "reperer-le-code",
    "participants",
    "methodes-inscription",
    "ajouter-methode",
    "choisir-la-cohorte",
    "resultat",
]

TASK_PAGES = [
    "role",
    "groupe",
    "plusieurs-cohortes",
    "synchroniser-ou-inscrire",
    "desactiver",
    "fin-d-annee",
    "faq-cohorte-absente",
]

SYNC_ROW_FR = "Synchronisation des cohortes (L1CHIM231 - LICENCE 1 CHIMIE - Étudiant)"
SYNC_ROW_EN = "Cohort sync (L1CHIM231 - LICENCE 1 CHIMIE - Student)"


def _page(site: Path, url_path: str) -> Element:
    return load_page(site / url_path / "index.html")


@pytest.fixture(scope="module")
def tutorial(built_site: Path) -> Element:
    return _page(built_site, "tutoriel")


@pytest.fixture(scope="module")
def tutorial_en(built_site: Path) -> Element:
    return _page(built_site, "en/tutoriel")


def section(document: Element, heading_id: str) -> list[Element]:
    """The heading with this id and every block after it up to the next heading of its rank."""
    blocks = [child for child in main_content(document).children if isinstance(child, Element)]
    start = next(i for i, block in enumerate(blocks) if block.attrs.get("id") == heading_id)
    rank = blocks[start].tag
    end = next(
        (
            i
            for i in range(start + 1, len(blocks))
            if blocks[i].tag in {"h1", "h2", "h3"} and blocks[i].tag <= rank
        ),
        len(blocks),
    )
    return blocks[start:end]


def section_text(document: Element, heading_id: str) -> str:
    return " ".join(block.text() for block in section(document, heading_id))


def label_text(item: Element) -> str:
    """An item's own label: nested lists, decoration hidden from screen readers and
    screen-reader-only notes left out."""
    parts: list[str] = []
    for child in item.children:
        if isinstance(child, str):
            parts.append(child)
        elif (
            child.tag != "ul"
            and child.attrs.get("aria-hidden") != "true"
            and "mk-sr" not in child.classes
        ):
            parts.append(label_text(child))
    return normalise("".join(parts))


def structure_rows(document: Element) -> list[tuple[str, ...]]:
    for table in main_content(document).find_all("table"):
        header = [cell.text() for cell in table.find_all("th")]
        if header and header[0].startswith("Libellé") and header[1] == "Code":
            body = table.find("tbody")
            rows = body.find_all("tr")
            return [tuple(cell.text() for cell in row.find_all("td")) for row in rows]
    raise AssertionError("no structure table (first columns « Libellé », « Code »)")


def test_tutorial_is_french_and_titled(tutorial: Element) -> None:
    assert tutorial.find("html").attrs["lang"] == "fr"
    assert main_content(tutorial).find("h1").text() == "Synchroniser une cohorte sur Moodle"


def test_sections_and_steps_come_in_the_seed_order(tutorial: Element) -> None:
    article = main_content(tutorial)
    assert [h.attrs.get("id") for h in article.find_all("h2")][:4] == SECTIONS
    assert [h.attrs.get("id") for h in article.find_all("h3")] == STEPS


def test_why_section_gives_the_two_campus_example_and_reuse(tutorial: Element) -> None:
    text = section_text(tutorial, "pourquoi")
    for fact in ("« LICENCE 1 CHIMIE »", "« LICENCE 1 CHIMIE (BEAUVAIS) »", "Amiens", "Beauvais"):
        assert fact in text
    assert "l'année suivante" in text
    assert "désynchroniser" in text


def test_login_step_warns_to_check_cas_address_and_padlock(tutorial: Element) -> None:
    blocks = section(tutorial, "se-connecter-ent")
    warnings = [b for b in blocks if {"admonition", "warning"} <= b.classes]
    assert len(warnings) == 1
    warning = warnings[0].text()
    assert f"{INSTITUTION['cas_login_url']}?service=" in warning
    assert "cadenas fermé" in warning
    links = [a.attrs["href"] for b in blocks for a in b.find_all("a")]
    assert INSTITUTION["ent_url"] in links


def test_composante_picker_lists_every_composante_and_site(tutorial: Element) -> None:
    listbox = tutorial.by_id("illustration-composantes").find("ul", "mk-listbox")
    top_level = [child for child in listbox.children if isinstance(child, Element)]
    found = [
        (label_text(item), [label_text(sub) for sub in item.find_all("li")[1:]])
        for item in top_level
    ]
    assert found == COMPOSANTES
    assert "« OK »" in section_text(tutorial, "reperer-le-code")


def test_formation_header_shows_l1chim231(tutorial: Element) -> None:
    header = tutorial.by_id("illustration-formation").text()
    for fact in ("L1CHIM 231", "LICENCE 1 CHIMIE", "60", "487", "-- 2023 --"):
        assert fact in header
    text = section_text(tutorial, "reperer-le-code")
    assert "le code est L1CHIM231" in text
    assert "60 ECTS, 487 h" in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_structure_table_has_every_row_of_the_seed(built_site: Path, language: str) -> None:
    path = "tutoriel" if language == "fr" else "en/tutoriel"
    assert structure_rows(_page(built_site, path)) == STRUCTURE


def test_code_step_links_to_code_index_and_helper(tutorial: Element) -> None:
    base = "https://site.test/tutoriel/"
    targets = {
        urljoin(base, a.attrs["href"]).split("#")[0]
        for block in section(tutorial, "reperer-le-code")
        for a in block.find_all("a")
    }
    assert "https://site.test/codes/" in targets
    assert "https://site.test/outil/" in targets


@pytest.mark.parametrize(
    ("step", "label"),
    [
        ("participants", "« Participants »"),
        ("methodes-inscription", "« Méthodes d'inscription »"),
        ("ajouter-methode", "« Ajouter méthode »"),
        ("ajouter-methode", "« Synchronisation des cohortes »"),
        ("choisir-la-cohorte", "« Cohorte »"),
        ("choisir-la-cohorte", "« Attribuer un rôle »"),
        ("choisir-la-cohorte", "« Ajouter au groupe »"),
        ("choisir-la-cohorte", "bouton « Ajouter méthode »"),
    ],
)
def test_moodle_step_quotes_the_exact_french_label(
    tutorial: Element, step: str, label: str
) -> None:
    assert label in section_text(tutorial, step)


def test_cohort_form_shows_l1c_typed_and_l1chim231_suggested(tutorial: Element) -> None:
    form = tutorial.by_id("illustration-formulaire")
    typed = form.find(cls="mk-input--typed")
    assert label_text(typed) == "L1C"
    highlighted = [label_text(node) for node in form.find_all(cls="mk-click")]
    assert "L1CHIM231 LICENCE 1 CHIMIE" in highlighted
    assert "Ajouter méthode" in highlighted
    for field in ("Active", "Cohorte", "Attribuer un rôle", "Ajouter au groupe"):
        assert field in [label_text(node) for node in form.find_all(cls="mk-label")]


def test_result_shows_64_students_and_one_method_per_cohort(tutorial: Element) -> None:
    text = section_text(tutorial, "resultat")
    assert "64 étudiants" in text
    assert "autant de méthodes « Synchronisation des cohortes » que de cohortes" in text
    rows = [
        [cell.text() for cell in row.find_all("td")]
        for row in tutorial.by_id("illustration-resultat").find_all("tr")
    ]
    synced = [row for row in rows if row and row[0].startswith(SYNC_ROW_FR)]
    assert len(synced) == 1
    assert synced[0][1] == "64"


def test_unsync_section_points_at_trash_and_explains_data_loss(tutorial: Element) -> None:
    blocks = section(tutorial, "desynchroniser")
    assert "« poubelle »" in " ".join(b.text() for b in blocks)
    figure = tutorial.by_id("illustration-poubelle")
    clicks = figure.find_all(cls="mk-click")
    assert len(clicks) == 1 and "mk-icon--trash" in clicks[0].classes
    sync_row = next(r for r in figure.find_all("tr") if r.text().startswith(SYNC_ROW_FR))
    assert clicks[0] in sync_row.iter()
    danger = next(b for b in blocks if {"admonition", "danger"} <= b.classes).text()
    assert "désinscrit" in danger and "notes" in danger
    safer = next(b for b in blocks if {"admonition", "tip"} <= b.classes).text()
    assert "« Désactiver »" in safer and "conservés" in safer


@pytest.mark.parametrize(
    ("path", "caption"), [("tutoriel", "Illustration :"), ("en/tutoriel", "Illustration:")]
)
def test_every_screenshot_is_an_accessible_figure(
    built_site: Path, path: str, caption: str
) -> None:
    figures = main_content(_page(built_site, path)).find_all("figure", "mk-figure")
    assert [f.attrs.get("id") for f in figures] == FIGURES
    for figure in figures:
        assert figure.find("figcaption").text().startswith(caption)
        assert not figure.find_all("img"), "illustrations are HTML, not images"
        clicks = figure.find_all(cls="mk-click")
        assert clicks, f"{figure.attrs['id']} highlights nothing"
        for click in clicks:
            notes = [n.text() for n in click.find_all(cls="mk-sr")]
            assert any(
                note.startswith("(") or "cliquer" in note or "click" in note for note in notes
            ), f"{figure.attrs['id']}: a highlighted element has no screen-reader note"


def test_every_icon_has_a_spoken_name(tutorial: Element) -> None:
    icons = main_content(tutorial).find_all(cls="mk-icon")
    assert len(icons) > 40
    for icon in icons:
        assert icon.attrs.get("title") and icon.find(cls="mk-sr").text()


def test_keyboard_keys_are_marked_up(tutorial: Element) -> None:
    keys = [k.text() for k in main_content(tutorial).find_all("span", "keys")]
    assert "Entrée" in keys and "Ctrl+C" in keys


def test_copyable_code_block_holds_the_cohort_code(tutorial: Element) -> None:
    codes = [pre.text() for pre in main_content(tutorial).find_all("pre")]
    assert "L1CHIM231" in codes
    assert f"{INSTITUTION['moodle_url']}/enrol/instances.php?id=NUMERO_DU_COURS" in codes


def test_english_tutorial_mirrors_the_french_one(tutorial: Element, tutorial_en: Element) -> None:
    assert tutorial_en.find("html").attrs["lang"] == "en"
    article = main_content(tutorial_en)
    assert [f.attrs.get("id") for f in article.find_all("figure", "mk-figure")] == FIGURES
    assert [h.attrs.get("id") for h in article.find_all("h3")] == STEPS
    text = article.text()
    for both in (
        '"Enrolment methods" (« Méthodes d\'inscription »)',
        '"Cohort sync" (« Synchronisation des cohortes »)',
        '"Add method" (« Ajouter méthode »)',
        '"Assign role" (« Attribuer un rôle »)',
        '"Add to group" (« Ajouter au groupe »)',
        '"Cohort" (« Cohorte »)',
        "64 students",
        SYNC_ROW_EN,
    ):
        assert both in text
    warning = next(b for b in article.find_all(cls="warning")).text()
    assert f"{INSTITUTION['cas_login_url']}?service=" in warning and "padlock" in warning


@pytest.mark.parametrize("slug", TASK_PAGES)
def test_task_page_exists_in_both_languages(built_site: Path, slug: str) -> None:
    french = _page(built_site, slug)
    english = _page(built_site, f"en/{slug}")
    assert french.find("html").attrs["lang"] == "fr"
    assert english.find("html").attrs["lang"] == "en"
    for document in (french, english):
        article = main_content(document)
        first = next(c for c in article.children if isinstance(c, Element) and c.tag == "p")
        assert len(first.text()) > 60, "the first screen must say what the page is for"
    assert "«" in main_content(english).text(), "English pages quote the French labels too"


@pytest.mark.parametrize(
    ("slug", "facts"),
    [
        ("role", ["« Étudiant »", "« Enseignant non éditeur »", "« Attribuer un rôle »"]),
        ("groupe", ["« Ajouter au groupe »", "« Créer un groupe »", "« Aucun »"]),
        ("plusieurs-cohortes", ["une méthode « Synchronisation des cohortes » par cohorte"]),
        (
            "synchroniser-ou-inscrire",
            ["« Inscrire des utilisateurs »", "« Sélectionner des cohortes »"],
        ),
        ("desactiver", ["« Désactiver »", "« Activer »", "désinscrit"]),
        ("fin-d-annee", ["Désactivez la méthode", "Réinitialisez le cours", "nouvelle année"]),
        (
            "faq-cohorte-absente",
            ["masquée", "autre catégorie", "0 membre", "version", "code", "« Enseignant »"],
        ),
    ],
)
def test_task_page_states_the_moodle_facts(built_site: Path, slug: str, facts: list[str]) -> None:
    text = main_content(_page(built_site, slug)).text()
    for fact in facts:
        assert fact.lower() in text.lower()


@pytest.mark.parametrize("home", ["index.html", "en/index.html"])
def test_home_has_three_entry_points(built_site: Path, home: str) -> None:
    document = load_page(built_site / home)
    cards = main_content(document).find("div", "cards")
    base = f"https://site.test/{home.removesuffix('index.html')}"
    targets = [urljoin(base, a.attrs["href"]) for a in cards.find_all("a", "md-button")]
    prefix = "https://site.test/" + ("en/" if home.startswith("en/") else "")
    assert targets == [f"{prefix}tutoriel/", "https://site.test/codes/", f"{prefix}outil/"]


def test_no_page_shows_an_unreplaced_placeholder(built_site: Path) -> None:
    """Outside code: docs/donnees.md shows `{{ institution.… }}` as an example, on purpose."""
    leftovers = [
        str(path.relative_to(built_site))
        for path in built_site.rglob("*.html")
        if "{{ institution" in re.sub(r"(?s)<code>.*?</code>", "", path.read_text("utf-8"))
    ]
    assert leftovers == []
