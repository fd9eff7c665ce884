import { join } from 'node:path';
import { adviseDestination } from '../../../subgraphs/insights/advice';
import { areaInsights } from '../../../subgraphs/insights/area-insights';
import type { NeighbourhoodFigures } from '../../../subgraphs/insights/figures';
import { loadScoringModel, type ScoringModel } from '../../../subgraphs/insights/scoring-model';
import { neighbourhood } from './neighbourhoods';

const MODEL = loadScoringModel(join(__dirname, '..', '..', '..', 'subgraphs', 'insights', 'scoring.json'));
const advise = (figures: NeighbourhoodFigures, floorArea: number, model: ScoringModel = MODEL) =>
  adviseDestination(model, areaInsights(figures), floorArea, figures);
const ranking = (advice: ReturnType<typeof advise>) => advice.candidates.map((candidate) => candidate.destination);

/** Many older residents, their care demand high and rising by 10 per 1,000 a year, no day care nearby. */
const ageing = () =>
  neighbourhood(
    { share65Plus: 0.35, careRate: { ELDERLY: { level: 180, perYear: 10 } }, facilities: { ELDERLY_DAY_CARE: 0 } },
    { facilities: { ELDERLY_DAY_CARE: 0 } },
  );

describe('destination advice for constructed neighbourhoods', () => {
  test('when an ageing neighbourhood without day care has a 500 m² building, then day care for older residents ranks first', () => {
    const advice = advise(ageing(), 500);
    expect(ranking(advice)[0]).toBe('ELDERLY_DAY_CARE');
    // Demand index 220 and no day care in the district both score 1, growth of 10/220 a year 0.95, size 1.
    expect(advice.candidates[0]!.score).toBeCloseTo(
      (100 * (3 * 1 + 1 * (0.5 + 10 * (10 / 220)) + 3 * 1 + 2 * 1)) / 9,
      1,
    );
    expect(advice.candidates[0]!.reasons).toContain(
      'No day care for older residents in Testbuurt, nor elsewhere in Testwijk (Teststad: 0.5 per 1,000 residents).',
    );
    expect(advice.missingInputs).toEqual([]);
  });

  test('when a young neighbourhood without a youth centre has a 300 m² building, then the youth centre ranks first', () => {
    const young = neighbourhood(
      {
        share65Plus: 0.05,
        share15to24: 0.3,
        careRate: { YOUTH: { level: 80, perYear: 4 } },
        facilities: { YOUTH_CENTRE: 0 },
      },
      { facilities: { YOUTH_CENTRE: 0 } },
    );
    const advice = advise(young, 300);
    expect(ranking(advice)[0]).toBe('YOUTH_CENTRE');
    expect(advice.summary).toMatch(/^For this building in Testbuurt: youth centre scores highest/);
  });

  test('when the building is large (3,000 m²), then care housing ranks above day care, which does not fit', () => {
    const advice = advise(ageing(), 3000);
    expect(ranking(advice).slice(0, 2)).toEqual(['CARE_HOUSING_ELDERLY', 'ELDERLY_DAY_CARE']);
    const dayCare = advice.candidates.find((candidate) => candidate.destination === 'ELDERLY_DAY_CARE')!;
    expect(dayCare.criteria.find((criterion) => criterion.criterion === 'SIZE_FIT')).toMatchObject({
      value: 0,
      points: 0,
    });
    expect(dayCare.reasons).toContain('Floor area 3,000 m² is large for the 200-1,200 m² this needs.');
  });

  test('when the partners weigh the day-care gap four times as heavily, then day care overtakes care housing, as the weighted average says', () => {
    const heavierGap: ScoringModel = {
      ...MODEL,
      destinations: MODEL.destinations.map((destination) => ({
        ...destination,
        criteria: destination.criteria.map((criterion) =>
          criterion.criterion === 'FACILITY_GAP' && criterion.facilityKind === 'ELDERLY_DAY_CARE'
            ? { ...criterion, weight: 12 }
            : criterion,
        ),
      })),
    };
    const advice = advise(ageing(), 3000, heavierGap);
    expect(ranking(advice).slice(0, 2)).toEqual(['ELDERLY_DAY_CARE', 'CARE_HOUSING_ELDERLY']);
    expect(advice.candidates[0]!.score).toBeCloseTo(
      (100 * (3 * 1 + 1 * (0.5 + 10 * (10 / 220)) + 12 * 1 + 2 * 0)) / 18,
      1,
    );
  });

  test('when care figures are missing, then the criteria that need them count as 0 and the advice names the gap and its effect', () => {
    const advice = advise({ ...ageing(), careDemandSeries: null }, 500);
    const dayCare = advice.candidates.find((candidate) => candidate.destination === 'ELDERLY_DAY_CARE')!;
    expect(dayCare.coverage).toBeCloseTo(5 / 9, 2);
    expect(dayCare.criteria.find((criterion) => criterion.criterion === 'CARE_DEMAND')).toMatchObject({
      value: null,
      points: 0,
      missing: 'PARTNER_UNAVAILABLE',
    });
    expect(advice.missingInputs).toContainEqual({
      input: 'care demand ELDERLY',
      reason: 'PARTNER_UNAVAILABLE',
      effect:
        'Counts as 0 for Day care for older residents, Health centre, Care-suitable housing for older residents: those candidates may rank lower than the neighbourhood warrants.',
    });
    expect(advice.missingInputs).toContainEqual(
      expect.objectContaining({ input: 'trend of care demand ELDERLY', reason: 'PARTNER_UNAVAILABLE' }),
    );
    expect(advice.missingInputs).toContainEqual(
      expect.objectContaining({ input: 'trend of care demand ELDERLY', reason: 'PARTNER_UNAVAILABLE' }),
    );
    expect(advice.summary).toMatch(/inputs were missing; see missingInputs\.$/);
  });

  test('when two candidates score the same, then the order of the scoring model decides, every time', () => {
    const twins: ScoringModel = {
      ...MODEL,
      destinations: MODEL.destinations.map((destination) => ({
        ...destination,
        criteria: [{ criterion: 'SIZE_FIT' as const, weight: 1 }],
        floorArea: { min: 1, max: 100_000 },
      })),
    };
    expect(ranking(advise(ageing(), 500, twins))).toEqual(
      MODEL.destinations.map((destination) => destination.destination),
    );
  });
});
