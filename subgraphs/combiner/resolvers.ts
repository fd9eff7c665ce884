import type { SchemaResolvers } from './schema.generated';
import { byProvider, careRows, combinedSeries } from './care';
import { contributionsOf, yearsPresent } from './contributions';
import { byCorporation, combinedHousing, housingRows, housingYears } from './housing';
import { assertYear } from './years';
import { secureSumsOf } from './secure';
import { encodeCareFigures } from '@buurtgraaf/subgraph-kit/care-figures';
import { encodeHousingFigures } from '@buurtgraaf/subgraph-kit/housing-figures';
import type { PairSecrets } from '@buurtgraaf/subgraph-kit/secure-sum';
import { type PartnerRef } from '@buurtgraaf/protocol';

type Area = Record<string, unknown> & { code: string };
type Context = { partners: readonly PartnerRef[]; secrets: PairSecrets | null };
type YearArgs = { year: number; targetGroup?: string | null };

const housing = (area: Area, ctx: Context) => contributionsOf(area, 'housing', ctx.partners, housingRows);
const care = (area: Area, ctx: Context) => contributionsOf(area, 'care', ctx.partners, careRows);
const secure = (area: Area, ctx: Context) => secureSumsOf(area, ctx.partners, ctx.secrets);

/** Null when every partner of the kind serving the area is missing: nothing to add up, and not "none". */
const allMissing = (parts: readonly { missing: unknown }[]) => parts.length > 0 && parts.every((part) => part.missing);

// The same fields on every level: the partners already summed their own figures per area.
const areaFields = {
  socialHousing: (area: Area, { year }: YearArgs, ctx: Context) => {
    const parts = housing(area, ctx);
    assertYear(year, yearsPresent(parts));
    return combinedHousing(parts, year);
  },
  socialHousingHistory: (area: Area, _: unknown, ctx: Context) => {
    const parts = housing(area, ctx);
    return allMissing(parts) ? null : housingYears(parts).map((year) => combinedHousing(parts, year));
  },
  socialHousingFigures: (area: Area, _: unknown, ctx: Context) => {
    const history = areaFields.socialHousingHistory(area, _, ctx);
    // Every year listed has a combined row; the filter only tells the compiler so.
    return history === null ? null : encodeHousingFigures(history.filter((row) => row !== null));
  },
  socialHousingByCorporation: (area: Area, { year }: YearArgs, ctx: Context) => {
    const parts = housing(area, ctx);
    assertYear(year, yearsPresent(parts));
    return byCorporation(parts, year);
  },
  careDemand: (area: Area, { year, targetGroup }: YearArgs, ctx: Context) => {
    const parts = care(area, ctx);
    assertYear(year, yearsPresent(parts));
    return allMissing(parts)
      ? null
      : combinedSeries(
          parts,
          (row) => row.year === year && (!targetGroup || row.targetGroup === targetGroup),
          secure(area, ctx),
        );
  },
  careDemandHistory: (area: Area, { targetGroup }: YearArgs, ctx: Context) => {
    const parts = care(area, ctx);
    return allMissing(parts)
      ? null
      : combinedSeries(parts, (row) => row.targetGroup === targetGroup, secure(area, ctx));
  },
  // Per year and target group only, never totalled over either: see subgraphs/care/resolvers.ts.
  careDemandSeries: (area: Area, _: unknown, ctx: Context) => {
    const parts = care(area, ctx);
    return allMissing(parts) ? null : combinedSeries(parts, undefined, secure(area, ctx));
  },
  careDemandFigures: (area: Area, _: unknown, ctx: Context) => {
    const series = areaFields.careDemandSeries(area, _, ctx);
    return series === null ? null : encodeCareFigures(series);
  },
  careDemandByProvider: (area: Area, { year, targetGroup }: YearArgs, ctx: Context) => {
    const parts = care(area, ctx);
    assertYear(year, yearsPresent(parts));
    return byProvider(parts, (row) => row.year === year && (!targetGroup || row.targetGroup === targetGroup));
  },
};

export const resolvers: SchemaResolvers<Context> = {
  Neighbourhood: areaFields,
  District: areaFields,
  Municipality: areaFields,
};
