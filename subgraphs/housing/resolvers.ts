import type { Resolvers } from '../kit/definition';
import type { HousingContext as Context } from './context';

type Area = { code: string };

// Entities arrive as bare references ({ code }); this partner adds figures, it never checks names.
const socialHousing = (level: keyof Context['socialHousing']) => async (area: Area, { year }: { year: number }, ctx: Context) => {
  await ctx.assertYear(year);
  return ctx.socialHousing[level].load({ code: area.code, year });
};

const socialHousingHistory = (level: keyof Context['socialHousingHistory']) => (area: Area, _: unknown, ctx: Context) =>
  ctx.socialHousingHistory[level].load(area.code);

export const resolvers: Resolvers<Context> = {
  Neighbourhood: { socialHousing: socialHousing('neighbourhood'), socialHousingHistory: socialHousingHistory('neighbourhood') },
  District: { socialHousing: socialHousing('district'), socialHousingHistory: socialHousingHistory('district') },
  Municipality: { socialHousing: socialHousing('municipality'), socialHousingHistory: socialHousingHistory('municipality') },
};
