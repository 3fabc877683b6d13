"""The search data: what the browser downloads first, what shards hold, how text is folded."""

from __future__ import annotations

import gzip
import json

import pytest

from sync_helper.catalog.model import Catalog, Composante, Element, Formation
from sync_helper.catalog.search import SearchSettings
from sync_helper.catalog.search_index import (
    FORMAT_VERSION,
    WORDS_FILE,
    build_search_data,
    shard_key,
)
from tests.index.catalogs import HOSTILE, chemistry_catalog


def load(files: dict[str, str], name: str) -> dict:
    return json.loads(files[name])


def shard_for(files: dict[str, str], token: str) -> dict:
    keys = load(files, "core.json")["shards"]
    return load(files, f"s{keys.index(shard_key(keys, token))}.json")


def elements_of(shard: dict, table: str, token: str) -> list[list[str]]:
    """The elements a token names, from its gaps."""
    index, found = 0, []
    for gap in shard[table][token]:
        index += gap
        found.append(shard["e"][index])
    return found


def formations_of(shard: dict, element_code: str) -> list[int]:
    """Formations holding the element(s) of that code (one per label and period)."""
    found = []
    for element, gaps in zip(shard["e"], shard["f"], strict=True):
        index = 0
        for gap in gaps if element[0] == element_code else ():
            index += gap
            found.append(index)
    return sorted(found)


def test_core_lists_every_formation_with_what_a_result_shows() -> None:
    core = load(build_search_data(chemistry_catalog()), "core.json")
    assert core["code"] == ["L1CHIM231", "L2CHIM231", "L1LETM031"]
    assert core["cohort"] == ["", "", ""], "cohorts equal to the code are not repeated"
    assert core["composantes"][core["composante"][0]] == "UFR des Sciences"
    assert core["years"][core["year"][2]] == "2023"
    assert core["example"] == [1]
    assert core["alias"][0] == "l1", "LICENCE 1 also answers to L1"
    assert "amiens" in core["places"][core["composante"][2]].split(" ")


def test_current_year_is_the_most_recent_or_the_configured_one() -> None:
    catalog = chemistry_catalog()
    catalog.formations[2].year = "2022"
    core = load(build_search_data(catalog), "core.json")
    assert core["years"][core["current"]] == "2023"
    configured = build_search_data(catalog, SearchSettings(current_year="2022"))
    core = load(configured, "core.json")
    assert core["years"][core["current"]] == "2022"


def test_element_codes_and_folded_words_lead_to_their_elements_and_formations() -> None:
    files = build_search_data(chemistry_catalog())
    thermo = ["RETHC01", "Thermodynamique et cinétique", "S1"]
    assert elements_of(shard_for(files, "rethc01"), "c", "rethc01") == [thermo]
    assert formations_of(shard_for(files, "rethc01"), "RETHC01") == [0]
    assert elements_of(shard_for(files, "cinetique"), "w", "cinetique") == [thermo]
    assert formations_of(shard_for(files, "methodes"), "REMET01") == [0, 1], "shared element"
    whole = "thermodynamique et cinetique"
    assert elements_of(shard_for(files, whole), "l", whole) == [thermo]


def test_every_label_word_is_listed_for_near_misses() -> None:
    listed = load(build_search_data(chemistry_catalog()), WORDS_FILE)
    assert "thermodynamique" in listed
    assert listed == sorted(listed)


def test_stop_words_are_not_indexed() -> None:
    files = build_search_data(chemistry_catalog())
    shards = [json.loads(text) for name, text in files.items() if name.startswith("s")]
    indexed = {word for shard in shards for word in shard["w"]}
    assert "thermodynamique" in indexed
    assert not indexed & {"et", "de", "la", "des"}


def test_an_explicit_cohort_idnumber_is_kept() -> None:
    catalog = chemistry_catalog()
    catalog.formations[0].cohort_idnumber = "COH-L1CHIM-2023"
    core = load(build_search_data(catalog), "core.json")
    assert core["cohort"][0] == "COH-L1CHIM-2023"


def test_hostile_labels_stay_data() -> None:
    files = build_search_data(chemistry_catalog(label=HOSTILE))
    assert load(files, "core.json")["label"][0] == HOSTILE


def test_a_large_shard_is_split_by_one_more_character(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sync_helper.catalog.search_index.SHARD_LIMIT", 200)
    labels = ["Thermodynamique", "Théâtre", "Thèse", "Thalassothérapie"]
    catalog = Catalog(
        composantes={"010": Composante("010", "UFR")},
        formations=[
            Formation("F", f"{n:03d}", "LICENCE", "010", "2023", elements=[Element(f"E{n}", label)])
            for n, label in enumerate(labels * 5)
        ],
    )
    files = build_search_data(catalog)
    keys = load(files, "core.json")["shards"]
    split = [key for key in keys if key.startswith("th")]
    assert len(split) >= 2
    assert all(len(key) >= 3 for key in split)
    assert keys == sorted(keys)
    for number in range(len(keys)):
        assert len(gzip.compress(files[f"s{number}.json"].encode())) < 2000
    theses = elements_of(shard_for(files, "these"), "w", "these")
    assert sorted(code for code, _label, _period in theses) == ["E10", "E14", "E18", "E2", "E6"]


def test_synonyms_of_titles_and_places_are_listed_word_by_word() -> None:
    """The script splits ``alias`` and ``placeAlias`` on spaces: « L3 » finds a MIAGE licence."""
    catalog = chemistry_catalog(label="L3 MIAGE")
    catalog.composantes["012"].label = "UFR STAPS"
    core = load(build_search_data(catalog), "core.json")
    assert core["version"] == FORMAT_VERSION
    assert {"licence", "3", "methodes", "gestion"} <= set(core["alias"][0].split(" "))
    aliases = core["placeAlias"][core["composante"][2]].split(" ")
    assert {"sciences", "activites", "sportives"} <= set(aliases)


def test_a_configured_year_absent_from_the_catalog_makes_no_formation_current() -> None:
    core = load(build_search_data(chemistry_catalog(), SearchSettings("2030")), "core.json")
    assert core["current"] == -1


def test_two_character_element_codes_and_labels_are_indexed() -> None:
    catalog = chemistry_catalog()
    catalog.formations[2].elements = [Element("TP", "TP")]
    files = build_search_data(catalog)
    assert elements_of(shard_for(files, "tp"), "c", "tp") == [["TP", "TP", ""]]
    assert elements_of(shard_for(files, "tp"), "l", "tp") == [["TP", "TP", ""]]


def test_search_files_are_compact_utf8() -> None:
    files = build_search_data(chemistry_catalog())
    shard = next(text for text in files.values() if "cinétique" in text)
    assert ", " not in shard and '": ' not in shard and "\\u00e9" not in shard


def test_every_unknown_composante_is_named() -> None:
    catalog = chemistry_catalog()
    catalog.formations[0].composante, catalog.formations[1].composante = "998", "999"
    with pytest.raises(ValueError, match=r"unknown composante\(s\): 998, 999$"):
        build_search_data(catalog)


def shard_tokens(shard: dict) -> set[str]:
    """Every token a shard answers for, in any of its tables."""
    return {token for table in ("c", "w", "l", "C", "W", "L") for token in shard[table]}


def split_catalog() -> Catalog:
    """Words sharing « th » (one of them « th » itself), each in several formations."""
    labels = ["Thermodynamique", "Théâtre", "Thèse", "Thalassothérapie", "TH"]
    return Catalog(
        composantes={"010": Composante("010", "UFR")},
        formations=[
            Formation("F", f"{n:03d}", "LICENCE", "010", "2023", elements=[Element(f"E{n}", label)])
            for n, label in enumerate(labels * 5)
        ],
    )


def assert_every_token_in_the_shard_the_script_picks(files: dict[str, str]) -> set[str]:
    keys = load(files, "core.json")["shards"]
    found: set[str] = set()
    for number, key in enumerate(keys):
        tokens = shard_tokens(load(files, f"s{number}.json"))
        assert {token: shard_key(keys, token) for token in tokens} == dict.fromkeys(tokens, key)
        found |= tokens
    return found


def test_a_split_keeps_every_token_in_the_shard_the_script_looks_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """« th » itself stays in the « th » shard when the longer « th… » words move out."""
    whole = assert_every_token_in_the_shard_the_script_picks(build_search_data(split_catalog()))
    monkeypatch.setattr("sync_helper.catalog.search_index.SHARD_LIMIT", 200)
    files = build_search_data(split_catalog())
    keys = load(files, "core.json")["shards"]
    assert [key for key in keys if key.startswith("th")] == ["th", "tha", "thea", "ther", "thes"]
    assert assert_every_token_in_the_shard_the_script_picks(files) == whole
    assert "th" in shard_tokens(shard_for(files, "th"))


def test_a_token_bigger_than_the_limit_alone_is_one_shard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Splitting stops at whole tokens, however small the limit."""
    monkeypatch.setattr("sync_helper.catalog.search_index.SHARD_LIMIT", 1)
    files = build_search_data(split_catalog())
    keys = load(files, "core.json")["shards"]
    assert {"th", "thermodynamique", "these"} <= set(keys)
    assert assert_every_token_in_the_shard_the_script_picks(files)


def test_a_shard_within_the_limit_is_not_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shard of exactly the limit stays whole: one file per two-letter start, no more."""
    whole = build_search_data(split_catalog())
    keys = load(whole, "core.json")["shards"]
    assert all(len(key) == 2 for key in keys)
    number = keys.index("th")
    size = len(gzip.compress(whole[f"s{number}.json"].encode(), mtime=0))
    monkeypatch.setattr("sync_helper.catalog.search_index.SHARD_LIMIT", size)
    assert build_search_data(split_catalog()) == whole


def test_a_word_naming_too_many_elements_leads_to_formations_instead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """« stage » names 3 elements (listed); « projet » names 4, over a limit of 3: formations."""
    monkeypatch.setattr("sync_helper.catalog.search_index.NAMED_ELEMENTS_LIMIT", 3)
    labels = ["Stage A", "Stage B", "Stage C", "Projet 1", "Projet 2", "Projet 3", "Projet 4"]
    catalog = Catalog(
        composantes={"010": Composante("010", "UFR")},
        formations=[
            Formation("F", f"{n:03d}", "LICENCE", "010", "2023", elements=[Element(f"E{n}", label)])
            for n, label in enumerate(labels)
        ],
    )
    files = build_search_data(catalog)
    stage, projet = shard_for(files, "stage"), shard_for(files, "projet")
    assert [code for code, _, _ in elements_of(stage, "w", "stage")] == ["E0", "E1", "E2"]
    assert "stage" not in stage["W"]
    assert "projet" not in projet["w"]
    assert projet["W"] == {"projet": [3, 1, 1, 1]}, "formations 3 to 6, as gaps"
    assert set(projet["W"]) <= shard_tokens(projet)


def test_a_token_no_shard_key_starts_is_in_no_shard() -> None:
    assert shard_key(["ab", "abc"], "zz") is None
    assert shard_key(["ab", "abc"], "abcd") == "abc"
