"""How each kind of node looks, in the HTML views and in the GraphML/GEXF exports alike.

:data:`STYLES` maps a kind to its legend text, fill and border colours and vis-network shape;
:func:`rgb` turns a colour into the integers GEXF's ``viz:color`` takes; :func:`node_size` sizes a
node by its capacity.

>>> STYLES["project"][1], rgb(STYLES["project"][1])
('#e15759', (225, 87, 89))
"""

from __future__ import annotations

__all__ = ["STYLES", "node_size", "rgb"]

#: kind -> (legend text, fill, border, vis shape)
STYLES = {
    "enterprise": ("enterprise", "#59a14f", "#2f6b2a", "dot"),
    "group": ("enterprise group", "#8cd17d", "#4d8f3e", "dot"),
    "government": ("government body", "#9c755f", "#5e4433", "dot"),
    "project": ("investment project", "#e15759", "#9c2c2e", "diamond"),
    "province": ("province (origin or location)", "#f28e2b", "#a85a10", "square"),
    "region": ("city, county or park", "#4e79a7", "#2c4a6e", "square"),
    "product": ("product", "#76b7b2", "#3f7c77", "triangle"),
    "stage": ("value-chain stage (present)", "#edc948", "#a88a16", "box"),
    "gap": ("value-chain stage (gap: no local producer)", "#ffffff", "#9d9d9d", "box"),
    "quantity": ("capacity, output, value or investment", "#b07aa1", "#6f4866", "dot"),
    "bucket": ("enterprises and projects grouped by stage", "#59a14f", "#2f6b2a", "hexagon"),
    "thing": ("other", "#bab0ac", "#7a706c", "dot"),
}


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as three integers 0-255.

    :raises ValueError: for anything but ``#`` and six hex digits.

    >>> rgb("#ffffff")
    (255, 255, 255)
    """
    if len(colour) != 7 or colour[0] != "#":
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def node_size(capacity: float, largest: float) -> float:
    """A node's size: its area grows with its capacity in t/yr; no capacity gives the smallest size.

    >>> node_size(0.0, 250_000.0), node_size(62_500.0, 250_000.0), node_size(250_000.0, 250_000.0)
    (10, 21.0, 32.0)
    """
    if not capacity or not largest:
        return 10
    return round(10 + 22 * (capacity / largest) ** 0.5, 1)
