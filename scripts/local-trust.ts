import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashApiKey } from '../gateway/trust/consumers';

/**
 * Keys for the local federation of `npm start`, made once in .data/trust and reused: a secret
 * per partner shared with the gateway, and a demo consumer with an API key. A real deployment
 * makes its own (see README, "Trust model"); these files never leave the machine.
 */
export const DEMO_PURPOSE = 'neighbourhood-planning';

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
        'neighbourhood-planning': 'Deciding together what a neighbourhood needs, such as the new use of a vacant building.',
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
