import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, type CsvError } from 'csv-parse';
import { isPlainCsv, readPlainRecords, type RawRecord } from './csv-plain';

export type Delimiter = ';' | ',';

/**
 * One data row by column name, or why it cannot be read: `of` says whether a data row is lost or
 * the file as a whole is wrong (its header, an unclosed quote). `line` is where the row starts.
 */
export type CsvRow =
  | { line: number; values: Record<string, string> }
  | { line: number; problem: string; of: 'row' | 'file' };

/** Enough to hold any header row we accept: the column names of a table are short. */
const HEADER_PEEK_BYTES = 64 * 1024;
/** Invalid UTF-8 decodes to this character; Excel's default "CSV" is Windows-1252, not UTF-8. */
const NOT_UTF8 = '\uFFFD';
const NOT_UTF8_REASON =
  'is not UTF-8 text; save the file as "CSV UTF-8" (in Excel: "CSV UTF-8 (door komma\'s gescheiden)")';

/**
 * The delimiter is read off the header row: Dutch Excel writes `;`, everything else `,`. Column
 * names never contain either, so a `;` in the first line settles it; a value can then hold an
 * unquoted comma (an address, a decimal comma) without splitting the row.
 */
export async function detectDelimiter(path: string): Promise<Delimiter> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_PEEK_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEADER_PEEK_BYTES, 0);
    const lines = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/);
    const header = lines.find((line) => line.trim() !== '') ?? '';
    return header.includes(';') ? ';' : ',';
  } finally {
    await file.close();
  }
}

/** Header names as a spreadsheet user might type them: `Year ` is `year`. */
const normalise = (name: string) => name.trim().toLowerCase();

/** What is wrong with the header row, every problem at once; empty when it names exactly `columns`. */
function headerProblems(header: readonly string[], columns: readonly string[]): string[] {
  const names = header.map(normalise);
  const expected = `the first line must name the columns ${columns.join(', ')}`;
  if (names.some((name) => name.includes(NOT_UTF8))) return [`the header ${NOT_UTF8_REASON}`];
  if (!names.some((name) => columns.includes(name))) return [`no known column in the first line; ${expected}`];
  const problems: string[] = [];
  names.forEach((name, index) => {
    if (name === '') problems.push(`column ${index + 1} has no name; ${expected}`);
    else if (!columns.includes(name))
      problems.push(`unknown column "${name}"; this table has only ${columns.join(', ')}`);
    else if (names.indexOf(name) !== index) problems.push(`column "${name}" appears twice`);
  });
  for (const column of columns) if (!names.includes(column)) problems.push(`missing column "${column}"`);
  return problems;
}

/** Line breaks inside the values of a row; this runs once per row of files of a million rows. */
function lineBreaks(record: readonly string[]): number {
  let breaks = 0;
  for (const value of record) {
    for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) breaks += 1;
  }
  return breaks;
}

/**
 * How csv-parse reads a quoted file; the hand-split reader of quote-free files must agree with it
 * (tests/unit/loading/csv-plain.test.ts compares the two with these very options).
 * Excel writes rows of bare delimiters (;;;) after the data; like empty lines, they are not rows.
 */
export const CSV_PARSE_OPTIONS = {
  bom: true,
  info: true,
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
  trim: true,
} as const;

/** Records through csv-parse, for files with quotes (values holding delimiters or line breaks). */
async function* readQuotedRecords(path: string, delimiter: Delimiter): AsyncGenerator<RawRecord[]> {
  const parser = createReadStream(path).pipe(parse({ delimiter, ...CSV_PARSE_OPTIONS }));
  let batch: RawRecord[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is where the row ends; quoted values may span lines.
      batch.push({ line: info.lines - lineBreaks(record), record });
      if (batch.length >= QUOTED_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    // The rows before a broken quote are reported too, then the error.
    if (batch.length > 0) yield batch;
    throw error;
  } finally {
    parser.destroy();
  }
  if (batch.length > 0) yield batch;
}

const QUOTED_BATCH = 1_000;

/**
 * Streams the rows of a CSV file with a header row (UTF-8, with or without a byte order mark), a
 * batch at a time. Problems with one row are yielded and reading goes on, so a report names every
 * bad line; a bad header or a quote that never closes ends the reading, as nothing after it can
 * be trusted. A file without quotes is split by hand (csv-parse was a third of a large load's
 * processor time); one with quotes goes through csv-parse.
 */
export async function* readCsvRows(
  path: string,
  columns: readonly string[],
  delimiter: Delimiter,
): AsyncGenerator<CsvRow[]> {
  const records = (await isPlainCsv(path)) ? readPlainRecords(path, delimiter) : readQuotedRecords(path, delimiter);
  let header: string[] | null = null;
  try {
    for await (const batch of records) {
      const rows: CsvRow[] = [];
      for (const { line, record } of batch) {
        if (!header) {
          header = record.map(normalise);
          const problems = headerProblems(record, columns);
          if (problems.length > 0) {
            yield problems.map((problem) => ({ line, problem, of: 'file' as const }));
            return;
          }
          continue;
        }
        rows.push(rowOf(line, record, header, delimiter));
      }
      if (rows.length > 0) yield rows;
    }
  } catch (error) {
    const csvError = error as CsvError & { lines?: number };
    if (typeof csvError.code !== 'string' || !csvError.code.startsWith('CSV_')) throw error;
    yield [
      { line: csvError.lines ?? 0, problem: `${csvError.message}; the rest of the file was not read`, of: 'file' },
    ];
  } finally {
    await records.return(undefined);
  }
  if (!header)
    yield [
      {
        line: 1,
        problem: `the file is empty; the first line must name the columns ${columns.join(', ')}`,
        of: 'file',
      },
    ];
}

function rowOf(line: number, record: string[], header: readonly string[], delimiter: Delimiter): CsvRow {
  if (record.length !== header.length) {
    return {
      line,
      problem: `has ${record.length} values, the header has ${header.length} columns (check the delimiter "${delimiter}" and quotes)`,
      of: 'row',
    };
  }
  const values: Record<string, string> = {};
  for (let index = 0; index < header.length; index += 1) {
    const value = record[index] as string;
    if (value.includes(NOT_UTF8)) return { line, problem: NOT_UTF8_REASON, of: 'row' };
    values[header[index] as string] = value;
  }
  return { line, values };
}
