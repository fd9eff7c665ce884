import type { AreaLevel } from '@buurtgraaf/protocol';
import { readNationalAreas, readUtrechtKwb, type CbsAreaYear } from './cbs';
import { Random, roundTo5 } from './random';

/**
 * The demo world all partners' seeds start from: real CBS areas and figures where CBS has them,
 * generated ones (labelled GENERATED) where it does not. Built the same way in every process, so
 * the municipality, housing and care databases agree on neighbourhoods and residents.
 */
export type Scope = 'utrecht' | 'national';
export const DEMO_YEARS = [2019, 2020, 2021, 2022, 2023, 2024] as const;
export const UTRECHT = 'GM0344';

export interface WorldArea {
  code: string;
  level: AreaLevel;
  name: string;
  districtCode: string | null;
  municipalityCode: string | null;
}

export interface WorldFigures extends Omit<CbsAreaYear, 'level' | 'name'> {
  source: 'CBS' | 'GENERATED';
}

export interface DemoWorld {
  scope: Scope;
  areas: WorldArea[];
  figures: WorldFigures[];
}

// Shares of the Dutch population per age group (CBS 2024, rounded), for generated neighbourhoods.
const AGE_SHARES = [0.155, 0.12, 0.255, 0.265, 0.205];
// Older residents grew faster than the rest over 2019-2024; backcasting keeps that visible.
const AGE_DRIFT_PER_YEAR = [0, 0, 0.004, -0.002, 0.017];

export function buildWorld(scope: Scope): DemoWorld {
  const world: DemoWorld = { scope, areas: [], figures: [] };
  addUtrecht(world);
  if (scope === 'national') addNational(world);
  return world;
}

function addUtrecht(world: DemoWorld) {
  const byYear = { 2023: readUtrechtKwb(2023), 2024: readUtrechtKwb(2024) };
  for (const row of byYear[2024]) {
    world.areas.push({
      code: row.code,
      level: row.level,
      name: row.name,
      districtCode: row.level === 'neighbourhood' ? `WK${row.code.slice(2, 8)}` : null,
      municipalityCode: row.level === 'municipality' ? null : UTRECHT,
    });
  }
  const known = new Set(world.areas.map((area) => area.code));
  for (const year of [2023, 2024] as const) {
    for (const { level: _level, name: _name, ...figures } of byYear[year]) {
      if (known.has(figures.code)) world.figures.push({ ...figures, source: 'CBS' });
    }
  }
  for (const row of byYear[2023]) if (known.has(row.code)) world.figures.push(...backcast(row, 2023));
}

/** Years before `fromYear`, generated from that year's figures with a steady growth per district. */
function backcast(base: Omit<CbsAreaYear, 'level' | 'name'>, fromYear: number): WorldFigures[] {
  const growth = new Random('growth', base.code.slice(2, 8)).between(0.003, 0.016);
  return DEMO_YEARS.filter((year) => year < fromYear).map((year) => {
    const back = fromYear - year;
    const factor = (1 - growth) ** back;
    const scale = (value: number | null, drift = 0) =>
      value == null ? null : roundTo5(value * factor * (1 - drift) ** back);
    return {
      ...base,
      year,
      total: scale(base.total),
      ages: base.ages.map((value, group) => scale(value, AGE_DRIFT_PER_YEAR[group])) as WorldFigures['ages'],
      households: scale(base.households),
      singlePersonHouseholds: scale(base.singlePersonHouseholds),
      dwellings: scale(base.dwellings, -0.002),
      source: 'GENERATED',
    };
  });
}

function addNational(world: DemoWorld) {
  for (const area of readNationalAreas()) {
    if (area.code.startsWith('GM0344') || area.code.startsWith('WK0344')) continue;
    const isMunicipality = area.code.startsWith('GM');
    world.areas.push({
      code: area.code,
      level: isMunicipality ? 'municipality' : 'district',
      name: isMunicipality ? `Gemeente ${area.code.slice(2)}` : `Wijk ${area.code.slice(6)}`,
      districtCode: null,
      municipalityCode: isMunicipality ? null : `GM${area.code.slice(2, 6)}`,
    });
    const cbs2024: WorldFigures = {
      code: area.code,
      year: 2024,
      total: area.inhabitants,
      ages: [null, null, null, null, null],
      households: null,
      singlePersonHouseholds: null,
      dwellings: area.dwellings,
      corporationShare: null,
      source: 'CBS',
    };
    world.figures.push(cbs2024, ...backcast(cbs2024, 2024));
    if (!isMunicipality) addGeneratedNeighbourhoods(world, area.code, area.inhabitants ?? 0, area.dwellings ?? 0);
  }
}

/** Splits a real district into generated neighbourhoods of about 1,100 residents each. */
function addGeneratedNeighbourhoods(world: DemoWorld, district: string, inhabitants: number, dwellings: number) {
  const random = new Random('neighbourhoods', district);
  const count = Math.min(12, Math.max(1, Math.round(inhabitants / 1100)));
  const weights = Array.from({ length: count }, () => random.between(0.5, 1.5));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  weights.forEach((weight, index) => {
    const code = `BU${district.slice(2)}${String(index + 1).padStart(2, '0')}`;
    world.areas.push({
      code,
      level: 'neighbourhood',
      name: `Buurt ${code.slice(8)}`,
      districtCode: district,
      municipalityCode: `GM${district.slice(2, 6)}`,
    });
    const own = new Random('profile', code);
    const total = roundTo5((inhabitants * weight) / weightSum);
    const shares = AGE_SHARES.map((share) => share * own.between(0.7, 1.3));
    const shareSum = shares.reduce((sum, share) => sum + share, 0);
    const households = roundTo5(total / own.between(1.8, 2.5));
    const figures: WorldFigures = {
      code,
      year: 2024,
      total,
      ages: shares.map((share) => roundTo5((total * share) / shareSum)) as WorldFigures['ages'],
      households,
      singlePersonHouseholds: roundTo5(households * own.between(0.28, 0.5)),
      dwellings: roundTo5((dwellings * weight) / weightSum),
      corporationShare: Math.round(own.between(10, 45)),
      source: 'GENERATED',
    };
    world.figures.push(figures, ...backcast(figures, 2024));
  });
}

/** The latest figures of each neighbourhood that has a published value for `pick`. */
export function latestKnown<T>(world: DemoWorld, pick: (figures: WorldFigures) => T | null): Map<string, T> {
  const latest = new Map<string, { year: number; value: T }>();
  for (const figures of world.figures) {
    const value = pick(figures);
    if (value == null) continue;
    const seen = latest.get(figures.code);
    if (!seen || seen.year < figures.year) latest.set(figures.code, { year: figures.year, value });
  }
  return new Map([...latest].map(([code, { value }]) => [code, value]));
}
