"""The formation-code catalog: composantes, formations (VET) and teaching elements (ELP).

Nothing here knows about MkDocs: the site's hooks and the CLI both build on it.
"""
