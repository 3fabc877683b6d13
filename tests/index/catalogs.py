"""Small catalogs built directly from the model, for tests that need no data file."""

from __future__ import annotations

from sync_helper.catalog.model import Catalog, Composante, Element, Formation

HOSTILE = '<script>alert(1)</script> "quoted" & <img src=x onerror=alert(2)>'


def chemistry_catalog(label: str = "LICENCE 1 CHIMIE") -> Catalog:
    """L1CHIM231 with RETHC01, an example formation, and an element shared by both."""
    thermo = Element("RETHC01", "Thermodynamique et cinétique", "RESS", "S1", 6, 54, 20, 24, 10)
    methods = Element("REMET01", "Méthodes numériques", "RESS", "S2", 3)
    ue = Element("UECHI01", "UE Chimie générale", "UE", "S1", 12, children=[thermo, methods])
    return Catalog(
        composantes={
            "010": Composante("010", "UFR des Sciences"),
            "012": Composante("012", "UFR des Lettres", site="AMIENS"),
        },
        formations=[
            Formation("L1CHIM", "231", label, "010", "2023", 60, 487, elements=[ue]),
            Formation(
                "L2CHIM",
                "231",
                "LICENCE 2 CHIMIE",
                "010",
                "2023",
                elements=[Element("REMET01", "Méthodes numériques")],
                example=True,
            ),
            Formation("L1LETM", "031", "LICENCE 1 LETTRES MODERNES", "012", "2023"),
        ],
    )
