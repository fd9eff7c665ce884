import type { Queryable } from '../kit/database';
import type { DisclosureRule } from '../kit/disclosure';
import { groupLoader, yearGuard } from '../kit/loaders';
import * as store from './store';

export interface CareSettings {
  CARE_DISCLOSURE_THRESHOLD: number;
  CARE_DISCLOSURE_ROUND_TO: number;
}

export function setup(db: Queryable, settings: CareSettings) {
  const assertYear = yearGuard(() => store.careYears(db));
  const rule: DisclosureRule = { threshold: settings.CARE_DISCLOSURE_THRESHOLD, roundTo: settings.CARE_DISCLOSURE_ROUND_TO };
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
