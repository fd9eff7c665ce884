/* The explorer's start-up, served as /explorer/explorer.js; not a module of the gateway (plain browser JavaScript). */
(function () {
  'use strict';
  var element = document.getElementById('explorer');
  var endpoint = new URL(element.getAttribute('data-endpoint'), document.baseURI).href;
  // `npm start` prints a link whose fragment carries the demo headers (#x-api-key=...&x-purpose=...).
  // A fragment never reaches the server or its logs; it is removed from the address bar at once.
  var fragment = new URLSearchParams(window.location.hash.slice(1));
  var headers = { 'x-api-key': '<your API key>', 'x-purpose': 'neighbourhood-planning' };
  var stored = null;
  try {
    stored = JSON.parse(window.localStorage.getItem('graphiql:headers') || 'null');
  } catch {
    stored = null;
  }
  if (fragment.get('x-api-key')) {
    headers['x-api-key'] = fragment.get('x-api-key');
    if (fragment.get('x-purpose')) headers['x-purpose'] = fragment.get('x-purpose');
    history.replaceState(null, '', window.location.pathname + window.location.search);
  } else if (stored && typeof stored === 'object') {
    headers = stored;
  }
  var query = [
    '# Buurtgraaf: the neighbourhood graph of the municipality, the housing corporations and the care providers.',
    '# Set your x-api-key and x-purpose under "Headers" below; the Docs button shows every field with its description.',
    'query NeighbourhoodProfile($code: ID! = "BU03440111", $year: Int! = 2023) {',
    '  neighbourhood(code: $code) {',
    '    name',
    '    population(year: $year) { total age65Plus source }',
    '    careDemand(year: $year) { targetGroup clients suppressed coverage { complete } }',
    '    vacantBuildings { address destinationAdvice { summary } }',
    '  }',
    '}',
    '',
  ].join('\n');
  var fetcher = window.GraphiQL.createFetcher({ url: endpoint });
  ReactDOM.createRoot(element).render(
    React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultQuery: query,
      headers: JSON.stringify(headers, null, 2),
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    }),
  );
})();
