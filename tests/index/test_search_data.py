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
