import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasets } from '../../../gateway/bi/datasets';
import { loadTrustedDocuments } from '../../../gateway/trust/trusted-documents';
import { MANIFEST_FILE } from '../../../scripts/trusted-documents';
import { DATASETS_DIR } from './bi-federation';

const DOCUMENTS_DIR = join(DATASETS_DIR, '..', 'documents');
const manifest = loadTrustedDocuments(MANIFEST_FILE);
const shipped = (name: string) =>
  JSON.parse(readFileSync(join(DATASETS_DIR, `${name}.json`), 'utf8')) as Record<string, unknown> & {
    columns: Record<string, unknown>[];
    parameters: Record<string, unknown>[];
  };

/** A datasets folder with one changed copy of a shipped mapping, pointing at the shipped document. */
function folderWith(name: string, change: (definition: ReturnType<typeof shipped>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-datasets-'));
  const definition = shipped(name);
  definition.document = join(DOCUMENTS_DIR, `dataset-${name}.graphql`);
  change(definition);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(definition));
  return dir;
}

describe('dataset definitions', () => {
  test('when the gateway loads the shipped datasets, then each is a trusted document plus a mapping that only reads what the document selects', () => {
    const datasets = loadDatasets(DATASETS_DIR, manifest);
    expect([...datasets.keys()]).toEqual([
      'care-demand',
      'neighbourhood-indicators',
      'social-housing-by-corporation',
      'indicator-series',
    ]);
    // The series: where each row lies, then the figures of neighbourhood-indicators by the same names.
    const series = datasets.get('indicator-series')?.columns.map((column) => column.name) ?? [];
    const indicators = datasets.get('neighbourhood-indicators')?.columns.map((column) => column.name) ?? [];
    expect(series.slice(0, 8)).toEqual([
      'level',
      'area_code',
      'area_name',
      'municipality_code',
      'municipality_name',
      'district_code',
      'district_name',
      'year',
    ]);
    expect(series.slice(8)).toEqual(indicators.slice(indicators.indexOf('year') + 1));
    expect(datasets.get('social-housing-by-corporation')?.unnest?.key).toBe('corporation.id');
    expect(datasets.get('neighbourhood-indicators')?.operationName).toBe('NeighbourhoodIndicatorsDataset');
    expect(datasets.get('care-demand')?.unnest?.keys).toEqual(['DISABILITY', 'ELDERLY', 'MENTAL_HEALTH', 'YOUTH']);
  });

  test.each([
    [
      'a column reads a field the document does not select',
      (d: ReturnType<typeof shipped>) =>
        void d.columns.push({
          name: 'facilities',
          type: 'integer',
          path: 'facilities.id',
          description: 'Not selected.',
        }),
      /column facilities: facilities\.id: the document does not select facilities/,
    ],
    [
      'a column names a list item by a field the document does not select',
      (d: ReturnType<typeof shipped>) =>
        void d.columns.push({
          name: 'x',
          type: 'integer',
          path: 'careDemand[year=2023].clients',
          description: 'Not selected.',
        }),
      /does not select year in careDemand/,
    ],
    [
      'a parameter is not a variable of the document',
      (d: ReturnType<typeof shipped>) =>
        void d.parameters.push({ name: 'targetGroup', type: 'string', description: 'Not declared.' }),
      /parameter targetGroup: the document declares no such variable/,
    ],
    [
      'a parameter the document requires is optional',
      (d: ReturnType<typeof shipped>) => void ((d.parameters[2] as { required: boolean }).required = false),
      /\$year is required by the document/,
    ],
    [
      'a parameter takes a reserved name',
      (d: ReturnType<typeof shipped>) =>
        void d.parameters.push({ name: 'purpose', type: 'string', description: 'Reserved.' }),
      /parameter purpose: the name is reserved/,
    ],
    [
      'a status column describes a column that does not exist',
      (d: ReturnType<typeof shipped>) =>
        void ((d.columns.find((c) => c.name === 'care_elderly_clients_status') as { statusOf: string[] }).statusOf = [
          'care_old_clients',
        ]),
      /names a column care_old_clients/,
    ],
    ['a key has a typo', (d: ReturnType<typeof shipped>) => void (d.colums = []), /Unrecognized key.*colums/],
  ])('when %s, then the datasets do not load and the message says which', (_, change, message) => {
    expect(() => loadDatasets(folderWith('neighbourhood-indicators', change), manifest)).toThrow(message);
  });

  test("when a dataset's document is not in the trusted manifest, then it does not load and the message says to run npm run documents", () => {
    const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-datasets-'));
    const document = join(dir, 'changed.graphql');
    writeFileSync(
      document,
      readFileSync(join(DOCUMENTS_DIR, 'dataset-care-demand.graphql'), 'utf8').replace(
        'name',
        'name\n      facilities { id }',
      ),
    );
    writeFileSync(join(dir, 'care-demand.json'), JSON.stringify({ ...shipped('care-demand'), document }));
    expect(() => loadDatasets(dir, manifest)).toThrow(
      /changed\.graphql is not in the trusted documents manifest; run npm run documents/,
    );
  });
});
