"""The search data: what the browser downloads first, what shards hold, how text is folded."""

from __future__ import annotations

import json

from sync_helper.catalog.model import Element
from sync_helper.catalog.search_index import build_search_data, shard_key
from tests.index.catalogs import HOSTILE, chemistry_catalog


def load(files: dict[str, str], name: str) -> dict:
    return json.loads(files[name])


def shard_for(files: dict[str, str], token: str) -> dict:
    core = load(files, "core.json")
    return load(files, f"s{core['shards'].index(shard_key(token))}.json")


def test_core_lists_every_formation_with_what_a_result_shows() -> None:
    core = load(build_search_data(chemistry_catalog()), "core.json")
    assert core["code"] == ["L1CHIM231", "L2CHIM231", "L1LETM031"]
    assert core["cohort"] == ["", "", ""], "cohorts equal to the code are not repeated"
    assert core["composantes"][core["composante"][0]] == "UFR des Sciences"
    assert core["years"][core["year"][2]] == "2023"
    assert core["example"] == [1]


def test_element_codes_and_folded_words_lead_to_their_formations() -> None:
    files = build_search_data(chemistry_catalog())
    assert shard_for(files, "rethc01")["c"]["rethc01"] == [0]
    names = shard_for(files, "rethc01")["n"]
    assert names["rethc01"] == ["RETHC01", "Thermodynamique et cinétique"]
    assert shard_for(files, "cinetique")["w"]["cinetique"] == [0]
    assert shard_for(files, "methodes")["w"]["methodes"] == [0, 1], "shared element, both"
    whole = "thermodynamique et cinetique"
    assert shard_for(files, whole)["l"][whole] == [0]


def test_stop_words_are_not_indexed() -> None:
    files = build_search_data(chemistry_catalog())
    shards = [json.loads(text) for name, text in files.items() if name != "core.json"]
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


def test_posting_lists_are_stored_as_gaps() -> None:
    catalog = chemistry_catalog()
    catalog.formations[2].elements = [Element("REMET01", "Méthodes numériques")]
    catalog.formations[1].elements = []
    files = build_search_data(catalog)
    assert shard_for(files, "numeriques")["w"]["numeriques"] == [0, 2], "formations 0 and 2"
