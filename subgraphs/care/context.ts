import type { Database, Queryable } from '../kit/database';
import type { DisclosureRule } from '../kit/disclosure';
import { groupLoader, yearGuard } from '../kit/loaders';
import * as store from './store';

export interface CareSettings {
  CARE_DISCLOSURE_THRESHOLD: number;
  CARE_DISCLOSURE_ROUND_TO: number;
}

const ruleOf = (settings: CareSettings): DisclosureRule => ({
  threshold: settings.CARE_DISCLOSURE_THRESHOLD,
  roundTo: settings.CARE_DISCLOSURE_ROUND_TO,
});

/**
 * At start-up, before the first request: when the stored suppression flags were computed under
 * another rule (or never), recompute them under the configured one, so a stricter rule takes
 * effect at once.
 */
export async function prepare(db: Database, settings: CareSettings): Promise<void> {
  await db.transaction((tx) => store.applySuppressionRule(tx, ruleOf(settings)));
}

export function setup(db: Queryable, settings: CareSettings) {
  const assertYear = yearGuard(() => store.careYears(db));
  const rule = ruleOf(settings);
  return () => ({
    assertYear,
    rule,
    careDemand: groupLoader(
      (keys: readonly { code: string; year: number }[]) => store.careDemandOf(db, keys),
      (row) => `${row.areaCode}:${row.year}`,
      (key) => `${key.code}:${key.year}`,
    ),
    careDemandHistory: groupLoader((codes: readonly string[]) => store.careDemandHistoryOf(db, codes), (row) => row.areaCode),
  });
}

export type CareContext = ReturnType<ReturnType<typeof setup>>;
