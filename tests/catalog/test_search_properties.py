"""Property-based tests (hypothesis) of the code search on arbitrary queries.

Whatever a person types (control characters, lone surrogates, combining marks, huge or
empty strings, regex or glob syntax): no exception, results within the limit, each result
once, and typing the query again gives the same ranking.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync_helper.catalog import Catalog, load_catalog
from sync_helper.catalog.search import CatalogSearch, SearchSettings
from sync_helper.institution import load_institution
from tests.catalog.conftest import ROOT

EXAMPLES = 300

queries = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.text(
        st.sampled_from("L1CHIM231 méthodes thermo-ÉTUDES ' \"*?.[](){}\\^$|+ \t\u0301\u200b"),
        max_size=40,
    ),
    st.from_regex(r"[A-Z0-9]{1,12}", fullmatch=True),
    st.just("a" * 10_000),
)


@pytest.fixture(scope="module")
def sample_search() -> CatalogSearch:
    institution = load_institution(ROOT / "institution.yml")
    catalog: Catalog = load_catalog(institution.catalog_files, institution.cohort_code_template)
    return CatalogSearch(catalog, SearchSettings.from_institution(institution.values))


@settings(max_examples=EXAMPLES, deadline=None)
@given(query=queries, limit=st.one_of(st.none(), st.integers(1, 30)))
def test_any_query_is_answered_without_exception(
    sample_search: CatalogSearch, query: str, limit: int | None
) -> None:
    matches = sample_search.search(query, limit)
    if limit is not None:
        assert len(matches) <= limit
    found = [(m.formation.code_etape, m.formation.version) for m in matches]
    assert len(found) == len(set(found))
    again = sample_search.search(query, limit)
    assert [(m.formation.code_etape, m.formation.version) for m in again] == found
