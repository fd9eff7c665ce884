import { z } from 'zod';
import { assertAreaCode, levelOf, type AreaLevel } from '@buurtgraaf/protocol';

/**
 * Zod schemas for one CSV value each. Every value arrives as a trimmed string; an empty one is
 * a missing value. Messages say what the value must be and show what it was, so a partner can
 * fix the line without reading code.
 */

/** CBS's neighbourhood codes start in the 1990s; nothing here has figures for later than this year. */
export const FIRST_YEAR = 1990;
/** Records go back decades, but an earlier date is a typing error (1923 for 2023). */
const FIRST_DATE = '1950-01-01';
const thisYear = () => new Date().getUTCFullYear();
const today = () => new Date().toISOString().slice(0, 10);

/** What a value must be (`expected`), or a whole sentence on what is wrong with it (`problem`). */
type Invalid = { expected: string } | { problem: string };
type Parse<T> = (value: string) => T | Invalid;

const isInvalid = (result: unknown): result is Invalid =>
  typeof result === 'object' && result !== null && ('expected' in result || 'problem' in result);

/** Quoted, with line breaks and quotes escaped, so the report shows the value as it is. */
const shown = (value: string) => JSON.stringify(value);

/** A value `fastParser` could not take; the row is then checked again with zod, for the message. */
export const NOT_VALID: unique symbol = Symbol('not valid');
/** A column's value without zod: the value, or NOT_VALID. */
export type FastParse = (value: string) => unknown;
const fastParsers = new WeakMap<z.ZodType, FastParse>();

/**
 * The check of a column schema from `column`, as a plain function: zod's transform machinery
 * was the larger part of checking a row, and a million valid rows need no messages. Undefined
 * for a schema made otherwise, whose rows are then checked with zod alone.
 */
export const fastParser = (schema: z.ZodType): FastParse | undefined => fastParsers.get(schema);

function withFastParser<S extends z.ZodType>(schema: S, parse: FastParse): S {
  fastParsers.set(schema, parse);
  return schema;
}

function required<T>(parse: Parse<T>) {
  const fast: FastParse = (value) => {
    if (value === '') return NOT_VALID;
    const result = parse(value);
    return isInvalid(result) ? NOT_VALID : result;
  };
  return withFastParser(requiredSchema(parse), fast);
}

function requiredSchema<T>(parse: Parse<T>) {
  return z.string().transform((value, ctx): T => {
    const result = value === '' ? { problem: 'is empty; a value is required' } : parse(value);
    if (!isInvalid(result)) return result;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: 'problem' in result ? result.problem : `must be ${result.expected}, got ${shown(value)}`,
    });
    return z.NEVER;
  });
}

/** Empty means "not known" (stored as null); anything else must parse. */
function optional<T>(parse: Parse<T>) {
  const fast: FastParse = (value) => {
    if (value === '') return null;
    const result = parse(value);
    return isInvalid(result) ? NOT_VALID : result;
  };
  return withFastParser(optionalSchema(parse), fast);
}

function optionalSchema<T>(parse: Parse<T>) {
  return z.string().transform((value, ctx): T | null => {
    if (value === '') return null;
    const result = parse(value);
    if (!isInvalid(result)) return result;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: 'problem' in result ? result.problem : `must be ${result.expected} (or empty), got ${shown(value)}`,
    });
    return z.NEVER;
  });
}

const MAX_INT = 2_147_483_647;
const parseCount: Parse<number> = (value) =>
  /^\d+$/.test(value) && Number(value) <= MAX_INT
    ? Number(value)
    : { expected: 'a whole number of 0 or more, without separators' };

const parseYear: Parse<number> = (value) => {
  const year = Number(value);
  return /^\d{4}$/.test(value) && year >= FIRST_YEAR && year <= thisYear()
    ? year
    : { expected: `a year from ${FIRST_YEAR} to ${thisYear()}` };
};

/** A decimal point or (Dutch Excel) a decimal comma; never thousands separators. */
const parseDecimal = (decimals: number, max: number): Parse<number> => {
  const pattern = new RegExp(`^\\d+([.,]\\d{1,${decimals}})?$`);
  return (value) => {
    const number = Number(value.replace(',', '.'));
    return pattern.test(value) && number <= max
      ? number
      : {
          expected: `a number from 0 to ${max} with at most ${decimals} decimal${decimals === 1 ? '' : 's'}, e.g. 14,5 or 14.5`,
        };
  };
};

/**
 * Remembers the values `parse` accepted: a file of a million rows holds a few thousand distinct
 * dates and area codes. Only accepted values are kept, since those stay valid (a date in the
 * future becomes valid, never the other way round); the memory is bounded.
 */
function remembered<T>(parse: Parse<T>): Parse<T> {
  const valid = new Map<string, T>();
  return (value) => {
    const known = valid.get(value);
    if (known !== undefined) return known;
    const result = parse(value);
    if (!isInvalid(result)) {
      if (valid.size >= 100_000) valid.clear();
      valid.set(value, result);
    }
    return result;
  };
}

/** A file of a million rows holds a few thousand distinct dates; checking each once is enough. */
const realDates = new Map<string, boolean>();

/** 2024-02-30 parses in JavaScript (as 1 March); only a date that survives the round trip is real. */
function isRealDate(date: string): boolean {
  const known = realDates.get(date);
  if (known !== undefined) return known;
  const parsed = new Date(`${date}T00:00:00Z`);
  const real = !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
  if (realDates.size >= 100_000) realDates.clear();
  realDates.set(date, real);
  return real;
}

/** ISO (2024-03-01) or as Dutch Excel writes a date (1-3-2024); stored as ISO. */
const parseDate: Parse<string> = remembered((value) => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const dutch = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(value);
  const [year = '', month = '', day = ''] = iso ? iso.slice(1) : dutch ? [dutch[3], dutch[2], dutch[1]] : [];
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isRealDate(date)) return { expected: 'a date as 2024-03-01 or 1-3-2024' };
  // A date in the future is a planned date, which these tables do not hold.
  if (date < FIRST_DATE || date > today()) return { expected: `a date from ${FIRST_DATE} up to today` };
  return date;
});

/** A list of the codes that exist, e.g. the CBS lists @buurtgraaf/demo-data ships: null when `code` is on it. */
export interface KnownAreaCodes {
  problem(code: string): string | null;
}

/** The kit's own check, so the message matches what the API says about the same code; then, when given, the list of codes that exist. */
const parseAreaCode = (level: AreaLevel, known?: KnownAreaCodes): Parse<string> =>
  remembered((value) => {
    try {
      const code = assertAreaCode(level, value);
      const unknown = known?.problem(code);
      return unknown ? { problem: unknown } : code;
    } catch (error) {
      return { problem: (error as Error).message };
    }
  });
const parseAnyAreaCode: Parse<string> = (value) =>
  levelOf(value)
    ? value
    : { expected: 'a CBS area code: GM + 4 digits, WK + 6 or BU + 8 characters, e.g. GM0344, WK034401, BU03440111' };

const parseText =
  (maxLength: number): Parse<string> =>
  (value) =>
    value.length <= maxLength ? value : { expected: `at most ${maxLength} characters` };

const parseOneOf = (values: readonly string[]): Parse<string> => {
  const allowed = new Set(values);
  return (value) => (allowed.has(value) ? value : { expected: `one of ${values.join(', ')}` });
};

/** The value schemas a partner's load.ts builds its rows from. */
export const column = {
  text: (maxLength = 200) => required(parseText(maxLength)),
  count: () => required(parseCount),
  optionalCount: () => optional(parseCount),
  year: () => required(parseYear),
  optionalDecimal: (decimals: number, max: number) => optional(parseDecimal(decimals, max)),
  date: () => required(parseDate),
  optionalDate: () => optional(parseDate),
  /** A code of `level`; with `known`, also one that exists (a well-formed BU03449999 does not). */
  areaCode: (level: AreaLevel, known?: KnownAreaCodes) => required(parseAreaCode(level, known)),
  anyAreaCode: () => required(parseAnyAreaCode),
  oneOf: (values: readonly string[]) => required(parseOneOf(values)),
};
