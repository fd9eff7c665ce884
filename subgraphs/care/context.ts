import type { Database, Queryable } from '../kit/database';
import type { DisclosureRule } from '../kit/disclosure';
import { groupLoader } from '../kit/loaders';
import * as store from './store';

/** The provider's settings under its own prefix (CARE_STADSZORG_DISCLOSURE_THRESHOLD), validated by subgraph.ts. */
export type CareSettings = Record<string, number>;

export const ruleOf = (settings: CareSettings, prefix: string): DisclosureRule => ({
  threshold: settings[`${prefix}_DISCLOSURE_THRESHOLD`] ?? 10,
  roundTo: settings[`${prefix}_DISCLOSURE_ROUND_TO`] ?? 5,
});

/**
 * At start-up, before the first request: when the stored suppression flags were computed under
 * another rule (or never), recompute them under the configured one, so a stricter rule takes
 * effect at once.
 */
export async function prepare(db: Database, rule: DisclosureRule): Promise<void> {
  await db.transaction((tx) => store.applySuppressionRule(tx, rule));
}

export function setup(db: Queryable, rule: DisclosureRule) {
  return () => ({
    rule,
    careDemandHistory: groupLoader((codes: readonly string[]) => store.careDemandHistoryOf(db, codes), (row) => row.areaCode),
  });
}

export type CareContext = ReturnType<ReturnType<typeof setup>>;
