import type { SchemaResolvers } from './schema.generated';
import { discloseCount } from '@buurtgraaf/subgraph-kit/disclosure';
import type { NewpartnerContext as Context } from './context';

type Area = { code: string };

// The gateway sends neighbourhoods as bare references ({ code }) in one `_entities` batch; the
// loader turns the whole batch into one SQL statement. Names and hierarchy belong to the
// municipality subgraph, so this one never checks them.
export const resolvers: SchemaResolvers<Context> = {
  Neighbourhood: {
    newpartnerFigure: async (area: Area, { year }: { year: number }, ctx: Context) => {
      await ctx.assertYear(year);
      const row = await ctx.figure.load({ code: area.code, year });
      if (!row) return null;
      // A count of people leaves only through the disclosure rule. A figure that counts no
      // people (square metres, euros) may publish row.value as it is: then drop `suppressed`.
      const disclosed = discloseCount(row.value, ctx.rule);
      return { year: row.year, value: disclosed.value, suppressed: disclosed.suppressed, source: row.source };
    },
  },
};
