import type { Database } from '@buurtgraaf/subgraph-kit/database';
import { copyRows, isEmpty } from '@buurtgraaf/subgraph-kit/tables';
import { Random, demoWeights, buildWorld, latestKnown, type DemoWorld } from '@buurtgraaf/demo-data';
import type { RenderFor } from '@buurtgraaf/subgraph-kit/type-defs';

/** Loads the Utrecht demo stock when the database is empty; true when it did. */
export const seedDemo =
  (partner: RenderFor) =>
  async (db: Database): Promise<boolean> => {
    if (!(await isEmpty(db, 'social_housing'))) return false;
    await seedWorld(db, buildWorld('utrecht'), partner);
    return true;
  };

/**
 * Generated stock that follows CBS: dwellings and the corporations' share of them (CBS p_wcorpw)
 * per neighbourhood, divided among the corporations that serve it; this one keeps its part.
 */
export function seedWorld(db: Database, world: DemoWorld, { self, partners }: RenderFor): Promise<void> {
  const id = self?.id ?? 'housing';
  const neighbourhoods = new Set(world.areas.filter((area) => area.level === 'neighbourhood').map((area) => area.code));
  // CBS 2024 has no dwelling figures yet, so a year without them uses the latest published.
  const dwellingsLatest = latestKnown(world, (f) => f.dwellings);
  // Where CBS keeps even the dwelling count secret, households are the nearest published proxy.
  const householdsLatest = latestKnown(world, (f) => f.households);
  const corporationShare = latestKnown(world, (f) => f.corporationShare);
  const olderShare = latestKnown(world, (f) => (f.total && f.ages[4] != null ? f.ages[4] / f.total : null));
  const rows = world.figures
    .filter((f) => neighbourhoods.has(f.code))
    .map((f) => ({ f, ownShare: self ? (demoWeights('housing', f.code, partners, 'stock').get(id) ?? 0) : 1 }))
    .filter(({ ownShare }) => ownShare > 0)
    .map(({ f, ownShare }) => {
      const random = new Random('housing', id, f.code, f.year);
      const profile = new Random('housing-profile', id, f.code);
      // The corporations' share of all dwellings is the area's, whichever corporation owns them.
      const share = (corporationShare.get(f.code) ?? new Random('housing-area', f.code).between(10, 40)) / 100;
      const all = f.dwellings ?? dwellingsLatest.get(f.code) ?? (householdsLatest.get(f.code) ?? 0) * 1.05;
      const dwellings = Math.round(all * share * ownShare);
      const older = olderShare.get(f.code) ?? 0.15;
      const part = (fraction: number) => Math.min(dwellings, Math.round(dwellings * fraction));
      return {
        code: f.code,
        year: f.year,
        dwellings,
        stepFree: part(profile.between(0.2, 0.45) + (f.year - 2019) * 0.01),
        careSuitable: part(0.02 + older * profile.between(0.2, 0.5)),
        vacant: part(random.between(0.004, 0.025)),
        waiting: dwellings === 0 ? null : Math.round((profile.between(60, 120) + (f.year - 2019) * 4) * 10) / 10,
      };
    });
  return db.transaction(async (tx) => {
    await tx.exec('truncate social_housing');
    await copyRows(
      tx,
      'social_housing',
      [
        { name: 'neighbourhood_code', type: 'text', value: (r) => r.code },
        { name: 'year', type: 'int', value: (r) => r.year },
        { name: 'dwellings', type: 'int', value: (r) => r.dwellings },
        { name: 'step_free', type: 'int', value: (r) => r.stepFree },
        { name: 'care_suitable', type: 'int', value: (r) => r.careSuitable },
        { name: 'vacant', type: 'int', value: (r) => r.vacant },
        { name: 'average_waiting_months', type: 'numeric', value: (r) => r.waiting },
        { name: 'source', type: 'text', value: () => 'GENERATED' },
      ],
      rows,
    );
  });
}
