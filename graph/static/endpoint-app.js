// The endpoint's query page: YASGUI (vendored in static/yasgui/) on this server's /sparql, with the
// project's prefixes and the named queries. Everything it loads comes from this server: prefix
// lookups (prefix.cc) stay off and the class/property autocompleters, which ask LOV, are not enabled.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('config').textContent);
  const endpoint = new URL('sparql', window.location.href).href;
  const prologue = Object.entries(config.prefixes).map(([p, iri]) => 'PREFIX ' + p + ': <' + iri + '>').join('\n');
  const XSD_DECIMAL = 'http://www.w3.org/2001/XMLSchema#decimal';
  const notice = document.getElementById('notice');

  // Numbers as the article wrote them: an integral xsd:decimal is written 100000.0 in the graph
  // (XSD 1.0 canonical form); the table shows 100000, as the CLI does. Downloads keep the lexical form.
  const table = Yasgui.Yasr.plugins.table;
  const formatLiteral = table.prototype.formatLiteral;
  table.prototype.formatLiteral = function (binding, prefixes) {
    if (binding.datatype === XSD_DECIMAL && /^[+-]?\d+\.0*$/.test(binding.value)) {
      binding = Object.assign({}, binding, {value: binding.value.replace(/\.0*$/, '')});
    }
    return formatLiteral.call(this, binding, prefixes);
  };

  const yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: {endpoint: endpoint, method: 'POST'},
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {getData: () => [{endpoint: endpoint}], keys: []},
    persistenceId: 'alucluster-endpoint',
    populateFromUrl: true,
    yasqe: {
      value: config.named.length ? config.named[0].text : prologue + '\n\nSELECT * WHERE { ?s ?p ?o } LIMIT 10',
      autocompleters: ['prefixes', 'variables'],
      prefixCcApi: null,
      createShortLink: null,
    },
    yasr: {prefixes: config.prefixes, defaultPlugin: 'table'},
  });

  // YASQE marks a prefix the query does not declare as an error and will not run it (the server
  // itself predefines them): declare the project's prefixes a query uses, as YASQE does for the
  // prefixes it knows when one is typed. Run when a query arrives (page load, shared link, tab)
  // and when the editor loses focus.
  function declarePrefixes(yasqe) {
    const declared = yasqe.getPrefixesFromQuery();
    const text = yasqe.getValue().replace(/<[^>\s]*>/g, ' ');  // not inside IRIs
    const missing = {};
    for (const [prefix, iri] of Object.entries(config.prefixes)) {
      if (!(prefix in declared) && new RegExp('(^|[^\\w:./-])' + prefix + ':').test(text)) missing[prefix] = iri;
    }
    if (Object.keys(missing).length) yasqe.addPrefixes(missing);
  }
  function watch(tab) {
    const yasqe = tab && tab.getYasqe();
    if (!yasqe || yasqe.aluclusterWatched) return;
    yasqe.aluclusterWatched = true;
    declarePrefixes(yasqe);
    yasqe.on('blur', () => declarePrefixes(yasqe));
  }
  watch(yasgui.getTab());
  yasgui.on('tabChange', (instance, tab) => watch(tab || yasgui.getTab()));
  yasgui.on('tabSelect', () => setTimeout(() => watch(yasgui.getTab()), 0));

  yasgui.on('query', function () { notice.hidden = true; notice.textContent = ''; });
  // The server caps a large result and says so in a header. YASGUI's events hand over the results
  // but not the response headers, so the page reads the header on the way through fetch.
  const originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    return originalFetch(input, init).then(function (r) {
      const capped = r.headers.get('X-Alucluster-Notice');
      if (capped) { notice.textContent = capped; notice.hidden = false; }
      return r;
    });
  };

  const list = document.getElementById('queries');
  for (const q of config.named) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = q.name;
    b.title = q.question;
    b.dataset.query = q.name;
    b.addEventListener('click', function () {
      const tab = yasgui.getTab();
      tab.setQuery(q.text);
      tab.getYasqe().focus();
    });
    li.appendChild(b);
    li.appendChild(document.createTextNode(' \u2014 ' + q.question));
    list.appendChild(li);
  }
  window.alucluster = {yasgui: yasgui};
})();
