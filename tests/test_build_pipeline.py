"""The whole build: files written, reports, the facts cache, several articles, the Oxigraph option."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from alucluster.graph import build as b

ARTICLES = sorted((Path(__file__).parent / "data" / "articles").glob("*.txt"))
GRAPH_FILES = ("cluster.ttl", "cluster.nt", "cluster.jsonld", "validation.txt")


def test_seed_build_writes_everything(seed_build):
    for name in GRAPH_FILES + ("gaps.md", "gaps.json"):
        assert (seed_build / name).is_file(), name
    assert list((seed_build / "views").glob("*.html"))
    assert list((seed_build / ".cache").glob("facts-*.json"))
    assert "conforms" in (seed_build / "validation.txt").read_text(encoding="utf-8")


def test_seed_build_holds_the_article_numbers(seed_graph_path):
    from alucluster.graph.query import result_rows, run

    _, rows = result_rows(run("capacities", graph=seed_graph_path))
    got = {(r[0], r[2], r[3]) for r in rows}
    # from the text: Hubei Shimei 100,000 t/yr, Zhengzhou Yingkai 3 million pairs per year
    assert ("Hubei Shimei", 100000, "t/yr") in got and ("Zhengzhou Yingkai", 3000000, "pair/yr") in got


@pytest.fixture(scope="module")
def rebuilt(seed_build, tmp_path_factory):
    """A second build of the seed into a new folder that has only the first build's facts cache."""
    import alucluster.loaders.extract as ex

    out = tmp_path_factory.mktemp("rebuild")
    shutil.copytree(seed_build / ".cache", out / ".cache")

    def no_extraction(*args, **kwargs):
        raise AssertionError("the cached facts should have been used")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ex, "extract_article", no_extraction)
        result = b.build(None, out=out, views=False)
    return out, result


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_rebuild_is_byte_identical(seed_build, rebuilt, name):
    out, _ = rebuilt
    assert (out / name).read_bytes() == (seed_build / name).read_bytes()


def test_rebuild_used_the_facts_cache(rebuilt):
    _, result = rebuilt
    assert result.facts > 0 and result.conforms
    assert "triples" in result.summary()


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    if not ARTICLES:
        pytest.skip("no test articles")
    out = tmp_path_factory.mktemp("corpus")
    seed = Path(b.__file__).parents[1] / "loaders" / "data" / "guangyuan-aluminum-2021.txt"
    return b.build([seed, *ARTICLES], out=out, views=False, store="oxigraph")


def test_adding_articles_adds_to_the_graph_and_loses_nothing(seed_graph_path, corpus_build):
    seed = rdflib.Graph().parse(seed_graph_path)
    corpus = rdflib.Graph().parse(corpus_build.paths[0])
    assert set(seed) <= set(corpus)
    assert len(corpus) > len(seed)
    assert corpus_build.articles == len(ARTICLES) + 1


def test_oxigraph_option_writes_the_store(corpus_build):
    out = corpus_build.paths[0].parent
    assert corpus_build.store == "oxigraph"
    assert list((out / ".cache").glob("oxigraph-cluster-*"))


def test_no_progress_bar_without_a_terminal(tmp_path, capfd):
    b.build(ARTICLES[:2], out=tmp_path, views=False)
    assert "extracting" not in capfd.readouterr().err
