// The two queries of the foundation issue, word for word: they are the contract with users.
export const NEIGHBOURHOOD_PROFILE = /* GraphQL */ `
  query NeighbourhoodProfile {
    neighbourhood(code: "BU03440111") {
      code
      name
      district { code name }
      municipality { code name }
      population(year: 2023) { year total age0to14 age15to24 age25to44 age45to64 age65Plus households singlePersonHouseholds source }
      populationHistory { year total age65Plus source }
      facilities { id name kind }
      vacantBuildings { id address floorArea formerUse vacantSince }
      socialHousing(year: 2023) { year dwellings stepFree careSuitable vacant averageWaitingMonths }
      careDemand(year: 2023) { year targetGroup clients waitingList suppressed }
      careDemandHistory(targetGroup: ELDERLY) { year clients suppressed }
    }
  }
`;

export const INDICATORS = /* GraphQL */ `
  query Indicators($municipality: ID, $year: Int!, $after: String) {
    neighbourhoods(municipality: $municipality, first: 1000, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { code name population(year: $year) { total age65Plus } socialHousing(year: $year) { dwellings stepFree } careDemand(year: $year) { targetGroup clients suppressed } }
    }
  }
`;
