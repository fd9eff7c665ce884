import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { isPlainCsv, readPlainRecords } from '@buurtgraaf/subgraph-kit/loading/csv-plain';
import { CSV_PARSE_OPTIONS } from '@buurtgraaf/subgraph-kit/loading/csv-reader';
import { checkFile } from '@buurtgraaf/subgraph-kit/loading/validate';
import { loadTables as municipality } from '../../../subgraphs/municipality/load';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-plain-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `${(files += 1)}.csv`);
  writeFileSync(path, content);
  return path;
}

async function plain(path: string, delimiter: string) {
  const records: { line: number; record: string[] }[] = [];
  for await (const batch of readPlainRecords(path, delimiter)) records.push(...batch);
  return records;
}

/** What csv-parse makes of the same text with the options the loader gives it. */
const byCsvParse = (content: string | Buffer, delimiter: string) =>
  (
    parse(content, { delimiter, ...CSV_PARSE_OPTIONS }) as unknown as { record: string[]; info: { lines: number } }[]
  ).map(({ record, info }) => ({ line: info.lines, record }));

describe('reading a CSV file without quotes by hand', () => {
  test.each([
    [
      'Dutch Excel: byte order mark, CRLF, decimal commas, trailing ;;; rows',
      '\uFEFFa;b;c\r\n1;2,5;x\r\n;;\r\n;;\r\n',
      ';',
    ],
    ['empty and blank lines between rows, no final line break', 'a,b\n\n1,2\n   \n3,4', ','],
    ['spaces, tabs and no-break spaces around values', 'a;b\n  1 ;\t2\u00a0\n\u00a0 ;x \n', ';'],
    ['too few and too many values', 'a;b;c\n1;2\n1;2;3;4\n', ';'],
    ['letters beyond ASCII and invalid UTF-8', Buffer.from('a;b\nCaf\xe9;\u00e9\n', 'latin1'), ';'],
  ])(
    'when the file has %s, then the records and their lines are those csv-parse reads',
    async (_, content, delimiter) => {
      const path = file(content);
      expect(await isPlainCsv(path)).toBe(true);
      expect(await plain(path, delimiter)).toEqual(byCsvParse(content, delimiter));
    },
  );

  test('when a chunk boundary falls inside a line, then the line is still one record with its own line number', async () => {
    // More than the 1 MiB read at a time, with multi-byte letters on every line.
    const name = 'Één wijk aan de Vecht, ten oosten van het spoor';
    const lines = Array.from({ length: 25_000 }, (_, index) => `BU${String(index).padStart(8, '0')};${name} ${index}`);
    const content = `code;name\n${lines.join('\n')}\n`;
    const records = await plain(file(content), ';');
    expect(records).toHaveLength(25_001);
    expect(records.at(-1)).toEqual({ line: 25_001, record: ['BU00024999', `${name} 24999`] });
    expect(records).toEqual(byCsvParse(content, ';'));
  });

  test('when a file has a quote or a carriage return that ends no line, then it is left to csv-parse', async () => {
    expect(await isPlainCsv(file('a,b\n1,"x, y"\n'))).toBe(false);
    expect(await isPlainCsv(file('a,b\r1,2\r'))).toBe(false);
    expect(await isPlainCsv(file('a,b\r\n1,2\r\n'))).toBe(true);
  });

  test('when a file with quotes has bad rows and then a quote that never closes, then the bad rows are reported too', async () => {
    const content = 'code,name\nWK34,Oost\nBU03440111,"Oog in Al\nBU03440112,Halve Maan\n';
    const checked = await checkFile(file(content), municipality.areas!);
    expect(checked.rejections.map(({ line, reason }) => `${line}: ${reason}`)).toEqual([
      '2: code: must be a CBS area code: GM + 4 digits, WK + 6 or BU + 8 characters, e.g. GM0344, WK034401, BU03440111, got "WK34"',
      '4: Quote Not Closed: the parsing is finished with an opening quote at line 4; the rest of the file was not read',
    ]);
  });
});
