import { GENERATED, PAIRS_DIR, pairFiles, type DeployPartner } from './model';

/**
 * docker/compose.yaml: the gateway, every partner's subgraph and a PostgreSQL per partner that
 * keeps data, each partner on networks of its own. Written as text, not through a YAML library,
 * so that the file keeps its comments and reads like a hand-written one.
 */
export function renderCompose(partners: readonly DeployPartner[]): string {
  const data = partners.filter((partner) => partner.keepsData);
  const lines: string[] = [
    GENERATED,
    "# The whole federation on one Docker host: the demo stack. The gateway, every partner's subgraph",
    '# and a PostgreSQL for each partner that keeps data. Make the secret files first, from the repository root:',
    '#   npx tsx scripts/deploy-secrets.ts && docker compose -f docker/compose.yaml up --build',
    "# Networks: only the gateway's `edge` network reaches the host. Each partner's subgraph shares a",
    '# network with the gateway only (<partner>), and its database sits on an internal network of its',
    '# own (<partner>-db) that neither the gateway nor another partner is on. See docker/README.md.',
    'name: buurtgraaf',
    '',
    '# Every Buurtgraaf process: one image, the command names the entry file.',
    'x-buurtgraaf: &buurtgraaf',
    '  image: buurtgraaf:local',
    '  build:',
    '    context: ..',
    '    dockerfile: docker/Dockerfile',
    '  read_only: true',
    '  cap_drop: [ALL]',
    '  security_opt: ["no-new-privileges:true"]',
    '  restart: unless-stopped',
    '  # The processes let requests finish for 10 s after SIGTERM; the rest is start-up headroom.',
    '  stop_grace_period: 15s',
    '',
    'x-postgres: &postgres',
    '  image: postgres:16-alpine',
    '  restart: unless-stopped',
    '  # Memory for shared buffers and a few connections; a CPU cap so one busy database cannot starve the host.',
    '  deploy:',
    '    resources:',
    '      limits: { cpus: "1.0", memory: 512M }',
    '',
    'x-subgraph-health: &subgraph-health',
    '  interval: 10s',
    '  timeout: 3s',
    '  retries: 3',
    '  # The first start migrates and loads the demo data before it listens.',
    '  start_period: 120s',
    '  start_interval: 2s',
    '',
    'x-postgres-health: &postgres-health',
    '  # Over TCP: during initdb the server listens on its socket only, so this waits for the real start.',
    '  test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U \\"$$POSTGRES_USER\\" -d \\"$$POSTGRES_DB\\""]',
    '  interval: 10s',
    '  timeout: 3s',
    '  retries: 5',
    '  start_period: 60s',
    '  start_interval: 2s',
    '',
    'services:',
    '  gateway:',
    '    <<: *buurtgraaf',
    '    command: ["gateway/main.js"]',
    '    environment:',
    '      GATEWAY_HOST: 0.0.0.0',
    '      GATEWAY_PORT: "4000"',
    '      GATEWAY_CONSUMERS_FILE: /run/secrets/consumers',
    ...partners.flatMap((p) => [
      `      SUBGRAPH_${p.envPrefix}_URL: http://${p.id}:${p.port}/graphql`,
      `      SUBGRAPH_${p.envPrefix}_SECRET_FILE: /run/secrets/${p.id}-secret`,
    ]),
    `    secrets: [${['consumers', ...partners.map((p) => `${p.id}-secret`)].join(', ')}]`,
    '    # Loopback only: put a TLS-terminating proxy in front before opening it to a network.',
    '    ports: ["127.0.0.1:${BUURTGRAAF_GATEWAY_PORT:-4000}:4000"]',
    `    networks: [${['edge', ...partners.map((p) => p.id)].join(', ')}]`,
    '    # Started after the partners, but not held back by one: a partner that is down or still',
    "    # loading is reported as PARTNER_UNAVAILABLE in the answers, and the others' figures arrive.",
    '    depends_on:',
    ...partners.map((p) => `      ${p.id}: { condition: service_started, required: false }`),
    '    healthcheck:',
    '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:4000/health/ready"]',
    '      interval: 10s',
    '      timeout: 3s',
    '      retries: 3',
    '      start_period: 30s',
    '      start_interval: 2s',
    '    deploy:',
    '      resources:',
    '        limits: { cpus: "1.0", memory: 1G }',
    ...partners.flatMap((p) => ['', ...partnerService(p)]),
    '',
    'networks:',
    '  edge: {}',
    ...partners.flatMap((p) => [
      `  ${p.id}: { internal: true }`,
      ...(p.keepsData ? [`  ${p.id}-db: { internal: true }`] : []),
    ]),
    '',
    'volumes:',
    ...data.map((p) => `  ${p.id}-data: {}`),
    '',
    "# Made by scripts/deploy-secrets.ts in docker/secrets/ (git-ignored). A partner's secret is mounted",
    '# in its subgraph and in the gateway, and nowhere else.',
    'secrets:',
    '  consumers: { file: ./secrets/consumers.json }',
    ...partners.flatMap((p) => [
      `  ${p.id}-secret: { file: ./secrets/${p.id}.secret }`,
      ...(p.keepsData
        ? [
            `  ${p.id}-db-password: { file: ./secrets/${p.id}-db-password }`,
            `  ${p.id}-database-url: { file: ./secrets/${p.id}-database-url }`,
          ]
        : []),
      ...pairFiles(p).map((file) => `  ${pairSecretName(p, file)}: { file: ./secrets/pairs/${p.id}/${file} }`),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

/** `care-wijkteam-pair-combiner` for care-wijkteam's file combiner.secret; `...-own-key` for own.key. */
const pairSecretName = (p: DeployPartner, file: string) =>
  `${p.id}-${file === 'own.key' ? 'own-key' : `pair-${file.replace(/\.secret$/, '')}`}`;

function pairEnvironment(p: DeployPartner): string[] {
  if (!p.secureSum) return [];
  return [
    '      # The secure sum of combined care counts: one secret per peer, exchanged at onboarding.',
    `      ${p.envPrefix}_PAIR_SECRETS_DIR: ${PAIRS_DIR.compose}`,
  ];
}

/** Its secrets; a secure-sum party's pair secrets land as files of one folder, as the subgraph reads them. */
function secretsOf(p: DeployPartner, plain: string[]): string[] {
  if (!p.secureSum) return [`    secrets: [${plain.join(', ')}]`];
  return [
    '    secrets:',
    ...plain.map((name) => `      - ${name}`),
    ...pairFiles(p).map(
      (file) => `      - { source: ${pairSecretName(p, file)}, target: ${PAIRS_DIR.compose}/${file} }`,
    ),
  ];
}

function partnerService(p: DeployPartner): string[] {
  const health = [
    '    healthcheck:',
    '      <<: *subgraph-health',
    `      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:${p.port}/health/ready"]`,
  ];
  if (!p.keepsData) {
    return [
      `  # ${p.displayName}, kind ${p.kind}. Stateless: it derives its figures from fields the gateway passes in, so no database.`,
      `  ${p.id}:`,
      '    <<: *buurtgraaf',
      `    command: ["${p.entry}"]`,
      '    environment:',
      `      ${p.envPrefix}_HOST: 0.0.0.0`,
      `      ${p.envPrefix}_PORT: "${p.port}"`,
      ...(p.readsPartnerId ? [`      PARTNER_ID: ${p.id}`] : []),
      `      ${p.envPrefix}_GATEWAY_SECRET_FILE: /run/secrets/${p.id}-secret`,
      '      # Its audit records: the root file system is read-only, so they go to the container log.',
      `      ${p.envPrefix}_AUDIT_FILE: /dev/stdout`,
      ...pairEnvironment(p),
      ...secretsOf(p, [`${p.id}-secret`]),
      `    networks: [${p.id}]`,
      ...health,
      '      start_period: 30s',
      '    deploy:',
      '      resources:',
      '        limits: { cpus: "1.0", memory: 512M }',
    ];
  }
  return [
    `  # ${p.displayName}, kind ${p.kind}, over a PostgreSQL of its own.`,
    `  ${p.id}:`,
    '    <<: *buurtgraaf',
    `    command: ["${p.entry}"]`,
    '    environment:',
    `      ${p.envPrefix}_HOST: 0.0.0.0`,
    `      ${p.envPrefix}_PORT: "${p.port}"`,
    ...(p.readsPartnerId ? [`      PARTNER_ID: ${p.id}`] : []),
    `      # Read by docker/entrypoint.sh into ${p.envPrefix}_DATABASE_URL: the URL holds the password.`,
    `      ${p.envPrefix}_DATABASE_URL_FILE: /run/secrets/${p.id}-database-url`,
    `      ${p.envPrefix}_GATEWAY_SECRET_FILE: /run/secrets/${p.id}-secret`,
    "      # demo: load this partner's share of the Utrecht demo data into an empty database.",
    '      # BUURTGRAAF_SEED=none starts empty, for data of your own (npm run load).',
    `      ${p.envPrefix}_SEED: \${BUURTGRAAF_SEED:-demo}`,
    ...pairEnvironment(p),
    ...secretsOf(p, [`${p.id}-database-url`, `${p.id}-secret`]),
    `    networks: [${p.id}, ${p.id}-db]`,
    '    depends_on:',
    `      ${p.id}-db: { condition: service_healthy }`,
    ...health,
    '    deploy:',
    '      resources:',
    '        limits: { cpus: "1.0", memory: 1G }',
    `  ${p.id}-db:`,
    '    <<: *postgres',
    '    environment:',
    `      POSTGRES_USER: ${p.databaseName}`,
    `      POSTGRES_DB: ${p.databaseName}`,
    `      POSTGRES_PASSWORD_FILE: /run/secrets/${p.id}-db-password`,
    `    secrets: [${p.id}-db-password]`,
    `    volumes: ["${p.id}-data:/var/lib/postgresql/data"]`,
    `    networks: [${p.id}-db]`,
    '    healthcheck: *postgres-health',
  ];
}
