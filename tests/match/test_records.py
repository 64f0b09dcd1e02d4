from greenbridge.match.records import country_code, country_in_name, parse_readiness, text_of


def test_country_codes_from_codes_and_names() -> None:
    assert country_code("ke") == "KE"
    assert country_code("KEN") == "KE"
    assert country_code("Kenya") == "KE"
    assert country_code("Lao PDR") == "LA"
    assert country_code("South Asia") is None
    assert country_code("") is None


def test_country_inside_an_organization_name() -> None:
    assert country_in_name("UNDP Accelerator Lab North Macedonia") == "MK"
    assert country_in_name("Honey Bee Network (India)") == "IN"
    assert country_in_name("AccLab Pacific") is None


def test_readiness_levels() -> None:
    assert parse_readiness("TRL7") == 7
    assert parse_readiness("9. Systeme reel prouve") == 9
    assert parse_readiness("Prototype System") == 6
    assert parse_readiness("#VALUE!") is None
    assert parse_readiness(12) is None


def test_text_joins_title_and_description() -> None:
    assert text_of("Solar pump", "Pumps water") == "Solar pump. Pumps water"
    assert text_of("Solar pump", "") == "Solar pump"
