"""The site's search script repeats a few Python constants; these tests keep the two in step.

The browser parity test only notices a drift for the queries it tries; a stop word or a tier
number changed on one side alone shows here at once.
"""

from __future__ import annotations

import re
from importlib import resources

from sync_helper.catalog.search import MIN_LENGTH, QUERY_STOP_WORDS, MatchKind
from sync_helper.catalog.search_index import SHARD_PREFIX_LENGTH

SCRIPT = resources.files("sync_helper.catalog.assets").joinpath("code-search.js").read_text()
SCRIPT_TIERS = {
    "EXACT_CODE": MatchKind.CODE,
    "EXACT_ELEMENT_CODE": MatchKind.ELEMENT_CODE,
    "EXACT_ELEMENT_LABEL": MatchKind.ELEMENT_LABEL,
    "CODE_PREFIX": MatchKind.CODE_PREFIX,
    "ELEMENT_CODE_PREFIX": MatchKind.ELEMENT_CODE_PREFIX,
    "CODE_INFIX": MatchKind.CODE_INFIX,
    "LABEL_WORDS": MatchKind.LABEL_WORDS,
}


def script_number(name: str) -> int:
    match = re.search(rf"\bconst {name} = (\d+);", SCRIPT)
    assert match, f"code-search.js no longer defines {name}"
    return int(match.group(1))


def test_script_ignores_the_same_stop_words() -> None:
    match = re.search(r'const STOP_WORDS = new Set\(\s*"([^"]*)"\.split\(" "\)', SCRIPT)
    assert match, "code-search.js no longer lists STOP_WORDS as one string"
    assert set(match.group(1).split(" ")) == QUERY_STOP_WORDS


def test_script_shard_prefix_is_the_minimum_query_length() -> None:
    assert script_number("PREFIX") == SHARD_PREFIX_LENGTH == MIN_LENGTH


def test_script_tiers_are_numbered_like_match_kinds() -> None:
    assert {name: script_number(name) for name in SCRIPT_TIERS} == SCRIPT_TIERS
    assert len(MatchKind) == script_number("LABEL_WORDS") + 3, "whole words, prefixes, infixes"
