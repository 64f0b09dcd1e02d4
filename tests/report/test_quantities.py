import pytest

from greenbridge.report.quantities import parse_quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("energy consumption reduced by 43%", [("percentage", 43.0, "%")]),
        ("USD 120 million added in 2 years", [("money", 120e6, "USD")]),
        ("worth $3.5m", [("money", 3.5e6, "USD")]),
        ("RMB 1.2 billion invested", [("money", 1.2e9, "CNY")]),
        ("10 million US dollars", [("money", 10e6, "USD")]),
        ("capacity of 60 tons per year", [("mass", 60.0, "t/year")]),
        ("20 kt/yr of pellets", [("mass", 20000.0, "t/year")]),
        ("1,200 tonnes of water per year", [("mass", 1200.0, "t/year")]),
        ("cuts 1.5 million tonnes of CO2 annually", [("co2", 1.5e6, "t CO2/year")]),
        ("avoided 300 t CO2e", [("co2", 300.0, "t CO2")]),
        ("trained 350 local technicians", [("people_trained", 350.0, "people trained")]),
        ("2,000 farmers were trained", [("people_trained", 2000.0, "people trained")]),
        ("the 2 years and 3 partners", []),
        ("bringing the network to 32 members from 12 countries", []),
        ("the rooms would serve 3,500 smallholder farmers", [("count", 3500.0, "farmers")]),
        ("42 low-cost automatic weather stations", [("count", 42.0, "stations")]),
        ("for three villages by 2026", [("count", 3.0, "villages")]),
        ("since 2019 and in 2024", []),
        ("on 1,200 hectares of seabed", [("area", 1200.0, "ha")]),
        ("about 500 acres", [("area", 500 * 0.404686, "ha")]),
        ("30 cubic metres of fresh water per day", [("volume", 30.0, "m3/day")]),
        ("a 500 cubic-metre-per-day plant", [("volume", 500.0, "m3/day")]),
        ("25 million litres of water", [("volume", 25000.0, "m3")]),
        (
            "a 200 kW gasifier and a 1.5 MWp array",
            [("power", 200.0, "kW"), ("power", 1500.0, "kWp")],
        ),
        ("produces 3.2 GWh per year", [("energy", 3.2e6, "kWh/year")]),
        ("KES 250 million from the county", [("money", 250e6, "KES")]),
        ("a grant of 40 million CFA francs", [("money", 40e6, "XOF")]),
        ("2 million XOF for seeds", [("money", 2e6, "XOF")]),
        ("60 tons of chillies and spices per year", [("mass", 60.0, "t/year")]),
    ],
)
def test_figures_are_read_with_normalized_units(text: str, expected: list) -> None:
    found = [(q.kind, q.value, q.unit) for q in parse_quantities(text)]
    assert found == expected


def test_several_figures_in_order() -> None:
    text = "purity above 99%, 60 tons per year and EUR 2 million"
    assert [q.display for q in parse_quantities(text)] == ["99%", "60 t/year", "2,000,000 EUR"]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("drip irrigation has cut water use by 45% compared with furrows", ["water use"]),
        ("reduced spoilage for tomato growers by about 40%", ["spoilage for tomato growers"]),
        ("where millet yields have risen by 55% since 2019", ["millet yields"]),
        ("energy consumption reduced by 43%", ["energy consumption"]),
        ("halved drying time and reduced losses from 24% to 6%", ["losses", "losses"]),
        (
            "its specific energy consumption is 30% lower than before",
            ["specific energy consumption"],
        ),
        ("membranes which cost about 60% less than imported ones", ["cost"]),
        ("The unit replaced 60% of the diesel used for drying", ["diesel used"]),
        (
            "removes more than 85% of nitrogen and 90% of faecal bacteria",
            ["nitrogen", "faecal bacteria"],
        ),
        ("an electrolyser with an efficiency of 78%", ["efficiency"]),
        ("running at 78% efficiency", ["efficiency"]),
        ("purity above 99%", ["purity"]),
        ("about 99% of it", [""]),
    ],
)
def test_percentages_say_what_they_measure(text: str, measures: list[str]) -> None:
    found = [q.measure for q in parse_quantities(text) if q.kind == "percentage"]
    assert found == measures
