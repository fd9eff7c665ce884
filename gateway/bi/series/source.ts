import { ErrorCode } from '@buurtgraaf/platform';
import { execute, ExportRefused, type Page, type SourceJob } from '../export';
import type { SeriesDocuments } from './dataset';
import { areaVariables, levelsOf, municipalitiesOf, type SeriesScope, yearsOf } from './scope';

/**
 * Where a series continues: the year (index into `ys`), the municipality (index), the stage (0: the
 * municipality's own row and its districts' rows, 1: its neighbourhoods) and the neighbourhoods'
 * GraphQL cursor. It travels as the page's `endCursor`, so the export loop and the OData feed page
 * through a series exactly as through one connection, and the gateway keeps no state between pages.
 */
interface Position {
  ys: number[];
  y: number;
  m: number;
  st: 0 | 1;
  a: string | null;
}

type AreaNode = Record<string, unknown> & { code: string; name: string };
type AreasAnswer = { municipality: (AreaNode & { districts: AreaNode[] }) | null };

const scopes = new WeakMap<SourceJob, Promise<SeriesScope>>();

/**
 * One internal page of the series: a municipality's and its districts' rows in one year, or one
 * page of its neighbourhoods (at most `pageSize`). Year by year, municipality by municipality, as
 * StatLine lists them: the municipality, its districts, its neighbourhoods. With level=neighbourhood
 * only, the neighbourhoods of the whole scope are paged at once (fewer, fuller pages).
 */
export async function fetchSeriesPage(job: SourceJob, series: SeriesDocuments, after: string | null): Promise<Page> {
  const scope = await scopeOf(job, series);
  const areas = scope.levels.has('municipality') || scope.levels.has('district');
  const units: (string | null)[] = areas ? scope.municipalities : [null];
  const position: Position = after
    ? decode(after)
    : { ys: await yearsOf(job, series, scope.known), y: 0, m: 0, st: areas ? 0 : 1, a: null };
  const year = position.ys[position.y];
  const unit = units[position.m];
  if (year === undefined || unit === undefined) throw badCursor();
  let nodes: Record<string, unknown>[];
  let next: Position | null;
  if (position.st === 0) {
    nodes = await areaNodes(job, series, unit ?? '', year, scope);
    next = advance(position, scope, units.length);
  } else {
    // A district asked for narrows its municipality's neighbourhoods; otherwise this municipality's, or the whole scope's.
    const area = typeof job.params.district === 'string' || !unit ? areaVariables(job) : { municipality: unit };
    const variables = { municipality: null, district: null, ...area };
    const data = (await execute(job, series.base.document, series.base.operationName, {
      ...variables,
      year,
      first: job.pageSize,
      after: position.a,
    })) as Record<string, Page>;
    const page = data[series.base.connection] as Page;
    nodes = page.nodes.map((node) => ({ ...node, level: 'neighbourhood', year }));
    next =
      page.pageInfo.hasNextPage && page.pageInfo.endCursor
        ? { ...position, a: page.pageInfo.endCursor }
        : advance(position, scope, units.length);
  }
  return { totalCount: 0, pageInfo: { hasNextPage: next !== null, endCursor: next ? encode(next) : null }, nodes };
}

function scopeOf(job: SourceJob, series: SeriesDocuments) {
  let scope = scopes.get(job);
  if (!scope) {
    scope = (async () => {
      const levels = levelsOf(job);
      const known = await municipalitiesOf(job, series);
      return { levels, known, municipalities: known.map((area) => area.code) };
    })();
    scopes.set(job, scope);
  }
  return scope;
}

/** The municipality's own row and its districts' rows (one district's, when one is asked for). */
async function areaNodes(job: SourceJob, series: SeriesDocuments, code: string, year: number, scope: SeriesScope) {
  const data = (await execute(job, series.areas, 'AreaSeriesDataset', { municipality: code, year })) as AreasAnswer;
  const area = data.municipality;
  if (!area) return [];
  const { districts, ...own } = area;
  const municipality = { code: own.code, name: own.name };
  const nodes: Record<string, unknown>[] = [];
  if (scope.levels.has('municipality'))
    nodes.push({ ...own, level: 'municipality', year, municipality, district: null });
  if (scope.levels.has('district')) {
    const wanted = job.params.district;
    for (const district of [...districts].sort((a, b) => a.code.localeCompare(b.code))) {
      if (typeof wanted === 'string' && district.code !== wanted) continue;
      nodes.push({
        ...district,
        level: 'district',
        year,
        municipality,
        district: { code: district.code, name: district.name },
      });
    }
  }
  return nodes;
}

function advance(position: Position, scope: SeriesScope, units: number): Position | null {
  if (position.st === 0 && scope.levels.has('neighbourhood')) return { ...position, st: 1, a: null };
  const first: 0 | 1 = scope.levels.has('municipality') || scope.levels.has('district') ? 0 : 1;
  if (position.m + 1 < units) return { ...position, m: position.m + 1, st: first, a: null };
  if (position.y + 1 < position.ys.length) return { ...position, y: position.y + 1, m: 0, st: first, a: null };
  return null;
}

const encode = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

function decode(text: string): Position {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Position;
    const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
    if (
      Array.isArray(value.ys) &&
      value.ys.every(whole) &&
      whole(value.y) &&
      whole(value.m) &&
      (value.st === 0 || value.st === 1)
    )
      return { ys: value.ys, y: value.y, m: value.m, st: value.st, a: typeof value.a === 'string' ? value.a : null };
  } catch {}
  throw badCursor();
}

const badCursor = () =>
  new ExportRefused(
    400,
    'This position in the series is not one the gateway gave out; follow the next link as it is.',
    ErrorCode.BadUserInput,
  );
