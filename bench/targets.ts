import type { EntityBatchCheck } from './checks/entity-statements';
import type { ProfileResult } from './load';
import type { BulkResult, InsightsResult } from './round';
import type { SubgraphMode } from './setup/federation';

export interface ContenderResult {
  name: string;
  label: string;
  profile: ProfileResult | null;
  bulk: BulkResult | null;
  insights: InsightsResult | null;
}

export interface Target {
  target: string;
  met: boolean;
  detail: string;
}

const NODE_PEERS = ['hive', 'hive-router', 'apollo'];
const fmt = (n: number, digits = 0) => n.toFixed(digits);

/** Issue 19's figures: what "fast enough" means, per partner mode. */
export const GOALS = {
  database: { profileVsBestPeer: 1.5, bulkMs: 600 },
  cached: { profileVsFloor: 0.5, bulkVsFloor: 1.3 },
  bulkPeakRssMiB: 200,
  insightsMs: 3000,
} as const;

/** The issue's targets, judged on one partner mode's medians. */
export function judgeTargets(
  mode: SubgraphMode,
  results: ContenderResult[],
  entityBatches: EntityBatchCheck[] | null,
): Target[] {
  const byName = new Map(results.map((result) => [result.name, result]));
  const ours = byName.get('buurtgraaf');
  const floor = byName.get('floor');
  const peers = NODE_PEERS.map((name) => byName.get(name)).filter((peer): peer is ContenderResult => Boolean(peer));
  const targets: Target[] = [];
  const bestPeer = [...peers]
    .filter((peer) => peer.profile)
    .sort((a, b) => (b.profile?.rps ?? 0) - (a.profile?.rps ?? 0))[0];
  if (mode === 'database' && ours?.profile && bestPeer?.profile) {
    const ratio = ours.profile.rps / bestPeer.profile.rps;
    targets.push({
      target: `profile rps >= ${GOALS.database.profileVsBestPeer}x best peer`,
      met: ratio >= GOALS.database.profileVsBestPeer,
      detail: `${fmt(ours.profile.rps)} vs ${fmt(bestPeer.profile.rps)} (${bestPeer.name}): ${fmt(ratio, 2)}x`,
    });
    targets.push({
      target: 'profile p99 no worse than that peer',
      met: ours.profile.p99 <= bestPeer.profile.p99,
      detail: `${ours.profile.p99} ms vs ${bestPeer.profile.p99} ms`,
    });
  }
  if (mode === 'cached' && ours?.profile && floor?.profile) {
    const ratio = ours.profile.rps / floor.profile.rps;
    targets.push({
      target: `profile rps >= ${GOALS.cached.profileVsFloor}x hand-written floor`,
      met: ratio >= GOALS.cached.profileVsFloor,
      detail: `${fmt(ours.profile.rps)} vs ${fmt(floor.profile.rps)}: ${fmt(ratio, 2)}x`,
    });
  }
  if (mode === 'database' && ours?.bulk) {
    targets.push({
      target: `bulk median <= ${GOALS.database.bulkMs} ms`,
      met: ours.bulk.medianMs <= GOALS.database.bulkMs,
      detail: `${fmt(ours.bulk.medianMs)} ms${floor?.bulk ? ` (floor ${fmt(floor.bulk.medianMs)} ms)` : ''}`,
    });
  }
  if (mode === 'cached' && ours?.bulk && floor?.bulk) {
    const ratio = ours.bulk.medianMs / floor.bulk.medianMs;
    targets.push({
      target: `bulk median <= ${GOALS.cached.bulkVsFloor}x hand-written floor`,
      met: ratio <= GOALS.cached.bulkVsFloor,
      detail: `${fmt(ours.bulk.medianMs)} ms vs ${fmt(floor.bulk.medianMs)} ms: ${fmt(ratio, 2)}x`,
    });
  }
  if (ours?.bulk?.peakRssMiB) {
    targets.push({
      target: `bulk peak RSS <= ${GOALS.bulkPeakRssMiB} MiB`,
      met: ours.bulk.peakRssMiB <= GOALS.bulkPeakRssMiB,
      detail: `${fmt(ours.bulk.peakRssMiB)} MiB`,
    });
  }
  if (mode === 'database' && ours?.insights) {
    targets.push({
      target: `whole-country insights pull < ${GOALS.insightsMs / 1000} s`,
      met: ours.insights.medianMs < GOALS.insightsMs,
      detail: `${fmt(ours.insights.medianMs)} ms, ${fmt(ours.insights.bytes / 1e6, 1)} MB`,
    });
  }
  if (entityBatches) {
    const detail = entityBatches
      .map(
        (check) =>
          `${check.partner}: ${check.statements} statement(s) for ${check.entities} entities in ${fmt(check.ms)} ms`,
      )
      .join('; ');
    targets.push({
      target: 'an _entities batch of every neighbourhood is one SQL statement',
      met: entityBatches.every((check) => check.statements === 1),
      detail,
    });
  }
  if (ours?.bulk?.partnerMs != null) {
    const share = ours.bulk.partnerMs / ours.bulk.medianMs;
    targets.push({
      target: "subgraphs' share of the bulk time reported",
      met: true,
      detail: `${fmt(ours.bulk.partnerMs)} of ${fmt(ours.bulk.medianMs)} ms (${fmt(share * 100)}%) waiting on partners`,
    });
  }
  return targets;
}
