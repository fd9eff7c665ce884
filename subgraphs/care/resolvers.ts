import type { SchemaResolvers } from './schema.generated';
import { discloseCount, type DisclosedCount, type DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';
import type { CareContext as Context } from './context';
import { encodeCareFigures } from '@buurtgraaf/subgraph-kit/care-figures';
import { shareOf } from './share';
import type { CareDemandRow } from './store';

type Area = { code: string };
type Asked = { years?: readonly number[] | null };

const HIDDEN: DisclosedCount = { value: null, suppressed: true };

/**
 * The only way a count leaves this subgraph: through the partner's disclosure rule, and only when
 * complementary suppression (the stored flag) did not hold it back either. `suppressed` does not
 * tell which of the two hid it: that would point an attacker at the small count.
 */
const disclose = (row: CareDemandRow, rule: DisclosureRule) => {
  const clients = row.clientsSuppressed ? HIDDEN : discloseCount(row.clients, rule);
  const waiting = row.waitingListSuppressed ? HIDDEN : discloseCount(row.waitingList, rule);
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

// Figures go out per year and per target group only. Never add a field that totals the target
// groups or counts over several years: suppression is worked out for each year and group on its
// own (kit/suppression.ts), and such a total would let hidden counts be subtracted out again.
// The envelope is resolved here; its `series` and `figures` (the same, compact) are the
// policy-guarded part.
// `share` is this provider's masked part of the combined cells (./share.ts): random to everyone
// but the combiner adding all providers' shares up, and then only their sum.
// `years` narrows both to the years asked for, in the statement itself: every provider gets the
// same list in one request, so their shares still cover the same cells, and a cell's noise
// depends on its year alone.
const contribution = (area: Area, { years: asked }: Asked, ctx: Context) => {
  const rows = () => ctx.careDemandHistory(asked ?? null).load(area.code);
  const yearsOfArea = async () =>
    asked ? ((await ctx.areaYears.load(area.code))?.years ?? []) : yearsOf(await rows());
  const series = async () => (await rows()).map((row) => disclose(row, ctx.rule));
  return {
    series,
    figures: async () => encodeCareFigures(await series()),
    years: yearsOfArea,
    share: async () => {
      if (!ctx.secureSum) return null;
      const all = await yearsOfArea();
      const years = (all.length > 0 ? all : await ctx.years()).filter((year) => !asked || asked.includes(year));
      return shareOf(area.code, await rows(), years, ctx.secureSum, ctx.rule, await ctx.releasable());
    },
  };
};

const yearsOf = (rows: readonly { year: number }[]) => [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b);

/** The provider answers under its own field (care_stadszorg: kit/partner-sdl.ts). */
export const resolversFor = (field: string): SchemaResolvers<Context> => ({
  Neighbourhood: { [field]: contribution },
  District: { [field]: contribution },
  Municipality: { [field]: contribution },
});
