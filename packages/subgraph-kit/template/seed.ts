import type { Database } from '@buurtgraaf/subgraph-kit/database';
import { Random, buildWorld } from '@buurtgraaf/demo-data';
import { insertRows, isEmpty } from '@buurtgraaf/subgraph-kit/tables';

/**
 * Generated figures for the Utrecht demo (`NEWPARTNER_SEED=demo`, as under `npm start`), written
 * in the shape of your table (migration 0001) when it is empty; true when it did. Keep it in
 * step with 0001, so that everyone without your data can still run the federation.
 */
export async function seedDemo(db: Database): Promise<boolean> {
  if (!(await isEmpty(db, 'newpartner_registratie'))) return false;
  const world = buildWorld('utrecht');
  const neighbourhoods = new Set(world.areas.filter((area) => area.level === 'neighbourhood').map((area) => area.code));
  // Keyed by area and year, so every run gives the same figures; scaled to the CBS residents.
  const rows = world.figures
    .filter((figures) => neighbourhoods.has(figures.code))
    .map(({ code, year, total }) => ({
      code,
      year,
      count: Math.round((total ?? 0) * new Random('newpartner', code, year).between(0.01, 0.05)),
    }));
  await db.transaction(async (tx) => {
    await insertRows(
      tx,
      'newpartner_registratie',
      [
        { name: 'buurtcode', type: 'text', value: (row) => row.code },
        { name: 'peiljaar', type: 'int', value: (row) => row.year },
        { name: 'aantal', type: 'int', value: (row) => row.count },
      ],
      rows,
    );
    await tx.query('insert into newpartner_demo default values');
  });
  return true;
}
