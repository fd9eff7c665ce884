import type { Database, Queryable } from '@buurtgraaf/subgraph-kit/database';
import { copyRows, isEmpty } from '@buurtgraaf/subgraph-kit/tables';
import { Random, buildWorld, type DemoWorld, type WorldArea } from '@buurtgraaf/demo-data';

/** Loads the Utrecht demo world when the database is empty; true when it did. */
export async function seedDemo(db: Database): Promise<boolean> {
  if (!(await isEmpty(db, 'area'))) return false;
  await seedWorld(db, buildWorld('utrecht'));
  return true;
}

/** Replaces everything with `world`, in one transaction: readers see the old data or the new, never half. */
export function seedWorld(db: Database, world: DemoWorld): Promise<void> {
  return db.transaction(async (tx) => {
    await tx.exec('truncate vacant_building, facility, population, area');
    const levels = ['municipality', 'district', 'neighbourhood'] as const;
    const ordered = levels.flatMap((level) => world.areas.filter((area) => area.level === level));
    await copyRows(
      tx,
      'area',
      [
        { name: 'code', type: 'text', value: (a) => a.code },
        { name: 'level', type: 'text', value: (a) => a.level },
        { name: 'name', type: 'text', value: (a) => a.name },
        { name: 'district_code', type: 'text', value: (a) => a.districtCode },
        { name: 'municipality_code', type: 'text', value: (a) => a.municipalityCode },
      ],
      ordered,
    );
    await copyRows(
      tx,
      'population',
      [
        { name: 'area_code', type: 'text', value: (f) => f.code },
        { name: 'year', type: 'int', value: (f) => f.year },
        { name: 'total', type: 'int', value: (f) => f.total },
        ...(['age_0_14', 'age_15_24', 'age_25_44', 'age_45_64', 'age_65_plus'] as const).map((name, group) => ({
          name,
          type: 'int',
          value: (f: DemoWorld['figures'][number]) => f.ages[group],
        })),
        { name: 'households', type: 'int', value: (f) => f.households },
        { name: 'single_person_households', type: 'int', value: (f) => f.singlePersonHouseholds },
        { name: 'source', type: 'text', value: (f) => f.source },
      ],
      world.figures,
    );
    const neighbourhoods = world.areas.filter((area) => area.level === 'neighbourhood');
    const residents = new Map(world.figures.filter((f) => f.year === 2024).map((f) => [f.code, f.total ?? 0]));
    await insertFacilities(tx, neighbourhoods, residents);
    await insertVacantBuildings(tx, neighbourhoods);
  });
}

// Expected number per 1,000 residents of each facility kind: generated, roughly Dutch urban density.
const FACILITIES: [kind: string, per1000: number, label: string][] = [
  ['COMMUNITY_CENTRE', 0.35, 'Buurthuis'],
  ['LIBRARY', 0.08, 'Bibliotheek'],
  ['PRIMARY_SCHOOL', 0.5, 'Basisschool'],
  ['GP_PRACTICE', 0.45, 'Huisartsenpraktijk'],
  ['PHARMACY', 0.2, 'Apotheek'],
  ['SPORTS_FACILITY', 0.4, 'Sportpark'],
  ['ELDERLY_DAY_CARE', 0.15, 'Dagbesteding'],
  ['YOUTH_CENTRE', 0.1, 'Jongerencentrum'],
  ['HEALTH_CENTRE', 0.12, 'Gezondheidscentrum'],
];

function insertFacilities(db: Queryable, neighbourhoods: WorldArea[], residents: Map<string, number>) {
  const rows = neighbourhoods.flatMap((area) => {
    const random = new Random('facilities', area.code);
    const thousands = (residents.get(area.code) ?? 0) / 1000;
    return FACILITIES.flatMap(([kind, per1000, label]) =>
      Array.from({ length: random.poisson(per1000 * thousands) }, (_, index) => ({
        id: `F-${area.code.slice(2)}-${kind.slice(0, 3)}${index + 1}`,
        neighbourhoodCode: area.code,
        name: `${label} ${area.name}${index > 0 ? ` ${index + 1}` : ''}`,
        kind,
      })),
    );
  });
  return copyRows(
    db,
    'facility',
    [
      { name: 'id', type: 'text', value: (r) => r.id },
      { name: 'neighbourhood_code', type: 'text', value: (r) => r.neighbourhoodCode },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'kind', type: 'text', value: (r) => r.kind },
      { name: 'source', type: 'text', value: () => 'GENERATED' },
    ],
    rows,
  );
}

const STREETS = [
  'Kerkstraat',
  'Dorpsstraat',
  'Schoolstraat',
  'Molenweg',
  'Julianalaan',
  'Stationsweg',
  'Lindelaan',
  'Parkweg',
  'Beatrixstraat',
  'Kastanjelaan',
];
const FORMER_USES = [
  'OFFICE',
  'SCHOOL',
  'RETAIL',
  'CARE_HOME',
  'CHURCH',
  'COMMUNITY_BUILDING',
  'HEALTH_CENTRE',
  'INDUSTRIAL',
];

function insertVacantBuildings(db: Queryable, neighbourhoods: WorldArea[]) {
  const rows = neighbourhoods.flatMap((area) => {
    const random = new Random('vacant', area.code);
    return Array.from({ length: random.poisson(0.6) }, (_, index) => ({
      id: `V-${area.code.slice(2)}-${index + 1}`,
      neighbourhoodCode: area.code,
      address: `${random.pick(STREETS)} ${random.int(1, 180)}`,
      floorArea: random.int(15, 300) * 10,
      formerUse: random.pick(FORMER_USES),
      vacantSince: `${random.int(2020, 2024)}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
    }));
  });
  return copyRows(
    db,
    'vacant_building',
    [
      { name: 'id', type: 'text', value: (r) => r.id },
      { name: 'neighbourhood_code', type: 'text', value: (r) => r.neighbourhoodCode },
      { name: 'address', type: 'text', value: (r) => r.address },
      { name: 'floor_area', type: 'int', value: (r) => r.floorArea },
      { name: 'former_use', type: 'text', value: (r) => r.formerUse },
      { name: 'vacant_since', type: 'date', value: (r) => r.vacantSince },
      { name: 'source', type: 'text', value: () => 'GENERATED' },
    ],
    rows,
  );
}
