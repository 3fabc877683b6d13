"""What the documentation site builds from the package: CLI reference, typography, cohort facts.

The MkDocs hooks in ``hooks/`` stay thin and call these modules, which know nothing of MkDocs.
"""
