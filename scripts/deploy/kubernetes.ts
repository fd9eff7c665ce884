import { GENERATED, PAIRS_DIR, pairFiles, type DeployPartner } from './model';

/**
 * docker/k8s/base/**: per process a Deployment, a Service and a NetworkPolicy, the gateway's HPA
 * and PodDisruptionBudget, a default-deny policy and the kustomization that lists them all; and
 * the example overlay's kustomization, which generates every partner's Secrets. Paths are
 * relative to docker/k8s.
 */
export function renderKubernetes(partners: readonly DeployPartner[]): Record<string, string> {
  const files: Record<string, string> = {
    'base/network-policy-default-deny.yaml': defaultDeny(),
    'base/gateway/deployment.yaml': gatewayDeployment(partners),
    'base/gateway/service.yaml': service('gateway', 4000),
    'base/gateway/hpa.yaml': gatewayHpa(),
    'base/gateway/pod-disruption-budget.yaml': gatewayPdb(),
    'base/gateway/network-policy.yaml': gatewayPolicy(partners),
  };
  for (const partner of partners) {
    files[`base/${partner.id}/deployment.yaml`] = partnerDeployment(partner);
    files[`base/${partner.id}/service.yaml`] = service(partner.id, partner.port);
    files[`base/${partner.id}/network-policy.yaml`] = partnerPolicy(partner);
  }
  files['base/kustomization.yaml'] = baseKustomization(Object.keys(files).map((file) => file.slice('base/'.length)));
  files['overlays/example/kustomization.yaml'] = exampleOverlay(partners);
  return files;
}

const text = (lines: string[]) => `${[GENERATED, ...lines].join('\n')}\n`;

const labels = (name: string, indent: string) => [
  `${indent}labels:`,
  `${indent}  app.kubernetes.io/name: ${name}`,
  `${indent}  app.kubernetes.io/part-of: buurtgraaf`,
];

const metadata = (name: string) => ['metadata:', `  name: ${name}`, ...labels(name, '  ')];

const dnsEgress = [
  '    - to:',
  '        - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }',
  '          podSelector: { matchLabels: { k8s-app: kube-dns } }',
  '      ports:',
  '        - { port: 53, protocol: UDP }',
  '        - { port: 53, protocol: TCP }',
];

const podSecurity = [
  '      automountServiceAccountToken: false',
  '      securityContext:',
  '        runAsNonRoot: true',
  '        runAsUser: 1000',
  '        runAsGroup: 1000',
  '        fsGroup: 1000',
  '        seccompProfile: { type: RuntimeDefault }',
];

const containerSecurity = [
  '          securityContext:',
  '            allowPrivilegeEscalation: false',
  '            readOnlyRootFilesystem: true',
  '            capabilities: { drop: [ALL] }',
];

const probe = (kind: 'live' | 'ready', periodSeconds: number, failureThreshold: number, timeout = true) => [
  `            httpGet: { path: /health/${kind}, port: http }`,
  `            periodSeconds: ${periodSeconds}`,
  ...(timeout ? ['            timeoutSeconds: 3'] : []),
  `            failureThreshold: ${failureThreshold}`,
];

const preStop = ['          lifecycle:', '            preStop:', '              exec: { command: ["sleep", "5"] }'];

function defaultDeny(): string {
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

function service(name: string, port: number): string {
  return text([
    'apiVersion: v1',
    'kind: Service',
    ...metadata(name),
    'spec:',
    '  selector:',
    `    app.kubernetes.io/name: ${name}`,
    '  ports:',
    `    - { name: http, port: ${port}, targetPort: http }`,
  ]);
}

function gatewayDeployment(partners: readonly DeployPartner[]): string {
  return text([
    '# The gateway keeps no state, so the HorizontalPodAutoscaler (hpa.yaml) owns its replica count.',
    'apiVersion: apps/v1',
    'kind: Deployment',
    ...metadata('gateway'),
    'spec:',
    '  selector:',
    '    matchLabels:',
    '      app.kubernetes.io/name: gateway',
    '  strategy:',
    '    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }',
    '  template:',
    '    metadata:',
    ...labels('gateway', '      '),
    '    spec:',
    ...podSecurity,
    '      # In-flight requests get GATEWAY_SHUTDOWN_GRACE_MS (10 s) after SIGTERM, after the preStop pause.',
    '      terminationGracePeriodSeconds: 30',
    '      containers:',
    '        - name: gateway',
    '          image: buurtgraaf',
    '          args: ["gateway/main.js"]',
    '          ports:',
    '            - { name: http, containerPort: 4000 }',
    '          env:',
    '            - { name: GATEWAY_HOST, value: 0.0.0.0 }',
    '            - { name: GATEWAY_PORT, value: "4000" }',
    '            - { name: GATEWAY_CONSUMERS_FILE, value: /etc/buurtgraaf/consumers/consumers.json }',
    ...partners.flatMap((p) => [
      `            - { name: SUBGRAPH_${p.envPrefix}_URL, value: http://${p.id}:${p.port}/graphql }`,
      `            - { name: SUBGRAPH_${p.envPrefix}_SECRET_FILE, value: /etc/buurtgraaf/partners/${p.id} }`,
    ]),
    '          # Live while the process runs; ready once the supergraph is loaded. A partner that is down',
    "          # does not make the gateway unready: the other partners' figures still arrive.",
    '          startupProbe:',
    ...probe('live', 2, 30, false),
    '          livenessProbe:',
    ...probe('live', 10, 3),
    '          readinessProbe:',
    ...probe('ready', 5, 2),
    '          # Lets the Service drop this pod before the process stops accepting connections.',
    ...preStop,
    '          # The HPA scales on CPU against the request; no CPU limit, since throttling shows up as latency.',
    '          resources:',
    '            requests: { cpu: 250m, memory: 256Mi }',
    '            limits: { memory: 1Gi }',
    ...containerSecurity,
    '          volumeMounts:',
    '            - { name: consumers, mountPath: /etc/buurtgraaf/consumers, readOnly: true }',
    '            - { name: partner-secrets, mountPath: /etc/buurtgraaf/partners, readOnly: true }',
    '      volumes:',
    '        - name: consumers',
    '          secret:',
    '            secretName: gateway-consumers',
    '            defaultMode: 0440',
    "        # One file per partner, each from that partner's own Secret.",
    '        - name: partner-secrets',
    '          projected:',
    '            defaultMode: 0440',
    '            sources:',
    ...partners.map(
      (p) => `              - secret: { name: ${p.id}-trust, items: [{ key: gateway-secret, path: ${p.id} }] }`,
    ),
  ]);
}

function gatewayHpa(): string {
  return text([
    '# Two replicas at least, so a node drain or a crash never takes the only entry point away.',
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    ...metadata('gateway'),
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    '    name: gateway',
    '  minReplicas: 2',
    '  maxReplicas: 6',
    '  metrics:',
    '    - type: Resource',
    '      resource:',
    '        name: cpu',
    '        target: { type: Utilization, averageUtilization: 70 }',
    '  behavior:',
    '    # BI exports and whole-country pulls come in bursts; wait before giving capacity back.',
    '    scaleDown:',
    '      stabilizationWindowSeconds: 300',
  ]);
}

function gatewayPdb(): string {
  return text([
    '# One gateway keeps running while nodes are drained.',
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    ...metadata('gateway'),
    'spec:',
    '  minAvailable: 1',
    '  selector:',
    '    matchLabels:',
    '      app.kubernetes.io/name: gateway',
  ]);
}

function gatewayPolicy(partners: readonly DeployPartner[]): string {
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

function partnerDeployment(p: DeployPartner): string {
  const header = [
    `# ${p.id}: ${p.displayName}, a partner of kind ${p.kind} (subgraphs/${p.kind}).`,
    ...(p.keepsData
      ? [
          "# Its subgraph reaches the partner's own PostgreSQL, outside the cluster, through the URL in the",
          `# ${p.id}-database Secret (see network-policy.yaml for the one address it may reach).`,
        ]
      : [
          '# It keeps no data: it derives its figures from the fields the gateway passes in, so it has no',
          '# database and no egress at all (see network-policy.yaml).',
        ]),
  ];
  return text([
    ...header,
    '# One replica: a subgraph remembers signature nonces per process, so more replicas would let a',
    '# captured request be replayed once to each other one within 60 s (README, "Known limits").',
    'apiVersion: apps/v1',
    'kind: Deployment',
    ...metadata(p.id),
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${p.id}`,
    '  strategy:',
    '    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }',
    '  template:',
    '    metadata:',
    ...labels(p.id, '      '),
    '    spec:',
    ...podSecurity,
    '      terminationGracePeriodSeconds: 30',
    '      containers:',
    `        - name: ${p.id}`,
    '          image: buurtgraaf',
    `          args: ["${p.entry}"]`,
    '          ports:',
    `            - { name: http, containerPort: ${p.port} }`,
    '          env:',
    `            - { name: ${p.envPrefix}_HOST, value: 0.0.0.0 }`,
    `            - { name: ${p.envPrefix}_PORT, value: "${p.port}" }`,
    ...(p.readsPartnerId
      ? [
          `            # Several partners run subgraphs/${p.kind}/main.ts; this one is ${p.id}.`,
          `            - { name: PARTNER_ID, value: ${p.id} }`,
        ]
      : []),
    `            - { name: ${p.envPrefix}_GATEWAY_SECRET_FILE, value: /etc/buurtgraaf/trust/gateway-secret }`,
    ...(p.keepsData
      ? []
      : [
          '            # Its audit records: the root file system is read-only, so they go to the container log.',
          `            - { name: ${p.envPrefix}_AUDIT_FILE, value: /dev/stdout }`,
        ]),
    ...(p.secureSum
      ? [
          '            # The secure sum of combined care counts: one secret per peer, exchanged at onboarding.',
          `            - { name: ${p.envPrefix}_PAIR_SECRETS_DIR, value: ${PAIRS_DIR.kubernetes} }`,
        ]
      : []),
    ...(p.keepsData
      ? [
          `            - name: ${p.envPrefix}_DATABASE_URL`,
          '              valueFrom:',
          `                secretKeyRef: { name: ${p.id}-database, key: url }`,
          '            # The tables\' owner for migrations; without it the serving role migrates (README, "Two database roles").',
          `            - name: ${p.envPrefix}_MIGRATION_DATABASE_URL`,
          '              valueFrom:',
          `                secretKeyRef: { name: ${p.id}-database, key: migration-url, optional: true }`,
          '          # It listens only after migrations and start-up preparation, which may take minutes.',
          '          startupProbe:',
          ...probe('live', 5, 60, false),
          '          # Liveness does not touch the database: an outage there must not restart every pod.',
          '          livenessProbe:',
          ...probe('live', 10, 3),
          '          # Ready while the database answers.',
          '          readinessProbe:',
          ...probe('ready', 5, 2),
        ]
      : [
          '          startupProbe:',
          ...probe('live', 2, 30, false),
          '          livenessProbe:',
          ...probe('live', 10, 3),
          '          readinessProbe:',
          ...probe('ready', 5, 2),
        ]),
    ...preStop,
    ...(p.keepsData
      ? [
          '          # A whole-country _entities call holds a few MB per request; no CPU limit (latency).',
          '          resources:',
          '            requests: { cpu: 100m, memory: 256Mi }',
          '            limits: { memory: 1Gi }',
        ]
      : [
          '          resources:',
          '            requests: { cpu: 100m, memory: 192Mi }',
          '            limits: { memory: 512Mi }',
        ]),
    ...containerSecurity,
    '          volumeMounts:',
    '            - { name: trust, mountPath: /etc/buurtgraaf/trust, readOnly: true }',
    ...(p.secureSum ? [`            - { name: pairs, mountPath: ${PAIRS_DIR.kubernetes}, readOnly: true }`] : []),
    '      volumes:',
    '        - name: trust',
    '          secret:',
    `            secretName: ${p.id}-trust`,
    '            defaultMode: 0440',
    ...(p.secureSum
      ? [
          '        - name: pairs',
          '          secret:',
          `            secretName: ${p.id}-pairs`,
          '            defaultMode: 0440',
        ]
      : []),
  ]);
}

function partnerPolicy(p: DeployPartner): string {
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
    '    - to:',
    `        - ipBlock: { cidr: 192.0.2.${p.databaseHost}/32 }`,
    '      ports:',
    '        - { port: 5432, protocol: TCP }',
    ...dnsEgress,
  ]);
}

function baseKustomization(resources: string[]): string {
  return text([
    '# The federation in one namespace. Not applicable on its own: an overlay adds the namespace, the',
    "# image's registry and tag, the Secrets and each partner's database address (overlays/example).",
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    ...resources.map((resource) => `  - ${resource}`),
  ]);
}

function exampleOverlay(partners: readonly DeployPartner[]): string {
  const data = partners.filter((p) => p.keepsData);
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
    ]),
  ]);
}
