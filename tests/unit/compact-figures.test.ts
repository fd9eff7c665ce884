import { decodeCareFigures, encodeCareFigures, type CareFigure } from '@buurtgraaf/subgraph-kit/care-figures';
import {
  decodeHousingFigures,
  encodeHousingFigures,
  type HousingFigure,
} from '@buurtgraaf/subgraph-kit/housing-figures';
import {
  decodePopulationFigures,
  encodePopulationFigures,
  type PopulationFigure,
} from '@buurtgraaf/subgraph-kit/population-figures';
import { careRows } from '../../subgraphs/combiner/care';
import { housingRows } from '../../subgraphs/combiner/housing';

// The compact forms in which providers and corporations hand their figures to the combining
// subgraph, and the combiner its combined series to insights. The reader trusts nothing in them:
// whatever is not exactly the format reads as no answer.

const figure = (overrides: Partial<CareFigure>): CareFigure => ({
  year: 2023,
  targetGroup: 'ELDERLY',
  clients: 120,
  waitingList: 15,
  suppressed: false,
  waitingListSuppressed: false,
  source: 'GENERATED',
  ...overrides,
});

const SERIES: CareFigure[] = [
  figure({ year: 2022, targetGroup: 'DISABILITY', clients: null, suppressed: true }),
  figure({ year: 2022, targetGroup: 'YOUTH', waitingList: null, waitingListSuppressed: true, source: 'CBS' }),
  figure({ year: 2023, targetGroup: 'ELDERLY' }),
  figure({
    year: 2023,
    targetGroup: 'MENTAL_HEALTH',
    clients: null,
    waitingList: null,
    suppressed: true,
    waitingListSuppressed: true,
    source: 'PARTNER',
  }),
];

describe('care figures, compact', () => {
  test('when a provider series is encoded and decoded, then every figure comes back as it was, hidden counts still null', () => {
    expect(decodeCareFigures(encodeCareFigures(SERIES))).toEqual(SERIES);
    expect(decodeCareFigures(encodeCareFigures([]))).toEqual([]);
  });

  test('when the series arrives out of order, then it is sent oldest year first and groups alphabetically', () => {
    expect(decodeCareFigures(encodeCareFigures([...SERIES].reverse()))).toEqual(SERIES);
  });

  test('when it is encoded, then it takes far fewer bytes than the objects it replaces', () => {
    expect(encodeCareFigures(SERIES).length * 5).toBeLessThan(JSON.stringify(SERIES).length);
  });

  test('when a figure cannot be carried, then encoding refuses it instead of sending something else', () => {
    for (const bad of [
      figure({ clients: null }),
      figure({ suppressed: true }),
      figure({ clients: -1 }),
      figure({ clients: 1.5 }),
      figure({ clients: 1e9 }),
      figure({ targetGroup: 'ALL' }),
      figure({ source: 'GUESS' }),
      figure({ year: 99999 }),
    ])
      expect(() => encodeCareFigures([bad])).toThrow(RangeError);
  });

  test.each([
    ['another version', 'v2;2023,1,120,15,0,2'],
    ['no version', '2023,1,120,15,0,2'],
    ['a count beside its hidden flag', 'v1;2023,1,120,15,1,2'],
    ['a shown count missing', 'v1;2023,1,,15,0,2'],
    ['a cell twice', 'v1;2023,1,120,15,0,2;2023,1,120,15,0,2'],
    ['cells out of order', 'v1;2023,2,120,15,0,2;2023,1,120,15,0,2'],
    ['an unknown group', 'v1;2023,4,120,15,0,2'],
    ['an unknown source', 'v1;2023,1,120,15,0,3'],
    ['a negative count', 'v1;2023,1,-120,15,0,2'],
    ['a count in exponent notation', 'v1;2023,1,1e3,15,0,2'],
    ['a field too many', 'v1;2023,1,120,15,0,2,7'],
    ['a trailing separator', 'v1;2023,1,120,15,0,2;'],
    ['thousands of entries', `v1${';2023,1,120,15,0,2'.repeat(5000)}`],
    ['not text', { series: [] }],
  ])('when a provider sends %s, then nothing is decoded', (_, text) => {
    expect(decodeCareFigures(text)).toBeNull();
  });

  test('when the combiner reads a provider envelope, then malformed figures are no answer and absent figures a refusal', () => {
    expect(careRows({ figures: encodeCareFigures(SERIES) })).toEqual(SERIES);
    expect(careRows({ figures: 'v1;2023,1,120,15,1,2' })).toBe('MALFORMED');
    expect(careRows({ figures: null })).toBeNull();
    expect(careRows({})).toBeNull();
  });
});

const HOUSING: HousingFigure[] = [
  {
    year: 2022,
    dwellings: 358,
    stepFree: 142,
    careSuitable: 20,
    vacant: 5,
    averageWaitingMonths: 123.6,
    source: 'GENERATED',
  },
  { year: 2023, dwellings: 0, stepFree: 0, careSuitable: 0, vacant: 0, averageWaitingMonths: null, source: 'PARTNER' },
  { year: 2024, dwellings: 7, stepFree: 3, careSuitable: 1, vacant: 0, averageWaitingMonths: 60, source: 'CBS' },
];

describe('housing figures, compact', () => {
  test('when a corporation series is encoded and decoded, then every year comes back as it was, oldest first', () => {
    expect(decodeHousingFigures(encodeHousingFigures([...HOUSING].reverse()))).toEqual(HOUSING);
    expect(encodeHousingFigures(HOUSING).length * 3).toBeLessThan(JSON.stringify(HOUSING).length);
  });

  test('when a figure cannot be carried, then encoding refuses it', () => {
    const [first] = HOUSING;
    for (const bad of [
      { ...first!, averageWaitingMonths: 12.25 },
      { ...first!, dwellings: -1 },
      { ...first!, vacant: 2.5 },
      { ...first!, source: 'GUESS' },
    ])
      expect(() => encodeHousingFigures([bad])).toThrow(RangeError);
  });

  test.each([
    ['the care version', 'v1;2023,358,142,20,5,123.6,2'],
    ['a year twice', 'h1;2023,358,142,20,5,123.6,2;2023,358,142,20,5,123.6,2'],
    ['years out of order', 'h1;2024,358,142,20,5,123.6,2;2023,358,142,20,5,123.6,2'],
    ['a missing count', 'h1;2023,,142,20,5,123.6,2'],
    ['a waiting time of two decimals', 'h1;2023,358,142,20,5,123.65,2'],
    ['an unknown source', 'h1;2023,358,142,20,5,123.6,3'],
    ['a column too few', 'h1;2023,358,142,20,5,2'],
  ])('when a corporation sends %s, then nothing is decoded', (_, text) => {
    expect(decodeHousingFigures(text)).toBeNull();
  });

  test('when the combiner reads a corporation envelope, then malformed figures are no answer and absent figures a refusal', () => {
    expect(housingRows({ figures: encodeHousingFigures(HOUSING) })).toEqual(HOUSING);
    expect(housingRows({ figures: 'h1;2023,-358,142,20,5,123.6,2' })).toBe('MALFORMED');
    expect(housingRows({ figures: null })).toBeNull();
  });
});

const POPULATION: PopulationFigure[] = [
  {
    year: 2023,
    total: 4200,
    age0to14: 610,
    age15to24: 540,
    age65Plus: 720,
    households: 2100,
    singlePersonHouseholds: 930,
    source: 'CBS',
  },
  {
    year: 2024,
    total: 4235,
    age0to14: null,
    age15to24: null,
    age65Plus: null,
    households: null,
    singlePersonHouseholds: null,
    source: 'CBS',
  },
];

describe('population figures, compact', () => {
  test('when a population history is encoded and decoded, then every year comes back as it was, unpublished counts still null', () => {
    expect(decodePopulationFigures(encodePopulationFigures([...POPULATION].reverse()))).toEqual(POPULATION);
  });

  test('when a count is not a whole number, then encoding refuses it', () => {
    expect(() => encodePopulationFigures([{ ...POPULATION[0]!, total: 4200.5 }])).toThrow(RangeError);
  });

  test.each([
    ['the housing version', 'h1;2023,4200,610,540,720,2100,930,0'],
    ['a year twice', 'p1;2023,4200,610,540,720,2100,930,0;2023,4200,610,540,720,2100,930,0'],
    ['a column too many', 'p1;2023,4200,610,540,720,2100,930,0,0'],
    ['a decimal count', 'p1;2023,4200.5,610,540,720,2100,930,0'],
  ])('when the municipality sends %s, then nothing is decoded', (_, text) => {
    expect(decodePopulationFigures(text)).toBeNull();
  });
});
