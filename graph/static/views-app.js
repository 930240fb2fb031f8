// alucluster views: builds the vis-network from the page's JSON data.
// Every text from the graph reaches the DOM through textContent only (tooltips are elements built
// here), so markup in an article stays text. window.aluView exposes the state for tests and users.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  if (data.routes) {
    // several views in one page (large graphs): the URL fragment picks one; a new fragment reloads.
    var keys = Object.keys(data.routes).sort();
    var key = window.location.hash.slice(1);
    try {
      key = decodeURIComponent(key);
    } catch (e) {
      // a malformed escape ("#%E0") must not stop the page: keep the fragment as written
    }
    data = data.routes[Object.prototype.hasOwnProperty.call(data.routes, key) ? key : keys[0]];
    document.title = data.title;
    document.querySelector("h1").textContent = data.title;
    document.querySelector("header .explain").textContent = data.explanation;
    window.addEventListener("hashchange", function () { window.location.reload(); });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function tipElement(tip) {
    var box = el("div", "tip");
    box.appendChild(el("h3", null, tip.h));
    if (tip.k) box.appendChild(el("p", "kind", tip.k));
    if (tip.facts && tip.facts.length) {
      var ul = el("ul");
      tip.facts.forEach(function (f) {
        var li = el("li", null, f.t);
        if (f.s) li.appendChild(el("q", null, f.s));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (tip.more) box.appendChild(el("p", "more", "… and " + tip.more + " more facts"));
    if (tip.page) box.appendChild(el("p", "more", "Double-click to open its page."));
    return box;
  }

  // A node or edge added by hand in a notebook may have a plain ``title`` and no ``tip``: it is
  // shown as text too, never handed to vis-network as a string (no markup is ever parsed).
  function tipOf(item) {
    if (item.tip) return item.tip;
    var head = item.label !== undefined && item.label !== null ? String(item.label) : String(item.id || "");
    return { h: head, facts: item.title !== undefined && item.title !== null ? [{ t: String(item.title) }] : [] };
  }
  data.nodes.forEach(function (n) {
    if (typeof n.find !== "string") n.find = (String(n.label || "") + " " + String(n.id)).toLowerCase();
  });
  var nodeItems = data.nodes.map(function (n) {
    var item = Object.assign({}, n);
    delete item.tip; delete item.find; delete item.page; delete item.kind;
    item.title = tipElement(Object.assign({ page: !!n.page }, tipOf(n)));
    return item;
  });
  var edgeItems = data.edges.map(function (e) {
    var item = Object.assign({}, e);
    delete item.tip;
    if (e.tip || e.title !== undefined) item.title = tipElement(tipOf(e));
    return item;
  });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var view = { network: network, nodes: nodes, edges: edges, ready: false, expected: data.counts };
  window.aluView = view;

  function settled() {
    // physics only finds the layout; once settled it stops so the page stays still and cheap.
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    view.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (data.nodes.length === 0) {
    settled();  // vis-network fires no layout event for an empty network
  } else if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", settled);
  } else {
    network.once("afterDrawing", settled);
  }

  network.on("doubleClick", function (params) {
    if (params.nodes.length === 1) {
      var n = byId[params.nodes[0]];
      if (n && n.page) window.location.href = n.page;
    }
  });

  var count = document.getElementById("count");
  function showCount(shown) {
    count.textContent = data.nodes.length === 0 ? "Nothing to show: the graph has no such facts yet."
      : shown + " of " + data.nodes.length + " nodes shown";
  }
  view.visibleNodeCount = function () {
    return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
  };
  view.search = function (query) {
    var q = (query || "").trim().toLowerCase();
    var updates = data.nodes.map(function (n) {
      return { id: n.id, hidden: q !== "" && n.find.indexOf(q) < 0 };
    });
    nodes.update(updates);
    var shown = view.visibleNodeCount();
    showCount(shown);
    return shown;
  };
  document.getElementById("search").addEventListener("input", function (ev) {
    view.search(ev.target.value);
  });
  showCount(data.nodes.length);
})();
