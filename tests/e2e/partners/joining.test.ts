import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkSchema } from '../../../schema/check/check';
import { composeSupergraph } from '../../../schema/compose';
import { PARTNERS_FILE, readPartners } from '../../../schema/subgraphs';
import { openDatabase } from '@buurtgraaf/subgraph-kit/database';
import { startFederation, type Federation } from '../../helpers/federation';
import { PRIMARY_ENGINE } from '../../helpers/database';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
const npmRun = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });

// A third corporation follows README, "Joining the federation as a new partner", step by step:
// join, check, compose, load its CSV export, and its figures reach clients through the gateway.
describe('a third housing corporation joins the federation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'joining-'));
  const partnersFile = join(dir, 'partners.json');
  const env = { BUURTGRAAF_PARTNERS_FILE: partnersFile, HOUSING_BOUWLUST_DATA_DIR: join(dir, 'housing-bouwlust') };
  let federation: Federation;
  afterAll(async () => {
    await federation?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('when it joins, checks, composes and loads, then the gateway adds its stock into the sums and shows it as its own', async () => {
    copyFileSync(PARTNERS_FILE, partnersFile);
    // 1. Join: an entry in the partners file, no code.
    const joined = await npmRun(
      'scripts/new-subgraph.ts',
      [
        'housing-bouwlust',
        '--kind',
        'housing',
        '--name',
        'Woonstichting Bouwlust',
        '--areas',
        'WK034405',
        '--port',
        '4321',
      ],
      env,
    );
    expect(joined.stdout).toContain('PARTNER_ID=housing-bouwlust');
    const partners = readPartners(partnersFile);
    expect(partners.map((partner) => partner.name)).toContain('housing-bouwlust');

    // 2. Check: it composes with the others and breaks no client.
    const supergraphFile = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphFile, composeSupergraph(partners));
    expect(checkSchema({ subgraphs: partners, supergraphFile }).safe).toBe(true);

    // 3. Load its own export into its own database, as `npm run load` does.
    const csv = join(dir, 'bezit.csv');
    writeFileSync(
      csv,
      'neighbourhood_code;year;dwellings;step_free;care_suitable;vacant;average_waiting_months\nBU03440511;2023;120;40;6;2;70,5\nBU03440512;2023;80;20;4;1;\n',
    );
    const loaded = await npmRun('scripts/load-csv.ts', ['housing-bouwlust', 'social-housing', csv], env);
    expect(loaded.stdout).toContain('2 inserted');

    // 4. Run it next to the others; the gateway serves the new supergraph.
    const database = await openDatabase({ dataDir: env.HOUSING_BOUWLUST_DATA_DIR });
    federation = await startFederation(PRIMARY_ENGINE, { SUPERGRAPH_FILE: supergraphFile }, {}, {}, {}, partners, {
      'housing-bouwlust': Object.assign(database, { drop: () => database.close() }),
    });
    const { data, errors } = await federation.query(`{ neighbourhood(code: "BU03440511") {
      socialHousing(year: 2023) { dwellings coverage { complete included { id } } }
      socialHousingByCorporation(year: 2023) { corporation { id name } status socialHousing { dwellings stepFree averageWaitingMonths source } } } }`);
    expect(errors).toBeUndefined();
    const own = data.neighbourhood.socialHousingByCorporation.find(
      (entry: { corporation: { id: string } }) => entry.corporation.id === 'housing-bouwlust',
    );
    expect(own).toEqual({
      corporation: { id: 'housing-bouwlust', name: 'Woonstichting Bouwlust' },
      status: 'INCLUDED',
      socialHousing: { dwellings: 120, stepFree: 40, averageWaitingMonths: 70.5, source: 'PARTNER' },
    });
    const others = data.neighbourhood.socialHousingByCorporation.filter(
      (entry: { status: string }) => entry.status === 'INCLUDED' && entry !== own,
    );
    expect(data.neighbourhood.socialHousing.dwellings).toBe(
      120 +
        others.reduce(
          (sum: number, entry: { socialHousing: { dwellings: number } }) => sum + entry.socialHousing.dwellings,
          0,
        ),
    );
    expect(data.neighbourhood.socialHousing.coverage.included.map((partner: { id: string }) => partner.id)).toContain(
      'housing-bouwlust',
    );
  });
});
