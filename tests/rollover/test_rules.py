"""Code rules as a library: renames, splits and merges, and the block they print as."""

from __future__ import annotations

import yaml

from sync_helper.rollover.rules import CatalogRules, CodeRules, rules_from_pairs, rules_yaml

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
