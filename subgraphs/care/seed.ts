import type { Database } from '@buurtgraaf/subgraph-kit/database';
import { copyRows, isEmpty } from '@buurtgraaf/subgraph-kit/tables';
import {
  Random,
  demoOwner,
  demoWeights,
  buildWorld,
  DEMO_YEARS,
  type DemoWorld,
  type WorldFigures,
} from '@buurtgraaf/demo-data';
import type { RenderFor } from '@buurtgraaf/subgraph-kit/type-defs';
import { refreshCareDemand } from './store';

/** Loads generated Utrecht client records when the database is empty; true when it did. */
export const seedDemo =
  (partner: RenderFor) =>
  async (db: Database): Promise<boolean> => {
    if (!(await isEmpty(db, 'care_client'))) return false;
    await seedWorld(db, buildWorld('utrecht'), partner);
    return true;
  };

// Share of the relevant age group in care during a year (generated; in the range of Dutch Wmo,
// youth care and GGZ figures). Care demand so follows each neighbourhood's age structure.
const DEMAND: [group: string, share: number, residents: (f: WorldFigures) => number][] = [
  ['ELDERLY', 0.08, (f) => f.ages[4] ?? 0],
  ['DISABILITY', 0.01, (f) => f.total ?? 0],
  ['MENTAL_HEALTH', 0.015, (f) => (f.ages[1] ?? 0) + (f.ages[2] ?? 0) + (f.ages[3] ?? 0)],
  ['YOUTH', 0.06, (f) => (f.ages[0] ?? 0) + (f.ages[1] ?? 0)],
];
const YEARLY_END_CHANCE = 0.22;
const DAY = 86_400_000;
const dayOf = (year: number, dayOfYear: number) =>
  new Date(Date.UTC(year, 0, 1) + dayOfYear * DAY).toISOString().slice(0, 10);

interface Client {
  id: string;
  code: string;
  group: string;
  waitingSince: string;
  careStart: string | null;
  careEnd: string | null;
}

/** Simulates clients entering and leaving care year by year, so the counts have real dynamics. */
function simulate(code: string, group: string, targets: Map<number, number>): Client[] {
  const random = new Random('care', code, group);
  const clients: Client[] = [];
  const active: Client[] = [];
  const start = (year: number) => {
    const day = random.int(0, 364);
    const client: Client = {
      id: `${code.slice(2)}-${group.slice(0, 2)}-${clients.length + 1}`,
      code,
      group,
      waitingSince: dayOf(year, day - random.int(0, 300)),
      careStart: dayOf(year, day),
      careEnd: null,
    };
    clients.push(client);
    active.push(client);
  };
  for (const year of DEMO_YEARS) {
    for (let index = active.length - 1; index >= 0; index -= 1) {
      if (!random.chance(YEARLY_END_CHANCE)) continue;
      const [ended] = active.splice(index, 1);
      if (ended) ended.careEnd = dayOf(year, random.int(0, 364));
    }
    const target = targets.get(year) ?? 0;
    while (active.length < target) start(year === DEMO_YEARS[0] ? year - random.int(0, 4) : year);
  }
  const lastYear = DEMO_YEARS[DEMO_YEARS.length - 1] ?? 2024;
  const waiting = Math.round((targets.get(lastYear) ?? 0) * random.between(0.05, 0.2));
  for (let index = 0; index < waiting; index += 1) {
    clients.push({
      id: `${code.slice(2)}-${group.slice(0, 2)}-${clients.length + 1}`,
      code,
      group,
      waitingSince: dayOf(lastYear, random.int(120, 364)),
      careStart: null,
      careEnd: null,
    });
  }
  return clients;
}

/**
 * How many clients of each target group each neighbourhood has in care per year: one entry per
 * neighbourhood and group (60,000 for the country), computed once per world for all providers.
 */
function demandTargets(world: DemoWorld): Map<string, Map<number, number>> {
  const known = targetsOf.get(world);
  if (known) return known;
  const neighbourhoods = new Set(world.areas.filter((area) => area.level === 'neighbourhood').map((area) => area.code));
  const targets = new Map<string, Map<number, number>>();
  // The factor is the first draw of a generator keyed by neighbourhood and group, the same every
  // year: drawn once per key, not once per year (seeding a generator is the costly part).
  const factors = new Map<string, number>();
  for (const figures of world.figures) {
    if (!neighbourhoods.has(figures.code)) continue;
    for (const [group, share, residents] of DEMAND) {
      const key = `${figures.code}|${group}`;
      let factor = factors.get(key);
      if (factor === undefined) factors.set(key, (factor = new Random('demand', key).between(0.6, 1.5)));
      const perYear = targets.get(key) ?? new Map<number, number>();
      perYear.set(figures.year, Math.round(residents(figures) * share * factor));
      targets.set(key, perYear);
    }
  }
  targetsOf.set(world, targets);
  return targets;
}
const targetsOf = new WeakMap<DemoWorld, Map<string, Map<number, number>>>();

/**
 * Each provider's part of the city's clients: every client falls to one of the providers that
 * serve the neighbourhood, with weights that differ per target group, so one provider leans to
 * older residents and another to youth and mental health, as in real cities.
 *
 * Yielded one client at a time, neighbourhood and target group after another (always in the same
 * order), so a national seed (millions of clients) holds one neighbourhood's clients at a time,
 * not the country's. A neighbourhood and group is simulated only for a provider that may get some
 * of its clients: each simulation depends on its own key alone, so skipping the others changes
 * nothing, and a provider serving a few municipalities does not simulate the whole country.
 */
export function* clientsOf(world: DemoWorld, { self, partners }: RenderFor): Generator<Client> {
  for (const [key, perYear] of demandTargets(world)) {
    const [code = '', group = ''] = key.split('|');
    const split = self ? demoWeights('care', code, partners, group) : null;
    if (split && !split.has(self?.id ?? '')) continue;
    for (const client of simulate(code, group, perYear)) {
      // With one provider or none there is nothing to draw: demoOwner would name that one, or nobody.
      if (!split || split.size <= 1 || demoOwner(split, client.id) === self?.id) yield client;
    }
  }
}

/** Rows per COPY: a few MB of text, so memory stays bounded however many clients a provider has. */
const CLIENT_BATCH = 20_000;

/** Replaces all client records and their aggregates in one transaction. */
export function seedWorld(db: Database, world: DemoWorld, partner: RenderFor): Promise<void> {
  return db.transaction(async (tx) => {
    await tx.exec('truncate care_client, care_demand');
    await copyRows(
      tx,
      'care_client',
      [
        { name: 'id', type: 'text', value: (c) => c.id },
        { name: 'neighbourhood_code', type: 'text', value: (c) => c.code },
        { name: 'target_group', type: 'text', value: (c) => c.group },
        { name: 'waiting_since', type: 'date', value: (c) => c.waitingSince },
        { name: 'care_start', type: 'date', value: (c) => c.careStart },
        { name: 'care_end', type: 'date', value: (c) => c.careEnd },
        { name: 'source', type: 'text', value: () => 'GENERATED' },
      ],
      clientsOf(world, partner),
      CLIENT_BATCH,
    );
    await refreshCareDemand(tx, DEMO_YEARS[0], DEMO_YEARS[DEMO_YEARS.length - 1] ?? DEMO_YEARS[0]);
  });
}
