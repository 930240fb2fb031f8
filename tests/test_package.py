"""Package-level promises: documented commands, runnable docstrings, light start-up, no seed data in code."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import alucluster.graph
import alucluster.loaders
import alucluster.ontology
from alucluster.graph.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _modules():
    for package in (alucluster.ontology, alucluster.loaders, alucluster.graph):
        yield package.__name__
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            yield info.name


def _commands():
    """Every leaf command as its words, e.g. ('build',) or ('ontology', 'export')."""
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in sorted(group.commands.items()):
        sub = getattr(cmd, "commands", None)
        if sub:
            for subname in sorted(sub):
                yield (name, subname)
        else:
            yield (name,)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_docstring_examples_run(module):
    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@pytest.mark.parametrize("module", sorted(_modules()))
def test_public_modules_declare_all_and_a_docstring(module):
    mod = importlib.import_module(module)
    assert mod.__doc__ and mod.__doc__.strip(), f"{module} has no module docstring"
    if not module.endswith(("__init__", ".ontology", ".loaders", ".graph")):
        assert hasattr(mod, "__all__"), f"{module} has no __all__"


@pytest.mark.parametrize("words", list(_commands()), ids=" ".join)
def test_every_command_is_documented_in_readme(words):
    assert re.search(r"alucluster " + r"\s+".join(words) + r"\b", README), (
        f"`alucluster {' '.join(words)}` is not documented in README.md"
    )


@pytest.mark.parametrize("words", list(_commands()), ids=" ".join)
def test_every_command_help_ends_with_an_example(words):
    result = CliRunner().invoke(app, [*words, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "Example: alucluster " + words[0] in result.output


def test_version():
    result = subprocess.run(
        [sys.executable, "-m", "alucluster.graph.cli", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert re.fullmatch(r"alucluster \d+\.\d+\.\d+\S*\n", result.stdout)


def test_cli_start_up_does_not_load_heavy_toolkits():
    code = (
        "import sys, alucluster.graph.cli\n"
        "heavy = {'spacy', 'owlready2', 'pyvis', 'networkx', 'pyshacl', 'rdflib'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_command_is_a_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "alucluster.graph.cli", "no-such-command"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_library_errors_become_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "alucluster.graph.cli", "query", "enterprises", "--graph", str(tmp_path / "none.ttl")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1


# Seed-article names and figures must never drive extraction: they belong in tests/data only.
SEED_MARKERS = re.compile(r"shimei|zhenghe|yingkai|xinrong|zhongfu|218,?000|50\.501|155\.2|159\.8", re.I)


@pytest.mark.parametrize("folder", ["loaders", "graph", "ontology"])
def test_no_seed_article_specifics_in_code(folder):
    hits = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in sorted((ROOT / folder).rglob("*"))
        if p.suffix in {".py", ".rq", ".html", ".js", ".toml"} and "curation" not in p.parts
        for i, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if SEED_MARKERS.search(line)
    ]
    assert hits == []
