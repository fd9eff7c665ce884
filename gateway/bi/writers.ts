import type { Column } from './datasets';
import type { Cell } from './rows';
import { neutraliseFormula } from '@buurtgraaf/platform';

export const FORMATS = ['csv', 'jsonl', 'json'] as const;
export type Format = (typeof FORMATS)[number];
export type Delimiter = 'comma' | 'semicolon';

/**
 * Turns rows into the bytes of one format, piece by piece, so an export never holds more than a
 * page. `tail` is written only when every page arrived; `broken` is written instead when the
 * export fails after rows went out: it leaves the file in a state no parser of that format
 * accepts (an unterminated quote, an unterminated JSON object), before the connection is cut.
 */
export interface TableWriter {
  contentType: string;
  head(): string;
  row(cells: Cell[]): string;
  tail(): string;
  broken(transactionId: string): string;
}

const failureText = (transactionId: string) =>
  `BUURTGRAAF EXPORT FAILED: this file is incomplete and must not be used (transaction ${transactionId})`;

export function writerFor(format: Format, columns: Column[], delimiter: Delimiter = 'comma'): TableWriter {
  if (format === 'csv') return csvWriter(columns, delimiter);
  const record = (cells: Cell[]) =>
    JSON.stringify(Object.fromEntries(columns.map((column, index) => [column.name, cells[index] ?? null])));
  const brokenRecord = (transactionId: string) =>
    `{"buurtgraaf_export_failed": ${JSON.stringify(failureText(transactionId))}`;
  if (format === 'jsonl') {
    return {
      contentType: 'application/jsonl; charset=utf-8',
      head: () => '',
      row: (cells) => `${record(cells)}\n`,
      tail: () => '',
      broken: (transactionId) => `${brokenRecord(transactionId)}\n`,
    };
  }
  let rows = 0;
  return {
    contentType: 'application/json; charset=utf-8',
    head: () => '[',
    row: (cells) => `${rows++ === 0 ? '\n' : ',\n'}${record(cells)}`,
    tail: () => (rows === 0 ? ']\n' : '\n]\n'),
    broken: (transactionId) => `${rows === 0 ? '\n' : ',\n'}${brokenRecord(transactionId)}`,
  };
}

/**
 * RFC 4180: a header row, CRLF line ends, fields quoted when they hold the delimiter, a quote or
 * a line break. The semicolon variant is for Excel set to Dutch: decimals get a comma, and the
 * file starts with a UTF-8 byte order mark so Excel does not read the names as Windows-1252.
 */
function csvWriter(columns: Column[], delimiter: Delimiter): TableWriter {
  const separator = delimiter === 'semicolon' ? ';' : ',';
  const decimalComma = delimiter === 'semicolon';
  const field = (cell: Cell, column: Column | undefined): string => {
    if (cell === null) return '';
    if (typeof cell === 'number') {
      const text = String(cell);
      return column?.type === 'decimal' && decimalComma ? text.replace('.', ',') : text;
    }
    // A text cell never starts a formula in a spreadsheet (see kit/csv.ts).
    const text = neutraliseFormula(cell);
    // Quoting on both delimiters keeps a file readable whichever one a tool guesses.
    return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const line = (cells: Cell[]) => `${cells.map((cell, index) => field(cell, columns[index])).join(separator)}\r\n`;
  return {
    contentType: 'text/csv; charset=utf-8; header=present',
    head: () => `${decimalComma ? '\uFEFF' : ''}${line(columns.map((column) => column.name))}`,
    row: line,
    tail: () => '',
    // An opening quote that is never closed: a strict parser fails, a lenient one shows the text.
    broken: (transactionId) => `"${failureText(transactionId)}\r\n`,
  };
}
