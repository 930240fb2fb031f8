"""Period status of figures whose calendar period cannot be resolved (annual, planned, unknown)."""

from __future__ import annotations

import pytest

from alucluster.loaders.periods import PERIOD_STATUSES, period_status


@pytest.mark.parametrize(
    "text, unit, status, expected",
    [
        ("The project will generate annual sales of RMB 2.2 billion.", "yuan", "planned", "annual"),
        ("Longhua Foil has an annual output value of 800 million yuan.", "yuan", None, "annual"),
        ("The mill rolls 300,000 tonnes a year.", "t", None, "annual"),
        ("The smelter has 500 kt/a of capacity.", "t/yr", None, "annual"),
        ("投产后预计每年产值52亿元。", "yuan", None, "annual"),
        ("Output value is expected to exceed 5 billion yuan once completed.", "yuan", None, "planned"),
        ("Sales will reach 3 billion yuan.", "yuan", None, "planned"),
        ("Kaixin Foil's revenue is 1.2 billion yuan.", "yuan", "planned", "planned"),
        ("项目达产后实现产值20亿元。", "yuan", None, "planned"),
        ("Kaixin Foil sold 12,000 tonnes of foil.", "t", None, "unknown"),
    ],
)
def test_unresolved_periods_get_a_status(text, unit, status, expected):
    got = period_status(text, unit=unit, status=status)
    assert got == expected and got in PERIOD_STATUSES


def test_a_resolved_period_needs_no_status():
    assert period_status("Kaixin Foil sold 12,000 tonnes a year in 2021.", period="2021", unit="t") is None
