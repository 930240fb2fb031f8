"""Entity resolution within one article: mentions of one enterprise merge, different ones stay apart.

A full mention ("Deyang Xinda", "Deyang Xinda Aluminium Co., Ltd.") has a *core*: its name
without the place prefix and without legal-form words. A short mention ("Xinda", "Xinda
Aluminium") merges into the one full mention whose core starts with the short mention's first
brand word and contains all its words. Two full mentions merge when their cores and place
prefixes agree (a legal suffix may differ), when one core is the other written with fewer spaces
("ZUN Aluminum" / "Zunaluminum"), when one is the other cut short at the end with the same place
("Hubei Ruifeng" / "Hubei Ruifeng Technology"), when one has no place prefix and fits the
other alone ("Kaida Group" / "Henan Kaida Group"), or when one is in the headline and fits
exactly one name of the body (the body's wording is kept). A parenthesised short form or alias
("(Xinmet)") names its full mention wherever it is used alone. A subsidiary ("Deyang Xinda") and
its parent group ("Sichuan Xinda Group") have different place prefixes, so they never merge; a
short mention that fits both is left unmerged and reported as ambiguous. Every merge carries its
reason.

>>> m = [Mention("Deyang Xinda", ("Deyang",), ("Xinda",), False, 0),
...      Mention("Xinda", (), ("Xinda",), False, 90, full=False)]
>>> canon, merges = resolve(m)
>>> canon[1].label, merges[0].reason
('Deyang Xinda', "short name 'Xinda' is the brand of 'Deyang Xinda' (same article, no other candidate)")
"""

from __future__ import annotations

from dataclasses import dataclass

from alucluster.loaders.names import DESCRIPTORS, ORG_HEADS

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
    aliases: tuple[str, ...] = ()  # short forms the text gives it: "(Xinmet)", "... or Lantal"
    title: bool = False  # written in the headline, where names are often cut or padded


@dataclass(frozen=True)
class Merge:
    """``merged`` (a label as written) was taken to be the same entity as ``kept``, because ``reason``."""

    kept: str
    merged: str
    reason: str


def _lower(words) -> list[str]:
    return [w.lower() for w in words]


def _compatible_alias(short: Mention, full: Mention) -> bool:
    if not short.core or not full.core:
        return False
    if short.place and short.place != full.place:
        return False
    words = _lower(full.core)
    return short.core[0].lower() == full.core[0].lower() and all(_word_in(w.lower(), words) for w in short.core) and (
        not short.group or full.group
    )


def _word_in(word: str, words: list[str]) -> bool:
    """``word`` is one of ``words``, or one of them with another ending ("Pioneer" / "Pioneering")."""
    return any(word == w or min(len(word), len(w)) >= 6 and (w.startswith(word) or word.startswith(w)) for w in words)


def _same_name(a: Mention, b: Mention) -> bool:
    return a.place == b.place and _lower(a.core) == _lower(b.core)


def _variant_of(m: Mention, f: Mention) -> str | None:
    """Why full mention ``m`` (written later or in the headline) is another writing of ``f``, or None."""
    if _same_name(m, f):
        return f"same place and name as '{f.label}', only the legal form differs"
    if (not m.place or m.place == f.place) and "".join(_lower(m.core)) == "".join(_lower(f.core)) and len(m.core) != len(f.core):
        return f"'{m.label}' is '{f.label}' written with other spacing"
    if m.place == f.place and len(m.core) < len(f.core) and _lower(f.core[: len(m.core)]) == _lower(m.core) and (not m.group or f.group):
        return f"'{m.label}' is '{f.label}' cut short (same place prefix)"
    if not m.place and f.place and _compatible_alias(m, f):
        return f"'{m.label}' is '{f.label}' without its place prefix"
    if m.title and not f.title and (not m.place or not f.place or m.place == f.place) and (
            _compatible_alias(Mention(m.label, (), m.core, m.group, 0), f) or _compatible_alias(Mention(f.label, (), f.core, f.group, 0), m)):
        return f"the headline's '{m.label}' is the body's '{f.label}'"
    return None


def _narrow(m: Mention, fits: list[Mention]) -> list[Mention]:
    """Of several names a brand fits, the one that is the brand with descriptors only ("Norvane"
    -> "Norvane International", not the joint venture "Norvane Ruixin Aluminum"); all of them
    when that does not single one out."""
    if len(fits) < 2:
        return fits
    own = set(_lower(m.core))
    plain = [f for f in fits if all(w in own or w in DESCRIPTORS or w in ORG_HEADS for w in _lower(f.core))]
    return plain if len(plain) == 1 else fits


def _canonical_fulls(mentions: list[Mention]) -> tuple[dict[int, Mention], list[Mention], list[tuple[Mention, Mention, str]]]:
    """Each full mention's canonical mention (by index), the canonical fulls in order, and the variant merges."""
    fulls: list[Mention] = []
    target: dict[int, Mention] = {}
    variants = []
    # body mentions first, so that a headline's wording never becomes the name
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].title, i))
    for i in order:
        m = mentions[i]
        if not m.full:
            continue
        fits = [(f, r) for f in fulls for r in [_variant_of(m, f) or (_variant_of(f, m) if f.title else None)] if r]
        exact = [(f, r) for f, r in fits if _same_name(m, f)]
        if not exact and len(fits) > 1:
            fits = [(f, r) for f, r in fits if f in _narrow(m, [f for f, _ in fits])]
        if exact or len(fits) == 1:
            f, reason = (exact or fits)[0]
            target[i] = f
            variants.append((f, m, reason))
            continue
        fulls.append(m)
        target[i] = m
    # a shorter writing met first ("Hubei Ruifeng ... Hubei Ruifeng Technology"): the longer
    # name wins, and the shorter is merged into it
    for k, f in enumerate(list(fulls)):
        longer = [g for g in fulls if g is not f and not g.title and _variant_of(f, g) and not _same_name(f, g)]
        if len(longer) == 1 and longer[0] in fulls and f in fulls:
            g = longer[0]
            fulls.remove(f)
            variants.append((g, f, _variant_of(f, g)))
            for i, t in list(target.items()):
                if t is f:
                    target[i] = g
    fulls.sort(key=lambda f: f.start)
    return target, fulls, variants


def resolve(mentions: list[Mention]) -> tuple[list[Mention | None], list[Merge]]:
    """The canonical mention for each mention (same order), and the merges made.

    Full mentions are canonical unless they are another writing of a full mention (same place
    and core, other spacing, cut short, without the place, or the headline's wording); short
    mentions map to the full mention whose alias they are, else to their single compatible full
    mention, or stay unresolved (canonical is ``None``) when none or several fit.

    :param mentions: the organization mentions of one article in text order.

    >>> a = Mention("Hubei Ruifeng Technology", ("Hubei",), ("Ruifeng", "Technology"), False, 0)
    >>> b = Mention("Hubei Ruifeng", ("Hubei",), ("Ruifeng",), False, 80)
    >>> [c.label for c in resolve([a, b])[0]]
    ['Hubei Ruifeng Technology', 'Hubei Ruifeng Technology']
    """
    target, fulls, variants = _canonical_fulls(mentions)
    merges: list[Merge] = []
    seen_merge = set()

    def note(kept: Mention, merged: Mention, reason: str) -> None:
        if kept.label != merged.label and (kept.label, merged.label) not in seen_merge:
            seen_merge.add((kept.label, merged.label))
            merges.append(Merge(kept.label, merged.label, reason))

    for kept, merged, reason in variants:
        note(target.get(next((i for i, m in enumerate(mentions) if m is kept), -1), kept), merged, reason)
    canon: list[Mention | None] = []
    for i, m in enumerate(mentions):
        if m.full:
            canon.append(target[i])
            continue
        aliased = [f for f in fulls if m.label.lower() in (a.lower() for a in _aliases_of(f, mentions, target))]
        fits = aliased or _narrow(m, [f for f in fulls if _compatible_alias(m, f)])
        # A group and its subsidiary may share the brand ("Xinda"): then the short name is
        # ambiguous and stays unmerged rather than guessed.
        if len(fits) == 1:
            f = fits[0]
            canon.append(f)
            reason = (f"'{m.label}' is the short form the text gives '{f.label}'" if aliased else
                      f"short name '{m.label}' is the brand of '{f.label}' (same article, no other candidate)")
            note(f, m, reason)
        elif not fits and m.standalone:
            # no longer name to merge into: the short name is the organization's name in this article
            fulls.append(m)
            canon.append(m)
        else:
            canon.append(None)
    return canon, merges


def _aliases_of(f: Mention, mentions: list[Mention], target: dict[int, Mention]) -> list[str]:
    """The short forms given to ``f`` or to any full mention merged into it."""
    out = list(f.aliases)
    for i, m in enumerate(mentions):
        if m.full and target.get(i) is f and m is not f:
            out += m.aliases
    return out


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
