import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey, type RequestContext, envPrefix } from '@buurtgraaf/protocol';
import { ensurePairSecrets } from '../../scripts/local-trust';

/** Demo consumers every test federation knows, with their API keys in clear for the tests. */
export const CONSUMERS = {
  analyst: {
    key: 'test-key-analyst-0123456789abcdef',
    organisation: 'gemeente-utrecht',
    roles: ['analyst'],
    purposes: ['neighbourhood-planning'],
  },
  developer: {
    key: 'test-key-developer-0123456789abcd',
    organisation: 'gemeente-utrecht',
    roles: ['developer', 'analyst'],
    purposes: ['neighbourhood-planning'],
  },
  viewer: {
    key: 'test-key-viewer-0123456789abcdefg',
    organisation: 'woonbond',
    roles: ['viewer'],
    purposes: ['public-information', 'neighbourhood-planning'],
  },
  trusted: {
    key: 'test-key-trusted-0123456789abcdef',
    organisation: 'gemeente-utrecht',
    roles: ['trusted-caller', 'analyst'],
    purposes: ['neighbourhood-planning'],
  },
} as const;
export type ConsumerName = keyof typeof CONSUMERS;

export const PURPOSES = {
  'neighbourhood-planning': 'Deciding together what a neighbourhood needs.',
  'care-planning': 'Planning care capacity.',
  'public-information': 'Publishing figures that are already public.',
};

export const headersFor = (name: ConsumerName, purpose: string = CONSUMERS[name].purposes.at(-1) ?? '') => ({
  'x-api-key': CONSUMERS[name].key,
  'x-purpose': purpose,
});

/** The context the gateway would forward for the analyst; for calling a subgraph directly. */
export const ANALYST_CONTEXT: RequestContext = {
  transactionId: 'test-transaction-0001',
  consumer: 'analyst',
  organisation: CONSUMERS.analyst.organisation,
  roles: [...CONSUMERS.analyst.roles],
  purpose: 'neighbourhood-planning',
  operationName: null,
  documentHash: null,
};

export interface TrustFiles {
  dir: string;
  consumersFile: string;
  secretFiles: Record<string, string>;
  secrets: Record<string, string>;
}

/** Writes fresh secrets and a consumers file to a temp folder, as an operator would. */
export function createTrustFiles(partners: readonly string[], extra: Record<string, unknown> = {}): TrustFiles {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-trust-'));
  const secrets: Record<string, string> = {};
  const secretFiles: Record<string, string> = {};
  for (const partner of partners) {
    secrets[partner] = randomBytes(32).toString('hex');
    secretFiles[partner] = join(dir, `${partner}.secret`);
    writeFileSync(secretFiles[partner], `${secrets[partner]}\n`);
  }
  const consumersFile = join(dir, 'consumers.json');
  const consumers = Object.entries(CONSUMERS).map(([id, c]) => ({
    id,
    organisation: c.organisation,
    roles: c.roles,
    purposes: c.purposes,
    apiKeySha256: hashApiKey(c.key),
  }));
  writeFileSync(consumersFile, JSON.stringify({ purposes: PURPOSES, consumers, ...extra }, null, 2));
  return { dir, consumersFile, secretFiles, secrets };
}

/**
 * The secure sum's pair secrets for every care provider and the combiner of a partners file, in a
 * `pairs` folder under `dir`, as <ID>_PAIR_SECRETS_DIR settings (scripts/local-trust.ts makes them).
 */
export function pairSecretsEnv(
  dir: string,
  partners: readonly { name: string; kind: string }[],
): Record<string, string> {
  const parties = partners
    .filter(({ kind }) => kind === 'care' || kind === 'combiner')
    .map(({ name, kind }) => ({ id: name, kind }));
  const dirs = ensurePairSecrets(join(dir, 'pairs'), parties);
  return Object.fromEntries(Object.entries(dirs).map(([id, folder]) => [`${envPrefix(id)}_PAIR_SECRETS_DIR`, folder]));
}
