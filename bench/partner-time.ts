import { partnersOfKind } from '../schema/subgraphs';

/**
 * How long our gateway waited on partners, from its own Prometheus histogram: the sum of
 * buurtgraaf_partner_fetch_duration_seconds per partner, read before and after a workload.
 */
export async function partnerSeconds(graphqlUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const sums: Record<string, number> = {};
  for (const match of text.matchAll(
    /^buurtgraaf_partner_fetch_duration_seconds_sum\{[^}]*partner="([^"]+)"[^}]*\} ([0-9.e+-]+)$/gm,
  )) {
    // One series per outcome (ok, error): the time spent waiting is all of them.
    sums[match[1] ?? ''] = (sums[match[1] ?? ''] ?? 0) + Number(match[2]);
  }
  return sums;
}

/**
 * The partners' part of the critical path: the root fetch, then the slowest of the corporations'
 * and care providers' fetches (made in parallel), then the combining subgraph's fetch that needs
 * all of them. Partners are named by their id in schema/partners.json, as the metric labels them.
 */
export function criticalPathMs(
  before: Record<string, number>,
  after: Record<string, number>,
  requests: number,
): number {
  const spent = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / requests;
  const total = (kind: string) => partnersOfKind(kind).reduce((sum, entry) => sum + spent(entry.name), 0);
  const contributors = [...partnersOfKind('housing'), ...partnersOfKind('care')].map((entry) => spent(entry.name));
  return total('municipality') + Math.max(0, ...contributors) + total('combiner');
}
