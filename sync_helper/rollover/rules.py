"""How cohort codes map from one academic year to the next.

A rule maps one old code to one or more new codes: a rename (``L1CHIM231 → L1CHIM241``), a
split (one old code, several new ones) or a merge (several old codes, one new one). Rules come
from an explicit table, or from the catalog: each code étape present in both years maps its
old version's cohort code to its new version's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import yaml

from sync_helper.catalog.model import Catalog, Formation


@dataclass(frozen=True)
class CodeRules:
    """Old code → new codes, in the order given; empty when the plan has no rules."""

    mapping: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def __bool__(self) -> bool:
        return bool(self.mapping)

    def targets(self, code: str) -> tuple[str, ...]:
        """The new codes of ``code``; empty when no rule names it."""
        return self.mapping.get(code, ())

    def sources_of(self, code: str) -> tuple[str, ...]:
        """The old codes that become ``code`` (more than one for a merge)."""
        return tuple(old for old, new in self.mapping.items() if code in new)

    def kind(self, code: str) -> str:
        """``rename``, ``split`` or ``merge``, for the plan's explanations."""
        targets = self.targets(code)
        if len(targets) > 1:
            return "split"
        if targets and len(self.sources_of(targets[0])) > 1:
            return "merge"
        return "rename"

    def merged_with(self, other: CodeRules) -> CodeRules:
        """These rules, with ``other``'s entries replacing any for the same old code."""
        return CodeRules(MappingProxyType({**self.mapping, **other.mapping}))

    def codes(self) -> set[str]:
        """Every code the rules name, old and new."""
        return set(self.mapping) | {code for new in self.mapping.values() for code in new}


def rules_from_pairs(pairs: Iterable[tuple[str, str]]) -> CodeRules:
    """Rules from ``(old, new)`` rows: an old code on several rows is a split."""
    mapping: dict[str, list[str]] = defaultdict(list)
    for old, new in pairs:
        if new not in mapping[old]:
            mapping[old].append(new)
    return CodeRules(MappingProxyType({old: tuple(new) for old, new in mapping.items()}))


@dataclass(frozen=True)
class CatalogRules:
    """Rules generated from the catalog, and the codes it could not map (with why)."""

    rules: CodeRules
    unmapped: tuple[tuple[str, str], ...]


def rules_from_catalog(catalog: Catalog, from_year: str, to_year: str) -> CatalogRules:
    """Version changes between two academic years, one per code étape present in both."""
    old = _by_etape(catalog.formations, from_year)
    new = _by_etape(catalog.formations, to_year)
    template = catalog.cohort_template
    pairs, unmapped = [], []
    for etape, formations in sorted(old.items()):
        targets = new.get(etape, [])
        for formation in formations:
            code = formation.cohort_code(template)
            if len(targets) == 1:
                if targets[0].cohort_code(template) != code:
                    pairs.append((code, targets[0].cohort_code(template)))
            elif not targets:
                unmapped.append((code, f"no formation {etape} in {to_year} in the catalog"))
            else:
                versions = ", ".join(t.version for t in targets)
                unmapped.append((code, f"{etape} has several versions in {to_year}: {versions}"))
    return CatalogRules(rules_from_pairs(pairs), tuple(unmapped))


def _by_etape(formations: Iterable[Formation], year: str) -> dict[str, list[Formation]]:
    found: dict[str, list[Formation]] = defaultdict(list)
    for formation in formations:
        if formation.year == year:
            found[formation.code_etape].append(formation)
    return found


def rules_yaml(generated: CatalogRules, from_year: str, to_year: str) -> str:
    """A ``rules:`` block to paste into a plan file, unmapped codes as comments."""
    table = {
        old: new[0] if len(new) == 1 else list(new) for old, new in generated.rules.mapping.items()
    }
    lines = [f"# Generated from the catalog: {from_year} → {to_year}."]
    lines += [f"# Not mapped: {code}: {why}" for code, why in generated.unmapped]
    body = yaml.safe_dump({"rules": {"codes": table}}, allow_unicode=True, sort_keys=False)
    return "\n".join(lines) + "\n" + body
