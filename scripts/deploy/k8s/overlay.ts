import { pairFiles, type DeployPartner } from '../model';
import { text } from './common';

/** The base's kustomization and the example overlay's, which generates every partner's Secrets. */

export function baseKustomization(resources: string[]): string {
  return text([
    '# The federation in one namespace. Not applicable on its own: an overlay adds the namespace, the',
    "# image's registry and tag, the Secrets and each partner's database address (overlays/example).",
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    ...resources.map((resource) => `  - ${resource}`),
  ]);
}

export function exampleOverlay(partners: readonly DeployPartner[]): string {
  const data = partners.filter((p) => p.keepsData);
  /** The partner whose load Job the overlay shows, commented out: a care provider where there is one. */
  const loaded = data.find((p) => p.kind === 'care') ?? data[0];
  return text([
    '# An example deployment of the whole federation into the namespace `buurtgraaf`. Before',
    "# `kubectl apply -k`, make the Secrets' files (git-ignored, never committed):",
    '#   npx tsx scripts/deploy-secrets.ts docker/k8s/overlays/example/secrets',
    "# then put each partner's real database URL into secrets/<partner>-database-url, and its",
    "# database's address into the patches below. See docker/README.md. A copy of this overlay for your",
    "# own environment is yours: add a new partner's Secrets and database patch to it by hand.",
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'namespace: buurtgraaf',
    'resources:',
    '  - namespace.yaml',
    '  - ../../base',
    ...(loaded
      ? [
          `  # A partner's data load, for one run (docs/operators.md): remove the "#+" that starts the lines for ${loaded.id}.`,
          `#+  - ../../jobs/${loaded.id}-load`,
          '#+configMapGenerator:',
          `#+  - name: ${loaded.id}-load-csv`,
          '#+    files: [data.csv=load/clients.csv]',
          '#+    literals: [table=clients]',
        ]
      : []),
    'images:',
    '  - name: buurtgraaf',
    '    newName: registry.example.nl/buurtgraaf',
    '    newTag: "0.1.0"',
    '# Generated names carry a hash of the contents, so a changed secret rolls the pods that use it.',
    'secretGenerator:',
    '  - name: gateway-consumers',
    '    files: [consumers.json=secrets/consumers.json]',
    ...partners.flatMap((p) => [`  - name: ${p.id}-trust`, `    files: [gateway-secret=secrets/${p.id}.secret]`]),
    ...data.flatMap((p) => [`  - name: ${p.id}-database`, `    files: [url=secrets/${p.id}-database-url]`]),
    ...partners
      .filter((p) => p.secureSum)
      .flatMap((p) => [
        `  - name: ${p.id}-pairs`,
        `    files: [${pairFiles(p)
          .map((file) => `${file}=secrets/pairs/${p.id}/${file}`)
          .join(', ')}]`,
      ]),
    'patches:',
    '  - path: gateway-production.yaml',
    "  # Each partner's PostgreSQL: replace these documentation addresses (RFC 5737) with the real ones.",
    ...data.flatMap((p) => [
      `  - target: { kind: NetworkPolicy, name: ${p.id} }`,
      '    patch: |-',
      `      - { op: replace, path: /spec/egress/0/to/0/ipBlock/cidr, value: 198.51.100.${p.databaseHost}/32 }`,
      ...(p === loaded
        ? [
            `#+  - target: { kind: NetworkPolicy, name: ${p.id}-load }`,
            '#+    patch: |-',
            `#+      - { op: replace, path: /spec/egress/0/to/0/ipBlock/cidr, value: 198.51.100.${p.databaseHost}/32 }`,
          ]
        : []),
    ]),
  ]);
}
