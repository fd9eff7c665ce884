import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';
import { SUBGRAPHS } from '../schema/subgraphs';
import { DEMO_PURPOSE, ensureLocalTrust, ensurePairSecrets } from './local-trust';

/**
 * `npm start`: the whole federation on one machine, each partner a process of its own over its
 * own embedded database (.data/<name>), seeded with the Utrecht demo on first start.
 */
const STARTUP_LIMIT_MS = 180_000;
/** The neighbourhood page's port (web/serve.ts); its origin is allowed by the gateway's CORS. */
const WEB_PORT_WANTED = Number(process.env.WEB_PORT ?? 4080);

/**
 * The page's port must be known before the gateway starts (its CORS origin): WEB_PORT=0, or the
 * default 4080 already taken, gets a free one; a WEB_PORT set explicitly is used as it is.
 */
function webPort(): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(null));
      probe.listen(port, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : null));
      });
    });
  if (process.env.WEB_PORT && WEB_PORT_WANTED !== 0) return Promise.resolve(WEB_PORT_WANTED);
  return tryPort(WEB_PORT_WANTED)
    .then((port) => port ?? tryPort(0))
    .then((port) => port ?? WEB_PORT_WANTED);
}
const children = new Map<string, ChildProcess>();
let stopping = false;

// `npm start` runs the compiled JavaScript (dist/) with plain Node; tsx only when a developer
// starts this file from source.
const FROM_SOURCE = extname(__filename) === '.ts';
const entry = (file: string) => (FROM_SOURCE ? file : file.replace(/\.ts$/, '.js'));

function start(name: string, file: string, env: NodeJS.ProcessEnv): Promise<string> {
  const child = fork(entry(file), [], {
    execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
    env: { ...process.env, ...env },
  });
  children.set(name, child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${STARTUP_LIMIT_MS / 1000} s`)),
      STARTUP_LIMIT_MS,
    );
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) {
        clearTimeout(timer);
        resolve(message.url);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(name);
      if (!stopping) {
        process.stderr.write(
          `\n${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the federation.\n`,
        );
        void stopAll(1);
      }
      reject(new Error(`${name} exited before it was ready`));
    });
  });
}

async function stopAll(exitCode: number) {
  stopping = true;
  const exits = [...children.values()].map((child) => new Promise((done) => child.once('exit', done)));
  for (const child of children.values()) child.kill('SIGTERM');
  const allStopped = await Promise.race([
    Promise.all(exits).then(() => true),
    new Promise((done) => setTimeout(() => done(false), 10_000)),
  ]);
  if (!allStopped) {
    const left = [...children.keys()].join(', ');
    process.stderr.write(`Still running after 10 s: ${left}; forcing them to stop.\n`);
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(1);
  }
  process.stdout.write('All processes stopped.\n');
  process.exit(exitCode);
}

async function main() {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const quiet = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const trust = ensureLocalTrust(
    process.env.LOCAL_TRUST_DIR ?? join('.data', 'trust'),
    SUBGRAPHS.map(({ name }) => name),
  );
  // The care providers' and the combiner's pair secrets for the secure sum of combined care counts.
  const pairDirs = ensurePairSecrets(
    join(process.env.LOCAL_TRUST_DIR ?? join('.data', 'trust'), 'pairs'),
    SUBGRAPHS.filter(({ kind }) => kind === 'care' || kind === 'combiner').map(({ name, kind }) => ({
      id: name,
      kind,
    })),
  );
  process.stdout.write('Starting the Buurtgraaf federation (first start loads the demo data)...\n');
  // Several partners of one kind run the same code; PARTNER_ID tells each process who it is.
  const urls = await Promise.all(
    SUBGRAPHS.map(({ name, mainFile, envPrefix: p }) =>
      start(name, mainFile, {
        ...quiet,
        PARTNER_ID: name,
        [`${p}_SEED`]: process.env[`${p}_SEED`] ?? 'demo',
        [`${p}_GATEWAY_SECRET_FILE`]: process.env[`${p}_GATEWAY_SECRET_FILE`] ?? trust.secretFiles[name],
        ...(pairDirs[name]
          ? { [`${p}_PAIR_SECRETS_DIR`]: process.env[`${p}_PAIR_SECRETS_DIR`] ?? pairDirs[name] }
          : {}),
      }),
    ),
  );
  SUBGRAPHS.forEach(({ name, displayName }, index) =>
    process.stdout.write(`  ${name.padEnd(18)} ${(urls[index] ?? '').padEnd(32)} ${displayName}\n`),
  );
  // The gateway is told where each partner really listens, so any port (even 0) just works.
  const partners = Object.fromEntries(
    SUBGRAPHS.flatMap(({ name, envPrefix: p }, index) => [
      [`SUBGRAPH_${p}_URL`, urls[index]],
      [`SUBGRAPH_${p}_SECRET_FILE`, trust.secretFiles[name]],
    ]),
  );
  const WEB_PORT = await webPort();
  const gatewayUrl = await start('gateway', join(__dirname, '..', 'gateway', 'main.ts'), {
    ...partners,
    GATEWAY_CONSUMERS_FILE: process.env.GATEWAY_CONSUMERS_FILE ?? trust.consumersFile,
    // The neighbourhood page (web/) runs next to the gateway on its own origin; the explorer is on locally.
    GATEWAY_CORS_ORIGINS:
      process.env.GATEWAY_CORS_ORIGINS ?? `http://localhost:${WEB_PORT},http://127.0.0.1:${WEB_PORT}`,
    GATEWAY_EXPLORER: process.env.GATEWAY_EXPLORER ?? 'on',
    ...quiet,
  });
  // The page is built (web/build.ts) and served by web/serve.ts with the demo consumer's key.
  const webUrl = await start('web', join(__dirname, '..', 'web', 'serve.ts'), {
    WEB_PORT: String(WEB_PORT),
    WEB_GATEWAY_URL: gatewayUrl,
    WEB_API_KEY: trust.apiKey,
    WEB_PURPOSE: DEMO_PURPOSE,
    ...quiet,
  });
  const explorerUrl = `${gatewayUrl.replace(/\/graphql$/, '/explorer')}#${new URLSearchParams({ 'x-api-key': trust.apiKey, 'x-purpose': DEMO_PURPOSE })}`;
  const biCatalogueUrl = gatewayUrl.replace(/\/graphql$/, '/bi/v1/catalogue');
  const headers = `-H 'x-api-key: ${trust.apiKey}' -H 'x-purpose: ${DEMO_PURPOSE}'`;
  process.stdout.write(
    `\nBuurtgraaf gateway: ${gatewayUrl}\n\nEvery request needs these headers (a demo consumer made for this machine):\n` +
      `  x-api-key: ${trust.apiKey}\n  x-purpose: ${DEMO_PURPOSE}\n\nTry:\n  curl -s ${gatewayUrl} -H 'content-type: application/json' ${headers} \\\n` +
      `    -d '{"query":"{ neighbourhood(code: \\"BU03440112\\") { name population(year: 2023) { total age65Plus } careDemand(year: 2023) { targetGroup clients suppressed } } }"}'\n\n` +
      `Buurtprofiel (the neighbourhood page): ${webUrl}\nExplorer (GraphiQL, headers filled in): ${explorerUrl}\n` +
      `BI catalogue (the datasets for BI tools, same headers): ${biCatalogueUrl}\n  curl -s ${biCatalogueUrl} ${headers}\n\nCtrl-C stops every process.\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  void stopAll(1);
});
