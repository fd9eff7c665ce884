import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readOwned, renderDeploy } from '../../scripts/deploy/render';
import { DOCKER_DIR, ROOT, THIRD_CORPORATION, partnersFileWithThirdCorporation } from './manifests';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const renderCli = (...args: string[]) =>
  spawnSync(TSX, [join(ROOT, 'scripts', 'render-deploy.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });

describe('the committed deploy files', () => {
  test('when rendered afresh from schema/partners.json, then the result is docker/compose.yaml, docker/k8s/base and the example overlay as committed', () => {
    // Fails when someone changed the partners file or scripts/deploy/ and forgot `npm run deploy:render`,
    // or edited a rendered file by hand.
    expect(readOwned(DOCKER_DIR)).toEqual(renderDeploy());
  });
});

describe('npm run deploy:render', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-render-'));
    cpSync(DOCKER_DIR, join(dir, 'docker'), { recursive: true, filter: (source) => basename(source) !== 'secrets' });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('when run with --check on the committed files, then it reports that they match and exits 0', () => {
    const result = renderCli('--check');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('match');
  });

  test('when a third corporation joins the partners file, then --check names its missing files, and a render adds them and passes --check', () => {
    const partners = partnersFileWithThirdCorporation(dir);
    const out = join(dir, 'docker');
    const before = renderCli('--check', '--partners', partners, '--out', out);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain(`missing  k8s/base/${THIRD_CORPORATION.id}/deployment.yaml`);
    expect(before.stderr).toContain('differs  compose.yaml');

    const render = renderCli('--partners', partners, '--out', out);
    expect({ status: render.status, stderr: render.stderr }).toEqual({ status: 0, stderr: '' });
    for (const file of ['deployment.yaml', 'service.yaml', 'network-policy.yaml'])
      expect(existsSync(join(out, 'k8s', 'base', THIRD_CORPORATION.id, file))).toBe(true);
    expect(readFileSync(join(out, 'k8s', 'base', 'kustomization.yaml'), 'utf8')).toContain(
      `  - ${THIRD_CORPORATION.id}/deployment.yaml`,
    );
    expect(readFileSync(join(out, 'compose.yaml'), 'utf8')).toContain(`  ${THIRD_CORPORATION.id}-db:`);
    expect(readFileSync(join(out, 'k8s', 'overlays', 'example', 'kustomization.yaml'), 'utf8')).toContain(
      `  - name: ${THIRD_CORPORATION.id}-database`,
    );
    // The hand-written files are left alone.
    for (const file of [
      'Dockerfile',
      'entrypoint.sh',
      'k8s/overlays/example/namespace.yaml',
      'k8s/overlays/example/gateway-production.yaml',
    ]) {
      expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(DOCKER_DIR, file), 'utf8'));
    }
    expect(renderCli('--check', '--partners', partners, '--out', out).status).toBe(0);
  });

  test('when a partner has left the partners file, then its files in the base are removed and --check reports a leftover as stale', () => {
    const out = join(dir, 'docker');
    mkdirSync(join(out, 'k8s', 'base', 'housing-gone'));
    writeFileSync(join(out, 'k8s', 'base', 'housing-gone', 'deployment.yaml'), 'kind: Deployment\n');
    const check = renderCli('--check', '--out', out);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('stale    k8s/base/housing-gone/deployment.yaml');
    execFileSync(TSX, [join(ROOT, 'scripts', 'render-deploy.ts'), '--out', out], { stdio: 'ignore' });
    expect(existsSync(join(out, 'k8s', 'base', 'housing-gone'))).toBe(false);
    expect(readOwned(out)).toEqual(renderDeploy());
  });

  test('when the partners file is invalid, then it names the mistake and writes nothing', () => {
    const partners = join(dir, 'partners.json');
    writeFileSync(
      partners,
      JSON.stringify({ partners: [{ id: 'Housing_X', kind: 'housing', name: 'X', port: 4100 }] }),
    );
    const out = join(dir, 'docker');
    const before = readOwned(out);
    const result = renderCli('--partners', partners, '--out', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('partners.0.id');
    expect(readOwned(out)).toEqual(before);
  });
});
