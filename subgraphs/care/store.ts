import type { Queryable } from '../kit/database';
import { yearRange } from '../kit/tables';

// All SQL of the care partner. Reads only ever touch care_demand (aggregates); care_client is
// written by loads and read by the refresh below, nothing else.

export interface CareDemandRow {
  areaCode: string;
  year: number;
  targetGroup: string;
  clients: number;
  waitingList: number;
  source: string;
}

const COLUMNS = `d.area_code as "areaCode", d.year, d.target_group as "targetGroup", d.clients, d.waiting_list as "waitingList", d.source`;

export const careDemandOf = (db: Queryable, keys: readonly { code: string; year: number }[]) =>
  db.query<CareDemandRow>(
    `select ${COLUMNS} from care_demand d
       join unnest($1::text[], $2::int[]) as k(code, year) on d.area_code = k.code and d.year = k.year
      order by d.target_group`,
    [keys.map((key) => key.code), keys.map((key) => key.year)],
  );

export const careDemandHistoryOf = (db: Queryable, codes: readonly string[]) =>
  db.query<CareDemandRow>(`select ${COLUMNS} from care_demand d where d.area_code = any($1) order by d.year, d.target_group`, [codes]);

export const careYears = (db: Queryable) => yearRange(db, 'care_demand');

/**
 * Recomputes care_demand from the client records for the given years, at all three area levels.
 * Every target group gets a row for every area the provider serves, so a group without clients
 * reads as a suppressed zero rather than as missing data.
 */
export async function refreshCareDemand(db: Queryable, fromYear: number, toYear: number): Promise<void> {
  await db.query('delete from care_demand');
  await db.query(
    `insert into care_demand (area_code, year, target_group, clients, waiting_list, source)
     with years as (select generate_series($1::int, $2::int) as year),
     groups as (select unnest(array['ELDERLY', 'DISABILITY', 'MENTAL_HEALTH', 'YOUTH']) as target_group),
     served as (select distinct neighbourhood_code as code from care_client),
     counts as (
       select c.neighbourhood_code as code, y.year, c.target_group,
              count(*) filter (where c.care_start <= make_date(y.year, 12, 31)
                                 and (c.care_end is null or c.care_end >= make_date(y.year, 1, 1))) as clients,
              count(*) filter (where c.waiting_since <= make_date(y.year, 12, 31)
                                 and (c.care_start is null or c.care_start > make_date(y.year, 12, 31))) as waiting,
              bool_or(c.source = 'GENERATED') as generated
         from care_client c join years y
           on c.waiting_since <= make_date(y.year, 12, 31) and (c.care_end is null or c.care_end >= make_date(y.year, 1, 1))
        group by 1, 2, 3),
     neighbourhoods as (
       select s.code, y.year, g.target_group, coalesce(n.clients, 0) as clients, coalesce(n.waiting, 0) as waiting,
              coalesce(n.generated, true) as generated
         from served s cross join years y cross join groups g
         left join counts n on n.code = s.code and n.year = y.year and n.target_group = g.target_group),
     all_levels as (
       select code, year, target_group, clients, waiting, generated from neighbourhoods
       union all
       select 'WK' || substr(code, 3, 6), year, target_group, sum(clients), sum(waiting), bool_or(generated) from neighbourhoods group by 1, 2, 3
       union all
       select 'GM' || substr(code, 3, 4), year, target_group, sum(clients), sum(waiting), bool_or(generated) from neighbourhoods group by 1, 2, 3)
     select code, year, target_group, clients, waiting, case when generated then 'GENERATED' else 'PARTNER' end from all_levels`,
    [fromYear, toYear],
  );
}
