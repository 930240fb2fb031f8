"""Every real article of ``../shared/corpus`` builds: ``alucluster build`` exits 0 and the graph conforms.

The corpus (real English and Chinese news excerpts, see ``../shared/corpus/README.md``) belongs to its
publishers and is not in this repository; the tests read it where it sits beside the checkout and
skip with a reason where it is absent. Each article is built alone, without views (they are tested
elsewhere) and without the reasoner, so the module stays within the CI budget (about 1 s an article).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alucluster.graph.cli import app
from alucluster.ontology.reasoning import reference_graph
from alucluster.ontology.vocab import ALU, REF
from rdflib.namespace import RDF

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
LANGUAGES = ("en", "zh")


def corpus_files(folder: str, pattern: str = "*") -> list:
    """One pytest param per corpus file, or one skipped param saying why there is none."""
    found = [p for lang in LANGUAGES for p in sorted((CORPUS / lang / folder).glob(pattern)) if p.is_file()]
    if not found:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no corpus {folder} in {CORPUS}"))]
    return [pytest.param(p, id=f"{p.parent.parent.name}/{p.name}") for p in found]


@pytest.mark.parametrize("article", corpus_files("articles"))
def test_every_corpus_article_builds_a_conforming_graph(article, tmp_path):
    result = CliRunner().invoke(app, ["build", str(article), "--no-views", "--out", str(tmp_path)])
    report = (tmp_path / "validation.txt").read_text(encoding="utf-8") if (tmp_path / "validation.txt").exists() else ""
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}\n{report}"
    assert report.startswith("validation: conforms"), report


def gold_indicators(path: Path) -> set[str]:
    slugs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "//")):
            indicator = json.loads(line).get("indicator")
            if indicator:
                slugs.add(indicator)
    return slugs


@pytest.mark.parametrize("gold", corpus_files("gold", "*.jsonl"))
def test_every_indicator_of_the_corpus_gold_is_a_reference_indicator(gold):
    known = {str(s).rsplit("/", 1)[1] for s in reference_graph().subjects(RDF.type, ALU.Indicator)
             if str(s).startswith(str(REF["indicator/"]))}
    assert gold_indicators(gold) <= known
