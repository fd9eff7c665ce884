import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadConsumers } from '../../gateway/trust/consumers';
import { makeDeploySecrets } from '../../scripts/deploy-secrets';
import { DATA_PARTNERS, OVERLAYS_DIR, PARTNERS, fromRoot, readYaml, yamlFilesUnder, type Kustomization } from './manifests';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-deploy-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const contents = () => Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));

describe('scripts/deploy-secrets.ts', () => {
  test('when run, then every partner gets a secret long enough for its subgraph and the demo key opens the consumers file', () => {
    const secrets = makeDeploySecrets(dir);
    expect(Object.keys(secrets.secretFiles).sort()).toEqual([...PARTNERS].sort());
    for (const file of Object.values(secrets.secretFiles)) expect(readFileSync(file, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
    expect(loadConsumers(secrets.consumersFile).byApiKey(secrets.apiKey)?.id).toBe('demo-analyst');
  });

  test('when run, then only the partners that keep data get a database, whose URL carries its password', () => {
    const secrets = makeDeploySecrets(dir);
    expect(Object.keys(secrets.databases).sort()).toEqual([...DATA_PARTNERS].sort());
    for (const [name, { passwordFile, urlFile }] of Object.entries(secrets.databases)) {
      const url = new URL(readFileSync(urlFile, 'utf8'));
      expect({ host: url.host, user: url.username, database: url.pathname }).toEqual({ host: `${name}-db:5432`, user: name, database: `/${name}` });
      expect(url.password).toBe(readFileSync(passwordFile, 'utf8'));
    }
  });

  test('when run, then the container user can read the files and other host users cannot enter the folder', () => {
    makeDeploySecrets(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(dir)) expect({ file, mode: statSync(join(dir, file)).mode & 0o777 }).toEqual({ file, mode: 0o644 });
  });

  test('when run again, then every file keeps its contents', () => {
    makeDeploySecrets(dir);
    const first = contents();
    makeDeploySecrets(dir);
    expect(contents()).toEqual(first);
  });

  test.each(yamlFilesUnder(OVERLAYS_DIR).filter((file) => file.endsWith('kustomization.yaml')).map((file) => [fromRoot(file), file]))(
    'when %s generates its Secrets, then every file it reads is one the script makes',
    (_name, file) => {
      makeDeploySecrets(dir);
      const made = readdirSync(dir);
      const sources = ((readYaml(file)[0] as Kustomization).secretGenerator ?? []).flatMap(({ files }) => files.map((entry) => entry.split('=').at(-1) ?? ''));
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) {
        expect(source).toMatch(/^secrets\//);
        expect(made).toContain(basename(source));
      }
    },
  );
});
