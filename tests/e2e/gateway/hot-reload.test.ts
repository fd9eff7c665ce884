import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeSupergraph, SUPERGRAPH_FILE } from '../../../schema/compose';
import { SUBGRAPHS } from '../../../schema/subgraphs';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { PRIMARY_ENGINE } from '../../helpers/database';

const STEADY = '{ neighbourhood(code: "BU03440112") { name socialHousing(year: 2023) { dwellings } } }';
const HISTORY = '{ neighbourhood(code: "BU03440112") { careDemandHistory(targetGroup: ELDERLY) { year } } }';

/** A supergraph in which the combiner no longer offers careDemandHistory (insights requires only careDemandSeries). */
function supergraphWithoutHistory(dir: string): string {
  const combiner = SUBGRAPHS.find((subgraph) => subgraph.kind === 'combiner');
  const schemaFile = join(dir, 'combiner.graphql');
  const sdl = readFileSync(combiner?.schemaFile ?? '', 'utf8').replace(
    /\n\s*"[^"\n]*"\n\s*careDemandHistory\(targetGroup: TargetGroup!\): \[CareDemand!\][^\n]*\n/g,
    '\n',
  );
  expect(sdl).not.toContain('careDemandHistory');
  writeFileSync(schemaFile, sdl);
  return composeSupergraph(
    SUBGRAPHS.map((subgraph) => (subgraph.kind === 'combiner' ? { ...subgraph, schemaFile } : subgraph)),
  );
}

describe('schema updates without downtime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-supergraph-'));
  const file = join(dir, 'supergraph.graphql');
  let federation: SharedFederation;
  beforeAll(async () => {
    copyFileSync(SUPERGRAPH_FILE, file);
    federation = await sharedFederation(PRIMARY_ENGINE, { SUPERGRAPH_FILE: file, GATEWAY_SUPERGRAPH_POLL_MS: '50' });
  });
  afterAll(() => federation?.stop());

  test('when a broken supergraph is written, then it is rejected and the old schema keeps serving', async () => {
    writeFileSync(file, 'this is not a supergraph');
    await sleep(400);
    const { data, errors } = await federation.query(HISTORY);
    expect(errors).toBeUndefined();
    expect(data.neighbourhood.careDemandHistory).toHaveLength(6);
  });

  test('when a new supergraph arrives under load, then it is swapped in and no request fails', async () => {
    const next = supergraphWithoutHistory(dir);
    let stop = false;
    const results: { errors?: unknown }[] = [];
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!stop) results.push(await federation.query(STEADY));
      }),
    );
    // Counted, not timed (a slow CI machine answered only 8 in a fixed window): the load answers
    // 8 requests before the swap and 8 after it; a stalled load fails on the test timeout.
    const answered = async (count: number): Promise<void> => {
      while (results.length < count) await sleep(20);
    };
    await answered(8);
    writeFileSync(file, next);
    for (let i = 0; i < 200 && (await federation.query(HISTORY)).errors === undefined; i += 1) await sleep(50);
    const atSwap = results.length;
    await answered(atSwap + 8);
    stop = true;
    await load;
    expect(results.filter((result) => result.errors !== undefined)).toEqual([]);
    const removed = await federation.query(HISTORY);
    expect(removed.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
