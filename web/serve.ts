import { createServer, type Server } from 'node:http';
import express from 'express';
import type { EnvDoc } from '@buurtgraaf/platform';
import { buildWeb, DIST_DIR } from './build';

/**
 * Serves the neighbourhood page next to the gateway: the built files and /config.json, which
 * tells the page where the gateway is and which key and purpose to send. The page's origin must
 * be in the gateway's GATEWAY_CORS_ORIGINS. The key is visible to whoever opens the page: give
 * the page a consumer of its own, limited to trusted documents (README, Apps and the
 * neighbourhood page).
 */
export interface WebConfig {
  gatewayUrl: string;
  apiKey: string;
  purpose: string;
}

/** What web/serve.ts reads; `npm start` sets all of them. */
export const WEB_ENV: readonly EnvDoc[] = [
  {
    name: 'WEB_PORT',
    shownDefault: '`4080` (under `npm start`: a free port when 4080 is taken, or with `0`)',
    description:
      "the neighbourhood page's port; under `npm start` its origin goes into the gateway's `GATEWAY_CORS_ORIGINS`",
  },
  { name: 'WEB_HOST', shownDefault: '`127.0.0.1`', description: 'address the neighbourhood page listens on' },
  {
    name: 'WEB_GATEWAY_URL',
    shownDefault: '`http://localhost:4000/graphql`',
    description: 'where the page finds the gateway (served to it in `/config.json`)',
  },
  {
    name: 'WEB_API_KEY',
    shownDefault: 'required',
    description:
      'the consumer key the page sends; anyone who opens the page can read it, so give the page a consumer of its own, limited to trusted documents',
  },
  { name: 'WEB_PURPOSE', shownDefault: '`neighbourhood-planning`', description: 'the purpose the page declares' },
];

const CSP = (gatewayUrl: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${new URL(gatewayUrl).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

/** `config` is read on every request, so a test may fill it in after the server listens. */
export function webApp(config: WebConfig, dir = DIST_DIR) {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    if (config.gatewayUrl) res.setHeader('content-security-policy', CSP(config.gatewayUrl));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });
  app.get('/config.json', (_req, res) => void res.setHeader('cache-control', 'no-store').json(config));
  app.use(express.static(dir, { index: 'index.html' }));
  return app;
}

export function listenWeb(
  config: WebConfig,
  port: number,
  host: string,
  dir = DIST_DIR,
): Promise<{ server: Server; url: string }> {
  const server = createServer(webApp(config, dir));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({ server, url: `http://localhost:${actual}/` });
    });
  });
}

async function main() {
  const env = process.env;
  const config: WebConfig = {
    gatewayUrl: env.WEB_GATEWAY_URL ?? 'http://localhost:4000/graphql',
    apiKey: env.WEB_API_KEY ?? '',
    purpose: env.WEB_PURPOSE ?? 'neighbourhood-planning',
  };
  if (!config.apiKey) throw new Error('WEB_API_KEY is not set: the page needs a consumer key to send');
  await buildWeb();
  const { url } = await listenWeb(config, Number(env.WEB_PORT ?? 4080), env.WEB_HOST ?? '127.0.0.1');
  process.send?.({ type: 'ready', name: 'web', url });
  if (!process.send) process.stdout.write(`Buurtprofiel: ${url}\n`);
}

if (require.main === module) {
  process.on('SIGTERM', () => process.exit(0));
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
