import type { Resolvers } from '../../kit/definition';
import type { NewpartnerContext as Context } from './context';

type Area = { code: string };

// The gateway sends neighbourhoods as bare references ({ code }) in one `_entities` batch; the
// loader turns the whole batch into one SQL statement. Names and hierarchy belong to the
// municipality subgraph, so this one never checks them.
export const resolvers: Resolvers<Context> = {
  Neighbourhood: {
    newpartnerFigure: async (area: Area, { year }: { year: number }, ctx: Context) => {
      await ctx.assertYear(year);
      return ctx.figure.load({ code: area.code, year });
    },
  },
};
