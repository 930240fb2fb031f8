"""The host place of an article: the city, county or region the article is about.

The host decides whether a place prefix in a company name is an origin or a location, and whom
"the city's" figures belong to. Evidence, strongest first:

- a wire-service **dateline** opening a paragraph ("BAOTOU, Nov. 8 --", "XIANGYANG, Hubei -",
  "LINFEN (Shanxi Daily) --"): its first place is the host, the region after it only qualifies it;
- a place named in the **title** (a prefecture or province; a county when the title names no larger
  division);
- a place the text **introduces** by apposition ("Yima, a small city in western Henan", "in Dengfeng,
  the county-level city ..."): the usual way such an article presents its subject;
- how often a place is named in the text, where a place used only as a **reference point** ("west
  of X", "near X", "the provincial capital X", "bordering X") does not count.

>>> from alucluster.loaders.places import lookup
>>> [(d.name_en, d.level) for d, _ in datelines("SHIYAN, Hubei - Output rose.")]
[('Shiyan', 'prefecture')]
>>> is_reference("a mill in Dengfeng, south-west of ", 35)
True
"""

from __future__ import annotations

import re

from alucluster.loaders.places import LEVELS, Division, gazetteer, lookup, resolve_place

__all__ = ["DATELINE", "datelines", "is_reference", "choose_host"]

#: A dateline at the start of a line: upper-case place, then an optional region, date or
#: "(Source)" before a dash.
DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'\-]{2,}(?: [A-Z][A-Z'\-]{2,})*)"
    r"(?:\s*,\s*(?P<region>[A-Z][A-Za-z']+(?: [A-Z][A-Za-z']+)*))?"
    r"(?:\s*,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?"
    r"(?:\s*\([^)\n]{0,60}\))?"
    r"\s*(?:-{1,2}|\u2013|\u2014)\s",
    re.M,
)
_APPOSITION = re.compile(
    r"\b([A-Z][a-z]+(?:'[a-z]+)?),\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:city|county|district|prefecture|town)\b")
_REFERENCE = re.compile(
    r"\b(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+of|near|outside|close to|next to|"
    r"bordering|borders|neighbou?ring|adjacent to|away from|provincial capital(?: of)?|capital(?: city)?(?: of)?|"
    r"(?:km|kilometres|kilometers|miles)\s+from)\s+(?:the\s+)?(?:city of\s+)?$",
    re.I,
)


def datelines(text: str) -> list[tuple[Division, tuple[int, int]]]:
    """The places that open a dateline, with the character span of the whole dateline.

    :param text: the article body.

    >>> [(d.name_en, span) for d, span in datelines("GUIYANG (Guizhou Daily) -- Output rose.")]
    [('Guiyang', (0, 27))]
    """
    out = []
    for m in DATELINE.finditer(text):
        name = m.group("place").title()
        context = (m.group("region"),) if m.group("region") else ()
        best, _ = resolve_place(name, context=context, levels=LEVELS)
        if best is not None:
            out.append((best, (m.start("place"), m.end())))
    return out


def is_reference(text: str, start: int) -> bool:
    """True when the place starting at ``start`` is named as a reference point, not as a subject.

    :param text: the text the place is in.
    :param start: the character offset of the place name.

    >>> is_reference("the county-level city east of Luoyang", 30), is_reference("output in Luoyang", 10)
    (True, False)
    """
    return bool(_REFERENCE.search(text[max(0, start - 40) : start]))


_PREFIX_WEIGHT = 0.5


_QUALIFIER = re.compile(r"^[\s,]*(?:in\s+)?(?:the\s+)?$")


def _qualified(d: Division, pos: int, text: str, place_mentions: list[tuple[Division, int]]) -> Division | None:
    """The place inside province ``d`` that the mention of ``d`` at ``pos`` only qualifies
    ("Heqing, Yunnan Province", "Baode County in Shanxi"), if any."""
    if d.level != "province":
        return None
    for inner, start in place_mentions:
        if start < pos <= start + 45 and inner.province_adcode == d.adcode and inner.adcode != d.adcode:
            gap = re.sub(r"^[A-Z][\w'’]*(?:\s+(?:County|District|City|county|district|city))?", "", text[start:pos])
            if _QUALIFIER.match(gap):
                return inner
    return None


def choose_host(title: str, text: str, place_mentions: list[tuple[Division, int]], prefixes: list[Division]) -> Division | None:
    """The place the article is about.

    :param title: the article title ("" when unknown).
    :param text: the article body.
    :param place_mentions: places named in the body, with their character offset.
    :param prefixes: place prefixes of the company names (half a vote each: as often an origin);
        they never choose a host the text does not otherwise name.

    >>> from alucluster.loaders.places import lookup
    >>> zz = lookup("Zhengzhou")[0]
    >>> choose_host("Dengfeng mills busy", "DENGFENG, May 2 - Mills near Zhengzhou ...", [(zz, 30)], []).name_en
    'Dengfeng'
    """
    counts: dict[str, float] = {}
    first: dict[str, int] = {}

    def vote(d: Division, weight: float, pos: int) -> None:
        counts[d.adcode] = counts.get(d.adcode, 0) + weight
        first[d.adcode] = min(first.get(d.adcode, pos), pos)
        if weight != _PREFIX_WEIGHT:
            named.add(d.adcode)

    named: set[str] = set()  # places the text names itself, not only inside company names

    for d, pos in place_mentions:
        if is_reference(text, pos):
            continue
        inner = _qualified(d, pos, text, place_mentions)
        if inner is not None:
            vote(inner, 1, pos)  # "Baode County in Shanxi province": the province only says where Baode is
        else:
            vote(d, 1, pos)
    for d in prefixes:
        vote(d, _PREFIX_WEIGHT, 10**9)
    title_words = re.findall(r"[A-Z][a-zü]+(?: [A-Z][a-zü]+)?", title or "")
    title_places = [d for w in title_words for d in lookup(w, levels=("province", "prefecture"))[:1]]
    if not title_places:
        # a county-level city or district is the host only when the title names nothing larger
        title_places = [d for w in title_words for d in lookup(w, levels=("county",))[:1]]
    for d in title_places:
        vote(d, 3, -1)
    for m in _APPOSITION.finditer(text):
        d = next(iter(lookup(m.group(1))), None)
        if d is not None and not is_reference(text, m.start(1)):
            vote(d, 3, m.start(1))
    for d, (start, _) in datelines(text):
        vote(d, 6, start - 2)
    # A place only company names carry ("Hubei Xinda ...") is as often their origin as the host:
    # it can add weight to a place the text names, never make the host on its own.
    if not named:
        return None
    best = max(named, key=lambda c: (counts[c], c[2:] != "0000", -first[c]))
    return gazetteer().by_adcode(best)
