"""Every impact figure a reader finds in the example documents (`examples/documents`), read by
the ledger's parser with what it measures or counts. Dates, durations and the alliances' own
bookkeeping (members, participants, countries, sessions) are not impact figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenbridge.ingest.document import read_path
from greenbridge.report.quantities import parse_quantities

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "documents"

READER = {
    "01_giec_kenya_biomass_lab.txt": [
        ("count", "46 researchers", "researchers"), ("power", "200 kW", ""),
        ("percentage", "60%", "diesel used"), ("money", "85,000 USD", ""),
        ("co2", "420 t CO2", ""), ("mass", "120,000 t/year", ""), ("count", "2 rigs", "rigs"),
        ("people_trained", "30 people trained", ""), ("money", "1,800,000 USD", ""),
        ("people_trained", "300 people trained", ""),
    ],
    "02_anso_icimod_mountain_water_webinar.txt": [
        ("count", "42 stations", "stations"), ("count", "18,000 households", "households"),
        ("volume", "25,000 m3", ""), ("percentage", "35%", "water use"),
        ("percentage", "20%", "apricot yields"), ("money", "600,000 USD", ""),
    ],
    "03_desert_alliance_general_assembly.txt": [
        ("people_trained", "420 people trained", ""), ("count", "3 sites", "sites"),
        ("area", "1,200 ha", ""), ("percentage", "70%", "wind erosion"),
        ("volume", "30 m3/day", ""), ("percentage", "45%", "water use"),
        ("count", "2 initiatives", "initiatives"), ("money", "4,200,000 USD", ""),
        ("count", "3 enterprises", "enterprises"),
    ],
    "04_knust_joins_water_alliance.txt": [
        ("money", "1,200,000 USD", ""), ("count", "6 researchers", "researchers"),
        ("volume", "2,000 m3/day", ""), ("percentage", "85%", "nitrogen"),
        ("percentage", "90%", "faecal bacteria"), ("count", "2 wetlands", "wetlands"),
        ("money", "3,500,000 USD", ""), ("count", "15,000 residents", "residents"),
        ("count", "3,000 families", "families"),
    ],
    "05_green_tech_newsletter_nov2024.md": [
        ("count", "90 experts", "experts"), ("percentage", "78%", "efficiency"),
        ("count", "20 rooms", "rooms"), ("mass", "5 t", ""),
        ("percentage", "40%", "spoilage for tomato growers"), ("money", "2,400,000 USD", ""),
        ("count", "3,500 farmers", "farmers"), ("mass", "60 t/year", ""),
        ("percentage", "28%", "post-harvest losses"), ("count", "25 engineers", "engineers"),
        ("count", "500 units", "units"),
    ],
    "06_andes_solar_drying_initiative.md": [
        ("count", "300 dryers", "dryers"), ("percentage", "24%", "losses"),
        ("percentage", "6%", "losses"), ("count", "120 dryers", "dryers"),
        ("money", "2,400,000 USD", ""), ("money", "900,000 USD", ""),
        ("count", "60 communities", "communities"),
    ],
    "07_morocco_solar_desalination_lab.html": [
        ("volume", "50 m3/day", ""), ("percentage", "30%", "specific energy consumption"),
        ("percentage", "60%", "cost"), ("volume", "500 m3/day", ""),
        ("count", "3 villages", "villages"), ("money", "12,000,000 USD", ""),
    ],
    "08_sahel_dryland_agriculture_workshop.pdf": [
        ("area", "3,000 ha", ""), ("percentage", "55%", "millet yields"),
        ("percentage", "35%", "water use"), ("count", "12,000 farmers", "farmers"),
        ("mass", "60 t/year", ""), ("money", "2,500,000 USD", ""),
    ],
}  # fmt: skip


def test_every_example_document_is_listed() -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir()) == sorted(READER)


@pytest.mark.parametrize("name", sorted(READER))
def test_the_figures_a_reader_finds(name: str) -> None:
    text = read_path(EXAMPLES / name).text
    found = [(q.kind, q.display, q.measure) for q in parse_quantities(text)]
    assert found == READER[name]
