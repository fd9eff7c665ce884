import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@buurtgraaf/platform';
import type { PairSecrets } from './masks';

/**
 * A party's pair secrets, one file per peer in one directory (`care-wijkteam.secret`, made at
 * onboarding like the gateway secrets and exchanged with that peer only), plus, for a care
 * provider, `own.key`: the key of its own perturbation, which it shares with nobody.
 * Every peer must have a secret of at least 32 characters and no two peers the same one; a file
 * for a partner not in the partners file stops start-up too, so a provider that left is noticed.
 */
export function loadPairSecrets(
  variable: string,
  dir: string,
  self: string,
  peers: readonly string[],
  ownKey: boolean,
): PairSecrets & { ownKey: string | null } {
  const problems: string[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ConfigError([`${variable}: ${dir} is not a directory`]);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8').trim();
  const secrets = new Map<string, string>();
  for (const peer of peers) {
    const file = `${peer}.secret`;
    if (!existsSync(join(dir, file))) {
      problems.push(`${variable}: no ${file} (the secret ${self} shares with ${peer})`);
      continue;
    }
    const secret = read(file);
    if (secret.length < 32) problems.push(`${variable}: the secret in ${file} must be at least 32 characters`);
    secrets.set(peer, secret);
  }
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.secret') && !peers.includes(file.slice(0, -'.secret'.length))) {
      problems.push(
        `${variable}: ${file} names no other party of the secure sum in the partners file; remove it when that partner has left`,
      );
    }
  }
  if (new Set(secrets.values()).size < secrets.size)
    problems.push(`${variable}: two peers have the same secret; every pair needs its own`);
  let own: string | null = null;
  if (ownKey) {
    if (!existsSync(join(dir, 'own.key')))
      problems.push(`${variable}: no own.key (the key of this provider's own perturbation, shared with nobody)`);
    else if ((own = read('own.key')).length < 32)
      problems.push(`${variable}: the key in own.key must be at least 32 characters`);
    if (own !== null && [...secrets.values()].includes(own))
      problems.push(`${variable}: own.key must not equal a pair secret`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { self, peers: secrets, ownKey: own };
}

/** The parties of the care secure sum: every care provider of the partners file, and the combiner. */
export const careParties = (partners: readonly { id: string; kind: string }[]) =>
  partners.filter((partner) => partner.kind === 'care' || partner.kind === 'combiner').map((partner) => partner.id);
