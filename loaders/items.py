"""What the English extractor finds in a sentence, as typed items, and the state of one extraction.

Each item is a frozen dataclass with its character span (``start``, ``end``) in the article text
and the typed thing it names: an organization or park (:class:`Entity`), a place
(:class:`Division`), a product or indicator slug, a :class:`Quantity`, a pronoun, or the projects a
"project" phrase introduces. ``kind`` is a class constant so code can sort mixed items and pick
them by kind; ``value`` is the typed field under a common name.

>>> from alucluster.loaders.facts import Entity
>>> it = OrgItem(0, 4, Entity("enterprise/acme", "Enterprise", "Acme"))
>>> it.kind, it.value.label, isinstance(it, Item)
('org', 'Acme', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from alucluster.loaders.article import Article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.loaders.places import Division
from alucluster.loaders.quantities import Quantity

__all__ = [
    "COUNTRY", "Context", "CountryItem", "IndicatorItem", "Item", "OrgItem", "ParkItem", "PlaceItem", "ProductItem", "ProjectItem", "PronounItem",
    "QuantityItem",
]


#: The country the articles are about: the holder of national figures.
COUNTRY = Entity("country/chn", "Country", "China", "中国")  # the id names.country gives China


@dataclass(frozen=True)
class Item:
    """A span of the article text that names something; subclasses say what."""

    start: int
    end: int
    kind: ClassVar[str] = ""

    @property
    def value(self) -> object:
        raise NotImplementedError


@dataclass(frozen=True)
class OrgItem(Item):
    """An organization named (or referred to by a resolved pronoun)."""

    entity: Entity
    kind: ClassVar[str] = "org"

    @property
    def value(self) -> Entity:
        return self.entity


@dataclass(frozen=True)
class ProjectItem(Item):
    """A "project" phrase and the project entities it introduces or refers back to."""

    projects: tuple[Entity, ...]
    kind: ClassVar[str] = "project"

    @property
    def value(self) -> tuple[Entity, ...]:
        return self.projects


@dataclass(frozen=True)
class PlaceItem(Item):
    """An administrative division of the gazetteer named in the text."""

    division: Division
    kind: ClassVar[str] = "place"

    @property
    def value(self) -> Division:
        return self.division


@dataclass(frozen=True)
class ParkItem(Item):
    """An industrial park, zone or new area named in the text."""

    park: Entity
    kind: ClassVar[str] = "park"

    @property
    def value(self) -> Entity:
        return self.park


@dataclass(frozen=True)
class CountryItem(Item):
    """The country as a whole ("China", "the country", "the nation"): the subject of national
    figures."""

    country: Entity
    kind: ClassVar[str] = "country"

    @property
    def value(self) -> Entity:
        return self.country


@dataclass(frozen=True)
class ProductItem(Item):
    """A product of the reference lexicon (its slug)."""

    product: str
    kind: ClassVar[str] = "product"

    @property
    def value(self) -> str:
        return self.product


@dataclass(frozen=True)
class IndicatorItem(Item):
    """An economic indicator of the reference lexicon (its slug)."""

    indicator: str
    kind: ClassVar[str] = "indicator"

    @property
    def value(self) -> str:
        return self.indicator


@dataclass(frozen=True)
class QuantityItem(Item):
    """A number with its unit."""

    quantity: Quantity
    kind: ClassVar[str] = "qty"

    @property
    def value(self) -> Quantity:
        return self.quantity


@dataclass(frozen=True)
class PronounItem(Item):
    """A pronoun or definite description ("its", "the company", "the city"); ``refers`` is
    ``"org"`` or ``"place"``, ``text`` the words as written (lower case)."""

    refers: str
    text: str = ""
    kind: ClassVar[str] = "pronoun"

    @property
    def value(self) -> str:
        return self.refers


@dataclass
class Context:
    """The growing state of one article's extraction: its facts, the projects introduced so far,
    the cue matches, and the product mentions already used by a capacity figure."""

    article: Article
    cues: object = None  # pipeline.Cues of the document
    facts: list[Fact] = field(default_factory=list)
    projects: list[Entity] = field(default_factory=list)
    project_counts: dict[str, int] = field(default_factory=dict)
    capacity_products: set[tuple[int, int]] = field(default_factory=set)

    @property
    def aid(self) -> str:
        return self.article.id

    def evidence(self, s, end=None) -> Evidence:
        """The evidence of sentence ``s`` (through sentence ``end`` when a figure spans two)."""
        e = end or s
        return Evidence(self.aid, self.article.text[s.start : e.end], s.start, e.end)

    def add(self, **kw) -> None:
        """Record a fact made from keyword fields of :class:`Fact`."""
        self.facts.append(Fact(**kw))
