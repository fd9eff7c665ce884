import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import {
  ROOT,
  deployTargets,
  fromRoot,
  manifestsOf,
  readYaml,
  selects,
  validate,
  yamlFilesUnder,
  type K8sObject,
  type Kustomization,
  type Labels,
} from './manifests';
import { unknownFields } from './unknown-fields';

const { targets, cleanup } = deployTargets();
afterAll(cleanup);
const kustomization = (file: string) => readYaml(file)[0] as Kustomization;

describe.each(targets.map((target) => [target.label, manifestsOf(target)] as const))(
  'Kubernetes manifests in the k8s folder of %s',
  (_label, manifests) => {
    const BASE_DIR = manifests.baseDir;
    const objects = manifests.baseObjects();
    const ofKind = (kind: string) => objects.map(({ object }) => object).filter((object) => object.kind === kind);
    const deployments = ofKind('Deployment');
    const overlays = yamlFilesUnder(manifests.overlaysDir).filter((file) => file.endsWith('kustomization.yaml'));
    /** Whole objects an overlay adds (a namespace), as opposed to its patches. */
    const overlayObjects = overlays.flatMap((file) =>
      (kustomization(file).resources ?? [])
        .map((resource) => join(dirname(file), resource))
        .filter((path) => existsSync(path) && statSync(path).isFile())
        .flatMap((path) => readYaml(path).map((object) => ({ file: path, object: object as K8sObject }))),
    );
    const everyObject = [...objects, ...overlayObjects].map(({ file, object }) => ({
      name: `${fromRoot(file)} ${object.kind}/${object.metadata.name}`,
      object,
    }));

    test.each(everyObject.map(({ name, object }) => [name, object] as const))(
      'when %s is validated against the Kubernetes schema, then it conforms',
      (_name, object) => {
        expect(() => validate(object)).not.toThrow();
      },
    );

    test("when the manifests are read as their kinds' types, then no field is unknown (a typo the schemas let through)", () => {
      expect(unknownFields(everyObject, ROOT)).toEqual([]);
    });

    test('when the base kustomization lists its resources, then it lists every manifest in the base and each exists', () => {
      const listed = (kustomization(join(BASE_DIR, 'kustomization.yaml')).resources ?? [])
        .map((resource) => join(BASE_DIR, resource))
        .sort();
      expect(listed).toEqual(yamlFilesUnder(BASE_DIR).filter((file) => !file.endsWith('kustomization.yaml')));
    });

    test.each(overlays.map((file) => [fromRoot(file), file]))(
      'when %s is built, then every resource and patch it names exists',
      (_name, file) => {
        const dir = dirname(file);
        const overlay = kustomization(file);
        for (const resource of overlay.resources ?? []) {
          const path = join(dir, resource);
          expect({
            resource,
            exists: existsSync(path) && (statSync(path).isFile() || existsSync(join(path, 'kustomization.yaml'))),
          }).toEqual({ resource, exists: true });
        }
        expect(overlay.images?.map(({ name }) => name)).toEqual([
          ...new Set(deployments.flatMap((d) => d.spec?.template?.spec.containers.map(({ image }) => image) ?? [])),
        ]);
        for (const { path, patch, target } of overlay.patches ?? []) {
          if (path) {
            const [partial] = readYaml(join(dir, path)) as K8sObject[];
            const patched = objects.find(
              ({ object }) => object.kind === partial?.kind && object.metadata.name === partial?.metadata.name,
            )?.object;
            expect(patched).toBeDefined();
            for (const container of partial?.spec?.template?.spec.containers ?? []) {
              expect(patched?.spec?.template?.spec.containers.map(({ name }) => name)).toContain(container.name);
            }
          } else {
            const patched = objects.find(
              ({ object }) => object.kind === target?.kind && object.metadata.name === target?.name,
            )?.object;
            // A JSON 6902 operation fails the build when its path does not exist in the target.
            for (const operation of parse(patch ?? '') as { op: string; path: string }[]) {
              expect({ path: operation.path, found: pointer(patched, operation.path) !== undefined }).toEqual({
                path: operation.path,
                found: true,
              });
            }
          }
        }
      },
    );

    test.each(overlays.map((file) => [fromRoot(file), file]))(
      'when %s generates Secrets, then it generates every Secret and key the pods read',
      (_name, file) => {
        const generated = new Map(
          (kustomization(file).secretGenerator ?? []).map(
            ({ name, files }) => [name, files.map((entry) => entry.split('=')[0] ?? '')] as const,
          ),
        );
        // Every Secret named anywhere, and the keys read from it (an optional key may be left out).
        const references = deployments.flatMap(({ spec }) => [
          ...(spec?.template?.spec.volumes ?? []).flatMap(({ secret, projected }) => [
            ...(secret ? [{ name: secret.secretName, key: undefined }] : []),
            ...(projected?.sources ?? []).flatMap(({ secret: source }) =>
              source ? (source.items ?? []).map(({ key }) => ({ name: source.name, key })) : [],
            ),
          ]),
          ...(spec?.template?.spec.containers ?? []).flatMap(({ env }) =>
            (env ?? []).flatMap(({ valueFrom }) =>
              valueFrom?.secretKeyRef
                ? [
                    {
                      name: valueFrom.secretKeyRef.name,
                      key: valueFrom.secretKeyRef.optional ? undefined : valueFrom.secretKeyRef.key,
                    },
                  ]
                : [],
            ),
          ),
        ]);
        expect([...new Set(references.map(({ name }) => name))].sort()).toEqual([...generated.keys()].sort());
        for (const { name, key } of references.filter((reference) => reference.key))
          expect({ name, keys: generated.get(name) }).toEqual({ name, keys: expect.arrayContaining([key]) });
      },
    );

    test.each(overlays.map((file) => [fromRoot(file), file]))(
      'when %s is applied, then every *_FILE a process reads is a key of a mounted Secret',
      (_name, file) => {
        const keysOf = new Map(
          (kustomization(file).secretGenerator ?? []).map(
            ({ name, files }) => [name, files.map((entry) => entry.split('=')[0])] as const,
          ),
        );
        for (const deployment of deployments) {
          const pod = deployment.spec?.template?.spec;
          for (const container of pod?.containers ?? []) {
            // A stateless partner's audit file is where it writes, not a secret it reads.
            for (const { name, value } of (container.env ?? []).filter(
              (env) => env.name.endsWith('_FILE') && !env.name.endsWith('_AUDIT_FILE'),
            )) {
              const mount = (container.volumeMounts ?? []).find(({ mountPath }) => mountPath === dirname(value ?? ''));
              const volume = pod?.volumes?.find((v) => v.name === mount?.name);
              const files = volume?.secret
                ? keysOf.get(volume.secret.secretName)
                : volume?.projected?.sources.flatMap(({ secret }) => (secret?.items ?? []).map(({ path }) => path));
              expect({ name, files }).toEqual({ name, files: expect.arrayContaining([basename(value ?? '')]) });
            }
          }
        }
      },
    );

    test.each(deployments.map((d) => [d.metadata.name, d] as const))(
      'when %s runs, then it is probed on its health endpoints',
      (_name, deployment) => {
        for (const container of deployment.spec?.template?.spec.containers ?? []) {
          const portNames = (container.ports ?? []).map(({ name }) => name);
          expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
          expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
          expect(portNames).toContain(container.readinessProbe?.httpGet?.port);
          expect(portNames).toContain(container.livenessProbe?.httpGet?.port);
        }
      },
    );

    test.each(deployments.map((d) => [d.metadata.name, d] as const))(
      'when %s runs, then it is non-root, read-only, without privileges and with resources',
      (_name, deployment) => {
        const pod = deployment.spec?.template?.spec;
        expect(pod?.securityContext?.runAsNonRoot).toBe(true);
        expect(pod?.securityContext?.runAsUser).toBeGreaterThan(0);
        expect(pod?.automountServiceAccountToken).toBe(false);
        for (const container of pod?.containers ?? []) {
          expect(container.securityContext).toEqual({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
          expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
          expect(container.resources?.limits?.memory).toBeDefined();
        }
      },
    );

    test('when the gateway scales, then an HPA owns its replica count and nothing else autoscales', () => {
      const autoscalers = ofKind('HorizontalPodAutoscaler');
      expect(autoscalers.map(({ spec }) => spec?.scaleTargetRef)).toEqual([
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' },
      ]);
      expect(autoscalers[0]?.spec?.minReplicas).toBeGreaterThanOrEqual(2);
      const gateway = deployments.find((d) => d.metadata.name === 'gateway');
      expect(gateway?.spec?.replicas).toBeUndefined();
      expect(gateway?.spec?.template?.spec.containers[0]?.resources?.requests?.cpu).toBeDefined();
      expect(ofKind('PodDisruptionBudget').map(({ metadata }) => metadata.name)).toEqual(['gateway']);
    });

    test("when the gateway starts, then it is told where every partner runs and holds every partner's secret", () => {
      const gateway = deployments.find((d) => d.metadata.name === 'gateway')?.spec?.template?.spec;
      const env = new Map((gateway?.containers[0]?.env ?? []).map(({ name, value }) => [name, value]));
      const projected = gateway?.volumes
        ?.flatMap(({ projected }) => projected?.sources ?? [])
        .map(({ secret }) => secret?.name);
      for (const partner of manifests.partners) {
        expect({ partner: partner.name, url: env.get(`SUBGRAPH_${partner.envPrefix}_URL`) }).toEqual({
          partner: partner.name,
          url: `http://${partner.name}:${partner.port}/graphql`,
        });
        expect(env.get(`SUBGRAPH_${partner.envPrefix}_SECRET_FILE`)).toBe(`/etc/buurtgraaf/partners/${partner.name}`);
        expect(projected).toContain(`${partner.name}-trust`);
      }
    });

    test("when a partner of a kind with several members runs, then it runs its kind's entry file and PARTNER_ID says which one it is", () => {
      const shared = manifests.partners.filter(
        ({ kind }) => manifests.partners.filter((other) => other.kind === kind).length > 1,
      );
      expect(shared.length).toBeGreaterThanOrEqual(4);
      for (const partner of shared) {
        const container = deployments.find((d) => d.metadata.name === partner.name)?.spec?.template?.spec.containers[0];
        expect({
          partner: partner.name,
          args: container?.args,
          id: container?.env?.find(({ name }) => name === 'PARTNER_ID')?.value,
        }).toEqual({
          partner: partner.name,
          args: [`subgraphs/${partner.kind}/main.js`],
          id: partner.name,
        });
      }
    });

    test('when a Service routes traffic, then it selects one Deployment and a port that Deployment names', () => {
      for (const service of ofKind('Service')) {
        const selector = service.spec?.selector as Labels;
        const targets = deployments.filter((d) => selects(selector, d.spec?.template?.metadata.labels ?? {}));
        expect(targets.map((d) => d.metadata.name)).toEqual([service.metadata.name]);
        const portNames = targets[0]?.spec?.template?.spec.containers.flatMap(({ ports }) =>
          (ports ?? []).map(({ name }) => name),
        );
        for (const port of service.spec?.ports ?? []) expect(portNames).toContain(port.targetPort);
      }
    });
  },
);

function pointer(value: unknown, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, token) =>
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined,
      value,
    );
}
