import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import { groupLoader, perYears, rowLoader } from '@buurtgraaf/subgraph-kit/loaders';
import * as store from './store';

export type Level = store.Level;

const historyOf = (db: Queryable, level: Level, years: readonly number[] | null) => (codes: readonly string[]) =>
  level === 'neighbourhood'
    ? store.socialHousingHistoryOf(db, codes, years)
    : store.socialHousingTotalsHistoryOf(db, level, codes, years);

const perLevel = <T>(make: (level: Level) => T): Record<Level, T> => ({
  neighbourhood: make('neighbourhood'),
  district: make('district'),
  municipality: make('municipality'),
});

export function setup(db: Queryable) {
  const byArea = (row: { areaCode: string }) => row.areaCode;
  return () => ({
    /** An area's figures of the years asked for (every year with null), oldest year first. */
    socialHousingHistory: perLevel((level) => perYears((years) => groupLoader(historyOf(db, level, years), byArea))),
    /** Every year an area has figures for, whichever years were asked: read apart only when some years were asked. */
    areaYears: perLevel((level) =>
      rowLoader((codes: readonly string[]) => store.socialHousingYearsOf(db, level, codes), byArea),
    ),
  });
}

export type HousingContext = ReturnType<ReturnType<typeof setup>>;
