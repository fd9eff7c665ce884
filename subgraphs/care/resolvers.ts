import type { Resolvers } from '../kit/definition';
import { discloseCount, type DisclosureRule } from '../kit/disclosure';
import type { CareContext as Context } from './context';
import type { CareDemandRow } from './store';

type Area = { code: string };

/** The only way a count leaves this subgraph: through the partner's disclosure rule. */
const disclose = (row: CareDemandRow, rule: DisclosureRule) => {
  const clients = discloseCount(row.clients, rule);
  const waiting = discloseCount(row.waitingList, rule);
  return {
    year: row.year,
    targetGroup: row.targetGroup,
    clients: clients.value,
    suppressed: clients.suppressed,
    waitingList: waiting.value,
    waitingListSuppressed: waiting.suppressed,
    source: row.source,
  };
};

const careDemand = async (area: Area, args: { year: number; targetGroup?: string | null }, ctx: Context) => {
  await ctx.assertYear(args.year);
  const rows = await ctx.careDemand.load({ code: area.code, year: args.year });
  return rows.filter((row) => !args.targetGroup || row.targetGroup === args.targetGroup).map((row) => disclose(row, ctx.rule));
};

const careDemandHistory = async (area: Area, args: { targetGroup: string }, ctx: Context) =>
  (await ctx.careDemandHistory.load(area.code)).filter((row) => row.targetGroup === args.targetGroup).map((row) => disclose(row, ctx.rule));

const areaFields = { careDemand, careDemandHistory };

export const resolvers: Resolvers<Context> = {
  Neighbourhood: areaFields,
  District: areaFields,
  Municipality: areaFields,
};
