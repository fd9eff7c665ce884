import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { listen } from '@buurtgraaf/platform';
import { floorHandler } from './peers/floor';
import { startBenchPartners } from './setup/federation';
import { CONTENDERS } from './contenders';
import { bulkBody, checkBulk, checkInsights, checkProfile, insightsBody, profileBody } from './workloads';

/**
 * `npx tsx bench/partner-cpu.ts`: the partners' own CPU time per request of each workload, read
 * from /proc for each partner process (user + system), with the hand-written floor in this
 * process asking them (it adds nothing to their work). CPU time per request hardly depends on
 * what else the shared machine runs, unlike req/s; compare runs of two commits with it.
 * `--bulk 3 --profile 2000 --insights 0`: how many of each (insights needs `--via`: the floor has no
 * insights). BENCH_CPU_PROFILE=care-stadszorg,... adds V8
 * profiles of those partners (bench/setup/processes.ts). `--via buurtgraaf` (or another
 * contender's name) asks through that gateway, in a process of its own, instead of the floor, and
 * adds the gateway's own CPU: what a gateway makes its partners do, side by side with the floor.
 */
const { values } = parseArgs({
  options: {
    bulk: { type: 'string', default: '3' },
    insights: { type: 'string', default: '0' },
    profile: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '16' },
    via: { type: 'string', default: 'floor' },
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

function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
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
  const contender = values.via === 'floor' ? null : CONTENDERS.find((candidate) => candidate.name === values.via);
  if (contender === undefined) throw new Error(`--via: no contender ${values.via}`);
  const floor = contender ? null : await listen(floorHandler(federation.partners), 0);
  const gateway = contender ? await contender.start(federation) : null;
  const url = gateway ? gateway.target.url : `${floor!.url}/graphql`;
  const headers = (code?: string) => gateway?.target.request(code).headers ?? { 'content-type': 'application/json' };
  const pids = { ...partners.pids, ...(gateway?.process ? { [`gateway ${values.via}`]: gateway.process.pid } : {}) };
  const snapshot = () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const report = (label: string, before: Record<string, number>, count: number, wallMs: number) => {
    const after = snapshot();
    const per = Object.keys(after).map((name) => [name, ((after[name] ?? 0) - (before[name] ?? 0)) / count] as const);
    const total = per.reduce((sum, [, ms]) => sum + ms, 0);
    process.stdout.write(
      `${label}: ${count} requests in ${(wallMs / 1000).toFixed(1)} s; partner CPU ms per request: ${per
        .map(([name, ms]) => `${name} ${ms.toFixed(label === 'profile' ? 2 : 0)}`)
        .join(', ')}; all ${total.toFixed(label === 'profile' ? 2 : 0)}\n`,
    );
  };
  try {
    const bulkRuns = Number(values.bulk);
    if (bulkRuns > 0) {
      const check = checkBulk(await post(url, bulkBody(), headers()), partners.codes.length);
      if (check) throw new Error(`bulk: ${check}`);
      const before = snapshot();
      const started = performance.now();
      for (let i = 0; i < bulkRuns; i += 1) await post(url, bulkBody(), headers());
      report('bulk', before, bulkRuns, performance.now() - started);
    }
    const insightsRuns = Number(values.insights);
    if (insightsRuns > 0) {
      if (!gateway) throw new Error('--insights needs --via: the floor does not compute insights');
      const check = checkInsights(await post(url, insightsBody(), headers()), partners.codes.length);
      if (check) throw new Error(`insights: ${check}`);
      const before = snapshot();
      const started = performance.now();
      for (let i = 0; i < insightsRuns; i += 1) await post(url, insightsBody(), headers());
      report('insights', before, insightsRuns, performance.now() - started);
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
            const problem = checkProfile(await post(url, profileBody(code), headers(code)), code);
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
    await floor?.close(1_000);
    await gateway?.process?.stop();
    await federation.stop();
    await partners.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
