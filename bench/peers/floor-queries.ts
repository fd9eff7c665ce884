/**
 * What the hand-written floor asks each partner: the subgraph operations a planner would make for
 * the two workloads, written out once. The floor plans nothing, so these are its whole "plan".
 *
 * The public housing and care figures are the combining subgraph's sums over every corporation and
 * care provider: each of those answers under its own field (housing_domstad) with its whole series,
 * and the combiner is then handed those answers inside the entity representations (@requires).
 */
export const ENTITIES = (selection: string) =>
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Neighbourhood { ${selection} } } }`;

const withYear = (query: string) =>
  query.replace('$representations: [_Any!]!', '$representations: [_Any!]!, $year: Int!');

/**
 * What the combiner requires of each corporation and each care provider for `socialHousing` and
 * `careDemand` (their @requires in subgraphs/combiner/schema.graphql), word for word: a planner
 * must ask for all of it, so the floor does too. Until 4 December the floor asked for `series`
 * alone, less work for the partners than any gateway's plan (bench/README.md).
 */
export const SERIES = {
  housing: 'years figures',
  care: 'years figures share { parties years threshold roundTo values }',
} as const;
export type SeriesKind = keyof typeof SERIES;

/**
 * One corporation's or care provider's own field: every year for the profile (it shows a history),
 * only the years asked for in the bulk pull, as our gateway asks (gateway/execution/narrow-years.ts).
 */
export const partnerSeries = (kind: SeriesKind, field: string, narrowed: boolean) =>
  narrowed
    ? ENTITIES(`${field}(years: $years) { ${SERIES[kind]} }`).replace(
        '$representations: [_Any!]!',
        '$representations: [_Any!]!, $years: [Int!]',
      )
    : ENTITIES(`${field} { ${SERIES[kind]} }`);

export const PROFILE = {
  root: `query($code: ID!) { neighbourhood(code: $code) { code name district { code name } municipality { code name }
    population(year: 2023) { year total age0to14 age15to24 age25to44 age45to64 age65Plus households singlePersonHouseholds source }
    populationHistory { year total age65Plus source } facilities { id name kind }
    vacantBuildings { id address floorArea formerUse vacantSince } } }`,
  combiner: ENTITIES(`socialHousing(year: 2023) { year dwellings stepFree careSuitable vacant averageWaitingMonths }
    careDemand(year: 2023) { year targetGroup clients waitingList suppressed } careDemandHistory(targetGroup: ELDERLY) { year clients suppressed }`),
};

export const BULK = {
  root: `query($year: Int!, $first: Int!) { neighbourhoods(first: $first) { totalCount pageInfo { hasNextPage endCursor }
    nodes { code name population(year: $year) { total age65Plus } } } }`,
  combiner: withYear(
    ENTITIES(
      'socialHousing(year: $year) { dwellings stepFree } careDemand(year: $year) { targetGroup clients suppressed }',
    ),
  ),
};
