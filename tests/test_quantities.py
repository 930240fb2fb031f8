"""Quantities as the trade press writes them, normalised to base units (values derived by hand)."""

from __future__ import annotations

import pytest

from alucluster.loaders.quantities import find_quantities, parse_quantity


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("250,000 tons", 250_000, "t"),
        ("250000 tons", 250_000, "t"),
        ("120 kt/a", 120_000, "t/yr"),
        ("1.6 million tonnes", 1_600_000, "t"),
        ("300 ktpy", 300_000, "t/yr"),
        ("80,000mt", 80_000, "t"),
        ("3 million pairs", 3_000_000, "pair"),
        ("6 million sets", 6_000_000, "set"),
        ("50.501 billion yuan", 50_501_000_000, "yuan"),
        ("RMB 2.4 billion", 2_400_000_000, "yuan"),
        ("RMB3.2bn", 3_200_000_000, "yuan"),
        ("CNY900mn", 900_000_000, "yuan"),
        ("¥520 million", 520_000_000, "yuan"),
        ("3.1 billion kWh", 3_100_000_000, "kWh"),
        ("6.1 billion kilowatt-hours", 6_100_000_000, "kWh"),
        ("11.6%", 11.6, "%"),
        ("9.6 per cent", 9.6, "%"),
        ("0.5 percentage points", 0.5, "pp"),
        ("12万吨", 120_000, "t"),
        ("4亿元", 400_000_000, "yuan"),
        ("１２万吨", 120_000, "t"),
        ("１，６００，０００ tonnes", 1_600_000, "t"),
        ("500,000 tonnes a year", 500_000, "t/yr"),
        ("300,000 tonnes per year", 300_000, "t/yr"),
        ("150,000 t/yr", 150_000, "t/yr"),
        ("450,000-tonne-a-year", 450_000, "t/yr"),
        ("1.2 million pieces", 1_200_000, "piece"),
        ("6 million", 6_000_000, None),
        # D1 numbers in words
        ("one point two million tonnes", 1_200_000, "t"),
        ("three hundred and forty thousand tons", 340_000, "t"),
        ("a million", 1_000_000, None),
        ("three quarters of a million tonnes", 750_000, "t"),
        ("a quarter of a million tonnes", 250_000, "t"),
        ("half a million tons", 500_000, "t"),
        ("twenty tonnes a year", 20, "t/yr"),
        ("two point four six million", 2_460_000, None),
        ("ten percent", 10, "%"),
        # D2 separators spaced by machine translation
        ("64, 000 tons", 64_000, "t"),
        ("1, 250, 000 tonnes", 1_250_000, "t"),
        ("RMB 7 . 3 billion", 7_300_000_000, "yuan"),
        ("1 .45 million", 1_450_000, None),
        # D3 unit forms
        ("2.46 mtpy", 2_460_000, "t/yr"),
        ("1.7 mtpa", 1_700_000, "t/yr"),
        ("300,000 mtpy", 300_000, "t/yr"),
        ("1 Mt/a", 1_000_000, "t/yr"),
        ("2 Mt", 2_000_000, "t"),
        ("700 ktpy", 700_000, "t/yr"),
        ("120 ktpa", 120_000, "t/yr"),
        ("50 kt/yr", 50_000, "t/yr"),
        ("1000kt/a", 1_000_000, "t/yr"),
        ("5000 kt/a", 5_000_000, "t/yr"),
        ("120 kilotonnes", 120_000, "t"),
        ("36,000 mt", 36_000, "t"),
        ("300,000mt", 300_000, "t"),
        ("300 MT", 300, "t"),
        ("650,000 mt/yr", 650_000, "t/yr"),
        ("900,000-mt/year", 900_000, "t/yr"),
        ("880,000-metric-tons-per-annum", 880_000, "t/yr"),
        ("400,000 metric tons per annum", 400_000, "t/yr"),
        ("16000-ton", 16_000, "t"),
        ("2.4 mln t", 2_400_000, "t"),
        ("RMB730 mln", 730_000_000, "yuan"),
        ("CNY2.9bn", 2_900_000_000, "yuan"),
        ("CNY780mn", 780_000_000, "yuan"),
        ("Yuan 8.6 billion", 8_600_000_000, "yuan"),
        ("45pc", 45, "%"),
        # European decimal commas where no thousands group can be meant
        ("3,143 Mt", 3_143_000, "t"),
        ("1,02 Mt", 1_020_000, "t"),
        ("17,8 %", 17.8, "%"),
        # other currencies stay themselves
        ("US$ 1.4bn", 1_400_000_000, "USD"),
        ("US$384 million", 384_000_000, "USD"),
        ("$300m", 300_000_000, "USD"),
        ("HK$2.2 bln", 2_200_000_000, "HKD"),
        ("HK$3 billion", 3_000_000_000, "HKD"),
        ("3 million US dollars", 3_000_000, "USD"),
        # a power of ten whose superscript was lost in copying
        ("25×104 t", 250_000, "t"),
        ("3×10^4吨", 30_000, "t"),
        ("2x10^5 t", 200_000, "t"),
        # power is not mass
        ("25×104KW", 250_000, "kW"),
        ("330MW", 330_000, "kW"),
        ("30万千瓦", 300_000, "kW"),
        # daily rates and prices are not amounts
        ("3,600 tonnes per day", 3_600, "t/d"),
        ("5,000 t/d", 5_000, "t/d"),
        ("RMB 2,500/t", 2_500, "yuan/t"),
        ("RMB0.25/kWh", 0.25, "yuan/kWh"),
        ("US$2,416 per tonne", 2_416, "USD/t"),
        ("Yuan 13,615/mt", 13_615, "yuan/t"),
    ],
)
def test_quantities_are_normalised(text, value, unit):
    q = parse_quantity(text)
    assert (q.value, q.unit) == (pytest.approx(value, rel=1e-9), unit)


@pytest.mark.parametrize(
    "text", ["tons", "about a million", "", "12 apples and 3 pears", "two lines", "the second phase", "one of them"]
)
def test_not_a_quantity(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


def test_find_quantities_offsets_index_the_text():
    text = "GDP was 68.4 billion yuan, up 5.1%, and 0.8 percentage points ahead."
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["68.4 billion yuan", "5.1%", "0.8 percentage points"]
    assert [q.unit for q in found] == ["yuan", "%", "pp"]


def test_rates_are_capacities():
    assert parse_quantity("120 kt/a").is_rate and not parse_quantity("120 kt").is_rate
    assert parse_quantity("120 kt/a").base_unit == "t"


@pytest.mark.parametrize(
    "text, found",
    [
        # numbers glued to Chinese characters
        ("年产18万吨铝板带，投资36亿元，增长12.3%。", [(180_000, "t"), (3_600_000_000, "yuan"), (12.3, "%")]),
        ("一期已形成年产6万吨产能", [(60_000, "t")]),
        # an enumeration comma (、 is cleaned to ",") does not glue two figures together
        ("年产120万吨氧化铝,50万吨电解铝", [(1_200_000, "t"), (500_000, "t")]),
        # traditional characters
        ("建設30萬噸電解鋁,年用電量15億千瓦時", [(300_000, "t"), (1_500_000_000, "kWh")]),
        ("年产640万只铝轮毂", [(6_400_000, "piece")]),
        # land area is never a capacity
        ("项目用地3500亩", [(3_500, "mu")]),
        ("The plant covers 104 mu, or 70,000 square metres.", [(104, "mu"), (70_000, "m2")]),
        # number words count only as figures with a multiplier or a unit
        ("Two lines make one point two million tonnes.", [(1_200_000, "t")]),
        ("Five companies invested one billion yuan.", [(1_000_000_000, "yuan")]),
        ("The second phase adds 200 kt.", [(200_000, "t")]),
        # a comma before a group that is not three digits separates numbers; a year is no group
        ("It has 5, 10 and 200 lines.", [(5, None), (10, None), (200, None)]),
        ("In 2019. 3 plants opened.", [(2019, None), (3, None)]),
        ("It sold 2.5 million tons at RMB 14,300/t.", [(2_500_000, "t"), (14_300, "yuan/t")]),
    ],
)
def test_quantities_in_running_text(text, found):
    assert [(pytest.approx(q.value, rel=1e-9), q.unit) for q in find_quantities(text)] == found


def test_word_number_offsets_index_the_text():
    text = "The group makes three quarters of a million tonnes a year of alloy."
    (q,) = find_quantities(text)
    assert text[q.start : q.end] == "three quarters of a million tonnes a year"
    assert (q.value, q.unit) == (750_000, "t/yr")


def test_daily_rates_and_prices_are_not_capacities():
    daily, price = parse_quantity("3,600 tonnes per day"), parse_quantity("RMB 2,500/t")
    assert not daily.is_rate and daily.per == "d"
    assert not price.is_rate and price.per == "t"
    assert parse_quantity("120 kt/a").per is None


@pytest.mark.parametrize(
    "text, low, high, unit",
    [
        ("RMB 70-80 million", 70_000_000, 80_000_000, "yuan"),
        ("22-28%", 22, 28, "%"),
        ("5-6 million tonnes", 5_000_000, 6_000_000, "t"),
        ("RMB14,340~14,440/t", 14_340, 14_440, "yuan/t"),
    ],
)
def test_a_range_is_one_quantity_with_both_ends(text, low, high, unit):
    q = parse_quantity(text)
    assert (q.value, q.high, q.unit) == (pytest.approx(low), pytest.approx(high), unit)


@pytest.mark.parametrize("text", ["between 2010-2015", "rose from 100 to 200 tons", "3-5 years"])
def test_what_is_not_a_range(text):
    assert all(q.high is None for q in find_quantities(text))
