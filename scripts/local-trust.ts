import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvDoc } from '@buurtgraaf/platform';
import { hashApiKey } from '@buurtgraaf/protocol';

/**
 * Keys for the local federation of `npm start`, made once in .data/trust and reused: a secret
 * per partner shared with the gateway, and a demo consumer with an API key. A real deployment
 * makes its own (see README, "Trust model"); these files never leave the machine.
 */
export const DEMO_PURPOSE = 'neighbourhood-planning';

/** Read by `npm start` (scripts/start-local.ts), for the configuration reference. */
export const LOCAL_ENV: readonly EnvDoc[] = [
  {
    name: 'LOCAL_TRUST_DIR',
    shownDefault: '`.data/trust`',
    description: "`npm start` only: where it keeps the local federation's secrets, pair secrets and demo consumer",
  },
];

export interface LocalTrust {
  apiKey: string;
  consumersFile: string;
  secretFiles: Record<string, string>;
}

export function ensureLocalTrust(dir: string, partners: readonly string[]): LocalTrust {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secretFiles = Object.fromEntries(partners.map((name) => [name, join(dir, `${name}.secret`)]));
  for (const file of Object.values(secretFiles)) {
    if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  const keyFile = join(dir, 'demo-api-key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  const apiKey = readFileSync(keyFile, 'utf8').trim();
  const consumersFile = join(dir, 'consumers.json');
  if (!existsSync(consumersFile)) {
    const consumers = {
      purposes: {
        'neighbourhood-planning':
          'Deciding together what a neighbourhood needs, such as the new use of a vacant building.',
        'care-planning': 'Planning care capacity per neighbourhood.',
        'public-information': 'Showing figures that are already public (CBS).',
      },
      consumers: [
        {
          id: 'demo-analyst',
          organisation: 'demo-gemeente',
          roles: ['analyst', 'developer'],
          purposes: ['neighbourhood-planning', 'care-planning'],
          apiKeySha256: hashApiKey(apiKey),
        },
      ],
    };
    writeFileSync(consumersFile, `${JSON.stringify(consumers, null, 2)}\n`, { mode: 0o600 });
  }
  return { apiKey, consumersFile, secretFiles };
}

/**
 * The secure sum's pair secrets (kit/secure-sum): a folder per party (every care provider and the
 * combiner) with one `<peer>.secret` per other party, the same secret in both folders of a pair,
 * and a provider's `own.key` for its own noise. Made once and reused; a secret for a partner no
 * longer in the partners file is removed (the parties refuse to start with one). Returns each
 * party's folder, for its <ID>_PAIR_SECRETS_DIR.
 */
export function ensurePairSecrets(
  dir: string,
  parties: readonly { id: string; kind: string }[],
): Record<string, string> {
  const ids = parties.map((party) => party.id);
  const dirs = Object.fromEntries(ids.map((id) => [id, join(dir, id)]));
  for (const party of parties) {
    const own = dirs[party.id]!;
    mkdirSync(own, { recursive: true, mode: 0o700 });
    for (const file of readdirSync(own)) {
      if (file.endsWith('.secret') && !ids.includes(file.slice(0, -'.secret'.length))) rmSync(join(own, file));
    }
    if (party.kind === 'care' && !existsSync(join(own, 'own.key')))
      writeFileSync(join(own, 'own.key'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  for (const [index, a] of ids.entries()) {
    for (const b of ids.slice(index + 1)) {
      const ab = join(dirs[a]!, `${b}.secret`);
      const ba = join(dirs[b]!, `${a}.secret`);
      const existing = existsSync(ab) && existsSync(ba) && readFileSync(ab, 'utf8') === readFileSync(ba, 'utf8');
      if (existing) continue;
      const secret = `${randomBytes(32).toString('hex')}\n`;
      writeFileSync(ab, secret, { mode: 0o600 });
      writeFileSync(ba, secret, { mode: 0o600 });
    }
  }
  return dirs;
}
