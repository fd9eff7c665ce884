import { PAIRS_DIR, type DeployPartner } from '../model';
import { containerSecurity, labels, metadata, podSecurity, preStop, probe, text } from './common';

/** The gateway's and each partner's Deployment and Service, and the gateway's HPA and PodDisruptionBudget. */

export function service(name: string, port: number): string {
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

export function gatewayDeployment(partners: readonly DeployPartner[]): string {
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

export function gatewayHpa(): string {
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

export function gatewayPdb(): string {
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

export function partnerDeployment(p: DeployPartner): string {
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
