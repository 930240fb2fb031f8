"""The analyst notebooks: committed without outputs, in step with their generator, and runnable.

The execution tests run both notebooks top to bottom in a real ``python3`` kernel (nbclient), in a
fresh working folder as on a fresh clone: ``chain_extension_gaps.ipynb`` first, which builds the
seed graph into ``out/``; then ``querying.ipynb`` in the same folder, which loads that build. A cell
that raises fails the run. Expected values are read from the seed article
(``loaders/data/guangyuan-aluminum-2021.txt``) and the reference chain (``ontology/data/chain.ttl``).
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["chain_extension_gaps.ipynb", "querying.ipynb"]


def _require_kernel() -> None:
    """Skip without ipykernel locally; under CI (where the test extras are installed) fail instead."""
    if importlib.util.find_spec("ipykernel") is None or importlib.util.find_spec("nbclient") is None:
        if os.environ.get("CI"):
            pytest.fail("ipykernel/nbclient are not installed, but the test extras should provide them")
        pytest.skip("ipykernel/nbclient are not installed")


def _text(output: dict) -> str:
    """All text an output shows: stream text, plain-text and HTML/Markdown representations."""
    if output["output_type"] == "stream":
        return output["text"]
    data = output.get("data", {})
    return "\n".join(data.get(kind, "") for kind in ("text/plain", "text/html", "text/markdown"))


def _cell_with(nb, snippet: str):
    """The first code cell whose source contains ``snippet``."""
    return next(c for c in nb.cells if c.cell_type == "code" and snippet in c.source)


def _outputs(cell) -> str:
    return "\n".join(_text(o) for o in cell.get("outputs", []))


# ------------------------------------------------------------------ committed files


def test_committed_notebooks_match_their_generator():
    proc = subprocess.run(
        [sys.executable, str(NOTEBOOKS / "make_notebooks.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_carry_no_outputs(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a notebook without code cells teaches nothing"
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_check_reports_a_stale_notebook(tmp_path):
    """The generator's check is what guards the committed files, so it must see a hand edit."""
    spec = importlib.util.spec_from_file_location("make_notebooks", NOTEBOOKS / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path)
    assert module.check(tmp_path) == []
    edited = tmp_path / "querying.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("SPARQL", "SQL", 1), encoding="utf-8")
    assert module.check(tmp_path) == ["querying.ipynb"]


# ------------------------------------------------------------------ execution


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Both notebooks run in order in one fresh working folder: name -> executed notebook."""
    _require_kernel()
    import nbformat
    from nbclient import NotebookClient

    workdir = tmp_path_factory.mktemp("notebooks")
    results = {}
    with pytest.MonkeyPatch.context() as mp:
        # the kernel inherits this process's environment: never pick up a reader's own build
        mp.delenv("ALUCLUSTER_OUT", raising=False)
        mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        for name in NAMES:
            nb = nbformat.read(NOTEBOOKS / name, as_version=4)
            NotebookClient(
                nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(workdir)}}
            ).execute()
            results[name] = nb
    results["workdir"] = workdir
    return results


@pytest.mark.notebook
def test_gaps_notebook_builds_the_seed_graph_on_a_fresh_clone(executed):
    assert (executed["workdir"] / "out" / "cluster.ttl").is_file()
    assert (executed["workdir"] / "out" / "views" / "guangyuan-510800" / "chain.html").is_file()  # the seed's region


@pytest.mark.notebook
def test_gaps_notebook_shows_the_article_capacities(executed):
    nb = executed["chain_extension_gaps.ipynb"]
    shown = _outputs(_cell_with(nb, 'table("capacities")'))
    # "Hubei Shimei has an annual output of 100,000 tons of aluminum profiles"
    assert "Hubei Shimei" in shown and "100000" in shown


@pytest.mark.notebook
def test_gaps_notebook_draws_its_plots(executed):
    nb = executed["chain_extension_gaps.ipynb"]
    images = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    # capacity by stage, capacity balance, implied upstream demand, origin shares, the first target's what-if
    assert len(images) == 5


@pytest.mark.notebook
def test_gaps_notebook_embeds_the_chain_view_offline(executed):
    nb = executed["chain_extension_gaps.ipynb"]
    shown = _outputs(_cell_with(nb, "write_views("))
    srcdoc = re.search(r'<iframe srcdoc="([^"]*)"', shown)
    assert srcdoc, "the chain view is not embedded inline"
    page = html.unescape(srcdoc.group(1))
    assert "chain" in page.lower() and "<script" in page
    # offline: nothing is loaded from elsewhere (URLs inside licence comments are harmless text)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"(?:@import|url\()\s*[\"']?\s*(?:https?:)?//", page, re.IGNORECASE)


@pytest.mark.notebook
@pytest.mark.browser
def test_embedded_chain_view_draws_offline_in_chromium(executed, chromium):
    """The iframe the notebook shows must draw in a real browser with no request leaving it."""
    from playwright.sync_api import sync_playwright

    from alucluster.graph.views import browser_args

    cell = _cell_with(executed["chain_extension_gaps.ipynb"], "write_views(")
    shown = next(o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=browser_args())
        try:
            page = browser.new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.set_content(f"<!doctype html><html><body>{shown}</body></html>")
            frame = page.frame_locator("iframe")
            frame.locator("canvas").first.wait_for(state="visible", timeout=10_000)
            assert requests == [] and errors == []
        finally:
            browser.close()


@pytest.mark.notebook
def test_gaps_notebook_compares_two_scenarios(executed):
    nb = executed["chain_extension_gaps.ipynb"]
    shown = _outputs(_cell_with(nb, "SCENARIOS = "))
    assert all(name in shown for name in ("today", "rolling mill", "alumina refinery"))
    # each scenario covers one more stage: 5 of 16
    assert shown.count("4 of 16") >= 1 and shown.count("5 of 16") >= 2


@pytest.mark.notebook
def test_gaps_notebook_conclusion_is_computed(executed):
    nb = executed["chain_extension_gaps.ipynb"]
    cell = _cell_with(nb, "Markdown(")
    conclusion = _outputs(cell)
    # the seed's local producers cover primary smelting (two projects), anode-assembly consumables
    # (steel claw protection rings), extrusion (profiles) and die casting: 4 of the 16 stages of chain.ttl
    assert "4 of 16 reference stages" in conclusion
    assert "completeness 25%" in conclusion
    # 2 x 250,000 t/yr electrolytic aluminium against 100,000 + 30,000 t/yr of profiles
    assert "500,000 t/yr" in conclusion and "130,000 t/yr" in conclusion
    # rolling mill: (130,000 + 200,000) / 500,000 = 66 %; refinery: 400,000 / (1.93 x 500,000) = 41 %
    # Henan: 500,000 of 630,000 t/yr = 79 %
    assert "largest stated origin is Henan, with 79%" in conclusion
    assert "conversion rate to 66%" in conclusion and "supply 41% of the smelters' alumina" in conclusion
    # computed, not typed: none of these figures is written in the cell itself
    assert not any(figure in cell.source for figure in ("4 of 16", "25%", "500,000", "Henan", "79%", "66%", "41%"))


@pytest.mark.notebook
def test_querying_notebook_lists_the_contract_queries(executed):
    nb = executed["querying.ipynb"]
    shown = _outputs(_cell_with(nb, "queries = named_queries()"))
    assert all(name in shown for name in ("enterprises", "capacities", "indicators"))


@pytest.mark.notebook
def test_querying_notebook_filter_keeps_only_large_capacities(executed):
    nb = executed["querying.ipynb"]
    shown = _outputs(_cell_with(nb, "FILTER(?capacity >= 50000)"))
    # 250,000 t/yr (two projects) and Hubei Shimei's 100,000 t/yr pass; Guizhou Zhenghe's 30,000 does not
    assert "Hubei Shimei" in shown and "Guizhou Zhenghe" not in shown
    assert "250000" in shown


@pytest.mark.notebook
def test_querying_notebook_binds_the_facts_subject(executed):
    nb = executed["querying.ipynb"]
    shown = _outputs(_cell_with(nb, 'table("facts", subject='))
    # the first enterprise IRI in order is enterprise/guangyuan-zhongfu, named in one sentence only
    assert "Guangyuan Zhongfu has produced 218,000 tons of aluminum products" in shown
    assert "Hubei Shimei" not in shown


@pytest.mark.notebook
def test_querying_notebook_binds_a_parameter(executed):
    nb = executed["querying.ipynb"]
    shown = _outputs(_cell_with(nb, 'unit=Literal("set/yr")'))
    # "Hubei Xinrong has an annual output of 6 million ... sets of aluminum alloy die castings"
    assert "Hubei Xinrong" in shown and "6000000" in shown
    assert "Hubei Shimei" not in shown


@pytest.mark.notebook
def test_querying_notebook_follows_a_number_to_its_sentence(executed):
    nb = executed["querying.ipynb"]
    shown = _outputs(_cell_with(nb, "alu:sentence ?sentence"))
    assert "Guizhou Zhenghe has an annual output of 30,000 tons of aluminum profiles" in shown


@pytest.mark.notebook
def test_gaps_notebook_chooses_a_region_and_names_what_to_attract(executed):
    nb = executed["chain_extension_gaps.ipynb"]
    assert "analysing Guangyuan" in _outputs(_cell_with(nb, "REGION = "))
    shown = _outputs(_cell_with(nb, 'today["attract"]'))
    # the seed's two 250,000 t/yr smelters need 0.5 t of anode per tonne: 250,000 t/yr of prebaked anodes
    assert "a carbon materials plant (prebaked anodes) of about 250,000 t/yr" in shown
    assert "image/png" in json.dumps(_cell_with(nb, 'today["attract"]').outputs)
