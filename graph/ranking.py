"""Gap ranking: documented, tunable factors, and the siting needs of the reference stages.

A gap's score is the weighted sum of four factors in [0, 1] (weights in
``ontology/data/ranking-weights.toml``, overridable with ``gaps --weights FILE``):

- ``demand_pull``: the share of what local plants need of the stage's products that no local plant
  supplies, in the input's own unit (tonnes of alumina, kWh of electricity), the largest over the
  flows: kWh counts as much as tonnes, because the share has no unit;
- ``unconverted``: the local metal the stage could take in directly (primary metal not converted
  locally, or a local input it processes) as a share of local primary capacity (capped at 1);
- ``adjacency``: 1 / hops from the stage's products to a locally made product (0 when unlinked);
- ``siting``: the number of the stage's siting needs (``ontology/data/siting.toml``, cited) the
  region is not shown to have; its weight is *subtracted*: alumina refining with no bauxite shown
  is ranked down, with that reason.

Ties are broken by fewer hops, then the larger size in tonnes, then the segment and chain order.

>>> w = load_weights()
>>> score({"demand_pull": 1.0, "unconverted": 0.0, "adjacency": 1.0, "siting": 1.0}, w) == w.demand_pull + w.adjacency - w.siting
True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from alucluster.ontology.errors import SpecError

__all__ = ["FACTORS", "Weights", "SitingNeed", "load_weights", "siting_needs", "score"]

#: The ranking factors, in the order the report lists them.
FACTORS = ("demand_pull", "unconverted", "adjacency", "siting")


@dataclass(frozen=True)
class Weights:
    """One weight per factor of :data:`FACTORS`; ``source`` names the file they came from."""

    demand_pull: float
    unconverted: float
    adjacency: float
    siting: float
    source: str = "ontology/data/ranking-weights.toml"

    def to_dict(self) -> dict:
        """The weights and their file, JSON-ready."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class SitingNeed:
    """What a plant of a stage needs nearby, which local products show the region has it, and why."""

    stage: str
    needs: str
    shown_by: tuple[str, ...]
    definition: str
    source: str


def _read_toml(text: str, where: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{where}: not a TOML weights file ({exc})") from None


def load_weights(path: str | Path | None = None) -> Weights:
    """The shipped ranking weights, with the keys of ``path`` (a TOML file) overriding them.

    :param path: a TOML file with any of the keys of :data:`FACTORS` (numbers).
    :raises SpecError: when the file cannot be read, is not TOML, has an unknown key or a non-number.

    >>> load_weights().adjacency
    1.0
    """
    from importlib.resources import files

    base = _read_toml(files("alucluster.ontology").joinpath("data/ranking-weights.toml").read_text("utf-8"), "weights")
    source = "ontology/data/ranking-weights.toml"
    if path is not None:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read weights file {p}: {getattr(exc, 'strerror', None) or exc}") from None
        extra = _read_toml(text, str(p))
        unknown = sorted(set(extra) - set(FACTORS))
        if unknown:
            raise SpecError(f"{p}: unknown weight {unknown[0]!r} (use {', '.join(FACTORS)})")
        bad = sorted(k for k, v in extra.items() if isinstance(v, bool) or not isinstance(v, (int, float)))
        if bad:
            raise SpecError(f"{p}: weight {bad[0]!r} must be a number")
        base.update(extra)
        source = f"{p} over ontology/data/ranking-weights.toml"
    return Weights(**{k: float(base[k]) for k in FACTORS}, source=source)


@lru_cache(maxsize=1)
def siting_needs() -> dict[str, SitingNeed]:
    """Stage slug -> its :class:`SitingNeed`, from the shipped ``ontology/data/siting.toml``.

    >>> siting_needs()["alumina-refining"].shown_by
    ('bauxite',)
    """
    from importlib.resources import files

    data = _read_toml(files("alucluster.ontology").joinpath("data/siting.toml").read_text("utf-8"), "siting")
    return {
        stage: SitingNeed(stage, e["needs"], tuple(e.get("shown_by", ())), e["definition"], e["source"])
        for stage, e in sorted(data.get("stage", {}).items())
    }


def score(factors: dict[str, float], weights: Weights) -> float:
    """The weighted score of a gap: the siting factor counts against it.

    :param factors: factor name -> value in [0, 1] (siting: the number of unmet needs).
    :param weights: from :func:`load_weights`.
    """
    return round(
        weights.demand_pull * factors.get("demand_pull", 0.0)
        + weights.unconverted * factors.get("unconverted", 0.0)
        + weights.adjacency * factors.get("adjacency", 0.0)
        - weights.siting * factors.get("siting", 0.0),
        6,
    ) + 0.0
