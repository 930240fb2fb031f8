"""The Chinese extraction pipeline: a Chinese article in, the same cited facts as the English one out.

The text is matched in its normalised form (:func:`alucluster.loaders.zh_text.normalise`: simplified
characters, ASCII digits, same offsets), split into sentences and words (jieba); names come from
:mod:`alucluster.loaders.zh_names`, places from the gazetteer, products and indicators from the
ontology's Chinese labels, numbers from ``cn2an``. Facts are read by general rules over each
sentence:

- the **host** is the place named most often outside company names (我市/该市/全市/本县 refer to it);
  a company's place prefix inside the host is its location, any other its inferred origin
  (由浙江企业投资 states the origin of a project);
- a tonnage or piece figure is a **capacity** after 年产/产能/规模/生产能力 or before a project word
  (…万吨X项目), an **output** after 生产/产量/完成产能, with 、/及/和 lists sharing the cue;
  its product is the lexicon phrase after (or before) the number; its subject the project of the
  clause, else the company (or 该公司/公司), else the place (全市, 该市, a named city);
- money after 总投资/投资/出资 is an **investment** (of the project when the sentence speaks of one;
  planned-for-this-year or completed-to-date sums are not), after 产值 an **output value** unless a
  projection (预计, 建成后, 有望 …); 营业收入/销售收入/利税, land (亩), jobs and counts give nothing;
- phases (一期/二期) are separate projects; one project named twice (headline and body) is one;
- statuses from the text's words: 签约/签订/落户 signed, 开工/奠基/破土动工/在建 under construction,
  (已)建成投产/正式投产 operating, 规划/将/计划 planned; periods from 一季度, 上半年, 1至9月, 2021年.

Nothing here knows a particular article: cue words are grammar, names and places come from the
name grammar and the gazetteer, products from the ontology.

>>> from alucluster.loaders.article import Article
>>> a = Article.from_text("四川恒丰铝业有限公司年产5万吨铝型材项目签约。", date="2024", language="zh")
>>> [(f.kind, f.subject.label_zh, f.value, f.product, f.status) for f in extract_zh(a).facts if f.kind == "capacity"]
[('capacity', '年产5万吨铝型材项目', 50000.0, 'aluminium-profiles', 'signed')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from alucluster.loaders.article import Article
from alucluster.loaders.facts import Entity, Evidence, Fact, slug, sort_facts
from alucluster.loaders.lexicon import lexicon
from alucluster.loaders.places import Division, by_adcode
from alucluster.loaders.resolve import Merge
from alucluster.loaders.zh_names import PARK_WORDS, ZhName, detect_names, detect_parks, english_label, find_places, resolve_names
from alucluster.loaders.zh_text import ZhQuantity, find_quantities, normalise, sentence_spans

__all__ = ["extract_zh", "period_zh", "status_zh"]

_HOST_REF = re.compile(r"我市|该市|本市|全市|我区|该区|全区|本县|我县|该县|全县|我州|全州|该州|我旗|全旗|新区")
_PRONOUN_ORG = re.compile(r"该公司|该集团|该企业|公司|企业|集团")
_PROJECT_WORD = re.compile(r"项目|生产线")
_CAPACITY_CUE = re.compile(r"年产能|年产|产能|生产能力|设计能力|能力|规模|年加工|年生产")
_OUTPUT_CUE = re.compile(r"累计生产|完成产能|生产(?!能力|线|基地|车间|厂)|产量|产出")
_DISTRACTOR = re.compile(r"共计|合计|总计|交易量|交易额|销量|销售|用量|需求|进口|出口|储量|运输|库存|消费|吞吐|运量|贸易|处理")
_FUTURE = re.compile(r"计划|预计|将|力争|目标|有望|可实现|预期|可达|争取|建成后|达产后|投产后|实施后|完成后|到\d{4}年")
_INVEST_CUE = re.compile(r"(?:总投资|静态投资|投资|出资|投入)(?:额|总额)?(?:为|达|约|了|超过)?$")
_INVEST_NOT = re.compile(r"已|累计|完成投资|截止|截至|\d{4}年计划投资|今年计划投资|年度")
_VALUE_CUE = re.compile(r"(?:产值|总产值)(?:已达|已|达到|达|为|突破|超过|实现|约|近|在)*$")
_PHASE = re.compile(r"([一二三四])期")
_STATUS_WORDS = (
    ("operating", re.compile(r"建成投产|正式投产|已投产|投入生产|建成运行|投产运行|已建成")),
    ("under-construction", re.compile(r"开工|奠基|破土动工|动工|在建|建设中|正在建设|目前建设的|施工|工地")),
    ("signed", re.compile(r"签约|签订|签署|根据协议|落户")),
    ("planned", re.compile(r"规划|计划|拟建|将于|将提高|将达到|将建")),
)
_RANK = {"operating": 4, "under-construction": 3, "signed": 2, "planned": 1}
_NOT_STATUS_AFTER = re.compile(r"后|一批")  # 投产后, 开工一批: not said of this project


def status_zh(text: str) -> str | None:
    """The strongest project status the text's own words state, None without any.

    A status word after a future marker (将于…投产, 预计…建成投产) only says the project is planned.

    >>> status_zh("项目于2020年6月建成投产"), status_zh("预计2023年底建成投产"), status_zh("签约仪式")
    ('operating', 'planned', 'signed')
    """
    best = None
    for status, pattern in _STATUS_WORDS:
        for m in pattern.finditer(text):
            if _NOT_STATUS_AFTER.match(text, m.end()):
                continue
            s = status
            if status in ("operating", "under-construction") and _FUTURE.search(text[max(0, m.start() - 12) : m.start()]):
                s = "planned"
            if best is None or _RANK[s] > _RANK[best]:
                best = s
    return best


_PERIODS = (
    (re.compile(r"(?:(\d{4})年)?(\d{1,2})(?:月)?[至\-到~—](\d{1,2})月"), "range"),
    (re.compile(r"(?:(\d{4})年)?前三季度"), "q3cum"),
    (re.compile(r"(?:(\d{4})年)?(?<!前)(?:第)?([一二三四1-4])季度"), "quarter"),
    (re.compile(r"(?:(\d{4})年)?([上下])半年"), "half"),
    (re.compile(r"((?:19|20)\d\d)年"), "year"),
    (re.compile(r"今年|本年|现在|目前|去年"), "relative"),
)


def period_zh(text: str, year: int | None) -> str | None:
    """The period the last time expression of ``text`` names (``year`` resolves 今年 and a bare 一季度).

    >>> period_zh("1至9月,产值", 2025), period_zh("一季度累计生产", 2023), period_zh("上半年,公司", 2025)
    ('2025-01/2025-09', '2023-Q1', '2025-H1')
    """
    best: tuple[int, str] | None = None
    for pattern, kind in _PERIODS:
        for m in pattern.finditer(text):
            y = int(m.group(1)) if kind != "relative" and m.group(1) else year
            if y is None:
                continue
            if kind == "range":
                p = f"{y}-{int(m.group(2)):02d}/{y}-{int(m.group(3)):02d}"
            elif kind == "q3cum":
                p = f"{y}-01/{y}-09"
            elif kind == "quarter":
                p = f"{y}-Q{'一二三四'.index(m.group(2)) + 1 if m.group(2) in '一二三四' else m.group(2)}"
            elif kind == "half":
                p = f"{y}-H{1 if m.group(2) == '上' else 2}"
            elif kind == "year":
                p = m.group(1)
            else:
                p = str(y - 1 if m.group(0) == "去年" else y)
            if best is None or m.start() > best[0]:
                best = (m.start(), p)
    return best[1] if best else None


@dataclass
class _Project:
    entity: Entity
    key: int  # position of the project word it was read from
    sentence: int
    phase: str | None
    place: Division | None
    figures: set = field(default_factory=set)  # (product, value, phase)
    status: str | None = None


@dataclass
class _Doc:
    article: Article
    norm: str
    sentences: list[tuple[int, int]]
    names: list[tuple[ZhName, Entity | None]]  # mentions with their canonical entity
    canonical: dict[str, ZhName]  # entity id -> the full name it was made from
    objects: set[int]  # starts of names that are objects (listed, after 引进/与)
    pronouns: list[tuple[int, int]]
    places: list  # PlaceHit outside names
    host: Division | None
    parks: list[tuple[int, int, Entity]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    projects: list[_Project] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)

    def evidence(self, si: int) -> Evidence:
        a, b = self.sentences[si]
        return Evidence(self.article.id, self.article.text[a:b], a, b)


def _org_entity(n: ZhName) -> Entity:
    english = n.english
    return Entity(f"enterprise/{slug(english)}", "EnterpriseGroup" if n.group else "Enterprise", english, n.label_zh)


def _place_entity(d: Division) -> Entity:
    return Entity(d.id, d.type, d.name_en, d.name_zh)


def _choose_host(norm: str, title: str, places, names) -> Division | None:
    """The place the article is about: the prefecture or county named most often outside company
    names (the title counts double); a province only when no smaller place is named."""
    counts: dict[str, list] = {}
    for h in places:
        counts.setdefault(h.division.adcode, [h.division, 0, h.start])[1] += 1
    for h in find_places(normalise(title or "")):
        if h.division.adcode in counts:
            counts[h.division.adcode][1] += 2
    if not counts:
        # every place is inside a company name (陕西恒锐榆林…集团): the most specific one named most
        for h in find_places(norm):
            counts.setdefault(h.division.adcode, [h.division, 0, h.start])[1] += 1
        if not counts:
            return None
    ranked = sorted(counts.values(), key=lambda c: (c[0].level == "province" and c[0].adcode[2:4] != "00" or
                                                    c[0].level == "province" and c[0].adcode not in ("110000", "120000", "310000", "500000"),
                                                    -c[1], c[2]))
    return ranked[0][0]


def _in_host(d: Division | None, host: Division | None) -> bool:
    """True for the host, a place inside it, or inside the host's city when the host is a county."""
    if d is None or host is None:
        return False
    city = host.prefecture_adcode if host.level == "county" else host.adcode
    try:
        by_adcode(city)
    except KeyError:
        city = host.province_adcode  # county of a province-level city (重庆永川区)
    if d.adcode in (host.adcode, city):
        return True
    if d.level == "county":
        return d.prefecture_adcode == city or d.province_adcode == city
    return d.level == "prefecture" and d.province_adcode == city


def extract_zh(article: Article, *, curated: bool = False):
    """Extract one Chinese article: its facts (sorted) and the name merges made.

    :param article: the cleaned article (its date resolves 今年 and bare quarters).
    :param curated: also apply the reviewed curation overlay (off by default).
    :returns: an :class:`alucluster.loaders.extract.Extraction`.
    """
    from alucluster.loaders.extract import Extraction

    doc = _read(article)
    _enterprise_facts(doc)
    for ent in dict.fromkeys(e for _, e in doc.names if e is not None):
        doc.merges.append(Merge(ent.label, ent.label_zh, f"pinyin form of the Chinese name: one node ({ent.id}) with "
                                                           f"English articles that write '{ent.label}'"))
    for si in range(len(doc.sentences)):
        _sentence_facts(doc, si)
    _merge_projects(doc)
    facts = sort_facts(_dedupe(doc.facts))
    if curated:
        from alucluster.loaders.curation import apply_curation

        facts = sort_facts(apply_curation(article, facts))
    return Extraction(article, facts, doc.merges, _place_entity(doc.host) if doc.host else None)


def _read(article: Article) -> _Doc:
    orig = article.text
    norm = normalise(orig)
    sentences = sentence_spans(norm)
    found, aliases, pronouns = detect_names(orig, norm, sentences)
    canon, merges = resolve_names(found, aliases)
    entities: dict[str, Entity] = {}
    canonical: dict[str, ZhName] = {}
    names = []
    for n, c in zip(found, canon):
        if c is not None:
            ent = entities.setdefault(c.simple, _org_entity(c))
            canonical.setdefault(ent.id, c)
        names.append((n, entities[c.simple] if c is not None else None))
    spans = [(n.start, n.end) for n in found]
    places = [h for h in find_places(norm) if not any(a <= h.start < b for a, b in spans)]
    objects = {n.start for n in found if re.search(r"(引进|吸引|依托|与|和|同|为|是)$", norm[max(0, n.start - 2) : n.start])}
    objects |= {n.start for n in found if re.match(r"[,、]?[^,.;]{0,12}?等", norm[n.end : n.end + 14])
                and n.kind == "full" and not n.legal}
    host = _choose_host(norm, article.title or "", places, names)
    parks = []
    for a, b in detect_parks(norm, sentences, spans):
        english = english_label(norm[a:b], words=PARK_WORDS)
        parks.append((a, b, Entity(f"park/{slug(english)}", "IndustrialPark", english, orig[a:b])))
    return _Doc(article, norm, sentences, names, canonical, objects, pronouns, places, host, parks, merges=merges)


def _sentence_of(doc: _Doc, pos: int) -> int:
    return next(i for i, (a, b) in enumerate(doc.sentences) if a <= pos < b or pos < a)


def _enterprise_facts(doc: _Doc) -> None:
    """One enterprise fact per company; its place prefix gives a location (in the host) or an
    inferred origin (elsewhere); a branch is a subsidiary of its parent named in the article."""
    seen: set[str] = set()
    for n, ent in doc.names:
        if ent is None or ent.id in seen:
            continue
        seen.add(ent.id)
        si = _sentence_of(doc, n.start)
        ev = doc.evidence(si)
        doc.facts.append(Fact("enterprise", ent, ev))
        canon = doc.canonical[ent.id]
        place = canon.place
        if place is None or canon.branch:
            if canon.branch:
                _branch_facts(doc, canon, ent, ev)
            continue
        if _in_host(place, doc.host):
            doc.facts.append(Fact("location", ent, ev, object=_place_entity(place), stated=False, confidence=0.8,
                                  note=f"place prefix '{place.name_zh}' of the name is the place the article is about"))
        else:
            doc.facts.append(Fact("origin", ent, ev, object=_place_entity(place), stated=False, confidence=0.7,
                                  note=f"inferred from the place prefix '{place.name_zh}' of the name"))


def _branch_facts(doc: _Doc, branch: ZhName, ent: Entity, ev: Evidence) -> None:
    """华夏铝业宜昌分公司: located in 宜昌, a subsidiary of 华夏铝业 (or its short form) when named."""
    from alucluster.loaders.zh_names import is_subsequence, place_prefix

    core = branch.simple[: -len("分公司")]
    place = None
    for n in range(min(4, len(core) - 2), 1, -1):
        k, d = place_prefix(core[-n:] + "xx")
        if d is not None and k == n:
            place, core = d, core[:-n]
            break
    if place is not None:
        doc.facts.append(Fact("location", ent, ev, object=_place_entity(place), confidence=0.8,
                              note=f"branch ('分公司') in {place.name_zh}: a location, not an origin"))
    parents = {e.id: e for m, e in doc.names if e is not None and e is not ent and not m.branch
               and (m.simple == core or is_subsequence(m.simple, core))}
    for parent in parents.values():
        doc.facts.append(Fact("subsidiary", ent, ev, object=parent, confidence=0.8,
                              note=f"'{branch.label_zh}' is a branch of '{parent.label_zh}'"))


def _orgs_before(doc: _Doc, a: int, b: int, *, subjects_only: bool = True) -> list[tuple[ZhName, Entity]]:
    return [(n, e) for n, e in doc.names if e is not None and a <= n.start and n.end <= b
            and not (subjects_only and n.start in doc.objects)]


def _paragraph_org(doc: _Doc, pos: int) -> Entity | None:
    """The company a bare 公司/该公司 stands for: the last one named before, as a subject."""
    before = [(n, e) for n, e in doc.names if e is not None and n.end <= pos and n.start not in doc.objects]
    return before[-1][1] if before else None


def _clause_start(norm: str, sa: int, pos: int) -> int:
    cut = max(norm.rfind(ch, sa, pos) for ch in ",;:")
    return sa if cut < 0 else cut + 1


def _group_start(norm: str, sa: int, pos: int) -> int:
    cut = norm.rfind(";", sa, pos)
    return sa if cut < 0 else cut + 1


def _product_near(doc: _Doc, q: ZhQuantity, sa: int, sb: int) -> tuple[str | None, bool]:
    """The product of a figure: the lexicon phrase after it (before a boundary or project word;
    past a phase word: 30万吨一期10万吨X), else the last one before it in the sentence. The flag is
    False when an unknown noun follows the figure (万吨精矿, 万吨煤矿): no chain product then."""
    norm = doc.norm
    m = re.match(r"(?:的)?([^,;.:()\d]{0,16})", norm[q.end : sb])
    after = m.group(1) if m else ""
    if after in ("", "和", "及", "与", "、"):
        # "5万吨和8万吨铝箔": the product named after the next figure of the pair
        m2 = re.match(r"(?:和|及|与|、)\d+(?:\.\d+)?万?[吨只](?:/年)?(?:的)?([^,;.:()\d]{0,16})", norm[q.end : sb])
        after = m2.group(1) if m2 else after
    if re.fullmatch(r"[一二三四]期", after):
        m = re.match(r"[一二三四]期\d+(?:\.\d+)?万?[吨只](?:的)?([^,;.:()\d]{0,16})", norm[q.end : sb])
        after = m.group(1) if m else after
    stop = re.search(r"项目|生产线|和|及|与|并", after)
    head = after[: stop.start()] if stop else after
    found = _lexicon_phrase(head)
    if found:
        return found, True
    if head and not re.match(r"(的)?(产能|生产能力|规模|以上|左右|多|余|项目|生产线)", after):
        return None, False
    before = norm[sa : q.start]
    last, i = None, 0
    while i < len(before):
        p = _lexicon_phrase(before[i:], anchored=True)
        if p:
            last = p[0]
            i += p[1]
        else:
            i += 1
    return last, True


def _lexicon_phrase(text: str, *, anchored: bool = False):
    """The longest Chinese product phrase of the lexicon at the first position of ``text`` that has
    one (anchored: at its start only, returned with its length); a lone 铝 after 化 (聚合氯化铝) is a
    chemical, not aluminium."""
    lex = lexicon().products
    for i in range(1 if anchored else len(text)):
        for n in range(min(8, len(text) - i), 0, -1):
            chunk = text[i : i + n]
            if chunk in lex and not chunk.isascii() and (n > 1 or chunk == "铝"):
                if chunk == "铝" and i > 0 and text[i - 1] == "化":
                    break
                return (lex[chunk], n) if anchored else lex[chunk]
    return None


def _sentence_facts(doc: _Doc, si: int) -> None:
    sa, sb = doc.sentences[si]
    qs = [q for q in find_quantities(doc.norm[sa:sb])]
    qs = [replace(q, start=q.start + sa, end=q.end + sa) for q in qs]
    qs = [q for q in qs if not any(n.start <= q.start < n.end for n, _ in doc.names)]
    prev: tuple[ZhQuantity, str, str | None] | None = None  # last tonnage figure, its kind, product
    for q in qs:
        if q.unit in ("t", "t/yr", "piece", "piece/yr", "set", "set/yr"):
            prev = _figure(doc, si, q, prev)
        elif q.unit == "yuan":
            _money(doc, si, q)
        elif q.unit == "kWh":
            _electricity(doc, si, q)
        if q.unit in ("yuan", "%"):
            _indicator(doc, si, q)
    _stated_origin(doc, si)
    _park_locations(doc, si)
    _subsidiaries(doc, si)
    _later_operators(doc, si)


def _figure(doc: _Doc, si: int, q: ZhQuantity, prev):
    """A capacity or output figure (see the module docstring); returns what the next figure of a
    list inherits: (figure, kind, product)."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    cs = _clause_start(norm, sa, q.start)
    window = norm[cs : q.start]
    if prev is not None and prev[0].end <= cs:
        window = norm[max(prev[0].end, _clause_start(norm, sa, prev[0].start)) : q.start]
    if _DISTRACTOR.search(window):
        return None
    cues = [(m.end(), "capacity") for m in _CAPACITY_CUE.finditer(window)] + [(m.end(), "output") for m in _OUTPUT_CUE.finditer(window)]
    kind = max(cues)[1] if cues else None
    listed = prev is not None and re.fullmatch(r"[^\d]{0,20}?(?:[,、及和与]|以及)", norm[prev[0].end : q.start] or "x")
    if kind is None and listed:
        kind = prev[1]
    after = norm[q.end : sb]
    project_after = re.match(r"(?:[^;.]|(?<=\d)\.(?=\d)){0,40}?(项目|生产线)", after)
    if project_after is not None and re.search(r"[该本此这]$|[,][^,]*[是为]", after[: project_after.start(1)]):
        project_after = None  # "…N万吨,该项目建成后": a project referred to, not this figure's phrase
    if kind is None and (q.unit.endswith("/yr") or project_after):
        kind = "capacity"
    if kind is None:
        return prev
    product, known = _product_near(doc, q, sa, sb)
    if not known:
        return (q, kind, None)
    if product is None and listed:
        product = prev[2]
    if kind == "output" and _FUTURE.search(norm[_reset(doc, sa, q.start) : q.start]):
        return None  # 计划3年内生产: a plan
    subject, project = _figure_subject(doc, si, q, project_after, window, product)
    if subject is None:
        return (q, kind, product)
    if product is None and project is not None:
        product = next((p for p, _, _ in sorted(project.figures, key=str) if p), None) or next(
            (p for o in reversed(doc.projects) for p, _, _ in sorted(o.figures, key=str) if p), None)
    product = product or "aluminium"  # "完成产能N万吨", "铝生产能力": no finer product named
    _add_figure(doc, si, q, kind, subject, project, product, window)
    return (q, kind, product)


def _add_figure(doc: _Doc, si: int, q: ZhQuantity, kind: str, subject: Entity, project, product: str, window: str) -> None:
    unit = q.unit.replace("/yr", "")
    ev = doc.evidence(si)
    if kind == "capacity":
        phase = _phase_of(window) or (project.phase if project else None)
        status = _status_for(doc, si, q, phase, project)
        if project is not None:
            project.figures.add((product, q.value, phase))
        doc.facts.append(Fact("capacity", subject, ev, value=q.value, unit=f"{unit}/yr", product=product, status=status,
                              confidence=0.85 if q.bound is None else 0.7,
                              note="a bound ('以上', '近'): the figure is a limit" if q.bound else None))
    else:
        sa = doc.sentences[si][0]
        period, note = _period_or_year(doc, doc.norm[sa : q.start])
        doc.facts.append(Fact("output", subject, ev, value=q.value, unit=unit, product=product, period=period, confidence=0.85,
                              note=note))


def _reset(doc: _Doc, sa: int, pos: int) -> int:
    """Where the scope of a projection word (预计, 建成后) ends: a new time expression or company."""
    norm = doc.norm
    cut = max(sa, norm.rfind(";", sa, pos) + 1)
    for m in re.finditer(r"[一二三四]季度|上半年|下半年|前三季度|(?:19|20)\d\d年|\d{1,2}[至\-]\d{1,2}月|目前", norm[sa:pos]):
        cut = max(cut, sa + m.start())
    for n, _ in doc.names:
        if sa <= n.start < pos:
            cut = max(cut, n.start)
    return cut


def _phase_of(text: str) -> str | None:
    m = None
    for m in _PHASE.finditer(text):
        pass
    return m.group(0) if m else None


def _figure_subject(doc: _Doc, si: int, q: ZhQuantity, project_after, window: str, product):
    """Who a figure is about, (entity, project or None): the project phrase it stands in; else the
    nearest project word, company or 公司/该公司 before it in its clause, then in its clause group
    (up to ;); else the place the sentence speaks of (该市, 全市, a city)."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    each = _respectively(doc, si, q)
    if each is not None:
        return each, None
    if project_after is not None:
        key = q.end + project_after.start(1)
        return _project_for(doc, si, key, q, product, window).entity, _project_by_key(doc, key)
    for start in (_clause_start(norm, sa, q.start), _group_start(norm, sa, q.start)):
        # "该项目建成后,生产能力将…": a time clause, not what the figure is about
        cands = [(start + m.start(), "project", start + m.start()) for m in _PROJECT_WORD.finditer(norm[start : q.start])
                 if not re.match(r"(?:全部)?(?:建成|投产|完成|实施|达产)", norm[start + m.end() : start + m.end() + 4])]
        cands += [(n.start, "org", e) for n, e in _orgs_before(doc, start, q.start)]
        cands += [(p[0], "pronoun", p[0]) for p in doc.pronouns if start <= p[0] < q.start]
        cands += [(m.start() + start, "pronoun", m.start() + start) for m in re.finditer(r"该公司|该企业|该集团", norm[start : q.start])]
        cands += [(m.start() + start, "host", None) for m in _HOST_REF.finditer(norm[start : q.start])]
        if not cands:
            continue
        pos, what, val = max(cands, key=lambda c: c[0])
        if what == "project":
            return _project_for(doc, si, val, q, product, window).entity, _project_by_key(doc, val)
        if what == "org":
            return val, None
        if what == "pronoun":
            org = _paragraph_org(doc, val)
            if org is not None:
                return org, None
        if what == "host" and doc.host is not None:
            return _place_entity(doc.host), None
    if re.search(r"[二三四]期(?:为|达|规划)", window) and doc.projects:
        key = q.start
        return _project_for(doc, si, key, q, product, window).entity, _project_by_key(doc, key)
    place = _place_before(doc, sa, q.start)
    if place is not None:
        return _place_entity(place), None
    if si > 0 and _orgs_before(doc, *doc.sentences[si - 1]):
        return _paragraph_org(doc, sa), None  # "规划总产能N万吨…" right after a sentence about the company
    return None, None


def _respectively(doc: _Doc, si: int, q: ZhQuantity) -> Entity | None:
    """"A、B的产能分别为N万吨和M万吨": the i-th figure after 分别 belongs to the i-th company listed
    before it (when the counts agree)."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    m = None
    for m in re.finditer(r"分别", norm[sa : q.start]):
        pass
    if m is None:
        return None
    cut = sa + m.start()
    orgs = [(n, e) for n, e in doc.names if e is not None and sa <= n.start and n.end <= cut]
    listed = []
    for n, e in reversed(orgs):
        if listed and not re.fullmatch(r"[,、和与及]", norm[n.end : listed[-1][0].start]):
            break
        listed.append((n, e))
    listed.reverse()
    figures = [x for x in find_quantities(norm[cut:sb]) if x.unit == q.unit]
    index = next((i for i, x in enumerate(figures) if x.start + cut == q.start), None)
    if len(listed) < 2 or index is None or len(figures) != len(listed):
        return None
    return listed[index][1]


def _place_before(doc: _Doc, sa: int, pos: int) -> Division | None:
    """The place a sentence speaks of before ``pos``: a host reference (该市, 全市) or a named place."""
    norm = doc.norm
    hits = [(m.start() + sa, doc.host) for m in _HOST_REF.finditer(norm[sa:pos]) if doc.host is not None]
    hits += [(h.start, h.division) for h in doc.places if sa <= h.start < pos and h.division.level != "county"
             or sa <= h.start < pos and doc.host is not None and h.division.adcode == doc.host.adcode]
    return max(hits, key=lambda x: x[0])[1] if hits else None


def _project_by_key(doc: _Doc, key: int) -> _Project | None:
    return next((p for p in doc.projects if p.key == key), None)


def _project_for(doc: _Doc, si: int, key: int, q: ZhQuantity | None, product, window: str) -> _Project:
    """The project read from the project word at ``key`` (created on first use, with its operator,
    location and status)."""
    found = _project_by_key(doc, key)
    if found is not None:
        return found
    norm = doc.norm
    sa, sb = doc.sentences[si]
    lead = norm[_clause_start(norm, sa, key) : key]
    bare = re.fullmatch(r"(?:建设|投资建设)?", lead.strip()) and (q is None or q.start > key)
    if doc.projects and (bare or re.search(r"(?:[该本此]|这一)$", lead.strip())):
        # "项目总投资…", "该项目…", "建设本项目": the project already named
        ref = doc.projects[-1]
        doc.projects.append(replace(ref, key=key, figures=ref.figures))
        return doc.projects[-1]
    gs = _group_start(norm, sa, min(key, q.start if q else key))
    phrase_start = max(_clause_start(norm, sa, q.start) if q else gs, gs)
    # the project's own words start after the company that builds it
    phrase_start = max([phrase_start] + [n.end for n, _ in doc.names if phrase_start <= n.start and n.end <= key])
    label_zh = doc.article.text[phrase_start : key + 2].strip()
    phase = _phase_of(norm[phrase_start : key + 2]) or _phase_of(window)
    key_word = product or "project"
    n = sum(1 for p in doc.projects if p.entity.id.startswith(f"project/{doc.article.id}-{key_word}-")) + 1
    label = f"{lexicon().product_labels.get(product, 'unnamed')} project" + (f" (phase {'一二三四'.index(phase[0]) + 1})" if phase else "")
    ent = Entity(f"project/{doc.article.id}-{key_word}-{n}", "InvestmentProject", label, label_zh or None)
    place = None
    for h in doc.places:
        if phrase_start <= h.start < key + 2:
            place = h.division
    proj = _Project(ent, key, si, phase, place)
    doc.projects.append(proj)
    ev = doc.evidence(si)
    proj.status = status_zh(norm[sa:sb])
    doc.facts.append(Fact("project", ent, ev, product=product, status=proj.status, confidence=0.9))
    for org in _operators(doc, si, gs, key):
        doc.facts.append(Fact("operator", ent, ev, object=org, confidence=0.8))
    if place is not None:
        doc.facts.append(Fact("location", ent, ev, object=_place_entity(place), confidence=0.8))
    return proj


def _operators(doc: _Doc, si: int, gs: int, pos: int) -> list[Entity]:
    """The companies that build a project: 由X(、Y)投资建设, or the company named last before its
    project word in the clause group (X年产…项目, X投资N亿元建设…项目), else the company of the paragraph."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    m = re.search(r"由([^;.]{2,60}?)(?:合资|投资|建设|承建|出资)", norm[sa:sb])
    if m:
        ents = [e for n, e in doc.names if e is not None and sa + m.start(1) <= n.start < sa + m.end(1)]
        if ents:
            return list(dict.fromkeys(ents))
    orgs = [e for n, e in doc.names if e is not None and gs <= n.start < pos]
    if orgs:
        return orgs[-1:]
    if m is not None or si == 0:
        return []  # 由浙江企业投资: the investor is stated but not named; no guess
    org = _paragraph_org(doc, pos)
    return [org] if org is not None else []


def _status_for(doc: _Doc, si: int, q: ZhQuantity, phase: str | None, project: _Project | None) -> str | None:
    """A capacity's status: its clause's strong status word; else a clause of the sentence about the
    same phase (一期已…建成投产); else the project's status; else planned (规划, 将); else the sentence's."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    cs = _clause_start(norm, sa, q.start)
    ce = min([x for x in (norm.find(ch, q.end, sb) for ch in ",;") if x >= 0] + [sb])
    clause = status_zh(norm[cs:ce])
    if clause not in (None, "planned"):
        return clause
    if phase:
        for m in re.finditer(rf"{phase}[^,;]*", norm[sa:sb]):
            s = status_zh(m.group(0))
            if s not in (None, "planned"):
                return s
    if project is not None and project.status not in (None, "planned"):
        return project.status
    if clause == "planned":
        return "planned"
    return status_zh(norm[sa:sb])


def _money(doc: _Doc, si: int, q: ZhQuantity) -> None:
    """An investment (总投资/投资/出资 N元) or an output value (产值 N元) that is no projection."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    cs = _clause_start(norm, sa, q.start)
    window = norm[cs : q.start]
    ev = doc.evidence(si)
    if _place_indicator(doc, si, q, window):
        return  # 地区生产总值, 固定资产投资, 全市工业总产值: an indicator of the place (see _indicator)
    if _INVEST_CUE.search(window):
        if _INVEST_NOT.search(window):
            return  # this year's plan or the sum spent so far: not the project's investment
        subject, project = _money_subject(doc, si, q)
        if subject is None:
            return
        status = None
        if project is not None:
            status = _status_for(doc, si, q, project.phase, project)
        doc.facts.append(Fact("investment", subject, ev, value=q.value, unit="yuan", status=status,
                              confidence=0.85 if q.bound is None else 0.7,
                              note="a bound ('以上', '近'): the figure is a limit" if q.bound else None))
    elif _VALUE_CUE.search(window) and not re.search(r"营业收入|销售收入|利税|税", window):
        if _FUTURE.search(norm[_reset(doc, sa, q.start) : q.start]) or re.search(r"年产值", window):
            return  # 预计年产值, 建成后可实现年产值: a projection
        orgs = _orgs_before(doc, sa, q.start)
        pron = [p for p in doc.pronouns if sa <= p[0] < q.start] or list(re.finditer(r"该公司|该企业", norm[sa : q.start]))
        subject = orgs[-1][1] if orgs else (_paragraph_org(doc, q.start) if pron else None)
        if subject is None:
            place = _place_before(doc, sa, q.start) or doc.host
            subject = _place_entity(place) if place is not None else None
        if subject is None:
            return
        period, note = _period_or_year(doc, norm[sa : q.start])
        doc.facts.append(Fact("output_value", subject, ev, value=q.value, unit="yuan", period=period, confidence=0.8,
                              note=note))


def _money_subject(doc: _Doc, si: int, q: ZhQuantity):
    """An investment belongs to the project of its sentence (after it: 投资N亿元建设…项目; before it:
    该项目…总投资), else to the project last named when the sentence says 项目, else to the company."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    gs = _group_start(norm, sa, q.start)
    ge = norm.find(";", q.end, sb)
    ge = sb if ge < 0 else ge
    after = _PROJECT_WORD.search(norm, q.end, ge)
    if after is not None:
        cues_between = find_quantities(norm[q.end : after.start()])
        key = after.start()
        proj = _project_for(doc, si, key, None if cues_between else q, None, "")
        return proj.entity, proj
    before = [p for p in doc.projects if gs <= p.key < q.start]
    if before:
        return before[-1].entity, before[-1]
    words_before = list(_PROJECT_WORD.finditer(norm, gs, q.start))
    if words_before:
        proj = _project_for(doc, si, words_before[-1].start(), None, None, "")
        return proj.entity, proj
    if re.search(r"项目", norm[sa:sb]) and doc.projects:
        proj = doc.projects[-1]
        return proj.entity, proj
    orgs = _orgs_before(doc, sa, q.start)
    if orgs:
        return orgs[-1][1], None
    if re.search(r"该公司|公司", norm[sa : q.start]):
        org = _paragraph_org(doc, q.start)
        return org, None
    return None, None


_GROWTH_CUE = re.compile(r"(?:同比)?(?:增长|增速|增幅|提高|上升|下降|减少)(?:了|为|达|达到)?$")
# an industry named before an output-value word: the industry's output value, not the place's
_ONE_INDUSTRY = re.compile(r"产业|产业链|行业|铝")


def _indicator_phrase(window: str) -> tuple[str, int] | None:
    """The indicator (slug, end position) whose Chinese label is the last one in ``window``."""
    lex = lexicon().indicators
    best = None
    for phrase, slug_ in lex.items():
        if phrase.isascii() and phrase != "GDP":
            continue
        for m in re.finditer(re.escape(phrase), window):
            if best is None or m.end() > best[1] or (m.end() == best[1] and len(phrase) > best[2]):
                best = (slug_, m.end(), len(phrase))
    return (best[0], best[1]) if best else None


def _place_indicator(doc: _Doc, si: int, q: ZhQuantity, window: str) -> bool:
    """True when the money figure is an indicator of a place (its name, 全市/该市, or the host), not
    of a company or of one industry; the fact is added by :func:`_indicator`."""
    found = _indicator_phrase(window)
    if found is None or _orgs_before(doc, _clause_start(doc.norm, doc.sentences[si][0], q.start), q.start):
        return False
    slug_, end = found
    if window[end:] and not re.fullmatch(r"(?:总额|总量)?(?:已|已达|达到|达|为|突破|超过|实现|完成|约|近)*", window[end:]):
        return False
    start = window.rfind(",", 0, end) + 1
    return not (slug_ == "industrial-output-value" and _ONE_INDUSTRY.search(window[start:end]))


def _indicator(doc: _Doc, si: int, q: ZhQuantity) -> None:
    """A place's indicator (地区生产总值 N亿元, 固定资产投资增长N%) or a growth rate of an output."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    cs = _clause_start(norm, sa, q.start)
    window = norm[cs : q.start]
    period = period_zh(norm[sa : q.start], doc.article.year) or (str(doc.article.year) if doc.article.year else None)
    if _FUTURE.search(norm[_reset(doc, sa, q.start) : q.start]):
        return
    place = _place_before(doc, sa, q.start) or doc.host
    if q.unit == "yuan":
        if not _place_indicator(doc, si, q, window) or place is None:
            return
        slug_ = _indicator_phrase(window)[0]
        doc.facts.append(Fact("indicator", _place_entity(place), doc.evidence(si), value=q.value, unit="yuan",
                              indicator=slug_, period=period, confidence=0.8))
        return
    if not _GROWTH_CUE.search(window):
        return
    value = -q.value if re.search(r"下降|减少", window[-6:]) else q.value
    group = norm[_group_start(norm, sa, q.start) : q.start]
    found = _indicator_phrase(group)
    if found is not None and not _orgs_before(doc, sa, q.start) and place is not None:
        slug_, end = found
        start = group.rfind(",", 0, end) + 1
        if slug_ == "industrial-output-value" and _ONE_INDUSTRY.search(group[start:end]):
            return  # growth of one industry's output value: no indicator fits
        if re.search(r"\d", group[end:]) and not re.search(r"亿元|万元", group[end:]):
            return
        doc.facts.append(Fact("indicator", _place_entity(place), doc.evidence(si), value=value, unit="%",
                              indicator=f"{slug_}-growth", period=period, confidence=0.75))
        return
    outputs = [f for f in doc.facts if f.kind == "output" and f.evidence.start == sa]
    if outputs and re.search(r"产量", group):
        last = outputs[-1]
        doc.facts.append(Fact("indicator", last.subject, doc.evidence(si), value=value, unit="%", indicator="output-growth",
                              product=last.product, period=last.period, confidence=0.7))


def _electricity(doc: _Doc, si: int, q: ZhQuantity) -> None:
    """用电量 of a company: the current figure (由现在的N提升至M gives N only)."""
    norm = doc.norm
    sa, _ = doc.sentences[si]
    window = norm[_clause_start(norm, sa, q.start) : q.start]
    if not re.search(r"用电量", window) or re.search(r"提升至|提高到|增加到|达到$|将达", window[-6:]):
        return
    orgs = _orgs_before(doc, sa, q.start)
    if not orgs:
        return
    period = period_zh(window, doc.article.year) or (str(doc.article.year) if doc.article.year else None)
    doc.facts.append(Fact("indicator", orgs[-1][1], doc.evidence(si), value=q.value, unit="kWh",
                          indicator="electricity-consumption", period=period, confidence=0.7))


def _stated_origin(doc: _Doc, si: int) -> None:
    """由浙江企业投资的…项目: the project's capital comes from 浙江 (stated)."""
    norm = doc.norm
    sa, sb = doc.sentences[si]
    for m in re.finditer(r"由([\u4e00-\u9fff]{2,4}?)(?:省|市)?(?:企业|客商|公司)投资", norm[sa:sb]):
        place = next((h.division for h in doc.places if h.start == sa + m.start(1)), None)
        if place is None:
            continue
        later = [p for p in doc.projects if p.sentence == si and p.key > sa + m.end()]
        if later:
            doc.facts.append(Fact("origin", later[0].entity, doc.evidence(si), object=_place_entity(place),
                                  confidence=0.8, note=f"'由{place.name_zh}企业投资': the investors come from there"))
    # 来自浙江的X公司, 浙江籍企业X: the company comes from there
    for m in re.finditer(r"来自([\u4e00-\u9fff]{2,4}?)(?:省|市)?的|([\u4e00-\u9fff]{2,3}?)(?:省|市)?籍", norm[sa:sb]):
        pos = sa + m.start(m.lastindex)
        place = next((h.division for h in doc.places if h.start == pos), None)
        org = next((e for n, e in doc.names if e is not None and 0 <= n.start - (sa + m.end()) <= 6), None)
        if place is not None and org is not None:
            doc.facts.append(Fact("origin", org, doc.evidence(si), object=_place_entity(place), confidence=0.8,
                                  note=f"'{m.group(0)}' states where the company comes from"))


_OF_GROUP = re.compile(r"(?:投资|控股|出资)?(?:建设|组建|设立|成立)的|旗下|下属|的(?:全资|控股)?子公司")


def _subsidiaries(doc: _Doc, si: int) -> None:
    """"A是B集团投资建设的…企业", "A为B集团的全资子公司": A is a subsidiary of the group B."""
    sa, sb = doc.sentences[si]
    orgs = [(n, e) for n, e in doc.names if e is not None and sa <= n.start < sb]
    for (na, a), (nb, b) in zip(orgs, orgs[1:]):
        between, after = doc.norm[na.end : nb.start], doc.norm[nb.end : nb.end + 12]
        if a is b or not nb.group or not re.search(r"(?:^|,)(?:[^,;.]{0,30},)?(?:是|为)$", between):
            continue
        if _OF_GROUP.match(after):
            doc.facts.append(Fact("subsidiary", a, doc.evidence(si), object=b, confidence=0.8,
                                  note=f"'{nb.label_zh}{_OF_GROUP.match(after).group(0)}': the group built or owns it"))


def _later_operators(doc: _Doc, si: int) -> None:
    """"(该)项目由A、B合资/投资建设" in a sentence that names no figure: A and B operate the project
    named before."""
    sa, sb = doc.sentences[si]
    m = re.search(r"项目由([^;.]{2,60}?)(?:合资|投资|建设|承建|出资)", doc.norm[sa:sb])
    if m is None or not doc.projects or any(p.sentence == si for p in doc.projects):
        return
    project = doc.projects[-1].entity
    for n, e in doc.names:
        if e is not None and sa + m.start(1) <= n.start < sa + m.end(1):
            doc.facts.append(Fact("operator", project, doc.evidence(si), object=e, confidence=0.75,
                                  note="'项目由…建设' after the sentence that introduced the project"))


def _park_locations(doc: _Doc, si: int) -> None:
    """A park named in a sentence locates the project introduced there (…项目落户X园区), else the
    company it is said of (X公司位于/落户/在Y园区)."""
    sa, sb = doc.sentences[si]
    for a, b, park in doc.parks:
        if not sa <= a < sb:
            continue
        projects = [p for p in doc.projects if p.sentence == si]
        if projects:
            near = min(projects, key=lambda p: abs(p.key - a))
            doc.facts.append(Fact("location", near.entity, doc.evidence(si), object=park, confidence=0.75,
                                  note="the park named in the sentence that introduces the project"))
            continue
        orgs = [e for n, e in doc.names if e is not None and sa <= n.start and n.end <= a and n.start not in doc.objects]
        if orgs and re.search(r"(位于|落户|在|入驻|地处)[^,;.]{0,8}$", doc.norm[sa:a]):
            doc.facts.append(Fact("location", orgs[-1], doc.evidence(si), object=park, confidence=0.75,
                                  note="the park the sentence places the company in"))


def _merge_projects(doc: _Doc) -> None:
    """One project named twice (headline and body, two clauses of one sentence) is one: projects
    with a common figure (product, value, phase) and no conflicting place merge into the first."""
    target: dict[str, Entity] = {}
    for i, p in enumerate(doc.projects):
        for o in doc.projects[:i]:
            if o.entity.id in target or o.entity.id == p.entity.id:
                continue
            if p.figures & o.figures and (p.place is None or o.place is None or p.place == o.place):
                target[p.entity.id] = target.get(o.entity.id, o.entity)
                break
    if not target:
        return
    doc.facts = [replace(f, subject=target.get(f.subject.id, f.subject)) if f.subject.id in target else f
                 for f in doc.facts]
    for src, dst in target.items():
        label = next(p.entity.label_zh for p in doc.projects if p.entity.id == src)
        doc.merges.append(Merge(dst.label_zh or dst.label, label or src, "the same project figure named again"))


_DATED_BY_ARTICLE = "period from the article's date: the sentence names none"


def _period_or_year(doc: _Doc, text: str) -> tuple[str | None, str | None]:
    """The period ``text`` names, else the article's year with a note saying so."""
    period = period_zh(text, doc.article.year)
    if period is not None or doc.article.year is None:
        return period, None
    return str(doc.article.year), _DATED_BY_ARTICLE


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """Drop repeated facts (same kind, subject, object, value, product, period), keeping the first
    and the strongest status."""
    out: dict[tuple, Fact] = {}
    for f in facts:
        key = (f.kind, f.subject.id, f.object.id if f.object else None, f.value, f.unit, f.product, f.indicator, f.period)
        old = out.get(key)
        if old is None:
            out[key] = f
        elif f.status and (old.status is None or _RANK[f.status] > _RANK[old.status]):
            out[key] = replace(old, status=f.status)
    kept = list(out.values())
    # a figure dated only by the article (a headline without its year) that a dated sentence states too
    stated = {(f.kind, f.subject.id, f.value, f.product) for f in kept if f.note != _DATED_BY_ARTICLE}
    return [f for f in kept if f.note != _DATED_BY_ARTICLE or (f.kind, f.subject.id, f.value, f.product) not in stated]
