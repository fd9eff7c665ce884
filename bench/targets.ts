import type { EntityBatchCheck } from './checks/entity-statements';
import type { ProfileResult } from './load';
import type { BulkResult } from './round';

export interface ContenderResult {
  name: string;
  label: string;
  profile: ProfileResult | null;
  bulk: BulkResult | null;
}

export interface Target {
  target: string;
  met: boolean;
  detail: string;
}

const NODE_PEERS = ['hive', 'hive-router', 'apollo'];
const fmt = (n: number, digits = 0) => n.toFixed(digits);

/** The targets, judged on one subgraph mode's medians. */
export function judgeTargets(results: ContenderResult[], entityBatches: EntityBatchCheck[] | null): Target[] {
  const byName = new Map(results.map((result) => [result.name, result]));
  const ours = byName.get('buurtgraaf');
  const peers = NODE_PEERS.map((name) => byName.get(name)).filter((peer): peer is ContenderResult => Boolean(peer));
  const targets: Target[] = [];
  const bestPeer = [...peers]
    .filter((peer) => peer.profile)
    .sort((a, b) => (b.profile?.rps ?? 0) - (a.profile?.rps ?? 0))[0];
  if (ours?.profile && bestPeer?.profile) {
    const ratio = ours.profile.rps / bestPeer.profile.rps;
    targets.push({
      target: 'profile rps >= 1.3x best Node peer',
      met: ratio >= 1.3,
      detail: `${fmt(ours.profile.rps)} vs ${fmt(bestPeer.profile.rps)} (${bestPeer.name}): ${fmt(ratio, 2)}x`,
    });
    targets.push({
      target: 'profile p99 no worse than that peer',
      met: ours.profile.p99 <= bestPeer.profile.p99,
      detail: `${ours.profile.p99} ms vs ${bestPeer.profile.p99} ms`,
    });
  }
  const floor = byName.get('floor');
  if (ours?.bulk && floor?.bulk) {
    const ratio = ours.bulk.medianMs / floor.bulk.medianMs;
    targets.push({
      target: 'bulk median <= 2x hand-written floor',
      met: ratio <= 2,
      detail: `${fmt(ours.bulk.medianMs)} ms vs ${fmt(floor.bulk.medianMs)} ms: ${fmt(ratio, 2)}x`,
    });
    const slowestBeaten = peers
      .filter((peer) => peer.bulk)
      .every((peer) => (ours.bulk?.medianMs ?? Infinity) < (peer.bulk?.medianMs ?? 0));
    const fastest = peers
      .filter((peer) => peer.bulk)
      .map((peer) => `${peer.name} ${fmt(peer.bulk?.medianMs ?? 0)} ms`)
      .join(', ');
    targets.push({
      target: 'bulk median below every peer',
      met: slowestBeaten,
      detail: `ours ${fmt(ours.bulk.medianMs)} ms; ${fastest}`,
    });
  }
  const hive = byName.get('hive');
  if (ours?.bulk?.peakRssMiB && hive?.bulk?.peakRssMiB) {
    targets.push({
      target: "bulk peak RSS <= Hive gateway's",
      met: ours.bulk.peakRssMiB <= hive.bulk.peakRssMiB,
      detail: `${fmt(ours.bulk.peakRssMiB)} MiB vs ${fmt(hive.bulk.peakRssMiB)} MiB`,
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
