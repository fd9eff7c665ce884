import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import { groupLoader } from '@buurtgraaf/subgraph-kit/loaders';
import * as store from './store';

export function setup(db: Queryable) {
  const byArea = (row: store.SocialHousingRow) => row.areaCode;
  return () => ({
    socialHousingHistory: {
      neighbourhood: groupLoader((codes: readonly string[]) => store.socialHousingHistoryOf(db, codes), byArea),
      district: groupLoader(
        (codes: readonly string[]) => store.socialHousingTotalsHistoryOf(db, 'district', codes),
        byArea,
      ),
      municipality: groupLoader(
        (codes: readonly string[]) => store.socialHousingTotalsHistoryOf(db, 'municipality', codes),
        byArea,
      ),
    },
  });
}

export type HousingContext = ReturnType<ReturnType<typeof setup>>;
