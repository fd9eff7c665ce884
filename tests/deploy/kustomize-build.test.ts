import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { makeDeploySecrets } from '../../scripts/deploy-secrets';
import { deployTargets, manifestsOf, readYaml, validate, type K8sObject, type Kustomization } from './manifests';

// kustomize is not on npm, so the other tests check the kustomizations file by file. Where kubectl
// is installed (it brings kustomize), this builds the example overlay for real; elsewhere the
// block is reported as skipped.
const kubectlAvailable =
  spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 15_000 }).status === 0;
const describeIfKubectl = kubectlAvailable ? describe : describe.skip;

const { targets, cleanup } = deployTargets();
afterAll(cleanup);

describeIfKubectl.each(targets.map((target) => [target.label, manifestsOf(target)] as const))(
  'kubectl kustomize k8s/overlays/example in %s',
  (_label, manifests) => {
    const K8S_DIR = manifests.k8sDir;
    let dir: string;
    let built: K8sObject[];
    const overlay = readYaml(join(K8S_DIR, 'overlays', 'example', 'kustomization.yaml'))[0] as Kustomization & {
      namespace: string;
      images: { newName: string; newTag: string }[];
    };

    beforeAll(() => {
      // A copy, so the Secrets' files can be made beside the overlay without touching the work tree.
      dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-kustomize-'));
      cpSync(K8S_DIR, dir, { recursive: true });
      makeDeploySecrets(join(dir, 'overlays', 'example', 'secrets'), manifests.partners);
      const output = execFileSync('kubectl', ['kustomize', join(dir, 'overlays', 'example')], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      built = parseAllDocuments(output).map((document) => unwrapSecretData(document.toJS() as K8sObject));
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test("when built, then every object conforms to its kind's schema and lives in the overlay's namespace", () => {
      expect(built.length).toBeGreaterThan(0);
      for (const object of built) {
        expect(() => validate(object)).not.toThrow();
        const namespace = (object.metadata as { namespace?: string }).namespace;
        expect({ object: `${object.kind}/${object.metadata.name}`, namespace }).toEqual({
          object: `${object.kind}/${object.metadata.name}`,
          namespace: object.kind === 'Namespace' ? undefined : overlay.namespace,
        });
      }
    });

    test("when built, then every pod runs the overlay's image and reads Secrets that the build generated", () => {
      const secrets = new Set(built.filter(({ kind }) => kind === 'Secret').map(({ metadata }) => metadata.name));
      const image = `${overlay.images[0]?.newName}:${overlay.images[0]?.newTag}`;
      for (const deployment of built.filter(({ kind }) => kind === 'Deployment')) {
        const pod = deployment.spec?.template?.spec;
        expect(pod?.containers.map((container) => container.image)).toEqual([image]);
        const referenced = [
          ...(pod?.volumes ?? []).flatMap(({ secret, projected }) => [
            secret?.secretName,
            ...(projected?.sources ?? []).map((source) => source.secret?.name),
          ]),
          ...(pod?.containers ?? []).flatMap(({ env }) =>
            (env ?? []).map(({ valueFrom }) => valueFrom?.secretKeyRef?.name),
          ),
        ].filter((name): name is string => Boolean(name));
        expect(referenced.length).toBeGreaterThan(0);
        for (const name of referenced)
          expect({ deployment: deployment.metadata.name, name, generated: secrets.has(name) }).toEqual({
            deployment: deployment.metadata.name,
            name,
            generated: true,
          });
      }
    });

    test('when built, then every partner has its Deployment, Service and NetworkPolicy', () => {
      for (const kind of ['Deployment', 'Service', 'NetworkPolicy']) {
        const names = built.filter((object) => object.kind === kind).map(({ metadata }) => metadata.name);
        expect({ kind, names: names.filter((name) => name !== 'gateway' && name !== 'default-deny').sort() }).toEqual({
          kind,
          names: [...manifests.partnerIds].sort(),
        });
      }
    });

    test('when built, then no documentation address from the base is left in a network policy', () => {
      const cidrs = built
        .filter(({ kind }) => kind === 'NetworkPolicy')
        .flatMap(({ spec }) =>
          (spec?.egress ?? []).flatMap((rule) =>
            (rule.to ?? []).flatMap((peer) => (peer.ipBlock ? [peer.ipBlock.cidr] : [])),
          ),
        );
      expect(cidrs).toHaveLength(manifests.dataPartners.length);
      for (const cidr of cidrs) expect(cidr).not.toMatch(/^192\.0\.2\./);
    });
  },
);

/**
 * kustomize wraps a Secret's base64 at 70 columns; the API server's decoder (Go's) skips the line
 * breaks, the schema's `byte` format does not, so they are taken out before validation.
 */
function unwrapSecretData(object: K8sObject): K8sObject {
  const data = (object as { data?: Record<string, string> }).data;
  if (object.kind !== 'Secret' || !data) return object;
  return {
    ...object,
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, value.replace(/\s/g, '')])),
  } as K8sObject;
}
