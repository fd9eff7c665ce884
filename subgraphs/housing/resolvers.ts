import type { Resolvers } from '../kit/definition';
import type { HousingContext as Context } from './context';

type Area = { code: string };

// Entities arrive as bare references ({ code }); this partner adds figures, it never checks names.
const socialHousing = (level: keyof Context['socialHousing']) => async (area: Area, { year }: { year: number }, ctx: Context) => {
  await ctx.assertYear(year);
  return ctx.socialHousing[level].load({ code: area.code, year });
};

export const resolvers: Resolvers<Context> = {
  Neighbourhood: {
    socialHousing: socialHousing('neighbourhood'),
    socialHousingHistory: (area: Area, _: unknown, ctx: Context) => ctx.socialHousingHistory.load(area.code),
  },
  District: { socialHousing: socialHousing('district') },
  Municipality: { socialHousing: socialHousing('municipality') },
};
