import type { SchemaResolvers } from './schema.generated';
import { badUserInput } from '@buurtgraaf/platform';
import { adviseDestination } from './advice';
import { areaInsights, municipalityInsights, type AreaInsightsView, type IndicatorView } from './area-insights';
import type { InsightsContext as Context } from './context';
import { withSeries, type MunicipalityFigures, type NeighbourhoodFigures } from './figures';
import type { IndicatorKind } from './indicators';

type Building = { id: string; floorArea: number; neighbourhood: NeighbourhoodFigures };

/** Years a comparison may ask for: wide enough for any CBS series, narrow enough to catch typos. */
const assertYear = (year: number | null | undefined) => {
  if (year != null && (year < 1900 || year > 2100))
    throw badUserInput(`year must be between 1900 and 2100, not ${year}.`, 'year');
  return year;
};

export const resolvers: SchemaResolvers<Context> = {
  Neighbourhood: {
    // The representation carries every owner's figures the @requires asked for.
    insights: (figures: NeighbourhoodFigures) =>
      areaInsights({
        ...withSeries(figures),
        district: figures.district && withSeries(figures.district),
        municipality: figures.municipality && withSeries(figures.municipality),
      }),
  },
  Municipality: {
    insights: (figures: MunicipalityFigures) =>
      municipalityInsights({
        ...withSeries(figures),
        districts: figures.districts.map(withSeries),
        neighbourhoods: figures.neighbourhoods.map(withSeries),
      }),
  },
  VacantBuilding: {
    destinationAdvice: (building: Building, _: unknown, ctx: Context) =>
      adviseDestination(ctx.model, areaInsights(building.neighbourhood), building.floorArea, building.neighbourhood),
  },
  AreaInsights: {
    indicators: (view: AreaInsightsView, { kinds }: { kinds?: IndicatorKind[] | null }) => view.indicators(kinds),
    lackingFacilityKinds: (view: AreaInsightsView) =>
      view.facilities.filter((rate) => rate.lacking).map((rate) => rate.kind),
  },
  Indicator: {
    kind: (view: IndicatorView) => view.definition.kind,
    targetGroup: (view: IndicatorView) => view.definition.targetGroup,
    label: (view: IndicatorView) => view.definition.label,
    unit: (view: IndicatorView) => view.definition.unit,
    comparison: (view: IndicatorView, { year }: { year?: number | null }) => view.comparison(assertYear(year)),
  },
};
