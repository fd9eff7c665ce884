import { ErrorCode } from '@buurtgraaf/platform';
import { execute, ExportRefused, type Page, type SourceJob } from '../export';
import type { SeriesDocuments } from './dataset';
import { areaVariables, levelsOf, municipalitiesOf, type SeriesScope, yearsOf } from './scope';

/**
 * What one year of a series is read in, in this order. A municipality or district asked for:
 * `areas` (its own row and its districts' rows, one query), then `neighbourhoods`. The whole
 * country: `municipalities` (one query), `districts` and `neighbourhoods` (pages of at most
 * `pageSize`), so a year costs a few dozen queries, not two per municipality.
 */
const STAGES = ['areas', 'municipalities', 'districts', 'neighbourhoods'] as const;
type Stage = (typeof STAGES)[number];

/**
 * Where a series continues: the year (index into `ys`), the stage of that year (index into the
 * scope's stages) and the GraphQL cursor within a paged stage. It travels as the page's
 * `endCursor`, so the export loop and the OData feed page through a series exactly as through one
 * connection, and the gateway keeps no state between pages.
 */
interface Position {
  ys: number[];
  y: number;
  s: number;
  a: string | null;
}

type AreaNode = Record<string, unknown> & { code: string; name: string };
type MunicipalityNode = AreaNode & { districts: AreaNode[] };

const scopes = new WeakMap<SourceJob, Promise<SeriesScope>>();

/**
 * One internal page of the series. Year by year; within a year the municipality rows, the district
 * rows and the neighbourhood rows, each in code order (with one municipality asked for, as StatLine
 * lists it: the municipality, its districts, its neighbourhoods).
 */
export async function fetchSeriesPage(job: SourceJob, series: SeriesDocuments, after: string | null): Promise<Page> {
  const scope = await scopeOf(job, series);
  const stages = stagesOf(job, scope);
  const position: Position = after
    ? decode(after)
    : { ys: await yearsOf(job, series, scope.known), y: 0, s: 0, a: null };
  const year = position.ys[position.y];
  const stage = stages[position.s];
  if (year === undefined || stage === undefined) throw badCursor();
  const { nodes, cursor } = await readStage(job, series, scope, stage, year, position.a);
  const next = cursor ? { ...position, a: cursor } : advance(position, stages.length);
  return { totalCount: 0, pageInfo: { hasNextPage: next !== null, endCursor: next ? encode(next) : null }, nodes };
}

function stagesOf(job: SourceJob, scope: SeriesScope): Stage[] {
  const { levels } = scope;
  const one = Object.keys(areaVariables(job)).length > 0;
  const wanted: Record<Stage, boolean> = {
    areas: one && (levels.has('municipality') || levels.has('district')),
    municipalities: !one && levels.has('municipality'),
    districts: !one && levels.has('district'),
    neighbourhoods: levels.has('neighbourhood'),
  };
  return STAGES.filter((stage) => wanted[stage]);
}

/** The rows of one stage, and the cursor of its next page when it has one. */
async function readStage(
  job: SourceJob,
  series: SeriesDocuments,
  scope: SeriesScope,
  stage: Stage,
  year: number,
  after: string | null,
): Promise<{ nodes: Record<string, unknown>[]; cursor: string | null }> {
  if (stage === 'areas') {
    const code = scope.municipalities[0] ?? '';
    const data = (await execute(job, series.areas, 'AreaSeriesDataset', { municipality: code, year })) as {
      municipality: MunicipalityNode | null;
    };
    return { nodes: data.municipality ? rowsOf(job, data.municipality, year, scope) : [], cursor: null };
  }
  if (stage === 'municipalities') {
    const data = (await execute(job, series.municipalities, 'AreaSeriesMunicipalities', { year })) as {
      municipalities: AreaNode[];
    };
    const nodes = [...data.municipalities]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((area) => ({
        ...area,
        level: 'municipality',
        year,
        municipality: { code: area.code, name: area.name },
        district: null,
      }));
    return { nodes, cursor: null };
  }
  const page =
    stage === 'districts'
      ? (
          (await execute(job, series.districts, 'AreaSeriesDistricts', { year, first: job.pageSize, after })) as {
            districts: Page;
          }
        ).districts
      : ((
          (await execute(job, series.base.document, series.base.operationName, {
            municipality: null,
            district: null,
            ...areaVariables(job),
            year,
            first: job.pageSize,
            after,
          })) as Record<string, Page>
        )[series.base.connection] as Page);
  const level = stage === 'districts' ? 'district' : 'neighbourhood';
  const nodes = page.nodes.map((node) =>
    level === 'district'
      ? { ...node, level, year, district: { code: node.code, name: node.name } }
      : { ...node, level, year },
  );
  return { nodes, cursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
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

function rowsOf(job: SourceJob, area: MunicipalityNode, year: number, scope: SeriesScope) {
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

function advance(position: Position, stages: number): Position | null {
  if (position.s + 1 < stages) return { ...position, s: position.s + 1, a: null };
  if (position.y + 1 < position.ys.length) return { ...position, y: position.y + 1, s: 0, a: null };
  return null;
}

const encode = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

function decode(text: string): Position {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Position;
    const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
    if (Array.isArray(value.ys) && value.ys.every(whole) && whole(value.y) && whole(value.s))
      return { ys: value.ys, y: value.y, s: value.s, a: typeof value.a === 'string' ? value.a : null };
  } catch {}
  throw badCursor();
}

const badCursor = () =>
  new ExportRefused(
    400,
    'This position in the series is not one the gateway gave out; follow the next link as it is.',
    ErrorCode.BadUserInput,
  );
