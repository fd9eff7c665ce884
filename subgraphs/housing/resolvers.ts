import type { SchemaResolvers } from './schema.generated';
import { encodeHousingFigures } from '@buurtgraaf/subgraph-kit/housing-figures';
import type { HousingContext as Context, Level } from './context';

type Area = { code: string };
type Asked = { years?: readonly number[] | null };

// Entities arrive as bare references ({ code }); this partner adds figures, it never checks names.
// The envelope is resolved here; its `series` and `figures` (the same, compact) are the
// policy-guarded part.
// `years` narrows the series to the years asked for, in the statement itself; `years` of the
// answer still lists them all.
const contribution =
  (level: Level) =>
  (area: Area, { years: asked }: Asked, ctx: Context) => {
    const series = () => ctx.socialHousingHistory[level](asked ?? null).load(area.code);
    return {
      series,
      figures: async () => encodeHousingFigures(await series()),
      years: async () =>
        asked
          ? ((await ctx.areaYears[level].load(area.code))?.years ?? [])
          : [...new Set((await series()).map((row) => row.year))],
    };
  };

/** The corporation answers under its own field (housing_domstad: kit/partner-sdl.ts). */
export const resolversFor = (field: string): SchemaResolvers<Context> => ({
  Neighbourhood: { [field]: contribution('neighbourhood') },
  District: { [field]: contribution('district') },
  Municipality: { [field]: contribution('municipality') },
});
