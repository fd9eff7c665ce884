import {
  missing,
  round,
  type AreaFigures,
  type Figure,
  type MissingReason,
  type MunicipalityFigures,
  type NeighbourhoodFigures,
} from './figures';
import {
  INDICATORS,
  indicatorOf,
  yearsOf,
  type IndicatorDefinition,
  type IndicatorKind,
  type TargetGroup,
} from './indicators';
import { fitTrend, type Trend } from './trend';
import { facilityRates, type FacilityRate } from './facilities';

export interface IndicatorValue extends Figure {
  year: number;
}

export interface Comparison {
  year: number | null;
  neighbourhood: number | null;
  district: number | null;
  municipality: number | null;
  neighbourhoodIndex: number | null;
  districtIndex: number | null;
  missing: MissingReason | null;
}

export interface IndicatorView {
  definition: IndicatorDefinition;
  values: IndicatorValue[];
  comparison(year?: number | null): Comparison;
  trend: Trend;
}

export interface AreaInsightsView {
  name: string;
  municipalityName: string;
  districtName: string;
  indicator(kind: IndicatorKind, targetGroup?: TargetGroup | null): IndicatorView;
  indicators(kinds?: readonly IndicatorKind[] | null): IndicatorView[];
  facilities: FacilityRate[];
}

/** 100 is the municipality's value; the reason of the first missing side explains a null. */
function indexOf(value: Figure, municipality: Figure): { index: number | null; missing: MissingReason | null } {
  if (value.value === null) return { index: null, missing: value.missing };
  if (municipality.value === null) return { index: null, missing: municipality.missing };
  if (municipality.value === 0) return { index: null, missing: 'ZERO_BASE' };
  return { index: round((value.value / municipality.value) * 100, 0), missing: null };
}

const valueIn = (definition: IndicatorDefinition, area: AreaFigures | null | undefined, year: number): Figure =>
  area ? definition.valueOf(area, year) : missing('PARTNER_UNAVAILABLE');

/** With no value at all, the trend is missing for the same reason the values are. */
function trendOf(
  values: IndicatorValue[],
  observed: { year: number; value: number }[],
  definition: IndicatorDefinition,
): Trend {
  const trend = fitTrend(observed, definition.upperBound);
  return observed.length === 0 && values[0]?.missing ? { ...trend, missing: values[0].missing } : trend;
}

function view(definition: IndicatorDefinition, figures: NeighbourhoodFigures, years: readonly number[]): IndicatorView {
  const values = years.map((year) => ({ year, ...definition.valueOf(figures, year) }));
  const rounded = values.map((entry) => ({ ...entry, value: entry.value === null ? null : round(entry.value) }));
  const observed = values.filter((entry): entry is IndicatorValue & { value: number } => entry.value !== null);
  return {
    definition,
    values: rounded,
    trend: trendOf(values, observed, definition),
    comparison(year) {
      const at = year ?? observed.at(-1)?.year ?? years.at(-1) ?? null;
      if (at === null)
        return {
          year: null,
          neighbourhood: null,
          district: null,
          municipality: null,
          neighbourhoodIndex: null,
          districtIndex: null,
          missing: 'NO_DATA',
        };
      const own = definition.valueOf(figures, at);
      const district = valueIn(definition, figures.district, at);
      const municipality = valueIn(definition, figures.municipality, at);
      const ownIndex = indexOf(own, municipality);
      const districtIndex = indexOf(district, municipality);
      const show = (figure: Figure) => (figure.value === null ? null : round(figure.value));
      return {
        year: at,
        neighbourhood: show(own),
        district: show(district),
        municipality: show(municipality),
        neighbourhoodIndex: ownIndex.index,
        districtIndex: districtIndex.index,
        missing: ownIndex.missing ?? districtIndex.missing,
      };
    },
  };
}

/** Everything insights says about one neighbourhood, computed once per entity and on demand. */
export function areaInsights(figures: NeighbourhoodFigures): AreaInsightsView {
  const years = yearsOf(figures);
  const views = new Map<IndicatorDefinition, IndicatorView>();
  const viewOf = (definition: IndicatorDefinition) => {
    let found = views.get(definition);
    if (!found) views.set(definition, (found = view(definition, figures, years)));
    return found;
  };
  let facilities: FacilityRate[] | null = null;
  return {
    name: figures.name,
    municipalityName: figures.municipality?.name ?? 'the municipality',
    districtName: figures.district?.name ?? 'the district',
    indicator: (kind, targetGroup = null) => viewOf(indicatorOf(kind, targetGroup)),
    indicators: (kinds) => INDICATORS.filter((definition) => !kinds || kinds.includes(definition.kind)).map(viewOf),
    get facilities() {
      return (facilities ??= facilityRates(figures));
    },
  };
}

/**
 * Every neighbourhood of a municipality from one representation in which each figure occurs
 * once: each neighbourhood gets its own district's and the municipality's figures attached.
 */
export function municipalityInsights(figures: MunicipalityFigures) {
  const districts = new Map(figures.districts.map((district) => [district.code, district]));
  return {
    neighbourhoods: [...figures.neighbourhoods]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((neighbourhood) => ({
        neighbourhood: { code: neighbourhood.code },
        insights: areaInsights({
          ...neighbourhood,
          district: districts.get(neighbourhood.district.code) ?? null,
          municipality: figures,
        }),
      })),
  };
}
