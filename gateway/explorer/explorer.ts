import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

/**
 * The offline explorer (GATEWAY_EXPLORER=on): GraphiQL from the installed npm package (its
 * prebuilt bundle, fonts inlined), React and ReactDOM from theirs; nothing comes from a CDN.
 * The page holds no data and no key: the developer enters the x-api-key and x-purpose headers in
 * GraphiQL's header editor (or opens the link `npm start` prints, which carries them in the URL
 * fragment, which the browser never sends). The schema and its descriptions (Docs) come from
 * introspection, which only the introspection roles may run (default: developer).
 */
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: join(packageDir('react'), 'umd', 'react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': {
    file: join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.js': { file: join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
  'explorer.js': { file: join(__dirname, 'page.browser.js'), type: 'text/javascript' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Buurtgraaf explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="explorer/graphiql.css">
<style>html, body, #explorer { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="explorer" data-endpoint="graphql">Loading the explorer… (it needs JavaScript)</div>
<script src="explorer/react.js"></script>
<script src="explorer/react-dom.js"></script>
<script src="explorer/graphiql.js"></script>
<script src="explorer/explorer.js"></script>
</body>
</html>
`;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Mounted at the gateway's root: /explorer and /explorer/<asset>. */
export function explorerRouter(): Router {
  const router = express.Router();
  // Read once at start-up, so a missing package stops the gateway instead of breaking the page later.
  const assets = new Map(
    Object.entries(ASSETS).map(([name, { file, type }]) => [name, { body: readFileSync(file), type }]),
  );
  const secure = (res: express.Response) => {
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  };
  router.get('/explorer', (_req, res) => {
    secure(res);
    res.type('html').send(PAGE);
  });
  router.get('/explorer/:asset', (req, res, next) => {
    const asset = assets.get(req.params.asset);
    if (!asset) return next();
    secure(res);
    res.setHeader('cache-control', 'public, max-age=3600');
    res.type(asset.type).send(asset.body);
  });
  return router;
}
