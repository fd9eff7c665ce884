import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsumers } from '../../gateway/trust/consumers';
import { makeDeploySecrets } from '../../scripts/deploy-secrets';
import { deployTargets, fromRoot, manifestsOf, readYaml, yamlFilesUnder, type Kustomization } from './manifests';

const { targets, cleanup } = deployTargets();
afterAll(cleanup);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-deploy-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file the script made, by its path in the folder (pairs/<party>/<peer>.secret included). */
const madeFiles = (): string[] =>
  (readdirSync(dir, { recursive: true }) as string[]).filter((path) => statSync(join(dir, path)).isFile()).sort();
const contents = () => Object.fromEntries(madeFiles().map((file) => [file, readFileSync(join(dir, file), 'utf8')]));

describe.each(targets.map((target) => [target.label, manifestsOf(target)] as const))(
  'scripts/deploy-secrets.ts for the partners of %s',
  (_label, manifests) => {
    const { partners, partnerIds, dataPartners } = manifests;

    test('when run, then every partner gets a secret long enough for its subgraph and the demo key opens the consumers file', () => {
      const secrets = makeDeploySecrets(dir, partners);
      expect(Object.keys(secrets.secretFiles).sort()).toEqual([...partnerIds].sort());
      for (const file of Object.values(secrets.secretFiles))
        expect(readFileSync(file, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
      expect(loadConsumers(secrets.consumersFile).byApiKey(secrets.apiKey)?.id).toBe('demo-analyst');
    });

    test('when run, then only the partners that keep data get a database, whose URL carries its password', () => {
      const secrets = makeDeploySecrets(dir, partners);
      expect(Object.keys(secrets.databases).sort()).toEqual([...dataPartners].sort());
      for (const [name, { passwordFile, urlFile }] of Object.entries(secrets.databases)) {
        const url = new URL(readFileSync(urlFile, 'utf8'));
        // PostgreSQL names without the hyphen: housing_domstad.
        const database = name.replaceAll('-', '_');
        expect({ host: url.host, user: url.username, database: url.pathname }).toEqual({
          host: `${name}-db:5432`,
          user: database,
          database: `/${database}`,
        });
        expect(url.password).toBe(readFileSync(passwordFile, 'utf8'));
      }
    });

    test('when run, then the container user can read the files and other host users cannot enter the folder', () => {
      makeDeploySecrets(dir, partners);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const file of madeFiles())
        expect({ file, mode: statSync(join(dir, file)).mode & 0o777 }).toEqual({ file, mode: 0o644 });
    });

    test('when run, then each care provider and the combiner get a pair secret for every other party of the secure sum, and each provider an own key', () => {
      makeDeploySecrets(dir, partners);
      const parties = partners.filter(({ kind }) => kind === 'care' || kind === 'combiner').map(({ name }) => name);
      expect(parties.length).toBeGreaterThanOrEqual(3);
      for (const party of parties) {
        const own = partners.find(({ name }) => name === party)?.kind === 'care' ? ['own.key'] : [];
        expect(readdirSync(join(dir, 'pairs', party)).sort()).toEqual(
          [...parties.filter((peer) => peer !== party).map((peer) => `${peer}.secret`), ...own].sort(),
        );
        for (const peer of parties.filter((other) => other !== party)) {
          // Both ends of a pair hold the same secret, and only they do.
          expect(readFileSync(join(dir, 'pairs', party, `${peer}.secret`), 'utf8')).toBe(
            readFileSync(join(dir, 'pairs', peer, `${party}.secret`), 'utf8'),
          );
        }
      }
    });

    test('when run again, then every file keeps its contents', () => {
      makeDeploySecrets(dir, partners);
      const first = contents();
      makeDeploySecrets(dir, partners);
      expect(contents()).toEqual(first);
    });

    test.each(
      yamlFilesUnder(manifests.overlaysDir)
        .filter((file) => file.endsWith('kustomization.yaml'))
        .map((file) => [fromRoot(file), file]),
    )('when %s generates its Secrets, then every file it reads is one the script makes', (_name, file) => {
      makeDeploySecrets(dir, partners);
      const made = madeFiles();
      const sources = ((readYaml(file)[0] as Kustomization).secretGenerator ?? []).flatMap(({ files }) =>
        files.map((entry) => entry.split('=').at(-1) ?? ''),
      );
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) {
        expect(source).toMatch(/^secrets\//);
        expect(made).toContain(source.slice('secrets/'.length));
      }
    });
  },
);
