"""``alucluster docs``: pyLODE documentation of the ontology, offline."""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from alucluster.ontology.docs import docs_html, remote_resources, write_docs
from alucluster.ontology.errors import OntologyError
from alucluster.ontology.vocab import ALU


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    path = write_docs(tmp_path_factory.mktemp("docs"))
    assert path.name == "index.html"
    return html_lib.unescape(path.read_text(encoding="utf-8"))


def test_page_lists_every_class_and_property(page):
    for name in ALU.__annotations__:
        assert f"<code>{ALU._NS}{name}</code>" in page, name


def test_page_shows_title_and_chinese_labels(page):
    assert "alucluster: ontology of an aluminium industrial cluster" in page
    assert "Chinese label: 电解铝冶炼企业" in page  # the smelter class


class _Urls(HTMLParser):
    """Every (tag, attribute, value) of an src or href attribute, and every internal #fragment link and id."""

    def __init__(self):
        super().__init__()
        self.urls, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.urls.append((tag, name, value))
            if name == "id":
                self.ids.add(value)


@pytest.fixture(scope="module")
def raw_page() -> _Urls:
    parser = _Urls()
    parser.feed(docs_html())
    return parser


def test_page_loads_nothing_from_the_network(raw_page):
    # only a hyperlink (<a>) may point off the page; an <img>, <script>, <link> ... would be fetched
    remote = [(tag, name, url) for tag, name, url in raw_page.urls
              if tag != "a" and re.match(r"(https?:)?//", url.strip(), re.IGNORECASE)]
    assert remote == []
    assert raw_page.urls, "the parser saw no links at all"


def test_page_inlines_its_css(page):
    assert "<style" in page and remote_resources(page) == []


def test_every_fragment_link_has_its_anchor(raw_page):
    # "#" alone is the top of the page
    fragments = {url[1:] for tag, name, url in raw_page.urls if url.startswith("#") and url != "#"}
    assert fragments and fragments <= raw_page.ids


@pytest.mark.parametrize(
    "term, definition",
    [
        ("Smelter", "enterprise and (produces some (at stage some {primary-smelting}))"),
        ("AuxiliarySupplier",
         "enterprise and (produces some (at stage some {anode-assembly-parts, carbon-materials, fluorides}))"),
        ("hasCapacity", "agent or investment project or place"),
        ("status", "capacity or investment amount or investment project"),
    ],
)
def test_class_expressions_are_written_out(page, term, definition):
    # model.py: the defined classes and the union domains
    start = page.index(f"<code>{ALU._NS}{term}</code>")
    section = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start : page.index("</table>", start)]))
    assert definition in section


def test_no_link_points_at_a_blank_node(raw_page):
    assert not [url for _, _, url in raw_page.urls if re.fullmatch(r"#?N[0-9a-f]{32}", url)]


def test_page_is_the_same_whatever_the_hash_seed():
    code = "import hashlib; from alucluster.ontology.docs import docs_html; print(hashlib.sha256(docs_html().encode()).hexdigest())"
    digests = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        digests.add(done.stdout.strip())
    assert len(digests) == 1
    assert digests == {hashlib.sha256(docs_html().encode()).hexdigest()}


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdn.example.org/x.js"></script>',
        "<link rel='stylesheet' href='//fonts.example.org/f.css'>",
        "@import url(https://cdn.example.org/y.css);",
    ],
)
def test_remote_resources_are_detected(tag):
    assert remote_resources(f"<html>{tag}<a href='https://example.org/'>link</a></html>") == [tag]


def test_docs_leave_the_root_logger_alone():
    # pyLODE configures the root logger when first imported: check in a fresh interpreter.
    code = (
        "import logging; from alucluster.ontology.docs import docs_html; docs_html(); "
        "r = logging.getLogger(); print(len(r.handlers), r.level)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", str(logging.WARNING)]
    assert done.stderr == ""


def test_docs_into_a_file_is_an_ontology_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(OntologyError, match="not a folder"):
        write_docs(target)


def test_cli_docs(tmp_path, capsys):
    from alucluster.graph.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["docs", "--out", str(tmp_path)])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "index.html")
