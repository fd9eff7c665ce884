/**
 * How long our gateway waited on partners, from its own Prometheus histogram: the sum of
 * buurtgraaf_partner_fetch_duration_seconds per partner, read before and after a workload.
 */
export async function partnerSeconds(graphqlUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const sums: Record<string, number> = {};
  for (const match of text.matchAll(/^buurtgraaf_partner_fetch_duration_seconds_sum\{[^}]*partner="([^"]+)"[^}]*\} ([0-9.e+-]+)$/gm)) {
    sums[match[1] ?? ''] = Number(match[2]);
  }
  return sums;
}

/** The partners' part of the critical path: the root fetch, then the slower of the two entity fetches. */
export function criticalPathMs(before: Record<string, number>, after: Record<string, number>, requests: number): number {
  const spent = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000 / requests;
  return spent('municipality') + Math.max(spent('housing'), spent('care'));
}
