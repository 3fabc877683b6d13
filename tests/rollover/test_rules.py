"""Code rules as a library: renames, splits and merges, and the block they print as."""

from __future__ import annotations

import yaml

from sync_helper.catalog.model import Catalog, Formation
from sync_helper.rollover.rules import (
    CatalogRules,
    CodeRules,
    rules_from_catalog,
    rules_from_pairs,
    rules_yaml,
)

RULES = rules_from_pairs(
    [
        ("L1CHIM231", "L1CHIM241"),
        ("L1CHBV231", "L1CHIM241"),  # merged into it
        ("L1INFO231", "L1INFO241"),
        ("L1INFO231", "L1INBV241"),  # split
        ("L1INFO231", "L1INFO241"),  # repeated row: no duplicate target
        ("L2PHYS231", "L2PHYS241"),
    ]
)


def test_rows_become_renames_splits_and_merges() -> None:
    assert RULES.targets("L1INFO231") == ("L1INFO241", "L1INBV241")
    assert RULES.targets("NOPE") == ()
    assert RULES.sources_of("L1CHIM241") == ("L1CHIM231", "L1CHBV231")
    assert [RULES.kind(c) for c in ("L2PHYS231", "L1INFO231", "L1CHIM231", "NOPE")] == [
        "rename",
        "split",
        "merge",
        "rename",
    ]
    assert RULES.codes() == {
        "L1CHIM231",
        "L1CHBV231",
        "L1CHIM241",
        "L1INFO231",
        "L1INFO241",
        "L1INBV241",
        "L2PHYS231",
        "L2PHYS241",
    }
    assert RULES and not CodeRules()


def test_the_plan_files_rules_replace_the_catalogs_for_the_same_code() -> None:
    mine = rules_from_pairs([("L2PHYS231", "L2PHYC241")])
    merged = RULES.merged_with(mine)
    assert merged.targets("L2PHYS231") == ("L2PHYC241",)
    assert merged.targets("L1CHIM231") == ("L1CHIM241",)


def test_the_printed_block_is_a_plan_file_rules_section_with_comments() -> None:
    generated = CatalogRules(RULES, (("L3BIO231", "no formation L3BIO in 2024 in the catalog"),))
    text = rules_yaml(generated, "2023", "2024")
    assert text.splitlines()[:2] == [
        "# Generated from the catalog: 2023 → 2024.",
        "# Not mapped: L3BIO231: no formation L3BIO in 2024 in the catalog",
    ]
    assert yaml.safe_load(text) == {
        "rules": {
            "codes": {
                "L1CHIM231": "L1CHIM241",
                "L1CHBV231": "L1CHIM241",
                "L1INFO231": ["L1INFO241", "L1INBV241"],
                "L2PHYS231": "L2PHYS241",
            }
        }
    }
    assert list(yaml.safe_load(text)["rules"]["codes"]) == [
        "L1CHIM231",
        "L1CHBV231",
        "L1INFO231",
        "L2PHYS231",
    ]


def formation(etape: str, version: str, year: str) -> Formation:
    return Formation(etape, version, f"Formation {etape}", "UFR", year=year)


def test_catalog_rules_map_one_version_and_explain_what_they_cannot() -> None:
    catalog = Catalog(
        formations=[
            formation("L1CHIM", "231", "2023"),
            formation("L1CHIM", "241", "2024"),
            formation("L2PHYS", "231", "2023"),
            formation("L2PHYS", "241", "2024"),
            formation("L2PHYS", "242", "2024"),
            formation("L3BIO", "231", "2023"),
            formation("M1ÉCO", "231", "2023"),
            formation("M1ÉCO", "241", "2024"),
        ]
    )
    generated = rules_from_catalog(catalog, "2023", "2024")
    assert dict(generated.rules.mapping) == {
        "L1CHIM231": ("L1CHIM241",),
        "M1ÉCO231": ("M1ÉCO241",),
    }
    assert generated.unmapped == (
        ("L2PHYS231", "L2PHYS has several versions in 2024: 241, 242"),
        ("L3BIO231", "no formation L3BIO in 2024 in the catalog"),
    )
    text = rules_yaml(generated, "2023", "2024")
    assert "    M1ÉCO231: M1ÉCO241\n" in text  # as written, not escaped
