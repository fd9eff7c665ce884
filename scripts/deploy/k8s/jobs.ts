import type { DeployPartner } from '../model';
import { containerSecurity, databaseEgress, dnsEgress, labels, metadata, podSecurity, text } from './common';

/** Where the load Job finds the CSV file: a ConfigMap by default, any volume in an overlay. */
export const LOAD_CSV_DIR = '/var/lib/buurtgraaf/load';

/**
 * docker/k8s/jobs/<partner>-load/: a Job that loads one CSV file into the partner's database with
 * the loader of the same image (scripts/load-csv.js), and the NetworkPolicy that lets it reach
 * that database only. Nothing lists it, so nothing applies it: an operator adds the folder to an
 * overlay's resources for one load (docs/operators.md, "Loading a partner's data in Kubernetes").
 * Its own name label, so the partner's Service never sends it traffic.
 */
export function loadJobFiles(p: DeployPartner): Record<string, string> {
  return {
    'kustomization.yaml': text([
      `# The load Job of ${p.id}: add ../../jobs/${p.id}-load to an overlay's resources, with a`,
      `# configMapGenerator named ${p.id}-load-csv holding the file as data.csv (docs/operators.md).`,
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '  - job.yaml',
      '  - network-policy.yaml',
    ]),
    'job.yaml': loadJob(p),
    'network-policy.yaml': loadPolicy(p),
  };
}

const loadName = (p: DeployPartner) => `${p.id}-load`;

function loadJob(p: DeployPartner): string {
  const name = loadName(p);
  return text([
    `# Loads data.csv into ${p.id}'s database as the table LOAD_TABLE names, in one transaction: all rows or`,
    '# none, and a second run changes nothing. It adds and updates; for --dry-run or --replace, patch args.',
    '# Exit codes as `npm run load` (docs/partners.md); the report is the pod log, kept a day.',
    'apiVersion: batch/v1',
    'kind: Job',
    ...metadata(name),
    'spec:',
    '  # A rejected file fails the same way again: no retries.',
    '  backoffLimit: 0',
    '  ttlSecondsAfterFinished: 86400',
    '  template:',
    '    metadata:',
    ...labels(name, '      '),
    '    spec:',
    '      restartPolicy: Never',
    ...podSecurity,
    '      containers:',
    '        - name: load',
    '          image: buurtgraaf',
    `          args: ["scripts/load-csv.js", "${p.id}", "$(LOAD_TABLE)", "${LOAD_CSV_DIR}/data.csv"]`,
    '          env:',
    '            - name: LOAD_TABLE',
    '              valueFrom:',
    `                configMapKeyRef: { name: ${name}-csv, key: table }`,
    `            - name: ${p.envPrefix}_DATABASE_URL`,
    '              valueFrom:',
    `                secretKeyRef: { name: ${p.id}-database, key: url }`,
    "            # The tables' owner, as for the subgraph: the loader migrates before it loads.",
    `            - name: ${p.envPrefix}_MIGRATION_DATABASE_URL`,
    '              valueFrom:',
    `                secretKeyRef: { name: ${p.id}-database, key: migration-url, optional: true }`,
    '          # The loader streams the file a batch at a time: its memory does not grow with the file.',
    '          resources:',
    '            requests: { cpu: 500m, memory: 256Mi }',
    '            limits: { memory: 768Mi }',
    ...containerSecurity,
    '          volumeMounts:',
    `            - { name: csv, mountPath: ${LOAD_CSV_DIR}, readOnly: true }`,
    '      volumes:',
    '        # A ConfigMap holds at most 1 MiB; for a larger file, patch this volume to a PersistentVolumeClaim.',
    '        - name: csv',
    '          configMap:',
    `            name: ${name}-csv`,
    '            items: [{ key: data.csv, path: data.csv }]',
  ]);
}

function loadPolicy(p: DeployPartner): string {
  const name = loadName(p);
  return text([
    `# The load Job of ${p.id} reaches its database and DNS, and nothing reaches it. Patch the address`,
    `# as for the ${p.id} NetworkPolicy (192.0.2.${p.databaseHost} is a documentation address, RFC 5737).`,
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    ...metadata(name),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name}`,
    '  policyTypes: [Ingress, Egress]',
    '  ingress: []',
    '  egress:',
    ...databaseEgress(p.databaseHost),
    ...dnsEgress,
  ]);
}
