import type { SchemaResolvers } from './schema.generated';
import type { HousingContext as Context } from './context';

type Area = { code: string };
type Level = keyof Context['socialHousingHistory'];

// Entities arrive as bare references ({ code }); this partner adds figures, it never checks names.
// The envelope is resolved here; its `series` is the policy-guarded part.
const contribution = (level: Level) => (area: Area, _: unknown, ctx: Context) => ({
  series: () => ctx.socialHousingHistory[level].load(area.code),
});

/** The corporation answers under its own field (housing_domstad: kit/partner-sdl.ts). */
export const resolversFor = (field: string): SchemaResolvers<Context> => ({
  Neighbourhood: { [field]: contribution('neighbourhood') },
  District: { [field]: contribution('district') },
  Municipality: { [field]: contribution('municipality') },
});
