"""A realistic two-year catalog of a French university, for the relevance benchmark.

Unlike ``synthetic_catalog`` (sized for speed, titles like « LICENCE 1 CHIMIE parcours 3 »),
this one reads like a real APOGEE export: licences, masters, BUT, LP, DU, PASS/LAS and MEEF
with their usual titles and acronyms, composantes on several sites with antennes, courses
named as teachers name them, courses shared between diplomas, and every formation twice —
last year's version (``…221``, 2022) and this year's (``…231``, 2023), as a rollover leaves it.
Deterministic: the same catalog every run.

    .venv/bin/python -m bench.relevance_catalog OUT.json
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

COMPOSANTES = [
    ("010", "UFR des Sciences", None, "AMIENS"),
    ("011", "UFR des Sciences - BEAUVAIS", "010", "BEAUVAIS"),
    ("012", "UFR des Lettres", None, "AMIENS"),
    ("013", "UFR de Langues et Cultures Étrangères", None, "AMIENS"),
    ("131", "UFR de Langues et Cultures Étrangères - BEAUVAIS", "013", "BEAUVAIS"),
    ("014", "UFR Sciences Humaines, Sociales et Philosophie", None, "AMIENS"),
    ("015", "UFR d'Histoire et de Géographie", None, "AMIENS"),
    ("016", "UFR des Arts", None, "AMIENS"),
    ("017", "UFR de Droit et Science Politique", None, "AMIENS"),
    ("018", "UFR d'Économie et Gestion", None, "AMIENS"),
    ("019", "UFR STAPS", None, "AMIENS"),
    ("005", "UFR de Médecine", None, "AMIENS"),
    ("007", "IUT de l'Oise - BEAUVAIS", None, "BEAUVAIS"),
    ("071", "IUT de l'Oise - CREIL", "007", "CREIL"),
    ("008", "IUT d'Amiens", None, "AMIENS"),
    ("009", "IUT de l'Aisne - SAINT-QUENTIN", None, "SAINT-QUENTIN"),
    ("091", "IUT de l'Aisne - SOISSONS", "009", "SOISSONS"),
    ("020", "INSPÉ de l'Académie d'Amiens", None, "AMIENS"),
]

# (code stem, composante, title stem, courses: (code, label, period))
LICENCES = [
    (
        "CHIM",
        "010",
        "CHIMIE",
        [
            "Thermodynamique et cinétique",
            "Chimie organique",
            "Atomistique et liaison chimique",
            "Chimie des solutions",
            "Spectroscopie",
            "Méthodes de la chimie",
        ],
    ),
    (
        "PHYS",
        "010",
        "PHYSIQUE",
        [
            "Mécanique du point",
            "Électromagnétisme",
            "Optique géométrique",
            "Thermodynamique physique",
            "Physique quantique",
        ],
    ),
    (
        "MATH",
        "010",
        "MATHÉMATIQUES",
        [
            "Algèbre linéaire",
            "Analyse réelle",
            "Probabilités et statistiques",
            "Topologie",
            "Équations différentielles",
        ],
    ),
    (
        "INFO",
        "010",
        "INFORMATIQUE",
        [
            "Programmation impérative",
            "Algorithmique",
            "Bases de données",
            "Réseaux",
            "Systèmes d'exploitation",
            "Programmation orientée objet",
        ],
    ),
    (
        "SVIE",
        "010",
        "SCIENCES DE LA VIE",
        [
            "Biologie cellulaire",
            "Génétique moléculaire",
            "Physiologie végétale",
            "Écologie des populations",
            "Biochimie structurale",
        ],
    ),
    (
        "HIST",
        "015",
        "HISTOIRE",
        ["Histoire médiévale", "Histoire contemporaine", "Histoire ancienne", "Historiographie"],
    ),
    (
        "GEOG",
        "015",
        "GÉOGRAPHIE ET AMÉNAGEMENT",
        ["Géographie physique", "Cartographie", "Aménagement du territoire"],
    ),
    (
        "LMOD",
        "012",
        "LETTRES MODERNES",
        [
            "Littérature française du XIXe siècle",
            "Grammaire et stylistique",
            "Littérature comparée",
        ],
    ),
    (
        "PSYC",
        "014",
        "PSYCHOLOGIE",
        [
            "Psychologie cognitive",
            "Psychologie du développement",
            "Psychologie sociale",
            "Neurosciences",
        ],
    ),
    (
        "SOCI",
        "014",
        "SOCIOLOGIE",
        ["Sociologie de l'éducation", "Méthodes d'enquête", "Sociologie urbaine"],
    ),
    ("PHIL", "014", "PHILOSOPHIE", ["Épistémologie", "Philosophie morale", "Logique"]),
    (
        "DROI",
        "017",
        "DROIT",
        ["Droit constitutionnel", "Droit civil", "Droit pénal", "Institutions juridictionnelles"],
    ),
    (
        "ECOG",
        "018",
        "ÉCONOMIE ET GESTION",
        ["Microéconomie", "Macroéconomie", "Comptabilité générale", "Statistiques pour l'économie"],
    ),
    (
        "LEAA",
        "013",
        "LANGUES ÉTRANGÈRES APPLIQUÉES (LEA) ANGLAIS-ESPAGNOL",
        ["Traduction économique", "Civilisation hispanique", "Droit des affaires"],
    ),
    (
        "LLCE",
        "013",
        "LANGUES, LITTÉRATURES ET CIVILISATIONS ÉTRANGÈRES ET RÉGIONALES ANGLAIS",
        ["Littérature britannique", "Phonétique anglaise", "Civilisation américaine"],
    ),
    (
        "STAP",
        "019",
        "STAPS",
        ["Physiologie de l'effort", "Théorie de l'entraînement", "Sports collectifs"],
    ),
    ("ARTP", "016", "ARTS PLASTIQUES", ["Pratique plastique", "Histoire de l'art"]),
    (
        "MUSI",
        "016",
        "MUSICOLOGIE",
        ["Histoire de la musique", "Analyse musicale", "Formation musicale"],
    ),
]
# Licences also taught at the Beauvais antennes (same title, « (BEAUVAIS) »).
AT_BEAUVAIS = {"CHIM": "011", "LEAA": "131", "INFO": "011"}
MASTERS = [
    ("CHIM", "010", "CHIMIE - MATÉRIAUX", ["Chimie des matériaux", "Électrochimie"]),
    (
        "INFO",
        "010",
        "INFORMATIQUE - INTELLIGENCE ARTIFICIELLE",
        ["Apprentissage automatique", "Réseaux de neurones", "Traitement du langage"],
    ),
    ("MIAG", "010", "MIAGE", ["Gestion de projet", "Systèmes d'information"]),
    ("HIST", "015", "HISTOIRE, CIVILISATIONS, PATRIMOINE", ["Archives et patrimoine"]),
    ("PSYC", "014", "PSYCHOLOGIE CLINIQUE", ["Psychopathologie", "Entretien clinique"]),
    ("DROI", "017", "DROIT DES AFFAIRES", ["Droit des sociétés", "Droit fiscal"]),
]
BUTS = [
    (
        "GEII",
        "071",
        "GÉNIE ÉLECTRIQUE ET INFORMATIQUE INDUSTRIELLE",
        ["Électronique analogique", "Automatismes", "Informatique industrielle"],
    ),
    (
        "GEA",
        "007",
        "GESTION DES ENTREPRISES ET DES ADMINISTRATIONS",
        ["Comptabilité de gestion", "Ressources humaines"],
    ),
    ("INFO", "008", "INFORMATIQUE", ["Développement web", "Bases de données relationnelles"]),
    (
        "GMP",
        "008",
        "GÉNIE MÉCANIQUE ET PRODUCTIQUE",
        ["Résistance des matériaux", "Conception mécanique"],
    ),
    ("RT", "091", "RÉSEAUX ET TÉLÉCOMMUNICATIONS", ["Réseaux locaux", "Télécommunications"]),
    ("TC", "009", "TECHNIQUES DE COMMERCIALISATION", ["Marketing", "Négociation"]),
]
OTHERS = [
    (
        "LPLOG1",
        "009",
        "LICENCE PROFESSIONNELLE LOGISTIQUE ET TRANSPORTS",
        ["Gestion des stocks", "Transport international"],
    ),
    (
        "LPDWEB",
        "008",
        "LICENCE PROFESSIONNELLE MÉTIERS DE L'INFORMATIQUE : DÉVELOPPEMENT WEB",
        ["Frameworks web", "Projet tuteuré"],
    ),
    (
        "DUFLE1",
        "013",
        "DIPLÔME D'UNIVERSITÉ FRANÇAIS LANGUE ÉTRANGÈRE",
        ["Compréhension orale", "Expression écrite"],
    ),
    (
        "DUPEDA",
        "020",
        "DIPLÔME UNIVERSITAIRE PÉDAGOGIE DE L'ENSEIGNEMENT SUPÉRIEUR",
        ["Pédagogie active", "Évaluation des apprentissages"],
    ),
    (
        "PASS01",
        "005",
        "PARCOURS D'ACCÈS SPÉCIFIQUE SANTÉ",
        ["Anatomie", "Biochimie médicale", "Biophysique"],
    ),
    ("LASSVI", "010", "LICENCE ACCÈS SANTÉ SCIENCES DE LA VIE", ["Physiologie humaine"]),
    (
        "M1MEPE",
        "020",
        "MASTER MEEF PREMIER DEGRÉ 1RE ANNÉE",
        ["Didactique des mathématiques", "Didactique du français"],
    ),
    (
        "M1MEHG",
        "020",
        "MASTER MEEF SECOND DEGRÉ HISTOIRE-GÉOGRAPHIE 1RE ANNÉE",
        ["Didactique de l'histoire"],
    ),
]
SHARED = [
    ("TRANGL", "Anglais"),
    ("TRPPP", "Projet personnel et professionnel"),
    ("TRC2I", "Certificat informatique et internet"),
    ("TRMTU", "Méthodologie du travail universitaire"),
]
YEARS = [("221", "2022"), ("231", "2023")]


def _courses(rng: random.Random, stem: str, level: str, labels: list[str]) -> list[dict[str, Any]]:
    """Two semesters: a UE each, holding the subject's courses and one shared course."""
    semesters = []
    shared = rng.sample(SHARED, 2)  # a course appears once per formation
    for number in (1, 2):
        picked = labels[number - 1 :: 2] or labels
        children = [
            {
                "code": f"{stem[:3]}{level}{number}{i:02d}",
                "label": label,
                "nature": "MATI",
                "period": f"S{number}",
                "ects": 6,
            }
            for i, label in enumerate(picked)
        ]
        code, label = shared[number - 1]
        children.append({"code": code, "label": label, "nature": "MATI", "period": f"S{number}"})
        semesters.append(
            {
                "code": f"UE{stem[:3]}{level}{number}",
                "label": f"UE Fondamentaux semestre {number}",
                "nature": "UE",
                "period": f"S{number}",
                "ects": 30,
                "children": children,
            }
        )
    return semesters


def _formation(
    code_etape: str, label: str, composante: str, labels: list[str], level: str, rng: random.Random
) -> list[dict[str, Any]]:
    return [
        {
            "code_etape": code_etape,
            "version": version,
            "label": label,
            "composante": composante,
            "year": year,
            "ects": 60,
            "elements": _courses(rng, code_etape[2:], level, labels),
        }
        for version, year in YEARS
    ]


def relevance_catalog() -> dict[str, Any]:
    rng = random.Random(7)
    records: list[dict[str, Any]] = []
    for stem, composante, title, labels in LICENCES:
        for level in ("1", "2", "3"):
            course_labels = labels[int(level) - 1 :] + labels[: int(level) - 1]
            records += _formation(
                f"L{level}{stem}", f"LICENCE {level} {title}", composante, course_labels, level, rng
            )
        if stem in AT_BEAUVAIS:
            records += _formation(
                f"L1{stem[:2]}BV",
                f"LICENCE 1 {title} (BEAUVAIS)",
                AT_BEAUVAIS[stem],
                labels,
                "B",
                rng,
            )
    for stem, composante, title, labels in MASTERS:
        for level in ("1", "2"):
            records += _formation(
                f"M{level}{stem}", f"MASTER {level} {title}", composante, labels, f"M{level}", rng
            )
    for stem, composante, title, labels in BUTS:
        for level in ("1", "2", "3"):
            records += _formation(
                f"B{level}{stem}", f"BUT {level} {title}", composante, labels, f"T{level}", rng
            )
    for code_etape, composante, title, labels in OTHERS:
        records += _formation(code_etape, title, composante, labels, "O", rng)
    return {
        "description": "Realistic two-year catalog for the relevance benchmark (invented data).",
        "composantes": [
            {"code": code, "label": label, **({"parent": parent} if parent else {}), "site": site}
            for code, label, parent, site in COMPOSANTES
        ],
        "formations": records,
    }


def write_catalog(path: Path) -> Path:
    path.write_text(json.dumps(relevance_catalog(), ensure_ascii=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    write_catalog(Path(sys.argv[1]))
