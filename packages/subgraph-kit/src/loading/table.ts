import type { z } from 'zod';
import type { Queryable } from '../database';

/** A row as written to the database: column name to value. */
export type DbRecord = Record<string, unknown>;

/**
 * Rows of the table that a file covers as a whole: a SQL expression over the table's columns,
 * evaluated on the table and on the file alike. With `--replace`, rows whose scope values occur in
 * the file but whose key does not are removed, so a corrected re-export also takes back what it no
 * longer holds.
 */
export interface ScopePart {
  /** How the report names it, e.g. "municipality". */
  label: string;
  sql: string;
}

/** A column whose value must already be a key of another table (or of this file, for a self-reference). */
export interface Reference {
  column: string;
  table: string;
  key: string;
  /** The reason shown for a row whose value is not found. */
  problem: (value: string) => string;
}

/** Rejects a row for a rule across its columns, reported on the column a partner would correct. */
export type Reject = (column: string, message: string) => void;

/** One kind of CSV a partner can load: its columns, how a row is checked and where it goes. */
export interface LoadTable<Shape extends z.ZodRawShape = z.ZodRawShape> {
  description: string;
  /**
   * The CSV columns, in their usual order, each a `column` schema (fields.ts). Rules across
   * columns go in `rules`, not in a zod refinement: a table whose row has one is checked with
   * zod alone, several times slower.
   */
  row: z.ZodObject<Shape>;
  /** Rules across the columns of a row whose every value is valid: `reject` for each one broken. */
  rules?(row: z.output<z.ZodObject<Shape>>, reject: Reject): void;
  /** The table written to. */
  target: string;
  /** The table's natural key (its primary key): one file never holds two rows with the same key. */
  key: readonly string[];
  /** A row of the file as the target's columns, e.g. with `source` filled in. */
  toRecord(row: z.output<z.ZodObject<Shape>>): DbRecord;
  /** Without a scope a load only inserts and updates, even with `--replace`. */
  scope?: readonly ScopePart[];
  references?: readonly Reference[];
  /**
   * Runs in the load's transaction after the rows were written, when anything changed. `staged`
   * names a table holding the file's rows (the target's columns), to be read with SQL: a file of
   * a million rows is never in memory.
   */
  afterWrite?(tx: Queryable, staged: string): Promise<void>;
}

/**
 * Checks a table against its own row type (toRecord gets exactly what `row` outputs); the cast
 * then lets a partner list tables of different row types in one record.
 */
export const defineTable = <Shape extends z.ZodRawShape>(table: LoadTable<Shape>): LoadTable =>
  table as unknown as LoadTable;

export const columnsOf = (table: LoadTable): string[] => Object.keys(table.row.shape);
