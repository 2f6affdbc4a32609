"""The départements of Occitanie (INSEE official geographic code), for names and ISO codes."""

from __future__ import annotations

REGION_CODE = "76"
REGION_NAME = "Occitanie"
REGION_ISO = "FR-OCC"
DEPARTEMENTS = {
    "09": "Ariège",
    "11": "Aude",
    "12": "Aveyron",
    "30": "Gard",
    "31": "Haute-Garonne",
    "32": "Gers",
    "34": "Hérault",
    "46": "Lot",
    "48": "Lozère",
    "65": "Hautes-Pyrénées",
    "66": "Pyrénées-Orientales",
    "81": "Tarn",
    "82": "Tarn-et-Garonne",
}


def iso_code(departement: str) -> str:
    """ISO 3166-2 code of a French département (``32`` → ``FR-32``)."""
    return f"FR-{departement}"
