import type {
  AreaFigures,
  CareDemandFigures,
  NeighbourhoodFigures,
  PopulationFigures,
} from '../../../subgraphs/insights/figures';

const YEARS = [2020, 2021, 2022, 2023, 2024];
const KINDS = [
  'COMMUNITY_CENTRE',
  'LIBRARY',
  'PRIMARY_SCHOOL',
  'GP_PRACTICE',
  'PHARMACY',
  'SPORTS_FACILITY',
  'ELDERLY_DAY_CARE',
  'YOUTH_CENTRE',
  'HEALTH_CENTRE',
];
const GROUPS = ['ELDERLY', 'DISABILITY', 'MENTAL_HEALTH', 'YOUTH'];

export interface AreaShape {
  residents: number;
  /** Shares of residents per band. */
  share65Plus: number;
  share0to14: number;
  share15to24: number;
  singlePersonShare: number;
  /** Clients per 1,000 of the group's band in the first year, and the growth per year in the same unit. */
  careRate: Partial<Record<string, { level: number; perYear?: number }>>;
  facilities: Partial<Record<string, number>>;
  careSuitablePer1000Elderly: number;
  waitingMonths: number | null;
}

const AVERAGE: AreaShape = {
  residents: 100_000,
  share65Plus: 0.15,
  share0to14: 0.15,
  share15to24: 0.12,
  singlePersonShare: 0.4,
  careRate: { ELDERLY: { level: 100 }, DISABILITY: { level: 10 }, MENTAL_HEALTH: { level: 15 }, YOUTH: { level: 40 } },
  facilities: Object.fromEntries(KINDS.map((kind) => [kind, 50])),
  careSuitablePer1000Elderly: 50,
  waitingMonths: 60,
};

const bandOf = (population: PopulationFigures, group: string) =>
  group === 'ELDERLY'
    ? population.age65Plus!
    : group === 'YOUTH'
      ? population.age0to14! + population.age15to24!
      : group === 'MENTAL_HEALTH'
        ? population.total! - population.age0to14!
        : population.total!;

/** A constructed area: round figures whose indicators are easy to work out by hand. */
export function area(code: string, name: string, overrides: Partial<AreaShape> = {}): AreaFigures {
  const shape = { ...AVERAGE, ...overrides, careRate: { ...AVERAGE.careRate, ...overrides.careRate } };
  const populationHistory = YEARS.map((year): PopulationFigures => {
    const total = shape.residents;
    const age65Plus = Math.round(total * shape.share65Plus);
    const age0to14 = Math.round(total * shape.share0to14);
    const age15to24 = Math.round(total * shape.share15to24);
    const households = Math.round(total / 2);
    return {
      year,
      total,
      age0to14,
      age15to24,
      age65Plus,
      households,
      singlePersonHouseholds: Math.round(households * shape.singlePersonShare),
      source: 'CBS',
    };
  });
  const careDemandSeries = populationHistory.flatMap((population, index) =>
    GROUPS.map((group): CareDemandFigures => {
      const rate = shape.careRate[group] ?? { level: 0 };
      const clients = Math.round(((rate.level + (rate.perYear ?? 0) * index) * bandOf(population, group)) / 1000);
      return { year: population.year, targetGroup: group, clients, suppressed: false, source: 'GENERATED' };
    }),
  );
  return {
    code,
    name,
    populationHistory,
    careDemandSeries,
    facilityCounts: KINDS.map((kind) => ({ kind, count: shape.facilities[kind] ?? 0, source: 'GENERATED' })),
    socialHousingHistory: populationHistory.map((population) => ({
      year: population.year,
      careSuitable: Math.round((shape.careSuitablePer1000Elderly * population.age65Plus!) / 1000),
      averageWaitingMonths: shape.waitingMonths,
      source: 'GENERATED',
    })),
  };
}

/**
 * A neighbourhood of 2,000 residents with one facility of each kind, in a district (ten of each)
 * and a municipality that are exactly average; overrides change only what a test is about.
 */
export function neighbourhood(
  overrides: Partial<AreaShape> = {},
  district: Partial<AreaShape> = {},
): NeighbourhoodFigures {
  const each = (count: number) => Object.fromEntries(KINDS.map((kind) => [kind, count]));
  return {
    ...area('BU99990101', 'Testbuurt', {
      residents: 2000,
      ...overrides,
      facilities: { ...each(1), ...overrides.facilities },
    }),
    district: area('WK999901', 'Testwijk', {
      residents: 20_000,
      ...district,
      facilities: { ...each(10), ...district.facilities },
    }),
    municipality: area('GM9999', 'Teststad'),
  };
}
