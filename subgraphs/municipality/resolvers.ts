import type { GraphQLEnumType, GraphQLResolveInfo } from 'graphql';
import type { SchemaResolvers } from './schema.generated';
import { AREA_CODE, assertAreaCode } from '@buurtgraaf/protocol';
import { assertPageSize, decodeCursor, encodeCursor } from '@buurtgraaf/subgraph-kit/cursor';
import { encodePopulationFigures } from '@buurtgraaf/subgraph-kit/population-figures';
import type { MunicipalityContext as Context } from './context';
import type { AreaRow, VacantBuildingRow } from './store';
import * as store from './store';

type Ref = { code: string };

const DEFAULT_PAGE_SIZE = 100;

/** An area of the wanted level, or null: a well-formed code that does not exist is not an error. */
const areaOf =
  (level: AreaRow['level']) =>
  async ({ code }: Ref, ctx: Context) => {
    const area = await ctx.areas.load(code);
    return area?.level === level ? area : null;
  };

const population = async (area: AreaRow, { year }: { year: number }, ctx: Context) => {
  await ctx.assertYear(year);
  return ctx.population.load({ code: area.code, year });
};
const populationHistory = (area: AreaRow, _: unknown, ctx: Context) => ctx.populationHistory.load(area.code);
const populationFigures = async (area: AreaRow, _: unknown, ctx: Context) =>
  encodePopulationFigures(await ctx.populationHistory.load(area.code));
/** Every kind of the register, with 0 where the area has none: an absent kind is a count, not a gap. */
const facilityCounts =
  (level: AreaRow['level']) => async (area: AreaRow, _: unknown, ctx: Context, info: GraphQLResolveInfo) => {
    const rows = await ctx.facilityCounts[level].load(area.code);
    const counted = new Map(rows.map((row) => [row.kind, row]));
    // A zero is as generated as the register it was counted in.
    const source = rows.some((row) => row.source === 'GENERATED') ? 'GENERATED' : 'PARTNER';
    const kinds = (info.schema.getType('FacilityKind') as GraphQLEnumType).getValues();
    return kinds.map(({ value }: { value: string }) => counted.get(value) ?? { kind: value, count: 0, source });
  };
const parent = (column: 'districtCode' | 'municipalityCode') => (area: AreaRow, _: unknown, ctx: Context) =>
  ctx.areas.load(area[column] ?? '');

type PageArgs = { municipality?: string | null; first?: number | null; after?: string | null };

/** One page of districts or neighbourhoods in code order, of one municipality (or district), or of the country. */
async function pageOf(
  level: 'district' | 'neighbourhood',
  args: PageArgs & { district?: string | null },
  ctx: Context,
) {
  const filter = {
    municipality: args.municipality == null ? null : assertAreaCode('municipality', args.municipality, 'municipality'),
    district: args.district == null ? null : assertAreaCode('district', args.district, 'district'),
  };
  const first = assertPageSize(args.first ?? Math.min(DEFAULT_PAGE_SIZE, ctx.maxPageSize), ctx.maxPageSize);
  const after = args.after == null ? null : decodeCursor(args.after, (key) => AREA_CODE[level].test(key));
  const [rows, totalCount] = await Promise.all([
    store.areaPage(ctx.db, level, filter, first, after),
    store.countAreas(ctx.db, level, filter),
  ]);
  const nodes = rows.slice(0, first);
  for (const node of nodes) ctx.areas.prime(node.code, node);
  const last = nodes.at(-1);
  return {
    totalCount,
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.code) : null },
  };
}

export const resolvers: SchemaResolvers<Context> = {
  Query: {
    neighbourhood: (_: unknown, { code }: Ref, ctx: Context) =>
      areaOf('neighbourhood')({ code: assertAreaCode('neighbourhood', code) }, ctx),
    district: (_: unknown, { code }: Ref, ctx: Context) =>
      areaOf('district')({ code: assertAreaCode('district', code) }, ctx),
    municipality: (_: unknown, { code }: Ref, ctx: Context) =>
      areaOf('municipality')({ code: assertAreaCode('municipality', code) }, ctx),
    municipalities: (_: unknown, __: unknown, ctx: Context) => store.municipalities(ctx.db),
    neighbourhoods: (_: unknown, args: PageArgs & { district?: string | null }, ctx: Context) =>
      pageOf('neighbourhood', args, ctx),
    districts: (_: unknown, args: PageArgs, ctx: Context) => pageOf('district', args, ctx),
  },
  Municipality: {
    __resolveReference: areaOf('municipality'),
    districts: (area: AreaRow, _: unknown, ctx: Context) => ctx.districtsOf.load(area.code),
    neighbourhoods: (area: AreaRow, _: unknown, ctx: Context) => ctx.neighbourhoodsOfMunicipality.load(area.code),
    population,
    populationHistory,
    populationFigures,
    facilityCounts: facilityCounts('municipality'),
  },
  District: {
    __resolveReference: areaOf('district'),
    municipality: parent('municipalityCode'),
    neighbourhoods: (area: AreaRow, _: unknown, ctx: Context) => ctx.neighbourhoodsOfDistrict.load(area.code),
    population,
    populationHistory,
    populationFigures,
    facilityCounts: facilityCounts('district'),
  },
  Neighbourhood: {
    __resolveReference: areaOf('neighbourhood'),
    district: parent('districtCode'),
    municipality: parent('municipalityCode'),
    population,
    populationHistory,
    populationFigures,
    facilities: async (area: AreaRow, { kind }: { kind?: string | null }, ctx: Context) => {
      const all = await ctx.facilities.load(area.code);
      return kind ? all.filter((facility) => facility.kind === kind) : all;
    },
    facilityCounts: facilityCounts('neighbourhood'),
    vacantBuildings: (area: AreaRow, _: unknown, ctx: Context) => ctx.vacantBuildings.load(area.code),
  },
  VacantBuilding: {
    __resolveReference: ({ id }: { id: string }, ctx: Context) => ctx.vacantBuildingById.load(id),
    neighbourhood: (building: VacantBuildingRow, _: unknown, ctx: Context) =>
      ctx.areas.load(building.neighbourhoodCode),
  },
};
