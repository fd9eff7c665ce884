import type { Queryable } from '../kit/database';
import { groupLoader, rowLoader, yearGuard } from '../kit/loaders';
import * as store from './store';

const areaYearKey = (key: store.AreaYear) => `${key.code}:${key.year}`;
const rowKey = (row: store.SocialHousingRow) => `${row.areaCode}:${row.year}`;

export function setup(db: Queryable) {
  const assertYear = yearGuard(() => store.housingYears(db));
  const levelLoader = (level: 'neighbourhood' | 'district' | 'municipality') =>
    rowLoader((keys: readonly store.AreaYear[]) => store.socialHousingOf(db, level, keys), rowKey, areaYearKey);
  return () => ({
    assertYear,
    socialHousing: {
      neighbourhood: levelLoader('neighbourhood'),
      district: levelLoader('district'),
      municipality: levelLoader('municipality'),
    },
    socialHousingHistory: {
      neighbourhood: groupLoader((codes: readonly string[]) => store.socialHousingHistoryOf(db, codes), (row) => row.areaCode),
      district: groupLoader((codes: readonly string[]) => store.socialHousingTotalsHistoryOf(db, 'district', codes), (row) => row.areaCode),
      municipality: groupLoader((codes: readonly string[]) => store.socialHousingTotalsHistoryOf(db, 'municipality', codes), (row) => row.areaCode),
    },
  });
}

export type HousingContext = ReturnType<ReturnType<typeof setup>>;
