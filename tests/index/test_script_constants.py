"""The site's search script repeats a few Python constants; these tests keep the two in step.

The browser parity test only notices a drift for the queries it tries; a stop word, a score
or a kind number changed on one side alone shows here at once.
"""

from __future__ import annotations

import json
import re
from importlib import resources

from sync_helper.catalog.search import (
    CODE_SCORES,
    ELEMENT_LABEL_BONUS,
    MAX_SCORE,
    MAX_TITLE,
    MIN_LENGTH,
    QUERY_STOP_WORDS,
    TITLE_PHRASE_BONUS,
    WORD_SCORES,
    Field,
    MatchKind,
)
from sync_helper.catalog.search_index import SHARD_PREFIX_LENGTH

SCRIPT = resources.files("sync_helper.catalog.assets").joinpath("code-search.js").read_text()


def script_number(name: str) -> int:
    match = re.search(rf"\bconst {name} = (\d+);", SCRIPT)
    assert match, f"code-search.js no longer defines {name}"
    return int(match.group(1))


def script_list(name: str) -> list[int]:
    match = re.search(rf"\bconst {name} = (\[[\d, ]*\]);", SCRIPT)
    assert match, f"code-search.js no longer defines {name} as a list of numbers"
    return json.loads(match.group(1))


def test_script_ignores_the_same_stop_words() -> None:
    match = re.search(r'const STOP_WORDS = new Set\(\s*"([^"]*)"\.split\(" "\)', SCRIPT)
    assert match, "code-search.js no longer lists STOP_WORDS as one string"
    assert set(match.group(1).split(" ")) == QUERY_STOP_WORDS


def test_script_shard_prefix_is_the_minimum_query_length() -> None:
    assert script_number("PREFIX") == SHARD_PREFIX_LENGTH == MIN_LENGTH


def test_script_kinds_are_numbered_like_match_kinds() -> None:
    assert {kind.name: script_number(kind.name) for kind in MatchKind} == {
        kind.name: kind.value for kind in MatchKind
    }
    assert {f.name: script_number(f.name) for f in Field} == {f.name: f.value for f in Field}


def test_script_scores_are_the_same() -> None:
    assert script_list("CODE_SCORES") == [CODE_SCORES[kind] for kind in sorted(CODE_SCORES)]
    assert script_list("TITLE_SCORES") == list(WORD_SCORES[Field.TITLE])
    assert script_list("ELEMENT_SCORES") == list(WORD_SCORES[Field.ELEMENT])
    assert script_list("PLACE_SCORES") == list(WORD_SCORES[Field.PLACE])
    assert script_number("TITLE_PHRASE_BONUS") == TITLE_PHRASE_BONUS
    assert script_number("ELEMENT_LABEL_BONUS") == ELEMENT_LABEL_BONUS
    assert script_number("MAX_SCORE") == MAX_SCORE
    assert script_number("MAX_TITLE") == MAX_TITLE
