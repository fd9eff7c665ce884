import { checkEntityBatches, type EntityBatchCheck } from './checks/entity-statements';
import { CONTENDERS, type Contender } from './contenders';
import type { ProfileResult } from './load';
import { median, runContender, type BulkResult, type InsightsResult, type RoundOptions, type Workload } from './round';
import { ensureNationalDatabases } from './setup/databases';
import {
  startBenchPartners,
  type BenchFederation,
  type DataSet,
  type SeededStore,
  type SubgraphMode,
} from './setup/federation';
import { judgeTargets, type ContenderResult, type Target } from './targets';

export interface BenchmarkOptions extends RoundOptions {
  data: DataSet;
  modes: SubgraphMode[];
  rounds: number;
  contenders: string[];
  workloads: Workload[];
  adminUrl?: string;
  /** The demo partners' databases seeded already (tests/bench: the run's copies); the rest seed their own. */
  seeded?: Partial<Record<string, SeededStore>>;
  log(line: string): void;
}

export interface ModeResult {
  mode: SubgraphMode;
  neighbourhoods: number;
  contenders: ContenderResult[];
  targets: Target[];
}

export interface BenchmarkResult {
  options: Omit<BenchmarkOptions, 'log' | 'adminUrl' | 'seeded'>;
  modes: ModeResult[];
  entityBatches: EntityBatchCheck[] | null;
  /** How our gateway and the partners ran: the built JavaScript, or TypeScript through tsx. */
  runtime: 'dist' | 'tsx';
}

const aggregateProfile = (runs: ProfileResult[]): ProfileResult | null =>
  runs.length === 0
    ? null
    : {
        rps: median(runs.map((run) => run.rps)),
        p50: median(runs.map((run) => run.p50)),
        p99: median(runs.map((run) => run.p99)),
        valid: runs.reduce((sum, run) => sum + run.valid, 0),
        invalid: runs.reduce((sum, run) => sum + run.invalid, 0),
        firstError: runs.find((run) => run.firstError)?.firstError ?? null,
      };

const aggregateBulk = (runs: BulkResult[]): BulkResult | null => {
  const first = runs[0];
  if (!first) return null;
  const rss = runs.map((run) => run.peakRssMiB).filter((value): value is number => value !== null);
  const partner = runs.map((run) => run.partnerMs).filter((value): value is number => value !== null);
  return {
    medianMs: median(runs.map((run) => run.medianMs)),
    bytes: first.bytes,
    encoding: first.encoding,
    peakRssMiB: rss.length ? median(rss) : null,
    partnerMs: partner.length ? median(partner) : null,
  };
};

const aggregateInsights = (runs: InsightsResult[]): InsightsResult | null =>
  runs[0] ? { medianMs: median(runs.map((run) => run.medianMs)), bytes: runs[0].bytes } : null;

/** One partner mode: every contender, round after round, then the medians and the targets. */
async function runMode(
  federation: BenchFederation,
  mode: SubgraphMode,
  contenders: Contender[],
  options: BenchmarkOptions,
  entityBatches: EntityBatchCheck[] | null,
): Promise<ModeResult> {
  const profiles = new Map<string, ProfileResult[]>();
  const bulks = new Map<string, BulkResult[]>();
  const pulls = new Map<string, InsightsResult[]>();
  for (let round = 0; round < options.rounds; round += 1) {
    // Forward, then backward: no contender always runs on a warmer or cooler machine.
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    const started = options.shareProcess
      ? await Promise.all(order.map((contender) => contender.start(federation)))
      : [];
    for (const [index, contender] of order.entries()) {
      const { profile, bulk, insights } = await runContender(
        contender,
        federation,
        options,
        options.workloads,
        started[index],
      );
      if (profile) profiles.set(contender.name, [...(profiles.get(contender.name) ?? []), profile]);
      if (bulk) bulks.set(contender.name, [...(bulks.get(contender.name) ?? []), bulk]);
      if (insights) pulls.set(contender.name, [...(pulls.get(contender.name) ?? []), insights]);
      const said = [
        profile &&
          `${profile.rps.toFixed(0)} req/s, p99 ${profile.p99} ms${profile.invalid ? `, INVALID ${profile.invalid}: ${profile.firstError}` : ''}`,
        bulk && `bulk ${bulk.medianMs.toFixed(0)} ms, ${bulk.peakRssMiB?.toFixed(0) ?? '-'} MiB`,
        insights && `insights ${insights.medianMs.toFixed(0)} ms`,
      ];
      options.log(`[${mode} ${round + 1}/${options.rounds}] ${contender.name}: ${said.filter(Boolean).join('; ')}`);
    }
  }
  const results: ContenderResult[] = contenders.map((contender) => ({
    name: contender.name,
    label: contender.label,
    profile: aggregateProfile(profiles.get(contender.name) ?? []),
    bulk: aggregateBulk(bulks.get(contender.name) ?? []),
    insights: aggregateInsights(pulls.get(contender.name) ?? []),
  }));
  return {
    mode,
    neighbourhoods: federation.codes.length,
    contenders: results,
    targets: judgeTargets(mode, results, entityBatches),
  };
}

/** Every contender against the same partners, per mode; medians of rounds. */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkResult> {
  const contenders = CONTENDERS.filter((contender) => options.contenders.includes(contender.name));
  options.log(`starting the partners (${options.data})`);
  const partners = await startBenchPartners(options.data, options.adminUrl, options.seeded);
  const modes: ModeResult[] = [];
  let entityBatches: EntityBatchCheck[] | null = null;
  try {
    if (options.data === 'national' && options.workloads.includes('bulk')) {
      const databases = await ensureNationalDatabases(options.adminUrl ?? 'postgres://root@127.0.0.1:5432/postgres');
      entityBatches = await checkEntityBatches(databases, partners.codes);
    }
    for (const mode of options.modes) {
      const federation = await partners.withMode(mode);
      try {
        modes.push(await runMode(federation, mode, contenders, options, mode === 'database' ? entityBatches : null));
      } finally {
        await federation.stop();
      }
    }
  } finally {
    await partners.stop();
  }
  const { log: _log, adminUrl: _adminUrl, seeded: _seeded, ...shown } = options;
  return { options: shown, modes, entityBatches, runtime: process.env.BENCH_RUNTIME === 'dist' ? 'dist' : 'tsx' };
}
