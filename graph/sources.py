"""Where the gap report's figures come from: coefficient citations and fact sentences.

A figure computed from facts cites the evidence sentences of those facts (quoted, with article and
date, from :meth:`alucluster.graph.model.ClusterModel.sources`); a figure computed with a
coefficient of the reference chain cites the coefficient's entry in ``ontology/data/coefficients.toml``:
publisher, title, year, URL (or why there is none) and the value's definition (AC vs DC kWh, gross vs
net carbon, ...). :class:`SourceBook` numbers both kinds once per report section so that the
Markdown can put ``[s1]``/``[c1]`` after every number and list the sources below.

>>> c = coefficient_citations()["alumina-to-electrolytic-aluminium"]
>>> c.title.startswith("Domain notes"), c.url, "Hall-Heroult" in c.definition
(True, '', True)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from alucluster.graph.model import ClusterModel, Sentence, slug

__all__ = ["Citation", "coefficient_citations", "SourceBook"]


@dataclass(frozen=True)
class Citation:
    """The citation of one coefficient: where it is from and what the value means."""

    flow: str
    publisher: str
    title: str
    year: str
    url: str
    url_note: str
    path: str
    definition: str

    def to_dict(self) -> dict:
        """The citation as JSON-ready fields."""
        return {
            "flow": self.flow, "publisher": self.publisher, "title": self.title, "year": self.year,
            "url": self.url or None, "url_note": self.url_note, "path": self.path, "definition": self.definition,
        }


@lru_cache(maxsize=1)
def coefficient_citations() -> dict[str, Citation]:
    """Flow slug -> :class:`Citation`, from the shipped ``ontology/data/coefficients.toml``."""
    from importlib.resources import files

    data = tomllib.loads(files("alucluster.ontology").joinpath("data/coefficients.toml").read_text("utf-8"))
    out = {}
    for flow, entry in data.get("flows", {}).items():
        src = data["sources"][entry["source"]]
        out[flow] = Citation(
            flow, src["publisher"], src["title"], str(src["year"]), src.get("url", ""), src.get("url_note", ""),
            src.get("path", ""), entry["definition"],
        )
    return out


@dataclass
class SourceBook:
    """Numbers the sources cited in one report section: ``s1, s2 ...`` for sentences and
    ``c1, c2 ...`` for coefficients, in order of first citation."""

    model: ClusterModel | None
    sentences: dict[str, tuple[str, Sentence]] = field(default_factory=dict)
    coefficients: dict[str, tuple[str, Citation]] = field(default_factory=dict)

    def facts(self, iris) -> str:
        """`` [s1][s2]`` for the sentences of fact or quantity IRIs ``iris`` ('' when none)."""
        if self.model is None:
            return ""
        refs = []
        for s in self.model.sources(iris):
            if s.iri not in self.sentences:
                self.sentences[s.iri] = (f"s{len(self.sentences) + 1}", s)
            refs.append(self.sentences[s.iri][0])
        return "".join(f"[{r}]" for r in refs) and " " + "".join(f"[{r}]" for r in refs)

    def coefficient(self, flow_iri: str) -> str:
        """`` [c1]`` for the coefficient of a flow ('' when it has no citation)."""
        c = coefficient_citations().get(slug(flow_iri))
        if c is None:
            return ""
        if c.flow not in self.coefficients:
            self.coefficients[c.flow] = (f"c{len(self.coefficients) + 1}", c)
        return f" [{self.coefficients[c.flow][0]}]"

    def lines(self) -> list[str]:
        """The numbered source list, Markdown: quoted sentences with article and date, then coefficients."""
        out = []
        for ref, s in self.sentences.values():
            when = f", {s.date}" if s.date else ""
            title = f" ({s.title})" if s.title else ""
            quoted = s.text.replace("\n", " ").replace("|", "\\|")
            out.append(f"- [{ref}] \u201c{quoted}\u201d \u2014 article {s.article}{title}{when}")
        for ref, c in self.coefficients.values():
            where = c.url or f"{c.path}; {c.url_note}"
            out.append(f"- [{ref}] {c.definition}. {c.title}, {c.publisher}, {c.year}; {where}")
        return out
