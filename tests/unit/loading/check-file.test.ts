import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTables as housing } from '../../../subgraphs/housing/load';
import { z } from 'zod';
import { column } from '@buurtgraaf/subgraph-kit/loading/fields';
import { formatOutcome } from '@buurtgraaf/subgraph-kit/loading/report';
import { defineTable } from '@buurtgraaf/subgraph-kit/loading/table';
import { checkFile } from '@buurtgraaf/subgraph-kit/loading/validate';
import { loadTables as municipality } from '../../../subgraphs/municipality/load';

const stock = housing['social-housing']!;
const areas = municipality.areas!;
const HEADER = 'neighbourhood_code;year;dwellings;step_free;care_suitable;vacant;average_waiting_months';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `${(files += 1)}.csv`);
  writeFileSync(path, content);
  return path;
}
const reasons = async (content: string | Buffer, table = stock) =>
  (await checkFile(file(content), table)).rejections.map(({ line, reason }) => `${line}: ${reason}`);

describe('reading and checking a CSV export', () => {
  test('when Dutch Excel saved it (byte order mark, semicolons, CRLF, decimal commas), then every row reads', async () => {
    const checked = await checkFile(
      file(`\uFEFF${HEADER}\r\nBU03440111;2023;240;72;12;3;84,5\r\nBU03440112;2023;410;130;25;6;\r\n`),
      stock,
    );
    expect(checked.delimiter).toBe(';');
    expect(checked.rejections).toEqual([]);
    expect(checked.records).toEqual([
      {
        line: 2,
        record: {
          neighbourhood_code: 'BU03440111',
          year: 2023,
          dwellings: 240,
          step_free: 72,
          care_suitable: 12,
          vacant: 3,
          average_waiting_months: 84.5,
          source: 'PARTNER',
        },
      },
      {
        line: 3,
        record: {
          neighbourhood_code: 'BU03440112',
          year: 2023,
          dwellings: 410,
          step_free: 130,
          care_suitable: 25,
          vacant: 6,
          average_waiting_months: null,
          source: 'PARTNER',
        },
      },
    ]);
  });

  test('when it is comma-separated with a quoted comma, then the value keeps its comma', async () => {
    const checked = await checkFile(file('code,name\nBU03440111,"Welgelegen, Den Hommel"\n'), areas);
    expect(checked.delimiter).toBe(',');
    expect(checked.records.map(({ record }) => record.name)).toEqual(['Welgelegen, Den Hommel']);
  });

  test('when an area code is well formed but not on the CBS lists the project ships, then the line is rejected', async () => {
    // Utrecht's neighbourhoods are shipped; elsewhere only the municipality and the district can be checked.
    const content = [
      HEADER,
      'BU03449999;2023;1;0;0;0;',
      'BU03440199;2023;1;0;0;0;',
      'BU09999901;2023;1;0;0;0;',
      'BU03079901;2023;1;0;0;0;',
      'BU03070101;2023;1;0;0;0;',
    ].join('\n');
    expect(await reasons(content)).toEqual([
      '2: neighbourhood_code: BU03449999 is not in a CBS district: WK034499 is not on the CBS list of 2024 for GM0344',
      '3: neighbourhood_code: BU03440199 is not a CBS neighbourhood of GM0344 (CBS lists of 2023 and 2024)',
      '4: neighbourhood_code: BU09999901 is not in a CBS municipality: GM0999 is not on the CBS list of 2024',
      '5: neighbourhood_code: BU03079901 is not in a CBS district: WK030799 is not on the CBS list of 2024 for GM0307',
    ]);
  });

  test('when several rows are wrong, then every one is reported with its line and reason, in line order', async () => {
    const content = [
      HEADER,
      'BU03440111;2023;240;72;12;3;84,5',
      'BU0344011;2023;410;130;25;6;91',
      'BU03440113;1890;185;40;9;2;',
      'BU03440114;2023;18;40;9;2;',
      'BU03440115;2023;12;1;1',
    ].join('\n');
    expect(await reasons(content)).toEqual([
      '3: neighbourhood_code: "BU0344011" is not a CBS neighbourhood (BU + 8 characters, e.g. BU03440111) code.',
      `4: year: must be a year from 1990 to ${new Date().getUTCFullYear()}, got "1890"`,
      '5: step_free: is 40, more than the 18 dwellings',
      '6: has 5 values, the header has 7 columns (check the delimiter ";" and quotes)',
    ]);
  });

  test('when a quoted value spans lines, or Excel left empty rows, then line numbers still match the file', async () => {
    const content = `code;name\n\nBU03440111;"Welgelegen,\nDen Hommel"\n;\nWK34;Oost\n;;\n`;
    expect(await reasons(content, areas)).toEqual([
      '6: code: must be a CBS area code: GM + 4 digits, WK + 6 or BU + 8 characters, e.g. GM0344, WK034401, BU03440111, got "WK34"',
    ]);
  });

  test('when the header is wrong, then every unknown, missing and doubled column is named and no row is read', async () => {
    const checked = await checkFile(file('Code;naam;code\nBU03440111;Oog in Al;x\n'), areas);
    expect(checked.rowsRead).toBe(0);
    expect(checked.rejections.map(({ line, reason }) => `${line}: ${reason}`)).toEqual([
      '1: unknown column "naam"; this table has only code, name',
      '1: column "code" appears twice',
      '1: missing column "name"',
    ]);
  });

  test('when the file has no header row, then it says the first line must name the columns', async () => {
    expect(await reasons('BU03440111;Oog in Al\n', areas)).toEqual([
      '1: no known column in the first line; the first line must name the columns code, name',
    ]);
    expect(await reasons('', areas)).toEqual(['1: the file is empty; the first line must name the columns code, name']);
  });

  test('when the file was saved as Windows-1252 instead of UTF-8, then the rows with other letters are refused', async () => {
    const latin1 = Buffer.from('code;name\nBU03440111;Caf\xe9buurt\n', 'latin1');
    expect(await reasons(latin1, areas)).toEqual([
      `2: is not UTF-8 text; save the file as "CSV UTF-8" (in Excel: "CSV UTF-8 (door komma's gescheiden)")`,
    ]);
  });

  test('when a quote is never closed, then the report says so and that the rest was not read', async () => {
    expect(await reasons('code,name\nGM0344,Utrecht\nBU03440111,"Oog in Al\nBU03440112,Halve Maan\n', areas)).toEqual([
      '4: Quote Not Closed: the parsing is finished with an opening quote at line 4; the rest of the file was not read',
    ]);
  });

  test('when a table checks its rows with zod alone (a refinement, or a schema not made by column), then rows are checked the same', async () => {
    const refined = defineTable({
      ...areas,
      row: z
        .object({ code: column.anyAreaCode(), name: z.string().min(3, 'must be at least 3 characters') })
        .superRefine((row, ctx) => {
          if (row.name === row.code) ctx.addIssue({ code: 'custom', path: ['name'], message: 'is the code again' });
        }),
    });
    expect(await reasons('code;name\nGM0344;Utrecht\nGM0345;GM0345\nGM0346;Ut\nGM34;Utrecht\n', refined)).toEqual([
      '3: name: is the code again',
      '4: name: must be at least 3 characters',
      '5: code: must be a CBS area code: GM + 4 digits, WK + 6 or BU + 8 characters, e.g. GM0344, WK034401, BU03440111, got "GM34"',
    ]);
  });

  test('when a file is rejected, then the report counts the problems and says nothing was loaded', () => {
    const report = formatOutcome(
      { status: 'rejected', delimiter: ';', rowsRead: 4, rejections: [{ line: 3, reason: 'year: must be a year' }] },
      'social_housing',
    );
    expect(report).toBe(
      'Read 4 rows (delimiter ";").\nRejected: 1 problem. Nothing was loaded; correct the file and load all of it again.\n  line 3: year: must be a year\n',
    );
  });
});
