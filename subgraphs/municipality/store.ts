import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import type { AreaLevel } from '@buurtgraaf/protocol';
import { yearRange } from '@buurtgraaf/subgraph-kit/tables';

// All SQL of the municipality partner. Every batch lookup is one statement with = ANY($1).

export interface AreaRow {
  code: string;
  level: AreaLevel;
  name: string;
  districtCode: string | null;
  municipalityCode: string | null;
}

export interface PopulationRow {
  areaCode: string;
  year: number;
  total: number | null;
  age0to14: number | null;
  age15to24: number | null;
  age25to44: number | null;
  age45to64: number | null;
  age65Plus: number | null;
  households: number | null;
  singlePersonHouseholds: number | null;
  source: string;
}

export interface FacilityRow {
  id: string;
  neighbourhoodCode: string;
  name: string;
  kind: string;
  source: string;
}

export interface VacantBuildingRow {
  id: string;
  neighbourhoodCode: string;
  address: string;
  floorArea: number;
  formerUse: string;
  vacantSince: string;
  source: string;
}

const AREA = `code, level, name, district_code as "districtCode", municipality_code as "municipalityCode"`;

export const areasByCode = (db: Queryable, codes: readonly string[]) =>
  db.query<AreaRow>(`select ${AREA} from area where code = any($1)`, [codes]);

export const municipalities = (db: Queryable) =>
  db.query<AreaRow>(`select ${AREA} from area where level = 'municipality' order by code`);

/** Children of the given parents, for `district.neighbourhoods` and `municipality.districts`. */
export const childAreas = (
  db: Queryable,
  parentColumn: 'district_code' | 'municipality_code',
  level: AreaLevel,
  parents: readonly string[],
) =>
  db.query<AreaRow>(`select ${AREA} from area where ${parentColumn} = any($1) and level = $2 order by code`, [
    parents,
    level,
  ]);

export interface AreaFilter {
  municipality?: string | null;
  /** Only for neighbourhoods: a district has no district above it. */
  district?: string | null;
}

/** Keyset pagination on the code: stable under concurrent loads and as fast on the last page as on the first. */
export const areaPage = (
  db: Queryable,
  level: 'district' | 'neighbourhood',
  filter: AreaFilter,
  first: number,
  afterCode: string | null,
) =>
  db.query<AreaRow>(
    `select ${AREA} from area
      where level = $1
        and ($2::text is null or municipality_code = $2)
        and ($3::text is null or district_code = $3)
        and ($4::text is null or code > $4)
      order by code limit $5`,
    [level, filter.municipality ?? null, filter.district ?? null, afterCode, first + 1],
  );

export const countAreas = async (db: Queryable, level: 'district' | 'neighbourhood', filter: AreaFilter) => {
  const [row] = await db.query<{ count: number }>(
    `select count(*)::int as count from area
      where level = $1
        and ($2::text is null or municipality_code = $2)
        and ($3::text is null or district_code = $3)`,
    [level, filter.municipality ?? null, filter.district ?? null],
  );
  return row?.count ?? 0;
};

const POPULATION = `p.area_code as "areaCode", p.year, p.total, p.age_0_14 as "age0to14", p.age_15_24 as "age15to24",
  p.age_25_44 as "age25to44", p.age_45_64 as "age45to64", p.age_65_plus as "age65Plus", p.households,
  p.single_person_households as "singlePersonHouseholds", p.source`;

/** One statement for any mix of (area, year) pairs: the arrays are zipped by unnest. */
export const populationOf = (db: Queryable, keys: readonly { code: string; year: number }[]) =>
  db.query<PopulationRow>(
    `select ${POPULATION} from population p
       join unnest($1::text[], $2::int[]) as k(code, year) on p.area_code = k.code and p.year = k.year`,
    [keys.map((key) => key.code), keys.map((key) => key.year)],
  );

export const populationHistoryOf = (db: Queryable, codes: readonly string[]) =>
  db.query<PopulationRow>(
    `select ${POPULATION} from population p where p.area_code = any($1) order by p.area_code, p.year`,
    [codes],
  );

export const populationYears = (db: Queryable) => yearRange(db, 'population');

export const facilitiesIn = (db: Queryable, neighbourhoods: readonly string[]) =>
  db.query<FacilityRow>(
    `select id, neighbourhood_code as "neighbourhoodCode", name, kind, source
       from facility where neighbourhood_code = any($1) order by name, id`,
    [neighbourhoods],
  );

export interface FacilityCountRow {
  areaCode: string;
  kind: string;
  count: number;
  source: string;
}

/** How a facility's neighbourhood code maps to the area asked for, so a whole batch is one hash join. */
const AREA_OF_FACILITY = {
  neighbourhood: 'f.neighbourhood_code',
  district: `'WK' || substr(f.neighbourhood_code, 3, 6)`,
  municipality: `'GM' || substr(f.neighbourhood_code, 3, 4)`,
} as const;

/** Counts per kind for a batch of areas of one level; kinds without a facility have no row. */
export const facilityCountsOf = (db: Queryable, level: AreaLevel, codes: readonly string[]) =>
  db.query<FacilityCountRow>(
    `select k.code as "areaCode", f.kind, count(*)::int as count,
            case when bool_or(f.source = 'GENERATED') then 'GENERATED' else min(f.source) end as source
       from facility f join unnest($1::text[]) as k(code) on ${AREA_OF_FACILITY[level]} = k.code
      group by k.code, f.kind`,
    [codes],
  );

const VACANT = `id, neighbourhood_code as "neighbourhoodCode", address, floor_area as "floorArea",
  former_use as "formerUse", to_char(vacant_since, 'YYYY-MM-DD') as "vacantSince", source`;

export const vacantBuildingsIn = (db: Queryable, neighbourhoods: readonly string[]) =>
  db.query<VacantBuildingRow>(
    `select ${VACANT} from vacant_building where neighbourhood_code = any($1) order by vacant_since, id`,
    [neighbourhoods],
  );

export const vacantBuildingsById = (db: Queryable, ids: readonly string[]) =>
  db.query<VacantBuildingRow>(`select ${VACANT} from vacant_building where id = any($1)`, [ids]);
