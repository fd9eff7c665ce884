import type { Queryable } from '@buurtgraaf/subgraph-kit/database';

// All SQL of the housing partner.

export interface SocialHousingRow {
  areaCode: string;
  year: number;
  dwellings: number;
  stepFree: number;
  careSuitable: number;
  vacant: number;
  averageWaitingMonths: number | null;
  source: string;
}

// Sums over a level's neighbourhoods; the waiting time is weighted by the dwellings that report one.
const TOTALS = `sum(s.dwellings)::int as dwellings, sum(s.step_free)::int as "stepFree",
  sum(s.care_suitable)::int as "careSuitable", sum(s.vacant)::int as vacant,
  round(sum(s.average_waiting_months * s.dwellings) filter (where s.average_waiting_months is not null)
    / nullif(sum(s.dwellings) filter (where s.average_waiting_months is not null), 0), 1)::float8 as "averageWaitingMonths",
  case when bool_or(s.source = 'GENERATED') then 'GENERATED' else 'PARTNER' end as source`;

export type Level = 'neighbourhood' | 'district' | 'municipality';

/**
 * How a stored neighbourhood code maps to the area asked for. Districts and municipalities are
 * matched on an expression of the code, so PostgreSQL can hash-join a whole batch in one pass.
 */
const AREA_OF_ROW: Record<Level, string> = {
  neighbourhood: 's.neighbourhood_code',
  district: `'WK' || substr(s.neighbourhood_code, 3, 6)`,
  municipality: `'GM' || substr(s.neighbourhood_code, 3, 4)`,
};

/** Only the years of the statement's second parameter; every year when it is null. */
const OF_YEARS = '($2::int[] is null or s.year = any($2))';

/** A batch of districts or municipalities, the years given (every year with null), in one statement. */
export const socialHousingTotalsHistoryOf = (
  db: Queryable,
  level: 'district' | 'municipality',
  codes: readonly string[],
  years: readonly number[] | null,
) =>
  db.query<SocialHousingRow>(
    `select k.code as "areaCode", s.year, ${TOTALS}
       from social_housing s join unnest($1::text[]) as k(code) on ${AREA_OF_ROW[level]} = k.code
      where ${OF_YEARS}
      group by k.code, s.year order by k.code, s.year`,
    [codes, years],
  );

export const socialHousingHistoryOf = (db: Queryable, codes: readonly string[], years: readonly number[] | null) =>
  db.query<SocialHousingRow>(
    `select neighbourhood_code as "areaCode", year, dwellings, step_free as "stepFree", care_suitable as "careSuitable",
            vacant, average_waiting_months::float8 as "averageWaitingMonths", source
       from social_housing s where neighbourhood_code = any($1) and ${OF_YEARS} order by neighbourhood_code, year`,
    [codes, years],
  );

/**
 * Every year each area has figures for, oldest first: what a contribution's `years` lists when
 * only some years were asked for. One row per area instead of every year's rows.
 */
export const socialHousingYearsOf = (db: Queryable, level: Level, codes: readonly string[]) =>
  db.query<{ areaCode: string; years: number[] }>(
    `select k.code as "areaCode", array_agg(distinct s.year order by s.year) as years
       from social_housing s join unnest($1::text[]) as k(code) on ${AREA_OF_ROW[level]} = k.code
      group by k.code`,
    [codes],
  );
