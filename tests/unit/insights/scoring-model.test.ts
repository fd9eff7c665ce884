import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@buurtgraaf/platform';
import { loadScoringModel } from '../../../subgraphs/insights/scoring-model';

const write = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'scoring-')), 'scoring.json');
  writeFileSync(file, content);
  return file;
};

describe('the scoring model file', () => {
  test('when the weights have several mistakes, then start-up stops naming every one of them', () => {
    const file = write(
      JSON.stringify({
        model: 'm',
        version: '1',
        agreedBy: 'test',
        destinations: [
          {
            destination: 'YOUTH_CENTRE',
            label: 'Youth centre',
            floorArea: { min: 100, max: 50 },
            criteria: [{ criterion: 'CARE_DEMAND', targetGroup: 'TEENAGERS', weight: 2 }],
          },
          {
            destination: 'YOUTH_CENTRE',
            label: 'Again',
            floorArea: { min: 1, max: 2 },
            criteria: [{ criterion: 'SIZE_FIT', weight: -1 }],
          },
        ],
      }),
    );
    let error: unknown;
    try {
      loadScoringModel(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('destinations.0.criteria.0.targetGroup'),
        expect.stringContaining('destinations.1.criteria.0.weight'),
      ]),
    );
  });

  test('when the file is not JSON, then the error names the variable and the file', () => {
    const file = write('{ weights: ');
    expect(() => loadScoringModel(file)).toThrow(`INSIGHTS_SCORING_FILE ${file}`);
  });

  test('when the committed demo weights are read, then every destination of the schema is in them', () => {
    const model = loadScoringModel(join(__dirname, '..', '..', '..', 'subgraphs', 'insights', 'scoring.json'));
    expect(model.destinations.map((destination) => destination.destination)).toEqual([
      'CARE_HOUSING_ELDERLY',
      'ELDERLY_DAY_CARE',
      'YOUTH_CENTRE',
      'HEALTH_CENTRE',
      'COMMUNITY_CENTRE',
      'STARTER_HOUSING',
    ]);
  });
});
