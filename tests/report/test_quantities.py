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
    ],
)
def test_figures_are_read_with_normalized_units(text: str, expected: list) -> None:
    found = [(q.kind, q.value, q.unit) for q in parse_quantities(text)]
    assert found == expected


def test_several_figures_in_order() -> None:
    text = "purity above 99%, 60 tons per year and EUR 2 million"
    assert [q.display for q in parse_quantities(text)] == ["99%", "60 t/year", "2,000,000 EUR"]
