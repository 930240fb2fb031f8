"""Offline HTML pages drawn by pyvis: a :class:`ViewNetwork` is a pyvis ``Network`` that renders
through the project's own template instead of pyvis's.

What pyvis does here: it holds each page's nodes, edges and vis-network options (``add_node``,
``add_edge``, ``set_options``), picks the template (``set_template_dir``) and renders it
(``generate_html``, ``write_html``, ``show`` in a notebook); the vis-network 9.1.2 bundle it ships
(``pyvis/lib/vis-9.1.2/vis-network.min.js``) is inlined into every page, licence header included.

What pyvis cannot do, and is done here instead:

- **Offline.** None of pyvis's ``cdn_resources`` modes is offline (``in_line`` still links Bootstrap
  and tom-select from CDNs, ``local`` loads files next to the page): the template is ours, with no
  external reference, and the bundle's URL strings (licence, core-js metadata, an error message,
  the source-map comment) are replaced by the names they stand for.
- **Escaping.** ``set_template_dir`` gives a Jinja2 environment without autoescaping, and pyvis's
  template embeds the data with ``json.dumps`` inside ``<script>`` (an article's ``</script>``
  would end it): the environment is replaced by an autoescaping one, and the data goes into a
  non-executed ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped.
- **Tooltips as text.** pyvis switches every popup to raw HTML once a node ``title`` contains
  "href". The pages never send a ``title``: a node's facts travel as structured data (``tip``),
  and the page's script builds every tooltip from it, and from any ``title`` a notebook user adds,
  with ``textContent`` only, so no text is ever parsed as markup.
- **Page furniture.** pyvis renders one network with fixed template variables; the navigation,
  legend, explanation and the Content-Security-Policy (the page's two scripts by SHA-256 hash, no
  fetch of any kind) are template globals of each network's own environment (:attr:`ViewNetwork.page`).
- **Speed.** pyvis checks ``add_edge`` endpoints against a list of node ids (quadratic at
  thousands of nodes); :meth:`ViewNetwork.get_nodes` answers from its id map instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from alucluster.graph._io import csp_source

__all__ = ["SVG_NAMESPACE", "VIS_NETWORK_VERSION", "Assets", "ViewNetwork", "load_assets", "safe_json",
           "vis_network_bundle"]

#: The vis-network bundle pyvis 0.3.2 ships, inlined into every page.
VIS_NETWORK_VERSION = "9.1.2"
#: The only http(s) string a page may hold outside its data: an XML namespace name, not an address.
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
TEMPLATE = "views-page.html"

#: URL strings in pyvis's vis-network bundle (licence header, core-js metadata, an error message,
#: the source-map comment) -> the names they stand for, so a page holds no external address. The
#: SVG namespace stays: it is the identifier createElementNS needs, never fetched.
_BUNDLE_URLS = {
    "\n//# sourceMappingURL=vis-network.min.js.map": "",
    "\n * https://visjs.github.io/vis-network/": "",
    ", http://almende.com": "",
    ", https://github.com/visjs": "",
    "http://www.apache.org/licenses/LICENSE-2.0": "(SPDX: Apache-2.0)",
    "http://opensource.org/licenses/MIT": "(SPDX: MIT)",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE": "core-js 3.21.1 licence (MIT)",
    "https://github.com/zloirock/core-js": "core-js",
    " See https://github.com/uuidjs/uuid#getrandomvalues-not-supported": " (uuid)",
}


def safe_json(value) -> str:
    """JSON that cannot end its ``<script>`` block or open markup, whatever the strings contain.

    >>> safe_json({"t": "</script><img src=x onerror=alert(1)>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _without_urls(js: str) -> str:
    """The bundle with its URL strings replaced by the names of what they point to.

    >>> _without_urls('/* (c) 2017 visjs contributors, https://github.com/visjs */')
    '/* (c) 2017 visjs contributors */'
    """
    for url, name in _BUNDLE_URLS.items():
        js = js.replace(url, name)
    return js


def vis_network_bundle() -> str:
    """The vis-network bundle shipped inside the installed pyvis, without its URL strings.

    :raises FileNotFoundError: when the installed pyvis does not ship vis-network 9.1.2.

    >>> js = vis_network_bundle()
    >>> "@version 9.1.2" in js and "vis.js is dual licensed" in js and "sourceMappingURL" not in js
    True
    """
    return _without_urls(files("pyvis").joinpath(f"lib/vis-{VIS_NETWORK_VERSION}/vis-network.min.js").read_text("utf-8"))


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory: every network has its own environment (its page globals),
    and this spares each one compiling the same template again (~8 ms a page)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass(frozen=True)
class Assets:
    """What every page inlines, read once per run: scripts, style, the CSP hashing the two scripts."""

    vis_js: str
    app_js: str
    css: str
    csp: str
    folder: str
    bytecode: jinja2.BytecodeCache


def load_assets() -> Assets:
    """The bundle, the page script and style, and the template folder.

    :raises FileNotFoundError: when the installed pyvis does not ship vis-network 9.1.2.

    >>> a = load_assets()
    >>> a.csp.startswith("default-src 'none'; script-src 'sha256-")
    True
    """
    pkg = files("alucluster.graph")
    vis_js = vis_network_bundle()
    app_js = pkg.joinpath("static/views-app.js").read_text("utf-8")
    csp = (f"default-src 'none'; script-src {csp_source(vis_js)} {csp_source(app_js)}"
           "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    return Assets(vis_js=vis_js, app_js=app_js, css=pkg.joinpath("static/views-page.css").read_text("utf-8"),
                  csp=csp, folder=str(Path(str(pkg.joinpath("templates")))), bytecode=_MemoryBytecode())


class ViewNetwork(Network):
    """A pyvis ``Network`` (directed) drawn through the project's offline, escaped template.

    Restyle it as any pyvis network (``add_node``, ``set_options``, ...) and write it with
    ``generate_html()``, ``write_html(path)`` or, in a notebook, ``show("page.html")``; a notebook
    cell ending with the network shows it inline (``_repr_html_``). The page's text (explanation,
    note, navigation, legend) is in :attr:`page`.

    :param heading: the page title (pyvis's ``heading``).
    :param assets: from :func:`load_assets` (read once when omitted).
    :raises FileNotFoundError: when the installed pyvis does not ship vis-network 9.1.2.

    >>> net = ViewNetwork("Two firms")
    >>> net.add_node("a", label="<b>A</b>", tip={"h": "A", "facts": [{"t": "href=javascript:x"}]})
    >>> net.add_node("b", label="B")
    >>> net.add_edge("a", "b", label="supplies")
    >>> html = net.generate_html()
    >>> "<title>Two firms</title>" in html and "<b>A" not in html and "\\\\u003cb\\\\u003eA" in html
    True
    """

    def __init__(self, heading: str, *, assets: Assets | None = None, explanation: str = "", note: str = "",
                 nav: list[dict] | None = None, index: list[dict] | None = None, legend: list[dict] | None = None,
                 has_pages: bool = False, inferred: bool = False, index_title: str = "Enterprise pages",
                 routes: dict[str, "ViewNetwork"] | None = None) -> None:
        super().__init__(height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line")
        self.assets = assets or load_assets()
        #: Page text and links around the network; ``routes``: several networks, one shown per URL fragment.
        self.page = {"explanation": explanation, "note": note, "nav": nav or [], "index": index or [],
                     "legend": legend or [], "has_pages": has_pages, "inferred": inferred,
                     "index_title": index_title, "routes": routes or {}}
        self._ids: dict = {}
        self.set_template_dir(self.assets.folder + "/", TEMPLATE)
        # pyvis's environment does not autoescape; ours does, and carries this page's globals.
        self.templateEnv = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.assets.folder), autoescape=True, keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined, bytecode_cache=self.assets.bytecode)
        self.templateEnv.globals.update(
            page=self.page, view_data=self._view_data, csp=self.assets.csp, css=Markup(self.assets.css),
            vis_js=Markup(self.assets.vis_js), app_js=Markup(self.assets.app_js))

    @property
    def template(self):
        """The template pyvis renders in a notebook (``show``): ours, loaded when first asked for."""
        if self._template is None:
            self._template = self.templateEnv.get_template(self.path)
        return self._template

    @template.setter
    def template(self, value) -> None:
        self._template = value

    def add_node(self, n_id, label=None, shape="dot", color="#97c2fc", **options):
        super().add_node(n_id, label=label, shape=shape, color=color, **options)
        self._ids.setdefault(n_id, None)

    def get_nodes(self):
        """The node ids, in insertion order (a dict view: ``in`` is constant time)."""
        return self._ids.keys()

    def _repr_html_(self) -> str:
        """The page inline in Jupyter: a sandboxed ``<iframe srcdoc>`` (scripts run, nothing else is
        allowed, no file is written), so evaluating the network in a cell shows it."""
        import html

        return (f'<iframe sandbox="allow-scripts" style="width:100%;height:640px;border:1px solid #ddd" '
                f'title="{html.escape(self.heading)}" srcdoc="{html.escape(self.generate_html(), quote=True)}"></iframe>')

    def network_data(self) -> dict:
        """What the page draws: nodes, edges, options (pyvis's network data), title and explanation."""
        nodes, edges, heading, _, _, options = self.get_network_data()
        return self._data(nodes, edges, options)

    def _data(self, nodes, edges, options) -> dict:
        return {"nodes": nodes, "edges": edges, "options": json.loads(options), "title": self.heading,
                "explanation": self.page["explanation"], "counts": {"nodes": len(nodes), "edges": len(edges)}}

    def _view_data(self, nodes, edges, options) -> Markup:
        """The template's data block (from what pyvis renders), or each route's when the page holds several."""
        if self.page["routes"]:
            data = {"routes": {key: net.network_data() for key, net in self.page["routes"].items()}}
        else:
            data = self._data(nodes, edges, options)
        return Markup(safe_json(data))
