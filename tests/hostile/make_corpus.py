"""Write the hostile corpus: catalog and institution.yml files, each named by what it tries.

Every file goes to ``tests/hostile/files/``; what each must give (an error or a warning saying
something precise, or a clean load where the content stays text) goes to ``expected.json``.
The files are committed; run this again after changing it:

    .venv/bin/python -m tests.hostile.make_corpus
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

HEADER = (
    "COD_CMP;LIB_CMP;COD_CMP_PERE;COD_ETP;COD_VRS_VET;LIB_WEB_VET;COD_ANU;"
    "COD_ELP;LIB_ELP;COD_ELP_PERE;NBR_HEU_ELP"
)
GOOD_ROW = "010;UFR des Sciences;;L1CHIM;231;LICENCE 1 CHIMIE;2023;RETHC01;Thermodynamique;;24"
SECOND_ROW = "010;UFR des Sciences;;L1PHYS;231;LICENCE 1 PHYSIQUE;2023;REPHY01;Mécanique;;30"


def row(**changes: str) -> str:
    """GOOD_ROW with some cells replaced (keys are the header's column names)."""
    names = HEADER.split(";")
    cells = GOOD_ROW.split(";")
    for name, value in changes.items():
        cells[names.index(name)] = value
    return ";".join(cells)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


UNIT = (
    '<orgUnit id="U10"><orgUnitName><text>UFR des Sciences</text></orgUnitName>'
    '<orgUnitCode codeSet="apogee">010</orgUnitCode></orgUnit>'
)


def program(
    name: str = "LICENCE 1 CHIMIE", codes: str = "", body: str = "", ident: str = "P1"
) -> str:
    codes = codes or '<programCode codeSet="apogee">L1CHIM-231</programCode>'
    return (
        f'<program id="{ident}"><programName><text>{name}</text></programName>{codes}'
        f'<refOrgUnit ref="U10"/>{body}</program>'
    )


def cdm(body: str, prolog: str = "", encoding: str = "UTF-8") -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>\n{prolog}<CDM>{UNIT}{body}</CDM>\n'


def formation_json(**changes: object) -> dict[str, object]:
    formation: dict[str, object] = {
        "code_etape": "L1CHIM",
        "version": "231",
        "label": "LICENCE 1 CHIMIE",
        "composante": "010",
        "year": "2023",
        "elements": [{"code": "RETHC01", "label": "Thermodynamique", "hours": 24}],
    }
    formation.update(changes)
    return formation


def catalog_json(*formations: dict[str, object], composantes: list | None = None) -> str:
    body = {
        "composantes": composantes or [{"code": "010", "label": "UFR des Sciences"}],
        "formations": list(formations) or [formation_json()],
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


INSTITUTION = (
    "name: Université de Picardie Jules Verne\nshort_name: UPJV\n"
    "ent_url: https://www.u-picardie.fr/ent/\ncas_login_url: https://cas.u-picardie.fr/login\n"
    "moodle_url: https://moodle.u-picardie.fr\n"
    "support:\n  name: Service d'innovation pédagogique\n  email: sip@u-picardie.fr\n"
    "  le: le Service d'innovation pédagogique\n  au: au Service d'innovation pédagogique\n"
    "  du: du Service d'innovation pédagogique\n  the: the Service d'innovation pédagogique\n"
)


def institution(extra: str = "catalog:\n  - data.json\n", base: str = INSTITUTION) -> str:
    return base + extra


def deep_elements_json(depth: int) -> str:
    """A catalog whose element tree is ``depth`` levels deep (written as text: json.dumps
    itself would recurse too deep)."""
    opening = "".join(
        f'{{"code": "E{level}", "label": "Niveau", "children": [' for level in range(depth)
    )
    tree = opening + '{"code": "F", "label": "Feuille"}' + "]}" * depth
    return catalog_json(formation_json(elements="TREE")).replace('"TREE"', f"[{tree}]")


# name → (content (str, written UTF-8, or bytes), outcome, what the message must say)
CORPUS: dict[str, tuple[str | bytes, str, str]] = {
    # --- CSV: structure -------------------------------------------------------------------
    "csv-unbalanced-quote-swallows-rows.csv": (
        csv_text(
            row(LIB_WEB_VET='"LICENCE 1 CHIMIE'),
            SECOND_ROW,
            row(COD_ETP="L1BIOL", LIB_WEB_VET='LICENCE 1 BIOLOGIE"'),
        ),
        "error",
        "a quoted cell runs over lines 2–4 and holds separators (an unbalanced quote?)",
    ),
    "csv-unbalanced-quote-runs-to-the-end.csv": (
        csv_text(row(LIB_WEB_VET='"LICENCE 1 CHIMIE'), SECOND_ROW),
        "error",
        "unexpected end of data (an unbalanced quote?)",
    ),
    "csv-cut-inside-quoted-field.csv": (
        csv_text(GOOD_ROW, '010;UFR;;L1PHYS;231;"LICENCE 1 PHY'),
        "error",
        "unexpected end of data (an unbalanced quote?)",
    ),
    "csv-cut-mid-row.csv": (csv_text(GOOD_ROW, "010;UFR;;L1PHYS;231;LICE"), "error", "cut row"),
    "csv-cells-beyond-the-header.csv": (
        csv_text(GOOD_ROW + ";surplus;encore"),
        "error",
        "values beyond the last column",
    ),
    "csv-header-only.csv": (csv_text(), "error", "no formation could be read"),
    "csv-empty-file.csv": ("", "error", "empty file"),
    "csv-only-blank-lines.csv": ("\n\n\n", "error", "missing required column"),
    "csv-tab-delimited.csv": (
        csv_text(GOOD_ROW.replace(";", "\t"), header=HEADER.replace(";", "\t")),
        "error",
        "missing required column",
    ),
    "csv-pipe-delimited.csv": (
        csv_text(GOOD_ROW.replace(";", "|"), header=HEADER.replace(";", "|")),
        "error",
        "missing required column",
    ),
    "csv-missing-required-column.csv": (
        csv_text(
            GOOD_ROW.replace(";231;", ";"),
            header=HEADER.replace(";COD_VRS_VET;", ";"),
        ),
        "error",
        "missing required column(s): formation_version",
    ),
    "csv-duplicated-column.csv": (
        csv_text(GOOD_ROW + ";L1AUTR", header=HEADER + ";COD_ETP"),
        "error",
        "both give formation_code_etape",
    ),
    "csv-one-column-under-two-names.csv": (
        csv_text(GOOD_ROW + ";L1AUTR", header=HEADER + ";formation_code_etape"),
        "error",
        "both give formation_code_etape",
    ),
    "csv-comma-inside-semicolon-header.csv": (
        csv_text(GOOD_ROW + ";x", header=HEADER + ';"NOTE, LIBRE"'),
        "ok",
        "",
    ),
    "csv-conflicting-formation-labels.csv": (
        csv_text(GOOD_ROW, row(LIB_WEB_VET="AUTRE LIBELLÉ", COD_ELP="RETHC02")),
        "error",
        "other label",
    ),
    # --- CSV: encodings -------------------------------------------------------------------
    "csv-utf8-with-one-bad-byte.csv": (
        csv_text(row(LIB_WEB_VET="ÉTUDES SUPÉRIEURES À AMIENS")).encode() + b"010;x;\xe9\n",
        "error",
        "UTF-8 text with an invalid byte 0xe9",
    ),
    "csv-utf16-with-bom.csv": (
        codecs.BOM_UTF16_LE + csv_text(GOOD_ROW).encode("utf-16-le"),
        "error",
        "UTF-16",
    ),
    "csv-undefined-windows-1252-byte.csv": (
        csv_text(GOOD_ROW).encode("cp1252") + b"\x81\n",
        "error",
        "undefined in Windows-1252",
    ),
    "csv-cut-inside-a-utf8-character.csv": (
        csv_text(GOOD_ROW, SECOND_ROW).encode().rpartition(b"\xa9")[0],  # cut in « é »
        "error",
        "ends in the middle of a UTF-8 character",
    ),
    "csv-binary-garbage.csv": (bytes(range(256)) * 8, "error", ""),
    "csv-undefined-byte-inside-a-utf8-sequence.csv": (  # found by hypothesis
        csv_text(GOOD_ROW).encode() + b"\x80\xc2\x8d\n",
        "error",
        "byte 0x8d on line 3 is undefined in Windows-1252",
    ),
    "csv-windows-1252-crlf.csv": (
        csv_text(row(LIB_WEB_VET="ÉTUDES À AMIENS")).replace("\n", "\r\n").encode("cp1252"),
        "ok",
        "",
    ),
    # --- CSV: codes -----------------------------------------------------------------------
    "csv-nbsp-in-code.csv": (csv_text(row(COD_ELP="RETHC\u00a001")), "warning", "non-breaking"),
    "csv-zero-width-space-in-code.csv": (
        csv_text(row(COD_ETP="L1\u200bCHIM")),
        "error",
        "ZERO WIDTH SPACE",
    ),
    "csv-cyrillic-homoglyph-in-code.csv": (
        csv_text(row(COD_ETP="L1CHIМ")),  # the last letter is U+041C
        "error",
        "CYRILLIC CAPITAL LETTER EM",
    ),
    "csv-fullwidth-digits-in-version.csv": (
        csv_text(row(COD_VRS_VET="２３１")),
        "error",
        "FULLWIDTH DIGIT",
    ),
    "csv-code-named-index.csv": (csv_text(row(COD_CMP="index")), "error", "reserved"),
    "csv-code-dash-only.csv": (csv_text(row(COD_ELP="-")), "error", "no letter or digit"),
    "csv-codes-differing-only-by-case.csv": (
        csv_text(GOOD_ROW, row(COD_ETP="l1chim", COD_ELP="REX")),
        "error",
        "only by case",
    ),
    "csv-composante-code-300-characters.csv": (
        csv_text(row(COD_CMP="C" * 300)),
        "error",
        "300 characters long",
    ),
    "csv-code-etape-too-long.csv": (
        csv_text(row(COD_ETP="L1CHIMI")),
        "error",
        "7 characters long (at most 6)",
    ),
    "csv-cohort-code-with-space.csv": (
        csv_text(GOOD_ROW, header=HEADER)
        .replace(HEADER, HEADER + ";COD_COHORTE", 1)
        .replace(GOOD_ROW, GOOD_ROW + ";L1 CHIM"),
        "error",
        "contains ' '",
    ),
    # --- CSV: trees, years, numbers -------------------------------------------------------
    "csv-element-parent-cycle.csv": (
        csv_text(
            row(COD_ELP="A1", COD_ELP_PERE="B1"),
            row(COD_ELP="B1", COD_ELP_PERE="A1"),
        ),
        "error",
        "loop",
    ),
    "csv-element-unknown-parent.csv": (
        csv_text(row(COD_ELP_PERE="NULLEPART")),
        "error",
        "unknown parent element",
    ),
    "csv-composante-parent-loop.csv": (
        csv_text(
            row(COD_CMP="010", COD_CMP_PERE="020"),
            row(COD_CMP="020", LIB_CMP="Antenne", COD_CMP_PERE="010", COD_ETP="L1PHYS"),
        ),
        "error",
        "its own ancestor",
    ),
    "csv-composante-is-its-own-parent.csv": (
        csv_text(row(COD_CMP_PERE="010")),
        "error",
        "its own ancestor",
    ),
    "csv-year-not-a-year.csv": (
        csv_text(row(COD_ANU="l'an dernier")),
        "error",
        'COD_ANU: "l\'an dernier" is not a year',
    ),
    "csv-year-out-of-range.csv": (
        csv_text(row(COD_ANU="3023")),
        "error",
        "COD_ANU: '3023' is outside 1970–2100",
    ),
    "csv-year-not-consecutive.csv": (
        csv_text(row(COD_ANU="2023-2025")),
        "error",
        "COD_ANU: '2023-2025': the second year must follow the first",
    ),
    "csv-negative-hours.csv": (csv_text(row(NBR_HEU_ELP="-24")), "error", "not a number"),
    "csv-nan-hours.csv": (csv_text(row(NBR_HEU_ELP="nan")), "error", "not a number"),
    "csv-infinite-hours.csv": (csv_text(row(NBR_HEU_ELP="1e400")), "error", "not a number"),
    # --- CSV: labels that must stay text --------------------------------------------------
    "csv-html-in-labels.csv": (
        csv_text(row(LIB_WEB_VET="<script>alert(1)</script>", LIB_ELP="<img src=x onerror=1>")),
        "ok",
        "",
    ),
    "csv-javascript-url-in-label.csv": (
        csv_text(row(LIB_WEB_VET="[clic](javascript:alert(1))")),
        "ok",
        "",
    ),
    "csv-markdown-in-label.csv": (
        csv_text(row(LIB_WEB_VET="**gras** _penché_ `code` # titre")),
        "ok",
        "",
    ),
    "csv-placeholder-in-label.csv": (
        csv_text(row(LIB_CMP="{{ institution.support.email }}")),
        "ok",
        "",
    ),
    "csv-formula-prefix-in-label.csv": (
        csv_text(row(LIB_WEB_VET='"=HYPERLINK(""http://x"";""clic"")"')),
        "ok",
        "",
    ),
    "csv-terminal-escape-in-label.csv": (
        csv_text(row(LIB_WEB_VET="CHIMIE\x1b[2J\x1b[31m")),
        "error",
        "cannot be shown as text",
    ),
    # --- JSON -----------------------------------------------------------------------------
    "json-nan-ects.json": (
        catalog_json(formation_json(ects=0))
        .replace('"year"', '"ects": NaN, "year"', 1)
        .replace('"ects": 0,', ""),
        "error",
        "NaN",
    ),
    "json-infinity-hours.json": (
        catalog_json().replace('"hours": 24', '"hours": Infinity'),
        "error",
        "Infinity",
    ),
    "json-integer-of-5000-digits.json": (
        catalog_json().replace('"hours": 24', '"hours": ' + "9" * 5000),
        "error",
        "5000 characters",
    ),
    "json-float-beyond-double-range.json": (
        catalog_json().replace('"hours": 24', '"hours": 1e400'),
        "error",
        "too large",
    ),
    "json-duplicate-keys-hide-a-value.json": (
        catalog_json().replace('"label": "Thermodynamique"', '"label": "A", "label": "B"'),
        "error",
        "'label' appears twice in the object with code 'RETHC01'",
    ),
    "json-lone-surrogate-in-label.json": (
        catalog_json().replace("Thermodynamique", "Thermo\\ud800dynamique"),
        "error",
        "U+D800",
    ),
    "json-deeply-nested-arrays.json": ("[" * 100_000 + "]" * 100_000, "error", "nested too"),
    "json-deep-element-tree.json": (
        deep_elements_json(3000),
        "error",
        "nested too deeply",
    ),
    "json-top-level-list.json": ("[1, 2, 3]", "error", "is not of type 'object'"),
    "json-empty-object.json": ("{}", "error", "'formations' is a required property"),
    "json-wrong-types.json": (catalog_json(formation_json(version=231)), "error", "version"),
    "json-latin1-bytes.json": (
        catalog_json(formation_json(label="LICENCE 1 ÉTUDES")).encode("latin-1"),
        "error",
        "not UTF-8",
    ),
    "json-code-etape-index.json": (
        catalog_json(formation_json(code_etape="INDEX")),
        "error",
        "reserved",
    ),
    "json-composante-parent-cycle.json": (
        catalog_json(
            composantes=[
                {"code": "010", "label": "UFR", "parent": "020"},
                {"code": "020", "label": "Antenne", "parent": "010"},
            ]
        ),
        "error",
        "its own ancestor",
    ),
    "json-html-javascript-markdown-labels.json": (
        catalog_json(
            formation_json(
                label='<a href="javascript:alert(1)">clic</a> [x](javascript:alert(2)) **b**'
            )
        ),
        "ok",
        "",
    ),
    "json-control-character-in-label.json": (
        catalog_json(formation_json(label="CHIMIE\u0007")),
        "error",
        "cannot be shown as text",
    ),
    # --- CDM-fr XML -----------------------------------------------------------------------
    "xml-billion-laughs-entities.xml": (
        cdm(
            program("&lol3;"),
            '<!DOCTYPE CDM [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n',
        ),
        "error",
        "refused",
    ),
    "xml-external-entity-reads-etc-passwd.xml": (
        cdm(program("&xxe;"), '<!DOCTYPE CDM [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
        "error",
        "refused",
    ),
    "xml-parameter-entity.xml": (
        cdm(program(), '<!DOCTYPE CDM [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>\n'),
        "error",
        "refused",
    ),
    "xml-external-dtd-is-not-fetched.xml": (
        cdm(program(), '<!DOCTYPE CDM SYSTEM "http://127.0.0.1:9/cdmfr.dtd">\n'),
        "ok",
        "",
    ),
    "xml-xinclude-is-not-followed.xml": (
        cdm(
            program(
                '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
                'parse="text"/>LICENCE 1 CHIMIE'
            )
        ),
        "ok",
        "",
    ),
    "xml-deep-element-tree.xml": (
        cdm(program(body="<programStructure>" * 5000 + "</programStructure>" * 5000)),
        "error",
        "nested too deeply",
    ),
    "xml-cyclic-subprogram-references.xml": (
        cdm(
            program(body='<refProgram ref="P2"/>')
            + '<program id="P2"><programName><text>Bloc</text></programName>'
            '<refProgram ref="P2"/></program>'
        ),
        "error",
        "contains itself",
    ),
    "xml-exponential-course-references.xml": (
        cdm(
            program(body='<refCourse ref="C0"/>' * 4)
            + "".join(
                f'<course id="C{i}"><courseName><text>Cours</text></courseName>'
                f'<courseCode codeSet="apogee">CRS{i}</courseCode>'
                + f'<refCourse ref="C{i + 1}"/>' * 4
                + "</course>"
                for i in range(12)
            )
            + '<course id="C12"><courseName><text>Feuille</text></courseName>'
            '<courseCode codeSet="apogee">CRS12</courseCode></course>'
        ),
        "error",
        "elements in one formation's tree",
    ),
    "xml-declares-latin1-but-is-utf8.xml": (
        cdm(program("ÉTUDES SUPÉRIEURES"), encoding="ISO-8859-1"),
        "error",
        "declares encoding 'iso-8859-1' but its bytes are UTF-8",
    ),
    "xml-declares-utf8-but-is-latin1.xml": (
        cdm(program("ÉTUDES SUPÉRIEURES")).encode("latin-1"),
        "error",
        "its bytes are not UTF-8",
    ),
    "xml-unknown-code-set-names.xml": (
        cdm(program(codes='<programCode codeSet="ROFid">FR_RNE_1</programCode>')),
        "error",
        "found: ROFid",
    ),
    "xml-root-is-not-cdm.xml": ("<html><body>not CDM</body></html>", "error", "root element"),
    "xml-truncated.xml": (cdm(program())[:150], "error", "not well-formed"),
    "xml-combined-code-without-separator.xml": (
        cdm(program(codes='<programCode codeSet="apogee">L1CHIM231</programCode>')),
        "error",
        "write code étape and version apart",
    ),
    "xml-html-in-names.xml": (
        cdm(program("&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))")),
        "ok",
        "",
    ),
    # --- institution.yml ------------------------------------------------------------------
    "institution-catalog-is-a-number.yml": (
        institution("catalog: 42\n"),
        "error",
        "catalog: 42 is not of type 'array'",
    ),
    "institution-catalog-is-empty.yml": (
        institution("catalog: []\n"),
        "error",
        "catalog: [] should be non-empty",
    ),
    "institution-template-is-a-number.yml": (
        institution("cohort_code_template: 123\ncatalog: [data.json]\n"),
        "error",
        "cohort_code_template: 123 is not of type 'string'",
    ),
    "institution-template-50-million-wide.yml": (
        institution("cohort_code_template: '{code_etape:>50000000}'\ncatalog: [data.json]\n"),
        "error",
        "may not have a format",
    ),
    "institution-template-attribute-access.yml": (
        institution("cohort_code_template: '{code_etape.__class__}'\ncatalog: [data.json]\n"),
        "error",
        "unknown placeholder",
    ),
    "institution-utf16.yml": (
        codecs.BOM_UTF16_LE + institution().encode("utf-16-le"),
        "error",
        "not UTF-8 text",
    ),
    "institution-javascript-moodle-url.yml": (
        institution().replace("https://moodle.u-picardie.fr", "javascript:alert(1)"),
        "error",
        "moodle_url: 'javascript:alert(1)' is not an http",
    ),
    "institution-html-in-name.yml": (
        institution().replace("Université de Picardie Jules Verne", "<script>alert(1)</script>"),
        "ok",
        "",
    ),
    "institution-markdown-link-in-support-name.yml": (
        institution().replace(
            "Service d'innovation pédagogique", "'[Écrire](javascript:alert(1))'"
        ),
        "ok",
        "",
    ),
    "institution-unknown-key.yml": (institution("colour: blue\n"), "error", "unknown setting"),
    "institution-yaml-alias-bomb.yml": (
        institution(
            "catalog: [data.json]\nsearch:\n  synonyms:\n"
            '    a: &a ["x","x","x","x","x","x","x","x","x"]\n'
            + "".join(
                f"    {chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
                for i in range(8)
            )
        ),
        "error",
        "aliases",
    ),
    "institution-not-a-mapping.yml": ("- just\n- a list\n", "error", "is not of type 'object'"),
}


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    expected = {}
    for name, (content, outcome, says) in CORPUS.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (FILES / name).write_bytes(data)
        expected[name] = {"outcome": outcome, "says": says}
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(CORPUS)} files in {FILES}")


if __name__ == "__main__":
    main()
