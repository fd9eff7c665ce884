import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import { CONTENDERS } from './contenders';
import { startBenchPartners } from './setup/federation';

/**
 * `npx tsx bench/series-export.ts [--year all] [--level all]`: the whole country's indicator series
 * exported as gzip CSV by our gateway (built, as deployed) over the benchmark's national partners on
 * PostgreSQL (seeded once, as for `npm run bench`). Prints the time to the first byte and to the
 * end, the rows per level, the bytes on the wire and decoded, whether the export says it is
 * complete, and the gateway's peak memory (VmHWM): issue 20's "streams in bounded memory and
 * arrives compressed", measured.
 */
const { values } = parseArgs({
  options: {
    year: { type: 'string', default: 'all' },
    level: { type: 'string', default: 'all' },
    'database-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    },
  },
});

async function main() {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
  process.env.BENCH_RUNTIME = 'dist';
  const partners = await startBenchPartners('national', values['database-url']);
  const federation = await partners.withMode('database');
  const ours = CONTENDERS.find((contender) => contender.name === 'buurtgraaf');
  const started = await ours!.start(federation);
  try {
    const url = new URL(started.target.url);
    url.pathname = '/bi/v1/indicator-series.csv';
    url.search = new URLSearchParams({ year: values.year ?? 'all', level: values.level ?? 'all' }).toString();
    const headers = {
      'x-api-key': federation.apiKey,
      'x-purpose': 'neighbourhood-planning',
      'accept-encoding': 'gzip',
    };
    const result = await download(url, headers);
    const memory = started.process?.peakRssMiB() ?? null;
    process.stdout.write(
      `${JSON.stringify({ url: `${url.pathname}${url.search}`, ...result, gatewayPeakRssMiB: memory && Math.round(memory) }, null, 2)}\n`,
    );
  } finally {
    await started.process?.stop();
    await federation.stop();
    await partners.stop();
  }
}

function download(url: URL, headers: Record<string, string>) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const begun = performance.now();
    request(url, { headers }, (response) => {
      let firstByteS: number | null = null;
      let wire = 0;
      let decoded = 0;
      let tail = '';
      const levels: Record<string, number> = {};
      response.on('data', (chunk: Buffer) => {
        firstByteS ??= (performance.now() - begun) / 1000;
        wire += chunk.length;
      });
      const gunzip = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      gunzip.on('data', (chunk: Buffer) => {
        decoded += chunk.length;
        const lines = (tail + chunk.toString('utf8')).split('\n');
        tail = lines.pop() ?? '';
        // The first column is the level; the header line counts as its own "level".
        for (const line of lines) {
          const level = line.split(/[,;]/)[0] ?? '';
          levels[level] = (levels[level] ?? 0) + 1;
        }
      });
      gunzip.on('error', reject);
      gunzip.on('end', () =>
        resolve({
          status: response.statusCode,
          encoding: response.headers['content-encoding'] ?? null,
          firstByteS: firstByteS && Number(firstByteS.toFixed(1)),
          totalS: Number(((performance.now() - begun) / 1000).toFixed(1)),
          rowsPerLevel: levels,
          wireMB: Number((wire / 1e6).toFixed(2)),
          decodedMB: Number((decoded / 1e6).toFixed(2)),
          complete: response.trailers['x-buurtgraaf-complete'] ?? null,
          rows: response.trailers['x-buurtgraaf-rows'] ?? null,
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
