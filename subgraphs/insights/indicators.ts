import { combine, known, missing, ratio, type AreaFigures, type Figure, type PopulationFigures } from './figures';

export type IndicatorKind =
  | 'SHARE_65_PLUS'
  | 'SHARE_15_TO_24'
  | 'SHARE_SINGLE_PERSON_HOUSEHOLDS'
  | 'CARE_DEMAND_RATE'
  | 'CARE_SUITABLE_DWELLINGS_RATE'
  | 'SOCIAL_HOUSING_WAITING_MONTHS';

export const TARGET_GROUPS = ['ELDERLY', 'DISABILITY', 'MENTAL_HEALTH', 'YOUTH'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** One indicator: what it is called and how one area's value in one year is worked out. */
export interface IndicatorDefinition {
  kind: IndicatorKind;
  targetGroup: TargetGroup | null;
  label: string;
  unit: string;
  /** Shares cannot pass 100; every indicator here is at least 0. */
  upperBound: number | null;
  valueOf(area: AreaFigures, year: number): Figure;
}

type PopulationField = Exclude<keyof PopulationFigures, 'year' | 'source'>;

function population(area: AreaFigures, year: number, field: PopulationField): Figure {
  if (!area.populationHistory) return missing('PARTNER_UNAVAILABLE');
  const row = area.populationHistory.find((entry) => entry.year === year);
  if (!row) return missing('NO_DATA');
  const value = row[field];
  return value === null ? missing('NOT_PUBLISHED') : known(value, row.source);
}

function careClients(area: AreaFigures, year: number, group: TargetGroup): Figure {
  if (!area.careDemandSeries) return missing('PARTNER_UNAVAILABLE');
  const row = area.careDemandSeries.find((entry) => entry.year === year && entry.targetGroup === group);
  if (!row) return missing('NO_DATA');
  if (row.suppressed) return missing('SUPPRESSED');
  return row.clients === null ? missing('NO_DATA') : known(row.clients, row.source);
}

function housing(area: AreaFigures, year: number, field: 'careSuitable' | 'averageWaitingMonths'): Figure {
  if (!area.socialHousingHistory) return missing('PARTNER_UNAVAILABLE');
  const row = area.socialHousingHistory.find((entry) => entry.year === year);
  const value = row?.[field];
  return row && value !== null && value !== undefined ? known(value, row.source) : missing('NO_DATA');
}

const sum = (...values: number[]) => values.reduce((total, value) => total + value, 0);

/** The residents a target group's care demand is related to; CBS has no 18+ band, so adults are 15+. */
const CARE_BAND: Record<TargetGroup, { unit: string; of(area: AreaFigures, year: number): Figure }> = {
  ELDERLY: { unit: 'per 1,000 residents aged 65+', of: (area, year) => population(area, year, 'age65Plus') },
  YOUTH: {
    unit: 'per 1,000 residents aged 0-24',
    of: (area, year) => combine([population(area, year, 'age0to14'), population(area, year, 'age15to24')], sum),
  },
  MENTAL_HEALTH: {
    unit: 'per 1,000 residents aged 15+',
    of: (area, year) =>
      combine([population(area, year, 'total'), population(area, year, 'age0to14')], (total, young) => total - young),
  },
  DISABILITY: { unit: 'per 1,000 residents', of: (area, year) => population(area, year, 'total') },
};

const GROUP_NAME: Record<TargetGroup, string> = {
  ELDERLY: 'older residents',
  DISABILITY: 'residents with a disability',
  MENTAL_HEALTH: 'adults in mental-health care',
  YOUTH: 'children and young people in youth care',
};

const share = (
  kind: IndicatorKind,
  label: string,
  part: PopulationField,
  whole: PopulationField,
): IndicatorDefinition => ({
  kind,
  targetGroup: null,
  label,
  unit: '%',
  upperBound: 100,
  valueOf: (area, year) => combine([population(area, year, part), population(area, year, whole)], ratio(100)),
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  share('SHARE_65_PLUS', 'Residents aged 65 or older', 'age65Plus', 'total'),
  share('SHARE_15_TO_24', 'Residents aged 15 to 24', 'age15to24', 'total'),
  share('SHARE_SINGLE_PERSON_HOUSEHOLDS', 'Single-person households', 'singlePersonHouseholds', 'households'),
  ...TARGET_GROUPS.map(
    (group): IndicatorDefinition => ({
      kind: 'CARE_DEMAND_RATE',
      targetGroup: group,
      label: `Care demand of ${GROUP_NAME[group]}`,
      unit: CARE_BAND[group].unit,
      upperBound: null,
      valueOf: (area, year) => combine([careClients(area, year, group), CARE_BAND[group].of(area, year)], ratio(1000)),
    }),
  ),
  {
    kind: 'CARE_SUITABLE_DWELLINGS_RATE',
    targetGroup: null,
    label: 'Care-suitable dwellings of the housing corporations',
    unit: 'per 1,000 residents aged 65+',
    upperBound: null,
    valueOf: (area, year) =>
      combine([housing(area, year, 'careSuitable'), population(area, year, 'age65Plus')], ratio(1000)),
  },
  {
    kind: 'SOCIAL_HOUSING_WAITING_MONTHS',
    targetGroup: null,
    label: 'Waiting time for a social-rent dwelling',
    unit: 'months',
    upperBound: null,
    valueOf: (area, year) => housing(area, year, 'averageWaitingMonths'),
  },
];

export const indicatorOf = (kind: IndicatorKind, targetGroup: TargetGroup | null = null) =>
  INDICATORS.find(
    (indicator) => indicator.kind === kind && indicator.targetGroup === targetGroup,
  ) as IndicatorDefinition;

/** Every year any partner has a figure for in this area, oldest first. */
export function yearsOf(area: AreaFigures): number[] {
  const years = new Set<number>();
  for (const series of [area.populationHistory, area.careDemandSeries, area.socialHousingHistory]) {
    for (const entry of series ?? []) years.add(entry.year);
  }
  return [...years].sort((a, b) => a - b);
}
