import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import { groupLoader, rowLoader } from '@buurtgraaf/subgraph-kit/loaders';
import type DataLoader from 'dataloader';
import * as store from './store';

export type Level = store.Level;

const historyOf = (db: Queryable, level: Level, years: readonly number[] | null) => (codes: readonly string[]) =>
  level === 'neighbourhood'
    ? store.socialHousingHistoryOf(db, codes, years)
    : store.socialHousingTotalsHistoryOf(db, level, codes, years);

export function setup(db: Queryable) {
  const byArea = (row: { areaCode: string }) => row.areaCode;
  return () => {
    // One loader per level and list of years, so that each stays one statement for the whole
    // batch: the gateway sends every entity of a request the same list.
    const histories = new Map<string, DataLoader<string, store.SocialHousingRow[], string>>();
    const areaYears = new Map<Level, DataLoader<string, { areaCode: string; years: number[] } | null, string>>();
    return {
      /** An area's figures of the years asked for (every year with null), oldest year first. */
      socialHousingHistory: (level: Level, years: readonly number[] | null) => {
        const key = `${level}:${years ? [...new Set(years)].sort((a, b) => a - b).join(',') : '*'}`;
        let loader = histories.get(key);
        if (!loader) histories.set(key, (loader = groupLoader(historyOf(db, level, years), byArea)));
        return loader;
      },
      /** Every year an area has figures for, whichever years were asked: read apart only when some years were asked. */
      areaYears: (level: Level) => {
        let loader = areaYears.get(level);
        if (!loader)
          areaYears.set(level, (loader = rowLoader((codes) => store.socialHousingYearsOf(db, level, codes), byArea)));
        return loader;
      },
    };
  };
}

export type HousingContext = ReturnType<ReturnType<typeof setup>>;
