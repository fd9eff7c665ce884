/**
 * What the hand-written floor asks each partner: the subgraph operations a planner would make for
 * the two workloads, written out once. The floor plans nothing, so these are its whole "plan".
 */
export const ENTITIES = (selection: string) =>
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Neighbourhood { ${selection} } } }`;

export const PROFILE = {
  root: `query($code: ID!) { neighbourhood(code: $code) { code name district { code name } municipality { code name }
    population(year: 2023) { year total age0to14 age15to24 age25to44 age45to64 age65Plus households singlePersonHouseholds source }
    populationHistory { year total age65Plus source } facilities { id name kind }
    vacantBuildings { id address floorArea formerUse vacantSince } } }`,
  housing: ENTITIES('socialHousing(year: 2023) { year dwellings stepFree careSuitable vacant averageWaitingMonths }'),
  care: ENTITIES('careDemand(year: 2023) { year targetGroup clients waitingList suppressed } careDemandHistory(targetGroup: ELDERLY) { year clients suppressed }'),
};

export const BULK = {
  root: `query($year: Int!, $first: Int!) { neighbourhoods(first: $first) { totalCount pageInfo { hasNextPage endCursor }
    nodes { code name population(year: $year) { total age65Plus } } } }`,
  housing: ENTITIES('socialHousing(year: $year) { dwellings stepFree }').replace('$representations: [_Any!]!', '$representations: [_Any!]!, $year: Int!'),
  care: ENTITIES('careDemand(year: $year) { targetGroup clients suppressed }').replace('$representations: [_Any!]!', '$representations: [_Any!]!, $year: Int!'),
};
