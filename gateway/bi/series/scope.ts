import { ErrorCode } from '@buurtgraaf/platform';
import { municipalityOf } from '@buurtgraaf/protocol';
import { AREA_LOOKUP } from '../areas';
import { execute, ExportRefused, type SourceJob } from '../export';
import { LEVELS, type Level, type SeriesDocuments } from './dataset';

/** What one series request covers, worked out before the first row goes out. */
export interface SeriesScope {
  /** Municipality codes in code order; one when a municipality or district is asked for. */
  municipalities: string[];
  /** The same municipalities with the years the municipality partner has for each. */
  known: { populationHistory: { year: number }[] }[];
  levels: ReadonlySet<Level>;
}

/** The municipalities of the request, from the one scope query; an unknown area is a 404, not an empty table. */
export async function municipalitiesOf(job: SourceJob, series: SeriesDocuments) {
  const data = (await execute(job, series.scope, 'AreaSeriesScope', {})) as {
    municipalities: { code: string; populationHistory: { year: number }[] }[];
  };
  const { municipality, district } = job.params;
  const wanted = typeof district === 'string' ? municipalityOf(district) : municipality;
  const all = [...data.municipalities].sort((a, b) => a.code.localeCompare(b.code));
  const inScope = typeof wanted === 'string' ? all.filter((area) => area.code === wanted) : all;
  if (typeof wanted === 'string' && inScope.length === 0) notFound(job, 'municipality', wanted);
  if (typeof district === 'string') {
    const found = (await execute(job, AREA_LOOKUP.district, 'BiAreaExists', { code: district })) as { area?: unknown };
    if (found?.area == null) notFound(job, 'district', district);
  }
  return inScope;
}

/**
 * The years asked for. `all` is every year the municipality partner has that every other partner
 * has too; one year or a range must be there in full. Each year is tried once on a one-row page
 * before anything is sent: a partner that lacks it refuses then, with a status, not midway.
 */
export async function yearsOf(job: SourceJob, series: SeriesDocuments, known: SeriesScope['known']): Promise<number[]> {
  const text = String(job.params.year ?? 'all');
  const candidates =
    text === 'all'
      ? [...new Set(known.flatMap((area) => area.populationHistory.map((entry) => entry.year)))].sort((a, b) => a - b)
      : rangeOf(text);
  const years: number[] = [];
  for (const year of candidates) {
    const refusal = await tryYear(job, series, year);
    if (refusal === null) years.push(year);
    else if (text !== 'all')
      throw new ExportRefused(400, `${year} is not available: ${refusal.message}`, ErrorCode.YearNotAvailable);
  }
  if (years.length === 0)
    throw new ExportRefused(400, 'No year has figures from every partner yet.', ErrorCode.YearNotAvailable);
  return years;
}

export function levelsOf(job: SourceJob): Set<Level> {
  const level = String(job.params.level ?? 'all');
  // With a district asked for, its municipality is not a row of the answer.
  const levels = new Set<Level>(level === 'all' ? LEVELS : [level as Level]);
  if (typeof job.params.district === 'string') levels.delete('municipality');
  if (levels.size === 0)
    throw new ExportRefused(
      400,
      'level=municipality with a district gives no rows: leave out district, or ask for level=district or neighbourhood.',
      ErrorCode.BadUserInput,
    );
  return levels;
}

function rangeOf(text: string): number[] {
  const [from = NaN, to = from] = text.split('-').map(Number);
  if (from > to)
    throw new ExportRefused(400, `year=${text} runs backwards: write the earlier year first.`, ErrorCode.BadUserInput);
  if (to - from > 100) throw new ExportRefused(400, `year=${text} spans more than a century.`, ErrorCode.BadUserInput);
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

async function tryYear(job: SourceJob, series: SeriesDocuments, year: number): Promise<ExportRefused | null> {
  const { base } = series;
  const variables = { municipality: null, district: null, ...areaVariables(job), year, first: 1, after: null };
  try {
    await execute(job, base.document, base.operationName, variables);
    return null;
  } catch (error) {
    if (error instanceof ExportRefused && error.code === ErrorCode.BadUserInput) return error;
    throw error;
  }
}

export const areaVariables = (job: SourceJob) =>
  typeof job.params.district === 'string'
    ? { district: job.params.district }
    : typeof job.params.municipality === 'string'
      ? { municipality: job.params.municipality }
      : {};

function notFound(job: SourceJob, level: string, code: string): never {
  throw new ExportRefused(
    404,
    `No ${level} has the code ${code}; check the CBS code (transaction ${job.caller.transactionId}).`,
    ErrorCode.AreaNotFound,
  );
}
