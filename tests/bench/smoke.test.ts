import { runBenchmark } from '../../bench/benchmark';
import { renderMarkdown, describeMachine } from '../../bench/report';
import { smokeOptions } from '../../bench/smoke';
import { GOALS } from '../../bench/targets';
import { PARTNERS } from '../../bench/setup/databases';
import { PRIMARY_ENGINE, seededStore } from '../helpers/database';

/**
 * The benchmark in miniature, so it cannot rot: every contender and every workload on the Utrecht
 * demo (PGlite) behind the cache stand-ins, half a second of load each. Nothing here is timed: it
 * asserts that every contender answered and that every answer passed the benchmark's own checks.
 * The partners start on copies of the run's seeded demo databases: seeding seven PGlite folders
 * from nothing was half of this file's two minutes.
 */
describe('the benchmark in smoke mode', () => {
  const stores: NonNullable<Awaited<ReturnType<typeof seededStore>>>[] = [];
  afterAll(() => Promise.all(stores.map((store) => store.drop())));

  test('when every contender runs both workloads on the demo data, then all their answers pass the checks', async () => {
    const seeded = Object.fromEntries(
      await Promise.all(PARTNERS.map(async ({ name }) => [name, await seededStore(PRIMARY_ENGINE, name)] as const)),
    );
    stores.push(...Object.values(seeded).filter((store) => store !== null));
    const result = await runBenchmark({
      ...smokeOptions(() => undefined),
      seeded: Object.fromEntries(Object.entries(seeded).map(([name, copy]) => [name, copy?.store])),
    });
    for (const mode of result.modes) {
      expect(mode.neighbourhoods).toBeGreaterThan(50);
      for (const contender of mode.contenders) {
        expect({
          mode: mode.mode,
          name: contender.name,
          invalid: contender.profile?.invalid,
          error: contender.profile?.firstError,
        }).toEqual({ mode: mode.mode, name: contender.name, invalid: 0, error: null });
        expect(contender.profile?.valid).toBeGreaterThan(0);
        expect(contender.bulk?.bytes).toBeGreaterThan(0);
      }
      // Smoke runs the cached mode only: issue 19's targets of that mode are judged.
      expect(mode.targets.map((target) => target.target)).toEqual(
        expect.arrayContaining([
          `profile rps >= ${GOALS.cached.profileVsFloor}x hand-written floor`,
          `bulk median <= ${GOALS.cached.bulkVsFloor}x hand-written floor`,
          `bulk peak RSS <= ${GOALS.bulkPeakRssMiB} MiB`,
        ]),
      );
      const ours = mode.contenders.find((contender) => contender.name === 'buurtgraaf');
      expect(ours?.insights?.bytes).toBeGreaterThan(0);
    }
    expect(renderMarkdown(result, describeMachine(), 'smoke')).toContain('| target | met | measured |');
  }, 180_000);
});
