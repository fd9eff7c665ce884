import type { AreaInsightsView, Comparison } from './area-insights';
import type { MissingReason } from './figures';
import type { IndicatorKind, TargetGroup } from './indicators';
import type { CriterionModel, DestinationModel } from './scoring-model';

export interface CriterionResult {
  criterion: CriterionModel['criterion'];
  subject: string | null;
  weight: number;
  /** 0 to 1; null when an input was missing. */
  value: number | null;
  reason: string;
  missing: MissingReason | null;
  /** The input that was missing, named for the advice's list of gaps. */
  missingInput: string | null;
}

const clamp = (value: number) => Math.min(Math.max(value, 0), 1);
/** Index 50 or less scores 0, 100 (the municipality's average) 0.5, 150 or more 1. */
export const moreIsNeed = (index: number) => clamp((index - 50) / 100);
/** The mirror image: fewer than average means more need. */
export const lessIsNeed = (index: number) => clamp((150 - index) / 100);

export const format = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const words = (code: string) => code.toLowerCase().replaceAll('_', ' ');
const withUnit = (value: number, unit: string) => (unit === '%' ? `${format(value)}%` : `${format(value)} ${unit}`);

const FACILITY_NAME: Record<string, string> = {
  COMMUNITY_CENTRE: 'community centre',
  LIBRARY: 'library',
  PRIMARY_SCHOOL: 'primary school',
  GP_PRACTICE: 'GP practice',
  PHARMACY: 'pharmacy',
  SPORTS_FACILITY: 'sports facility',
  ELDERLY_DAY_CARE: 'day care for older residents',
  YOUTH_CENTRE: 'youth centre',
  HEALTH_CENTRE: 'health centre',
};
const facilityName = (kind: string) => FACILITY_NAME[kind] ?? words(kind);

const POPULATION_INDICATOR: Record<string, IndicatorKind> = {
  AGE_65_PLUS: 'SHARE_65_PLUS',
  AGE_15_TO_24: 'SHARE_15_TO_24',
  SINGLE_PERSON_HOUSEHOLDS: 'SHARE_SINGLE_PERSON_HOUSEHOLDS',
};

type Base = Pick<CriterionResult, 'criterion' | 'subject' | 'weight'>;

const gap = (base: Base, input: string, reason: MissingReason): CriterionResult => ({
  ...base,
  value: null,
  missing: reason,
  missingInput: input,
  reason: `No ${input}: ${words(reason)}, so this criterion counts as 0.`,
});

/** A criterion read off an indicator's comparison with the municipality. */
function byIndex(
  base: Base,
  insights: AreaInsightsView,
  kind: IndicatorKind,
  group: TargetGroup | null,
  scale: (index: number) => number,
  input: string,
) {
  const indicator = insights.indicator(kind, group);
  const comparison: Comparison = indicator.comparison();
  if (comparison.neighbourhoodIndex === null) return gap(base, input, comparison.missing ?? 'NO_DATA');
  const { label, unit } = indicator.definition;
  const reason = `${label}: ${withUnit(comparison.neighbourhood ?? 0, unit)} in ${insights.name} in ${comparison.year}, index ${comparison.neighbourhoodIndex} against ${insights.municipalityName} (${withUnit(comparison.municipality ?? 0, unit)}).`;
  return { ...base, value: scale(comparison.neighbourhoodIndex), missing: null, missingInput: null, reason };
}

function trend(base: Base, insights: AreaInsightsView, group: TargetGroup): CriterionResult {
  const indicator = insights.indicator('CARE_DEMAND_RATE', group);
  const { trend: line } = indicator;
  const latest = indicator.values.filter((entry) => entry.value !== null).at(-1)?.value;
  if (line.changePerYear === null || !line.projection || !latest)
    return gap(base, `trend of care demand ${group}`, line.missing ?? 'ZERO_BASE');
  // Growth relative to today's level: +5% a year or more scores 1, -5% or less 0.
  const growth = line.changePerYear / latest;
  const { projection } = line;
  const direction = line.changePerYear >= 0 ? 'rose' : 'fell';
  const reason = `${indicator.definition.label} ${direction} by ${withUnit(Math.abs(line.changePerYear), indicator.definition.unit)} a year (${line.fromYear}-${line.toYear}); if that continues, ${format(projection.value)} in ${projection.year} (projection, 80% range ${format(projection.low)}-${format(projection.high)}).`;
  return { ...base, value: clamp(0.5 + growth * 10), missing: null, missingInput: null, reason };
}

function facilityGap(base: Base, insights: AreaInsightsView, kind: string): CriterionResult {
  const rate = insights.facilities.find((entry) => entry.kind === kind);
  if (!rate) return gap(base, `facility register (${facilityName(kind)})`, 'PARTNER_UNAVAILABLE');
  const where = insights.name;
  const average =
    rate.municipalityPer1000 === null
      ? ''
      : ` (${insights.municipalityName}: ${format(rate.municipalityPer1000)} per 1,000 residents)`;
  if (rate.neighbourhoodCount === 0 && rate.districtCount === 0) {
    return {
      ...base,
      value: 1,
      missing: null,
      missingInput: null,
      reason: `No ${facilityName(kind)} in ${where}, nor elsewhere in ${insights.districtName}${average}.`,
    };
  }
  if (rate.neighbourhoodCount === 0) {
    return {
      ...base,
      value: 0.75,
      missing: null,
      missingInput: null,
      reason: `No ${facilityName(kind)} in ${where}; ${insights.districtName} has ${rate.districtCount}${average}.`,
    };
  }
  if (rate.index === null) return gap(base, `residents of ${where}`, 'ZERO_BASE');
  const reason = `${where} has ${rate.neighbourhoodCount} × ${facilityName(kind)}: ${format(rate.neighbourhoodPer1000 ?? 0)} per 1,000 residents, index ${rate.index} against ${insights.municipalityName}.`;
  return { ...base, value: lessIsNeed(rate.index), missing: null, missingInput: null, reason };
}

function sizeFit(base: Base, floorArea: number, { min, max }: DestinationModel['floorArea']): CriterionResult {
  // Full marks inside the range; none at half the minimum or twice the maximum.
  const value =
    floorArea < min
      ? clamp(1 - (min - floorArea) / (min / 2))
      : floorArea > max
        ? clamp(1 - (floorArea - max) / max)
        : 1;
  const fit = value === 1 ? 'fits' : floorArea < min ? 'is small for' : 'is large for';
  const reason = `Floor area ${format(floorArea)} m² ${fit} the ${format(min)}-${format(max)} m² this needs.`;
  return { ...base, value, missing: null, missingInput: null, reason };
}

/** Scores one criterion of one destination on 0 to 1, with the figures it used in words. */
export function evaluate(
  criterion: CriterionModel,
  destination: DestinationModel,
  insights: AreaInsightsView,
  floorArea: number,
): CriterionResult {
  const subject =
    'targetGroup' in criterion
      ? criterion.targetGroup
      : 'facilityKind' in criterion
        ? criterion.facilityKind
        : 'group' in criterion
          ? criterion.group
          : null;
  const base: Base = { criterion: criterion.criterion, subject, weight: criterion.weight };
  switch (criterion.criterion) {
    case 'CARE_DEMAND':
      return byIndex(
        base,
        insights,
        'CARE_DEMAND_RATE',
        criterion.targetGroup,
        moreIsNeed,
        `care demand ${criterion.targetGroup}`,
      );
    case 'CARE_DEMAND_TREND':
      return trend(base, insights, criterion.targetGroup);
    case 'FACILITY_GAP':
      return facilityGap(base, insights, criterion.facilityKind);
    case 'CARE_HOUSING_SHORTAGE':
      return byIndex(base, insights, 'CARE_SUITABLE_DWELLINGS_RATE', null, lessIsNeed, 'care-suitable dwellings');
    case 'HOUSING_WAITING_TIME':
      return byIndex(
        base,
        insights,
        'SOCIAL_HOUSING_WAITING_MONTHS',
        null,
        moreIsNeed,
        'waiting time for social housing',
      );
    case 'POPULATION_SHARE':
      return byIndex(
        base,
        insights,
        POPULATION_INDICATOR[criterion.group] as IndicatorKind,
        null,
        moreIsNeed,
        `population share ${criterion.group}`,
      );
    case 'SIZE_FIT':
      return sizeFit(base, floorArea, destination.floorArea);
  }
}
