import { round, weakestSource, type AreaFigures, type NeighbourhoodFigures, type Source } from './figures';

export interface FacilityRate {
  kind: string;
  neighbourhoodCount: number;
  districtCount: number;
  neighbourhoodPer1000: number | null;
  municipalityPer1000: number | null;
  index: number | null;
  lacking: boolean;
  source: Source;
}

/** Residents in the latest year CBS published a total for: the register is as it is now. */
function latestResidents(area: AreaFigures | null | undefined): number | null {
  const published = (area?.populationHistory ?? []).filter((row) => row.total !== null);
  return published.at(-1)?.total ?? null;
}

const countOf = (area: AreaFigures | null | undefined, kind: string) =>
  area?.facilityCounts?.find((entry) => entry.kind === kind)?.count ?? 0;

const per1000 = (count: number, residents: number | null) => (residents ? (count / residents) * 1000 : null);

/** Facilities per 1,000 residents by kind, against the municipality, in the register's order of kinds. */
export function facilityRates(figures: NeighbourhoodFigures): FacilityRate[] {
  const residents = latestResidents(figures);
  const municipalityResidents = latestResidents(figures.municipality);
  return (figures.facilityCounts ?? []).map(({ kind, count, source }) => {
    const own = per1000(count, residents);
    const municipalityCount = countOf(figures.municipality, kind);
    const municipality = per1000(municipalityCount, municipalityResidents);
    return {
      kind,
      neighbourhoodCount: count,
      districtCount: countOf(figures.district, kind),
      neighbourhoodPer1000: own === null ? null : round(own, 2),
      municipalityPer1000: municipality === null ? null : round(municipality, 2),
      index: own === null || !municipality ? null : round((own / municipality) * 100, 0),
      lacking: count === 0 && municipalityCount > 0,
      source:
        weakestSource([
          source,
          figures.municipality?.facilityCounts?.find((entry) => entry.kind === kind)?.source ?? null,
        ]) ?? source,
    };
  });
}
