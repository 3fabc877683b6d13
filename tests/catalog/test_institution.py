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
    institution_schema,
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
    # Plain ASCII ids: pytest escapes an id made from the escape character again each time it
    # collects in one process, and mutmut collects twice (its set-up run then said "not found").
    ids=[
        "catalog-not-a-list",
        "catalog-empty",
        "template-not-text",
        "template-format-spec",
        "template-unknown-placeholder",
        "moodle-url-javascript",
        "ent-url-with-html",
        "support-email-not-an-address",
        "name-with-terminal-escape",
        "year-not-text",
        "unknown-setting",
        "code-sets-unknown-kind",
        "support-without-au",
    ],
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


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"a: &x [1]\nb: *x\n", ": YAML aliases (*name) are not accepted"),
        (b"a: [\n", ": not valid YAML (while parsing a flow node"),
        (b"name: \xe9\n", ": not UTF-8 text (byte 0xe9 at offset 6); save it as UTF-8"),
        (b"#" * 1_000_001, ": larger than 1000 kB"),
        (b"[1, 2]\n", ": 1 setting(s) to fix:\n  (top level): [1, 2] is not of type 'object'"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, raw: bytes, says: str) -> None:
    path = tmp_path / "institution.yml"
    path.write_bytes(raw)
    assert error_of(path).startswith(f"{path}{says}")


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    text = path.read_bytes()
    path.write_bytes(text + b"#" * (1_000_000 - len(text)))
    assert load_institution(path).short_name == "UPJV"


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "institution.yml"
    assert error_of(path) == f"{path}: cannot read (No such file or directory)"


def test_every_problem_is_counted_and_listed_by_key(tmp_path: Path) -> None:
    settings = {key: v for key, v in VALID.items() if key != "moodle_url"}
    path = write(tmp_path, {**settings, "name": 5, "current_year": "23", "colour": "blue"})
    assert error_of(path) == (
        f"{path}: 4 setting(s) to fix:\n"
        "  (top level): 'moodle_url' is a required property\n"
        f"  colour: unknown setting(s); known: {', '.join(institution_schema()['properties'])}\n"
        "  name: 5 is not of type 'string'\n"
        "  current_year: '23' is not a year such as \"2023\""
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"support": {**VALID["support"], "email": "x" * 100}},
            f"  support.email: '{'x' * 59}… is not an e-mail address",
        ),
        (
            {"logo": "logo<1>.svg"},
            "  logo: 'logo<1>.svg' is not a file path, relative to institution.yml or absolute "
            "(no quotes, <>, :, |, ?, *)",
        ),
        ({"short_name": "UP\nJV"}, "  short_name: 'UP\\nJV' is not one line of text"),
        ({"ent_url": "ftp://x"}, "  ent_url: 'ftp://x' is not an http:// or https:// address"),
    ],
)
def test_pattern_problems_say_what_was_expected(
    tmp_path: Path, change: dict, expected: str
) -> None:
    message = error_of(write(tmp_path, {**VALID, **change}))
    assert message.splitlines()[1].startswith(expected)


def test_settings_as_the_site_and_the_cli_use_them(tmp_path: Path) -> None:
    settings = {
        **VALID,
        "moodle_url": "https://moodle.example.fr/",
        "catalog": ["data/a.json", "b.csv"],
        "cohort_code_template": "{year}-{code_etape}{version}",
    }
    institution = load_institution(write(tmp_path, settings))
    assert institution.moodle_url == "https://moodle.example.fr"
    assert institution.catalog_files == (tmp_path / "data" / "a.json", tmp_path / "b.csv")
    assert institution.cohort_code_template == "{year}-{code_etape}{version}"
    assert (institution.name, institution.short_name) == (VALID["name"], "UPJV")
    assert institution.values["support"]["email"] == VALID["support"]["email"]
    assert institution.path == tmp_path / "institution.yml"


def test_template_defaults_when_not_set(tmp_path: Path) -> None:
    settings = {key: v for key, v in VALID.items() if key != "cohort_code_template"}
    assert load_institution(write(tmp_path, settings)).cohort_code_template == (
        "{code_etape}{version}"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("https://x.fr/a?b=c&d=1", "https://x.fr/a?b=c&d=1"),
        ("50 % ; 3,5 + 2 ~ 1", "50 % ; 3,5 + 2 ~ 1"),
        ("a--b", "a&#45;&#45;b"),
        ("x_y", "x&#95;y"),
        ("<b>", "&#60;b&#62;"),
        ("Université", "Université"),
    ],
)
def test_as_text_writes_inert_values_as_they_are_and_escapes_the_rest(
    value: str, text: str
) -> None:
    assert as_text(value) == text


def test_an_unknown_key_inside_a_section_is_named_with_its_section(tmp_path: Path) -> None:
    """« synonym » for « synonyms » under ``search``: the message says where to look."""
    message = error_of(write(tmp_path, {**VALID, "search": {"synonym": {"thermo": ["x"]}}}))
    assert message.splitlines()[1:] == ["  search.synonym: unknown setting(s); known: synonyms"]


def test_deeply_nested_yaml_is_refused_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "institution.yml"
    path.write_text("catalog: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    assert error_of(path) == f"{path}: nested too deeply"


def test_a_long_value_is_cut_in_its_message(tmp_path: Path) -> None:
    """A list pasted where a name goes: one readable line, not thousands of characters."""
    message = error_of(write(tmp_path, {**VALID, "name": list(range(300))}))
    line = message.splitlines()[1]
    assert line.startswith("  name: [0, 1, 2, ")
    assert len(line) == len("  name: ") + 200


def test_a_value_of_sixty_characters_is_quoted_whole(tmp_path: Path) -> None:
    email = "x" * 58  # its repr, quotes included, is sixty characters
    message = error_of(write(tmp_path, {**VALID, "support": {**VALID["support"], "email": email}}))
    assert message.splitlines()[1] == f"  support.email: '{email}' is not an e-mail address"


def test_an_absolute_data_file_path_is_kept(tmp_path: Path) -> None:
    """``catalog: [/srv/exports/rof.xml]`` is read there, not below institution.yml's folder."""
    site = tmp_path / "site"
    site.mkdir()
    data = tmp_path / "exports" / "rof.xml"
    institution = load_institution(write(site, {**VALID, "catalog": [str(data), "a.csv"]}))
    assert institution.catalog_files == (data, site / "a.csv")


def test_without_catalog_files_the_list_is_empty(tmp_path: Path) -> None:
    """The site's hooks refuse it with their own message; loading the settings does not fail."""
    settings = {key: v for key, v in VALID.items() if key != "catalog"}
    assert load_institution(write(tmp_path, settings)).catalog_files == ()


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://moodle.example.fr/", "https://moodle.example.fr"),
        ("https://elearning.example.fr/UX//", "https://elearning.example.fr/UX"),
        ("https://moodle.example.fr/moodle-X", "https://moodle.example.fr/moodle-X"),
    ],
)
def test_only_trailing_slashes_leave_the_moodle_url(tmp_path: Path, url: str, kept: str) -> None:
    assert load_institution(write(tmp_path, {**VALID, "moodle_url": url})).moodle_url == kept


def test_several_unknown_settings_are_listed_together(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, {**VALID, "colour": "blue", "font": "Marianne"}))
    assert message.splitlines()[1].startswith("  colour, font: unknown setting(s); known: name, ")


def test_a_value_one_character_over_sixty_is_cut(tmp_path: Path) -> None:
    email = "x" * 59  # its repr, quotes included, is sixty-one characters
    message = error_of(write(tmp_path, {**VALID, "support": {**VALID["support"], "email": email}}))
    assert message.splitlines()[1] == f"  support.email: '{email[:59]}… is not an e-mail address"


class UnknownPlaceholder(Exception):
    """What the site's hook raises: it names the key and the page."""


def test_placeholders_expand_nested_keys_to_their_value() -> None:
    page = "Écrivez {{ institution.support.au }} ({{institution.support.email}})."
    assert expand_placeholders(page, VALID, UnknownPlaceholder) == (
        f"Écrivez {as_text(VALID['support']['au'])} (sip@u-picardie.fr)."
    )


@pytest.mark.parametrize(
    "key", ["support.mail", "support.email.domain", "name.first", "nope", "support", "catalog"]
)
def test_an_unknown_placeholder_raises_the_callers_error_with_its_key(key: str) -> None:
    """A missing key, a key below a text value, a section or a list: never ``KeyError``, or
    a ``repr`` on the page."""
    with pytest.raises(UnknownPlaceholder) as caught:
        expand_placeholders(f"x {{{{ institution.{key} }}}} y", VALID, UnknownPlaceholder)
    assert caught.value.args == (key,)
