"""`alucluster evaluate`: a researcher scores the extractor on their own gold and reads why.

The folders are written here with invented articles; the expected figures are read off the gold
lines and the article text, not off the extractor's output: a gold line whose value the text never
writes must be a miss, a written figure that no gold line holds must be a false fact.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from alucluster.loaders.evaluate import Score, compare, evaluate_folder, format_evaluation, score
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.errors import ArticleError

ARTICLE = """\
Ruifeng Foil opens a second rolling line
Published: 2021-07-01

Ruifeng Foil has an annual capacity of 5,000 tons of aluminum foil.
"""
CAPACITY_SENTENCE = "Ruifeng Foil has an annual capacity of 5,000 tons of aluminum foil."


def cli(*args):
    exe = shutil.which("alucluster")
    cmd = [exe, *args] if exe else [sys.executable, "-c", "from alucluster.graph.cli import main; main()", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "ruifeng.txt").write_text(ARTICLE, encoding="utf-8")
    gold = [
        {"kind": "enterprise", "subject": "Ruifeng Foil"},
        # the text writes 5,000 t, not 9,000 t: this line cannot be found
        {"kind": "capacity", "subject": "Ruifeng Foil", "product": "aluminium-foil", "value": 9000, "unit": "t/yr"},
    ]
    (tmp_path / "gold" / "ruifeng.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    return tmp_path


def _fact(label: str, kind: str = "enterprise", value: float | None = None) -> Fact:
    return Fact(kind, Entity(f"enterprise/{label.lower()}", "Enterprise", label), Evidence("a", f"{label}.", 0, 5),
                value=value, unit="t/yr" if value else None)


def test_compare_keeps_what_did_not_match():
    gold = [{"kind": "enterprise", "subject": "Acme"}, {"kind": "enterprise", "subject": "Beta"}]
    c = compare([_fact("Acme"), _fact("Gamma")], gold)["enterprise"]
    assert c.score == Score(1, 1, 1)
    assert c.misses == ({"kind": "enterprise", "subject": "Beta"},)
    assert [f.subject.label for f in c.false] == ["Gamma"]
    assert score([_fact("Acme"), _fact("Gamma")], gold) == {"enterprise": Score(1, 1, 1)}


def test_evaluate_folder_lists_the_miss_and_the_false_figure(folder):
    ev = evaluate_folder(folder)
    cap = dict(dict(ev.articles)["ruifeng"])["capacity"]
    assert [g["value"] for g in cap.misses] == [9000]
    assert 5000.0 in [f.value for f in cap.false]
    text = format_evaluation(ev)
    assert "ruifeng [capacity] subject=Ruifeng Foil, value=9000" in text
    assert f"\u201c{CAPACITY_SENTENCE}\u201d" in text  # the false 5,000 t shown with its sentence


def test_the_command_prints_scores_and_reasons(folder):
    proc = cli("evaluate", str(folder), "--kind", "capacity")
    assert proc.returncode == 0, proc.stderr
    head = proc.stdout.splitlines()[:3]
    assert head[0].startswith(f"{folder}: 1 articles")
    assert head[2].split()[:1] == ["capacity"] and head[2].split()[3] == "1"  # fn = the 9,000 t line
    assert "misses (gold lines no fact matched):" in proc.stdout
    assert CAPACITY_SENTENCE in proc.stdout
    assert "[enterprise]" not in proc.stdout


def test_the_command_gives_json(folder):
    proc = cli("evaluate", str(folder), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["kinds"]["enterprise"]["tp"] == 1
    assert doc["kinds"]["capacity"]["fn"] == 1
    assert [m["value"] for m in doc["misses"]] == [9000]
    assert doc["misses"][0]["article"] == "ruifeng"


@pytest.mark.parametrize("damage, fragment", [
    (lambda f: shutil.rmtree(f / "gold"), "no gold/ folder"),
    (lambda f: (f / "articles" / "ruifeng.txt").unlink(), "no article"),
    (lambda f: (f / "gold" / "ruifeng.jsonl").write_text("{not json\n", encoding="utf-8"), "line 1 is not JSON"),
    (lambda f: (f / "gold" / "ruifeng.jsonl").unlink(), "no *.jsonl gold file"),
])
def test_a_folder_that_cannot_be_scored_is_one_line(folder, damage, fragment):
    damage(folder)
    with pytest.raises(ArticleError, match="."):
        evaluate_folder(folder)
    proc = cli("evaluate", str(folder))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], proc.stderr
