"""Gazetteer of Chinese administrative divisions (GB/T 2260) with English and Chinese names.

The divisions come from the maintained ``cpca`` package (``resources/adcodes.csv``: every
province-level division, prefecture-level city and county/district with its adcode). English
names are derived with ``pypinyin`` from the Chinese name without its administrative suffix
(省, 市, 自治区, 自治州 and the ethnic names before it, 地区, 盟, 县, 区, 旗 ...); a small table
fixes the conventional spellings pinyin does not give (Shaanxi, Inner Mongolia, Tibet, Hong Kong,
Macao) and the few polyphonic characters it reads wrongly in place names.

Some English names belong to several divisions (Taizhou, Suzhou, Fuzhou, Yichun): lookups return
all candidates and :func:`resolve_place` prefers the one whose province is named nearby, keeping
the ambiguity visible otherwise.

>>> d = by_adcode("410100")
>>> d.name_en, d.name_zh, d.level, d.province_adcode
('Zhengzhou', '郑州市', 'prefecture', '410000')
>>> [x.adcode for x in lookup("Shaanxi")], [x.adcode for x in lookup("Shanxi")]
(['610000'], ['140000'])
>>> sorted(x.province.name_en for x in lookup("Taizhou", levels=("prefecture",)))
['Jiangsu', 'Zhejiang']
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
import importlib.util
from pathlib import Path

__all__ = ["Division", "Gazetteer", "gazetteer", "by_adcode", "lookup", "resolve_place", "place_id", "romanise", "stem_zh"]

LEVELS = ("province", "prefecture", "county")

# Conventional English names that differ from plain pinyin of the stripped Chinese name.
_OVERRIDES = {
    "610000": ("Shaanxi",),  # pinyin gives "Shanxi", the name of 140000
    "150000": ("Inner Mongolia", "Nei Mongol", "Neimenggu"),
    "540000": ("Tibet", "Xizang"),
    "810000": ("Hong Kong",),
    "820000": ("Macao", "Macau"),
    "710000": ("Taiwan",),
    "140400": ("Changzhi",),  # 长 read as zhang
    "211300": ("Chaoyang",),  # 朝 read as zhao
    "411100": ("Luohe",),  # 漯 read as ta
    "141100": ("Lvliang", "Luliang"),
    "540300": ("Qamdo", "Changdu"),
    # Prefectures of Inner Mongolia, Xinjiang, Tibet, Heilongjiang and Qinghai known in English by
    # their Mongolian, Uyghur or Tibetan names; the pinyin stays as an alias.
    "150100": ("Hohhot", "Huhehaote"),
    "150600": ("Ordos", "Eerduosi"),
    "150700": ("Hulunbuir", "Hulunbeier"),
    "150800": ("Bayannur", "Bayannaoer"),
    "150900": ("Ulanqab", "Wulanchabu"),
    "152500": ("Xilingol", "Xilinguole"),
    "152900": ("Alxa", "Alashan"),
    "152200": ("Hinggan", "Xing'an"),
    "230100": ("Harbin",),
    "230200": ("Qiqihar",),
    "540100": ("Lhasa",),
    "540200": ("Shigatse", "Xigaze", "Rikaze"),
    "540400": ("Nyingchi", "Linzhi"),
    "542400": ("Nagqu", "Naqu"),
    "542500": ("Ngari", "Ali"),
    "650100": ("Urumqi", "Wulumuqi"),
    "650200": ("Karamay", "Kelamayi"),
    "650400": ("Turpan", "Tulufan"),
    "652700": ("Bortala", "Boertala"),
    "652800": ("Bayingolin", "Bayinguoleng"),
    "652900": ("Aksu", "Akesu"),
    "653000": ("Kizilsu", "Kezileisu"),
    "653100": ("Kashgar", "Kashi"),
    "653200": ("Hotan", "Hetian"),
    "654000": ("Ili", "Yili"),
    "654300": ("Altay", "Aletai"),
    "632600": ("Golog", "Guoluo"),
}
# Suffixes stripped before romanising (longest first).
_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "盟", "州",
    "县", "区", "旗",
)
_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Province-level names whose ethnic part goes before 自治区 (kept in the romanised name).
_PROVINCE_STRIP = {"广西壮族自治区": "广西", "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆", "西藏自治区": "西藏", "内蒙古自治区": "内蒙古"}


@dataclass(frozen=True)
class Division:
    """One administrative division: 6-digit adcode, names, level, and its province's adcode."""

    adcode: str
    name_en: str
    name_zh: str
    level: str  # province | prefecture | county
    province_adcode: str
    prefecture_adcode: str | None = None
    lon: float | None = None
    lat: float | None = None
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The entity id, ``place/cn-<adcode>``."""
        return place_id(self.adcode)

    @property
    def type(self) -> str:
        """The ontology class name: Province, PrefectureCity or County."""
        return {"province": "Province", "prefecture": "PrefectureCity", "county": "County"}[self.level]

    @property
    def province(self) -> "Division":
        """The province-level division this one belongs to (itself for a province)."""
        return by_adcode(self.province_adcode)


def place_id(adcode: str) -> str:
    """The entity id of a division.

    >>> place_id("510800")
    'place/cn-510800'
    """
    return f"place/cn-{adcode}"


def _cpca_resources() -> Path:
    # find_spec locates the data without importing cpca, whose import pulls in pandas (seconds).
    spec = importlib.util.find_spec("cpca")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


@functools.cache
def _nations() -> tuple[str, ...]:
    path = _cpca_resources() / "56_nations.csv"
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for cell in line.split(","):
            cell = cell.strip()
            if cell and cell != "name" and not cell.isascii():
                names.append(cell if cell.endswith("族") else cell + "族")
    # Also the bare forms (蒙古 in 巴音郭楞蒙古自治州) ; longest first so 土家族 wins over 家族.
    bare = [n[:-1] for n in names if len(n) > 2]
    return tuple(sorted(set(names + bare), key=len, reverse=True))


def _stem_zh(name: str) -> str:
    if name in _PROVINCE_STRIP:
        return _PROVINCE_STRIP[name]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    # 阿坝藏族羌族自治州 -> 阿坝: peel ethnic names off the end, repeatedly.
    changed = True
    while changed:
        changed = False
        for nation in _nations():
            if name.endswith(nation) and len(name) > len(nation) + 1:
                name = name[: -len(nation)]
                changed = True
                break
    return name


# Characters whose reading in (mostly Mongolian) place names differs from pypinyin's default:
# 勒 in 郭勒 "gol" (river) is "le", not "lei".
_PLACE_READINGS = {"勒": "le"}


def _romanise(zh: str) -> str:
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(zh)
    if len(syllables) == len(zh):  # one syllable per character: readings can be fixed per character
        syllables = [_PLACE_READINGS.get(ch, s) for ch, s in zip(zh, syllables)]
    out = []
    for i, s in enumerate(syllables):
        # Apostrophe before a vowel-initial syllable (Xi'an, Lu'an), as in the standard spelling.
        if i and s[:1] in "aeo":
            out.append("'")
        out.append(s)
    return "".join(out).capitalize()


def stem_zh(name: str) -> str:
    """A Chinese place name without its administrative suffix and ethnic names (as matched in text).

    >>> stem_zh("文山壮族苗族自治州"), stem_zh("广元市"), stem_zh("内蒙古自治区")
    ('文山', '广元', '内蒙古')
    """
    return _stem_zh(name)


def romanise(zh: str) -> str:
    """Pinyin of a Chinese name as one capitalised word, with the apostrophe of standard spelling.

    >>> romanise("西安"), romanise("恒丰")
    ("Xi'an", 'Hengfeng')
    """
    return _romanise(zh)


class Gazetteer:
    """All divisions, indexed by adcode and by lower-cased English and Chinese names."""

    def __init__(self, divisions: list[Division]):
        self.divisions = tuple(sorted(divisions, key=lambda d: d.adcode))
        self._by_code = {d.adcode: d for d in self.divisions}
        self._by_name: dict[str, list[Division]] = {}
        for d in self.divisions:
            for name in {d.name_en, d.name_zh, _stem_zh(d.name_zh), *d.aliases}:
                self._by_name.setdefault(_key(name), []).append(d)

    def by_adcode(self, code: str) -> Division:
        """The division with a 6- or 12-digit adcode; KeyError when unknown."""
        return self._by_code[str(code)[:6]]

    def lookup(self, name: str, *, levels: tuple[str, ...] = LEVELS) -> list[Division]:
        """Every division called ``name`` (English, pinyin or Chinese; "City"/"Province" ignored)."""
        key = _key(name)
        hits = self._by_name.get(key)
        if hits is None:
            bare = re.sub(r"\s+(city|province|prefecture|municipality|county|district|region|autonomous region)$", "", key)
            hits = self._by_name.get(bare, [])
        return [d for d in hits if d.level in levels]

    def names(self, *, levels: tuple[str, ...] = ("province", "prefecture")) -> dict[str, list[Division]]:
        """English names (and aliases) to divisions, for building a phrase matcher."""
        out: dict[str, list[Division]] = {}
        for d in self.divisions:
            if d.level in levels:
                for name in (d.name_en, *d.aliases):
                    out.setdefault(name, []).append(d)
                    if re.search(r"[LlNn]v", name):
                        out.setdefault(re.sub(r"([LlNn])v", r"\1ü", name), []).append(d)
        return out


def _key(name: str) -> str:
    # pinyin writes ü as "v" ("Lvliang"); English text keeps the diaeresis ("Lüliang")
    return re.sub(r"[\s'\-]+", " ", name.strip().lower().replace("ü", "v")).strip()


@functools.cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer (built once per process from cpca's adcode table).

    >>> len([d for d in gazetteer().divisions if d.level == "province"])
    34
    """
    path = _cpca_resources() / "adcodes.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    divisions = []
    for row in rows:
        code, zh = row["adcode"][:6], row["name"].strip()
        if zh in _SKIP or not code.isdigit():
            continue
        level = "province" if code[2:] == "0000" else "prefecture" if code[4:] == "00" else "county"
        override = _OVERRIDES.get(code)
        name_en = override[0] if override else _romanise(_stem_zh(zh))
        aliases = tuple(override[1:]) if override else ()
        if override is None and "'" in name_en:
            aliases = (name_en.replace("'", ""),)
        divisions.append(
            Division(
                adcode=code,
                name_en=name_en,
                name_zh=zh,
                level=level,
                province_adcode=code[:2] + "0000",
                prefecture_adcode=code[:4] + "00" if level == "county" else None,
                lon=float(row["longitude"]) if row.get("longitude") else None,
                lat=float(row["latitude"]) if row.get("latitude") else None,
                aliases=aliases,
            )
        )
    return Gazetteer(divisions)


def by_adcode(code: str) -> Division:
    """The division with this adcode (6 or 12 digits).

    :param code: a GB/T 2260 code such as ``"510800"``.
    :raises KeyError: when no division has this code.

    >>> by_adcode("510800").name_en
    'Guangyuan'
    """
    return gazetteer().by_adcode(code)


def lookup(name: str, *, levels: tuple[str, ...] = LEVELS) -> list[Division]:
    """All divisions with this English or Chinese name, most general level first.

    :param name: e.g. ``"Zhengzhou"``, ``"郑州市"``, ``"Guangyuan City"``.
    :param levels: restrict to these levels.

    >>> [d.adcode for d in lookup("郑州")]
    ['410100']
    """
    hits = gazetteer().lookup(name, levels=levels)
    return sorted(hits, key=lambda d: (LEVELS.index(d.level), d.adcode))


def resolve_place(name: str, *, context: tuple[str, ...] = (), levels: tuple[str, ...] = LEVELS) -> tuple[Division | None, list[Division]]:
    """The most likely division for a name, and all candidates.

    The most general level wins (a province over a same-named county, a city over a county); among
    same-level candidates the one whose province is in ``context`` (adcodes or names of places
    mentioned nearby) wins; otherwise the first by adcode is returned and the caller should mark
    the ambiguity (``len(candidates) > 1``).

    :param name: the place name as written.
    :param context: adcodes or names of places mentioned near it.

    >>> best, cands = resolve_place("Taizhou", context=("Zhejiang",), levels=("prefecture",))
    >>> best.adcode, len(cands)
    ('331000', 2)
    """
    candidates = lookup(name, levels=levels)
    if not candidates:
        return None, []
    top = [d for d in candidates if d.level == candidates[0].level]
    if len(top) == 1:
        return top[0], top
    provinces = set()
    for c in context:
        if c.isdigit():
            provinces.add(c[:2] + "0000")
        else:
            provinces.update(d.province_adcode for d in lookup(c, levels=("province",)))
    preferred = [d for d in top if d.province_adcode in provinces]
    return (preferred[0] if len(preferred) == 1 else top[0]), top
