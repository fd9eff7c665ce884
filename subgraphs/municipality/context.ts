import type { AreaLevel } from '@buurtgraaf/protocol';
import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import { groupLoader, rowLoader, yearGuard } from '@buurtgraaf/subgraph-kit/loaders';
import * as store from './store';

export interface MunicipalitySettings {
  MUNICIPALITY_MAX_PAGE_SIZE: number;
}

/** Start-up: what lives as long as the process. Per request: fresh loaders. */
export function setup(db: Queryable, settings: MunicipalitySettings) {
  const assertYear = yearGuard(() => store.populationYears(db));
  return () => ({
    db,
    maxPageSize: settings.MUNICIPALITY_MAX_PAGE_SIZE,
    assertYear,
    areas: rowLoader(
      (codes: readonly string[]) => store.areasByCode(db, codes),
      (row) => row.code,
    ),
    districtsOf: groupLoader(
      (codes: readonly string[]) => store.childAreas(db, 'municipality_code', 'district', codes),
      (row) => row.municipalityCode ?? '',
    ),
    neighbourhoodsOfMunicipality: groupLoader(
      (codes: readonly string[]) => store.childAreas(db, 'municipality_code', 'neighbourhood', codes),
      (row) => row.municipalityCode ?? '',
    ),
    neighbourhoodsOfDistrict: groupLoader(
      (codes: readonly string[]) => store.childAreas(db, 'district_code', 'neighbourhood', codes),
      (row) => row.districtCode ?? '',
    ),
    population: rowLoader(
      (keys: readonly { code: string; year: number }[]) => store.populationOf(db, keys),
      (row) => `${row.areaCode}:${row.year}`,
      (key) => `${key.code}:${key.year}`,
    ),
    populationHistory: groupLoader(
      (codes: readonly string[]) => store.populationHistoryOf(db, codes),
      (row) => row.areaCode,
    ),
    facilityCounts: {
      neighbourhood: facilityCountLoader(db, 'neighbourhood'),
      district: facilityCountLoader(db, 'district'),
      municipality: facilityCountLoader(db, 'municipality'),
    },
    facilities: groupLoader(
      (codes: readonly string[]) => store.facilitiesIn(db, codes),
      (row) => row.neighbourhoodCode,
    ),
    vacantBuildings: groupLoader(
      (codes: readonly string[]) => store.vacantBuildingsIn(db, codes),
      (row) => row.neighbourhoodCode,
    ),
    vacantBuildingById: rowLoader(
      (ids: readonly string[]) => store.vacantBuildingsById(db, ids),
      (row) => row.id,
    ),
  });
}

const facilityCountLoader = (db: Queryable, level: AreaLevel) =>
  groupLoader(
    (codes: readonly string[]) => store.facilityCountsOf(db, level, codes),
    (row) => row.areaCode,
  );

export type MunicipalityContext = ReturnType<ReturnType<typeof setup>>;
