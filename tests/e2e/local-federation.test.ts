import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPHS } from '../../schema/subgraphs';
import { postGraphQL } from '../helpers/http';

const ROOT = join(__dirname, '..', '..');
// What `npm start` runs: the compiled launcher, with plain node and no tsx anywhere.
const LAUNCHER = join(ROOT, 'dist', 'scripts', 'start-local.js');

/** Runs `npm start`'s launcher as a user would, on free ports and a data folder of its own. */
function startLocal(dataDir: string): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEWAY_PORT: '0',
    LOG_LEVEL: 'info',
    LOCAL_TRUST_DIR: join(dataDir, 'trust'),
  };
  // As in a user's terminal: Jest's NODE_ENV=test changes how Apollo handles signals.
  delete env.NODE_ENV;
  for (const { name, envPrefix } of SUBGRAPHS) {
    env[`${envPrefix}_PORT`] = '0';
    env[`${envPrefix}_DATA_DIR`] = join(dataDir, name);
    delete env[`${envPrefix}_DATABASE_URL`];
  }
  const child = fork(LAUNCHER, [], { execArgv: [], env, stdio: 'pipe' });
  let output = '';
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /Buurtgraaf gateway: (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`launcher exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

const DATA_PARTNERS = SUBGRAPHS.filter((partner) => ['municipality', 'housing', 'care'].includes(partner.kind)).length;
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
const QUERY =
  '{ neighbourhood(code: "BU03440112") { name population(year: 2023) { total } socialHousing(year: 2023) { dwellings } careDemand(year: 2023, targetGroup: ELDERLY) { suppressed } } }';

describe('npm start on a machine without PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'buurtgraaf-local-'));
  // npm start's first step; tsc -b is incremental, so this is quick when the build is current.
  beforeAll(() => void execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' }), 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('when started twice, then it seeds once, answers from all partners, and Ctrl-C stops every process', async () => {
    for (const round of [1, 2]) {
      const local = startLocal(dataDir);
      const url = await local.url;
      expect(url).toMatch(/^http:\/\/localhost:\d+\/graphql$/);
      // The launcher prints the demo consumer's headers; a newcomer copies them from there.
      const apiKey = /x-api-key: (\S+)/.exec(local.output())?.[1] ?? '';
      const purpose = /x-purpose: (\S+)/.exec(local.output())?.[1] ?? '';
      expect(apiKey).not.toBe('');
      expect((await postGraphQL(url, { query: QUERY })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const { data, errors } = await postGraphQL(url, { query: QUERY }, { 'x-api-key': apiKey, 'x-purpose': purpose });
      expect(errors).toBeUndefined();
      expect(data.neighbourhood).toMatchObject({
        name: 'Oog in Al',
        population: { total: 4200 },
        socialHousing: { dwellings: expect.any(Number) },
      });
      expect(data.neighbourhood.careDemand).toHaveLength(1);
      // The BI catalogue is printed next to the explorer, and answers with the same headers.
      const catalogue = /BI catalogue[^:]*: (\S+)/.exec(local.output())?.[1] ?? '';
      expect(catalogue).toBe(url.replace(/graphql$/, 'bi/v1/catalogue'));
      expect((await fetch(catalogue, { headers: { 'x-api-key': apiKey, 'x-purpose': purpose } })).status).toBe(200);
      const exit = exited(local.child);
      local.child.kill('SIGINT');
      expect(await exit).toBe(0);
      expect(local.output()).toContain('All processes stopped.');
      // Every partner process has let go of its port: the gateway no longer answers either.
      await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
      const seeded = local.output().match(/demo data loaded/g) ?? [];
      // Every partner that keeps data seeds its own database: the municipality, two corporations, two care providers.
      expect(seeded).toHaveLength(round === 1 ? DATA_PARTNERS : 0);
      expect(local.output()).not.toMatch(/"level":(50|60)/);
    }
  }, 240_000);
});
