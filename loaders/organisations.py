"""Organisation mentions in English text: names read from capitalised runs, and the cues that make a run a company.

A sentence is read as *words* (spaCy tokens, with hyphenated compounds such as "Sci-Tech" glued
back together). A *run* is a sequence of capitalised words, joined by "&", by "and" when no new
name starts after it, by "of" after an organisational head ("Bank of", "Corporation of",
"Branch of"), and by a parenthesised place inside a name ("Hengtai (Xuzhou) Aluminium"); in a
headline written in title case a run ends at its organisational head or legal form. The legal
form at the end is dropped from the label, organisational heads are kept.

A run is an enterprise when its shape says so (a legal form or organisational head; a place
prefix and a pinyin brand; a brand with industry words or descriptors) or when the sentence
treats it as one: a place plus industry words that acts as a subject, possessive or agent
("Zunyi Aluminium restarted ..."), a name in apposition to a company noun ("startup X", "X
company", "aluminium giant X"), an item of a list of companies ("carmakers ranging from A to B",
"smelters such as A, B and C"), the agent of an operating verb ("organised by X"), the object of
"a subsidiary of", "in partnership with", "a source at". Runs headed by a body, medium or place
word (ministry, association, exchange, news, park, road ...), person names and headline words
are not enterprises. A parenthesised short form or "or X" after a name is its alias, and every
later use of an alias or of a one-word company name is a mention of it.

Stated origins written next to the name are kept with the mention: "<Place>-based X",
"<Place>'s X" (not "China's": every company of the genre is Chinese), "a <Place> investor, X".

>>> import spacy
>>> nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")  # doctest: +ELLIPSIS
<...>
>>> doc = nlp("Germany's Brelle company supplied the furnace to Hunan Ruilong Aluminium Co., Ltd.")
>>> [(o.mention.label, o.origin.label if o.origin else None) for o in detect_orgs(doc, list(doc.sents))]
[('Brelle', 'Germany'), ('Hunan Ruilong Aluminium', None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alucluster.loaders.facts import Entity
from alucluster.loaders.names import (COMPANY_NOUNS, DESCRIPTORS, GEOGRAPHIC_HEADS, NON_ENTERPRISE_HEADS, ORG_HEADS,
                                      PERSON_TITLES, country, english_words, is_legal_form, is_pinyin, looks_like_person)
from alucluster.loaders.places import LEVELS, Division, lookup, resolve_place
from alucluster.loaders.resolve import Mention

__all__ = ["Word", "OrgMention", "sentence_words", "detect_orgs", "place_prefix"]

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_GROUPS = {"group", "holdings", "holding"}
# heads after which "of" continues the name: "Bank of China", "Light Alloys Corp of Ningxia"
_OF_HEADS = {"corporation", "corp", "company", "bank", "branch"}
# a run headed by an organisational word is still no enterprise when it also says it is one of these
_NEVER = {"park", "zone", "area", "district", "government", "ministry", "committee", "bureau", "association",
          "commission", "university", "institute", "news", "exchange", "agency", "department", "provincial",
          "municipal", "people's", "party", "state-owned"}
# nouns right after a name that make it a company ("the Brelle company")
_NEXT_NOUNS = {"company", "companies", "firm", "firms", "group", "corporation"}
# what follows a place plus industry words when they are a place and a product ("Zunyi aluminium output")
_AFTER_PRODUCT = {"output", "industry", "industries", "capacity", "production", "sector", "exports", "imports", "prices",
                  "products", "market", "base", "cluster", "chain", "enterprises", "companies", "plants", "projects"}
# what a company's possessive names: its plants, units, people and accounts
_OWNED = {"smelter", "smelters", "plant", "plants", "potline", "potlines", "line", "lines", "mill", "mills", "refinery",
          "refineries", "project", "projects", "unit", "units", "arm", "subsidiary", "subsidiaries", "shares", "chairman",
          "president", "board", "factory", "factories", "facility", "facilities", "workshop", "site", "parent", "stake",
          "profit", "profits", "revenue", "sales", "shipments", "staff", "workers", "executive", "management"}
# words after a name that show it acts: auxiliaries and reporting or operating verbs
_ACTS = {"is", "was", "are", "were", "has", "had", "have", "will", "would", "said", "says", "say", "plans", "can",
         "could", "may", "might", "should", "shall", "did", "does", "also", "aims", "expects", "owns", "operates",
         "runs", "makes", "produces", "reported", "announced"}
_AGENT_VERBS = ("organized|organised|conducted|operated|owned|run|built|invested|funded|financed|backed|developed|"
                "acquired|purchased|bought|controlled|held|established|founded|launched|supplied|produced|made|"
                "manufactured|promoted|led|sponsored|constructed|sold|approved|taken over")
_LEFT_CUES = [
    ("agent", re.compile(rf"\b(?:{_AGENT_VERBS})\s+(?:\w+\s+)?by\s+(?:the\s+)?$", re.I)),
    ("object", re.compile(r"\b(?:project|plant|factory|mill|smelter|refinery|subsidiary|unit|arm|branch|division|"
                          r"affiliate|venture)\s+of\s+(?:the\s+)?$", re.I)),
    ("partner", re.compile(r"\b(?:partnership|venture|agreement|cooperation|deal|contract|ties)\s+with\s+(?:the\s+)?$"
                           r"|\bventure\s+between\s+(?:the\s+)?$", re.I)),
    ("source", re.compile(r"\b(?:source|sources|official|officials|spokesman|spokeswoman|spokesperson|executives?)\s+"
                          r"(?:at|from|of|with)\s+(?:the\s+)?$", re.I)),
    ("apposition", re.compile(r"\b(?:" + "|".join(sorted(COMPANY_NOUNS)) + r")\s*,?\s+$")),
]
_LIST_INTRO = re.compile(
    r"\b(?:companies|enterprises|producers|smelters|refineries|makers|manufacturers|suppliers|carmakers|automakers|"
    r"customers|firms|players|rivals|clients|buyers|investors)\b[^.;:]{0,60}?\b(?:such as|including|include|includes|"
    r"like|ranging from|namely)\s+(?:the\s+companies\s+of\s+)?|\bthe\s+companies\s+of\s+", re.I)
_BASED = re.compile(r"\b([A-Z][\w'’]*(?:\s[A-Z][\w'’]*)?)(?:-|\s)based\b(?:,?\s+[a-z][\w-]*){0,5},?\s+(?:the\s+)?$")
_POSSESSIVE = re.compile(r"\b([A-Z][\w]*(?:\s[A-Z][\w]*)?)\s?['’]s\s+$")
_INVESTOR = re.compile(r"\b(?:a|an)\s+([A-Z][\w]*(?:\s[A-Z][\w]*)?)\s+(?:investor|company|firm|enterprise|group|"
                       r"businessman|entrepreneur),\s+$")
_HEREINAFTER = re.compile(r"^\s*\(\s*(?:hereinafter|hereafter)(?:\s+(?:referred to|called))?\s+(?:as\s+)?[\"'“‘]?"
                          r"([A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})[\"'”’]?\s*\)")
_PAREN_ALIAS = re.compile(r"^\s*\(\s*([A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})\s*\)")
_OR_ALIAS = re.compile(r"^\s+or\s+([A-Z][\w-]+)\b(?=\s*[,.;)]|\s+(?:is|was|will|has|said))")


@dataclass(frozen=True)
class Word:
    """A word of a sentence with its character span; hyphenated compounds are one word."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class OrgMention:
    """An organisation mention: the resolvable :class:`Mention`, where it ends (legal form included),
    its place prefix, and a place stated next to it ("X-based", "X's") with the words that state it."""

    mention: Mention
    end: int
    place: Division | None
    origin: Entity | None = None
    origin_division: Division | None = None
    origin_note: str | None = None


def sentence_words(span) -> list[Word]:
    """The words of a spaCy span, hyphenated compounds ("Sci-Tech", "Kaida-Norvane") glued.

    :param span: a spaCy sentence span.
    """
    toks = [t for t in span]
    out: list[Word] = []
    k = 0
    while k < len(toks):
        text, start = toks[k].text, toks[k].idx
        end = start + len(text)
        while (k + 2 < len(toks) and toks[k + 1].text == "-" and not toks[k].whitespace_ and not toks[k + 1].whitespace_
               and toks[k + 2].text[:1].isupper() and text[:1].isalpha()):
            text += "-" + toks[k + 2].text
            end = toks[k + 2].idx + len(toks[k + 2].text)
            k += 2
        out.append(Word(text, start, end))
        k += 1
    return out


def _cap(text: str) -> bool:
    core = text.replace("-", "").replace("'", "").replace("’", "")
    return text[:1].isupper() and core.rstrip(".").isalpha() and text not in ("I", "A")


def _low(text: str) -> str:
    return text.lower().rstrip(".")


def _title_case(words: list[Word]) -> bool:
    """A headline in title case: most long words capitalised and no final full stop."""
    if words and words[-1].text in (".", "!", "?", "\"", "”"):
        return False
    alpha = [w.text for w in words if w.text[:1].isalpha() and len(w.text) > 3]
    return len(alpha) >= 4 and sum(1 for w in alpha if w[:1].isupper()) >= 0.75 * len(alpha)


def place_prefix(words: list[str], *, allow_county: bool, context: tuple[str, ...] = ()) -> tuple[int, Division | None]:
    """How many leading words of a name are a place (two-word places first), and the place.

    >>> n, d = place_prefix(["Hubei", "Ruilong", "Foil"], allow_county=False)
    >>> n, d.name_en
    (1, 'Hubei')
    """
    levels = LEVELS if allow_county else ("province", "prefecture")
    for n in (2, 1):
        if len(words) > n:
            best, _ = resolve_place(" ".join(words[:n]), context=context, levels=levels)
            if best is not None:
                return n, best
    return 0, None


def _starts_new_name(ws: list[Word], i: int, j: int, context) -> bool:
    """True when the "and" at ``ws[j]`` joins two names: a place prefix and a capitalised word
    follow ("... Aluminium and Hunan Xiangsheng Foil"), or a pinyin brand after a name that
    already ends in an industry word or group word."""
    nxt = [w.text for w in ws[j + 1 : j + 4]]
    if len(nxt) >= 2 and _cap(nxt[1]) and place_prefix(nxt, allow_county=False, context=context)[0]:
        return True
    prev = _low(ws[j - 1].text)
    return j - i >= 2 and bool(nxt) and is_pinyin(nxt[0]) and (prev in DESCRIPTORS or prev in _GROUPS)


def _paren_place(ws: list[Word], j: int) -> bool:
    """``ws[j]`` opens "(Place)" followed by more of the name or a legal form."""
    return (j + 3 < len(ws) and ws[j].text == "(" and ws[j + 2].text == ")" and _cap(ws[j + 3].text)
            and bool(lookup(ws[j + 1].text)))


def _runs(ws: list[Word], context, skip: set[int]) -> list[tuple[int, int]]:
    """Word-index ranges ``[i, j)`` of the capitalised runs of a sentence."""
    title = _title_case(ws)
    out = []
    i = 0
    while i < len(ws):
        if i in skip or not _cap(ws[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(ws) and j not in skip:
            w = ws[j].text
            prev = _low(ws[j - 1].text)
            if title and (prev in ORG_HEADS or is_legal_form(prev)) and not is_legal_form(w):
                break  # "X Group Plans To Build ...": a headline goes on after the name
            if is_legal_form(prev) and not (is_legal_form(w) or w == "," or w == "of" and prev in _OF_HEADS):
                break  # the legal form ends the name
            if _cap(w):
                j += 1
            elif w == "&" and j + 1 < len(ws) and _cap(ws[j + 1].text):
                j += 1
            elif w == "and" and j + 1 < len(ws) and _cap(ws[j + 1].text) and not _is_legal_next(ws, j) and not _starts_new_name(ws, i, j, context):
                j += 1
            elif w == "of" and prev in _OF_HEADS and j + 1 < len(ws) and _cap(ws[j + 1].text):
                j += 1
            elif w == "," and j + 1 < len(ws) and _low(ws[j + 1].text) in ("ltd", "limited", "inc", "llc"):
                j += 1
            elif _paren_place(ws, j):
                j += 3
            else:
                break
        out.append((i, j))
        i = j
    return out


def _is_legal_next(ws, j) -> bool:
    return j + 1 < len(ws) and is_legal_form(ws[j + 1].text)


def _list_items(ws: list[Word], text: str, offset: int) -> list[tuple[int, int]]:
    """Word ranges of the items of a list of companies ("producers such as A, B and C")."""
    out = []
    for m in _LIST_INTRO.finditer(text):
        start = offset + m.end()
        k = next((n for n, w in enumerate(ws) if w.start >= start), None)
        while k is not None and k < len(ws):
            w = ws[k].text
            if _cap(w):
                e = k
                while e < len(ws) and (_cap(ws[e].text) or _paren_place(ws, e) or (ws[e].text == "&" and e + 1 < len(ws))):
                    e += 3 if _paren_place(ws, e) else 1
                out.append((k, e))
                k = e
            elif w in (",", "and", "or", "to", "the") or w.lower() in COMPANY_NOUNS:
                k += 1
            else:
                break
    return out


def _stated_place(name: str, context) -> tuple[Entity | None, Division | None]:
    best, _ = resolve_place(name, context=context, levels=LEVELS)
    if best is not None:
        return Entity(best.id, best.type, best.name_en, best.name_zh), best
    return country(name), None


def _origin_cue(left: str, context) -> tuple[Entity | None, Division | None, str | None]:
    """A place stated right before a name: "<P>-based", "<P>'s", "a <P> investor,"."""
    m = _BASED.search(left)
    if m:
        name = m.group(1).split()[-1] if m.group(1).split()[0] in ("The", "A", "An") else m.group(1)
        ent, div = _stated_place(name, context)
        if ent is None and " " not in name and name.lower() not in english_words():
            ent = Entity(f"place/{name.lower()}", "Place", name)  # a city abroad ("Tokyo based")
        if ent is not None:
            return ent, div, f"stated: '{name}-based'"
    for rx, what in ((_POSSESSIVE, "'s"), (_INVESTOR, " investor")):
        m = rx.search(left)
        if m and m.group(1) != "China":  # "China's X": the national frame of the genre, not an origin
            ent, div = _stated_place(m.group(1), context)
            if ent is not None:
                return ent, div, f"stated: '{m.group(1)}{what}'"
    return None, None, None


def _left_cue(left: str) -> str | None:
    return next((name for name, rx in _LEFT_CUES if rx.search(left)), None)


def _acts(ws: list[Word], i: int, j: int, left: str) -> bool:
    """The run at ``[i, j)`` acts as a company: a possessive, the subject of a verb, an agent."""
    nxt = ws[j].text if j < len(ws) else ""
    if nxt in ("'s", "’s", "’", "'"):
        # "Zunyi Aluminium's smelter", not "Zunyi Aluminium's new momentum" (the place's industry)
        owned = [_low(w.text) for w in ws[j + 1 : j + 5]]
        return any(w in _OWNED for w in owned)
    if nxt in _ACTS or (nxt.endswith("ed") and nxt.islower() and nxt not in _AFTER_PRODUCT):
        return True
    if nxt == "and" and i == 0:
        return True  # "X and Y are building ...": coordinated subjects
    return _left_cue(left) in ("agent", "object", "partner", "source")


def _aliases_after(text: str, end: int, limit: int, context) -> tuple[tuple[str, ...], int]:
    """Short forms written right after a name, and where they end: "(Xinmet)", "or Lantal"."""
    tail = text[end:limit]
    for rx in (_HEREINAFTER, _PAREN_ALIAS, _OR_ALIAS):
        m = rx.match(tail)
        if m:
            alias = m.group(1)
            if _stated_place(alias, context)[0] is None and alias.split()[0].lower() not in english_words():
                return (alias,), end + m.end()
    return (), end


_DEMONYM = re.compile(r"(?:ese|ian|ish|ean|can|ern|ic)$")


def _named_place(word: str, context, list_item: bool) -> bool:
    """A place or country; in a list of companies only a province or prefecture counts, since brands
    are often county names."""
    if not list_item:
        return _stated_place(word, context)[0] is not None
    return resolve_place(word, context=context, levels=("province", "prefecture"))[0] is not None or country(word) is not None


def _first_word(ws: list[Word]) -> int:
    return next((k for k, w in enumerate(ws) if w.text[:1].isalnum()), 0)


def _clean(ws: list[Word], i: int, j: int) -> tuple[int, int] | None:
    """The run without leading function words, months, person titles and what follows a project word."""
    from spacy.lang.en.stop_words import STOP_WORDS

    while i < j and (ws[i].text.lower() in STOP_WORDS or _low(ws[i].text) in _MONTHS):
        i += 1
    if i < j and _low(ws[i].text) in PERSON_TITLES:
        # "Mayor Li Ming and Ruilong Group": the person before "and" is dropped
        k = next((k for k in range(i, j) if ws[k].text == "and"), None)
        if k is None:
            return None
        i = k + 1
    cut = next((k for k in range(i, j) if _low(ws[k].text) in ("phase", "project", "projects")), None)
    if cut is not None:
        j = cut  # "Anshun Heshun Phase II project": a project name, the company is before it
    return (i, j) if i < j else None


def _label_words(ws: list[Word], i: int, j: int) -> tuple[list[str], int]:
    """The name words without the legal form at the end, and the index after the last name word."""
    e = j
    while e > i and (is_legal_form(ws[e - 1].text) or ws[e - 1].text in (",", "&", "and")):
        e -= 1
    words = []
    k = i
    while k < e:
        if _paren_place(ws, k):
            words.append(f"({ws[k + 1].text})")
            k += 3
        else:
            words.append(ws[k].text)
            k += 1
    return words, e


def _head(words: list[str]) -> str:
    lower = [_low(w) for w in words]
    return lower[lower.index("of") - 1] if "of" in lower[1:] else lower[-1]


def _excluded(words: list[str]) -> bool:
    """Bodies, media, places, people: capitalised names that are not enterprises."""
    lower = {_low(w) for w in words}
    head = _head(words)
    if head in ORG_HEADS:
        return bool(lower & _NEVER) or len(words) < 2
    return bool(lower & NON_ENTERPRISE_HEADS) or head in GEOGRAPHIC_HEADS or looks_like_person(words)


def _build(ws, i, j, text, sent_start, context, cue, list_item) -> OrgMention | None:
    """The mention a cleaned run names, or None when it names no organisation."""
    words, e = _label_words(ws, i, j)
    if not words or _excluded(words):
        return None
    has_legal = e < j
    head = _head(words)
    group = head in _GROUPS
    left = text[max(sent_start, ws[i].start - 80) : ws[i].start]
    cue = cue or _left_cue(left) or ("company-noun" if j < len(ws) and ws[j].text in _NEXT_NOUNS else None)
    m = _POSSESSIVE.search(left)
    if cue is None and m and _low(words[-1]) in DESCRIPTORS and _stated_place(m.group(1), context)[0] is not None:
        cue = "possessive"  # "Germany's Brelle Metal said"
    if cue is None and re.search(r"\bby\s+(?:the\s+)?$", left) and len(words) > 1 and _low(words[-1]) in DESCRIPTORS:
        cue = "agent"  # "a test by Harwick Testing Services"
    n_place, place = place_prefix(words, allow_county=False, context=context)
    if not n_place and len(words) > 1 and words[0] == "China":
        n_place = 1  # "China Qiaolong Group": a country prefix, no place of origin
    rest = words[n_place:]
    if not n_place and len(words) > 1 and is_pinyin(words[1]):
        n_c, county = place_prefix(words, allow_county=True)
        if county is not None and county.level == "county":
            n_place, place, rest = n_c, county, words[n_c:]
    if place is not None and place.level == "province" and len(rest) > 1:
        # "Guizhou Tongren X Co.": province then one of its cities; the city is the most specific
        inner = next((d for d in lookup(rest[0], levels=("prefecture",)) if d.province_adcode == place.adcode), None)
        if inner is not None and is_pinyin(rest[1]):
            n_place, place, rest = n_place + 1, inner, rest[1:]
    if not rest:
        return None  # a bare place, even in a list of companies, is the place
    industry = all(_low(w) in DESCRIPTORS for w in rest)
    brand = is_pinyin(rest[0]) and (has_legal or group or not lookup(rest[0], levels=("province", "prefecture")))
    orghead = (head in ORG_HEADS or head in _OF_HEADS and "of" in words) and len(words) > 1 and not (
        len(rest) == 1 and _low(rest[0]) == head)
    parenthesised = any(w.startswith("(") for w in words)  # "Hengtai (Xuzhou) Aluminium"
    end_char = ws[j - 1].end
    start_char = ws[i].start
    label = " ".join(words)
    full = None
    if has_legal or orghead or parenthesised or (place is not None and brand) or (n_place and brand):
        full = True
    elif n_place and industry and (_acts(ws, i, j, left) or cue or list_item):
        full = True  # "Zunyi Aluminium restarted ...", not "Zunyi aluminium output"
    elif (cue or list_item) and not industry or (cue or list_item) and not n_place:
        full = True  # "startup Lumo", "Germany's Brelle company", an item of a list of companies
    elif brand and not n_place:
        # "Minghua Aluminum": a brand plus an industry word names a company even without a
        # place prefix or legal form; a bare brand ("Xinda") is only an alias.
        if len(rest) == 1 and country(rest[0]) is not None:
            return None  # "China" reads as pinyin but is the country
        # "Minghua Aluminum", or a bare brand that owns something ("Qiaolong's smelters")
        standalone = len(rest) >= 2 and _low(rest[-1]) in DESCRIPTORS or (
            len(rest) == 1 and j < len(ws) and ws[j].text in ("'s", "’s") and _acts(ws, i, j, ""))
        origin, origin_div, note = _origin_cue(left, context)
        mention = Mention(label, (), tuple(rest), group, start_char, full=False, standalone=standalone)
        return OrgMention(mention, end_char, None, origin, origin_div, note)
    if not full:
        return None
    if len(words) == 1 and (_named_place(words[0], context, list_item) or words[0].lower() in english_words()
                            or _DEMONYM.search(words[0]) or (i == _first_word(ws) and not list_item and not has_legal)):
        return None  # a place, a common word, a nationality or a sentence-initial capital, even where a company could stand
    origin, origin_div, note = _origin_cue(left, context)
    aliases, _ = _aliases_after(text, end_char, end_char + 60, context)
    mention = Mention(label, tuple(words[:n_place]), tuple(rest), group, start_char, aliases=aliases)
    return OrgMention(mention, end_char, place, origin, origin_div, note)


def detect_orgs(doc, sentences, context: tuple[str, ...] = (), *, title_end: int = 0) -> list[OrgMention]:
    """Organisation mentions of a document in text order.

    :param doc: the spaCy document.
    :param sentences: its sentence spans (spaCy spans).
    :param context: province names the text mentions (they choose between same-named places).
    :param title_end: character offset where the headline ends (its mentions are marked).
    """
    text = doc.text
    found: list[OrgMention] = []
    for span in sentences:
        ws = sentence_words(span)
        items = _list_items(ws, span.text, span.start_char)
        covered = {k for a, b in items for k in range(a, b)}
        runs = sorted(items + _runs(ws, context, covered))
        for a, b in runs:
            cleaned = _clean(ws, a, b)
            if cleaned is None:
                continue
            om = _build(ws, *cleaned, text, span.start_char, context, None, (a, b) in items)
            if om is not None:
                found.append(om)
    found = _with_alias_uses(found, text)
    if title_end:
        found = [OrgMention(Mention(**{**o.mention.__dict__, "title": True}), o.end, o.place, o.origin, o.origin_division,
                            o.origin_note) if o.mention.start < title_end else o for o in found]
    return found


def _with_alias_uses(found: list[OrgMention], text: str) -> list[OrgMention]:
    """Later uses of an alias ("Xinmet") or of a one-word company name that no pattern finds alone."""
    spans = [(o.mention.start, o.end) for o in found]
    names = {a for o in found for a in o.mention.aliases}
    names |= {o.mention.core[0] for o in found if o.mention.full and len(o.mention.core) == 1 and not is_pinyin(o.mention.core[0])}
    extra = []
    for name in sorted(names):
        for m in re.finditer(rf"(?<![\w(-]){re.escape(name)}(?![\w-])", text):
            if not any(a <= m.start() < b for a, b in spans):
                extra.append(OrgMention(Mention(name, (), tuple(name.split()), False, m.start(), full=False), m.end(), None))
    return sorted(found + extra, key=lambda o: o.mention.start)
