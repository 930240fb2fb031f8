"""The contract between the loaders and the graph: entities, evidence and facts.

A :class:`Fact` is one statement an article makes (or implies), with the :class:`Evidence` it came
from. Entities are named by a canonical ``id`` path that becomes their IRI under
:data:`alucluster.ontology.vocab.ID` (``enterprise/acme-aluminium``, ``place/cn-410100``,
``project/<article>-electrolytic-aluminium-1``), so the same input always yields the same IRIs.

>>> ev = Evidence(article="a1b2c3", sentence="Acme has 5 t.", start=0, end=13)
>>> f = Fact(kind="capacity", subject=Entity("enterprise/acme", "Enterprise", "Acme"),
...          value=5.0, unit="t/yr", product="primary-aluminium", evidence=ev)
>>> f.stated, f.confidence
(True, 1.0)
>>> f.to_dict()["subject"]["label"]
'Acme'
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

__all__ = ["FACT_KINDS", "PERIOD_STATUSES", "Entity", "Evidence", "Fact", "slug", "sort_facts"]

#: What a fact can say. ``value``/``unit``/``product``/``period`` are used as noted.
FACT_KINDS = (
    "enterprise",  # an organization is mentioned: subject (Enterprise|EnterpriseGroup|GovernmentBody)
    "project",  # an investment project exists: subject (InvestmentProject), product
    "origin",  # subject comes from object (Province|PrefectureCity); stated or inferred from a name
    "location",  # subject is located in object (a place or park)
    "capacity",  # subject can make value unit (t/yr, pair/yr, set/yr) of product, per period/status
    "output",  # subject made value unit (t, ...) of product in period
    "output_value",  # subject's output was worth value yuan in period
    "investment",  # subject (project) involves value yuan
    "introduced",  # subject (project) was introduced/landed in year ``period`` (e.g. "2018")
    "indicator",  # subject (place|enterprise) has indicator value unit in period (product optional)
    "membership",  # subject (industry or enterprise) belongs to object (IndustrySystem)
    "operator",  # subject (project) is operated by object (enterprise)
    "subsidiary",  # subject is a subsidiary of object (group)
    "person_role",  # subject (Person) holds ``note`` (post title) in object (organization)
)

#: Why a figure has no resolved ``period`` (``Fact.period_status``): ``annual`` (a yearly rate
#: whose year the text does not give), ``planned`` (a target, forecast or projection), ``unknown``
#: (no period can be read). The graph keeps the figure with this status instead of dropping it.
PERIOD_STATUSES = ("annual", "planned", "unknown")


@dataclass(frozen=True, order=True)
class Entity:
    """Something a fact is about: ``id`` is its canonical path, ``type`` an ontology class name."""

    id: str
    type: str
    label: str
    label_zh: str | None = None


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact came from: the article id, the sentence as written, its character offsets."""

    article: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Fact:
    """One statement of an article, with its evidence.

    ``stated`` is False when the fact is inferred (an origin read from a place prefix in a name).
    ``confidence`` is in (0, 1]. ``note`` explains an ambiguity or an inference in words.
    ``curated`` marks facts that come from the reviewed overlay rather than extraction.
    ``period_status`` (one of :data:`PERIOD_STATUSES`) says why a figure has no ``period``, or
    qualifies one (``planned`` for a target year); the graph writes ``unknown`` for an output,
    output value or indicator that has neither. ``product_label`` is the product's noun phrase as
    written, the label of a ``product`` slug that is not in the reference chain (open vocabulary).
    """

    kind: str
    subject: Entity
    evidence: Evidence
    object: Entity | None = None
    value: float | None = None
    unit: str | None = None
    product: str | None = None  # reference product slug, e.g. "aluminium-profiles"
    indicator: str | None = None  # reference indicator slug, e.g. "gdp", "gdp-growth"
    period: str | None = None  # "2021-H1", "2021", "2021-Q3", "2021-01"
    status: str | None = None  # planned | signed | under-construction | operating
    stated: bool = True
    confidence: float = 1.0
    note: str | None = None
    curated: bool = False
    extras: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    period_status: str | None = None  # annual | planned | unknown (PERIOD_STATUSES)
    product_label: str | None = None  # the product as written, e.g. "aluminium ladders"

    def __post_init__(self) -> None:
        if self.kind not in FACT_KINDS:
            raise ValueError(f"unknown fact kind {self.kind!r}")
        if self.period_status is not None and self.period_status not in PERIOD_STATUSES:
            raise ValueError(f"unknown period status {self.period_status!r} (use {', '.join(PERIOD_STATUSES)})")
        if not 0 < self.confidence <= 1:
            raise ValueError(f"confidence must be in (0, 1], got {self.confidence}")

    def to_dict(self) -> dict:
        """A JSON-ready dict, dropping empty fields."""
        d = asdict(self)
        return {k: v for k, v in d.items() if v not in (None, (), [])}

    @classmethod
    def from_dict(cls, d: dict) -> "Fact":
        """The fact back from its :meth:`to_dict` form (as read from JSON).

        :raises KeyError, TypeError, ValueError: when a field is missing or unknown.

        >>> f = Fact("enterprise", Entity("enterprise/acme", "Enterprise", "Acme"), Evidence("a", "s", 0, 1))
        >>> Fact.from_dict(f.to_dict()) == f
        True
        """
        d = dict(d)
        d["subject"] = Entity(**d["subject"])
        d["evidence"] = Evidence(**d["evidence"])
        if d.get("object"):
            d["object"] = Entity(**d["object"])
        d["extras"] = tuple(tuple(x) for x in d.get("extras", ()))
        return cls(**d)


def slug(text: str) -> str:
    """Lower-case, non-alphanumerics to '-': the canonical id part of an English name.

    >>> slug("Shandong Nanshan Aluminium")
    'shandong-nanshan-aluminium'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sort_facts(facts) -> list[Fact]:
    """Facts in a fixed order: by evidence position, then kind, subject and the other fields.

    >>> ev = Evidence("a", "s", 5, 9)
    >>> [f.kind for f in sort_facts([Fact("origin", Entity("e/x", "Enterprise", "X"), ev),
    ...                              Fact("enterprise", Entity("e/x", "Enterprise", "X"), ev)])]
    ['enterprise', 'origin']
    """
    def key(f: Fact):
        return (f.evidence.start, f.evidence.end, f.kind, f.subject.id, f.object.id if f.object else "", f.product or "",
                f.indicator or "", f.period or "", f.value if f.value is not None else float("-inf"), f.unit or "",
                f.curated)

    return sorted(facts, key=key)
