import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { documentId } from '@buurtgraaf/protocol';
import type { Column, Dataset, Parameter } from '../datasets';
import { parsePath } from '../paths';

/** The series is derived from this dataset: the same figure columns, by the same names. */
export const SERIES_BASE = 'neighbourhood-indicators';
export const SERIES_NAME = 'indicator-series';
export const LEVELS = ['municipality', 'district', 'neighbourhood'] as const;
export type Level = (typeof LEVELS)[number];

/** The documents the series runs besides the base dataset's (schema/documents/). */
export interface SeriesDocuments {
  /** One municipality and its districts in one year: AreaSeriesDataset. */
  areas: string;
  /** Every municipality's own figures in one year, for the whole country: AreaSeriesMunicipalities. */
  municipalities: string;
  /** Pages of the country's districts in one year: AreaSeriesDistricts. */
  districts: string;
  /** Every municipality and the years the municipality partner has: AreaSeriesScope. */
  scope: string;
  /** The base dataset: pages of neighbourhoods in one year. */
  base: Dataset;
}

/**
 * Where a row lies, as CBS StatLine's "Kerncijfers wijken en buurten" shows it: the area's own code
 * and name with its level, then the municipality and district it lies in (a municipality row has
 * no district). Every area node the series reads is given this shape (series/source.ts).
 */
const AREA_COLUMNS: [string, string, string][] = [
  ['level', 'level', 'municipality, district or neighbourhood: the kind of area this row describes.'],
  ['area_code', 'code', 'CBS code of the area: GM + 4 digits, WK + 6 or BU + 8 characters.'],
  ['area_name', 'name', 'Name of the area.'],
  ['municipality_code', 'municipality.code', 'CBS code of the municipality the area is or lies in.'],
  ['municipality_name', 'municipality.name', 'Name of that municipality.'],
  ['district_code', 'district.code', 'CBS code of the district the area is or lies in; empty on a municipality row.'],
  ['district_name', 'district.name', 'Name of that district; empty on a municipality row.'],
];

const SERIES_PARAMETERS: Parameter[] = [
  {
    name: 'year',
    type: 'string',
    required: false,
    pattern: 'all|[0-9]{4}|[0-9]{4}-[0-9]{4}',
    example: '2019-2024',
    description:
      'all (the default: every year all partners have figures for), one year (2023) or a range (2019-2024, both included). A year a partner has no figures for is refused with the years there are.',
  },
  {
    name: 'level',
    type: 'string',
    required: false,
    pattern: 'all|municipality|district|neighbourhood',
    example: 'all',
    description:
      'all (the default: the municipality, its districts and its neighbourhoods, each a row), or one of municipality, district, neighbourhood.',
  },
];

/**
 * The series dataset: the base dataset's figures for every year and every level in one table,
 * one row per area and year. Added only when its documents are in the trusted manifest, as any
 * dataset's must be.
 */
export function seriesDataset(
  base: Dataset,
  documentsDir: string,
  trusted: ReadonlyMap<string, string>,
): Dataset | null {
  const read = (file: string) => {
    const path = resolve(documentsDir, file);
    if (!existsSync(path)) return null;
    const body = readFileSync(path, 'utf8');
    if (!trusted.has(documentId(body)))
      throw new Error(`${file} is not in the trusted documents manifest; run npm run documents`);
    return body;
  };
  const areas = read('dataset-area-series.graphql');
  const municipalities = read('dataset-area-series-municipalities.graphql');
  const districts = read('dataset-area-series-districts.graphql');
  const scope = read('dataset-area-series-scope.graphql');
  if (areas === null || municipalities === null || districts === null || scope === null) return null;
  const yearAt = base.columns.findIndex((column) => column.name === 'year');
  const figures = base.columns.slice(yearAt + 1);
  const column = (name: string, path: string, description: string, type: Column['type'] = 'string'): Column => ({
    name,
    type,
    path: parsePath(path),
    description,
  });
  const areaParameters = base.parameters.filter((parameter) => parameter.name !== 'year');
  return {
    ...base,
    name: SERIES_NAME,
    title: `${base.title}: every year and level`,
    description: `${base.description} Every year and every level in one table: a row per municipality, district and neighbourhood and per year, for trend charts in one query.`,
    rowsPer: 'area (municipality, district or neighbourhood) and year',
    unnest: null,
    parameters: [...areaParameters, ...SERIES_PARAMETERS],
    columns: [
      ...AREA_COLUMNS.map(([name, path, description]) => column(name, path, description)),
      column(
        'year',
        'year',
        'The year the figures describe: population and housing on 1 January, care over the year.',
        'integer',
      ),
      ...figures,
    ],
    series: { areas, municipalities, districts, scope, base },
  };
}
