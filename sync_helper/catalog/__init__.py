"""The formation-code catalog: composantes, formations (VET) and teaching elements (ELP).

Nothing here knows about MkDocs: the site's hooks and the CLI both build on it.
"""

from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.model import (
    DEFAULT_COHORT_TEMPLATE,
    Catalog,
    Composante,
    Element,
    Formation,
    Source,
)
from sync_helper.catalog.problems import CatalogError, Problem
from sync_helper.catalog.search import CatalogSearch, Match, MatchKind, search_catalog
from sync_helper.catalog.text import fold, normalize_label

__all__ = [
    "DEFAULT_COHORT_TEMPLATE",
    "Catalog",
    "CatalogError",
    "CatalogSearch",
    "Composante",
    "Element",
    "Formation",
    "Match",
    "MatchKind",
    "Problem",
    "Source",
    "fold",
    "load_catalog",
    "normalize_label",
    "search_catalog",
]
