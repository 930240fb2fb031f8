"""The test corpus itself is well-formed: articles, their hand-written gold, and the links between.

The gold files in ``tests/data/gold`` are what the extractor is scored against, so a typo in them
(an unknown product slug, a name that is not in the article, a number the article never wrote)
would silently move precision and recall. These tests check the corpus, not the extractor. The
rules come from ``tests/data/README.md``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles"
GOLD = DATA / "gold"
SEED_DIR = resources.files("alucluster.loaders") / "data"

# The indicator slugs of the conventions, used only while ontology/data/indicators.ttl is absent;
# the unit is what a gold line of that indicator must carry.
INDICATOR_UNITS = {
    "gdp": "yuan",
    "gdp-growth": "%",
    "industrial-value-added": "yuan",
    "industrial-value-added-growth": "%",
    "industrial-value-added-growth-margin": "pp",
    "output-growth": "%",
    "industrial-output-value": "yuan",
    "industrial-output-value-growth": "%",
    "fixed-asset-investment": "yuan",
    "fixed-asset-investment-growth": "%",
    "electricity-consumption": "kWh",
    "export-value": "yuan",
    "export-value-growth": "%",
    "tax-revenue": "yuan",
}

REQUIRED = {
    "enterprise": {"subject"},
    "origin": {"subject", "object", "stated"},
    "location": {"subject", "object"},
    "capacity": {"subject", "product", "value", "unit"},
    "output": {"subject", "product", "value", "unit", "period"},
    "output_value": {"subject", "value", "unit", "period"},
    "indicator": {"subject", "indicator", "value", "unit", "period"},
    "introduced": {"subject", "period"},
    "membership": {"subject", "object"},
    "investment": {"subject", "value", "unit"},
    "operator": {"subject", "object"},
    "subsidiary": {"subject", "object"},
}
OPTIONAL = {"capacity": {"status", "period"}, "indicator": {"product"}, "investment": {"status"}}
UNITS = {
    "capacity": {"t/yr", "pair/yr", "set/yr", "piece/yr"},
    "output": {"t", "pair", "set", "piece"},
    "output_value": {"yuan"},
    "investment": {"yuan"},
}
STATUSES = {"planned", "signed", "under-construction", "operating"}
PERIOD = re.compile(
    r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$|^(\d{4})-(0[1-9]|1[0-2])/(\d{4})-(0[1-9]|1[0-2])$"
)
PROJECT = "@project"

# ---------------------------------------------------------------- helpers (for this test only)

_MULTIPLIERS = {"thousand": 1e3, "kt": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9}
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:[\s-]*(thousand|million|mn|billion|bn|kt))?",
    re.I,
)


def clean(text: str) -> str:
    """Text as a reader sees it: entities decoded, tags dropped, full-width forms folded."""
    text = re.sub(r"<[^<>]+>", " ", html.unescape(text))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def written_numbers(text: str) -> list[float]:
    """Every number written in ``text``, in base units ("120 kt/a" -> 120000, "CNY900mn" -> 9e8).

    >>> written_numbers("RMB3.2bn and 80,000mt, up 0.5 percentage points")
    [3200000000.0, 80000.0, 0.5]
    """
    found = []
    for m in _NUMBER.finditer(clean(text)):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        found.append(value * _MULTIPLIERS[m.group(3).lower()] if m.group(3) else value)
    return found


def occurs(name: str, text: str) -> bool:
    """Whether ``name`` is written in ``text`` as whole words, ignoring case.

    A final plural "s" may be absent in the text: gold normalises "the new material industry" to
    the conventions' "new materials".
    """
    forms = [name] + ([name[:-1]] if name.endswith("s") else [])
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text, re.I) for f in forms)


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` block between leading ``---`` lines, and the body after it."""
    lines = raw.split("\n")
    if lines[0].strip() != "---":
        return {}, raw
    end = lines.index("---", 1)
    meta = dict(line.split(":", 1) for line in lines[1:end])
    return {k.strip(): v.strip() for k, v in meta.items()}, "\n".join(lines[end + 1 :])


def article_path(stem: str):
    """The article a gold file belongs to: in tests/data/articles, or the packaged seed."""
    local = ARTICLES / f"{stem}.txt"
    return local if local.exists() else SEED_DIR / f"{stem}.txt"


def article_body(stem: str) -> str:
    return split_front_matter(article_path(stem).read_text(encoding="utf-8"))[1]


def article_date(stem: str) -> str:
    meta, _ = split_front_matter(article_path(stem).read_text(encoding="utf-8"))
    if "date" not in meta:
        sidecar = SEED_DIR / f"{stem}.meta.json"
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    return meta["date"]


def read_gold(stem: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / f"{stem}.jsonl").read_text("utf-8").splitlines()]


GOLD_STEMS = sorted(p.stem for p in GOLD.glob("*.jsonl"))
ARTICLE_STEMS = sorted(p.stem for p in ARTICLES.glob("*.txt"))


@pytest.fixture(scope="module")
def product_slugs() -> set[str]:
    import rdflib

    from alucluster.ontology.vocab import ALU, REF

    g = rdflib.Graph().parse(str(resources.files("alucluster.ontology") / "data" / "chain.ttl"))
    prefix = str(REF["product/"])
    return {str(p)[len(prefix) :] for p in g.subjects(rdflib.RDF.type, ALU.Product)}


@pytest.fixture(scope="module")
def indicator_units() -> dict[str, str]:
    """Indicator slug -> unit, from ontology/data/indicators.ttl once it exists."""
    path = resources.files("alucluster.ontology") / "data" / "indicators.ttl"
    if not path.is_file():
        return INDICATOR_UNITS
    import rdflib

    from alucluster.ontology.vocab import ALU, REF

    g = rdflib.Graph().parse(str(path))
    prefix = str(REF["indicator/"])
    return {
        str(s)[len(prefix) :]: str(g.value(s, ALU.unit))
        for s in g.subjects(rdflib.RDF.type, ALU.Indicator)
    }


# ---------------------------------------------------------------- the helpers themselves


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250,000 tons", [250000]),
        ("250000 tons", [250000]),
        ("120 kt/a and 300 ktpy", [120000, 300000]),
        ("1.6 million tonnes", [1600000]),
        ("50.501 billion yuan", [50501000000]),
        ("CNY900mn", [900000000]),
        ("¥520 million", [520000000]),
        ("１，６００，０００ tonnes, up ６.２％", [1600000, 6.2]),
        ("a 450,000-tonne-a-year smelter", [450000]),
        ("300,000&nbsp;tons", [300000]),
    ],
)
def test_written_numbers_reads_trade_press_forms(text, expected):
    assert written_numbers(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Hubei Shimei", "In addition, HUBEI SHIMEI has", True),
        ("new materials", "the new material industry", True),
        ("Baotou", "Baotouxi Aluminium", False),
        ("Zhongfu", "Guangyuan Zhongfu has", True),
    ],
)
def test_occurs_matches_whole_words_ignoring_case(name, text, expected):
    assert occurs(name, text) is expected


# ---------------------------------------------------------------- the corpus


def test_every_article_has_gold_and_every_gold_an_article():
    assert set(ARTICLE_STEMS) <= set(GOLD_STEMS)
    orphans = [s for s in GOLD_STEMS if not article_path(s).is_file()]
    assert orphans == []


def test_corpus_has_the_seed_and_at_least_six_other_articles():
    assert "guangyuan-aluminum-2021" in GOLD_STEMS
    assert len(ARTICLE_STEMS) >= 6


@pytest.mark.parametrize("stem", ARTICLE_STEMS)
def test_article_front_matter_and_length(stem):
    raw = (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")
    meta, body = split_front_matter(raw)
    assert set(meta) == {"title", "date", "source", "language"}
    dt.date.fromisoformat(meta["date"])  # YYYY-MM-DD and a real day
    assert meta["source"] == "written for alucluster tests"
    assert meta["language"] == "en"
    assert 250 <= len(clean(body).split()) <= 700


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_lines_have_the_fields_of_their_kind(stem):
    from alucluster.loaders.facts import FACT_KINDS

    for line in read_gold(stem):
        kind = line.get("kind")
        assert kind in REQUIRED and kind in FACT_KINDS, line
        fields = set(line) - {"kind"}
        assert REQUIRED[kind] <= fields <= REQUIRED[kind] | OPTIONAL.get(kind, set()), line
        if "value" in line:
            assert isinstance(line["value"], (int, float)) and not isinstance(line["value"], bool)
        if kind in UNITS:
            assert line["unit"] in UNITS[kind], line
        if kind == "origin":
            assert isinstance(line["stated"], bool), line
        if "status" in line:
            assert line["status"] in STATUSES, line
        if kind == "introduced":
            assert re.fullmatch(r"\d{4}", line["period"]), line
        elif "period" in line:
            assert PERIOD.match(line["period"]), line


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_products_are_in_the_chain(stem, product_slugs):
    used = {line["product"] for line in read_gold(stem) if "product" in line}
    assert used <= product_slugs


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_indicators_are_known_with_their_unit(stem, indicator_units):
    for line in read_gold(stem):
        if line["kind"] != "indicator":
            continue
        assert indicator_units.get(line["indicator"]) == line["unit"], line
        assert ("product" in line) == (line["indicator"] == "output-growth"), line


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_names_are_written_in_the_article(stem):
    text = clean(article_body(stem))
    for line in read_gold(stem):
        for key in ("subject", "object"):
            if key in line and line[key] != PROJECT:
                assert occurs(line[key], text), (key, line)


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_numbers_are_written_in_the_article(stem):
    numbers = written_numbers(article_body(stem))
    for line in read_gold(stem):
        if "value" in line:
            assert any(abs(line["value"]) == pytest.approx(n, rel=1e-9) for n in numbers), line


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_periods_are_not_after_the_article(stem):
    year = int(article_date(stem)[:4])
    for line in read_gold(stem):
        if "period" in line and line.get("status") != "planned":
            assert int(line["period"][:4]) <= year, line


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_organisations_are_declared(stem):
    """Who has capacity, origin, a parent or a project is an enterprise line (or a project)."""
    lines = read_gold(stem)
    enterprises = {line["subject"] for line in lines if line["kind"] == "enterprise"}
    for line in lines:
        if line["kind"] in {"capacity", "origin", "subsidiary", "operator", "investment"}:
            assert line["subject"] in enterprises | {PROJECT}, line
        if line["kind"] in {"subsidiary", "operator"}:
            assert line["object"] in enterprises, line


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_inferred_origins_follow_the_name_prefix_rule(stem):
    """An inferred origin is the place a name starts with, never the article's host place."""
    lines = read_gold(stem)
    enterprises = {line["subject"] for line in lines if line["kind"] == "enterprise"}
    hosts = {line["subject"] for line in lines if line["kind"] == "indicator"} - enterprises
    for line in lines:
        if line["kind"] == "origin" and not line["stated"]:
            assert line["subject"].lower().startswith(line["object"].lower() + " "), line
            assert line["object"] not in hosts, line
    prefixed = {
        e for e in enterprises for h in hosts if e.lower().startswith(h.lower() + " ")
    }
    origins = {line["subject"] for line in lines if line["kind"] == "origin"}
    locations = {line["subject"] for line in lines if line["kind"] == "location"}
    assert prefixed <= locations
    assert not any(
        line["kind"] == "origin" and not line["stated"] and line["subject"] in prefixed
        for line in lines
    ), origins


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_gold_repeats_only_unnamed_projects(stem):
    """Repeated lines are multisets of unnamed projects ("two projects of 250,000 t/yr each")."""
    counts = Counter(json.dumps(line, sort_keys=True) for line in read_gold(stem))
    repeated = [json.loads(k) for k, n in counts.items() if n > 1]
    assert all(PROJECT in (line["subject"], line.get("object")) for line in repeated)
