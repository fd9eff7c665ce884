export type Source = 'CBS' | 'PARTNER' | 'GENERATED';
export interface Partner {
  id: string;
  name: string;
}
export interface Coverage {
  complete: boolean;
  included: Partner[];
  missing: { partner: Partner; status: string }[];
}
export interface Population {
  year: number;
  total: number | null;
  age0to14: number | null;
  age15to24: number | null;
  age25to44: number | null;
  age45to64: number | null;
  age65Plus: number | null;
  households: number | null;
  singlePersonHouseholds: number | null;
  source: Source;
}
export interface SocialHousing {
  year?: number;
  dwellings: number;
  stepFree: number;
  careSuitable: number;
  vacant: number;
  averageWaitingMonths: number | null;
  source: Source;
  coverage?: Coverage;
}
export interface CareDemand {
  year?: number;
  targetGroup: string;
  clients: number | null;
  suppressed: boolean;
  clientsAtLeast?: number | null;
  waitingList: number | null;
  waitingListSuppressed: boolean;
  source: Source;
  coverage?: Coverage;
}
export interface IndicatorValue {
  year: number;
  value: number | null;
  missing: string | null;
  source: Source | null;
}
export interface Indicator {
  kind: string;
  targetGroup: string | null;
  label: string;
  unit: string;
  values: IndicatorValue[];
  comparison: {
    year: number | null;
    neighbourhood: number | null;
    district: number | null;
    municipality: number | null;
    neighbourhoodIndex: number | null;
    districtIndex: number | null;
    missing: string | null;
  };
  trend: {
    fromYear: number | null;
    toYear: number | null;
    yearsUsed: number;
    changePerYear: number | null;
    projection: { year: number; value: number; low: number; high: number; isProjection: boolean } | null;
    missing: string | null;
    method: string;
  };
}
export interface Profile {
  code: string;
  name: string;
  district: { code: string; name: string };
  municipality: { code: string; name: string };
  population: Population | null;
  populationHistory: Population[];
  facilities: { id: string; name: string; kind: string }[];
  vacantBuildings: { id: string; address: string; floorArea: number; formerUse: string; vacantSince: string }[];
  socialHousing: SocialHousing | null;
  socialHousingByCorporation: { corporation: Partner; status: string; socialHousing: SocialHousing | null }[] | null;
  careDemandSeries: CareDemand[] | null;
  careDemandByProvider: { provider: Partner; status: string; careDemand: CareDemand[] | null }[] | null;
  insights: {
    indicators: Indicator[];
    facilities: {
      kind: string;
      neighbourhoodCount: number;
      districtCount: number;
      neighbourhoodPer1000: number | null;
      municipalityPer1000: number | null;
      index: number | null;
      lacking: boolean;
      source: Source;
    }[];
    lackingFacilityKinds: string[];
  } | null;
}
