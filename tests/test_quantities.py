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
    ],
)
def test_quantities_are_normalised(text, value, unit):
    q = parse_quantity(text)
    assert (q.value, q.unit) == (pytest.approx(value, rel=1e-9), unit)


@pytest.mark.parametrize("text", ["tons", "about a million", "", "12 apples and 3 pears"])
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
