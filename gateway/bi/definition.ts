import { z } from 'zod';
import type { Path } from './paths';
import type { SeriesDocuments } from './series/dataset';

/**
 * What a dataset definition file (schema/datasets/<name>.json) may say, and the dataset the gateway
 * makes of it (datasets.ts loads and checks it against its document).
 */
export const NAME = /^[a-z][a-z0-9-]*$/;
const COLUMN = /^[a-z][a-z0-9_]*$/;
/** Query parameters with a meaning of their own; no dataset may use them. */
export const RESERVED_PARAMETERS = ['purpose', 'delimiter', 'first', 'after'];

const parameterSchema = z.strictObject({
  name: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  type: z.enum(['string', 'integer']),
  description: z.string().min(1),
  required: z.boolean().default(false),
  /** Regular expression a string value must match in full. */
  pattern: z.string().optional(),
  minimum: z.number().int().optional(),
  maximum: z.number().int().optional(),
  example: z.union([z.string(), z.number()]).optional(),
});

const columnSchema = z.strictObject({
  name: z.string().regex(COLUMN, 'must be snake_case'),
  type: z.enum(['string', 'integer', 'decimal', 'status']),
  path: z.string().min(1),
  description: z.string().min(1),
  unit: z.string().optional(),
  /** The partner that owns the figure. */
  owner: z.string().optional(),
  /** For a status column: the field of the object at `path` that is true when the value is hidden. */
  suppressedWhen: z.string().optional(),
  /** For a status column: the column(s) whose value it describes. */
  statusOf: z.array(z.string()).optional(),
  /** The column that says where this column's value comes from (CBS, PARTNER, GENERATED). */
  sourceColumn: z.string().optional(),
});

const sourceSchema = z.strictObject({
  name: z.string().min(1),
  licence: z.string().min(1),
  licenceUrl: z.url().optional(),
  attribution: z.string().optional(),
  appliesTo: z.string().min(1),
});

/** What a catalogue harvester shows (bi/dcat.ts): the years and area the figures cover, and how often they change. */
const coverageSchema = z.strictObject({
  fromYear: z.number().int(),
  toYear: z.number().int(),
  /** In words, e.g. every neighbourhood of the Netherlands; the DCAT answer adds the country's IRI. */
  spatial: z.string().min(1),
  /** An EU frequency code: http://publications.europa.eu/resource/authority/frequency/<code>. */
  frequency: z.enum(['ANNUAL', 'QUARTERLY', 'MONTHLY', 'IRREG']),
});

export const definitionSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1),
  rowsPer: z.string().min(1),
  /** The GraphQL document, relative to the dataset file. */
  document: z.string().min(1),
  /** The top-level connection field the document pages through, e.g. neighbourhoods. */
  connection: z.string().min(1),
  /** One row per item of a list of each node; with `keys`, one row per key even when the item is missing. */
  unnest: z
    .strictObject({
      path: z.string().min(1),
      key: z.string().min(1),
      keys: z.array(z.string().min(1)).min(1).optional(),
    })
    .optional(),
  parameters: z.array(parameterSchema),
  columns: z.array(columnSchema).min(1),
  sources: z.array(sourceSchema).min(1),
  coverage: coverageSchema.optional(),
});

export type Parameter = z.infer<typeof parameterSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Coverage = z.infer<typeof coverageSchema>;
export type Column = Omit<z.infer<typeof columnSchema>, 'path'> & { path: Path };

export interface Dataset {
  name: string;
  title: string;
  description: string;
  rowsPer: string;
  operationName: string;
  /** The document's text, exactly as in the trusted manifest. */
  document: string;
  connection: string;
  unnest: { path: Path; key: string; keys: string[] | null } | null;
  parameters: Parameter[];
  columns: Column[];
  sources: Source[];
  coverage: Coverage | null;
  /** Set on the series dataset, which reads every year and level instead of one connection (series/). */
  series?: SeriesDocuments;
}
