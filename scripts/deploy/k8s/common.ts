import { GENERATED } from '../model';

/** What every manifest shares: the header, labels, security settings and probes. */

export const text = (lines: string[]) => `${[GENERATED, ...lines].join('\n')}\n`;

export const labels = (name: string, indent: string) => [
  `${indent}labels:`,
  `${indent}  app.kubernetes.io/name: ${name}`,
  `${indent}  app.kubernetes.io/part-of: buurtgraaf`,
];

export const metadata = (name: string) => ['metadata:', `  name: ${name}`, ...labels(name, '  ')];

export const dnsEgress = [
  '    - to:',
  '        - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }',
  '          podSelector: { matchLabels: { k8s-app: kube-dns } }',
  '      ports:',
  '        - { port: 53, protocol: UDP }',
  '        - { port: 53, protocol: TCP }',
];

/** A partner's own database and nothing else of the network (192.0.2.x: RFC 5737, an overlay sets the real address). */
export const databaseEgress = (databaseHost: number | null) => [
  '    - to:',
  `        - ipBlock: { cidr: 192.0.2.${databaseHost}/32 }`,
  '      ports:',
  '        - { port: 5432, protocol: TCP }',
];

export const podSecurity = [
  '      automountServiceAccountToken: false',
  '      securityContext:',
  '        runAsNonRoot: true',
  '        runAsUser: 1000',
  '        runAsGroup: 1000',
  '        fsGroup: 1000',
  '        seccompProfile: { type: RuntimeDefault }',
];

export const containerSecurity = [
  '          securityContext:',
  '            allowPrivilegeEscalation: false',
  '            readOnlyRootFilesystem: true',
  '            capabilities: { drop: [ALL] }',
];

export const probe = (kind: 'live' | 'ready', periodSeconds: number, failureThreshold: number, timeout = true) => [
  `            httpGet: { path: /health/${kind}, port: http }`,
  `            periodSeconds: ${periodSeconds}`,
  ...(timeout ? ['            timeoutSeconds: 3'] : []),
  `            failureThreshold: ${failureThreshold}`,
];

export const preStop = [
  '          lifecycle:',
  '            preStop:',
  '              exec: { command: ["sleep", "5"] }',
];
