import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { startBiFederation } from '../tests/e2e/bi/bi-federation';
import { as } from '../tests/e2e/bi/client';
import { fetchEncoded } from '../tests/e2e/bi/encoded-client';
import { bulkBody } from './workloads';

/**
 * `npx tsx bench/compression.ts`: what compression saves and costs on the two whole-country
 * answers, on the national set in PostgreSQL (TEST_DATABASE_URL; seeding takes a few minutes).
 * Sizes are the wire bytes of the gateway's own answers; CPU is the compressor alone on the same
 * bytes, in this process (median of RUNS), at the gateway's levels and at two for comparison.
 */
const RUNS = 3;
const MB = 1024 * 1024;

function cpuMs(work: () => Buffer): { ms: number; bytes: number } {
  const samples: { ms: number; bytes: number }[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const before = process.cpuUsage();
    const bytes = work().length;
    const used = process.cpuUsage(before);
    samples.push({ ms: (used.user + used.system) / 1000, bytes });
  }
  return samples.sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)] ?? { ms: NaN, bytes: NaN };
}

const brotli = (quality: number) => (body: Buffer) =>
  brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
const COMPRESSORS: [string, (body: Buffer) => Buffer][] = [
  ['gzip 6 (gateway)', (body) => gzipSync(body, { level: 6 })],
  ['gzip 1', (body) => gzipSync(body, { level: 1 })],
  ['brotli 4 (gateway)', brotli(4)],
  ['brotli 11 (brotli default)', brotli(11)],
];

async function main() {
  if (!process.env.TEST_DATABASE_URL)
    throw new Error('Set TEST_DATABASE_URL (PostgreSQL): the national set is too slow to seed into PGlite');
  // Partners on a loaded 2-core machine take longer than the interactive 5 s for the whole country.
  const federation = await startBiFederation({
    engine: 'postgres',
    scope: 'national',
    env: { GATEWAY_DEADLINE_MS: '120000', GATEWAY_SUBGRAPH_TIMEOUT_MS: '120000' },
  });
  try {
    const graphqlHeaders = { ...as(), 'content-type': 'application/json' };
    const answers: [string, (encoding?: string) => Promise<Awaited<ReturnType<typeof fetchEncoded>>>][] = [
      [
        'BI neighbourhood-indicators.json?year=2024',
        (encoding) =>
          fetchEncoded(`${federation.biUrl}/neighbourhood-indicators.json?year=2024`, {
            ...as(),
            ...(encoding ? { 'accept-encoding': encoding } : {}),
          }),
      ],
      [
        'GraphQL Indicators, first: 20000',
        (encoding) =>
          fetchEncoded(
            federation.graphqlUrl,
            { ...graphqlHeaders, ...(encoding ? { 'accept-encoding': encoding } : {}) },
            bulkBody(),
          ),
      ],
    ];
    // Every answer first: the compressors below block this process, which also runs the federation.
    const measured: { lines: string[]; plain: Buffer }[] = [];
    for (const [name, fetchAnswer] of answers) {
      const plain = await fetchAnswer();
      if (plain.status !== 200 || plain.headers['content-encoding'] || plain.wire.includes('"errors"')) {
        process.stdout.write(
          `${name}: not measured, the answer was ${plain.status} ${plain.wire.toString('utf8', 0, 300)}\n`,
        );
        continue;
      }
      const lines = [`${name}: ${plain.wire.length} bytes (${(plain.wire.length / MB).toFixed(2)} MiB) uncompressed`];
      for (const encoding of ['gzip', 'br']) {
        const answer = await fetchAnswer(encoding);
        if (answer.headers['content-encoding'] !== encoding)
          throw new Error(`${name}: asked for ${encoding}, got ${answer.headers['content-encoding']}`);
        if (answer.decoded.includes('"errors"'))
          throw new Error(`${name}: the ${encoding} answer has errors: ${answer.decoded.toString('utf8', 0, 300)}`);
        lines.push(
          `  over the wire, ${encoding}: ${answer.wire.length} bytes (${(answer.wire.length / MB).toFixed(2)} MiB), ${(answer.decoded.length / answer.wire.length).toFixed(1)}x smaller`,
        );
      }
      measured.push({ lines, plain: plain.wire });
    }
    for (const { lines, plain } of measured) {
      for (const [compressor, compress] of COMPRESSORS) {
        const { ms, bytes } = cpuMs(() => compress(plain));
        lines.push(
          `  ${compressor}: ${(bytes / MB).toFixed(2)} MiB (${(plain.length / bytes).toFixed(1)}x), ${Math.round(ms)} ms CPU`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  } finally {
    await federation.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);
