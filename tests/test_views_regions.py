"""Views of a graph with several host regions: one page set per region, titled with it, and an index.

Built from the packaged seed article (Guangyuan) and the invented two-firm article of
``tests/data/regions`` (Baotou), whose third sentence gives Hubei Shimei, a Guangyuan firm, a
plant in Baotou too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alucluster.graph import build as b
from alucluster.graph.views import view_network, write_views
from alucluster.ontology.errors import GraphError

SECOND = Path(__file__).parent / "data" / "regions" / "baotou-aluminium-2022.txt"
GUANGYUAN, BAOTOU = "guangyuan-510800", "baotou-150200"


@pytest.fixture(scope="module")
def two_city(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views-two-city")
    b.build([Path(b.SEED_ALIAS), SECOND], out=out, views=True)
    return out


@pytest.fixture(scope="module")
def seed_only(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views-seed-only")
    b.build([Path(b.SEED_ALIAS)], out=out, views=True)
    return out


def data(path: Path) -> dict:
    return json.loads(re.search(r'id="view-data">(.*?)</script>', path.read_text("utf-8"), re.S).group(1))


def labels(path: Path) -> set[str]:
    return {n["label"] for n in data(path)["nodes"]}


def title(path: Path) -> str:
    return re.search(r"<title>(.*?)</title>", path.read_text("utf-8")).group(1)


def test_one_page_set_per_region_and_an_index(two_city):
    views = two_city / "views"
    assert sorted(p.name for p in views.iterdir() if p.is_dir()) == [BAOTOU, GUANGYUAN]
    for region in (BAOTOU, GUANGYUAN):
        assert {"cluster.html", "chain.html", "origins.html"} <= {p.name for p in (views / region).iterdir()}
    assert not (views / "cluster.html").exists()  # no page set outside the regions
    index = data(views / "index.html")
    assert {n["page"] for n in index["nodes"]} == {f"{BAOTOU}/cluster.html", f"{GUANGYUAN}/cluster.html"}


def test_titles_name_the_region(two_city):
    views = two_city / "views"
    assert title(views / BAOTOU / "cluster.html") == "The aluminium cluster of Baotou"
    assert title(views / GUANGYUAN / "chain.html") == "The aluminium value chain in Guangyuan"
    assert title(views / BAOTOU / "origins.html") == "Where the capital in Baotou comes from"
    assert title(views / BAOTOU / "enterprise" / "hubei-shimei.html") == "Hubei Shimei (Baotou)"


def test_each_region_draws_only_what_its_articles_state(two_city):
    views = two_city / "views"
    baotou = labels(views / BAOTOU / "cluster.html")
    assert {"Northstar Aluminium", "Silverline Rolling", "Hubei Shimei"} <= baotou
    assert "Guangyuan Zhongfu" not in baotou and "Guangyuan" not in baotou
    assert "Northstar Aluminium" not in labels(views / GUANGYUAN / "cluster.html")
    # Hubei Shimei: its Baotou plant (50,000 t/yr of profiles) on the Baotou page only
    shimei = lambda region: next(n for n in data(views / region / "cluster.html")["nodes"]  # noqa: E731
                                 if n["label"] == "Hubei Shimei")
    assert any("50,000 t/yr" in f["t"] for f in shimei(BAOTOU)["tip"]["facts"])
    assert not any("50,000 t/yr" in f["t"] for f in shimei(GUANGYUAN)["tip"]["facts"])


def test_a_city_gets_the_same_pages_as_from_a_build_of_its_article_alone(two_city, seed_only):
    alone = seed_only / "views" / GUANGYUAN
    together = two_city / "views" / GUANGYUAN
    pages = sorted(p.relative_to(alone) for p in alone.rglob("*.html"))
    assert pages == sorted(p.relative_to(together) for p in together.rglob("*.html"))
    for page in pages:
        assert data(together / page) == data(alone / page), page


def test_one_region_can_be_drawn_alone_and_an_unknown_one_is_refused(two_city, tmp_path):
    paths = write_views(two_city / "cluster.ttl", out=tmp_path, region="Baotou")
    assert {p.relative_to(tmp_path / "views").parts[0] for p in paths} == {BAOTOU, "index.html"}
    with pytest.raises(GraphError, match="no region"):
        write_views(two_city / "cluster.ttl", out=tmp_path, region="Atlantis")


def test_view_network_needs_a_region_when_the_graph_holds_several(two_city):
    with pytest.raises(GraphError, match="2 regions"):
        view_network(two_city / "cluster.ttl", "cluster")
    net = view_network(two_city / "cluster.ttl", "chain", region="包头")
    assert net.heading == "The aluminium value chain in Baotou"


def test_pages_of_a_graph_without_regions_replace_the_region_sets(two_city, tmp_path):
    import rdflib

    write_views(two_city / "cluster.ttl", out=tmp_path)
    plain = rdflib.Graph()
    plain.add((rdflib.URIRef("https://w3id.org/alucluster/id/enterprise/acme"), rdflib.RDF.type,
               rdflib.URIRef("https://w3id.org/alucluster/ontology#Enterprise")))
    write_views(plain, out=tmp_path)
    left = sorted(p.relative_to(tmp_path / "views").as_posix() for p in (tmp_path / "views").rglob("*.html"))
    assert left == ["chain.html", "cluster.html", "enterprise/acme.html", "origins.html"]


def test_cli_view_region(two_city, tmp_path, capsys):
    from alucluster.graph.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["view", "--graph", str(two_city / "cluster.ttl"), "--out", str(tmp_path), "--region", "guangyuan"])
    assert exc.value.code == 0
    assert (tmp_path / "views" / GUANGYUAN / "chain.html").is_file() and not (tmp_path / "views" / BAOTOU).exists()
    with pytest.raises(SystemExit) as exc:
        main(["view", "--graph", str(two_city / "cluster.ttl"), "--out", str(tmp_path), "--region", "Atlantis"])
    assert exc.value.code == 2 and capsys.readouterr().err.startswith("error: no region 'Atlantis'")


def test_region_exports_hang_unplaced_producers_on_the_region_not_an_artificial_node(two_city):
    import networkx as nx

    for region in (BAOTOU, GUANGYUAN):
        for suffix in (".gexf", ".graphml"):
            path = two_city / "network" / region / f"origin{suffix}"
            net = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
            assert "cluster" not in net and not any(d["artificial"] for _, d in net.nodes(data=True)), path
    # Silverline's sentence names no place: it is located in Baotou, the region of its article
    baotou = nx.read_gexf(two_city / "network" / BAOTOU / "origin.gexf")
    silverline = next(n for n, label in baotou.nodes(data="label") if label == "Silverline Rolling")
    assert list(baotou.successors(silverline)) == ["https://w3id.org/alucluster/id/place/cn-150200"]
    assert baotou.nodes["https://w3id.org/alucluster/id/place/cn-150200"]["label"] == "Baotou"


def test_the_origins_page_hangs_unplaced_producers_on_the_region(two_city):
    origins = data(two_city / "views" / GUANGYUAN / "origins.html")
    ids = {n["id"] for n in origins["nodes"]}
    assert "cluster" not in ids
