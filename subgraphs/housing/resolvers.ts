import type { SchemaResolvers } from './schema.generated';
import type { HousingContext as Context } from './context';

type Area = { code: string };
type Asked = { years?: readonly number[] | null };
type Level = keyof Context['socialHousingHistory'];

// Entities arrive as bare references ({ code }); this partner adds figures, it never checks names.
// The envelope is resolved here; its `series` is the policy-guarded part.
// `years` narrows the series to the years asked for; `years` of the answer still lists them all.
const contribution =
  (level: Level) =>
  (area: Area, { years: asked }: Asked, ctx: Context) => ({
    series: async () => {
      const all = await ctx.socialHousingHistory[level].load(area.code);
      return asked ? all.filter((row) => asked.includes(row.year)) : all;
    },
    years: async () => [...new Set((await ctx.socialHousingHistory[level].load(area.code)).map((row) => row.year))],
  });

/** The corporation answers under its own field (housing_domstad: kit/partner-sdl.ts). */
export const resolversFor = (field: string): SchemaResolvers<Context> => ({
  Neighbourhood: { [field]: contribution('neighbourhood') },
  District: { [field]: contribution('district') },
  Municipality: { [field]: contribution('municipality') },
});
