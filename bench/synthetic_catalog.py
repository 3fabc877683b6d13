"""Synthetic catalogs shaped like a large French university's, as native JSON or APOGEE CSV.

N formations × M elements: composantes with antennas, diplomas in several years (L1…M2) and
several versions of the same code étape (221, 231), element trees (semesters → UE → courses)
with accented French labels, and courses shared between formations (as in APOGEE, where a
transversal course such as "Anglais" belongs to many diplomas) so that deduplication matters.

    .venv/bin/python -m bench.synthetic_catalog N M OUT.json   (or OUT.csv: a flat extract,
                                                                or OUT.xml: CDM-fr)
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from string import ascii_uppercase
from typing import Any
from xml.sax.saxutils import escape, quoteattr

SUBJECTS = [
    ("CHIM", "Chimie"),
    ("PHYS", "Physique"),
    ("MATH", "Mathématiques"),
    ("INFO", "Informatique"),
    ("BIOL", "Biologie"),
    ("HIST", "Histoire"),
    ("GEOG", "Géographie"),
    ("LETM", "Lettres modernes"),
    ("PSYC", "Psychologie"),
    ("SOCI", "Sociologie"),
    ("DROI", "Droit"),
    ("ECOG", "Économie et gestion"),
    ("LEAA", "Langues étrangères appliquées"),
    ("STAP", "Sciences et techniques des activités physiques"),
    ("ARTP", "Arts plastiques"),
    ("MUSI", "Musicologie"),
    ("PHIL", "Philosophie"),
    ("SDLV", "Sciences de la vie"),
    ("ELEC", "Électronique"),
    ("MECA", "Mécanique"),
]
LEVELS = [("L1", "LICENCE 1"), ("L2", "LICENCE 2"), ("L3", "LICENCE 3")]
LEVELS += [("M1", "MASTER 1"), ("M2", "MASTER 2"), ("LP", "LICENCE PRO")]
TOPICS = [
    "Thermodynamique",
    "Cinétique chimique",
    "Méthodes numériques",
    "Mécanique des fluides",
    "Électromagnétisme",
    "Algèbre linéaire",
    "Analyse réelle",
    "Probabilités et statistiques",
    "Génétique moléculaire",
    "Écologie des populations",
    "Histoire médiévale",
    "Géopolitique européenne",
    "Littérature française du XIXᵉ siècle",
    "Psychologie cognitive",
    "Sociologie de l'éducation",
    "Droit constitutionnel",
    "Économie du développement",
    "Traduction économique",
    "Méthodologie du travail universitaire",
    "Épistémologie",
    "Œnologie et société",
    "Cristallographie",
    "Spectroscopie",
    "Électronique numérique",
    "Réseaux et télécommunications",
    "Programmation orientée objet",
    "Bases de données",
    "Biochimie structurale",
    "Physiologie végétale",
    "Anthropologie sociale",
]
QUALIFIERS = ["", " appliquée", " avancée", " : introduction", " et expérimentation", " II"]
SHARED = [("TRANGL", "Anglais"), ("TRPPP", "Projet personnel et professionnel")]
SHARED += [("TRC2I", "Certificat informatique et internet"), ("TRSPO", "Sport")]


def _course(subject: str, level: str, index: int) -> dict[str, Any]:
    code = f"{level[0]}{subject}{index:04d}"
    rng = random.Random(code)  # one code, one label, wherever the course appears
    topic = rng.choice(TOPICS) + rng.choice(QUALIFIERS)
    cm, td, tp = rng.choice([(12, 18, 0), (18, 12, 6), (10, 10, 10), (24, 0, 0)])
    return {
        "code": code,
        "label": topic,
        "nature": "RESS",
        "period": rng.choice(["S1", "S2"]),
        "ects": rng.choice([2, 3, 4, 6]),
        "hours": cm + td + tp,
        "hours_cm": cm,
        "hours_td": td,
        "hours_tp": tp,
    }


def _elements(rng: random.Random, subject: str, level: str, count: int) -> list[dict[str, Any]]:
    """Two semesters of UEs holding courses; ``count`` elements in all."""
    semesters = [
        {
            "code": f"{level}{subject}S{s}"[:12],
            "label": f"Semestre {s}",
            "nature": "SEM",
            "period": f"S{s}",
            "ects": 30,
            "children": [],
        }
        for s in (1, 2)
    ]
    made = 2
    used: set[str] = set()  # an element appears once per formation
    ue: dict[str, Any] | None = None
    while made < count:
        semester = semesters[made % 2]
        if ue is None or len(ue["children"]) >= 4 or rng.random() < 0.1:
            code = f"U{level}{subject}{made:03d}"
            topic = random.Random(code).choice(TOPICS).lower()
            ue = {
                "code": code,
                "nature": "UE",
                "label": f"UE {topic}",
                "period": semester["period"],
                "ects": 6,
                "children": [],
            }
            semester["children"].append(ue)
            made += 1
            continue
        if rng.random() < 0.15:
            code, label = rng.choice(SHARED)
            child = {"code": code, "label": label, "nature": "RESS", "period": "AN", "ects": 2}
        else:
            # Course codes repeat across levels of a subject: the same ELP in several VETs.
            child = _course(subject, level, rng.randrange(count * 3))
        if child["code"] in used:
            continue
        used.add(child["code"])
        ue["children"].append(child)
        made += 1
    return semesters


TARGET = "L1CHIM231"  # the formation the benchmark's queries look for
TARGET_COURSES = [
    {"code": "RETHC01", "label": "Thermodynamique et cinétique", "nature": "RESS", "period": "S1"},
    {"code": "REMCH01", "label": "Méthodes de la chimie", "nature": "RESS", "period": "S2"},
]


def _add_seed_courses(records: list[dict[str, Any]]) -> None:
    """Give the target formation the tutorial's courses, as in the seed."""
    for record in records:
        if record["code_etape"] + record["version"] == TARGET:
            record["elements"][0]["children"][0]["children"][:2] = TARGET_COURSES


def synthetic_catalog(formations: int, elements: int, seed: int = 1) -> dict[str, Any]:
    """The native-JSON document of a made-up university; deterministic for a given seed."""
    rng = random.Random(seed)
    composantes = [
        {
            "code": f"{n:03d}",
            "label": f"UFR de {SUBJECTS[n % len(SUBJECTS)][1]} — site {n}",
            "example": True,
        }
        for n in range(1, 41)
    ]
    records = []
    versions = ["231", "221", "241", "211"]
    number = 0
    while len(records) < formations:
        subject, subject_label = SUBJECTS[number % len(SUBJECTS)]
        level, level_label = LEVELS[(number // len(SUBJECTS)) % len(LEVELS)]
        cycle = number // (len(SUBJECTS) * len(LEVELS))
        suffix = "" if cycle == 0 else f" parcours {cycle}"
        subject_number = number % len(SUBJECTS)
        code_etape = (
            f"{level}{subject}" if cycle == 0 else f"{level}{subject_number:02d}{_cycle(cycle)}"
        )
        for version in versions[: rng.choice([1, 2, 2, 3])]:
            if len(records) == formations:
                break
            records.append(
                {
                    "code_etape": code_etape,
                    "version": version,
                    "label": f"{level_label} {subject_label.upper()}{suffix}",
                    "composante": composantes[number % len(composantes)]["code"],
                    "year": f"20{version[:2]}",
                    "ects": 60,
                    "example": True,
                    "elements": _elements(rng, subject, level, elements),
                }
            )
        number += 1
    _add_seed_courses(records)
    return {
        "description": "Synthetic benchmark catalog (invented data).",
        "composantes": composantes,
        "formations": records,
    }


def _cycle(cycle: int) -> str:
    """Two characters, so that a code étape keeps its 6: 01…99, then AA…ZZ (from about
    24,000 formations on, where two digits would make codes of 7 the schema refuses)."""
    if cycle < 100:
        return f"{cycle:02d}"
    first, second = divmod(cycle - 100, 26)
    return ascii_uppercase[first] + ascii_uppercase[second]


def write_catalog(path: Path, formations: int, elements: int) -> Path:
    path.write_text(json.dumps(synthetic_catalog(formations, elements), ensure_ascii=False))
    return path


CSV_HEADER = ["COD_CMP", "LIB_CMP", "COD_ETP", "COD_VRS_VET", "LIB_WEB_VET", "COD_ANU"]
CSV_HEADER += ["NBR_CRD_VET", "EXEMPLE", "COD_ELP", "LIB_ELP", "COD_NEL", "COD_PEL"]
CSV_HEADER += ["NBR_CRD_ELP", "NBR_HEU_ELP", "NBR_HEU_CM_ELP", "NBR_HEU_TD_ELP", "NBR_HEU_TP_ELP"]
CSV_HEADER += ["COD_ELP_PERE"]
NUMBER_KEYS = ("ects", "hours", "hours_cm", "hours_td", "hours_tp")


def write_apogee_csv(path: Path, formations: int, elements: int) -> int:
    """The same catalog as an APOGEE flat extract, one row per element; returns the row count."""
    document = synthetic_catalog(formations, elements)
    labels = {composante["code"]: composante["label"] for composante in document["composantes"]}
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for record in document["formations"]:
            formation = [record["composante"], labels[record["composante"]]]
            formation += [record["code_etape"], record["version"], record["label"]]
            formation += [record["year"], record["ects"], "oui" if record["example"] else "non"]
            for parent, element in _flatten(record["elements"], ""):
                described = [element[key] for key in ("code", "label", "nature", "period")]
                numbers = [element.get(key, "") for key in NUMBER_KEYS]
                writer.writerow([*formation, *described, *numbers, parent])
                rows += 1
    return rows


def _flatten(elements: list[dict[str, Any]], parent: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(parent code, element) for a tree, parents before their children."""
    for element in elements:
        yield parent, element
        yield from _flatten(element.get("children", []), element["code"])


def write_cdmfr_xml(path: Path, formations: int, elements: int) -> Path:
    """The same catalog as a CDM-fr export: one ``program`` per formation, UE and semesters as
    nested ``subProgram``, each course a ``course`` defined once and referenced."""
    document = synthetic_catalog(formations, elements)
    courses: dict[str, dict[str, Any]] = {}
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<CDM xmlns="http://cdm-fr.fr/2011/CDM">\n'
        )
        for unit in document["composantes"]:
            out.write(
                f'<orgUnit id="OU-{unit["code"]}"><orgUnitName>{_text(unit["label"])}'
                f'</orgUnitName><orgUnitCode codeSet="apogee">{unit["code"]}</orgUnitCode>'
                "</orgUnit>\n"
            )
        for number, record in enumerate(document["formations"]):
            codes = (("codeEtape", "code_etape"), ("versionEtape", "version"))
            codes += (("anneeUniversitaire", "year"),)
            out.write(f'<program id="PR-{number}"><programName>{_text(record["label"])}')
            out.write("</programName>")
            for code_set, key in codes:
                out.write(f'<programCode codeSet="{code_set}">{record[key]}</programCode>')
            out.write(f'<refOrgUnit ref="OU-{record["composante"]}"/>')
            out.write(f'<credits ECTScredits="{record["ects"]}"/><example>true</example>')
            out.write("<programStructure>")
            _write_structure(out, record["elements"], f"SP-{number}", courses)
            out.write("</programStructure></program>\n")
        for code, course in courses.items():
            out.write(f'<course id="CO-{code}"><courseName>{_text(course["label"])}</courseName>')
            out.write(f'<courseCode codeSet="apogee">{code}</courseCode>')
            out.write(_described(course) + "</course>\n")
        out.write("</CDM>\n")
    return path


def _write_structure(
    out: Any, elements: list[dict[str, Any]], prefix: str, courses: dict[str, Any]
) -> None:
    for element in elements:
        if "children" not in element:
            courses.setdefault(element["code"], element)
            out.write(f'<refCourse ref="CO-{element["code"]}"/>')
            continue
        out.write(f'<subProgram id="{prefix}-{element["code"]}">')
        out.write(f"<subProgramName>{_text(element['label'])}</subProgramName>")
        out.write(f'<subProgramCode codeSet="apogee">{element["code"]}</subProgramCode>')
        out.write(_described(element))
        _write_structure(out, element["children"], prefix, courses)
        out.write("</subProgram>")


def _text(label: str) -> str:
    return f'<text language="fr-FR">{escape(label)}</text>'


def _described(element: dict[str, Any]) -> str:
    described = f"<nature>{element['nature']}</nature>"
    described += f"<teachingTerm term={quoteattr(element['period'])}/>"
    if "ects" in element:
        described += f'<credits ECTScredits="{element["ects"]}"/>'
    if "hours" in element:
        described += f"<volume>{element['hours']}</volume>"
        for kind in ("CM", "TD", "TP"):
            described += f'<volume type="{kind}">{element[f"hours_{kind.lower()}"]}</volume>'
    return described


WRITERS = {".json": write_catalog, ".csv": write_apogee_csv, ".xml": write_cdmfr_xml}

if __name__ == "__main__":
    out = Path(sys.argv[3])
    WRITERS[out.suffix](out, int(sys.argv[1]), int(sys.argv[2]))
