import type { DeployPartner } from '../model';
import { databaseEgress, dnsEgress, metadata, text } from './common';

/** Default deny, and what each process may reach and be reached by. */

export function defaultDeny(): string {
  return text([
    '# Nothing reaches a pod and no pod reaches anything, unless one of the policies beside each',
    "# Deployment allows it. The kubelet's probes still arrive: traffic from a pod's own node is always allowed.",
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: default-deny',
    '  labels:',
    '    app.kubernetes.io/part-of: buurtgraaf',
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Ingress, Egress]',
  ]);
}

export function gatewayPolicy(partners: readonly DeployPartner[]): string {
  return text([
    "# Clients reach the gateway; the gateway reaches every partner's subgraph and DNS, and nothing else",
    "# (no partner database, no internet). Narrow the ingress rule to your ingress controller's",
    '# namespace and your Prometheus where you can: /metrics needs no credentials.',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    ...metadata('gateway'),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      app.kubernetes.io/name: gateway',
    '  policyTypes: [Ingress, Egress]',
    '  ingress:',
    '    - ports:',
    '        - { port: 4000, protocol: TCP }',
    '  egress:',
    ...partners.flatMap((p) => [
      '    - to:',
      `        - podSelector: { matchLabels: { app.kubernetes.io/name: ${p.id} } }`,
      '      ports:',
      `        - { port: ${p.port}, protocol: TCP }`,
    ]),
    ...dnsEgress,
  ]);
}

export function partnerPolicy(p: DeployPartner): string {
  const ingress = [
    '  ingress:',
    '    - from:',
    '        - podSelector: { matchLabels: { app.kubernetes.io/name: gateway } }',
    '      ports:',
    `        - { port: ${p.port}, protocol: TCP }`,
  ];
  const head = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    ...metadata(p.id),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${p.id}`,
    '  policyTypes: [Ingress, Egress]',
  ];
  if (!p.keepsData) {
    return text([
      `# Only the gateway reaches the ${p.id} subgraph; it keeps no data and calls nobody, so no egress.`,
      ...head,
      ...ingress,
      '  egress: []',
    ]);
  }
  return text([
    `# Only the gateway reaches the ${p.id} subgraph, and the subgraph reaches only its own database and DNS.`,
    `# 192.0.2.${p.databaseHost} is a documentation address (RFC 5737): an overlay sets the partner's real database.`,
    ...head,
    ...ingress,
    '  egress:',
    ...databaseEgress(p.databaseHost),
    ...dnsEgress,
  ]);
}
