"""institution.yml: a schema whose messages name the key, and values that stay text on pages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
import yaml

from sync_helper.institution import (
    InstitutionConfigError,
    as_text,
    expand_placeholders,
    load_institution,
)
from tests.catalog.conftest import ROOT

VALID = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))


def write(tmp_path: Path, settings: object) -> Path:
    path = tmp_path / "institution.yml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InstitutionConfigError) as caught:
        load_institution(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"catalog": 42}, "catalog: 42 is not of type 'array'"),
        ({"catalog": []}, "catalog: [] should be non-empty"),
        ({"cohort_code_template": 123}, "cohort_code_template: 123 is not of type 'string'"),
        ({"cohort_code_template": "{version:>50000000}"}, "may not have a format"),
        ({"cohort_code_template": "{code_etape}{semestre}"}, "unknown placeholder {semestre}"),
        ({"moodle_url": "javascript:alert(1)"}, "moodle_url: 'javascript:alert(1)' is not an http"),
        ({"ent_url": "https://x/<script>"}, "ent_url: 'https://x/<script>' is not an http"),
        ({"support": {"name": "SIP", "email": "not an address"}}, "support.email:"),
        ({"name": "UPJV\u001b[31m"}, "name: 'UPJV\\x1b[31m' is not one line of text"),
        ({"current_year": 2023}, "current_year: 2023 is not of type 'string'"),
        ({"colour": "blue"}, "colour: unknown setting(s)"),
        ({"cdmfr_code_sets": {"etap": ["x"]}}, "cdmfr_code_sets:"),
        (
            {"support": {key: v for key, v in VALID["support"].items() if key != "au"}},
            "support: 'au' is a required property",
        ),
    ],
    ids=lambda value: str(value)[:40],
)
def test_bad_settings_are_named(tmp_path: Path, change: dict, expected: str) -> None:
    assert expected in error_of(write(tmp_path, {**VALID, **change}))


def test_missing_required_settings_are_named(tmp_path: Path) -> None:
    settings = {key: value for key, value in VALID.items() if key != "moodle_url"}
    assert "'moodle_url' is a required property" in error_of(write(tmp_path, settings))


def test_keys_added_by_other_features_are_accepted(tmp_path: Path) -> None:
    settings = {
        **VALID,
        "current_year": "2023",
        "search": {"synonyms": {"thermo": ["thermodynamique"]}},
        "logo": "assets/logo.svg",
        "favicon": "assets/favicon.png",
        "cohort_facts": "data/cohortes.json",
        "support": {**VALID["support"], "name_with_article": "le SIP"},
        "cdmfr_code_sets": {"etape": ["ETP_MAISON"]},
    }
    institution = load_institution(write(tmp_path, settings))
    assert "etpmaison" in institution.code_sets.names["etape"]


def test_utf16_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "institution.yml"
    path.write_bytes(yaml.safe_dump(VALID, allow_unicode=True).encode("utf-16"))
    assert "not UTF-8 text" in error_of(path)


@pytest.mark.parametrize("document", ["- a list\n", "just text\n", "", "a: [\n"])
def test_not_a_mapping_is_refused(tmp_path: Path, document: str) -> None:
    path = tmp_path / "institution.yml"
    path.write_text(document, encoding="utf-8")
    assert str(path) in error_of(path)


HOSTILE_VALUES = [
    "<script>alert(1)</script>",
    "[clic](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**gras** _pench\u00e9_ `code`",
    '--8<-- "mkdocs.yml"',
    "{: onclick=alert(1) }",
    "{{ institution.support.email }}",
    "Service d'innovation p\u00e9dagogique & co",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_values_render_as_the_same_text(value: str) -> None:
    rendered = markdown.markdown(f"Contact : {as_text(value)}.", extensions=["attr_list"])
    assert re.fullmatch(r"<p>[^<>]*</p>", rendered), rendered
    assert _visible(rendered) == f"Contact : {value}."


def _visible(fragment: str) -> str:
    """The text a browser shows for a one-paragraph fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def test_plain_urls_and_addresses_are_written_as_they_are() -> None:
    for value in ("https://moodle.u-picardie.fr/course/view.php?id=3", "sip@u-picardie.fr"):
        assert as_text(value) == value


def test_expansion_is_one_pass_and_unknown_keys_raise() -> None:
    values = {"name": "{{ institution.secret }}", "secret": "s3cr3t"}
    page = expand_placeholders("A {{ institution.name }}", values, KeyError)
    assert "s3cr3t" not in page
    with pytest.raises(KeyError):
        expand_placeholders("{{ institution.nope }}", values, KeyError)
