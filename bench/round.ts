import type { Contender } from './contenders';

type Started = Awaited<ReturnType<Contender['start']>>;
import { askEach, bulkRequest, profileLoad, type LoadOptions, type ProfileResult } from './load';
import { criticalPathMs, partnerSeconds } from './partner-time';
import type { BenchFederation } from './setup/federation';

export interface BulkResult {
  medianMs: number;
  bytes: number;
  encoding: string | null;
  peakRssMiB: number | null;
  /** Time spent waiting on partners per request (ours: its metrics; floor: its Server-Timing). */
  partnerMs: number | null;
}

/** The whole-country insights pull, timed like bulk in the same process after it. */
export interface InsightsResult {
  medianMs: number;
  bytes: number;
}

export type Workload = 'profile' | 'bulk' | 'insights';

export interface RoundOptions extends LoadOptions {
  warmupS: number;
  bulkRuns: number;
  /** Smoke: every contender started at once, one process for both workloads, to save start-ups. */
  shareProcess: boolean;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** One contender, one round: a fresh process for each workload, so peak memory is the bulk's own. */
export async function runContender(
  contender: Contender,
  federation: BenchFederation,
  options: RoundOptions,
  workloads: Workload[],
  started?: Started,
) {
  let running = started ?? (await contender.start(federation));
  let profile: ProfileResult | null = null;
  let bulk: BulkResult | null = null;
  let insights: InsightsResult | null = null;
  try {
    if (workloads.includes('profile')) {
      const codes = federation.profileCodes;
      if (federation.mode === 'cached') await askEach(running.target, codes);
      if (options.warmupS > 0) await profileLoad(running.target, codes, { ...options, durationS: options.warmupS });
      profile = await profileLoad(running.target, codes, options);
      if (!options.shareProcess && workloads.includes('bulk')) {
        await running.process?.stop();
        running = await contender.start(federation);
      }
    }
    if (workloads.includes('bulk')) {
      const expected = federation.codes.length;
      await bulkRequest(running.target, expected);
      const isOurs = contender.name === 'buurtgraaf';
      const before = isOurs ? await partnerSeconds(running.target.url) : {};
      const runs = [];
      for (let i = 0; i < options.bulkRuns; i += 1) runs.push(await bulkRequest(running.target, expected));
      const after = isOurs ? await partnerSeconds(running.target.url) : {};
      const timings = runs.map((run) => run.timing).filter((timing): timing is string => timing !== null);
      const fromTiming = timings.length
        ? median(timings.map((t) => [...t.matchAll(/dur=([0-9.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0)))
        : null;
      bulk = {
        medianMs: median(runs.map((run) => run.ms)),
        bytes: runs[0]?.bytes ?? 0,
        encoding: runs[0]?.encoding ?? null,
        peakRssMiB: running.process?.peakRssMiB() ?? null,
        partnerMs: isOurs ? criticalPathMs(before, after, runs.length) : fromTiming,
      };
    }
    if (workloads.includes('insights') && running.target.insights) {
      const expected = federation.codes.length;
      await bulkRequest(running.target, expected, 'insights');
      const runs = [];
      for (let i = 0; i < options.bulkRuns; i += 1) runs.push(await bulkRequest(running.target, expected, 'insights'));
      insights = { medianMs: median(runs.map((run) => run.ms)), bytes: runs[0]?.bytes ?? 0 };
    }
  } finally {
    await running.process?.stop();
  }
  return { profile, bulk, insights };
}
