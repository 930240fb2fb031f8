"""Entity resolution within one article: mentions of one enterprise merge, different ones stay apart.

A full mention ("Deyang Xinda", "Deyang Xinda Aluminium Co., Ltd.") has a *core*: its name
without the place prefix and without legal-form words. A short mention ("Xinda", "Xinda
Aluminium") merges into the one full mention whose core starts with the short mention's first
brand word and contains all its words. Two full mentions merge only when their cores and place
prefixes agree (a legal suffix may differ). A subsidiary ("Deyang Xinda") and its parent group
("Sichuan Xinda Group") have different place prefixes and group-ness, so they never merge; a short
mention that fits both is left unmerged and reported as ambiguous. Every merge carries its reason.

>>> m = [Mention("Deyang Xinda", ("Deyang",), ("Xinda",), False, 0),
...      Mention("Xinda", (), ("Xinda",), False, 90, full=False)]
>>> canon, merges = resolve(m)
>>> canon[1].label, merges[0].reason
('Deyang Xinda', "short name 'Xinda' is the brand of 'Deyang Xinda' (same article, no other candidate)")
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Mention", "Merge", "candidates", "resolve"]


@dataclass(frozen=True)
class Mention:
    """One written name of an organization: ``place`` prefix words, ``core`` brand/industry words."""

    label: str  # the name without legal suffix, as written ("Deyang Xinda Aluminium")
    place: tuple[str, ...]  # leading place words ("Deyang",) or ()
    core: tuple[str, ...]  # remaining words ("Xinda", "Aluminium")
    group: bool  # the name says Group / Holdings
    start: int  # character offset of the mention
    full: bool = True  # False for a short mention that is only valid as an alias
    standalone: bool = False  # a short mention that names an organization on its own ("Minghua Aluminum")


@dataclass(frozen=True)
class Merge:
    """``merged`` (a label as written) was taken to be the same entity as ``kept``, because ``reason``."""

    kept: str
    merged: str
    reason: str


def _compatible_alias(short: Mention, full: Mention) -> bool:
    if not short.core or not full.core:
        return False
    if short.place and short.place != full.place:
        return False
    words = set(w.lower() for w in full.core)
    return short.core[0].lower() == full.core[0].lower() and all(w.lower() in words for w in short.core) and (
        not short.group or full.group
    )


def resolve(mentions: list[Mention]) -> tuple[list[Mention], list[Merge]]:
    """The canonical mention for each mention (same order), and the merges made.

    Full mentions are canonical unless an earlier full mention has the same place and core;
    short mentions map to their single compatible full mention, or stay unresolved (canonical is
    ``None``) when none or several fit.

    :param mentions: the organization mentions of one article in text order.
    """
    canon: list[Mention | None] = []
    merges: list[Merge] = []
    fulls: list[Mention] = []
    for m in mentions:
        if not m.full:
            continue
        same = next((f for f in fulls if f.place == m.place and [w.lower() for w in f.core] == [w.lower() for w in m.core]), None)
        if same is None:
            fulls.append(m)
    seen_merge = set()
    for m in mentions:
        if m.full:
            same = next(f for f in fulls if f.place == m.place and [w.lower() for w in f.core] == [w.lower() for w in m.core])
            canon.append(same)
            if same is not m and m.label != same.label and (same.label, m.label) not in seen_merge:
                seen_merge.add((same.label, m.label))
                merges.append(Merge(same.label, m.label, f"same place and name as '{same.label}', only the legal form differs"))
            continue
        fits = [f for f in fulls if _compatible_alias(m, f)]
        # A group and its subsidiary may share the brand ("Xinda"): then the short name is
        # ambiguous and stays unmerged rather than guessed.
        if len(fits) == 1:
            f = fits[0]
            canon.append(f)
            if (f.label, m.label) not in seen_merge and f.label != m.label:
                seen_merge.add((f.label, m.label))
                merges.append(
                    Merge(f.label, m.label, f"short name '{m.label}' is the brand of '{f.label}' (same article, no other candidate)")
                )
        elif not fits and m.standalone:
            # no longer name to merge into: the short name is the organization's name in this article
            fulls.append(m)
            canon.append(m)
        else:
            canon.append(None)
    return canon, merges


def candidates(short: Mention, fulls: list[Mention]) -> list[Mention]:
    """The full mentions a short mention could stand for (several: the short name is ambiguous).

    :param short: a short mention (``full=False``).
    :param fulls: the canonical full mentions of the article.

    >>> a = Mention("Ningxia Hengda Group", ("Ningxia",), ("Hengda", "Group"), True, 0)
    >>> b = Mention("Wuzhong Hengda Carbon", ("Wuzhong",), ("Hengda", "Carbon"), False, 40)
    >>> [m.label for m in candidates(Mention("Hengda", (), ("Hengda",), False, 90, full=False), [a, b])]
    ['Ningxia Hengda Group', 'Wuzhong Hengda Carbon']
    """
    return [f for f in fulls if _compatible_alias(short, f)]
