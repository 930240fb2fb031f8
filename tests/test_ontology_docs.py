"""``alucluster docs``: pyLODE documentation of the ontology, offline."""

from __future__ import annotations

import html as html_lib
import logging
import subprocess
import sys

import pytest

from alucluster.ontology.docs import remote_resources, write_docs
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


def test_page_loads_nothing_from_the_network(page):
    assert remote_resources(page) == []
    assert "<style" in page  # CSS is inlined


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
