import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import { DEFAULT_DISCLOSURE_RULE, type DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';
import { complementarySuppression } from '@buurtgraaf/subgraph-kit/suppression';
import { copyRows } from '@buurtgraaf/subgraph-kit/tables';

// All SQL of the care partner. Reads only ever touch care_demand (aggregates); care_client is
// written by loads and read by the refresh below, nothing else.

export interface CareDemandRow {
  areaCode: string;
  year: number;
  targetGroup: string;
  clients: number;
  waitingList: number;
  /** Hidden by the disclosure rule or by complementary suppression, as of the last computation. */
  clientsSuppressed: boolean;
  waitingListSuppressed: boolean;
  source: string;
}

const COLUMNS = `d.area_code as "areaCode", d.year, d.target_group as "targetGroup", d.clients, d.waiting_list as "waitingList",
  d.clients_suppressed as "clientsSuppressed", d.waiting_list_suppressed as "waitingListSuppressed", d.source`;

/**
 * Every row of the areas of the years given (every year with null), in no particular order: each
 * area's rows are put in order after grouping (`byYearAndGroup`, in context.ts). Ordering 350,000
 * rows of a whole-country batch in the statement made PostgreSQL sort them on disk (20 MB, over
 * the default work_mem): about 30% of the statement's time (EXPLAIN ANALYZE in bench/README.md),
 * where 14,600 sorts of 24 rows cost little.
 */
export const careDemandHistoryOf = (db: Queryable, codes: readonly string[], years: readonly number[] | null) =>
  db.query<CareDemandRow>(
    `select ${COLUMNS} from care_demand d where d.area_code = any($1) and ($2::int[] is null or d.year = any($2))`,
    [codes, years],
  );

/**
 * Every year each area has rows for, oldest first: what a contribution's `years` lists when only
 * some years were asked for. One row per area instead of every year's rows.
 */
export const careYearsOfAreas = (db: Queryable, codes: readonly string[]) =>
  db.query<{ areaCode: string; years: number[] }>(
    `select area_code as "areaCode", array_agg(distinct year order by year) as years
       from care_demand where area_code = any($1) group by area_code`,
    [codes],
  );

/** Oldest year first, then target group by code point (the database's C collation): the series' order. */
export const byYearAndGroup = (a: CareDemandRow, b: CareDemandRow) =>
  a.year - b.year || (a.targetGroup < b.targetGroup ? -1 : a.targetGroup > b.targetGroup ? 1 : 0);

/** Every year care_demand has, oldest first: the years of a secure-sum share for an area without clients. */
export const careYears = async (db: Queryable) =>
  (await db.query<{ year: number }>('select distinct year from care_demand order by year')).map((row) => row.year);

/**
 * Recomputes care_demand from the client records for the given years, at all three area levels.
 * Every target group gets a row for every area the provider serves, so a group without clients
 * reads as a suppressed zero rather than as missing data. The suppression flags are computed
 * before the rows are written, under the rule the previous flags had (the one the subgraph last
 * started with) or the default; a subgraph that starts with another rule recomputes them.
 *
 * Rows are per year and per target group only: no row adds up target groups or years, and none
 * may, because complementary suppression protects each year and group on its own.
 */
export async function refreshCareDemand(db: Queryable, fromYear: number, toYear: number): Promise<void> {
  const rule = (await suppressionRule(db)) ?? DEFAULT_DISCLOSURE_RULE;
  const tables = await db.query<CareTable & { sources: string[] }>(
    `with years as (select generate_series($1::int, $2::int) as year),
     groups as (select unnest(array['ELDERLY', 'DISABILITY', 'MENTAL_HEALTH', 'YOUTH']) as target_group),
     served as (select neighbourhood_code as code, bool_or(source = 'GENERATED') as generated from care_client group by 1),
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
              -- A group without clients is a zero from the same records as the rest of the neighbourhood.
              coalesce(n.generated, s.generated) as generated
         from served s cross join years y cross join groups g
         left join counts n on n.code = s.code and n.year = y.year and n.target_group = g.target_group),
     all_levels as (
       select code, year, target_group, clients, waiting, generated from neighbourhoods
       union all
       select 'WK' || substr(code, 3, 6), year, target_group, sum(clients), sum(waiting), bool_or(generated) from neighbourhoods group by 1, 2, 3
       union all
       select 'GM' || substr(code, 3, 4), year, target_group, sum(clients), sum(waiting), bool_or(generated) from neighbourhoods group by 1, 2, 3)
     select year, target_group as "targetGroup", array_agg(code) as codes, array_agg(clients::int) as clients,
            array_agg(waiting::int) as "waitingList", array_agg(case when generated then 'GENERATED' else 'PARTNER' end) as sources
       from all_levels group by year, target_group`,
    [fromYear, toYear],
  );
  // One table's rows at a time, written with COPY: the national data set has 437,000 of them.
  function* rows() {
    for (const table of tables) {
      const flags = suppressionFlags(table, rule);
      for (const [index, code] of table.codes.entries()) {
        yield {
          code,
          year: table.year,
          targetGroup: table.targetGroup,
          clients: table.clients[index],
          waitingList: table.waitingList[index],
          clientsSuppressed: flags.clients[index],
          waitingListSuppressed: flags.waitingList[index],
          source: table.sources[index],
        };
      }
    }
  }
  // Only the years recomputed: refreshing this year must not wipe the history.
  await db.query('delete from care_demand where year between $1 and $2', [fromYear, toYear]);
  await copyRows(
    db,
    'care_demand',
    [
      { name: 'area_code', type: 'text', value: (row) => row.code },
      { name: 'year', type: 'int', value: (row) => row.year },
      { name: 'target_group', type: 'text', value: (row) => row.targetGroup },
      { name: 'clients', type: 'int', value: (row) => row.clients },
      { name: 'waiting_list', type: 'int', value: (row) => row.waitingList },
      { name: 'clients_suppressed', type: 'boolean', value: (row) => row.clientsSuppressed },
      { name: 'waiting_list_suppressed', type: 'boolean', value: (row) => row.waitingListSuppressed },
      { name: 'source', type: 'text', value: (row) => row.source },
    ],
    rows(),
    WRITE_CHUNK,
  );
  await recordRule(db, rule);
}

/** The rule the stored suppression flags were computed with; null before the first computation. */
export async function suppressionRule(db: Queryable): Promise<DisclosureRule | null> {
  const [row] = await db.query<DisclosureRule>('select threshold, round_to as "roundTo" from care_disclosure_rule');
  return row ?? null;
}

/**
 * Recomputes the suppression flags when they were computed under another rule (or never) and
 * rewrites the rows whose flags change; true when it recomputed. Run at start-up, before the
 * first request, in a transaction.
 */
export async function applySuppressionRule(db: Queryable, rule: DisclosureRule): Promise<boolean> {
  // Two replicas starting together wait here for each other rather than interleave.
  await db.query('lock table care_disclosure_rule in exclusive mode');
  const current = await suppressionRule(db);
  if (current?.threshold === rule.threshold && current.roundTo === rule.roundTo) return false;
  const tables = await db.query<CareTable & { clientsSuppressed: boolean[]; waitingListSuppressed: boolean[] }>(
    `select year, target_group as "targetGroup", array_agg(area_code) as codes, array_agg(clients) as clients,
            array_agg(waiting_list) as "waitingList", array_agg(clients_suppressed) as "clientsSuppressed",
            array_agg(waiting_list_suppressed) as "waitingListSuppressed"
       from care_demand group by year, target_group`,
  );
  const changed = tables.flatMap((table) => {
    const flags = suppressionFlags(table, rule);
    return table.codes
      .map((code, index) => ({
        code,
        year: table.year,
        targetGroup: table.targetGroup,
        clients: flags.clients[index],
        waitingList: flags.waitingList[index],
      }))
      .filter(
        (row, index) =>
          row.clients !== table.clientsSuppressed[index] || row.waitingList !== table.waitingListSuppressed[index],
      );
  });
  for (let start = 0; start < changed.length; start += WRITE_CHUNK) {
    const chunk = changed.slice(start, start + WRITE_CHUNK);
    await db.query(
      `update care_demand d set clients_suppressed = f.clients, waiting_list_suppressed = f.waiting
         from unnest($1::text[], $2::int[], $3::text[], $4::boolean[], $5::boolean[]) as f(code, year, target_group, clients, waiting)
        where d.area_code = f.code and d.year = f.year and d.target_group = f.target_group`,
      [
        chunk.map((row) => row.code),
        chunk.map((row) => row.year),
        chunk.map((row) => row.targetGroup),
        chunk.map((row) => row.clients),
        chunk.map((row) => row.waitingList),
      ],
    );
  }
  await recordRule(db, rule);
  return true;
}

/**
 * The exact counts of one year and target group over all areas, as parallel arrays: one table
 * for complementary suppression. Read this way because 24 rows of arrays parse much faster than
 * 437,000 rows (six times on PGlite for the national data set).
 */
interface CareTable {
  year: number;
  targetGroup: string;
  codes: string[];
  clients: number[];
  waitingList: number[];
}

/** Rows per write statement: a few MB of parameters each, and few round trips. */
const WRITE_CHUNK = 50_000;

/**
 * Both measures' flags for every area of one table, by position (primary and complementary
 * suppression alike). The measures add up over areas, never over target groups or years, so
 * each year and target group is suppressed on its own.
 */
function suppressionFlags(table: CareTable, rule: DisclosureRule): { clients: boolean[]; waitingList: boolean[] } {
  const flagsOf = (counts: number[]) => {
    const hidden = complementarySuppression(
      table.codes.map((code, index) => ({ code, count: counts[index]! })),
      rule,
    );
    return table.codes.map((code) => hidden.has(code));
  };
  return { clients: flagsOf(table.clients), waitingList: flagsOf(table.waitingList) };
}

const recordRule = (db: Queryable, rule: DisclosureRule) =>
  db.query(
    `insert into care_disclosure_rule (threshold, round_to) values ($1, $2)
     on conflict (only_row) do update set threshold = excluded.threshold, round_to = excluded.round_to, computed_at = now()`,
    [rule.threshold, rule.roundTo],
  );
