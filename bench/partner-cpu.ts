import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { listen } from '@buurtgraaf/platform';
import { floorHandler } from './peers/floor';
import { startBenchPartners } from './setup/federation';
import { bulkBody, checkBulk, checkProfile, profileBody } from './workloads';

/**
 * `npx tsx bench/partner-cpu.ts`: the partners' own CPU time per request of each workload, read
 * from /proc for each partner process (user + system), with the hand-written floor in this
 * process asking them (it adds nothing to their work). CPU time per request hardly depends on
 * what else the shared machine runs, unlike req/s; compare runs of two commits with it.
 * `--bulk 3 --profile 2000`: how many of each. BENCH_CPU_PROFILE=care-stadszorg,... adds V8
 * profiles of those partners (bench/setup/processes.ts).
 */
const { values } = parseArgs({
  options: {
    bulk: { type: 'string', default: '3' },
    profile: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '16' },
    'database-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    },
  },
});

const TICKS_PER_SECOND = 100;
function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), after the command name in parentheses.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main() {
  const partners = await startBenchPartners('national', values['database-url']);
  const federation = await partners.withMode('database');
  const floor = await listen(floorHandler(federation.partners), 0);
  const url = `${floor.url}/graphql`;
  const snapshot = () => Object.fromEntries(Object.entries(partners.pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const report = (label: string, before: Record<string, number>, count: number, wallMs: number) => {
    const after = snapshot();
    const per = Object.keys(after).map((name) => [name, ((after[name] ?? 0) - (before[name] ?? 0)) / count] as const);
    const total = per.reduce((sum, [, ms]) => sum + ms, 0);
    process.stdout.write(
      `${label}: ${count} requests in ${(wallMs / 1000).toFixed(1)} s; partner CPU ms per request: ${per
        .map(([name, ms]) => `${name} ${ms.toFixed(label === 'bulk' ? 0 : 2)}`)
        .join(', ')}; all ${total.toFixed(label === 'bulk' ? 0 : 2)}\n`,
    );
  };
  try {
    const bulkRuns = Number(values.bulk);
    if (bulkRuns > 0) {
      const check = checkBulk(await post(url, bulkBody()), partners.codes.length);
      if (check) throw new Error(`bulk: ${check}`);
      const before = snapshot();
      const started = performance.now();
      for (let i = 0; i < bulkRuns; i += 1) await post(url, bulkBody());
      report('bulk', before, bulkRuns, performance.now() - started);
    }
    const profiles = Number(values.profile);
    if (profiles > 0) {
      const codes = partners.codes;
      const pick = () => codes[Math.floor(Math.random() * codes.length)] ?? '';
      // Warm-up, then the measured requests, each answer checked.
      const drive = async (count: number) => {
        let next = 0;
        const worker = async () => {
          while (next < count) {
            next += 1;
            const code = pick();
            const problem = checkProfile(await post(url, profileBody(code)), code);
            if (problem) throw new Error(`profile ${code}: ${problem}`);
          }
        };
        await Promise.all(Array.from({ length: Number(values.connections) }, worker));
      };
      await drive(Math.min(200, profiles));
      const before = snapshot();
      const started = performance.now();
      await drive(profiles);
      report('profile', before, profiles, performance.now() - started);
    }
  } finally {
    await floor.close(1_000);
    await federation.stop();
    await partners.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
