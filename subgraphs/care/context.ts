import type { Database, Queryable } from '@buurtgraaf/subgraph-kit/database';
import type { DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';
import { groupLoader, perYears, rowLoader } from '@buurtgraaf/subgraph-kit/loaders';
import { releasableCells } from './releases';
import type { SecureSumSetup } from './share';
import * as store from './store';

/** The provider's settings under its own prefix (CARE_STADSZORG_DISCLOSURE_THRESHOLD), validated by subgraph.ts. */
export type CareSettings = Record<string, number | string | undefined>;

export const ruleOf = (settings: CareSettings, prefix: string): DisclosureRule => ({
  threshold: Number(settings[`${prefix}_DISCLOSURE_THRESHOLD`] ?? 10),
  roundTo: Number(settings[`${prefix}_DISCLOSURE_ROUND_TO`] ?? 5),
});

/**
 * At start-up, before the first request: when the stored suppression flags were computed under
 * another rule (or never), recompute them under the configured one, so a stricter rule takes
 * effect at once.
 */
export async function prepare(db: Database, rule: DisclosureRule): Promise<void> {
  await db.transaction((tx) => store.applySuppressionRule(tx, rule));
}

export function setup(db: Queryable, rule: DisclosureRule, secureSum: SecureSumSetup | null = null) {
  // Which suppressed cells go into the secure sum (./releases.ts): worked out over the whole table
  // and kept until the table is recomputed (care_disclosure_rule.computed_at changes with every refresh).
  let released: { version: string; cells: Promise<Set<string>> } | null = null;
  const releasable = async (): Promise<Set<string>> => {
    const [row] = await db.query<{ version: string }>('select computed_at::text as version from care_disclosure_rule');
    const version = row?.version ?? '';
    if (!released || released.version !== version) released = { version, cells: releasableCells(db, secureSum!, rule) };
    return released.cells;
  };
  return () => {
    let years: Promise<number[]> | null = null;
    let releasedNow: Promise<Set<string>> | null = null;
    return {
      rule,
      secureSum,
      /** An area's rows of the years asked for (every year with null), oldest year first. */
      careDemandHistory: perYears((asked) =>
        groupLoader(
          (codes: readonly string[]) => store.careDemandHistoryOf(db, codes, asked),
          (row) => row.areaCode,
          String,
          store.byYearAndGroup,
        ),
      ),
      /** Every year an area has rows for, whichever years were asked: read apart only when some years were asked. */
      areaYears: rowLoader(
        (codes: readonly string[]) => store.careYearsOfAreas(db, codes),
        (row) => row.areaCode,
      ),
      /** Every year the provider has figures for; read once per request, and only for an area without rows. */
      years: () => (years ??= store.careYears(db)),
      /** Once per request: every area of a whole-country pull asks. */
      releasable: () => (releasedNow ??= releasable()),
    };
  };
}

export type CareContext = ReturnType<ReturnType<typeof setup>>;
