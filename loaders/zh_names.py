"""Chinese names: places in running text, organisation names, their short forms, and pinyin labels.

A Chinese company name is read from its right end: a legal form (有限公司, 股份有限公司, 公司), a
group word (集团) or a branch word (分公司), or the industry word 铝业 on its own; then leftwards over
``jieba`` words while they can belong to a name (industry words, place names, brand syllables), up
to punctuation, a function word (与, 由, 在, 为 …), a verb once a brand has been read, or a time or
number word. The name's parts are: a place prefix from the gazetteer (襄阳, 内蒙古), a brand (字号),
industry words (特种金属, 新材料 …), and group/branch markers. The Chinese label is the name as
written without its legal form (the corpus convention); the English label is its pinyin form with
places in their English names and industry words translated, so that "广元恒丰铝业" and
"Guangyuan Hengfeng Aluminium" in an English article get the same id.

Short forms of one company merge into its full name when the text declares them ((以下简称X)) or
when they keep its brand (恒锐铝业 for 襄阳恒锐特种金属), abbreviate it character by character
(华铝 for 华夏铝业), or are a part of it (科达集团 for 湖北科达集团); a group and its subsidiary or
branch (瑞达集团 / 宜昌瑞达有色金属, 华铝 / 华夏铝业襄阳分公司) never merge. Every merge has a reason.

>>> english_label("四川恒丰科技发展"), english_label("广元恒丰")
('Sichuan Hengfeng Technology Development', 'Guangyuan Hengfeng')
>>> strip_legal("襄阳恒锐特种金属股份有限公司"), strip_legal("华夏铝业宜昌分公司")
('襄阳恒锐特种金属', '华夏铝业宜昌分公司')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from alucluster.loaders.places import Division, gazetteer, resolve_place, romanise, stem_zh
from alucluster.loaders.resolve import Merge
from alucluster.loaders.zh_text import normalise, words

__all__ = [
    "PARK_WORDS",
    "ZhName",
    "PlaceHit",
    "detect_parks",
    "english_label",
    "find_places",
    "is_subsequence",
    "place_prefix",
    "read_name",
    "resolve_names",
    "same_zh_name",
    "strip_legal",
]

# Legal forms dropped from labels (longest first); 集团 and 分公司 are kept: they say what it is.
_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")
# Industry words of company names, with the English words the trade press uses for them.
INDUSTRY_WORDS = {
    "铝业": "Aluminium", "铝材": "Aluminium Materials", "新材料": "New Materials", "新型材料": "New Materials",
    "材料": "Materials", "科技": "Technology", "技术": "Technology", "发展": "Development", "投资": "Investment",
    "实业": "Industrial", "有色金属": "Nonferrous Metals", "有色": "Nonferrous", "特种金属": "Special Metals",
    "金属": "Metals", "环保": "Environmental Protection", "煤电": "Coal and Power", "电力": "Power",
    "能源": "Energy", "轮毂": "Wheel", "车轮": "Wheel", "幕墙": "Curtain Wall", "化工": "Chemical",
    "矿业": "Mining", "贸易": "Trading", "工贸": "Industry and Trade", "制造": "Manufacturing", "工业": "Industry",
    "铝合金": "Aluminium Alloy", "合金": "Alloy", "炭素": "Carbon", "碳素": "Carbon", "线缆": "Cable",
    "电缆": "Cable", "控股": "Holdings", "集团": "Group", "分公司": "Branch", "中国": "China", "国际": "International",
}
# Words that end a name read leftwards: function words, verbs that introduce organisations,
# time words and report openers.
_STOP_WORDS = {
    "与", "和", "及", "以及", "同", "跟", "由", "为", "是", "在", "对", "向", "将", "把", "被", "让", "使", "从", "于", "以",
    "等", "了", "的", "之", "或", "并", "且", "其", "该", "本", "此", "这", "那", "各", "每", "据", "经", "受", "给", "即",
    "位于", "落户", "引进", "吸引", "依托", "围绕", "通过", "成立", "合资", "组建", "设立", "注册", "签约", "签订", "举行",
    "来到", "走进", "联合", "携手", "牵手", "包括", "分别", "其中", "此外", "同时", "目前", "近日", "今年", "去年", "日前",
    "据悉", "了解", "获悉", "介绍", "表示", "指出", "认为", "作为", "成为", "有利于", "支持", "推动", "促进", "带动",
    "实现", "完成", "建成", "建设", "启动", "新上", "拥有", "旗下", "下属", "所属", "参股", "采用", "记者", "笔者",
    "本报讯", "讯", "消息", "一家", "子", "全资", "多家", "企业", "龙头", "当地", "全省", "全市", "我市", "该市",
}
# jieba part-of-speech flags (first letter) of words that are never inside a name: prepositions,
# conjunctions, particles, pronouns, time, numerals, punctuation, idioms, adverbs, locatives.
_STOP_FLAGS = set("pcurtmxwyeoqfdil")
# Organisations that are not enterprises (government, associations, research, media, schools).
_NOT_ENTERPRISE = re.compile(
    r"(政府|委员会|管委会|发改委|经信委|协会|学会|研究院|研究所|研究中心|大学|学院|学校|医院|报社|电视台|新闻|办公室|"
    r"船级社|[局厅署部处委])$|^(政府|国家发展)"
)
_GENERIC = {"公司", "集团", "分公司", "子公司", "母公司", "总公司", "新公司", "合资公司", "工程", "装饰工程", "该", "本"}
_SUFFIX = re.compile(r"集团(?:股份)?有限(?:责任)?公司|集团公司|集团|分公司|股份有限公司|有限责任公司|有限公司|公司|铝业")
_COMPARISON = re.compile(r"(仅次于|超过|相当于|赶超|比肩|对标)[^,;。]{0,16}$")


def strip_legal(name: str) -> str:
    """The name without a trailing legal form (集团 and 分公司 stay).

    :param name: a Chinese company name as written.
    """
    for legal in _LEGAL:
        if name.endswith(legal) and not name.endswith("分" + legal) and len(name) > len(legal):
            return name[: -len(legal)]
    return name


@dataclass(frozen=True)
class PlaceHit:
    """A place name found in the text: its span and the division it names."""

    start: int
    end: int
    division: Division
    weak: bool = False  # a county named by its bare stem


@functools.cache
def _place_names() -> dict[str, tuple[list[Division], bool]]:
    """Chinese place names (full and stem) -> (divisions, is a bare county stem)."""
    out: dict[str, tuple[list[Division], bool]] = {}
    for d in gazetteer().divisions:
        forms = {d.name_zh: False}
        stem = stem_zh(d.name_zh)
        if len(stem) >= 2:
            forms.setdefault(stem, d.level == "county")
        if d.name_zh.endswith("旗") and len(stem) >= 4:
            forms.setdefault(stem[:2] + "旗", False)  # 西乌珠穆沁旗 is written 西乌旗 (a banner by its first two characters)
        for form, weak in forms.items():
            divs, w = out.get(form, ([], weak))
            out[form] = (divs + [d], w and weak)
    return out


def find_places(norm: str) -> list[PlaceHit]:
    """Place names in normalised text, longest first at each position, non-overlapping.

    A county named by its bare stem (建水, 砚山) counts only when its full name or its prefecture
    is also in the text: bare two-character stems are often ordinary words.

    :param norm: normalised text.

    >>> [(h.division.name_en, h.weak) for h in find_places("吕梁市交口县的交口")]
    [('Lvliang', False), ('Jiaokou', False), ('Jiaokou', True)]
    """
    names = _place_names()
    raw: list[tuple[int, int, str]] = []
    i = 0
    while i < len(norm):
        for n in range(min(10, len(norm) - i), 1, -1):
            if norm[i : i + n] in names:
                raw.append((i, i + n, norm[i : i + n]))
                i += n
                break
        else:
            i += 1
    context = tuple(names[t][0][0].province_adcode for _, _, t in raw if not names[t][1])
    full = {d.adcode for _, _, t in raw if not names[t][1] for d in names[t][0]}
    out = []
    for a, b, t in raw:
        divs, weak = names[t]
        best, _ = resolve_place(divs[0].name_zh, context=context, levels=("province", "prefecture", "county"))
        if best is None or best not in divs:
            best = divs[0]
        if weak:
            known = [d for d in divs if d.adcode in full or d.prefecture_adcode in full]
            if not known:
                continue
            best = known[0]
        out.append(PlaceHit(a, b, best, weak))
    return out


def place_prefix(name: str) -> tuple[int, Division | None]:
    """The province or prefecture a company name starts with: (characters, division).

    >>> n, d = place_prefix("内蒙古恒锐新材料")
    >>> n, d.name_en
    (3, 'Inner Mongolia')
    """
    names = _place_names()
    for n in range(min(8, len(name) - 2), 1, -1):
        hit = names.get(name[:n])
        if hit and not hit[1]:
            divs = [d for d in hit[0] if d.level in ("province", "prefecture")]
            if divs:
                return n, sorted(divs, key=lambda d: (d.level != "province", d.adcode))[0]
    return 0, None


def english_label(name: str, *, words: dict[str, str] | None = None) -> str:
    """The English (pinyin) form of a simplified Chinese name: places in English, industry words
    (or ``words``) translated, other characters in pinyin syllables joined per run.

    :param name: simplified characters, no legal form.
    :param words: the translated words (default :data:`INDUSTRY_WORDS`).

    >>> english_label("白沙工业园区", words=PARK_WORDS)
    'Baisha Industrial Park'
    """
    table = INDUSTRY_WORDS if words is None else words
    names = _place_names()
    parts: list[str] = []
    run = ""
    i = 0
    while i < len(name):
        for n in range(min(9, len(name) - i), 1, -1):
            chunk = name[i : i + n]
            place = names.get(chunk)
            if chunk in table or (place and not place[1] and any(d.level != "county" for d in place[0])):
                if run:
                    parts.append(romanise(run))
                    run = ""
                if chunk in table:
                    parts.append(table[chunk])
                else:
                    parts.append(sorted(place[0], key=lambda d: (d.level != "province", d.adcode))[0].name_en)
                i += n
                break
        else:
            run += name[i]
            i += 1
    if run:
        parts.append(romanise(run))
    return " ".join(parts)


@dataclass(frozen=True)
class ZhName:
    """One written organisation name: span, Chinese label as written and simplified, its parts."""

    start: int
    end: int
    label_zh: str  # as written (traditional kept), no legal form
    simple: str  # simplified
    place: Division | None
    place_len: int
    group: bool
    branch: bool
    brand: str  # the name without place prefix, industry, group and branch words
    legal: bool  # written with a legal form
    kind: str = "full"  # full | alias (declared short form) | short (brand only, merges or is dropped)

    @property
    def english(self) -> str:
        return english_label(self.simple)


def _brand(simple: str, place_len: int) -> str:
    core = simple[place_len:]
    core = re.sub(r"(分公司|集团)$", "", core)
    changed = True
    while changed:
        changed = False
        for w in sorted(INDUSTRY_WORDS, key=len, reverse=True):
            if core.endswith(w) and len(core) > len(w) and w not in ("中国", "国际"):
                core = core[: -len(w)]
                changed = True
                break
    if place_len == 0:
        n, d = place_prefix(core + "xx")
        if d is not None and n < len(core):
            core = core[n:]
    return core


def read_name(orig: str, norm: str, start: int, end: int, kind: str = "full") -> ZhName | None:
    """The parts of the organisation name at ``norm[start:end]`` (None when it is no enterprise).

    :param orig: the article text as written; ``norm`` its normalised form.
    """
    simple_full = norm[start:end]
    simple = strip_legal(simple_full)
    legal = simple != simple_full
    written = orig[start : start + len(simple)]
    if len(simple) < 2 or simple in _GENERIC or _NOT_ENTERPRISE.search(simple):
        return None
    n, place = place_prefix(simple)
    branch = simple.endswith("分公司")
    group = simple.endswith("集团")
    brand = _brand(simple, n)
    if not brand and not place and kind == "full" and not branch:
        return None  # "铝业公司", "新材料集团": an industry word, not a name
    return ZhName(start, end, written, simple, place, n, group, branch, brand, legal, kind)


def is_subsequence(short: str, full: str) -> bool:
    """True when ``short`` abbreviates ``full`` character by character from its first one.

    >>> is_subsequence("华铝", "华夏铝业"), is_subsequence("铝华", "华夏铝业")
    (True, False)
    """
    if not short or not full or short[0] != full[0]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _fits(m: ZhName, c: ZhName) -> str | None:
    """Why ``m`` names the same organisation as ``c`` (a longer full name), or None."""
    if m.simple == c.simple:
        return "same name, only the legal form differs" if m.legal != c.legal else "same name"
    if m.branch != c.branch:
        return None
    if m.group != c.group and m.kind != "short":
        return None
    if m.branch:
        # 华铝襄阳分公司 for 华夏铝业襄阳分公司: the branch's place must be the same
        return "abbreviation of the branch name" if is_subsequence(m.simple, c.simple) and m.simple[-5:] == c.simple[-5:] else None
    if m.simple in c.simple and len(m.simple) >= 2:
        return f"'{m.label_zh}' is part of the full name"
    if m.brand and m.brand == c.brand and (m.place is None or c.place is None or m.place == c.place
                                           or m.place.province_adcode == c.place.adcode):
        return f"same brand '{m.brand}'"
    if is_subsequence(m.simple, c.simple) and len(m.simple) >= 2:
        return "abbreviation, character by character"
    return None


def resolve_names(mentions: list[ZhName], aliases: dict[str, str]) -> tuple[list[ZhName | None], list[Merge]]:
    """The canonical name for each mention (None when a short form fits no or several names).

    :param mentions: the organisation mentions of one article in text order.
    :param aliases: declared short forms (以下简称) -> the simplified full name they stand for.
    """
    fulls: list[ZhName] = []
    for m in sorted(mentions, key=lambda m: (-len(m.simple), -(m.legal or m.group or m.branch), m.start)):
        if m.kind != "full" or m.simple in aliases:
            continue
        if not any(_fits(m, f) for f in fulls):
            fulls.append(m)
    canon: list[ZhName | None] = []
    merges: list[Merge] = []
    seen = set()
    for m in mentions:
        if m.simple in aliases:
            target = next((f for f in fulls if f.simple == aliases[m.simple]), None)
            reason = "declared short form (以下简称)"
            fits = [target] if target else []
        elif m in fulls:
            canon.append(m)
            continue
        else:
            fits = [f for f in fulls if _fits(m, f)]
            if len(fits) > 1 and m.place is not None:
                # 宜昌瑞达 between 瑞达集团 and 宜昌瑞达有色金属: the one of the same place
                fits = [f for f in fits if f.place == m.place] or fits
            reason = _fits(m, fits[0]) if len(fits) == 1 else None
        if len(fits) == 1 and fits[0] is not None:
            canon.append(fits[0])
            if m.label_zh != fits[0].label_zh and (fits[0].label_zh, m.label_zh) not in seen:
                seen.add((fits[0].label_zh, m.label_zh))
                merges.append(Merge(fits[0].label_zh, m.label_zh, reason))
        else:
            canon.append(None)
    return canon, merges


def same_zh_name(gold: str, label_zh: str | None, *, place: bool = False) -> bool:
    """True when a Chinese gold name and an entity's Chinese label name the same thing: compared
    in simplified characters without legal forms (places without their administrative suffix).

    >>> same_zh_name("华夏铝业公司", "華夏鋁業"), same_zh_name("文山州", "文山壮族苗族自治州", place=True)
    (True, True)
    """
    if not label_zh:
        return False
    a, b = strip_legal(normalise(gold)), strip_legal(normalise(label_zh))
    if place:
        a, b = stem_zh(a), stem_zh(b)
    return a == b


_CJK_WORD = re.compile(r"^[\u3400-\u9fff]+$")
_ALIAS = re.compile(r"[(（]\s*(?:以下)?简称[:：]?\s*[“\"「]?([\u4e00-\u9fff]{2,8}?)[”\"」]?\s*[)）]")
# words a figure's lead-in contains when it is no company name ("总产能N万吨", "一期N万吨")
_NOT_BRAND = re.compile(r"产能|年产|规模|投资|建设|产量|生产|能力|总计|合计|共计|累计|达到|其中|分别|全市|全州|全县|全省|该市|我市|"
                        r"[一二三四]期|目前|现有|形成|新增|已|达|为|约|近|超|共|总|和|及|或|的|在|了")
_LIST_HEAD = re.compile(r"等(?:[\u4e00-\u9fff0-9、,]{0,20}?)(企业|巨头|龙头|公司|集团|厂商)")


def _left_start(ws, suffix_start: int) -> int:
    """Where a name ending in a suffix at ``suffix_start`` begins (see the module docstring)."""
    names = _place_names()
    toks = [t for t in ws if t[3] <= suffix_start]
    strad = next((t for t in ws if t[2] < suffix_start < t[3]), None)
    if strad is not None:
        toks.append((strad[0][: suffix_start - strad[2]], "n", strad[2], suffix_start))
    if strad is not None and strad[3] - strad[2] <= 4 and strad[0][: suffix_start - strad[2]] not in INDUSTRY_WORDS:
        return suffix_start  # 上市公司, 子公司: a word of the dictionary, not a name
    start, brand, nominal = suffix_start, 0, False
    for w, flag, a, _ in reversed(toks):
        if not _CJK_WORD.match(w) or w in _STOP_WORDS or w.endswith("企业") or suffix_start - a > 18:
            break
        place = w in names and not names[w][1]
        if w not in INDUSTRY_WORDS and not place:
            if flag[:1] in _STOP_FLAGS or (flag.startswith("v") and len(w) >= 2 and brand >= 2):
                break
            brand += len(w)
            nominal = nominal or not flag.startswith("v")
        start = a
    if brand and not nominal:
        return suffix_start  # 扩大铝业, 带动集团: a verb before the suffix, no brand
    return start


def _brand_mentions(norm: str, fulls: list[ZhName], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans where a full name's brand is written alone (恒锐轮毂, 宜昌恒锐, 恒锐投资): the brand with
    a place before it and industry words or a legal form after it, outside other names."""
    out = []
    brands = sorted({f.brand for f in fulls if len(f.brand) >= 2 and not f.branch and f.brand not in INDUSTRY_WORDS},
                    key=len, reverse=True)
    names = _place_names()
    for brand in brands:
        for m in re.finditer(re.escape(brand), norm):
            a, b = m.start(), m.end()
            if any(s <= a < e or s < b <= e for s, e in taken + out):
                continue
            grown = True
            while grown:
                grown = False
                for w in sorted(list(INDUSTRY_WORDS) + list(_LEGAL), key=len, reverse=True):
                    if norm.startswith(w, b) and w not in ("中国", "国际", "分公司"):
                        b += len(w)
                        grown = True
                        break
            for n in range(min(6, a), 1, -1):
                hit = names.get(norm[a - n : a])
                if hit and not hit[1]:
                    a -= n
                    break
            out.append((a, b))
    return out


def detect_names(orig: str, norm: str, sentences: list[tuple[int, int]]) -> tuple[list[ZhName], dict[str, str], list[tuple[int, int]]]:
    """Organisation mentions of a Chinese article in text order, declared short forms, and the
    spans where 公司/集团 stands alone for the company of the paragraph (a pronoun).

    :param orig: the article text; ``norm`` its normalised form; ``sentences`` spans in it.
    """
    spans: list[tuple[int, int, str]] = []
    pronouns: list[tuple[int, int]] = []
    for sa, sb in sentences:
        text = norm[sa:sb]
        ws = [(w, f, a + sa, b + sa) for w, f, a, b in words(text)]
        for m in _SUFFIX.finditer(text):
            s0, s1 = m.start() + sa, m.end() + sa
            if m.group(0) == "铝业" and re.match(r"(股份|有限|集团|公司)", norm[s1 : s1 + 2]):
                continue
            start = _left_start(ws, s0)
            if start == s0:
                if m.group(0) in ("公司", "集团"):
                    pronouns.append((s0, s1))
                continue
            if _COMPARISON.search(norm[max(sa, start - 24) : start]):
                continue  # 仅次于X: a company named only for comparison
            spans.append((start, s1, "full"))
        spans += _listed_names(norm, sa, sb, ws)
        spans += _lead_in_names(norm, sa, sb, ws)
    spans = _outermost(spans)
    found = [n for a, b, k in spans if (n := read_name(orig, norm, a, b, k)) is not None]
    aliases: dict[str, str] = {}
    for n in found:
        m = _ALIAS.match(norm, n.end) or _ALIAS.match(norm, n.end + 0)
        if m:
            aliases[m.group(1)] = n.simple
    taken = [(n.start, n.end) for n in found]
    extra = []
    for alias in aliases:
        for m in re.finditer(re.escape(alias), norm):
            if not any(s <= m.start() < e for s, e in taken):
                extra.append((m.start(), m.end(), "alias"))
    taken += [(a, b) for a, b, _ in extra]
    extra += [(a, b, "short") for a, b in _brand_mentions(norm, [n for n in found if n.kind == "full"], taken)]
    found += [n for a, b, k in extra if (n := read_name(orig, norm, a, b, k)) is not None]
    found += _coordinated(orig, norm, found)
    return sorted(found, key=lambda n: n.start), aliases, pronouns


def _outermost(spans):
    out = []
    for a, b, k in sorted(spans, key=lambda s: (s[0], -s[1])):
        if any(x <= a and b <= y for x, y, _ in out):
            continue
        out = [s for s in out if not (a <= s[0] and s[1] <= b)]
        out.append((a, b, k))
    return sorted(out)


def _listed_names(norm: str, sa: int, sb: int, ws) -> list[tuple[int, int, str]]:
    """Names listed before 等…企业/巨头 ("引进A、B、C等…企业"): each item is a company."""
    out = []
    for m in _LIST_HEAD.finditer(norm, sa, sb):
        items = []
        end = m.start()
        while True:
            start = _left_start(ws, end)
            if start == end or end - start > 8:
                break
            items.append((start, end, "full"))
            if start > sa and norm[start - 1] in "、,":
                end = start - 1
                continue
            break
        if len(items) >= 2:
            out += items
    return out


def _lead_in_names(norm: str, sa: int, sb: int, ws) -> list[tuple[int, int, str]]:
    """A short name right before a project's figure ("的恒锐N万吨氧化铝…项目", "围绕云南瑞达N万吨
    电解铝这一项目"): the name-like words before the number, with a project word later in the clause."""
    from alucluster.loaders.lexicon import lexicon

    out = []
    products = [p for p in lexicon().products if len(p) >= 2 and not p.isascii()]
    for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?万(?:吨|只)", norm[sa:sb]):
        b = m.start() + sa
        a = _left_start(ws, b)
        if not 2 <= b - a <= 6 or not re.match(r"(?:[^;。.]|(?<=\d)\.(?=\d))*?(项目|生产线)", norm[b : min(sb, b + 40)]):
            continue
        x = norm[a:b]
        n, place = place_prefix(x + "xx")
        if _NOT_BRAND.search(x) or (place is not None and n >= len(x)) or any(p in x for p in products):
            continue  # "总产能N万吨", "宜昌N万吨…项目", "年产电解铝N万吨": no company name
        out.append((a, b, "full"))
    return out


def _coordinated(orig: str, norm: str, found: list[ZhName]) -> list[ZhName]:
    """"恒丰幕墙、瑞华幕墙": an item listed next to a company name with the same industry word is a
    company too."""
    out = []
    for n in found:
        tail = n.simple[-2:]
        if tail not in INDUSTRY_WORDS or tail in ("集团", "投资", "发展"):
            continue
        m = re.match(rf"[、,]([\u4e00-\u9fff]{{0,4}}{re.escape(tail)})", norm[n.end :])
        if m:
            a = n.end + 1
            b = a + len(m.group(1))
            if not any(f.start <= a < f.end for f in found) and (x := read_name(orig, norm, a, b)) is not None:
                out.append(x)
    return out


# Park words, longest first, with the English the parks' own sites use.
PARK_WORDS = {
    "循环经济产业园区": "Circular Economy Industrial Park", "循环经济产业园": "Circular Economy Industrial Park",
    "循环经济园区": "Circular Economy Park", "经济技术开发区": "Economic and Technological Development Zone",
    "高新技术产业开发区": "High-tech Industrial Development Zone", "经济开发区": "Economic Development Zone",
    "工业园区": "Industrial Park", "产业园区": "Industrial Park", "产业集聚区": "Industrial Cluster",
    "高新区": "High-tech Zone", "经开区": "Economic Development Zone", "开发区": "Development Zone",
    "工业园": "Industrial Park", "产业园": "Industrial Park",
}
_PARK = re.compile("|".join(sorted(PARK_WORDS, key=len, reverse=True)))


def _is_place(word: str) -> bool:
    hit = _place_names().get(word)
    return hit is not None and not hit[1]


def detect_parks(norm: str, sentences: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of named parks (白沙工业园区, 青山经开区): a park word and the name words before it, the
    leading place names dropped when a name of its own remains (宜昌市白沙工业园区 -> 白沙工业园区).

    :param norm: normalised text; ``sentences`` its sentence spans; ``taken`` spans of company names.

    >>> t = "项目位于宜昌市白沙工业园区,落户高新区。"
    >>> [t[a:b] for a, b in detect_parks(t, [(0, len(t))], [])]
    ['白沙工业园区']
    """
    names = _place_names()
    out = []
    for sa, sb in sentences:
        ws = None
        last_end = sa
        for m in _PARK.finditer(norm, sa, sb):
            if any(a <= m.start() < b for a, b in taken):
                continue
            ws = ws or [(w, f, a + sa, b + sa) for w, f, a, b in words(norm[sa:sb])]
            start, parts = m.start(), []
            floor, last_end = last_end, m.end()
            for w, flag, a, b in reversed([t for t in ws if t[3] <= m.start()]):
                if (a < floor or not _CJK_WORD.match(w) or w in _STOP_WORDS or _PARK.search(w) or m.start() - a > 12
                        or (flag[:1] in _STOP_FLAGS and w not in names) or (flag.startswith("v") and len(w) >= 2)):
                    break
                start = a
                parts.insert(0, (w, a, b))
            own = [p for p in parts if not _is_place(p[0])]
            while parts and _is_place(parts[0][0]) and sum(len(p[0]) for p in own) >= 2:
                parts.pop(0)
            if parts:
                out.append((parts[0][1], m.end()))
            elif start < m.start():
                out.append((start, m.end()))
    return out
